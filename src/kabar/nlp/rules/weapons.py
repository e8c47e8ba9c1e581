"""Weapon class of a munition claim: drone or missile (rockets and MLRS count as missile)."""

from __future__ import annotations

from kabar.nlp import lexicon
from kabar.nlp.rules.matching import match_at, phrases
from kabar.nlp.rules.words import Word

_LEX = lexicon.load()
# weapon code (kabar.vocab) → its phrases, tried in the data file's order
WEAPONS = {code: phrases(*words) for code, words in _LEX.raw("weapons").items()}
# a capitalised code with a digit continues a weapon name unless tagged as something else
NAME_POS = frozenset({"PROPN", None})
MODIFIERS = _LEX.words("weapon_modifiers")
TYPE_WORDS = _LEX.words("weapon_type_words")
INTERCEPTOR = _LEX.words("interceptor_words")
COORDINATORS = _LEX.words("coordination") - _LEX.words("clause_punctuation")
MIXED = ""      # the context's munitions are of two kinds: a count of them has no single weapon


def weapon_at(words: list[Word], i: int) -> tuple[str | None, int]:
    """(weapon code, length) for a weapon phrase starting at word i, else (None, 0)."""
    for code, pats in WEAPONS.items():
        n = match_at(words, i, pats)
        if n:
            return code, n
    return None, 0


def weapon_phrase_end(words: list[Word], i: int) -> int:
    """End (exclusive) of the weapon noun phrase starting at i (weapon word + modifiers/names)."""
    kind, n = weapon_at(words, i)
    j = i + n
    while j < len(words):
        w = words[j]
        k2, n2 = weapon_at(words, j)
        if k2:
            j += n2
            continue
        named = w.text[:1].isupper() and (words[j - 1].low in TYPE_WORDS or w.pos_in(NAME_POS)
                                          and w.low not in ("di", "ke") and any(c.isdigit() for c in w.text))
        glued = w.text[:1] == "-" and len(w.text) > 1 and words[j - 1].end == w.start    # "Iskander" "-M"
        # "Kh-101/Kh-555", "Iskander-M/KN-23": a second model glued on by a slash or a hyphen
        glued = glued or words[j - 1].end == w.start and (w.text[:1] in "-/" or words[j - 1].text[-1:] in "-/")
        if w.low in MODIFIERS or named or glued:     # "Kh-101", "rudal tipe Olkha"
            j += 1
            continue
        break
    return j


def weapons_in(words: list[Word], lo: int = 0, hi: int | None = None) -> list[tuple[int, str]]:
    """(index, weapon) of every weapon mention in words[lo:hi]."""
    hi = len(words) if hi is None else hi
    out, i = [], lo
    while i < hi:
        kind, n = weapon_at(words, i)
        # "pesawat" alone is an aircraft, not a weapon; "drone" inside "anti-drone" is not a mention
        if kind:
            out.append((i, kind))
            i += n
        else:
            i += 1
    return out


def last_weapon(words: list[Word], before: int) -> str | None:
    """The weapon of the last munition named before word `before`: an interceptor ("sistem rudal pertahanan
    udara") is none; MIXED for two kinds counted together ("meluncurkan 99 rudal dan drone")."""
    found = [(i, kind) for i, kind in weapons_in(words, 0, before)
             if not (i + weapon_at(words, i)[1] < len(words) and words[i + weapon_at(words, i)[1]].low in INTERCEPTOR)]
    if not found:
        return None
    i, kind = found[-1]
    if len(found) > 1 and i >= 2 and words[i - 1].low in COORDINATORS:
        j, other = found[-2]
        if other != kind and j + weapon_at(words, j)[1] == i - 1:
            return MIXED
    return kind
