"""benchmarks/keywords: the judged queries hold together, and the scorer measures them right."""

from __future__ import annotations

import json
import math
import random

import pytest
from benches import BENCHMARKS, load_bench

DATA = BENCHMARKS / "keywords" / "judgements.json"
METHODS = {"graphx", "bm25", "tfidf", "grep", "manual"}

kw = load_bench("keywords")
data = json.loads(DATA.read_text(encoding="utf-8"))
QUERIES = data["queries"]


def test_every_query_has_an_article_about_exactly_it():
    missing = [q["id"] for q in QUERIES if not any(j["grade"] == 2 for j in q["judged"])]
    assert missing == []


def test_queries_are_distinct_searches_of_two_to_five_words():
    assert len(QUERIES) == 45
    assert len({q["id"] for q in QUERIES}) == 45
    assert len({q["query"].lower() for q in QUERIES}) == 45
    assert [q["query"] for q in QUERIES if not 2 <= len(q["query"].split()) <= 5] == []
    assert all(q["meaning"].strip() for q in QUERIES)


def test_judged_ids_are_article_node_ids_judged_once_per_query():
    for q in QUERIES:
        ids = [j["id"] for j in q["judged"]]
        assert len(ids) == len(set(ids)), q["id"]
        bad = [x for x in ids if not x.startswith("article:") or len(x) <= len("article:")
               or any(c.isspace() for c in x)]
        assert bad == [], q["id"]


def test_each_judgement_carries_what_a_reader_needs_to_check_it():
    for q in QUERIES:
        for j in q["judged"]:
            assert j["grade"] in (0, 1, 2), (q["id"], j["id"])
            assert j["title"].strip(), (q["id"], j["id"])
            assert len(j["excerpt"]) <= 200, (q["id"], j["id"])
            assert isinstance(j["note"], str), (q["id"], j["id"])
            assert j["found_by"] and set(j["found_by"]) <= METHODS, (q["id"], j["id"])


def test_split_is_the_recorded_seeded_shuffle_15_dev_30_test():
    split = data["split"]
    dev, test = set(split["dev"]), set(split["test"])
    assert (len(dev), len(test)) == (15, 30)
    assert dev.isdisjoint(test)
    assert dev | test == {q["id"] for q in QUERIES}
    order = sorted(q["id"] for q in QUERIES)
    random.Random(split["seed"]).shuffle(order)
    assert (set(order[:15]), set(order[15:])) == (dev, test)


def test_queries_of_picks_the_split_in_id_order():
    assert [q["id"] for q in kw.queries_of(data, "dev")] == sorted(data["split"]["dev"])
    assert len(kw.queries_of(data, "all")) == 45


def test_precision_counts_the_first_k_places_whatever_was_returned():
    grades = {"a": 2, "b": 1, "c": 0}
    assert kw.precision_at(["a", "b", "c", "x", "a"], grades, 5, 1) == 3 / 5
    assert kw.precision_at(["a", "b", "c", "x", "a"], grades, 5, 2) == 2 / 5
    assert kw.precision_at(["b"], grades, 5, 1) == 1 / 5  # a short answer list still divides by 5
    assert kw.precision_at([], grades, 5, 1) == 0.0


def test_ndcg_uses_grades_as_gains_against_every_judged_grade():
    grades = {"a": 2, "b": 1, "c": 0, "d": 2}
    ideal = 2 + 2 / math.log2(3) + 1 / math.log2(4)
    assert kw.ndcg_at(["a", "d", "b"], grades, 10) == pytest.approx(1.0)
    assert kw.ndcg_at(["b", "x", "a"], grades, 10) == pytest.approx((1 + 2 / 2) / ideal)
    assert kw.ndcg_at(["c", "x"], grades, 10) == 0.0
    assert kw.ndcg_at(["a"], {"a": 0}, 10) == 0.0  # nothing relevant judged: no division by 0


def test_score_query_counts_unjudged_answers_in_the_top_ten_only():
    grades = {"a": 2, "b": 0}
    ranked = ["a", "u1", "b", "u2", *[f"v{i}" for i in range(10)]]
    row = kw.score_query(ranked, grades)
    assert row["returned"] == 10
    assert row["unjudged"] == 8  # u1, u2 and v0..v5; v6..v9 are below the cut
    assert row["p5"] == row["p5_2"] == 1 / 5


DOCS = [("article:a", "Florida beaches reopen", "Crowds return to the sand in Florida."),
        ("article:b", "Beaches reopen in Carolina", "Folly Beach opens to visitors."),
        ("article:c", "Florida salons reopen", "Hair salons across Florida open their doors."),
        ("article:d", "Moderna vaccine trial", "Phase 2 cleared by the FDA.")]


def test_bm25_ranks_the_document_holding_every_query_word_first_and_skips_the_rest():
    ranked = kw.BM25(DOCS)("Florida beaches reopen", 10)
    assert ranked[0] == "article:a"
    assert set(ranked) == {"article:a", "article:b", "article:c"}
    assert kw.BM25(DOCS)("   ", 10) == []


def test_tfidf_ranks_by_cosine_and_leaves_out_documents_sharing_no_word():
    ranked = kw.TfIdf(DOCS)("Florida beaches", 10)
    assert ranked[0] == "article:a"
    assert "article:d" not in ranked


def test_title_grep_wants_every_key_word_with_plural_and_verb_endings_cut():
    grep = kw.TitleGrep(DOCS)
    assert grep.stems("the beaches reopening") == ["beach", "reopen"]
    assert grep("Florida beaches", 20) == ["article:a"]
    # three key words: titles missing one of them follow those holding all three
    assert grep("Florida beaches reopen", 20) == ["article:a", "article:b", "article:c"]


@pytest.mark.corpus
def test_every_judged_id_is_an_article_of_the_covid_graph(covid_corpus):
    G = covid_corpus.graph
    missing = sorted({j["id"] for q in QUERIES for j in q["judged"]
                      if G.nodes.get(j["id"], {}).get("kind") != "article"})
    assert missing == []


def test_p5_of_best_scales_by_what_the_judged_articles_allow():
    grades = {"a": 2, "b": 1, "c": 0}  # two relevant articles: P@5 cannot pass 0.4
    assert kw.score_query(["a", "b"], grades)["p5_of_best"] == pytest.approx(1.0)
    assert kw.score_query(["a", "c"], grades)["p5_of_best"] == pytest.approx(0.5)
    assert kw.score_query(["a"], {"c": 0})["p5_of_best"] == 0.0


def test_ideal_ranking_puts_every_judged_article_best_grade_first():
    query = {"judged": [{"id": "article:c", "grade": 0}, {"id": "article:b", "grade": 1},
                        {"id": "article:a", "grade": 2}]}
    assert kw.ideal(query) == ["article:a", "article:b", "article:c"]
