"""Extraction throughput: the project's extractor against two naive baselines, on the same articles.

    python benchmarks/extraction_throughput.py                 # 100 articles from make_corpus.py
    python benchmarks/extraction_throughput.py --n 50 --seed 3 --repeat 3
    python benchmarks/extraction_throughput.py --input DIR     # any folder kabar can ingest

The articles are ingested into a temporary work DB (kabar.articles.ingest.ingest_directory) and
read back exactly as the extract stage reads them (pending_article_ids + load_articles). Then, in
one process and on the same records:

  project        kabar.nlp.extract.process_articles per batch of --batch-size articles: one
                 tokenize pass per batch; the rules run on the tokenizer-only sentences and note the
                 parse questions they ask (kabar.nlp.rules.probe); only the sentences asked about that
                 could yield a claim (kabar.nlp.ondemand) get pos+lemma, all of a batch's in one
                 Stanza call, a sentence seen before in the run not parsed again; the rules run again
                 only on articles where the parse changed an answer.
  project, no memo   the same without remembering sentences already parsed (the synthetic corpus
                 repeats many sentences across outlets; real news repeats fewer).
  naive (i), shared pipeline
                 the full Stanza pipeline (tokenize, mwt, pos, lemma, depparse) loaded once and
                 called once per article, nlp(text), every sentence parsed; then the same rules
                 (kabar.nlp.extract.parse_articles_naive + run_rules).
  naive (ii), pipeline per article
                 what a naive script does: a new stanza.Pipeline built for every article, then
                 nlp(text) and the same rules. Too slow to run on everything: measured on
                 --per-article-sample articles, its per-article cost extrapolated to all of them.

Model load time is measured once, printed, and EXCLUDED from the project and naive (i) rates (both
load once per process); naive (ii) pays a load per article by construction. A one-article warm-up
of each path is excluded too, and the memo is emptied before every timed project run. Prints
articles/s and tokens/s (tokens = tokenizer words, the same count for every path), the speed-up
against each baseline with ✓/✗ against the 5x target, and whether the project's claims equal naive
(i)'s on every claim field (differences listed if not; naive (ii)'s sample is compared too).
--repeat R alternates the paths R times and prints every round's ratio and the best / median / worst.
--what-if PROCESSORS adds a row for the fast path giving the selected sentences those processors
(e.g. pos,lemma,depparse: what the parser would cost). Asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
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
# claim fields compared between the paths (everything the claim carries)
COMPARED = ("article_id", "sentence_idx", "measure", "value", "qualifier", "weapon", "attacker", "place_text",
            "place_id", "place_name", "place_precision", "admin_area", "country", "latitude", "longitude",
            "event_date", "date_basis", "reporter", "evidence", "evidence_span", "token_ids")
PROJECT, NO_MEMO, NAIVE, PER_ARTICLE = ("project", "project, no memo", "naive (i) shared pipeline",
                                        "naive (ii) pipeline per article")


def load_records(input_dir: Path, workdir: Path) -> list[dict]:
    """Ingest input_dir into a fresh work DB and read the articles back as the extract stage does."""
    from kabar.articles.ingest import ingest_directory
    from kabar.nlp.extract import load_articles, pending_article_ids

    work_db = workdir / "throughput_work.duckdb"
    work_db.unlink(missing_ok=True)
    report = ingest_directory(input_dir, work_db)
    print(f"ingest: {report.new_articles} new articles, {report.duplicates} duplicates, {report.rejected} rejected")
    return load_articles(work_db, pending_article_ids(work_db))


def project(records: list[dict], model_dir: Path, batch_size: int, memo: bool = True) -> tuple[float, list[dict], dict]:
    """The extract stage's own batch function, from a cold memo."""
    from kabar.nlp import extract

    size = extract._CACHE_SIZE
    extract.clear_parse_cache()
    extract._CACHE_SIZE = size if memo else 0
    try:
        started = time.perf_counter()
        claims, stats = [], Counter()
        for i in range(0, len(records), batch_size):
            result = extract.process_articles(records[i:i + batch_size], model_dir)
            claims += result.claims
            stats.update(sentences=len(result.sentences), parsed=result.parsed_sentences, tokens=result.tokens,
                         parse_s=result.seconds_parse, rules_s=result.seconds_rules)
        return time.perf_counter() - started, claims, dict(stats)
    finally:
        extract._CACHE_SIZE = size
        extract.clear_parse_cache()


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


def _stats(parses, parse_s: float, rules_s: float) -> dict:
    return {"sentences": sum(len(p.sentences) for p in parses),
            "parsed": sum(s.parsed for p in parses for s in p.sentences),
            "tokens": sum(len(s.tokens) for p in parses for s in p.sentences),
            "parse_s": parse_s, "rules_s": rules_s}


def naive_shared(records: list[dict], model_dir: Path) -> tuple[float, list[dict], dict]:
    """Baseline (i): naive_extract's two steps (full pipeline per article, then the rules), timed apart."""
    from kabar.nlp.extract import parse_articles_naive
    from kabar.nlp.model import load_pipeline

    pipeline, _ = load_pipeline(model_dir)
    started = time.perf_counter()
    parses = parse_articles_naive(pipeline, records)
    parsed = time.perf_counter()
    claims = _rows(parses)
    done = time.perf_counter()
    return done - started, claims, _stats(parses, parsed - started, done - parsed)


def naive_per_article(records: list[dict], model_dir: Path) -> tuple[float, list[dict], dict]:
    """Baseline (ii): a new stanza.Pipeline per article (as a naive script would), nlp(text), the rules."""
    import stanza

    from kabar.nlp.extract import _to_parse
    from kabar.nlp.model import PROCESSORS

    started = time.perf_counter()
    claims, parses, load_s, rules_s = [], [], 0.0, 0.0
    for record in records:
        t0 = time.perf_counter()
        nlp = stanza.Pipeline("id", dir=str(model_dir), processors=PROCESSORS, download_method=None,
                              logging_level="WARN", use_gpu=False)
        load_s += time.perf_counter() - t0
        parse = _to_parse(nlp(record["text"]), record)
        t1 = time.perf_counter()
        claims += _rows([parse])
        rules_s += time.perf_counter() - t1
        parses.append(parse)
        del nlp
        gc.collect()
    secs = time.perf_counter() - started
    stats = _stats(parses, secs - rules_s, rules_s)
    stats["load_s"] = load_s
    return secs, claims, stats


def variant(records: list[dict], model_dir: Path, batch_size: int, processors: str) -> tuple[float, list[dict], dict]:
    """What-if: the fast path giving the selected sentences only `processors` (e.g. pos,lemma,depparse)."""
    from kabar.nlp.extract import clear_parse_cache, parse_articles
    from kabar.nlp.model import load_pipeline

    pipeline, _ = load_pipeline(model_dir)
    clear_parse_cache()
    started = time.perf_counter()
    stats, claims = Counter(), []
    for i in range(0, len(records), batch_size):
        t0 = time.perf_counter()
        parses, parsed = parse_articles(pipeline, records[i:i + batch_size], processors=processors)
        t1 = time.perf_counter()
        claims += _rows(parses)
        stats.update(sentences=sum(len(p.sentences) for p in parses), parsed=parsed,
                     parse_s=t1 - t0, rules_s=time.perf_counter() - t1)
    clear_parse_cache()
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


def spread(values: list[float]) -> str:
    return f"best {max(values):.2f}x, median {statistics.median(values):.2f}x, worst {min(values):.2f}x"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100, help="articles from the corpus maker (default 100)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--input", type=Path, help="a folder of articles instead of the corpus maker")
    ap.add_argument("--batch-size", type=int, default=16, help="project extractor batch size (default 16)")
    ap.add_argument("--stanza-dir", type=Path)
    ap.add_argument("--repeat", type=int, default=1, help="alternate the paths R times; report medians")
    ap.add_argument("--per-article-sample", type=int, default=10, metavar="K",
                    help="articles on which naive (ii) builds a pipeline each (default 10; 0 skips it)")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--torch-threads", type=int,
                    help="set KABAR_TORCH_THREADS (default: the extractor's own default, 1; both paths use it)")
    ap.add_argument("--what-if", metavar="PROCESSORS", action="append", default=[],
                    help="also time the fast path giving the selected sentences these processors, e.g. "
                         "pos,lemma,depparse (repeatable); its claims are compared with naive (i) too")
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

    from kabar.nlp.extract import parse_processors
    from kabar.nlp.model import load_pipeline
    t0 = time.perf_counter()
    load_pipeline(model_dir)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    project(records[:1], model_dir, 1)
    naive_shared(records[:1], model_dir)
    warm_s = time.perf_counter() - t0
    print(f"model load {load_s:.1f} s + warm-up (1 article, both paths) {warm_s:.1f} s: excluded from the rates; "
          f"torch threads {torch.get_num_threads()}; project parses selected sentences with {parse_processors()}")

    runs: dict[str, list[float]] = {PROJECT: [], NO_MEMO: [], NAIVE: [], **{f"what-if {p}": [] for p in args.what_if}}
    measured: dict[str, tuple] = {}
    for r in range(args.repeat):
        for name, fn in ((PROJECT, lambda: project(records, model_dir, args.batch_size)),
                         (NAIVE, lambda: naive_shared(records, model_dir)),
                         (NO_MEMO, lambda: project(records, model_dir, args.batch_size, memo=False)),
                         *((f"what-if {p}", lambda p=p: variant(records, model_dir, args.batch_size, p))
                           for p in args.what_if)):
            secs, claims, stats = fn()
            runs[name].append(secs)
            measured[name] = (claims, stats)
        print(f"round {r + 1}/{args.repeat}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in runs.items()), flush=True)

    n = len(records)
    sample = records[:max(0, min(args.per_article_sample, n))]
    per_article = None
    if sample:
        secs, claims, stats = naive_per_article(sample, model_dir)
        per_article = (secs / len(sample), claims, stats)
        print(f"{PER_ARTICLE}: {len(sample)} articles in {secs:.1f} s ({stats['load_s']:.1f} s building pipelines), "
              f"{secs / len(sample):.2f} s per article -> {secs / len(sample) * n:.0f} s extrapolated to {n}")

    f_claims, f_stats = measured[PROJECT]
    n_claims, n_stats = measured[NAIVE]
    tokens = f_stats["tokens"]
    rows = []
    for name, (claims_, stats) in measured.items():
        secs = statistics.median(runs[name])
        rows.append([name, str(n), f"{secs:.1f}", f"{n / secs:.2f}", f"{tokens / secs:,.0f}",
                     f"{stats['parsed']}/{stats['sentences']}", f"{stats['parse_s']:.1f}", f"{stats['rules_s']:.1f}",
                     str(len(claims_))])
    if per_article:
        secs = per_article[0] * n
        st = per_article[2]
        rows.append([f"{PER_ARTICLE} (x{n / len(sample):.0f} from {len(sample)})", str(n), f"{secs:.0f}",
                     f"{n / secs:.2f}", f"{tokens / secs:,.0f}", "all", f"{st['parse_s'] * n / len(sample):.0f}",
                     f"{st['rules_s'] * n / len(sample):.1f}", f"~{len(per_article[1]) * n / len(sample):.0f}"])
    print()
    print(table(rows, ["extractor", "articles", "wall s (median)", "articles/s", "tokens/s", "sentences parsed",
                       "parse s", "rules s", "claims"]))
    if n_stats["tokens"] != tokens:
        print(f"(tokens: project tokenizer {tokens:,}, naive full pipeline {n_stats['tokens']:,}; rates use {tokens:,})")

    ratios = [nv / pr for nv, pr in zip(runs[NAIVE], runs[PROJECT])]
    speedup = statistics.median(runs[NAIVE]) / statistics.median(runs[PROJECT])
    print(f"\nspeed-up vs {NAIVE} (its wall / project wall, model load excluded from both): {speedup:.2f}x"
          f" (medians); per round: {', '.join(f'{x:.2f}x' for x in ratios)}" + (f" — {spread(ratios)}" if len(ratios) > 1 else ""))
    load_incl = (statistics.median(runs[PROJECT]) + load_s, statistics.median(runs[NAIVE]) + load_s)
    print(f"  with one model load added to each: {load_incl[1] / load_incl[0]:.2f}x; "
          f"project without the memo: {statistics.median(runs[NAIVE]) / statistics.median(runs[NO_MEMO]):.2f}x")
    speedup_ii = None
    if per_article:
        speedup_ii = per_article[0] * n / (statistics.median(runs[PROJECT]) + load_s)
        print(f"speed-up vs {PER_ARTICLE} (extrapolated wall / (project wall + one model load)): {speedup_ii:.2f}x")

    diff = compare(f_claims, n_claims)
    same = not diff
    print(f"claims identical, project vs {NAIVE}: {'yes' if same else 'NO'} ({len(f_claims)} project, "
          f"{len(n_claims)} naive; compared on {', '.join(COMPARED)})")
    if diff:
        print(f"{len(diff)} differing claim(s):")
        print("\n".join(diff[:60]) + ("\n  ..." if len(diff) > 60 else ""))
    for name in (NO_MEMO, *(f"what-if {p}" for p in args.what_if)):
        v_diff = compare(measured[name][0], n_claims)
        print(f"{name}: {statistics.median(runs[NAIVE]) / statistics.median(runs[name]):.2f}x {NAIVE}, "
              f"claims identical to it: {'yes' if not v_diff else f'NO, {len(v_diff)} differ'}")
        print("\n".join(v_diff[:20]))
    same_ii = None
    if per_article:
        ids = {r["article_id"] for r in sample}
        ii_diff = compare([c for c in f_claims if c["article_id"] in ids], per_article[1])
        same_ii = not ii_diff
        print(f"claims identical, project vs {PER_ARTICLE} on its {len(sample)} articles: "
              f"{'yes' if same_ii else f'NO, {len(ii_diff)} differ'}")
        print("\n".join(ii_diff[:20]))
    print("\ntargets:")
    print(target_line(f"speed-up vs {NAIVE}", f"{speedup:.2f}x", speedup >= TARGET_SPEEDUP, ">= 5x"))
    if speedup_ii is not None:
        print(target_line(f"speed-up vs {PER_ARTICLE}", f"{speedup_ii:.2f}x", speedup_ii >= TARGET_SPEEDUP, ">= 5x"))
    print(target_line(f"identical claims vs {NAIVE}", "yes" if same else f"{len(diff)} differ", same, "identical"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
