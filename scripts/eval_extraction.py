#!/usr/bin/env python
"""Dev loop for the claim rules: parse seeds + dev with the real Stanza model (cached),
run `extract_claims`, write scorer JSONL and run ../shared/eval/score.py --errors.

usage: python scripts/eval_extraction.py [--reparse] [--set seeds|dev|heldout|all]
                                        [--articles A.jsonl --gold G.jsonl [--name NAME]] [--show ID]

`--set all` (the default) scores seeds, dev and the held-out proxy (tests/data/heldout) and ends
with one line per set giving P/R/F1. `--articles/--gold` (repeatable, paired) scores any other
set in the dev format; `--name` labels it.

Parses are pickled under /tmp/kabar_parse_cache (override with KABAR_PARSE_CACHE), keyed by
the article text, so rule changes re-score in a second. Sentences without any number token are
turned into tokenizer-only sentences (parsed=False), as the plumbing may skip parsing them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KABAR_SHARED", REPO.parent / "shared")).resolve()
CACHE = Path(os.environ.get("KABAR_PARSE_CACHE", "/tmp/kabar_parse_cache"))
OUT = Path(os.environ.get("KABAR_EVAL_OUT", "/tmp/kabar_eval"))


BUILTIN_SETS = {
    # name: (articles path or seeds dir, gold path)
    "seeds": (SHARED / "seeds", SHARED / "eval" / "seeds.gold.jsonl"),
    "dev": (SHARED / "eval" / "dev" / "articles.jsonl", SHARED / "eval" / "dev" / "gold.jsonl"),
    "heldout": (REPO / "tests" / "data" / "heldout" / "articles.jsonl",
                REPO / "tests" / "data" / "heldout" / "gold.jsonl"),
}


def read_articles(source: Path, set_name: str) -> list[dict]:
    """Articles of one set: a directory of .txt files (the seeds) or a JSONL file."""
    arts = []
    if source.is_dir():
        for p in sorted(source.glob("*.txt")):
            arts.append({"id": p.stem, "text": p.read_text(encoding="utf-8"), "title": None,
                         "published_at": None, "set": set_name})
        return arts
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                a = json.loads(line)
                a["set"] = set_name
                arts.append(a)
    return arts


_PIPE = None


def pipeline():
    global _PIPE
    if _PIPE is None:
        import stanza
        _PIPE = stanza.Pipeline("id", dir=os.environ.get("KABAR_STANZA_DIR", str(SHARED / "models" / "stanza")),
                                processors="tokenize,mwt,pos,lemma,depparse", download_method=None,
                                logging_level="WARN")
    return _PIPE


def _tokenizer_only(sent):
    toks = tuple(replace(t, lemma=None, upos=None, head=None, deprel=None, feats=None) for t in sent.tokens)
    return replace(sent, tokens=toks, parsed=False)


def parse_article(a: dict, reparse: bool = False):
    from kabar.nlp.numbers import is_number_token
    from kabar.nlp.parsed import from_stanza

    CACHE.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha1(a["text"].encode()).hexdigest()[:16]
    path = CACHE / f"{a['id']}_{key}.pkl"
    if path.exists() and not reparse:
        parse = pickle.loads(path.read_bytes())
    else:
        print(f"parsing {a['id']} …", file=sys.stderr)
        doc = pipeline()(a["text"])
        parse = from_stanza(doc, a["id"], a["text"])
        path.write_bytes(pickle.dumps(parse))
    published = datetime.fromisoformat(a["published_at"]) if a.get("published_at") else None
    sents = tuple(s if any(is_number_token(t.text) for t in s.tokens) else _tokenizer_only(s)
                  for s in parse.sentences)
    return replace(parse, title=a.get("title"), published_at=published, sentences=sents)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reparse", action="store_true")
    ap.add_argument("--set", default=None, choices=(*BUILTIN_SETS, "all"),
                    help="built-in set to score (default: all, unless --articles is given)")
    ap.add_argument("--articles", action="append", type=Path, default=[],
                    help="extra articles JSONL (dev format); pair each with --gold")
    ap.add_argument("--gold", action="append", type=Path, default=[], help="gold JSONL for --articles")
    ap.add_argument("--name", action="append", default=[], help="label for each --articles set")
    ap.add_argument("--show", help="print every claim of this article id")
    ap.add_argument("--quiet", action="store_true", help="no --errors listing")
    args = ap.parse_args()

    from kabar.nlp.claims import extract_claims

    if len(args.articles) != len(args.gold):
        ap.error("give one --gold per --articles")
    sets: dict[str, tuple[Path, Path]] = {}
    which = args.set or ("all" if not args.articles else None)
    if which:
        sets.update(BUILTIN_SETS if which == "all" else {which: BUILTIN_SETS[which]})
    for i, (arts_path, gold_path) in enumerate(zip(args.articles, args.gold)):
        name = args.name[i] if i < len(args.name) else arts_path.parent.name or f"set{i}"
        sets[name] = (arts_path, gold_path)

    OUT.mkdir(parents=True, exist_ok=True)
    arts = [a for name, (src, _) in sets.items() for a in read_articles(src, name)]
    preds: dict[str, list[dict]] = {name: [] for name in sets}
    for a in arts:
        parse = parse_article(a, args.reparse)
        claims = extract_claims(parse)
        preds[a["set"]].append({"id": a["id"], "claims": [c.scorer_dict() for c in claims]})
        if args.show and args.show == a["id"]:
            for c in claims:
                d = c.scorer_dict()
                print(f"  {d['measure']:11s} {d['value']:>6} {d['qualifier']:9s} {d['weapon']!s:7s} "
                      f"{d['attacker']!s:4s} {d['location']!s:22s} {d['country']!s:4s} {d['event_date']!s:10s} "
                      f"[{c.date_basis}] rep={c.reporter!r} | {d['evidence']}")
    scorer = [sys.executable, str(SHARED / "eval" / "score.py")]
    summary = []
    for name, rows in preds.items():
        if not rows:
            continue
        gold = sets[name][1]
        out = OUT / f"{name}.pred.jsonl"
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"===== {name}: {out}")
        cmd = [*scorer, "--gold", str(gold), "--pred", str(out)]
        if not args.quiet:
            cmd.append("--errors")
        subprocess.run(cmd, check=False)
        res = json.loads(subprocess.run([*scorer, "--gold", str(gold), "--pred", str(out), "--json"], check=True, capture_output=True, text=True).stdout)
        summary.append(f"{name:8s} P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}  "
                       f"(gold {res['gold_claims']}, pred {res['pred_claims']})")
    print("===== summary")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
