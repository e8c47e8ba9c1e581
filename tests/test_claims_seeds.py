"""End to end over the five seed articles with the real model: specific claims that must (not) appear."""

from __future__ import annotations

import pytest

from test_claims_support import parse

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_claims(seeds_dir, stanza_dir):
    from kabar.nlp.claims import extract_claims
    from test_claims_support import pipeline

    pipeline(str(stanza_dir))
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        out[path.stem[:3]] = extract_claims(parse(path.read_text(encoding="utf-8"), path.stem))
    return out


def find(claims, measure, value):
    return [c for c in claims if c.measure == measure and c.value == value]


def test_539_drones_launched_by_russia(seed_claims):
    (c,) = find(seed_claims["004"], "launched", 539)
    assert c.weapon == "drone" and c.attacker == "RU" and c.qualifier == "exact"


def test_about_a_dozen_missiles(seed_claims):
    (c,) = find(seed_claims["004"], "launched", 12)
    assert c.weapon == "missile" and c.qualifier == "about"


def test_13_injured_at_least(seed_claims):
    (c,) = find(seed_claims["001"], "injured", 13)
    assert c.qualifier == "at_least" and c.place_name == "Kyiv" and c.attacker == "RU"


def test_43_intercepted_over_several_regions(seed_claims):
    (c,) = find(seed_claims["000"], "intercepted", 43)
    assert c.weapon == "drone" and c.attacker == "UA" and c.place_name is None and c.country == "RU"


def test_distance_and_boilerplate_are_not_claims(seed_claims):
    assert not [c for c in seed_claims["002"] if c.value == 1000]
    assert not find(seed_claims["003"], "killed", 9)           # "Simak juga Video … 9 Orang Tewas"
    assert not find(seed_claims["003"], "launched", 159)       # relative clause on an intercepted count


def test_every_claim_is_well_formed(seed_claims):
    from kabar.nlp.claim import MEASURES, QUALIFIERS
    for claims in seed_claims.values():
        for c in claims:
            assert c.measure in MEASURES and c.qualifier in QUALIFIERS and c.value >= 0
            assert c.evidence_span and c.evidence_span in c.evidence or c.evidence_span
            assert (c.weapon is None) == (c.measure in ("killed", "injured"))
