"""benchmarks/synth.py writes parseable, deterministic corpora whose related lists resolve."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from benches import load_bench

N = 300
synth = load_bench("synth")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.write_corpus(out, N, seed=0, shard_size=100)
    return out


@pytest.fixture(scope="module")
def records(corpus) -> list[dict]:
    """Each file's front matter through yaml.safe_load (the strict pure-Python parser)."""
    return [yaml.safe_load(synth.front_matter(p.read_text("utf-8"))) for p in _files(corpus)]


def test_writes_n_files_in_shards_with_real_names(corpus):
    paths = _files(corpus)
    assert len(paths) == N
    assert sorted({p.parent.name for p in paths}) == ["0000", "0001", "0002"]
    bad = [p.name for p in paths if not re.fullmatch(r"2020-05-0[67]-[a-z0-9-]+\.(md|txt)", p.name)]
    assert bad == []


def test_same_seed_gives_byte_identical_files(corpus, tmp_path):
    synth.write_corpus(tmp_path, N, seed=0, shard_size=100)
    again, first = _files(tmp_path), _files(corpus)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(corpus) for p in first]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in first]


def test_other_seed_gives_other_files():
    first = [text for _, text in synth.iter_corpus(20, seed=0)]
    other = [text for _, text in synth.iter_corpus(20, seed=1)]
    assert first != other


def test_every_file_parses_as_an_item(corpus, records):
    for path, rec in zip(_files(corpus), records, strict=True):
        assert {"title", "excerpt", "webUrl", "provider", "topics", "secured"} <= rec.keys()
        assert isinstance(rec["publishedDateTime"], datetime)
        assert path.name.startswith(rec["publishedDateTime"].strftime("%Y-%m-%d-"))
        assert "Coronavirus" in rec["topics"]
        assert set(rec["provider"]) <= {"name", "domain", "images"}
        if "ampWebUrl" in rec:
            assert ".cdn.ampproject.org/c/" in rec["cdnAmpWebUrl"]


def test_related_entries_mostly_name_other_files():
    # 1,500 items, parsed in memory with libyaml: 300 hold too few related lists to measure.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    records = [yaml.load(synth.front_matter(text), Loader=loader)
               for _, text in synth.iter_corpus(1500, seed=0)]
    webs = {r["webUrl"] for r in records}
    entries = [(r, e) for r in records for e in r.get("related") or ()]
    others = [e for r, e in entries if e["webUrl"] in webs and e["webUrl"] != r["webUrl"]]
    assert len(entries) >= 300
    assert len(others) / len(entries) > 0.5
    assert all(e["type"] == "article" and e["provider"]["domain"] for _, e in entries)


def test_quote_round_trips_through_yaml():
    text = 'He said "no" \\ then \u2019left\u2019: #1 - {a: [b]}\t& *ref'
    assert yaml.safe_load(f"k: {synth.quote(text)}") == {"k": text}


def test_describe_prints_the_measured_shape_as_json(corpus, records, capsys):
    synth.main(["--describe", str(corpus)])
    shape = json.loads(capsys.readouterr().out)
    assert shape["files"] == N
    assert shape["unparsable"] == 0
    assert shape["topics"]["hub"] == "Coronavirus"
    assert shape["related"]["entries"] == sum(len(r.get("related") or ()) for r in records)


def test_refuses_a_folder_that_is_not_empty(corpus):
    with pytest.raises(FileExistsError):
        synth.write_corpus(corpus, 1)
