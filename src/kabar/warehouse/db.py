"""Opening DuckDB files. One writer at a time: every stage opens, writes and closes, and a whole run
holds the work database's lock (kabar.warehouse.lock) so that no other run opens it in between."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from kabar.warehouse.schema import NLP_DDL, RAW_DDL, RAW_MIGRATIONS

log = logging.getLogger(__name__)


@contextmanager
def connect(path: Path | str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the DuckDB file at `path`, closed on exit (creates parent folders when writing)."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Everything in the block committed together, or nothing. On failure the block's own error is the
    one raised: when the failure already ended the transaction (a commit that could not write its log:
    disk full), the rollback's "no transaction is active" is noted in the debug log, never raised over it."""
    con.execute("begin transaction")
    try:
        yield con
        con.execute("commit")
    except BaseException as exc:
        try:
            con.execute("rollback")
        except duckdb.Error as rollback_error:
            log.debug("rollback after %s: %s", type(exc).__name__, rollback_error)
        raise


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw and nlp schemas and tables when missing, and bring older ones up to date (idempotent)."""
    con.execute(RAW_DDL)
    con.execute(RAW_MIGRATIONS)
    con.execute(NLP_DDL)
