"""kabar export-events / export-claims: events and claims of a built warehouse as CSV, Parquet and ACLED."""

from __future__ import annotations

import csv

import duckdb
import pytest

from kabar.cli import main
from test_dbt_fixtures import built_fixture_db

ACLED_REQUIRED = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
                  "actor2", "country", "iso", "admin1", "admin2", "location", "latitude", "longitude",
                  "geo_precision", "source", "notes", "fatalities"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    work_db, _, report, _ = built_fixture_db(tmp_path_factory)
    assert report.ok, report.summary()
    return work_db          # its marts schema is what a published warehouse holds


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def one(warehouse, sql):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchone()


def test_acled_export_has_acleds_columns_coordinates_and_precision_codes(warehouse, tmp_path, capsys):
    out = tmp_path / "events.csv"
    assert main(["export-events", "--warehouse", str(warehouse), "--format", "acled", "--out", str(out)]) == 0
    rows = rows_of(out)
    assert list(rows[0])[:len(ACLED_REQUIRED)] == ACLED_REQUIRED[:len(rows[0])] or set(ACLED_REQUIRED) <= set(rows[0])
    dated_strikes, lone = one(warehouse, "select (select count(*) from marts.fct_strikes where date_key is not null), "
                                         "(select count(*) from marts.fct_attacks where n_strikes = 0 "
                                         "and date_key is not null)")
    assert len(rows) == dated_strikes + lone
    assert all(r["latitude"] and r["longitude"] for r in rows)
    assert {r["geo_precision"] for r in rows} <= {"1", "2", "3"} and {r["time_precision"] for r in rows} <= {"1", "2", "3"}
    kyiv = [r for r in rows if r["location"] == "Kyiv" and r["event_date"] == "2025-07-04"]
    assert len(kyiv) == 1
    k = kyiv[0]
    assert (k["country"], k["iso"], k["admin1"], k["fatalities"]) == ("Ukraine", "804", "Kyiv City", "7")
    assert k["actor1"] == "Military Forces of Russia (2000-)" and k["sub_event_type"] == "Air/drone strike"
    assert k["event_type"] == "Explosions/Remote violence" and k["event_id_cnty"].startswith("UKR-")
    assert "detik.com: " in k["notes"] and "kompas.com" in k["source"]
    assert len({r["event_id_cnty"] for r in rows}) == len(rows)
    assert "location events" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_events_one_row_per_attack_or_strike(warehouse, tmp_path, fmt):
    for grain, table in (("attack", "fct_attacks"), ("strike", "fct_strikes")):
        out = tmp_path / f"{grain}.{fmt}"
        assert main(["export-events", "--warehouse", str(warehouse), "--format", fmt, "--grain", grain,
                     "--out", str(out)]) == 0
        expected = one(warehouse, f"select count(*) from marts.{table}")[0]
        reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
        got = duckdb.connect().execute(f"select count(*), count(distinct {grain}_id) from {reader}('{out}')").fetchone()
        assert got == (expected, expected)


def test_claims_export_from_the_warehouse(warehouse, tmp_path):
    out = tmp_path / "claims.parquet"
    assert main(["export-claims", "--warehouse", str(warehouse), "--format", "parquet", "--out", str(out)]) == 0
    n, ids = duckdb.connect().execute(f"select count(*), count(distinct claim_id) from read_parquet('{out}')").fetchone()
    assert n == ids == one(warehouse, "select count(*) from marts.fct_claims")[0]
    out = tmp_path / "claims.csv"
    assert main(["export-claims", "--warehouse", str(warehouse), "--format", "csv", "--out", str(out)]) == 0
    assert len(rows_of(out)) == n


def test_a_missing_warehouse_is_a_clear_error(tmp_path, capsys):
    assert main(["export-events", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "x.csv")]) != 0
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
