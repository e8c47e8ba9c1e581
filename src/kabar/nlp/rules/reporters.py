"""Who said it: "kata X", "ujar X", "menurut X", "X mengatakan/melaporkan/menyebut …"."""

from __future__ import annotations

from kabar.nlp.rules.words import Word

AFTER_CUES = {"kata", "ujar", "ungkap", "tutur", "jelas", "tulis", "menurut", "sebut", "papar", "imbuh",
              "tambah", "lapor", "dilansir", "mengutip"}
SUBJECT_VERBS = {"mengatakan", "melaporkan", "menyebut", "menyebutkan", "menyatakan", "mengumumkan",
                 "mencatat", "mengklaim", "menulis", "mengungkapkan", "memperbarui", "merilis", "membenarkan",
                 "mengonfirmasi", "berkata", "menuturkan", "menjelaskan", "memastikan", "menerangkan"}
STOP = {",", ".", ";", ":", "(", ")", "\"", "“", "”", "bahwa", "pada", "dalam", "melalui", "lewat", "di",
        "kepada", "seperti", "yang", "karena", "dan", "saat", "ketika"}
SUBJECT_STOP = STOP | {"yang"}
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
        if w.low in AFTER_CUES or (w.low == "menurut" and i + 1 < len(words)):
            found = _span(words, i + 1, 1, STOP)
            if found and found.lower().startswith(("nya", "dia", "ia ")) or found in ("dia", "ia", "nya"):
                found = None
        elif w.low in SUBJECT_VERBS and i > 0:
            found = _span(words, i - 1, -1, SUBJECT_STOP)
            if found and found.lower() in ("ia", "dia", "mereka", "itu", "ini", "kami"):
                found = None
        if found:
            d = abs(i - index)
            if best is None or d < best[0]:
                best = (d, found)
    return best[1] if best else None
