"""Is the published warehouse already built from exactly this work-database state?

A re-run over a folder with nothing new changes nothing in raw.* or nlp.*, so dbt would rebuild
the same marts, Great Expectations would pass them again and publish would copy the same rows.
`is_current` lets the pipeline skip those three stages in that case (issue: a re-run with nothing
new costs a small fraction of a full run).

The state fingerprint covers everything the marts are a function of:
  - the work data, by content: a hash aggregate over every row of raw.articles,
    raw.article_sources, nlp.processed and nlp.claims (a claim corrected or corrupted in place,
    with the same count, changes it; DuckDB hashes 100,000 claim rows in milliseconds);
  - the code and rules that turn it into marts and judge them: every file of the dbt project
    (models, seeds, macros, tests, dbt_project.yml), the expectation suites, the row checks and
    thresholds, the code lists (codes.yaml), the extractor version.
The published file is identified by inode, size and modification time, so a warehouse replaced or
deleted by anyone else is not taken as current.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kabar.warehouse.db import connect

REPO = Path(__file__).resolve().parents[3]
CODE_DIRS = (REPO / "dbt_project" / "models", REPO / "dbt_project" / "seeds", REPO / "dbt_project" / "macros",
             REPO / "dbt_project" / "tests")
CODE_FILES = (REPO / "dbt_project" / "dbt_project.yml", REPO / "dbt_project" / "docs.md",
              REPO / "src" / "kabar" / "vocab" / "codes.yaml")

STATE_DDL = """
create schema if not exists audit;
create table if not exists audit.current_warehouse (
    warehouse          varchar primary key,  -- absolute path of the published file
    state_fingerprint  varchar not null,     -- state_fingerprint() when it was published
    file_identity      varchar not null,     -- inode:size:mtime_ns of the file as published
    marked_at          timestamptz not null
);
"""

# what the marts are built from, hashed by content; a table that does not exist counts as empty
DATA_TABLES = ("raw.articles", "raw.article_sources", "nlp.processed", "nlp.claims")
CONTENT = "count(*), coalesce(sum(hash(__r)), 0)::varchar"   # order-independent: a sum of row hashes


def state_fingerprint(work_db: Path | str) -> str:
    """A hash of the work data and of the code that builds and checks the marts."""
    from kabar.nlp.version import EXTRACTOR_VERSION

    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    with connect(work_db, read_only=True) as con:
        present = {f"{schema}.{name}" for schema, name in
                   con.execute("select table_schema, table_name from information_schema.tables").fetchall()}
        for table in DATA_TABLES:
            row = con.execute(f"select {CONTENT} from {table} __r").fetchone() if table in present else None
            digest.update(f"{table}={row!r};".encode())
    for path in _code_files():
        digest.update(str(path.relative_to(REPO) if path.is_relative_to(REPO) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current(work_db: Path | str, warehouse: Path | str) -> bool:
    """True when `warehouse` is the file last published from this very state of `work_db`."""
    work_db, warehouse = Path(work_db), Path(warehouse).resolve()
    if not work_db.exists() or not warehouse.exists():
        return False
    with connect(work_db, read_only=True) as con:
        has_table = con.execute("select count(*) from information_schema.tables where table_schema = 'audit' "
                                "and table_name = 'current_warehouse'").fetchone()[0]
        if not has_table:
            return False
        row = con.execute("select state_fingerprint, file_identity from audit.current_warehouse where warehouse = ?",
                          [str(warehouse)]).fetchone()
    return row is not None and row == (state_fingerprint(work_db), _file_identity(warehouse))


def mark_current(work_db: Path | str, warehouse: Path | str) -> None:
    """Record that `warehouse` was just published from the present state of `work_db`."""
    warehouse = Path(warehouse).resolve()
    fingerprint = state_fingerprint(work_db)
    with connect(work_db) as con:
        con.execute(STATE_DDL)
        con.execute("insert or replace into audit.current_warehouse values (?, ?, ?, now())",
                    [str(warehouse), fingerprint, _file_identity(warehouse)])


def _file_identity(path: Path) -> str:
    st = path.stat()
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def _code_files() -> list[Path]:
    from kabar.thresholds import expectations_dir

    dirs = (*CODE_DIRS, expectations_dir())
    files = [p for d in dirs if d.is_dir() for p in d.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in CODE_FILES if p.is_file()]
    thresholds = os.environ.get("KABAR_THRESHOLDS")
    if thresholds and Path(thresholds).is_file():
        files.append(Path(thresholds).resolve())
    return sorted(files)
