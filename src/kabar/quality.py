"""The systemic tier of the gate: Great Expectations suites over the built marts; any failure refuses the publish.

`validate(work_db)` reads every marts.* table the suites name from the work database (a
read-only connection), turns each into a pandas frame with the derived columns its suite
checks (joins, date limits, type names), validates the frames with Great Expectations 1.x,
writes the run's Data Docs under `<work db folder>/gx/` and stores a summary in
`audit.validations` of the work database together with a fingerprint of the marts it saw, and every
expectation's outcome in `audit.validation_results`; from those two it renders the validation
summary site beside GX's Data Docs (kabar.validationdocs), which reads offline.
`kabar publish` compares that fingerprint with the current marts, so it can refuse marts
that were never validated, changed since, or failed.

Besides the marts, two suites judge the run itself (SCOPE = "run"): the row tier
(kabar.claimchecks) checked the current claims and held back at most a small share of the run's
new claims, and the published tables did not shrink against the last publish. Their frames are
built from the `facts` this module gathers (audit tables, the last publish).

The suites live in `expectations/<name>.py` (one module per published table; see
expectations/README.md) and the thresholds a user may tune in `expectations/thresholds.toml`.
Frames, not GX's SQL datasource: on DuckDB the SQL datasource needs the third-party
duckdb-engine dialect and has open bugs, while frames read from DuckDB validate reliably
(timings in the report of issue 5).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import logging
import math
import re
import sys
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import duckdb

from kabar import vocab
from kabar.errors import KabarError
from kabar.thresholds import EXPECTATIONS_ENV, Thresholds, expectations_dir
from kabar.warehouse.audit import (describe_failure, ensure_audit, has_table, last_publish, latest_check_pass,
                                   new_run_id)
from kabar.warehouse.db import connect
from kabar.warehouse.marts import MARTS, mart_tables, marts_fingerprint

log = logging.getLogger(__name__)

GX_DATASOURCE = "kabar_marts"
RUN_SCOPE = "run"   # a suite about the run (the gate's own figures), not about a mart

# Code lists the suites check against: the code lists of kabar.vocab plus the marts' 'unknown' members.
UNKNOWN = "unknown"
CODES: dict[str, tuple[str, ...]] = {
    "measures": vocab.MEASURES,
    "casualty_measures": vocab.CASUALTY_MEASURES,
    "munition_measures": vocab.MUNITION_MEASURES,
    "categories": vocab.CATEGORIES,
    "qualifiers": vocab.QUALIFIERS,
    "weapons": vocab.WEAPONS + (UNKNOWN,),
    "actors": vocab.ATTACKERS + (UNKNOWN,),
    "precisions": vocab.PLACE_PRECISIONS + (UNKNOWN,),
    "place_types": vocab.PLACE_PRECISIONS + (UNKNOWN,),
    "date_bases": vocab.DATE_BASES,
    "time_precisions": vocab.TIME_PRECISIONS,
    "geo_precisions": vocab.GEO_PRECISIONS,
    # qualifiers whose figure bounds the count from above ("exact", "about", "hingga")
    "upper_bounded_qualifiers": tuple(q["key"] for q in vocab.codes("qualifiers")
                                      if q["reading"] in ("point", "upper_bound")),
}
# DuckDB type names a count column may have (`<column>__type` in a frame holds typeof(column)).
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
                 "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT")
TYPE_SUFFIX = "__type"


def sql_params(t: Thresholds, facts: dict | None = None) -> dict[str, Any]:
    """Values a suite's FRAME may use as $name parameters: date limits, code lists and the run's facts."""
    return {**t.date_params(), **{name: list(values) for name, values in CODES.items()}, **(facts or {})}


# --- building blocks for the suites (expectations/*.py) ----------------------------------------


def _quiet_gx_logs() -> None:
    """GX logs every config save, and at import every closure it skips registering, at INFO: keep the
    CLI readable. Called before the first GX import; a level set by the user is kept."""
    gx_log = logging.getLogger("great_expectations")
    if gx_log.level == logging.NOTSET:
        gx_log.setLevel(logging.WARNING)


def _gxe():
    _quiet_gx_logs()
    import great_expectations.expectations as gxe  # slow import: only when suites are built

    return gxe


def _midnight(day: dt.date) -> dt.datetime:
    # DuckDB dates arrive in pandas as datetime64: compare with datetimes, not dates
    return dt.datetime(day.year, day.month, day.day)


def keys(*columns: str) -> list:
    """The table's key: never null and unique (compound when several columns)."""
    return [*not_null(*columns, why="is a key"), *unique(*columns)]


def unique(*columns: str) -> list:
    """No two rows share these values (nulls compare equal)."""
    gxe = _gxe()
    if len(columns) == 1:
        return [gxe.ExpectColumnValuesToBeUnique(column=columns[0], description=f"{columns[0]} is unique")]
    return [gxe.ExpectCompoundColumnsToBeUnique(
        column_list=list(columns), ignore_row_if="never", description=f"({', '.join(columns)}) is unique")]


def not_null(*columns: str, why: str = "") -> list:
    gxe = _gxe()
    return [gxe.ExpectColumnValuesToNotBeNull(column=c, description=f"{c} is never null" + (f" ({why})" if why else ""))
            for c in columns]


def counts(t: Thresholds, *columns: str, minimum: int = 0) -> list:
    """Counts are integers (DuckDB type) between `minimum` and the max_value sanity bound, on every row."""
    gxe = _gxe()
    out = []
    for c in columns:
        out.append(gxe.ExpectColumnValuesToBeInSet(
            column=c + TYPE_SUFFIX, value_set=list(INTEGER_TYPES), description=f"{c} is an integer column"))
        out.append(gxe.ExpectColumnValuesToBeBetween(
            column=c, min_value=minimum, max_value=t.max_value,
            description=f"{c} is a count: >= {minimum} and <= max_value ({t.max_value})"))
    return out


def codes(t: Thresholds, column: str, allowed: str | tuple[str, ...]) -> list:
    """Values of `column` come from a code list (a name in CODES or the values themselves), on every row."""
    values = CODES[allowed] if isinstance(allowed, str) else allowed
    return [_gxe().ExpectColumnValuesToBeInSet(
        column=column, value_set=list(values),
        description=f"{column} is one of {', '.join(map(str, values))}")]


def dates(t: Thresholds, column: str, since_invasion: bool = True) -> list:
    """A date not before the invasion (unless `since_invasion` is false) and not in the future
    (run date + future_skew_days)."""
    if not since_invasion:
        return [_gxe().ExpectColumnValuesToBeBetween(
            column=column, max_value=_midnight(t.latest_date),
            description=f"{column} is not after the run date + {t.future_skew_days} day(s) ({t.latest_date})")]
    return [_gxe().ExpectColumnValuesToBeBetween(
        column=column, min_value=_midnight(t.invasion_start), max_value=_midnight(t.latest_date),
        description=f"{column} lies between invasion_start ({t.invasion_start}) and the run date + "
                    f"{t.future_skew_days} day(s) ({t.latest_date})")]


def not_after(t: Thresholds, column: str, limit_column: str, why: str) -> list:
    """`column` <= `limit_column` on every row where both are known."""
    return [_gxe().ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=limit_column, column_B=column, or_equal=True, ignore_row_if="either_value_is_missing",
        description=f"{column} is not after {limit_column} ({why})")]


def ordered(low: str, high: str, why: str = "") -> list:
    """`low` <= `high` on every row where both are known."""
    return [_gxe().ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=high, column_B=low, or_equal=True, ignore_row_if="either_value_is_missing",
        description=f"{low} <= {high}" + (f" ({why})" if why else ""))]


def between(column: str, low: float, high: float, why: str = "") -> list:
    return [_gxe().ExpectColumnValuesToBeBetween(
        column=column, min_value=low, max_value=high,
        description=f"{column} in [{low}, {high}]" + (f" ({why})" if why else ""))]


def matches(column: str, regex: str, why: str) -> list:
    return [_gxe().ExpectColumnValuesToMatchRegex(column=column, regex=regex, description=f"{column}: {why}")]


def always(column: str, why: str) -> list:
    """A derived boolean column of the frame is true on every row (the frame must not yield null)."""
    return [_gxe().ExpectColumnValuesToBeInSet(column=column, value_set=[True], description=why),
            _gxe().ExpectColumnValuesToNotBeNull(column=column, description=f"{column} is computed for every row")]


def row_count_at_least(minimum: int, why: str) -> list:
    return [_gxe().ExpectTableRowCountToBeBetween(min_value=minimum, description=why)]


# --- suites -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suite:
    """One suite, loaded from expectations/<name>.py: a published table's, or (scope "run") the run's."""

    table: str
    key: tuple[str, ...]
    frame: str          # SQL over the work DB; $name parameters from sql_params()
    build: Callable[[Thresholds, dict], list]
    path: Path
    scope: str = MARTS  # MARTS: validates marts.<table>; RUN_SCOPE: a frame of the run's own figures

    @property
    def is_mart(self) -> bool:
        return self.scope == MARTS


def load_suites(directory: Path | None = None) -> list[Suite]:
    """Every expectations/<table>.py (files starting with '_' are helpers, not suites)."""
    directory = Path(directory or expectations_dir())
    paths = sorted(p for p in directory.glob("*.py") if not p.name.startswith("_"))
    if not paths:
        raise KabarError(f"{directory}: no suites (expectations/<table>.py) found (set {EXPECTATIONS_ENV})")
    return [_load_suite(p) for p in paths]


def _load_suite(path: Path) -> Suite:
    spec = importlib.util.spec_from_file_location(f"kabar_expectations.{path.stem}", path)
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))        # a suite may import the folder's helper modules (_*.py)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise KabarError(f"{path}: cannot load the suite: {exc!r}") from exc
    finally:
        sys.path.remove(str(path.parent))
    for name in ("TABLE", "KEY", "expectations"):
        if not hasattr(module, name):
            raise KabarError(f"{path}: a suite module defines TABLE, KEY and expectations(t, facts); {name} is missing")
    table, scope = module.TABLE, getattr(module, "SCOPE", MARTS)
    if scope not in (MARTS, RUN_SCOPE) or (scope == RUN_SCOPE and not hasattr(module, "FRAME")):
        raise KabarError(f"{path}: SCOPE is '{MARTS}' (default) or '{RUN_SCOPE}' (which needs a FRAME), got {scope!r}")
    return Suite(table=table, key=tuple(module.KEY),
                 frame=getattr(module, "FRAME", f"select * from {MARTS}.{table}"),
                 build=module.expectations, path=path, scope=scope)


# --- what the run-scope suites judge ----------------------------------------------------------


def _facts(con: duckdb.DuckDBPyConnection, t: Thresholds, tables: list[str], row_counts: dict[str, int]) -> dict:
    """What the suites may condition on and the run-scope suites validate (also their $parameters)."""
    if has_table(con, "nlp", "processed"):
        processed = con.execute("select count(distinct article_id) from nlp.processed").fetchone()[0]
    elif "dim_article" in tables:
        processed = con.execute(f"select count(*) from {MARTS}.dim_article").fetchone()[0]
    else:
        processed = 0
    return {"articles_processed": processed, **_row_tier_facts(con, t), **_shrink_facts(con, t, row_counts)}


def _row_tier_facts(con: duckdb.DuckDBPyConnection, t: Thresholds) -> dict:
    """Did the row tier check the current claims with the current checks, and what share did it hold back?"""
    from kabar.claimchecks import checks_path, checks_version, claims_fingerprint, prepare

    checked = latest_check_pass(con)
    if has_table(con, "nlp", "claims") and has_table(con, "raw", "articles"):
        prepare(con, t)
        current = (claims_fingerprint(con)[1], checks_version(checks_path(), t))
        checked_ok = checked is not None and (checked["claims_fingerprint"], checked["checks_version"]) == current
    else:  # marts without the pipeline's own tables (written by hand or by another tool): nothing to check
        checked_ok = True
    new, held = (checked["new_claims"], checked["new_held_back"]) if checked else (0, 0)
    share = held / new if new else 0.0
    return {
        "check_run_id": checked["run_id"] if checked else None,
        "claims_checked_ok": checked_ok,
        "new_claims": new,
        "new_held_back": held,
        "held_back_share": share,
        # judged only once enough claims are held back (thresholds.toml: held_back_min_count)
        "held_back_share_judged": share if held >= t.held_back_min_count else 0.0,
    }


def _shrink_facts(con: duckdb.DuckDBPyConnection, t: Thresholds, row_counts: dict[str, int]) -> dict:
    """Rows now and at the last publish of each shrink_tables table, and the fewest rows allowed now."""
    before = (last_publish(con) or {}).get("tables") or {}
    names = [name for name in t.shrink_tables if name in before and name in row_counts]
    floors = [int(before[n]) - max(math.floor(int(before[n]) * t.max_shrink), t.shrink_min_rows - 1) for n in names]
    return {"shrink_table_names": names, "shrink_rows_now": [row_counts[n] for n in names],
            "shrink_rows_before": [int(before[n]) for n in names], "shrink_rows_floor": floors}


def _frame_sql(suite: Suite, expectations: list) -> str:
    """The suite's FRAME plus typeof(column) for every `<column>__type` an expectation reads."""
    typed = sorted({c[: -len(TYPE_SUFFIX)] for e in expectations for c in _columns(e) if c.endswith(TYPE_SUFFIX)})
    if not typed:
        return suite.frame
    extra = ", ".join(f'typeof(__f."{c}") as "{c}{TYPE_SUFFIX}"' for c in typed)
    return f"select __f.*, {extra} from ({suite.frame}) __f"


def _columns(expectation) -> list[str]:
    out = []
    for name in ("column", "column_A", "column_B"):
        value = getattr(expectation, name, None)
        if value:
            out.append(value)
    out.extend(getattr(expectation, "column_list", None) or [])
    return out


def _bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """Only the $parameters the query uses (DuckDB rejects unused ones)."""
    used = set(re.findall(r"\$([A-Za-z_]\w*)", sql))
    unknown = used - set(params)
    if unknown:
        raise KabarError(f"unknown parameter(s) ${', $'.join(sorted(unknown))}; known: {', '.join(sorted(params))}")
    return {k: v for k, v in params.items() if k in used}


# --- the report -------------------------------------------------------------------------------


@dataclass
class ValidationReport:
    run_id: str
    success: bool
    checks: int
    failed: int
    failures: list[dict]
    data_docs_path: str | None
    fingerprint: str
    tables: dict[str, int]                       # rows per validated table
    unvalidated_tables: list[str] = field(default_factory=list)  # marts.* with no suite (a warning)
    thresholds: dict = field(default_factory=dict)
    seconds: float = 0.0
    check_run_id: str | None = None              # the row-tier pass whose held-back claims go with these marts
    summary_site: str | None = None              # the validation summary site's index (kabar.validationdocs)

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        verdict = "PASSED" if self.success else "FAILED"
        lines = [f"validation {self.run_id}: {verdict} - {self.checks - self.failed}/{self.checks} checks passed "
                 f"on {len(self.tables)} tables ({sum(self.tables.values())} rows) in {self.seconds:.1f}s"]
        lines += [f"  {describe_failure(f)}" for f in self.failures]
        if self.unvalidated_tables:
            lines.append(f"  warning: no suite for marts.{', marts.'.join(self.unvalidated_tables)}")
        if self.data_docs_path:
            lines.append(f"  Data Docs: {self.data_docs_path}")
        if self.summary_site:
            lines.append(f"  Validation summary: {self.summary_site}")
        return "\n".join(lines)


def _plain(value: Any) -> Any:
    """numpy / pandas scalars and containers -> JSON-friendly Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d 00:00:00", value):
        return value[:10]  # a date GX printed as a timestamp
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _failure(table: str, expectation_type: str, *, column: str | None = None, description: str | None = None,
             error: str | None = None, **extra) -> dict:
    return {"table": table, "expectation": expectation_type, "column": column, "description": description,
            "unexpected_count": extra.get("unexpected_count"), "element_count": extra.get("element_count"),
            "examples": extra.get("examples", []), "rows": extra.get("rows", []),
            "observed_value": extra.get("observed_value"), "error": error}


def _result_row(suite: str, table: str, result, n_examples: int) -> dict:
    """One expectation's outcome for audit.validation_results: passed or failed, with GX's observed value."""
    observed = (result.result or {}).get("observed_value")
    return {**_failure_from_result(table, result, n_examples), "suite": suite, "success": bool(result.success),
            "observed_value": _plain(observed) if observed is not None else None}


def _failure_from_result(table: str, result, n_examples: int) -> dict:
    config = result.expectation_config
    kwargs = config.kwargs
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if kwargs.get(k)] + list(kwargs.get("column_list") or [])
    res = result.result or {}
    info = result.exception_info or {}
    if info and "raised_exception" not in info:  # keyed by metric when a metric raised
        info = next(iter(info.values()), {})
    error = info.get("exception_message") if info.get("raised_exception") else None
    observed = res.get("observed_value")
    return _failure(
        table, config.type, column=",".join(columns) or None, description=config.description, error=error,
        unexpected_count=res.get("unexpected_count"), element_count=res.get("element_count"),
        examples=_plain((res.get("partial_unexpected_list") or [])[:n_examples]),
        rows=_plain((res.get("unexpected_index_list") or [])[:n_examples]),
        observed_value=_plain(observed) if observed is not None and not result.success else None)


# --- running ----------------------------------------------------------------------------------


def _gx_context(root: Path):
    _quiet_gx_logs()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(root))
    if context.variables.progress_bars != ProgressBarsConfig(globally=False):
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
    return context


def _run_gx(root: Path, run_id: str, runs: list[tuple[Suite, list, Any]], n_examples: int):
    """Validate each (suite, expectations, frame); build the run's Data Docs. -> (results, errors, docs path)."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.exceptions import DataContextError
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = _gx_context(root)
    source = context.data_sources.add_or_update_pandas(GX_DATASOURCE)
    run_identifier = RunIdentifier(run_name=run_id, run_time=dt.datetime.now(dt.timezone.utc))
    results, identifiers, errors = {}, [], []
    for suite, expectations, frame in runs:
        name = f"{suite.scope}.{suite.table}"
        asset = next((a for a in source.assets if a.name == suite.table), None) or \
            source.add_dataframe_asset(suite.table)
        batch = next((b for b in asset.batch_definitions if b.name == "whole"), None) or \
            asset.add_batch_definition_whole_dataframe("whole")
        # replace rather than add_or_update: GX diffs and saves expectation by expectation (~10x slower)
        for store in (context.validation_definitions, context.suites):
            try:
                store.delete(name)
            except DataContextError:
                pass
        gx_suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=gx_suite))
        key = [k for k in suite.key if k in frame.columns]
        result_format = {"result_format": "COMPLETE", "partial_unexpected_count": n_examples}
        if key:
            result_format["unexpected_index_column_names"] = key
        try:
            results[suite.table] = definition.run(batch_parameters={"dataframe": frame},
                                                  result_format=result_format, run_id=run_identifier)
        except Exception as exc:  # a broken suite fails the gate with its file named, not with a traceback
            log.exception("suite %s could not run", suite.path)
            errors.append(_failure(suite.table, "suite_runs", description=f"{suite.path.name} runs",
                                   error=f"{suite.path}: {type(exc).__name__}: {exc}"))
            continue
        identifiers.append(ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=name),
            run_id=run_identifier, batch_identifier=results[suite.table].batch_id))
    sites = context.build_data_docs(resource_identifiers=identifiers)
    docs = sites.get("local_site") or next(iter(sites.values()), None)
    return results, errors, (docs.removeprefix("file://") if docs else None)


def gx_root(work_db: Path) -> Path:
    """Where the GX file context (suites, results, Data Docs) lives: beside the work DB."""
    return Path(work_db).resolve().parent


def validate(work_db: Path | str, *, run_id: str | None = None, thresholds: Thresholds | None = None,
             suites_dir: Path | None = None) -> ValidationReport:
    """Run every suite over the current marts and the run's figures; store and return the verdict."""
    started = time.monotonic()
    work_db = Path(work_db)
    if not work_db.is_file():
        raise KabarError(f"{work_db}: work database not found (run `kabar build` first)")
    thresholds = thresholds or Thresholds.load()
    run_id = run_id or new_run_id("validate")
    suites = load_suites(suites_dir)
    failures: list[dict] = []
    with connect(work_db, read_only=True) as con:
        tables = mart_tables(con)
        fingerprint, row_counts = marts_fingerprint(con)
        facts = _facts(con, thresholds, tables, row_counts)
        runs = _frames(con, suites, tables, thresholds, facts, failures, work_db)
    unvalidated = sorted(set(tables) - {s.table for s in suites if s.is_mart})
    for table in unvalidated:
        log.warning("marts.%s has no suite in %s: it is published unchecked", table, expectations_dir())

    log.info("validating %d frames with Great Expectations", len(runs))
    results, errors, docs = _run_gx(gx_root(work_db), run_id, runs, thresholds.examples)
    failures += errors
    scopes = {s.table: s.scope for s in suites}
    rows = [{**f, "suite": f"{scopes.get(f['table'], MARTS)}.{f['table']}", "success": False} for f in failures]
    for table, result in results.items():
        rows += [_result_row(f"{scopes[table]}.{table}", table, er, thresholds.examples) for er in result.results]
    failures += [_failure_from_result(table, er, thresholds.examples)
                 for table, result in results.items() for er in result.results if not er.success]
    report = ValidationReport(
        run_id=run_id, success=not failures, checks=len(rows), failed=len(failures), failures=failures,
        data_docs_path=docs, fingerprint=fingerprint,
        tables={s.table: row_counts[s.table] for s, _, _ in runs if s.is_mart},
        unvalidated_tables=unvalidated, thresholds=thresholds.as_dict(),
        seconds=round(time.monotonic() - started, 2), check_run_id=facts.get("check_run_id"))
    _store(work_db, report, rows)
    report.summary_site = _write_summary_site(work_db, run_id)
    log.info("validation %s: %s, %d/%d checks failed; Data Docs: %s; summary: %s", run_id,
             "passed" if report.success else "FAILED", report.failed, report.checks, docs, report.summary_site)
    return report


def _frames(con: duckdb.DuckDBPyConnection, suites: list[Suite], tables: list[str], thresholds: Thresholds,
            facts: dict, failures: list[dict], work_db: Path) -> list[tuple[Suite, list, Any]]:
    """(suite, expectations, frame) per suite that can run; a missing table or broken frame is a failure."""
    params = sql_params(thresholds, facts)
    runs = []
    for suite in suites:
        if suite.is_mart and suite.table not in tables:
            failures.append(_failure(suite.table, "table_exists", description=f"marts.{suite.table} exists",
                                     error=f"marts.{suite.table} is missing from {work_db}"))
            continue
        try:
            expectations = suite.build(thresholds, facts)
        except Exception as exc:
            raise KabarError(f"{suite.path}: expectations() failed: {type(exc).__name__}: {exc}") from exc
        sql = _frame_sql(suite, expectations)
        try:
            with warnings.catch_warnings():  # duckdb's .df() uses a pandas keyword pandas 3.1 deprecates
                warnings.filterwarnings("ignore", message="The inplace keyword", category=Warning)
                frame = con.execute(sql, _bind(sql, params)).df()
        except duckdb.Error as exc:
            failures.append(_failure(suite.table, "frame_query", description=f"the frame of {suite.path.name} runs",
                                     error=str(exc).splitlines()[0]))
            continue
        runs.append((suite, expectations, frame))
    return runs


def _store(work_db: Path, report: ValidationReport, rows: list[dict]) -> None:
    """The verdict (audit.validations) and every expectation's outcome (audit.validation_results), in one
    transaction."""
    with connect(work_db) as con:
        ensure_audit(con)
        con.execute("begin")
        con.execute(
            "insert or replace into audit.validations (run_id, validated_at, success, checks, failed, "
            "marts_fingerprint, data_docs_path, thresholds, summary, claim_check_run_id) "
            "values (?, now(), ?, ?, ?, ?, ?, ?, ?, ?)",
            [report.run_id, report.success, report.checks, report.failed, report.fingerprint,
             report.data_docs_path, json.dumps(report.thresholds), json.dumps(report.as_dict(), default=str),
             report.check_run_id])
        con.execute("delete from audit.validation_results where run_id = ?", [report.run_id])
        if rows:
            con.executemany(
                "insert into audit.validation_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [[report.run_id, i, r["suite"], r["expectation"], r.get("column"), r.get("description"),
                  r["success"], _json(r.get("observed_value")), r.get("unexpected_count"), r.get("element_count"),
                  _json(r.get("examples") or None), r.get("error")] for i, r in enumerate(rows)])
        con.execute("commit")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str)


def summary_site_dir(work_db: Path) -> Path:
    """The validation summary site: beside GX's Data Docs site (local_site) under the GX project."""
    return gx_root(work_db) / "gx" / "uncommitted" / "data_docs" / "summary"


def _write_summary_site(work_db: Path, run_id: str) -> str | None:
    """Render the summary site (every run's validations, this run's page); a site that cannot be written is a
    warning, never a changed verdict."""
    from kabar.validationdocs import write_site

    try:
        with connect(work_db, read_only=True) as con:
            return str(write_site(con, summary_site_dir(work_db), run_id))
    except Exception as exc:  # noqa: BLE001 - the verdict is stored; the site is a view of it
        log.warning("validation summary site not written: %s: %s", type(exc).__name__, exc)
        return None
