"""The Great Expectations gate over marts written by tests/test_quality_marts.py (real DuckDB, real GX)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
import re
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


# --- the validation summary site (kabar.validationdocs) ---------------------------------------------


def _runs_in_index(index: str) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """[(run id, [(suite, passed, failed), ...]), ...] in the index's order."""
    out = []
    for run_id, block in re.findall(r'<tbody class="run" id="run-([^"]+)">(.*?)</tbody>', index, flags=re.S):
        suites = re.findall(r'<tr class="suite">.*?#[^"]+">([^<]+)</a>.*?<td class="num">(\d+)</td>'
                            r'<td class="num[^"]*">(\d+)</td></tr>', block)
        out.append((html.unescape(run_id), [(html.unescape(s), int(p), int(f)) for s, p, f in suites]))
    return out


def test_the_summary_site_lists_every_runs_validations_newest_first(faulty):
    """The faulty work DB is a copy of the clean one validated again: its site lists both runs, the newer
    first, each suite with the expectations it passed and failed as audit.validation_results holds them."""
    db, report = faulty
    site = Path(report.summary_site)
    assert site.parent.parent == Path(report.data_docs_path).parent.parent  # beside GX's local_site
    runs = _runs_in_index(site.read_text(encoding="utf-8"))
    assert [run_id for run_id, _ in runs] == ["faulty-run", "clean-run"]
    with connect(db, read_only=True) as con:
        for run_id, suites in runs:
            stored = con.execute("select suite, count(*) filter (where success), count(*) filter (where not success) "
                                 "from audit.validation_results where run_id = ? group by suite order by suite",
                                 [run_id]).fetchall()
            assert suites == [tuple(r) for r in stored]
    faulty_suites = dict((s, (p, f)) for s, p, f in runs[0][1])
    assert sum(p + f for p, f in faulty_suites.values()) == report.checks
    assert sum(f for _, f in faulty_suites.values()) == report.failed
    assert faulty_suites["marts.fct_claims"][1] >= 3 and faulty_suites["marts.dim_weapon"][1] == 0
    assert all(f == 0 for _, _, f in runs[1][1])


def test_a_runs_page_lists_each_expectation_with_its_result_and_what_it_observed(faulty):
    from kabar.validationdocs import page_name

    _, report = faulty
    page = (Path(report.summary_site).parent / page_name("faulty-run")).read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="(pass|fail)">(.*?)</tr>', page, flags=re.S)
    assert len(rows) == report.checks and sum(c == "fail" for c, _ in rows) == report.failed
    text = {html.unescape(re.sub(r"<[^>]+>", "|", r)): c for c, r in rows}
    value = next(t for t, c in text.items() if c == "fail" and "|value|" in t and "be_between" in t)
    assert re.search(r"1 of \d+ rows unexpected; e\.g\. \|-3\|", value)
    row_count = next(t for t, c in text.items() if "expect_table_row_count" in t)
    assert re.search(r"observed \|\d+\|", row_count)  # an aggregate expectation shows GX's observed value
    assert sum(c == "pass" for c in text.values()) > 250


@pytest.mark.parametrize("which", ["index", "faulty-run"])
def test_the_summary_site_is_styled_with_the_network_off(faulty, tmp_path, which):
    """Headless Chromium opens the site from disk with no network: it lists the runs, loads nothing remote,
    and its screenshot carries the verdict colours of the inline CSS (the browser's defaults have none)."""
    import numpy as np
    from PIL import Image

    from browser_support import REMOTE, chromium
    from kabar.validationdocs import page_name

    _, report = faulty
    site = Path(report.summary_site)
    page = site if which == "index" else site.parent / page_name(which)
    text = page.read_text(encoding="utf-8")
    assert not REMOTE.findall(text) and "<script" not in text and "<link" not in text
    dom = chromium(page, tmp_path, "--dump-dom").stdout
    assert "faulty-run" in dom and ('href="runs/clean-run.html"' in dom) == (which == "index")
    chromium(page, tmp_path, f"--screenshot={tmp_path / 'shot.png'}")
    with Image.open(tmp_path / "shot.png") as shot:
        pixels = np.asarray(shot.convert("RGB"), dtype=int).reshape(-1, 3)

    def near(rgb) -> int:
        return int((np.abs(pixels - rgb).sum(axis=1) < 30).sum())

    assert near((26, 127, 55)) > 200 and near((180, 35, 24)) > 100  # the passed and failed badges
    assert len(np.unique(pixels, axis=0)) > 50


def test_a_summary_site_that_cannot_be_written_is_a_warning_not_a_changed_verdict(clean, tmp_path, caplog):
    from kabar.quality import summary_site_dir

    db = tmp_path / "work.duckdb"
    shutil.copy(clean[0], db)
    blocked = summary_site_dir(db)
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where the site's folder goes")
    suites = tmp_path / "suites"
    suites.mkdir()
    for name in ("dim_actor.py", "thresholds.toml"):
        shutil.copy(Path(load_suites()[0].path).parent / name, suites)
    report = validate(db, run_id="blocked-run", thresholds=thresholds(), suites_dir=suites)
    assert report.success and report.summary_site is None
    assert any(r.levelname == "WARNING" and "summary site not written" in r.getMessage() for r in caplog.records)
    with connect(db, read_only=True) as con:
        assert con.execute("select count(*) from audit.validation_results where run_id = 'blocked-run'"
                           ).fetchone()[0] == report.checks


QUIET_RUN = """
import logging, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")  # as the CLI logs
from test_quality_marts import write_marts
from kabar.quality import Thresholds, validate
import datetime as dt
db = write_marts(Path({tmp!r}) / "work.duckdb")
validate(db, run_id="quiet-run", thresholds=Thresholds.load(run_date=dt.date(2024, 6, 1)))
"""


def test_a_validation_logged_at_info_shows_no_great_expectations_chatter(tmp_path):
    """GX logs at INFO on import (every closure it skips registering) and on every config save: a
    `kabar run` log at INFO keeps kabar's own lines, not hundreds of GX's."""
    import subprocess
    import sys

    code = QUIET_RUN.format(tests=str(Path(__file__).parent), tmp=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "INFO kabar.quality" in run.stderr      # the run did log at INFO
    assert [line for line in run.stderr.splitlines() if " great_expectations" in line] == []
