"""A hostile corpus written on demand: every broken shape the loader must survive.

Each entry is (file name, bytes, expected status). Built in code so that huge and binary
files need not live in the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

GOOD = b"""---
title: "Good story"
webUrl: "https://good.example.com/story"
publishedDateTime: 2020-05-06T10:00:00Z
provider:
  name: Good
  domain: good.example.com
---
"""

XSS = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\">"

CASES: list[tuple[str, bytes, str]] = [
    ("empty.md", b"", "skipped"),
    ("blank.md", b"\n\n  \n", "skipped"),
    ("binary.md", b"\x00\x01\x02\xff\xfe\x00PNG\x00" * 50, "skipped"),
    ("no-front-matter.md", b"# Just a heading\n\nSome text.\n", "skipped"),
    ("unclosed.md", b"---\ntitle: x\nwebUrl: https://a.example.com/x\n", "skipped"),
    ("yaml-error.md", b"---\ntitle: [unclosed\nwebUrl: https://a.example.com/y\n---\n", "skipped"),
    ("python-tag.md", b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n"
     b"webUrl: https://a.example.com/z\n---\n", "skipped"),
    ("alias-bomb.md", b"---\na: &a [x, x, x, x, x, x, x, x, x]\n"
     b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
     b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
     b"e: [*d, *d, *d, *d, *d, *d, *d, *d]\nwebUrl: https://a.example.com/bomb\n---\n", "skipped"),
    ("list.md", b"---\n- a\n- b\n---\n", "skipped"),
    ("scalar.md", b"---\njust a string\n---\n", "skipped"),
    ("no-url.md", b"---\ntitle: no url here\n---\n", "skipped"),
    ("js-url.md", b"---\ntitle: x\nwebUrl: \"javascript:alert(1)\"\n---\n", "skipped"),
    ("deep.md", b"---\nwebUrl: https://a.example.com/deep\nx: " + b"[" * 5000 + b"]" * 5000
     + b"\n---\n", "skipped"),
    ("huge.md", b"---\nwebUrl: https://a.example.com/huge\nexcerpt: \"" + b"A" * (9 * 1024 * 1024)
     + b"\"\n---\n", "skipped"),
    ("wrong-shapes.md", b"---\ntitle: 12345\nexcerpt: [1, 2]\nwebUrl: https://a.example.com/shapes\n"
     b"publishedDateTime: not a date\nprovider: [1, 2]\ntopics: {a: 1}\ntags: 7\nquality: high\n"
     b"heat: \"12\"\npublished: maybe\nrelated: \"nope\"\n---\n", "loaded"),
    ("hostile-text.md", ("---\ntitle: \"" + XSS.replace('"', '\\"') + "\"\n"
     "excerpt: \"</script><b>x</b>\"\n"
     "webUrl: https://evil.example.com/xss\nprovider:\n  name: \"<img src=x onerror=alert(1)>\"\n"
     "  domain: evil.example.com\ntopics: [\"<script>t</script>\"]\n---\n").encode(), "loaded"),
    ("control-chars.md", b"---\ntitle: \"bell \x07 and \xc2\x97 here\"\nwebUrl: https://a.example.com/cc\n---\n",
     "loaded"),
    ("latin1.md", "---\ntitle: \"caf\u00e9\"\nwebUrl: https://a.example.com/latin\n---\n".encode("latin-1"),
     "loaded"),
    ("good.md", GOOD, "loaded"),
]


def write_hostile_corpus(folder: Path) -> dict[str, str]:
    """Write every case into ``folder``; return {file name: expected status}."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, _ in CASES:
        (folder / name).write_bytes(data)
    return {name: status for name, _, status in CASES}


# --- the reproductions of issue #14, and shapes beyond them -----------------------------------
#
# A surrogate escape loads with either YAML library: libyaml refuses it, so graphx reads that
# block with the pure-Python parser, and repairs the text.

URL = b"webUrl: https://hostile.example.org/"


def _wide_alphabet() -> bytes:
    """One item whose title, excerpt and related titles hold 70,000 distinct characters."""
    points = [*range(0x4E00, 0x9FFF), *range(0xAC00, 0xD7A3), *range(0x20000, 0x2A6D6)]
    chars = [chr(p) for p in points[:70_000]]
    words = [" ".join("".join(chars[i:i + 4][::-1]) for i in range(s, s + 18_000, 4))
             for s in range(0, 70_000, 18_000)]
    related = "".join(f"  - webUrl: https://hostile.example.org/wide/{i}\n    title: \"{w}\"\n"
                      for i, w in enumerate(words[1:]))
    return (f"---\ntitle: \"{words[0]}\"\nwebUrl: https://hostile.example.org/wide\n"
            f"related:\n{related}---\n").encode()


REPRODUCTIONS: list[tuple[str | bytes, bytes, str]] = [
    # 1. one string per --- line made splitting quadratic (3 GB for this 240 KB file)
    ("dashes.md", b"---\ntitle: [\n" + b"---\n" * 60_000, "skipped"),
    ("rules-in-body.md", b"---\ntitle: Rules\n" + URL + b"rules\n---\n"
     + (b"para " * 380 + b"\n---\n") * 1500, "loaded"),
    # 2. one file stopped build, related and map for the whole corpus
    ("surrogate-title.md", b'---\ntitle: "x \\ud800 y"\nexcerpt: "a & b"\nanchor: &a 1\n'
     + URL + b"surrogate\n---\n", "loaded"),
    (b"bad-\xff-name.md", b"---\ntitle: Bad name\n" + URL + b"bad-name\n---\n", "loaded"),
    ("wide-alphabet.md", _wide_alphabet(), "loaded"),
    # 7. uncapped topic and tag length and count
    ("long-topic.md", b"---\ntopics: [\"" + b"T" * 500_000 + b"\"]\n" + URL + b"topic\n---\n",
     "loaded"),
    ("many-tags.md", b"---\ntags: [" + b"a, b, " * 100_000 + b"c]\n" + URL + b"tags\n---\n",
     "loaded"),
    # nesting: block as flow, whatever libyaml's own limit
    ("deep-block.md", b"---\n" + b"".join(b" " * i + b"k:\n" for i in range(1500)) + URL
     + b"deep-block\n---\n", "skipped"),
    ("deep-flow-in-read-field.md", b"---\ntopics: " + b"[" * 70 + b"a" + b"]" * 70 + b"\n" + URL
     + b"deep-flow\n---\n", "skipped"),
    # memory: many anchors, many small values, a long line, many related entries
    ("anchors.md", b"---\nx: [" + b"".join(b"&a%d 1, " % i for i in range(100_000)) + b"1]\n"
     + URL + b"anchors\n---\n", "loaded"),
    ("small-values.md", b"---\nimages: [" + b"a," * 900_000 + b"a]\n" + URL + b"small\n---\n",
     "loaded"),
    # (one story listed 3,000 times: a corpus gains one article, not 3,000, so mixed into
    # covid it leaves the text index's document counts, and so covid's similar edges, alone)
    ("many-related.md", b"---\n" + URL + b"many-related\nrelated:\n" + b"".join(
        b"  - {webUrl: 'https://hostile.example.org/r?utm_source=%d', topics: [a, b]}\n" % i
        for i in range(3000)) + b"---\n", "loaded"),
    ("long-url.md", b"---\nwebUrl: https://hostile.example.org/" + b"u" * 10_000 + b"\n---\n",
     "skipped"),
    ("value-budget.md", b"---\n" + URL + b"budget\nrelated:\n" + b"".join(
        b"  - {webUrl: 'https://hostile.example.org/b/%d', topics: [%s]}\n"
        % (i, b", ".join(b"t" for _ in range(200))) for i in range(1000)) + b"---\n", "skipped"),
]


def write_every_hostile_file(folder: Path) -> dict[str, str]:
    """CASES, REPRODUCTIONS and a FIFO written into ``folder``; {file name: status}, the
    name as the load report shows it (a byte that is not UTF-8 as \\xNN)."""
    write_hostile_corpus(folder)
    expected = {name: status for name, _, status in CASES}
    for name, data, status in REPRODUCTIONS:
        raw = os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else name.encode())
        with open(raw, "wb") as fh:
            fh.write(data)
        shown = name.decode("utf-8", "backslashreplace") if isinstance(name, bytes) else name
        expected[shown] = status
    os.mkfifo(folder / "fifo.md")
    expected["fifo.md"] = "skipped"
    return expected


def put_cache_entry(db, key: str, text: str) -> None:
    """Put ``text`` as the parse-cache entry of the row ``key`` (every limits), sealed as
    graphx seals its own (graphx.cache._seal): what graphx then makes of it is its shape's
    doing alone."""
    from graphx.cache import _seal

    for limits, size, mtime, ctime in db.execute(
            "SELECT limits, size, mtime, ctime FROM files WHERE path = ?", (key,)).fetchall():
        db.execute("UPDATE files SET result = ?, seal = ? WHERE path = ? AND limits = ?",
                   (text, _seal(key, limits, size, mtime, ctime, text), key, limits))
