"""SIGTERM and SIGINT during every stage of `kabar run` (issue 15 item 7), in real processes.

The trial sent SIGTERM during build: Prefect's handler raised inside dbt, dbt's runner swallowed it,
the temporary API server died with the process group, and the run exited 1 some 5 minutes later
without naming the signal. Here one `kabar run` per stage is stopped while that stage works (the
signal sent to the process, or to its whole process group as Ctrl-C and schedulers do), each run
going on from the one before; then a last run finishes. Every stopped run must exit 143 (SIGTERM) or
130 (SIGINT) within seconds, name the stage, record its flow run's state on the temporary server,
and leave the warehouse unpublished or whole.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from kabar import signals

KABAR = str(Path(sys.executable).with_name("kabar"))
PIPELINE_RUN = re.compile(r"Pipeline run ([0-9a-f-]{36}):")


@dataclass
class Stop:
    stage: str
    after: str              # the output line that shows the stage is at work
    delay: float            # seconds after that line
    signum: int
    group: bool             # to the process group (Ctrl-C, a scheduler) rather than the process


STOPS = [
    Stop("ingest", "kabar.articles.ingest: ingest", 0.0, signal.SIGTERM, False),
    Stop("extract", "loading Stanza", 0.5, signal.SIGINT, True),
    Stop("build", "kabar.transform: dbt build (work db", 1.0, signal.SIGTERM, True),  # inside dbt
    Stop("validate", "Stage validate starting", 2.0, signal.SIGINT, False),
    Stop("publish", "Stage publish starting", 0.2, signal.SIGTERM, False),
]


@dataclass
class Outcome:
    code: int
    output: str
    seconds_to_exit: float | None
    flow_run_id: str | None


def _kabar_run(root: Path, stop: Stop | None) -> Outcome:
    env = {**os.environ, "PREFECT_HOME": str(root / "prefect"), "KABAR_SETTLE_SECONDS": "0"}
    env.pop("PREFECT_API_URL", None)
    process = subprocess.Popen(
        [KABAR, "run", "--input", str(root / "in"), "--work-db", str(root / "work.duckdb"),
         "--warehouse", str(root / "out" / "warehouse.duckdb"), "--always-run"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True)
    lines, sent = [], []
    timer = threading.Timer(600, process.kill)  # a hung run fails the test instead of hanging it
    timer.start()
    try:
        for line in process.stdout:
            lines.append(line)
            if stop is not None and not sent and stop.after in line:
                time.sleep(stop.delay)
                (os.killpg if stop.group else os.kill)(process.pid, stop.signum)
                sent.append(time.monotonic())
        process.wait()
    finally:
        timer.cancel()
    output = "".join(lines)
    run_id = next((m.group(1) for m in map(PIPELINE_RUN.search, lines) if m), None)
    return Outcome(process.returncode, output, time.monotonic() - sent[0] if sent else None, run_id)


def _flow_run_states(root: Path) -> dict[str, str]:
    """Flow run id -> state name, as the Prefect server kept them in PREFECT_HOME (a fresh server on
    the same database, in a process of its own)."""
    script = """
import json, sys
from flows.api_server import EarlyServer
server = EarlyServer.start_if_needed()
with server.serving():
    from prefect.client.orchestration import get_client
    with get_client(sync_client=True) as client:
        print("STATES " + json.dumps({str(r.id): r.state.name for r in client.read_flow_runs() if r.state}))
"""
    env = {**os.environ, "PREFECT_HOME": str(root / "prefect")}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=180,
                          cwd=Path(__file__).resolve().parents[1])
    line = next(l for l in done.stdout.splitlines() if l.startswith("STATES "))
    return json.loads(line[len("STATES "):])


@pytest.fixture(scope="module")
def stopped_runs(tmp_path_factory, seeds_dir, stanza_dir):
    """One `kabar run` stopped in each stage, each going on from the last, then one left to finish."""
    root = tmp_path_factory.mktemp("signals")
    (root / "in").mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:2]:
        (root / "in" / seed.name).write_bytes(seed.read_bytes())
    os.environ.setdefault("KABAR_STANZA_DIR", str(stanza_dir))
    outcomes = {stop.stage: _kabar_run(root, stop) for stop in STOPS}
    finished = _kabar_run(root, None)
    return root, outcomes, finished


@pytest.mark.parametrize("stop", STOPS, ids=[s.stage for s in STOPS])
def test_a_signal_stops_the_run_in_seconds_naming_the_stage(stopped_runs, stop):
    root, outcomes, _ = stopped_runs
    outcome = outcomes[stop.stage]
    name = signal.Signals(stop.signum).name
    assert outcome.code == 128 + stop.signum, outcome.output[-3000:]
    # the command's last word, no traceback after it (dbt may log the one of the work it was stopped in)
    last = outcome.output.strip().splitlines()[-1]
    assert last.startswith(f"kabar run: interrupted by {name} during the {stop.stage} stage"), outcome.output[-3000:]
    assert f"Stage {stop.stage} interrupted by {name}" in outcome.output  # and so says the run summary
    print(f"{stop.stage}: exit {outcome.code} {outcome.seconds_to_exit:.1f} s after {name}")
    assert outcome.seconds_to_exit < 60  # promptly: seconds here, not the trial's 5 minutes


def test_each_stopped_run_recorded_its_state_on_the_server(stopped_runs):
    """The temporary API server outlived the stop (also when the whole process group got the signal)."""
    root, outcomes, finished = stopped_runs
    states = _flow_run_states(root)
    for stage, outcome in outcomes.items():
        assert outcome.flow_run_id, stage
        assert states[outcome.flow_run_id] == "Crashed", (stage, states)
    assert states[finished.flow_run_id] == "Completed"


def test_nothing_is_half_done_and_the_next_run_finishes(stopped_runs):
    root, outcomes, finished = stopped_runs
    assert finished.code == 0, finished.output[-3000:]
    warehouse = root / "out" / "warehouse.duckdb"
    with duckdb.connect(str(root / "work.duckdb"), read_only=True) as con:
        articles, processed, claims = con.execute(
            "select (select count(*) from raw.articles), (select count(*) from nlp.processed), "
            "(select count(*) from nlp.claims)").fetchone()
    assert articles == processed == 2 and claims > 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_claims").fetchone()[0] == claims
    expected = (warehouse.name, f"{warehouse.name}.publish.lock", "report")  # report: the finished run's page
    leftovers = sorted(p.name for p in warehouse.parent.iterdir() if p.name not in expected)
    leftovers += sorted(p.name for p in (warehouse.parent / "report").iterdir() if ".tmp-" in p.name)
    assert leftovers == [], leftovers  # no file of a stopped publish or page build stays behind
    assert (warehouse.parent / "report" / "index.html").is_file()


def test_a_signal_in_a_critical_section_waits_for_its_end():
    """The publish's rename and audit row are never split: a signal in between is held until both are done."""
    previous = signal.getsignal(signal.SIGTERM)
    signals.install()
    steps = []
    try:
        with pytest.raises(signals.Interrupted) as raised:
            with signals.deferred():
                os.kill(os.getpid(), signal.SIGTERM)
                steps.append("rename")
                time.sleep(0.05)
                steps.append("audit")
        assert steps == ["rename", "audit"] and raised.value.exit_code == 143
        assert signals.interruption(raised.value) is raised.value  # acted on: not raised again
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, signal.default_int_handler)
