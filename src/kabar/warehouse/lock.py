"""One writing run per work database: an exclusive lock held for the run's whole duration.

DuckDB lets one process open a database file for writing at a time, but a run opens and closes the
work database many times (ingest, each extraction batch, dbt, GX, publish): two runs would take
turns between those openings, extract the same articles twice and fail wherever one finds the file
busy (dbt does not retry). So every command and flow that uses the work database first takes
`<work db>.lock` (filelock: an OS lock, released by the OS when the holding process dies, so a
crashed run never leaves a stale lock) and holds it to the end. Who holds it (run id, command,
pid, host, start time) is written to `<work db>.lock.info` beside it, so that a run that waits in
vain can say which run it waited for.

A second run waits up to the lock timeout (KABAR_LOCK_TIMEOUT / --lock-timeout, seconds), then
fails with WorkDbLocked naming the holder. Within one process the lock is re-entrant across threads
(`kabar run` takes it, then the pipeline flow it runs and the stage tasks in Prefect's worker
threads take it again): one process is one run.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from kabar.errors import KabarError

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
INFO_SUFFIX = ".lock.info"


class WorkDbLocked(KabarError):
    """Another run held the work database's lock for longer than this run would wait."""


@dataclass
class Holder:
    """Who holds a work database's lock (the sidecar info file's content)."""

    run_id: str
    command: str
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)
    started_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    def describe(self) -> str:
        return f"run {self.run_id} ({self.command}, pid {self.pid} on {self.host}, holding it since {self.started_at})"


@dataclass
class _Held:
    lock: FileLock
    holder: Holder
    depth: int = 0


_held: dict[Path, _Held] = {}
_guards: dict[Path, threading.RLock] = {}
_guards_guard = threading.Lock()


def _guard(path: Path) -> threading.RLock:
    """The in-process guard of one work database: threads of this process taking its lock go one at a time."""
    with _guards_guard:
        return _guards.setdefault(path, threading.RLock())


def lock_path(work_db: Path | str) -> Path:
    work_db = Path(work_db)
    return work_db.with_name(work_db.name + LOCK_SUFFIX)


def info_path(work_db: Path | str) -> Path:
    work_db = Path(work_db)
    return work_db.with_name(work_db.name + INFO_SUFFIX)


def read_holder(work_db: Path | str) -> Holder | None:
    """The holder recorded beside `work_db` (None when there is no readable record)."""
    try:
        return Holder(**json.loads(info_path(work_db).read_text()))
    except (OSError, ValueError, TypeError):
        return None


@contextmanager
def work_db_lock(work_db: Path | str, *, run_id: str, command: str, timeout: float) -> Iterator[Holder]:
    """Hold the exclusive lock of `work_db` for the block; wait up to `timeout` seconds for it.

    Re-entrant within a process: an inner taker (the flow run inside `kabar run`, a stage flow inside
    the pipeline flow) shares the outer holder's lock, which stays recorded as the holder."""
    path = Path(work_db).expanduser().resolve()
    with _guard(path):
        held = _held.get(path)
        if held is None:
            held = _held[path] = _acquire(path, Holder(run_id, command), timeout)
        else:
            held.depth += 1
    try:
        yield held.holder
    finally:
        with _guard(path):
            _release(path, held)


def _acquire(path: Path, holder: Holder, timeout: float) -> _Held:
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path(path), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        waiting_for = read_holder(path)
        log.warning("%s is in use by %s: waiting up to %.0f s for it to finish", path,
                    waiting_for.describe() if waiting_for else "another run", timeout)
        started = time.monotonic()
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise WorkDbLocked(_busy_message(path, timeout)) from None
        log.info("%s is free after %.1f s of waiting", path, time.monotonic() - started)
    _write_info(path, holder)
    return _Held(lock, holder, depth=1)


def _release(path: Path, held: _Held) -> None:
    held.depth -= 1
    if held.depth > 0:
        return
    _held.pop(path, None)
    try:
        info_path(path).unlink(missing_ok=True)
    finally:
        held.lock.release()


def _write_info(path: Path, holder: Holder) -> None:
    """Atomically (a reader never sees half a record). The record only names the holder to a waiting run:
    when it cannot be written (a full disk) the lock is held all the same, and the work itself reports the cause."""
    target = info_path(path)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(asdict(holder)))
        tmp.replace(target)
    except OSError as exc:
        log.warning("could not record the lock's holder in %s: %s", target, exc)
        tmp.unlink(missing_ok=True)


def _busy_message(path: Path, timeout: float) -> str:
    holder = read_holder(path)
    who = holder.describe() if holder else "another run (it left no record of itself)"
    return (f"the work database {path} is in use by {who}; waited {timeout:g} s for it "
            f"(KABAR_LOCK_TIMEOUT / --lock-timeout). One run writes a work database at a time: "
            f"try again when that run has finished, or give this run another --work-db")
