#!/usr/bin/env python
"""Digests of every claim the extractor stores, per evaluation set: the check that a refactor of
the rules changes no claim, and the one reviewed command for a change that is meant.

    python scripts/claim_digests.py            # compute, compare with tests/data/claim_digests.json
    python scripts/claim_digests.py --write    # write the file (an intended change: review its diff)

Sets: the seeds (../shared/seeds), dev and realdev (../shared/eval), the held-out sets
(tests/data/heldout*) and the benchmark corpus (benchmarks/make_corpus.py, fixed seed). Every
article goes through the extract stage's own batch function (kabar.nlp.extract.process_articles:
tokenize, rules, parse on demand) with the offline Stanza model. A claim row is every nlp.claims
column the extractor fills except claim_id and extractor_version (both carry the version string);
an article's rows are sorted, and a set's digest is the sha256 over its articles in id order. The
data file also keeps one short digest per article, so a mismatch names the articles that moved.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KABAR_SHARED", REPO.parent / "shared")).resolve()
DIGESTS = REPO / "tests" / "data" / "claim_digests.json"
CORPUS_N, CORPUS_SEED = 100, 7
BATCH_SIZE = 16
WIB = timezone(timedelta(hours=7))
UNHASHED = ("claim_id", "extractor_version")

SETS = {
    "seeds": SHARED / "seeds",
    "dev": SHARED / "eval" / "dev" / "articles.jsonl",
    "realdev": SHARED / "eval" / "realdev" / "articles.jsonl",
    "heldout": REPO / "tests" / "data" / "heldout" / "articles.jsonl",
    "heldout2": REPO / "tests" / "data" / "heldout2" / "articles.jsonl",
    "heldout3": REPO / "tests" / "data" / "heldout3" / "articles.jsonl",
    "heldout4": REPO / "tests" / "data" / "heldout4" / "articles.jsonl",
    "corpus": None,
}


def _published(value) -> tuple[datetime | None, date | None]:
    """(published_at in UTC, the date in the source's own offset) as ingest stores them (WIB when none)."""
    if not value:
        return None, None
    stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=WIB)
    return stamp.astimezone(timezone.utc), stamp.date()


def _record(set_name: str, raw: dict) -> dict:
    published_at, published_date = _published(raw.get("published_at"))
    return {"article_id": f"{set_name}/{raw['id']}", "text": raw["text"], "title": raw.get("title"),
            "published_at": published_at, "published_date": published_date}


def _corpus() -> list[dict]:
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.corpus_records(CORPUS_N, CORPUS_SEED)


def set_records(name: str) -> list[dict]:
    """The articles of one set as extract-stage records."""
    source = SETS[name]
    if source is None:
        raws = _corpus()
    elif source.is_dir():
        raws = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(source.glob("*.txt"))]
    else:
        raws = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [_record(name, r) for r in raws]


def claim_rows(records: list[dict], stanza_dir=None) -> list[dict]:
    """nlp.claims rows for the records, through the extract stage's batch function."""
    from kabar.nlp.extract import process_articles

    rows = []
    for start in range(0, len(records), BATCH_SIZE):
        rows += process_articles(records[start:start + BATCH_SIZE], stanza_dir).claims
    return rows


def _line(row: dict) -> str:
    kept = {k: v for k, v in row.items() if k not in UNHASHED}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str)


def digest(records: list[dict], rows: list[dict]) -> dict:
    """{'articles', 'claims', 'sha256', 'per_article': {id: short digest}} of one set's claim rows."""
    lines: dict[str, list[str]] = {r["article_id"]: [] for r in records}
    for row in rows:
        lines[row["article_id"]].append(_line(row))
    total = hashlib.sha256()
    per_article = {}
    for article_id in sorted(lines):
        body = "\n".join(sorted(lines[article_id]))
        per_article[article_id] = hashlib.sha256(body.encode()).hexdigest()[:16]
        total.update(f"{article_id}\n{body}\n\n".encode())
    return {"articles": len(lines), "claims": len(rows), "sha256": total.hexdigest(), "per_article": per_article}


def compute(names=None, stanza_dir=None) -> dict:
    """Digests of the named sets (default: all), each set parsed and extracted once."""
    return {name: digest(recs, claim_rows(recs, stanza_dir))
            for name in (names or SETS) for recs in [set_records(name)]}


def differences(expected: dict, actual: dict) -> list[str]:
    """What moved, one line per set (and the articles whose claims changed)."""
    out = []
    for name in sorted(set(expected) | set(actual)):
        e, a = expected.get(name), actual.get(name)
        if e is None or a is None:
            out.append(f"{name}: {'not computed' if a is None else 'not in the digest file'}")
        elif e["sha256"] != a["sha256"]:
            moved = sorted(k for k in set(e["per_article"]) | set(a["per_article"])
                           if e["per_article"].get(k) != a["per_article"].get(k))
            out.append(f"{name}: {e['claims']} -> {a['claims']} claims; articles changed: {', '.join(moved)}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write the digests to {DIGESTS.relative_to(REPO)}")
    ap.add_argument("--set", action="append", choices=list(SETS), help="only these sets (compare only)")
    args = ap.parse_args(argv)
    if args.write and args.set:
        ap.error("--write recomputes every set")
    actual = compute(args.set)
    for name, d in actual.items():
        print(f"{name:9s} {d['articles']:4d} articles {d['claims']:5d} claims  {d['sha256'][:16]}")
    if args.write:
        DIGESTS.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {DIGESTS}")
        return 0
    expected = json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.is_file() else {}
    diff = differences({k: v for k, v in expected.items() if k in actual}, actual)
    print("\n".join(diff) if diff else "identical to the digest file")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
