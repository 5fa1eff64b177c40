"""Proper names learned from a corpus's own capitals, and when two articles share one."""

from __future__ import annotations

import networkx as nx

from graphx.names import NameFinder, name_finder, share_a_name

PROSE = [
    "Officials in Oregon said the plant in Albany would close.",
    "The governor of Oregon visited the new plant on Friday.",
    "Health officials in New York said cases fell, and New York will reopen.",
    "A new report from the White House says the task force will stay.",
    "Staff at the White House were tested, the new report said.",
    "Voters in North Carolina and South Carolina went to the polls.",
]


def finder() -> NameFinder:
    return NameFinder(["Trump Says Task Force Will Continue Indefinitely",
                       "Oregon reports new cases"], PROSE)


def test_names_are_what_mid_sentence_prose_capitalises():
    f = finder()
    assert f.names("Oregon reports 72 new cases") == {("oregon",)}
    # "New" alone is written lower case ("a new report"), but "New York" always capitalised.
    assert f.names("New cases in New York") == {("new", "york")}
    assert f.names("White House to wind down task force") == {("white", "house")}


def test_headline_capitals_are_not_names():
    f = finder()
    # "Says", "Task", "Force" are capitalised only by the headline's style (the
    # headline is left out of the statistics); "report" is lower case in prose.
    assert f.names("New Report Says Plant Will Close") == frozenset()


def test_dates_and_the_disease_are_never_names():
    f = finder()
    assert f.names("COVID-19: Oregon update Friday, May 8") == {("oregon",)}


def test_a_name_is_shared_when_one_starts_or_ends_the_other():
    f = finder()
    north, south = f.names("North Carolina votes"), f.names("South Carolina votes")
    assert north == {("north", "carolina")} and south == {("south", "carolina")}
    assert not share_a_name(north, south)
    oregon = {("oregon",)}
    authority = {("oregon", "health", "authority")}
    assert share_a_name(oregon, authority)


def test_name_finder_is_fitted_once_per_graph():
    G = nx.MultiDiGraph()
    G.add_node("article:a", kind="article", title="Oregon reports cases", excerpt=PROSE[0])
    assert name_finder(G) is name_finder(G)
    G.add_node("article:b", kind="article", title="Ohio reports cases", excerpt=PROSE[1])
    assert name_finder(G).names("Oregon and Ohio") == {("oregon",), ("ohio",)}
