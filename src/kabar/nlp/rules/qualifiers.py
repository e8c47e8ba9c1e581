"""Qualifier of a number from the words right before it.

setidaknya / sedikitnya / minimal / paling sedikit / tidak kurang dari → at_least
lebih dari / di atas                                           → more_than
sekitar / kira-kira / hampir / sekira / kurang lebih           → about
paling banyak / maksimal / hingga / sampai / kurang dari       → at_most
"hingga" after naik/meningkat/bertambah/mencapai means "rose to": exact.
A range ("10-15") takes its lower bound with at_least; selusin is about.
"""

from __future__ import annotations

from kabar.nlp import lexicon
from kabar.nlp.rules.matching import match_before, phrases
from kabar.nlp.rules.words import Word

_LEX = lexicon.load()
# (phrases, qualifier code) in the data file's order
_ORDER = tuple((phrases(*words), code) for code, words in _LEX.raw("qualifiers").items())
RISE = _LEX.words("rise_verbs")
SKIP = _LEX.words("qualifier_skip")
# "naik hingga 31": a range word that is also an at-most qualifier reads "rose to" after a rise verb
RISE_TO = _LEX.words("range_words") & _LEX.words("qualifiers.at_most")


def qualifier_before(words: list[Word], start: int) -> tuple[str | None, int]:
    """(qualifier, index where it starts) for the number starting at word `start`, else (None, start)."""
    end = start
    while end > 0 and words[end - 1].low in SKIP:
        end -= 1
    for pats, q in _ORDER:
        n = match_before(words, end, pats)
        if n:
            s = end - n
            if q == "at_most" and words[s].low in RISE_TO and s > 0 and words[s - 1].low in RISE:
                return "exact", s
            return q, s
    return None, start
