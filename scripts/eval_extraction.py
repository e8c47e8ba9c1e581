#!/usr/bin/env python
"""Dev loop for the claim rules: score them as the pipeline runs them, in seconds after the first run.

usage: python scripts/eval_extraction.py [--set NAME|all] [--articles A.jsonl|DIR --gold G.jsonl [--name NAME]]
                                        [--show ID] [--quiet] [--reparse]

Each set goes through the pipeline's own path: its files are ingested into a temporary work database
(kabar.articles.ingest: reading, boilerplate cleaning, published dates, dedup, rejections), read back
as the extract stage reads them, and the claim rules run on each article; the claims are written in
the scorer's format and ../shared/eval/score.py scores them (--errors unless --quiet), ending with one
line per set. The rules run on articles parsed in full with the processors the extractor gives the
sentences it parses (pos, lemma): the extractor's parse on demand gives the same claims
(tests/test_extract_fast.py). Parses are cached under KABAR_PARSE_CACHE (default
/tmp/kabar_parse_cache), keyed by the article's text, so a rule change re-scores in seconds.
`--articles/--gold` (repeatable, paired) scores any other set: an articles JSONL in the dev format, or a
folder of input files of any format ingest reads; `--name` labels it.

`all` is every set tuned on or kept from earlier rounds (webheldout … webheldout4 among them since
their errors were published); `webheldout5` is the untouched measurement set and is scored only when
named (`--set webheldout5 --quiet`: its figures, never its errors, while tuning).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KABAR_SHARED", REPO.parent / "shared")).resolve()
CACHE = Path(os.environ.get("KABAR_PARSE_CACHE", "/tmp/kabar_parse_cache"))
OUT = Path(os.environ.get("KABAR_EVAL_OUT", "/tmp/kabar_eval"))
# the sets are copied just before ingest: nothing is still being written, so no settle time
os.environ.setdefault("KABAR_SETTLE_SECONDS", "0")
HELD = REPO / "tests" / "data"

BUILTIN_SETS = {
    # name: (a folder of .txt files or an articles JSONL, gold JSONL)
    "seeds": (SHARED / "seeds", SHARED / "eval" / "seeds.gold.jsonl"),
    "dev": (SHARED / "eval" / "dev" / "articles.jsonl", SHARED / "eval" / "dev" / "gold.jsonl"),
    "realdev": (SHARED / "eval" / "realdev" / "articles.jsonl", SHARED / "eval" / "realdev" / "gold.jsonl"),
    **{name: (HELD / name / "articles.jsonl", HELD / name / "gold.jsonl")
       for name in ("heldout", "heldout2", "heldout3", "heldout4", "webdev", "webdev2", "webheldout", "webheldout2", "webheldout3", "webheldout4")},
    "realweb": (HELD / "realweb" / "inputs", HELD / "realweb" / "gold.jsonl"),
    "nights": (HELD / "nights" / "articles", HELD / "nights" / "gold.jsonl"),
}
# the untouched measurement set: never part of "all"
MEASUREMENT_SETS = {"webheldout5": (HELD / "webheldout5" / "articles.jsonl", HELD / "webheldout5" / "gold.jsonl")}


def ingested_records(source: Path, workdir: Path) -> list[dict]:
    """The set's articles as the extract stage reads them after ingest (article_ref = the scorer's id)."""
    from kabar.articles.ingest import ingest_directory
    from kabar.nlp.extract import load_articles, pending_article_ids

    inbox = workdir / "in"
    if source.is_dir():
        shutil.copytree(source, inbox)
    else:
        inbox.mkdir()
        shutil.copy(source, inbox / source.name)
    work_db = workdir / "work.duckdb"
    report = ingest_directory(inbox, work_db)
    if report.rejected:
        print(f"  ingest rejected {report.rejected} input(s) of {source.name}", file=sys.stderr)
    return load_articles(work_db, pending_article_ids(work_db))


def parse(record: dict, reparse: bool = False):
    """The record's ArticleParse with pos+lemma on every sentence (cached by text)."""
    from kabar.nlp.extract import _to_parse, parse_processors
    from kabar.nlp.model import load_pipeline

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{hashlib.sha256(record['text'].encode()).hexdigest()[:24]}.pkl"
    if path.exists() and not reparse:
        doc = pickle.loads(path.read_bytes())
    else:
        pipeline, _ = load_pipeline()
        doc = pipeline(record["text"], processors="tokenize,mwt," + parse_processors())
        # written aside and renamed: several evals (helpers' worktrees) may share one cache
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(pickle.dumps(doc))
        partial.replace(path)
    return _to_parse(doc, record)


def _show(claims) -> None:
    for c in claims:
        d = c.scorer_dict()
        print(f"  {d['measure']:11s} {d['value']!s:>6} {d['qualifier']:9s} {d['weapon']!s:7s} "
              f"{d['attacker']!s:4s} {d['location']!s:22s} {d['country']!s:4s} {d['event_date']!s:10s} "
              f"[{c.date_basis}] rep={c.reporter!r} | {d['evidence']}")


def predict(name: str, source: Path, reparse: bool, show: str | None) -> Path:
    """Score-ready predictions of one set, written to OUT/<name>.pred.jsonl."""
    from kabar.nlp.extract import run_rules

    with tempfile.TemporaryDirectory(prefix="kabar-eval-") as tmp:
        records = ingested_records(source, Path(tmp))
    rows = []
    for record in records:
        claims = run_rules(parse(record, reparse))
        rows.append({"id": record["article_ref"], "claims": [c.scorer_dict() for c in claims]})
        if show and show == record["article_ref"]:
            _show(claims)
    out = OUT / f"{name}.pred.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return out


def score(name: str, pred: Path, gold: Path, errors: bool) -> str:
    scorer = [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold), "--pred", str(pred)]
    print(f"===== {name}: {pred}")
    subprocess.run(scorer + (["--errors"] if errors else []), check=False)
    res = json.loads(subprocess.run(scorer + ["--json"], check=True, capture_output=True, text=True).stdout)
    agree = res["attribute_agreement"]
    return (f"{name:10s} P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}  "
            f"loc {agree['location']:.2f}  date {agree['event_date']:.2f}  all {res['all_fields_right']:.2f}  "
            f"(gold {res['gold_claims']}, pred {res['pred_claims']})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reparse", action="store_true", help="parse again, ignoring the cache")
    ap.add_argument("--set", default=None, choices=(*BUILTIN_SETS, *MEASUREMENT_SETS, "all"),
                    help="built-in set to score (default: all, unless --articles is given)")
    ap.add_argument("--articles", action="append", type=Path, default=[],
                    help="extra articles JSONL (dev format); pair each with --gold")
    ap.add_argument("--gold", action="append", type=Path, default=[], help="gold JSONL for --articles")
    ap.add_argument("--name", action="append", default=[], help="label for each --articles set")
    ap.add_argument("--show", help="print every claim of this article id")
    ap.add_argument("--quiet", action="store_true", help="no --errors listing")
    args = ap.parse_args()
    if len(args.articles) != len(args.gold):
        ap.error("give one --gold per --articles")
    sets: dict[str, tuple[Path, Path]] = {}
    which = args.set or ("all" if not args.articles else None)
    if which:
        sets.update(BUILTIN_SETS if which == "all" else {which: {**BUILTIN_SETS, **MEASUREMENT_SETS}[which]})
    for i, (arts, gold) in enumerate(zip(args.articles, args.gold)):
        sets[args.name[i] if i < len(args.name) else arts.parent.name or f"set{i}"] = (arts, gold)
    OUT.mkdir(parents=True, exist_ok=True)
    summary = [score(name, predict(name, src, args.reparse, args.show), gold, not args.quiet)
               for name, (src, gold) in sets.items()]
    print("===== summary")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
