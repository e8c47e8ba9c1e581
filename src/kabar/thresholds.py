"""What the gate accepts: the thresholds of both tiers, read from expectations/thresholds.toml.

Plain data (no Great Expectations import): the row tier (kabar.claimchecks), the systemic tier
(kabar.quality) and the up-to-date fingerprint (kabar.warehouse.freshness) all read it.
`KABAR_THRESHOLDS` names another file, `KABAR_EXPECTATIONS_DIR` another expectations folder.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from kabar.errors import KabarError
from kabar.vocab import MEASURES

REPO = Path(__file__).resolve().parents[2]
EXPECTATIONS_ENV = "KABAR_EXPECTATIONS_DIR"
THRESHOLDS_ENV = "KABAR_THRESHOLDS"

_WHOLE = ("future_skew_days", "event_after_published_days", "max_value", "min_claims_when_processed", "examples",
          "held_back_min_count", "shrink_min_rows")
_SHARES = ("held_back_max_share", "max_shrink")


def expectations_dir() -> Path:
    """The folder of the suites, the row checks and thresholds.toml."""
    return Path(os.environ.get(EXPECTATIONS_ENV) or REPO / "expectations")


def thresholds_path(path: Path | str | None = None) -> Path:
    return Path(path or os.environ.get(THRESHOLDS_ENV) or expectations_dir() / "thresholds.toml")


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


@dataclass(frozen=True)
class Thresholds:
    """The values live in expectations/thresholds.toml, whose comments say why each has its value.

    `run_date` is not a setting: it is the day the gate runs (UTC), overridable for tests.
    """

    invasion_start: dt.date
    future_skew_days: int
    event_after_published_days: int
    value_bounds: dict[str, int]     # row tier: the largest plausible figure of one claim, per measure
    max_value: int                   # systemic tier: any count in the marts (also sums)
    held_back_max_share: float       # systemic tier: held-back share of the run's new claims ...
    held_back_min_count: int         # ... judged only from this many held-back claims on
    max_shrink: float                # systemic tier: a shrink_tables table may lose this share of its rows ...
    shrink_min_rows: int             # ... or fewer than this many rows, against the last publish
    shrink_tables: tuple[str, ...]
    min_claims_when_processed: int
    examples: int
    run_date: dt.date = field(default_factory=utc_today)

    @classmethod
    def load(cls, path: Path | str | None = None, **overrides) -> "Thresholds":
        """Read the thresholds file (path, else $KABAR_THRESHOLDS, else expectations/thresholds.toml)."""
        path = thresholds_path(path)
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KabarError(f"{path}: thresholds file not found (set {THRESHOLDS_ENV})") from None
        except tomllib.TOMLDecodeError as exc:
            raise KabarError(f"{path}: {exc}") from None
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise KabarError(f"{path}: unknown threshold(s) {', '.join(unknown)}; known: {', '.join(sorted(names))}")
        values.update(overrides)
        missing = sorted(names - {"run_date"} - set(values))
        if missing:
            raise KabarError(f"{path}: missing threshold(s) {', '.join(missing)}")
        values["shrink_tables"] = tuple(values["shrink_tables"])
        thresholds = cls(**values)
        thresholds.check(origin=str(path))
        return thresholds

    def check(self, origin: str = "thresholds") -> None:
        for name in _SHARES:
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1):
                raise KabarError(f"{origin}: {name} must be a fraction in [0, 1], got {value!r}")
        for name in ("invasion_start", "run_date"):
            if not isinstance(getattr(self, name), dt.date):
                raise KabarError(f"{origin}: {name} must be a date (YYYY-MM-DD), got {getattr(self, name)!r}")
        for name in _WHOLE:
            _whole(origin, name, getattr(self, name))
        bounds = self.value_bounds
        if not isinstance(bounds, dict) or sorted(bounds) != sorted(MEASURES):
            raise KabarError(f"{origin}: value_bounds must give one bound per measure ({', '.join(MEASURES)}), "
                             f"got {', '.join(sorted(bounds)) if isinstance(bounds, dict) else repr(bounds)}")
        for measure, bound in bounds.items():
            _whole(origin, f"value_bounds.{measure}", bound)

    @property
    def latest_date(self) -> dt.date:
        """The last date that is not 'in the future': the run date plus the allowed skew."""
        return self.run_date + dt.timedelta(days=self.future_skew_days)

    def as_dict(self) -> dict:
        out = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in asdict(self).items()}
        out["shrink_tables"] = list(self.shrink_tables)
        return out

    def date_params(self) -> dict[str, Any]:
        """The date limits both tiers' SQL may use as $name parameters."""
        return {
            "invasion_start": self.invasion_start,
            "latest_date": self.latest_date,
            "run_date": self.run_date,
            "after_published_days": self.event_after_published_days,
        }


def _whole(origin: str, name: str, value: Any) -> None:
    if not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        raise KabarError(f"{origin}: {name} must be a whole number >= 0, got {value!r}")
