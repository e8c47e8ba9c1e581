"""Permanent faults (issue 15 item 11): a full disk under the work database, a path the system refuses.

The trial filled the work database's disk: the rollback in store_batch raised "cannot rollback - no
transaction is active" over the real cause, and permanent errors were retried twice (~25 s) as if
they were transient. Here the disk is real too: a small tmpfs mounted in a mount namespace of the
test's own (nothing is mounted on the machine), or, where mounting is not allowed, a file-size
limit (ulimit -f) that makes the same writes fail with "File too large".
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from kabar.faults import is_permanent, is_transient
from test_ingest import TITLE, article_text, write

pytest_plugins = ["prefect_support"]

SANDBOX = r"""
set -u
disk=$1; shift
if [ "$MODE" = tmpfs ]; then
  mount -t tmpfs -o size=8m tmpfs "$disk" || exit 77
  fill() { dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null; truncate -s "-${LEAVE}K" "$disk/filler"; }
else
  fill() { ulimit -f 1; }  # no write past the first KiB of any file
fi
"$@" ingest "$SEEDS" --work-db "$disk/work.duckdb" > "$OUT/seeds.out" 2>&1 || exit 78
fill
"$@" ingest "$MORE" --work-db "$disk/work.duckdb" > "$OUT/ingest.out" 2> "$OUT/ingest.err"; echo $? > "$OUT/ingest.rc"
"$@" extract --work-db "$disk/work.duckdb" > "$OUT/extract.out" 2> "$OUT/extract.err"; echo $? > "$OUT/extract.rc"
rm -f "$disk/filler"
"$1" -c "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True)
print(*[con.execute(f'select count(*) from {t}').fetchone()[0] for t in ('raw.articles', 'nlp.processed')])" \
  "$disk/work.duckdb" > "$OUT/counts"
"""
CAUSES = {"tmpfs": "No space left on device", "ulimit": "File too large"}


def _run_sandbox(tmp_path: Path, seeds_dir: Path, more: Path, stanza_dir: Path, mode: str,
                 leave_kib: int) -> subprocess.CompletedProcess:
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    script = tmp_path / "sandbox.sh"
    script.write_text(SANDBOX)
    env = {**os.environ, "MODE": mode, "LEAVE": str(leave_kib), "SEEDS": str(seeds_dir), "MORE": str(more), "OUT": str(out),
           "KABAR_STANZA_DIR": str(stanza_dir)}
    command = ["bash", str(script), str(disk), sys.executable, "-m", "kabar.cli"]
    if mode == "tmpfs":  # a private mount namespace: the tmpfs is gone when the process ends
        command = ["unshare", "-m", "--propagation", "private", *([] if os.geteuid() == 0 else ["-r"]), *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module", params=[0, 16], ids=["full", "16 KiB left"])
def full_disk(request, tmp_path_factory, seeds_dir, stanza_dir):
    """Seeds ingested into a work database on a disk then filled (completely, or to 16 KiB: the trial's
    case, where the transaction's commit fails); then `kabar ingest` of 20 more articles and `kabar
    extract` were run against it. -> (out folder, the cause the OS gives)."""
    tmp_path = tmp_path_factory.mktemp("full")
    more = tmp_path / "more"
    for n in range(70, 90):
        write(more / f"berita{n}.txt", f"{TITLE}\n\n{article_text(n)}")
    mode = "tmpfs" if shutil.which("unshare") else "ulimit"
    done = _run_sandbox(tmp_path, seeds_dir, more, stanza_dir, mode, request.param)
    if done.returncode == 77:  # no mounting here: a file-size limit instead
        shutil.rmtree(tmp_path / "disk")
        shutil.rmtree(tmp_path / "out")
        mode = "ulimit"
        done = _run_sandbox(tmp_path, seeds_dir, more, stanza_dir, mode, request.param)
    assert done.returncode == 0, (done.stdout, done.stderr, (tmp_path / "out" / "seeds.out").read_text())
    return tmp_path / "out", CAUSES[mode], mode


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_a_full_disk_is_reported_as_such_naming_the_file(full_disk, command):
    out, cause, mode = full_disk
    err = (out / f"{command}.err").read_text()
    assert (out / f"{command}.rc").read_text().strip() == "1"
    assert "cannot rollback" not in err and "no transaction is active" not in err
    last = err.splitlines()[-1]
    assert last.startswith(f"kabar {command}: error:") and "Traceback" not in err, err
    assert cause in last and ("work.duckdb" in last if mode == "tmpfs" else "/" in last)  # the file, named


def test_a_full_disk_leaves_the_work_database_as_it_was(full_disk, seeds_dir):
    """Both failed transactions rolled back: the seeds' articles, nothing of the new ones, nothing extracted."""
    out, _, _ = full_disk
    articles, processed = map(int, (out / "counts").read_text().split())
    assert (articles, processed) == (len(list(seeds_dir.glob("*.txt"))), 0)


def test_permanent_causes_are_not_retried():
    assert not is_transient(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_transient(OSError(errno.ENAMETOOLONG, "File name too long"))
    assert not is_transient(OSError(errno.EROFS, "Read-only file system"))
    assert not is_transient(PermissionError(errno.EACCES, "Permission denied"))
    # DuckDB wraps the OS's words in its own message
    assert not is_transient(duckdb.IOException('Could not write file "work.duckdb.wal": No space left on device'))
    assert not is_transient(duckdb.IOException('Cannot open file "work.duckdb": Permission denied'))
    assert is_transient(duckdb.IOException('Could not set lock on file "work.duckdb": Conflicting lock is held'))
    assert is_transient(OSError(errno.EIO, "Input/output error")) and not is_permanent(TimeoutError())


def test_a_permanent_error_fails_the_stage_at_once(prefect_harness, seeds_dir, tmp_path):
    """A work database path that is a folder: DuckDB's IOException ("Is a directory") made the ingest
    task be tried three times, 5 s and 20 s apart; now once, and the error names the file and the cause."""
    from prefect.client.orchestration import get_client

    from flows.ingest import ingest_flow

    folder = tmp_path / "work.duckdb"
    folder.mkdir()
    state = ingest_flow(input_dir=seeds_dir, work_db=folder, return_state=True)
    assert state.is_failed()
    with pytest.raises(duckdb.IOException, match=f'"{folder}": Is a directory'):
        state.result()
    with get_client(sync_client=True) as client:
        [task_run] = [t for t in client.read_task_runs() if t.flow_run_id == state.state_details.flow_run_id]
    assert task_run.run_count == 1
