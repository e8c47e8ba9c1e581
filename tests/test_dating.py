"""Claim dates on tokenizer-only articles (no model): the resolvers of kabar.nlp.rules.dating."""

from __future__ import annotations

from datetime import date

from kabar.nlp.claims import extract_claims
from rule_support import tokens_only


def dates_of(text: str, **kw) -> set[tuple]:
    return {(c.measure, c.value, c.event_date, c.date_basis) for c in extract_claims(tokens_only(text, **kw))}


def test_a_vague_day_count_after_a_report_date_does_not_break_the_dateline_rule():
    """"beberapa hari setelah" has no day count: the date stays the report's, and the sentence's own
    event date still beats the dateline."""
    text = ("KYIV, Kamis (12/6/2025) - Gubernur mengatakan pada Rabu (11/6), beberapa hari setelah serangan "
            "pada Senin (9/6), bahwa tiga orang tewas di Kharkiv.")
    assert dates_of(text) == {("killed", 3, date(2025, 6, 9), "explicit")}


def test_a_day_count_after_a_report_date_dates_the_event_before_it():
    text = "Rudal Rusia menewaskan dua orang di Odesa, kata wali kota pada Kamis (12/6/2025), dua hari setelah serangan itu."
    assert dates_of(text) == {("killed", 2, date(2025, 6, 10), "relative")}


def test_the_published_date_is_the_sources_local_date_never_recomputed():
    """00:30 at +09:00 is 2 June where it was published (ingest's published_date), 1 June in Jakarta."""
    from datetime import datetime, timezone

    kw = {"published_at": datetime(2025, 6, 1, 15, 30, tzinfo=timezone.utc), "published_date": date(2025, 6, 2)}
    assert dates_of("Dua orang tewas di Kherson.", **kw) == {("killed", 2, date(2025, 6, 2), "published")}
    assert dates_of("Kemarin, tiga orang terluka di Sumy.", **kw) == {("injured", 3, date(2025, 6, 1), "relative")}


def test_without_a_published_date_the_text_gives_it():
    text = "KYIV, Rabu (4/6/2025) - Dua orang tewas di Kherson.\n\nTiga orang terluka di Sumy."
    assert dates_of(text) == {("killed", 2, date(2025, 6, 4), "explicit"), ("injured", 3, date(2025, 6, 4), "explicit")}
