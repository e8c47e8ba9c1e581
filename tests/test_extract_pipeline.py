"""Extraction plumbing with the real offline Stanza model and real DuckDB files.

The claim rules are replaced by a tiny stand-in (one 'killed' claim per digit-only NUM token), so
these tests pin the plumbing — parsing, batching, resuming, storing — not the rules.
"""

from __future__ import annotations

import json
import pickle

import pytest

from kabar.articles.ingest import ingest_directory
from kabar.cli import main
from kabar.errors import KabarError
from kabar.nlp import claims as rules
from kabar.nlp import extract, version
from kabar.nlp.claim import Claim
from kabar.nlp.model import load_pipeline
from kabar.nlp.rules.words import words_of
from kabar.warehouse.db import connect

pytestmark = pytest.mark.slow

# short articles written for these tests (not the seeds): numbers, number words, and sentences without any
ARTICLES = {
    "a1": "Serangan drone Rusia menewaskan 3 orang di Kharkiv.\n\nWali kota mengatakan 12 orang terluka. "
          "Petugas masih bekerja di lokasi.",
    "a2": "Ukraina menembak jatuh 45 drone semalam.\n\nAngkatan udara menyebut dua rudal juga dicegat.",
    "a3": "Cuaca di Kyiv cerah pada pagi hari.\n\nWarga kembali beraktivitas seperti biasa.",
    "a4": "Sedikitnya 7 warga sipil tewas dalam serangan itu.\n\nRumah sakit merawat 20 korban luka.",
    "a5": "Pemerintah daerah mengumumkan masa berkabung.\n\nSebanyak 150 drone diluncurkan ke wilayah Odesa.",
}


def stand_in_rules(article) -> list[Claim]:
    out = []
    for s in article.sentences:
        for t in s.tokens:
            if t.upos == "NUM" and t.text.isdigit():
                out.append(Claim(article.article_id, s.idx, "killed", int(t.text), evidence=s.text,
                                 evidence_span=t.text, token_ids=[t.id]))
    return out


@pytest.fixture
def stand_in(monkeypatch):
    monkeypatch.setattr(rules, "extract_claims", stand_in_rules)
    # it reads Token.upos directly, not through the Word questions: sentences are chosen up front
    monkeypatch.setattr(rules, "PARSE_ON_DEMAND", False)


@pytest.fixture
def articles_db(tmp_path, work_db):
    folder = tmp_path / "raw"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    ingest_directory(folder, work_db)
    return work_db


def table_counts(work_db) -> dict:
    with connect(work_db, read_only=True) as con:
        return {t: con.execute(f"select count(*) from nlp.{t}").fetchone()[0]
                for t in ("sentences", "claims", "processed")}


def seed_records(seeds_dir) -> list[dict]:
    return [{"article_id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(seeds_dir.glob("*.txt"))]


# --- the fast path against the full pipeline ---------------------------------------------------


@pytest.fixture(scope="module")
def seed_parses(seeds_dir, stanza_dir):
    """The seeds parsed both ways once: (records, fast parses, number of parsed sentences, naive parses)."""
    pipeline, _ = load_pipeline(stanza_dir)
    records = seed_records(seeds_dir)
    # every sentence with a number, all processors: what the stand-in rules below read
    fast, n_parsed = extract.parse_articles(pipeline, records, processors=extract.PARSE_PROCESSORS,
                                            select=extract.any_number)
    return records, fast, n_parsed, extract.parse_articles_naive(pipeline, records)


def test_candidate_sentences_parse_as_in_the_full_pipeline(seed_parses):
    records, fast, n_parsed, naive = seed_parses
    assert [p.article_id for p in fast] == [r["article_id"] for r in records]
    total = parsed = 0
    for f, n in zip(fast, naive):
        assert [s.text for s in f.sentences] == [s.text for s in n.sentences]
        for fs, ns in zip(f.sentences, n.sentences):
            total += 1
            assert [(t.id, t.text, t.start_char, t.end_char) for t in fs.tokens] == \
                   [(t.id, t.text, t.start_char, t.end_char) for t in ns.tokens]
            if extract.any_number([w.text for w in words_of(fs, f.text)]):
                parsed += 1
                assert fs.parsed and fs.tokens == ns.tokens      # batched across articles == parsed alone
            else:
                assert not fs.parsed and all(t.lemma is None and t.head is None for t in fs.tokens)
    assert parsed == n_parsed and 0 < parsed < total


def test_fast_and_naive_parses_give_identical_claims(seed_parses, stand_in):
    _, fast, _, naive = seed_parses
    fast_claims = [extract.run_rules(p) for p in fast]
    assert sum(map(len, fast_claims)) > 0
    assert fast_claims == [extract.run_rules(p) for p in naive]


def test_real_rules_give_identical_claims_on_both_paths(seed_parses, stanza_dir):
    """Guards the speed-up: the project's own rules must not read parses the fast path skips
    (sentences without numbers; the processors the rules do not declare in PARSE_PROCESSORS)."""
    records, _, _, naive = seed_parses
    pipeline, _ = load_pipeline(stanza_dir)
    fast, _ = extract.parse_articles(pipeline, records)
    assert [extract.run_rules(p) for p in fast] == [extract.run_rules(p) for p in naive]


def test_rules_may_declare_the_processors_they_need(seed_parses, stanza_dir, monkeypatch):
    monkeypatch.setattr(rules, "PARSE_PROCESSORS", "lemma", raising=False)
    assert extract.parse_processors() == "pos,lemma"
    pipeline, _ = load_pipeline(stanza_dir)
    records, _, _, naive = seed_parses
    fast, n_parsed = extract.parse_articles(pipeline, records[:1])
    parsed = [s for s in fast[0].sentences if s.parsed]
    assert len(parsed) == n_parsed > 0
    by_idx = {s.idx: s for s in naive[0].sentences}
    for s in parsed:
        assert [(t.lemma, t.upos) for t in s.tokens] == [(t.lemma, t.upos) for t in by_idx[s.idx].tokens]
        assert all(t.head is None for t in s.tokens)
    monkeypatch.setattr(rules, "PARSE_PROCESSORS", "pos,ner", raising=False)
    with pytest.raises(KabarError, match="ner"):
        extract.parse_processors()


def test_fast_extract_and_naive_extract_agree(stanza_dir, stand_in):
    texts = list(ARTICLES.values())[:2]
    fast = extract.fast_extract(texts, stanza_dir)
    assert fast == extract.naive_extract(texts, stanza_dir)
    assert [c.value for c in fast["doc-0"]] == [3, 12]


def test_empty_text_and_plain_strings(stanza_dir, stand_in):
    result = extract.fast_extract(["", "Dua orang tewas dan 5 terluka."], stanza_dir)
    assert result["doc-0"] == []
    assert [c.value for c in result["doc-1"]] == [5]


def test_process_articles_is_pure_and_picklable(stanza_dir, stand_in):
    records = [{"article_id": k, "text": v} for k, v in ARTICLES.items()]
    result = extract.process_articles(records, stanza_dir)
    again = pickle.loads(pickle.dumps(result))
    assert again.article_ids == list(ARTICLES)
    assert again.extractor_version == version.EXTRACTOR_VERSION
    assert {r["article_id"] for r in again.claims} == {"a1", "a2", "a4", "a5"}
    assert len({r["claim_id"] for r in again.claims}) == len(again.claims)


# --- the stage over a work DB -------------------------------------------------------------------


def test_every_sentence_and_claim_stored_with_its_evidence(articles_db, stanza_dir, stand_in):
    report = extract.extract_pending(articles_db, batch_size=2, stanza_dir=stanza_dir, progress=False)
    assert (report.articles_processed, report.batches) == (len(ARTICLES), 3)
    assert 0 < report.parsed_sentences < report.sentences
    with connect(articles_db, read_only=True) as con:
        n_sent = dict(con.execute("select article_id, count(*) from nlp.sentences group by 1").fetchall())
        processed = dict(con.execute("select article_id, n_sentences from nlp.processed").fetchall())
        assert n_sent == processed and sum(n_sent.values()) == report.sentences
        rows = con.execute("""select c.value, c.evidence, c.token_ids, s.text, s.tokens
                              from nlp.claims c join nlp.sentences s using (article_id, sentence_idx, extractor_version)
                           """).fetchall()
    assert len(rows) == report.claims > 0
    for value, evidence, token_ids, sentence, tokens in rows:
        assert evidence == sentence
        tokens = {t["id"]: t for t in json.loads(tokens)}
        assert [tokens[i]["text"] for i in json.loads(token_ids)] == [str(value)]


def test_interrupted_run_resumes_without_redoing_finished_batches(articles_db, stanza_dir, stand_in, monkeypatch):
    ids = extract.pending_article_ids(articles_db, stanza_dir=stanza_dir)
    real_store, calls = extract.store_batch, []

    def disk_fails_on_second_batch(work_db, result):
        calls.append(result.article_ids)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_store(work_db, result)

    monkeypatch.setattr(extract, "store_batch", disk_fails_on_second_batch)
    with pytest.raises(OSError, match="No space left"):
        extract.extract_pending(articles_db, batch_size=2, stanza_dir=stanza_dir, progress=False)
    with connect(articles_db, read_only=True) as con:
        first = con.execute("select article_id, processed_at from nlp.processed order by 1").fetchall()
    assert [r[0] for r in first] == ids[:2]

    monkeypatch.setattr(extract, "store_batch", real_store)
    report = extract.extract_pending(articles_db, batch_size=2, stanza_dir=stanza_dir, progress=False)
    assert report.pending == report.articles_processed == len(ids) - 2
    with connect(articles_db, read_only=True) as con:
        after = con.execute("select article_id, processed_at from nlp.processed order by 1").fetchall()
    assert [r[0] for r in after] == ids
    assert [r for r in after if r[0] in ids[:2]] == first      # the first batch was not redone


def test_an_article_whose_rules_raise_is_recorded_and_skipped_while_its_batch_goes_on(
        articles_db, stanza_dir, stand_in, monkeypatch):
    ids = extract.pending_article_ids(articles_db, stanza_dir=stanza_dir)
    bad = ids[2]

    def breaks_on_one_article(article):
        if article.article_id == bad:
            raise TypeError("'<=' not supported between instances of 'NoneType' and 'int'")
        return stand_in_rules(article)

    monkeypatch.setattr(rules, "extract_claims", breaks_on_one_article)
    report = extract.extract_pending(articles_db, batch_size=2, stanza_dir=stanza_dir, progress=False)
    assert (report.articles_processed, report.failed, report.batches) == (len(ids) - 1, 1, 3)
    assert "1 article(s) failed" in report.summary()
    with connect(articles_db, read_only=True) as con:
        failed = con.execute("select article_id, extractor_version, model_version, error_type, message "
                             "from nlp.failed_articles").fetchall()
        processed = {r[0] for r in con.execute("select article_id from nlp.processed").fetchall()}
        with_claims = {r[0] for r in con.execute("select distinct article_id from nlp.claims").fetchall()}
    assert failed == [(bad, version.EXTRACTOR_VERSION, report.model_version, "TypeError",
                       "'<=' not supported between instances of 'NoneType' and 'int'")]
    assert processed == set(ids) - {bad} and bad not in with_claims and ids[3] in processed   # its batch-mate

    monkeypatch.setattr(rules, "extract_claims", stand_in_rules)
    again = extract.extract_pending(articles_db, batch_size=2, stanza_dir=stanza_dir, progress=False)
    assert again.pending == 0                                   # not retried by the same extractor and model
    monkeypatch.setattr(version, "EXTRACTOR_VERSION", "test-next")
    assert bad in extract.pending_article_ids(articles_db, stanza_dir=stanza_dir)   # a new version tries again


def test_rerun_does_nothing_and_adds_no_rows(articles_db, stanza_dir, stand_in):
    extract.extract_pending(articles_db, batch_size=4, stanza_dir=stanza_dir, progress=False)
    before = table_counts(articles_db)
    report = extract.extract_pending(articles_db, batch_size=4, stanza_dir=stanza_dir, progress=False)
    assert (report.pending, report.articles_processed, report.batches) == (0, 0, 0)
    assert table_counts(articles_db) == before


def test_storing_a_batch_twice_is_idempotent(articles_db, stanza_dir, stand_in):
    ids = extract.pending_article_ids(articles_db, stanza_dir=stanza_dir)
    result = extract.process_articles(extract.load_articles(articles_db, ids), stanza_dir)
    extract.store_batch(articles_db, result)
    once = table_counts(articles_db)
    extract.store_batch(articles_db, result)
    assert table_counts(articles_db) == once == {"sentences": len(result.sentences), "claims": len(result.claims),
                                                 "processed": len(ids)}


def test_new_extractor_version_reprocesses_everything(articles_db, stanza_dir, stand_in, monkeypatch):
    first = extract.extract_pending(articles_db, batch_size=8, stanza_dir=stanza_dir, progress=False)
    monkeypatch.setattr(version, "EXTRACTOR_VERSION", "test-next")
    report = extract.extract_pending(articles_db, batch_size=8, stanza_dir=stanza_dir, progress=False)
    assert report.articles_processed == len(ARTICLES) and report.extractor_version == "test-next"
    with connect(articles_db, read_only=True) as con:
        per_version = dict(con.execute(
            "select extractor_version, count(*) from nlp.claims group by 1").fetchall())
    assert per_version == {first.extractor_version: first.claims, "test-next": report.claims}


def test_extract_cli_prints_the_report(articles_db, stanza_dir, stand_in, capsys):
    assert main(["extract", "--work-db", str(articles_db), "--stanza-dir", str(stanza_dir), "--batch-size", "3"]) == 0
    out = capsys.readouterr().out
    assert f"{len(ARTICLES)} articles in 2 batches" in out
