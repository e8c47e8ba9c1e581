"""From decoded text to the text the extractor reads: Unicode, whitespace, paragraphs, boilerplate.

The cleaned text has one paragraph per line, paragraphs separated by a blank line (the NLP
stage treats line breaks as paragraph boundaries). The original is kept beside it in
raw.articles.original_text.

Unicode: NFKC (full-width forms, ligatures, non-breaking and other odd spaces become their
plain forms; Indonesian Latin text is unchanged by it), curly quotes become straight ones,
the many hyphen look-alikes become "-", while en and em dashes stay dashes: turning
"KYIV – Rusia" into "KYIV-Rusia" would glue two words together. Zero-width and control
characters are dropped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from kabar.articles.boilerplate import boilerplate_kind, is_section_marker

_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〝": '"', "〞": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "‐": "-", "‑": "-", "−": "-", "﹣": "-", "－": "-",  # hyphen, non-breaking hyphen, minus
    "‒": "–", "―": "—",  # figure dash -> en dash, horizontal bar -> em dash
})
_DROP_CHARS = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)  # soft hyphen, zero-widths, BOM
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except newline
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# "besar -besaran", "puing -puing": a stray space before the hyphen of a reduplication
_SPACED_HYPHEN = re.compile(r"(?<=[^\W\d_]) -(?=[^\W\d_])")
_PROSE_END = re.compile(r"[.!?…][\"')\]]*$")
TEASER_HEADING_WORDS = 3     # "Baca Juga:" alone on its line heads a list of linked headlines
TEASER_HEADLINE_WORDS = 20


@dataclass
class Cleaned:
    text: str                                   # cleaned paragraphs, "\n\n"-separated
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (pattern kind, line)

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n") if self.text else []


def normalise_unicode(text: str) -> str:
    """NFKC plus quote/hyphen folding; drops zero-width and control characters; keeps newlines."""
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_QUOTES).translate(_DROP_CHARS)
    text = text.replace("\t", " ")
    return _CONTROL.sub("", text)


def normalise_line(line: str) -> str:
    line = _SPACES.sub(" ", line).strip()
    return _SPACED_HYPHEN.sub("-", line)


def split_lines(text: str) -> list[str]:
    """Normalised lines, blank lines as ''."""
    return [normalise_line(line) for line in normalise_unicode(text).split("\n")]


def paragraphs_of(lines: list[str]) -> list[str]:
    """Lines -> paragraphs: each non-blank line is a paragraph, except hard-wrapped prose: a line
    ending mid-sentence (a lower-case letter or a comma) followed by one starting in lower case
    or with a digit continues it."""
    paragraphs: list[str] = []
    previous_blank = True
    for line in lines:
        if not line:
            previous_blank = True
            continue
        if paragraphs and not previous_blank and (paragraphs[-1][-1].islower() or paragraphs[-1][-1] == ",") \
                and (line[0].islower() or line[0].isdigit()):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous_blank = False
    return paragraphs


def clean_text(text: str, title: str | None = None) -> Cleaned:
    """The article text without boilerplate lines, the page tail, repeated paragraphs or a repeated title."""
    lines = split_lines(text)
    dropped: list[tuple[str, str]] = []
    cut = _tail_start(lines)
    dropped += [("page_tail", line) for line in lines[cut:] if line]
    body: list[str] = []
    teasers = _teaser_lines(lines[:cut])
    for i, line in enumerate(lines[:cut]):
        kind = "related_link" if i in teasers else boilerplate_kind(line) if line else None
        if kind:
            dropped.append((kind, line))
            line = ""  # a removed line still separates paragraphs
        body.append(line)
    title_key = _key(normalise_line(normalise_unicode(title))) if title else None
    kept: list[str] = []
    seen: set[str] = set()
    for para in paragraphs_of(body):
        key = _key(para)
        kind = "repeated_title" if key == title_key else "repeated_paragraph" if key in seen else None
        if kind:
            dropped.append((kind, para))
            continue
        seen.add(key)
        kept.append(para)
    return Cleaned("\n\n".join(kept), dropped)


def _teaser_lines(lines: list[str]) -> set[int]:
    """The headline lines under a bare related-links heading ("Baca Juga" alone on its line): the lines
    after it, past blank ones, that are no prose sentence, up to the next blank line or prose."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if not line or boilerplate_kind(line) != "related_link" or len(line.split()) > TEASER_HEADING_WORDS:
            continue
        j = i + 1
        while j < len(lines) and not lines[j]:
            j += 1
        while j < len(lines) and lines[j] and _is_headline(lines[j]):
            out.add(j)
            j += 1
    return out


def _is_headline(line: str) -> bool:
    return len(line.split()) <= TEASER_HEADLINE_WORDS and _PROSE_END.search(line.rstrip(":")) is None \
        and not line.endswith(":")


def _tail_start(lines: list[str]) -> int:
    """Index where the page's trailing furniture starts (a section heading such as "Related Posts"
    followed by no prose line), or len(lines) when there is none."""
    for i, line in enumerate(lines):
        if line and is_section_marker(line) and not any(_is_prose(p) for p in lines[i + 1:]):
            return i
    return len(lines)


def _is_prose(para: str) -> bool:
    return len(para.split()) >= 8 and _PROSE_END.search(para) is not None and boilerplate_kind(para) is None


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def looks_like_title(line: str) -> bool:
    """A first line is a title when it is short and does not end like a sentence."""
    line = line.strip()
    words = line.split()
    return (0 < len(words) <= 25 and len(line) <= 200 and not re.search(r"[.,;:]$", line)
            and boilerplate_kind(line) is None)


def hash_key(text: str) -> str:
    """What the article id is computed from: the cleaned text with all whitespace runs collapsed."""
    return " ".join(text.split())


def article_id_for(cleaned_text: str) -> str:
    return hashlib.sha256(hash_key(cleaned_text).encode("utf-8")).hexdigest()
