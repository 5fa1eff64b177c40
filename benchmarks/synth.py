"""Synthetic news-item corpora shaped like the real covid corpus, for benchmarks.

Writes any number of seed-format files (YAML front matter, as in ../shared/corpora), streamed
story by story, so memory stays flat however many files are asked for:

    python benchmarks/synth.py OUT_DIR --n 100000 [--seed 0]   # OUT_DIR/0000/*.md, 10,000 a folder
    python benchmarks/synth.py --describe FOLDER                  # a corpus's measured shape, JSON
    python benchmarks/synth.py --compare REAL_FOLDER [--n N]      # real vs synthetic, side by side

A corpus is a stream of *stories* (events). Each story draws its scope (topics, place tags), a
theme, its own invented names (towns, counties, organisations, a person, numbers) and its own
sentences; its articles come from different providers and reuse those names and sentences in
different headlines and excerpts, so stories form clusters of similar text. Some articles
rewrite an earlier one (a sister paper or wire client: the same headline title-cased, signed,
cut or as is, often the same excerpt) and a few live pages are reissued under the same webUrl
with a new title. Related lists link articles of one story in small groups (partly reciprocal;
one headline's articles and rewrites together), plus coverage with no file, self-links and a few
links to recent stories. Providers follow a fixed Zipf head plus a Pitman-Yor tail, so the
number of outlets keeps growing with the corpus.

Measured with ``--compare ../shared/corpora/covid`` (synthetic: 2,922 files, seed 0):

    | measure                             | real           | synthetic             |
    | ---                                 | ---:           | ---:                  |
    | files                               | 2922           | 2922                  |
    | unparsable                          | 1              | 0                     |
    | extensions.md                       | 2922           | 2865                  |
    | extensions.txt                      | 0              | 57                    |
    | bytes.p10                           | 1179           | 1208                  |
    | bytes.p50                           | 1581           | 1586                  |
    | bytes.p90                           | 2615           | 2563                  |
    | bytes.mean                          | 1786           | 1767                  |
    | days.2020-05-06                     | 825            | 865                   |
    | days.2020-05-07                     | 2096           | 2057                  |
    | title_chars.p10                     | 53             | 57                    |
    | title_chars.p50                     | 72             | 74                    |
    | title_chars.p90                     | 100            | 96                    |
    | excerpt_chars.p10                   | 125            | 121                   |
    | excerpt_chars.p50                   | 195            | 191                   |
    | excerpt_chars.p90                   | 276            | 281                   |
    | providers.domains                   | 872            | 866                   |
    | providers.domains_with_2+_names     | 2              | 2                     |
    | providers.domains_incl_related      | 902            | 916                   |
    | providers.items_top1                | 106            | 98                    |
    | providers.items_top10_share         | 0.1835         | 0.1739                |
    | providers.domains_with_1_item_share | 0.5493         | 0.5901                |
    | providers.domains_with_100+_items   | 1              | 0                     |
    | topics.distinct                     | 16             | 16                    |
    | topics.hub                          | Coronavirus    | Coronavirus           |
    | topics.hub_share                    | 1.0            | 1.0                   |
    | topics.per_item_mean                | 1.991          | 1.973                 |
    | topics.items_with_3+_share          | 0.0914         | 0.0873                |
    | tags.distinct                       | 97             | 100                   |
    | tags.items_with_tags_share          | 0.6696         | 0.6742                |
    | tags.top                            | CA, US, CN, GB | CA, US, CN, Australia |
    | meta.missing_quality                | 13             | 15                    |
    | meta.quality.p10                    | 33             | 32                    |
    | meta.quality.p50                    | 62             | 62                    |
    | meta.quality.p90                    | 105            | 106                   |
    | meta.heat_unset_share               | 0.1096         | 0.1044                |
    | meta.published_true_share           | 0.1486         | 0.1543                |
    | meta.with_image_share               | 0.7391         | 0.7235                |
    | meta.provider_logo_share            | 0.2318         | 0.2149                |
    | meta.secured_chars.345              | 1205           | 1234                  |
    | meta.secured_chars.517              | 1716           | 1688                  |
    | urls.amp_share                      | 0.5577         | 0.5688                |
    | urls.amp_forms./amp/                | 821            | 850                   |
    | urls.amp_forms.?...amp              | 265            | 248                   |
    | urls.amp_forms.amp-host             | 202            | 288                   |
    | urls.amp_forms.?outputType=amp      | 107            | 109                   |
    | urls.amp_forms..amp.html            | 84             | 90                    |
    | urls.amp_forms.other                | 84             | 44                    |
    | urls.amp_forms..amp                 | 66             | 33                    |
    | urls.cdn_form_share                 | 0.5577         | 0.5688                |
    | urls.web_urls_in_2+_files           | 14             | 14                    |
    | urls.with_query                     | 66             | 70                    |
    | urls.http                           | 1              | 2                     |
    | text.files_sharing_title            | 40             | 21                    |
    | text.files_sharing_excerpt          | 131            | 116                   |
    | text.title_jaccard_related          | 0.5113         | 0.3185                |
    | text.title_jaccard_random           | 0.0246         | 0.0327                |
    | related.carriers                    | 606            | 554                   |
    | related.carrier_share               | 0.2075         | 0.1896                |
    | related.entries                     | 1019           | 832                   |
    | related.lengths.1                   | 403            | 397                   |
    | related.lengths.2                   | 114            | 93                    |
    | related.lengths.3                   | 43             | 35                    |
    | related.lengths.4                   | 17             | 12                    |
    | related.lengths.5+                  | 29             | 17                    |
    | related.resolved_web                | 660            | 467                   |
    | related.resolved_amp                | 4              | 2                     |
    | related.unresolved                  | 320            | 340                   |
    | related.self                        | 35             | 23                    |
    | related.edges                       | 659            | 469                   |
    | related.reciprocity                 | 0.6464         | 0.6013                |
    | related.targets_carrying_share      | 0.7921         | 0.7186                |
    | related.linked_files                | 549            | 499                   |
    | related.components                  | 222            | 220                   |
    | related.component_max               | 22             | 11                    |

At this size a few big stories move the related figures between seeds; over seeds 0-7 the
medians are 614 carriers, 1,034 entries, 682 edges, reciprocity 0.648, 234 components (real:
606, 1,019, 659, 0.646, 222). Through graphx's own pipeline (seeds 0-3) the synthetic corpus
has 1,338-1,611 `similar` edges between files (real 1,225), 1,834-1,955 files with no similar
article (real 1,907) and 95-128 syndication groups (real 132): story sizes are drawn from the
real corpus's clusters of similar coverage.

Known gaps: linked articles' titles are less alike than real ones (Jaccard 0.32 against 0.51:
outlets here reword a story more than real sister papers do); the AMP-form mix follows a few
big outlets, so it moves with the seed; no file carries the real corpus's U+0097 quirk (every
synthetic file parses); and the number of outlets grows with the corpus (4,621 domains at
100,000 files), so single-item outlets get rarer.

Speed on 2 shared cores: 100,000 files in about 13 s to tmpfs and 16 s to a fresh ext4 folder
(CPU ~12 s, the rest is file creation); 1,000,000 files in about 3 minutes to tmpfs with a peak
RSS of 37 MB (30 MB at 100,000): the stream holds one story and an int per provider draw.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import sys
import tempfile
import time
from array import array
from bisect import bisect
from collections import Counter, deque
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import accumulate
from json.encoder import encode_basestring
from pathlib import Path
from urllib.parse import urlsplit

import yaml

# --- Shape of the real covid corpus, as measured by describe() -------------------------------
# Quantile tables hold the 0, 5, 10, ..., 100th percentiles and are sampled by interpolation.
QUALITY_Q = (0, 23, 33, 37, 41, 48, 52, 55, 55, 60, 62, 65, 70, 74, 75, 81, 90, 99, 105, 123, 213)
HEAT_Q = (0, 25, 35, 40, 43, 49, 53, 55, 59, 60, 65, 69, 71, 75, 77, 85, 92, 102, 109, 125, 255)
TITLE_Q = (22, 47, 53, 56, 58, 60, 62, 65, 67, 70, 72, 75, 77, 80, 83, 86, 90, 94, 100, 111, 174)
EXCERPT_Q = (
    10, 117, 125, 134, 142, 149, 156, 165, 175, 184, 195, 201, 207, 214, 222, 231, 242, 255, 276,
    324, 463,
)
START = datetime(2020, 5, 6, tzinfo=UTC)
SPAN_MINUTES = 2 * 24 * 60
DAY_SHAPE = 1.7  # story start at SPAN * u**(1/DAY_SHAPE): 28 % of items fall on the first day
HOUR_WEIGHTS = (166, 105, 65, 79, 75, 83, 29, 84, 61, 106, 87, 141, 111, 152, 142, 197, 187, 180,
                167, 172, 118, 156, 134, 124)  # items per UTC hour
SPREAD_MINUTES = 300  # mean delay of a story's later articles after its first
P_NO_META = 0.0045  # quality, heat and published all missing
P_HEAT_UNSET = 0.11  # heat: -1
P_PUBLISHED = 0.15
P_IMAGE = 0.74
P_DEFAULT_IMAGE = 0.12  # the provider's placeholder image instead of the article's own
P_LOGO = 0.3  # provider carries images: [logo]
P_TXT = 0.02
P_QUERY = 0.024  # tracking query on the webUrl
P_HTTP = 0.0005
P_AMP_PROVIDER = 0.68
P_AMP_ITEM = 0.9
SECURED_BYTES = ((240, 0.41), (369, 0.59))

# Providers: a head of big outlets with Zipf weights, then a Pitman-Yor tail of small ones.
HEAD_SIZE = 50
HEAD_SHARE = 0.44
HEAD_EXPONENT = 0.5
TAIL_DISCOUNT = 0.35
TAIL_CONCENTRATION = 300.0
P_SHARED_DOMAIN = 0.002  # a new outlet under an existing outlet's domain (two display names)

# Stories and their related lists (tuned until describe() matched the real corpus).
# Articles per story: the sizes of the real corpus's clusters of similar coverage (connected
# components of graphx's `similar` edges), since a story's articles are all alike.
STORY_SIZES = ((1, 1907), (2, 171), (3, 42), (4, 21), (5, 11), (6, 5), (7, 8), (8, 3), (9, 4),
               (10, 2), (11, 1), (12, 2), (13, 1), (14, 2), (16, 1), (17, 1), (19, 1), (21, 1),
               (27, 1), (33, 1))
P_SISTER = 0.18  # a rewrite of an earlier article of the story (sister paper, wire client)
P_SAME_EXCERPT = 0.4  # ... that keeps its excerpt
P_EXCERPT_COPY = 0.02  # any article that reuses an earlier one's excerpt
P_REISSUE = 0.02  # a live page of the story reissued (same webUrl, new title, later)
P_GROUP = 0.82  # a multi-article story has a group of mutually related articles
P_MORE_GROUPS = 0.3
GROUP_SIZES = ((2, 169), (3, 37), (4, 9), (5, 3), (6, 1), (7, 1))  # real related components
P_BIG_GROUP = 0.45  # a story of 10+ articles links 8-25 of them (the real 14 and 22)
LINKS_PER_ARTICLE = 4  # partners of an article in a big group; groups of up to 5 are complete
P_BOTH_WAYS = 0.5  # a linked pair lists each other: reciprocity 2p/(1+p)
P_CROSS_STORY = 0.05
P_EXTRA_UNRESOLVED = 0.19
UNRESOLVED_COUNTS = ((1, 172), (2, 34), (3, 8), (4, 9), (5, 1), (6, 2), (7, 1))
P_UNRESOLVED_ONLY = 0.06
P_SELF_ONLY = 0.013
P_SELF_EXTRA = 0.003
P_STALE_ENTRY = 0.02  # a related entry shows an older headline / quality than the file
P_AMP_VARIANT = 0.006  # a related entry names the target by a URL variant; only its AMP matches

# --- Vocabulary ------------------------------------------------------------------------------
US_STATES = (
    "AL Alabama", "AK Alaska", "AZ Arizona", "AR Arkansas", "CA California", "CO Colorado",
    "CT Connecticut", "DE Delaware", "FL Florida", "GA Georgia", "HI Hawaii", "ID Idaho",
    "IL Illinois", "IN Indiana", "IA Iowa", "KS Kansas", "KY Kentucky", "LA Louisiana", "ME Maine",
    "MD Maryland", "MA Massachusetts", "MI Michigan", "MN Minnesota", "MS Mississippi",
    "MO Missouri", "MT Montana", "NE Nebraska", "NV Nevada", "NH New Hampshire", "NJ New Jersey",
    "NM New Mexico", "NY New York", "NC North Carolina", "ND North Dakota", "OH Ohio",
    "OK Oklahoma", "OR Oregon", "PA Pennsylvania", "RI Rhode Island", "SC South Carolina",
    "SD South Dakota", "TN Tennessee", "TX Texas", "UT Utah", "VT Vermont", "VA Virginia",
    "WA Washington", "WV West Virginia", "WI Wisconsin", "WY Wyoming", "DC Washington, D.C.",
)
PROVINCES = (  # (code, name, has the Canada-XX alias tag)
    ("ON", "Ontario", True), ("QC", "Quebec", True), ("BC", "British Columbia", True),
    ("AB", "Alberta", True), ("NS", "Nova Scotia", False), ("MB", "Manitoba", False),
    ("SK", "Saskatchewan", False), ("NB", "New Brunswick", False),
    ("NL", "Newfoundland and Labrador", False),
)
EUROPE = ((("GB", "UK"), "Britain", 62), (("Sweden", "SE"), "Sweden", 30),
          (("Spain", "ES"), "Spain", 17), ((), "Europe", 14), (("France", "FR"), "France", 11),
          (("Italy", "IT"), "Italy", 11), (("Germany", "DE"), "Germany", 10),
          (("Netherlands", "NL"), "the Netherlands", 4), (("Switzerland", "CH"), "Switzerland", 3))
ASIA = (((), "India", 30), ((), "Thailand", 25), ((), "Indonesia", 25), ((), "Malaysia", 16),
        ((), "the Philippines", 16), (("Singapore", "SG"), "Singapore", 49),
        (("India", "IN"), "India", 19), (("Iran", "IR"), "Iran", 9))
CHINA = ((("China-HongKong", "CN", "CN-HK"), "Hong Kong", 22),
         (("China-Shanghai", "CN", "CN-SH"), "Shanghai", 19), (("CN", "CN-HB"), "Hubei", 17),
         (("CN",), "China", 17), (("China-Beijing", "CN", "CN-BJ"), "Beijing", 10))
WORLD = (((), "Brazil", 50), ((), "Russia", 50), ((), "Mexico", 40), ((), "South Africa", 30),
         ((), "Nigeria", 25), ((), "Turkey", 25), ((), "the world", 42),
         (("Australia", "AU"), "Australia", 49))

# Scopes: (items in the real corpus, topics, theme or None for a regional story, places)
HUB = "Coronavirus"
SCOPES = (
    (1277, ("Coronavirus in US", HUB), None, "us"),
    (306, (HUB,), None, WORLD),
    (212, ("Coronavirus in Canada", HUB), None, "ca"),
    (192, ("Coronavirus in Asia", HUB), None, ASIA),
    (169, ("Coronavirus in Europe", HUB), None, EUROPE),
    (87, ("Coronavirus in China", "Coronavirus in Asia", HUB), None, CHINA),
    (50, ("Coronavirus in Japan", "Coronavirus in Asia", HUB), None, ((("JP",), "Japan", 1),)),
    (12, ("Coronavirus in South Korea", "Coronavirus in Asia", HUB), None,
     ((("KR",), "South Korea", 1),)),
    (133, ("Travel Impact", HUB), "travel", "any"),
    (124, ("Treatment", HUB), "treatment", "any"),
    (88, ("Stock Impact", HUB), "stock", "any"),
    (77, ("New Cases", HUB), "cases", "any"),
    (44, ("Events Impact", HUB), "events", "any"),
    (46, ("Political Impact", HUB), "policy", "any"),
    (42, ("Economic Impact", HUB), "economy", "any"),
    (36, ("Education Impact", HUB), "education", "any"),
)
THEME_TOPIC = {"cases": "New Cases", "travel": "Travel Impact", "treatment": "Treatment",
               "events": "Events Impact", "policy": "Political Impact",
               "economy": "Economic Impact", "education": "Education Impact"}
REGIONAL_THEMES = (("cases", 30), ("outbreak", 12), ("policy", 20), ("economy", 12),
                   ("education", 6), ("events", 6), ("human", 8), ("treatment", 3), ("travel", 3))
P_SECOND_TOPIC = 0.07
P_SWAPPED_TOPICS = 0.005

# Per theme: organisation nouns, headline templates, excerpt sentences. Slots ({town}...) are
# the story's invented names, so its articles share them; "[a|b]" picks one wording per article.
THEMES = {
    "cases": ("Health District|Care Center|Nursing Home|Medical Center", (
        "{place} [reports|confirms|announces|records] {n} new [coronavirus|COVID-19] cases"
        "[, {m} deaths| and {m} more deaths|]",
        "{county} [confirms|reports|adds] {n} new [COVID-19|coronavirus] cases"
        "[ as total reaches {total}|; total now {total}|]",
        "[Coronavirus in {place}|{place} coronavirus update|COVID-19 in {place}]: {m} more deaths "
        "[reported|confirmed] in {county}",
        "{n} new cases of [COVID-19|coronavirus] [reported|confirmed] in {town}"
        "[, officials say|, health department says|]",
        "{place}'s [COVID-19|coronavirus] cases [top|pass|surpass] {total}"
        "[; {county} sees {n} new infections|]",
        "[Health officials|Officials] in {town} report {m} more [coronavirus|COVID-19] deaths",
    ), (
        "Health officials in {place} [reported|confirmed] {n} new cases of COVID-19 [on|] {day}, "
        "bringing the total to {total}.",
        "{county} has now recorded {m} deaths linked to the [coronavirus|virus], "
        "according to {person}.",
        "The {town} health department said {n} of the new cases are tied to {org}.",
        "{person} urged residents of {town} to keep [wearing masks|their distance|washing hands] "
        "as testing [expands|ramps up].",
    )),
    "outbreak": ("Foods|Pork Plant|Poultry|Meatpacking|Correctional Center|Distribution Center", (
        "{n} [workers|employees] at {org} [test positive for|infected with] "
        "[coronavirus|COVID-19]",
        "[Nearly|More than|Almost] {n} {org} [employees|workers] infected with "
        "[COVID-19|coronavirus][ in {place}|]",
        "{org} [outbreak|cluster] in {town} [grows|rises|climbs] to {n} cases",
        "{place} officials [investigate|probe|track] COVID-19 [cluster|outbreak] at {org}",
        "{org} to [reopen|resume operations] after {n} workers test positive",
    ), (
        "More than {n} [employees|workers] at {org} in {town} have tested positive for the "
        "coronavirus, {person} said {day}.",
        "The [outbreak|cluster] at {org} is now the largest in {county}, with {m} deaths.",
        "[Union leaders|Workers|Advocates] said [employees|workers] at {org} were not given "
        "protective equipment [early enough|in time].",
    )),
    "policy": ("County Commission|City Council|Task Force|Legislature", (
        "{person} [extends|lengthens|prolongs] [stay-at-home|shelter-in-place] order in {place} "
        "[through|until] {day}",
        "{place} to [begin|enter|start] phase {phase} of reopening [on|] {day}"
        "[, {person} says|]",
        "{person} [outlines|unveils|details] plan to reopen {town} [businesses|economy]",
        "{county} [commissioners|leaders] vote to [ease|relax|loosen] [coronavirus|COVID-19] "
        "restrictions",
        "'[We are not out of the woods|This is not over|We must be careful]': {person} "
        "[warns|cautions] {place} against reopening too [fast|soon|quickly]",
        '{person} calls {org} plan "reckless" as {place} [reopens|eases restrictions]',
    ), (
        "{person} announced {day} that {place} will move into phase {phase} of its reopening "
        "plan.",
        "Restaurants and retailers in {county} may reopen at {pct} percent capacity under the "
        "new order.",
        "[Critics|Members] on the {org} said the plan moves too [quickly|fast] given rising case "
        "counts in {town}.",
    )),
    "economy": ("Bank|Motors|Industries|Hotels|Mall|Credit Union", (
        "{org} to [cut|eliminate|shed] {n} jobs as pandemic [hits|slams|batters] revenue",
        "[Nearly|Almost|More than] {amount} in [coronavirus|COVID-19|federal] relief loans "
        "[approved|granted] for {place} small businesses",
        "{place} unemployment claims [top|pass|reach] {total} as [coronavirus|COVID-19] "
        "shutdown continues",
        "{org} [furloughs|lays off] {n} workers in {town}",
        "[Coronavirus|COVID-19|Pandemic]: {org} reports {pct}% drop in [sales|revenue]",
    ), (
        "{org} said {day} it would cut {n} jobs, about {pct} percent of its workforce.",
        "Small businesses across {place} have been approved for almost {amount} in federal loans.",
        "{person} said the {county} economy may take years to recover from the shutdown.",
    )),
    "stock": ("Holdings|Energy|Pharmaceuticals|Group|Technologies|Airlines", (
        "{org} shares [jump|rise|climb|soar] {pct}% after first-quarter results "
        "[beat estimates|top forecasts]",
        "{org} [swings|slides] to [quarterly|first-quarter] loss as pandemic "
        "[slashes|crushes|hits] demand",
        "[Stock market wrap-up|Markets|Stocks to watch]: {org} [surges|rallies|jumps] while "
        "rivals [slide|fall|lag]",
        "{org} [withdraws|pulls] full-year guidance, [cites|citing] coronavirus uncertainty",
    ), (
        "Shares of {org} rose {pct}% in early trading on {day} after the company reported results.",
        "{person}, chief executive of {org}, said demand had begun to recover in {place}.",
        "Analysts expect {org} to cut its dividend for the first time in {m} years.",
    )),
    "treatment": ("Therapeutics|Biotech|Pharma|Medical Center|University", (
        "{org} [begins|starts|launches] [human|clinical] trials of [its|a] [COVID-19|coronavirus] "
        "vaccine [candidate|] {drug}",
        "[Study|Research|Trial]: {drug} shows promise in treating [coronavirus|COVID-19] patients",
        "{org} says {drug} trial could start [early summer|in June|within weeks]",
        "{person} [cautions|warns] against hopes for a quick [coronavirus|COVID-19] vaccine",
    ), (
        "{org} said {day} it had dosed the first patients in a trial of {drug}.",
        "Researchers at {org} found that patients given {drug} recovered {pct} percent faster.",
        "{person} said a vaccine was unlikely to be ready before the end of the year.",
    )),
    "travel": ("Airlines|Air|Cruises|Rail|International Airport", (
        "{org} to [resume|restart|restore] flights from {place} [on|] {day}",
        "{place} [extends|tightens] travel restrictions for visitors [through|until] {day}",
        "{org} [cancels|suspends|halts] [trips|service] until [fall|September] amid "
        "[coronavirus|pandemic|COVID-19]",
        "[Travellers|Travelers|Visitors] arriving in {town} must [quarantine|self-isolate] for "
        "14 days[, {person} says|]",
    ), (
        "{org} said {day} it will restore {n} daily flights as demand slowly returns.",
        "Visitors to {place} will have to self-isolate for two weeks under the new rules.",
        "{person} said tourism in {town} had fallen by {pct} percent since March.",
    )),
    "events": ("Festival|Marathon|County Fair|Philharmonic|Music Festival", (
        "{org} [cancelled|canceled|called off] for 2020 [due to|because of] coronavirus",
        "{town} {org} [postponed|pushed back|delayed] [until|to] [next year|2021]",
        "{org} [cancels|scraps] [remainder|rest] of [season|2020 season] amid "
        "[COVID-19|coronavirus|pandemic]",
    ), (
        "[Organisers|Organizers] of the {org} said {day} that this year's event would not "
        "[go ahead|take place].",
        "The {org} [draws|attracts] about {total} visitors to {town} each year.",
        "{person} said ticket holders would be offered [refunds|credit for 2021].",
    )),
    "education": ("University|School District|Community College|Academy", (
        "{org} [students|classes] will [return to|resume on] campus in [fall|the fall|September]",
        "{county} schools to [stay|remain] closed for the rest of the [year|school year]"
        "[, {person} says|]",
        "{org} moves graduation [online|to a virtual ceremony] amid [COVID-19|coronavirus]",
    ), (
        "{org} said {day} it plans to bring students back to campus for the fall semester.",
        "{person} said classes in {county} will continue online until June.",
        "About {total} students in {town} have been learning from home since March.",
    )),
    "human": ("Hospital|Food Bank|Church|Fire Department", (
        "{town} [nurse|doctor|paramedic|teacher] [shares|tells] [story|tale] of "
        "[recovering from|surviving|beating] COVID-19",
        "{person} dies of [coronavirus|COVID-19] complications at {age}",
        "How {town} residents are helping [neighbours|neighbors|seniors|front-line workers] "
        "[during|amid|through] the [pandemic|coronavirus crisis|outbreak]",
        "{org} volunteers [deliver|bring|hand out] {n} meals to {town} [seniors|families]",
    ), (
        "[Friends|Family members|Colleagues] remembered {person} as a [devoted|beloved|tireless] "
        "member of the {town} community.",
        "Volunteers with {org} have [delivered|handed out] more than {n} meals since the "
        "[outbreak|pandemic] began.",
        "Staff at {org} said the support from {county} residents had been "
        "[overwhelming|humbling|remarkable].",
    )),
}
# Each story composes its own sentences from these parts once, so stories of one theme rarely
# share an excerpt sentence (as coverage of different events doesn't).
SUBJECTS = ("{person}", "Officials in {town}", "A spokesperson for {org}",
            "{county} health officials", "Residents of {town}", "{place} lawmakers",
            "Business owners in {town}", "Hospital leaders in {county}", "Workers at {org}",
            "Parents in {county}", "Researchers at {org}", "Emergency managers in {town}")
VERBS = ("said {day} that", "warned that", "announced that", "confirmed that",
         "told reporters that", "argued that", "pointed out that", "cautioned that",
         "wrote in a statement that", "expect that")
CLAUSES = (
    "{n} [people|workers|residents|patients|students] [had tested positive|were in quarantine|"
    "had lost jobs|had been furloughed|had recovered]",
    "the {thing} would [reopen|close|resume|be delayed|expand] [next week|by {day}|"
    "until further notice|this month]",
    "the {thing} at {org} [fell short|had improved|was expanding|remained limited|"
    "was under review]",
    "{pct} percent of {things} in {county} [remain closed|have reopened|lack supplies|"
    "reported losses|need help]",
    "[demand for|spending on|complaints about] the {thing} [had doubled|rose sharply|"
    "fell by {pct} percent|kept climbing]",
    "the {thing} [drew criticism|won support|faced delays|was extended] in {town}",
    "{things} [would|could|might] [need more time|see new limits|get extra funding|"
    "be inspected] before {day}",
)
THINGS = {  # per theme: (the story's {thing}, its {things})
    "cases": ("testing site|contact tracing program|case dashboard|drive-through clinic|"
              "antibody survey|hospital surge plan|ZIP code report|death count review",
              "testing sites|nursing homes|urgent care clinics|county jails|group homes|"
              "emergency rooms|senior centers"),
    "outbreak": ("plant shutdown|worker screening|shift schedule|safety inspection|"
                 "sick leave policy|line slowdown",
                 "processing lines|dormitories|warehouses|break rooms|bus routes|shift crews"),
    "policy": ("curfew|mask mandate|reopening timeline|emergency declaration|beach closure|"
               "gathering limit|travel advisory",
               "barbershops|churches|state parks|gyms|restaurants|campgrounds|salons"),
    "economy": ("payroll loan program|rent relief fund|sales tax forecast|jobless benefit system|"
                "grant portal|budget shortfall",
                "small businesses|landlords|farmers|hotels|food trucks|breweries|dental offices"),
    "stock": ("dividend|buyback plan|earnings call|cost-cutting plan|credit line|debt offering",
              "oil producers|cruise lines|chipmakers|retailers|regional banks|airline stocks"),
    "treatment": ("antibody test|plasma program|ventilator study|vaccine timeline|"
                  "dosing schedule|trial protocol",
                  "volunteers|trial sites|labs|patients|hospital networks|researchers"),
    "travel": ("border crossing|quarantine rule|ferry schedule|flight schedule|"
               "hotel booking system|cruise terminal",
               "airports|border towns|resorts|tour operators|airlines|rental car firms"),
    "events": ("ticket refund plan|fireworks show|parade route|concert series|season opener|"
               "fundraiser", "festivals|concert halls|fairgrounds|stadiums|theatres|summer camps"),
    "education": ("graduation ceremony|grading policy|laptop program|meal pickup|"
                  "fall semester plan|tuition freeze",
                  "school districts|colleges|bus drivers|teachers|dorms|school boards"),
    "human": ("meal drive|mask-sewing effort|birthday parade|memorial service|blood drive|"
              "food pantry",
              "volunteers|neighbours|nurses|church groups|delivery drivers|grandparents"),
}
STORY_SENTENCES = 3  # sentences in a story's lede, composed or (one) of its theme's own
P_THEME_SENTENCE = 0.4  # a lede opens with one of its theme's stock sentences
OWN_SENTENCES = 2  # composed sentences of an article's own, after one or two of the story's
GENERIC_SENTENCES = (  # filler: two per story, after its own sentences
    "The number of confirmed cases has climbed steadily since the first infection in March.",
    "Officials urged residents to [continue|keep up] social distancing and to wear face "
    "[coverings|masks].",
    "[Here is|Here's] what you need to know.",
    "The announcement comes as {place} prepares to ease restrictions on businesses.",
    "Testing capacity has expanded in recent weeks, officials said.",
    "Hospitals say they have enough beds and ventilators for now.",
    "The figures do not include people who recovered at home.",
    "Face coverings remain recommended in indoor public spaces.",
    "The state has set up a hotline for questions about the virus.",
    "Unemployment filings have surged since mid-March.",
    "Officials said more details would be released later in the week.",
    "Most patients have mild symptoms and recover at home.",
    "Critics say the response has been too slow.",
    "The governor's order does not apply to essential businesses.",
    "Contact tracers are reaching out to close contacts of each case.",
    "Data released by the health department lags by several days.",
)
TITLE_PREFIXES = (("", 90), ("UPDATE: ", 2), ("WATCH NOW: ", 2), ("Coronavirus: ", 3),
                  ("COVID-19: ", 2), ("LIVE: ", 1))
TITLE_TAILS = (" amid coronavirus pandemic", " amid COVID-19 crisis", ", officials say",
               " as {place} reopens", " - {provider}", ": What you need to know", " | {provider}",
               " during coronavirus outbreak", " - report", " as cases rise", " in {town}",
               ", {person} says", " on {day}", " this week", " despite concerns", ", data shows")
P_TITLE_TAIL = 0.6
DATELINES = (("", 70), ("{TOWN} (AP) \u2014 ", 10), ("{TOWN} \u2014 ", 10), ("{PLACE} \u2014 ", 5),
             ("({provider}) ", 5))  # a tail even when the headline is long enough
P_NEW_NUMBERS = 0.5  # an article reports other figures than the story's first one
P_SHORT_NAME = 0.3  # "Gov. Kelvor" rather than "Gov. Anna Kelvor"
# A story has a second town, county and organisation, which an article names instead now and
# then: its coverage is alike but not all of it alike (as in the real clusters of similar text).
P_OTHER_NAME = 0.35
# An article takes the story's main headline, its second, any other, or frames its key phrase.
ANGLES = ((0, 40), (1, 20), (-1, 20), (-2, 20))
THEME_KEYS = {"cases": "{county}'s {n} new cases", "outbreak": "the {org} outbreak",
              "policy": "{person}'s reopening plan", "economy": "the {org} job cuts",
              "stock": "{org}'s quarterly results", "treatment": "the {drug} trial",
              "travel": "{place}'s travel rules", "events": "the {org} cancellation",
              "education": "{org}'s fall plans", "human": "{town}'s pandemic volunteers"}
FRAMES = ("What we know about {key}", "{Key}: what you need to know", "{Key}, explained",
          "Opinion: {key} is a warning", "Why {key} matters for {place}", "Inside {key}",
          "{Key} raises questions in {town}", "{person} defends {key}", "Q&A: {key}",
          "Timeline: {key}", "{Key} draws criticism", "{town} residents react to {key}",
          "{Key}: {m} takeaways", "[Experts|Officials|Critics] weigh in on {key}")
# How a sister paper or wire client rewrites a headline (real related pairs look like this).
REWRITES = (("same", 2), ("title case", 30), ("provider", 24), ("cut", 20), ("prefix", 20))
LIVE_CLAUSES = ("officials release case count by ZIP code", "{org} to furlough staff",
                "{county} reports {m} new deaths", "{person} to hold briefing at 2 p.m.",
                "testing expands to {town}")
ROLES = ("Gov.", "Mayor", "Dr.", "Sen.", "Health Director", "Sheriff", "CEO", "Premier",
         "Minister", "Superintendent", "Rep.")
FIRST_NAMES = ("Anna", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Hector", "Irene",
               "James", "Karen", "Luis", "Maria", "Nathan", "Olivia", "Paul", "Rosa", "Sam",
               "Tanya", "Victor", "Wendy", "Yusuf", "Zoe", "Michelle", "Andrew", "Doug", "Kate")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "May 15", "May 18", "June 1",
        "the end of May")
ONSETS = ("b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n",
          "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z", "th")
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou")
CODAS = ("", "", "n", "r", "l", "s", "nd", "rt", "ck", "x", "ll", "st", "m", "v")
TOWN_ENDINGS = ("ton", "ville", "field", "burg", "wood", "dale", "ford", "port", "mont", "")
DRUG_ENDINGS = ("vir", "mab", "stat", "zumab", "cillin", "tinib")
PAPER_NOUNS = ("Herald", "Gazette", "Tribune", "Times", "Courier", "Journal", "Daily News", "Post",
               "Record", "Sentinel", "Register", "News & Observer", "Chronicle", "Star", "Press",
               "Democrat", "Leader", "Review", "Examiner")
ONLINE_SUFFIXES = ("Wire", "Daily", "Now", "Today", "Report", "Insider", "Watch", "Beat", "Hub")
TLDS = ((".com", 80), (".ca", 7), (".co.uk", 4), (".com.au", 3), (".org", 2), (".net", 2),
        (".ie", 1), (".in", 1))
SECTIONS = ("news", "local", "health", "business", "politics", "world", "us", "sports",
            "coronavirus", "nation-world", "lifestyle", "opinion")
# URL path shapes seen in the real corpus: WordPress, dated, Hearst, Gannett, BLOX, numbered...
PATH_STYLES = ((0, 20), (1, 12), (2, 8), (3, 10), (4, 10), (5, 15), (6, 5), (7, 10), (8, 10))
AMP_FORMS = (("/amp/", 50), ("?outputType=amp", 6), (".amp.html", 6), ("amp-host", 12),
             (".amp", 3), ("?amp", 9), ("?_amp=true", 3), ("?context=amp", 4),
             ("?template=ampart", 2), ("unrelated", 2), ("other-host", 4))
IMAGE_SIZES = ((1280, 720, 187), (1200, 630, 152), (1200, 675, 134), (375, 211, 56),
               (1024, 576, 39), (1200, 800, 37), (1140, 641, 35), (1200, 600, 29),
               (1024, 682, 20), (640, 360, 20), (800, 450, 20), (1920, 1080, 15), (600, 400, 15))
LOGO = "https://insideout.app/coronavirus/assets/images/organizations/{}-50x50.jpg"


def _table(pairs):
    """(value, weight) pairs -> (values, cumulative weights) for _pick."""
    values, weights = zip(*pairs, strict=True)
    return values, tuple(accumulate(weights))


def _pick(rng, table):
    """A weighted draw from a _table (bisect: rng.choices is several times slower)."""
    return table[0][bisect(table[1], rng.random() * table[1][-1])]


def _one(rng, seq):
    """A uniform draw (rng.choice is several times slower, and this runs a million times)."""
    return seq[int(rng.random() * len(seq))]


def _from_quantiles(rng, q):
    """A draw from the distribution whose evenly spaced quantiles are q."""
    u = rng.random() * (len(q) - 1)
    i = int(u)
    return round(q[i] + (q[i + 1] - q[i]) * (u - i))


T_SCOPES = _table([(s, s[0]) for s in SCOPES])
T_PLACES = {places: _table([((tags, name), w) for tags, name, w in places])
            for _, _, _, places in SCOPES if isinstance(places, tuple)}
SYLLABLES = [o + v + c for o in ONSETS for v in VOWELS for c in CODAS]
T_REGIONAL = _table(REGIONAL_THEMES)
T_GROUP = _table(GROUP_SIZES)
T_UNRESOLVED = _table(UNRESOLVED_COUNTS)
T_TLD = _table(TLDS)
T_PATH = _table(PATH_STYLES)
T_AMP = _table(AMP_FORMS)
T_IMAGE = _table([((w, h), c) for w, h, c in IMAGE_SIZES])
T_SECURED = _table(SECURED_BYTES)
T_HOUR = max(HOUR_WEIGHTS)
T_STORY_SIZE = _table(STORY_SIZES)


def _compile(template):
    """'a [b|c] d' -> (('a ',), ('b', 'c'), (' d',)): one wording per render."""
    pieces = re.split(r"\[([^\]]*)\]", template)
    return tuple((p,) if i % 2 == 0 else tuple(p.split("|")) for i, p in enumerate(pieces))


def _render(rng, parts, slots):
    text = " ".join("".join(p[0] if len(p) == 1 else _one(rng, p) for p in parts)
                    .format(**slots).split())
    return text[:1].upper() + text[1:]


THEME_TABLES = {name: (orgs.split("|"), [_compile(t) for t in titles],
                       [_compile(t) for t in sentences])
                for name, (orgs, titles, sentences) in THEMES.items()}
GENERIC_PARTS = [_compile(t) for t in GENERIC_SENTENCES]
THING_TABLES = {theme: (one.split("|"), many.split("|")) for theme, (one, many) in THINGS.items()}
SUBJECT_PARTS, VERB_PARTS, CLAUSE_PARTS = ([_compile(t) for t in ts]
                                           for ts in (SUBJECTS, VERBS, CLAUSES))


def _sentence(rng):
    """A composed sentence template (compiled): subject, verb, clause."""
    return (_one(rng, SUBJECT_PARTS) + ((" ",),) + _one(rng, VERB_PARTS) + ((" ",),)
            + _one(rng, CLAUSE_PARTS) + ((".",),))
T_PREFIX = _table(TITLE_PREFIXES)
T_ANGLE = _table(ANGLES)
T_REWRITE = _table(REWRITES)
T_DATELINE = _table(DATELINES)
FRAME_PARTS = [_compile(t) for t in FRAMES]


def _pseudo(rng):
    """An invented capitalised word (millions of them): names that no other story shares."""
    return (_one(rng, SYLLABLES) + _one(rng, SYLLABLES)).capitalize()


def quote(s):
    """A YAML double-quoted scalar: JSON's escapes are a subset of YAML's (the text is printable,
    so no raw character that YAML refuses can slip through)."""
    return encode_basestring(s)


_SLUG_DROP = re.compile(r"[^a-z0-9\s-]+")
_SLUG_GAP = re.compile(r"[\s-]+")


def slugify(title):
    """The real file names' slug: punctuation dropped, not split ("12.7" -> "127")."""
    return _SLUG_GAP.sub("-", _SLUG_DROP.sub("", title.lower())).strip("-")


@cache
def timestamp(minute):
    """Minutes since START -> '2020-05-06T05:14:00Z'."""
    return (START + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Providers -------------------------------------------------------------------------------
class Provider:
    """One outlet: display names (a network has several, one host each) and its URL habits."""

    __slots__ = ("names", "hosts", "domain", "style", "amp", "logo", "image_base", "placeholder")

    def __init__(self, rng, domain=None):
        kind = rng.random()
        place = _pseudo(rng) + _one(rng, TOWN_ENDINGS)
        if kind < 0.45:
            noun = _one(rng, PAPER_NOUNS)
            name = ("The " if rng.random() < 0.2 else "") + f"{place} {noun}"
            stem = (place + noun).replace(" & ", "").replace(" ", "")
        elif kind < 0.65:
            call = _one(rng, "KW") + "".join(_one(rng, "ABCDEFGHIJKLMNOPRSTUVXYZ")
                                              for _ in range(3))
            number = _one(rng, ("2", "3", "4", "5", "7", "8", "9", "11", "12", "13"))
            name = f"{call} {number}" if rng.random() < 0.6 else f"{call} News {number}"
            stem = call + (number if rng.random() < 0.5 else "")
        elif kind < 0.85:
            name = _pseudo(rng) + _one(rng, ONLINE_SUFFIXES)
            stem = name
        else:
            name = f"{_pseudo(rng)} {_one(rng, ('Magazine', 'Weekly', 'Business', 'Health'))}"
            stem = name.replace(" ", "")
        self.domain = domain or stem.lower() + _pick(rng, T_TLD)
        if rng.random() < 0.05:
            name = stem + ".com"  # outlets named after their site: "GoDanRiver.com"
        host = ("www." if rng.random() < 0.8 else "") + self.domain
        self.names, self.hosts = (name,), (host,)
        self.style = _pick(rng, T_PATH)
        self.amp = _pick(rng, T_AMP) if rng.random() < P_AMP_PROVIDER else None
        if self.amp == ".amp.html":
            self.style = _one(rng, (4, 7))  # only .html pages have .amp.html twins
        self.logo = LOGO.format(self.domain) if rng.random() < P_LOGO else None
        self.image_base = _one(rng, (
            f"https://{host}/wp-content/uploads/2020/05",
            f"https://d{rng.getrandbits(40):010x}.cloudfront.net/images",
            f"https://images.{self.domain}/media",
            f"https://bloximages.newyork1.vip.townnews.com/{self.domain}/content/tncms/assets",
        ))
        self.placeholder = f"https://{host}/img/share/default-{rng.randrange(100, 999)}.png"

    def make_network(self, rng, count):
        """Turn this outlet into a network: one domain, `count` local names and hosts."""
        brand = self.names[0].removeprefix("The ").split()[0]
        cities = [_pseudo(rng) + _one(rng, TOWN_ENDINGS) for _ in range(count)]
        self.names = tuple(f"{brand} {city}" for city in cities)
        self.hosts = tuple(f"{city.lower()}.{self.domain}" for city in cities)


class ProviderPool:
    """Draws an item's provider: Zipf head w.p. HEAD_SHARE, else a Pitman-Yor tail.

    The tail keeps one int per draw and per outlet (a few MB for a million items) and samples
    in O(1): pick a past draw uniformly (an outlet in proportion to its count), keep it with
    probability 1 - discount/count, and otherwise open a new outlet.
    """

    def __init__(self, rng):
        self.head = [Provider(rng) for _ in range(HEAD_SIZE)]
        self.head[3].make_network(rng, 3)
        self.head_table = _table([(p, (r + 1) ** -HEAD_EXPONENT) for r, p in enumerate(self.head)])
        self.tail, self.counts, self.draws = [], [], array("I")

    def draw(self, rng):
        if rng.random() < HEAD_SHARE:
            return _pick(rng, self.head_table)
        n = len(self.draws)
        u = rng.random() * (n + TAIL_CONCENTRATION)
        if u < n:
            j = self.draws[int(u)]
            if rng.random() >= TAIL_DISCOUNT / self.counts[j]:
                self.counts[j] += 1
                self.draws.append(j)
                return self.tail[j]
        shared = self.tail and rng.random() < P_SHARED_DOMAIN
        self.tail.append(Provider(rng, _one(rng, self.tail).domain if shared else None))
        self.counts.append(1)
        self.draws.append(len(self.tail) - 1)
        return self.tail[-1]


def article_path(rng, style, slug, minute):
    """A URL path in one of the real corpus's CMS shapes."""
    day = START + timedelta(minutes=minute)
    ymd = f"{day:%Y/%m/%d}"
    section = _one(rng, SECTIONS)
    if style == 0:
        return f"/{section}/{slug}/"
    if style == 1:
        return f"/{ymd}/{slug}/"
    if style == 2:
        cased = "-".join(w.capitalize() for w in slug.split("-")[:7])
        return f"/{section}/article/{cased}-{rng.randrange(15_000_000, 15_300_000)}.php"
    if style == 3:
        return f"/story/{section}/{ymd}/{slug}/{rng.randrange(5_100_000_000, 5_200_000_000)}/"
    if style == 4:
        u = f"{rng.getrandbits(128):032x}"
        return f"/{section}/{slug}/article_{u[:8]}-{u[8:12]}-5{u[13:16]}-{u[16:20]}-{u[20:]}.html"
    if style == 5:
        return f"/{section}/{slug}-{rng.randrange(100_000, 999_999)}"
    if style == 6:
        return f"/articles/{slug}-{rng.randrange(10**10, 10**11)}"
    if style == 7:
        return f"/{ymd}/{section}/{slug}.html"
    return f"/{slug}/{rng.randrange(6_000_000, 6_300_000)}/"


def amp_urls(rng, form, scheme, host, path):
    """(ampWebUrl, cdnAmpWebUrl) in one of the real AMP forms."""
    if form == "amp-host":
        amp_host = "amp." + host.removeprefix("www.")
    elif form == "other-host":  # a beta or mobile site serves the AMP page
        amp_host = _one(rng, ("beta.", "mobile.", "m.")) + host.removeprefix("www.")
    else:
        amp_host = host
    if form == "/amp/":
        path = path + "amp/" if path.endswith("/") else "/amp" + path
    elif form == ".amp.html":
        path = path[:-5] + ".amp.html"
    elif form == ".amp":
        path = path.rstrip("/") + ".amp"
    elif form == "unrelated":
        path = f"/templates/AMP?contentID={rng.randrange(10**8, 10**9)}"
    elif form.startswith("?"):
        path = path + form
    amp = f"{scheme}://{amp_host}{path}"
    cdn_host = amp_host.replace("-", "--").replace(".", "-")
    secure = "s/" if scheme == "https" else ""
    cdn = f"https://{cdn_host}.cdn.ampproject.org/c/{secure}{amp_host}{path}"
    return amp, cdn


# --- Stories and items -----------------------------------------------------------------------
def _amount(rng):
    return f"${rng.randint(11, 990) / 10:g} {_one(rng, ('million', 'billion'))}"


class Story:
    """One event: its topics, tags, theme and the invented names its articles share."""

    __slots__ = ("topics", "tags", "theme", "slots", "start", "angles", "lede", "filler")

    def __init__(self, rng):
        _, topics, theme, places = _pick(rng, T_SCOPES)
        if places == "any":
            places = "us" if rng.random() < 0.6 else WORLD
        if places == "us":
            code, place = _one(rng, US_STATES).split(" ", 1)
            tags = ("US",) if rng.random() < 0.065 else (f"US-{code}",)
        elif places == "ca":
            code, place, alias = _one(rng, PROVINCES)
            tags = (("CA",) if rng.random() < 0.28 else ("CA", f"CA-{code}", f"Canada-{code}")
                    if alias else ("CA", f"CA-{code}"))
        else:
            tags, place = _pick(rng, T_PLACES[places])
        if theme is None:
            theme = _pick(rng, T_REGIONAL)
            if theme in THEME_TOPIC and rng.random() < P_SECOND_TOPIC:
                topics = topics + (THEME_TOPIC[theme],)
        elif rng.random() < P_SECOND_TOPIC:
            topics = topics + ("Coronavirus in US",)
        if rng.random() < P_SWAPPED_TOPICS:
            topics = topics[1:] + topics[:1]
        if topics[0] in THEME_TOPIC.values() and rng.random() > 0.02:
            tags = ()  # theme stories carry no place tags in the real corpus
        self.topics, self.tags, self.theme = topics, tags, theme
        orgs = THEME_TABLES[theme][0]
        n = int(rng.lognormvariate(3.5, 1.1)) + 2
        role, surname = _one(rng, ROLES), _pseudo(rng)
        self.slots = {
            "place": place,
            "town": _pseudo(rng) + _one(rng, TOWN_ENDINGS),
            "county": f"{_pseudo(rng)} County",
            "org": f"{_pseudo(rng)} {_one(rng, orgs)}",
            "town_b": _pseudo(rng) + _one(rng, TOWN_ENDINGS),
            "county_b": f"{_pseudo(rng)} County",
            "org_b": f"{_pseudo(rng)} {_one(rng, orgs)}",
            "person": f"{role} {_one(rng, FIRST_NAMES)} {surname}",
            "person_short": f"{role} {surname}",
            "drug": _pseudo(rng) + _one(rng, DRUG_ENDINGS),
            "thing": _one(rng, THING_TABLES[theme][0]),
            "things": _one(rng, THING_TABLES[theme][1]),
            "n": n, "m": rng.randint(1, 60), "total": f"{n * rng.randint(8, 60):,}",
            "pct": rng.randint(5, 80), "phase": rng.randint(1, 3), "age": rng.randint(34, 96),
            "amount": _amount(rng),
            "day": _one(rng, DAYS),
        }
        while True:  # density rising over the span, times a day curve
            start = int(SPAN_MINUTES * rng.random() ** (1 / DAY_SHAPE))
            if rng.random() * T_HOUR < HOUR_WEIGHTS[(start // 60) % 24]:
                break
        self.start = start
        titles, sentences = THEME_TABLES[theme][1:]
        self.angles = rng.sample(titles, 2)  # most coverage shares the story's main headline
        self.lede = [_sentence(rng) for _ in range(STORY_SENTENCES)]
        if rng.random() < P_THEME_SENTENCE:  # stock sentences make stories alike
            self.lede[0] = _one(rng, sentences)
        self.filler = rng.sample(GENERIC_PARTS, 2)

    def article_slots(self, rng):
        """The story's names, with an article's own figures and name forms now and then."""
        slots = self.slots
        if rng.random() < P_NEW_NUMBERS:
            n = max(2, slots["n"] + rng.randint(-5, 20))
            slots = {**slots, "n": n, "m": max(1, slots["m"] + rng.randint(-2, 6)),
                     "total": f"{n * rng.randint(8, 60):,}", "amount": _amount(rng)}
        if rng.random() < P_SHORT_NAME:
            slots = {**slots, "person": slots["person_short"]}
        other = {k: slots[f"{k}_b"] for k in ("town", "county", "org")
                 if rng.random() < P_OTHER_NAME}
        return {**slots, **other} if other else slots

    def headline(self, rng, angle, slots, provider_name):
        """A headline of this story, padded to a length drawn from the real titles."""
        if angle == -2:
            key = THEME_KEYS[self.theme].format(**slots)
            slots = {**slots, "key": key, "Key": key[0].upper() + key[1:]}
            template = _one(rng, FRAME_PARTS)
        elif angle == -1:
            template = _one(rng, THEME_TABLES[self.theme][1])
        else:
            template = self.angles[angle]
        title = _pick(rng, T_PREFIX) + _render(rng, template, slots)
        target = _from_quantiles(rng, TITLE_Q)
        if rng.random() < P_TITLE_TAIL:
            tail = _one(rng, TITLE_TAILS).format(provider=provider_name, **slots)
            if len(title) + len(tail) <= target + 5:
                title += tail
        for _ in range(2):  # pad short ones
            if len(title) < target - 15:
                title += _one(rng, TITLE_TAILS).format(provider=provider_name, **slots)
        return title

    def excerpt(self, rng, slots, provider_name):
        """The story's sentences, up to a length drawn from the real excerpts, often cut."""
        # One or two of the story's sentences, then the outlet's own: articles of a story share
        # names and facts, not whole excerpts (those are the rewrites).
        sentences = rng.sample(self.lede, 1 + (rng.random() < 0.5))
        sentences += [_sentence(rng) for _ in range(OWN_SENTENCES)] + self.filler
        target = _from_quantiles(rng, EXCERPT_Q)
        text = _pick(rng, T_DATELINE).format(TOWN=slots["town"].upper(), provider=provider_name,
                                              PLACE=slots["place"].upper())
        for parts in sentences:
            if len(text) >= target:
                break
            text = f"{text} {_render(rng, parts, slots)}".lstrip()
        cut = text.rfind(" ", 0, target)
        if len(text) > target + 15 and cut > 0:  # the aggregator cuts at a word, rarely marking it
            text = text[:cut] + ("..." if rng.random() < 0.15 else "")
        return text

    def live_headline(self, rng, minute):
        when = START + timedelta(minutes=minute)
        clause = _one(rng, LIVE_CLAUSES).format(**self.slots)
        place = self.slots["place"]
        return f"{place[0].upper()}{place[1:]} coronavirus updates, {when:%B} {when.day}: {clause}"


class Item:
    """One article: a file, or (no file) a related entry's target."""

    __slots__ = ("title", "excerpt", "minute", "web", "amp", "cdn", "provider", "name",
                 "quality", "heat", "published", "topics", "tags", "image", "related",
                 "reissue_of", "entry", "family", "angle")

    def __init__(self, rng, story, provider, minute, family=0, sister=None):
        self.provider = provider
        pick = rng.randrange(len(provider.names))
        self.name = provider.names[pick]
        self.minute = minute
        self.family = family
        slots = story.article_slots(rng)
        self.angle = _pick(rng, T_ANGLE) if sister is None else sister.angle
        if sister is None:
            self.title = story.headline(rng, self.angle, slots, self.name)
            if rng.random() < 0.05:  # some outlets use typographic apostrophes
                self.title = self.title.replace("'", "\u2019")
        else:
            self.title = rewrite(rng, sister.title, self.name)
        if sister is not None and rng.random() < P_SAME_EXCERPT:
            self.excerpt = sister.excerpt
        else:
            self.excerpt = story.excerpt(rng, slots, self.name)
        self.topics = story.topics
        self.tags = story.tags
        if rng.random() < P_NO_META:
            self.quality = self.heat = self.published = None
        else:
            self.quality = _from_quantiles(rng, QUALITY_Q)
            self.heat = -1 if rng.random() < P_HEAT_UNSET else _from_quantiles(rng, HEAT_Q)
            self.published = rng.random() < P_PUBLISHED
        self.image = None
        if rng.random() < P_IMAGE:
            w, h = _pick(rng, T_IMAGE)
            url = (provider.placeholder if rng.random() < P_DEFAULT_IMAGE
                   else f"{provider.image_base}/{rng.getrandbits(64):016x}.jpg")
            self.image = (url, w, h)
        self.related = ()
        self.reissue_of = None
        self.entry = None
        self.set_url(rng, pick)

    def set_url(self, rng, pick):
        p = self.provider
        scheme = "http" if rng.random() < P_HTTP else "https"
        path = article_path(rng, p.style, slugify(self.title), self.minute)
        self.web = f"{scheme}://{p.hosts[pick]}{path}"
        self.amp = self.cdn = None
        if p.amp and rng.random() < P_AMP_ITEM:
            self.amp, self.cdn = amp_urls(rng, p.amp, scheme, p.hosts[pick], path)
        if rng.random() < P_QUERY:
            self.web += f"{'&' if '?' in self.web else '?'}cat={rng.randrange(100, 999)}"


def make_story_items(rng, story, pool, k):
    """The k files of a story: fresh articles, rewrites of earlier ones, reissued live pages."""
    items = []
    used_urls = set()
    for j in range(k):
        if j and rng.random() < P_REISSUE:
            items.append(reissue(rng, story, _one(rng, items)))
            continue
        minute = story.start
        if j:
            minute += int(rng.expovariate(1 / SPREAD_MINUTES))
            if minute >= SPAN_MINUTES:
                minute = rng.randrange(story.start, SPAN_MINUTES)
        sister = _one(rng, items) if j and rng.random() < P_SISTER else None
        family = sister.family if sister else j
        item = Item(rng, story, pool.draw(rng), minute, family, sister)
        if j and sister is None and rng.random() < P_EXCERPT_COPY:
            item.excerpt = _one(rng, items).excerpt
        while item.web in used_urls:  # one outlet, one headline, twice: give it a new page
            item.set_url(rng, item.provider.names.index(item.name))
        used_urls.add(item.web)
        items.append(item)
    return items


def rewrite(rng, title, provider_name):
    """Another outlet's version of `title`: as is, title-cased, signed, cut or prefixed."""
    how = _pick(rng, T_REWRITE)
    if how == "title case":
        return " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
    if how == "provider":
        return f"{title} | {provider_name}"
    cut = max(title.rfind(": "), title.rfind(", "))
    if how == "cut" and cut >= 30:
        return title[:cut]
    if how in ("cut", "prefix"):
        return _one(rng, TITLE_PREFIXES[1:])[0] + title
    return title


def reissue(rng, story, original):
    """A live page reissued: same URLs and provider, new headline, later time."""
    while original.reissue_of is not None:
        original = original.reissue_of
    minute = original.minute + rng.randrange(60, 900)
    if minute >= SPAN_MINUTES:
        minute = SPAN_MINUTES - 1
        original.minute = min(original.minute, minute - 60)
    item = Item(rng, story, original.provider, minute)
    item.name, item.topics, item.tags = original.name, original.topics, original.tags
    item.web, item.amp, item.cdn = original.web, original.amp, original.cdn
    item.title = story.live_headline(rng, minute)
    item.reissue_of = original
    return item


def link_story(rng, story, items, pool, recent):
    """Fill each item's related list (targets are Items; phantoms have no file)."""
    out = [[] for _ in items]
    linkable = [i for i, it in enumerate(items) if it.reissue_of is None]
    rng.shuffle(linkable)
    # Groups gather articles under one headline, and an article with its rewrites.
    linkable.sort(key=lambda i: (items[i].angle, items[i].family))
    grouped = set()
    while len(linkable) >= 2 and rng.random() < (P_MORE_GROUPS if grouped else P_GROUP):
        if not grouped and len(linkable) >= 10 and rng.random() < P_BIG_GROUP:
            m = rng.randint(8, min(25, len(linkable)))  # the aggregator links a big story widely
        else:
            m = min(len(linkable), _pick(rng, T_GROUP))
        members, linkable = linkable[:m], linkable[m:]
        tree = set()
        for i in range(1, m):  # a random tree keeps the group connected
            tree.add(frozenset((members[i], members[rng.randrange(i)])))
        p = min(1.0, LINKS_PER_ARTICLE / (m - 1))  # small groups are complete, big ones sparse
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if frozenset((a, b)) in tree or rng.random() < p:
                    if rng.random() < P_BOTH_WAYS:
                        out[a].append(items[b])
                        out[b].append(items[a])
                    elif rng.random() < 0.5:
                        out[a].append(items[b])
                    else:
                        out[b].append(items[a])
        grouped.update(members)

    def phantoms():
        count = _pick(rng, T_UNRESOLVED)
        return [Item(rng, story, pool.draw(rng), story.start) for _ in range(count)]

    for i, item in enumerate(items):
        entries = out[i]
        if entries:
            if recent and rng.random() < P_CROSS_STORY:
                entries.append(_one(rng, recent))
            if rng.random() < P_EXTRA_UNRESOLVED:
                entries += phantoms()
            if rng.random() < P_SELF_EXTRA:
                entries.append(item)
        elif rng.random() < P_SELF_ONLY:
            entries.append(item)
        elif i not in grouped and rng.random() < P_UNRESOLVED_ONLY:
            entries += phantoms()
        rng.shuffle(entries)
        item.related = entries


# --- Rendering -------------------------------------------------------------------------------
def render_entry(rng, target, source):
    """A related entry naming `target`, as listed in `source`'s file."""
    if target.entry is None:  # entries always carry a quality, even when the file has none
        quality = target.quality if target.quality is not None else _from_quantiles(rng, QUALITY_Q)
        target.entry = _entry_lines(target, target.title, target.web, quality)
    if target is source or rng.random() >= P_STALE_ENTRY + P_AMP_VARIANT:
        return target.entry
    quality = _from_quantiles(rng, QUALITY_Q)
    if target.amp and rng.random() < P_AMP_VARIANT / (P_STALE_ENTRY + P_AMP_VARIANT):
        web = f"{target.web}{'&' if '?' in target.web else '?'}source=related"
        return _entry_lines(target, target.title, web, quality)
    return _entry_lines(target, target.title.split(":")[0], target.web, quality)


def _entry_lines(item, title, web, quality):
    lines = [f"  - title: {quote(title)}", f"    excerpt: {quote(item.excerpt)}",
             f"    publishedDateTime: {timestamp(item.minute)}", f"    webUrl: {quote(web)}"]
    if item.amp:
        lines += [f"    ampWebUrl: {quote(item.amp)}", f"    cdnAmpWebUrl: {quote(item.cdn)}"]
    lines += ["    type: article", "    provider:", f"      name: {quote(item.name)}",
              f"      domain: {item.provider.domain}",
              f"    quality: {quality}"]
    if item.image:
        url, w, h = item.image
        lines += ["    images:", f"      - url: {quote(url)}", f"        width: {w}",
                  f"        height: {h}"]
    return "\n".join(lines)


def render_item(rng, item):
    """The file text of one item, laid out like the real files."""
    lines = ["---", "category: news", f"title: {quote(item.title)}",
             f"excerpt: {quote(item.excerpt)}", f"publishedDateTime: {timestamp(item.minute)}",
             f"webUrl: {quote(item.web)}"]
    if item.amp:
        lines += [f"ampWebUrl: {quote(item.amp)}", f"cdnAmpWebUrl: {quote(item.cdn)}"]
    lines.append("type: article")
    if item.quality is not None:
        lines += [f"quality: {item.quality}", f"heat: {item.heat}",
                  f"published: {'true' if item.published else 'false'}"]
    p = item.provider
    lines += ["", "provider:", f"  name: {quote(item.name)}", f"  domain: {p.domain}"]
    if p.logo:
        lines += ["  images:", f"    - url: {quote(p.logo)}", "      width: 50", "      height: 50"]
    lines += ["", "topics:"] + [f"  - {t}" for t in item.topics]
    if item.tags:
        lines += ["", "tags:"] + [f"  - {t}" for t in item.tags]
    if item.image:
        url, w, h = item.image
        lines += ["", "images:", f"  - url: {quote(url)}", f"    width: {w}", f"    height: {h}",
                  f"    title: {quote(item.title)}"]
    if item.related:
        lines += ["", "related:"] + [render_entry(rng, t, item) for t in item.related]
    nbytes = _pick(rng, T_SECURED)
    secured = (base64.b64encode(rng.randbytes(nbytes)).decode() + ";"
               + base64.b64encode(rng.randbytes(16)).decode())
    lines += ["", f"secured: {quote(secured)}", "---", "", ""]
    return "\n".join(lines)


def iter_corpus(n, *, seed=0, shard_size=10_000):
    """Yield (relative path, text) for n files; deterministic in `seed`, memory O(outlets).

    Files go to zero-padded folders of `shard_size` files; names are the real shape,
    ``YYYY-MM-DD-slug.md`` (some ``.txt``), made unique within their folder.
    """
    rng = random.Random(seed)
    pool = ProviderPool(rng)
    recent = deque(maxlen=256)  # earlier stories' items, for the few cross-story links
    written, used = 0, set()
    while written < n:
        story = Story(rng)
        items = make_story_items(rng, story, pool, min(_pick(rng, T_STORY_SIZE), n - written))
        link_story(rng, story, items, pool, recent)
        for item in items:
            shard, index = divmod(written, shard_size)
            if index == 0:
                used = set()
            ext = ".txt" if rng.random() < P_TXT else ".md"
            stem = f"{timestamp(item.minute)[:10]}-{slugify(item.title)}"
            name, k = stem + ext, 1
            while name in used:
                k += 1
                name = f"{stem}-{k}{ext}"
            used.add(name)
            yield f"{shard:04d}/{name}", render_item(rng, item)
            written += 1
        recent.extend(items)


def write_corpus(out_dir, n, *, seed=0, shard_size=10_000):
    """Write iter_corpus(n) under out_dir (which must be empty or missing); return n."""
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    made = set()
    for rel, text in iter_corpus(n, seed=seed, shard_size=shard_size):
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        with open(path, "xb", buffering=0) as fh:  # unbuffered: one write, fewer syscalls
            fh.write(text.encode("utf-8"))
    return n


# --- Measuring -------------------------------------------------------------------------------
_FENCE = re.compile(r"^---[ \t]*\r?$", re.M)
_WORD = re.compile(r"[a-z0-9]{4,}")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(text):
    """The YAML between the opening '---' line and the next '---' line ("" when missing)."""
    if not text.startswith("---"):
        return ""
    end = _FENCE.search(text, 4)
    return text[text.index("\n") + 1 : end.start()] if end else ""


def amp_form(amp):
    """Which of the real AMP URL shapes `amp` has."""
    parts = urlsplit(amp)
    if parts.netloc.startswith("amp."):
        return "amp-host"
    if parts.path.endswith(".amp.html"):
        return ".amp.html"
    if "/amp/" in parts.path or parts.path.endswith("/amp"):
        return "/amp/"
    if parts.path.endswith(".amp"):
        return ".amp"
    if "outputType=amp" in parts.query:
        return "?outputType=amp"
    if "amp" in parts.query.lower():
        return "?...amp"
    return "other"


def _spread(values):
    v = sorted(values)
    if not v:
        return {}
    return {"p10": v[len(v) // 10], "p50": v[len(v) // 2], "p90": v[len(v) * 9 // 10]}


def _jaccard(a, b):
    a, b = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(a & b) / len(a | b) if a | b else 0.0


def describe(folder):
    """Measure a corpus folder (walked recursively) -> nested dict of its distributions.

    Files whose front matter PyYAML refuses (or that lack a webUrl) count as `unparsable`.
    """
    root = Path(folder)
    paths = sorted(p for p in root.rglob("*") if p.suffix in (".md", ".txt") and p.is_file())
    recs, sizes, bad = [], [], 0
    for path in paths:
        data = path.read_bytes()
        sizes.append(len(data))
        try:
            rec = yaml.load(front_matter(data.decode("utf-8", "replace")), Loader=_LOADER)
        except yaml.YAMLError:
            rec = None
        if isinstance(rec, dict) and rec.get("webUrl"):
            recs.append(rec)
        else:
            bad += 1
    n = len(recs)

    domains = Counter(r["provider"]["domain"] for r in recs)
    names = {}
    for r in recs:
        names.setdefault(r["provider"]["domain"], set()).add(r["provider"]["name"])
    all_domains = set(domains)
    for r in recs:
        all_domains.update(e["provider"]["domain"] for e in r.get("related") or ())
    topics = Counter(t for r in recs for t in r.get("topics") or ())
    hub, hub_count = topics.most_common(1)[0] if topics else ("", 0)
    tags = Counter(t for r in recs for t in r.get("tags") or ())
    days = Counter(str(r["publishedDateTime"])[:10] for r in recs)
    titles = Counter(r["title"] for r in recs)
    excerpts = Counter(r.get("excerpt") for r in recs)
    webs = Counter(r["webUrl"] for r in recs)

    by_web, by_amp = {}, {}
    for i, r in enumerate(recs):
        by_web.setdefault(r["webUrl"], i)
        for key in ("ampWebUrl", "cdnAmpWebUrl"):
            if r.get(key):
                by_amp.setdefault(r[key], i)
    kinds, edges, lengths = Counter(), set(), Counter()
    for i, r in enumerate(recs):
        entries = r.get("related") or ()
        if entries:
            lengths[str(len(entries)) if len(entries) < 5 else "5+"] += 1
        for e in entries:
            url = e.get("webUrl")
            if url == r["webUrl"]:
                kinds["self"] += 1
            elif url in by_web:
                kinds["resolved_web"] += 1
                edges.add((i, by_web[url]))
            else:
                hits = [by_amp[u] for u in (url, e.get("ampWebUrl"), e.get("cdnAmpWebUrl"))
                        if u in by_amp]
                kinds["resolved_amp" if hits else "unresolved"] += 1
                if hits:
                    edges.add((i, hits[0]))
    edges = {(a, b) for a, b in edges if a != b}
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    components = Counter(find(x) for x in list(parent))
    carriers = sum(1 for r in recs if r.get("related"))
    rng = random.Random(0)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(2000)] if n else []

    def share(count):
        return round(count / n, 4) if n else 0.0

    def mean_jaccard(pairs):
        pairs = list(pairs)
        return round(sum(_jaccard(recs[a]["title"], recs[b]["title"]) for a, b in pairs)
                     / len(pairs), 4) if pairs else 0.0

    return {
        "files": len(paths),
        "unparsable": bad,
        "extensions": {e: sum(1 for p in paths if p.suffix == f".{e}") for e in ("md", "txt")},
        "bytes": {**_spread(sizes), "mean": round(sum(sizes) / len(sizes)) if sizes else 0},
        "days": dict(sorted(days.items())),
        "title_chars": _spread(len(r["title"]) for r in recs),
        "excerpt_chars": _spread(len(r.get("excerpt") or "") for r in recs),
        "providers": {
            "domains": len(domains),
            "domains_with_2+_names": sum(1 for v in names.values() if len(v) > 1),
            "domains_incl_related": len(all_domains),
            "items_top1": domains.most_common(1)[0][1] if domains else 0,
            "items_top10_share": share(sum(c for _, c in domains.most_common(10))),
            "domains_with_1_item_share": round(
                sum(1 for c in domains.values() if c == 1) / max(1, len(domains)), 4),
            "domains_with_100+_items": sum(1 for c in domains.values() if c >= 100),
        },
        "topics": {
            "distinct": len(topics),
            "hub": hub,
            "hub_share": share(hub_count),
            "per_item_mean": round(sum(topics.values()) / max(1, n), 3),
            "items_with_3+_share": share(sum(1 for r in recs if len(r.get("topics") or ()) >= 3)),
        },
        "tags": {
            "distinct": len(tags),
            "items_with_tags_share": share(sum(1 for r in recs if r.get("tags"))),
            "top": ", ".join(t for t, _ in tags.most_common(4)),
        },
        "meta": {
            "missing_quality": sum(1 for r in recs if "quality" not in r),
            "quality": _spread(r["quality"] for r in recs if "quality" in r),
            "heat_unset_share": share(sum(1 for r in recs if r.get("heat") == -1)),
            "published_true_share": share(sum(1 for r in recs if r.get("published") is True)),
            "with_image_share": share(sum(1 for r in recs if r.get("images"))),
            "provider_logo_share": share(sum(1 for r in recs if r["provider"].get("images"))),
            "secured_chars": dict(sorted(Counter(len(r.get("secured", "")) for r in recs)
                                         .most_common(3))),
        },
        "urls": {
            "amp_share": share(sum(1 for r in recs if r.get("ampWebUrl"))),
            "amp_forms": dict(Counter(amp_form(r["ampWebUrl"]) for r in recs
                                      if r.get("ampWebUrl")).most_common()),
            "cdn_form_share": share(sum(1 for r in recs if ".cdn.ampproject.org/c/"
                                        in (r.get("cdnAmpWebUrl") or ""))),
            "web_urls_in_2+_files": sum(1 for c in webs.values() if c > 1),
            "with_query": sum(1 for r in recs if urlsplit(r["webUrl"]).query),
            "http": sum(1 for r in recs if r["webUrl"].startswith("http:")),
        },
        "text": {
            "files_sharing_title": sum(c for c in titles.values() if c > 1),
            "files_sharing_excerpt": sum(c for c in excerpts.values() if c > 1),
            "title_jaccard_related": mean_jaccard(edges),
            "title_jaccard_random": mean_jaccard(pairs),
        },
        "related": {
            "carriers": carriers,
            "carrier_share": share(carriers),
            "entries": sum(kinds.values()),
            "lengths": {k: lengths[k] for k in ("1", "2", "3", "4", "5+")},
            **{k: kinds[k] for k in ("resolved_web", "resolved_amp", "unresolved", "self")},
            "edges": len(edges),
            "reciprocity": round(sum((b, a) in edges for a, b in edges) / max(1, len(edges)), 4),
            "targets_carrying_share": round(
                sum(1 for _, b in edges if recs[b].get("related")) / max(1, len(edges)), 4),
            "linked_files": len(parent),
            "components": len(components),
            "component_max": max(components.values(), default=0),
        },
    }


def _flatten(d, prefix=""):
    for key, value in d.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def compare_table(real, synthetic, names=("real", "synthetic")):
    """Two describe() results -> a Markdown table, one row per measure."""
    a, b = dict(_flatten(real)), dict(_flatten(synthetic))
    keys = list(a) + [k for k in b if k not in a]
    rows = [("measure", *names), ("---", "---:", "---:")]
    rows += [(k, str(a.get(k, "")), str(b.get(k, ""))) for k in keys]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
                     for r in rows)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Generate, measure or compare seed-format news corpora.",
        epilog="Example: python benchmarks/synth.py benchmarks/.data/synth-100k --n 100000",
    )
    parser.add_argument("out_dir", nargs="?", help="folder to write (must be empty or missing)")
    parser.add_argument("--n", type=int, help="number of files (default: 2922, or as REAL)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shard-size", type=int, default=10_000, help="files per subfolder")
    parser.add_argument("--describe", metavar="FOLDER", help="print FOLDER's shape as JSON")
    parser.add_argument("--compare", metavar="REAL", help="print REAL vs a synthetic corpus")
    args = parser.parse_args(argv)
    if sum(x is not None for x in (args.out_dir, args.describe, args.compare)) != 1:
        parser.error("give exactly one of OUT_DIR, --describe FOLDER, --compare REAL")
    if args.describe:
        print(json.dumps(describe(args.describe), indent=2))
    elif args.compare:
        real = describe(args.compare)
        with tempfile.TemporaryDirectory() as tmp:
            write_corpus(tmp, args.n or real["files"], seed=args.seed, shard_size=args.shard_size)
            synthetic = describe(tmp)
        print(compare_table(real, synthetic))
    else:
        started = time.perf_counter()
        try:
            n = write_corpus(args.out_dir, args.n or 2922, seed=args.seed,
                             shard_size=args.shard_size)
        except FileExistsError as e:
            parser.error(str(e))
        print(f"wrote {n} files to {args.out_dir} in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)


if __name__ == "__main__":
    main()
