"""Skipping input files that an earlier ingest read completely and that have not changed since.

A file is unchanged when raw.ingested_files holds the same key for it: its path relative to the
input folder (and that folder), its size and mtime_ns, plus what decides the outcome besides the
bytes: the size limit it was read under and INGEST_VERSION. A file is recorded in the same
transaction as all of its rows (articles, sources, rejections, warnings), and not at all when its
outcome can change while the file does not:
  - a read error (permissions, a file that vanished, an I/O or parser failure): retried next run;
  - a record rejected as future_date: the clock moves on, the record may be valid next run;
  - a file modified less than RACY_SECONDS before it was examined (or dated ahead of the clock):
    a write within the same timestamp tick would leave size and mtime as they were (git's
    "racily clean" files). (A file modified within the settle time, KABAR_SETTLE_SECONDS, is not
    even read: it may still be being written; see `is_being_written`.);
  - links, pipes and devices are never read, so never recorded: they are examined every run.
`kabar ingest --rescan` (and `kabar run --rescan`, the flows' `rescan` parameter) reads every file
again; a re-read is idempotent and refreshes the file's row.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass

import duckdb

# Bump when reading, decoding, cleaning, dating or rejecting changes what a file yields: every file
# is then read again on the next run (the new article text gets a new article_id, as on a rescan).
INGEST_VERSION = "ingest-3"
RACY_SECONDS = 2.0
NOT_RECORDED_KINDS = frozenset({"read_error", "future_date"})


@dataclass(frozen=True)
class FileKey:
    size: int
    mtime_ns: int
    max_bytes: int
    ingest_version: str


@dataclass(frozen=True)
class KnownFile:
    key: FileKey
    records: int
    articles: int
    rejected: int


def file_key(info: os.stat_result, max_bytes: int, limits: str = "") -> FileKey:
    """`limits`: the other settings that decide a file's outcome (ArticleLimits.tag()), kept with the
    ingest version: a file read under other limits is read again."""
    return FileKey(info.st_size, info.st_mtime_ns, max_bytes, f"{INGEST_VERSION} ({limits})" if limits else INGEST_VERSION)


def known_files(con: duckdb.DuckDBPyConnection, input_dir: str) -> dict[str, KnownFile]:
    """rel_path -> what raw.ingested_files recorded for the files of `input_dir` (none when a
    work database opened read-only has no such table yet)."""
    if not con.execute("select count(*) from information_schema.tables where table_schema = 'raw' "
                       "and table_name = 'ingested_files'").fetchone()[0]:
        return {}
    rows = con.execute("select rel_path, size, mtime_ns, max_bytes, ingest_version, records, articles, rejected "
                       "from raw.ingested_files where input_dir = ?", [input_dir]).fetchall()
    return {rel: KnownFile(FileKey(size, mtime, limit, version), records, articles, rejected)
            for rel, size, mtime, limit, version, records, articles, rejected in rows}


def is_unchanged(earlier: KnownFile | None, info: os.stat_result | None, max_bytes: int, limits: str = "") -> bool:
    """Was the file read completely by an earlier run, and is its key still the one recorded then?"""
    return info is not None and earlier is not None and earlier.key == file_key(info, max_bytes, limits)


def is_being_written(info: os.stat_result, settle_seconds: float, now_ns: int | None = None) -> bool:
    """Modified within the last `settle_seconds` (or as far ahead of the clock): a writer may not be done
    with it, so it is not read this run. A file dated further ahead is read (a skewed clock, not a writer)."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    return abs(now_ns - info.st_mtime_ns) < settle_seconds * 1e9


def changed_while_read(before: os.stat_result, after: os.stat_result | None) -> bool:
    """Did the file change between the status taken before reading it and the one after? (a writer started)"""
    return after is None or (after.st_size, after.st_mtime_ns, after.st_ino) != \
        (before.st_size, before.st_mtime_ns, before.st_ino)


def is_settled(info: os.stat_result, now_ns: int | None = None) -> bool:
    """True when the file's mtime is old enough that a same-size rewrite would have changed it."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    return now_ns - info.st_mtime_ns >= RACY_SECONDS * 1e9


def recordable(info: os.stat_result | None, rejection_kinds: list[str], now_ns: int | None = None) -> bool:
    """May this file's outcome be remembered? (see the module docstring)"""
    return (info is not None and stat.S_ISREG(info.st_mode) and is_settled(info, now_ns)
            and not NOT_RECORDED_KINDS.intersection(rejection_kinds))


def file_row(input_dir: str, rel_path: str, key: FileKey, records: int, articles: int, rejected: int,
             recorded_at, run_id: str) -> dict:
    """A raw.ingested_files row (store.INGESTED_FILES columns)."""
    return {"input_dir": input_dir, "rel_path": rel_path, "size": key.size, "mtime_ns": key.mtime_ns,
            "max_bytes": key.max_bytes, "ingest_version": key.ingest_version, "records": records,
            "articles": articles, "rejected": rejected, "recorded_at": recorded_at, "run_id": run_id}
