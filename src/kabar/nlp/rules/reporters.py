"""Who said it: "kata X", "ujar X", "menurut X", "X mengatakan/melaporkan/menyebut …"."""

from __future__ import annotations

from kabar.nlp import lexicon
from kabar.nlp.rules.words import Word

_LEX = lexicon.load()
AFTER_CUES = _LEX.words("reporter_after")
SUBJECT_VERBS = _LEX.words("reporter_verbs")
STOP = _LEX.words("reporter_stops")
SUBJECT_STOP = STOP | {"yang"}
AFTER_PRONOUNS = _LEX.words("reporter_pronouns.after")
# a source opening with a pronoun is none ("dia", "nya …"); a two-letter one only as its own word ("ia …")
_PRONOUN_STARTS = tuple(sorted(p if len(p) > 2 else p + " " for p in AFTER_PRONOUNS))
BEFORE_PRONOUNS = _LEX.words("reporter_pronouns.before")
MAX_LEN = 8


def _span(words: list[Word], i: int, step: int, stop: set[str]) -> str | None:
    out = []
    j = i
    while 0 <= j < len(words) and len(out) < MAX_LEN and words[j].low not in stop:
        out.append(words[j].text)
        j += step
    if step < 0:
        out.reverse()
    text = " ".join(out).strip()
    return text or None


def reporter_of(words: list[Word], index: int) -> str | None:
    """The source of the number at word `index`: the nearest reporting cue in the sentence."""
    best: tuple[int, str] | None = None
    for i, w in enumerate(words):
        found = None
        if w.low in AFTER_CUES:
            found = _span(words, i + 1, 1, STOP)
            if found and found.lower().startswith(_PRONOUN_STARTS) or found in AFTER_PRONOUNS:
                found = None
        elif w.low in SUBJECT_VERBS and i > 0:
            found = _span(words, i - 1, -1, SUBJECT_STOP)
            if found and found.lower() in BEFORE_PRONOUNS:
                found = None
        if found:
            d = abs(i - index)
            if best is None or d < best[0]:
                best = (d, found)
    return best[1] if best else None

