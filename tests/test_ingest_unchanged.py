"""Ingest skips files an earlier run read completely and that have not changed (raw.ingested_files).

Files get an mtime in the past (os.utime): a file modified in the last RACY_SECONDS is read again
on purpose, so a freshly written test file would not be skipped.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import duckdb
import pytest

from kabar.articles.ingest import ingest_directory
from kabar.articles.records import ArticleLimits
from kabar.articles.unchanged import INGEST_VERSION, RACY_SECONDS
from kabar.cli import main
from test_ingest import TITLE, article_text, counts, rows, write

HOUR_NS = 3600 * 10 ** 9
RECORDED_VERSION = f"{INGEST_VERSION} ({ArticleLimits().tag()})"  # with the default article limits


def aged(path: Path, hours: float = 1.0) -> Path:
    """Give `path` an mtime `hours` ago, well outside the racy window (negative: in the future)."""
    then = time.time_ns() - int(hours * HOUR_NS)
    os.utime(path, ns=(then, then))
    return path


def replace_keeping_stat(path: Path, data: bytes) -> None:
    """New bytes of the same size, with size and mtime_ns as they were: invisible to the key."""
    info = path.stat()
    assert len(data) == info.st_size
    path.write_bytes(data)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def article_file(path: Path, n: int) -> Path:
    return aged(write(path, f"{TITLE}\n\n{article_text(n)}"))


def recorded(db: Path) -> dict[str, tuple]:
    return {rel: tuple(rest) for rel, *rest in rows(db, "select rel_path, records, articles, rejected, ingest_version "
                                                 "from raw.ingested_files")}


def test_unchanged_file_is_not_read_again(tmp_path, work_db):
    src = article_file(tmp_path / "in" / "a.txt", 1)
    first = ingest_directory(tmp_path / "in", work_db)
    assert (first.new_articles, first.files_unchanged) == (1, 0)
    assert recorded(work_db) == {"a.txt": (1, 1, 0, RECORDED_VERSION)}
    before = counts(work_db)

    # other text of the same size, same mtime: were the file read, a new article would be stored
    replace_keeping_stat(src, src.read_bytes().replace(b"pukul 01.15", b"pukul 09.15"))
    again = ingest_directory(tmp_path / "in", work_db)
    assert (again.files_seen, again.files_unchanged, again.unchanged_records, again.records_seen) == (1, 1, 1, 0)
    assert counts(work_db) == before
    assert "unchanged 1 (not read again: 1 records" in again.summary()

    # touched (a new mtime): read again, and the new text is a new article
    aged(src, hours=0.5)
    touched = ingest_directory(tmp_path / "in", work_db)
    assert (touched.files_unchanged, touched.records_seen, touched.new_articles) == (0, 1, 1)
    texts = {t for (t,) in rows(work_db, "select text from raw.articles")}
    assert any("pukul 09.15" in t for t in texts) and any("pukul 01.15" in t for t in texts)
    assert recorded(work_db)["a.txt"][0] == 1 and \
        rows(work_db, "select mtime_ns from raw.ingested_files")[0][0] == src.stat().st_mtime_ns


def test_appended_jsonl_line_is_picked_up(tmp_path, work_db):
    feed = tmp_path / "in" / "feed.jsonl"
    write(feed, json.dumps({"id": "j1", "text": article_text(2)}) + "\n")
    aged(feed)
    assert ingest_directory(tmp_path / "in", work_db).new_articles == 1
    with feed.open("a") as fh:
        fh.write(json.dumps({"id": "j2", "text": article_text(3)}) + "\n")
    aged(feed, hours=0.5)
    again = ingest_directory(tmp_path / "in", work_db)
    assert (again.files_unchanged, again.records_seen, again.new_articles, again.duplicates) == (0, 2, 1, 1)
    assert {r for (r,) in rows(work_db, "select article_ref from raw.articles")} == {"j1", "j2"}
    assert recorded(work_db)["feed.jsonl"][:2] == (2, 2)


def test_rescan_reads_every_file(tmp_path, work_db, capsys):
    src = article_file(tmp_path / "in" / "a.txt", 4)
    article_file(tmp_path / "in" / "sub" / "b.txt", 5)
    ingest_directory(tmp_path / "in", work_db)
    replace_keeping_stat(src, src.read_bytes().replace(b"pukul 04.15", b"pukul 07.15"))
    args = ["ingest", str(tmp_path / "in"), "--work-db", str(work_db)]
    assert main(args) == 0
    assert "unchanged 2 (not read again" in capsys.readouterr().out
    assert main(args + ["--rescan"]) == 0
    out = capsys.readouterr().out
    assert "new articles 1, duplicates 1" in out and "--rescan: every file read" in out
    assert rows(work_db, "select count(*) from raw.articles")[0][0] == 3


def test_rejected_file_is_not_counted_again(tmp_path, work_db):
    aged(write(tmp_path / "in" / "kosong.txt", b""))
    aged(write(tmp_path / "in" / "umpan.jsonl", json.dumps({"id": "ok", "text": article_text(6)}) + "\n{rusak\n"))
    aged(write(tmp_path / "in" / "laporan.pdf", b"%PDF-1.7\n"))
    first = ingest_directory(tmp_path / "in", work_db)
    assert (first.rejected, first.new_rejections, first.new_articles) == (3, 3, 1)
    before = counts(work_db)
    again = ingest_directory(tmp_path / "in", work_db)
    assert (again.files_unchanged, again.rejected, again.new_rejections, again.rejected_reasons) == (3, 0, 0, {})
    assert (again.unchanged_records, again.unchanged_rejected) == (2, 3)
    assert counts(work_db) == before
    assert "rejected 0 (none)" in again.summary() and "3 rejected earlier" in again.summary()


def test_outcomes_that_can_change_without_the_file_are_not_recorded(tmp_path, work_db):
    """A future date (the clock moves on), a file modified within RACY_SECONDS, links and pipes: examined every run."""
    future = {"id": "f", "text": article_text(7), "published_at": "2099-01-01T00:00:00+07:00"}
    aged(write(tmp_path / "in" / "besok.json", json.dumps(future)))
    # mtime within the racy window (here: ahead of the clock, so however slow this machine is)
    aged(write(tmp_path / "in" / "baru.txt", f"{TITLE}\n\n{article_text(8)}"), hours=-1)
    (tmp_path / "in" / "tautan.txt").symlink_to(tmp_path / "in" / "baru.txt")
    os.mkfifo(tmp_path / "in" / "pipa.txt")
    first = ingest_directory(tmp_path / "in", work_db)
    assert first.rejected_reasons == {"future_date": 1, "symlink": 1, "not_regular_file": 1}
    assert recorded(work_db) == {}
    again = ingest_directory(tmp_path / "in", work_db)
    assert again.files_unchanged == 0 and again.rejected_reasons == first.rejected_reasons
    assert again.new_rejections == 0 and again.duplicates == 1
    # once older than the racy window, the new file is recorded and skipped from then on
    assert RACY_SECONDS < 3600
    aged(tmp_path / "in" / "baru.txt")
    ingest_directory(tmp_path / "in", work_db)
    assert set(recorded(work_db)) == {"baru.txt"}
    assert ingest_directory(tmp_path / "in", work_db).files_unchanged == 1


def test_size_limit_and_ingest_version_are_part_of_the_key(tmp_path, work_db):
    article_file(tmp_path / "in" / "a.txt", 9)
    small = ingest_directory(tmp_path / "in", work_db, max_bytes=100)
    assert small.rejected_reasons == {"too_large": 1} and recorded(work_db)["a.txt"][2] == 1
    assert ingest_directory(tmp_path / "in", work_db, max_bytes=100).files_unchanged == 1
    larger = ingest_directory(tmp_path / "in", work_db, max_bytes=100_000)  # another limit: read again
    assert (larger.files_unchanged, larger.new_articles) == (0, 1)
    assert ingest_directory(tmp_path / "in", work_db, max_bytes=100_000).files_unchanged == 1
    with duckdb.connect(str(work_db)) as con:  # as if recorded by an older version of the reading code
        con.execute("update raw.ingested_files set ingest_version = 'ingest-0'")
    older = ingest_directory(tmp_path / "in", work_db, max_bytes=100_000)
    assert (older.files_unchanged, older.records_seen, older.duplicates) == (0, 1, 1)
    assert recorded(work_db)["a.txt"][3] == RECORDED_VERSION


def test_same_file_under_another_input_folder_is_read(tmp_path, work_db):
    article_file(tmp_path / "one" / "a.txt", 10)
    ingest_directory(tmp_path / "one", work_db)
    (tmp_path / "one").rename(tmp_path / "two")
    moved = ingest_directory(tmp_path / "two", work_db)
    assert (moved.files_unchanged, moved.duplicates, moved.new_sources) == (0, 1, 1)


def test_a_file_is_recorded_with_its_rows(tmp_path, work_db):
    """The file's row and its articles are written by the same run (in one transaction)."""
    for n in range(3):
        article_file(tmp_path / "in" / f"{n}.txt", 20 + n)
    report = ingest_directory(tmp_path / "in", work_db)
    by_file = dict(rows(work_db, "select rel_path, run_id from raw.ingested_files"))
    by_source = {Path(p).name: r for p, r in rows(work_db, "select source_path, run_id from raw.article_sources")}
    assert by_file == by_source == {f"{n}.txt": report.run_id for n in range(3)}


@pytest.mark.parametrize("flag", [[], ["--rescan"]])
def test_cli_run_accepts_rescan(flag):
    from kabar.cli import build_parser

    args = build_parser().parse_args(["run", *flag])
    assert args.rescan is bool(flag)
