"""One publication date: ingest computes it once (published_at's calendar date in the source's own
offset) and everything reads it. An article published at 00:30 +09:00 on 2 June 2025 is 1 June in
UTC and in Jakarta; its date is 2 June in raw.articles and in the marts."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import duckdb
import pytest

from kabar.articles.ingest import ingest_directory
from kabar.warehouse.db import connect, ensure_schema
from test_ingest import rows, write

JUNE_2 = date(2025, 6, 2)
ARTICLE = {
    "id": "papua-0030",
    "source": "kabarjayapura.id",
    "published_at": "2025-06-02T00:30:00+09:00",   # 2025-06-01 15:30 UTC, 22:30 in Jakarta
    "title": "Serangan Drone Rusia di Kharkiv",
    "text": ("KHARKIV - Serangan drone Rusia menewaskan tiga warga sipil di Kharkiv, kata Gubernur Oleh "
             "Syniehubov.\n\nMenurut dia, sedikitnya 12 orang lainnya terluka akibat serangan tersebut."),
}


def test_ingest_stores_the_sources_local_date(tmp_path):
    write(tmp_path / "in" / "papua.json", json.dumps(ARTICLE))
    db = tmp_path / "work.duckdb"
    ingest_directory(tmp_path / "in", db)
    [(published_at, published_date)] = rows(db, "select published_at, published_date from raw.articles")
    assert published_at == datetime(2025, 6, 1, 15, 30, tzinfo=timezone.utc)
    assert published_date == JUNE_2


def test_raw_articles_refuses_a_published_at_without_its_date(work_db):
    """The date is part of the contract of raw.articles: no writer can leave it for dbt to recompute."""
    with connect(work_db) as con:
        ensure_schema(con)
        with pytest.raises(duckdb.ConstraintException):
            con.execute("insert into raw.articles (article_id, article_ref, source_path, format, published_at, "
                        "text, original_text, ingested_at, run_id) values ('a', 'a', '/a.txt', 'txt', "
                        "timestamptz '2025-06-01 15:30:00+00', 'teks', 'teks', now(), 'r')")


OLDER_RAW_ARTICLES = """
create schema raw;
create table raw.articles (
    article_id varchar primary key, article_ref varchar not null, source_path varchar not null,
    format varchar not null, source varchar, url varchar, title varchar, published_at timestamptz,
    published_date date, text varchar not null, original_text varchar not null, extra json,
    ingested_at timestamptz not null, run_id varchar not null);
insert into raw.articles values ('a', 'a', '/a.txt', 'txt', null, null, null,
    timestamptz '2025-06-01 18:00:00+00', null, 'teks', 'teks', null, now(), 'r');
"""


def test_a_work_db_from_before_gets_its_missing_dates_once(work_db):
    """A row written without a date (no offset known any more) gets WIB's date, the rule for no offset."""
    with duckdb.connect(str(work_db)) as con:
        con.execute(OLDER_RAW_ARTICLES)
    with connect(work_db) as con:
        ensure_schema(con)
    assert rows(work_db, "select published_date, language from raw.articles") == [(JUNE_2, None)]


@pytest.mark.slow
def test_the_marts_carry_the_date_ingest_computed(tmp_path, stanza_dir):
    from kabar.nlp.extract import extract_pending
    from kabar.transform import dbt_build

    write(tmp_path / "in" / "papua.json", json.dumps(ARTICLE))
    db = tmp_path / "work.duckdb"
    ingest_directory(tmp_path / "in", db)
    assert extract_pending(db, stanza_dir=stanza_dir).claims >= 2
    report = dbt_build(db, target_dir=tmp_path / "target")
    assert report.ok, report.summary()
    assert rows(db, "select published_date from raw.articles") == [(JUNE_2,)]
    assert rows(db, "select published_date from marts.dim_article") == [(JUNE_2,)]
    assert {d for (d,) in rows(db, "select published_date from marts.fct_claims")} == {JUNE_2}
