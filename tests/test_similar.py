"""Similar and syndicated edges: wire copies form one group, edges run earlier -> later."""

import networkx as nx
import numpy as np
import pytest

from graphx.graph import build_graph
from graphx.ngrams import char_tfidf
from graphx.records import Item
from graphx.similar import TextIndex, add_similar_edges, article_text, text_index
from graphx.urls import story_key

WIRE_TITLE = "Moderna vaccine trial cleared for phase two by regulators"
WIRE_EXCERPT = ("Moderna said regulators cleared its experimental coronavirus vaccine for a "
                "phase two trial involving six hundred volunteers this summer.")


def item(url, title, excerpt="", *, provider, published="2020-05-06T10:00:00Z", path=None):
    domain = provider.lower().replace(" ", "") + ".com"
    return Item(key=story_key(url), url=url, urls=(url,), title=title, excerpt=excerpt,
                published=published, provider_domain=domain, provider_name=provider,
                path=path or f"{domain}.md")


def wire_graph():
    """Three wire copies from three providers, a same-provider reprint, and two other stories."""
    items = [
        item("https://a.com/moderna", WIRE_TITLE, WIRE_EXCERPT, provider="A",
             published="2020-05-06T12:00:00Z"),
        item("https://b.com/moderna", WIRE_TITLE, WIRE_EXCERPT, provider="B",
             published="2020-05-06T09:00:00Z"),
        item("https://c.com/moderna", "Moderna vaccine trial cleared for phase two", WIRE_EXCERPT,
             provider="C", published="2020-05-06T12:00:00Z"),
        item("https://d.com/jazz", "Utah Jazz stars put coronavirus feud behind them",
             "Gobert and Mitchell are ready to move forward, the team said.", provider="D"),
        item("https://d.com/jazz-again", "Utah Jazz stars put coronavirus feud behind them",
             "Gobert and Mitchell are ready to move forward, the team said.", provider="D",
             path="d2.md"),
        item("https://e.com/salon", "Texas court frees jailed Dallas salon owner",
             "The owner had reopened her salon despite the lockdown orders.", provider="E"),
    ]
    return build_graph(items)


def similar_edges(G):
    return {(u, v): d for u, v, k, d in G.edges(keys=True, data=True) if k == "similar"}


def test_wire_copies_from_three_providers_form_one_group():
    G = wire_graph()
    add_similar_edges(G)
    group = "g:a.com/moderna"  # the smallest member's story key
    assert [G.nodes[f"article:{x}.com/moderna"]["group"] for x in "abc"] == [group] * 3
    assert G.nodes["article:e.com/salon"]["group"] == ""


def test_three_newsrooms_own_ledes_on_one_event_are_no_copies():
    # Walk-through corpus: The Denver Post's, CPR's and The New York Times' reports of the
    # Boulder shooting scored 0.76 (a small corpus weighs shared names heavily) and were
    # grouped as wire copies: "New York Times - syndicated copy of The Denver Post".
    ledes = [
        ("DenverPost", "10 killed, including Boulder police officer, in shooting at King Soopers",
         "Ten people, including a Boulder police officer, were killed Monday when a gunman "
         "opened fire inside a King Soopers grocery store in south Boulder."),
        ("CPR", "Boulder King Soopers shooting: 10 dead, including police officer",
         "A gunman killed 10 people including a police officer at a King Soopers store on "
         "Table Mesa Drive in Boulder on Monday afternoon."),
        ("NYTimes", "10 Killed in Colorado Grocery Store Shooting, Including Police Officer",
         "A gunman opened fire at a King Soopers supermarket in Boulder, Colo., on Monday, "
         "killing 10 people, including a police officer, the authorities said."),
    ]
    items = [item(f"https://{p.lower()}.com/boulder", t, e, provider=p) for p, t, e in ledes]
    # A copy of the Post's, under a headline of its own, stays its copy.
    items.append(item("https://kdvr.com/boulder", "Boulder shooting: what we know",
                      ledes[0][2], provider="KDVR"))
    items += [item(f"https://o{k}.com/x", f"Unrelated story {k} about markets and oil",
                   "Stocks rose.", provider=f"O{k}") for k in range(8)]
    G = build_graph(items)
    # Here they score about 0.3 to 0.5: the cut is lowered so that the score alone would
    # call them copies, as 0.75 did in the walk-through's corpus.
    add_similar_edges(G, min_score=0.1, syndicated_score=0.25)
    scores = sorted(d["score"] for (u, v), d in similar_edges(G).items()
                    if "boulder" in u and "boulder" in v)
    assert len(scores) == 6 and scores[0] >= 0.25, scores
    groups = {p: G.nodes[f"article:{p.lower()}.com/boulder"]["group"]
              for p in ("DenverPost", "CPR", "NYTimes", "KDVR")}
    assert groups["CPR"] == groups["NYTimes"] == ""
    assert groups["DenverPost"] == groups["KDVR"] != ""


def test_a_reprint_by_the_same_provider_within_hours_is_a_copy_not_days_later():
    # One outlet's article at a second address ("UPDATE 1-...", a corrected headline): one
    # article twice, grouped as its copies are; the same words two days apart are not.
    G = wire_graph()
    add_similar_edges(G)
    edge = similar_edges(G)[("article:d.com/jazz", "article:d.com/jazz-again")]
    assert edge["syndicated"] is True
    assert G.nodes["article:d.com/jazz"]["group"] == "g:d.com/jazz"
    G.nodes["article:d.com/jazz-again"]["published"] = "2020-05-08T10:00:00Z"
    add_similar_edges(G)
    assert similar_edges(G)[("article:d.com/jazz", "article:d.com/jazz-again")][
        "syndicated"] is False
    assert G.nodes["article:d.com/jazz"]["group"] == ""


def test_without_related_links_an_article_whose_partners_are_full_keeps_an_edge():
    # powerapps (no related links): 10 of 22 outlets' near-identical headlines of one
    # disclosure found every partner full (both ends needed room) and were in no story.
    # Where links carry the stories, both ends still need room.
    from dataclasses import replace

    text = "Microsoft Power Apps misconfiguration exposes 38 million records"
    items = [item(f"https://{p}.com/leak", text, provider=p.upper()) for p in ("a", "b", "c")]
    items.append(item("https://d.com/leak", text + " online", provider="D"))
    items += [item(f"https://x{i}.com/other", f"Another matter entirely number {i}",
                   provider=f"X{i}") for i in range(3)]
    alone = "article:d.com/leak"
    G = build_graph(items)
    add_similar_edges(G, top_k=2)
    assert any(alone in pair for pair in similar_edges(G))
    linked = replace(items[4], related=(items[5],))
    G = build_graph([*items[:4], linked, *items[5:]])
    add_similar_edges(G, top_k=2)
    assert not any(alone in pair for pair in similar_edges(G))
    assert max(d for _, d in nx.Graph(list(similar_edges(G))).degree()) == 2


def test_similar_edges_run_earlier_to_later_with_ties_by_node_id():
    G = wire_graph()
    add_similar_edges(G)
    edges = similar_edges(G)
    b, a, c = "article:b.com/moderna", "article:a.com/moderna", "article:c.com/moderna"
    assert (b, a) in edges and (b, c) in edges  # b was published first
    assert (a, c) in edges and (c, a) not in edges  # same time: the smaller id first
    data = edges[(b, a)]
    assert data == {"relation": "similar", "count": 1, "score": 1.0, "syndicated": True}
    assert G.has_edge(b, a, key="similar")
    assert 0.75 <= edges[(b, c)]["score"] < 1.0


def test_unrelated_stories_get_no_edge_and_attributes_are_plain():
    G = wire_graph()
    add_similar_edges(G)
    touched = {n for pair in similar_edges(G) for n in pair}
    assert "article:e.com/salon" not in touched
    for _, _, d in G.edges(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())


def test_each_article_keeps_its_top_k_best_and_the_edges_stay_linear():
    # With related links, at most top_k edges per article; without (either end with room),
    # none left out and each edge takes a place of an end with room: at most top_k x n.
    from dataclasses import replace

    items = [item(f"https://p{i}.com/story", WIRE_TITLE, WIRE_EXCERPT, provider=f"P{i}")
             for i in range(8)]
    linked = [replace(items[0], related=(items[1],)), *items[1:]]
    for made, most in ((items, None), (linked, 3)):
        G = build_graph(made)
        add_similar_edges(G, top_k=3)
        edges = list(similar_edges(G))
        degree = dict(nx.Graph(edges).degree())
        assert len(degree) == 8 and min(degree.values()) >= 3  # none left out
        assert len(edges) <= 3 * 8
        assert most is None or max(degree.values()) == most
        assert len({G.nodes[n]["group"] for n in G if G.nodes[n]["kind"] == "article"}) == 1


def test_running_twice_gives_the_same_edges():
    G = wire_graph()
    add_similar_edges(G)
    first = similar_edges(G)
    add_similar_edges(G)
    assert similar_edges(G) == first


def test_min_score_above_every_pair_leaves_no_edge_and_no_group():
    G = wire_graph()
    add_similar_edges(G, min_score=1.01)
    assert similar_edges(G) == {}
    assert {a for n, a in G.nodes(data="group") if a is not None} == {""}


def test_text_index_is_fitted_once_per_graph():
    G = wire_graph()
    index = text_index(G)
    assert text_index(G) is index
    assert index.nodes == sorted(n for n, k in G.nodes(data="kind") if k == "article")
    assert index.matrix.shape[0] == len(index.nodes) == index.char_matrix.shape[0]
    a, b = index.row["article:a.com/moderna"], index.row["article:e.com/salon"]
    assert index.shared_terms(a, index.matrix[a].toarray().ravel(), n=2) == ["cleared", "moderna"]
    assert index.scores(index.vector("Dallas salon")).argmax() == b
    G.add_node("article:new.com/x", kind="article", title="New", excerpt="")
    assert text_index(G) is not index  # the articles changed: refitted


def test_two_hindi_newsrooms_own_reports_are_no_copies():
    # Cut at its vowel signs into letters, Hindi text shared runs of "words" (letters) with
    # any other: four newsrooms' own reports of a cricket match were counted as wire copies.
    from graphx.similar import same_wording

    a = {"title": "लॉर्ड्स टेस्ट: भारत ने इंग्लैंड को हराया, जडेजा का अर्धशतक",
         "excerpt": "लॉर्ड्स टेस्ट में भारत ने इंग्लैंड को पांच विकेट से हराया, रवींद्र जडेजा ने "
                    "अर्धशतक लगाया।"}
    b = {"title": "जडेजा के अर्धशतक से भारत ने इंग्लैंड को लॉर्ड्स टेस्ट में हराया",
         "excerpt": "लॉर्ड्स टेस्ट में जडेजा के अर्धशतक की बदौलत भारत ने इंग्लैंड पर पांच विकेट "
                    "से जीत दर्ज की।"}
    assert not same_wording(a, b)
    assert same_wording(a, dict(a))


def test_another_languages_function_words_are_no_shared_wording():
    # "similar wording (0.35): inditex, el, 381": Spanish "el" and "las" were the evidence.
    G = build_graph([item(f"https://{d}.es/inditex", title, "", provider=d) for d, title in (
        ("abc", "Las acciones de Inditex suben con el beneficio de 5.381 millones"),
        ("elpais", "Zara impulsa a Inditex a el beneficio de las 5.381 millones"))])
    index = text_index(G)
    a, b = (index.row[f"article:{d}.es/inditex"] for d in ("abc", "elpais"))
    said = index.shared_terms(a, index.matrix[b].toarray().ravel(), n=5)
    assert "inditex" in said and not {"el", "las", "de"} & set(said), said


def test_pairs_are_ordered_and_never_self():
    index = TextIndex(wire_graph())
    i, j, score = index.pairs(min_score=0.3)
    assert len(i) and (i < j).all() and ((score >= 0.3) & (score <= 1.0)).all()


@pytest.mark.parametrize("texts", [[], ["", ""], ["the and of", "a an"]])
def test_nothing_to_index_gives_no_edges(texts):
    G = nx.MultiDiGraph()
    for k, title in enumerate(texts):
        G.add_node(f"article:x.com/{k}", kind="article", title=title, excerpt="", provider="x.com")
    add_similar_edges(G)
    assert similar_edges(G) == {}
    assert all(G.nodes[n]["group"] == "" for n in G)


def test_char_ngram_counts_are_scikit_learns_char_wb_counts():
    from sklearn.feature_extraction.text import CountVectorizer

    from graphx.ngrams import char_ngram_counts

    texts = ["Ontario's patios REOPEN  soon", "a b cd ñandú\u00a0x\tI", "", "émigré café, a b",
             "Σίσυφος ΟΔΟΣ", "x"]
    expected = CountVectorizer(analyzer="char_wb", ngram_range=(4, 4), strip_accents="unicode")
    counts = expected.fit_transform(texts)
    found = char_ngram_counts(texts)
    assert found.shape == counts.shape
    assert (found != counts).nnz == 0


def test_char_ngram_counts_are_the_same_counted_a_few_texts_at_a_time():
    from graphx.ngrams import char_ngram_counts

    texts = ["Ontario's patios REOPEN  soon", "a b cd ñandú\u00a0x\tI", "", "émigré café, a b",
             "Σίσυφος ΟΔΟΣ", "x", "reopen patios in Ontario"]
    whole = char_ngram_counts(texts)
    for chunk in (1, 2, 3):
        part = char_ngram_counts(texts, chunk=chunk)
        assert part.shape == whole.shape and (part != whole).nnz == 0


def test_char_tfidf_is_scikit_learns_char_wb_tfidf_in_any_chunking():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from graphx.ngrams import char_tfidf

    texts = ["Ontario's patios REOPEN  soon", "a b cd ñandú\u00a0x\tI", "", "émigré café, a b",
             "patios reopen in Ontario soon", "Σίσυφος ΟΔΟΣ", "café émigré"]
    expected = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4), strip_accents="unicode",
                               sublinear_tf=True, min_df=2).fit_transform(texts)
    whole = char_tfidf(texts)
    assert whole.shape == expected.shape and whole.dtype == np.float32
    assert abs(whole - expected).max() < 1e-6
    for chunk in (1, 2, 3):
        part = char_tfidf(texts, chunk=chunk)
        assert (part != whole).nnz == 0


def test_the_word_tfidf_is_scikit_learns():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from graphx.similar import NEWS_STOP_WORDS
    from graphx.words import ENGLISH_STOP_WORDS, TOKEN_PATTERN, WordTfidf

    texts = ["Moderna's vaccine trial: Phase 2 begins", "Café owners in Zürich reopen",
             "The the THE and of", "", "naïve ＦＵＬＬ-width ½ résumé Moderna moderna",
             "Reuters reports: patios reopen in Ontario, patios!"]
    stop = ENGLISH_STOP_WORDS | NEWS_STOP_WORDS
    theirs = TfidfVectorizer(stop_words=sorted(stop), strip_accents="unicode",
                             sublinear_tf=True, dtype=np.float32, token_pattern=TOKEN_PATTERN)
    ours = WordTfidf(stop_words=stop)
    A, B = theirs.fit_transform(texts), ours.fit_transform(texts)
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert np.allclose(ours.idf_, theirs.idf_, rtol=1e-6)
    assert (A != 0).toarray().tolist() == (B != 0).toarray().tolist()
    assert abs(A - B).max() < 1e-6
    query = ["moderna PATIOS zzz", "nothing known"]
    assert abs(theirs.transform(query) - ours.transform(query)).max() < 1e-6
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SK

    assert ENGLISH_STOP_WORDS == SK
    # The pattern is scikit-learn's default where no mark is written
    default = TfidfVectorizer(stop_words=sorted(stop), strip_accents="unicode")
    assert list(default.fit(texts).get_feature_names_out()) == list(
        theirs.fit(texts).get_feature_names_out())


def test_the_word_tfidf_reads_whole_words_of_scripts_scikit_learn_cuts():
    # Marks are part of Hindi and Thai words (\w has none, and accent stripping took them
    # off: "जलभर" for जलभराव, "ทองคํา" for ทองคำ), and Thai, Chinese and Japanese write no
    # space between words: a Thai headline was one word, which no other headline shared.
    from graphx.words import WordTfidf

    words = WordTfidf().words
    assert words("मिंटो ब्रिज में जलभराव, अलर्ट जारी") == ["मिंटो", "ब्रिज", "में", "जलभराव", "अलर्ट",
                                                       "जारी"]
    assert words("ราคาทองคำวันนี้ปรับขึ้น 200 บาท") == ["ราคา", "ทองคำ", "วัน", "นี้", "ปรับ",
                                                  "ขึ้น", "200", "บาท"]
    # one character is no word
    assert words("東京都で新たに39人感染") == ["東京", "新た", "39", "感染"]
    # ICU counts a character past the basic plane as two: the run is cut, not garbled.
    from graphx.words import unspaced_words

    assert unspaced_words("𠮷野家の牛丼").split() == ["𠮷", "野家", "の", "牛丼"]
    # A name ICU's dictionary lacks is cut into characters, each no word of the index:
    # Trump, Zelensky, a typhoon's name were gone. Characters side by side are one word,
    # but for those that are words of their own (在, "at").
    assert words("特朗普在白宫会见泽连斯基") == ["特朗普", "白宫", "会见", "泽连斯基"]
    assert words("颱風山陀兒登陸高雄") == ["颱風", "山陀兒", "登陸", "高雄"]
    assert unspaced_words("Plain text, café.") == "Plain text, café."


def test_a_text_index_keeps_no_copy_of_the_texts_and_pickles_with_its_graph():
    import pickle

    G = wire_graph()
    index = text_index(G)
    assert not any(isinstance(v, list) and v and isinstance(v[0], str) and "\n" in v[0]
                   for v in vars(index).values())  # no list of the indexed texts
    expected = char_tfidf([article_text(G.nodes[n]) for n in index.nodes])
    assert (index.char_matrix != expected).nnz == 0  # read again from the graph
    H = pickle.loads(pickle.dumps(G))  # networkx keeps the index in G's cache
    again = text_index(H)
    assert again.nodes == index.nodes and (again.char_matrix != expected).nnz == 0
    stale = pickle.loads(pickle.dumps(TextIndex(G)))
    with pytest.raises(RuntimeError, match="gone"):
        stale.char_matrix  # noqa: B018 - nothing to read it from


def test_a_corpus_without_links_pairs_headlines_that_read_alike():
    # powerapps (no related: lists): one story's reports, their excerpts of other lengths
    # and words, were three stories and nine loose articles.
    heads = ["Microsoft Power Apps misconfiguration exposes 38 million records",
             "Microsoft Power Apps misconfigurations expose 38 million records",
             "Microsoft Power Apps misconfiguration exposes millions of records"]
    excerpts = ["UpGuard found 47 portals leaking vaccination and employee data.",
                "Researchers say default settings left personal details open to anyone.",
                "State agencies and American Airlines were among those affected."]
    items = [item(f"https://o{k}.com/a", h, e, provider=f"O{k}") for k, (h, e) in
             enumerate(zip(heads, excerpts, strict=True))]
    items += [item(f"https://x{k}.com/b", f"Power Apps feature update number {k} for makers",
                   "New controls and connectors.", provider=f"X{k}") for k in range(6)]
    G = build_graph(items)
    add_similar_edges(G)
    paired = {frozenset((u, v)) for (u, v) in similar_edges(G)}
    story = [f"article:o{k}.com/a" for k in range(3)]
    assert {frozenset((story[0], story[1])), frozenset((story[0], story[2]))} <= paired
    # With links in the corpus (2% of its articles or more) the text alone decides.
    from graphx.similar import _few_links

    assert _few_links(G, sorted(n for n, k in G.nodes(data="kind") if k == "article"))
    G.add_edge(story[0], "article:x0.com/b", key="related", relation="related", count=1)
    assert not _few_links(G, sorted(n for n, k in G.nodes(data="kind") if k == "article"))


def _stories(items) -> list[set[str]]:
    """The stories (clusters of two or more articles) of ``items`` built as a build does."""
    from graphx.analysis import add_analysis

    G = build_graph(items)
    add_similar_edges(G)
    add_analysis(G)
    found: dict[int, set[str]] = {}
    for n, attrs in G.nodes(data=True):
        if attrs.get("kind") == "article" and attrs.get("cluster", -1) >= 0:
            found.setdefault(attrs["cluster"], set()).add(n.rsplit("/", 1)[-1])
    return sorted(found.values(), key=sorted)


def test_stories_written_without_spaces_form_without_links():
    # A Thai or Japanese headline was one "word" to the index, so separately written
    # reports shared no word: three Thai newsrooms' reports of one gold price and three
    # Japanese ones of one earthquake were each a story of one article.
    thai = [("thairath", "ราคาทองคำวันนี้ปรับขึ้น 200 บาท",
             "ราคาทองคำแท่งวันนี้ปรับขึ้น 200 บาท ตามราคาทองคำในตลาดโลก", "gold-1"),
            ("khaosod", "ทองคำขึ้นราคาอีก 200 บาท รับตลาดโลก",
             "สมาคมค้าทองคำประกาศราคาทองคำแท่งขึ้น 200 บาท ตามตลาดโลก", "gold-2"),
            ("matichon", "ราคาทองคำพุ่งทำสถิติใหม่",
             "ราคาทองคำแท่งพุ่งขึ้นทำสถิติสูงสุดใหม่ตามราคาในตลาดโลก", "gold-3"),
            ("matichon", "นายกฯ เปิดโครงการรถไฟฟ้าสายใหม่",
             "นายกรัฐมนตรีเปิดโครงการรถไฟฟ้าสายใหม่ในกรุงเทพฯ", "train")]
    japanese = [("nhk", "青森県東方沖でM6.8の地震 太平洋沿岸に津波注意報",
                 "青森県東方沖を震源とするマグニチュード6.8の地震があり、気象庁は津波注意報を発表しました。",
                 "quake-1"),
                ("asahi", "青森沖でM6.8の地震、津波注意報を発表 気象庁",
                 "気象庁によると、青森県東方沖で地震があった。規模はマグニチュード6.8と推定され、"
                 "津波注意報が出された。", "quake-2"),
                ("yomiuri", "青森県で震度5強 M6.8 津波注意報も",
                 "青森県東方沖を震源とする地震があり、青森県で震度5強を観測した。", "quake-3"),
                ("mainichi", "東京都知事選 山田氏が3選", "現職の山田太郎氏が3選を決めた。", "vote")]
    for reports in (thai, japanese):
        items = [item(f"https://www.{site}.example/news/{slug}", title, excerpt, provider=site,
                      published=f"2026-01-20T0{k}:00:00Z")
                 for k, (site, title, excerpt, slug) in enumerate(reports)]
        stories = _stories(items)
        assert [sorted(s) for s in stories] == [[r[3] for r in reports[:3]]], stories
