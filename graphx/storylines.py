"""A story as a reader follows it: who reported first, who followed, which were copies."""

from __future__ import annotations

import networkx as nx

from .analysis import first_report, titled_live
from .model import ordering_time, split_list

ROLES = ("first", "follows", "copy", "roundup", "live")
UNDATED = "\uffff"  # sorts after any ISO date: undated articles close a timeline


def timeline(G: nx.Graph, members, *, first: str | None = None) -> list[dict]:
    """The articles `members` of one story in publication order, each as {"id", "role", "of"}.

    Undated articles come last; ties go by id. Roles: "first" for the first report
    (graphx.analysis.first_report: the earliest article that is itself about the story, not
    a round-up; the earliest of all when none qualifies);
    "copy" for a syndicated copy (the same non-empty `group`) of the first report when it
    is of that group, whether stamped before or after it (a mirror stamped minutes before
    the wire's own page is its copy), else of the earliest of its group, which "of" names;
    "roundup" for a round-up page (`roundup` true: a live-update page covering many
    stories, which opens no story), whatever text it shares; "live" for a page whose own
    title says it is a live page, a digest or a live stream, which first_report passes
    over whenever another member qualifies (so a reader sees why an earlier article is not
    the first report); "follows" for the rest.
    Graphs without a `roundup` attribute have no round-ups. "of" is "" except for copies.
    ``first`` names the first report when ``members`` are part of a story (a focus map):
    the whole story's, "" when it is not among them (then no member is "first").
    """
    order = sorted(members, key=lambda n: (ordering_time(G.nodes[n]) or UNDATED, n))
    roundup = {n: bool(G.nodes[n].get("roundup", False)) for n in order}
    if first is None:
        reported = first_report(G, order)
        first = min(reported) if reported else (order[0] if order else None)
    first = first or None
    originals: dict[str, str] = {}
    if first is not None and G.nodes[first].get("group"):
        originals[str(G.nodes[first]["group"])] = first
    # When the first report's own title says it is live, every member's did (first_report
    # passes such pages over only while another qualifies): then none is marked.
    passed_live = not (first is not None and titled_live(G.nodes[first]))
    rows = []
    for n in order:
        group = str(G.nodes[n].get("group") or "")
        original = originals.setdefault(group, n) if group else n
        if n == first:
            role = "first"
        elif roundup[n]:  # a round-up page is one, whatever text it shares
            role = "roundup"
        elif original != n:
            role = "copy"
        elif passed_live and titled_live(G.nodes[n]):
            role = "live"
        else:
            role = "follows"
        rows.append({"id": n, "role": role, "of": original if role == "copy" else ""})
    return rows


def outlets(G: nx.Graph, members) -> list[tuple[str, int]]:
    """(provider, articles) for the outlets of a story, most articles first, then the one
    that reported earlier, then by name; articles without a provider are not counted."""
    counts: dict[str, int] = {}
    earliest: dict[str, str] = {}
    for n in members:
        provider = str(G.nodes[n].get("provider") or "")
        if provider:
            counts[provider] = counts.get(provider, 0) + 1
            when = ordering_time(G.nodes[n]) or UNDATED
            earliest[provider] = min(earliest.get(provider, UNDATED), when)
    return sorted(counts.items(), key=lambda pc: (-pc[1], earliest[pc[0]], pc[0]))


def topics(G: nx.Graph, members, *, field: str = "topics") -> list[tuple[str, int]]:
    """(topic, articles) over a story's members, most common first then by name; `field`
    is the "; "-joined attribute to count ("topics" or "tags")."""
    counts: dict[str, int] = {}
    for n in members:
        for value in split_list(G.nodes[n].get(field)):
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))
