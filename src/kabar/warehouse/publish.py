"""Write-audit-publish: copy validated marts into a new file, then rename it over the warehouse.

`publish(work_db, warehouse)` publishes only marts whose latest validation (audit.validations,
matched by the marts' content fingerprint) passed:

1. publishes to one warehouse take turns: each holds `<warehouse>.publish.lock` (an OS file lock,
   released by the OS if the process dies) from its first write to its audit row, whichever work
   database it comes from;
2. the marts are copied into a file of this publish's own, `.<warehouse name>.<run id>.publishing`
   beside the warehouse (both files ATTACHed; `create table marts.x as select * from work.marts.x`),
   with a `meta.publish_log` row; the copy's fingerprint must equal the validated one;
3. the file is checkpointed, closed and fsynced; its audit.publishes row is written (not complete),
   then the file is `os.replace()`d over the warehouse — an atomic rename, so readers that hold the
   old file keep reading their snapshot (POSIX keeps an unlinked file alive while it is open) and new
   readers see the new one, never a file being written — and the row is completed. The rename and the
   completion are one critical section for SIGTERM/SIGINT (kabar.signals.deferred); a publish killed
   between them (SIGKILL, power) leaves its row incomplete, and the next publish settles it: published
   when the warehouse's meta.publish_log names that run, abandoned otherwise.
A publish that stops early removes its own file; nothing it wrote is ever renamed into place.

The published file also lists what the gate's row tier withheld from these marts:
`meta.held_back_claims` (article, sentence, check and reason of every held-back claim of the pass
the validated marts were built from), so an analyst knows what is missing and why.

When the gate failed the warehouse is not touched: the refused marts are renamed to
`<warehouse stem>.candidate.duckdb` for inspection, with the failed expectations in
`meta.validation_failures`. Raw and nlp data in the work DB are never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

import duckdb

from filelock import FileLock, Timeout

from kabar.config import Settings
from kabar.errors import KabarError
from kabar.signals import deferred
from kabar.warehouse.audit import describe_failure, ensure_audit, has_table, latest_validation, new_run_id
from kabar.warehouse.db import connect
from kabar.warehouse.freshness import mark_current
from kabar.warehouse.marts import MARTS, mart_tables, marts_fingerprint

log = logging.getLogger(__name__)

WORK = "work"  # the alias the work DB is attached under while copying
PUBLISHED = "published"  # the alias of the candidate file while it is written
STORAGE_VERSION = "v1.0.0"  # readable by every DuckDB since 1.0


@dataclass
class PublishReport:
    run_id: str
    published: bool
    path: str                       # the published warehouse
    message: str
    tables: dict[str, int] = field(default_factory=dict)   # rows per copied table
    validation_run_id: str | None = None
    check_run_id: str | None = None  # the row-tier pass whose held-back claims are listed
    held_back: int = 0              # rows of meta.held_back_claims
    fingerprint: str | None = None
    candidate: str | None = None    # kept for inspection when not published
    data_docs_path: str | None = None
    failures: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        if self.published:
            lines = [f"published {self.path}: {len(self.tables)} tables, {sum(self.tables.values())} rows "
                     f"(validation {self.validation_run_id})"]
            if self.held_back:
                lines.append(f"  {self.held_back} held-back claim(s) listed in meta.held_back_claims")
        else:
            lines = [f"NOT published: {self.message}"]
            lines += [f"  {describe_failure(f)}" for f in self.failures]
            if self.candidate:
                lines.append(f"  candidate kept for inspection: {self.candidate}")
            if self.data_docs_path:
                lines.append(f"  Data Docs: {self.data_docs_path}")
            lines.append(f"  the published warehouse {self.path} is unchanged")
        return "\n".join(lines)


def candidate_path(warehouse: Path) -> Path:
    """Where the marts a failed gate refused are kept for inspection."""
    return warehouse.with_name(f"{warehouse.stem}.candidate{warehouse.suffix or '.duckdb'}")


def publishing_path(warehouse: Path, run_id: str) -> Path:
    """The file one publish writes before renaming it: its own (hidden) name beside the warehouse."""
    return warehouse.with_name(f".{warehouse.name}.{run_id}.publishing")


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.name}.publish.lock")


def publish(work_db: Path | str, warehouse: Path | str, *, run_id: str | None = None,
            lock_timeout: float | None = None) -> PublishReport:
    """Publish the work DB's marts to `warehouse` when their latest validation passed (see the module
    docstring). `lock_timeout`: seconds to wait for another publish to the same warehouse (default
    KABAR_LOCK_TIMEOUT)."""
    work_db, warehouse = Path(work_db), Path(warehouse).expanduser().resolve()
    run_id = run_id or new_run_id("publish")
    if not work_db.is_file():
        raise KabarError(f"{work_db}: work database not found (run `kabar build` and `kabar validate` first)")
    with connect(work_db, read_only=True) as con:
        if not mart_tables(con):
            raise KabarError(f"{work_db}: no marts.* tables to publish (run `kabar build` first)")
        fingerprint, _ = marts_fingerprint(con)
        validation = latest_validation(con, fingerprint)
    report = PublishReport(run_id=run_id, published=False, path=str(warehouse), message="",
                           fingerprint=fingerprint)
    if validation is None:
        report.message = (f"the marts in {work_db} were not validated since they were built "
                          f"(run `kabar validate --work-db {work_db}` first)")
        _record(work_db, report)
        return report
    report.validation_run_id = validation["run_id"]
    report.check_run_id = validation.get("claim_check_run_id")
    report.data_docs_path = validation["data_docs_path"]
    with _publish_lock(warehouse, lock_timeout):
        settle_unfinished(work_db, warehouse)
        own = publishing_path(warehouse, run_id)
        try:
            report.tables = _write_candidate(work_db, own, report, validation["summary"])
            if validation["success"]:
                _swap_in(work_db, own, warehouse, report)
            else:
                _keep_refused(work_db, own, warehouse, report, validation)
        finally:
            for leftover in (own, own.with_name(own.name + ".wal")):
                leftover.unlink(missing_ok=True)
    if report.published:
        try:  # lets a re-run with nothing new skip build, validate and publish; an optimisation only
            mark_current(work_db, warehouse)
        except Exception as exc:  # noqa: BLE001 - the publish itself succeeded
            log.warning("could not record the published state of %s: %s", work_db, exc)
    return report


def _swap_in(work_db: Path, own: Path, warehouse: Path, report: PublishReport) -> None:
    """The audit row, the atomic rename, the row completed: no signal splits the last two."""
    report.message = f"publishing: renaming {own.name} over {warehouse} (a row left like this: the run stopped here)"
    _record(work_db, report, complete=False)
    with deferred():
        os.replace(own, warehouse)
        _fsync_dir(warehouse.parent)
        report.published = True
        report.message = f"published {len(report.tables)} tables to {warehouse}"
        _record(work_db, report)
    log.info("%s (validation %s)", report.message, report.validation_run_id)


def _keep_refused(work_db: Path, own: Path, warehouse: Path, report: PublishReport, validation: dict) -> None:
    candidate = candidate_path(warehouse)
    os.replace(own, candidate)
    report.failures = validation["summary"].get("failures", [])
    report.candidate = str(candidate)
    report.message = f"validation {validation['run_id']} failed {validation['failed']} of {validation['checks']} checks"
    log.error("not publishing: %s; Data Docs: %s", report.message, report.data_docs_path)
    _record(work_db, report)


@contextmanager
def _publish_lock(warehouse: Path, timeout: float | None) -> Iterator[None]:
    """One publish to `warehouse` at a time, from any process or work database."""
    timeout = Settings.from_env().lock_timeout if timeout is None else timeout
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(warehouse), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.info("another publish to %s is under way: waiting up to %.0f s for it", warehouse, timeout)
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise KabarError(f"another publish to {warehouse} held {lock_path(warehouse)} for {timeout:g} s "
                             f"(KABAR_LOCK_TIMEOUT); nothing was published: run publish again") from None
    try:
        yield
    finally:
        lock.release()


def settle_unfinished(work_db: Path, warehouse: Path) -> list[str]:
    """Under the publish lock, what killed publishes to `warehouse` left: their files (no live publish owns
    one now) are removed, and their audit rows in `work_db` completed: published when the warehouse's
    meta.publish_log names the run, else abandoned. Returns the run ids of those rows."""
    for stale in warehouse.parent.glob(f".{warehouse.name}.*.publishing*"):
        log.warning("removing %s, left by a publish that was killed", stale)
        stale.unlink(missing_ok=True)
    with connect(work_db) as con:
        ensure_audit(con)
        unfinished = [r for (r,) in con.execute("select run_id from audit.publishes where completed_at is null "
                                                "and warehouse = ?", [str(warehouse)]).fetchall()]
    if not unfinished:
        return []
    published_by = _publisher(warehouse)
    with connect(work_db) as con:
        for run_id in unfinished:
            done = run_id == published_by
            note = ("published; the run stopped after the rename, before recording it" if done else
                    "abandoned: the run stopped before its rename; the warehouse was not replaced by it")
            log.warning("publish %s to %s did not finish: %s", run_id, warehouse, note)
            con.execute("update audit.publishes set published = ?, completed_at = now(), message = ? "
                        "where run_id = ?", [done, note, run_id])
    return unfinished


def _publisher(warehouse: Path) -> str | None:
    """The publish run that wrote the warehouse file (its meta.publish_log), None when it cannot be read."""
    if not warehouse.is_file():
        return None
    try:
        with connect(warehouse, read_only=True) as con:
            return con.execute("select publish_run_id from meta.publish_log").fetchone()[0]
    except (duckdb.Error, TypeError):
        return None


def _write_candidate(work_db: Path, candidate: Path, report: PublishReport, validation_summary: dict) -> dict[str, int]:
    """A fresh DuckDB file holding a copy of every marts table plus meta.* rows; fsynced. -> rows per table."""
    candidate.parent.mkdir(parents=True, exist_ok=True)
    # The published file is for readers of any DuckDB >= 1.0 (the duckdb CLI, BI tools), so it is
    # written in the v1.0 storage format rather than this library's newest one.
    con = duckdb.connect()
    try:
        con.execute(f"attach '{_quote(candidate)}' as {PUBLISHED} (storage_version '{STORAGE_VERSION}')")
        con.execute(f"use {PUBLISHED}")
        con.execute(f"attach '{_quote(work_db.resolve())}' as {WORK} (read_only)")
        con.execute(f"create schema {MARTS}")
        tables = mart_tables(con, WORK)
        for table in tables:
            con.execute(f'create table {MARTS}."{table}" as select * from {WORK}.{MARTS}."{table}"')
        copied, counts = marts_fingerprint(con)
        if copied != report.fingerprint:
            raise KabarError(f"{work_db}: the marts changed while they were being copied; run validate again")
        _write_meta(con, report, counts, validation_summary)
        report.held_back = _write_held_back(con, report.check_run_id)
        con.execute("detach " + WORK)
        con.execute(f"checkpoint {PUBLISHED}")
        con.execute("use memory")
        con.execute(f"detach {PUBLISHED}")
    except BaseException:
        con.close()
        raise
    con.close()
    _fsync(candidate)
    return counts


def _write_meta(con: duckdb.DuckDBPyConnection, report: PublishReport, counts: dict[str, int],
                validation_summary: dict) -> None:
    con.execute("""
    create schema meta;
    create table meta.publish_log (
        published_at timestamptz not null, publish_run_id varchar not null, validation_run_id varchar,
        validation_success boolean, marts_fingerprint varchar, tables json
    );
    create table meta.validation_failures (
        table_name varchar, expectation varchar, column_name varchar, description varchar,
        unexpected_count bigint, element_count bigint, examples json, rows json, error varchar
    );
    """)
    con.execute("insert into meta.publish_log values (?, ?, ?, ?, ?, ?)",
                [dt.datetime.now(dt.timezone.utc), report.run_id, report.validation_run_id,
                 validation_summary.get("success"), report.fingerprint, json.dumps(counts)])
    for f in validation_summary.get("failures", []):
        con.execute("insert into meta.validation_failures values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [f["table"], f["expectation"], f.get("column"), f.get("description"), f.get("unexpected_count"),
                     f.get("element_count"), json.dumps(f.get("examples")), json.dumps(f.get("rows")), f.get("error")])


# meta.held_back_claims: what the row tier withheld from the published marts. Article reference,
# outlet and sentence, never machine paths.
HELD_BACK_COLUMNS = """
    claim_id varchar, article_id varchar, article_ref varchar, source varchar, url varchar, title varchar,
    published_date date, measure varchar, value bigint, qualifier varchar, weapon varchar, attacker varchar,
    place_text varchar, event_date date, evidence varchar, evidence_span varchar,
    check_name varchar, reason varchar, extractor_version varchar, checks_version varchar, check_run_id varchar
"""
HELD_BACK_SQL = f"""
insert into meta.held_back_claims
select h.claim_id, h.article_id, a.article_ref, a.source, a.url, a.title,
       coalesce(a.published_date, cast(timezone('Asia/Jakarta', a.published_at) as date)) as published_date,
       c.measure, c.value, c.qualifier, c.weapon, c.attacker, c.place_text, c.event_date,
       c.evidence, c.evidence_span,
       h.check_name, h.reason, h.extractor_version, h.checks_version, h.run_id as check_run_id
from {WORK}.audit.held_back_claims h
left join {WORK}.nlp.claims c on c.claim_id = h.claim_id
left join {WORK}.raw.articles a on a.article_id = h.article_id
where h.run_id = ?
order by a.article_ref, c.sentence_idx, h.claim_id, h.check_name
"""


def _write_held_back(con: duckdb.DuckDBPyConnection, check_run_id: str | None) -> int:
    """meta.held_back_claims of the pass the marts were built from (empty when claims were never checked)."""
    con.execute(f"create table meta.held_back_claims ({HELD_BACK_COLUMNS})")
    if check_run_id is None or not has_table(con, "audit", "held_back_claims", WORK):
        return 0
    con.execute(HELD_BACK_SQL, [check_run_id])
    return con.execute("select count(*) from meta.held_back_claims").fetchone()[0]


def _record(work_db: Path, report: PublishReport, complete: bool = True) -> None:
    """Store the attempt in the work DB (audit.publishes): the history of what analysts saw. A row not
    `complete` marks a publish under way (its rename not yet recorded)."""
    with connect(work_db) as con:
        ensure_audit(con)
        con.execute("insert into audit.publishes (run_id, attempted_at, published, validation_run_id, "
                    "marts_fingerprint, warehouse, candidate, message, summary, completed_at) "
                    "values (?, now(), ?, ?, ?, ?, ?, ?, ?, case when ? then now() end) "
                    "on conflict (run_id) do update set published = excluded.published, message = excluded.message, "
                    "candidate = excluded.candidate, summary = excluded.summary, completed_at = excluded.completed_at",
                    [report.run_id, report.published, report.validation_run_id, report.fingerprint, report.path,
                     report.candidate, report.message, json.dumps(report.as_dict(), default=str), complete])


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Make the rename durable (POSIX: fsync the directory entry)."""
    try:
        _fsync(path)
    except OSError:  # not every platform can open a directory
        pass
