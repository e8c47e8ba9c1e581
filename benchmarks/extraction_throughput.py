"""Extraction throughput: the project's extractor against the naive baseline, on the same articles.

    python benchmarks/extraction_throughput.py                 # 100 articles from make_corpus.py
    python benchmarks/extraction_throughput.py --n 50 --seed 3
    python benchmarks/extraction_throughput.py --input DIR     # any folder kabar can ingest

The articles are ingested into a temporary work DB (kabar.articles.ingest.ingest_directory) and
read back exactly as the extract stage reads them (pending_article_ids + load_articles). Then, in
one process and on the same records:

  project   kabar.nlp.extract.process_articles per batch of --batch-size articles: one tokenize
            pass per batch, pos/lemma/depparse only on sentences with a number, all of the
            batch's candidate sentences in one Stanza call; then the claim rules.
  naive     kabar.nlp.extract.parse_articles_naive + run_rules (what naive_extract does): the
            full Stanza pipeline called once per article, every sentence parsed; the same rules.

Both use the same cached Stanza pipeline. Model load time is measured once, reported separately
and EXCLUDED from both rates; so is a one-article warm-up of each path. Prints articles/s,
tokens/s (tokens = tokenizer words of all articles, the same count for both) and wall seconds
for each, the speed-up, and whether the two claim sets are identical (differences listed if
not). --repeat R alternates the two R times and reports the median. --what-if pos,lemma adds a
row for the fast path with candidates given only those processors (the rules read no
dependency heads), with its own claim comparison. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus, machine, stanza_dir, table, target_line  # noqa: E402

TARGET_SPEEDUP = 5.0
# claim fields compared between the two paths (everything the claim carries)
COMPARED = ("article_id", "sentence_idx", "measure", "value", "qualifier", "weapon", "attacker", "place_text",
            "place_id", "place_name", "place_precision", "admin_area", "country", "latitude", "longitude",
            "event_date", "date_basis", "reporter", "evidence", "evidence_span", "token_ids")


def load_records(input_dir: Path, workdir: Path) -> list[dict]:
    """Ingest input_dir into a fresh work DB and read the articles back as the extract stage does."""
    from kabar.articles.ingest import ingest_directory
    from kabar.nlp.extract import load_articles, pending_article_ids

    work_db = workdir / "throughput_work.duckdb"
    work_db.unlink(missing_ok=True)
    report = ingest_directory(input_dir, work_db)
    print(f"ingest: {report.new_articles} new articles, {report.duplicates} duplicates, {report.rejected} rejected")
    return load_articles(work_db, pending_article_ids(work_db))


def project(records: list[dict], model_dir: Path, batch_size: int) -> tuple[float, list[dict], dict]:
    from kabar.nlp.extract import process_articles

    started = time.perf_counter()
    claims, stats = [], Counter()
    for i in range(0, len(records), batch_size):
        result = process_articles(records[i:i + batch_size], model_dir)
        claims += result.claims
        stats.update(sentences=len(result.sentences), parsed=result.parsed_sentences, tokens=result.tokens,
                     parse_s=result.seconds_parse, rules_s=result.seconds_rules)
    return time.perf_counter() - started, claims, dict(stats)


def _rows(parses) -> list[dict]:
    """Claims of parsed articles as nlp.claims rows, each claim once per article (as process_articles)."""
    from kabar.nlp import version
    from kabar.nlp.extract import claim_row, run_rules

    claims = []
    for parse in parses:
        seen = set()
        for claim in run_rules(parse):
            row = claim_row(claim, version.EXTRACTOR_VERSION)
            if row["claim_id"] not in seen:
                seen.add(row["claim_id"])
                claims.append(row)
    return claims


def naive(records: list[dict], model_dir: Path) -> tuple[float, list[dict], dict]:
    """naive_extract's two steps (full pipeline per article, then the rules), timed apart."""
    from kabar.nlp.extract import parse_articles_naive
    from kabar.nlp.model import load_pipeline

    pipeline, _ = load_pipeline(model_dir)
    started = time.perf_counter()
    parses = parse_articles_naive(pipeline, records)
    parsed = time.perf_counter()
    claims = _rows(parses)
    done = time.perf_counter()
    stats = {"sentences": sum(len(p.sentences) for p in parses),
             "parsed": sum(len(p.sentences) for p in parses),
             "tokens": sum(len(s.tokens) for p in parses for s in p.sentences),
             "parse_s": parsed - started, "rules_s": done - parsed}
    return done - started, claims, stats


def variant(records: list[dict], model_dir: Path, batch_size: int, processors: str) -> tuple[float, list[dict], dict]:
    """What-if: the fast path with candidate sentences given only `processors` (e.g. pos,lemma)."""
    from kabar.nlp.extract import parse_articles
    from kabar.nlp.model import load_pipeline

    pipeline, _ = load_pipeline(model_dir)
    started = time.perf_counter()
    stats, claims = Counter(), []
    for i in range(0, len(records), batch_size):
        t0 = time.perf_counter()
        parses, parsed = parse_articles(pipeline, records[i:i + batch_size], processors=processors)
        t1 = time.perf_counter()
        claims += _rows(parses)
        stats.update(sentences=sum(len(p.sentences) for p in parses), parsed=parsed,
                     parse_s=t1 - t0, rules_s=time.perf_counter() - t1)
    return time.perf_counter() - started, claims, dict(stats)


def key(row: dict) -> tuple:
    return tuple(json.dumps(row.get(f), default=str, ensure_ascii=False) for f in COMPARED)


def compare(fast: list[dict], slow: list[dict]) -> list[str]:
    """Lines describing every claim in one set and not the other (empty: identical)."""
    a, b = Counter(map(key, fast)), Counter(map(key, slow))
    lines = []
    for label, diff in (("only project", a - b), ("only naive", b - a)):
        for k, count in sorted(diff.items()):
            row = dict(zip(COMPARED, (json.loads(v) for v in k)))
            lines.append(f"  {label} x{count}: {row['article_id'][:12]} s{row['sentence_idx']} {row['measure']}="
                         f"{row['value']} {row['qualifier']} weapon={row['weapon']} attacker={row['attacker']} "
                         f"place={row['place_name']} date={row['event_date']} :: {str(row['evidence'])[:110]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100, help="articles from the corpus maker (default 100)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--input", type=Path, help="a folder of articles instead of the corpus maker")
    ap.add_argument("--batch-size", type=int, default=16, help="project extractor batch size (default 16)")
    ap.add_argument("--stanza-dir", type=Path)
    ap.add_argument("--repeat", type=int, default=1, help="alternate the two paths R times; report medians")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--torch-threads", type=int,
                    help="set KABAR_TORCH_THREADS (default: the extractor's own choice, the cores)")
    ap.add_argument("--what-if", metavar="PROCESSORS", action="append", default=[],
                    help="also time the fast path with candidates given only these processors, e.g. pos,lemma "
                         "(repeatable); its claims are compared with the naive ones too")
    args = ap.parse_args(argv)
    if args.torch_threads:
        os.environ["KABAR_TORCH_THREADS"] = str(args.torch_threads)

    model_dir = stanza_dir(args.stanza_dir)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kabar-bench-extract-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    records = load_records(corpus(args.n, args.seed, workdir, args.input), workdir)
    if not records:
        print("no articles to extract")
        return 1

    import torch

    from kabar.nlp.model import load_pipeline
    t0 = time.perf_counter()
    load_pipeline(model_dir)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    project(records[:1], model_dir, 1)
    naive(records[:1], model_dir)
    warm_s = time.perf_counter() - t0
    print(f"model load {load_s:.1f} s + warm-up (1 article, both paths) {warm_s:.1f} s: excluded from the rates; "
          f"torch threads {torch.get_num_threads()}")

    runs = {"project": [], "naive": [], **{f"what-if {p}": [] for p in args.what_if}}
    extra = {}
    for r in range(args.repeat):
        f_s, f_claims, f_stats = project(records, model_dir, args.batch_size)
        n_s, n_claims, n_stats = naive(records, model_dir)
        runs["project"].append(f_s)
        runs["naive"].append(n_s)
        for procs in args.what_if:
            v_s, v_claims, v_stats = variant(records, model_dir, args.batch_size, procs)
            runs[f"what-if {procs}"].append(v_s)
            extra[f"what-if {procs}"] = (v_claims, v_stats)
        print(f"round {r + 1}/{args.repeat}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in runs.items()))

    n = len(records)
    tokens = f_stats["tokens"]
    rows = []
    measured = {"project": (f_claims, f_stats), "naive": (n_claims, n_stats), **extra}
    for name, (claims_, stats) in measured.items():
        secs = statistics.median(runs[name])
        rows.append([name, str(n), f"{secs:.1f}", f"{n / secs:.2f}", f"{tokens / secs:,.0f}",
                     f"{stats['parsed']}/{stats['sentences']}", f"{stats['parse_s']:.1f}", f"{stats['rules_s']:.1f}",
                     str(len(claims_))])
    print()
    print(table(rows, ["extractor", "articles", "wall s", "articles/s", "tokens/s", "sentences parsed",
                       "parse s", "rules s", "claims"]))
    if n_stats["tokens"] != tokens:
        print(f"(tokens: project tokenizer {tokens:,}, naive full pipeline {n_stats['tokens']:,}; rates use {tokens:,})")
    load_incl = [(statistics.median(runs[k]) + load_s) for k in ("project", "naive")]
    speedup = statistics.median(runs["naive"]) / statistics.median(runs["project"])
    print(f"\nspeed-up (naive wall / project wall, load excluded): {speedup:.2f}x"
          f"   (with one model load added to each: {load_incl[1] / load_incl[0]:.2f}x)")

    diff = compare(f_claims, n_claims)
    same = not diff
    print(f"claims identical: {'yes' if same else 'NO'} ({len(f_claims)} project, {len(n_claims)} naive; "
          f"compared on {', '.join(COMPARED)})")
    if diff:
        print(f"{len(diff)} differing claim(s):")
        print("\n".join(diff[:60]) + ("\n  ..." if len(diff) > 60 else ""))
    for name, (v_claims, _) in extra.items():
        v_diff = compare(v_claims, n_claims)
        print(f"{name}: {statistics.median(runs['naive']) / statistics.median(runs[name]):.2f}x the naive baseline, "
              f"claims identical to naive: {'yes' if not v_diff else f'NO, {len(v_diff)} differ'}")
        print("\n".join(v_diff[:20]))
    print("\ntargets:")
    print(target_line("extraction speed-up vs naive", f"{speedup:.2f}x", speedup >= TARGET_SPEEDUP, ">= 5x"))
    print(target_line("identical claims", "yes" if same else f"{len(diff)} differ", same, "identical"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
