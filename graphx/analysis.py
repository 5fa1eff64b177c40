"""Story clusters, themes, first reports, centrality and rankings: pure functions over the graph.

Everything here reads story-level evidence only: ``related`` links and ``similar`` edges
between articles, and of those, for stories, only what graphx.roundups accepts as one
story's. Topics and providers are hubs (one topic can tag every article, one provider can
publish hundreds), so they never join two articles into one story; they are counted and
ranked, nothing more. ``add_analysis`` writes the results onto the graph as the attributes
docs/graph-model.md lists.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import networkx as nx

from .graph import SharedData, UnionFind, set_edge
from .labels import TitleVocabulary, article_topics, cluster_labels
from .model import (
    ARTICLE,
    HUB_KINDS,
    articles,
    articles_of,
    is_analysed,
    join_list,
    ordering_time,
    parse_utc,
    split_list,
    utc_hours,
)
from .outlets import squash
from .roundups import (
    MIN_STORIES_HINTED,
    StoryText,
    find_roundups,
    is_live_stream,
    says_roundup,
)
from .similar import article_text, set_groups, text_index
from .urls import site_domain, site_name, url_host
from .wording import readable_span
from .words import english_share, wire_headline

__all__ = [
    "add_analysis", "bridging", "centrality", "cluster_labels", "cluster_table",
    "clusters_from_graph", "first_report", "provider_ranking", "related_in_degree",
    "story_clusters", "story_graph", "story_pagerank", "titled_live", "topic_ranking",
    "top_stories",
]

#: The evidence (summed edge weight) Louvain's resolution is set against, whatever the
#: corpus's. Modularity compares a cluster with the whole graph, so in a big corpus it would
#: merge stories that happen to touch (its resolution limit) and in a small one split a
#: story in parts; holding the penalty at this scale keeps a story's cluster the same size
#: whatever else the corpus holds. Stories that only touch are cut apart by _split_thin.
STORY_WEIGHT = 1000.0


def _cluster_of(clusters: Sequence[set]) -> dict[str, int]:
    return {n: cid for cid, members in enumerate(clusters) for n in members}


#: Louvain resolution of the theme level: below 1 gathers stories into fewer, larger themes.
THEME_RESOLUTION = 1.0
#: A story's nearest stories in wording (centroid cosine at least THEME_SIMILARITY) join
#: its theme graph; each centroid keeps its THEME_TERMS heaviest words, so the comparison
#: stays cheap at any number of stories.
THEME_NEIGHBOURS, THEME_SIMILARITY, THEME_TERMS, THEME_COMMON = 3, 0.2, 20, 0.02


def _nearest_stories(G: nx.MultiDiGraph, clusters: Sequence[set]) -> dict:
    """(story a, story b) -> cosine of their word centroids, for each story's nearest ones.

    Words in more than THEME_COMMON of the centroids (and more than 50) are left out, so
    the products stay sparse: the cost grows with the stories, not with their square.
    """
    import numpy as np
    import scipy.sparse as sp

    n = len(clusters)
    if n < 2:
        return {}
    text = text_index(G)
    X = text.matrix
    rows = np.concatenate([[text.row[a] for a in sorted(c)] for c in clusters])
    owner = np.repeat(np.arange(n), [len(c) for c in clusters])
    C = (sp.csr_matrix((np.ones(len(rows)), (owner, rows)), shape=(n, X.shape[0])) @ X).tocsr()
    df = np.bincount(C.indices, minlength=C.shape[1])
    rare = (df <= max(50, THEME_COMMON * n)).astype(C.dtype)
    C = (C @ sp.diags(rare)).tocsr()
    C.eliminate_zeros()
    # Keep each centroid's heaviest words, then normalise.
    data, cols, ptr = [], [], [0]
    for k in range(n):
        d, c = C.data[C.indptr[k]:C.indptr[k + 1]], C.indices[C.indptr[k]:C.indptr[k + 1]]
        top = np.argsort(-d, kind="stable")[:THEME_TERMS]
        data.append(d[top] / max(float(np.linalg.norm(d[top])), 1e-12))
        cols.append(c[top])
        ptr.append(ptr[-1] + len(top))
    C = sp.csr_matrix((np.concatenate(data), np.concatenate(cols), ptr), shape=C.shape)
    near = {}
    step = 1000
    for start in range(0, n, step):
        S = (C[start:start + step] @ C.T).tocsr()
        for k in range(S.shape[0]):
            cols, sims = S.indices[S.indptr[k]:S.indptr[k + 1]], S.data[S.indptr[k]:S.indptr[k + 1]]
            good = (cols != start + k) & (sims >= THEME_SIMILARITY)
            cols, sims = cols[good], sims[good]
            for at in np.lexsort((cols, -sims))[:THEME_NEIGHBOURS]:
                a, b = sorted((start + k, int(cols[at])))
                near[a, b] = float(sims[at])
    return near


def _louvain_of_groups(edges: Sequence[tuple[int, int, float]], group: Sequence[str], *,
                       resolution: float, seed: int, apart=frozenset(),
                       split: bool = False, touching=None) -> list[set]:
    """_louvain (then, with ``split``, _split_thin, ``touching`` its wider evidence) with
    each syndication group's copies
    (but those in ``apart``) as one node, its edges summed and those among its copies a
    loop: the copies end in one story anyway (_with_copies), and the modularity of a
    partition that keeps them together is the same on either graph. One wire story carried
    by 3,000 outlets was a path of 3,000 nodes, on which Louvain took 20 s and the thin-cut
    sweep 511 dense eigensolves; it is one node now."""
    lead: dict[str, int] = {}
    for i, g in enumerate(group):
        if g and i not in apart:
            lead.setdefault(g, i)

    def node(i: int) -> int:
        return lead[group[i]] if group[i] and i not in apart else i

    def contract(edges):
        summed: dict[tuple[int, int], float] = defaultdict(float)
        for i, j, w in edges:
            summed[min(node(i), node(j)), max(node(i), node(j))] += w
        return [(a, b, w) for (a, b), w in summed.items()]

    held: dict[int, set] = defaultdict(set)
    for i, j, _ in edges:
        held[node(i)].add(i)
        held[node(j)].add(j)
    contracted = contract(edges)
    parts = _dense_joined(_louvain(contracted, resolution=resolution, seed=seed), edges, node)
    found = [set().union(*(held[n] for n in part)) for part in parts]
    if not split:
        return found
    # A story's thin cuts are looked for among its articles; a cluster too large for a
    # dense sweep (mostly one wire text's copies, as a rule) among its copies' groups.
    small = [c for c in found if len(c) <= SWEEP_ARTICLES]
    large = [p for p, c in zip(parts, found, strict=True) if len(c) > SWEEP_ARTICLES]
    cut = _split_thin(contracted, large, keep_single=True,
                      touching=None if touching is None else contract(touching)) if large else []
    return [*_split_thin(edges, small, touching=touching),
            *(c for part in cut if len(c := set().union(*(held[n] for n in part))) > 1)]


#: Two of Louvain's parts are one story when evidence joins at least this share of the
#: pairs of their articles: as densely as a story's own articles are joined.
DENSE_SHARE = 0.5


def _dense_joined(parts: list[set], edges: Sequence[tuple[int, int, float]], node) -> list[set]:
    """``parts`` (sets of ``node(i)`` of articles i) with any two whose articles are joined
    by ``edges`` in DENSE_SHARE of their pairs made one, again until no two are. Modularity
    splits a clique: 40 reports of one event, each listing the 39 others as related and
    written in five headlines (five groups of copies, each a heavy node), were five parts,
    then each article a round-up of five stories, and there was no story at all."""
    if len(parts) < 2:
        return parts
    part_of = {n: k for k, part in enumerate(parts) for n in part}
    size = [0] * len(parts)
    for i in {a for e in edges for a in e[:2]}:  # each article with evidence, once
        size[part_of[node(i)]] += 1
    near: list[Counter] = [Counter() for _ in parts]  # part -> other part -> pairs joined
    for i, j, _ in edges:
        a, b = part_of[node(i)], part_of[node(j)]
        if a != b:
            near[a][b] += 1
            near[b][a] += 1
    root = list(range(len(parts)))
    todo = [-k for k in range(len(parts)) if near[k]]  # the highest part first
    heapq.heapify(todo)
    while todo:
        a = -heapq.heappop(todo)
        if root[a] != a:
            continue
        b = next((b for b in sorted(near[a]) if near[a][b] >= DENSE_SHARE * size[a] * size[b]),
                 None)
        if b is None:
            continue
        keep, gone = min(a, b), max(a, b)  # gone's pairs move to keep
        for other, pairs in near[gone].items():
            del near[other][gone]
            if other != keep:
                near[keep][other] += pairs
                near[other][keep] += pairs
        near[gone] = Counter()
        size[keep] += size[gone]
        root[gone] = keep
        heapq.heappush(todo, -keep)

    def find(k: int) -> int:
        while root[k] != k:
            k = root[k]
        return k

    out: dict[int, set] = defaultdict(set)
    for k, part in enumerate(parts):
        out[find(k)] |= part
    return [out[k] for k in sorted(out)]


def _louvain(edges: Sequence[tuple[int, int, float]], *, resolution: float, seed: int) -> list[set]:
    """Louvain communities of the graph of ``edges`` (i, j, weight), in no set order."""
    S = nx.Graph()
    S.add_nodes_from(sorted({i for e in edges for i in e[:2]}))
    S.add_weighted_edges_from(sorted(edges))
    total = S.size(weight="weight")
    if not total:
        return []
    gamma = resolution * total / STORY_WEIGHT
    # Modularity gains c - gamma * d1 * d2 / (2 * total) by joining two parts of summed
    # degrees d1, d2 that share link weight c. When a component's weakest link beats that
    # penalty for its most even split (d1 = d2 = D / 2), every split loses to the whole
    # component, so Louvain would keep it whole: it only runs on the other components.
    whole, rest = [], set()
    for component in nx.connected_components(S):
        degree = sum(d for _, d in S.degree(component, weight="weight"))
        weakest = min(w for _, _, w in S.edges(component, data="weight"))
        if weakest > gamma * degree * degree / (8 * total):
            whole.append(component)
        else:
            rest |= component
    H = nx.Graph()
    H.add_nodes_from(sorted(rest))
    H.add_weighted_edges_from(
        sorted((min(i, j), max(i, j), w) for i, j, w in S.edges(rest, data="weight"))
    )
    rest_total = H.size(weight="weight")
    parts = nx.community.louvain_communities(
        H, weight="weight", resolution=gamma * rest_total / total, seed=seed
    ) if rest_total else []
    return [set(c) for c in (*whole, *parts)]


#: Evidence between articles more than LATER_HOURS apart joins them only from this weight
#: up (a related link, or text this alike): a day later, the same official or place in
#: lightly similar words is most often another development.
LATER_HOURS, LATER_WEIGHT = 24.0, 0.5
#: The most articles a cluster may have for its thin cuts to be looked for article by
#: article (a dense eigensolve, cubic in its size); a larger one is swept by its syndication
#: groups (_louvain_of_groups), each as one node.
SWEEP_ARTICLES = 300
#: A cluster is cut in two where the evidence across the cut is under this share of the
#: evidence of its smaller side (the cut's conductance): two stories that touch, not one.
THIN_CUT = 0.06


def _split_thin(edges: Sequence[tuple[int, int, float]], clusters: list[set], *,
                keep_single: bool = False, touching=None) -> list[set]:
    """``clusters`` cut, again and again, at their thinnest place while it is under THIN_CUT.

    The place is found by a spectral sweep (the Fiedler vector of the cluster's normalised
    Laplacian, members in its order, every prefix tried): cheap for story-sized clusters,
    and a dense story has no thin cut to find. Parts of one node leave the clusters (unless
    ``keep_single``: a node that stands for a syndication group's copies is a story).

    ``touching`` (default ``edges``) is the wider evidence (graphx.roundups' pointing: every
    link and similar edge but template wording's) a cut must be thin in too. Evidence whose
    headlines' names do not agree is no story's for Louvain, but a thin cut of ``edges``
    alone is no sign of two stories when that evidence crosses it thickly: one election
    call, 24 articles, split where "..., AP race call shows" met "..., Edison projects"
    (the corpus's common names shared, each naming its own source), its first report out
    of the larger part.
    """
    import numpy as np

    inner: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    wide: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    where = {i: k for k, members in enumerate(clusters) for i in members}
    for into, given in ((inner, edges), (wide, edges if touching is None else touching)):
        for i, j, w in given:
            if i in where and where[i] == where.get(j):
                into[where[i]].append((i, j, w))
    done, todo = [], [(sorted(c), inner[k], wide[k]) for k, c in enumerate(clusters)]
    while todo:
        members, links, near = todo.pop()
        if len(members) < 4:
            done.append(set(members))
            continue
        at = {i: k for k, i in enumerate(members)}
        W = np.zeros((len(members), len(members)))
        for i, j, w in links:
            W[at[i], at[j]] += w
            W[at[j], at[i]] += w
        degree = W.sum(axis=1)
        scale = 1 / np.sqrt(np.maximum(degree, 1e-12))
        _, vectors = np.linalg.eigh(np.eye(len(members)) - scale[:, None] * W * scale[None, :])
        order = np.argsort(vectors[:, 1] * scale, kind="stable")
        inside = np.zeros(len(members), dtype=bool)
        cut, volume, total = 0.0, 0.0, degree.sum()
        best, where_best = np.inf, 0
        for k, m in enumerate(order[:-1]):
            cut += degree[m] - 2 * W[m, inside].sum()
            inside[m] = True
            volume += degree[m]
            conductance = cut / max(min(volume, total - volume), 1e-12)
            if conductance < best:
                best, where_best = conductance, k + 1
        side = set(order[:where_best].tolist())
        first = {members[k] for k in side}
        if best >= THIN_CUT or _conductance(near, first) >= THIN_CUT:
            done.append(set(members))
            continue
        for part in (first, set(members) - first):
            todo.append((sorted(part), [e for e in links if e[0] in part and e[1] in part],
                         [e for e in near if e[0] in part and e[1] in part]))
    return [c for c in done if len(c) > 1 or keep_single]


def _conductance(edges: Sequence[tuple[int, int, float]], side: set) -> float:
    """The weight of ``edges`` across the cut of ``side`` from the rest of their nodes, as
    a share of the smaller side's summed degree (inf when a side has none)."""
    cut = volume = total = 0.0
    for i, j, w in edges:
        total += 2 * w
        volume += w * ((i in side) + (j in side))
        cut += w if (i in side) != (j in side) else 0.0
    smaller = min(volume, total - volume)
    return cut / smaller if smaller > 0 else float("inf")


class _Stories:
    """A graph's story-level evidence, read once: articles numbered 0..n-1 in id order.

    Integer nodes keep Louvain independent of string hashing (so of PYTHONHASHSEED) and
    make the passes over 100k articles cheap. ``graph`` holds every link and similar edge;
    clustering reads only the evidence graphx.roundups accepts as one story's.
    """

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.articles = articles(G)
        index = {a: i for i, a in enumerate(self.articles)}
        self.related: list[tuple[int, int]] = []
        self.similar: list[tuple[int, int, float]] = []
        # Adjacency, not G.edges: the graph has several times more hub edges than story edges.
        for u, targets in G.adjacency():
            i = index.get(u)
            if i is None:
                continue
            for v, keys in targets.items():
                j = index.get(v)
                if j is not None and "related" in keys:
                    self.related.append((i, j))
                if j is not None and "similar" in keys:
                    self.similar.append((i, j, float(keys["similar"].get("score", 0.0))))
        weight: Counter = Counter()
        for i, j in self.related:
            weight[min(i, j), max(i, j)] += 1.0
        for i, j, score in self.similar:
            weight[min(i, j), max(i, j)] += score
        edges = sorted((i, j, w) for (i, j), w in weight.items() if w > 0)
        self.graph = nx.Graph()  # articles with evidence only
        self.graph.add_nodes_from(sorted({i for e in edges for i in e[:2]}))
        self.graph.add_weighted_edges_from(edges)
        self.text = StoryText(G, self.articles, only=self.graph.nodes)
        self._regroup(G)
        # Every article's syndication group, with similar edges or not: the index pairs a
        # copy with at most eight others, and a wire story's 30th copy may be left with none.
        self.group = [G.nodes[a].get("group") or "" for a in self.articles]
        text = self.text
        self.pointing = [(i, j, w) for i, j, w in edges
                         if not text.template_only(i, j) and not text.far_apart(i, j)]
        self.evidence = [(i, j, w) for i, j, w in self.pointing if text.same_story(i, j)
                         and (w >= LATER_WEIGHT or not text.apart(i, j, LATER_HOURS))]
        self.roundups: set[int] = set()

    def _regroup(self, G: nx.MultiDiGraph) -> None:
        """Syndication groups (graphx.similar) hold copies of one article, so a pair whose
        titles name different places or people, or different days, is not a copy, however
        alike the text (nor one outlet's two pages whose headlines give other figures):
        fill-in-the-blank reports ("Oklahoma reports 5 more COVID-19 deaths" beside
        Arkansas's, same excerpt) were grouped as wire copies. Such pairs lose
        ``syndicated``; the groups are made again from the pairs left."""
        text, arts = self.text, self.articles
        copies, split = [], []
        for i, j, _ in self.similar:
            data = G[arts[i]][arts[j]]["similar"]
            if data.get("syndicated"):
                # A week apart, or datelines of other days ("ALPHARETTA, Ga., June 6" and
                # "June 13"): one company's two press releases of one template, not a copy.
                agree = (text.names_agree(i, j) and not text.other_days(i, j)
                         and not text.far_apart(i, j) and not text.other_datelines(i, j))
                fi, fj = text.figures(i), text.figures(j)
                if agree and text.outlet[i] == text.outlet[j]:
                    # One outlet's two pages: a republished article says the same figures
                    # ("Dow up about 200 points" and "nearly 400" are two moments of a day),
                    # and a live page is not a copy of the post it leads with. An update
                    # adds figures to its excerpt ("UPDATE 1-" with "aged 18 and older"),
                    # where its headline has none; it takes none away.
                    agree = (text.same_figures(i, j)
                             and not text.hint[i] and not text.hint[j])
                elif agree and fi and fj and not fi & fj:
                    # Two outlets' reports with no figure in common: a daily report's days
                    # ("Oklahoma reports 5 / 7 / 12 more deaths"), not one wire copy.
                    agree = False
                (copies if agree else split).append((i, j))
        if not split:
            return
        shared = SharedData()
        for i, j in split:
            data = G[arts[i]][arts[j]]["similar"]
            set_edge(G, arts[i], arts[j], "similar", shared(**{**data, "syndicated": False}))
        groups = UnionFind()
        for i, j in copies:
            groups.union((arts[i], arts[j]))
        set_groups(G, arts, groups.sets())
        text.group = [G.nodes[a]["group"] for a in arts]

    def clusters(self, *, resolution: float, seed: int) -> list[set]:
        """Stories of two or more articles, round-ups attached, largest first (see story_clusters).

        A first clustering tells which stories each article's evidence points at; the
        round-ups among them (graphx.roundups; a wire copy of an article is not another
        story it points at) are left out of a second one, then each joins the story it has
        most evidence with, an article of no other story counting as a story of its own.
        """
        first = _louvain_of_groups(self.evidence, self.group, resolution=resolution, seed=seed)
        story_of = [-1] * len(self.articles)
        for cid, members in enumerate(first):
            for i in members:
                story_of[i] = cid
        neighbours: list[dict[int, float]] = [{} for _ in self.articles]
        group, text = self.text.group, self.text
        # Alike text alone points at no story when the two headlines name other subjects
        # (names_agree): five companies' results of one day, each "X beats quarterly
        # revenue estimates as ...", made Microsoft's two reports round-ups of the other
        # four companies' stories, and two round-ups make no story. A link still points.
        linked = {(min(i, j), max(i, j)) for i, j in self.related}
        for i, j, w in self.pointing:
            if group[i] and group[i] == group[j]:  # a wire copy is the article itself
                continue
            if (i, j) in linked or text.names_agree(i, j):
                neighbours[i][j] = neighbours[j][i] = w
        self.roundups = find_roundups(neighbours, story_of, self.text.hint, self.text.several,
                                      apart_of=self._apart_of(neighbours, resolution, seed))
        rest = [e for e in self.evidence if e[0] not in self.roundups and e[1] not in self.roundups]
        stories = self._with_copies(_louvain_of_groups(
            rest, self.group, resolution=resolution, seed=seed, apart=self.roundups,
            split=True, touching=[e for e in self.pointing
                                  if e[0] not in self.roundups and e[1] not in self.roundups]))
        story_of = [-1] * len(self.articles)
        for cid, members in enumerate(stories):
            for i in members:
                story_of[i] = cid
        # A round-up joins the story it has most evidence with; an article in no story is
        # one of its own here (a live page's lead item, covered by one outlet), so the two
        # make a story, never a round-up alone or round-ups together.
        pull: dict[int, Counter] = defaultdict(Counter)
        for i, j, w in self.evidence:
            for r, other in ((i, j), (j, i)):
                if r in self.roundups and other not in self.roundups:
                    pull[r][story_of[other] if story_of[other] >= 0 else -1 - other] += w
        alone: dict[int, int] = {}  # an article in no story -> the story it now starts
        for r in sorted(pull):
            best = min(pull[r].items(), key=lambda kv: (-kv[1], kv[0] < 0, abs(kv[0])))[0]
            if best < 0:
                if -1 - best not in alone:
                    alone[-1 - best] = len(stories)
                    stories.append({-1 - best})
                best = alone[-1 - best]
            stories[best].add(r)
        clusters = [{self.articles[i] for i in c} for c in stories if len(c) > 1]
        clusters.sort(key=lambda c: (-len(c), min(c)))
        return clusters

    def _apart_of(self, neighbours, resolution: float, seed: int) -> dict[int, list[int]]:
        """Each article whose headline lists items (roundups.lists_several) and whose
        evidence could reach several stories -> every article's story in a first clustering
        without those articles: the stories its items are otherwise (find_roundups)."""
        listing = {i for i, links in enumerate(neighbours)
                   if len(links) >= MIN_STORIES_HINTED and self.text.lists[i]}
        if not listing:
            return {}
        story_of = [-1] * len(self.articles)
        for cid, members in enumerate(_louvain_of_groups(
                [e for e in self.evidence if e[0] not in listing and e[1] not in listing],
                self.group, resolution=resolution, seed=seed, apart=listing)):
            for i in members:
                story_of[i] = cid
        return dict.fromkeys(listing, story_of)

    def _with_copies(self, stories: list[set]) -> list[set]:
        """``stories`` with each syndication group's copies in one story: copies of one
        article are one story however Louvain or a thin cut divided them (a wire story
        carried by 30 outlets made three stories of its 8-neighbour similar edges). The
        stories holding a group's copies become one, its copies in no story join it, and a
        group in no story is one of its own; round-ups' copies are attached later."""
        copies: dict[str, list[int]] = defaultdict(list)
        for i, gid in enumerate(self.group):
            if gid and i not in self.roundups:
                copies[gid].append(i)
        if not copies:
            return stories
        story_of = {i: s for s, members in enumerate(stories) for i in members}
        joined = UnionFind()
        stories = [set(s) for s in stories]
        for gid in sorted(copies):
            members = sorted(copies[gid])
            held = sorted({story_of[i] for i in members if i in story_of})
            if not held:
                held = [len(stories)]
                stories.append(set())
            target = joined.union(held)
            for i in members:
                if i not in story_of:
                    stories[target].add(i)
                    story_of[i] = target
        merged: dict[int, set] = defaultdict(set)
        for s, members in enumerate(stories):
            merged[joined.find(s)] |= members
        return [members for _, members in sorted(merged.items()) if len(members) > 1]

    def themes(self, G: nx.MultiDiGraph, clusters: Sequence[set], *, seed: int) -> list[set]:
        """Themes as sets of article ids: Louvain communities of the stories, joined by the
        links and similar edges between their articles and by their nearest stories in wording.

        Stories that share coverage (a link, a similar pair the story evidence refused, a
        round-up) or words ("jobless claims", "meat plant") fall in one theme. An article
        in no cluster is a story of its own here, so it joins the theme its links lead to;
        one with no link at all is in no theme. Ordered by size, ties by smallest member.
        """
        unit = [-1] * len(self.articles)  # each article's story: a cluster, or itself
        index = {a: i for i, a in enumerate(self.articles)}
        for cid, members in enumerate(clusters):
            for a in members:
                unit[index[a]] = cid
        weight: Counter = Counter()
        for i, j, w in self.graph.edges(data="weight"):
            a = unit[i] if unit[i] >= 0 else len(clusters) + i
            b = unit[j] if unit[j] >= 0 else len(clusters) + j
            if a != b:
                weight[min(a, b), max(a, b)] += w
        for pair, sim in _nearest_stories(G, clusters).items():
            weight[pair] += sim
        T = nx.Graph()
        T.add_nodes_from(range(len(clusters)))
        T.add_weighted_edges_from(sorted((a, b, w) for (a, b), w in weight.items()))
        parts = nx.community.louvain_communities(
            T, weight="weight", resolution=THEME_RESOLUTION, seed=seed) if weight else [
            {c} for c in range(len(clusters))]
        themes = []
        for part in parts:
            members = set()
            for u in part:
                members |= clusters[u] if u < len(clusters) else {self.articles[u - len(clusters)]}
            themes.append(members)
        themes.sort(key=lambda t: (-len(t), min(t)))
        return themes

    def pagerank(self, *, alpha: float = 0.85, tol: float = 1e-6) -> dict[str, float]:
        """networkx's PageRank (same teleport, dangling and stopping rules) on sparse arrays.

        Building a 100k-node DiGraph for nx.pagerank costs more than the ranking itself.
        """
        import numpy as np
        import scipy.sparse as sp

        n = len(self.articles)
        if not n:
            return {}
        sim = np.array(self.similar, dtype=float).reshape(-1, 3)
        rel = np.array(self.related, dtype=float).reshape(-1, 2)
        # A related link votes for the article it lists; similarity has no direction.
        rows = np.concatenate([rel[:, 0], sim[:, 0], sim[:, 1]]).astype(np.int64)
        cols = np.concatenate([rel[:, 1], sim[:, 1], sim[:, 0]]).astype(np.int64)
        weights = np.concatenate([np.ones(len(rel)), sim[:, 2], sim[:, 2]])
        keep = weights > 0
        rows, cols, weights = rows[keep], cols[keep], weights[keep]
        out = np.bincount(rows, weights, minlength=n)
        M = sp.csr_array((weights / out[rows], (rows, cols)), shape=(n, n))  # rows sum to 1
        dangling = out <= 0
        x = np.full(n, 1.0 / n)
        for _ in range(100):
            last = x
            x = alpha * (x @ M + x[dangling].sum() / n) + (1 - alpha) / n
            if np.abs(x - last).sum() < n * tol:
                break
        return dict(zip(self.articles, x.tolist(), strict=True))

    def related_in(self) -> dict[str, int]:
        """Article -> how many articles list it as related."""
        counts = Counter(j for _, j in self.related)
        return {a: counts[i] for i, a in enumerate(self.articles)}

    def bridging(self, clusters: Sequence[set]) -> dict[str, float]:
        """Article -> participation coefficient of its story links (see bridging)."""
        cluster_of = _cluster_of(clusters)
        group = [cluster_of.get(a, -1 - i) for i, a in enumerate(self.articles)]
        scores = dict.fromkeys(self.articles, 0.0)
        for i, neighbours in self.graph.adjacency():
            into: Counter = Counter()
            for j, data in neighbours.items():
                into[group[j]] += data["weight"]
            total = sum(into.values())
            scores[self.articles[i]] = 1.0 - sum((w / total) ** 2 for w in into.values())
        return scores


def story_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Every article, joined with weight = related links (1 each way) + similar score."""
    stories = _Stories(G)
    S = nx.Graph()
    S.add_nodes_from(stories.articles)
    S.add_weighted_edges_from(
        (stories.articles[i], stories.articles[j], w)
        for i, j, w in stories.graph.edges(data="weight")
    )
    return S


def story_clusters(G: nx.MultiDiGraph, *, resolution: float = 1.0, seed: int = 0) -> list[set]:
    """Stories as sets of article ids: Louvain communities of the story graph.

    Ordered by size (largest first), ties by smallest member id; a cluster's id is its
    position. Articles without evidence, or left alone by Louvain, are in no cluster.
    Higher ``resolution`` gives smaller clusters. Same graph and seed, same clusters.
    """
    return _Stories(G).clusters(resolution=resolution, seed=seed)


def story_pagerank(G: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank over articles: a related link votes for the article it lists, similar both ways."""
    return _Stories(G).pagerank()


def related_in_degree(G: nx.MultiDiGraph) -> dict[str, int]:
    """How many other articles list each article as related."""
    return _Stories(G).related_in()


def bridging(G: nx.MultiDiGraph, clusters: Sequence[set]) -> dict[str, float]:
    """How evenly each article's story links spread over clusters, 0 (one) to near 1 (many).

    The participation coefficient 1 - sum_c (w_c / w)^2, w_c being the link weight into
    cluster c (an unclustered neighbour is a cluster of its own). One pass over the edges,
    where betweenness would cost minutes on a large corpus.
    """
    return _Stories(G).bridging(clusters)


#: A member is about its story when its words are at least this share as close to the rest
#: of the story as the typical member's are (see first_report).
ABOUT = 0.5
#: A story whose typical member has this share of English stop words is told in English;
#: a member with less than OTHER_LANGUAGE of them is in another language (words.english_share).
ENGLISH, OTHER_LANGUAGE = 0.2, 0.05


def first_report(G: nx.MultiDiGraph, members) -> list[str]:
    """The story's first report: its earliest member that is itself about the story.

    Round-ups (``roundup``) cover other stories too, a live stream's page announces an
    event before it is reported (unless every member is one), and a member whose title and
    excerpt are further from the rest of the story than ABOUT times the median member's
    (the copies of one wire text counting once) is only about it in passing: none is a
    first report. Returns the qualifying members
    published at the earliest time (usually one), or [] when none is dated.
    """
    nodes = G.nodes
    # Asked once per story by the report, the story list, the outlet ranking and the map:
    # kept while G's nodes and edges stay the same (networkx empties __networkx_cache__
    # on any change; see similar.text_index), for members whose dates and titles are too.
    found = getattr(G, "__networkx_cache__", None)
    known = found.setdefault(_FIRST_REPORTS, {}) if found is not None else {}
    key = tuple(sorted((n, ordering_time(nodes[n]), bool(nodes[n].get("roundup")),
                        (nodes[n].get("title") or ""), nodes[n].get("titles") or "",
                        nodes[n].get("original") or "", bool(nodes[n].get("has_file", True)),
                        nodes[n].get("url") or "", nodes[n].get("urls") or "")
                       for n in members))
    if key not in known:
        known[key] = _first_report(G, members)
    return list(known[key])


_FIRST_REPORTS = "graphx.analysis.first_report"


def _first_report(G: nx.MultiDiGraph, members) -> list[str]:
    nodes = G.nodes
    inside = set(members)
    # A copy that names its original in the story (``original``: MSN's of Reuters') is
    # that article again, not a report of its own, however early its partner dated it.
    # Likewise a syndication group's copies when the wire their datelines name is in the
    # story ("SAN JOSE, Oct. 27 /PRNewswire/ -- ..."): a mirror stamped two minutes before
    # the release was its first reporter.
    wired = _wire_copies(G, members)
    dated = sorted((ordering_time(nodes[n]), n) for n in members
                   if nodes[n].get("published") and not nodes[n].get("roundup")
                   and nodes[n].get("original") not in inside and n not in wired)
    # Every title a node had counts: a page that was "England v Denmark – live" before it
    # was "... as it happened" is dated by the live version.
    reports = [(p, n) for p, n in dated
               if not any(map(is_live_stream, _every_title(nodes[n])))]
    dated = reports or dated
    # Copies of one wire text (a syndication group, graphx.similar) are one text here: three
    # carriers of Reuters' story made Bloomberg's earlier, independently worded report
    # read as a passing mention, their closeness to each other the story's typical one.
    texts = {}
    for _, n in dated:
        texts.setdefault(nodes[n].get("group") or n, n)
    if len(texts) > 2:
        said = _aboutness(G, list(texts.values()))
        about = {n: said[texts[nodes[n].get("group") or n]] for _, n in dated}
        typical = sorted(said.values())[len(said) // 2]
        # Words tell a passing mention only in the story's own language: a report in
        # German (Handelsblatt's, first of an English-covered story) shares none of them.
        english = {n: english_share(article_text(nodes[n])) for _, n in dated}
        usual = sorted(english.values())[len(english) // 2]
        dated = [(p, n) for p, n in dated if about[n] >= ABOUT * typical
                 or (usual >= ENGLISH and english[n] < OTHER_LANGUAGE)]
    # A page whose title says it is a live page or a digest ("The Latest: Moderna vaccine
    # to enter phase 2", "Live updates: ...", "What you need to know about ...") is no first
    # report while a member is none, even when its evidence reached one story only (so it
    # was no marked round-up). "UPDATE: 507 deaths reported" is a report like any other.
    reports = [(p, n) for p, n in dated if not any(map(says_roundup, _every_title(nodes[n])))]
    dated = reports or dated
    # An article no input file holds is dated only by the related entry that listed it:
    # one mistaken or planted entry could make any site the story's originator (National
    # Observer "at 2020-05-06 08:00" from one CTV entry, its own address saying
    # /2020/05/07/). One whose address names a day that time cannot fall on is no first
    # report while a member is; one with no such check stays first (of 697 covid entries
    # for pages that have files, 650 give the file's own time and 4 one over an hour
    # earlier), and the report's sentence says it is known only from related entries.
    checked = [(p, n) for p, n in dated
               if nodes[n].get("has_file", True) or not date_contradicted(nodes[n])]
    dated = checked or dated
    return [n for p, n in dated if p == dated[0][0]] if dated else []


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: A date in a URL's path: /2020/05/07/, 2020-05-07, /20200507/, /2020/may/07/.
_URL_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d\d)(?:([/-])(\d{1,2})\2(\d{1,2})|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
    rf"|/({'|'.join(_MONTHS)})[a-z]*/(\d{{1,2}}))(?![\d])", re.IGNORECASE)


def url_date(url: str) -> str:
    """The date an address's path names ("YYYY-MM-DD": ".../2020/05/07/features/...",
    "...-20200506-...", "/2020/may/07/"), its first when it names several; or ""."""
    path = url.split("?")[0].split("#")[0]
    for m in _URL_DATE.finditer(path):
        year, _, month, day, cmonth, cday, word, wday = m.groups()
        month = month or cmonth or (str(_MONTHS.index(word.casefold()[:3]) + 1) if word else "")
        day = day or cday or wday
        try:
            return datetime(int(year), int(month), int(day)).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return ""


def date_contradicted(attrs: dict) -> bool:
    """Whether an article's own address says it cannot have appeared when it is dated: its
    URLs name a date (url_date) and none is a day its time fell on in any time zone (UTC-12
    to UTC+14), or, dated by its day alone (``day_only``), none is that day. False when
    no URL names a date (nothing says otherwise) or it has no time."""
    published = attrs.get("published") or ""
    at = parse_utc(published)
    days = {day for url in [attrs.get("url") or "", *split_list(attrs.get("urls") or "")]
            if (day := url_date(url))}
    if at is None or not days:
        return False
    for day in days:
        if attrs.get("day_only"):
            if published[:10] == day:
                return False
            continue
        start = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC)
        if start - timedelta(hours=14) <= at < start + timedelta(hours=36):
            return False
    return True


#: Wire services and release services as their copies' datelines name them, and their sites.
WIRE_DATELINES = {
    "prnewswire": "prnewswire.com", "business wire": "businesswire.com",
    "globenewswire": "globenewswire.com", "globe newswire": "globenewswire.com",
    "accesswire": "accesswire.com", "ein presswire": "einpresswire.com",
    "newsfile": "newsfilecorp.com", "cnw": "newswire.ca",
    "reuters": "reuters.com", "ap": "apnews.com", "associated press": "apnews.com",
    "afp": "afp.com", "upi": "upi.com", "bloomberg": "bloomberg.com",
}
_WIRES = "|".join(sorted(WIRE_DATELINES, key=len, reverse=True))
#: A dateline naming its wire: "/PRNewswire/", "(GLOBE NEWSWIRE) --", "(Reuters) -".
_WIRE_NAMED = re.compile(rf"(?i)/\s*({_WIRES})\s*/|\(({_WIRES})\)")
#: Any dateline's name in slashes or brackets ("(ANI)", "(Xinhua) --", "/PRWeb/"): the wire
#: when it is the name of a member's outlet (the lists above can never hold every wire).
_DATELINE_NAME = re.compile(r"/\s*([^\W\d_][\w .&'-]{1,40}?)\s*/|\(([^\W\d_][\w .&'-]{1,40}?)\)")


#: Hours by which a copy's time may come before its wire's own page and still be a copy
#: of it (a mirror's clock, an aggregator's stamp), not an earlier version.
WIRE_SKEW = 1.0


def _wire_copies(G: nx.MultiDiGraph, members) -> set[str]:
    """The members that are copies of a wire's text the story holds from the wire itself:
    the other members of a syndication group whose excerpts' datelines name the wire of
    one of them ("/PRNewswire/", "(Reuters)")."""
    nodes = G.nodes
    groups: dict[str, list[str]] = {}
    for n in members:
        if nodes[n].get("group"):
            groups.setdefault(nodes[n]["group"], []).append(n)
    copies: set[str] = set()
    for group in groups.values():
        heads = [(nodes[n].get("excerpt") or "")[:120] for n in group]
        named = {WIRE_DATELINES[m.group(m.lastindex).casefold()]
                 for head in heads if (m := _WIRE_NAMED.search(head))}
        said = {squash(m.group(m.lastindex)) for head in heads
                for m in _DATELINE_NAME.finditer(head)} - {""}
        # A member under the wire's own name is as good as a dateline naming it: the
        # aggregator often cuts the dateline from the excerpt ("Associated Press" on
        # yahoo.com, "Reuters" on msn.com, stamped minutes before the wire's own page).
        named |= {WIRE_DATELINES[key] for n in group
                  if (key := " ".join((nodes[n].get("provider_name") or "").casefold().split()))
                  in WIRE_DATELINES}
        # The wire's own site is the wire; an outlet only named like it ("Associated
        # Press" on yahoo.com, hosting AP's text) is when no member is on the wire's site:
        # Yahoo's copy stamped minutes before apnews.com's page was its story's first report.
        wires = [n for n in group
                 if _page_site(nodes[n]) in named or _named_in(nodes[n], said, by="site")]
        wires = wires or [n for n in group if _named_in(nodes[n], said, by="name")]
        if not wires:
            continue
        # A copy earlier by a clock's slip, not by hours: a wire page dated 34 h after its
        # copies was reissued, and the copies keep their place.
        start = min((h for n in wires if (h := utc_hours(ordering_time(nodes[n]))) is not None),
                    default=None)
        for n in group:
            at = utc_hours(ordering_time(nodes[n]))
            if n not in wires and (start is None or at is None or at >= start - WIRE_SKEW):
                copies.add(n)
    return copies


def _page_site(attrs: dict) -> str:
    """The site an article's page is on, by its address: a portal's copy credited to the
    wire's outlet (Reuters' text on msn.com, whose outlet is reuters.com) is not the wire's
    own page; by its outlet when it has no address."""
    host = url_host(attrs.get("url") or "")
    return site_domain(host or (attrs.get("provider") or "").split("/")[0])


def _named_in(attrs: dict, said: set[str], *, by: str) -> bool:
    """Whether an article's outlet is one a dateline names (``said``, squashed), ``by`` its
    "site": its site's name ("prweb" of prweb.com) or that name's start, three letters or
    more ("pti" of ptinews.com); or ``by`` its "name": its name ("ANI", "Xinhua"), its
    name's start ("Kyodo" of Kyodo News, "Yonhap" of Yonhap News Agency, four letters or
    more), its name's first word ("dpa" of dpa International, "PA" of PA Media) or its
    initials ("PTI" of Press Trust of India)."""
    if by == "site":
        site = squash(site_name((attrs.get("provider") or "").split("/")[0]))
        return any(token == site or (len(token) >= 3 and site.startswith(token))
                   for token in said)
    given = attrs.get("provider_name") or ""
    name = squash(given)
    words = [squash(w) for w in re.findall(r"[^\W\d_]+", given)]
    words = [w for w in words if w not in ("the", "of", "and")]
    own = {name, *words[:1]}
    if len(words) >= 2:
        own.add("".join(w[0] for w in words))
    return any(token in own or (len(token) >= 4 and name.startswith(token)) for token in said)


def _shown_time(attrs: dict) -> str:
    """An article's publication time as a table gives it: its day alone ("2023-03-16")
    when the data gave no time of day, not an invented midnight."""
    published = attrs.get("published") or ""
    return published[:10] if published and attrs.get("day_only") else published


def _every_title(attrs: dict) -> list[str]:
    """An article's title and the titles of its node's other files (``titles``)."""
    return [attrs.get("title") or "", *split_list(attrs.get("titles") or "")]


def titled_live(attrs: dict) -> bool:
    """Whether any title a page had says it is a live page or a digest (says_roundup) or a
    live stream (is_live_stream): the pages first_report passes over by their titles while
    another member qualifies (the map's timeline says so of each)."""
    return any(says_roundup(t) or is_live_stream(t) for t in _every_title(attrs))


def _aboutness(G: nx.MultiDiGraph, members: Sequence[str]) -> dict[str, float]:
    """Each member's TF-IDF cosine with the summed vectors of the other members."""
    import numpy as np

    index = text_index(G)
    X = index.matrix
    at = np.array([index.row[n] for n in members], dtype=np.int64)
    # The members' rows read straight from the CSR arrays (scipy's row selection and sum
    # cost more than the arithmetic, once per story), cut down to the words some member
    # has: the vocabulary holds hundreds of thousands of words, a story a few hundred.
    starts, sizes = X.indptr[at], X.indptr[at + 1] - X.indptr[at]
    entries = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
    words, column = np.unique(X.indices[entries], return_inverse=True)
    dense = np.zeros((len(at), len(words)), dtype=X.dtype)
    dense[np.repeat(np.arange(len(at)), sizes), column] = X.data[entries]
    total = dense.sum(axis=0)
    scores = {}
    for k, n in enumerate(members):
        own = dense[k]
        rest = total - own
        norm = float(np.linalg.norm(rest))
        scores[n] = float(own @ rest) / norm if norm else 0.0
    return scores


def story_times(nodes: Sequence[dict]) -> list[str]:
    """The dated members' times in order, a reissued page's first appearance
    (``first_published``) among them. One dated by its day alone (``day_only``) counts as
    the time of its day nearest the timed members, the least it can add: nothing on a day
    they cover (its 00:00 is no time it appeared, and stretched a story of 2.2 h to "over
    16 h"), its day's end before them, its day's start after them. A university's release
    of the day before had the story start after its own first report."""
    dated = [a for a in nodes if parse_utc(a.get("published") or "")]
    timed = [a for a in dated if not a.get("day_only")]
    # A page reissued later counts from when it first appeared (first_published) too.
    times = sorted([*(a["published"] for a in (timed or dated)),
                    *(a["first_published"] for a in dated if a.get("first_published"))])
    if timed:
        first, last = times[0][:10], times[-1][:10]
        for a in dated:
            day = a["published"][:10] if a.get("day_only") else ""
            if day and day < first:
                times.insert(0, f"{day}T23:59:59Z")
            elif day and day > last:
                times.append(f"{day}T00:00:00Z")
        times.sort()
    return times


def _bound_shown(time: str, nodes: Sequence[dict]) -> str:
    """A story's first or last time (story_times) as a table gives it: the day alone when
    it stands for a member dated by its day alone (no member appeared at that moment)."""
    day = time[:10]
    if any(a.get("day_only") and (a.get("published") or "")[:10] == day for a in nodes) and not any(
            time in (a.get("published"), a.get("first_published"))
            for a in nodes if not a.get("day_only")):
        return day
    return time


def cluster_table(G: nx.MultiDiGraph, clusters: Sequence[set], labels: Sequence[str]) -> list[dict]:
    """One row per cluster: id, label, size, providers, first, last, span, first report, theme.

    ``first_reporters`` are the domains of the story's first report(s) (see first_report),
    ``first_reported`` its time and ``first_article`` its id; times are UTC ISO strings
    ("" when no member has a date). ``theme`` and ``theme_label`` come from add_analysis
    (-1 and "" on a graph it did not analyse).
    """
    rows = []
    for cid, (members, label) in enumerate(zip(clusters, labels, strict=True)):
        nodes = [G.nodes[n] for n in members]
        times = story_times(nodes)
        first = first_report(G, members)
        span = parse_utc(times[-1]) - parse_utc(times[0]) if times else None
        hours = span.total_seconds() / 3600 if span else 0.0
        some = G.nodes[min(members)]
        rows.append({
            "id": cid,
            "label": label,
            "size": len(members),
            "providers": len({a.get("provider") for a in nodes if a.get("provider")}),
            "first": _bound_shown(times[0], nodes) if times else "",
            "last": _bound_shown(times[-1], nodes) if times else "",
            "span": readable_span(hours) if times else "",
            "span_hours": round(hours, 2),
            "first_reporters": join_list(
                sorted({G.nodes[n]["provider"] for n in first if G.nodes[n].get("provider")})
            ),
            "first_reported": (G.nodes[first[0]].get("first_published")
                               or _shown_time(G.nodes[first[0]])) if first else "",
            "first_article": first[0] if first else min(members),
            "theme": some.get("theme", -1),
            "theme_label": some.get("theme_label", ""),
        })
    return rows


def centrality(G: nx.MultiDiGraph) -> tuple[dict[str, float], dict[str, int]]:
    """(pagerank, related in-degree) of every article, in sorted article order.

    The attributes add_analysis wrote when every article has them, else computed now: the
    one way every reader of centrality copes with a graph that was not analysed.
    """
    found, nodes = articles(G), G.nodes
    stories = None
    measures = []
    for name in ("pagerank", "related_in"):
        if all(name in nodes[a] for a in found):
            measures.append({a: nodes[a][name] for a in found})
        else:
            stories = stories or _Stories(G)
            measures.append(stories.pagerank() if name == "pagerank" else stories.related_in())
    return measures[0], measures[1]


def top_stories(G: nx.MultiDiGraph, n: int = 10) -> list[dict]:
    """The ``n`` articles with the highest PageRank (then most cited), one row each.

    Reads the attributes add_analysis wrote; computes them when G was not analysed.
    """
    rank, cited = centrality(G)
    best = sorted(rank, key=lambda a: (-rank[a], -cited[a], a))[: max(n, 0)]
    return [
        {
            "rank": i,
            "title": G.nodes[a].get("label", a),
            "provider": G.nodes[a].get("provider") or "",
            "published": _shown_time(G.nodes[a]),
            "pagerank": rank[a],
            "related_in": cited[a],
            # No story is no value (null, an empty cell), never -1 that a pivot would count.
            "cluster": c if (c := G.nodes[a].get("cluster", -1)) >= 0 else None,
            "url": G.nodes[a].get("url") or "",
            "id": a,
        }
        for i, a in enumerate(best, 1)
    ]


def provider_ranking(G: nx.MultiDiGraph, clusters: Sequence[set]) -> list[dict]:
    """Providers by articles, then clusters covered, first reports of a cluster, links received."""
    cluster_of = _cluster_of(clusters)
    cited = centrality(G)[1]
    stats: dict[str, Counter] = defaultdict(Counter)
    covered: dict[str, set] = defaultdict(set)
    for a in articles(G):
        domain = G.nodes[a].get("provider") or ""
        if domain:
            stats[domain]["articles"] += 1
            stats[domain]["related_in"] += cited[a]
            if a in cluster_of:
                covered[domain].add(cluster_of[a])
    for members in clusters:
        for domain in {G.nodes[a].get("provider") or "" for a in first_report(G, members)}:
            if domain:
                stats[domain]["first_reports"] += 1
    rows = []
    for domain, s in stats.items():
        node = G.nodes.get(f"provider:{domain}", {})
        rows.append({
            "provider": domain,
            "name": node.get("label", domain),
            "articles": s["articles"],
            "clusters": len(covered[domain]),
            "first_reports": s["first_reports"],
            "related_in": s["related_in"],
        })
    rows.sort(key=lambda r: (-r["articles"], -r["clusters"], -r["first_reports"],
                             -r["related_in"], r["provider"]))
    return rows


def topic_ranking(G: nx.MultiDiGraph, clusters: Sequence[set], *, co_topics: int = 3) -> list[dict]:
    """Topics by articles, with the clusters they tag and their most frequent companions."""
    cluster_of = _cluster_of(clusters)
    articles: Counter = Counter()
    covered: dict[str, set] = defaultdict(set)
    together: dict[str, Counter] = defaultdict(Counter)
    for a, topics in sorted(article_topics(G).items()):
        articles.update(topics)
        for t in topics:
            if a in cluster_of:
                covered[t].add(cluster_of[a])
            together[t].update(o for o in topics if o != t)
    rows = []
    for topic, count in articles.items():
        best = sorted(together[topic].items(), key=lambda kv: (-kv[1], kv[0]))[:co_topics]
        rows.append({
            "topic": topic,
            "articles": count,
            "clusters": len(covered[topic]),
            "co_topics": join_list(f"{t} ({n})" for t, n in best),
        })
    rows.sort(key=lambda r: (-r["articles"], r["topic"]))
    return rows


def clusters_from_graph(G: nx.MultiDiGraph, *, seed: int = 0) -> tuple[list[set], list[str]]:
    """The clusters and labels add_analysis wrote on G, in id order (computed if it did not)."""
    if not is_analysed(G):
        clusters = story_clusters(G, seed=seed)
        return clusters, cluster_labels(G, clusters)
    members: dict[int, set] = defaultdict(set)
    labels: dict[int, str] = {}
    for n, a in G.nodes(data=True):
        if a.get("kind") == ARTICLE and a["cluster"] >= 0:
            members[a["cluster"]].add(n)
            labels[a["cluster"]] = a.get("cluster_label", "")
    ids = sorted(members)
    return [members[i] for i in ids], [labels[i] for i in ids]


def add_analysis(G: nx.MultiDiGraph, *, seed: int = 0) -> None:
    """Write clusters, round-ups, themes, labels and centrality onto G's nodes, in place
    (the attributes docs/graph-model.md lists).

    Run it on graphx's own graph after similar edges are added; never on a caller's graph.
    """
    stories = _Stories(G)
    clusters = stories.clusters(resolution=1.0, seed=seed)
    vocab = TitleVocabulary(G, stories.articles)
    labels = cluster_labels(G, clusters, vocab=vocab)
    cluster_of = _cluster_of(clusters)
    themes = stories.themes(G, clusters, seed=seed)
    theme_of = _cluster_of(themes)
    theme_labels = cluster_labels(G, themes, vocab=vocab)
    roundups = {stories.articles[i] for i in stories.roundups}
    for n in _reissued_from_other_stories(G, clusters):
        del G.nodes[n]["first_published"]
    rank, cited, bridge = stories.pagerank(), stories.related_in(), stories.bridging(clusters)
    for a in stories.articles:
        cid = cluster_of.get(a, -1)
        G.nodes[a].update(
            cluster=cid, cluster_label=labels[cid] if cid >= 0 else "",
            roundup=a in roundups,
            theme=theme_of.get(a, -1),
            theme_label=theme_labels[theme_of[a]] if a in theme_of else "",
            pagerank=rank[a], related_in=cited[a], bridging=bridge[a],
        )
    count_hubs(G)


def _reissued_from_other_stories(G: nx.MultiDiGraph, clusters: Sequence[set]) -> list[str]:
    """The reissued pages (``first_published``) whose earlier versions were about another
    story than the one they are in now: an AP page filed at 15:10 on 22 Sep as "Florida
    orders evacuations as Hurricane Marco strengthens" and at its first address again on
    24 Sep as "Hurricane Marco slams into Florida's Big Bend" had the landfall story first
    reported 35 hours before the landfall. An earlier version is of the same story when it
    has the same headline but for a wire's version label ("UPDATE 1-"), or when its title
    would be a member of the story: at least ABOUT times as close to the story's other
    members as the page's current title is, and no closer to another story's members. A
    page in a story of its own keeps its first appearance: its text holds its current
    title, which no earlier one matches as closely (covid's Virginia page, "case count keeps
    rising" before "case counts keep rising", is one report)."""
    import numpy as np

    nodes = G.nodes
    of = {n: k for k, members in enumerate(clusters) for n in members}
    reissued = []
    for n in articles(G):
        title = nodes[n].get("title") or ""
        earlier = sorted({t for t in _every_title(nodes[n]) if t} - {title})
        if nodes[n].get("first_published") and earlier and not any(
                wire_headline(t) == wire_headline(title) for t in earlier):
            reissued.append((n, title, earlier))  # else an earlier version had this headline
    if not reissued:
        return []
    import scipy.sparse as sp

    index = text_index(G)
    X = index.matrix
    # Every story's members' summed word vector, each row of unit length, made at once: a
    # reissued page's earlier title is compared with every story in one product (asked
    # story by story, vectorised again each time, it was 26 of a 20,000-file build's 31 s
    # of clustering, and grew with stories times reissued pages).
    at = [(k, index.row[m]) for k, members in enumerate(clusters) for m in members]
    S = sp.csr_matrix((np.ones(len(at)), ([k for k, _ in at], [r for _, r in at])),
                      shape=(len(clusters), X.shape[0]))
    sums = (S @ X).tocsr()
    norms = np.sqrt(np.asarray(sums.multiply(sums).sum(axis=1)).ravel())
    stories = (sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ sums).tocsr()

    def story(rows: list[str]):
        total = np.asarray(X[[index.row[m] for m in rows]].sum(axis=0)).ravel()
        norm = float(np.linalg.norm(total))
        return total / norm if norm else total

    vectors: dict[str, np.ndarray] = {}

    def vector(text: str) -> np.ndarray:
        if text not in vectors:
            vectors[text] = index.vector(text).toarray().ravel()
        return vectors[text]

    def closeness(text: str, to) -> float:
        v = vector(text)
        return float(v @ to) if len(v) and len(to) else 0.0

    def nearest_other(text: str, home: int) -> float:
        v = vector(text)
        if not len(v) or not stories.shape[0]:
            return 0.0
        near = stories @ v  # the cosine with each story's members (0: no word shared)
        near[home] = 0.0
        return float(max(near.max(), 0.0))

    found = []
    for n, title, earlier in reissued:
        rest = [m for m in clusters[of[n]] if m != n] if n in of else []
        if not rest:
            continue
        own = story(rest)
        if not any(closeness(t, own) >= ABOUT * closeness(title, own)
                   and closeness(t, own) >= nearest_other(t, of[n]) for t in earlier):
            found.append(n)
    return found


def count_hubs(G: nx.MultiDiGraph) -> None:
    """Write each outlet's, topic's and tag's ``degree`` and ``articles`` onto its node, in
    place: by add_analysis, and again on a part of an analysed graph (an export's focus),
    whose hubs would otherwise say the whole corpus's counts beside the part's rows."""
    for n, kind in G.nodes(data="kind"):
        if kind in HUB_KINDS:
            G.nodes[n].update(degree=G.degree(n), articles=articles_of(G, n))
