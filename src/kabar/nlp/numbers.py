"""Indonesian cardinal numbers: digits and number words, found as spans over a word list.

`find_numbers(words)` scans tokenised words (Stanza's, or ``text.split()``) and returns the
maximal number spans left to right; `parse_number(text)` resolves one string.

Digits follow Indonesian conventions (Babel's ``id`` locale): ``.`` groups thousands
(``1.000`` = 1000, ``185.050``) and ``,`` is the decimal mark (``2,5 juta`` = 2 500 000).
Number words compose the usual way: ``dua puluh tiga`` = 23, ``seratus dua puluh`` = 120,
``tiga belas`` = 13, ``dua juta tiga ratus ribu`` = 2 300 000; ``seorang``/``sebuah``/``seekor``
are 1, ``selusin`` is 12 (approximate). Vague amounts (``puluhan``, ``ratusan``, ``beberapa``,
``sejumlah``, ``lusinan`` …) are spans with ``value=None`` and ``vague=True``.

Spans also carry a `kind` so rules can drop what is not a count: ``time`` (``20:00``,
``08.00`` — value None), ``year`` (a bare 1900–2100), ``decimal`` (a non-integral value with
no scale word — value None), ``percent`` (``50%``), ``range`` (``10-15`` — value is the
lower bound, ``high`` the upper), else ``cardinal``. Two counts joined by ``hingga``/``sampai``/
``sampai dengan``/``-`` with the first smaller (``lima hingga tujuh``) are one range too.

Weapon and aircraft model codes are never numbers: ``S-400``, ``Su-34``, ``Kh-101``, ``Tu-95``,
``KAB-500`` (letters, a hyphen, digits — one token or split by the tokenizer as ``S-`` ``400``
or ``S`` ``-`` ``400``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

from kabar.nlp import lexicon


@dataclass(frozen=True)
class NumberSpan:
    start: int          # index into the word list (inclusive)
    end: int            # exclusive
    text: str
    value: int | None   # None for vague amounts, times and non-integral decimals
    vague: bool
    approx: bool        # True for selusin (12, qualifier 'about' unless another qualifier)
    kind: str = "cardinal"   # cardinal | time | year | decimal | percent | range | vague
    high: int | None = None  # upper bound of a range ("10-15")


_LEX = lexicon.load()
UNITS = _LEX.mapping("digit_words")
SINGLES = _LEX.mapping("whole_words")          # whole counts that stand alone: no multiplier may follow
SCALES = _LEX.mapping("scale_words")
SE_SCALES = _LEX.mapping("one_scale_words")
VAGUE = _LEX.words("vague_amounts")
ORDINALS = _LEX.mapping("ordinal_words")
G = _LEX.mapping("number_grammar")              # ten, eleven, teen, tens, hundreds, one_hundred, dozen
_NUMBER_WORDS = (set(UNITS) | set(SINGLES) | set(SCALES) | set(SE_SCALES)
                 | {G["ten"], G["eleven"], G["one_hundred"], G["teen"], G["tens"], G["hundreds"], G["dozen"]})

_STRIP = ".,;:!?()[]\"'“”‘’«»"
_TIME = re.compile(r"^([01]?\d|2[0-4])[.:]([0-5]\d)$")
_RANGE = re.compile(r"^(\d[\d.]*)\s*[-–—]\s*(\d[\d.]*)$")
_PERCENT = re.compile(r"^(\d[\d.,]*)%$")
_VAGUE_DIGITS = re.compile(r"^\d[\d.]*-an$")
_ENGLISH_GROUPING = re.compile(r"^\d{1,3}(,\d{3})+$")
_ENGLISH_DECIMAL = re.compile(r"^\d+\.\d{1,2}$")
_DIGITS = re.compile(r"^\d")
_SIGNED = re.compile(r"^[-−](\d[\d.,]*)$")           # "-5": a negative count, as written
MINUS_SIGNS = ("-", "−")
_CODE_PREFIX = re.compile(r"^[^\W\d_]{1,8}-$")      # "S-", "Kh-", "Tu-" before the digits
_CODE_LETTERS = re.compile(r"^[^\W\d_]{1,8}$")
RANGE_WORDS = _LEX.words("range_words")
RANGE_LONG = [p.split() for p in _LEX.words("range_words_long")]      # "sampai dengan"
RANGE_BETWEEN = tuple(_LEX.raw("range_between"))                      # "antara 40 dan 50"
RANGE_RISE = _LEX.words("range_rise")                                  # "naik dari 3 hingga 7"
AMOUNT_BEFORE = _LEX.words("amount_before")                            # "sejumlah 10 drone"


def _norm(word: str) -> str:
    """Lower-case, without surrounding punctuation (a ``%`` sign is kept)."""
    w = word.strip().strip(_STRIP)
    return (w or word.strip()).lower()


def _decimal(text: str) -> Decimal | None:
    """A digit string in Indonesian notation (or an unambiguous English one) as a Decimal."""
    if _ENGLISH_GROUPING.match(text):
        return Decimal(text.replace(",", ""))
    try:
        return parse_decimal(text, locale="id", strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        pass
    if _ENGLISH_DECIMAL.match(text):
        return Decimal(text)
    return None


def _as_int(d: Decimal | None) -> int | None:
    if d is None or d != d.to_integral_value():
        return None
    return int(d)


def is_number_token(word: str) -> bool:
    """Cheap test: does this word contain a digit or is it a number word that can carry a value?"""
    w = word.lower().strip(_STRIP)
    return any(c.isdigit() for c in w) or w in _NUMBER_WORDS


def ordinal_value(word: str) -> int | None:
    """``ketujuh`` → 7, ``ke-7`` → 7, ``pertama`` → 1; None for anything else."""
    w = _norm(word)
    if w in ORDINALS:
        return ORDINALS[w]
    prefix = G["ordinal_prefix"]
    m = re.match(rf"^{prefix}-?(\d+)$", w)
    if m:
        return int(m.group(1))
    if w.startswith(prefix) and w[len(prefix):] in UNITS and UNITS[w[len(prefix):]] > 1:
        return UNITS[w[len(prefix):]]
    return None


class _Builder:
    """State machine for a number-word phrase; `feed` returns False when a word cannot extend it."""

    def __init__(self) -> None:
        self.total = 0
        self.group: Decimal = Decimal(0)   # the part below the current scale (0..999 or a digit value)
        self.last: str | None = None       # unit | teen | tens | hundreds | scale | digits | single
        self.unit = 0
        self.min_scale: int | None = None
        self.approx = False
        self.vague = False

    def _scale_ok(self, s: int) -> bool:
        return self.min_scale is None or s < self.min_scale

    def feed(self, w: str) -> bool:
        last, g = self.last, self.group
        if self.vague:
            # "puluhan ribu", "beberapa ratus", "ratusan juta"
            if w in SCALES or w in (G["tens"], G["hundreds"], G["teen"]):
                self.last = "scale"
                return True
            return False
        if last in ("single", "approx"):
            return False
        if w in UNITS:
            u = UNITS[w]
            ok = (last is None or (last == "tens" and g % 10 == 0)
                  or (last == "hundreds" and g % 100 == 0) or (last == "scale" and g == 0))
            if not ok or (u == 0 and last is not None):
                return False
            self.group, self.unit, self.last = g + u, u, "unit"
            return True
        if w in (G["ten"], G["eleven"]):
            if not (last is None or (last in ("hundreds", "scale") and g % 100 == 0)):
                return False
            self.group, self.last = g + (10 if w == G["ten"] else 11), "teen"
            return True
        if w == G["teen"]:
            if last != "unit" or self.unit == 0 or g % 100 >= 10:
                return False
            self.group, self.last = g + 10, "teen"
            return True
        if w == G["tens"]:
            if last != "unit" or self.unit < 2 or g % 100 >= 10:
                return False
            self.group, self.last = g + self.unit * 9, "tens"
            return True
        if w == G["hundreds"]:
            if last != "unit" or self.unit == 0 or g >= 10:
                return False
            self.group, self.last = Decimal(self.unit * 100), "hundreds"
            return True
        if w == G["one_hundred"]:
            if not (last is None or (last == "scale" and g == 0)):
                return False
            self.group, self.last = Decimal(100), "hundreds"
            return True
        if w in SCALES:
            s = SCALES[w]
            if last not in ("unit", "teen", "tens", "hundreds", "digits") or g == 0 or not self._scale_ok(s):
                return False
            if self.min_scale is not None and g * s >= self.min_scale:
                return False
            self.total += int(g * s)
            self.group, self.last, self.min_scale = Decimal(0), "scale", s
            return True
        if w in SE_SCALES:
            s = SE_SCALES[w]
            if not (last is None or (last == "scale" and g == 0)) or not self._scale_ok(s):
                return False
            self.total += s
            self.group, self.last, self.min_scale = Decimal(0), "scale", s
            return True
        if last is not None:
            return False
        # only as the first word from here on
        if w in SINGLES:
            self.group, self.last = Decimal(SINGLES[w]), "single"
            return True
        if w == G["dozen"]:
            self.group, self.last, self.approx = Decimal(12), "approx", True
            return True
        if w in VAGUE or _VAGUE_DIGITS.match(w):
            self.vague, self.last = True, "vague"
            return True
        if _DIGITS.match(w):
            d = _decimal(w)
            if d is None:
                return False
            self.group, self.last = d, "digits"
            return True
        return False

    def value(self) -> int | None:
        if self.vague:
            return None
        return _as_int(self.total + self.group)


def _digit_span(i: int, word: str, w: str, nxt: str) -> NumberSpan | None:
    """Single-token digit forms that are not plain counts: times, ranges, percents."""
    if _TIME.match(w) and not (nxt in SCALES and "." in w):   # "2.50 juta" is a decimal
        return NumberSpan(i, i + 1, word, None, False, False, kind="time")
    m = _RANGE.match(w)
    if m:
        lo, hi = _as_int(_decimal(m.group(1))), _as_int(_decimal(m.group(2)))
        if lo is not None and hi is not None:
            return NumberSpan(i, i + 1, word, lo, False, False, kind="range", high=hi)
    m = _PERCENT.match(w)
    if m:
        return NumberSpan(i, i + 1, word, _as_int(_decimal(m.group(1))), False, False, kind="percent")
    return None


def _kind(b: _Builder, words: list[str]) -> str:
    if b.vague:
        return "vague"
    if b.last == "digits" and len(words) == 1:
        w = words[0]
        if re.fullmatch(r"(19|20)\d\d", w):
            return "year"
        if b.value() is None:
            return "decimal"
    return "cardinal"


def _model_code(words: Sequence[str], i: int) -> bool:
    """Is the digit word at i the number of a model code ("S-400", "Su - 34")?"""
    prev = words[i - 1] if i > 0 else ""
    if _CODE_PREFIX.match(prev):
        return True
    return prev in ("-", "–") and i > 1 and bool(_CODE_LETTERS.match(words[i - 2])) \
        and words[i - 2][:1].isupper() and _norm(words[i - 2]) not in _NUMBER_WORDS


def _worded_ranges(spans: list[NumberSpan], norm: list[str]) -> list[NumberSpan]:
    """"lima hingga tujuh", "5 sampai dengan 7": one range with the lower bound as value."""
    out: list[NumberSpan] = []
    for sp in spans:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "cardinal" and sp.kind == "cardinal" and not prev.vague
                and prev.value is not None and sp.value is not None and prev.value < sp.value):
            gap = norm[prev.end:sp.start]
            rise = prev.start > 0 and norm[prev.start - 1] in RANGE_RISE
            between = gap == [RANGE_BETWEEN[1]] and prev.start > 0 and norm[prev.start - 1] == RANGE_BETWEEN[0]
            if (between or gap and gap[0] in RANGE_WORDS and (len(gap) == 1 or gap in RANGE_LONG)) \
                    and not rise:
                out[-1] = NumberSpan(prev.start, sp.end, f"{prev.text} {' '.join(gap)} {sp.text}", prev.value,
                                     False, prev.approx, kind="range", high=sp.value)
                continue
        out.append(sp)
    return out


def _signed_span(i: int, word: str, w: str) -> NumberSpan | None:
    """"-5" as one word: a count of -5 (kept as written, so a check can hold it back)."""
    m = _SIGNED.match(w)
    value = _as_int(_decimal(m.group(1))) if m else None
    return NumberSpan(i, i + 1, word, -value, False, False) if value is not None else None


def find_numbers(words: Sequence[str]) -> list[NumberSpan]:
    """Maximal number spans over `words`, left to right (indices into `words`)."""
    norm = [_norm(w) for w in words]
    spans: list[NumberSpan] = []
    i, n = 0, len(norm)
    while i < n:
        w = norm[i]
        nxt = norm[i + 1] if i + 1 < n else ""
        if w[:1].isdigit() and _model_code(words, i):
            i += 1
            continue
        special = _digit_span(i, words[i], w, nxt) if w[:1].isdigit() else _signed_span(i, words[i], w)
        if special:
            spans.append(special)
            i += 1
            continue
        if (w[:1].isdigit() and nxt in ("-", "–", "—") and i + 2 < n
                and (joined := _digit_span(i, " ".join(words[i:i + 3]), w + "-" + norm[i + 2], ""))
                and joined.kind == "range"):
            spans.append(NumberSpan(i, i + 3, joined.text, joined.value, False, False,
                                    kind="range", high=joined.high))
            i += 3
            continue
        # "sejumlah 10 drone": the number, not the vague word, is the amount
        if w in AMOUNT_BEFORE and i + 1 < n and is_number_token(norm[i + 1]):
            i += 1
            continue
        b = _Builder()
        j = i
        while j < n and b.feed(norm[j]):
            j += 1
        if j == i:
            i += 1
            continue
        text = " ".join(words[i:j])
        kind = _kind(b, norm[i:j])
        spans.append(NumberSpan(i, j, text, b.value(), b.vague, b.approx,
                                kind=kind))
        i = j
    return _worded_ranges(spans, norm)


def parse_number(text: str) -> int | None:
    """Resolve one number string: "dua puluh tiga" → 23, "1.000" → 1000, "2,5 juta" → 2500000.

    None when the text is not exactly one number with an integral value (vague amounts,
    times, "2,5" alone, extra words).
    """
    words = text.split()
    spans = find_numbers(words)
    if len(spans) != 1 or spans[0].start != 0 or spans[0].end != len(words):
        return None
    s = spans[0]
    return s.value if s.kind in ("cardinal", "year", "percent") else None
