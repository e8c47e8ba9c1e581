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


def build_article(raw: RawRecord, now: datetime | None = None) -> Article:
    """Clean, check the language of and date one record; raises Rejected (empty, only_boilerplate,
    not_indonesian, future_date)."""
    title = normalise_line(normalise_unicode(raw.title)) if raw.title else None
    cleaned = clean_text(raw.body, title=title)
    if not cleaned.text:
        what = "only whitespace" if not raw.body.strip() else "only scraped boilerplate"
        raise Rejected("empty" if not raw.body.strip() else "only_boilerplate",
                       f"the article text is {what} ({len(cleaned.dropped)} lines removed)")
    language = detect(cleaned.text)
    if not language.accepted:
        raise Rejected("not_indonesian", f"the text is in {language_name(language.code)} ({language.code}, "
                                         f"probability {language.probability:.2f}), not Indonesian: the extraction "
                                         f"rules read Indonesian only")
    warnings = list(raw.warnings)
    published = parse_published_at(raw.published_at)
    given = raw.published_at is not None and str(raw.published_at).strip() != ""
    if given and published is None:
        warnings.append(f"published_at {str(raw.published_at)[:80]!r} could not be read as a date: kept with no date")
    if published is not None and is_future(published, now):
        raise Rejected("future_date", f"published_at {raw.published_at!s} ({published.isoformat()}) lies in the future")
    extra = dict(raw.extra)
    if published is None and given:
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
