"""Write-audit-publish: copy validated marts into a new file, then rename it over the warehouse.

`publish(work_db, warehouse)` publishes only marts whose latest validation (audit.validations,
matched by the marts' content fingerprint) passed:

1. the marts are copied into `<warehouse stem>.candidate.duckdb` beside the warehouse (both files
   ATTACHed; `create table marts.x as select * from work.marts.x`), with a `meta.publish_log` row;
   the copy's fingerprint must equal the validated one;
2. the candidate is checkpointed, closed and fsynced, then `os.replace()`d over the warehouse:
   an atomic rename, so readers that hold the old file keep reading their snapshot (POSIX keeps
   an unlinked file alive while it is open) and new readers see the new file.

The published file also lists what the gate's row tier withheld from these marts:
`meta.held_back_claims` (article, sentence, check and reason of every held-back claim of the pass
the validated marts were built from), so an analyst knows what is missing and why.

When the gate failed nothing is renamed: the candidate stays for inspection, with the failed
expectations in `meta.validation_failures`. Raw and nlp data in the work DB are never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from kabar.errors import KabarError
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
    return warehouse.with_name(f"{warehouse.stem}.candidate{warehouse.suffix or '.duckdb'}")


def publish(work_db: Path | str, warehouse: Path | str, *, run_id: str | None = None) -> PublishReport:
    """Publish the work DB's marts to `warehouse` when their latest validation passed."""
    work_db, warehouse = Path(work_db), Path(warehouse)
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

    summary = validation["summary"]
    report.validation_run_id = validation["run_id"]
    report.check_run_id = validation.get("claim_check_run_id")
    report.data_docs_path = validation["data_docs_path"]
    candidate = candidate_path(warehouse)
    report.tables = _write_candidate(work_db, candidate, report, summary)
    if not validation["success"]:
        report.failures = summary.get("failures", [])
        report.candidate = str(candidate)
        report.message = (f"validation {validation['run_id']} failed {validation['failed']} of "
                          f"{validation['checks']} checks")
        log.error("not publishing: %s; Data Docs: %s", report.message, report.data_docs_path)
        _record(work_db, report)
        return report

    os.replace(candidate, warehouse)
    _fsync_dir(warehouse.parent)
    report.published = True
    report.message = f"published {len(report.tables)} tables to {warehouse}"
    log.info("%s (validation %s)", report.message, report.validation_run_id)
    _record(work_db, report)
    try:  # lets a re-run with nothing new skip build, validate and publish; an optimisation only
        mark_current(work_db, warehouse)
    except Exception as exc:  # noqa: BLE001 - the publish itself succeeded
        log.warning("could not record the published state of %s: %s", work_db, exc)
    return report


def _write_candidate(work_db: Path, candidate: Path, report: PublishReport, validation_summary: dict) -> dict[str, int]:
    """A fresh DuckDB file holding a copy of every marts table plus meta.* rows; fsynced. -> rows per table."""
    candidate.parent.mkdir(parents=True, exist_ok=True)
    for stale in (candidate, candidate.with_name(candidate.name + ".wal")):
        stale.unlink(missing_ok=True)
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


def _record(work_db: Path, report: PublishReport) -> None:
    """Store the attempt in the work DB (audit.publishes): the history of what analysts saw."""
    with connect(work_db) as con:
        ensure_audit(con)
        con.execute("insert or replace into audit.publishes values (?, now(), ?, ?, ?, ?, ?, ?, ?)",
                    [report.run_id, report.published, report.validation_run_id, report.fingerprint, report.path,
                     report.candidate, report.message, json.dumps(report.as_dict(), default=str)])


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
