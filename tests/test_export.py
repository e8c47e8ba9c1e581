"""export-claims: the scorer's JSONL, read back by ../shared/eval/score.py itself.

No Stanza here: claims are stored through the real write path (store_batch) into a real work DB
whose articles come from the real ingestion of ../shared/seeds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timezone

import pytest

from kabar.articles.ingest import ingest_directory
from kabar.cli import main
from kabar.errors import KabarError
from kabar.nlp import version
from kabar.nlp.batches import BatchResult, store_batch
from kabar.nlp.claim import Claim
from kabar.nlp.export import export_claims
from kabar.nlp.extract import claim_row
from kabar.warehouse.db import connect


@pytest.fixture
def seeded_db(seeds_dir, work_db):
    ingest_directory(seeds_dir, work_db)
    with connect(work_db) as con:
        refs = dict(con.execute("select article_ref, article_id from raw.articles").fetchall())
    return work_db, refs


def gold_claims(gold_path, refs) -> dict[str, list[Claim]]:
    """The gold claims of each article as Claim records (the form the rules produce)."""
    out = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        out[refs[doc["id"]]] = [
            Claim(article_id=refs[doc["id"]], sentence_idx=i, measure=g["measure"], value=g["value"],
                  qualifier=g["qualifier"], weapon=g["weapon"], attacker=g["attacker"], place_name=g["location"],
                  country=g["country"],
                  event_date=date.fromisoformat(g["event_date"]) if g["event_date"] else None,
                  evidence=g["evidence"], evidence_span=g["evidence"], token_ids=[i])
            for i, g in enumerate(doc["claims"])]
    return out


def store_claims(work_db, claims_by_article: dict[str, list[Claim]], extractor_version: str,
                 processed_at: datetime | None = None) -> None:
    result = BatchResult(extractor_version=extractor_version, model_version="test-model")
    for article_id, claims in claims_by_article.items():
        result.claims += [claim_row(c, extractor_version) for c in claims]
        result.articles.append({"article_id": article_id, "extractor_version": extractor_version,
                                "model_version": "test-model",
                                "processed_at": processed_at or datetime.now(timezone.utc),
                                "n_sentences": 0, "n_claims": len(claims)})
    store_batch(work_db, result)


def score(shared_dir, gold, pred) -> dict:
    """../shared/eval/score.py run as a user would run it."""
    proc = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), "--gold", str(gold),
                           "--pred", str(pred), "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_export_scores_gold_claims_perfectly(seeded_db, shared_dir, tmp_path):
    work_db, refs = seeded_db
    gold = shared_dir / "eval" / "seeds.gold.jsonl"
    store_claims(work_db, gold_claims(gold, refs), version.EXTRACTOR_VERSION)
    out = tmp_path / "claims.jsonl"
    assert export_claims(work_db, out) == len(refs)
    result = score(shared_dir, gold, out)
    assert result["pred_ids_not_in_gold"] == []
    assert result["gold_claims"] == result["pred_claims"] > 0
    assert result["f1"] == 1.0
    assert all(v in (1.0, None) for v in result["attribute_agreement"].values())


def test_every_article_gets_a_line_even_without_claims(seeded_db, tmp_path):
    work_db, refs = seeded_db
    some_ref = sorted(refs)[0]
    one = Claim(article_id=refs[some_ref], sentence_idx=0, measure="killed", value=2, evidence="dua orang tewas")
    store_claims(work_db, {refs[some_ref]: [one]} | {aid: [] for ref, aid in refs.items() if ref != some_ref},
                 version.EXTRACTOR_VERSION)
    out = tmp_path / "claims.jsonl"
    export_claims(work_db, out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in lines) == sorted(refs)
    by_id = {d["id"]: d["claims"] for d in lines}
    assert by_id[some_ref] == [one.scorer_dict()]
    assert all(by_id[ref] == [] for ref in refs if ref != some_ref)


def test_latest_extractor_version_is_exported(seeded_db, tmp_path, monkeypatch):
    work_db, refs = seeded_db
    aid = refs[sorted(refs)[0]]
    old = Claim(article_id=aid, sentence_idx=0, measure="killed", value=1, evidence="satu")
    new = Claim(article_id=aid, sentence_idx=0, measure="injured", value=7, evidence="tujuh")
    store_claims(work_db, {aid: [old]}, "v-old", datetime(2025, 1, 1, tzinfo=timezone.utc))
    store_claims(work_db, {aid: [new]}, "v-new", datetime(2025, 1, 2, tzinfo=timezone.utc))
    out = tmp_path / "claims.jsonl"
    monkeypatch.setattr(version, "EXTRACTOR_VERSION", "v-new")
    export_claims(work_db, out)
    claims = {json.loads(line)["id"]: json.loads(line)["claims"] for line in out.read_text().splitlines()}
    assert claims[sorted(refs)[0]] == [new.scorer_dict()]
    # the code's own version wins over a more recent run of another version
    monkeypatch.setattr(version, "EXTRACTOR_VERSION", "v-old")
    export_claims(work_db, out)
    claims = {json.loads(line)["id"]: json.loads(line)["claims"] for line in out.read_text().splitlines()}
    assert claims[sorted(refs)[0]] == [old.scorer_dict()]


def test_export_cli(seeded_db, tmp_path, capsys):
    work_db, refs = seeded_db
    out = tmp_path / "sub" / "claims.jsonl"
    assert main(["export-claims", "--out", str(out), "--work-db", str(work_db)]) == 0
    assert len(out.read_text().splitlines()) == len(refs)
    assert str(out) in capsys.readouterr().out


def test_export_without_work_db_is_a_clear_error(tmp_path):
    with pytest.raises(KabarError, match="does not exist"):
        export_claims(tmp_path / "missing.duckdb", tmp_path / "out.jsonl")
    assert main(["export-claims", "--out", str(tmp_path / "o.jsonl"), "--work-db", str(tmp_path / "x.duckdb")]) == 1
