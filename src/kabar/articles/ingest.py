"""Ingestion: a folder of raw articles -> raw.articles, raw.article_sources, raw.rejected_inputs,
raw.ingest_warnings in the work database.

- Files are found recursively (kabar.articles.discover); symbolic links (files or folders),
  anything resolving outside the folder and paths the system refuses (too long, a folder that
  cannot be listed) are recorded as rejected and never read, and the scan goes on. Hidden files
  (one leading dot), README files, the work database and its quarantine folder are skipped
  (counted, not recorded).
- A file modified within the settle time (KABAR_SETTLE_SECONDS) may still be being written: it is
  not read this run (counted as "being written"; the next run reads it), and neither is a file
  that changed while it was read, so no article is ever stored cut short.
- Each file is read, decoded, split into records and cleaned on its own; a bad file or line is
  rejected with a reason and its bytes copied to <work db folder>/quarantine/<sha256><ext>,
  and the next file goes on. Each file's rows are written in one transaction.
- A missing Python package (an ImportError while reading) is the install's fault, not the file's:
  ingest stops with MissingDependency naming the package, and the file is not recorded as rejected
  (files of earlier, committed batches stay; the next run reads the rest).
- article_id = sha256 of the cleaned text: the same article from two files, formats or runs is
  stored once; every place it was seen is a row of raw.article_sources. Metadata missing on
  the stored article (title, url, source, date) is filled from a later copy that has it.
- A re-run over the same folder adds no rows (only a raw.runs entry), and does not even read the
  files an earlier run read completely and that have not changed since (same size and mtime, same
  size limit and INGEST_VERSION): they are counted as unchanged (kabar.articles.unchanged).
  `rescan=True` reads every file again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from kabar.articles.discover import discover
from kabar.articles.readers import READERS, RawRecord
from kabar.articles.records import Article, ArticleLimits, build_article
from kabar.articles.rejections import Rejected, Rejection
from kabar.articles.store import Batch, write_batch
from kabar.articles.unchanged import (KnownFile, changed_while_read, file_key, file_row, is_being_written, is_unchanged,
                                      known_files, recordable)
from kabar.config import DEFAULT_MAX_INPUT_BYTES, Settings
from kabar.errors import KabarError, MissingDependency, missing_package
from kabar.faults import MachineFault, is_machine_fault
from kabar.warehouse.db import connect, ensure_schema

log = logging.getLogger(__name__)

QUARANTINE_DIRNAME = "quarantine"
BATCH_ROWS = 500  # records per transaction: bounded memory, and a crash loses at most one batch


@dataclass
class IngestReport:
    run_id: str
    input_dir: str
    work_db: str
    files_seen: int = 0
    files_unchanged: int = 0       # of files_seen: read completely by an earlier run and unchanged since: not read
    unchanged_records: int = 0     # records in those files (as counted when they were read)
    unchanged_rejected: int = 0    # of which rejected then (their rows stay in raw.rejected_inputs)
    files_being_written: int = 0   # of files_seen: modified within the settle time or while read: left for the next run
    being_written: list[str] = field(default_factory=list)
    settle_seconds: float = 0.0
    records_seen: int = 0          # records read in this run
    new_articles: int = 0
    duplicates: int = 0            # records whose article was already stored (earlier file or run)
    new_sources: int = 0           # raw.article_sources rows added
    rejected: int = 0              # files and records rejected in this run (unchanged files: not again)
    new_rejections: int = 0        # raw.rejected_inputs rows added (0 on a re-run)
    rejected_reasons: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    quarantine_dir: str = ""
    rescan: bool = False           # every file read again, unchanged or not
    started_at: str = ""
    finished_at: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.rejected_reasons.items())) or "none"
        lines = [
            f"ingest {self.run_id}: {self.input_dir} -> {self.work_db}",
            f"  files seen {self.files_seen}: read {self.files_seen - self.files_unchanged - self.files_being_written} "
            f"({self.records_seen} records), "
            + (f"unchanged {self.files_unchanged} (not read again: {self.unchanged_records} records, "
               f"{self.unchanged_rejected} rejected earlier; --rescan reads them)"
               if not self.rescan else "unchanged 0 (--rescan: every file read)"),
            f"  new articles {self.new_articles}, duplicates {self.duplicates} (new sources {self.new_sources})",
            *([f"  being written {self.files_being_written} (modified in the last {self.settle_seconds:g} s or while "
               f"read: not read now, the next run reads them): {', '.join(self.being_written[:3])}"
               + (f" and {self.files_being_written - 3} more" if self.files_being_written > 3 else "")]
              if self.files_being_written else []),
            f"  rejected {self.rejected} ({reasons}); new rejections recorded {self.new_rejections}",
            f"  warnings {len(self.warnings)}, skipped {len(self.skipped)}",
        ]
        if self.rejected:
            lines.append(f"  rejected inputs: raw.rejected_inputs; their bytes: {self.quarantine_dir}")
        lines.extend(f"  warning: {w}" for w in self.warnings[:10])
        if len(self.warnings) > 10:
            lines.append(f"  ... {len(self.warnings) - 10} more warnings in raw.ingest_warnings")
        return "\n".join(lines)


@dataclass
class _FileResult:
    articles: list[Article] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    file_data: bytes | None = None   # the file's bytes, when read (for quarantining whole-file rejections)
    records: int = 0


def ingest_directory(input_dir: Path | str, work_db: Path | str, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
                     run_id: str | None = None, rescan: bool = False, settle_seconds: float | None = None,
                     limits: ArticleLimits | None = None) -> IngestReport:
    """Read every new or changed article file under `input_dir` into `work_db` (every file when
    `rescan`); see the module docstring. `settle_seconds` and `limits` default to the settings
    (KABAR_SETTLE_SECONDS, KABAR_MAX_ARTICLE_CHARS, KABAR_EARLIEST_PUBLISHED)."""
    root = Path(input_dir).expanduser()
    if not root.exists():
        raise KabarError(f"input folder {root} does not exist")
    if not root.is_dir():
        raise KabarError(f"input {root} is not a folder")
    root = root.resolve()
    work_db = Path(work_db).expanduser().resolve()
    settle_seconds, limits = _ingest_settings(settle_seconds, limits)
    quarantine = work_db.parent / QUARANTINE_DIRNAME
    started = datetime.now(timezone.utc)
    run_id = run_id or f"ingest-{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    report = IngestReport(run_id, str(root), str(work_db), quarantine_dir=str(quarantine),
                          rescan=rescan, started_at=started.isoformat(), settle_seconds=settle_seconds)
    log.info("ingest %s: reading %s into %s", run_id, root, work_db)
    with connect(work_db) as con:
        ensure_schema(con)
        con.execute("insert into raw.runs (run_id, stage, started_at) values (?, 'ingest', ?) "
                    "on conflict (run_id) do update set started_at = excluded.started_at", [run_id, started])
        known = {} if rescan else known_files(con, str(root))
        batch = Batch()
        for found in discover(root, work_db, quarantine, report.skipped):
            report.files_seen += 1
            path, result, info, rel_path = found.path, _FileResult(), None, _relative(found.path, root)
            if found.problem is not None:
                result.rejections.append(found.problem)
            else:
                info, examined_ns = _lstat(path), time.time_ns()
                if _count_if_unchanged(known.get(rel_path), info, max_bytes, limits, report):
                    continue  # read completely by an earlier run and not changed since
                if info is not None and is_being_written(info, settle_seconds, examined_ns):
                    _count_being_written(rel_path, report)
                    continue
                result = _read_file(path, root, max_bytes, info, limits)
                if info is not None and changed_while_read(info, _lstat(path)):
                    _count_being_written(rel_path, report)
                    continue
            report.records_seen += result.records
            _add_to_batch(batch, path, result, run_id, started, quarantine, max_bytes, report)
            if info is not None and recordable(info, [r.kind for r in result.rejections], examined_ns):
                batch.done_files.append(file_row(str(root), rel_path, file_key(info, max_bytes, limits.tag()),
                                                 result.records, len(result.articles), len(result.rejections),
                                                 started, run_id))
            if len(batch) >= BATCH_ROWS:
                _flush(con, batch, report)
                batch = Batch()
                log.info("ingest %s: %d files, %d new articles so far", run_id, report.files_seen, report.new_articles)
        _flush(con, batch, report)
        report.finished_at = datetime.now(timezone.utc).isoformat()
        con.execute("update raw.runs set finished_at = ?, summary = ? where run_id = ?",
                    [datetime.now(timezone.utc), json.dumps(report.as_dict()), run_id])
    log.info("ingest %s: %d new articles, %d duplicates, %d rejected; %d of %d files unchanged (not read), "
             "%d being written (left for the next run)", run_id, report.new_articles, report.duplicates,
             report.rejected, report.files_unchanged, report.files_seen, report.files_being_written)
    return report


def _ingest_settings(settle_seconds: float | None, limits: ArticleLimits | None) -> tuple[float, ArticleLimits]:
    """Explicit values, else the settings (environment, then defaults)."""
    if settle_seconds is not None and limits is not None:
        return settle_seconds, limits
    settings = Settings.from_env()
    return (settings.settle_seconds if settle_seconds is None else settle_seconds,
            limits or ArticleLimits(settings.max_article_chars, settings.earliest_published))


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path != root else "."


def _count_being_written(rel_path: str, report: IngestReport) -> None:
    report.files_being_written += 1
    report.being_written.append(rel_path)
    log.info("not reading %s yet: modified in the last %g s or while it was read (still being written?); "
             "the next run reads it", rel_path, report.settle_seconds)


def _count_if_unchanged(earlier: KnownFile | None, info: os.stat_result | None, max_bytes: int,
                        limits: ArticleLimits, report: IngestReport) -> bool:
    """True (and counted in the report) when the file's key is the one recorded when it was read."""
    if not is_unchanged(earlier, info, max_bytes, limits.tag()):
        return False
    report.files_unchanged += 1
    report.unchanged_records += earlier.records
    report.unchanged_rejected += earlier.rejected
    return True


def files_to_read(input_dir: Path | str, work_db: Path | str, *, max_bytes: int = DEFAULT_MAX_INPUT_BYTES,
                  limits: ArticleLimits | None = None) -> tuple[int, list[str]]:
    """(files found, those a run would read or reject again), without reading any file or writing
    anything: an empty list means ingest would find nothing new.

    Conservative: a link, a path error, or a file without a recorded and unchanged key, counts as one to read."""
    root = Path(input_dir).expanduser()
    if not root.is_dir():
        return 0, [f"{root} (not a folder)"]
    root, work_db = root.resolve(), Path(work_db).expanduser().resolve()
    _, limits = _ingest_settings(0.0, limits)
    known: dict[str, KnownFile] = {}
    if work_db.exists():
        with connect(work_db, read_only=True) as con:
            known = known_files(con, str(root))
    found, to_read = 0, []
    for item in discover(root, work_db, work_db.parent / QUARANTINE_DIRNAME, []):
        found += 1
        rel_path = _relative(item.path, root)
        if item.problem is not None or not is_unchanged(known.get(rel_path), _lstat(item.path), max_bytes,
                                                        limits.tag()):
            to_read.append(rel_path)
    return found, to_read


# --- reading one file ---------------------------------------------------------------------------


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:  # vanished or unreadable: _read_file records why
        return None


def _read_file(path: Path, root: Path, max_bytes: int, info: os.stat_result | None = None,
               limits: ArticleLimits = ArticleLimits()) -> _FileResult:
    """Read, decode, split and clean one file. `info`: its lstat taken before reading (the key recorded)."""
    result = _FileResult()
    try:
        info = info or path.lstat()
        if not stat.S_ISREG(info.st_mode):
            raise Rejected("not_regular_file", "not a regular file (device, pipe or socket): not read")
        if root not in path.resolve().parents:
            raise Rejected("outside_input", f"resolves to {path.resolve()}, outside the input folder: not read")
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            raise Rejected("unsupported_type", f"unsupported file type {path.suffix or '(no extension)'!r}: "
                                               f"expected one of {', '.join(sorted(READERS))}")
        if info.st_size > max_bytes:
            raise Rejected("too_large", f"{info.st_size:,} bytes is larger than the limit of {max_bytes:,} bytes")
        result.file_data = path.read_bytes()
        for item in reader(path, result.file_data):
            result.records += 1
            if isinstance(item, Rejection):
                result.rejections.append(item)
                continue
            try:
                result.articles.append(build_article(item, limits=limits))
            except Rejected as exc:
                result.rejections.append(_for_record(exc.rejection, item))
    except Rejected as exc:
        result.rejections.append(exc.rejection)
    except ImportError as exc:  # the install, not the file: fail the stage, record nothing against the file
        package = missing_package(exc)
        raise MissingDependency(f"could not read {path}: the Python package '{package}' is not installed "
                                f"({str(exc).splitlines()[0]}). The install is incomplete: reinstall the project "
                                f"(make install, or pip install -e .) and run again; nothing was recorded against "
                                f"this file", package) from exc
    except OSError as exc:
        if is_machine_fault(exc):  # a full or read-only disk fails every file alike: stop, blaming no file
            raise MachineFault(f"could not read {path}: {exc.strerror} ({type(exc).__name__}: {exc}); nothing was "
                               f"recorded against this file: free the disk and run again") from exc
        log.warning("could not read %s: %s", path, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        result.rejections.append(Rejection("read_error", f"could not be read: {type(exc).__name__}: {exc}"))
    except Exception as exc:  # a parser bug or I/O error on one file must not stop the others
        log.warning("could not read %s: %s", path, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        result.rejections.append(Rejection("read_error", f"could not be read: {type(exc).__name__}: {exc}"))
    return result


def _for_record(rejection: Rejection, record: RawRecord) -> Rejection:
    """A record-level rejection (future date, only boilerplate) keeps the record's own bytes and line."""
    if record.record_ref:
        return Rejection(rejection.kind, f"line {record.record_ref}: {rejection.reason}", record.record_ref,
                         record.data)
    return rejection


# --- writing ------------------------------------------------------------------------------------


def _flush(con, batch: Batch, report: IngestReport) -> None:
    written = write_batch(con, batch)
    report.new_articles += written.new_articles
    report.duplicates += written.duplicates
    report.new_sources += written.new_sources
    report.new_rejections += written.new_rejections


def _add_to_batch(batch: Batch, path: Path, result: _FileResult, run_id: str, now: datetime, quarantine: Path,
                  max_bytes: int, report: IngestReport) -> None:
    source_path = str(path)
    batch.files += 1
    for rejection in result.rejections:
        batch.rejections.append(_rejection_row(path, rejection, result.file_data, quarantine, max_bytes, report)
                                | {"seen_at": now, "run_id": run_id})
    for a in result.articles:
        batch.articles.append({
            "article_id": a.article_id, "article_ref": a.article_ref, "record_ref": a.record_ref,
            "source_path": source_path, "format": a.format, "source": a.source, "url": a.url, "title": a.title,
            "published_at": a.published_at, "published_date": a.published_date, "text": a.text,
            "original_text": a.original_text, "encoding": a.encoding,
            "extra": json.dumps(a.extra, ensure_ascii=False, default=str) if a.extra else None,
            "ingested_at": now, "run_id": run_id, "language": a.language,
        })
        where = f"{source_path}:{a.record_ref}" if a.record_ref else source_path
        for warning in a.warnings:
            batch.warnings.append({"article_id": a.article_id, "source_path": source_path, "record_ref": a.record_ref,
                                   "warning": warning, "seen_at": now, "run_id": run_id})
            report.warnings.append(f"{where}: {warning}")


def _rejection_row(path: Path, r: Rejection, file_data: bytes | None, quarantine: Path, max_bytes: int,
                   report: IngestReport) -> dict:
    """A raw.rejected_inputs row; the rejected bytes are copied to the quarantine folder (named by
    their sha256, so a re-run copies nothing new). Links are identified by their target and not
    read; a file over the size limit is hashed but left where it is."""
    report.rejected += 1
    report.rejected_reasons[r.kind] = report.rejected_reasons.get(r.kind, 0) + 1
    log.info("rejected %s: %s", f"{path}:{r.record_ref}" if r.record_ref else path, r.reason)
    data = r.data if r.data is not None else file_data
    size, kept = None, None
    if r.unread or r.kind == "not_regular_file":
        digest = hashlib.sha256(data or f"{r.kind}:{path}".encode()).hexdigest()
    elif data is not None:
        digest, size = hashlib.sha256(data).hexdigest(), len(data)
        kept = _quarantine_bytes(quarantine, digest, path.suffix.lower(), data)
    else:  # not read into memory: unsupported type, too large, unreadable
        digest, size, kept = _quarantine_file(quarantine, path, copy_limit=max_bytes)
    return {"source_path": str(path), "record_ref": r.record_ref, "reason": r.reason, "reason_kind": r.kind,
            "bytes": size, "content_sha256": digest, "quarantine_path": kept}


def _quarantine_bytes(quarantine: Path, digest: str, suffix: str, data: bytes) -> str:
    target = quarantine / f"{digest}{suffix}"
    if not target.exists():
        quarantine.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return str(target)


def _quarantine_file(quarantine: Path, path: Path, copy_limit: int) -> tuple[str, int | None, str | None]:
    """Hash a file by streaming it; copy it to quarantine too unless it is larger than `copy_limit`."""
    try:
        size = path.stat().st_size
        digest = hashlib.sha256()
        with path.open("rb") as src:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
        hexdigest = digest.hexdigest()
        if size > copy_limit:
            return hexdigest, size, None
        target = quarantine / f"{hexdigest}{path.suffix.lower()}"
        if not target.exists():
            quarantine.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".part")
            shutil.copyfile(path, tmp)
            tmp.replace(target)
        return hexdigest, size, str(target)
    except OSError as exc:
        log.warning("could not quarantine %s: %s", path, exc)
        return hashlib.sha256(f"unreadable:{path}".encode()).hexdigest(), None, None
