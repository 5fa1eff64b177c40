"""KeywordIndex.build lays out FTS5's postings itself: the same arrays as reading every
posting back from FTS5 (the way it was built before), on texts made to trip it up."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from graphx.related.keywords import FIELDS, TOKENIZER, KeywordIndex, spaced


def fts5_postings(texts):
    """Every posting as FTS5 lists it, ORDER BY term, doc, col, offset: the oracle (of the
    texts as the index reads them: Chinese and Japanese runs in character pairs)."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE d USING fts5(title, excerpt, tokenize=\"{TOKENIZER}\")")
    db.executemany("INSERT INTO d(rowid, title, excerpt) VALUES (?, ?, ?)",
                   [(i, spaced(t), spaced(e)) for i, (t, e) in enumerate(texts)])
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(d, 'instance')")
    rows = db.execute("SELECT term, doc, col, offset FROM v ORDER BY term, doc, col, offset"
                      ).fetchall()
    db.close()
    return rows


def index_postings(index: KeywordIndex):
    rows = []
    for t in range(len(index.terms)):
        start = int(index.term_ends[t - 1]) if t else 0
        for k in range(start, int(index.term_ends[t])):
            rows.append((index.terms[t], int(index.post_doc[k]),
                         FIELDS[1] if index.post_field[k] else FIELDS[0],
                         int(index.post_pos[k])))
    return rows


HOSTILE = [
    ("Covid-19: what we know", "Officials said on Tuesday\u00a0that cases rose\u2009by 4,000."),
    ("Ça coûte cher — naïve café", "Résumé:\tfaçade\nCRÈME brûlée; e\u0301te\u0301"),
    ("", ""),
    ("   ", "\u3000\u2028\u2029\x1c\x1d\x1e\x1f\x85"),
    ("北京 新冠 疫情", "東京都で感染者 100人"),
    ("emoji 🦠🧪 test", "don't won't it's U.S. e.g. a.b.c"),
    ("running runs ran runner", "running; RUNNING, Running!"),
    ("x" * 200, "long " + "y" * 70 + " words"),
    ("tab\tand\vvertical\fform feed", "zero\u200bwidth joiner\u200d here"),
    ("Covid-19: what we know", "the same title again, another article"),
]


@pytest.mark.parametrize("step", [1, 4, 1 << 20])
@pytest.mark.parametrize("texts", [HOSTILE, HOSTILE[::-1], HOSTILE[:1], []])
def test_build_gives_fts5s_postings(texts, step):
    # Texts read 3 at a time, tokens laid out ``step`` piece occurrences at a time.
    index = KeywordIndex.build(texts, chunk=3, step=step)
    assert index_postings(index) == fts5_postings(texts)
    lengths = np.zeros((len(texts), 2))
    for _, doc, col, _ in fts5_postings(texts):
        lengths[doc, FIELDS.index(col)] += 1
    assert np.array_equal(index.lengths, lengths)
    assert index.lengths.dtype == np.float64 and index.post_doc.dtype == np.int32


def test_build_matches_on_a_query():
    index = KeywordIndex.build(HOSTILE)
    match = index.match("running cafe", np.zeros(len(HOSTILE)))
    assert match.words == ["run", "cafe"]
    assert match.rows.tolist() == [1, 6]


def test_a_word_inside_a_japanese_headline_is_found():
    # No space divides Japanese words: "東京都" and "感染" inside a headline found nothing.
    from graphx.related.keywords import KeywordIndex

    index = KeywordIndex.build([("東京都の感染者、新たに23人", ""), ("大阪府が休業要請を緩和", ""),
                                ("Tokyo reports 23 new cases", "")])
    for query, row in (("東京都", 0), ("感染", 0), ("大阪", 1)):
        match = index.match(query, np.zeros(3))
        assert list(match.rows) == [row], query


def test_a_hindi_word_is_one_word_not_its_letters():
    # The vowel signs of Hindi cut its words into letters: "मिंटो ब्रिज" (Minto Bridge) was
    # the words म, ट, ब, र, ज, and found a gold-price story holding those letters.
    from graphx.related.keywords import tokens

    assert tokens("मिंटो ब्रिज में जलभराव") == ["मिंटो", "ब्रिज", "में", "जलभराव"]
    assert tokens("Café résumés") == ["cafe", "resum"]  # accents still off, as before
    index = KeywordIndex.build([("मिंटो ब्रिज में जलभराव", ""), ("सोने की कीमत में तेजी", "")])
    match = index.match("मिंटो ब्रिज", np.zeros(2))
    assert match.rows.tolist() == [0] and match.features["coverage"].tolist() == [1.0]


def test_a_japanese_word_written_with_an_iteration_mark_is_found():
    # 々 (代々木, 佐々木, 人々) ended a run of Japanese characters: none of them was found.
    index = KeywordIndex.build([("代々木公園で花見客を自粛要請", ""), ("佐々木朗希が初登板へ", ""),
                                ("人々の暮らし一変", ""), ("𠮷野家が値上げ", "")])
    for query, row in (("代々木", 0), ("佐々木", 1), ("人々", 2), ("𠮷野家", 3)):
        match = index.match(query, np.zeros(4))
        assert int(match.rows[np.argmax(match.features["coverage"])]) == row, query
        assert match.features["coverage"].max() == 1.0, query


def test_a_reason_names_the_character_pairs_of_a_chinese_query():
    # "holds 2 of 3 words: 麒麟芯片 (not 麒麟芯片)": each pair was said as the whole query.
    from graphx.related.engine import _keyword_reasons
    from graphx.related.keywords import as_written

    assert as_written("麒麟芯片 Huawei") == {"麒麟": "麒麟", "麟芯": "麟芯", "芯片": "芯片",
                                          "huawei": "Huawei"}
    index = KeywordIndex.build([("华为Mate60 Pro拆解：麒麟9000S由中芯国际制造芯片", ""),
                                ("华为发布手机 搭载麒麟芯片", "")])
    match = index.match("麒麟芯片", np.zeros(2))
    reasons = {int(r): _keyword_reasons(match, int(r))[0] for r in match.rows}
    assert reasons == {0: "holds 2 of 3 words: 麒麟, 芯片 (not 麟芯)",
                       1: "holds every word: 麒麟, 麟芯, 芯片"}


def test_a_stop_word_typed_in_capitals_is_an_acronym_and_kept():
    # "WHO China" lost its WHO (a stop word), "US News" its US, without a word.
    index = KeywordIndex.build([("WHO and China discuss the origin", ""),
                                ("US News ranks who is first", "")])
    assert index.words("WHO China") == ["who", "china"]
    assert index.words("who is China") == ["china"]
    assert index.words("US News") == ["us"]  # "news" beside other words: no word (below)
    assert index.words("US new") == ["us", "new"]


ACRONYMS = [
    ("Who will replace Biden? Democrats weigh options", "Tell us: who is next"),
    ("WHO warns of a second wave", "The WHO's chief said it was too early."),
    ("Global IT meltdown hits airlines", "Its systems failed; US-drafted plan, U.S. reply"),
    ("Tell us how the heatwave affected you", "ECB cuts rates for its first time"),
    ("COVID-19 cases rise", "Covid cases rose in the US and the UK"),
    ("WHO SAYS WHAT", "an all-capitals headline"),
]


@pytest.mark.parametrize("texts", [ACRONYMS, ACRONYMS[::-1] + HOSTILE, HOSTILE])
@pytest.mark.parametrize("step", [1, 1 << 20])
def test_the_postings_written_in_capitals_are_those_of_words_in_capitals(texts, step):
    # The oracle: an ASCII field's tokens are its runs of letters and digits, in order,
    # once its dotted abbreviations are one word and its possessives their names.
    import re

    from graphx.related.keywords import one_word_each

    index = KeywordIndex.build(texts, chunk=2, step=step)
    caps = set(index.post_caps.tolist())
    assert sorted(caps) == index.post_caps.tolist()
    for k in range(len(index.post_doc)):
        doc, excerpt, pos = (int(index.post_doc[k]), bool(index.post_field[k]),
                             int(index.post_pos[k]))
        text = texts[doc][1 if excerpt else 0]
        if text.isascii():
            run = re.findall(r"[A-Za-z0-9]+", one_word_each(text))[pos]
            assert (k in caps) == (run.isupper() and len(run) > 1), (text, run)


@pytest.mark.parametrize(("query", "rows"), [
    ("WHO", [1, 5]),         # never "Who will replace Biden?" (an all-capitals headline can
    ("IT", [2]),             # not tell: it counts); never "its" (stemmed "it")
    ("US", [2, 4]),          # never "Tell us" ("U.S." is two words, U and S)
    ("who", [0, 1, 5]),      # typed in lower case, a word (kept as the query's only one)
    ("WHO SAYS WHAT", [0, 1, 5]),  # a shout, not acronyms
    ("COVID cases", [4]),    # no stop word: "Covid" is COVID
])
def test_an_acronym_that_is_an_everyday_word_matches_only_in_capitals(query, rows):
    # "WHO" answered "Who will replace Biden?", "US" "Tell us: ...", "IT" every "its".
    index = KeywordIndex.build(ACRONYMS)
    assert sorted(index.match(query, np.zeros(len(ACRONYMS))).rows.tolist()) == rows


def test_an_acronym_no_article_writes_in_capitals_is_held_by_none():
    index = KeywordIndex.build(ACRONYMS[:1] + ACRONYMS[3:4])
    assert index.known("WHO") == [] and index.known("WHO Biden") == ["biden"]
    assert index.holding_all("US heatwave") == 0 and index.holding_all("us heatwave") == 1


AMPERSANDS = [
    ("L&T Q2 results: PAT up 45% at Rs 3,223 crore", "Order inflow strong."),
    ("AT&T says hackers stole call records", "Its cellular customers were hit."),
    ("Telecom shares", "Shares rose at T-Mobile and fell at Verizon."),
    ("M&M Q2 results", "SUV demand strong; results beat estimates."),
]


@pytest.mark.parametrize(("query", "rows"), [
    ("AT&T", [1]),          # never L&T's "at Rs" nor "at T-Mobile": the name, in capitals
    ("L&T", [0]),
    ("M&M results", [3, 0]),  # M&M's first; L&T's holds "results" alone
    ("S&P500", []),
])
def test_a_name_written_with_an_ampersand_is_one_word(query, rows):
    # "AT&T" was the words at and t: on a corpus without AT&T it answered L&T's results at
    # 0.992, "holds every word: AT, T".
    from graphx.related.keywords import as_written

    index = KeywordIndex.build(AMPERSANDS)
    match = index.match(query, np.zeros(len(AMPERSANDS)))
    rough = match.features["coverage"] + match.features["bm25"]
    assert [int(r) for r in match.rows[np.argsort(-rough, kind="stable")]] == rows
    assert index.words("AT&T hack") == ["at&t", "hack"]
    assert as_written("AT&T hack")["at&t"] == "AT&T"
    assert index.known("AT&T outage") == ["at&t"]


OPERATORS = [
    ("Liverpool agree deal to sign Wirtz", "Liverpool have agreed a record fee."),
    ("Wirtz's debut", "Florian Wirtz plays his first game."),
    ("Liverpool beat Everton", "A derby win."),
]


def test_a_possessive_is_its_name_and_search_box_operators_are_operators():
    # "Wirtz’s" held "1 of 2 words: Wirtz’s (not Wirtz’s)"; "Wirtz OR Isak" answered
    # nothing, saying Isak was looked for in capitals; "AND" cut a score to 0.149.
    from graphx.related.keywords import plain_query

    index = KeywordIndex.build(OPERATORS)
    zeros = np.zeros(len(OPERATORS))
    assert index.words("Wirtz\u2019s") == index.words("Wirtz's") == ["wirtz"]
    assert plain_query("Wirtz AND Liverpool OR Everton NOT derby") == "Wirtz Liverpool Everton"
    assert index.acronyms("Wirtz OR Isak") == frozenset()  # OR is no acronym
    both = index.match("Wirtz AND Liverpool", zeros)
    plain = index.match("Wirtz Liverpool", zeros)
    assert list(both.rows) == list(plain.rows)
    assert np.allclose(both.features["coverage"], plain.features["coverage"])
    alternatives = index.match("Wirtz OR Isak", zeros)  # Isak is no answer's, and costs nothing
    assert sorted(alternatives.rows.tolist()) == [0, 1]
    assert (alternatives.features["coverage"] == 1).all()
    assert sorted(index.match("Liverpool NOT Wirtz", zeros).rows.tolist()) == [2]
    assert index.match("derby", zeros).rows.tolist() == [2]  # "derby" alone is asked for


FIGURES = [("Melissa becomes Category 5 storm", "Winds of 39 mph."),
           ("Nvidia margin 39.5% in third quarter", "Revenue of 3,223 million."),
           ("Fourth quarter outlook", "")]


@pytest.mark.parametrize(("query", "words", "rows"), [
    ("39.5%", ["39&5"], [1]),        # was 39 and 5: "Category 5 storm" answered
    ("3,223", ["3&223"], [1]),
    ("third quarter", ["third", "quarter"], [1, 2]),  # "third" was dropped as a stop word
])
def test_a_figure_is_one_word_and_a_figure_in_words_is_asked_for(query, words, rows):
    index = KeywordIndex.build(FIGURES)
    match = index.match(query, np.zeros(len(FIGURES)))
    assert index.words(query) == words
    assert sorted(match.rows.tolist()) == rows
    if len(rows) > 1:  # the article holding both words first
        assert match.rows[int(np.argmax(match.features["coverage"]))] == 1


SPELLINGS = [("Labor shortage hits US factories", "Employers cannot find workers."),
             ("Labour shortage hits UK farms", "Fruit rots unpicked."),
             ("New cancer centre opens in Leeds", "The BBC reports."),
             ("Kidney donors wanted", "An organ donation drive."),
             ("Unions organize strike", "Workers walk out.")]


@pytest.mark.parametrize(("query", "rows"), [
    ("labour shortage", [0, 1]),   # found the UK farms alone, never AP's "labor shortage"
    ("labor shortage", [0, 1]),
    ("cancer center", [2]),        # "center" found no BBC "centre"
    ("organise strike", [4]),      # "organize" is stemmed "organ"; "organise" finds it
])
def test_british_and_american_spellings_of_a_word_meet(query, rows):
    index = KeywordIndex.build(SPELLINGS)
    match = index.match(query, np.zeros(len(SPELLINGS)))
    full = match.rows[match.features["coverage"] >= 0.999]
    assert sorted(full.tolist()) == rows
    assert index.holding_all(query) == len(rows)
    # an answer's reason says the word as the query wrote it
    assert match.said(match.words[:1]) == query.split()[0]


def test_a_spelling_the_stemmer_cuts_shorter_is_asked_only_when_needed():
    # "organize" is stemmed "organ": "organise" takes it only where no article writes
    # "organise", and then "organ donation" answers as it would for an American typist.
    index = KeywordIndex.build(SPELLINGS + [("Nurses organise rally", "")])
    assert index.match("organise", np.zeros(6)).rows.tolist() == [5]
    assert sorted(KeywordIndex.build(SPELLINGS).match(
        "organise", np.zeros(5)).rows.tolist()) == [3, 4]


COMPOUNDS = [("OpenAI unveils new model", "The ChatGPT maker said."),
             ("Open AI rivals gather", "Chat GPT clones abound."),
             ("Open day at the zoo", "AI cameras watch the pandas."),
             ("A part of the bridge fell", "Nobody was hurt."),
             ("Flats apart", ""),
             ("Lockdown eased", "")]


@pytest.mark.parametrize(("query", "rows"), [
    ("Open AI", [0, 1, 2]),  # "OpenAI" held neither word (the zoo holds both, apart)
    ("OpenAI", [0, 1]),     # "Open AI" was no "openai"
    ("ChatGPT", [0, 1]),
    ("Chat GPT", [0, 1]),
])
def test_a_name_written_as_one_word_or_two_is_found_both_ways(query, rows):
    index = KeywordIndex.build(COMPOUNDS)
    match = index.match(query, np.zeros(len(COMPOUNDS)))
    full = match.rows[match.features["coverage"] >= 0.999]
    assert sorted(full.tolist()) == rows
    # the zoo holds "open" and "ai" far apart: never adjacent, unlike the two answers
    near = dict(zip(match.rows.tolist(), match.features["proximity"].tolist(), strict=True))
    if 2 in near and len(index.words(query)) > 1:
        assert near[2] < min(near[0], near[1])
    # a stop word is never joined to its neighbour: "a part" is no "apart"
    assert index.match("part", np.zeros(len(COMPOUNDS))).rows.tolist() == [3]
    assert index.spellings("a part") == {}
    # a word the query would drop as a stop word still joins its neighbour
    assert index.match("lock down", np.zeros(len(COMPOUNDS))).rows.tolist() == [5]


def test_a_query_makes_its_spellings_once(monkeypatch):
    # match() asks with the query's words, holding_all() and known() as typed: the
    # spellings were made twice per query, with a possessive or an operator in it.
    index = KeywordIndex.build(COMPOUNDS)
    made = []
    real = KeywordIndex._spellings
    monkeypatch.setattr(KeywordIndex, "_spellings", lambda self, q: made.append(q) or real(self, q))
    for query in ("OpenAI's lock down", "Chat GPT NOT open"):
        made.clear()
        index.holding_all(query), index.known(query)
        index.match(query, np.zeros(len(COMPOUNDS)))
        assert len(made) == 1, made
    assert index.spellings("OpenAI's chat") == index.spellings("OpenAI chat") != {}


@pytest.mark.parametrize(("word", "others"), [
    ("labour", ["labor"]), ("colors", ["colours"]), ("favourite", ["favorite"]),
    ("organisation", ["organization"]), ("analysed", ["analyzed"]), ("centre", ["center"]),
    ("theaters", ["theatres"]), ("defence", ["defense"]), ("licence", ["license"]),
    ("catalogue", ["catalog"]), ("programme", ["program"]), ("paediatric", ["pediatric"]),
    ("estrogen", ["oestrogen"]), ("grey", ["gray"]), ("judgement", ["judgment"]),
    # everyday words and names have one spelling
    ("hour", []), ("four", []), ("flour", []), ("rise", []), ("prize", []),
    ("michael", []), ("israel", []), ("cheque", []), ("tyre", []), ("news", []),
    ("Labour", []),  # a variant is asked of a word in lower case
])
def test_spelling_variants(word, others):
    from graphx.related.spellings import variants

    assert variants(word) == others


def test_news_beside_other_words_is_no_word():
    # The stemmer makes "news" "new": "Fox News" on a corpus without Fox answered an iPhone
    # article's "new", "holds every word: news".
    index = KeywordIndex.build([("Apple unveils new iPhone", ""), ("Fox wins award", "")])
    zeros = np.zeros(2)
    assert index.words("Fox News") == ["fox"] and index.words("news") == ["new"]
    assert index.match("Fox News", zeros).rows.tolist() == [1]
    assert index.match("ITV News", zeros).rows.tolist() == []


def test_an_everyday_word_no_article_holds_costs_less_than_a_name_none_holds():
    # "Aurora X price" answered nothing (price, in no article, weighed as the rarest word),
    # while "Roy Horn of Siegfried" must still answer nothing when no article names Horn.
    index = KeywordIndex.build([("Aurora X phone launched", "It costs $899."),
                                ("Aurora X review", "The phone is fast."),
                                ("Weather today", "Rain.")])
    centrality = np.zeros(3)
    everyday = index.match("Aurora X price", centrality)
    named = index.match("Aurora X Siegfried", centrality)
    assert list(everyday.rows) == list(named.rows) == [0, 1]
    assert (everyday.features["coverage"] > 2 * named.features["coverage"]).all()
    assert (everyday.features["coverage"] >= 0.6).all()


@pytest.mark.parametrize(("query", "named"), [
    ("Siegfried Aurora X", True),      # a name first, beside other capitals
    ("Meloni G7 loan", True),          # beside a figure
    ("Reaction to the phone launch", False),  # a sentence's opening: an everyday word
])
def test_a_first_word_is_a_name_unless_it_opens_a_sentence(query, named):
    # "Meloni G7 loan" answered 0.734 without Meloni, "Tim Cook Apple AI" 0.108 without Tim.
    index = KeywordIndex.build([("Aurora X phone launched with a G7 loan", "It costs $899."),
                                ("Aurora X review", "The phone is fast.")])
    coverage = index.match(query, np.zeros(2)).features["coverage"]
    assert (coverage.max() < 0.5) == named, coverage


def test_a_thai_word_is_found_inside_a_headline():
    # Thai writes no space between words: "ดอกเบี้ย" (interest rate) found nothing in three
    # headlines holding it, and "น้ำท่วม" (flood) was read as the letters น, ำท.
    index = KeywordIndex.build([("ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบาย", ""),
                                ("น้ำท่วมกรุงเทพฯ หลังฝนตกหนักทั้งคืน", ""),
                                ("ราคาทองคำวันนี้ปรับขึ้น", "")])
    for query, row in (("ดอกเบี้ย", 0), ("น้ำท่วม", 1), ("ทองคำ", 2)):
        match = index.match(query, np.zeros(3))
        assert match.rows.tolist() == [row], query
        assert match.features["coverage"].tolist() == [1.0], query


def test_a_figure_written_against_chinese_or_japanese_is_found():
    # "23條" found neither headline holding it (the 條 of "23條立法" stood only in the pair
    # 條立), "逾20萬戶" no headline (逾20 was one token of the query, 台逾 and 20 of the
    # headline), and "3月5日" was one token matching no other way of writing the date.
    index = KeywordIndex.build([("立法會三讀通過《基本法》23條立法", ""),
                                ("23條立法三讀通過 李家超：歷史時刻", ""),
                                ("山陀兒颱風登陸高雄 全台逾20萬戶停電", ""),
                                ("2024年3月5日 東京で桜開花", ""),
                                ("Article 23 passes in Hong Kong", "")])
    for query, rows in (("23條", [0, 1]), ("23條立法", [0, 1]), ("逾20萬戶", [2]),
                        ("3月5日", [3]), ("20萬戶", [2])):
        match = index.match(query, np.zeros(5))
        full = match.rows[match.features["coverage"] == 1.0].tolist()
        assert full == rows, query
    # A figure alone is still found in Chinese text as in English
    assert index.match("23", np.zeros(5)).rows.tolist() == [0, 1, 4]


def test_a_reason_says_a_figure_beside_japanese_as_the_figure():
    # "50盗塁" answered ESPN's English report "holds 1 of 2 words: 50盗塁 (not 盗塁)": the
    # figure was said as the whole word, which ESPN does not hold.
    from graphx.related.engine import _keyword_reasons
    from graphx.related.keywords import as_written

    assert as_written("50盗塁") == {"50": "50", "盗塁": "盗塁"}
    assert as_written("23條") == {"23": "23", "條": "條"}
    index = KeywordIndex.build([("大谷翔平 史上初の50本塁打50盗塁を達成", ""),
                                ("Shohei Ohtani becomes first player with 50 homers and 50 "
                                 "steals", "")])
    match = index.match("50盗塁", np.zeros(2))
    reasons = {int(r): _keyword_reasons(match, int(r))[0] for r in match.rows}
    assert reasons == {0: "holds every word: 50, 盗塁", 1: "holds 1 of 2 words: 50 (not 盗塁)"}


def test_a_word_and_its_figure_are_found_written_together_or_apart():
    # "iPhone 16" found nothing where the headlines wrote 苹果iPhone16降价, though
    # "iPhone16" found them; nor did "iPhone16" find "iPhone 16" where some headline held
    # iPhone16.
    index = KeywordIndex.build([("Apple cuts iPhone 16 price in China", ""),
                                ("苹果iPhone16降价 国补后最低4999元", ""),
                                ("iPhone sales fall", ""), ("16 dead in crash", "")])
    for query in ("iPhone 16", "iPhone16"):
        match = index.match(query, np.zeros(4))
        full = match.rows[match.features["coverage"] == 1.0].tolist()
        assert full == [0, 1], query
    assert KeywordIndex.build([("iPhone16在华销量下滑", "")]).holding_all("iPhone 16") == 1


def test_a_lao_word_is_found_inside_a_longer_word_of_a_headline():
    # ICU cuts a run by its context: it keeps ນະຄອນຫຼວງວຽງຈັນ (Vientiane Capital) one word in
    # both headlines, and cuts the query ວຽງຈັນ (Vientiane) alone as itself, so neither
    # ວຽງຈັນ nor ນະຄອນຫຼວງ found anything.
    index = KeywordIndex.build([("ນ້ຳຖ້ວມນະຄອນຫຼວງວຽງຈັນ ຫຼາຍບ້ານ", ""),
                                ("ນ້ຳຖ້ວມຫຼາຍບ້ານໃນນະຄອນຫຼວງວຽງຈັນ ຫຼັງຝົນຕົກໜັກ", ""),
                                ("ຝົນຕົກໜັກຢູ່ຫຼວງພະບາງ", "")])
    for query in ("ວຽງຈັນ", "ນະຄອນຫຼວງ", "ນ້ຳຖ້ວມວຽງຈັນ"):
        match = index.match(query, np.zeros(3))
        assert match.rows[match.features["coverage"] == 1.0].tolist() == [0, 1], query
        assert index.holding_all(query) == 2, query


def test_a_word_held_as_itself_or_cut_mid_syllable_is_not_looked_for_inside_others():
    # ICU's word is trusted where some article holds the query's word as itself (ทอง,
    # "gold", stays the word it is, not every word holding it); and a piece that ends
    # before a vowel sign (กร of กรุงเทพฯ) or starts after a vowel written before its
    # consonant (ลือก of เลือกตั้ง) is no syllable of the word holding it.
    index = KeywordIndex.build([("ราคาทองคำวันนี้ปรับขึ้น", ""), ("ทอง ขึ้น", ""),
                                ("น้ำท่วมกรุงเทพฯ", ""), ("กกต.เลือกตั้ง", "")])
    assert index._inside("ทอง") == []
    assert index._inside("กร") == [] and index._inside("ลือก") == []
    assert index.match("ทอง", np.zeros(4)).rows.tolist() == [1]
    assert index._inside("คำวัน") == [] and index._inside("ทองค") == []
    assert index._inside("ทองคำ") == []  # held: it is a word of the index


def test_a_word_is_found_whatever_mark_or_width_it_is_written_with():
    # "กรุงเทพ" (Bangkok) found no "กรุงเทพฯ" headline and "นายกฯ" was cut "นา ยกฯ";
    # full-width "ＪＲ" and "１０日" and half-width "ｺﾛﾅ" found no "JR", "10日" or "コロナ".
    index = KeywordIndex.build([("น้ำท่วมกรุงเทพฯ นายกฯ สั่งเร่งระบายน้ำ", ""),
                                ("ＪＲ東日本 １０日から運転再開", ""), ("ｺﾛﾅ感染者が増加", ""),
                                ("JR西日本 10日に発表 コロナ対策", "")])
    for query, rows in (("กรุงเทพ", [0]), ("นายก", [0]), ("JR", [1, 3]), ("ＪＲ", [1, 3]),
                        ("10日", [1, 3]), ("コロナ", [2, 3]), ("ｺﾛﾅ", [2, 3])):
        match = index.match(query, np.zeros(4))
        assert sorted(match.rows.tolist()) == rows, query


ABBREVIATIONS = [
    ("U.S. death toll tops 70,000", "The United States counts its dead."),  # 0
    ("Sweden's death toll rises", "The country's strategy is questioned."),  # 1
    ("UK death toll passes Italy's", "Britain's count."),  # 2
    ("U.K. lockdown to ease", "The U.K. government's plan."),  # 3
    ("US stocks rise", "Tell us what you think."),  # 4
    ("Florida\u2019s toll: 1,600 dead", "A state's figure."),  # 5
]


@pytest.mark.parametrize(("query", "rows"), [
    ("U.S. death toll", [0]),   # was U and S, and S held by every possessive: 1, 2, 5
    ("US death toll", [0]),
    ("U.K. toll", [2]),         # "UK death toll passes Italy's"
    ("U.K.", [2, 3]),           # "U.K." and "UK" never met
    ("UK", [2, 3]),
    ("U.S.", [0, 4]),           # an acronym, found only in capitals: not "Tell us"
])
def test_a_dotted_abbreviation_is_one_word_and_a_possessive_holds_no_s(query, rows):
    index = KeywordIndex.build(ABBREVIATIONS)
    match = index.match(query, np.zeros(len(ABBREVIATIONS)))
    full = match.features["coverage"] == match.features["coverage"].max()
    assert sorted(match.rows[full].tolist()) == rows
    assert index.postings("s") is None  # no possessive is the word "s"


def test_a_reason_says_a_dotted_abbreviation_as_written():
    index = KeywordIndex.build(ABBREVIATIONS)
    match = index.match("U.S. death toll", np.zeros(len(ABBREVIATIONS)))
    assert match.said(match.words) == "U.S., death, toll"  # was "U, S, death, toll"


NEWS_WORDS = [("Bank of England keeps interest rates at 0.1%", "The central bank held."),
              ("Infection rates fall in care homes", "Fewer cases."),
              ("House fire kills two in Leeds", "Firefighters were called."),
              ("White House briefing on testing", "The press secretary spoke."),
              ("Bill Gates pledges vaccine money", "The foundation gives."),
              ("Airport gates reopen", "Travellers return.")]


@pytest.mark.parametrize(("query", "words", "first"), [
    ("interest rates", ["interest", "rate"], 0),  # "interest" was dropped: infection rates
    ("house fire", ["hous", "fire"], 2),          # "fire" was dropped: the White House
    ("Bill Gates", ["bill", "gate"], 4),          # "Bill" was dropped: airport gates
    ("the fire in the house", ["fire", "hous"], 2),  # function words alone are left out
])
def test_a_news_word_on_scikit_learns_stop_list_is_asked_for(query, words, first):
    # The query's stop list was scikit-learn's, which holds fire, bill, interest, call,
    # system, part, ...: subject words of the news, thrown away without a word.
    from graphx.related.keywords import probability

    index = KeywordIndex.build(NEWS_WORDS)
    assert index.words(query) == words
    match = index.match(query, np.zeros(len(NEWS_WORDS)))
    assert match.rows[int(np.argmax(probability(match.features)))] == first
    assert match.features["coverage"][list(match.rows).index(first)] == pytest.approx(1)


def test_the_function_words_a_query_leaves_out_are_said():
    index = KeywordIndex.build(NEWS_WORDS)
    assert index.common_words("the fire in the house") == ["the", "in"]
    assert index.common_words("Bill Gates") == []
    assert index.common_words("the") == []  # a query of function words alone keeps them


NAMES_LEFT_OUT = [("Sunak calls July election", "Rishi Sunak named the date."),
                  ("Election clash with Euro 2024", "Fixtures move."),
                  ("New York nursing home deaths rise", "The state counts."),
                  ("Nursing home deaths in New Jersey", "A new count."),
                  ("York nursing home deaths", "In Yorkshire."),
                  ("Bank of England rates decision", ""),
                  ("Bank rates in England", "")]


@pytest.mark.parametrize(("query", "words", "rows"), [
    # NOT took one word: "Rishi" was left out and "Sunak" asked for
    ("election NOT Rishi Sunak", ["elect"], [1]),
    ('election NOT "Rishi Sunak"', ["elect"], [1]),
    ("election NOT \u201cRishi Sunak\u201d", ["elect"], [1]),
    # the phrase, not its words: New Jersey's "new" and York's "York" stay answers
    ('nursing home deaths NOT "New York"', ["nurs", "home", "death"], [3, 4]),
    ("nursing home deaths NOT New York", ["nurs", "home", "death"], [3, 4]),
    ("rates NOT Bank of England", ["rate"], [6]),
    ("rates NOT Bank of England OR election", ["rate", "elect"], [0, 1, 6]),
    ("election NOT Sunak", ["elect"], [1]),
    ("nursing home NOT new york", ["nurs", "home", "york"], [4]),  # lower case: one word
])
def test_not_leaves_out_a_phrase_or_a_name_and_asks_for_none_of_its_words(query, words, rows):
    index = KeywordIndex.build(NAMES_LEFT_OUT)
    match = index.match(query, np.zeros(len(NAMES_LEFT_OUT)))
    assert index.words(query) == words
    assert sorted(match.rows.tolist()) == rows
    if "OR" not in query and "york" not in words:  # every answer holds every word asked
        assert match.features["coverage"] == pytest.approx(np.ones(len(rows)))


ALTERNATIVES = [("Strong earthquake shakes Taiwan", "Dozens injured."),
                ("Colorado wildfire forces thousands to flee", "Near Boulder."),
                ("Taiwan president sworn in", ""),
                ("Wildfire season outlook", "Taiwan dry spell.")]


def test_an_answer_holding_one_alternative_of_or_is_a_full_match():
    # "earthquake OR wildfire" scored an earthquake article 0.19-0.25 against 0.99 for
    # "earthquake" alone: the other alternative counted as a word it lacked.
    from graphx.related.keywords import probability

    index = KeywordIndex.build(ALTERNATIVES)
    zeros = np.zeros(len(ALTERNATIVES))
    either = index.match("earthquake OR wildfire", zeros)
    assert either.groups == [["earthquak", "wildfir"]]
    assert sorted(either.rows.tolist()) == [0, 1, 3]
    assert either.features["coverage"] == pytest.approx(np.ones(3))
    one = index.match("earthquake", zeros)
    assert probability(either.features)[0] == pytest.approx(probability(one.features)[0],
                                                             abs=0.05)
    # the words outside the run are asked for as ever: Taiwan and one of the run
    taiwan = index.match("Taiwan earthquake OR wildfire", zeros)
    coverage = dict(zip(taiwan.rows.tolist(), taiwan.features["coverage"].tolist(),
                        strict=True))
    assert coverage[0] == pytest.approx(1) and coverage[3] == pytest.approx(1)
    assert coverage[1] < 1 and coverage[2] < 1
