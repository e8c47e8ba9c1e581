"""`kabar run`'s read-only check: nothing new since the last publish -> no flow run needed.

Real ingest and real extraction (offline model) of two short articles written for these tests, a
warehouse file marked as published from that state (kabar.warehouse.freshness.mark_current); then
each kind of change must make the check ask for a run.
"""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from kabar import uptodate
from kabar.articles.ingest import ingest_directory
from kabar.config import Settings
from kabar.nlp.extract import extract_pending
from kabar.warehouse.freshness import mark_current

pytestmark = pytest.mark.slow

ARTICLES = {
    "satu.txt": "Serangan drone Rusia menewaskan 3 orang di Kharkiv pada Senin.",
    "dua.txt": "Ukraina menembak jatuh 45 drone semalam, kata angkatan udara.",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory, stanza_dir):
    root = tmp_path_factory.mktemp("uptodate")
    (root / "in").mkdir()
    for name, text in ARTICLES.items():
        (root / "in" / name).write_text(text, encoding="utf-8")
    settings = Settings(input_dir=root / "in", work_db=root / "work.duckdb", warehouse=root / "warehouse.duckdb",
                        stanza_dir=stanza_dir)
    old = 1_600_000_000_000_000_000         # dated well in the past: settled, so ingest records the files
    for path in settings.input_dir.iterdir():
        os.utime(path, ns=(old, old))
    ingest_directory(settings.input_dir, settings.work_db)
    extract_pending(settings.work_db, stanza_dir=stanza_dir, progress=False)
    duckdb.connect(str(settings.warehouse)).close()
    mark_current(settings.work_db, settings.warehouse)
    return settings


@pytest.fixture
def state(built, tmp_path):
    """A private copy of the built state (same relative layout, so the copy can be changed freely)."""
    shutil.copytree(built.input_dir, tmp_path / "in")
    for src in built.input_dir.iterdir():                  # copytree keeps mtimes: keys stay the same
        os.utime(tmp_path / "in" / src.name, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns))
    settings = Settings(input_dir=tmp_path / "in", work_db=tmp_path / "work.duckdb",
                        warehouse=tmp_path / "warehouse.duckdb", stanza_dir=built.stanza_dir)
    shutil.copy(built.work_db, settings.work_db)
    ingest_directory(settings.input_dir, settings.work_db)    # the copy's own folder recorded (nothing new)
    duckdb.connect(str(settings.warehouse)).close()
    mark_current(settings.work_db, settings.warehouse)
    return settings


def test_nothing_new_since_the_publish_is_up_to_date(state):
    verdict = uptodate.check(state)
    assert verdict.up_to_date and verdict.reasons == [] and verdict.files == 2
    assert "no flow run started" in verdict.summary(state)


def test_a_new_file_needs_a_run(state):
    (state.input_dir / "tiga.txt").write_text("Dua rudal dicegat di atas Kyiv.", encoding="utf-8")
    verdict = uptodate.check(state)
    assert not verdict.up_to_date and "1 new or changed input files (tiga.txt)" in verdict.reasons[0]


def test_a_touched_file_needs_a_run(state):
    path = state.input_dir / "satu.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    assert not uptodate.check(state).up_to_date


def test_a_link_in_the_input_needs_a_run(state):
    (state.input_dir / "tautan.txt").symlink_to(state.input_dir / "satu.txt")
    assert "tautan.txt" in uptodate.check(state).reasons[0]


def test_articles_waiting_for_extraction_need_a_run(state):
    with duckdb.connect(str(state.work_db)) as con:
        con.execute("delete from nlp.processed where article_id = (select min(article_id) from nlp.processed)")
    verdict = uptodate.check(state)
    assert not verdict.up_to_date and verdict.reasons == ["1 articles waiting for extractor "
                                                          f"{verdict.extractor.split()[-1]}"]


def test_a_warehouse_not_published_from_this_state_needs_a_run(state):
    state.warehouse.unlink()
    duckdb.connect(str(state.warehouse)).close()          # someone else's file at the same path
    verdict = uptodate.check(state)
    assert not verdict.up_to_date and "not the warehouse published from this state" in verdict.reasons[0]


def test_when_the_check_cannot_tell_it_asks_for_a_run(state, tmp_path):
    broken = Settings(input_dir=state.input_dir, work_db=state.work_db, warehouse=state.warehouse,
                      stanza_dir=tmp_path / "no-model-here")
    verdict = uptodate.check(broken)
    assert not verdict.up_to_date and verdict.reasons[0].startswith("could not check")
