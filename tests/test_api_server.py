"""`kabar run`'s early Prefect API server (flows/api_server.py), in fresh processes with their own PREFECT_HOME.

The check runs in a child Python (Prefect must not be imported yet, as in `kabar run`): a real
flow runs against the early server and is read back from it through Prefect's client.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys
from flows.api_server import EarlyServer

server = EarlyServer.start_if_needed()
launched = server.process is not None
from prefect import flow, task
from prefect.settings import get_current_settings

@task
def double(x):
    return 2 * x

@flow(name="early-server-check")
def check(n):
    return sum(double.map(range(n)).result())

with server.serving() as url:
    state = check(4, return_state=True)
    from prefect.client.orchestration import get_client
    with get_client(sync_client=True) as client:
        stored = client.read_flow_run(state.state_details.flow_run_id)
    settings = get_current_settings()
    out = {"url": url, "launched": launched, "result": state.result(), "stored_state": stored.state.type.value,
           "api_url": settings.api.url, "heartbeat": settings.flows.heartbeat_frequency}
out["api_url_after"] = get_current_settings().api.url
print(json.dumps(out))
"""


def _child_env(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180", PREFECT_LOGGING_LEVEL="WARNING",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])), **extra)
    return env


def _run_child(env: dict, code: str = CHILD) -> dict:
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_flow_runs_on_the_early_server_which_stops_with_the_run(tmp_path):
    out = _run_child(_child_env(tmp_path))
    assert out["launched"] and out["url"].startswith("http://127.0.0.1:")
    assert out["result"] == 12 and out["stored_state"] == "COMPLETED"  # a real flow run, stored by the server
    assert out["api_url"] == out["url"] and out["api_url_after"] is None
    assert out["heartbeat"] is None  # nobody watches heartbeats of a server that stops with the run
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{out['url']}/health", timeout=5)
    assert (tmp_path / "prefect-home" / "prefect.db").is_file()  # Prefect's ephemeral database, as before


def test_a_configured_api_url_is_left_alone(tmp_path, monkeypatch):
    from flows.api_server import EarlyServer

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    server = EarlyServer.start_if_needed()
    assert server.process is None
    with server.serving() as url:
        assert url is None


FALLBACK_CHILD = r"""
import json
from flows.api_server import EarlyServer

server = EarlyServer.start_if_needed()
server.process.kill()  # the early server dies before it answers
from prefect import flow

@flow(name="fallback-check")
def check():
    return 3

with server.serving() as url:
    state = check(return_state=True)
print(json.dumps({"url": url, "result": state.result(), "completed": state.is_completed()}))
"""


@pytest.mark.slow
def test_a_failed_early_server_falls_back_to_prefects_ephemeral_mode(tmp_path):
    out = _run_child(_child_env(tmp_path), FALLBACK_CHILD)
    assert out == {"url": None, "result": 3, "completed": True}
