"""Writing ingested rows to the raw tables, a batch of files at a time.

Set-based: each batch is a few Polars frames and a handful of INSERT ... SELECT statements in
one transaction (row-by-row statements made DuckDB the bottleneck of ingestion). Inserts skip
rows already present, so a re-run adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import polars as pl

from kabar.warehouse.db import transaction

UTC_TS = pl.Datetime("us", "UTC")

ARTICLES = {
    "article_id": pl.Utf8, "article_ref": pl.Utf8, "source_path": pl.Utf8, "format": pl.Utf8, "source": pl.Utf8,
    "url": pl.Utf8, "title": pl.Utf8, "published_at": UTC_TS, "published_date": pl.Date, "text": pl.Utf8,
    "original_text": pl.Utf8, "extra": pl.Utf8, "ingested_at": UTC_TS, "run_id": pl.Utf8, "language": pl.Utf8,
}
SOURCES = {
    "article_id": pl.Utf8, "source_path": pl.Utf8, "record_ref": pl.Utf8, "article_ref": pl.Utf8, "format": pl.Utf8,
    "source": pl.Utf8, "url": pl.Utf8, "title": pl.Utf8, "published_at": UTC_TS, "encoding": pl.Utf8,
    "first_seen_at": UTC_TS, "run_id": pl.Utf8,
}
REJECTIONS = {
    "source_path": pl.Utf8, "record_ref": pl.Utf8, "reason": pl.Utf8, "reason_kind": pl.Utf8, "bytes": pl.Int64,
    "content_sha256": pl.Utf8, "quarantine_path": pl.Utf8, "seen_at": UTC_TS, "run_id": pl.Utf8,
}
WARNINGS = {
    "article_id": pl.Utf8, "source_path": pl.Utf8, "record_ref": pl.Utf8, "warning": pl.Utf8,
    "seen_at": UTC_TS, "run_id": pl.Utf8,
}
INGESTED_FILES = {
    "input_dir": pl.Utf8, "rel_path": pl.Utf8, "size": pl.Int64, "mtime_ns": pl.Int64, "max_bytes": pl.Int64,
    "ingest_version": pl.Utf8, "records": pl.Int32, "articles": pl.Int32, "rejected": pl.Int32,
    "recorded_at": UTC_TS, "run_id": pl.Utf8,
}
KEYS = {
    "raw.articles": ["article_id"],
    "raw.article_sources": ["article_id", "source_path", "record_ref"],
    "raw.rejected_inputs": ["source_path", "record_ref", "content_sha256"],
    "raw.ingest_warnings": ["article_id", "source_path", "record_ref", "warning"],
}
FILLABLE = ("title", "url", "source", "published_at", "published_date")  # metadata a later copy may supply


@dataclass
class Batch:
    articles: list[dict] = field(default_factory=list)    # ARTICLES columns + record_ref, encoding
    rejections: list[dict] = field(default_factory=list)  # REJECTIONS columns
    warnings: list[dict] = field(default_factory=list)    # WARNINGS columns
    files: int = 0
    done_files: list[dict] = field(default_factory=list)  # INGESTED_FILES columns: files read completely

    def __len__(self) -> int:
        return len(self.articles) + len(self.rejections)


@dataclass
class Written:
    new_articles: int = 0
    duplicates: int = 0
    new_sources: int = 0
    new_rejections: int = 0


def write_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> Written:
    """Store one batch in one transaction; return what was new."""
    written = Written()
    with transaction(con):
        if batch.articles:
            _write_articles(con, batch.articles, written)
        written.new_rejections = _insert_new(con, "raw.rejected_inputs", _frame(batch.rejections, REJECTIONS))
        _insert_new(con, "raw.ingest_warnings", _frame(batch.warnings, WARNINGS))
        _record_files(con, batch.done_files)  # with their rows, so a file is never marked read without them
    return written


def _write_articles(con: duckdb.DuckDBPyConnection, rows: list[dict], written: Written) -> None:
    ids = pl.DataFrame({"article_id": sorted({r["article_id"] for r in rows})})
    con.register("_kabar_ids", ids)
    known = {i for (i,) in con.execute(
        "select a.article_id from raw.articles a join _kabar_ids using (article_id)").fetchall()}
    con.unregister("_kabar_ids")
    first: dict[str, dict] = {}
    fill: dict[str, dict] = {}
    for row in rows:  # in reading order: the first copy is stored, later copies fill its gaps
        aid = row["article_id"]
        if aid not in known and aid not in first:
            first[aid] = row
            continue
        gaps = fill.setdefault(aid, {"article_id": aid})
        for name in FILLABLE:
            if gaps.get(name) is None and row.get(name) is not None:
                gaps[name] = row[name]
    written.new_articles = len(first)
    written.duplicates = len(rows) - len(first)
    _insert_new(con, "raw.articles", _frame(list(first.values()), ARTICLES))
    if fill:
        frame = _frame(list(fill.values()), {"article_id": pl.Utf8, **{k: ARTICLES[k] for k in FILLABLE}})
        con.register("_kabar_fill", frame)
        sets = ", ".join(f"{c} = coalesce(a.{c}, f.{c})" for c in FILLABLE)
        gaps = " or ".join(f"(a.{c} is null and f.{c} is not null)" for c in FILLABLE)
        con.execute(f"update raw.articles a set {sets} from _kabar_fill f where a.article_id = f.article_id and ({gaps})")
        con.unregister("_kabar_fill")
    sources = [{**r, "first_seen_at": r["ingested_at"]} for r in rows]
    written.new_sources = _insert_new(con, "raw.article_sources", _frame(sources, SOURCES))


def _record_files(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    if not rows:
        return
    frame = _frame(rows, INGESTED_FILES)
    con.register("_kabar_files", frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"insert or replace into raw.ingested_files ({columns}) select {columns} from _kabar_files")
    finally:
        con.unregister("_kabar_files")


def _frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema, orient="row")


def _insert_new(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Insert the rows whose key is not there yet; the number inserted."""
    if frame.is_empty():
        return 0
    frame = frame.unique(subset=KEYS[table], keep="first", maintain_order=True)
    con.register("_kabar_rows", frame)
    try:
        columns = ", ".join(frame.columns)
        before = con.execute(f"select count(*) from {table}").fetchall()[0][0]
        con.execute(f"insert into {table} ({columns}) select {columns} from _kabar_rows on conflict do nothing")
        return con.execute(f"select count(*) from {table}").fetchall()[0][0] - before
    finally:
        con.unregister("_kabar_rows")
