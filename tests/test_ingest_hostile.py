"""Ingest against hostile folders (issue 15, items 5, 6, 12 and the placeholder dates), reproduced as
the fault trial met them: a path past the system's limit, an unreadable sub-folder, folders named
`...` and `..x`, a file caught while it is being written, a 1900 or 0001 publication date and a
4 MB single-line article. Each one used to crash the scan, lose files silently or store bad data.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kabar.articles.discover import is_hidden
from kabar.articles.ingest import files_to_read, ingest_directory
from kabar.articles.records import ArticleLimits
from kabar.articles.unchanged import changed_while_read
from test_ingest import TITLE, article_text, rows, write
from test_ingest_unchanged import aged

PATH_MAX = os.pathconf("/", "PC_PATH_MAX")
NAME_MAX = 250


def deep_folder(root: Path, past_limit_by: int) -> tuple[Path, list[str]]:
    """Nested folders under `root` whose path ends `past_limit_by` bytes beyond PATH_MAX, made through
    folder descriptors (no path that long can be passed to the system). -> (the deepest path, its names)."""
    names, length = [], len(os.fsencode(root))
    while length <= PATH_MAX + past_limit_by:
        names.append(f"{len(names):03d}" + "x" * (NAME_MAX - 3))
        length += 1 + NAME_MAX
    fd = os.open(root, os.O_RDONLY)
    try:
        for name in names:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        data = f"{TITLE}\n\n{article_text(40)}".encode()
        out = os.open("berita.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, data)
        os.close(out)
    finally:
        os.close(fd)
    return root.joinpath(*names), names


def test_a_path_past_the_system_limit_is_rejected_and_the_scan_goes_on(tmp_path, work_db):
    root = tmp_path / "in"
    aged(write(root / "a-baik.txt", f"{TITLE}\n\n{article_text(41)}"))
    deepest, _ = deep_folder(root, past_limit_by=10)
    aged(write(root / "z-baik.txt", f"{TITLE}\n\n{article_text(42)}"))  # after the deep folder in the walk order
    with pytest.raises(OSError) as raised:
        deepest.lstat()
    assert raised.value.errno == errno.ENAMETOOLONG  # the system refuses the path itself
    report = ingest_directory(root, work_db)
    assert report.new_articles == 2
    assert report.rejected_reasons == {"path_too_long": 1}
    [(path, reason)] = rows(work_db, "select source_path, reason from raw.rejected_inputs")
    assert len(os.fsencode(path)) > PATH_MAX and "more than this system allows" in reason and "File name too long" in reason
    # the up-to-date check walks the same folder: no crash, and the path counts as one to look at again
    found, to_read = files_to_read(root, work_db)
    assert found == 3 and len(to_read) == 1
    again = ingest_directory(root, work_db)  # every run: the same rejection, no new row
    assert again.rejected_reasons == {"path_too_long": 1} and again.new_rejections == 0


def test_a_file_past_the_limit_in_a_folder_within_it_is_rejected(tmp_path, work_db):
    """The trial's crash: the folder is listed, but its path plus the file's name passes PATH_MAX
    (Path.is_symlink() raised ENAMETOOLONG out of the walk)."""
    root = tmp_path / "in"
    write(root / "baik.txt", f"{TITLE}\n\n{article_text(43)}")
    deepest, names = deep_folder(root, past_limit_by=-(NAME_MAX - 20))  # the folder's path fits
    fd = os.open(deepest, os.O_RDONLY)
    try:
        out = os.open("y" * 240 + ".txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, f"{TITLE}\n\n{article_text(44)}".encode())
        os.close(out)
    finally:
        os.close(fd)
    report = ingest_directory(root, work_db)
    assert report.rejected_reasons == {"path_too_long": 1}
    assert report.new_articles == 2  # baik.txt and the deep folder's berita.txt
    [(path,)] = rows(work_db, "select source_path from raw.rejected_inputs")
    assert path.endswith("y" * 240 + ".txt")


def _ingest_without_root_powers(root: Path, work_db: Path) -> subprocess.CompletedProcess:
    """`kabar ingest` in a process that obeys file permissions: root would read an unreadable folder
    anyway, so as root the process runs without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH."""
    command = [sys.executable, "-m", "kabar.cli", "ingest", str(root), "--work-db", str(work_db)]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_an_unreadable_sub_folder_is_a_rejection_not_a_silent_skip(tmp_path, work_db):
    root = tmp_path / "in"
    write(root / "baik.txt", f"{TITLE}\n\n{article_text(45)}")
    write(root / "rahasia" / "berita.txt", f"{TITLE}\n\n{article_text(46)}")
    write(root / "terkunci.txt", f"{TITLE}\n\n{article_text(60)}").chmod(0)
    (root / "rahasia").chmod(0)
    try:
        done = _ingest_without_root_powers(root, work_db)
    finally:
        (root / "rahasia").chmod(0o755)
        (root / "terkunci.txt").chmod(0o644)
    assert done.returncode == 0, done.stderr
    assert "new articles 1" in done.stdout and "read_error 2" in done.stdout
    rejected = dict(rows(work_db, "select source_path, reason from raw.rejected_inputs where reason_kind = 'read_error'"))
    assert "folder could not be listed" in rejected[str(root / "rahasia")]
    assert "Permission denied" in rejected[str(root / "rahasia")] and "Permission" in rejected[str(root / "terkunci.txt")]
    # readable again: their files are read on the next run
    assert ingest_directory(root, work_db).new_articles == 2


def test_only_a_single_leading_dot_hides_a_folder(tmp_path, work_db):
    root = tmp_path / "in"
    for folder, n in (("...", 47), ("..x", 48), (".tersembunyi", 49), ("biasa", 50)):
        write(root / folder / "berita.txt", f"{TITLE}\n\n{article_text(n)}")
    report = ingest_directory(root, work_db)
    assert report.new_articles == 3 and report.rejected == 0
    stored = {Path(p).parent.name for (p,) in rows(work_db, "select source_path from raw.article_sources")}
    assert stored == {"...", "..x", "biasa"}
    assert [Path(p).name for p in report.skipped] == [".tersembunyi"]
    assert [is_hidden(n) for n in (".git", ".x.swp", "...", "..x", "x.")] == [True, True, False, False, False]


# --- files being written -------------------------------------------------------------------------


def test_a_file_being_written_is_not_read_until_it_settles(tmp_path, work_db, monkeypatch):
    """The trial's "kata gu": a file caught half-written was stored cut short, for good."""
    monkeypatch.setenv("KABAR_SETTLE_SECONDS", "5")
    root = tmp_path / "in"
    full = f"{TITLE}\n\n{article_text(51)}\n\nSerangan itu terjadi pada malam hari, kata gubernur setempat."
    cut = full[: full.index("kata gu") + len("kata gu")]
    aged(write(root / "lama.txt", f"{TITLE}\n\n{article_text(52)}"))
    write(root / "baru.txt", cut)  # the writer has got this far
    first = ingest_directory(root, work_db)
    assert [t[-20:] for (t,) in rows(work_db, "select text from raw.articles") if t.endswith("kata gu")] == []
    assert (first.new_articles, first.files_being_written, first.being_written) == (1, 1, ["baru.txt"])
    assert "being written 1" in first.summary() and "the next run reads them" in first.summary()
    assert files_to_read(root, work_db)[1] == ["baru.txt"]  # so `kabar run` starts the next run
    write(root / "baru.txt", full)  # the writer finishes; a few seconds later:
    aged(root / "baru.txt", hours=10 / 3600)
    second = ingest_directory(root, work_db)
    assert (second.new_articles, second.files_being_written) == (1, 0)
    texts = [t for (t,) in rows(work_db, "select text from raw.articles")]
    assert len(texts) == 2 and any(t.endswith("kata gubernur setempat.") for t in texts)


def test_the_settle_time_is_a_setting(tmp_path, work_db, monkeypatch):
    write(tmp_path / "in" / "baru.txt", f"{TITLE}\n\n{article_text(53)}")
    monkeypatch.setenv("KABAR_SETTLE_SECONDS", "3600")
    assert ingest_directory(tmp_path / "in", work_db).files_being_written == 1
    monkeypatch.setenv("KABAR_SETTLE_SECONDS", "0")
    assert ingest_directory(tmp_path / "in", work_db).new_articles == 1


def test_a_file_dated_far_ahead_of_the_clock_is_read(tmp_path, work_db, monkeypatch):
    """A skewed clock, not a writer: waiting for it to settle would wait until that date."""
    monkeypatch.setenv("KABAR_SETTLE_SECONDS", "5")
    aged(write(tmp_path / "in" / "besok.txt", f"{TITLE}\n\n{article_text(54)}"), hours=-1)
    assert ingest_directory(tmp_path / "in", work_db).new_articles == 1


def test_a_write_during_the_read_is_noticed(tmp_path):
    path = aged(write(tmp_path / "a.txt", "awal"))
    before = path.lstat()
    assert not changed_while_read(before, path.lstat())
    with path.open("a") as f:
        f.write(" lanjutan")
    assert changed_while_read(before, path.lstat())
    assert changed_while_read(before, None)  # vanished


# --- publication dates and article size ----------------------------------------------------------


@pytest.mark.parametrize("published_at", ["1900-01-01", "0001-01-01", "0001-01-01T00:00:00Z", "2021-12-31T23:00:00+07:00"])
def test_a_placeholder_publication_date_is_kept_as_no_date_with_a_warning(tmp_path, work_db, published_at):
    write(tmp_path / "in" / "a.json", json.dumps({"id": "a", "text": article_text(55), "published_at": published_at}))
    report = ingest_directory(tmp_path / "in", work_db)
    assert (report.new_articles, report.rejected) == (1, 0)
    assert rows(work_db, "select published_at, published_date, extra->>'published_at_unparsed' from raw.articles") \
        == [(None, None, published_at)]
    [(warning,)] = rows(work_db, "select warning from raw.ingest_warnings")
    assert published_at in warning and ("before 2022-01-01" in warning or "could not be read" in warning)


def test_the_earliest_publication_date_is_a_setting(tmp_path, work_db, monkeypatch):
    write(tmp_path / "in" / "a.json", json.dumps({"id": "a", "text": article_text(56), "published_at": "2015-03-01"}))
    write(tmp_path / "in" / "b.json", json.dumps({"id": "b", "text": article_text(57), "published_at": "2022-01-01"}))
    monkeypatch.setenv("KABAR_EARLIEST_PUBLISHED", "2016-01-01")
    ingest_directory(tmp_path / "in", work_db)
    assert sorted(str(d) for (d,) in rows(work_db, "select published_date from raw.articles")) == ["2022-01-01", "None"]
    # an earlier limit later: the files are read again (another key) and the missing date is filled in
    monkeypatch.setenv("KABAR_EARLIEST_PUBLISHED", "2010-01-01")
    assert ingest_directory(tmp_path / "in", work_db).files_unchanged == 0
    assert sorted(str(d) for (d,) in rows(work_db, "select published_date from raw.articles")) \
        == ["2015-03-01", "2022-01-01"]


def test_a_4_mb_single_line_article_is_rejected_as_too_long(tmp_path, work_db):
    """The trial's article that took 10 minutes and 2.36 GB to extract: one line of 4 MB."""
    sentence = "Drone Rusia menghantam gudang di Lviv dan tiga orang terluka menurut wali kota setempat. "
    huge = sentence * (4_000_000 // len(sentence))
    write(tmp_path / "in" / "besar.txt", f"{TITLE}\n\n{huge}")
    write(tmp_path / "in" / "biasa.txt", f"{TITLE}\n\n{article_text(58)}")
    started = time.perf_counter()
    report = ingest_directory(tmp_path / "in", work_db)
    assert report.new_articles == 1 and report.rejected_reasons == {"too_long": 1}
    [(path, reason, kept)] = rows(work_db, "select source_path, reason, quarantine_path from raw.rejected_inputs")
    assert path.endswith("besar.txt") and "characters long, more than the limit of 100,000" in reason
    assert kept and Path(kept).stat().st_size == (tmp_path / "in" / "besar.txt").stat().st_size  # nothing lost: its bytes are in quarantine
    print(f"ingest of a 4 MB single-line article: {time.perf_counter() - started:.1f} s")


def test_the_article_limit_is_a_setting_and_part_of_the_file_key(tmp_path, work_db):
    aged(write(tmp_path / "in" / "a.txt", f"{TITLE}\n\n{article_text(59)}"))
    small = ingest_directory(tmp_path / "in", work_db, limits=ArticleLimits(max_chars=100))
    assert small.rejected_reasons == {"too_long": 1}
    again = ingest_directory(tmp_path / "in", work_db, limits=ArticleLimits(max_chars=100))
    assert again.files_unchanged == 1
    wider = ingest_directory(tmp_path / "in", work_db)  # another limit: the file is read again
    assert (wider.files_unchanged, wider.new_articles) == (0, 1)


def test_a_json_rejection_reads_as_a_sentence(tmp_path, work_db):
    """The trial's reason read "Unterminated string starting at at column 25"."""
    write(tmp_path / "in" / "umpan.jsonl", '{"id": "a", "text": "Drone Rusia\n{"id": "b", "text": "ok\t"}\n')
    write(tmp_path / "in" / "satu.json", '{"id": "c", "text": "Drone')
    ingest_directory(tmp_path / "in", work_db)
    reasons = sorted(r for (r,) in rows(work_db, "select reason from raw.rejected_inputs"))
    assert reasons == ["line 1 is not valid JSON: Unterminated string starting at column 21",
                       "line 2 is not valid JSON: Invalid control character at column 24",
                       "not valid JSON: Unterminated string starting at line 1 column 21"]
