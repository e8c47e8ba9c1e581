"""The Great Expectations gate over marts written by tests/test_quality_marts.py (real DuckDB, real GX)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from kabar.errors import KabarError  # noqa: E402
from kabar.quality import Thresholds, load_suites, validate  # noqa: E402
from kabar.warehouse.db import connect, ensure_schema  # noqa: E402
from test_quality_marts import MART_TABLES, write_marts  # noqa: E402

RUN_DATE = dt.date(2024, 6, 1)  # the fixture's latest date is 2024-05-01


def thresholds(**overrides) -> Thresholds:
    return Thresholds.load(run_date=RUN_DATE, **overrides)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    db = write_marts(tmp_path_factory.mktemp("clean") / "work.duckdb")
    return db, validate(db, run_id="clean-run", thresholds=thresholds())


def test_clean_marts_pass_every_suite_and_the_verdict_is_stored(clean):
    db, report = clean
    assert report.success, report.summary()
    assert report.failed == 0 and report.failures == []
    assert set(report.tables) == set(MART_TABLES) and report.unvalidated_tables == []
    assert report.checks > 100  # ten suites, every column family
    assert Path(report.data_docs_path).is_file()
    assert json.loads(json.dumps(report.as_dict()))["run_id"] == "clean-run"
    with connect(db, read_only=True) as con:
        row = con.execute("select success, checks, failed, marts_fingerprint from audit.validations "
                          "where run_id = 'clean-run'").fetchone()
    assert row == (True, report.checks, 0, report.fingerprint)


def _inject(db: Path, *statements: str) -> None:
    con = duckdb.connect(str(db))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


@pytest.fixture(scope="module")
def faulty(clean, tmp_path_factory):
    """One run with several independent faults: each must be reported with its table, column and example."""
    db = tmp_path_factory.mktemp("faulty") / "work.duckdb"
    shutil.copy(clean[0], db)
    _inject(db,
            "update marts.fct_claims set value = -3 where claim_id = 'c1'",
            "update marts.fct_claims set date_key = date '2019-01-01' where claim_id = 'c3'",
            "update marts.fct_claims set date_key = date '2024-03-15' where claim_id = 'c2'",  # article: 2024-03-10
            # an exact 30 launched (c4) and at least 40 intercepted on one strike
            "update marts.fct_strikes set intercepted_low = 40, intercepted_best = 40, intercepted_high = 40 "
            "where strike_id = 's2'",
            "update marts.fct_strikes set killed_low = 9 where strike_id = 's1'",               # low > best
            "update marts.dim_place set longitude = 200 where place_key = 'city:698740'",
            "update marts.dim_article set published_date = date '2030-01-01' where article_id = 'a3'",
            "update marts.dim_measure set category = 'munition' where measure_key = 'killed'",
            "insert into marts.dim_actor values ('XX', 'nobody')")
    return db, validate(db, run_id="faulty-run", thresholds=thresholds())


def _failure(report, table: str, column: str, expectation: str | None = None) -> dict:
    found = [f for f in report.failures if f["table"] == table and f["column"] == column
             and (expectation is None or f["expectation"] == expectation)]
    assert found, f"no failure on {table}.{column}:\n{report.summary()}"
    return found[0]


@pytest.mark.parametrize("table, column, expectation, example", [
    ("fct_claims", "value", "expect_column_values_to_be_between", -3),
    ("fct_claims", "date_key", "expect_column_values_to_be_between", "2019-01-01"),
    ("fct_claims", "event_date_limit,date_key", None, ["2024-03-10", "2024-03-15"]),
    ("fct_strikes", "launched_upper_bound,intercepted_low", None, [30, 40]),
    ("fct_strikes", "killed_best,killed_low", None, [5, 9]),
    ("dim_place", "longitude", None, 200.0),
    ("dim_article", "published_date", None, "2030-01-01"),
    ("dim_measure", "category_ok", None, False),
    ("dim_actor", "actor_key", "expect_column_values_to_be_in_set", "XX"),
])
def test_each_fault_is_reported_with_table_column_rows_and_examples(faulty, table, column, expectation, example):
    _, report = faulty
    assert not report.success
    failure = _failure(report, table, column, expectation)
    assert failure["unexpected_count"] == 1
    examples = [ex if not isinstance(ex, list) else [str(v)[:10] if isinstance(v, str) else v for v in ex]
                for ex in failure["examples"]]
    assert example in examples
    assert failure["rows"], "the failing row's key is named"


def test_a_failed_verdict_is_stored_with_its_failures_and_data_docs(faulty):
    db, report = faulty
    assert report.failed == len(report.failures) and report.failed >= 9
    assert Path(report.data_docs_path).is_file()
    with connect(db, read_only=True) as con:
        success, summary = con.execute(
            "select success, summary from audit.validations where run_id = 'faulty-run'").fetchone()
    assert success is False
    assert json.loads(summary)["failures"] == json.loads(json.dumps(report.failures))
    text = report.summary()
    assert "FAILED" in text and "fct_claims.value" in text and "-3" in text and report.data_docs_path in text


def test_missing_table_and_no_claims_after_processing_fail(clean, tmp_path):
    db = tmp_path / "work.duckdb"
    shutil.copy(clean[0], db)
    with connect(db) as con:
        ensure_schema(con)
        con.execute("insert into nlp.processed values ('a1', 'x1', 'm1', now(), 3, 0)")
        con.execute("delete from marts.fct_claims")
        con.execute("drop table marts.mart_daily_measures")
    suites = tmp_path / "suites"
    suites.mkdir()
    for name in ("fct_claims.py", "mart_daily_measures.py", "thresholds.toml"):
        shutil.copy(Path(load_suites()[0].path).parent / name, suites)
    report = validate(db, thresholds=thresholds(), suites_dir=suites)
    assert not report.success
    assert _failure(report, "mart_daily_measures", None, "table_exists")["error"]
    count = _failure(report, "fct_claims", None, "expect_table_row_count_to_be_between")
    assert count["observed_value"] == 0
    assert "dim_article" in report.unvalidated_tables  # tables with no suite are named, not silently passed


def test_thresholds_are_parameters_of_the_suites():
    strict, loose = thresholds(), thresholds(max_value=10, future_skew_days=30)
    by_table = {s.table: s for s in load_suites()}

    def kwargs(t: Thresholds, column: str) -> list[dict]:
        return [{"max_value": getattr(e, "max_value", None)}
                for e in by_table["fct_claims"].build(t, {"articles_processed": 1})
                if getattr(e, "column", None) == column]

    assert any(k.get("max_value") == strict.max_value for k in kwargs(strict, "value"))
    assert any(k.get("max_value") == 10 for k in kwargs(loose, "value"))
    latest = [k["max_value"] for k in kwargs(loose, "date_key") if k.get("max_value")]
    assert latest and latest[0].date() == RUN_DATE + dt.timedelta(days=30)
    assert dataclasses.replace(strict, run_date=dt.date(2025, 1, 1)).latest_date == dt.date(2025, 1, 2)


def test_threshold_file_errors_name_the_file(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text("max_value = 5\nmostly_kount = 0.5\n")
    with pytest.raises(KabarError, match=r"t\.toml: unknown threshold\(s\) mostly_kount"):
        Thresholds.load(path)
    good = Path(load_suites()[0].path).parent / "thresholds.toml"
    path.write_text(good.read_text().replace("held_back_max_share = 0.05", "held_back_max_share = 1.5"))
    with pytest.raises(KabarError, match=r"t\.toml: held_back_max_share must be a fraction"):
        Thresholds.load(path)
    path.write_text(good.read_text().replace("lost = 20_000", ""))
    with pytest.raises(KabarError, match=r"t\.toml: value_bounds must give one bound per measure"):
        Thresholds.load(path)


def test_validate_without_a_work_db_is_a_clear_error(tmp_path):
    with pytest.raises(KabarError, match="work database not found"):
        validate(tmp_path / "nope.duckdb", thresholds=thresholds())
