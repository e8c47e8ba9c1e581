"""One writing run per work database: the lock held by every command and flow, with real processes.

The holder is always another process (a lock is re-entrant within its own process by design)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from kabar.cli import main
from kabar.warehouse.lock import WorkDbLocked, info_path, read_holder, work_db_lock
from test_ingest import TITLE, article_text, write

pytest_plugins = ["prefect_support"]

BIN = Path(sys.executable).parent
HOLD = """
import sys
from kabar.warehouse.lock import work_db_lock
with work_db_lock(sys.argv[1], run_id="holder-run-1", command="a test's holder", timeout=5):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes stdin
"""


class Holder:
    """A child process holding the work database's lock until released (or killed)."""

    def __init__(self, work_db: Path):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD, str(work_db)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "held"

    def release(self) -> None:
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if not self.proc.stdin.closed:  # not released: the test failed on the way
            self.proc.kill()
        self.proc.wait(timeout=30)


def test_a_second_run_waits_its_timeout_then_fails_naming_the_holder(work_db):
    with Holder(work_db) as holder:
        started = time.monotonic()
        with pytest.raises(WorkDbLocked) as locked:
            with work_db_lock(work_db, run_id="second", command="test", timeout=1.0):
                pass
        assert time.monotonic() - started >= 1.0
        message = str(locked.value)
        assert "holder-run-1" in message and f"pid {holder.proc.pid}" in message
        assert socket.gethostname() in message and "a test's holder" in message
        holder.release()
    with work_db_lock(work_db, run_id="third", command="test", timeout=0) as me:
        assert read_holder(work_db) == me
    assert not info_path(work_db).exists()


def test_a_waiting_run_goes_on_as_soon_as_the_holder_is_done(work_db):
    with Holder(work_db) as holder:
        threading.Timer(1.0, holder.release).start()
        started = time.monotonic()
        with work_db_lock(work_db, run_id="patient", command="test", timeout=60):
            waited = time.monotonic() - started
    assert 0.9 <= waited < 30


def test_a_killed_holder_leaves_no_stale_lock(work_db):
    with Holder(work_db) as holder:
        holder.proc.send_signal(signal.SIGKILL)
        holder.proc.wait(timeout=30)
    assert read_holder(work_db).run_id == "holder-run-1"  # its record is left behind, its lock is not
    with work_db_lock(work_db, run_id="after-crash", command="test", timeout=0):
        assert read_holder(work_db).run_id == "after-crash"


def test_the_lock_is_reentrant_within_a_process_across_threads(work_db):
    """`kabar run` holds it while the pipeline flow and its tasks (Prefect worker threads) take it again."""
    seen = []
    with work_db_lock(work_db, run_id="outer", command="kabar run", timeout=0):
        def inner():
            with work_db_lock(work_db, run_id="flow", command="kabar-pipeline flow run", timeout=0):
                seen.append(read_holder(work_db).run_id)
        thread = threading.Thread(target=inner)
        thread.start()
        thread.join(timeout=30)
        assert seen == ["outer"] and read_holder(work_db).run_id == "outer"
    assert not info_path(work_db).exists()


COMMANDS = {
    "ingest": ["ingest", "{input}"],
    "extract": ["extract"],
    "export-claims": ["export-claims", "--out", "{tmp}/claims.jsonl"],
    "build": ["build"],
    "docs": ["docs"],
    "validate": ["validate"],
    "publish": ["publish", "--warehouse", "{tmp}/warehouse.duckdb"],
    "run": ["run", "--input", "{input}", "--warehouse", "{tmp}/warehouse.duckdb"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_on_the_work_db_waits_for_a_running_run(tmp_path, command, capsys):
    work_db = tmp_path / "work.duckdb"
    write(tmp_path / "in" / "a.txt", f"{TITLE}\n\n{article_text(40)}")
    args = [a.format(input=tmp_path / "in", tmp=tmp_path) for a in COMMANDS[command]]
    with Holder(work_db) as holder:
        assert main([*args, "--work-db", str(work_db), "--lock-timeout", "0.5"]) == 1
        err = capsys.readouterr().err
        assert "in use by run holder-run-1" in err and f"pid {holder.proc.pid}" in err
        holder.release()
    assert not work_db.exists()  # it never opened the work database


def test_the_lock_timeout_comes_from_the_environment_and_flags_win(tmp_path, capsys, monkeypatch):
    work_db = tmp_path / "work.duckdb"
    write(tmp_path / "in" / "a.txt", f"{TITLE}\n\n{article_text(41)}")
    monkeypatch.setenv("KABAR_LOCK_TIMEOUT", "0.2")
    with Holder(work_db) as holder:
        assert main(["ingest", str(tmp_path / "in"), "--work-db", str(work_db)]) == 1
        assert "waited 0.2 s" in capsys.readouterr().err
        threading.Timer(1.0, holder.release).start()
        assert main(["ingest", str(tmp_path / "in"), "--work-db", str(work_db), "--lock-timeout", "60"]) == 0
    assert "new articles 1" in capsys.readouterr().out
    monkeypatch.setenv("KABAR_LOCK_TIMEOUT", "soon")
    assert main(["ingest", str(tmp_path / "in"), "--work-db", str(work_db)]) == 1
    assert "KABAR_LOCK_TIMEOUT must be a number of seconds" in capsys.readouterr().err


def test_the_pipeline_flow_a_deployment_runs_holds_the_lock(prefect_harness, tmp_path, monkeypatch):
    """The deployments run the pipeline flow in a worker process, not through `kabar`: it takes the lock itself."""
    from flows.common import PipelineFailed
    from flows.pipeline import pipeline

    work_db = tmp_path / "work.duckdb"
    write(tmp_path / "in" / "a.txt", f"{TITLE}\n\n{article_text(42)}")
    monkeypatch.setenv("KABAR_LOCK_TIMEOUT", "0.5")
    with Holder(work_db) as holder:
        state = pipeline(input_dir=tmp_path / "in", work_db=work_db, warehouse=tmp_path / "warehouse.duckdb",
                         return_state=True)
        holder.release()
    assert state.is_failed()
    with pytest.raises(PipelineFailed) as failure:
        state.result()
    assert "stage ingest failed" in str(failure.value) and "in use by run holder-run-1" in str(failure.value)
    assert not work_db.exists()


def _kabar_run(tmp_path: Path, seeds_dir: Path, stanza_dir: Path, name: str, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {
        "PREFECT_HOME": str(tmp_path / f"prefect-{name}"), "KABAR_PARSE_CACHE": str(tmp_path / "parse-cache")}
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen([str(BIN / "kabar"), "run", "--input", str(seeds_dir), "--work-db",
                             str(tmp_path / "work.duckdb"), "--warehouse", str(tmp_path / "warehouse.duckdb"),
                             "--stanza-dir", str(stanza_dir), *extra], env=env, stdout=log, stderr=subprocess.STDOUT)


@pytest.mark.slow
def test_two_overlapping_kabar_runs_never_do_anything_twice(tmp_path, seeds_dir, stanza_dir):
    """Run A holds the work database; B1 gives up after 1 s naming A; B2 waits for A, then finds nothing new."""
    first = _kabar_run(tmp_path, seeds_dir, stanza_dir, "a")
    try:
        deadline = time.monotonic() + 120
        while getattr(read_holder(tmp_path / "work.duckdb"), "pid", None) != first.pid:
            assert first.poll() is None and time.monotonic() < deadline, (tmp_path / "a.log").read_text()
            time.sleep(0.1)
        impatient = _kabar_run(tmp_path, seeds_dir, stanza_dir, "b1", "--lock-timeout", "1")
        assert impatient.wait(timeout=120) == 1
        patient = _kabar_run(tmp_path, seeds_dir, stanza_dir, "b2", "--lock-timeout", "600")
        time.sleep(1.0)
        assert first.poll() is None, "run A ended before run B2 started waiting: the runs did not overlap"
        assert first.wait(timeout=900) == 0, (tmp_path / "a.log").read_text()
        assert patient.wait(timeout=300) == 0, (tmp_path / "b2.log").read_text()
    finally:
        for proc in (first, locals().get("impatient"), locals().get("patient")):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
    logs = {name: (tmp_path / f"{name}.log").read_text() for name in ("a", "b1", "b2")}
    assert "published" in logs["a"]
    assert f"pid {first.pid}" in logs["b1"] and "waited 1 s" in logs["b1"]
    assert "waiting up to 600 s" in logs["b2"] and "up to date" in logs["b2"]
    assert not any("Could not set lock" in text or "Conflicting lock" in text for text in logs.values())
    with duckdb.connect(str(tmp_path / "work.duckdb"), read_only=True) as con:
        one = lambda sql: con.execute(sql).fetchone()  # noqa: E731
        assert one("select count(*) from raw.runs where stage = 'ingest'") == (1,)  # only A ingested
        articles = one("select count(*) from raw.articles")[0]
        assert articles == len(list(seeds_dir.glob("*.txt")))
        assert one("select count(*), count(distinct article_id) from nlp.processed") == (articles, articles)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from meta.publish_log").fetchone() == (1,)
