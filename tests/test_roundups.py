"""Round-ups and templated reports: what each article's words say about the story it can share."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphx.roundups import (
    StoryText,
    figures,
    find_roundups,
    has_roundup_hint,
    headline,
    is_live_stream,
    is_templated,
    lists_items,
    lists_several,
    matching_figures,
    retitled,
    roundup_words,
    series,
    shared_openings,
    slug_words,
    title_day,
    url_day,
)


@pytest.mark.parametrize(("title", "templated"), [
    ("Oregon reports 2 new deaths, 70 new cases of coronavirus", True),
    ("Nova Scotia reports seven new cases of COVID-19", True),
    ("Coronavirus cases in Canada near 65K as total deaths surpass 4,400", True),
    ("34 test positive in National Frozen Foods outbreak", True),
    ("Japan authorises remdesivir to help COVID-19 patients", False),  # COVID-19 counts nothing
    ("One million COVID-19 test done in Canada", False),
    ("Texas salon owner released from jail", False),
])
def test_templated_reports_are_titles_that_report_figures(title, templated):
    assert is_templated(title) is templated


def test_figures_days_and_items():
    assert figures("COVID-19: four deaths, 2,850 cases in 2020") == {"4", "2850"}
    assert title_day("Oregon coronavirus updates, May 6: Polk County death") == "d6"
    assert title_day("Wednesday coronavirus updates") == "wwednes"
    assert title_day("Trump valet tests positive") == ""
    assert url_day("https://x.org/live-updates-oregon-covid-19-may-6/") == "d6"
    assert url_day("https://theguardian.com/world/live/2020/may/07/coronavirus-live") == "d7"
    assert lists_items("Live updates: Trump vows to end Obamacare; deaths pass 73,000 in U.S.")
    assert not lists_items("Malaysia reports 45 new cases; one death")


@pytest.mark.parametrize(("text", "found"), [
    ("U.S. death toll tops 73,000, as Trump shelves the guide", {"73000"}),  # a comma after it
    ("Cases in Singapore Exceed 20K, Highest in Southeast Asia", {"20000"}),
    ("Twenty-five new cases of COVID-19 in Saskatchewan", {"25"}),  # not "five"
    ("741 new COVID-19 cases in Singapore on May 7", {"741"}),  # the date is no figure
    ("Gov to speak at 1:30 p.m. on 7 May", set()),
    ("Germany's cases rise by 1,209 to 167,300", {"1209", "167300"}),
    # An ordinal count is the tally it makes ("death toll rises to 4"); other ordinals no figure.
    ("Fourth death blamed on Hurricane Delia as fumes kill man", {"4"}),
    ("County confirms its 21st coronavirus case", {"21"}),
    ("First time in years the fair is off", set()),
    # A year is no figure, whichever year ("Oscars 2024" beside its copies "Oscars 2024");
    # a count written with a comma is one.
    ("Oscars 2024: Oppenheimer wins best picture", set()),
    ("Euro 2028 hosts named; 1999 winners honoured", set()),
    ("2,024 new cases in the state", {"2024"}),
])
def test_figures_as_reports_write_them(text, found):
    assert figures(text) == found


def test_a_figure_written_round_matches_the_exact_one():
    exact = figures("Oklahoma death toll rises to 253; 4,201 total positive cases")
    rounded = figures("Oklahoma cases top 4,200, deaths surpass 250")
    assert matching_figures(exact, rounded) == matching_figures(rounded, exact) == 2
    assert matching_figures(figures("72 new cases"), figures("70 new cases")) == 0  # not round
    assert matching_figures(figures("1,400 deaths"), figures("1,000 deaths")) == 0  # too far
    assert matching_figures(figures("13,938 cases"), figures("nears 14,000 cases")) == 1


@pytest.mark.parametrize(("title", "url", "hint"), [
    ("The Latest: Tokyo Olympics unrealistic without a vaccine?", "", True),
    ("Coronavirus live updates: Texans at Chiefs to open season", "", True),
    ("Danbury, CT Coronavirus Updates & News For May 7", "", True),
    ("70 New Confirmed Coronavirus Cases In Oregon", "https://opb.org/live-updates-may-6/", True),
    ("Texas salon owner released from jail", "https://x.com/texas-salon", False),
])
def test_roundup_hints(title, url, hint):
    assert has_roundup_hint(title, url) is hint


def test_titles_of_three_items_and_live_streams():
    assert has_roundup_hint("Ontario extends hydro rates; LCBO to expand hours; BMO Field to "
                            "make meals")
    assert not has_roundup_hint("Coronavirus: 826 new cases statewide; 8 in Volusia; 3 in Flagler")
    assert not lists_items("Dairy Flavors Market by Flavor Type ; Form ; Application")
    assert is_live_stream("WATCH LIVE AT 1:30: Gov to speak in Texarkana")
    assert is_live_stream("LIVE: Gov. Beshear gives update on COVID-19 in Kentucky")
    assert not is_live_stream("LIVE UPDATES: Coronavirus in Pennsylvania")
    assert not is_live_stream("Watch: Iowa Gov. Kim Reynolds holding news conference")
    titles = ["The American South: 5 COVID-19 stories to read today",
              "What to know about 5 things Kawasaki disease does"]  # one topic's explainer
    assert roundup_words(titles, ["", ""], [False, False], ["", ""]) == ([True, True],
                                                                         [True, False])


@pytest.mark.parametrize(("title", "listed"), [
    # A casualty toll beside an explainer's or a live page's own words is one event's report:
    # neither the toll nor "what we know" is an item of a list.
    ("Easton mall shooting: 8 dead, 11 hurt; what we know", False),
    ("Bus crash: 3 killed, 5 injured; live updates", False),
    ("Warehouse fire: 2 dead, dozens hurt; what you need to know", False),
    ("Storm: at least 4 people killed and 20 injured; latest updates", False),
    ("Hotel fire: 6 dead, 9 missing; suspect named as night porter", False),
    # ... while two items of news are still listed, whatever else the title gives.
    ("Live updates: Trump vows to end Obamacare; deaths pass 73,000 in U.S.", True),
    ("Flood: 8 dead, 11 hurt; Governor declares emergency; schools stay shut", True),
    ("Briefing: Valet tests positive; Trump tests negative", True),
])
def test_a_toll_and_the_page_kind_are_no_listed_items(title, listed):
    assert lists_items(title) is listed
    hint, several = roundup_words([title], [""], [False], [""])
    assert hint == [True] or not listed
    assert several == [listed and hint[0]]


def test_series_and_headlines():
    assert series("The Latest: NHL offered place to play") == "the latest"
    assert series("Coronavirus live updates: Moderna vaccine") == "coronavirus live updates"
    assert series("Coronavirus in Arkansas: casinos can reopen") == ""  # no round-up words
    assert headline("The Latest: NHL offered place to play | Charlotte Observer") == (
        "NHL offered place to play")
    assert headline("Coronavirus in Arkansas: casinos") == "Coronavirus in Arkansas: casinos"


def test_a_page_retitled_names_another_headline_in_its_address():
    url = "https://x.com/sports/the-latest-mls-player-on-quarantine-after-breaking-protocol/2020/"
    assert slug_words(url) >= {"player", "quarantine", "breaking", "protocol"}
    assert retitled("The Latest: Peach Bowl gives $1.09M for Georgia screenings", url)
    assert not retitled("The Latest: MLS player on quarantine after breaking protocol", url)
    assert not retitled("The Latest: Peach Bowl gives $1.09M", "https://apnews.com/44b4f8b1927")
    # The same address reissued under another headline.
    assert retitled("Oregon updates May 6: PPS to furlough staff", "https://x.com/a",
                    ["Oregon updates May 6: Health officials release case count by ZIP code"])


def test_a_series_of_live_file_pages_is_round_ups_though_each_shows_one_item():
    titles = ["The Latest: NHL offered place to play in British Columbia",  # one item shown
              "The Latest: Tokyo governor calls to extend emergency",  # its standing text shared
              "The Latest: French vacationers warned not to travel",
              "Coronavirus Update: 138 employees at meat plant test positive",  # a section's
              "Coronavirus Update: Alameda County Fair canceled",  # name, no page proven
              "Watch live: Missouri governor gives briefing Thursday"]  # a stream, one event
    shared = [False, True, True, False, False, False]
    hint, several = roundup_words(titles, [""] * 6, shared, [""] * 6)
    assert hint == [True] * 6
    assert several == [True, True, True, False, False, False]
    # Without a page of the series proven to cover several stories, none is.
    assert roundup_words(titles[:1], [""], [False], [""])[1] == [False]


def test_a_series_standing_opening_is_told_from_wire_copies():
    standing = "The Latest on the coronavirus pandemic. The new coronavirus causes mild symptoms."
    wire = "Moderna said on Thursday that regulators cleared a mid-stage trial of its vaccine."
    texts = [standing, standing, wire, wire]
    titles = ["The Latest: Tyson to reopen Iowa plant", "The Latest: Tokyo governor extends",
              "Moderna cleared for Phase 2 vaccine trial", "FDA clears Moderna vaccine trial"]
    assert shared_openings(texts, titles) == [True, True, False, False]


def reports() -> tuple[nx.MultiDiGraph, list[str]]:
    """Daily figures: Oregon on 6 May (two outlets), Oregon on 7 May, Malaysia on 6 May."""
    G = nx.MultiDiGraph()
    rows = [
        ("a", "Oregon reports 2 new deaths, 70 new cases", "2020-05-06T18:33:00Z"),
        ("b", "Oregon reports 2 new deaths, 70 new cases of coronavirus", "2020-05-06T20:28:00Z"),
        ("c", "Oregon reports 6 new deaths, 71 new cases", "2020-05-07T22:29:00Z"),
        ("d", "Malaysia reports 2 new deaths, 70 new cases", "2020-05-06T19:00:00Z"),
        ("e", "Oregon governor to reopen state parks", "2020-05-06T19:00:00Z"),
    ]
    for key, title, published in rows:
        G.add_node(f"article:{key}", kind="article", title=title, excerpt="", url=f"https://{key}",
                   published=published)
    G.add_node("article:prose", kind="article", title="",
               excerpt="Officials in Oregon and in Malaysia said new cases fell on Friday.",
               url="", published="")
    return G, sorted(n for n, k in G.nodes(data="kind") if k == "article")


def test_templated_reports_are_one_story_by_place_and_day():
    G, articles = reports()
    text = StoryText(G, articles)
    at = {a.split(":")[1]: i for i, a in enumerate(articles)}
    assert text.same_story(at["a"], at["b"])  # Oregon, 6 May, same figures
    assert not text.same_story(at["a"], at["c"])  # Oregon, next day's figures
    assert not text.same_story(at["a"], at["d"])  # same figures, Malaysia
    assert not text.same_story(at["a"], at["e"])  # Oregon, but not the figures


def test_one_days_report_written_from_other_figures_is_one_story():
    G = nx.MultiDiGraph()
    rows = [
        ("a", "Coronavirus In Minnesota: 786 New COVID-19 Cases As Death Toll Breaks 500",
         "2020-05-07T16:07:00Z", ""),
        ("b", "Coronavirus update: 23 more deaths as Minnesota crosses 500 threshold",
         "2020-05-07T16:18:00Z", ""),
        ("c", "Minnesota reports 26 more COVID-19 deaths, 198 in ICU", "2020-05-08T16:26:00Z", ""),
        ("d", "4 more die from coronavirus in Nebraska, raising total to 86",
         "2020-05-07T22:46:00Z", "g:nebraska"),
        ("e", "4 More Die From Coronavirus in Nebraska, Raising Total to 86",
         "2020-05-09T00:32:00Z", "g:nebraska"),  # the wire copy, republished 26 h later
        ("f", "Nebraska reports 3 more deaths, total 89", "2020-05-09T00:40:00Z", "g:nebraska"),
    ]
    for key, title, published, group in rows:
        G.add_node(f"article:{key}", kind="article", title=title, excerpt="", url="",
                   published=published, group=group)
    G.add_node("article:prose", kind="article", title="", url="", published="",
               excerpt="Officials in Minnesota and in Nebraska said deaths rose on Friday.")
    articles = sorted(G)
    text = StoryText(G, articles)
    at = {a.split(":")[1]: i for i, a in enumerate(articles)}
    assert text.same_story(at["a"], at["b"])  # minutes apart, 500 in both
    assert not text.same_story(at["a"], at["c"])  # the next day's figures
    assert text.same_story(at["d"], at["e"])  # a syndicated copy of the same figures
    assert not text.same_story(at["e"], at["f"])  # a copy's group, other figures


def test_a_count_given_as_an_ordinal_is_the_tallys_figure():
    # NOLA.com's "Fourth death blamed on Hurricane Delia", the story's first report, was cut
    # from AP's and CBS's "death toll rises to 4" (a templated report joins only reports of
    # the same figures), though each listed the other as related.
    G = nx.MultiDiGraph()
    for key, title, published in (
            ("a", "Fourth death blamed on Hurricane Delia as generator fumes kill Lake Charles "
                  "man", "2026-09-16T09:40:00Z"),
            ("b", "Delia death toll rises to 4 in Louisiana as search continues",
             "2026-09-16T10:00:00Z"),
            ("c", "Fifth death blamed on Hurricane Delia in Lake Charles", "2026-09-16T20:00:00Z")):
        G.add_node(f"article:{key}", kind="article", title=title, excerpt="", url="",
                   published=published, group="")
    articles = sorted(G)
    text = StoryText(G, articles)
    assert text.same_story(0, 1)
    assert not text.same_story(1, 2)  # the toll's next figure is the next report


def test_titles_naming_different_days_or_places_are_not_one_story():
    G = nx.MultiDiGraph()
    for key, title in (("a", "Manitoba to give update Thursday afternoon"),
                       ("b", "Manitoba to give update Friday afternoon"),
                       ("c", "Alberta to give update Thursday afternoon"),
                       ("d", "Update on Thursday afternoon")):
        G.add_node(f"article:{key}", kind="article", title=title, excerpt="", url="",
                   published="")
    G.add_node("article:z", kind="article", title="", url="", published="",
               excerpt="Officials in Manitoba and in Alberta gave an update.")
    articles = sorted(G)
    text = StoryText(G, articles)
    assert not text.same_story(0, 1)  # other day
    assert not text.same_story(0, 2)  # other province
    assert text.same_story(0, 3)  # no name to disagree with


def test_roundups_are_found_by_where_their_evidence_points():
    # Article 0 links to two stories (1-2 and 3-4); article 5 to one; article 6 to two but
    # with no round-up hint; article 7 to none, but its words cover several stories.
    story_of = [-1, 0, 0, 1, 1, 2, -1, -1]
    neighbours = [{1: 1.0, 3: 1.0}, {}, {}, {}, {}, {1: 1.0, 2: 1.0}, {1: 1.0, 3: 0.5}, {}]
    hint = [True, False, False, False, False, True, False, True]
    several = [False] * 7 + [True]
    assert find_roundups(neighbours, story_of, hint, several) == {0, 7}
    # Without a hint it takes three stories, each with a fair share of the evidence.
    neighbours[6] = {1: 1.0, 3: 1.0, 5: 1.0}
    assert find_roundups(neighbours, story_of, hint, several) == {0, 6, 7}


@pytest.mark.parametrize(("title", "url", "several"), [
    # A digest's title listing three items with commas covers several stories ...
    ("Coronavirus at a glance: Moderna vaccine trial, UK lockdown extension, Tyson plant",
     "https://www.theguardian.com/world/2020/may/07/coronavirus-news-thursday", True),
    ("Morning briefing: Moderna vaccine trial, UK lockdown extension, Tyson plant reopening",
     "https://e.com/a", True),
    ("Morning briefing: Moderna vaccine trial, UK lockdown extension and Tyson plant reopens",
     "https://e.com/d", True),
    ("Morning Briefing \u2014 Moderna vaccine trial, UK lockdown extension, Tyson plant",
     "https://e.com/e", True),
    ("5 things to know today: Moderna vaccine, jobs report, Kraftwerk, meat plants, "
     "Mother's Day", "https://www.usatoday.com/story/news/2020/05/07/5-things-know-today", True),
    ("Three things you need to know: beaches reopen, school plans, mask rules",
     "https://e.com/g", True),
    # ... a sentence's commas do not, nor do single words listed, nor one subject's things.
    ("5 things to know about the Moderna vaccine trial", "https://e.com/h", False),
    ("Coronavirus Latest: Widow Of Lt. James Walker, Who Died Of COVID-19, Has Message",
     "https://e.com/b", False),
    ("Coronavirus briefing: Trump, Pence, and Fauci", "https://e.com/c", False),
    # An explainer's questions are one story's ("What to know about ...: who, when, how").
    ("What to know about the Moderna vaccine trial: who can enroll, when results come, how "
     "it works", "https://e.com/f", False),
])
def test_a_digest_listing_items_with_commas_covers_several_stories(title, url, several):
    hint, covers = roundup_words([title], [url], [False], [""])
    assert covers == [several]
    assert hint == [title.startswith(("Coronavirus at", "Morning", "Coronavirus briefing",
                                      "What to know", "5 things", "Three things"))]


def test_a_wire_services_version_label_is_no_figure():
    # "UPDATE 1-California predicts..." and "California predicts..." give the same figures.
    import networkx as nx

    G = nx.MultiDiGraph()
    for i, title in enumerate(("UPDATE 1-California predicts $54.3 billion budget deficit",
                               "California predicts $54.3 billion budget deficit")):
        G.add_node(f"article:r.com/{i}", kind="article", title=title, excerpt="")
    text = StoryText(G, ["article:r.com/0", "article:r.com/1"])
    assert text.figures(0) == text.figures(1) != frozenset()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([
    "WASHINGTON (AP) — The president said on Tuesday that the economy",
    "Get the latest news and updates on the coronavirus pandemic in your area today",
    "A wholly different opening of a text that no other text here shares at all"]),
    st.lists(st.sampled_from("alpha beta gamma delta epsilon zeta theta".split()),
             max_size=3)), max_size=12))
def test_shared_openings_is_the_pairwise_rule(pairs):
    # Every member was compared with every other (9,000,000 tests, 7 s, for one wire story
    # carried by 3,000 outlets); grouping members by their title's words gives the same.
    from collections import defaultdict

    from graphx.roundups import headline, opening, shared_openings, title_words

    texts = [text for text, _ in pairs]
    titles = [" ".join(words) for _, words in pairs]
    groups = defaultdict(list)
    for i, text in enumerate(texts):
        if opening(text):
            groups[opening(text)].append(i)
    expected = [False] * len(texts)
    for members in groups.values():
        words = {i: title_words(headline(titles[i])) for i in members}
        for i in members:
            expected[i] = any(not words[i] & words[j] for j in members if j != i)
    assert shared_openings(texts, titles) == expected


def _story_text(rows, prose=""):
    """StoryText over articles titled ``rows`` (key, title, excerpt), published one evening."""
    G = nx.MultiDiGraph()
    for key, title, excerpt in rows:
        G.add_node(f"article:{key}", kind="article", title=title, excerpt=excerpt, url="",
                   published="2026-11-04T02:00:00Z", provider="wire.example")
    G.add_node("article:prose", kind="article", title="", url="", published="", excerpt=prose)
    articles = sorted(G)
    return StoryText(G, articles), {a.split(":")[1]: i for i, a in enumerate(articles)}


def test_a_template_naming_one_body_filled_in_with_other_people_is_other_stories():
    # AP's race calls share "U.S. House" (every call names it) and differ in the winner,
    # the state and the district: ten races were one story.
    calls = [("a", "Race Call: Democrat Maria Lopez wins election to U.S. House in Ohio's "
                   "District 4.", "Democrat Maria Lopez won election to the U.S. House."),
             ("b", "Race Call: Republican Dan Whitaker wins election to U.S. House in "
                   "Iowa's District 2.", "Republican Dan Whitaker won election to the U.S. House."),
             ("c", "Race Call: Democrat Paula Brennan wins election to U.S. House in Maine's "
                   "District 1.", "Democrat Paula Brennan won election to the U.S. House."),
             ("d", "Projection: Republican Kim Ostrander holds State Senate seat for "
                   "Nevada Republicans", ""),
             ("e", "Projection: Democrat Lee Harmon holds State Senate seat for Nevada "
                   "Democrats", ""),
             ("f", "Projection: Republican Joe Varga holds State Senate seat for Utah "
                   "Republicans", ""),
             # the same race told another way: one story
             ("g", "Maria Lopez wins Ohio's 4th District, flipping the U.S. House seat", "")]
    text, at = _story_text(calls, "Voters in Ohio, Iowa and Maine elected members of the "
                                  "House, and Nevada and Utah of the Senate.")
    for x, y in ("ab", "ac", "bc", "de", "df", "ef"):
        assert text.filled_in(at[x], at[y]), (x, y)
        assert not text.same_story(at[x], at[y]), (x, y)
    assert not text.filled_in(at["a"], at["g"])
    assert text.same_story(at["a"], at["g"])


def test_a_template_filled_in_with_other_names_first_is_other_stories():
    # Zacks' "<Company> (<TICKER>) Q3 Earnings and Revenues Top Estimates", a sports page's
    # "<Team> vs. <Team> prediction, odds, ...": the name sits before the template's words.
    rows = [("a", "Acme Widgets (ACMW) Q2 Earnings and Revenues Beat Estimates", ""),
            ("b", "Globex Holdings (GLBX) Q2 Earnings and Revenues Beat Estimates", ""),
            ("c", "Initech (INTC) Q2 Earnings and Revenues Beat Estimates", ""),
            ("d", "Hawks vs. Bulls prediction, odds, line, tip time: NBA picks for March 3", ""),
            ("e", "Lakers vs. Celtics prediction, odds, line, tip time: NBA picks for March 3",
             ""),
            ("f", "Knicks vs. Heat prediction, odds, line, tip time: NBA picks for March 3", ""),
            # one company's result told by another outlet: one story
            ("g", "Acme Widgets beats estimates as Q2 earnings and revenues rise", "")]
    text, at = _story_text(rows, "Shares of Acme Widgets, Globex Holdings and Initech rose "
                                 "after the Hawks, the Lakers and the Knicks won.")
    for x, y in ("ab", "ac", "bc", "de", "df", "ef"):
        assert text.filled_in(at[x], at[y]), (x, y)
        assert not text.same_story(at[x], at[y]), (x, y)
    assert not text.filled_in(at["a"], at["g"])
    assert text.same_story(at["a"], at["g"])


def test_a_storys_own_copies_do_not_make_its_names_a_templates():
    # CNN's "Zoom calls, donuts ...: How an Olympic champion is observing Ramadan" in three
    # copies gave "Olympic" and "Ramadan" four headlines with the fourth outlet's "Dalilah
    # Muhammad: How the Olympic champion ...", more than "Zoom" (three): read as a template
    # filled in with other names, and the fourth report left covid's story. Here another
    # feature, with its copies.
    feature = "Zoom quizzes, baking and walks: How a Paralympic swimmer is observing Ramadan"
    rows = [("a", feature, ""), ("b", feature, ""), ("c", feature, ""),
            ("d", "Amira Haddad: How the Paralympic swimmer is observing Ramadan", "")]
    text, at = _story_text(rows, "During Ramadan the Paralympic swimmer Amira Haddad hosts "
                                 "Zoom quizzes for her club.")
    assert not text.filled_in(at["a"], at["d"])
    assert text.same_story(at["a"], at["d"])


def test_one_shared_name_beside_other_winners_and_places_is_no_story():
    # Georgia's loser Mike Collins and Maine's Susan Collins: "Collins" in both races' calls.
    rows = [("a", "Mills beats Collins in Maine as polls close", ""),
            ("b", "Ossoff defeats Collins in Georgia runoff", ""),
            ("c", "Harper edges Baker in Oregon governor race", ""),
            ("d", "Baker concedes to Delgado in Nevada governor race", ""),
            # one race told twice: one story
            ("e", "Collins concedes to Mills in Maine", ""),
            ("f", "Baker concedes Oregon race", ""),
            # one shared name beside one of its own each: left to the other rules
            ("g", "Harper visits Salem", ""),
            ("h", "Harper tours Portland", "")]
    text, at = _story_text(rows, "Voters in Maine, Georgia, Oregon and Nevada chose "
                                 "between Mills, Ossoff, Harper, Delgado and others.")
    for x, y in ("ab", "cd", "bc"):
        assert not text.names_agree(at[x], at[y]), (x, y)
        assert not text.same_story(at[x], at[y]), (x, y)
    for x, y in ("ae", "cf", "gh"):
        assert text.names_agree(at[x], at[y]), (x, y)


def _digest_day(*, linked: bool):
    """Three people's obituaries, three outlets each, linked among themselves, and a digest
    naming the three: linked to one obituary of each, or (``linked`` False) only alike in
    wording to them, as a similar index pairs a results page with each match's report."""
    G = nx.MultiDiGraph()

    def article(key, title, outlet, hour):
        node = f"article:{outlet}/{key}"
        G.add_node(node, kind="article", label=title, title=title, excerpt="",
                   url=f"https://{outlet}/{key}", published=f"2025-06-01T{hour:02d}:00:00Z",
                   provider=f"provider:{outlet}", provider_name=outlet.split(".")[0].title())
        return node

    people = {"Mara Quill": "poet", "Otto Brandt": "conductor", "Lena Sorvik": "skier"}
    stories = []
    for k, (person, role) in enumerate(people.items()):
        stories.append([article(f"{k}-{n}", title, outlet, 8 + k + n) for n, (outlet, title) in
                        enumerate([("wire.example", f"{person} dies at {80 + k}"),
                                   ("daily.example", f"{person} obituary"),
                                   ("times.example", f"{person}, the {role}, has died")])])
        for u, v in itertools.combinations(stories[-1], 2):
            G.add_edge(u, v, key="related", relation="related", count=1)
    digest = article("digest", "Notable deaths this week: Mara Quill, Otto Brandt, Lena Sorvik "
                               "and more", "wire.example", 20)
    for story in stories:
        if linked:
            G.add_edge(digest, story[0], key="related", relation="related", count=1)
        else:
            for v in story[:2]:
                G.add_edge(digest, v, key="similar", relation="similar", count=1, score=0.4,
                           syndicated=False)
    return G, stories, digest


@pytest.mark.parametrize("linked", [True, False])
def test_a_digest_naming_stories_otherwise_apart_is_a_roundup_not_their_glue(linked):
    # AP's "Notable deaths this weekend: A, B, C and more", linking each obituary, made the
    # three people's deaths one story: the first clustering held them together through the
    # digest itself, so its evidence pointed at one story and it was no round-up.
    from graphx.analysis import add_analysis, story_clusters
    G, stories, digest = _digest_day(linked=linked)
    assert lists_several(G.nodes[digest]["title"])
    clusters = story_clusters(G)
    assert sorted(map(sorted, (c - {digest} for c in clusters))) == sorted(map(sorted, stories))
    assert sum(digest in c for c in clusters) == 1  # attached to one of the stories it names
    add_analysis(G)
    assert G.nodes[digest]["roundup"] is True
    assert not any(G.nodes[n]["roundup"] for story in stories for n in story)


@pytest.mark.parametrize(("title", "listed"), [
    ("Notable deaths this weekend: Hal Brewster, Joan Vickery, Carlos Medeiros and more", True),
    ("Premier League results: Arsenal beat Chelsea, Liverpool win derby, Villa edge Newcastle",
     True),
    ("Ontario extends hydro rates; LCBO to expand hours; BMO Field repurposed", True),
    ("Hal Brewster, country singer of the open road, dies at 81", False),  # no list after a colon
    # Two items are a report's clauses as often as a digest's (covid's single reports), and a
    # figure's comma is no list's.
    ("Live updates: Trump vows to end Obamacare; deaths pass 73,000 in U.S.", False),
    ("Nueces County Health Director: 7 employees at STX Beef test positive for COVID-19;3 in "
     "ICU", False),
    ("Coronavirus in Louisiana: 41 more deaths, 253 more cases; see New Orleans-area data", False),
    ("Coronavirus: Over 1,000 CAF members sent to Quebec long-term care homes, more to come by "
     "mid-May", False),
    ("Easton mall shooting: 8 dead, 11 hurt; what we know", False),
    ("Arsenal beat Chelsea 3-1", False),
])
def test_headlines_listing_items(title, listed):
    assert lists_several(title) is listed


def test_a_listing_page_is_read_against_the_stories_told_without_it():
    # Article 0 lists items; in the first clustering it glued 1-2, 3-4 and 5-6 into story 0;
    # without it they are stories 0, 1 and 2, each with a link's weight, however unequal.
    story_of = [0] * 7
    neighbours = [{1: 1.0, 3: 1.0, 4: 1.0, 5: 0.4}, {}, {}, {}, {}, {}, {}]
    hint, several = [False] * 7, [False] * 7
    apart = [-1, 0, 0, 1, 1, 2, 2]
    assert find_roundups(neighbours, story_of, hint, several) == set()
    assert find_roundups(neighbours, story_of, hint, several, apart_of={0: apart}) == {0}
    assert find_roundups(neighbours, story_of, hint, several,
                         apart_of={0: [-1, 0, 0, 0, 0, 0, 0]}) == set()
    # Two stories reached are not three listed items' ("Stocks tumble: Dow, S&P 500 and
    # Nasdaq suffer steep losses" between two reports of one selloff), unless hinted.
    neighbours[0] = {1: 1.0, 3: 1.0}
    assert find_roundups(neighbours, story_of, hint, several, apart_of={0: apart}) == set()
    hint[0] = True
    assert find_roundups(neighbours, story_of, hint, several, apart_of={0: apart}) == {0}
