"""The pipeline skips build/validate/publish only when the warehouse was published from this exact state."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import duckdb
import pytest

from kabar.warehouse.db import connect, ensure_schema
from kabar.warehouse.freshness import is_current, mark_current


def add_article(work_db, article_id: str) -> None:
    with connect(work_db) as con:
        ensure_schema(con)
        con.execute("insert into raw.articles (article_id, article_ref, source_path, format, text, original_text, "
                    "ingested_at, run_id) values (?, ?, ?, 'txt', 'teks', 'teks', ?, 'r1')",
                    [article_id, article_id, f"/in/{article_id}.txt", datetime.now(timezone.utc)])


@pytest.fixture
def published(tmp_path):
    work, warehouse = tmp_path / "work.duckdb", tmp_path / "warehouse.duckdb"
    add_article(work, "a1")
    duckdb.connect(str(warehouse)).close()
    mark_current(work, warehouse)
    return work, warehouse


def test_the_warehouse_just_published_from_this_state_is_current(published):
    assert is_current(*published)


def test_a_new_article_makes_it_stale(published):
    work, warehouse = published
    add_article(work, "a2")
    assert not is_current(work, warehouse)


def test_a_warehouse_replaced_or_removed_by_someone_else_is_not_current(published):
    work, warehouse = published
    stat = warehouse.stat()
    os.utime(warehouse, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    assert not is_current(work, warehouse)
    warehouse.unlink()
    assert not is_current(work, warehouse)


def test_changed_thresholds_make_it_stale(published, tmp_path, monkeypatch):
    work, warehouse = published
    thresholds = tmp_path / "thresholds.toml"
    thresholds.write_text("max_value = 10\n")
    monkeypatch.setenv("KABAR_THRESHOLDS", str(thresholds))
    assert not is_current(work, warehouse)


def test_a_work_db_never_published_is_not_current(tmp_path):
    work = tmp_path / "work.duckdb"
    add_article(work, "a1")
    duckdb.connect(str(tmp_path / "warehouse.duckdb")).close()
    assert not is_current(work, tmp_path / "warehouse.duckdb")


def test_a_claim_edited_in_place_makes_it_stale(tmp_path):
    """issue 15, item 9: a corrected (or corrupted) claim with the same count was taken as up to date."""
    from gate_support import claim, write_work_db

    work, warehouse = tmp_path / "work.duckdb", tmp_path / "warehouse.duckdb"
    write_work_db(work, [claim(), claim(sentence_idx=1, value=7)])
    duckdb.connect(str(warehouse)).close()
    mark_current(work, warehouse)
    assert is_current(work, warehouse)
    with connect(work) as con:
        con.execute("update nlp.claims set value = -7 where value = 7")
    assert not is_current(work, warehouse)
