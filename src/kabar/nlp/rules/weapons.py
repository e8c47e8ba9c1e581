"""Weapon class of a munition claim: drone or missile (rockets and MLRS count as missile)."""

from __future__ import annotations

from kabar.nlp.rules.lexicon import match_at, phrases
from kabar.nlp.rules.words import Word

DRONE = phrases(
    "drone", "drone-drone", "dron", "pesawat tak berawak", "pesawat tanpa awak", "pesawat nirawak",
    "nirawak", "uav", "uav-uav", "shahed", "shahed-136", "geran", "geran-2", "lancet", "kamikaze",
    "wahana nirawak", "drone kamikaze", "drone serang",
)
MISSILE = phrases(
    "rudal", "rudal-rudal", "misil", "roket", "roket-roket", "iskander", "iskander-m", "kalibr",
    "kinzhal", "atacms", "storm shadow", "scalp", "tomahawk", "kh-101", "kh-22", "kh-59", "kh-555",
    "kh-47", "himars", "mlrs", "s-300", "s-400", "oniks", "zircon", "tochka-u", "grad", "vampire",
)
# a capitalised code with a digit continues a weapon name unless tagged as something else
NAME_POS = frozenset({"PROPN", None})
# words that may follow a weapon word inside its noun phrase
MODIFIERS = {
    "balistik", "jelajah", "hipersonik", "serang", "kamikaze", "jarak", "jauh", "berhulu", "ledak",
    "tandan", "anti-pesawat", "udara", "permukaan", "darat", "laut", "rusia", "ukraina", "musuh",
    "buatan", "rancangan", "iran", "tipe", "jenis", "berpemandu", "pemandu", "-", "lainnya", "lain",
    "itu", "tersebut", "yang", "tak", "berawak",
} - {"yang"}


def weapon_at(words: list[Word], i: int) -> tuple[str | None, int]:
    """('drone'|'missile', length) for a weapon phrase starting at word i, else (None, 0)."""
    n = match_at(words, i, DRONE)
    if n:
        return "drone", n
    n = match_at(words, i, MISSILE)
    if n:
        return "missile", n
    # "Iskander-M", "Kh-101" style names not listed: a hyphenated capitalised code after rudal is
    # covered by the phrase above; bare codes are left alone.
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
        if w.low in MODIFIERS or (w.text[:1].isupper() and w.pos_in(NAME_POS) and w.low not in ("di", "ke")
                                  and any(c.isdigit() for c in w.text)):
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
    found = weapons_in(words, 0, before)
    return found[-1][1] if found else None


def first_weapon(words: list[Word]) -> str | None:
    found = weapons_in(words)
    return found[0][1] if found else None
