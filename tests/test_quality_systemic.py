"""The systemic tier's checks beyond one mart's rows: munitions on bounds, no tolerated failures, the row
tier having checked the claims, the held-back share of the run's new claims, and published row counts
not collapsing (real DuckDB, real GX; marts from tests/test_quality_marts.py, claims from gate_support)."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from gate_support import claim, write_work_db  # noqa: E402
from kabar.claimchecks import check_claims  # noqa: E402
from kabar.quality import Thresholds, expectations_dir, validate  # noqa: E402
from kabar.warehouse.audit import ensure_audit  # noqa: E402
from kabar.warehouse.db import connect  # noqa: E402
from test_quality_marts import write_marts  # noqa: E402

RUN_DATE = dt.date(2025, 7, 1)


def thresholds(**changes) -> Thresholds:
    return Thresholds.load(run_date=RUN_DATE, **changes)


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    return write_marts(tmp_path_factory.mktemp("marts") / "work.duckdb")


@pytest.fixture(scope="module")
def run_suites(tmp_path_factory):
    """Only the run-scope suites (the tests of the run's own figures need no mart suite: faster)."""
    folder = tmp_path_factory.mktemp("run_suites")
    for name in ("row_tier.py", "published_row_counts.py"):
        shutil.copy(expectations_dir() / name, folder)
    return folder


@pytest.fixture
def db(marts, tmp_path):
    path = tmp_path / "work.duckdb"
    shutil.copy(marts, path)
    return path


def run(db, *statements: str, **changes):
    with connect(db) as con:
        for sql in statements:
            con.execute(sql)
    return validate(db, thresholds=thresholds(**changes))


def failures_on(report, table: str) -> list[dict]:
    return [f for f in report.failures if f["table"] == table]


def test_more_than_140_launched_beside_144_intercepted_is_not_a_failure(db):
    """issue 11, item 2 (dev-002): "Lebih dari 140 ... menyasar" and "menghancurkan 144 drone" refused the
    whole warehouse when best figures were compared (141 < 144). A lower bound does not bound from above."""
    report = run(db,
                 "update marts.fct_claims set qualifier = 'more_than', value = 140 where claim_id = 'c4'",
                 "update marts.fct_claims set value = 144 where claim_id = 'c5'",
                 "update marts.fct_strikes set launched_low = 141, launched_best = 141, launched_high = 141, "
                 "intercepted_low = 144, intercepted_best = 144, intercepted_high = 144 where strike_id = 's2'")
    assert report.success, report.summary()


def test_one_strike_with_447_intercepted_of_44_launched_fails_among_many(db):
    """issue 15, item 3: the check let 1 % of strikes fail, so one such strike among 121 was published."""
    report = run(db,
                 "insert into marts.fct_claims select c.* replace (claim_id || '-' || i as claim_id, "
                 "  strike_id || '-' || i as strike_id) from marts.fct_claims c, range(120) r(i) "
                 "  where strike_id = 's2'",
                 "insert into marts.fct_strikes select s.* replace (strike_id || '-' || i as strike_id) "
                 "  from marts.fct_strikes s, range(120) r(i) where strike_id = 's2'",
                 "update marts.fct_claims set value = 44 where claim_id = 'c4-7'",
                 "update marts.fct_claims set value = 447 where claim_id = 'c5-7'",
                 "update marts.fct_strikes set launched_low = 44, launched_best = 44, launched_high = 44, "
                 "intercepted_low = 447, intercepted_best = 447, intercepted_high = 447 where strike_id = 's2-7'")
    assert not report.success
    [failure] = failures_on(report, "fct_strikes")
    assert failure["column"] == "launched_upper_bound,intercepted_low"
    assert failure["unexpected_count"] == 1 and failure["element_count"] == 2 + 120   # s1, s2 and the copies
    assert failure["rows"][0]["strike_id"] == "s2-7"


def test_claims_the_row_tier_did_not_check_fail_the_gate(db, run_suites):
    write_work_db(db, [claim(), claim(sentence_idx=1, value=-1)])
    unchecked = validate(db, thresholds=thresholds(), suites_dir=run_suites)
    assert [f["column"] for f in failures_on(unchecked, "row_tier")] == ["claims_checked_ok"]

    check_claims(db, thresholds=thresholds())
    checked = validate(db, thresholds=thresholds(), suites_dir=run_suites)
    assert failures_on(checked, "row_tier") == [], checked.summary()
    assert checked.check_run_id is not None

    run(db, "update nlp.claims set value = 41 where value = 40")      # changed since the pass
    changed = validate(db, thresholds=thresholds(), suites_dir=run_suites)
    assert [f["column"] for f in failures_on(changed, "row_tier")] == ["claims_checked_ok"]
    raised = validate(db, thresholds=thresholds(max_value=3_000_000),  # thresholds changed since the pass
                      suites_dir=run_suites)
    assert [f["column"] for f in failures_on(raised, "row_tier")] == ["claims_checked_ok"]


@pytest.mark.parametrize("good, bad, fails", [
    (400, 12, False),   # 12 of 412 new claims held back: 2.9 %
    (100, 12, True),    # 12 of 112: 10.7 %, and at least held_back_min_count (10)
    (4, 5, False),      # 5 of 9: 56 %, but fewer than 10 held back: a few odd sentences, not a broken extractor
])
def test_the_held_back_share_of_new_claims_is_bounded(db, run_suites, good, bad, fails):
    write_work_db(db, [claim(sentence_idx=i) for i in range(good)]
                  + [claim(sentence_idx=good + i, value=-1 - i) for i in range(bad)])
    check_claims(db, thresholds=thresholds())
    report = validate(db, thresholds=thresholds(), suites_dir=run_suites)
    failed = failures_on(report, "row_tier")
    if fails:
        [failure] = failed
        assert failure["column"] == "held_back_share_judged"
        assert f"held back {bad} of the run's {good + bad} new claims" in failure["description"]
    else:
        assert failed == [], report.summary()


def _published_before(db, **tables: int) -> None:
    import json

    with connect(db) as con:
        ensure_audit(con)
        con.execute("insert into audit.publishes (run_id, attempted_at, published, validation_run_id, "
                    "marts_fingerprint, warehouse, candidate, message, summary) "
                    "values ('p0', now() - interval 1 hour, true, 'v0', 'f', '/w.duckdb', null, 'ok', ?)",
                    [json.dumps({"tables": tables})])


@pytest.mark.parametrize("before, fails", [
    (7, False),     # one claim fewer
    (15, False),    # 9 fewer: 60 %, but under shrink_min_rows (10)
    (16, True),     # 10 fewer: 62 %
    (100, True),
])
def test_published_claims_do_not_collapse_against_the_last_publish(db, run_suites, before, fails):
    _published_before(db, fct_claims=before, dim_article=3)        # the fixture has 6 claims, 3 articles
    report = validate(db, thresholds=thresholds(), suites_dir=run_suites)
    failed = failures_on(report, "published_row_counts")
    if fails:
        [failure] = failed
        floor = before - max(before // 4, 9)
        assert failure["rows"] == [{"table_name": "fct_claims", "rows_floor": floor, "rows_now": 6}]
    else:
        assert failed == [], report.summary()
