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
