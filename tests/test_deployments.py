"""End to end on a real Prefect server: prefect.yaml deployed, a process worker runs the ad-hoc deployment.

Everything this test starts (server, worker) runs in its own process group with a temporary
PREFECT_HOME and is killed at teardown, also when the test fails. The server's scheduler is off,
so the hourly deployment creates no runs against the repository's own data/ during the test.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
PREFECT = [sys.executable, "-m", "prefect"]
POOL = "kabar-process"
FINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
SERVER_START_TIMEOUT = 240  # generous: the CI machine is small and busy
RUN_TIMEOUT = 1200


class Processes:
    """Background processes, each in its own process group, killed (group and all) on stop()."""

    def __init__(self, log_dir: Path, env: dict):
        self.log_dir, self.env, self.started = log_dir, env, []

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "wb")
        proc = subprocess.Popen(args, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        self.started.append((name, proc, log))
        return proc

    def log(self, name: str, tail: int = 4000) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace")[-tail:] if path.exists() else ""

    def stop(self) -> None:
        for name, proc, log in reversed(self.started):
            for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
                if proc.poll() is not None:
                    break
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(wait)
                except subprocess.TimeoutExpired:
                    continue
            try:  # children that outlived their leader (the worker's flow-run subprocess)
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            log.close()
        self.started.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def prefect_server(tmp_path):
    """A real `prefect server start` on 127.0.0.1 with its own PREFECT_HOME and SQLite database."""
    home, port = tmp_path / "prefect-home", _free_port()
    home.mkdir()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_API_URL=api, PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{home / 'prefect.db'}",
               PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port),
               PREFECT_LOGGING_LEVEL="INFO")
    procs = Processes(tmp_path, env)
    try:
        server = procs.start("server", PREFECT + ["server", "start", "--host", "127.0.0.1", "--port", str(port),
                                                   "--no-ui", "--no-scheduler"])
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            assert server.poll() is None, f"prefect server exited:\n{procs.log('server')}"
            try:
                if httpx.get(f"{api}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"no /api/health after {SERVER_START_TIMEOUT} s:\n{procs.log('server')}"
            time.sleep(1)
        yield api, env, procs
    finally:
        procs.stop()


def _prefect(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(PREFECT + list(args), cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _deployment(api: str, name: str) -> dict:
    response = httpx.get(f"{api}/deployments/name/kabar-pipeline/{name}", timeout=30)
    response.raise_for_status()
    return response.json()


def _wait_for_final_state(api: str, flow_run_id: str, procs: Processes) -> dict:
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        run = httpx.get(f"{api}/flow_runs/{flow_run_id}", timeout=30).json()
        if (run.get("state") or {}).get("type") in FINAL_STATES:
            return run
        assert time.monotonic() < deadline, f"flow run not finished after {RUN_TIMEOUT} s:\n{procs.log('worker')}"
        time.sleep(3)


@pytest.mark.slow
def test_adhoc_deployment_runs_on_a_process_worker_and_publishes(prefect_server, seeds_dir, stanza_dir, tmp_path):
    api, env, procs = prefect_server
    _prefect(env, "work-pool", "create", "--type", "process", POOL)
    _prefect(env, "--no-prompt", "deploy", "--all")

    hourly, adhoc = _deployment(api, "hourly-inbox"), _deployment(api, "adhoc")
    cron = hourly["schedules"][0]["schedule"]
    assert (cron["cron"], cron["timezone"]) == ("0 * * * *", "Asia/Jakarta")
    assert hourly["parameters"]["input_dir"] == "data/inbox"
    assert adhoc["work_pool_name"] == hourly["work_pool_name"] == POOL
    assert adhoc["enforce_parameter_schema"] and not adhoc["schedules"]
    assert adhoc["parameter_openapi_schema"]["properties"]["batch_size"]["anyOf"][0]["maximum"] == 512
    assert adhoc["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}]

    # the server refuses parameters outside their types before any worker sees them
    rejected = _prefect(env, "deployment", "run", "kabar-pipeline/adhoc", "-p", "batch_size=0", check=False)
    assert rejected.returncode != 0 and "batch_size" in rejected.stdout + rejected.stderr

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:2]:  # a couple of articles keep the run short
        (inbox / seed.name).write_bytes(seed.read_bytes())
    work_db, warehouse = tmp_path / "work.duckdb", tmp_path / "warehouse.duckdb"

    procs.start("worker", PREFECT + ["worker", "start", "--pool", POOL, "--type", "process"])
    triggered = _prefect(env, "deployment", "run", "kabar-pipeline/adhoc",
                         "-p", f"input_dir={inbox}", "-p", f"work_db={work_db}", "-p", f"warehouse={warehouse}",
                         "-p", f"stanza_dir={stanza_dir}", "-p", "batch_size=4")
    flow_run_id = next(line.split()[-1] for line in triggered.stdout.splitlines() if "UUID" in line)

    run = _wait_for_final_state(api, flow_run_id, procs)
    assert run["state"]["type"] == "COMPLETED", f"{run['state']}\n{procs.log('worker')}"
    assert run["parameters"]["batch_size"] == 4

    with duckdb.connect(str(warehouse), read_only=True) as con:
        claims = con.execute("select count(*) from marts.fct_claims").fetchone()[0]
        articles = con.execute("select count(distinct article_id) from marts.fct_claims").fetchone()[0]
    assert claims > 0 and articles <= 2

    found = httpx.post(f"{api}/artifacts/filter", timeout=30, json={"artifacts": {
        "key": {"any_": ["kabar-run-summary"]}, "flow_run_id": {"any_": [flow_run_id]}}}).json()
    assert len(found) == 1 and "# kabar run: published" in found[0]["data"]
    rows = httpx.post(f"{api}/artifacts/filter", timeout=30, json={"artifacts": {
        "key": {"any_": ["kabar-run-stages"]}, "flow_run_id": {"any_": [flow_run_id]}}}).json()[0]["data"]
    rows = json.loads(rows) if isinstance(rows, str) else rows
    assert [r["status"] for r in rows] == ["ok"] * 5
