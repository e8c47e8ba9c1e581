"""Distributed extraction: two local Dask worker processes give exactly the claims of the serial run."""

from __future__ import annotations

import duckdb
import pytest

from kabar.articles.ingest import ingest_directory

pytest_plugins = ["prefect_support"]

CLAIM_KEY = ("article_id", "sentence_idx", "measure", "value", "qualifier", "weapon", "attacker",
             "place_text", "place_id", "event_date", "date_basis")


def _claims(work_db) -> list[tuple]:
    with duckdb.connect(str(work_db), read_only=True) as con:
        return sorted(con.execute(f"select {', '.join(CLAIM_KEY)} from nlp.claims").fetchall(), key=repr)


def _count(work_db, table: str) -> int:
    with duckdb.connect(str(work_db), read_only=True) as con:
        return con.execute(f"select count(*) from {table}").fetchone()[0]


@pytest.mark.slow
def test_two_dask_workers_extract_the_claims_of_the_serial_run(prefect_harness, seeds_dir, stanza_dir,
                                                               tmp_path, monkeypatch):
    from flows.extract import extract_flow

    serial_db, dask_db = tmp_path / "serial.duckdb", tmp_path / "dask.duckdb"
    for db in (serial_db, dask_db):
        ingest_directory(seeds_dir, db)

    serial = extract_flow(work_db=serial_db, batch_size=2, stanza_dir=stanza_dir)
    monkeypatch.setenv("KABAR_DASK_WORKERS", "2")
    distributed = extract_flow(work_db=dask_db, batch_size=2, stanza_dir=stanza_dir, dask=True)

    n_seeds = len(list(seeds_dir.glob("*.txt")))
    assert distributed["articles_processed"] == serial["articles_processed"] == n_seeds
    assert distributed["batches"] == -(-n_seeds // 2)  # 3 batches shared by 2 workers
    assert distributed["claims"] == serial["claims"] > 0
    claims = _claims(dask_db)
    assert claims == _claims(serial_db)
    assert len(claims) == serial["claims"]
    for table in ("nlp.sentences", "nlp.processed"):
        assert _count(dask_db, table) == _count(serial_db, table) > 0

    # the flow stored every batch: a second distributed run finds nothing left to do
    again = extract_flow(work_db=dask_db, batch_size=2, stanza_dir=stanza_dir, dask=True)
    assert again["articles_processed"] == 0 and again["batches"] == 0
    assert _claims(dask_db) == claims


def test_results_from_workers_running_other_code_are_refused(work_db):
    """A worker with another extractor or model version would store rows no run counts as done."""
    from flows.extract import store_batch_task
    from kabar.errors import KabarError
    from kabar.nlp.batches import BatchResult

    stale = BatchResult(extractor_version="claims-0", model_version="m-old",
                        articles=[{"article_id": "a1", "extractor_version": "claims-0", "model_version": "m-old"}])
    with pytest.raises(KabarError, match="same kabar version"):
        store_batch_task.fn(str(work_db), stale, ("claims-9", "m-new"))
    assert not work_db.exists()  # refused before opening the database
