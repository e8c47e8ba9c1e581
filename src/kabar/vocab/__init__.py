"""The project's code lists, read once from codes.yaml (the single source of truth).

`codes("measures")` gives the rows of one list (dicts); the tuples below are the keys in order.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def _lists() -> dict[str, list[dict]]:
    text = resources.files("kabar.vocab").joinpath("codes.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def codes(name: str) -> list[dict]:
    """The rows of one code list, in their defined order."""
    return [dict(row) for row in _lists()[name]]


def keys(name: str, **where) -> tuple:
    """The keys of one code list, optionally only the rows whose fields equal `where`."""
    return tuple(r["key"] for r in _lists()[name] if all(r.get(k) == v for k, v in where.items()))


MEASURES = keys("measures")
CASUALTY_MEASURES = keys("measures", category="casualty")
MUNITION_MEASURES = keys("measures", category="munition")
CATEGORIES = keys("categories")
QUALIFIERS = keys("qualifiers")
WEAPONS = keys("weapons")
ATTACKERS = keys("actors")
DATE_BASES = keys("date_bases")
TIME_PRECISIONS = keys("time_precisions")
GEO_PRECISIONS = keys("geo_precisions")
PLACE_PRECISIONS = keys("place_precisions")
COUNTRIES = keys("countries")
