"""British and American spellings of one word ("labour", "labor"; "centre", "center";
"paediatric", "pediatric"), so that a keyword query finds the coverage of both sides of
the Atlantic: "labour shortage" found no AP article, "center" no BBC one.

A variant is only a spelling the other side may use; whether any article holds it is the
index's question (an "armour" asked of "armor" is found, a "majour" made of "major" is held
by none and costs nothing).
"""

from __future__ import annotations

import re

#: Endings spelled one way in Britain and another in America, as (pattern, replacement)
#: both ways. Each needs three letters before it, so that short everyday words ("hour",
#: "four", "rise", "prize") are never respelled.
_ENDINGS = [
    # labour/labor, favourite/favorite, honourable/honorable, colours/colors
    (r"(?<=[a-z]{3})our(?=(?:s|ed|ing|ite|ites|able|ably|ful|less|ism)?$)", "or"),
    (r"(?<=[a-z]{2}[^aeiou])or(?=(?:s|ed|ing|ite|ites|able|ably|ful|less|ism)?$)", "our"),
    # organise/organize, organisation/organization, criticised/criticized
    (r"(?<=[a-z]{3})is(?=(?:e|es|ed|ing|er|ers|ation|ations)$)", "iz"),
    (r"(?<=[a-z]{3})iz(?=(?:e|es|ed|ing|er|ers|ation|ations)$)", "is"),
    # analyse/analyze, paralysed/paralyzed
    (r"(?<=[a-z]{3})ys(?=(?:e|es|ed|ing)$)", "yz"),
    (r"(?<=[a-z]{3})yz(?=(?:e|es|ed|ing)$)", "ys"),
    # centre/center, theatre/theater, fibre/fiber, metres/meters
    (r"(?<=[a-z]{2}[tb])re(?=s?$)", "er"),
    (r"(?<=[a-z]{2}[tb])er(?=s?$)", "re"),
    # defence/defense, licence/license, offences/offenses
    (r"(?<=[a-z]{3})ence(?=s?$)", "ense"),
    (r"(?<=[a-z]{3})ense(?=s?$)", "ence"),
    # catalogue/catalog, dialogue/dialog
    (r"(?<=[a-z]{3})logue(?=s?$)", "log"),
    (r"(?<=[a-z]{3})log(?=s?$)", "logue"),
    # programme/program
    (r"(?<=[a-z]{3})amme(?=s?$)", "am"),
    (r"(?<=[a-z]{3}gr)am(?=s?$)", "amme"),
]
_ENDINGS = [(re.compile(pattern), to) for pattern, to in _ENDINGS]

#: Greek and Latin "ae" and "oe" roots, which America writes with "e" (American: British).
#: A list, not a rule: "ae" and "oe" in names are no such roots (Michael is no Michel).
_ROOTS = {
    "pediatr": "paediatr", "orthoped": "orthopaed", "encycloped": "encyclopaed",
    "anesthe": "anaesthe", "hemorrh": "haemorrh", "hematol": "haematol",
    "hemophil": "haemophil", "hemoglob": "haemoglob", "leukem": "leukaem", "anemi": "anaemi",
    "gynecol": "gynaecol", "estrogen": "oestrogen", "esophag": "oesophag",
    "diarrhea": "diarrhoea", "maneuver": "manoeuvr", "fetus": "foetus", "fetal": "foetal",
}

#: Words whose two spellings no rule gives; none whose other spelling is a word of its own
#: meaning in the other country (cheque and check, tyre and tire, kerb and curb).
_PAIRS = {
    "grey": "gray", "aluminium": "aluminum", "jewellery": "jewelry", "sceptic": "skeptic",
    "sceptical": "skeptical", "scepticism": "skepticism", "mould": "mold", "plough": "plow",
    "pyjamas": "pajamas", "ageing": "aging", "judgement": "judgment", "artefact": "artifact",
    "moustache": "mustache", "doughnut": "donut", "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers", "enrol": "enroll", "fulfil": "fulfill",
}
_PAIRS.update({american: british for british, american in list(_PAIRS.items())})


def variants(word: str) -> list[str]:
    """The other spellings of ``word`` (lower case), none when it has one spelling."""
    if not word.isascii() or not word.isalpha() or len(word) < 4:
        return []
    out = []
    if word in _PAIRS:
        out.append(_PAIRS[word])
    for pattern, to in _ENDINGS:
        other = pattern.sub(to, word, count=1)
        if other != word:
            out.append(other)
    for american, british in _ROOTS.items():
        if british in word:
            out.append(word.replace(british, american, 1))
        elif american in word:
            out.append(word.replace(american, british, 1))
    return list(dict.fromkeys(w for w in out if w != word))
