"""Extraction serial against Dask (2 local workers) on the same articles.

    python benchmarks/dask_vs_serial.py                    # 100 articles from make_corpus.py
    python benchmarks/dask_vs_serial.py --n 200 --workers 2
    python benchmarks/dask_vs_serial.py --torch-threads 1  # KABAR_TORCH_THREADS for both runs

The corpus is ingested once into a work DB, which is copied twice. Each copy is then extracted by
the project's extract flow (flows/extract.py, `extract_flow`) in its own child process:
serial (`dask=False`: extract_pending, batch after batch) and Dask (`dask=True`: a temporary
LocalCluster of --workers processes, one thread each, each loading Stanza once; the flow stores
every batch as the single writer). Both go through Prefect, so both pay the same orchestration
cost; a throw-away flow run first warms Prefect's ephemeral API database (excluded).

Prints, per mode: wall seconds of the child process (start-up, model/cluster start and
extraction), the seconds the flow itself reports, articles/s, peak resident memory of the
process tree (Dask workers included), and whether both produced the same claims.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, child_env, corpus, gib, machine, run_measured, stanza_dir, table  # noqa: E402

DRIVER = """
import json, sys
from flows.extract import extract_flow
report = extract_flow(work_db=sys.argv[1], batch_size=int(sys.argv[2]), dask=sys.argv[3] == "dask")
print("RESULT " + json.dumps(report, default=str))
"""
WARM_UP = "from prefect import flow\nflow(name='kabar-bench-warm-up')(lambda: None)()\n"

CLAIM_COLUMNS = ("article_id, sentence_idx, measure, value, qualifier, weapon, attacker, place_id, country, "
                 "event_date, date_basis, reporter, evidence_span")


def claims(work_db: Path) -> list[tuple]:
    import duckdb
    con = duckdb.connect(str(work_db), read_only=True)
    try:
        return sorted(con.execute(f"select {CLAIM_COLUMNS} from nlp.claims").fetchall(), key=repr)
    finally:
        con.close()


def flow_report(stdout: str) -> dict:
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100, help="articles from the corpus maker (default 100)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--input", type=Path, help="a folder of articles instead of the corpus maker")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2, help="Dask worker processes (default 2)")
    ap.add_argument("--torch-threads", type=int, help="KABAR_TORCH_THREADS for both runs (default: the project's, 1)")
    ap.add_argument("--stanza-dir", type=Path)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args(argv)

    stanza_dir(args.stanza_dir)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kabar-bench-dask-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = child_env(KABAR_DASK_WORKERS=str(args.workers))
    if args.torch_threads:
        env["KABAR_TORCH_THREADS"] = str(args.torch_threads)
    print(f"machine: {machine()}")
    print(f"workers {args.workers} (1 thread each), torch threads per process: "
          f"{env.get('KABAR_TORCH_THREADS', '1 (the default)')}, batch size {args.batch_size}")

    from kabar.articles.ingest import ingest_directory
    base = workdir / "ingested.duckdb"
    base.unlink(missing_ok=True)
    report = ingest_directory(corpus(args.n, args.seed, workdir, args.input), base)
    print(f"ingest: {report.new_articles} articles")
    run_measured([sys.executable, "-c", WARM_UP], env=env, cwd=REPO)

    results = {}
    for mode in ("serial", "dask"):
        db = workdir / f"{mode}.duckdb"
        shutil.copyfile(base, db)
        print(f"\n{mode}: extracting ...", flush=True)
        run = run_measured([sys.executable, "-c", DRIVER, str(db), str(args.batch_size), mode], env=env, cwd=REPO,
                           log=workdir / mode)
        rep = flow_report(run.stdout)
        if run.returncode != 0 or not rep:
            print(f"  exit {run.returncode}; stderr tail:\n    " + "\n    ".join(run.stderr.strip().splitlines()[-15:]))
        results[mode] = (run, rep, claims(db) if run.returncode == 0 else [])
        print(f"  wall {run.seconds:.1f} s, flow {rep.get('seconds', float('nan')):.1f} s, "
              f"{rep.get('articles_processed')} articles, {rep.get('claims')} claims, "
              f"peak RSS {gib(run.peak_tree_bytes)} over {run.peak_procs} processes")

    rows = []
    for mode, (run, rep, _) in results.items():
        n = rep.get("articles_processed") or 0
        secs = rep.get("seconds") or float("nan")
        rows.append([mode, str(n), f"{run.seconds:.1f}", f"{secs:.1f}", f"{n / secs:.2f}" if n else "-",
                     gib(run.peak_tree_bytes), str(rep.get("claims", "-"))])
    print()
    print(table(rows, ["mode", "articles", "process wall s", "flow s", "articles/s (flow)", "peak RSS (tree)",
                       "claims"]))
    (s_run, s_rep, s_claims), (d_run, d_rep, d_claims) = results["serial"], results["dask"]
    if s_rep.get("seconds") and d_rep.get("seconds"):
        print(f"\nDask/serial speed-up: {s_rep['seconds'] / d_rep['seconds']:.2f}x on the flow's seconds, "
              f"{s_run.seconds / d_run.seconds:.2f}x on process wall time")
    same = s_claims == d_claims and bool(s_claims)
    print(f"same claims: {'yes' if same else 'NO'} ({len(s_claims)} serial, {len(d_claims)} dask)")
    if not same and s_claims and d_claims:
        only_s, only_d = set(s_claims) - set(d_claims), set(d_claims) - set(s_claims)
        for label, rows_ in (("only serial", only_s), ("only dask", only_d)):
            for row in sorted(rows_, key=repr)[:20]:
                print(f"  {label}: {row}")
    print(f"\nlogs: {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
