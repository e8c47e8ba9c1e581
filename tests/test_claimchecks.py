"""The gate's row tier: each check of expectations/claim_checks.yaml holds back a bad claim, with its reason,
and lets a good one through (real DuckDB work databases written by tests/gate_support.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import pytest

from gate_support import PROCESSED_AT, article_id, claim, write_work_db
from kabar.claimchecks import check_claims, load_checks
from kabar.errors import KabarError
from kabar.thresholds import Thresholds
from kabar.warehouse.db import connect

RUN_DATE = dt.date(2025, 7, 1)


def thresholds(**changes) -> Thresholds:
    return Thresholds.load(run_date=RUN_DATE, **changes)


def held_back(db, **kwargs) -> dict[str, set[str]]:
    """claim id -> the checks it failed, as recorded in audit.held_back_claims for the pass."""
    report = check_claims(db, thresholds=kwargs.pop("thresholds", None) or thresholds(), **kwargs)
    with connect(db, read_only=True) as con:
        rows = con.execute("select claim_id, check_name from audit.held_back_claims where run_id = ?",
                           [report.run_id]).fetchall()
    out: dict[str, set[str]] = {}
    for cid, check in rows:
        out.setdefault(cid, set()).add(check)
    return out


def reasons(db) -> dict[tuple[str, str], str]:
    with connect(db, read_only=True) as con:
        rows = con.execute("select claim_id, check_name, reason from audit.held_back_claims").fetchall()
    return {(c, k): r for c, k, r in rows}


# check name -> (changes to the default claim, changes to its article, words its reason must contain)
SINGLE = {
    "value_negative": (dict(measure="killed", weapon=None, value=-5), {}, ["killed -5", "negative"]),
    "value_above_bound": (dict(value=2_000_000_000), {}, ["2,000,000,000", "20,000"]),
    # issue 15, item 1: a count beyond a 64-bit integer is stored with no value and its text
    "value_too_large": (dict(measure="killed", weapon=None, value=None, value_text="99999999999999999999"), {},
                        ["killed", "99999999999999999999", "too large"]),
    "measure_unknown": (dict(measure="exploded"), {}, ["exploded", "killed, injured"]),
    "qualifier_unknown": (dict(qualifier="roughly"), {}, ["roughly"]),
    "weapon_unknown": (dict(weapon="tank"), {}, ["tank", "drone, missile"]),
    "attacker_unknown": (dict(attacker="BY"), {}, ["BY", "RU, UA"]),
    "date_basis_unknown": (dict(date_basis="guessed"), {}, ["guessed", "rolling"]),
    "place_precision_unknown": (dict(place_precision="street"), {}, ["street"]),
    "country_malformed": (dict(country="Ukraina"), {}, ["Ukraina", "alpha-2"]),
    "coordinates_out_of_range": (dict(longitude=200.0), {}, ["200.0", "Kyiv"]),
    "munition_without_weapon": (dict(weapon=None), {}, ["launched", "drones or missiles"]),
    "evidence_missing": (dict(evidence="  "), {}, ["no sentence"]),
    "date_before_invasion": (dict(event_date=dt.date(2019, 5, 1)), {}, ["2019-05-01", "2022-02-24"]),
    "date_after_published": (dict(event_date=dt.date(2025, 6, 15)), {}, ["2025-06-15", "2025-06-11"]),
    "date_in_future": (dict(event_date=dt.date(2025, 8, 1)), dict(published_date=None), ["2025-08-01", "2025-07-01"]),
    "published_before_invasion": (dict(event_date=None, date_basis="unknown"),
                                  dict(published_date=dt.date(1900, 1, 1)), ["1900-01-01", "2022-02-24"]),
    "published_in_future": (dict(event_date=None, date_basis="unknown"),
                            dict(published_date=dt.date(2030, 1, 1)), ["2030-01-01"]),
}


@pytest.mark.parametrize("check", sorted(SINGLE))
def test_each_check_holds_back_the_bad_claim_with_its_reason_and_keeps_the_good_one(tmp_path, check):
    changes, article, words = SINGLE[check]
    db = tmp_path / "work.duckdb"
    ids = write_work_db(db, [claim(), claim(article="a2", **changes)], articles={"a2": article})
    found = held_back(db)
    assert set(found) == {ids[1]}, found                  # the good claim (and its article) go on
    assert check in found[ids[1]]
    reason = reasons(db)[(ids[1], check)]
    for word in words:
        assert word in reason, reason


def test_the_count_is_a_whole_number_whatever_the_column_type(tmp_path):
    """The extractor stores integers; should a future resolver store a fraction, the claim is held back."""
    db = tmp_path / "work.duckdb"
    with connect(db) as con:
        from kabar.warehouse.db import ensure_schema

        ensure_schema(con)
        con.execute("alter table nlp.claims alter value type double")
    ids = write_work_db(db, [claim(), claim(article="a2", value=2.5)])
    found = held_back(db)
    assert found == {ids[1]: {"value_not_whole"}}


def test_every_check_has_a_test():
    names = {c.name for c in load_checks()}
    assert names == set(SINGLE) | {"value_not_whole", "intercepted_exceeds_launched"}


def test_a_real_night_and_a_monthly_rolling_tally_pass(tmp_path):
    """810 drones in one night and a tally over a period (date_basis rolling) are data, not errors."""
    db = tmp_path / "work.duckdb"
    write_work_db(db, [claim(value=810), claim(article="a2", value=6000, date_basis="rolling")])
    assert held_back(db) == {}


# --- within one article: more intercepted than launched ------------------------------------------

NATIONAL = dict(place_text=None, place_id=None, place_name=None, place_precision=None, admin_area=None,
                latitude=None, longitude=None)
KHARKIV_OBLAST = dict(place_text="Kharkiv", place_id="alias:kharkiv-oblast", place_name="Kharkiv Oblast",
                      place_precision="admin_area", admin_area="Kharkiv Oblast")


@pytest.mark.parametrize("launched, intercepted, both_held", [
    # issue 15: an exact 44 launched beside 447 intercepted, one article, one night
    (dict(value=44, **NATIONAL), dict(value=447, **NATIONAL), True),
    # a national launched figure bounds an interception in one of its cities
    (dict(value=44, **NATIONAL), dict(value=447), True),
    # "hingga 20" launched is an upper bound too
    (dict(value=20, qualifier="at_most"), dict(value=41), True),
    # dev-002: "lebih dari 140" launched beside 144 intercepted is consistent (a lower bound)
    (dict(value=140, qualifier="more_than"), dict(value=144), False),
    (dict(value=140, qualifier="at_least"), dict(value=144), False),
    # 12 launched at Kharkiv oblast beside 74 shot down across the country: different areas
    (dict(value=12, **KHARKIV_OBLAST), dict(value=74, **NATIONAL), False),
    # another night, another weapon or another attacker: no contradiction
    (dict(value=44), dict(value=447, event_date=dt.date(2025, 6, 9)), False),
    (dict(value=44), dict(value=447, weapon="missile"), False),
    (dict(value=44), dict(value=447, attacker="UA"), False),
    # fewer intercepted than launched
    (dict(value=447), dict(value=44), False),
])
def test_intercepted_exceeding_launched_in_one_article(tmp_path, launched, intercepted, both_held):
    db = tmp_path / "work.duckdb"
    ids = write_work_db(db, [claim(**launched), claim(sentence_idx=1, measure="intercepted", **intercepted)])
    found = held_back(db)
    if both_held:
        assert found == {ids[0]: {"intercepted_exceeds_launched"}, ids[1]: {"intercepted_exceeds_launched"}}
        reason = reasons(db)[(ids[1], "intercepted_exceeds_launched")]
        assert f"intercepted {intercepted['value']}" in reason and f"launched {launched['value']}" in reason
    else:
        assert found == {}


def test_two_articles_disagreeing_is_data_not_a_held_back_claim(tmp_path):
    db = tmp_path / "work.duckdb"
    write_work_db(db, [claim(value=44), claim(article="a2", measure="intercepted", value=447)])
    assert held_back(db) == {}


# --- the pass ---------------------------------------------------------------------------------


def test_a_pass_is_recorded_with_counts_and_a_summary_line(tmp_path):
    db = tmp_path / "work.duckdb"
    write_work_db(db, [claim(), claim(sentence_idx=1, value=-3), claim(sentence_idx=2, value=-4),
                       claim(sentence_idx=3, event_date=dt.date(2025, 9, 1))], articles={"a1": dict(published_date=None)})
    report = check_claims(db, run_id="pass-1", thresholds=thresholds())
    assert report.summary() == "held back 3 of 4 claims: value_negative 2, date_in_future 1"
    assert (report.claims_checked, report.held_back, report.new_claims, report.new_held_back) == (4, 3, 4, 3)
    assert [h["check_name"] for h in report.held] and all(h["article_ref"] == "a1" for h in report.held)
    with connect(db, read_only=True) as con:
        row = con.execute("select claims_checked, held_back, new_claims, new_held_back, checks_version "
                          "from audit.claim_checks where run_id = 'pass-1'").fetchone()
        extractor = con.execute("select distinct extractor_version from audit.held_back_claims").fetchall()
    assert row[:4] == (4, 3, 4, 3) and row[4] == report.checks_version
    assert extractor == [("claims-test",)]


def test_a_held_back_claim_is_looked_at_again_when_the_thresholds_change(tmp_path):
    db = tmp_path / "work.duckdb"
    ids = write_work_db(db, [claim(value=25_000)])
    strict = thresholds()
    assert held_back(db, thresholds=strict) == {ids[0]: {"value_above_bound"}}
    loose = dataclasses.replace(strict, value_bounds={**strict.value_bounds, "launched": 30_000})
    first = check_claims(db, thresholds=strict)
    second = check_claims(db, thresholds=loose)
    assert second.held_back == 0 and second.checks_version != first.checks_version


def test_only_claims_extracted_since_the_last_publish_are_new(tmp_path):
    db = tmp_path / "work.duckdb"
    write_work_db(db, [claim(), claim(sentence_idx=1, value=-1)])
    later = PROCESSED_AT + dt.timedelta(hours=2)
    write_work_db(db, [claim(article="a2", value=-2), claim(article="a2", sentence_idx=1)], processed_at=later)
    with connect(db) as con:
        from kabar.warehouse.audit import ensure_audit

        ensure_audit(con)
        con.execute("insert into audit.publishes (run_id, attempted_at, published, validation_run_id, marts_fingerprint, "
                    "warehouse, candidate, message, summary) "
                    "values ('p1', ?, true, 'v1', 'f', '/w.duckdb', null, 'ok', '{}')",
                    [PROCESSED_AT + dt.timedelta(hours=1)])
    report = check_claims(db, thresholds=thresholds())
    assert (report.claims_checked, report.held_back, report.new_claims, report.new_held_back) == (4, 2, 2, 1)


def test_only_the_current_extractor_version_is_checked(tmp_path):
    db = tmp_path / "work.duckdb"
    write_work_db(db, [claim()])
    with connect(db) as con:   # an older version's bad claim of the same article: not current, not checked
        con.execute("insert into nlp.claims select * replace ('old' as claim_id, -9 as value, 'claims-old' as "
                    "extractor_version) from nlp.claims")
        con.execute("insert into nlp.processed values (?, 'claims-old', 'model', ?, 1, 1)",
                    [article_id("a1"), PROCESSED_AT - dt.timedelta(days=1)])
    report = check_claims(db, thresholds=thresholds())
    assert (report.claims_checked, report.held_back) == (1, 0)


def test_a_broken_checks_file_names_itself_and_the_check(tmp_path):
    db = tmp_path / "work.duckdb"
    write_work_db(db, [claim()])
    bad = tmp_path / "claim_checks.yaml"
    bad.write_text("checks:\n  - name: broken\n    when: c.no_such_column > 1\n    reason: x\n")
    with pytest.raises(KabarError, match="check broken does not run"):
        check_claims(db, thresholds=thresholds(), checks_file=bad)
    bad.write_text("checks:\n  - name: noreason\n    when: true\n")
    with pytest.raises(KabarError, match=r"claim_checks\.yaml: check #1 needs name, when and reason"):
        check_claims(db, thresholds=thresholds(), checks_file=bad)
    bad.write_text("checks:\n  - name: a\n    when: c.value < $no_such\n    reason: x\n")
    with pytest.raises(KabarError, match=r"unknown parameter\(s\) \$no_such"):
        check_claims(db, thresholds=thresholds(), checks_file=bad)


def test_an_empty_work_db_is_checked_without_error(tmp_path):
    db = tmp_path / "work.duckdb"
    duckdb.connect(str(db)).close()
    report = check_claims(db, thresholds=thresholds())
    assert (report.claims_checked, report.held_back) == (0, 0)


def test_claims_the_model_cannot_hold_do_not_count_toward_the_systemic_share(tmp_path):
    """A combined count ('158 rudal dan drone') is held back and listed, but is no sign of a broken extractor."""
    db = tmp_path / "work.duckdb"
    write_work_db(db, [claim(), claim(sentence_idx=1, weapon=None), claim(sentence_idx=2, weapon=None),
                       claim(sentence_idx=3, value=-4)])
    report = check_claims(db, thresholds=thresholds())
    assert report.by_check == {"munition_without_weapon": 2, "value_negative": 1}
    assert (report.held_back, report.new_claims, report.new_held_back) == (3, 4, 1)
    assert not next(c for c in load_checks() if c.name == "munition_without_weapon").counts_toward_share


def test_a_check_flag_that_is_not_a_boolean_is_refused(tmp_path):
    path = tmp_path / "checks.yaml"
    path.write_text("checks:\n  - name: x\n    when: c.value < 0\n    reason: r\n    counts_toward_share: 'no'\n")
    with pytest.raises(KabarError, match="counts_toward_share"):
        load_checks(path)
