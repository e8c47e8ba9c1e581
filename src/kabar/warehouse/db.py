"""Opening DuckDB files. One writer at a time: every stage opens, writes and closes, and a whole run
holds the work database's lock (kabar.warehouse.lock) so that no other run opens it in between."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from kabar.warehouse.schema import NLP_DDL, RAW_DDL, RAW_MIGRATIONS


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


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw and nlp schemas and tables when missing, and bring older ones up to date (idempotent)."""
    con.execute(RAW_DDL)
    con.execute(RAW_MIGRATIONS)
    con.execute(NLP_DDL)
