"""Finding the input files under a folder, without ever stopping on a path the system refuses.

A walk that stops on one bad path loses every good file after it, on every run. So each path
error is a finding of its own, never an exception:
  - a symbolic link (file or folder) is reported as a link and never followed;
  - a path longer than the system allows (ENAMETOOLONG: nested folders past PATH_MAX) is
    `path_too_long`; a folder that cannot be listed (permissions, vanished, I/O) and a file whose
    status cannot be read are `read_error`; the reason names the path and the cause;
  - hidden entries (a name starting with one dot: `.git`, `.DS_Store`, an editor's `.x.swp`) are
    skipped and counted; `...` or `..x` are ordinary names and are read. So are README files
    beside a corpus, and the work database and its quarantine folder when they live inside it.
Entries are visited in name order, a folder's files before its sub-folders (as `os.walk` does).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kabar.articles.rejections import Rejection

SKIPPED_NAMES = ("readme",)  # README.md / README.txt beside a corpus describe it: not articles


@dataclass(frozen=True)
class Found:
    """One entry the ingest looks at: a file to read (`problem` None), or a path it cannot read."""

    path: Path
    problem: Rejection | None = None


def is_hidden(name: str) -> bool:
    """A hidden name starts with a single dot; `...` and `..x` are not hidden."""
    return name.startswith(".") and not name.startswith("..")


def discover(root: Path, work_db: Path, quarantine: Path, skipped: list[str]) -> Iterator[Found]:
    """Every file under `root` (sorted, recursive), every link and every path error; see the module docstring."""
    folders = [root]
    while folders:
        here = folders.pop()
        try:
            names = sorted(os.listdir(here))
        except OSError as exc:
            yield Found(here, path_rejection(here, exc, folder=True))
            continue
        subfolders = []
        for name in names:
            path = here / name
            if is_hidden(name) or path == quarantine or _is_work_db(path, work_db) \
                    or name.lower().split(".")[0] in SKIPPED_NAMES:
                skipped.append(str(path))
                continue
            try:
                info = path.lstat()
            except OSError as exc:
                yield Found(path, path_rejection(path, exc))
                continue
            if stat.S_ISLNK(info.st_mode):
                yield Found(path, link_rejection(path, root))
            elif stat.S_ISDIR(info.st_mode):
                subfolders.append(path)
            else:
                yield Found(path)
        folders.extend(reversed(subfolders))


def _is_work_db(path: Path, work_db: Path) -> bool:
    """The work database and its companions (.wal, .tmp, .lock) when it lives inside the input folder."""
    return path.parent == work_db.parent and path.name.startswith(work_db.name)


def path_rejection(path: Path, exc: OSError, *, folder: bool = False) -> Rejection:
    """A path the system would not let us read: why, in words, with nothing read or quarantined."""
    what = "folder" if folder else "file"
    cause = exc.strerror or type(exc).__name__
    if exc.errno == errno.ENAMETOOLONG:
        return Rejection("path_too_long",
                         f"the {what}'s path is {len(os.fsencode(path)):,} bytes long, more than this system allows "
                         f"({cause}): {'nothing in it was' if folder else 'it was not'} read; move it to a "
                         f"shorter path", data=f"path_too_long:{path}".encode(), unread=True)
    if folder:
        reason = f"the folder could not be listed ({type(exc).__name__}: {cause}): the files in it were not read"
    else:
        reason = f"the file's status could not be read ({type(exc).__name__}: {cause}): it was not read"
    return Rejection("read_error", reason, data=f"read_error:{path}".encode(), unread=True)


def link_rejection(path: Path, root: Path) -> Rejection:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop, or a target past the path limit
        resolved = None
    if resolved is not None and (resolved == root or root in resolved.parents):
        return Rejection("symlink", f"symbolic link (to {target}): links are not followed",
                         data=f"symlink:{target}".encode(), unread=True)
    return Rejection("outside_input", f"symbolic link to {resolved or target}, outside the input folder: not read",
                     data=f"symlink:{target}".encode(), unread=True)
