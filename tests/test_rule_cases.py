"""The claim rules on cases written as data: tests/rules/<feature>.jsonl, one case per line.

A case is a short text (or `"shared": "seeds/004"`, a seed article read from ../shared) with an
optional `published_at`, and what its claims must be:

  expect    every claim, each matched by one of these (only the fields given are compared)
  contains  claims that must be among them
  absent    no claim may match any of these

A field name ending in `~` compares a substring ("reporter~": "Sobyanin"); dates are ISO strings.
Every case text goes through the extract stage's fast path (tokenize, rules, parse on demand) with
the offline model once per session.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).parent / "rules"
FEATURES = ("numbers", "qualifiers", "measures", "weapons", "attackers", "places", "dates", "composition",
            "exclusions")
pytestmark = pytest.mark.slow


def _cases() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                out.append((path.stem, json.loads(line)))
    return out


CASES = _cases()


def _text(case: dict, shared_dir: Path) -> str:
    if "shared" not in case:
        return case["text"]
    folder, prefix = case["shared"].split("/")
    (path,) = sorted((shared_dir / folder).glob(f"{prefix}*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def case_claims(shared_dir, stanza_dir) -> dict:
    """The claims of every case, all extracted in one fast-path call."""
    from kabar.nlp import extract

    records = []
    for feature, case in CASES:
        pub = datetime.fromisoformat(case["published_at"]) if case.get("published_at") else None
        records.append({"article_id": f"{feature}/{case['id']}", "text": _text(case, shared_dir), "published_at": pub,
                        "published_date": pub.date() if pub else None})
    return extract.fast_extract(records, stanza_dir)


def _value(claim, field: str):
    v = getattr(claim, field)
    return v.isoformat() if isinstance(v, date) else v


def matches(claim, want: dict) -> bool:
    for key, expected in want.items():
        if key.endswith("~"):
            actual = _value(claim, key[:-1])
            if actual is None or expected not in actual:
                return False
        elif _value(claim, key) != expected:
            return False
    return True


def _assign(claims: list, wants: list[dict]) -> bool:
    """Can each wanted claim be matched to a different claim? (a small bipartite matching)"""
    owner: dict[int, int] = {}

    def place(w: int, seen: set[int]) -> bool:
        for c, claim in enumerate(claims):
            if c not in seen and matches(claim, wants[w]):
                seen.add(c)
                if c not in owner or place(owner[c], seen):
                    owner[c] = w
                    return True
        return False
    return all(place(w, set()) for w in range(len(wants)))


def test_cases_are_grouped_by_feature():
    assert {feature for feature, _ in CASES} <= set(FEATURES)
    ids = [f"{feature}/{case['id']}" for feature, case in CASES]
    assert len(ids) == len(set(ids)) and len(ids) > 80


@pytest.mark.parametrize("feature, case", CASES, ids=[f"{f}/{c['id']}" for f, c in CASES])
def test_rule_case(feature, case, case_claims):
    claims = case_claims[f"{feature}/{case['id']}"]
    shown = [{k: _value(c, k) for k in ("measure", "value", "qualifier", "weapon", "attacker", "place_name",
                                          "country", "event_date", "date_basis")} for c in claims]
    if "expect" in case:
        assert len(claims) == len(case["expect"]) and _assign(claims, case["expect"]), shown
    if "contains" in case:
        assert _assign(claims, case["contains"]), shown
    for want in case.get("absent", []):
        assert not [c for c in claims if matches(c, want)], (want, shown)


def test_every_claim_of_the_cases_is_well_formed(case_claims):
    from kabar.nlp.claim import MEASURES, MUNITION_MEASURES, QUALIFIERS

    claims = [c for cs in case_claims.values() for c in cs]
    assert len(claims) > 100
    for c in claims:
        assert c.measure in MEASURES and c.qualifier in QUALIFIERS and isinstance(c.value, int) and c.value_text
        assert c.evidence_span and c.evidence_span in c.evidence
        # casualties carry no weapon; a munition count names one unless it mixes kinds ("56 rudal dan drone")
        assert c.weapon is None or c.measure in MUNITION_MEASURES
    assert sum(c.weapon is not None for c in claims if c.measure in MUNITION_MEASURES) > 0.9 * sum(
        c.measure in MUNITION_MEASURES for c in claims)
