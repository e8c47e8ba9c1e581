"""One reader per input format: bytes of a file -> raw records (or per-record rejections).

A reader decodes (kabar.articles.decoding), splits a file into records and maps fields;
it does not clean text or parse dates (kabar.articles.records does, the same way for all
formats). Whole-file problems raise Rejected; a bad JSONL line yields a Rejection and the
reader carries on with the next line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from kabar.articles.cleaning import looks_like_title, normalise_line, normalise_unicode
from kabar.articles.decoding import decode_bytes
from kabar.articles.rejections import Rejected, Rejection


@dataclass
class RawRecord:
    """One article as read, before cleaning."""

    format: str                 # txt | json | jsonl | html
    article_ref: str            # file stem (.txt/.html) or the record's id (JSON/JSONL)
    record_ref: str             # JSONL line number, '' for a whole file
    body: str                   # the text to clean (for .txt: without the title line)
    original_text: str          # as read, after decoding
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: object = None  # as written; parsed later
    extra: dict = field(default_factory=dict)
    encoding: str | None = None
    data: bytes | None = None   # the record's own bytes (a JSONL line) for quarantine
    warnings: list[str] = field(default_factory=list)


Reader = Callable[[Path, bytes], Iterator["RawRecord | Rejection"]]

# field -> names accepted in JSON records, first found wins (the others stay in `extra`)
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "guid"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "site"),
    "published_at": ("published_at", "published", "pubDate", "date_published", "datePublished", "date"),
    "text": ("text", "content", "body"),
}


def read_txt(path: Path, data: bytes) -> Iterator[RawRecord]:
    """Plain text; the first non-blank line is the title when it looks like one (short, no final
    period) and more text follows it."""
    decoded = decode_bytes(data)
    text = decoded.text
    lines = normalise_unicode(text).split("\n")
    title = None
    body = text
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if len(nonblank) > 1 and looks_like_title(lines[nonblank[0]]):
        title = normalise_line(lines[nonblank[0]])
        body = "\n".join(lines[nonblank[0] + 1:])
    yield RawRecord("txt", path.stem, "", body, text, title=title, encoding=decoded.encoding)


def read_json(path: Path, data: bytes) -> Iterator[RawRecord]:
    """One article object per file."""
    decoded = decode_bytes(data)
    try:
        value = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise Rejected("malformed_json", f"not valid JSON: {json_error(exc, line=True)}") from None
    yield record_from_json(value, "json", path.stem, "", decoded.encoding)


def json_error(exc: json.JSONDecodeError, line: bool = False) -> str:
    """'Unterminated string starting at column 25': the parser's message ends in 'at' for some errors
    ('... starting at', 'Invalid control character at'), so the position is not joined with a second 'at'."""
    where = f"line {exc.lineno} column {exc.colno}" if line else f"column {exc.colno}"
    return f"{exc.msg.removesuffix(' at')} at {where}"


def read_jsonl(path: Path, data: bytes) -> Iterator[RawRecord | Rejection]:
    """One article object per line; blank lines are skipped, a bad line is rejected on its own."""
    decoded = decode_bytes(data)
    found = False
    for lineno, line in enumerate(decoded.text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        found = True
        ref = str(lineno)
        raw_line = line.encode("utf-8")
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection("malformed_json", f"line {lineno} is not valid JSON: {json_error(exc)}",
                            ref, raw_line)
            continue
        try:
            record = record_from_json(value, "jsonl", f"{path.stem}:{lineno}", ref, decoded.encoding)
        except Rejected as exc:
            r = exc.rejection
            yield Rejection(r.kind, f"line {lineno}: {r.reason}", ref, raw_line)
            continue
        record.data = raw_line
        yield record
    if not found:
        raise Rejected("empty", "the JSONL file has no records (only blank lines)")


def record_from_json(value: object, fmt: str, fallback_ref: str, record_ref: str, encoding: str | None) -> RawRecord:
    if not isinstance(value, dict):
        raise Rejected("not_an_object", f"the JSON value is {_json_type(value)}, not an article object")
    extra = dict(value)
    fields: dict[str, object] = {}
    for name, keys in FIELD_NAMES.items():
        for key in keys:
            if key in extra:
                fields[name] = extra.pop(key)
                break
    text = fields.get("text")
    if "text" not in fields:
        raise Rejected("no_text", "the record has no 'text' field")
    if not isinstance(text, str):
        raise Rejected("no_text", f"the record's 'text' is {_json_type(text)}, not a string")
    if not text.strip():
        raise Rejected("no_text", "the record's 'text' is blank")
    warnings: list[str] = []
    scalars: dict[str, str | None] = {}
    for name in ("id", "url", "title", "source"):
        raw = fields.get(name)
        if isinstance(raw, (dict, list)):
            extra[f"{name}_value"] = raw
            warnings.append(f"field '{name}' is {_json_type(raw)}, not a value: kept in extra as '{name}_value'")
            raw = None
        scalars[name] = None if raw is None or str(raw).strip() == "" else normalise_line(str(raw))
    published = fields.get("published_at")
    if isinstance(published, (dict, list)):
        extra["published_at_value"] = published
        warnings.append(f"field 'published_at' is {_json_type(published)}: kept in extra, date left empty")
        published = None
    return RawRecord(
        fmt, scalars["id"] or fallback_ref, record_ref, text, text,
        title=scalars["title"], source=scalars["source"] or domain_of(scalars["url"]), url=scalars["url"],
        published_at=published, extra=extra, encoding=encoding, warnings=warnings,
    )


def read_html(path: Path, data: bytes) -> Iterator[RawRecord]:
    """Article text and metadata (title, url, date, site) by trafilatura; the full timestamp from
    <meta property="article:published_time"> and similar when the page has one."""
    import trafilatura  # heavy import: only when there is HTML to read

    decoded = decode_bytes(data)
    html = decoded.text
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        doc_recall = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                                 include_tables=False, favor_recall=True)
        doc = doc_recall if doc_recall is not None else doc
    words = len((doc.text or "").split()) if doc is not None else 0
    if words < MIN_HTML_WORDS:  # what is left of a page with no article is menus and links
        raise Rejected("no_text", f"no article text found in the HTML page ({words} words of page text)")
    published = _meta_published_time(html) or doc.date
    extra = {k: v for k, v in {
        "sitename": doc.sitename, "author": doc.author, "description": doc.description,
        "categories": doc.categories or None, "tags": doc.tags or None, "language": doc.language,
    }.items() if v}
    url = doc.url or None
    yield RawRecord("html", path.stem, "", doc.text, doc.text, title=doc.title or None,
                    source=doc.hostname or domain_of(url) or doc.sitename, url=url,
                    published_at=published, extra=extra, encoding=decoded.encoding)


MIN_HTML_WORDS = 15

_META_TIME = re.compile(
    r"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"'](?:article:published_time|og:published_time|"
    r"datePublished|pubdate|publishdate|date)[\"'][^>]*>", re.IGNORECASE)
_CONTENT = re.compile(r"content\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def _meta_published_time(html: str) -> str | None:
    for tag in _META_TIME.findall(html[:200_000]):
        content = _CONTENT.search(tag)
        if content and content.group(1).strip():
            return content.group(1).strip()
    return None


def domain_of(url: str | None) -> str | None:
    """'https://www.example.co.id/a/b' -> 'example.co.id' (None when there is no host)."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _json_type(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
}
