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


# --- a cluster an operator runs: `dask scheduler` and `dask worker` processes (issue 15 item 14) -------------


@pytest.fixture(scope="module")
def operators_cluster(tmp_path_factory, stanza_dir):
    """`dask scheduler` and two `dask worker` processes on loopback, as the README tells an operator to
    start them (one thread each, the model at the same path); stopped afterwards."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from distributed import Client

    folder = tmp_path_factory.mktemp("cluster")
    dask = str(Path(sys.executable).with_name("dask"))
    env = {**os.environ, "KABAR_STANZA_DIR": str(stanza_dir), "KABAR_TORCH_THREADS": "1"}
    scheduler_file = folder / "scheduler.json"
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(scheduler_file)]]
    commands += [[dask, "worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1", "--nthreads", "1",
                  "--no-dashboard", "--name", f"worker-{n}"] for n in (1, 2)]
    processes = []
    try:
        for command in commands:
            processes.append(subprocess.Popen(command, env=env, cwd=folder, start_new_session=True,
                                              stdout=open(folder / f"{command[1]}-{len(processes)}.log", "w"),
                                              stderr=subprocess.STDOUT))
            deadline = time.monotonic() + 60
            while not scheduler_file.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_kabar_run_on_an_operators_cluster_gives_the_claims_of_the_serial_run(operators_cluster, seeds_dir,
                                                                                stanza_dir, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from distributed import Client

    from kabar.nlp.extract import extract_pending

    serial_db = tmp_path / "serial.duckdb"
    ingest_directory(seeds_dir, serial_db)
    extract_pending(serial_db, batch_size=2, stanza_dir=stanza_dir, progress=False)

    env = {**os.environ, "KABAR_STANZA_DIR": str(stanza_dir), "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    work_db = tmp_path / "work.duckdb"
    done = subprocess.run([str(Path(sys.executable).with_name("kabar")), "run", "--input", str(seeds_dir),
                           "--work-db", str(work_db), "--warehouse", str(tmp_path / "warehouse.duckdb"),
                           "--batch-size", "2", "--dask-address", operators_cluster],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    assert f"extraction on Dask {operators_cluster}" in done.stderr + done.stdout
    claims = _claims(work_db)
    assert claims == _claims(serial_db) and len(claims) > 0
    with Client(operators_cluster, timeout=60) as client:
        # on each worker: the Stanza pipelines its process built (kabar.nlp.model caches one per model); a
        # lambda, since a worker cannot import this test module
        loaded = client.run(lambda: len(__import__("kabar.nlp.model", fromlist=["_pipelines"])._pipelines))
    assert sorted(loaded.values()) == [1, 1]  # both workers extracted, each loading the model once
