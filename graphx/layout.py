"""Map positions in near-linear time: each cluster laid out alone, then clusters packed.

A force layout of the whole graph costs O(n²) per iteration (about a minute at 5,000 nodes),
so articles are laid out per cluster (a small spring layout, or a sunflower disc when a group
has no structure worth showing), the cluster discs are packed without overlap around a
layout of the cluster graph, articles in no cluster ring them, and hubs (providers, topics,
tags) sit at the centroid of their articles. The packing fills an ellipse as wide as a
screen, so the map uses the whole canvas. Everything is seeded and iterates in sorted order,
so equal input gives equal positions whatever the hash seed.
"""

import math

import networkx as nx
import numpy as np

from . import model

SPACING = 24.0  # px between neighbouring articles; most dots have a 5-10 px radius
RING_MAX = 6  # a spring layout shows nothing a ring does not for this few articles
SPRING_MAX = 150  # the dense spring layout is O(n²) per iteration: split larger groups first
LINKED_MAX = 400  # beyond this many discs, a spring layout of the disc graph costs too much
CLUSTER_GAP = 1.5 * SPACING  # px between two clusters: they must read as separate groups
PART_GAP = 0.5 * SPACING  # px between pieces of one cluster: they must read as one group
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# Width over height of the packing: a map canvas beside the filters on a laptop or desktop
# screen is about 1.4 to 1.7 times as wide as it is high.
ASPECT = 1.5


class _Disc:
    """Nodes with positions centred on the origin, and the radius that encloses them."""

    __slots__ = ("nodes", "xy", "radius")

    def __init__(self, nodes: list, xy: np.ndarray):
        self.nodes = nodes
        self.xy = xy
        self.radius = float(np.sqrt((xy**2).sum(axis=1)).max()) + SPACING / 2


def cluster_layout(G: nx.Graph, *, seed: int = 0, aspect: float = ASPECT) -> dict:
    """Positions {node: (x, y)} in pixels for every node of G, which is not changed.

    Articles are grouped by their `cluster` attribute and linked by their article-to-article
    edges of any relation; each cluster is one group, packed largest first from the centre
    into an ellipse `aspect` times as wide as high. Articles in no cluster (missing or -1)
    are not a group of their own: each linked piece of them, or each one alone, goes round
    the clusters, so the stories hold the middle. Every other node is a hub placed near the
    centroid of the articles it touches (on an outer ring if none).
    """
    articles = model.articles(G)
    links = _article_links(G, articles)
    groups: dict[int, list] = {}
    for node in articles:
        cluster = G.nodes[node].get("cluster", -1)
        # Any graph can be exported laid out: a cluster that is not a number is none.
        key = cluster if isinstance(cluster, int) and not isinstance(cluster, bool) else -1
        groups.setdefault(key if key >= 0 else -1, []).append(node)
    unclustered = groups.pop(-1, [])
    discs = [_layout_group(links, nodes, seed) for _, nodes in sorted(groups.items())]
    pieces = sorted((sorted(c) for c in nx.connected_components(_induced(links, unclustered))),
                    key=lambda c: (-len(c), c[0]))
    outer = [_layout_group(links, piece, seed) for piece in pieces]
    # The stories each outer piece links to: it goes out on their side of the map, not
    # across it (covid's linked daily-count reports were drawn at the opposite rim, their
    # links the darkest lines through every story).
    group_of = {n: k for k, (_, nodes) in enumerate(sorted(groups.items())) for n in nodes}
    partners = [sorted({group_of[v] for u in piece for v in links[u] if v in group_of})
                for piece in pieces]
    pos: dict = {}
    if discs or outer:
        whole = _pack(discs, links, seed, CLUSTER_GAP, aspect=aspect, outer=outer,
                      partners=partners)
        pos = {n: (float(x), float(y)) for n, (x, y) in zip(whole.nodes, whole.xy, strict=True)}
    small = len(G) <= SMALL_MAP  # the articles placed, and every hub to come
    if small:
        # Dots are drawn large on a small map: the articles keep their layout at twice its
        # scale, rather than being pushed apart one pair at a time, which scrambled the
        # stories into each other (7 of a 31-article map's articles sat nearer another
        # story's centre than their own, and its name was drawn over them).
        pos = {n: (SMALL_SCALE * x, SMALL_SCALE * y) for n, (x, y) in pos.items()}
        pos = _screen_shaped(pos, aspect)
    fixed = set(pos)
    pos.update(_hub_positions(G, pos, seed))
    return _apart(pos, fixed=fixed) if small else pos


#: Maps of at most this many nodes get their overlaps pushed apart (_apart): with a few
#: articles, their outlets and topics sat on top of them (the seed corpus's map read as one
#: blot); past it, overlaps are rare and the all-pairs pass would cost more than it shows.
SMALL_MAP = 300
#: ... and their articles' layout is drawn at this scale, so that they stand as far apart as
#: their dots need without moving out of their stories.
SMALL_SCALE = 2.0


def _screen_shaped(pos: dict, aspect: float) -> dict:
    """``pos`` turned so that its long axis runs along x and, when it is longer than
    ``aspect`` times its short one, stretched along the short one to that shape; else as
    it is. A small map's one story laid out as a chain lay on a diagonal: the view fitted
    to it left two corners of the screen empty and its dots a title's width apart, so the
    names crossed the dots (a 22-node focus map drew seven across them). Stretching only
    moves dots apart: none comes nearer another."""
    nodes = list(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    if len(xy) < 3:
        return pos
    centre = xy.mean(axis=0)
    spread, axes = np.linalg.eigh(np.cov((xy - centre).T))  # short axis first
    if spread[0] <= 1e-9 * max(spread[1], 1e-9) and spread[1] <= 1e-9:
        return pos
    ratio = math.sqrt(spread[1] / max(spread[0], 1e-9))
    if ratio <= aspect:
        return pos
    along = (xy - centre) @ axes[:, ::-1]  # long axis first: x, then y
    along[:, 1] *= min(ratio / aspect, 8.0)  # a line of dots opens into a band, not a column
    along += centre
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, along, strict=True)}


def _apart(pos: dict, *, gap: float = 2 * SPACING, rounds: int = 60, fixed=frozenset()) -> dict:
    """``pos`` with nodes closer than ``gap`` pushed apart along the line between them,
    each by half the shortfall, a few rounds (the same every time: no randomness). On a
    small map each node is drawn large (up to 20 px round), hence twice the spacing. A
    node pushed off one in ``fixed`` (the articles, laid out by story) takes the whole
    shortfall: a hub never moves an article out of its story (two articles share it)."""
    nodes = list(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    if len(xy) < 2:
        return pos
    still = np.array([n in fixed for n in nodes], dtype=bool)
    # Each pair's share of the shortfall the first node takes: half, but none when only it
    # is fixed and all when only the other is.
    share = np.where(still[:, None] == still[None, :], 0.5, np.where(still[:, None], 0.0, 1.0))
    for _ in range(rounds):
        d = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((d**2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        close = dist < gap
        if not close.any():
            break
        # Two nodes at one point go apart along x, the earlier one to the left.
        same = dist < 1e-9
        order = np.sign(np.arange(len(xy))[:, None] - np.arange(len(xy))[None, :])
        d[..., 0] = np.where(same, order, d[..., 0])
        dist = np.where(same, 1.0, dist)
        with np.errstate(invalid="ignore", divide="ignore"):
            push = np.where(close, (gap - dist) * share / dist, 0.0)
        xy += (d * push[:, :, None]).sum(axis=1)
    # A hub caught among articles pushing from every side stays put: it goes to the
    # nearest spot clear of every node, on rings around it (the same every time).
    for i in np.flatnonzero(~still):
        dist = np.sqrt(((xy - xy[i]) ** 2).sum(axis=1))
        dist[i] = np.inf
        if dist.min() >= gap - 1e-6:
            continue
        for step in range(1, 40):
            ring = xy[i] + step * SPACING / 2 * _RING_DIRECTIONS
            far = np.sqrt(((ring[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
            far[:, i] = np.inf
            clear = np.flatnonzero(far.min(axis=1) >= gap)
            if clear.size:
                xy[i] = ring[clear[0]]
                break
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


#: Directions a caught hub looks in for a clear spot (_apart), evenly round.
_RING_DIRECTIONS = np.array([(math.cos(a), math.sin(a))
                             for a in np.linspace(0, 2 * math.pi, 16, endpoint=False)])


def _article_links(G: nx.Graph, articles: list) -> nx.Graph:
    """Undirected simple graph of the articles, one edge per linked pair."""
    links = nx.Graph()
    links.add_nodes_from(articles)
    links.add_edges_from(
        (u, v) for u, v in G.edges() if u != v and u in links and v in links
    )
    return links


def _layout_group(links: nx.Graph, nodes: list, seed: int) -> _Disc:
    """A disc for one group of articles, splitting it until each piece is cheap to lay out."""
    sub = _induced(links, nodes)
    components = sorted((sorted(c) for c in nx.connected_components(sub)),
                        key=lambda c: (-len(c), c[0]))
    loose = sorted(c[0] for c in components if len(c) == 1)
    parts = [c for c in components if len(c) > 1]
    if not parts:
        return _sunflower(loose)
    if len(parts) == 1 and not loose:
        if len(nodes) <= RING_MAX:
            return _ring(nodes)
        if len(nodes) <= SPRING_MAX:
            return _spring(sub, seed)
        parts = _communities(sub, seed)
        if len(parts) == 1:
            return _sunflower(list(nx.bfs_tree(sub, parts[0][0])))
    discs = [_layout_group(links, part, seed) for part in parts]
    if loose:
        discs.append(_sunflower(loose))
    return _pack(discs, links, seed, PART_GAP)


def _induced(links: nx.Graph, nodes: list) -> nx.Graph:
    """The subgraph on nodes as a new graph in sorted order: networkx's subgraph views
    iterate a set, whose order (and so every seeded layout) would follow the hash seed."""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(sorted(nodes))
    sub.add_edges_from(sorted((u, v) for u in keep for v in links[u] if v in keep and u < v))
    return sub


def _communities(sub: nx.Graph, seed: int) -> list[list]:
    """Near-linear split of a big connected group (label propagation), largest first."""
    found = nx.community.asyn_lpa_communities(sub, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def _sunflower(nodes: list) -> _Disc:
    """Nodes on a Vogel spiral, evenly spread over a disc, in the order given (first inside)."""
    i = np.arange(len(nodes)) + (0.5 if len(nodes) > 1 else 0.0)  # one node: at the centre
    r = SPACING / math.sqrt(math.pi) * np.sqrt(i)
    theta = i * GOLDEN_ANGLE
    return _Disc(nodes, np.column_stack((r * np.cos(theta), r * np.sin(theta))))


def _ring(nodes: list) -> _Disc:
    """Nodes evenly spaced on a circle SPACING apart, first at the top."""
    angle = 2 * math.pi * np.arange(len(nodes)) / len(nodes) + math.pi / 2
    r = SPACING / (2 * math.sin(math.pi / len(nodes)))
    return _Disc(nodes, np.column_stack((r * np.cos(angle), r * np.sin(angle))))


def _spring(sub: nx.Graph, seed: int) -> _Disc:
    """Fruchterman-Reingold for one small connected group (in sorted order, see _induced)."""
    nodes = list(sub)
    pos = nx.spring_layout(sub, seed=seed, method="force", iterations=50)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    # Scale by the typical gap to the nearest neighbour, not the extent: a few far-flung
    # leaves would otherwise squeeze the core of the group into overlapping dots.
    gaps = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(gaps, np.inf)
    typical = np.median(gaps.min(axis=1))
    if typical > 0:
        xy *= SPACING / typical
    return _Disc(nodes, xy)


def _pack(discs: list[_Disc], links: nx.Graph, seed: int, gap: float, *,
          aspect: float = 1.0, outer: list[_Disc] = (), partners: list = ()) -> _Disc:
    """One disc holding all the discs without overlap, linked discs in the same direction.

    Largest first, each disc goes out from the centre along its own direction until it
    touches nothing already placed: compact, exact, and no iterations to converge. The
    outer discs follow, in golden-angle bearings, so they ring the others, or each towards
    the discs it links to (``partners``: indices into ``discs``, one list per outer disc).
    Bearings lean towards the horizontal so that the whole fills an ellipse `aspect` times
    as wide as high.
    """
    if len(discs) + len(outer) == 1:
        return (list(discs) + list(outer))[0]
    order = sorted(range(len(discs)), key=lambda i: -len(discs[i].nodes))
    placed_at = {old: new for new, old in enumerate(order)}
    inner = len(discs)
    discs = [discs[i] for i in order]
    directions = _directions(discs, links, seed) if discs else np.zeros((0, 2))
    if outer:
        angle = (len(discs) + np.arange(len(outer))) * GOLDEN_ANGLE
        directions = np.vstack((directions, np.column_stack((np.cos(angle), np.sin(angle)))))
        discs = discs + list(outer)
    directions = _widened(directions, aspect)
    radii = np.array([d.radius for d in discs])
    # Half the gap on each side of a group; loose articles need none between them (a
    # disc's radius already leaves half a SPACING round its nodes).
    pads = np.where(np.arange(len(discs)) < len(discs) - len(outer), gap / 2, 0.0)
    centres = np.zeros((len(discs), 2))
    for i in range(1, len(discs)):
        if i == inner and partners:
            _towards_partners(directions, centres, inner, [
                [placed_at[k] for k in found] for found in partners])
        reach = _free_distance(directions[i], radii[i] + pads[i], centres[:i],
                               radii[:i] + pads[:i])
        centres[i] = directions[i] * reach
    xy = np.concatenate([d.xy + c for d, c in zip(discs, centres, strict=True)])
    return _Disc([n for d in discs for n in d.nodes], xy - xy.mean(axis=0))


def _towards_partners(directions: np.ndarray, centres: np.ndarray, inner: int,
                      partners: list[list[int]]) -> None:
    """Turn the bearings of the outer discs (from index ``inner``) that link to placed
    discs (``partners``) towards them, in place: those bearings, kept as they are spread,
    go to the discs in the order of the angles at which their partners lie. Each then goes
    out on its partners' side, and the ring stays as even as before (bearings aimed at
    the partners themselves bunch up into long spokes)."""
    aimed, angles = [], []
    for j, found in enumerate(partners):
        if found:
            towards = centres[found].mean(axis=0)
            if float(np.sqrt((towards**2).sum())) > SPACING:  # off the centre: a side
                aimed.append(inner + j)
                angles.append(math.atan2(towards[1], towards[0]))
    if not aimed:
        return
    own = directions[aimed]
    spread = np.arctan2(own[:, 1], own[:, 0])
    by_partner = np.argsort(angles, kind="stable")
    bearings = np.sort(spread)
    # Start the sorted bearings where they best match the partners' angles.
    shift = int(np.argmin([np.abs(np.angle(np.exp(1j * (np.roll(bearings, k)
                                                      - np.array(angles)[by_partner]))))
                          .sum() for k in range(len(bearings))])) if len(bearings) <= 512 else 0
    bearings = np.roll(bearings, shift)
    for slot, j in zip(bearings, by_partner, strict=True):
        directions[aimed[j]] = (math.cos(slot), math.sin(slot))


def _widened(directions: np.ndarray, aspect: float) -> np.ndarray:
    """Unit vectors turned towards the x axis (tan of the angle divided by aspect).

    Bearings spread evenly give a round pile, each sector holding as many discs as any
    other. Turned so, a sector at angle a holds a share proportional to
    aspect / (cos² a + aspect² sin² a), and a pile grows as the square root of what it
    holds: aspect times further along x than along y, an ellipse of that aspect.
    """
    if aspect == 1.0 or not len(directions):
        return directions
    turned = directions * np.array([aspect, 1.0])
    return turned / np.sqrt((turned**2).sum(axis=1, keepdims=True))


def _free_distance(u: np.ndarray, r: float, centres: np.ndarray, radii: np.ndarray) -> float:
    """Smallest t >= 0 such that a disc of radius r at t·u overlaps none of the discs given."""
    b = centres @ u
    reach = (r + radii) ** 2 - ((centres**2).sum(axis=1) - b**2)
    hit = reach > 0
    half = np.sqrt(reach[hit])
    blocked = sorted(zip(b[hit] - half, b[hit] + half, strict=True))
    t = 0.0
    for lo, hi in blocked:
        if lo > t:
            break
        t = max(t, hi)
    return t


def _directions(discs: list[_Disc], links: nx.Graph, seed: int) -> np.ndarray:
    """A unit vector per disc: bearings in the order of a spring layout of the disc graph
    (linked discs side by side) when that is small enough to lay out, else golden-angle
    bearings in size order. Either way they are evenly spread round the circle: bearings
    taken as they come bunch up, and the packing then grows long spokes."""
    between = nx.Graph()
    between.add_nodes_from(range(len(discs)))
    if len(discs) <= LINKED_MAX:
        owner = {n: i for i, d in enumerate(discs) for n in d.nodes}
        for u, v in links.edges(owner):
            a, b = owner[u], owner.get(v)
            if b is not None and a != b:
                w = between.get_edge_data(a, b, {"weight": 0})["weight"]
                between.add_edge(a, b, weight=w + 1)
    if between.number_of_edges():
        pos = nx.spring_layout(between, seed=seed, method="force", iterations=50)
        xy = np.array([pos[i] for i in range(len(discs))], dtype=float)
        xy -= xy[0]
        order = np.argsort(np.arctan2(xy[:, 1], xy[:, 0]), kind="stable")
        angle = np.empty(len(discs))
        angle[order] = 2 * math.pi * np.arange(len(discs)) / len(discs)
    else:
        angle = np.arange(len(discs)) * GOLDEN_ANGLE
    return np.column_stack((np.cos(angle), np.sin(angle)))


def _hub_positions(G: nx.Graph, pos: dict, seed: int) -> dict:
    """Each hub near the centroid of its placed articles, jittered so hubs do not stack."""
    rng = np.random.default_rng(seed)
    hubs = sorted(n for n, kind in G.nodes(data="kind") if kind != "article")
    xy = np.array(list(pos.values())) if pos else np.zeros((1, 2))
    reach = np.abs(xy).max(axis=0) + 4 * SPACING  # an ellipse round the articles
    placed, orphans = {}, []
    for hub in hubs:
        near = [pos[n] for n in sorted(set(nx.all_neighbors(G, hub))) if n in pos]
        if not near:
            orphans.append(hub)
            continue
        angle = rng.uniform(0, 2 * math.pi)
        spread = SPACING * (0.8 + 0.6 * rng.random())
        cx, cy = np.mean(near, axis=0)
        placed[hub] = (float(cx + spread * math.cos(angle)),
                       float(cy + spread * math.sin(angle)))
    for i, hub in enumerate(orphans):
        angle = 2 * math.pi * i / len(orphans)
        placed[hub] = (float(reach[0] * math.cos(angle)), float(reach[1] * math.sin(angle)))
    return placed
