"""Qualifier of a number from the words right before it.

setidaknya / sedikitnya / minimal / paling sedikit / tidak kurang dari → at_least
lebih dari / di atas                                           → more_than
sekitar / kira-kira / hampir / sekira / kurang lebih           → about
paling banyak / maksimal / hingga / sampai / kurang dari       → at_most
"hingga" after naik/meningkat/bertambah/mencapai means "rose to": exact.
A range ("10-15") takes its lower bound with at_least; selusin is about.
"""

from __future__ import annotations

from kabar.nlp.rules.lexicon import match_before, phrases
from kabar.nlp.rules.words import Word

AT_LEAST = phrases("setidaknya", "sedikitnya", "minimal", "paling sedikit", "sekurang-kurangnya",
                   "sekurangnya", "tidak kurang dari", "setidak-tidaknya")
MORE_THAN = phrases("lebih dari", "di atas", "lebih daripada", "melebihi")
ABOUT = phrases("sekitar", "kira-kira", "hampir", "sekira", "kurang lebih", "lebih kurang", "nyaris",
                "sekiranya")
AT_MOST = phrases("paling banyak", "maksimal", "hingga", "sampai", "kurang dari", "sebanyak-banyaknya")
RISE = {"naik", "meningkat", "bertambah", "mencapai", "melonjak", "menjadi"}
# words that may stand between a qualifier and its number ("setidaknya sebanyak 20")
SKIP = {"sebanyak", "total", "yakni", "yaitu", "kini", "telah", "sudah", "jumlahnya"}

_ORDER = ((AT_LEAST, "at_least"), (MORE_THAN, "more_than"), (ABOUT, "about"), (AT_MOST, "at_most"))


def qualifier_before(words: list[Word], start: int) -> tuple[str | None, int]:
    """(qualifier, index where it starts) for the number starting at word `start`, else (None, start)."""
    end = start
    while end > 0 and words[end - 1].low in SKIP:
        end -= 1
    for pats, q in _ORDER:
        n = match_before(words, end, pats)
        if n:
            s = end - n
            if q == "at_most" and words[s].low in ("hingga", "sampai") and s > 0 and words[s - 1].low in RISE:
                return "exact", s
            return q, s
    return None, start


def qualifier_of(words: list[Word], start: int, *, approx: bool = False, is_range: bool = False) -> str:
    q, _ = qualifier_before(words, start)
    if q:
        return q
    if is_range:
        return "at_least"
    if approx:
        return "about"
    return "exact"
