"""Round-ups and templated reports: what each article's words say about the story it can share."""

from __future__ import annotations

import networkx as nx
import pytest

from graphx.roundups import (
    StoryText,
    figures,
    find_roundups,
    has_roundup_hint,
    is_templated,
    lists_items,
    shared_openings,
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
    assert lists_items("Live updates: Trump vows to end Obamacare; deaths pass 73,000 in U.S.")
    assert not lists_items("Malaysia reports 45 new cases; one death")


@pytest.mark.parametrize(("title", "url", "hint"), [
    ("The Latest: Tokyo Olympics unrealistic without a vaccine?", "", True),
    ("Coronavirus live updates: Texans at Chiefs to open season", "", True),
    ("Danbury, CT Coronavirus Updates & News For May 7", "", True),
    ("70 New Confirmed Coronavirus Cases In Oregon", "https://opb.org/live-updates-may-6/", True),
    ("Texas salon owner released from jail", "https://x.com/texas-salon", False),
])
def test_roundup_hints(title, url, hint):
    assert has_roundup_hint(title, url) is hint


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
