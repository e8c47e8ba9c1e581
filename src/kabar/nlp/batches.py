"""Extraction I/O on the work database: pending articles in Polars batches, results written back.

Reading: `pending_article_ids` lists the articles of raw.articles with no nlp.processed row for
(extractor version, model version), ordered by article_id; `load_article_frame` reads one batch.
Writing: `store_batch` replaces an article's rows of the same extractor version in nlp.sentences,
nlp.claims and nlp.processed inside one transaction, so a retried or resumed batch is idempotent.
An article whose rules raised is a row of nlp.failed_articles instead; when a batch cannot be stored
because of one article's rows, its articles are stored one by one and that article is recorded as
failed. A failed article is not pending again until the extractor or model version changes.
Every function opens the database, does its work and closes it (one writer at a time).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb
import polars as pl

from kabar.warehouse.db import connect, ensure_schema, transaction

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = ("article_id", "article_ref", "title", "published_at", "published_date", "text")

SENTENCE_SCHEMA = {
    "article_id": pl.String, "sentence_idx": pl.Int32, "paragraph_idx": pl.Int32,
    "start_char": pl.Int32, "end_char": pl.Int32, "text": pl.String, "tokens": pl.String,
    "extractor_version": pl.String,
}
CLAIM_SCHEMA = {
    "claim_id": pl.String, "article_id": pl.String, "sentence_idx": pl.Int32, "measure": pl.String,
    "value": pl.Int64, "qualifier": pl.String, "weapon": pl.String, "attacker": pl.String,
    "place_text": pl.String, "place_id": pl.String, "place_name": pl.String, "place_precision": pl.String,
    "admin_area": pl.String, "country": pl.String, "latitude": pl.Float64, "longitude": pl.Float64,
    "event_date": pl.Date, "date_basis": pl.String, "reporter": pl.String, "evidence": pl.String,
    "evidence_span": pl.String, "token_ids": pl.String, "extractor_version": pl.String, "value_text": pl.String,
}
FAILED_SCHEMA = {
    "article_id": pl.String, "extractor_version": pl.String, "model_version": pl.String,
    "error_type": pl.String, "message": pl.String, "failed_at": pl.Datetime("us", "UTC"),
}
PROCESSED_SCHEMA = {
    "article_id": pl.String, "extractor_version": pl.String, "model_version": pl.String,
    "processed_at": pl.Datetime("us", "UTC"), "n_sentences": pl.Int32, "n_claims": pl.Int32,
}


@dataclass
class BatchResult:
    """What one batch produced, as plain rows (picklable: it travels back from a Dask worker)."""

    extractor_version: str
    model_version: str
    articles: list[dict] = field(default_factory=list)    # nlp.processed rows, one per article
    sentences: list[dict] = field(default_factory=list)   # nlp.sentences rows
    claims: list[dict] = field(default_factory=list)      # nlp.claims rows
    failed: list[dict] = field(default_factory=list)      # nlp.failed_articles rows
    parsed_sentences: int = 0                              # sentences sent to pos/lemma/depparse
    tokens: int = 0
    seconds_parse: float = 0.0
    seconds_rules: float = 0.0

    @property
    def article_ids(self) -> list[str]:
        return [row["article_id"] for row in self.articles] + [row["article_id"] for row in self.failed]

    def counts(self) -> dict:
        return {"articles": len(self.articles), "sentences": len(self.sentences), "claims": len(self.claims),
                "failed": len(self.failed), "parsed_sentences": self.parsed_sentences, "tokens": self.tokens}

    def of_article(self, article_id: str) -> "BatchResult":
        """The rows of one article, as a batch of its own."""
        def mine(rows: list[dict]) -> list[dict]:
            return [r for r in rows if r["article_id"] == article_id]
        return BatchResult(self.extractor_version, self.model_version, mine(self.articles), mine(self.sentences),
                           mine(self.claims), mine(self.failed))

    def fail(self, article_id: str, exc: BaseException) -> None:
        """Move an article from the processed rows to the failed ones."""
        for rows in (self.articles, self.sentences, self.claims):
            rows[:] = [r for r in rows if r["article_id"] != article_id]
        self.failed.append(failure_row(article_id, self.extractor_version, self.model_version, exc))


def failure_row(article_id: str, extractor_version: str, model_version: str, exc: BaseException) -> dict:
    """An nlp.failed_articles row: the error's own class and message (the cause of a wrapping KabarError)."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    return {"article_id": article_id, "extractor_version": extractor_version, "model_version": model_version,
            "error_type": type(cause).__name__, "message": str(cause)[:2000] or type(cause).__name__,
            "failed_at": datetime.now(timezone.utc)}


def pending_article_ids(work_db: Path | str, extractor_version: str, model_version: str) -> list[str]:
    """Ids of articles not yet processed by this extractor and model version, ordered by article_id."""
    with connect(work_db) as con:
        ensure_schema(con)
        rows = con.execute(
            """
            select a.article_id from raw.articles a
            where not exists (
                select 1 from nlp.processed p
                where p.article_id = a.article_id and p.extractor_version = ? and p.model_version = ?)
              and not exists (
                select 1 from nlp.failed_articles f
                where f.article_id = a.article_id and f.extractor_version = ? and f.model_version = ?)
            order by a.article_id
            """, [extractor_version, model_version] * 2).fetchall()
    return [r[0] for r in rows]


def load_article_frame(work_db: Path | str, article_ids: list[str]) -> pl.DataFrame:
    """The articles with these ids (columns ARTICLE_COLUMNS that exist), ordered by article_id."""
    with connect(work_db, read_only=_exists(work_db)) as con:
        present = {r[0] for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'articles'").fetchall()}
        cols = ", ".join(c for c in ARTICLE_COLUMNS if c in present)
        con.register("wanted_ids", pl.DataFrame({"article_id": article_ids}, schema={"article_id": pl.String}))
        return con.sql(
            f"select {cols} from raw.articles where article_id in (select article_id from wanted_ids) "
            "order by article_id").pl()


def iter_article_frames(work_db: Path | str, article_ids: list[str], batch_size: int) -> Iterator[pl.DataFrame]:
    """Polars frames of at most batch_size articles, each read when needed (the file is not held open)."""
    for start in range(0, len(article_ids), batch_size):
        yield load_article_frame(work_db, article_ids[start:start + batch_size])


def store_batch(work_db: Path | str, result: BatchResult) -> dict:
    """Write one batch's rows in one transaction, replacing rows of the same (article, extractor version).

    When the batch cannot be stored and the cause is not the database itself (a full or read-only disk,
    a lock), its articles are stored one by one: an article whose rows fail is recorded in
    nlp.failed_articles and the others are kept. Returns the counts of what was stored."""
    try:
        _store(work_db, result)
    except Exception as exc:
        if _environmental(exc) or not result.articles:
            raise
        log.warning("storing a batch of %d articles failed (%s: %s); storing them one by one",
                    len(result.article_ids), type(exc).__name__, exc)
        _store_each(work_db, result)
    return result.counts()


def _store_each(work_db: Path | str, result: BatchResult) -> None:
    for article_id in list(dict.fromkeys(result.article_ids)):
        try:
            _store(work_db, result.of_article(article_id))
        except Exception as exc:
            if _environmental(exc):
                raise
            log.warning("article %s: its rows cannot be stored (%s: %s); recorded as failed",
                        article_id, type(exc).__name__, exc)
            result.fail(article_id, exc)
            _store(work_db, result.of_article(article_id))


def _environmental(exc: BaseException) -> bool:
    """Failures of the database or the disk, not of an article's rows: storing one by one cannot help."""
    return isinstance(exc, (OSError, duckdb.IOException, duckdb.TransactionException, duckdb.PermissionException))


def _frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _store(work_db: Path | str, result: BatchResult) -> None:
    ids = pl.DataFrame({"article_id": result.article_ids}, schema={"article_id": pl.String})
    frames = {
        "nlp.sentences": _frame(result.sentences, SENTENCE_SCHEMA),
        "nlp.claims": _frame(result.claims, CLAIM_SCHEMA),
        "nlp.processed": _frame(result.articles, PROCESSED_SCHEMA),
        "nlp.failed_articles": _frame(result.failed, FAILED_SCHEMA),
    }
    with connect(work_db) as con:
        ensure_schema(con)
        con.register("batch_ids", ids)
        with transaction(con):
            for table, frame in frames.items():
                con.execute(f"delete from {table} where extractor_version = ? and article_id in "
                            "(select article_id from batch_ids)", [result.extractor_version])
                if frame.height:
                    con.register("batch_rows", frame)
                    con.execute(f"insert into {table} by name select * from batch_rows")
                    con.unregister("batch_rows")


def _exists(path: Path | str) -> bool:
    return Path(path).is_file()
