"""Publishes at once, readers meanwhile, and publishes killed around their rename (issue 15 items 8, 13).

The trial ran two publishes to one warehouse at once: both wrote `warehouse.candidate.duckdb`, one
removed the other's file (FileNotFoundError, both exiting 1) and renamed a half-written file into
place, so 50 of 1,451 reader opens failed. A publish killed between its rename and its audit row left
a published file no audit row knew of. Here the publishers, the reader and the killed publishes are
real processes on real files.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from kabar.quality import Thresholds, validate  # noqa: E402
from kabar.warehouse.publish import publish  # noqa: E402
from test_publish import RUN_DATE, rows, sha256  # noqa: E402
from test_quality_marts import write_marts  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

PUBLISHER = """
import sys
from kabar.warehouse.publish import publish
work_db, warehouse, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(times):
    report = publish(work_db, warehouse)
    print(report.run_id, report.published, flush=True)
"""

READER = """
import json, sys, time, duckdb
from pathlib import Path
warehouse, stop = sys.argv[1], Path(sys.argv[2])
opens, failures, runs = 0, [], set()
while not stop.exists():
    opens += 1
    try:
        with duckdb.connect(warehouse, read_only=True) as con:
            claims = con.execute("select count(*) from marts.fct_claims").fetchone()[0]
            runs.add(con.execute("select publish_run_id from meta.publish_log").fetchone()[0])
            assert claims > 0
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"opens": opens, "failures": failures, "runs": len(runs)}))
"""

# Kill this publish (SIGKILL: no handler, no cleanup) just before its rename over the warehouse, or
# just after it: at the first file the process opens once the rename has returned (the folder's
# fsync), before the audit row is completed. Python's audit hooks see both events.
KILLED_PUBLISH = """
import os, signal, sys
from kabar.warehouse.publish import publish
work_db, warehouse, point = sys.argv[1], os.path.realpath(sys.argv[2]), sys.argv[3]
renamed = []

def hook(event, args):
    if event == "os.rename" and os.fspath(args[1]) == warehouse:
        if point == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        renamed.append(True)
    elif event == "open" and renamed:
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
publish(work_db, warehouse, run_id="killed-publish")
"""


def _python(script: str, *args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


@pytest.fixture(scope="module")
def validated(tmp_path_factory) -> Path:
    work = write_marts(tmp_path_factory.mktemp("validated") / "work.duckdb")
    assert validate(work, run_id="v1", thresholds=Thresholds.load(run_date=RUN_DATE)).success
    return work


def _work_dbs(validated: Path, folder: Path, n: int) -> list[Path]:
    copies = []
    for i in range(n):
        copies.append(folder / f"work{i}" / "work.duckdb")
        copies[-1].parent.mkdir()
        shutil.copy(validated, copies[-1])
    return copies


def test_two_publishes_at_once_with_a_reader_opening_the_warehouse_throughout(validated, tmp_path):
    a, b = _work_dbs(validated, tmp_path, 2)
    warehouse = tmp_path / "shared" / "warehouse.duckdb"
    assert publish(a, warehouse).published
    stop = tmp_path / "stop-reading"
    reader = _python(READER, warehouse, stop)
    publishers = [_python(PUBLISHER, db, warehouse, 6) for db in (a, b)]
    outputs = [p.communicate(timeout=300) for p in publishers]
    stop.touch()
    read = json.loads(reader.communicate(timeout=60)[0])
    print(f"reader: {read['opens']} opens during 12 publishes, {len(read['failures'])} failed, "
          f"{read['runs']} publishes seen")
    assert read["opens"] > 12 and read["failures"] == []
    for process, (out, err) in zip(publishers, outputs):
        assert process.returncode == 0, err[-3000:]
        assert "Error" not in err and out.split().count("True") == 6, (out, err[-2000:])
    for db in (a, b):  # every publish recorded, complete
        assert rows(db, "select count(*), count(completed_at), bool_and(published) from audit.publishes") \
            in ([(7, 7, True)], [(6, 6, True)])
    assert sorted(p.name for p in warehouse.parent.iterdir()) == ["warehouse.duckdb", "warehouse.duckdb.publish.lock"]


@pytest.mark.parametrize("point", ["before", "after"])
def test_a_publish_killed_around_its_rename_is_visible_and_the_next_one_settles_it(validated, tmp_path, point):
    [work] = _work_dbs(validated, tmp_path, 1)
    warehouse = tmp_path / "warehouse.duckdb"
    first = publish(work, warehouse)
    before = sha256(warehouse)
    killed = _python(KILLED_PUBLISH, work, warehouse, point)
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    # the killed publish is visible: its row is there, not completed
    assert rows(work, "select published, completed_at is null from audit.publishes where run_id = 'killed-publish'") \
        == [(False, True)]
    publisher = rows(warehouse, "select publish_run_id from meta.publish_log")[0][0]
    assert (sha256(warehouse) == before, publisher) == ((True, first.run_id) if point == "before"
                                                        else (False, "killed-publish"))
    # the next publish settles it (and removes what it left), then publishes
    assert publish(work, warehouse).published
    [(published, message, done)] = rows(work, "select published, message, completed_at is not null "
                                               "from audit.publishes where run_id = 'killed-publish'")
    assert done and published == (point == "after")
    assert ("stopped after the rename" if point == "after" else "abandoned") in message
    assert not list(tmp_path.glob(".warehouse.duckdb.*"))


def test_a_publish_waits_for_another_to_the_same_warehouse(validated, tmp_path):
    """Two work databases, one warehouse: the second publish waits for the first's lock, then publishes."""
    from filelock import FileLock

    from kabar.errors import KabarError
    from kabar.warehouse.publish import lock_path

    [work] = _work_dbs(validated, tmp_path, 1)
    warehouse = tmp_path / "warehouse.duckdb"
    held = FileLock(lock_path(warehouse))
    with held:  # another publish under way (a lock of its own: flock conflicts across open files)
        waiting = _python(PUBLISHER, work, warehouse, 1)
        time.sleep(1.0)
        assert waiting.poll() is None and not warehouse.exists()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and out.split()[1] == "True", err[-2000:]
    with held:
        with pytest.raises(KabarError, match="another publish"):
            publish(work, warehouse, lock_timeout=0.2)
