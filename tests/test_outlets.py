"""Outlet identity: platforms found from the data, newsrooms keyed by host, names a reader knows."""

import pytest

from graphx.outlets import Outlet, Outlets, clean_name, spellings
from graphx.records import Item
from graphx.urls import site_name, story_key


def item(url, domain, name=""):
    return Item(key=story_key(url), url=url, urls=(url,), provider_domain=domain,
                provider_name=name)


def outlets(*items):
    found = Outlets(items)
    return found, {found.key(i) for i in items}


def described(found, keys):
    return {k: (found.outlet(k).label, found.outlet(k).names, found.outlet(k).platform)
            for k in sorted(keys)}


def test_a_domain_whose_articles_all_live_on_one_subdomain_is_a_platform():
    found, keys = outlets(item("https://abcnews.go.com/US/a", "go.com", "ABC"),
                          item("https://abcnews.go.com/US/b", "go.com", "ABC"))
    # The host spells the brand and a word: "ABC" + abcnews = ABC News (also in the table).
    assert described(found, keys) == {
        "abcnews.go.com": ("ABC News", ("ABC", "ABC News"), "go.com")}


def test_one_subdomain_keeps_its_names_when_the_host_adds_nothing():
    found, keys = outlets(item("https://news.sky.com/story/1", "sky.com", "Sky News"),
                          item("https://news.yahoo.com/x", "yahoo.com", "Yahoo"))
    assert described(found, keys) == {
        "news.sky.com": ("Sky News", ("Sky News",), "sky.com"),
        "news.yahoo.com": ("Yahoo", ("Yahoo",), "yahoo.com")}


def test_stations_of_a_platform_are_named_by_brand_and_city_not_by_one_stations_name():
    wbz = "CBS Boston / WBZ"
    found, keys = outlets(item("https://denver.cbslocal.com/a", "cbslocal.com", wbz),
                          item("https://minnesota.cbslocal.com/b", "cbslocal.com", wbz),
                          item("https://boston.cbslocal.com/c", "cbslocal.com", wbz),
                          item("https://newyork.cbslocal.com/d", "cbslocal.com", "CBS New York"),
                          item("https://pittsburgh.cbslocal.com/e", "cbslocal.com",
                               "CBS Pittsburgh"))
    assert described(found, keys) == {
        "boston.cbslocal.com": ("CBS Boston", ("CBS Boston", wbz), "cbslocal.com"),
        "denver.cbslocal.com": ("CBS Denver", ("CBS Denver",), "cbslocal.com"),
        "minnesota.cbslocal.com": ("CBS Minnesota", ("CBS Minnesota",), "cbslocal.com"),
        "newyork.cbslocal.com": ("CBS New York", ("CBS New York",), "cbslocal.com"),
        "pittsburgh.cbslocal.com": ("CBS Pittsburgh", ("CBS Pittsburgh",), "cbslocal.com"),
    }


def test_regional_editions_keep_the_names_they_give():
    # "Yahoo News UK" spells news, a part of uk.news.yahoo.com: its own name, not the
    # news.yahoo.com newsroom's misapplied; nor is a name made of the host ("Yahoo Sgnews")
    # better than "Yahoo News Singapore".
    found, keys = outlets(
        item("https://news.yahoo.com/a", "yahoo.com", "Yahoo News"),
        item("https://uk.news.yahoo.com/b", "yahoo.com", "Yahoo News UK"),
        item("https://sg.news.yahoo.com/c", "yahoo.com", "Yahoo News Singapore"),
        item("https://ca.finance.yahoo.com/d", "yahoo.com", "Yahoo Finance Canada"))
    assert {k: found.outlet(k).label for k in keys} == {
        "news.yahoo.com": "Yahoo News", "uk.news.yahoo.com": "Yahoo News UK",
        "sg.news.yahoo.com": "Yahoo News Singapore",
        "ca.finance.yahoo.com": "Yahoo Finance Canada"}


def test_an_item_without_a_provider_domain_is_its_sites():
    # uk.reuters.com with no provider: Reuters (reuters.com), not a second outlet
    # "uk.reuters.com" or a second "Reuters" beside reuters.com.
    from graphx.fields import item_from_mapping
    from graphx.model import DEFAULT_LIMITS

    for provider in (None, "Reuters"):
        given = {"webUrl": "https://uk.reuters.com/article/x", "provider": provider}
        got, _, _ = item_from_mapping(given, limits=DEFAULT_LIMITS)
        assert got.provider_domain == "reuters.com"
    found, keys = outlets(got, item("https://www.reuters.com/article/y", "reuters.com",
                                    "Reuters"))
    assert keys == {"reuters.com"} and found.outlet("reuters.com").label == "Reuters"


def test_a_section_on_one_subdomain_stays_with_its_outlet():
    found, keys = outlets(item("https://www.usnews.com/a", "usnews.com", "U.S. News"),
                          item("https://money.usnews.com/b", "usnews.com", "U.S. News"))
    assert keys == {"usnews.com"} and found.platforms == set()


def test_a_subdomain_named_apart_from_its_domain_is_a_newsroom_of_its_own():
    found, keys = outlets(item("https://www.insider.com/a", "insider.com", "Insider"),
                          item("https://markets.insider.com/b", "insider.com", "Markets Insider"))
    assert described(found, keys) == {
        "insider.com": ("Insider", ("Insider",), "insider.com"),
        "markets.insider.com": ("Markets Insider", ("Markets Insider",), "insider.com")}


def test_a_host_outside_the_providers_domain_keeps_the_provider():
    # The aggregator files local outlets' stories under CNN live-blog URLs.
    found, keys = outlets(item("https://www.cnn.com/us/live-news/x/h_1", "wavy.com", "WAVY"),
                          item("https://www.wavy.com/news/y", "wavy.com", "WAVY"))
    assert keys == {"wavy.com"}


def test_names_are_decoded_and_a_url_is_no_name():
    found, keys = outlets(item("https://www.usnews.com/a", "usnews.com",
                               "U.S. News &amp; World Report"),
                          item("https://cnn.com/b", "cnn.com", "cnn.com/us/live-news/x/h_1"),
                          item("https://cnn.com/c", "cnn.com", "CNN"),
                          item("https://cnn.com/d", "cnn.com", "cnn.com/us/live-news/x/h_1"))
    assert described(found, keys) == {
        "cnn.com": ("CNN", ("CNN",), ""),
        "usnews.com": ("U.S. News & World Report", ("U.S. News & World Report",), "")}


def test_the_outlets_do_not_depend_on_the_order_of_the_items():
    items = [item(f"https://{city}.cbslocal.com/{n}", "cbslocal.com", name)
             for n, (city, name) in enumerate([("denver", "CBS Boston / WBZ"),
                                               ("boston", "CBS Boston / WBZ"),
                                               ("newyork", "CBS New York")])]
    one, two = Outlets(items), Outlets(items[::-1])
    assert [one.outlet(one.key(i)) for i in items] == [two.outlet(two.key(i)) for i in items]


@pytest.mark.parametrize(("name", "clean"), [
    ("  CBS   Boston / WBZ ", "CBS Boston / WBZ"),
    ("Pensions&amp;Investments", "Pensions&Investments"),
    ("A &#038; B", "A & B"), ("cnn.com/us/live-news", ""), ("", "")])
def test_clean_name(name, clean):
    assert clean_name(name) == clean


@pytest.mark.parametrize(("domain", "short"), [
    ("nytimes.com", "nytimes"), ("bbc.co.uk", "bbc"), ("abc.net.au", "abc"),
    ("go.com", "go"), ("example.de", "example"), ("co.uk", ""), ("localhost", "")])
def test_site_name(domain, short):
    assert site_name(domain) == short


def test_spellings():
    assert spellings("nytimes.com", "The New York Times", ["NYT"]) == [
        "nytimes.com", "The New York Times", "NYT", "nytimes", "New York Times"]
    # A newsroom on a platform is not named by its city alone, nor a 2-letter site.
    assert spellings("denver.cbslocal.com", "CBS Denver", [], "cbslocal.com") == [
        "denver.cbslocal.com", "CBS Denver", "cbslocal.com", "cbslocal"]
    assert spellings("abcnews.go.com", "ABC News", ["ABC"], "go.com") == [
        "abcnews.go.com", "ABC News", "ABC", "go.com"]


EDITIONS = [
    # Given names that carry the platform's brand beat names made of the host ("Reuters IN",
    # "CNN Edition"); editions with no name read from the platform out ("Yahoo News UK").
    ([("www.reuters.com", "Reuters"), ("in.reuters.com", "Reuters India"),
      ("uk.reuters.com", "Reuters UK")], "in.reuters.com", "Reuters India"),
    ([("www.cnn.com", "CNN"), ("edition.cnn.com", "CNN International"),
      ("money.cnn.com", "CNN Business")], "edition.cnn.com", "CNN International"),
    ([("news.yahoo.com", "Yahoo News"), ("ca.news.yahoo.com", "yahoo.com"),
      ("uk.news.yahoo.com", "yahoo.com")], "uk.news.yahoo.com", "Yahoo News UK"),
]


@pytest.mark.parametrize(("hosts", "key", "label"), EDITIONS)
def test_editions_keep_their_given_names_and_unnamed_ones_read_well(hosts, key, label):
    domain = ".".join(hosts[0][0].split(".")[-2:])
    found, keys = outlets(*(item(f"https://{h}/{i}", domain, n)
                            for i, (h, n) in enumerate(hosts)))
    assert found.outlet(key).label == label


def test_a_subdomain_with_no_name_of_its_own_is_not_named_apart():
    # An item with no provider on uk.reuters.com beside reuters.com's own: one outlet, not
    # a "Reuters UK" newsroom made because its only name was the domain itself.
    found, keys = outlets(item("https://www.reuters.com/a", "reuters.com", "Reuters"),
                          item("https://uk.reuters.com/b", "reuters.com", "reuters.com"))
    assert keys == {"reuters.com"}


SHARED_NAME = [
    # Local editions that all give one name are told apart by host.
    ("ctvnews.ca", "CTV News", {"toronto.ctvnews.ca": "CTV News Toronto",
                                "bc.ctvnews.ca": "CTV News BC", "www.ctvnews.ca": "CTV News"}),
    # Two newsrooms never share a name: news.yahoo.com keeps "Yahoo News", the UK edition
    # reads "Yahoo News UK", the bare domain (its given name another newsroom's) the brand.
    ("yahoo.com", "Yahoo News", {"uk.news.yahoo.com": "Yahoo News UK",
                                 "news.yahoo.com": "Yahoo News", "www.yahoo.com": "Yahoo"}),
]


@pytest.mark.parametrize(("domain", "name", "labels"), SHARED_NAME)
def test_editions_giving_one_name_are_told_apart(domain, name, labels):
    found, keys = outlets(*(item(f"https://{h}/{i}", domain, name)
                            for i, h in enumerate(labels)))
    assert {k: found.outlet(k).label for k in keys} == {
        h.removeprefix("www."): label for h, label in labels.items()}


def test_one_newsroom_on_two_domains_is_one_outlet_when_its_urls_say_so():
    # BBC's bbc.com articles give their AMP pages on bbc.co.uk: bbc.co.uk's own items are
    # the same newsroom's (they were a second outlet named BBC). The Stars of Toronto and
    # Malaysia share a name and no page: two outlets.
    from graphx.graph import build_graph

    def it(url, domain, name, urls=()):
        from graphx.urls import story_key

        return Item(key=story_key(url), url=url, urls=(url, *urls), title="t", path=url,
                    provider_domain=domain, provider_name=name)

    items = [it("https://www.bbc.com/news/a-1", "bbc.com", "BBC",
                urls=["https://www.bbc.co.uk/news/amp/a-1"]),
             it("https://www.bbc.com/news/b-2", "bbc.com", "BBC"),
             it("https://www.bbc.co.uk/news/c-3", "bbc.co.uk", "BBC"),
             it("https://www.thestar.com/x", "thestar.com", "The Star"),
             it("https://www.thestar.com.my/y", "thestar.com.my", "The Star")]
    outlets = Outlets(items)
    assert [outlets.key(i) for i in items] == ["bbc.com", "bbc.com", "bbc.com", "thestar.com",
                                               "thestar.com.my"]
    G = build_graph(items)
    assert sorted(n for n, k in G.nodes(data="kind") if k == "provider") == [
        "provider:bbc.com", "provider:thestar.com", "provider:thestar.com.my"]


def test_a_hosting_sites_copy_of_an_outlets_page_makes_the_two_no_one_outlet():
    # An MSN copy of Reuters' article (provider Reuters on msn.com, its originalUrl on
    # reuters.com) made msn.com Reuters' newsroom: The Washington Post's MSN copies became
    # Reuters', or, msn.com the larger, Reuters' own article msn.com's.
    def it(url, domain, name, urls=()):
        return Item(key=story_key(url), url=url, urls=(url, *urls), title="t", path=url,
                    provider_domain=domain, provider_name=name)

    reuters = [it(f"https://www.reuters.com/article/r-{k}", "reuters.com", "Reuters")
               for k in range(2)]
    msn = [it("https://www.msn.com/en-us/news/m-1", "msn.com", "Reuters",
              urls=["https://www.reuters.com/article/r-0"]),
           *(it(f"https://www.msn.com/en-us/news/w-{k}", "msn.com", "The Washington Post")
             for k in range(3))]
    found = Outlets([*reuters, *msn])
    assert [found.key(i) for i in reuters] == ["reuters.com"] * 2
    # Each copy is its publisher's: Reuters' is Reuters', the Post's (no page of its own
    # here) a newsroom of their own on msn.com, never Reuters'.
    assert [found.key(i) for i in msn] == ["reuters.com"] + ["msn.com/washingtonpost"] * 3
    assert found.outlet("msn.com/washingtonpost").label == "The Washington Post"


def test_a_sites_sections_and_editions_are_its_outlet_not_newsrooms_of_made_up_names():
    # money.usnews.com and health.usnews.com were "U.S. News & World Report Money" and
    # "... Health", edition.cnn.com "CNN Edition": names no one gave them.
    def it(url, domain, name):
        return Item(key=story_key(url), url=url, urls=(url,), title="t", path=url,
                    provider_domain=domain, provider_name=name)

    items = [it("https://www.usnews.com/a", "usnews.com", "U.S. News & World Report"),
             it("https://money.usnews.com/b", "usnews.com", "U.S. News & World Report"),
             it("https://health.usnews.com/c", "usnews.com", "U.S. News & World Report"),
             it("https://www.cnn.com/d", "cnn.com", "CNN"),
             it("https://edition.cnn.com/e", "cnn.com", "CNN"),
             it("https://us.cnn.com/f", "cnn.com", "CNN"),
             it("https://denver.cbslocal.com/g", "cbslocal.com", "CBS Denver"),
             it("https://boston.cbslocal.com/h", "cbslocal.com", "CBS Boston")]
    outlets = Outlets(items)
    keys = [outlets.key(i) for i in items]
    assert keys[:5] == ["usnews.com"] * 3 + ["cnn.com"] * 2
    assert {outlets.outlet(k).label for k in keys[:3]} == {"U.S. News & World Report"}
    assert keys[6:] == ["denver.cbslocal.com", "boston.cbslocal.com"]  # newsrooms stay


def test_a_domain_whose_items_name_publishers_sharing_nothing_is_named_by_itself():
    # medium.com items named "Alice Chen" and "Bob's Tech Notes": the outlet took Alice's
    # name, and "why" said Bob's posts were "published by Alice Chen".
    def it(url, name):
        return Item(key=story_key(url), url=url, urls=(url,), title="t", path=url,
                    provider_domain="medium.com", provider_name=name)

    posts = [it("https://medium.com/@alice/a", "Alice Chen"),
             it("https://medium.com/@bob/b", "Bob's Tech Notes"),
             it("https://medium.com/@bob/c", "Bob's Tech Notes")]
    outlets = Outlets(posts)
    # On a hosting site each writer is an outlet of their own (_is_repost).
    assert [outlets.outlet(outlets.key(i)).label for i in posts] == [
        "Alice Chen", "Bob's Tech Notes", "Bob's Tech Notes"]
    # A site that is no hosting one: its items' names sharing nothing name it by its domain.
    copies = Outlets([Item(key=f"copies.com/{k}", url=f"https://www.copies.com/{k}", urls=(),
                           title="t", path=str(k), provider_domain="copies.com",
                           provider_name=n)
                      for k, n in enumerate(["The Washington Post", "The Independent"] * 2)])
    assert copies.outlet("copies.com").label == "copies.com"
    # ... but when one of the names spells the site, that is the outlet's: nytimes.com's
    # "The Athletic" beside "The New York Times" (initials and words: n, y, times)
    for domain, names, label in (
            ("nytimes.com", ["The New York Times", "The Athletic"], "The New York Times"),
            ("wsj.com", ["The Wall Street Journal", "Barron's"], "The Wall Street Journal"),
            ("latimes.com", ["Los Angeles Times", "De Los"], "Los Angeles Times")):
        found = Outlets([Item(key=f"{domain}/{k}", url=f"https://www.{domain}/{k}", urls=(),
                              title="t", path=str(k), provider_domain=domain, provider_name=n)
                         for k, n in enumerate(names * 2)])
        assert found.outlet(domain).label == label
    # One newsroom's several names ("Reuters", "Thomson Reuters"; "TheHill", "The Hill"),
    # or one name most of the time, are still a name, and so are
    # a name and its initials ("AP", "Associated Press").
    for site, names in (("reuters.com", ["Reuters", "Thomson Reuters"]),
                        ("thehill.com", ["TheHill", "The Hill"]),
                        ("guardian.co.uk", ["Guardian"] * 4 + ["Observer"]),
                        ("apnews.com", ["AP", "Associated Press"]),
                        ("nytimes.com", ["NYT", "The New York Times"]),
                        ("welt.de", ["Die Welt", "WELT"])):
        found = Outlets([Item(key=f"{site}/{k}", url=f"https://{site}/{k}", urls=(), title="t",
                              path=str(k), provider_domain=site, provider_name=n)
                         for k, n in enumerate(names)])
        assert found.outlet(site).label in names


def test_a_service_filing_sites_of_its_own_gives_each_site_an_outlet():
    # Newsletters on their own domains filed under provider "Substack" (substack.com, where
    # none of them lives) were one outlet "Substack", found by none of their names.
    found, keys = outlets(
        item("https://popular.info/p/a", "substack.com", "Substack"),
        item("https://www.noahpinion.blog/p/b", "substack.com", "Substack"),
        item("https://www.noahpinion.blog/p/c", "substack.com", "Noahpinion"),
        item("https://www.slowboring.com/p/d", "substack.com", "Substack"))
    assert described(found, keys) == {
        "noahpinion.blog": ("Noahpinion", ("Noahpinion", "Substack", "substack.com"), ""),
        "popular.info": ("popular.info", ("Substack", "substack.com"), ""),
        "slowboring.com": ("slowboring.com", ("Substack", "substack.com"), "")}
    assert spellings("slowboring.com", "slowboring.com", ("Substack",))[:3] == [
        "slowboring.com", "Substack", "slowboring"]


@pytest.mark.parametrize("other", [
    "https://www.cnn.com/us/live-news/x",   # a site that is a provider of the corpus
    "https://ktla.com/news/y",               # one of its items on its own domain
])
def test_a_providers_stray_hosts_make_no_outlets_when_the_data_does_not_say(other):
    found, keys = outlets(item("https://www.cnn.com/us/live-news/a", "ktla.com", "KTLA"),
                          item("https://www.nbcnews.com/live/b", "ktla.com", "KTLA"),
                          item(other, "ktla.com", "KTLA"),
                          item("https://www.cnn.com/2020/05/06/c", "cnn.com", "CNN"))
    assert keys == {"ktla.com", "cnn.com"}


def test_newsrooms_under_paths_of_one_host_are_outlets_of_their_own():
    # CBS put its stations on cbsnews.com/newyork/, /chicago/: one outlet, named after one
    # station, answered for CBS News and for every other station.
    found, keys = outlets(
        item("https://www.cbsnews.com/news/storm-a/", "cbsnews.com", "CBS News"),
        item("https://www.cbsnews.com/news/storm-b/", "cbsnews.com", "CBS News"),
        item("https://www.cbsnews.com/news/storm-c/", "cbsnews.com", "CBS News"),
        item("https://www.cbsnews.com/newyork/news/a/", "cbsnews.com", "CBS New York"),
        item("https://www.cbsnews.com/newyork/news/b/", "cbsnews.com", "CBS New York"),
        item("https://www.cbsnews.com/chicago/news/c/", "cbsnews.com", "CBS Chicago"),
        item("https://www.cbsnews.com/2020/05/06/d/", "cbsnews.com", "CBS News"))
    assert {k: found.outlet(k).label for k in keys} == {
        "cbsnews.com": "CBS News", "cbsnews.com/newyork": "CBS New York",
        "cbsnews.com/chicago": "CBS Chicago"}
    # One name everywhere (sections of one newsroom) is one outlet, as before.
    found, keys = outlets(item("https://www.bbc.com/news/a", "bbc.com", "BBC"),
                          item("https://www.bbc.com/sport/b", "bbc.com", "BBC"))
    assert keys == {"bbc.com"}


def test_a_station_outnumbering_its_network_on_the_host_never_takes_the_hosts_name():
    # CBS Colorado's items (one named, one a related copy naming no provider) outnumbered
    # CBS News's one: the host was named "CBS Colorado", and /news/ made a newsroom "CBS
    # News" of its own. The host's own name is the one spelling it.
    found, keys = outlets(
        item("https://www.cbsnews.com/news/storm/", "cbsnews.com", "CBS News"),
        item("https://www.cbsnews.com/colorado/news/a/", "cbsnews.com", "CBS Colorado"),
        item("https://www.cbsnews.com/colorado/news/b/", "cbsnews.com", "CBS Colorado"),
        item("https://www.cbsnews.com/colorado/news/c/", "cbsnews.com", "cbsnews.com"))
    assert {k: found.outlet(k).label for k in keys} == {
        "cbsnews.com": "CBS News", "cbsnews.com/colorado": "CBS Colorado"}


def test_items_that_name_no_provider_never_outvote_the_name_others_give():
    # Three related copies with a URL alone (their name falls back to "reuters.com") made
    # Reuters' two own files "reuters.com" on the map, in report.md and in related.
    own = [item(f"https://www.reuters.com/article/{i}", "reuters.com", "Reuters") for i in "ab"]
    bare = [item(f"https://www.reuters.com/article/{i}", "reuters.com", "reuters.com")
            for i in "cde"]
    found, keys = outlets(*own, *bare)
    assert described(found, keys) == {"reuters.com": ("Reuters", ("Reuters",), "")}
    alone, keys = outlets(*bare)  # no name at all: the domain it is
    assert described(alone, keys) == {"reuters.com": ("reuters.com", (), "")}


def test_a_name_is_counted_whatever_its_case_and_a_tie_goes_to_the_domains_own_name():
    # "The Guardian" and "the Guardian" were two names, and "Guardian Australia" (one item
    # of that edition) won the tie alphabetically for the whole paper.
    guardian = [item("https://www.theguardian.com/world/a", "theguardian.com", "The Guardian"),
                item("https://www.theguardian.com/australia-news/b", "theguardian.com",
                     "Guardian Australia")]
    found, keys = outlets(*guardian)
    assert found.outlet("theguardian.com").label == "The Guardian"
    more = [item("https://www.theguardian.com/x/c", "theguardian.com", "the Guardian"),
            item("https://www.theguardian.com/x/d", "theguardian.com", "Guardian Australia")]
    found, keys = outlets(*guardian, *more)
    assert found.outlet("theguardian.com").label == "The Guardian"


def test_a_section_whose_items_spell_the_papers_name_in_another_case_is_no_newsroom():
    # "the Guardian" on a /uk-news/ item and "The Guardian" on an /environment/ one made
    # "theguardian.com/environment" a newsroom of its own.
    found, keys = outlets(
        item("https://www.theguardian.com/uk-news/a", "theguardian.com", "the Guardian"),
        item("https://www.theguardian.com/uk-news/b", "theguardian.com", "the Guardian"),
        item("https://www.theguardian.com/environment/c", "theguardian.com", "The Guardian"))
    assert keys == {"theguardian.com"}
    assert found.outlet("theguardian.com").label == "The Guardian"


def test_sections_on_subdomains_that_name_only_the_site_are_its_one_outlet():
    # KOMPAS.com files its desks on regional., nasional. and money.kompas.com, every item
    # naming the provider "KOMPAS.com": they were an outlet each ("KOMPAS.com
    # (regional.kompas.com)"), so one newsroom's story counted three outlets and took the
    # first-reporter credit under a host. Stations of a platform stay apart.
    found, keys = outlets(
        item("https://regional.kompas.com/read/2024/04/16/a", "kompas.com", "KOMPAS.com"),
        item("https://nasional.kompas.com/read/2024/04/17/b", "kompas.com", "KOMPAS.com"),
        item("https://money.kompas.com/read/2024/04/17/c", "kompas.com", "KOMPAS.com"),
        item("https://news.liputan6.com/read/d", "liputan6.com", "Liputan6.com"),
        item("https://bisnis.liputan6.com/read/e", "liputan6.com", ""),
        item("https://denver.cbslocal.com/f", "cbslocal.com", "CBS Denver"),
        item("https://boston.cbslocal.com/g", "cbslocal.com", "CBS Boston"),
        item("https://abcnews.go.com/US/h", "go.com", "ABC"))
    assert {k: found.outlet(k).label for k in keys} == {
        "kompas.com": "KOMPAS.com", "liputan6.com": "Liputan6.com",
        "denver.cbslocal.com": "CBS Denver", "boston.cbslocal.com": "CBS Boston",
        "abcnews.go.com": "ABC News"}
    assert found.platforms == {"cbslocal.com", "go.com"}
    # Items that give no name at all (the loader names them by the domain) say nothing of
    # desks: their hosts stay apart, and so do a hosting site's even when its name is given.
    found, keys = outlets(
        item("https://news0.example.com/a", "example.com", "example.com"),
        item("https://news1.example.com/b", "example.com", "example.com"),
        item("https://alice.substack.com/c", "substack.com", "Substack.com"),
        item("https://bob.substack.com/d", "substack.com", "Substack.com"))
    assert keys == {"news0.example.com", "news1.example.com", "alice.substack.com",
                    "bob.substack.com"}


@pytest.mark.parametrize(("domain", "name"), [
    ("thesouthafrican.com", "richest"),  # a word of a headline, sharing nothing with the site
    ("ogj.com", "Oil"),                  # the Oil & Gas Journal
    ("nowtoronto.com", "Now"),           # a generic word, a part of the site's name
    ("diverseeducation.com", "Education"),  # a part whose rest ("diverse") is no generic word
    ("nsnews.com", "News"),              # North Shore News
    ("pna.gov.ph", "Gov"),
])
def test_one_everyday_word_that_names_no_outlet_of_its_site_is_no_name(domain, name):
    # The aggregator's junk names became outlets' display names in the report and the map.
    found, keys = outlets(item(f"https://www.{domain}/news/a-1", domain, name),
                          item(f"https://www.{domain}/news/b-2", domain, name))
    assert described(found, keys) == {domain: (domain, (), "")}


@pytest.mark.parametrize(("domain", "name"), [
    ("reuters.com", "Reuters"), ("axios.com", "Axios"), ("politico.com", "Politico"),
    ("vox.com", "Vox"), ("slate.com", "Slate"), ("qz.com", "Quartz"), ("law360.com", "Law360"),
    ("time.com", "TIME"), ("fortune.com", "Fortune"), ("wired.com", "Wired"),
    ("vice.com", "Vice"), ("deadline.com", "Deadline"), ("law.com", "Law"),
    ("livemint.com", "Mint"), ("pastemagazine.com", "Paste"), ("vanguardngr.com", "Vanguard"),
    ("oregonlive.com", "Oregonian"), ("dqindia.com", "Dataquest"), ("inews.co.uk", "i"),
    ("13newsnow.com", "WVEC"), ("sharepointeurope.com", "SharePoint"),
    ("msn.com", "Reuters"),  # a hosting site's items name their publishers
    ("news.gallup.com", "Gallup"),
])
def test_a_one_word_name_of_the_site_stays_its_name(domain, name):
    found, keys = outlets(item(f"https://{domain}/news/a-1", domain, name))
    assert {found.outlet(k).label for k in keys} == {name}


def test_an_outlet_with_a_junk_name_beside_its_real_one_takes_the_real_one():
    found, keys = outlets(item("https://www.ogj.com/a-1", "ogj.com", "Oil"),
                          item("https://www.ogj.com/b-2", "ogj.com", "Oil"),
                          item("https://www.ogj.com/c-3", "ogj.com", "Oil & Gas Journal"))
    assert described(found, keys) == {"ogj.com": ("Oil & Gas Journal", ("Oil & Gas Journal",), "")}


@pytest.mark.parametrize("second", ["www2", "www3", "www10"])
def test_a_numbered_second_host_is_its_sites_newsroom_whatever_name_its_items_give(second):
    # www2.ktla.com's item named "KTLA" (the others "KTLA 5") made ktla.com a platform and
    # www2.ktla.com an outlet of its own, "KTLA Www2", credited with the first report.
    found, keys = outlets(item("https://ktla.com/news/a/", "ktla.com", "KTLA 5"),
                          item("https://ktla.com/news/b/", "ktla.com", "KTLA 5"),
                          item(f"https://{second}.ktla.com/news/c", "ktla.com", "KTLA"))
    assert keys == {"ktla.com"}
    assert found.outlet("ktla.com").label == "KTLA 5"
    # A numbered host of a platform is the platform's own site, not a newsroom on it.
    found, keys = outlets(item("https://denver.cbslocal.com/a", "cbslocal.com", "CBS Denver"),
                          item(f"https://{second}.cbslocal.com/b", "cbslocal.com", "CBS"))
    assert keys == {"denver.cbslocal.com", "cbslocal.com"}


@pytest.mark.parametrize("title", ["KTLA - Home", "KTLA | Home", "KTLA – Official Site",
                                   "KTLA | Home Page", "KTLA - Official Website"])
def test_a_page_titles_suffix_is_no_part_of_an_outlets_name(title):
    # Two items named "KTLA 5" and two "KTLA - Home" (the aggregator took a page's title):
    # the tie went to the title, and report.md credited "KTLA - Home".
    found, keys = outlets(item("https://ktla.com/news/a/", "ktla.com", "KTLA 5"),
                          item("https://ktla.com/news/b/", "ktla.com", "KTLA 5"),
                          item("https://ktla.com/news/c/", "ktla.com", title),
                          item("https://ktla.com/news/d/", "ktla.com", title))
    assert keys == {"ktla.com"}
    label = found.outlet("ktla.com").label
    assert label in ("KTLA", "KTLA 5") and clean_name(title) == "KTLA"
    # "Home" in a name is no suffix of a title ("Home Box Office", "Homes & Gardens - UK").
    assert clean_name("Better Homes - Homes") == "Better Homes - Homes"


def test_a_name_that_is_the_host_names_the_outlet_no_better_than_its_domain():
    # WRAL's one item, on m.wral.com, named "www.wral.com": shown as such beside its key.
    found, keys = outlets(item("https://m.wral.com/story/1/", "wral.com", "www.wral.com"))
    assert found.outlet("wral.com").label == "wral.com"
    found, keys = outlets(item("https://m.wral.com/story/1/", "wral.com", "www.wral.com"),
                          item("https://www.wral.com/story/2/", "wral.com", "WRAL"))
    assert found.outlet("wral.com").label == "WRAL"
    # A site's own name written like a domain is kept as written.
    assert clean_name("KOMPAS.com") == "KOMPAS.com"


@pytest.mark.parametrize("portal, host", [("msn.com", "www.msn.com"),
                                          ("yahoo.com", "news.yahoo.com"),
                                          ("aol.com", "www.aol.com")])
def test_a_portals_copies_are_credited_to_the_publisher_they_name(portal, host):
    # msn.com's copies of The Washington Post, Reuters and The Independent were one outlet
    # "msn.com", and `related "The Washington Post" --by outlet` answered with Reuters'.
    items = [item("https://www.washingtonpost.com/world/a/", "washingtonpost.com",
                  "The Washington Post"),
             item("https://www.reuters.com/world/b/", "reuters.com", "Reuters"),
             item(f"https://{host}/en-us/news/c", portal, "Washington Post"),
             item(f"https://{host}/en-gb/news/d", portal, "Reuters"),
             item(f"https://{host}/en-gb/news/e", portal, "The Independent"),
             item(f"https://{host}/en-gb/news/f", portal, "The Independent")]
    found = Outlets(items)
    keys = [found.key(i) for i in items]
    independent = f"{portal}/independent"
    assert keys == ["washingtonpost.com", "reuters.com", "washingtonpost.com", "reuters.com",
                    independent, independent]
    assert found.outlet(independent) == Outlet(independent, "The Independent",
                                               ("The Independent",), portal)
    assert found.outlet("washingtonpost.com").label == "The Washington Post"


def test_a_portals_own_newsrooms_are_no_copies():
    # "Yahoo News", "Yahoo Finance" and "MSN" name the portal's own desks, not a publisher.
    items = [item("https://news.yahoo.com/a", "yahoo.com", "Yahoo News"),
             item("https://finance.yahoo.com/b", "yahoo.com", "Yahoo Finance"),
             item("https://www.msn.com/c", "msn.com", "MSN"),
             item("https://www.msn.com/d", "msn.com", "msn.com")]
    found = Outlets(items)
    assert [found.key(i) for i in items] == ["news.yahoo.com", "finance.yahoo.com",
                                             "msn.com", "msn.com"]


@pytest.mark.parametrize("longer", ["WTOP News", "WTOP News Radio", "WTOP TV", "wtop news"])
def test_a_path_whose_items_add_a_generic_word_to_the_name_is_the_same_newsroom(longer):
    # wtop.com/dc's items named "WTOP News" beside wtop.com's "WTOP" were two outlets.
    items = [item(f"https://wtop.com/local/a-{k}/", "wtop.com", "WTOP") for k in range(3)]
    items += [item(f"https://wtop.com/dc/b-{k}/", "wtop.com", longer) for k in range(2)]
    found = Outlets(items)
    assert {found.key(i) for i in items} == {"wtop.com"}
    # A path that names another newsroom of the network stays one ("CBS New York").
    items = [item(f"https://www.cbsnews.com/news/a-{k}/", "cbsnews.com", "CBS News")
             for k in range(3)]
    items += [item(f"https://www.cbsnews.com/newyork/news/b-{k}/", "cbsnews.com",
                   "CBS New York") for k in range(2)]
    found = Outlets(items)
    assert {found.key(i) for i in items} == {"cbsnews.com", "cbsnews.com/newyork"}


def test_a_portals_section_as_a_path_is_the_section_as_a_subdomain():
    # news.yahoo.com was "Yahoo News" and www.yahoo.com/news "Yahoo": one newsroom split.
    items = [item("https://news.yahoo.com/a-1.html", "yahoo.com", "Yahoo News"),
             item("https://www.yahoo.com/news/b-2.html", "yahoo.com", "Yahoo"),
             item("https://finance.yahoo.com/news/c-3.html", "yahoo.com", "Yahoo Finance"),
             item("https://sports.yahoo.com/d-4.html", "yahoo.com", "Yahoo Sports")]
    found = Outlets(items)
    assert [found.key(i) for i in items] == ["news.yahoo.com", "news.yahoo.com",
                                             "finance.yahoo.com", "sports.yahoo.com"]
    assert found.outlet("news.yahoo.com").label == "Yahoo News"
