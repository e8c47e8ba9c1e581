"""Settings shared by every stage: flags win over environment, environment over defaults.

The names are a contract (DESIGN.md): KABAR_INPUT, KABAR_WORK_DB, KABAR_WAREHOUSE,
KABAR_STANZA_DIR, plus KABAR_BATCH_SIZE, KABAR_MAX_INPUT_BYTES, KABAR_LOCK_TIMEOUT and the ingest
limits KABAR_SETTLE_SECONDS, KABAR_EARLIEST_PUBLISHED and KABAR_MAX_ARTICLE_CHARS.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

DEFAULT_INPUT = Path("data/raw")
DEFAULT_WORK_DB = Path("data/work.duckdb")
DEFAULT_WAREHOUSE = Path("data/warehouse.duckdb")
DEFAULT_BATCH_SIZE = 16
DEFAULT_MAX_INPUT_BYTES = 5 * 1024 * 1024  # 5 MiB: a news article is far smaller
# seconds a run waits for another run to release the work database: a whole run over 1,000 new
# articles takes under 2 minutes, so 10 minutes outlasts any ordinary run and still fails a wait on a
# hung one well before the next hourly run
DEFAULT_LOCK_TIMEOUT = 600.0
# a file modified less than this many seconds ago may still be being written (a copy, a download, an
# editor saving): it is left for the next run rather than stored cut short for good. A copy of a
# 5 MiB article, the largest read, takes well under a second; a scheduled run that meets a file a
# writer touched in its last seconds reads it an hour later.
DEFAULT_SETTLE_SECONDS = 5.0
# publication dates before this are taken as placeholders (1900-01-01, 0001-01-01 from empty CMS
# fields), not as dates: kept with a warning and no date. The war's reporting starts in 2022.
DEFAULT_EARLIEST_PUBLISHED = date(2022, 1, 1)
# characters of cleaned article text: the longest news article at hand has under 10,000, a very
# long one 30,000-50,000. Extraction time and memory grow faster than linearly with one article's
# size (a 4 MB single-line page took 10 minutes and 2.36 GB), so a bigger "article" is a page dump
# and is rejected with a reason instead of stalling a batch.
DEFAULT_MAX_ARTICLE_CHARS = 100_000

ENV = {
    "input_dir": "KABAR_INPUT",
    "work_db": "KABAR_WORK_DB",
    "warehouse": "KABAR_WAREHOUSE",
    "stanza_dir": "KABAR_STANZA_DIR",
    "batch_size": "KABAR_BATCH_SIZE",
    "max_input_bytes": "KABAR_MAX_INPUT_BYTES",
    "lock_timeout": "KABAR_LOCK_TIMEOUT",
    "settle_seconds": "KABAR_SETTLE_SECONDS",
    "earliest_published": "KABAR_EARLIEST_PUBLISHED",
    "max_article_chars": "KABAR_MAX_ARTICLE_CHARS",
}


@dataclass(frozen=True)
class Settings:
    input_dir: Path = DEFAULT_INPUT
    work_db: Path = DEFAULT_WORK_DB
    warehouse: Path = DEFAULT_WAREHOUSE
    stanza_dir: Path | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    settle_seconds: float = DEFAULT_SETTLE_SECONDS
    earliest_published: date = DEFAULT_EARLIEST_PUBLISHED
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then environment variables, then explicit overrides (flags); None means 'not given'."""
        environ = os.environ if environ is None else environ
        values: dict = {}
        for name, var in ENV.items():
            raw = environ.get(var)
            if raw:
                values[name] = _coerce(name, raw, var)
        for name, value in overrides.items():
            if value is not None:
                values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
        return replace(cls(), **values)


def _coerce(name: str, value, origin: str):
    if name == "earliest_published":
        try:
            return value if isinstance(value, date) else date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"{origin} must be a date as YYYY-MM-DD, got {value!r}") from None
    if name in ("lock_timeout", "settle_seconds"):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{origin} must be a number of seconds, got {value!r}") from None
        if not seconds >= 0:  # also refuses nan
            raise ValueError(f"{origin} must be 0 or more seconds, got {value!r}")
        return seconds
    if name in ("batch_size", "max_input_bytes", "max_article_chars"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{origin} must be a whole number, got {value!r}") from None
        if number < 1:
            raise ValueError(f"{origin} must be at least 1, got {number}")
        return number
    return Path(value).expanduser()
