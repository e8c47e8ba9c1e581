"""Write-audit-publish: only validated marts reach the warehouse, atomically (real DuckDB, real GX)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from kabar.cli import main  # noqa: E402
from kabar.errors import KabarError  # noqa: E402
from kabar.quality import Thresholds, validate  # noqa: E402
from kabar.warehouse.db import connect  # noqa: E402
from kabar.warehouse.publish import candidate_path, publish  # noqa: E402
from test_quality_marts import MART_TABLES, write_marts  # noqa: E402

RUN_DATE = dt.date(2024, 6, 1)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(db: Path, sql: str) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A validated work DB and the warehouse published from it."""
    folder = tmp_path_factory.mktemp("clean")
    work, warehouse = write_marts(folder / "work.duckdb"), folder / "warehouse.duckdb"
    validation = validate(work, run_id="clean-validation", thresholds=Thresholds.load(run_date=RUN_DATE))
    assert validation.success, validation.summary()
    return work, warehouse, publish(work, warehouse, run_id="clean-publish")


@pytest.fixture
def copy_of(clean, tmp_path):
    """The clean work DB and published warehouse, copied into this test's folder."""
    work, warehouse, _ = clean
    shutil.copy(work, tmp_path / "work.duckdb")
    shutil.copy(warehouse, tmp_path / "warehouse.duckdb")
    return tmp_path / "work.duckdb", tmp_path / "warehouse.duckdb"


def test_a_clean_run_publishes_every_mart_with_its_rows(clean):
    work, warehouse, report = clean
    assert report.published, report.summary()
    assert set(report.tables) == set(MART_TABLES)
    for table in MART_TABLES:
        source = rows(work, f"select count(*) from marts.{table}")[0][0]
        assert rows(warehouse, f"select count(*) from marts.{table}")[0][0] == source == report.tables[table]
    assert rows(warehouse, "select publish_run_id, validation_run_id, validation_success from meta.publish_log") == [
        ("clean-publish", "clean-validation", True)]
    assert not candidate_path(warehouse).exists() and not Path(f"{warehouse}.wal").exists()
    assert rows(work, "select published, validation_run_id from audit.publishes where run_id = 'clean-publish'") == [
        (True, "clean-validation")]


def test_the_published_file_opens_in_the_duckdb_cli(clean):
    """Analysts use the duckdb CLI, which may be older than this library: the file is in v1.0 storage."""
    _, warehouse, _ = clean
    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    if cli is None:
        pytest.skip("no duckdb CLI installed (pip install duckdb-cli)")
    out = subprocess.run([cli, "-readonly", "-csv", str(warehouse), "-c", "select count(*) from marts.fct_claims"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == str(rows(warehouse, "select count(*) from marts.fct_claims")[0][0])


FAULTS = {
    "negative casualty count": ("update marts.fct_claims set value = -3 where claim_id = 'c1'", "fct_claims.value"),
    "date before the invasion": ("update marts.fct_claims set date_key = date '2019-01-01' where claim_id = 'c3'",
                                 "fct_claims.date_key"),
    "event after its article": ("update marts.fct_claims set date_key = date '2024-03-15' where claim_id = 'c2'",
                                "fct_claims.event_date_limit,date_key"),
    "intercepted > launched": ("update marts.fct_strikes set intercepted_low = 40, intercepted_best = 40, "
                               "intercepted_high = 40 where strike_id = 's2'",
                               "fct_strikes.launched_upper_bound,intercepted_low"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_gate_publishes_nothing_and_keeps_the_candidate(copy_of, fault, capsys):
    work, warehouse = copy_of
    statement, where = FAULTS[fault]
    before = sha256(warehouse)
    con = duckdb.connect(str(work))
    con.execute(statement)
    con.close()

    assert main(["validate", "--work-db", str(work)]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and where in out

    assert main(["publish", "--work-db", str(work), "--warehouse", str(warehouse)]) == 1
    err = capsys.readouterr().err
    assert "NOT published" in err and where in err and "unchanged" in err
    assert sha256(warehouse) == before
    assert rows(warehouse, "select publish_run_id from meta.publish_log") == [("clean-publish",)]

    candidate = candidate_path(warehouse)
    assert candidate.is_file() and str(candidate) in err
    assert rows(candidate, "select count(*) from meta.validation_failures")[0][0] >= 1
    docs = rows(work, "select data_docs_path from audit.validations order by validated_at desc limit 1")[0][0]
    assert Path(docs).is_file() and docs in err
    published, message = rows(work, "select published, message from audit.publishes "
                                    "order by attempted_at desc limit 1")[0]
    assert published is False and "failed" in message


def test_marts_changed_since_validation_are_not_published(copy_of, capsys):
    work, warehouse = copy_of
    before = sha256(warehouse)
    con = duckdb.connect(str(work))
    con.execute("update marts.dim_source set source_name = 'Detik' where source_key = 'detik.com'")
    con.close()
    assert main(["publish", "--work-db", str(work), "--warehouse", str(warehouse)]) == 1
    assert "not validated" in capsys.readouterr().err
    assert sha256(warehouse) == before and not candidate_path(warehouse).exists()


def test_never_validated_or_missing_marts_are_refused(tmp_path):
    work = write_marts(tmp_path / "work.duckdb")
    report = publish(work, tmp_path / "warehouse.duckdb")
    assert not report.published and "not validated" in report.message
    assert not (tmp_path / "warehouse.duckdb").exists()
    with pytest.raises(KabarError, match="no marts"):
        empty = tmp_path / "empty.duckdb"
        duckdb.connect(str(empty)).close()
        publish(empty, tmp_path / "warehouse.duckdb")


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    def snapshot():
        run = con.execute("select publish_run_id from meta.publish_log").fetchone()[0]
        claims = con.execute("select count(*) from marts.fct_claims").fetchone()[0]
        return f"{run} {claims}"
    print(snapshot(), flush=True)
    sys.stdin.readline()          # the test publishes meanwhile
    print(snapshot(), flush=True)
""")


def test_readers_keep_their_snapshot_while_a_publish_replaces_the_file(copy_of):
    work, warehouse = copy_of
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    in_process = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert reader.stdout.readline().split() == ["clean-publish", "6"]
        report = publish(work, warehouse, run_id="second-publish")
        assert report.published, report.summary()
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().split() == ["clean-publish", "6"]  # the old file, still whole
        assert in_process.execute("select publish_run_id from meta.publish_log").fetchone()[0] == "clean-publish"
    finally:
        in_process.close()
        reader.stdin.close()
        reader.wait(timeout=60)
    assert reader.returncode == 0
    assert rows(warehouse, "select publish_run_id from meta.publish_log") == [("second-publish",)]


def test_the_warehouse_lists_the_held_back_claims_without_machine_paths(tmp_path, capsys):
    """What the row tier withheld is published beside the marts (meta.held_back_claims), readable."""
    from gate_support import claim, write_work_db
    from kabar.claimchecks import check_claims

    work, warehouse = write_marts(tmp_path / "work.duckdb"), tmp_path / "warehouse.duckdb"
    write_work_db(work, [claim(), claim(article="miliar", value=2_000_000_000,
                                        evidence="Rusia meluncurkan 2.000.000.000 drone ke Kyiv.")])
    thresholds = Thresholds.load(run_date=dt.date(2025, 7, 1))   # after the claims' 2025 dates
    checked = check_claims(work, run_id="checks-1", thresholds=thresholds)
    validation = validate(work, thresholds=thresholds)
    assert validation.success and validation.check_run_id == "checks-1", validation.summary()
    report = publish(work, warehouse)
    assert report.published and report.held_back == checked.held_back == 1
    assert "1 held-back claim(s) listed in meta.held_back_claims" in report.summary()
    with connect(warehouse, read_only=True) as con:
        cur = con.execute("select * from meta.held_back_claims")
        row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    assert (row["article_ref"], row["measure"], row["value"], row["check_name"]) == (
        "miliar", "launched", 2_000_000_000, "value_above_bound")
    assert row["evidence"] == "Rusia meluncurkan 2.000.000.000 drone ke Kyiv." and "20,000" in row["reason"]
    assert not [k for k, v in row.items() if isinstance(v, str) and v.startswith("/")], row   # no machine paths
