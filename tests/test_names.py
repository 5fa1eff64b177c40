"""Proper names learned from a corpus's own capitals, and when two articles share one."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graphx.names import NameFinder, name_finder, name_keys, share_a_name

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


def test_currencies_and_results_measures_are_no_names():
    # Infosys' and Wipro's same-day results were one story: "Rs", "PAT", "YoY" and "EBITDA"
    # in both headlines were read as a name they shared.
    f = NameFinder(["x"], PROSE + ["Profit rose to Rs 6,900 crore, PAT and EBITDA up YoY."])
    for title in ("Infosys Q2 results: profit rises 9% to Rs 6,900 crore",
                  "Infosys Q2 results: PAT rises 9% YoY, EBITDA margin steady"):
        assert f.names(title) == {("infosys",)}, title


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


def _share_by_every_key(names_a, names_b) -> bool:
    """share_a_name as first written: each side's names against the other's every key."""
    return (not names_a.isdisjoint(name_keys(names_b))
            or not names_b.isdisjoint(name_keys(names_a)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(st.lists(st.sampled_from("abcd"), min_size=1, max_size=4)
                              .map(tuple), max_size=4), min_size=2, max_size=6))
def test_sharing_a_name_is_meeting_a_start_or_end_of_the_other(sets):
    """Names kept without their starts and ends (made once per name, in a shared dict)
    share exactly when a name of one is a name, start or end of the other's."""
    keys: dict = {}
    for a in sets:
        for b in sets:
            assert share_a_name(a, b, keys) == share_a_name(a, b) == _share_by_every_key(a, b)


def test_equal_names_are_one_object_when_a_canon_is_kept():
    f, canon = finder(), {}
    first = f.names("New York and Oregon reopen", canon)
    second = f.names("Oregon and New York reopen", canon)
    assert first == {("new", "york"), ("oregon",)} and first is second
    again = f.names("New York cases fall", canon)
    (name,) = again
    assert name is next(n for n in first if n == ("new", "york"))
    assert f.names("New York and Oregon reopen") == first  # the same names without a canon


def test_a_name_written_with_and_without_a_space_is_one_name():
    # "HCL Tech" and "HCLTech" were two companies, and one outlet's report of HCLTech's
    # results fell out of the story the other two made.
    assert share_a_name(frozenset({("hcl", "tech")}), frozenset({("hcltech",)}))
    assert share_a_name(frozenset({("hcltech",)}), frozenset({("hcl", "tech")}))
    assert not share_a_name(frozenset({("hcl", "tech")}), frozenset({("tcs",)}))


def test_names_written_with_an_ampersand_are_names():
    # L&T's and M&M's results were one story: "L&T" read as "L", no name at all.
    f = NameFinder(["x"], PROSE + ["Shares of L&T and M&M rose, AT&T fell."])
    assert f.names("L&T Q2 results: order inflow strong") == {("l&t",)}
    assert f.names("M&M Q2 net profit rises") == {("m&m",)}


def test_a_country_city_or_body_under_another_name_is_read_as_one():
    finder = NameFinder([])
    for text, name in [("Britain eases lockdown", "uk"), ("U.K. eases lockdown", "uk"),
                       ("United States deaths rise", "us"), ("Kiev talks", "kyiv"),
                       ("Türkiye quake toll", "turkey"), ("Moskau meldet", "moscow")]:
        assert (name,) in finder.names(text)
    # a name holding one is left whole, and "America" is no other name of the US
    assert finder.names("Latin America cases") == {("latin", "america")}
    assert ("us",) not in finder.names("Bank of America results")


def test_a_function_word_capitalised_by_a_headline_is_no_name_in_a_small_folder():
    # Never seen mid-sentence in a small folder's excerpts, "Do", "New", "Says Maybe" and
    # "What" were names no other report shared: the report was kept out of its story.
    f = NameFinder(["Octopuses may dream, OIST study of sleep suggests"],
                   ["During active sleep, octopuses flash their skin patterns, researchers "
                    "in Okinawa reported in Nature."])
    assert f.names("Do Octopuses Dream? A New Study Says Maybe") == set()
    assert f.names("BabyGlide stroller recall: What parents need to know") == {("babyglide",)}
    # Unseen words that are no such word are still names; capitals are still acronyms.
    assert f.names("Why Okinawa? Zephyr Motors Says US And WHO, Too") == {
        ("okinawa",), ("zephyr", "motors"), ("us",), ("who",)}
    assert f.names("New Zealand and New York") == {("zealand",), ("york",)}


def test_a_number_written_after_a_name_is_part_of_it():
    # Florida's Delphine ("Category 4 hurricane") and Mexico's Felix ("a Category 2 storm")
    # shared the name "Category", and a folder with more coverage made them one story.
    f = NameFinder(["x"], [*PROSE, "Felix hit as a Category 2 storm, and the Pixel 10 sold."])
    four = f.names("Delphine landfall: Category 4 hurricane slams Florida Gulf coast")
    assert four == {("delphine",), ("category", "4"), ("florida", "gulf")}
    assert not share_a_name(four, f.names("Felix hit Acapulco as a Category 2 storm"))
    assert share_a_name(four, f.names("Category 4 storm hits Florida"))
    # A model's number: "Pixel 10" still shares "Pixel" with a headline naming no model.
    assert f.names("Google Pixel 10 Pro review") == {("google", "pixel", "10"), ("pro",)}
    assert share_a_name(f.names("Pixel 10 review"), f.names("Pixel sales slow"))
    assert not share_a_name(f.names("Pixel 10 review"), f.names("Pixel 9 review"))
    # A count, a share or a decimal after a name is no part of it.
    for title in ("Oregon 1,000 new cases", "Oregon 13% down", "Oregon 3.5 inches of rain"):
        assert f.names(title) == {("oregon",)}, title
