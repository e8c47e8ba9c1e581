"""The marts the pipeline publishes, and their content fingerprint (what was validated = what is published)."""

from __future__ import annotations

import hashlib
import json

import duckdb

MARTS = "marts"


def mart_tables(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> list[str]:
    catalog = catalog or con.execute("select current_database()").fetchone()[0]
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ? "
        "order by table_name", [catalog, MARTS]).fetchall()
    return [r[0] for r in rows]


def marts_fingerprint(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> tuple[str, dict[str, int]]:
    """A content hash of every marts table (columns, types, rows) and each table's row count.

    Order-independent (a sum of row hashes), so a copy of the marts in another file has
    the same fingerprint: publish uses it to check the copy and to find the validation.
    """
    catalog = catalog or con.execute("select current_database()").fetchone()[0]
    digest = hashlib.sha256()
    row_counts: dict[str, int] = {}
    for table in mart_tables(con, catalog):
        columns = con.execute(
            "select column_name, data_type from information_schema.columns where table_catalog = ? "
            "and table_schema = ? and table_name = ? order by ordinal_position", [catalog, MARTS, table]).fetchall()
        n, row_hash = con.execute(
            f'select count(*), coalesce(sum(hash(__r)), 0)::varchar from "{catalog}".{MARTS}."{table}" __r'
        ).fetchone()
        row_counts[table] = n
        digest.update(json.dumps([table, columns, n, row_hash]).encode())
    return digest.hexdigest(), row_counts
