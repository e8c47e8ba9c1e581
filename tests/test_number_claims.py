"""Counts as written, whatever they are: signs, scale words, numbers beyond a 64-bit integer (the gate
holds implausible ones back; extraction keeps them and never fails on them)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kabar.nlp.claims import extract_claims
from kabar.nlp.numbers import find_numbers, parse_number
from rule_support import tokens_only

HUGE = "99999999999999999999"


def values(text: str) -> list[tuple]:
    return [(c.measure, c.value, c.value_text) for c in extract_claims(tokens_only(text))]


@pytest.mark.parametrize("text, expected", [
    ("Rusia meluncurkan -5 drone ke Kharkiv.", [("launched", -5, "-5")]),
    ("Serangan itu menewaskan -5 orang di Sumy.", [("killed", -5, "-5")]),
    ("Rusia meluncurkan 1,5 juta drone ke Kharkiv.", [("launched", 1_500_000, "1,5 juta")]),
    (f"Serangan itu menewaskan {HUGE} orang di Sumy.", [("killed", int(HUGE), HUGE)]),
    ("Menurut militer - 5 drone Rusia ditembak jatuh semalam.", [("intercepted", 5, "5")]),   # a dash apart: no sign
    ("Sebanyak 10-15 drone diluncurkan Rusia.", [("launched", 10, "10-15")]),
])
def test_counts_keep_their_sign_scale_and_written_form(text, expected):
    assert values(text) == expected


def test_a_minus_glued_to_the_digits_is_a_sign():
    assert parse_number("-5") == -5 and parse_number("−12") == -12
    assert [s.value for s in find_numbers(["-5", "drone"])] == [-5]
    assert [s.value for s in find_numbers(["S-", "300"])] == []          # a model code, no number


def test_a_count_beyond_64_bits_is_stored_with_no_value_and_its_text(tmp_path):
    from kabar.nlp.batches import BatchResult, store_batch
    from kabar.nlp.extract import claim_row
    from kabar.warehouse.db import connect

    (claim,) = extract_claims(tokens_only(f"Serangan itu menewaskan {HUGE} orang di Sumy.", article_id="big"))
    (small,) = extract_claims(tokens_only("Serangan itu menewaskan 7 orang di Sumy.", article_id="ok"))
    now = datetime.now(timezone.utc)
    result = BatchResult("test", "m", articles=[
        {"article_id": a, "extractor_version": "test", "model_version": "m", "processed_at": now, "n_sentences": 1,
         "n_claims": 1} for a in ("big", "ok")], claims=[claim_row(claim, "test"), claim_row(small, "test")])
    store_batch(tmp_path / "work.duckdb", result)
    with connect(tmp_path / "work.duckdb", read_only=True) as con:
        rows = con.execute("select article_id, value, value_text from nlp.claims order by 1").fetchall()
    assert rows == [("big", None, HUGE), ("ok", 7, "7")]
