"""A raw record -> an article ready to store: cleaned text, id, parsed date, warnings.

The same steps for every input format, so the same article read from a .txt, a JSON record
and an HTML page ends up with the same cleaned text and therefore the same article_id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kabar.articles.cleaning import article_id_for, clean_text, normalise_line, normalise_unicode
from kabar.articles.dates import is_future, local_date, parse_published_at
from kabar.articles.language import detect, language_name
from kabar.articles.readers import RawRecord
from kabar.articles.rejections import Rejected
from kabar.config import DEFAULT_EARLIEST_PUBLISHED, DEFAULT_MAX_ARTICLE_CHARS


@dataclass(frozen=True)
class ArticleLimits:
    """What an article may be: at most `max_chars` characters of cleaned text (else rejected as
    too_long), published on or after `earliest_published` (else kept with a warning and no date)."""

    max_chars: int = DEFAULT_MAX_ARTICLE_CHARS
    earliest_published: date = DEFAULT_EARLIEST_PUBLISHED

    def tag(self) -> str:
        """The limits as part of a file's key (kabar.articles.unchanged): other limits, other outcome."""
        return f"max {self.max_chars} chars, from {self.earliest_published.isoformat()}"


@dataclass
class Article:
    article_id: str
    article_ref: str
    record_ref: str
    format: str
    source: str | None
    url: str | None
    title: str | None
    published_at: datetime | None     # aware, UTC
    published_date: date | None       # the calendar date in the source's own offset (WIB when none)
    text: str
    original_text: str
    extra: dict
    encoding: str | None
    dropped_lines: int
    warnings: list[str] = field(default_factory=list)
    language: str | None = None       # 'id' or 'ms' as detected; None when the text is too short to tell


def build_article(raw: RawRecord, now: datetime | None = None, limits: ArticleLimits = ArticleLimits()) -> Article:
    """Clean, check the size and language of and date one record; raises Rejected (empty, only_boilerplate,
    too_long, not_indonesian, future_date)."""
    title = normalise_line(normalise_unicode(raw.title)) if raw.title else None
    cleaned = clean_text(raw.body, title=title)
    if not cleaned.text:
        what = "only whitespace" if not raw.body.strip() else "only scraped boilerplate"
        raise Rejected("empty" if not raw.body.strip() else "only_boilerplate",
                       f"the article text is {what} ({len(cleaned.dropped)} lines removed)")
    if len(cleaned.text) > limits.max_chars:
        raise Rejected("too_long", f"the article text is {len(cleaned.text):,} characters long, more than the limit "
                                   f"of {limits.max_chars:,} (KABAR_MAX_ARTICLE_CHARS): a page dump rather than one "
                                   f"article; split it, or raise the limit")
    language = detect(cleaned.text)
    if not language.accepted:
        raise Rejected("not_indonesian", f"the text is in {language_name(language.code)} ({language.code}, "
                                         f"probability {language.probability:.2f}), not Indonesian: the extraction "
                                         f"rules read Indonesian only")
    warnings = list(raw.warnings)
    published, problem = _publication(raw.published_at, limits.earliest_published)
    if problem:
        warnings.append(problem)
    if published is not None and is_future(published, now):
        raise Rejected("future_date", f"published_at {raw.published_at!s} ({published.isoformat()}) lies in the future")
    extra = dict(raw.extra)
    if problem:
        extra["published_at_unparsed"] = str(raw.published_at)
    return Article(
        article_id=article_id_for(cleaned.text),
        article_ref=raw.article_ref,
        record_ref=raw.record_ref,
        format=raw.format,
        source=raw.source,
        url=raw.url,
        title=title,
        published_at=published,
        published_date=local_date(published, raw.published_at),
        text=cleaned.text,
        original_text=raw.original_text,
        extra=extra,
        encoding=raw.encoding,
        dropped_lines=len(cleaned.dropped),
        warnings=warnings,
        language=language.stored_code,
    )


def _publication(value: object, earliest: date) -> tuple[datetime | None, str | None]:
    """(published_at, None), or (None, why it is not kept as a date) for a value given but unreadable or
    before `earliest` (a placeholder such as 1900-01-01, never a date of this war's reporting)."""
    if value is None or str(value).strip() == "":
        return None, None
    published = parse_published_at(value)
    if published is None:
        return None, f"published_at {str(value)[:80]!r} could not be read as a date: kept with no date"
    if local_date(published, value) < earliest:  # the date as the source wrote it
        return None, (f"published_at {str(value)[:80]!r} is before {earliest.isoformat()} "
                      f"(KABAR_EARLIEST_PUBLISHED), a placeholder rather than a date: kept with no date")
    return published, None
