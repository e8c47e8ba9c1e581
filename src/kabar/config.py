"""Settings shared by every stage: flags win over environment, environment over defaults.

The names are a contract (DESIGN.md): KABAR_INPUT, KABAR_WORK_DB, KABAR_WAREHOUSE,
KABAR_STANZA_DIR, plus KABAR_BATCH_SIZE, KABAR_MAX_INPUT_BYTES and KABAR_LOCK_TIMEOUT.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
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

ENV = {
    "input_dir": "KABAR_INPUT",
    "work_db": "KABAR_WORK_DB",
    "warehouse": "KABAR_WAREHOUSE",
    "stanza_dir": "KABAR_STANZA_DIR",
    "batch_size": "KABAR_BATCH_SIZE",
    "max_input_bytes": "KABAR_MAX_INPUT_BYTES",
    "lock_timeout": "KABAR_LOCK_TIMEOUT",
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
    if name == "lock_timeout":
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{origin} must be a number of seconds, got {value!r}") from None
        if not seconds >= 0:  # also refuses nan
            raise ValueError(f"{origin} must be 0 or more seconds, got {value!r}")
        return seconds
    if name in ("batch_size", "max_input_bytes"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{origin} must be a whole number, got {value!r}") from None
        if number < 1:
            raise ValueError(f"{origin} must be at least 1, got {number}")
        return number
    return Path(value).expanduser()
