"""Which language an article is written in: only Indonesian text is kept for the Indonesian rules.

py3langid (langid.py's naive Bayes model over byte n-grams, shipped in the package: offline) ranks
its languages for the cleaned text. The text is rejected as `not_indonesian` when the most likely
language is another one and the model gives it at least REJECT_CONFIDENCE; otherwise it is kept.

Malay (`ms`) counts as Indonesian. The two are one language in two standard varieties; the model
gives Indonesian news 10-40 % Malay (more on short texts), so rejecting `ms` would throw away real
Indonesian articles, while a Malay article read by the Indonesian rules loses at most a few claims
whose wording differs. Text too short or too odd to judge (no language at REJECT_CONFIDENCE) is
kept: a rejection needs evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

ACCEPTED = ("id", "ms")              # Indonesian, and Malay (see the module docstring)
REJECT_CONFIDENCE = 0.5              # a non-Indonesian language at least this likely rejects the text
SAMPLE_CHARS = 20_000                # the head of a long text says which language it is in


@dataclass(frozen=True)
class Language:
    code: str          # ISO 639-1 (or -3) code of the most likely language
    probability: float  # the model's normalised probability for it

    @property
    def accepted(self) -> bool:
        return self.code in ACCEPTED or self.probability < REJECT_CONFIDENCE

    @property
    def stored_code(self) -> str | None:
        """What raw.articles.language records for a kept article: 'id' or 'ms' when the model is as sure
        of it as a rejection needs, None when the text is too short or too odd to tell."""
        return self.code if self.code in ACCEPTED and self.probability >= REJECT_CONFIDENCE else None


@lru_cache(maxsize=1)
def _identifier():
    """The model, loaded once per process (about 0.7 s) and only when there is text to judge."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Language:
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return Language(code, round(float(probability), 3))


def language_name(code: str) -> str:
    """'en' -> 'English' (Babel's names; the code itself when Babel has none)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code
