#!/usr/bin/env python
"""Dev loop for the claim rules: parse seeds + dev with the real Stanza model (cached),
run `extract_claims`, write scorer JSONL and run ../shared/eval/score.py --errors.

usage: python scripts/eval_extraction.py [--reparse] [--set seeds|dev|all] [--show ID]

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


def load_articles(which: str) -> list[dict]:
    arts = []
    if which in ("seeds", "all"):
        for p in sorted((SHARED / "seeds").glob("*.txt")):
            arts.append({"id": p.stem, "text": p.read_text(encoding="utf-8"), "title": None,
                         "published_at": None, "set": "seeds"})
    if which in ("dev", "all"):
        with open(SHARED / "eval" / "dev" / "articles.jsonl", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    a = json.loads(line)
                    a["set"] = "dev"
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
    ap.add_argument("--set", default="all", choices=("seeds", "dev", "all"))
    ap.add_argument("--show", help="print every claim of this article id")
    ap.add_argument("--quiet", action="store_true", help="no --errors listing")
    args = ap.parse_args()

    from kabar.nlp.claims import extract_claims

    OUT.mkdir(parents=True, exist_ok=True)
    arts = load_articles(args.set)
    preds: dict[str, list[dict]] = {"seeds": [], "dev": []}
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
    gold = {"seeds": SHARED / "eval" / "seeds.gold.jsonl", "dev": SHARED / "eval" / "dev" / "gold.jsonl"}
    for name, rows in preds.items():
        if not rows:
            continue
        out = OUT / f"{name}.pred.jsonl"
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"===== {name}: {out}")
        cmd = [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold[name]), "--pred", str(out)]
        if not args.quiet:
            cmd.append("--errors")
        subprocess.run(cmd, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
