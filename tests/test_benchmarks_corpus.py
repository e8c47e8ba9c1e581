"""Smoke test of benchmarks/make_corpus.py: N readable, distinct articles in every format.

No timing here: the benchmark scripts print figures, they never assert them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module      # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.paragraphs, self.title, self._in = [], "", None

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "h1"):
            self._in = tag
            if tag == "p":
                self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "p":
            self.paragraphs[-1] += data
        elif self._in == "h1":
            self.title += data


def read_back(folder: Path) -> dict[str, dict]:
    """Every article in the folder as {ref: {"title", "text"}}, read the way each format is written."""
    articles = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                articles[rec["id"]] = rec
        elif path.suffix == ".json":
            rec = json.loads(path.read_text(encoding="utf-8"))
            articles[rec["id"]] = rec
        elif path.suffix == ".html":
            parser = _Paragraphs()
            parser.feed(path.read_text(encoding="utf-8"))
            articles[path.stem] = {"title": parser.title, "text": "\n\n".join(parser.paragraphs)}
        elif path.suffix == ".txt":
            title, _, text = path.read_text(encoding="utf-8").partition("\n\n")
            articles[path.stem] = {"title": title, "text": text}
        else:
            pytest.fail(f"unexpected file {path.name}")
    return articles


def test_corpus_has_n_distinct_articles_in_every_format(make_corpus, tmp_path):
    manifest = make_corpus.make_corpus(60, tmp_path / "c", seed=3)
    articles = read_back(tmp_path / "c")

    assert len(articles) == 60
    assert set(manifest["formats"]) == {"txt", "json", "jsonl", "html"}
    assert sum(manifest["formats"].values()) == 60
    bodies = [re.sub(r"\s+", " ", a["text"]).strip().lower() for a in articles.values()]
    assert len(set(bodies)) == 60, "two articles share a body: ingestion would dedup them"
    words = [len(b.split()) for b in bodies]
    assert 200 <= sum(words) / len(words) <= 400, words
    joined = "\n".join(a["text"] for a in articles.values())
    assert re.search(r"\b\d{1,3}(\.\d{3})+\b", joined), "no digit grouping like 1.200"
    assert re.search(r"(?i)\b(dua|tiga|lima) puluh\b|\bbelas\b|\bseorang\b", joined), "no number words"
    assert re.search(r"(?im)^baca juga:", joined) and "Simak juga Video" in joined


def test_same_seed_same_bytes_other_seed_other_texts(make_corpus, tmp_path):
    make_corpus.make_corpus(12, tmp_path / "a", seed=11)
    make_corpus.make_corpus(12, tmp_path / "b", seed=11)
    make_corpus.make_corpus(12, tmp_path / "c", seed=12)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    texts_a = {a["text"] for a in read_back(tmp_path / "a").values()}
    texts_c = {a["text"] for a in read_back(tmp_path / "c").values()}
    assert not texts_a & texts_c


def test_number_words(make_corpus):
    words = make_corpus.number_words
    assert [words(n) for n in (1, 11, 13, 25, 100, 112, 1000, 2500)] == [
        "satu", "sebelas", "tiga belas", "dua puluh lima", "seratus", "seratus dua belas",
        "seribu", "dua ribu lima ratus"]
    assert make_corpus.digits(1200) == "1.200"


def test_ingestion_keeps_every_article(make_corpus, tmp_path):
    """The real ingest stage reads all of them: no rejection, no duplicate, boilerplate cleaned away."""
    from kabar.articles.ingest import ingest_directory
    from kabar.warehouse.db import connect

    make_corpus.make_corpus(40, tmp_path / "c", seed=5)
    report = ingest_directory(tmp_path / "c", tmp_path / "work.duckdb")

    assert (report.new_articles, report.duplicates, report.rejected) == (40, 0, 0), report.summary()
    with connect(tmp_path / "work.duckdb") as con:
        refs, formats, leftovers = con.execute(
            "select count(distinct article_ref), count(distinct format), "
            "count(*) filter (where text ilike '%baca juga:%' or text ilike '%simak juga video%') "
            "from raw.articles").fetchone()
    assert (refs, formats) == (40, 4)
    assert leftovers == 0
