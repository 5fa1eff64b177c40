"""What changed since the last build: stories that keep their id and label from build to
build while they stay the same story, and the news of the day (new stories, stories that
grew, merged or split, new outlets) in changes.json and changes.md.

A build keeps a small state beside its outputs (stories.json: each story's id, label and
members, the outlets and the articles). The next build matches its stories to those: a story
that holds most of an earlier story's articles still in the corpus is that story and keeps its
id and label; new stories get ids after the largest ever used, so an id never names two
stories. An earlier story that keeps no id is said once: merged, split, shrunk into the new
story that holds what is left of it, dissolved (its articles stand alone) or gone (its
articles removed).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from .fields import encodable
from .labels import day_label
from .model import articles, articles_of, split_list
from .urls import article_key

SCHEMA = "graphx-stories/1"
#: A new story is an earlier one when it holds at least this share of the earlier one's
#: articles still in the corpus (most of the story carried over; files removed since are no
#: part of the test: a story of 36 whose 4 left are one story is that story, shrunk, not a
#: new one); the largest such overlap wins.
SAME_STORY = 0.5
#: ... and at least this many of them: one article left of a story of 36 that joins another
#: story gives that story no id or label of its own (it would be named for news it is not).
KEPT_ARTICLES = 2
#: An earlier story is said to have split when a second new story holds at least this
#: share of its articles still in the corpus besides the one that kept its id.
SPLIT_SHARE = 0.25


def story_state(G: nx.MultiDiGraph) -> dict:
    """What the next build needs to match its stories to these: JSON-ready."""
    members: dict[int, list[str]] = defaultdict(list)
    labels: dict[int, str] = {}
    for n in articles(G):
        a = G.nodes[n]
        cid = a.get("cluster", -1)
        if isinstance(cid, int) and cid >= 0:
            members[cid].append(n)
            labels[cid] = a.get("cluster_label", "")
    outlets = sorted(n for n, kind in G.nodes(data="kind") if kind == "provider")
    return {
        "schema": SCHEMA,
        "next_id": max([*members, G.graph.get("next_story_id", 0) - 1], default=-1) + 1,
        "stories": [{"id": cid, "label": labels[cid], "members": members[cid]}
                    for cid in sorted(members)],
        "outlets": outlets,
        "articles": articles(G),
    }


#: Story ids stay below this (they are int columns in every export and index): a stories.json
#: with a larger one is not graphx's, however it got there.
MAX_STORY_ID = 2**31 - 1


def _story_id(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_STORY_ID


#: The longest story label a state may hold (graphx writes a few words and a topic).
MAX_LABEL = 500


def valid_state(state: object) -> bool:
    """True for a state story_state could have made: of this schema, with the shapes it
    writes, each story of a label and one or more articles no other story holds, each
    article among the build's, ids below next_id and none twice (an article listed under
    two stories gave one story the other's label and id), and no text that UTF-8 cannot
    hold (a label of a lone surrogate, "\ud800", which JSON can say, crashed every later
    build of the folder as the map was written)."""
    try:
        if not (state["schema"] == SCHEMA and _story_id(state["next_id"])
                and all(isinstance(x, str) and encodable(x)
                        for x in state["outlets"] + state["articles"])):
            return False
        known, ids, members = set(state["articles"]), set(), set()
        for s in state["stories"]:
            label, mine = s["label"], s["members"]
            if not (_story_id(s["id"]) and s["id"] < state["next_id"] and s["id"] not in ids
                    and isinstance(label, str) and 0 < len(label.strip()) <= MAX_LABEL
                    and encodable(label)
                    and isinstance(mine, list) and mine
                    and all(isinstance(m, str) and m in known and m not in members
                            for m in mine)
                    and len(set(mine)) == len(mine)):
                return False
            ids.add(s["id"])
            members.update(mine)
        return True
    except (KeyError, TypeError, IndexError):
        return False


def moved_articles(previous: dict, G: nx.MultiDiGraph) -> dict[str, str]:
    """{id in ``previous``: id in G} of the earlier articles that are still in G under
    another id: the node of a page now holds their address among its URL variants (a
    reissued copy under a new slug with the same id or AMP address, a bbc.co.uk file of a
    bbc.com page's path, made one article whose id is now the other address's). Such an
    article was neither removed nor added."""
    now = set(articles(G))
    missing = {a for a in previous.get("articles", []) if a not in now}
    if not missing:
        return {}
    before = set(previous.get("articles", []))
    moved: dict[str, str] = {}
    for n in sorted(now - before):  # an article that moved has an id it did not have
        a = G.nodes[n]
        for url in split_list(a.get("urls")):
            for key in {article_key(url, ""), article_key(url, a.get("title") or "")}:
                old = f"article:{key}"
                if old in missing:
                    moved.setdefault(old, n)
    return moved


def carried_over(previous: dict, G: nx.MultiDiGraph) -> dict:
    """``previous`` (a story_state) with each article G still holds under another id
    (moved_articles) named by its id in G, so that it is neither removed nor new, and its
    story keeps counting it."""
    moved = moved_articles(previous, G)
    if not moved:
        return previous

    def renamed(ids: list[str]) -> list[str]:
        return list(dict.fromkeys(moved.get(m, m) for m in ids))

    return {**previous, "articles": renamed(previous["articles"]),
            "stories": [{**s, "members": renamed(s["members"])}
                        for s in previous["stories"]]}


def relabel_stories(G: nx.MultiDiGraph, previous: dict | None) -> dict[int, int]:
    """Give G's stories the ids (and labels) they had in ``previous`` (a story_state), in
    place; returns {new id: old id} of the stories that kept one.

    Greedy by overlap: each earlier story goes to the new story holding most of its
    articles when that is at least SAME_STORY of those still in G (and KEPT_ARTICLES), each
    new story takes at most one.
    Other new stories get fresh ids from ``previous["next_id"]`` on, largest first. A label
    kept from before that a new story also uses is made unique by the new story's first day.
    """
    current: dict[int, list[str]] = defaultdict(list)
    for n in articles(G):
        cid = G.nodes[n].get("cluster", -1)
        if cid >= 0:
            current[cid].append(n)
    if previous:
        previous = carried_over(previous, G)
    before = {s["id"]: s for s in (previous or {}).get("stories", [])}
    old_of = {m: s["id"] for s in before.values() for m in s["members"]}
    left = Counter(old_of[n] for n in articles(G) if n in old_of)
    overlaps = []
    for cid, members in current.items():
        for old, shared in Counter(old_of[m] for m in members if m in old_of).items():
            if shared >= max(KEPT_ARTICLES, SAME_STORY * left[old]):
                overlaps.append((-shared, old, cid))
    kept: dict[int, int] = {}
    taken: set[int] = set()
    for _, old, cid in sorted(overlaps):
        if cid not in kept and old not in taken:
            kept[cid] = old
            taken.add(old)
    next_id = max([(previous or {}).get("next_id", 0), *(i + 1 for i in before)], default=0)
    new_ids = dict(kept)
    for cid in sorted(current, key=lambda c: (-len(current[c]), c)):
        if cid not in new_ids:
            new_ids[cid], next_id = next_id, next_id + 1
    labels = {new_ids[c]: (before[kept[c]]["label"] if c in kept else
                           G.nodes[current[c][0]].get("cluster_label", ""))
              for c in current}
    _unique(G, current, new_ids, labels, set(kept))
    for cid, members in current.items():
        for n in members:
            G.nodes[n].update(cluster=new_ids[cid], cluster_label=labels[new_ids[cid]])
    G.graph["next_story_id"] = next_id
    return {new_ids[c]: old for c, old in kept.items()}


def _unique(G, current, new_ids, labels, kept) -> None:
    """Make the fresh labels unique against the kept ones, by their story's first day
    written as a one-shot build writes it, before the topic in brackets ("Oregon · deaths
    · 7 May (Coronavirus in US)"), then by a number as cluster_labels does. A second
    build had written "Oregon · deaths (Coronavirus in US) · 2020-05-07" beside the first
    build's "South Dakota · deaths · 6 May": two forms in one file, the topic mid-label."""
    used = Counter(label.casefold() for label in labels.values())  # alike whatever the case
    for cid in sorted(current):
        label = labels[new_ids[cid]]
        if cid in kept or used[label.casefold()] < 2:
            continue
        members = current[cid]
        first = min((G.nodes[n].get("published") or "" for n in members), key=lambda d: d or "~")
        topics = {t for n in members for t in split_list(G.nodes[n].get("topics"))}
        head, topic = _topic_apart(label, topics)
        day, k = day_label(first), 2
        unique = f"{head} · {day}{topic}" if day else ""
        while not unique or used[unique.casefold()]:
            unique, k = f"{label} #{k}", k + 1
        used[label.casefold()] -= 1
        used[unique.casefold()] += 1
        labels[new_ids[cid]] = unique


def _topic_apart(label: str, topics: set[str]) -> tuple[str, str]:
    """("Oregon · deaths", " (Coronavirus in US)") when the label ends with one of its
    articles' ``topics`` in brackets, as cluster_labels dresses a label; (label, "")
    else (a title's own "(AP)" stays in it)."""
    head, sep, rest = label.rpartition(" (")
    if sep and rest.endswith(")") and rest[:-1] in topics:
        return head, f" ({rest[:-1]})"
    return label, ""


def changes(previous: dict, G: nx.MultiDiGraph) -> dict:
    """What changed from ``previous`` (a story_state) to G (whose stories relabel_stories
    has numbered): articles added and removed (how many, and which: ``new`` and ``gone``,
    by id); stories new (``split_from``: the stories its earlier articles were in),
    grown, shrunk, merged, split, dissolved (no longer a story, its articles still there:
    how many ``removed``, standing ``alone`` and ``now_in`` each other story) or gone
    (every article removed); outlets new and gone.
    JSON-ready; story lists by size, largest first. An article G holds under another id
    than before (moved_articles) is neither added nor removed."""
    now = story_state(G)
    previous = carried_over(previous, G)
    before = {s["id"]: s for s in previous["stories"]}
    after = {s["id"]: s for s in now["stories"]}
    old_articles, new_articles = set(previous["articles"]), set(now["articles"])
    old_of = {m: s["id"] for s in before.values() for m in s["members"]}
    new_of = {m: s["id"] for s in after.values() for m in s["members"]}

    def row(s: dict, **extra) -> dict:
        return {"id": s["id"], "label": s["label"], "articles": len(s["members"]), **extra}

    split, parts_of_splits = [], set()
    for s in before.values():
        parts = Counter(new_of[m] for m in s["members"] if m in new_of)
        left = sum(1 for m in s["members"] if m in new_articles)
        big = sorted(p for p, n in parts.items() if n >= SPLIT_SHARE * left)
        if len(big) >= 2:
            split.append(row(s, into=big))
            parts_of_splits.update(big)
    new, grew, shrank, merged = [], [], [], []
    split_ids = {r["id"] for r in split}
    for sid, s in after.items():
        came_from = Counter(old_of[m] for m in s["members"] if m in old_of)
        added = len(set(s["members"]) - old_articles)
        others = sorted(o for o in came_from if o != sid and o not in after)
        # It took in earlier stories that no longer stand on their own, and holds articles
        # of two or more earlier stories (what is left of one story is no merger).
        if others and len(came_from) >= 2 and sid not in parts_of_splits:
            # The stories it took in, as they were: their ids and labels are gone now.
            merged.append(row(s, merged=others, took_in=[row(before[o]) for o in others]))
        else:
            others = []
        if sid in before:
            change = len(s["members"]) - len(before[sid]["members"])
            # A story that split (keeping its id for one part) is said once, as split: it
            # was listed both "grew" and "split".
            if not others and change > 0 and sid not in split_ids:
                grew.append(row(s, added=change, new_articles=added))
            elif change < 0 and sid not in split_ids:  # it lost articles
                shrank.append(row(s, lost=-change))
        elif not others:
            # A new id, listed here whatever else is said of the stories its articles were
            # in: a story split off from those (or part of one that split).
            new.append(row(s, new_articles=added, split_from=sorted(came_from)))
    taken_in = {o for m in merged for o in m["merged"]}
    # A story no longer standing whose articles now make new stories: what is left of it
    # goes on under one new id, or it split into several.
    pieces: dict[int, list[int]] = defaultdict(list)
    for n in new:
        for o in n["split_from"]:
            if o not in after:
                pieces[o].append(n["id"])
    for o, into in pieces.items():
        if len(into) > 1 and o not in split_ids:
            split.append(row(before[o], into=sorted(into)))
            split_ids.add(o)
    # Every earlier story without its id now is said once: merged, split, or by what became
    # of its articles. "Gone" is a story whose articles were all removed; one whose articles
    # stand alone now, or make part of another story, is no longer a story, and says so (its
    # 2 articles still in the folder were listed "gone" after "0 removed").
    gone, dissolved = [], []
    for oid, s in before.items():
        if oid in after or oid in taken_in or oid in split_ids:
            continue
        homes = Counter(new_of.get(m) for m in s["members"] if m in new_articles)
        alone = homes.pop(None, 0)
        if not homes and not alone:
            gone.append(row(s))
        else:  # in no list before, or "gone" with its articles still there
            dissolved.append(row(s, removed=len(s["members"]) - alone - sum(homes.values()),
                                 alone=alone, now_in=[{"id": sid, "articles": n}
                                                      for sid, n in sorted(homes.items())]))

    def ranked(rows: list[dict]) -> list[dict]:
        return sorted(rows, key=lambda r: (-r["articles"], r["id"]))

    return {
        "articles": {"added": len(new_articles - old_articles),
                     "removed": len(old_articles - new_articles), "now": len(new_articles),
                     "new": sorted(new_articles - old_articles),
                     "gone": sorted(old_articles - new_articles)},
        "stories": {"new": ranked(new), "grew": ranked(grew), "shrank": ranked(shrank),
                    "merged": ranked(merged), "split": ranked(split),
                    "dissolved": ranked(dissolved), "gone": ranked(gone)},
        # New outlets biggest first, as "what is new since yesterday" reads them (sorted by
        # key, the 25 shown were one-article outlets, CBS Minnesota's 10 cut off).
        "outlets": {"new": sorted(set(now["outlets"]) - set(previous["outlets"]),
                                  key=lambda o: (-articles_of(G, o), o)),
                    "gone": sorted(set(previous["outlets"]) - set(now["outlets"]))},
    }
