"""Stories related to X: resolve what a query names, rank articles, and say why.

Reads the analysed graph (docs/graph-model.md) and works without the analysis too (no
clusters, link counts instead of pagerank). Everything is indexed once when a
RelatedEngine is built, reusing the text index of graphx.similar; a query is then a few
sparse-vector products over all articles, plus explanations for the rows it returns.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import networkx as nx
import numpy as np
import scipy.sparse as sp

from .errors import GraphxError, InputError, NotFoundError
from .graph import topic_key
from .similar import TextIndex, text_index
from .urls import host_key, is_web_url, story_key

KINDS = ("url", "title", "text", "topic", "provider")
FIELDS = ("query", "rank", "id", "url", "title", "provider", "published", "score", "why", "group")

#: How much each signal counts when ranking articles related to an article. A score is the
#: weighted mean of the signals (each 0..1), so it stays in 0..1; 0 switches a signal off.
#: Tuned on benchmarks/relevance.py seeds 1-3 (held-out related links of the covid corpus).
DEFAULT_WEIGHTS = {
    "text": 1.0,        # TF-IDF cosine of title + excerpt (character 4-grams)
    "links": 1.0,       # a related link in either direction
    "neighbours": 3.7,  # linked to the same stories, or three links apart
    "cluster": 1.5,     # in the same story cluster (smaller clusters count more)
    "topics": 0.05,     # shared topics and tags, weighted by rarity
    "time": 0.2,        # published close in time
    "provider": 0.1,    # from the same provider (a big outlet counts less)
}
#: Inside the neighbours signal: shared related links, against paths of three related or
#: similar edges (which reach the rest of a story's web of links).
SHARED_LINKS = 0.8
#: How much centrality (pagerank) adds to a topic, provider or keyword query's ranking.
CENTRALITY_WEIGHT = 0.3
FUZZY_TITLE = 0.85  # difflib ratio from which a query that is no exact title is read as one
TIME_SCALE_HOURS = 24.0
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", re.IGNORECASE)
_BARE_URL = re.compile(r"^[\w.-]+\.\w+/\S*$")  # www.host.com/path without a scheme


@dataclass(frozen=True)
class Resolution:
    """What a query names: a kind, the nodes it means ((), for keywords), and a note if guessed."""

    query: str
    kind: str
    nodes: tuple[str, ...] = ()
    note: str = ""


def _norm(text: str) -> str:
    return " ".join(html.unescape(text).split()).casefold()


def _hours(iso: str) -> float:
    if not iso:
        return float("nan")
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() / 3600.0


def _span(hours: float) -> str:
    """'published 3 hours later', '1 day earlier', 'within the hour' for a time difference."""
    size = abs(hours)
    if size < 1:
        return "published within the hour"
    amount, unit = (round(size), "hour") if size < 23.5 else (round(size / 24), "day")
    return f"published {_count(amount, unit)} {'later' if hours > 0 else 'earlier'}"


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _symmetric(pairs: list[tuple[int, int]], n: int):
    """A 0/1 n x n sparse matrix with both (i, j) and (j, i) for every pair."""
    ij = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    M = sp.csr_matrix((np.ones(len(ij), dtype=np.float32), (ij[:, 0], ij[:, 1])), shape=(n, n))
    return ((M + M.T) > 0).astype(np.float32).tocsr()


def _ids(M, i: int):
    """The column indices of row ``i`` of a CSR matrix (no scipy slicing: this is hot)."""
    return M.indices[M.indptr[i]:M.indptr[i + 1]]


def _dense_row(M, i: int):
    """Row ``i`` of a CSR matrix as a dense array (sparse x dense products are the fast kind)."""
    row = np.zeros(M.shape[1], dtype=np.float64)
    row[_ids(M, i)] = M.data[M.indptr[i]:M.indptr[i + 1]]
    return row


def _inverse_log_size(labels):
    """1 / log2(1 + size of the label's group) for each label >= 0; 0 for -1 (no group)."""
    sizes = np.maximum(np.bincount(labels[labels >= 0], minlength=1), 1)
    return np.where(labels >= 0, 1.0 / np.log2(1.0 + sizes[np.maximum(labels, 0)]), 0.0)


class RelatedEngine:
    """Every index a related query needs, built once from the analysed graph."""

    def __init__(
        self, G: nx.MultiDiGraph, *, weights: dict | None = None, index: TextIndex | None = None
    ) -> None:
        unknown = set(weights or {}) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise InputError(f"unknown ranking signal(s): {', '.join(sorted(unknown))}")
        self.G = G
        self.weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        self.index = index or text_index(G)
        self.nodes = self.index.nodes
        self.row = self.index.row
        self.attrs = [G.nodes[x] for x in self.nodes]
        # Character n-grams rank article against article; words explain and answer keywords.
        # Stored by n-gram, so a query reads only the postings of its own n-grams.
        self.text = self.index.char_matrix
        self.postings = self.text.T.tocsr()
        self._index_links()
        self._index_attributes()
        self._index_names()

    def _index_links(self) -> None:
        related, similar = [], []
        for u, v, key in self.G.edges(keys=True):
            if key in ("related", "similar") and u in self.row and v in self.row:
                (related if key == "related" else similar).append((self.row[u], self.row[v]))
        n = len(self.nodes)
        self.links = _symmetric(related, n)
        self.reach = ((self.links + _symmetric(similar, n)) > 0).astype(np.float32).tocsr()
        # Adamic-Adar: a shared neighbour counts less the more stories it links.
        degree = np.diff(self.links.indptr)
        self.through_t = (sp.diags(1.0 / np.log(2.0 + degree)) @ self.links).T.tocsr()

    def _index_attributes(self) -> None:
        n, attrs = len(self.nodes), self.attrs
        self.cluster = np.array([a.get("cluster", -1) for a in attrs], dtype=np.int64)
        # A cluster says more the smaller it is: a pair from a 3-story cluster is a story.
        self.cluster_weight = _inverse_log_size(self.cluster)

        # Topics and tags as IDF-weighted unit rows: a hub topic tagging everything adds ~0.
        rows, cols, ids = [], [], {}
        for i, x in enumerate(self.nodes):
            for t in self.G.successors(x):
                if self.G.nodes[t].get("kind") in ("topic", "tag"):
                    rows.append(i)
                    cols.append(ids.setdefault(t, len(ids)))
        self.topic_names = sorted(ids, key=ids.get)
        T = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(ids)))
        T.data[:] = 1.0
        self.topic_df = np.asarray(T.sum(axis=0)).ravel()
        self.topic_idf = np.log((1.0 + n) / (1.0 + self.topic_df))
        T = T @ sp.diags(self.topic_idf)
        norms = np.sqrt(np.asarray(T.multiply(T).sum(axis=1)).ravel())
        self.topics = (sp.diags(1.0 / np.maximum(norms, 1e-12)) @ T).tocsr()

        self.hours = np.array([_hours(a.get("published", "")) for a in attrs])
        self.published = np.array([a.get("published", "") for a in attrs], dtype=str)
        p_ids: dict[str, int] = {}
        self.provider = np.array([p_ids.setdefault(a["provider"], len(p_ids))
                                  if a.get("provider") else -1 for a in attrs], dtype=np.int64)
        # A big outlet's articles share it with hundreds: the same provider then says less.
        self.provider_weight = _inverse_log_size(self.provider)

        rank = np.array([float(a.get("pagerank", 0.0)) for a in attrs])
        if not rank.any():  # not analysed: fall back on how often an article is linked
            rank = np.asarray(self.links.sum(axis=0)).ravel()
        # Centrality as a percentile, so one huge hub does not flatten everyone else.
        self.centrality = np.empty(n)
        self.centrality[np.argsort(rank, kind="stable")] = np.arange(n) / max(1, n - 1)
        self.centrality[rank <= 0] = 0.0

    def _index_names(self) -> None:
        """Maps from every URL variant, title, topic and provider spelling to nodes."""
        self.by_key: dict[str, str] = {}
        self.by_title: dict[str, list[str]] = {}
        for x, a in zip(self.nodes, self.attrs, strict=True):
            for url in (a.get("urls") or a.get("url", "")).split("; "):
                if is_web_url(url):
                    self.by_key.setdefault(story_key(url), x)
            if a.get("title"):
                self.by_title.setdefault(_norm(a["title"]), []).append(x)
        self.by_topic: dict[str, list[str]] = {}
        self.by_provider: dict[str, list[str]] = {}
        for x, a in self.G.nodes(data=True):
            if a.get("kind") in ("topic", "tag"):
                names = [x.split(":", 1)[1], a.get("label", "")]
                table = self.by_topic
            elif a.get("kind") == "provider":
                names = [a.get("domain", ""), a.get("label", ""), *a.get("names", "").split("; ")]
                table = self.by_provider
            else:
                continue
            for name in {topic_key(name) for name in names if name}:
                table.setdefault(name, []).append(x)

    def members(self, node: str) -> list[int]:
        """Rows of the articles tagged with, or published by, a topic, tag or provider node."""
        return [self.row[x] for x in self.G.predecessors(node) if x in self.row]

    # --- resolution -------------------------------------------------------------------

    def resolve(self, query: str, *, by: str | None = None) -> Resolution:
        """What ``query`` names: an article (URL or title), keywords, a topic or a provider.

        ``by`` forces the kind. Raises NotFoundError when nothing matches, InputError for
        an unknown ``by``.
        """
        q = " ".join(str(query).split())
        if by is not None and by not in KINDS:
            raise InputError(f"--by must be one of {', '.join(KINDS)}, not {by!r}")
        if not q:
            raise NotFoundError("the query is empty")
        url = q if is_web_url(q) else f"https://{q}" if _BARE_URL.match(q) else ""
        if by == "url" or (by is None and url):
            return self._resolve_url(q, url)
        if by == "text":
            return self._resolve_text(q)
        if by is not None:
            found = (self._resolve_title(q, fuzzy=0.5) if by == "title"
                     else self._resolve_named(q, by, partial=True))
            if found is None:
                raise NotFoundError(f"no {by} matches {q!r}")
            return found
        exact = [r for r in (self._resolve_title(q, fuzzy=None),
                             self._resolve_named(q, "topic", partial=False),
                             self._resolve_named(q, "provider", partial=False)) if r]
        if not exact:
            return self._resolve_title(q, fuzzy=FUZZY_TITLE) or self._resolve_text(q)
        best = exact[0]
        if len(exact) > 1:
            others = " and ".join(f"a {r.kind}" for r in exact[1:])
            note = f"{q!r} is also {others}; read it as a {best.kind} (use --by to choose)"
            best = Resolution(q, best.kind, best.nodes, "; ".join(filter(None, [best.note, note])))
        return best

    def _resolve_url(self, q: str, url: str) -> Resolution:
        if not url:
            raise NotFoundError(f"{q!r} is not a URL")
        key = story_key(url)
        if key in self.by_key:
            return Resolution(q, "url", (self.by_key[key],))
        if "/" not in key:  # a bare site address names its provider
            found = self._resolve_named(key, "provider", partial=False)
            if found:
                return Resolution(q, found.kind, found.nodes, found.note)
        raise NotFoundError(f"no article has the URL {q}")

    def _resolve_title(self, q: str, *, fuzzy: float | None) -> Resolution | None:
        """An exact title (the best of several articles sharing it), else the closest title
        among the best keyword matches when ``fuzzy`` is given and reached."""
        same = self.by_title.get(_norm(q))
        if same:
            # One with a file, then the most central, then the earliest.
            node = min(same, key=lambda x: (not self.attrs[self.row[x]].get("has_file"),
                                            -self.centrality[self.row[x]],
                                            self.published[self.row[x]] or "~", x))
            note = ""
            if len(same) > 1:
                a = self.attrs[self.row[node]]
                note = (f"{len(same)} articles have this title; took the one from "
                        f"{a.get('provider_name') or a.get('provider')} ({node})")
            return Resolution(q, "title", (node,), note)
        if fuzzy is None:
            return None
        scores = self.index.scores(self.index.vector(q))
        ratios = [
            (difflib.SequenceMatcher(None, _norm(q), _norm(self.attrs[i]["title"])).ratio(), -i)
            for i in scores.argsort()[::-1][:5] if scores[i] > 0
        ]
        if not ratios or max(ratios)[0] < fuzzy:
            return None
        ratio, i = max(ratios)
        return Resolution(q, "title", (self.nodes[-i],), "no exact title; took the closest "
                          f"({ratio:.2f}): {self.attrs[-i]['title']!r}")

    def _resolve_named(self, q: str, kind: str, *, partial: bool) -> Resolution | None:
        """A topic, tag or provider by key, label, display name or domain; with ``partial``,
        the biggest whose name contains ``q``."""
        table = self.by_topic if kind == "topic" else self.by_provider
        key = host_key(q) if kind == "provider" and _DOMAIN.match(q) else topic_key(q)
        if key in table:
            nodes = tuple(sorted(table[key]))
            note = ""
            if len(nodes) > 1:
                names = ", ".join(x.split(":", 1)[1] for x in nodes)
                note = f"{q!r} names {len(nodes)} {kind}s; took all of them ({names})"
            return Resolution(q, kind, nodes, note)
        hits = {x for name, found in table.items() if key in name for x in found} if partial else ()
        if not hits:
            return None
        node = max(hits, key=lambda x: (len(self.members(x)), x))
        label = self.G.nodes[node].get("label", node)
        return Resolution(q, kind, (node,), f"no {kind} is called {q!r}; took {label!r}")

    def _resolve_text(self, q: str) -> Resolution:
        if not self.index.vector(q).nnz:
            raise NotFoundError(f"nothing in the corpus matches {q!r}")
        return Resolution(q, "text", ())

    # --- ranking ----------------------------------------------------------------------

    def signals(self, r: int) -> dict:
        """Each ranking signal (0..1) of every article against article row ``r``."""
        c, p = self.cluster[r], self.provider[r]
        with np.errstate(invalid="ignore"):
            time = np.nan_to_num(np.exp(-np.abs(self.hours - self.hours[r]) / TIME_SCALE_HOURS))
        links = _dense_row(self.links, r)
        paths = self.reach @ (self.reach @ _dense_row(self.reach, r))
        return {
            "text": self.postings[_ids(self.text, r)].T @ self.text.data[
                self.text.indptr[r]:self.text.indptr[r + 1]],
            "links": links,
            "neighbours": (SHARED_LINKS * (1.0 - np.exp(-(self.through_t @ links)))
                           + (1 - SHARED_LINKS) * (1.0 - np.exp(-paths / 3.0))),
            "cluster": np.where((self.cluster == c) & (c >= 0), self.cluster_weight, 0.0),
            "topics": self.topics @ _dense_row(self.topics, r),
            "time": time,
            "provider": np.where((self.provider == p) & (p >= 0), self.provider_weight, 0.0),
        }

    def _score_set(self, res: Resolution):
        """Scores for a topic, provider or keyword query: membership or keyword cosine,
        plus a little centrality."""
        if res.kind == "text":
            base = self.index.scores(self.index.vector(res.query))
        else:
            base = np.zeros(len(self.nodes))
            for node in res.nodes:
                base[self.members(node)] = 1.0
        return (base + CENTRALITY_WEIGHT * self.centrality * (base > 0)) / (1 + CENTRALITY_WEIGHT)

    def _mask(self, *, since: str, until: str, provider: str | None, topic: str | None):
        """Which articles pass the filters (None when there is none)."""
        mask = None
        if since or until:
            mask = self.published != ""
            if since:
                mask &= self.published >= since
            if until:
                mask &= self.published <= until
        for value, kind in ((provider, "provider"), (topic, "topic")):
            if value:
                found = self._resolve_named(value, kind, partial=False)
                if found is None:
                    raise NotFoundError(f"no {kind} matches {value!r}")
                keep = np.zeros(len(self.nodes), dtype=bool)
                for node in found.nodes:
                    keep[self.members(node)] = True
                mask = keep if mask is None else mask & keep
        return mask

    def related(self, query: str, *, by: str | None = None, limit: int = 10, since: str = "",
                until: str = "", provider: str | None = None, topic: str | None = None,
                min_score: float = 0.0, collapse: bool = False) -> tuple[str, list[dict]]:
        """(resolution note, rows) for the ``limit`` articles most related to ``query``.

        since/until are UTC ISO strings compared with ``published`` (unknown dates drop
        out once one is given); provider is a domain or name, topic a label or key. Rows
        hold FIELDS, syndication-group members together (see group_rows). Raises
        NotFoundError when the query or a filter matches nothing.
        """
        res = self.resolve(query, by=by)
        r, sig = -1, None
        if res.kind in ("url", "title"):
            r = self.row[res.nodes[0]]
            sig = self.signals(r)
            total = sum(w for w in self.weights.values() if w > 0) or 1.0
            score = sum(w * sig[k] for k, w in self.weights.items() if w > 0) / total
        else:
            score = self._score_set(res)
        keep = (score > 0) & (score >= min_score)
        mask = self._mask(since=since, until=until, provider=provider, topic=topic)
        if mask is not None:
            keep &= mask
        if r >= 0:
            keep[r] = False  # never the query's own article
        found = np.flatnonzero(keep)
        # Collapsing merges group members, so look further down before cutting at the limit.
        want = max(0, limit * 5 if collapse else limit)
        if want < len(found):  # the best ``want`` (all ties at the cut kept), then sorted
            cut = -np.partition(-score[found], want - 1)[want - 1] if want else np.inf
            found = found[score[found] >= cut]
        top = found[np.lexsort((found, -score[found]))][:want]
        why = self._explain_article(r, sig) if sig is not None else self._explain_set(res)
        rows = [self._row(query, rank, j, float(score[j]), why(j)) for rank, j in enumerate(top, 1)]
        return res.note, group_rows(rows, collapse=collapse)[:max(0, limit)]

    def related_many(self, queries: Iterable[str], **options) -> Iterator[tuple[str, str, list]]:
        """(query, note, rows) for each query, with the options of related().

        A query that fails gives its error as the note and no rows; the batch goes on.
        """
        for query in queries:
            try:
                note, rows = self.related(query, **options)
            except GraphxError as exc:
                note, rows = str(exc), []
            yield query, note, rows

    def _row(self, query: str, rank: int, j: int, score: float, why: list[str]) -> dict:
        a = self.attrs[j]
        return {
            "query": query, "rank": rank, "id": self.nodes[j], "url": a.get("url", ""),
            "title": a.get("title", ""), "provider": a.get("provider", ""),
            "published": a.get("published", ""), "score": round(min(max(score, 0.0), 1.0), 3),
            "why": why, "group": a.get("group", ""),
        }

    # --- explanations -----------------------------------------------------------------

    def _wording(self, j: int, words, cosine: float) -> str:
        terms = self.index.shared_terms(j, words)
        return f"similar wording ({cosine:.2f})" + (f": {', '.join(terms)}" if terms else "")

    def _explain_article(self, r: int, sig: dict):
        """A function giving the short, specific reasons article ``j`` is related to article
        ``r``, strongest first."""
        G, q = self.G, self.nodes[r]
        words = _dense_row(self.index.matrix, r)
        two_steps = self.reach @ _dense_row(self.reach, r)
        my_links, my_topics = set(_ids(self.links, r)), set(_ids(self.topics, r))
        group = self.attrs[r].get("group")

        def why(j: int) -> list[str]:
            c, said = self.nodes[j], []

            def say(signal: str, text: str) -> None:
                if self.weights[signal] > 0 and sig[signal][j] > 0:
                    said.append((self.weights[signal] * sig[signal][j], text))

            if G.has_edge(c, q, "related"):
                say("links", "lists it as related")
            if G.has_edge(q, c, "related"):
                say("links", "listed as related by it")
            shared = [self.nodes[z] for z in my_links.intersection(_ids(self.links, j))]
            beside = sum(1 for z in shared
                         if G.has_edge(z, q, "related") and G.has_edge(z, c, "related"))
            if beside:
                say("neighbours", f"listed beside it by {_count(beside, 'story', 'stories')}")
            if len(shared) > beside:
                others = _count(len(shared) - beside, "linked story", "linked stories")
                say("neighbours", f"shares {others}")
            if not shared and not sig["links"][j]:  # linked pairs have back-and-forth paths
                paths = int(two_steps[_ids(self.reach, j)].sum())
                if paths:
                    say("neighbours", f"three links away ({_count(paths, 'path')})")
            if sig["text"][j] >= 0.1:
                say("text", self._wording(j, words, sig["text"][j]))
            b = self.attrs[j]
            say("cluster", f"same cluster: {b['cluster_label']}" if b.get("cluster_label")
                else "same cluster")
            specific = [t for t in my_topics.intersection(_ids(self.topics, j))
                        if self.topic_df[t] <= len(self.nodes) / 2]  # no hub topic
            for kind in ("topic", "tag"):  # the rarest shared one of each kind
                mine = [t for t in specific if self.topic_names[t].startswith(kind + ":")]
                if mine:
                    t = self.topic_names[max(mine, key=lambda t: (self.topic_idf[t], -t))]
                    say("topics", f"shared {kind}: {G.nodes[t].get('label', t)}")
            if sig["time"][j] >= 0.1:  # within about two days
                say("time", _span(self.hours[j] - self.hours[r]))
            say("provider", f"same provider: {b.get('provider_name') or b.get('provider')}")
            said.sort(key=lambda x: -x[0])
            if group and group == b.get("group"):
                said.insert(0, (1.0, "same syndication group"))
            return [text for _, text in said]

        return why

    def _explain_set(self, res: Resolution):
        """A function giving the reasons article ``j`` answers a topic, provider or keyword
        query."""
        words = self.index.vector(res.query).toarray().ravel() if res.kind == "text" else None

        def why(j: int) -> list[str]:
            if words is not None:
                X = self.index.matrix
                span = slice(X.indptr[j], X.indptr[j + 1])
                reasons = [self._wording(j, words, float(X.data[span] @ words[X.indices[span]]))]
            else:
                labels = [self.G.nodes[x].get("label", x) for x in res.nodes
                          if self.G.has_edge(self.nodes[j], x)]
                verb = "tagged" if res.kind == "topic" else "published by"
                reasons = [f"{verb} {', '.join(labels)}"]
            cited = int(self.attrs[j].get("related_in", len(_ids(self.links, j))))
            if cited:
                reasons.append(f"listed as related by {_count(cited, 'story', 'stories')}")
            return reasons

        return why


def group_rows(rows: list[dict], *, collapse: bool = False) -> list[dict]:
    """Rows with each syndication group's members right under its best-ranked member.

    ``collapse`` keeps one row per group, naming every outlet in ``provider``. Ranks are
    renumbered in the new order.
    """
    order: list[list[dict]] = []
    by_group: dict[str, list[dict]] = {}
    for row in rows:
        g = row.get("group", "")
        if g and g in by_group:
            by_group[g].append(row)
        else:
            order.append([row])
            if g:
                by_group[g] = order[-1]
    out = []
    for members in order:
        if collapse and len(members) > 1:
            first = dict(members[0])
            first["provider"] = "; ".join(dict.fromkeys(m["provider"] for m in members))
            first["why"] = [*first["why"], f"also carried by {_count(len(members) - 1, 'outlet')}"]
            members = [first]
        out.extend(members)
    return [{**row, "rank": rank} for rank, row in enumerate(out, 1)]
