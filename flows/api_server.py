"""The Prefect API for `kabar run` when no PREFECT_API_URL is configured: a temporary server, started early.

Prefect's ephemeral mode starts its temporary API server at the first API call: it imports
`prefect.server.api.server` in the calling process (~2 s here) only to launch
`python -m uvicorn --factory prefect.server.api.server:create_app` as a subprocess, and then waits
for that subprocess to import the same server stack again and answer /api/health (~4 s). `kabar
run` launches that same subprocess (same app factory, same environment markers as
`SubprocessASGIServer._run_uvicorn_command`, same PREFECT_HOME database) as its very first step,
before importing Prefect and the flows, so the server's start-up overlaps the command's own imports
on another core, and the command itself never imports the server stack. The pipeline then runs
as a Prefect flow run against it (through the API URL setting), exactly as in ephemeral mode; the
server is stopped when the command ends.

Also, in this mode only (nothing but this process ever talks to the server):
  - flow-run heartbeats are off unless PREFECT_FLOWS_HEARTBEAT_FREQUENCY is set: they exist so a
    long-running server can mark crashed runs, and each flow run's exit waits up to 1 s for the
    heartbeat thread (one pipeline run has up to six flow runs);
  - block types are not registered at server start unless PREFECT_SERVER_REGISTER_BLOCKS_ON_START /
    PREFECT_API_BLOCKS_REGISTER_ON_START is set (kabar uses no blocks; Prefect memoizes the
    registration, so this only saves time on a fresh PREFECT_HOME).

When PREFECT_API_URL is set (environment or Prefect profile), nothing here happens: the run goes
to that server. When the early server does not come up, the run falls back to Prefect's own
ephemeral mode (with a warning). No Prefect import at module level: importing this is free.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

# what Prefect's SubprocessASGIServer puts in its server's environment (Prefect 3.8)
SERVER_MARKERS = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
BLOCK_REGISTRATION_VARS = ("PREFECT_SERVER_REGISTER_BLOCKS_ON_START", "PREFECT_API_BLOCKS_REGISTER_ON_START")
# Prefect settings for a run on the early server, unless the user set them
EPHEMERAL_DEFAULTS = {
    "flows.heartbeat_frequency": None,  # no heartbeats (see above)
    "ui_url": "",                       # no "View at <url>" lines: the server serves no UI and stops with the run
}
PORT_IN_USE_EXIT = 3  # uvicorn's exit status when it cannot bind
STOP_WAIT_SECONDS = 5
# How long a live but slow server may take to answer: on a loaded machine it has taken over 20 s
# (Prefect's ephemeral default), and the fallback, ephemeral mode, cannot serve an operator's Dask workers.
MIN_STARTUP_SECONDS = 90


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prefect_parent() -> str:
    """The folder holding the `prefect` package (uvicorn's --app-dir, as Prefect passes it), found
    without importing Prefect."""
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("prefect is not installed")
    return str(Path(list(spec.submodule_search_locations)[0]).parent)


def _die_with_parent() -> None:
    """In the server subprocess (Linux): SIGTERM when `kabar run` dies, even by a signal that skips its
    `finally` blocks, so no server outlives the run. Best effort elsewhere."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class EarlyServer:
    """A temporary Prefect API server subprocess; `start()` it first, `serving()` it around the run."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.started_at = 0.0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @classmethod
    def start_if_needed(cls) -> "EarlyServer":
        """Launch the server now unless an API URL is set in the environment or Prefect is already
        loaded (then its settings decide, e.g. a test harness); cheap, does not import Prefect."""
        server = cls()
        if not os.environ.get("PREFECT_API_URL") and "prefect" not in sys.modules:
            server._launch()
        return server

    def _launch(self) -> None:
        self.port = _free_port()
        env = {**os.environ, **SERVER_MARKERS}
        env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        if not any(v in os.environ for v in BLOCK_REGISTRATION_VARS):
            env["PREFECT_SERVER_REGISTER_BLOCKS_ON_START"] = "false"
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", _prefect_parent(), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, preexec_fn=_die_with_parent,
            # a session of its own: the SIGTERM / Ctrl-C sent to the run's process group stops the run, which
            # then records its final state on this server and stops it (kabar.signals)
            start_new_session=True)

    @contextlib.contextmanager
    def serving(self) -> Iterator[str | None]:
        """Around the flow run: wait until the server answers, point Prefect at it, stop it afterwards.

        Yields the API URL, None when this server is not used. The URL goes into the environment (Dask
        workers and other subprocesses inherit it), Prefect's process-wide settings (threads that do
        not copy the caller's context) and a settings context (with heartbeats off by default).
        """
        try:
            url = self._ready_url()
            if url is None:
                yield None
                return
            import prefect.context
            from prefect.settings import temporary_settings

            os.environ["PREFECT_API_URL"] = url
            prefect.context.refresh_global_settings_context()
            try:
                with temporary_settings(updates={"api.url": url}, set_defaults=EPHEMERAL_DEFAULTS):
                    try:
                        yield url
                    finally:
                        _drain_prefect_workers()  # logs and events still queued reach the server
            finally:
                os.environ.pop("PREFECT_API_URL", None)
                prefect.context.refresh_global_settings_context()
        finally:
            self.stop()

    def _ready_url(self) -> str | None:
        if self.process is None:
            return None
        from prefect.settings import get_current_settings

        settings = get_current_settings()
        if settings.api.url or not settings.server.ephemeral.enabled:
            self.stop()  # a server is configured in the profile (or ephemeral mode is off): Prefect decides
            return None
        import httpx

        timeout = max(settings.server.ephemeral.startup_timeout_seconds, MIN_STARTUP_SECONDS)
        retries = 3
        with httpx.Client() as client:
            while time.perf_counter() - self.started_at < timeout:
                status = self.process.poll()
                if status == PORT_IN_USE_EXIT and retries:
                    retries -= 1
                    self._launch()
                    continue
                if status is not None:
                    break
                try:
                    if client.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                        log.info("Prefect API: temporary server on %s (up %.1f s after launch)", self.api_url,
                                 time.perf_counter() - self.started_at)
                        return self.api_url
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
        log.warning("the early Prefect API server did not start (exit status %s); using Prefect's ephemeral mode",
                    self.process.poll())
        self.stop()
        return None

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _drain_prefect_workers(timeout: float = 10.0) -> None:
    """Send the logs and events Prefect still holds, while the server is up (as Prefect's test harness does
    before stopping its server); a failure here only loses log lines, never the run's outcome."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=timeout)
        except Exception as exc:  # noqa: BLE001
            log.debug("could not drain %s: %s", worker.__name__, exc)
