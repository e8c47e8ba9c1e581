"""A small, realistic work database for the dbt tests (no tests in here; shared by test_dbt*.py and
test_docs_site*.py).

Eight articles: two outlets reporting the same Russian night on Kyiv with different figures (one
claim without a date, dated by its publication), a Ukrainian drone attack on Russia, a seed-like
text article with neither a source nor a date, an article without claims, an agency story run by
two outlets (near-identical texts: one story) with the night's national drone tally, and a scraped
report with no date at all that repeats that tally (joined to its night by its figures). Article 1
was also processed by an older extractor version whose claims must be ignored.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kabar.warehouse.db import connect, ensure_schema

WIB = timezone(timedelta(hours=7))
CURRENT, OLD = "0.2.0", "0.1.0"
RUN = "run-fixture"

ARTICLES = [
    # key, ref, format, source, published_at
    ("a1", "dev-101", "jsonl", "detik.com", datetime(2025, 7, 4, 9, 30, tzinfo=WIB)),
    ("a2", "dev-102", "jsonl", "Kompas.com", datetime(2025, 7, 4, 13, 5, tzinfo=WIB)),
    ("a3", "dev-103", "json", "www.cnnindonesia.com", datetime(2025, 7, 5, 7, 0, tzinfo=WIB)),
    ("a4", "000_fixture", "txt", None, None),
    ("a5", "dev-105", "html", "detik.com", datetime(2025, 7, 3, 20, 0, tzinfo=WIB)),
    ("a6", "antara-539", "json", "antaranews.com", datetime(2025, 7, 4, 10, 0, tzinfo=WIB)),
    ("a7", "kabarbanua-539", "json", "kabarbanua.com", datetime(2025, 7, 4, 11, 0, tzinfo=WIB)),
    ("a8", "scraped-539", "html", "beritaku.net", None),
]
# the agency story and its copy: long texts differing only in the credit line
WIRE = " ".join(f"kalimat{i} berita{i % 7}" for i in range(150))
TEXTS = {"a6": "JAKARTA (ANTARA) - " + WIRE, "a7": "KABARBANUA.COM - " + WIRE}

KYIV = dict(place_text="Kyiv", place_id="703448", place_name="Kyiv", place_precision="city",
            admin_area="Kyiv City", country="UA", latitude=50.45, longitude=30.52)
MOSCOW = dict(place_text="Moskow", place_id="524901", place_name="Moscow", place_precision="city",
              admin_area="Moscow", country="RU", latitude=55.75, longitude=37.62)
SHAKHTY = dict(place_text="Shakhty", place_id="494011", place_name="Shakhty", place_precision="city",
               admin_area="Rostov Oblast", country="RU", latitude=47.71, longitude=40.21)
UKRAINE = dict(country="UA")
RUSSIA = dict(country="RU")
JULY4, JULY5 = date(2025, 7, 4), date(2025, 7, 5)

# article key, measure, value, qualifier, weapon, attacker, place, event_date, date_basis
CLAIMS = [
    ("a1", "injured", 2, "exact", None, "RU", KYIV, JULY4, "explicit"),
    ("a1", "killed", 5, "at_least", None, "RU", KYIV, JULY4, "explicit"),
    ("a1", "launched", 50, "exact", "drone", "RU", KYIV, JULY4, "explicit"),
    ("a1", "intercepted", 40, "exact", "drone", "RU", UKRAINE, JULY4, "explicit"),
    ("a2", "injured", 3, "exact", None, "RU", KYIV, None, "unknown"),       # dated by publication
    ("a2", "killed", 7, "exact", None, "RU", KYIV, JULY4, "relative"),
    ("a2", "launched", 52, "about", "drone", "RU", KYIV, JULY4, "relative"),
    ("a3", "intercepted", 9, "exact", "drone", "UA", MOSCOW, JULY5, "explicit"),
    ("a3", "launched", 10, "more_than", "drone", "UA", MOSCOW, JULY5, "explicit"),
    ("a3", "hit", 1, "exact", "drone", "UA", SHAKHTY, JULY5, "published"),
    ("a4", "killed", 1, "at_least", None, "RU", KYIV, None, "unknown"),     # undated article
    ("a4", "injured", 1, "at_least", None, "RU", KYIV, None, "unknown"),
    ("a4", "intercepted", 43, "exact", "drone", "UA", RUSSIA, None, "unknown"),
    ("a4", "lost", 3, "exact", "drone", None, {}, None, "unknown"),        # no attacker, no place
    ("a6", "launched", 539, "exact", "drone", "RU", UKRAINE, JULY4, "relative"),   # the national tally
    ("a7", "launched", 539, "exact", "drone", "RU", UKRAINE, JULY4, "relative"),   # ... its wire copy
    ("a8", "launched", 539, "exact", "drone", "RU", UKRAINE, None, "unknown"),     # undated, same figure
    ("a8", "killed", 2, "exact", None, "RU", UKRAINE, None, "unknown"),      # no place named
]
# an older extractor version of article 1: must not reach the marts
OLD_CLAIMS = [("a1", "injured", 99, "exact", None, "RU", KYIV, JULY4, "explicit")]


def article_id(key: str) -> str:
    return hashlib.sha256(f"fixture article {key}".encode()).hexdigest()


def claim_id(article: str, version: str, idx: int, measure: str, value: int) -> str:
    return hashlib.sha256(f"{article}|{version}|{idx}|{measure}|{value}".encode()).hexdigest()[:32]


def _insert_claims(con, claims, version: str) -> list[str]:
    ids = []
    for idx, (key, measure, value, qualifier, weapon, attacker, place, event_date, basis) in enumerate(claims):
        cid = claim_id(key, version, idx, measure, value)
        ids.append(cid)
        con.execute(
            """insert into nlp.claims (claim_id, article_id, sentence_idx, measure, value, qualifier, weapon,
                   attacker, place_text, place_id, place_name, place_precision, admin_area, country,
                   latitude, longitude, event_date, date_basis, reporter, evidence, evidence_span,
                   token_ids, extractor_version)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [cid, article_id(key), idx, measure, value, qualifier, weapon, attacker,
             place.get("place_text"), place.get("place_id"), place.get("place_name"),
             place.get("place_precision"), place.get("admin_area"), place.get("country"),
             place.get("latitude"), place.get("longitude"), event_date, basis, None,
             f"Kalimat {idx} tentang {value} {measure}.", f"{value} {measure}", "[1, 2]", version],
        )
    return ids


def populate(work_db: Path, *, extra_claims: list[tuple] = ()) -> dict[str, list[str]]:
    """Write the fixture into `work_db`; returns the claim ids per extractor version."""
    ingested = datetime(2025, 7, 6, 8, 0, tzinfo=timezone.utc)
    with connect(work_db) as con:
        ensure_schema(con)
        for key, ref, fmt, source, published in ARTICLES:
            aid = article_id(key)
            text = TEXTS.get(key, f"Teks artikel {key}.")
            con.execute(
                """insert into raw.articles (article_id, article_ref, source_path, format, source, url, title,
                       published_at, published_date, text, original_text, extra, ingested_at, run_id)
                   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)""",
                [aid, ref, f"data/raw/{ref}.{fmt}", fmt, source,
                 f"https://{source}/{ref}" if source else None, f"Judul {ref}", published,
                 published.date() if published else None, text, text,
                 ingested, RUN])
            con.execute("""insert into raw.article_sources (article_id, source_path, record_ref, article_ref,
                               format, source, first_seen_at, run_id) values (?, ?, '', ?, ?, ?, ?, ?)""",
                        [aid, f"data/raw/{ref}.{fmt}", ref, fmt, source, ingested, RUN])
        con.execute("""insert into raw.rejected_inputs (source_path, record_ref, reason, bytes, content_sha256,
                           seen_at, run_id) values ('data/raw/empty.txt', '', 'empty file', 0, ?, ?, ?)""",
                    [hashlib.sha256(b"").hexdigest(), ingested, RUN])
        current = _insert_claims(con, [*CLAIMS, *extra_claims], CURRENT)
        old = _insert_claims(con, OLD_CLAIMS, OLD)
        for key, *_ in ARTICLES:
            n = sum(1 for c in [*CLAIMS, *extra_claims] if c[0] == key)
            con.execute("""insert into nlp.processed (article_id, extractor_version, model_version, processed_at,
                               n_sentences, n_claims) values (?, ?, 'stanza-id-1.15', ?, 3, ?)""",
                        [article_id(key), CURRENT, ingested + timedelta(hours=1), n])
            con.execute("""insert into nlp.sentences (article_id, sentence_idx, paragraph_idx, start_char, end_char,
                               text, tokens, extractor_version) values (?, 0, 0, 0, 10, ?, '[]', ?)""",
                        [article_id(key), f"Teks artikel {key}.", CURRENT])
        con.execute("""insert into nlp.processed (article_id, extractor_version, model_version, processed_at,
                           n_sentences, n_claims) values (?, ?, 'stanza-id-1.14', ?, 3, 1)""",
                    [article_id("a1"), OLD, ingested])
    return {CURRENT: current, OLD: old}


_BUILT: dict[str, tuple] = {}


def built_fixture_db(tmp_path_factory):
    """The fixture database built once per test session (shared by the dbt and docs-site modules):
    (work_db, target_dir, BuildReport, claim ids per version)."""
    if "db" not in _BUILT:
        from kabar.transform import dbt_build

        root = tmp_path_factory.mktemp("dbt_fixture")
        work_db, target = root / "work.duckdb", root / "target"
        ids = populate(work_db)
        _BUILT["db"] = (work_db, target, dbt_build(work_db, target_dir=target), ids)
    return _BUILT["db"]
