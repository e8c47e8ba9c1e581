"""Extraction I/O on the work database: pending articles in Polars batches, results written back.

Reading: `pending_article_ids` lists the articles of raw.articles with no nlp.processed row for
(extractor version, model version), ordered by article_id; `load_article_frame` reads one batch.
Writing: `store_batch` replaces an article's rows of the same extractor version in nlp.sentences,
nlp.claims and nlp.processed inside one transaction, so a retried or resumed batch is idempotent.
Every function opens the database, does its work and closes it (one writer at a time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import polars as pl

from kabar.warehouse.db import connect, ensure_schema

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
    parsed_sentences: int = 0                              # sentences sent to pos/lemma/depparse
    tokens: int = 0
    seconds_parse: float = 0.0
    seconds_rules: float = 0.0

    @property
    def article_ids(self) -> list[str]:
        return [row["article_id"] for row in self.articles]

    def counts(self) -> dict:
        return {"articles": len(self.articles), "sentences": len(self.sentences), "claims": len(self.claims),
                "parsed_sentences": self.parsed_sentences, "tokens": self.tokens}


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
            order by a.article_id
            """, [extractor_version, model_version]).fetchall()
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
    """Write one batch's rows in one transaction, replacing rows of the same (article, extractor version)."""
    ids = pl.DataFrame({"article_id": result.article_ids}, schema={"article_id": pl.String})
    frames = {
        "nlp.sentences": pl.DataFrame(result.sentences, schema=SENTENCE_SCHEMA, orient="row")
        if result.sentences else pl.DataFrame(schema=SENTENCE_SCHEMA),
        "nlp.claims": pl.DataFrame(result.claims, schema=CLAIM_SCHEMA, orient="row")
        if result.claims else pl.DataFrame(schema=CLAIM_SCHEMA),
        "nlp.processed": pl.DataFrame(result.articles, schema=PROCESSED_SCHEMA, orient="row")
        if result.articles else pl.DataFrame(schema=PROCESSED_SCHEMA),
    }
    with connect(work_db) as con:
        ensure_schema(con)
        con.register("batch_ids", ids)
        con.execute("begin transaction")
        try:
            for table, frame in frames.items():
                con.execute(f"delete from {table} where extractor_version = ? and article_id in "
                            "(select article_id from batch_ids)", [result.extractor_version])
                if frame.height:
                    con.register("batch_rows", frame)
                    con.execute(f"insert into {table} by name select * from batch_rows")
                    con.unregister("batch_rows")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return result.counts()


def _exists(path: Path | str) -> bool:
    return Path(path).is_file()
