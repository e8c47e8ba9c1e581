"""The build stage: the gate's row tier, then `dbt build` of dbt_project/ into the work database, in-process.

`build()` first checks every current claim (kabar.claimchecks: implausible claims are held back
with a reason, and dbt's stg_nlp__claims leaves them out), then runs `dbt_build()`. dbt runs through its Python runner (`dbtRunner`), with the project's own profiles.yml; the work
database path reaches the profile through the KABAR_WORK_DB environment variable. Runs that share a
dbt target directory are serialised with a lock file, and dbt-duckdb's connection is closed when a
run ends, so the DuckDB file is free for the next stage (one writer at a time).
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

import duckdb

from kabar import signals
from kabar.errors import KabarError
from kabar.warehouse.audit import ensure_audit
from kabar.warehouse.db import connect, ensure_schema

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
DEFAULT_TARGET_DIR = PROJECT_DIR / "target"


@dataclass
class Failure:
    node: str        # e.g. "model.kabar.fct_strikes", "test.kabar.unique_fct_claims_claim_id..."
    status: str      # error | fail | skipped
    message: str

    def line(self) -> str:
        return f"{self.node} [{self.status}]: {self.message}"


@dataclass
class BuildReport:
    ok: bool
    models: int = 0             # models built successfully
    tests: int = 0              # data tests + unit tests that passed
    seeds: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0
    warnings: int = 0
    seconds: float = 0.0
    target_dir: str = ""
    held_back: dict = field(default_factory=dict)   # the row tier's CheckReport (as a dict), when it ran

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        head = (f"dbt build {'passed' if self.ok else 'FAILED'}: {self.models} models, {self.tests} tests, "
                f"{self.seeds} seeds passed; {len(self.failures)} failures, {self.skipped} skipped "
                f"in {self.seconds:.1f}s")
        lines = [head, *("  " + f.line() for f in self.failures)]
        if self.held_back:
            from kabar.claimchecks import held_back_line

            lines.insert(0, held_back_line(self.held_back))
        return "\n".join(lines)


# --- running dbt ---------------------------------------------------------------------------------


@contextmanager
def _exclusive(target_dir: Path) -> Iterator[None]:
    """One dbt run per target directory at a time (dbt rewrites manifest.json & co. there)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    with open(target_dir / ".kabar-dbt.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def _env(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _release_duckdb() -> None:
    """Close the DuckDB handle dbt-duckdb keeps in a class attribute between invocations."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - dbt-duckdb is a dependency
        return
    with DuckDBConnectionManager._LOCK:
        env = DuckDBConnectionManager._ENV
        if env is not None:
            try:
                env.close()
            except Exception as exc:  # noqa: BLE001 - closing is best effort
                log.debug("closing dbt-duckdb environment: %s", exc)
            DuckDBConnectionManager._ENV = None


def _prepare_work_db(work_db: Path) -> None:
    """Create raw/nlp/audit tables if missing (sources must exist) and fail clearly if the file is locked."""
    try:
        with connect(work_db) as con:
            ensure_schema(con)
            ensure_audit(con)
    except duckdb.IOException as exc:
        raise KabarError(f"{work_db}: cannot open the work database for dbt ({exc}); "
                         "is another kabar stage or a client holding it open?") from exc


def _invoke(command: list[str], work_db: Path, target_dir: Path):
    from dbt.cli.main import dbtRunner

    args = [
        *command,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(target_dir),
        "--log-path", str(target_dir / "logs"),
    ]
    if not os.environ.get("KABAR_DBT_VERBOSE"):
        # dbt's per-node lines go to target/logs/dbt.log; stdout keeps errors only (the report lists failures)
        args.append("--quiet")
    log.info("dbt %s (work db %s)", " ".join(command), work_db)
    with _env(KABAR_WORK_DB=str(work_db), DBT_SEND_ANONYMOUS_USAGE_STATS="false"):
        try:
            with signals.ours():  # a stop reaches dbt as the KeyboardInterrupt it cancels its threads on
                res = dbtRunner().invoke(args)
        finally:
            _release_duckdb()
    if isinstance(res.exception, BaseException) and not isinstance(res.exception, Exception):
        raise res.exception  # a stop (SIGTERM/SIGINT: kabar.signals) that dbt's runner caught: stop, not a failed build
    return res


def _node_name(result) -> str:
    node = getattr(result, "node", None)
    return getattr(node, "unique_id", None) or getattr(node, "name", "?")


def _report(res, seconds: float, target_dir: Path) -> BuildReport:
    report = BuildReport(ok=bool(res.success), seconds=seconds, target_dir=str(target_dir))
    if res.exception is not None:
        report.ok = False
        report.failures.append(Failure("dbt", "error", str(res.exception).strip()))
    for r in getattr(res.result, "results", None) or []:
        status = str(getattr(r.status, "value", r.status))
        rtype = getattr(getattr(r, "node", None), "resource_type", None)
        rtype = str(getattr(rtype, "value", rtype))
        if status in ("success", "pass"):
            if rtype == "model":
                report.models += 1
            elif rtype == "seed":
                report.seeds += 1
            elif rtype in ("test", "unit_test"):
                report.tests += 1
        elif status == "warn":
            report.warnings += 1
            report.tests += rtype in ("test", "unit_test")
        elif status == "skipped":
            report.skipped += 1
        else:
            msg = (r.message or "").strip()
            if status == "fail" and getattr(r, "failures", None):
                msg = f"{r.failures} failing row(s)" + (f": {msg}" if msg else "")
            report.failures.append(Failure(_node_name(r), status, msg or status))
    if report.failures:
        report.ok = False
    return report


def _target(target_dir: Path | str | None) -> Path:
    """Where dbt writes manifest, run results, logs and the docs site: the argument, else
    KABAR_DBT_TARGET, else dbt_project/target."""
    return Path(target_dir or os.environ.get("KABAR_DBT_TARGET") or DEFAULT_TARGET_DIR).resolve()


def dbt_build(work_db: Path | str, *, select: str | list[str] | None = None,
              target_dir: Path | str | None = None) -> BuildReport:
    """`dbt build` (seeds, models, data tests and unit tests) of dbt_project into `work_db`.

    `select` is a dbt selection (e.g. "+fct_strikes"). A failing model or test gives ok=False with
    the node and message in `failures`; nothing is raised for those.
    """
    work_db, target_dir = Path(work_db).resolve(), _target(target_dir)
    command = ["build"]
    if select:
        command += ["--select", *([select] if isinstance(select, str) else select)]
    with _exclusive(target_dir):
        _prepare_work_db(work_db)
        start = time.perf_counter()
        res = _invoke(command, work_db, target_dir)
        report = _report(res, time.perf_counter() - start, target_dir)
    log.info(report.summary())
    return report


def build(work_db: Path | str, *, run_id: str | None = None, target_dir: Path | str | None = None) -> BuildReport:
    """The build stage (`kabar build`): the row tier over every current claim, then `dbt build`.

    The claims the row tier holds back are recorded in audit.held_back_claims under `run_id` and
    reach no mart; the report carries the pass's figures in `held_back`.
    """
    from kabar.claimchecks import check_claims

    checked = check_claims(work_db, run_id=run_id)
    report = dbt_build(work_db, target_dir=target_dir)
    report.held_back = checked.as_dict()
    return report


def generate_docs(work_db: Path | str, *, target_dir: Path | str | None = None) -> Path:
    """`dbt docs generate --static` against `work_db`; returns the target dir holding index.html
    (served over HTTP) and static_index.html (a single file that also opens from file://)."""
    work_db, target_dir = Path(work_db).resolve(), _target(target_dir)
    with _exclusive(target_dir):
        _prepare_work_db(work_db)
        res = _invoke(["docs", "generate", "--static"], work_db, target_dir)
    if not res.success or not (target_dir / "index.html").is_file():
        raise KabarError(f"dbt docs generate failed for {work_db}: {res.exception or 'see ' + str(target_dir / 'logs')}")
    return target_dir


def serve_hint(target_dir: Path) -> str:
    """How to look at the docs site generate_docs wrote into `target_dir`."""
    return "\n".join([
        f"  open without a server:  {target_dir / 'static_index.html'}",
        f"  serve it:               python -m http.server --directory {target_dir} 8080"
        "   (then http://127.0.0.1:8080/)",
        f"  or with dbt:            dbt docs serve --project-dir {PROJECT_DIR} --profiles-dir {PROJECT_DIR}"
        f" --target-path {target_dir} --port 8080",
    ])
