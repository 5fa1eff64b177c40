"""Cluster labels a reader would write: distinct, no filler words, names first."""

from __future__ import annotations

import itertools

import networkx as nx
from test_analysis import add_article, relate

from graphx.labels import FILLER, FILLER_ELSEWHERE, TitleVocabulary, cluster_labels
from graphx.words import FUNCTION_WORDS_ELSEWHERE, FUNCTION_WORDS_UNSPACED, unspaced_words


def corpus_with_filler():
    """Three stories whose titles lean on filler ("did", "new", "time", "months"), two of
    them the same place's figures on different days, and a corpus to score words against."""
    G = nx.MultiDiGraph()
    stories = {
        "hawaii": [("Hawaii did it: no new cases for the first time in months", "06"),
                   ("Hawaii reports no new cases for the first time in months", "06"),
                   ("For the first time in months, Hawaii has no new cases", "06")],
        "hawaii-again": [("Hawaii did it again: no new cases for the first time in months", "07"),
                         ("Hawaii reports no new cases for the first time in months", "07")],
        "salon": [("Did the Texas governor free the jailed salon owner? New order", "07"),
                  ("Texas salon owner freed after new order, months of shutdown", "07")],
    }
    clusters = []
    for name, titles in stories.items():
        nodes = [add_article(G, f"{name}.example.com/{i}", title,
                             published=f"2020-05-{day}T10:00:00Z")
                 for i, (title, day) in enumerate(titles)]
        for u, v in itertools.combinations(nodes, 2):
            relate(G, u, v)
        clusters.append(set(nodes))
    for i in range(20):
        add_article(G, f"other.example.com/{i}", f"Unrelated story number {i} about markets")
    return G, clusters


def test_labels_hold_no_filler_word():
    G, clusters = corpus_with_filler()
    labels = cluster_labels(G, clusters)
    for label in labels:
        # Terms only: a day added to tell two labels apart ("7 May") is not a word choice.
        terms = [t for t in label.split(" (")[0].split(" · ") if not t[0].isdigit()]
        words = {w.casefold() for t in terms for w in t.split()}
        assert not words & FILLER, label
    for filler in ("did", "new", "time", "months"):
        assert filler in FILLER


def test_labels_are_unique_across_clusters():
    G, clusters = corpus_with_filler()
    labels = cluster_labels(G, clusters)
    assert len(set(labels)) == len(labels)
    # The same place's figures a day later take the day to tell them apart.
    assert labels[0] == "Hawaii · cases"
    assert labels[1] == "Hawaii · cases · 7 May"


def test_names_come_first():
    G, clusters = corpus_with_filler()
    assert cluster_labels(G, clusters)[2].startswith("Texas")


def one_story(G, site: str, titles: list[str]) -> list[str]:
    """The articles of ``titles`` (on sites named ``site``0, 1, ...), linked to each other,
    among 20 other articles to score words against."""
    nodes = [add_article(G, f"{site}{i}.example.com/x", t) for i, t in enumerate(titles)]
    for u, v in itertools.combinations(nodes, 2):
        relate(G, u, v)
    for i in range(20):
        add_article(G, f"other.example.com/{i}", f"Unrelated story number {i} about markets")
    return nodes


def test_labels_of_stories_in_other_languages_hold_no_filler_either():
    # German titles gave "Bundesliga · Geisterspiele · Mai · Die".
    G = nx.MultiDiGraph()
    titles = ["Bundesliga darf im Mai wieder spielen – Merkel und die Länder geben grünes Licht",
              "Die Bundesliga kehrt zurück: Geisterspiele ab dem 16. Mai",
              "Geisterspiele: Die Bundesliga startet am 16. Mai wieder"]
    nodes = one_story(G, "de", titles)
    (label,) = cluster_labels(G, [set(nodes)])
    words = {w.casefold() for w in label.split(" (")[0].replace(" · ", " ").split()}
    assert "bundesliga" in words and not words & FILLER_ELSEWHERE, label
    assert not FILLER_ELSEWHERE & {"war", "man", "son", "los", "las", "el", "la", "san"}


def test_a_spanish_storys_label_holds_no_article_of_its_titles():
    # "DANA · Valencia · las · aviso": "las" begins place names, so it is filler only in a
    # title that reads as another language, and a Spanish title had one word of that list.
    G = nx.MultiDiGraph()
    titles = ["La cifra de muertos por la DANA en Valencia asciende a 95",
              "Aviso rojo en Valencia por la DANA: suspendidas las clases en varios municipios",
              "Las víctimas mortales de la DANA en Valencia ascienden a 158",
              "Sánchez anuncia ayudas para los afectados por la DANA en Valencia",
              "Al menos 51 muertos por la DANA en la provincia de Valencia",
              "La DANA deja lluvias torrenciales en Valencia y la Aemet activa el aviso rojo"]
    nodes = one_story(G, "es", titles)
    add_article(G, "lv.example.com/x", "Las Vegas casinos reopen")  # an English title
    (label,) = cluster_labels(G, [set(nodes)])
    words = {w.casefold() for w in label.replace(" · ", " ").split()}
    assert {"dana", "valencia"} <= words and not words & {"las", "los", "del", "por"}, label
    vocabulary = TitleVocabulary(G, [n for n, k in G.nodes(data="kind") if k == "article"])
    for node in nodes:
        said = {w.casefold() for w, _ in vocabulary.title_words(G.nodes[node])}
        assert "dana" in said and not said & {"las", "los", "del", "por", "para"}, said
    assert [w for w, _ in vocabulary.title_words(G.nodes["article:lv.example.com/x"])][0] == "Las"


def labelled(stories: dict[str, list[str]], excerpts: list[str]) -> list[str]:
    """The labels of ``stories`` (each a fully linked cluster of its titles), in a corpus
    of 20 other articles, the first ``excerpts`` of which the corpus writes mid-sentence
    (how it capitalises words is what makes them names)."""
    G = nx.MultiDiGraph()
    clusters = []
    for name, titles in stories.items():
        nodes = [add_article(G, f"{name}.example.com/{i}", t) for i, t in enumerate(titles)]
        for u, v in itertools.combinations(nodes, 2):
            relate(G, u, v)
        clusters.append(set(nodes))
    for i in range(20):
        node = add_article(G, f"other.example.com/{i}", f"Unrelated story number {i} about oil")
        if i < len(excerpts):
            G.nodes[node]["excerpt"] = excerpts[i]
    return cluster_labels(G, clusters)


def test_names_joined_by_of_or_an_abbreviation_stay_one_term():
    # "Isle · Wight" and "Louis" (of "St. Louis") were how two labels read.
    wight, louis = labelled({
        "wight": ["Isle of Wight app trial begins for contact tracing",
                  "Contact tracing app tested on Isle of Wight",
                  "Isle of Wight residents asked to download tracing app"],
        "louis": ["St. Louis county extends stay-at-home order",
                  "Stay-at-home order extended in St. Louis county",
                  "St. Louis county order stays until June"],
    }, ["Officials on the Isle of Wight said the app", "residents in St. Louis and on the "
        "Isle of Wight", "the mayor of St. Louis said"])
    assert wight.startswith("Isle of Wight"), wight
    assert louis.startswith("St. Louis"), louis


def test_names_joined_by_a_hyphen_keep_it_and_prefixes_do_not_join():
    # "Paris Saint · Germain", "Coca Cola", "Wi Fi"; "Ex-Australian" is no name of its own.
    psg, coke, pm, wrap = labelled({
        "psg": ["Paris Saint-Germain crowned French champions",
                "Paris Saint-Germain declared champions after season ends",
                "Paris Saint-Germain win title on points"],
        "coke": ["Coca-Cola profits fall as stadiums close",
                 "Coca-Cola quarterly profit falls 20%", "Coca-Cola sees sales drop"],
        "pm": ["Ex-Australian prime minister backs inquiry", "Former Australian prime minister "
               "backs inquiry", "Ex-Australian prime minister Rudd speaks"],
        "wrap": ["MARKETS-Asia stocks slip on trade worries", "Asia stocks slip as trade "
                 "worries grow", "MARKETS-Asia stocks slip again"],
    }, ["Paris Saint-Germain said", "the Coca-Cola company"])
    assert psg.startswith("Paris Saint-Germain"), psg
    from graphx.labels import _words

    assert _words("Stoke-on-Trent pottery closes") == ["Stoke-on-Trent", "pottery", "closes"]
    assert _words("Stay-at-home order") == ["Stay", "at", "home", "order"]
    assert _words("L&T Q2 results: PAT up") == ["L&T", "Q", "results", "PAT", "up"]
    # A name of capitalised words joined by " & " is one: it was "Johnson" (read as a
    # surname) and "Marks Spencer" (a name nobody writes).
    assert _words("Johnson & Johnson pauses rollout") == ["Johnson & Johnson", "pauses",
                                                          "rollout"]
    assert _words("Marks & Spencer profits slump") == ["Marks & Spencer", "profits", "slump"]
    assert _words("Stocks & bonds fall") == ["Stocks", "bonds", "fall"]
    assert coke.startswith("Coca-Cola"), coke
    assert "Ex-" not in pm and "Australian" in pm, pm
    assert "MARKETS-Asia" not in wrap and "Asia" in wrap, wrap  # a section name, then Asia


def test_a_run_of_hyphenated_lower_case_words_is_read_in_linear_time():
    # "-a-a-a-..." was backtracked through once per word: one 20,000-character title cost
    # 8 s of clustering, a file of 25 such related titles 75 s. Now each word looks at most
    # two lower-case parts ahead, so twice the text takes about twice the time.
    import time

    from graphx.labels import _word_spans

    def cost(n):
        start = time.perf_counter()
        assert sum(1 for _ in _word_spans("-a" * n)) == n
        return time.perf_counter() - start

    small, large = min(cost(5_000) for _ in range(3)), min(cost(40_000) for _ in range(3))
    assert large < 20 * small + 0.05, (small, large)  # quadratic: 64 times


def test_names_either_side_of_punctuation_are_not_one_term():
    # "Manchester United 3-2 Burnley: Bruno Fernandes' penalty" gave "Burnley Bruno
    # Fernandes", and "earnings from Microsoft, Alphabet" gave "Microsoft Alphabet".
    (label,) = labelled({"match": [
        "Manchester United 3-2 Burnley: Bruno Fernandes penalty settles it",
        "Burnley: Bruno Fernandes scores late winner for Manchester United",
        "Manchester United beat Burnley as Bruno Fernandes scores from the spot"]},
        # the corpus writes the pair capitalised together
        ["fans of Burnley and Bruno Fernandes said", "as Burnley Bruno Fernandes",
         "when Burnley Bruno Fernandes"])
    assert "Burnley Bruno" not in label, label


def test_a_names_own_apostrophe_s_and_leading_common_word_are_kept():
    # "McDonald's" read as "McDonald" (a person), the ship "Ever Given" as "Given".
    shot, ship = labelled({
        "shot": ["McDonald's workers shot in Oklahoma City", "Oklahoma City McDonald's shooting",
                 "Two women charged after McDonald's shooting in Oklahoma City"],
        "ship": ["Ever Given freed from the Suez Canal", "Suez Canal reopens as Ever Given moves",
                 "Ever Given: Suez Canal traffic resumes"],
    }, ["crews on the Ever Given said", "owners of the Ever Given and",
        "a McDonald's worker said"])
    assert "McDonald's" in shot.split() or "McDonald's" in shot.split(" · "), shot
    assert "Ever Given" in ship.split(" · "), ship


def test_labels_leave_out_words_that_say_nothing_of_the_story():
    # "death toll rises · continues", "Dame Margaret Ellery · Rectory · aged",
    # "Explainer · Korean · reinfected · positives" (Reuters' genre slug).
    toll, dame, explainer = labelled({
        "toll": ["Delia death toll rises to 4 in Louisiana as search continues",
                 "Hurricane Delia death toll climbs as search continues",
                 "Search continues as Delia death toll rises"],
        "dame": ["Dame Margaret Ellery dies aged 91", "Actress Dame Margaret Ellery dies aged 91",
                 "Dame Margaret Ellery, star of The Rectory, dies aged 91"],
        "explainer": ["EXPLAINER-Korean findings suggest reinfected cases are false positives",
                      "Explainer: Korean findings suggest reinfected cases are false positives",
                      "Korea's reinfected patients are false positives"],
    }, ["Dame Margaret Ellery said", "the Delia storm"])
    for label in (toll, dame, explainer):
        assert not {"continues", "aged", "explainer"} & set(label.casefold().split()), label


def test_a_word_in_two_numbers_is_one_term():
    # "EPA · wetland · wetlands · ruling" named one word twice.
    (label,) = labelled({"court": [
        "Supreme Court limits EPA power over wetlands", "Farm groups cheer wetland ruling",
        "EPA wetland rule struck down", "Wetlands ruling: EPA loses",
        "Wetland protections narrowed by court", "Developers rush after wetlands decision"]},
        ["the EPA said"])
    words = [w.casefold() for w in label.replace("·", " ").split()]
    assert not ({"wetland", "wetlands"} <= set(words)), label


def test_labels_alike_but_for_capitals_are_told_apart():
    # "Singapore · cases" and "Singapore · Cases" (a Title Case wire's two days of counts):
    # a label is looked up case aside, so neither story could be asked for by its label.
    labels = labelled({"a": ["Singapore cases rise again", "Singapore reports more cases"],
                       "b": ["Singapore Cases Rise Again", "Singapore Reports More Cases"]},
                      [])
    assert len({label.casefold() for label in labels}) == 2, labels


def test_a_hindi_storys_label_holds_whole_words():
    # Hindi's vowel signs cut its words: "आईट · जलभर · अलर" for आईटीओ, जलभराव, अलर्ट.
    G = nx.MultiDiGraph()
    titles = ["दिल्ली बारिश: आईटीओ और मिंटो ब्रिज पर जलभराव, अलर्ट जारी",
              "दिल्ली में मूसलाधार बारिश, मिंटो ब्रिज पर जलभराव",
              "दिल्ली बारिश से जलभराव, मौसम विभाग का अलर्ट"]
    nodes = one_story(G, "hi", titles)
    (label,) = cluster_labels(G, [set(nodes)])
    words = set(label.replace(" · ", " ").split())
    assert {"जलभराव", "दिल्ली"} <= words and not {"जलभर", "अलर"} & words, label


def test_a_thai_or_japanese_storys_label_holds_words_not_headlines():
    # Written without spaces, a Thai headline was one word: the label was the headlines
    # ("กนง มีมติคงดอกเบี้ยนโยบาย · ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบาย · ...").
    for site, titles, words in (
            ("th", ["ราคาทองคำวันนี้ปรับขึ้น 200 บาท", "ทองคำขึ้นราคาอีก 200 บาท รับตลาดโลก",
                    "ราคาทองคำพุ่งทำสถิติใหม่"], {"ราคาทองคำ", "ทองคำ"}),
            # ... and no function word of theirs ("ฝน · ท่วมกรุงเทพฯ · หลัง": หลัง is "after")
            ("tf", ["น้ำท่วมกรุงเทพฯ หลังฝนตกหนักทั้งคืน", "ฝนถล่มกรุงเทพฯ น้ำท่วมขังหลายจุด",
                    "กทม.เร่งระบายน้ำ หลังน้ำท่วมกรุงเทพฯ"], {"ฝน", "น้ำท่วมกรุงเทพฯ"}),
            ("km", ["ទឹកជំនន់នៅភ្នំពេញ", "ទឹកជំនន់ធ្ងន់ធ្ងរនៅភ្នំពេញ", "ភ្នំពេញរងទឹកជំនន់"],
             {"ទឹកជំនន់", "ភ្នំពេញ"}),
            ("hi", ["मुंबई में भारी बारिश से जलभराव, लोकल ट्रेनें रुकीं",
                    "मुंबई में मूसलाधार बारिश, कई इलाकों में पानी भरा",
                    "मुंबई बारिश: रेड अलर्ट जारी, स्कूल बंद"], {"मुंबई", "बारिश"}),
            ("ja", ["青森県東方沖でM6.8の地震 太平洋沿岸に津波注意報",
                    "青森沖でM6.8の地震、津波注意報を発表", "青森県で震度5強 M6.8 津波注意報も"],
             {"青森", "津波注意報"})):
        G = nx.MultiDiGraph()
        nodes = one_story(G, site, titles)
        (label,) = cluster_labels(G, [set(nodes)])
        terms = set(label.split(" (")[0].split(" · "))
        assert terms & words and not terms & set(titles), label
        said = {w for t in terms for w in unspaced_words(t).split()}
        assert not said & (FUNCTION_WORDS_UNSPACED | FUNCTION_WORDS_ELSEWHERE), label
        # words of one phrase are joined as the script writes them, without a space
        assert all(" " not in t for t in terms), label


def test_a_given_name_joins_the_surname_it_stands_before_in_reading_order():
    # Half the headlines give the full name further in, half the surname alone at their
    # start: the surname is read first on average, and the label was "Ossoff · Jon · ...".
    ga, oh = labelled({
        "ga": ["Projection: Jon Ossoff wins Georgia Senate race",
               "Democrat Jon Ossoff wins reelection to Georgia Senate seat",
               "Democrats keep Jon Ossoff in Georgia Senate seat",
               "Ossoff beats challenger in Georgia Senate race",
               "Ossoff wins Georgia Senate race, networks project",
               "Ossoff holds Georgia Senate seat for Democrats"],
        "oh": ["Projection: Vivek Ramaswamy elected Ohio governor",
               "Republican Vivek Ramaswamy wins Ohio governor race",
               "Ramaswamy elected Ohio governor",
               "Ramaswamy wins race for Ohio governor"],
    }, [])
    assert ga.startswith("Jon Ossoff · ") and "Georgia Senate" in ga, ga
    assert oh == "Vivek Ramaswamy · Ohio governor", oh


def test_a_story_named_by_a_long_headline_gets_it_cut_at_a_word_with_an_ellipsis():
    # The fallback cut the headline at 60 characters mid-word, unmarked: "...council river
    # lau" in the legend, Story list, clusters.md and stories.json read as a typo.
    title = ("Breaking: what they said and what they did not say about it when they were "
             "there and here")
    G = nx.MultiDiGraph()
    nodes = one_story(G, "s", [title] * 3)
    (label,) = cluster_labels(G, [set(nodes)])
    assert label.endswith("…") and len(label) <= 60, label
    kept = label[:-1]
    assert title.startswith(kept) and title[len(kept)] == " ", label
    assert kept == kept.rstrip() and len(kept) >= 30, label
    short = "Breaking: what they said and what they did not say"
    G = nx.MultiDiGraph()
    (label,) = cluster_labels(G, [set(one_story(G, "t", [short] * 3))])
    assert label == short


def test_a_long_headline_without_spaces_is_cut_at_sixty_characters_with_an_ellipsis():
    from graphx.labels import _headline

    word = "x" * 80
    assert _headline(word) == "x" * 59 + "…"
    assert _headline("ab " + word) == "ab " + "x" * 56 + "…"  # no space in the second half
