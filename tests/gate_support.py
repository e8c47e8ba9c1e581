"""A small work database for the gate's tests (no tests in here): articles and claims written with SQL.

`write_work_db(path, claims)` writes raw.articles, nlp.processed and nlp.claims; each claim is a
dict over the defaults in CLAIM (a Russian drone strike on Kyiv on 2025-06-10, reported on
2025-06-11), so a test states only what it changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from kabar.warehouse.db import connect, ensure_schema

VERSION = "claims-test"
PUBLISHED = dt.date(2025, 6, 11)
PROCESSED_AT = dt.datetime(2025, 6, 11, 12, 0, tzinfo=dt.timezone.utc)

CLAIM = dict(article="a1", sentence_idx=0, measure="launched", value=40, qualifier="exact", weapon="drone",
             attacker="RU", place_text="Kyiv", place_id="703448", place_name="Kyiv", place_precision="city",
             admin_area="Kyiv City", country="UA", latitude=50.45, longitude=30.52,
             event_date=dt.date(2025, 6, 10), date_basis="explicit", evidence="Rusia meluncurkan 40 drone.",
             value_text=None)
ARTICLE = dict(published_date=PUBLISHED, source="contoh.id")

_COLUMNS = ("claim_id", "article_id", "sentence_idx", "measure", "value", "qualifier", "weapon", "attacker",
            "place_text", "place_id", "place_name", "place_precision", "admin_area", "country", "latitude",
            "longitude", "event_date", "date_basis", "reporter", "evidence", "evidence_span", "token_ids",
            "extractor_version", "value_text")


def article_id(ref: str) -> str:
    return hashlib.sha256(f"gate test article {ref}".encode()).hexdigest()


def claim(**changes) -> dict:
    return {**CLAIM, **changes}


def write_work_db(path: Path | str, claims: list[dict], articles: dict[str, dict] | None = None,
                  processed_at: dt.datetime = PROCESSED_AT) -> dict[int, str]:
    """Articles (every article a claim names, published on PUBLISHED unless `articles` says otherwise) and
    the claims; returns claim ids by position in `claims`."""
    articles = dict(articles or {})
    for c in claims:
        articles.setdefault(c["article"], {})
    ids = {}
    with connect(path) as con:
        ensure_schema(con)
        for ref, fields in articles.items():
            fields = {**ARTICLE, **fields}
            published = fields["published_date"]
            con.execute(
                "insert into raw.articles (article_id, article_ref, source_path, format, source, published_at, "
                "published_date, text, original_text, ingested_at, run_id) values (?, ?, ?, 'json', ?, ?, ?, 't', 't', "
                "now(), 'test')",
                [article_id(ref), ref, f"/in/{ref}.json", fields["source"],
                 dt.datetime(published.year, published.month, published.day, 8, tzinfo=dt.timezone.utc)
                 if published else None, published])
            n = sum(1 for c in claims if c["article"] == ref)
            con.execute("insert into nlp.processed values (?, ?, 'model', ?, 1, ?)",
                        [article_id(ref), VERSION, processed_at, n])
        for i, c in enumerate(claims):
            cid = hashlib.sha256(f"{path}|{i}|{sorted(c.items())}".encode()).hexdigest()[:24]
            ids[i] = cid
            row = {**c, "claim_id": cid, "article_id": article_id(c["article"]), "reporter": None,
                   "evidence_span": str(c["value"]), "token_ids": "[1]", "extractor_version": VERSION}
            con.execute(f"insert into nlp.claims ({', '.join(_COLUMNS)}) values ({', '.join('?' * len(_COLUMNS))})",
                        [row[k] for k in _COLUMNS])
    return ids
