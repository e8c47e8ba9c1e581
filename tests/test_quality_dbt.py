"""Integration: the marts dbt builds from the dbt tests' fixture work DB pass the GX gate and publish."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from kabar.claimchecks import check_claims  # noqa: E402
from kabar.quality import validate  # noqa: E402
from kabar.warehouse.db import connect  # noqa: E402
from kabar.warehouse.publish import publish  # noqa: E402
from test_dbt_fixtures import built_fixture_db  # noqa: E402
from test_quality_marts import MART_TABLES  # noqa: E402


def test_dbt_built_marts_pass_the_gate_and_publish(tmp_path_factory, tmp_path):
    built, _, build, _ = built_fixture_db(tmp_path_factory)  # shared with the dbt tests: copied, never changed
    assert build.ok, build.summary()
    work, warehouse = tmp_path / "work.duckdb", tmp_path / "warehouse.duckdb"
    shutil.copy(built, work)
    checked = check_claims(work)     # the row tier (kabar build runs it before dbt): nothing to hold back here
    assert checked.held_back == 0 and checked.claims_checked > 0

    report = validate(work)
    assert report.success, report.summary()
    assert set(MART_TABLES) <= set(report.tables) and report.tables["fct_claims"] > 0

    published = publish(work, warehouse)
    assert published.published, published.summary()
    with connect(warehouse, read_only=True) as con:
        for table in MART_TABLES:
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] == published.tables[table]
