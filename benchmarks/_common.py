"""Helpers shared by the benchmark scripts: corpus, machine description, targets, process trees.

The scripts print figures; they never assert them (a slow shared machine is not a failure).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_STANZA_DIR = REPO.parent / "shared" / "models" / "stanza"

sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402

# A benchmark writes its corpus whole and then ingests it at once; ingest would leave files modified in
# the last KABAR_SETTLE_SECONDS for a later run (they might still be being written). The child
# processes (kabar run) inherit this.
os.environ.setdefault("KABAR_SETTLE_SECONDS", "0")


def stanza_dir(explicit: Path | None = None) -> Path:
    """--stanza-dir, else KABAR_STANZA_DIR, else ../shared/models/stanza (exported for children)."""
    path = explicit or Path(os.environ.get("KABAR_STANZA_DIR") or DEFAULT_STANZA_DIR)
    os.environ["KABAR_STANZA_DIR"] = str(path)
    return path


def child_env(**extra: str) -> dict:
    """Environment for pipeline child processes: ours, plus a patient Prefect ephemeral server.

    Prefect waits 20 s by default for its temporary API server; on a busy 2-core machine that is
    not always enough ("Timed out while attempting to connect to ephemeral Prefect API server").
    """
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra)
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return env


def corpus(n: int, seed: int, workdir: Path, given: Path | None = None) -> Path:
    """The input folder: the one given, else n fresh articles from make_corpus in workdir."""
    if given is not None:
        return given
    out = workdir / f"corpus_{n}_s{seed}"
    if not out.exists():
        m = make_corpus(n, out, seed)
        print(f"corpus: {n} articles ({m['words']:,} words) in {len(m['files'])} files -> {out}")
    return out


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    mem = 0.0
    try:
        with open("/proc/meminfo") as fh:
            mem = int(fh.readline().split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import torch
        gpu = "GPU" if torch.cuda.is_available() else "no GPU"
        threads = f", torch threads {torch.get_num_threads()}"
    except ImportError:
        gpu, threads = "?", ""
    try:
        load = ", load avg %.1f" % os.getloadavg()[0]
    except OSError:
        load = ""
    knobs = ", ".join(f"{k}={os.environ[k]}" for k in ("KABAR_TORCH_THREADS", "OMP_NUM_THREADS", "OMP_WAIT_POLICY")
                      if os.environ.get(k))
    return f"{model}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {gpu}{threads}{load}" + (f"; {knobs}" if knobs else "")


def verdict(ok: bool) -> str:
    return "✓" if ok else "✗"


def target_line(label: str, value: str, ok: bool, target: str) -> str:
    return f"  {verdict(ok)} {label:<42} {value:>14}   (target {target})"


@dataclass
class TreeSample:
    """Peak resident memory of a process and all its descendants, sampled every `interval` s."""

    pid: int
    interval: float = 0.2
    include_root: bool = True
    peak_bytes: int = 0
    peak_procs: int = 0
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> "TreeSample":
        threading.Thread(target=self._run, daemon=True).start()
        return self

    def _run(self) -> None:
        import psutil
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total, procs = 0, 0
            try:
                tree = root.children(recursive=True)
                for proc in ([root, *tree] if self.include_root else tree):
                    try:
                        total += proc.memory_info().rss
                        procs += 1
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            except psutil.NoSuchProcess:
                break
            self.samples += 1
            if total > self.peak_bytes:
                self.peak_bytes, self.peak_procs = total, procs
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Run:
    argv: list[str]
    returncode: int
    seconds: float
    peak_tree_bytes: int        # sampled sum over the process tree
    peak_procs: int
    max_child_rss_bytes: int    # largest single descendant, from getrusage(RUSAGE_CHILDREN)
    stdout: str
    stderr: str


# The child runs under this wrapper, so its ru_maxrss (and its descendants') is read in isolation
# from any earlier run; the wrapper itself is left out of the sampled tree.
_WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:])\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "open(sys.argv[1], 'w').write(json.dumps({'maxrss_kib': ru}))\n"
    "sys.exit(rc)\n"
)


def run_measured(argv: list[str], *, env: dict | None = None, cwd: Path | None = None,
                 log: Path | None = None) -> Run:
    """Run argv as a child process: wall time, sampled peak RSS of its process tree, ru_maxrss.

    stdout/stderr go to log.stdout / log.stderr when `log` is given (and are returned).
    """
    import json
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        rusage_file = Path(fh.name)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, str(rusage_file), *argv], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSample(proc.pid, include_root=False).start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.stop()
    try:
        max_child = json.loads(rusage_file.read_text())["maxrss_kib"] * 1024
    except (OSError, ValueError, KeyError):
        max_child = 0
    rusage_file.unlink(missing_ok=True)
    if log is not None:
        log.with_suffix(".stdout").write_text(stdout)
        log.with_suffix(".stderr").write_text(stderr)
    return Run(argv, proc.returncode, seconds, sampler.peak_bytes, sampler.peak_procs, max_child,
               stdout, stderr)


class PrefectServer:
    """A real `prefect server start` on 127.0.0.1 (a free port, a temporary PREFECT_HOME and SQLite
    database), in its own process group, for `with`: killed (group and all) on exit, also on errors.

    `env` is the environment for clients of this server: ours without PREFECT_* settings, plus
    PREFECT_HOME and PREFECT_API_URL."""

    def __init__(self, home: Path, *, timeout: float = 240.0, services: bool = True):
        self.home, self.timeout, self.services = home, timeout, services
        self.proc: subprocess.Popen | None = None
        self.start_seconds = 0.0
        self.port = 0
        self.env: dict = {}

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def __enter__(self) -> "PrefectServer":
        import socket

        import httpx

        self.home.mkdir(parents=True, exist_ok=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        self.env.update(PREFECT_HOME=str(self.home), PREFECT_API_URL=self.api_url,
                        PREFECT_SERVER_ANALYTICS_ENABLED="false")
        argv = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port),
                "--no-ui", *([] if self.services else ["--no-services"])]
        log = open(self.home / "server.log", "wb")
        start = time.perf_counter()
        self.proc = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        log.close()
        try:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"prefect server exited ({self.proc.returncode}): {self.log_tail()}")
                try:
                    if httpx.get(f"{self.api_url}/health", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.perf_counter() - start > self.timeout:
                    raise RuntimeError(f"no {self.api_url}/health after {self.timeout:.0f} s: {self.log_tail()}")
                time.sleep(0.5)
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.perf_counter() - start
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_tail(self, chars: int = 2000) -> str:
        path = self.home / "server.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def stop(self) -> None:
        import signal

        proc, self.proc = self.proc, None
        if proc is None:
            return
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            if proc.poll() is not None:
                break
            try:
                os.killpg(proc.pid, sig)
                proc.wait(wait)
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        try:  # anything of the group that outlived the server process
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def gib(n: int) -> str:
    return f"{n / 1024 ** 3:.2f} GiB"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])
