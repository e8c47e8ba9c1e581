"""A batch whose storing fails because of one article's rows: the others are stored, that one is
recorded in nlp.failed_articles (real DuckDB files, no model)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kabar.nlp.batches import BatchResult, pending_article_ids, store_batch
from kabar.warehouse.db import connect

NOW = datetime.now(timezone.utc)


def _article(article_id: str, sentence_idx) -> tuple[dict, dict, dict]:
    processed = {"article_id": article_id, "extractor_version": "v1", "model_version": "m1", "processed_at": NOW,
                 "n_sentences": 1, "n_claims": 1}
    sentence = {"article_id": article_id, "sentence_idx": 0, "paragraph_idx": 0, "start_char": 0, "end_char": 9,
                "text": "Dua tewas", "tokens": "[]", "extractor_version": "v1"}
    claim = {"claim_id": f"c-{article_id}", "article_id": article_id, "sentence_idx": sentence_idx,
             "measure": "killed", "value": 2, "qualifier": "exact", "date_basis": "unknown", "evidence": "Dua tewas",
             "token_ids": "[1]", "extractor_version": "v1", "value_text": "Dua"}
    return processed, sentence, claim


def test_the_article_whose_rows_cannot_be_stored_is_recorded_and_the_others_kept(tmp_path):
    work_db = tmp_path / "work.duckdb"
    rows = [_article("good-1", 0), _article("bad", "not an index"), _article("good-2", 0)]
    result = BatchResult("v1", "m1", articles=[r[0] for r in rows], sentences=[r[1] for r in rows],
                         claims=[r[2] for r in rows])
    counts = store_batch(work_db, result)
    assert (counts["articles"], counts["claims"], counts["failed"]) == (2, 2, 1)
    with connect(work_db, read_only=True) as con:
        processed = [r[0] for r in con.execute("select article_id from nlp.processed order by 1").fetchall()]
        claims = [r[0] for r in con.execute("select article_id from nlp.claims order by 1").fetchall()]
        failed = con.execute("select article_id, extractor_version, model_version, error_type from nlp.failed_articles"
                             ).fetchall()
    assert processed == claims == ["good-1", "good-2"]
    assert failed[0][:3] == ("bad", "v1", "m1") and failed[0][3]


def test_a_failure_of_the_database_itself_is_raised_not_recorded(tmp_path, monkeypatch):
    from kabar.nlp import batches

    def disk_full(work_db, result):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batches, "_store", disk_full)
    rows = [_article("a", 0)]
    with pytest.raises(OSError, match="No space left"):
        store_batch(tmp_path / "work.duckdb", BatchResult("v1", "m1", articles=[rows[0][0]]))


def test_a_failed_article_is_pending_again_only_for_another_version(tmp_path):
    from kabar.nlp.batches import failure_row

    work_db = tmp_path / "work.duckdb"
    with connect(work_db) as con:
        from kabar.warehouse.db import ensure_schema
        ensure_schema(con)
        con.execute("insert into raw.articles (article_id, article_ref, source_path, format, text, original_text, "
                    "ingested_at, run_id) values ('x', 'x', 'x.txt', 'txt', 'Dua tewas', 'Dua tewas', now(), 'r')")
    store_batch(work_db, BatchResult("v1", "m1", failed=[failure_row("x", "v1", "m1", ValueError("boom"))]))
    assert pending_article_ids(work_db, "v1", "m1") == []
    assert pending_article_ids(work_db, "v2", "m1") == ["x"] == pending_article_ids(work_db, "v1", "m2")
