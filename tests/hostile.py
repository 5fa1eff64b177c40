"""A hostile corpus written on demand: every broken shape the loader must survive.

Each entry is (file name, bytes, expected status). Built in code so that huge and binary
files need not live in the repository.
"""

from __future__ import annotations

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
