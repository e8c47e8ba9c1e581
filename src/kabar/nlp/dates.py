"""Dates in Indonesian news text: explicit ("Selasa (21/5/2025)", "4 Juli 2025", "(26/10)") and
relative ("Rabu malam", "semalam", "kemarin", "dua hari lalu") resolved against a reference date.

`find_dates(text, reference)` returns `DateMention`s left to right, non-overlapping. Regular
expressions find the candidates; month and weekday names and the patterns are data
(lang/id/calendar.yaml, with the usual abbreviations and old spellings: Agt, Sept, Nopember, Pebruari).

Rules:

* explicit dates without a year take the reference's year, or the year before when that would
  put them after the reference ("(28/12)" read on 3 January is last year's 28 December);
  without a reference they are skipped. Dates with a year are returned as written, even
  when later than the reference.
* a weekday name is the most recent such day on or before the reference ("Senin lalu":
  strictly before); "kemarin" is reference − 1, "dua hari lalu" − 2, "pekan lalu" − 7;
  "hari ini", "semalam", "tadi malam", "dini hari", "sepanjang malam" are the reference.
  Relative dates are never later than the reference; without a reference they are skipped.
* ``evening`` marks a named evening ("Rabu malam", "kemarin malam", "(22/1) malam"): the
  event belongs to that day. ``overnight`` marks a night attack told from the morning after
  ("semalam", "tadi malam", "dini hari", "sepanjang malam", "Minggu dini hari"): the date
  already is the morning's.
* month-only dates ("Februari 2022"), bare years, times ("pukul 20:00") and durations are not
  dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from kabar.nlp import lexicon
from kabar.nlp.numbers import parse_number

DATELINE_WINDOW = 300     # a dateline sits within the first characters of the article

_LEX = lexicon.load()
WEEKDAYS = _LEX.mapping("weekdays")
W = _LEX.mapping("date_words")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: date
    basis: str            # 'explicit' | 'relative'
    evening: bool         # the evening itself is named: "Rabu malam", "kemarin malam"
    overnight: bool       # an overnight attack told the morning after: "semalam", "dini hari"
    morning: bool = False  # the morning is named: "Minggu pagi", "(24/12) pagi", "Rabu dini hari"


def _months() -> dict[str, int]:
    """Month names and abbreviations → month number (lang/<lang>/calendar.yaml)."""
    return _LEX.mapping("months")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    """(kind, pattern) of every date expression, in the order they are tried."""
    month_alt = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    return [(kind, _LEX.pattern(f"date_patterns.{kind}", month=month_alt)) for kind in _LEX.raw("date_patterns")]


def _explicit(y: int | None, m: int, d: int, reference: date | None, weekday: str | None = None) -> date | None:
    """A written date; without a year, the latest on or before the reference, unless the weekday
    written with it matches only the same day up to a week after the reference ("Jumat (4/7)" beside a
    reference read from the text, 3 July 2025): a weekday typo never moves a date a year back."""
    try:
        if y is not None:
            if y < 100:
                y += 2000
            return date(y, m, d)
        if reference is None:
            return None
        found = date(reference.year, m, d)
        found = found if found <= reference else date(reference.year - 1, m, d)
    except ValueError:
        return None
    wd = WEEKDAYS.get(weekday.lower()) if weekday else None
    if wd is None or found.weekday() == wd:
        return found
    matching = [c for c in _in_years(m, d, reference)
                if c.weekday() == wd and timedelta(0) < c - reference <= timedelta(days=7)]
    return matching[0] if matching else found


def _in_years(m: int, d: int, reference: date) -> list[date]:
    out = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            out.append(date(year, m, d))
        except ValueError:
            pass
    return out


def _weekday(name: str, reference: date, strictly_before: bool, ahead: int = 0) -> date:
    """The latest such day on or before the reference, or one of the `ahead` days after it."""
    wd = WEEKDAYS[name.lower()]
    back = (reference.weekday() - wd) % 7
    if back == 0 and strictly_before:
        back = 7
    if not strictly_before and back and 7 - back <= ahead:
        return reference + timedelta(days=7 - back)
    return reference - timedelta(days=back)


def _ago(g: dict) -> int | None:
    """Days back for "dua hari lalu", "2 pekan lalu", "sepekan lalu", "seminggu yang lalu"."""
    if g.get("se"):
        return 1 if g["se"].lower() == W["one_day"] else 7
    unit = g["unit"]
    n = parse_number(" ".join(g["n"].lower().split()))
    if n is None or n <= 0 or n > 60:
        return None
    return n * (1 if unit.lower() == W["day_unit"] else 7)


def _resolve(kind: str, m: re.Match, reference: date | None, ahead: int = 0) -> tuple[date, str, bool, bool] | None:
    g = m.groupdict()
    part = (g.get("part") or g.get("part0") or "").lower()
    evening = part == W["evening"]
    overnight = part.startswith(W["overnight"])
    if kind in ("paren", "dmy", "slash", "iso"):
        month = int(g["m"]) if g.get("m") else _months().get(g["mon"].lower().rstrip("."))
        if not month:
            return None
        y = int(g["y"]) if g.get("y") else None
        found = _explicit(y, month, int(g["d"]), reference, g.get("wd"))
        return (found, "explicit", evening, overnight) if found else None
    if reference is None or kind == "skip":
        return None
    if kind == "weekday":
        return _weekday(g["wd"], reference, bool(g.get("lalu")), ahead), "relative", evening, overnight
    if kind == "kemarin":
        back = 2 if " " in g["lusa"].strip() else 1
        return reference - timedelta(days=back), "relative", evening, False
    if kind == "today":
        return reference, "relative", m.group().lower().startswith(W["evening"]), False
    if kind == "overnight":
        return reference, "relative", False, True
    if kind == "ago":
        days = _ago(g)
        return (reference - timedelta(days=days), "relative", False, False) if days else None
    return None


def find_dates(text: str, reference: date | None, ahead: int = 0) -> list[DateMention]:
    """Date mentions of `text`, left to right; earlier patterns win where candidates overlap. `ahead`:
    days after the reference a weekday may name (a reference read from the text may be the strike's day:
    "Minggu (8/6/2025) malam … bertambah menjadi 15 hingga Senin")."""
    if isinstance(reference, datetime):
        reference = reference.date()
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _patterns():
        for m in pattern.finditer(text):
            a, b = m.span()
            if any(a < e and s < b for s, e in taken):
                continue
            if kind == "weekday" and m.group("wd") == W["week_or_sunday"] and m.group("lalu") \
                    and _sentence_start(text, a):
                continue   # "Minggu lalu, ..." opening a sentence: "last week", not "last Sunday"
            resolved = _resolve(kind, m, reference, ahead)
            if kind == "skip":
                taken.append((a, b))
            if resolved is None:
                continue
            taken.append((a, b))
            d, basis, evening, overnight = resolved
            part = (m.groupdict().get("part") or m.groupdict().get("part0") or "").lower()
            out.append(DateMention(a, b, m.group(), d, basis, evening, overnight,
                                   part.split()[0] in W["morning_parts"] if part else False))
    return _overnight_ranges(text, sorted(out, key=lambda x: x.start))


def _overnight_ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    """"Selasa malam hingga Rabu dini hari", "Sabtu (23/12) hingga Minggu (24/12) pagi", "antara pukul
    23.00 Senin hingga pukul 06.00 Selasa", "malam tanggal 31 Desember ke 1 Januari": one overnight
    attack, dated to the morning."""
    out: list[DateMention] = []
    for dm in found:
        prev = out[-1] if out else None
        link = _RANGE.match(text[prev.end:dm.start]) if prev is not None else None
        if link and dm.date - prev.date == timedelta(days=1) and (dm.morning or dm.overnight or (
                not link.group("and") and (prev.evening or link.group("clock") or _NIGHT_OF.search(text[:prev.start])))):
            out[-1] = DateMention(prev.start, dm.end, text[prev.start:dm.end], dm.date, dm.basis,
                                  False, True, True)
            continue
        out.append(dm)
    return out


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?\n\"“"


def caption_lines(text: str) -> set[int]:
    """Indices of the non-empty lines that are photo captions ("… Senin (11/7/2022). ANTARA/REUTERS",
    or a line followed by a "Foto: …" credit)."""
    lines = [line for line in text.split("\n") if line.strip()]
    return {i for i, line in enumerate(lines)
            if _CAPTION.search(line) or (i + 1 < len(lines) and _CREDIT_LINE.match(lines[i + 1]))}


def is_background(before: str) -> bool:
    """The text before a date makes it history ("sejak invasi dimulai pada 24 Februari 2022")."""
    return bool(_BACKGROUND.search(before))


def _full_dates(text: str, stop_at_turn: bool = True) -> list[DateMention]:
    """The dates with a year the text states, not a photo caption's nor history's, and (with
    `stop_at_turn`) none after the text turns to earlier events."""
    captions = caption_lines(text)
    kept, pos = [], 0
    for i, line in enumerate(line for line in text.split("\n") if line.strip()):
        if stop_at_turn and i and _TURN.match(line):
            break       # "Sebelumnya, …": what came before the article's event
        start = text.index(line, pos)
        pos = start + len(line)
        kept += [] if i in captions else [(start, pos)]
    return [d for d in find_dates(text, None) if d.basis == "explicit" and not is_background(text[:d.start])
            and any(a <= d.start < b for a, b in kept)]


def text_date(text: str) -> date | None:
    """The publication date an article without one states: the latest full date near the top (a
    dateline or a citation: "Dilansir AFP, Selasa (21/5/2025)"), else a full date the text repeats.
    Never one of a photo caption, of history (the invasion's), or after the text turns to earlier events."""
    full = _full_dates(text)
    top = [d.date for d in full if d.start < DATELINE_WINDOW]
    if top:
        return max(top)     # the report's day: "Minggu (13/8/2023) … Senin (14/8/2023) ini"
    counts: dict[date, int] = {}
    for d in full:
        counts[d.date] = counts.get(d.date, 0) + 1
    repeated = [d for d, n in counts.items() if n >= 2]
    return max(repeated) if repeated else None


def year_reference(text: str) -> date | None:
    """For an article with no publication date: the latest full date the text states anywhere (a citation's
    "dilansir Al Jazeera, Kamis (10/10/2024)" far down), not a caption's or history's. It gives "Rabu (9/10)
    malam" its year; it is no publication date (a claim the text does not date stays undated)."""
    full = _full_dates(text, stop_at_turn=False)
    return max(d.date for d in full) if full else None


# ----------------------------------------------------------------------------- anchored and rolling times

_SHIFT = _LEX.pattern("anchored_shift")
_RANGE = _LEX.pattern("overnight_range")
_NIGHT_OF = _LEX.pattern("night_of")
_BACKGROUND = _LEX.pattern("background_date")
_TURN = _LEX.pattern("background_turn")
_CAPTION = _LEX.pattern("photo_caption")
_CREDIT_LINE = _LEX.pattern("photo_credit_line")
_ROLLING = _LEX.pattern("rolling")


def anchored_shift(text: str) -> int | None:
    """Days relative to a date stated earlier in the text: "Sehari sebelumnya" → −1, "dua hari
    kemudian" → +2, "keesokan harinya" → +1, "terjadi sehari setelah [another strike]" → −1 (that
    strike's); None when the text has no such phrase."""
    m = _SHIFT.search(text)
    if not m:
        return None
    if m.group("next"):
        return 1
    if m.group("se2") or m.group("n2"):
        n = 1 if m.group("se2") else parse_number(m.group("n2"))
        return -n if n else None
    if m.group("se"):
        n = 1
    else:
        n = parse_number(m.group("n"))
        if n is None:
            return None
    return -n if m.group("dir").lower().startswith(W["before"]) else n


def is_rolling(text: str) -> bool:
    """A rolling tally ("dalam 24 jam terakhir", "selama sehari terakhir") has no event date."""
    return bool(_ROLLING.search(text))
