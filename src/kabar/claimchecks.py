"""The row tier of the gate: hold back implausible claims, with a reason, and let the rest through.

`check_claims(work_db, run_id)` evaluates every check of expectations/claim_checks.yaml over every
current claim of nlp.claims (joined to its article) in DuckDB, and records the pass in the work
database: a row of audit.claim_checks, and a row of audit.held_back_claims per held-back claim and
failed check. The dbt staging model stg_nlp__claims leaves out the claims the latest pass held
back, so they reach no mart; publish lists them in meta.held_back_claims.

The checks are data (SQL predicates with a name and a reason template); the thresholds they use
come from expectations/thresholds.toml and the code lists from kabar.vocab. A pass runs at the
start of every build, over all current claims, so a held-back claim is looked at again whenever
the extractor, the checks or the thresholds change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import string
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml

from kabar import vocab
from kabar.errors import KabarError
from kabar.runsummary import by_check_text
from kabar.thresholds import Thresholds, expectations_dir
from kabar.warehouse.audit import ensure_audit, last_publish, new_run_id
from kabar.warehouse.db import connect, ensure_schema

log = logging.getLogger(__name__)

CHECKS_FILE = "claim_checks.yaml"
NEWS_TIMEZONE = "Asia/Jakarta"   # as dbt's var news_timezone: the date of a published_at without published_date
SHOWN = 50                       # held-back claims listed in a report (all are in the audit table)

# The extractor version whose claims count for each article: the version of its most recent
# nlp.processed row (ties: the greater version); for an article with claims but no processed row,
# its greatest claim version. The same rule as dbt's macro current_extractor_versions (a test
# pins the two together).
CURRENT_VERSIONS_SQL = """
select coalesce(p.article_id, k.article_id) as article_id,
       coalesce(p.extractor_version, k.extractor_version) as extractor_version,
       p.processed_at
from (select article_id, extractor_version, processed_at from nlp.processed
      qualify row_number() over (partition by article_id order by processed_at desc, extractor_version desc) = 1) p
full outer join (select article_id, max(extractor_version) as extractor_version from nlp.claims
                 group by article_id) k
  on p.article_id = k.article_id
"""

CHECKED_CLAIMS_SQL = f"""
create or replace temp view checked_claims as
with current_versions as ({CURRENT_VERSIONS_SQL}),
joined as (
    select c.*,
           coalesce(a.published_date, cast(timezone('{NEWS_TIMEZONE}', a.published_at) as date)) as published_date,
           a.article_ref,
           v.processed_at,
           q.reading,
           coalesce(q.lower_offset, 0) as lower_offset,
           b.bound as max_value
    from nlp.claims c
    join current_versions v on v.article_id = c.article_id and v.extractor_version = c.extractor_version
    left join raw.articles a on a.article_id = c.article_id
    left join _kabar_qualifiers q on q.qualifier = c.qualifier
    left join _kabar_bounds b on b.measure = c.measure
)
select *,
       case when reading in ('point', 'lower_bound') then value + lower_offset end as low,
       case when reading in ('point', 'upper_bound') then value end as high
from joined
"""


@dataclass(frozen=True)
class Check:
    name: str
    when: str
    reason: str
    detail: str | None = None
    # False for a check that holds back claims extracted right but that the event model cannot hold:
    # they are listed like any other, but do not count toward the systemic held-back share
    counts_toward_share: bool = True


@dataclass
class CheckReport:
    run_id: str
    checks_version: str
    checks: int                                   # checks evaluated
    claims_checked: int
    held_back: int                                # distinct claims held back
    by_check: dict[str, int] = field(default_factory=dict)
    new_claims: int = 0                           # claims of articles extracted since the last publish
    new_held_back: int = 0
    claims_fingerprint: str = ""
    held: list[dict] = field(default_factory=list)    # the first SHOWN held-back claims: ref, check, reason
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        return held_back_line(self.as_dict())


def held_back_line(report: dict) -> str:
    """"held back 2 of 412 claims: value_negative 1, date_in_future 1" (from a CheckReport as a dict)."""
    line = f"held back {report.get('held_back', 0)} of {report.get('claims_checked', 0)} claims"
    by_check = report.get("by_check") or {}
    return line + (f": {by_check_text(by_check)}" if by_check else "")


# --- the checks file --------------------------------------------------------------------------


def checks_path(directory: Path | None = None) -> Path:
    return Path(directory or expectations_dir()) / CHECKS_FILE


def load_checks(path: Path | None = None) -> list[Check]:
    """The checks of expectations/claim_checks.yaml, in file order; a malformed file names itself."""
    path = Path(path or checks_path())
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KabarError(f"{path}: the row checks file is missing") from None
    except yaml.YAMLError as exc:
        raise KabarError(f"{path}: not valid YAML: {exc}") from None
    entries = (data or {}).get("checks") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise KabarError(f"{path}: expected a list `checks:` of {{name, when, reason}}")
    checks, seen = [], set()
    for i, entry in enumerate(entries):
        unknown = set(entry) - {"name", "when", "reason", "detail", "counts_toward_share"} \
            if isinstance(entry, dict) else {"?"}
        if unknown or not all(isinstance(entry.get(k), str) and entry[k].strip() for k in ("name", "when", "reason")) \
                or not isinstance(entry.get("counts_toward_share", False), bool):
            raise KabarError(f"{path}: check #{i + 1} needs name, when and reason (text) and nothing else "
                             f"but detail and counts_toward_share (true/false); got {entry!r}")
        if entry["name"] in seen:
            raise KabarError(f"{path}: check {entry['name']!r} is defined twice")
        seen.add(entry["name"])
        optional = {k: entry[k] for k in ("counts_toward_share",) if k in entry}   # else the Check default
        checks.append(Check(entry["name"], entry["when"].strip(), " ".join(entry["reason"].split()),
                            (entry.get("detail") or "").strip() or None, **optional))
    return checks


def checks_version(checks_file: Path, thresholds: Thresholds) -> str:
    """What the verdicts depend on besides the claims: the checks, the thresholds and the code lists."""
    relevant = {k: v for k, v in thresholds.as_dict().items() if k != "run_date"}
    digest = hashlib.sha256(checks_file.read_bytes())
    digest.update(json.dumps(relevant, sort_keys=True).encode())
    digest.update(json.dumps({name: vocab.codes(name) for name in _CODE_PARAMS.values()}, sort_keys=True,
                             default=str).encode())
    return "checks-" + digest.hexdigest()[:12]


# code-list parameters of the checks -> the codes.yaml list they come from
_CODE_PARAMS = {"measures": "measures", "qualifiers": "qualifiers", "weapons": "weapons", "attackers": "actors",
                "date_bases": "date_bases", "place_precisions": "place_precisions"}


def parameters(thresholds: Thresholds) -> dict[str, Any]:
    """The $parameters of the checks' SQL (and {names} of their reasons)."""
    params = dict(thresholds.date_params())
    params.update({name: list(vocab.keys(source)) for name, source in _CODE_PARAMS.items()})
    params["munition_measures"] = list(vocab.MUNITION_MEASURES)
    return params


# --- evaluating -------------------------------------------------------------------------------


def prepare(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> None:
    """The temp view checked_claims (every current claim with its article's date, bounds and low/high)."""
    con.execute("create or replace temp table _kabar_qualifiers (qualifier varchar, reading varchar, lower_offset integer)")
    con.executemany("insert into _kabar_qualifiers values (?, ?, ?)",
                    [[q["key"], q["reading"], q["lower_offset"]] for q in vocab.codes("qualifiers")])
    con.execute("create or replace temp table _kabar_bounds (measure varchar, bound bigint)")
    con.executemany("insert into _kabar_bounds values (?, ?)", [[m, b] for m, b in thresholds.value_bounds.items()])
    con.execute(CHECKED_CLAIMS_SQL)


def claims_fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """(count, content hash) of checked_claims: what a pass looked at. The systemic tier compares it
    with the current claims to be sure that no claim reached the marts unchecked."""
    n, digest = con.execute("select count(*), coalesce(sum(hash(c)), 0)::varchar from "
                            "(select * exclude (processed_at) from checked_claims) c").fetchone()
    return n, hashlib.sha256(f"{n}:{digest}".encode()).hexdigest()


def evaluate(con: duckdb.DuckDBPyConnection, checks: list[Check], params: dict[str, Any]) -> list[dict]:
    """Every (claim, check) that fails, with its reason: [{claim_id, article_id, check_name, reason, ...}]."""
    failures = []
    for check in checks:
        detail = f"({check.detail})" if check.detail else "null"
        sql = (f"select * from (select c.*, {detail} as detail from checked_claims c) c "
               f"where coalesce(({check.when}), false)")
        try:
            cur = con.execute(sql, _bind(sql, params, check.name))
        except duckdb.Error as exc:
            raise KabarError(f"{checks_path()}: check {check.name} does not run: {str(exc).splitlines()[0]}") from exc
        columns = [d[0] for d in cur.description]
        for row in cur.fetchall():
            claim = dict(zip(columns, row))
            failures.append({"claim_id": claim["claim_id"], "article_id": claim["article_id"],
                             "article_ref": claim.get("article_ref"), "extractor_version": claim["extractor_version"],
                             "check_name": check.name, "reason": render(check.reason, {**params, **claim})})
    return failures


def _bind(sql: str, params: dict[str, Any], name: str) -> dict[str, Any]:
    used = set(re.findall(r"\$([A-Za-z_]\w*)", sql))
    unknown = used - set(params)
    if unknown:
        raise KabarError(f"{checks_path()}: check {name} uses unknown parameter(s) ${', $'.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(params))}")
    return {k: v for k, v in params.items() if k in used}


class _Reason(string.Formatter):
    """str.format for reasons: a missing value reads "not stated", a list "a, b, c", a date ISO."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None:
            return "not stated"
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


def render(template: str, values: dict[str, Any]) -> str:
    try:
        return _Reason().vformat(template, (), values)
    except (KeyError, IndexError) as exc:
        raise KabarError(f"{checks_path()}: reason {template!r} names {exc}, which is neither a column of "
                         "checked_claims nor a parameter") from None


# --- the pass ---------------------------------------------------------------------------------


def check_claims(work_db: Path | str, *, run_id: str | None = None, thresholds: Thresholds | None = None,
                 checks_file: Path | None = None) -> CheckReport:
    """Check every current claim; record the pass and the held-back claims in the work DB's audit schema."""
    started = time.perf_counter()
    thresholds = thresholds or Thresholds.load()
    checks_file = Path(checks_file or checks_path())
    checks = load_checks(checks_file)
    run_id = run_id or new_run_id("checks")
    version = checks_version(checks_file, thresholds)
    params = parameters(thresholds)
    with connect(work_db) as con:
        ensure_schema(con)
        ensure_audit(con)
        prepare(con, thresholds)
        n, fingerprint = claims_fingerprint(con)
        failures = evaluate(con, checks, params)
        new_ids = _new_claim_ids(con)
        counting = {c.name for c in checks if c.counts_toward_share}
        report = _report(run_id, version, len(checks), n, fingerprint, failures, new_ids, counting)
        _record(con, report, failures)
    report.seconds = round(time.perf_counter() - started, 3)
    (log.warning if report.held_back else log.info)("%s (checks %s)", report.summary(), version)
    return report


def _new_claim_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The run's new claims: those of articles extracted since the last successful publish (all before one)."""
    published = last_publish(con)
    if published is None:
        rows = con.execute("select claim_id from checked_claims").fetchall()
    else:
        rows = con.execute("select claim_id from checked_claims where processed_at is null or processed_at > ?",
                           [published["attempted_at"]]).fetchall()
    return {r[0] for r in rows}


def _report(run_id: str, version: str, n_checks: int, n_claims: int, fingerprint: str, failures: list[dict],
            new_ids: set[str], counting: set[str]) -> CheckReport:
    """The pass's counts; new_held_back counts the new claims held back by a check that counts toward the share."""
    by_check: dict[str, int] = {}
    for f in failures:
        by_check[f["check_name"]] = by_check.get(f["check_name"], 0) + 1
    held = {f["claim_id"] for f in failures}
    shown = [{k: f[k] for k in ("article_ref", "claim_id", "check_name", "reason")}
             for f in sorted(failures, key=lambda f: (f["article_ref"] or "", f["claim_id"], f["check_name"]))][:SHOWN]
    return CheckReport(run_id=run_id, checks_version=version, checks=n_checks, claims_checked=n_claims,
                       held_back=len(held), by_check=by_check, new_claims=len(new_ids),
                       new_held_back=len({f["claim_id"] for f in failures if f["check_name"] in counting} & new_ids),
                       claims_fingerprint=fingerprint, held=shown)


def _record(con: duckdb.DuckDBPyConnection, report: CheckReport, failures: list[dict]) -> None:
    con.execute("begin transaction")
    try:
        con.execute("insert into audit.claim_checks values (?, now(), ?, ?, ?, ?, ?, ?, ?)",
                    [report.run_id, report.checks_version, report.claims_checked, report.held_back,
                     report.new_claims, report.new_held_back, report.claims_fingerprint, json.dumps(report.by_check)])
        if failures:
            con.executemany("insert into audit.held_back_claims values (?, ?, ?, ?, ?, ?, ?)",
                            [[report.run_id, f["claim_id"], f["article_id"], f["check_name"], f["reason"],
                              f["extractor_version"], report.checks_version] for f in failures])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
