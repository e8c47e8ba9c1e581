"""Every claim the extractor stores, on every evaluation set, against the reviewed digests.

tests/data/claim_digests.json is written by `python scripts/claim_digests.py --write`: a change
of any claim field on the seeds, dev, realdev, the held-out sets or the benchmark corpus fails
here until that command is run and its diff reviewed. The sets are extracted once per session
through the extract stage's own batch function and the offline model.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def digests_script():
    spec = importlib.util.spec_from_file_location("claim_digests", REPO / "scripts" / "claim_digests.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def computed(digests_script, stanza_dir, shared_dir):
    return digests_script.compute(stanza_dir=stanza_dir)


def test_every_set_is_digested(digests_script):
    expected = json.loads(digests_script.DIGESTS.read_text(encoding="utf-8"))
    assert set(expected) == set(digests_script.SETS)
    assert all(d["claims"] > 0 and d["articles"] == len(d["per_article"]) for d in expected.values())


def test_claims_match_the_reviewed_digests(digests_script, computed):
    expected = json.loads(digests_script.DIGESTS.read_text(encoding="utf-8"))
    assert digests_script.differences(expected, computed) == [], \
        "claims changed: if meant, run `python scripts/claim_digests.py --write` and review the diff"


def test_a_changed_field_changes_the_digest(digests_script):
    records = [{"article_id": "a"}, {"article_id": "b"}]
    row = {"article_id": "a", "measure": "killed", "value": 3, "claim_id": "x", "extractor_version": "v1"}
    base = digests_script.digest(records, [row])
    assert digests_script.digest(records, [dict(row, claim_id="y", extractor_version="v2")]) == base
    moved = digests_script.digest(records, [dict(row, value=4)])
    assert moved["sha256"] != base["sha256"]
    assert digests_script.differences({"s": base}, {"s": moved}) == ["s: 1 -> 1 claims; articles changed: a"]
