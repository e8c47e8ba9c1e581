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


def _listening(pids: list[int]) -> set[tuple[str, int]]:
    import psutil

    found = set()
    for pid in pids:
        for conn in psutil.Process(pid).net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                found.add((conn.laddr.ip, conn.laddr.port))
    return found


@pytest.mark.parametrize("host", [None, "127.0.0.2"])
def test_the_temporary_cluster_listens_on_this_machine_only(host, monkeypatch):
    """Issue 15 item 10: the dashboard listened on 0.0.0.0 (dashboard_address ':0') while the log said
    127.0.0.1. Every port of the flow's LocalCluster (scheduler, workers, dashboard) is bound to
    KABAR_DASK_HOST, default 127.0.0.1."""
    import os

    from distributed import LocalCluster

    from flows.extract import DEFAULT_DASK_HOST, local_cluster_kwargs

    if host:
        monkeypatch.setenv("KABAR_DASK_HOST", host)
    with LocalCluster(**local_cluster_kwargs(1, {})) as cluster:
        workers = [w.process.process.pid for w in cluster.workers.values()]
        listening = _listening([os.getpid(), *workers])
        ours = {port for _, port in listening} & {cluster.scheduler.port, cluster.scheduler.http_server.port}
        assert len(ours) == 2  # the scheduler and its dashboard, both found
        cluster_ports = {(ip, port) for ip, port in listening if port in ours} | \
            {(ip, port) for ip, port in _listening(workers)}
        assert {ip for ip, _ in cluster_ports} == {host or DEFAULT_DASK_HOST}
        assert cluster.dashboard_link.startswith(f"http://{host or DEFAULT_DASK_HOST}:")
