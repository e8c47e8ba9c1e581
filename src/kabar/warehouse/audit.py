"""The work database's `audit` schema: what the gate decided, run by run.

  audit.claim_checks      one row per pass of the row tier (kabar.claimchecks) over the current claims
  audit.held_back_claims  the claims a pass held back: check name and a reason a person understands
  audit.validations       one row per systemic-tier verdict (kabar.quality) on the marts it fingerprinted
  audit.validation_results one row per expectation a verdict checked: passed or failed, with what it observed
                          (the validation summary site, kabar.validationdocs, is rendered from these two)
  audit.publishes         one row per publish attempt, published or refused; a publish's row is written
                          before its rename and completed after (completed_at), so one killed in between
                          shows, and the next publish settles it (kabar.warehouse.publish)

Plain SQL, no Great Expectations: publish and the dbt build read these tables too.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import duckdb

AUDIT_DDL = """
create schema if not exists audit;

-- one row per pass of the row tier: every current claim checked, the failing ones held back
create table if not exists audit.claim_checks (
    run_id             varchar primary key,
    checked_at         timestamptz not null,
    checks_version     varchar not null,     -- hash of the checks file, the thresholds and the code lists
    claims_checked     integer not null,
    held_back          integer not null,     -- distinct claims held back
    new_claims         integer not null,     -- claims of articles extracted since the last publish
    new_held_back      integer not null,     -- of which held back
    claims_fingerprint varchar not null,     -- content hash of the claims checked (kabar.claimchecks)
    by_check           json                  -- {check name: claims}
);

-- the dead-letter table: one row per held-back claim and failed check, per pass
create table if not exists audit.held_back_claims (
    run_id            varchar not null,      -- audit.claim_checks.run_id
    claim_id          varchar not null,
    article_id        varchar not null,
    check_name        varchar not null,      -- e.g. value_negative (expectations/claim_checks.yaml)
    reason            varchar not null,      -- in words, with the offending values
    extractor_version varchar not null,
    checks_version    varchar not null,
    primary key (run_id, claim_id, check_name)
);

-- one row per `kabar validate`: the verdict on the marts whose fingerprint it records
create table if not exists audit.validations (
    run_id            varchar primary key,
    validated_at      timestamptz not null,
    success           boolean not null,
    checks            integer not null,
    failed            integer not null,
    marts_fingerprint varchar not null,
    data_docs_path    varchar,
    thresholds        json,
    summary           json
);
-- the row-tier pass the validated marts were built from (its held-back claims are published with them)
alter table audit.validations add column if not exists claim_check_run_id varchar;

-- one row per expectation a `kabar validate` checked (and per suite that could not run), in checking order
create table if not exists audit.validation_results (
    run_id            varchar not null,      -- audit.validations.run_id
    position          integer not null,      -- order within the run
    suite             varchar not null,      -- <scope>.<table>: marts.fct_claims, run.row_tier
    expectation       varchar not null,      -- GX expectation type, or table_exists / frame_query / suite_runs
    columns           varchar,               -- the column(s) checked, comma-separated
    description       varchar,
    success           boolean not null,
    observed          json,                  -- GX's observed value (aggregate expectations)
    unexpected_count  bigint,                -- rows failing (column map expectations)
    element_count     bigint,                -- rows checked
    examples          json,                  -- a few failing values
    error             varchar,               -- why the check could not run
    primary key (run_id, position)
);

-- one row per `kabar publish` attempt, published or refused
create table if not exists audit.publishes (
    run_id            varchar primary key,
    attempted_at      timestamptz not null,
    published         boolean not null,
    validation_run_id varchar,
    marts_fingerprint varchar,
    warehouse         varchar not null,
    candidate         varchar,
    message           varchar not null,
    summary           json
);
-- null while a publish is between its first row and its rename (or was killed there)
alter table audit.publishes add column if not exists completed_at timestamptz;
"""


def ensure_audit(con: duckdb.DuckDBPyConnection) -> None:
    """Create the audit schema and tables when missing (idempotent)."""
    con.execute(AUDIT_DDL)


def new_run_id(prefix: str) -> str:
    return f"{prefix}-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str, catalog: str | None = None) -> bool:
    sql = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    params = [schema, table]
    if catalog:
        sql += " and table_catalog = ?"
        params.append(catalog)
    return con.execute(sql, params).fetchone()[0] > 0


def latest_validation(con: duckdb.DuckDBPyConnection, fingerprint: str, catalog: str | None = None) -> dict | None:
    """The newest validation of the marts with this fingerprint, or None (never validated)."""
    if not has_table(con, "audit", "validations", catalog):
        return None
    prefix = f'"{catalog}".' if catalog else ""
    row = con.execute(
        f"select run_id, validated_at, success, checks, failed, data_docs_path, summary, claim_check_run_id "
        f"from {prefix}audit.validations where marts_fingerprint = ? order by validated_at desc limit 1",
        [fingerprint]).fetchone()
    if row is None:
        return None
    names = ("run_id", "validated_at", "success", "checks", "failed", "data_docs_path", "summary",
             "claim_check_run_id")
    found = dict(zip(names, row))
    found["summary"] = json.loads(found["summary"]) if found["summary"] else {}
    return found


def latest_check_pass(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The newest row-tier pass (audit.claim_checks), or None when claims were never checked."""
    if not has_table(con, "audit", "claim_checks"):
        return None
    cur = con.execute("select * from audit.claim_checks order by checked_at desc, run_id desc limit 1")
    row = cur.fetchone()
    if row is None:
        return None
    found = dict(zip([d[0] for d in cur.description], row))
    found["by_check"] = json.loads(found["by_check"]) if found["by_check"] else {}
    return found


def last_publish(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The newest successful publish (audit.publishes): when, and the rows per table it published."""
    if not has_table(con, "audit", "publishes"):
        return None
    row = con.execute("select run_id, attempted_at, summary from audit.publishes where published "
                      "order by attempted_at desc limit 1").fetchone()
    if row is None:
        return None
    summary = json.loads(row[2]) if row[2] else {}
    return {"run_id": row[0], "attempted_at": row[1], "tables": summary.get("tables") or {}}


def describe_failure(f: dict) -> str:
    """One line per failed expectation: table.column, rule, rows, examples."""
    where = f"{f['table']}.{f['column']}" if f.get("column") else f["table"]
    text = f"{where}: {f.get('description') or f['expectation']}"
    if f.get("unexpected_count") is not None:
        text += f" - {f['unexpected_count']} of {f.get('element_count')} rows fail"
    if f.get("examples"):
        text += f", e.g. {json.dumps(f['examples'], default=str)}"
    if f.get("rows"):
        text += f" (rows {json.dumps(f['rows'], default=str)})"
    if f.get("observed_value") is not None:
        text += f", observed {f['observed_value']}"
    if f.get("error"):
        text += f" - error: {f['error']}"
    return text
