"""published_at: from whatever a feed or page wrote to an aware UTC datetime.

Accepted: ISO 8601 with or without offset ("2025-07-04T09:30:00+07:00", "...Z",
"2025-07-04 09:30", "2025-07-04"), RFC 2822 feed dates ("Fri, 04 Jul 2025 09:30:00 +0700"),
Unix timestamps, and common Indonesian and English spellings ("4 Juli 2025 09:30 WIB",
"Jumat, 04/07/2025 09:30", "July 4, 2025"), day before month when numeric.

A timestamp without an offset is taken as Western Indonesia Time (WIB, Asia/Jakarta, UTC+7),
where these outlets publish; WITA (+8) and WIT (+9) are honoured when written.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
_ZONE_WORDS = {"wib": "+0700", "wita": "+0800", "wit": "+0900", "gmt": "+0000", "utc": "+0000"}
_ZONE_RE = re.compile(r"\b(WIB|WITA|WIT|GMT|UTC)\b", re.IGNORECASE)
_EPOCH_RE = re.compile(r"\d{9,10}(?:\.\d+)?|\d{12,13}")


def parse_published_at(value: object) -> datetime | None:
    """An aware datetime in UTC, or None when `value` is empty or cannot be read as a date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    parsed = _parse_text(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=JAKARTA)
    try:
        return parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):  # 0001-01-01 in WIB lies before year 1 in UTC
        return None


def local_date(published_at: datetime | None, original: object) -> date | None:
    """The calendar date as the source wrote it (its own offset; WIB when none was given)."""
    if published_at is None:
        return None
    parsed = _parse_text(str(original).strip()) if isinstance(original, str) else None
    if parsed is not None and parsed.tzinfo is not None:
        return parsed.date()
    return published_at.astimezone(JAKARTA).date()


def _from_epoch(seconds: float) -> datetime | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_text(text: str) -> datetime | None:
    if _EPOCH_RE.fullmatch(text):
        return _from_epoch(float(text))
    zone = _ZONE_RE.search(text)
    if zone:  # before the RFC 2822 parser, which reads an unknown zone word as "no offset"
        text = _ZONE_RE.sub(_ZONE_WORDS[zone.group(1).lower()], text, count=1)
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(text)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError):
        pass
    return _parse_words(text)


def _parse_words(text: str) -> datetime | None:
    import dateparser  # slow to import; only the unusual spellings need it

    try:
        parsed = dateparser.parse(
            text,
            languages=["id", "en"],
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
                "STRICT_PARSING": True,
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed


def is_future(published_at: datetime, now: datetime | None = None, tolerance: timedelta = timedelta(hours=1)) -> bool:
    """Later than now (plus an hour for clock skew and mislabelled zones)."""
    now = now or datetime.now(timezone.utc)
    return published_at > now + tolerance
