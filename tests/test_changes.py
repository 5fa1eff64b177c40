"""Stories keep their ids and labels from build to build, and each build says what changed."""

from __future__ import annotations

import json
import os
import shutil
import time

import networkx as nx
import pytest

from graphx.changes import changes, relabel_stories, story_state, valid_state
from graphx.cli import cli
from graphx.coverage_report import changes_markdown


def graph(stories: dict[int, list[str]], *, singles=(), labels=None) -> nx.MultiDiGraph:
    """Articles in stories numbered as add_analysis numbers them (by size), and singles."""
    G = nx.MultiDiGraph()
    for cid, members in stories.items():
        for m in members:
            G.add_node(f"article:{m}", kind="article", cluster=cid,
                       cluster_label=(labels or {}).get(cid, f"story of {members[0]}"),
                       published=f"2020-05-0{1 + len(m) % 9}T10:00:00Z", provider="p.example")
    for m in singles:
        G.add_node(f"article:{m}", kind="article", cluster=-1, cluster_label="")
    G.add_node("provider:p.example", kind="provider", label="P")
    return G


def ids(G) -> dict[str, int]:
    return {n: a["cluster"] for n, a in G.nodes(data=True) if a.get("kind") == "article"}


def test_the_first_build_numbers_stories_by_size():
    G = graph({0: ["a1", "a2", "a3"], 1: ["b1", "b2"]})
    assert relabel_stories(G, None) == {}
    assert ids(G) == {"article:a1": 0, "article:a2": 0, "article:a3": 0, "article:b1": 1,
                      "article:b2": 1}
    assert valid_state(story_state(G)) and story_state(G)["next_id"] == 2


def test_a_story_keeps_its_id_and_label_while_it_holds_most_of_what_it_held():
    before = story_state(graph({0: ["a1", "a2", "a3"], 1: ["b1", "b2"]},
                               labels={0: "Dam bursts", 1: "Monorail opens"}))
    # Today the monorail story is the bigger one (numbered 0) and the dam story lost one.
    G = graph({0: ["b1", "b2", "b3", "b4"], 1: ["a1", "a2"], 2: ["c1", "c2"]},
              labels={0: "Monorail riders", 1: "Dam", 2: "Ferry sinks"})
    assert relabel_stories(G, before) == {1: 1, 0: 0}
    assert ids(G)["article:b3"] == 1 and ids(G)["article:a1"] == 0
    assert G.nodes["article:b3"]["cluster_label"] == "Monorail opens"  # kept
    assert G.nodes["article:c1"]["cluster"] == 2  # new: after the largest id ever used
    assert G.nodes["article:c1"]["cluster_label"] == "Ferry sinks"


def test_a_new_story_s_label_is_told_from_a_kept_one_by_its_day_as_a_one_shot_build_does():
    # The second build wrote "Oregon · deaths (Coronavirus in US) · 2020-05-07" where a
    # one-shot build writes "Oregon · deaths · 6 May (Coronavirus in US)".
    label = "Oregon · deaths (Coronavirus in US)"
    before = story_state(graph({0: ["a1", "a2"]}, labels={0: label}))
    G = graph({0: ["a1", "a2", "a3"], 1: ["b1", "b2"], 2: ["c1", "c2"], 3: ["d1", "d2"]},
              labels={0: label, 1: label.replace("deaths", "Deaths"), 2: "Dam (AP)",
                      3: "Dam (AP)"})  # alike whatever the case: a label is asked case aside
    for n in ("article:b1", "article:b2"):
        G.nodes[n].update(topics="Coronavirus; Coronavirus in US",
                          published=f"2020-05-07T0{n[-1]}:00:00Z")
    G.nodes["article:b2"]["published"] = "2020-05-06T23:00:00Z"  # the first day is its
    for n in ("article:c1", "article:c2", "article:d1", "article:d2"):
        G.nodes[n].pop("published")
    relabel_stories(G, before)
    assert G.nodes["article:a3"]["cluster_label"] == label  # kept
    assert G.nodes["article:b1"]["cluster_label"] == "Oregon · Deaths · 6 May (Coronavirus in US)"
    # no day to tell them by, and "(AP)" is no topic of theirs: numbered as cluster_labels does
    assert {G.nodes["article:c1"]["cluster_label"], G.nodes["article:d1"]["cluster_label"]} == {
        "Dam (AP)", "Dam (AP) #2"}


def test_an_id_is_never_given_to_another_story():
    first = graph({0: ["a1", "a2"], 1: ["b1", "b2"]})
    before = story_state(first)
    second = graph({0: ["a1", "a2"]}, singles=["b1", "b2"])  # story 1 is gone
    relabel_stories(second, before)
    after = story_state(second)
    third = graph({0: ["a1", "a2"], 1: ["c1", "c2"]})
    relabel_stories(third, after)
    assert third.nodes["article:c1"]["cluster"] == 2  # not 1, which named the b story


def test_what_changed_new_grew_merged_split_gone_and_outlets():
    before = story_state(graph({0: ["a1", "a2", "a3", "a4"], 1: ["b1", "b2"], 2: ["c1", "c2"],
                                3: ["d1", "d2"]}))
    G = graph({0: ["b1", "b2", "c1", "c2", "x1"], 1: ["a1", "a2", "a5"], 2: ["a3", "a4"],
               3: ["n1", "n2"], 4: ["d1", "d2", "d3"]})
    G.add_node("provider:new.example", kind="provider", label="New")
    relabel_stories(G, before)
    change = changes(before, G)
    stories = change["stories"]
    assert change["articles"] == {"added": 5, "removed": 0, "now": 15, "new": [
        "article:a5", "article:d3", "article:n1", "article:n2", "article:x1"], "gone": []}
    # Story 0 split: a3 and a4 are a new story "from story 0" (listed nowhere, only as an
    # id in the split table, before), and story 0 is said once, as split (not also grown).
    assert [(r["label"], r["articles"], r["split_from"]) for r in stories["new"]] == [
        ("story of a3", 2, [0]), ("story of n1", 2, [])]
    assert [(r["id"], r["added"]) for r in stories["grew"]] == [(3, 1)]
    merged = stories["merged"]
    assert len(merged) == 1 and merged[0]["articles"] == 5 and len(merged[0]["merged"]) == 1
    # The story it took in is named as it was: its id and label exist nowhere else now.
    (taken,) = merged[0]["took_in"]
    assert taken == {"id": merged[0]["merged"][0], "label": taken["label"], "articles": 2}
    assert taken["label"].startswith("story of ")
    md = changes_markdown(change, G)
    assert f"| story {taken['id']}, {taken['label']} (2 articles) |" in md
    assert [(r["id"], r["into"]) for r in stories["split"]] == [(0, [0, stories["new"][0]["id"]])]
    assert stories["gone"] == [] and stories["shrank"] == []
    assert "2 new stories, 1 grew, 0 shrank, 1 merged, 1 split," in md
    assert f"| {stories['new'][0]['id']} | story of a3 (from story 0) | 2 |" in md
    assert change["outlets"] == {"new": ["provider:new.example"], "gone": []}


def test_new_outlets_come_biggest_first_with_their_articles_and_gone_ones_are_said():
    # changes.md listed new outlets by domain (the 25 shown had one article each, CBS
    # Minnesota's 10 were cut off) and never said an outlet was gone.
    before = story_state(graph({0: ["a1", "a2"]}))
    before["outlets"] = [*before["outlets"], "provider:aljazeera.com"]
    G = graph({0: ["a1", "a2"]}, singles=[f"s{k}" for k in range(4)])
    for key, label, members in (("a.example", "Alpha", ["s0"]),
                                ("z.example", "CBS Minnesota", ["s1", "s2", "s3"])):
        G.add_node(f"provider:{key}", kind="provider", label=label)
        for m in members:
            G.add_edge(f"article:{m}", f"provider:{key}", key="published_by")
    change = changes(before, G)
    assert change["outlets"] == {"new": ["provider:z.example", "provider:a.example"],
                                 "gone": ["provider:aljazeera.com"]}
    md = changes_markdown(change, G)
    assert "## New outlets: 2\n\nCBS Minnesota (3); Alpha (1)" in md
    assert "## Outlets gone: 1\n\naljazeera.com" in md
    assert "2 new outlets, 1 outlet gone." in md


def test_a_story_that_lost_articles_is_said_to_have_shrunk():
    before = story_state(graph({0: ["a1", "a2", "a3", "a4"], 1: ["b1", "b2"]}))
    G = graph({0: ["a1", "a2", "a3"], 1: ["b1", "b2"]})
    relabel_stories(G, before)
    change = changes(before, G)
    assert [(r["id"], r["articles"], r["lost"]) for r in change["stories"]["shrank"]] == [
        (0, 3, 1)]
    assert change["articles"]["gone"] == ["article:a4"]


def _state(next_id=2, story_id=0, *, label="x", members=("article:a",), other=None,
           articles=("article:a", "article:b")):
    stories = [{"id": story_id, "label": label, "members": list(members)}]
    if other is not None:  # a second story
        stories.append({"id": 1, "label": "y", "members": list(other)})
    return {"schema": "graphx-stories/1", "next_id": next_id, "outlets": [],
            "articles": list(articles), "stories": stories}


@pytest.mark.parametrize("state", [None, 3, {"schema": "x"}, {"schema": "graphx-stories/1"},
                                   _state(next_id="1"), _state(next_id=True),
                                   # ids past what an index holds crashed the next build
                                   _state(next_id=2**63), _state(story_id=2**63),
                                   _state(story_id=-1), _state(story_id=2**31),
                                   # one story's articles listed under another too: that
                                   # story took the other's label and id, with no warning
                                   _state(other=["article:a"]), _state(other=["article:b"],
                                                                        story_id=1),
                                   _state(label=""), _state(label=" "), _state(label="x" * 501),
                                   _state(members=()), _state(members=("article:z",)),
                                   _state(members=("article:a", "article:a")),
                                   _state(articles=()), _state(next_id=0),
                                   # UTF-8 cannot hold a lone surrogate: the map crashed
                                   _state(label="Canada \ud800 tests"),
                                   _state(articles=("article:a", "article:\udc80"))])
def test_a_state_graphx_did_not_write_is_refused(state):
    assert not valid_state(state)


def test_a_state_graphx_wrote_is_taken():
    assert valid_state(_state()) and valid_state(_state(other=["article:b"]))
    assert valid_state(_state(next_id=2**31 - 1, story_id=2**31 - 2))


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()

    def story(name, n, title, day="06"):
        for i in range(n):
            others = "".join(f"  - webUrl: https://{name}{j}.example.com/x\n"
                             for j in range(n) if j != i)
            (folder / f"{name}{i}.md").write_text(
                f"---\ntitle: {title} {i}\nwebUrl: https://{name}{i}.example.com/x\n"
                f"publishedDateTime: 2020-05-{day}T1{i}:00:00Z\nrelated:\n{others}---\n")

    story("dam", 3, "Smallville dam bursts after the storm")
    story("rail", 2, "Ogdenville monorail opens to riders")
    return folder, story


def test_builds_keep_story_ids_and_write_what_changed(runner, corpus, tmp_path):
    folder, story = corpus
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q"]).exit_code == 0
    assert not (out / "changes.json").exists()  # the first build has nothing to compare
    first = json.loads((out / "stories.json").read_text())
    dam = next(s for s in first["stories"] if s["members"][0].startswith("article:dam"))
    story("ferry", 4, "Springfield ferry sinks in the harbour", day="07")
    for name in ("rail0.md", "rail1.md"):  # the monorail story is gone, every file of it
        (folder / name).unlink()
    result = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'changes.md'}" in result.stderr
    second = json.loads((out / "stories.json").read_text())
    assert next(s for s in second["stories"] if s["id"] == dam["id"])["label"] == dam["label"]
    change = json.loads((out / "changes.json").read_text())
    assert {k: change["articles"][k] for k in ("added", "removed", "now")} == {
        "added": 4, "removed": 2, "now": 7}
    report = json.loads((out / "load-report.json").read_text())  # traced to its build
    assert (change["fingerprint"], change["graphx_version"]) == (
        report["fingerprint"], report["graphx_version"])
    assert change["articles"]["gone"] == ["article:rail0.example.com/x",
                                          "article:rail1.example.com/x"]
    assert [s["articles"] for s in change["stories"]["new"]] == [4]
    assert change["stories"]["new"][0]["id"] == first["next_id"]
    assert [s["articles"] for s in change["stories"]["gone"]] == [2]  # the monorail pair
    md = (out / "changes.md").read_text()
    assert md.startswith("# What changed since the last build\n\n4 articles added and 2 removed")
    assert "## New stories: 1" in md and "## Stories gone: 1" in md
    assert "## New articles: 4" in md and "Springfield ferry sinks in the harbour" in md
    assert "## Articles removed: 2\n\n- rail0.example.com/x\n- rail1.example.com/x" in md


def test_a_new_story_made_of_another_storys_articles_says_it_split_off():
    # One article of a six-article story is now in a story with two new ones: too small a
    # part for the story to have split, so it shrank, and the new story says where from.
    before = story_state(graph({0: ["a1", "a2", "a3", "a4", "a5", "a6"], 1: ["b1", "b2"]}))
    G = graph({0: ["a1", "a2", "a3", "a4", "a5"], 1: ["a6", "c1", "c2"], 2: ["b1", "b2"]})
    relabel_stories(G, before)
    change = changes(before, G)
    assert [(r["articles"], r["new_articles"], r["split_from"])
            for r in change["stories"]["new"]] == [(3, 2, [0])]
    assert [(r["id"], r["lost"]) for r in change["stories"]["shrank"]] == [(0, 1)]
    md = changes_markdown(change, G)
    assert "(from story 0)" in md
    # The "lost" column says how many, not "-1" (a double negative).
    (row,) = [line for line in md.splitlines() if line.startswith("| 0 |")
              and line.rstrip().endswith("| 1 |")]
    assert "-1" not in row and "at least half of its articles still in the folder" in md


def test_what_is_left_of_a_story_is_that_story_shrunk_no_merger_and_not_gone():
    # Three of story 0's five articles removed: the two left are story 0, shrunk (they
    # were a story of a new id "from story 0", and story 0 in no list), neither "merged"
    # into another nor "gone".
    before = story_state(graph({0: ["a1", "a2", "a3", "a4", "a5"], 1: ["b1", "b2", "b3"]}))
    G = graph({0: ["b1", "b2", "b3"], 1: ["a4", "a5"]})
    relabel_stories(G, before)
    change = changes(before, G)["stories"]
    assert change["merged"] == [] and change["gone"] == [] and change["new"] == []
    assert [(r["id"], r["articles"], r["lost"]) for r in change["shrank"]] == [(0, 2, 3)]


def test_a_story_whose_rest_makes_two_new_stories_is_said_to_have_split():
    # Most of story 0 removed, its rest now two stories of new ids: story 0 split into
    # them (it was in no list: neither gone, shrunk nor split).
    before = story_state(graph({0: [f"a{i}" for i in range(10)], 1: ["b1", "b2", "b3"]}))
    G = graph({0: ["b1", "b2", "b3"], 1: ["a1", "a2"], 2: ["a3", "a4"]})
    relabel_stories(G, before)
    change = changes(before, G)["stories"]
    assert [(r["id"], len(r["into"])) for r in change["split"]] == [(0, 2)]
    assert change["gone"] == [] and change["merged"] == []


def test_a_story_whose_articles_are_still_there_is_never_said_to_be_gone():
    # walk11 #4: "0 removed", yet two stories "gone": their articles stand alone now. And a
    # story whose articles went to a kept story and a new one is no longer a story, not gone.
    before = story_state(graph({0: ["a1", "a2", "a3", "a4"], 1: ["b1", "b2"], 2: ["c1", "c2"],
                                3: ["d1", "d2", "d3"]}))
    G = graph({0: ["a1", "a2", "a3", "a4", "d1"], 1: ["x1", "x2", "d2", "d3"]},
              singles=["b1", "b2", "c1"])
    relabel_stories(G, before)
    change = changes(before, G)
    s = change["stories"]
    assert change["articles"]["removed"] == 1  # c2
    assert s["gone"] == []
    dissolved = {r["id"]: (r["removed"], r["alone"], r["now_in"]) for r in s["dissolved"]}
    assert dissolved == {1: (0, 2, []), 2: (1, 1, [])}
    md = changes_markdown(change, G)
    assert "| 1 | story of b1 | 2 | no longer a story: its 2 articles stand alone |" in md
    assert "| 2 | story of c1 | 2 | no longer a story: of its 2 articles, 1 removed, 1 stands" \
           " alone |" in md
    assert ", 1 split, 2 dissolved, 0 gone;" in md
    # Story 3 (d1-d3) went partly to story 0 and mostly to a new one: said once, as split
    # or dissolved, never also gone.
    said = [k for k in ("merged", "split", "dissolved", "gone", "shrank")
            for r in s[k] if r["id"] == 3]
    assert len(said) == 1, said


def test_a_story_whose_files_were_mostly_removed_keeps_its_id_and_shrank():
    # semantic11 #5: 32 of a story's 36 files removed, the 4 left one story: that story
    # kept no id ("at least half of what it held"), was in no list ("0 shrank, 0 gone"),
    # and only a new story "(from story 0)" hinted at it. It is the same story, shrunk.
    big = [f"t{i}" for i in range(36)]
    before = story_state(graph({0: big, 1: ["b1", "b2", "b3"]}))
    G = graph({0: ["b1", "b2", "b3"], 1: big[:4]})
    relabel_stories(G, before)
    change = changes(before, G)
    s = change["stories"]
    assert [(r["id"], r["articles"], r["lost"]) for r in s["shrank"]] == [(0, 4, 32)]
    assert s["new"] == [] and s["gone"] == [] and s["dissolved"] == [] and s["split"] == []
    assert ", 1 shrank, " in changes_markdown(change, G)


def test_one_article_left_of_a_story_gives_its_new_story_no_old_name():
    # One article of 36 left, now in a story of other news: that story is no "Trump · task
    # force", shrunk to it (half of one article is no evidence); the old one dissolved.
    big = [f"t{i}" for i in range(36)]
    before = story_state(graph({0: big}, labels={0: "Trump · task force"}))
    G = graph({0: ["t0", "n1", "n2", "n3"]}, labels={0: "Moderna · trial"})
    kept = relabel_stories(G, before)
    assert kept == {} and G.nodes["article:n1"]["cluster_label"] == "Moderna · trial"
    s = changes(before, G)["stories"]
    assert [(r["id"], r["alone"], r["now_in"]) for r in s["dissolved"]] == [
        (0, 0, [{"id": G.nodes["article:n1"]["cluster"], "articles": 1}])]
    assert s["shrank"] == [] and s["gone"] == []


def test_every_story_that_loses_its_id_is_said_once():
    # A story split into a kept story and a new one was listed both "split" and "gone".
    before = story_state(graph({0: [f"a{i}" for i in range(6)], 1: [f"b{i}" for i in range(7)],
                                2: ["c1", "c2"]}))
    G = graph({0: [*(f"a{i}" for i in range(6)), "b0", "b1", "b2"],
               1: ["b3", "b4", "b5", "n1"], 2: ["c1", "c2"]}, singles=["b6"])
    relabel_stories(G, before)
    s = changes(before, G)["stories"]
    lost = [r["id"] for k in ("merged", "split", "dissolved", "gone") for r in s[k]]
    assert sorted(lost) == sorted(set(lost))
    assert [r["id"] for r in s["split"]] == [1]
    assert 1 not in [r["id"] for r in s["gone"]]


def test_every_command_names_a_build_s_stories_as_the_build_does(runner, corpus, tmp_path):
    # A build keeps a story's label from the build before; `stats OUT`, `map OUT` and a
    # `related` whose engine is rebuilt named the story afresh, so a label copied from
    # clusters.md found "No story matches" in `related` and the other way round.
    folder, story = corpus
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q"]).exit_code == 0
    for i in range(4):  # the dam story grows, told in other words: its fresh label changes
        (folder / f"flood{i}.md").write_text(
            f"---\ntitle: Smallville dam bursts, thousands flee the valley {i}\n"
            f"webUrl: https://flood{i}.example.com/x\npublishedDateTime: 2020-05-07T0{i}:00:00Z"
            "\nrelated:\n" + "".join(f"  - webUrl: https://dam{j}.example.com/x\n"
                                     for j in range(3)) + "".join(
                f"  - webUrl: https://flood{j}.example.com/x\n" for j in range(4) if j != i)
            + "---\n")
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q"]).exit_code == 0
    built = json.loads((out / "stories.json").read_text())
    kept = next(s for s in built["stories"] if "article:dam0.example.com/x" in s["members"])
    from graphx import build_corpus
    from graphx.pipeline import CorpusOptions

    fresh = build_corpus([str(folder)], CorpusOptions(cache=False)).graph
    assert fresh.nodes["article:dam0.example.com/x"]["cluster_label"] != kept["label"]
    stats = runner.invoke(cli, ["stats", str(out), "--show", "clusters", "--csv", "-q"])
    assert stats.exit_code == 0, stats.output
    assert f"{kept['id']},{kept['label']},{len(kept['members'])}," in stats.stdout
    for path in (out, folder):
        found = runner.invoke(cli, ["related", kept["label"], str(path), "--by", "story"])
        assert found.exit_code == 0, found.output
        assert f"matched the story '{kept['label']}'" in found.stderr
    (folder / "rail0.md").write_text((folder / "rail0.md").read_text().replace(
        "opens to riders", "opens to its first riders"))  # the engine is built again
    found = runner.invoke(cli, ["related", kept["label"], str(folder), "--by", "story"])
    assert found.exit_code == 0, found.output
    assert f"matched the story '{kept['label']}'" in found.stderr
    page = tmp_path / "map.html"
    assert runner.invoke(cli, ["map", str(out), "-o", str(page), "-q"]).exit_code == 0
    assert kept["label"] in page.read_text()
    # A first build into another folder names its stories afresh, even with --force (the
    # graph is then built anew, not read from out), and is the corpus's last build now.
    other = tmp_path / "other"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(other), "-q", "--force"]
                         ).exit_code == 0
    label = fresh.nodes["article:dam0.example.com/x"]["cluster_label"]
    assert label in [s["label"] for s in json.loads((other / "stories.json").read_text())[
        "stories"]]
    found = runner.invoke(cli, ["related", label, str(folder), "--by", "story"])
    assert found.exit_code == 0, found.output


def test_a_story_split_off_a_kept_story_is_new_and_the_kept_one_said_once():
    # update13 #3: story 2 kept its id and grew, and two of its articles made story 76:
    # "69 new stories" for 70 new ids, story 76 named by its id alone (in the split
    # table), story 2 listed as both grown and split.
    before = story_state(graph({0: [f"a{i}" for i in range(6)], 1: ["b1", "b2"]}))
    G = graph({0: [*(f"a{i}" for i in range(4)), "x1", "x2", "x3"], 1: ["a4", "a5"],
               2: ["b1", "b2"]})
    relabel_stories(G, before)
    change = changes(before, G)
    s = change["stories"]
    part = G.nodes["article:a4"]["cluster"]
    assert part not in (0, 1)
    assert [(r["id"], r["label"], r["split_from"]) for r in s["new"]] == [
        (part, "story of a4", [0])]
    said = [k for k in ("new", "grew", "shrank", "merged", "split", "dissolved", "gone")
            for r in s[k] if r["id"] == 0]
    assert said == ["split"]
    assert s["split"][0]["into"] == [0, part]
    md = changes_markdown(change, G)
    assert "3 articles added and 0 removed (11 now); 1 new story, 0 grew, 0 shrank, " \
           "0 merged, 1 split," in md
    assert f"| {part} | story of a4 (from story 0) | 2 |" in md
    # Named where the split is said, too: the "New stories" table shows only the largest.
    assert f"| 0 | story of a0 | 6 | story 0, story of a0 (7 articles); story {part}, " \
           "story of a4 (2 articles) |" in md


def test_an_article_that_gained_an_address_is_neither_removed_nor_new():
    # update13 #2: a reissued copy under a new slug (same id, same AMP address), or a
    # bbc.co.uk file of a bbc.com page's path, made one article with the other address's
    # id: changes.md listed the article as removed and re-added, nothing having been deleted.
    import networkx as nx

    def story(pairs, *, extra=()):
        G = nx.MultiDiGraph()
        for key, urls in pairs:
            G.add_node(f"article:{key}", kind="article", cluster=0, cluster_label="Texas raises",
                       published="2020-05-07T10:00:00Z", provider="p.example",
                       urls="; ".join(f"https://{u}" for u in urls))
        for key in extra:
            G.add_node(f"article:{key}", kind="article", cluster=-1, cluster_label="",
                       urls=f"https://{key}")
        G.add_node("provider:p.example", kind="provider", label="P")
        return G

    old, new = "p.example/news/coaches-raises/oee9", "p.example/news/coaches-raises-freeze/oee9"
    before = story_state(story([(old, [old]), ("bbc.com/news/b-1", ["bbc.com/news/b-1"]),
                                ("p.example/other", ["p.example/other"])]))
    G = story([(new, [new, old]), ("bbc.co.uk/news/b-1", ["bbc.co.uk/news/b-1",
                                                          "bbc.com/news/b-1"])],
              extra=["p.example/added"])  # p.example/other was removed
    kept = relabel_stories(G, before)
    assert kept == {0: 0}
    change = changes(before, G)
    a = change["articles"]
    assert (a["added"], a["removed"], a["new"], a["gone"]) == (
        1, 1, ["article:p.example/added"], ["article:p.example/other"])
    assert change["stories"]["shrank"] == [{"id": 0, "label": "Texas raises", "articles": 2,
                                            "lost": 1}]
    md = changes_markdown(change, G)
    assert md.split("\n\n")[1].startswith("1 article added and 1 removed (3 now)")
    assert "## Articles removed: 1\n\n- p.example/other\n" in md


def test_a_kept_label_utf8_cannot_hold_does_not_stop_the_next_build(runner, corpus, tmp_path):
    # A stories.json label "Canada \ud800 tests" (JSON can say it) crashed every later build
    # of the folder, --force too, with a traceback and status 1.
    folder, _ = corpus
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q"]).exit_code == 0
    state = json.loads((out / "stories.json").read_text())
    state["stories"][0]["label"] = "Canada \ud800 tests"
    (out / "stories.json").write_text(json.dumps(state))
    again = runner.invoke(cli, ["build", str(folder), "-o", str(out), "--force"])
    assert again.exit_code == 0, again.output
    assert f"warning: ignoring {out / 'stories.json'}" in again.stderr
    assert "\ud800" not in (out / "stories.json").read_text(encoding="utf-8", errors="replace")


def test_a_corpus_folder_renamed_keeps_its_story_ids(runner, corpus, tmp_path):
    # `mv news news-2020`, then the same build: "out held the outputs of another corpus",
    # ids started again (34 of 38 unchanged stories took another story's id), no changes.md.
    folder, _ = corpus
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q"]).exit_code == 0
    def ids():
        return {s["label"]: s["id"]
                for s in json.loads((out / "stories.json").read_text())["stories"]}

    before = ids()
    moved = folder.rename(tmp_path / "news-2020")
    again = runner.invoke(cli, ["build", str(moved), "-o", str(out)])
    assert again.exit_code == 0 and "read as the same corpus, moved" in again.stderr
    assert ids() == before and len(before) == 2
    assert (out / "changes.md").exists()
    # Another corpus's build in the folder is still replaced, its ids not taken.
    other = tmp_path / "other"
    other.mkdir()
    for i in range(2):
        (other / f"{i}.md").write_text(
            f"---\ntitle: Springfield plant fire {i}\nwebUrl: https://fire{i}.example.com/x\n"
            f"related:\n  - webUrl: https://fire{1 - i}.example.com/x\n---\n")
    third = runner.invoke(cli, ["build", str(other), "-o", str(out)])
    assert third.exit_code == 0 and "another corpus" in third.stderr
    assert not (out / "changes.md").exists()


def _story_ids(out) -> dict[str, int]:
    """{first article: story id} of the build in ``out``."""
    return {s["members"][0].split(".")[0]: s["id"]
            for s in json.loads((out / "stories.json").read_text())["stories"]}


def test_another_folders_stories_json_is_set_aside_not_read_as_the_last_build(
        runner, corpus, tmp_path):
    # outA/stories.json copied over outB's (a backup restored into the wrong folder): the
    # next build of b read a's stories as its last build, renumbered b's (id 0 became 9)
    # and wrote a changes.md of 120 articles added and 95 removed, with nothing on stderr.
    from graphx.pipeline import of_last_build

    folder, story = corpus
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q"]).exit_code == 0
    first = _story_ids(out)
    bigger = tmp_path / "bigger"  # another corpus, whose stories are numbered otherwise
    shutil.copytree(folder, bigger)
    for i in range(5):
        (bigger / f"ferry{i}.md").write_text(
            f"---\ntitle: Springfield ferry sinks {i}\nwebUrl: https://ferry{i}.example.com/x\n"
            "related:\n" + "".join(f"  - webUrl: https://ferry{j}.example.com/x\n"
                                   for j in range(5) if j != i) + "---\n")
    other = tmp_path / "other"
    assert runner.invoke(cli, ["build", str(bigger), "-o", str(other), "-q"]).exit_code == 0
    assert _story_ids(other)["article:dam0"] != first["article:dam0"]
    foreign = json.loads((other / "stories.json").read_text())
    own = json.loads((out / "stories.json").read_text())
    assert of_last_build(own, out) and not of_last_build(foreign, out)
    shutil.copy(other / "stories.json", out / "stories.json")
    again = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert (f"warning: ignoring {out / 'stories.json'}, which is not the stories of the last "
            f"build in {out}") in again.stderr
    assert _story_ids(out) == first  # numbered as a first build numbers them
    assert not (out / "changes.json").exists() and not (out / "changes.md").exists()
    following = runner.invoke(cli, ["build", str(folder), "-o", str(out), "--force"])
    assert "warning" not in following.stderr and _story_ids(out) == first  # its own again


def test_a_stories_json_of_another_build_of_the_same_files_is_not_up_to_date(
        runner, corpus, tmp_path):
    # Two builds of one corpus carry one fingerprint: a stories.json copied from the other
    # folder, whose history numbered the stories otherwise, passed for the folder's own
    # ("up to date"), to be read by the next build.
    folder, story = corpus

    def settle():
        past = time.time() - 60  # a corpus written a minute ago: its times are trusted
        for path in [*folder.iterdir(), folder]:
            os.utime(path, (past, past))

    out, twin = tmp_path / "out", tmp_path / "twin"
    story("ferry", 4, "Springfield ferry sinks in the harbour", day="07")
    settle()
    assert runner.invoke(cli, ["build", str(folder), "-o", str(twin), "-q"]).exit_code == 0
    for i in range(4):  # the ferry story was there first in twin: dam and rail came after
        (folder / f"ferry{i}.md").unlink()
    settle()
    for place in (out, twin):
        assert runner.invoke(cli, ["build", str(folder), "-o", str(place), "-q"]).exit_code == 0
    first = _story_ids(out)
    assert _story_ids(twin) != first
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out)]).stderr.startswith(
        f"{out} is up to date")
    shutil.copy(twin / "stories.json", out / "stories.json")
    again = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert again.exit_code == 0 and "up to date" not in again.stderr
    assert f"warning: ignoring {out / 'stories.json'}" in again.stderr
    assert _story_ids(out) == first
    stamp = json.loads((out / "load-report.json").read_text())["build"]
    assert json.loads((out / "stories.json").read_text())["build"] == stamp != json.loads(
        (twin / "stories.json").read_text())["build"]


def test_a_link_to_another_folders_stories_json_is_never_written_through(
        runner, corpus, tmp_path):
    # outB/stories.json a link to ../outA/stories.json: the build of b read a's stories as
    # its own and wrote b's over a's file (every id outA's report.md cited named nothing).
    folder, story = corpus
    out, other = tmp_path / "out", tmp_path / "other"
    for place in (out, other):
        assert runner.invoke(cli, ["build", str(folder), "-o", str(place), "-q"]).exit_code == 0
    (out / "stories.json").unlink()
    (out / "stories.json").symlink_to(other / "stories.json")
    theirs = (other / "stories.json").read_bytes()
    story("ferry", 4, "Springfield ferry sinks in the harbour", day="07")
    result = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: Cannot write the outputs into {out}: its stories.json is a link to "
        f"{other / 'stories.json'}, outside the folder, which a build would write over; "
        "remove the link (or put a copy of the file in its place) or choose another output "
        "folder (a build writes only inside its own folder)\n")
    assert (other / "stories.json").read_bytes() == theirs
    assert (out / "stories.json").is_symlink()
    inside = out / "kept"  # a link within the folder is the folder's own: written through
    inside.mkdir()
    (out / "stories.json").unlink()
    (inside / "stories.json").write_bytes(theirs)
    (out / "stories.json").symlink_to(inside / "stories.json")
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q"]).exit_code == 0
    assert (out / "stories.json").is_symlink()
    assert json.loads((inside / "stories.json").read_text())["build"] == json.loads(
        (out / "load-report.json").read_text())["build"]


def test_a_failed_strict_build_keeps_the_stamp_of_the_stories_it_leaves(
        runner, corpus, tmp_path):
    # The load report a failed --strict build writes must still name the build whose
    # stories the folder holds, or the next build would set them aside as another's.
    folder, story = corpus
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(folder), "-o", str(out), "-q"]).exit_code == 0
    first = _story_ids(out)
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    failed = runner.invoke(cli, ["build", str(folder), "-o", str(out), "--strict"])
    assert failed.exit_code == 2
    (folder / "broken.md").unlink()
    story("ferry", 4, "Springfield ferry sinks in the harbour", day="07")
    again = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert again.exit_code == 0 and "warning" not in again.stderr, again.stderr
    assert {k: v for k, v in _story_ids(out).items() if k in first} == first
    assert (out / "changes.json").exists()
