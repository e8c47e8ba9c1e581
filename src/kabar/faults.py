"""Which failures a retry can fix, and which it cannot.

A retry helps when another process briefly held a file (DuckDB's lock on the work database, a file
being replaced) or the network hiccupped. It cannot help when the disk is full, the file system is
read-only, a path is longer than the system allows, a permission is missing or a path does not
exist: retrying those only delays the report (the stage tasks wait 5 s and 20 s between tries) and
can bury the cause under later errors. Both OSErrors (by errno) and DuckDB's errors (by the
operating system's message they carry, e.g. 'Could not write file "…wal": No space left on device')
are classified here.
"""

from __future__ import annotations

import errno
import os

import duckdb

from kabar.errors import KabarError

PERMANENT_ERRNOS = frozenset({
    errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG, errno.ENAMETOOLONG, errno.EACCES, errno.EPERM,
    errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ELOOP,
})
# the same causes as the operating system words them inside another library's message
PERMANENT_MESSAGES = tuple(os.strerror(code) for code in sorted(PERMANENT_ERRNOS))


# raised without an errno too (FileNotFoundError("data/raw")): a wrong path stays wrong
PERMANENT_TYPES = (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError)


def os_cause(exc: BaseException) -> str | None:
    """The operating system's reason for `exc` when it is a permanent one ('No space left on device')."""
    if isinstance(exc, OSError) and exc.errno in PERMANENT_ERRNOS:
        return os.strerror(exc.errno)
    if isinstance(exc, PERMANENT_TYPES):
        return type(exc).__name__
    text = str(exc)
    return next((message for message in PERMANENT_MESSAGES if message in text), None)


def is_permanent(exc: BaseException) -> bool:
    """True for a failure no retry can fix (see the module docstring)."""
    return os_cause(exc) is not None


# the machine cannot write (full, over quota, a file-size limit, read-only): never an input file's fault
MACHINE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


class MachineFault(KabarError):
    """The machine, not the input, failed (a full or read-only disk) while an input was read: the stage
    stops and names the file and the cause, and nothing is recorded against the file."""


def is_machine_fault(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in MACHINE_ERRNOS


def is_transient(exc: BaseException | None) -> bool:
    """True for a failure worth retrying: I/O that is not permanent, a DuckDB I/O error (a lock held
    by another process), a timeout, a dropped connection."""
    if exc is None or isinstance(exc, KabarError) or is_permanent(exc):
        return False
    return isinstance(exc, (OSError, duckdb.IOException, TimeoutError, ConnectionError))
