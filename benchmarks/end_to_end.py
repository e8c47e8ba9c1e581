"""End-to-end wall time and peak memory of `kabar run` (ingest -> extract -> build -> validate -> publish).

    python benchmarks/end_to_end.py                      # 100 and 1,000 articles, each + a re-run
    python benchmarks/end_to_end.py --sizes 100          # quicker
    python benchmarks/end_to_end.py --input DIR          # your own folder instead of the corpus maker
    python benchmarks/end_to_end.py --dask               # pass --dask to kabar run
    python benchmarks/end_to_end.py --prefect-server     # against a real `prefect server start`
    python benchmarks/end_to_end.py --mode both          # ephemeral and server mode, side by side

For every size: a fresh corpus (benchmarks/make_corpus.py, --seed), a fresh work DB and warehouse
in a temporary folder, one `kabar run` as a child process (wall time; peak resident memory of its
whole process tree sampled with psutil every 0.2 s; and ru_maxrss, the largest single process,
read with getrusage(RUSAGE_CHILDREN)), then a second `kabar run` on the same folder, which finds
no new articles: its wall time as a % of the full run (its read-only up-to-date check finds nothing
new and starts no flow run, kabar.uptodate); then a third with --always-run, where the pipeline flow
runs anyway and skips what is current itself (the "flow re-run", as a scheduled deployment pays it). Per-stage seconds come from the run
summary `kabar run` prints (its `timings:` line). Prints figures and the targets with ✓/✗;
asserts nothing. Logs of every run are kept in the work folder (printed at the end).

Modes: `ephemeral` (default) runs `kabar run` as a user does without PREFECT_API_URL: each run
starts a temporary Prefect API server of its own. `server` (--prefect-server) first starts a real
`prefect server start` (127.0.0.1, a free port, a temporary PREFECT_HOME and SQLite database, its
own process group, killed at the end) and points every `kabar run` at it with PREFECT_API_URL, as
the hourly deployment's runs talk to a long-running server; the server's start-up is not part of
any run's time. `both` runs every size in both modes, each with its own work DB and warehouse.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (REPO, PrefectServer, child_env, corpus, gib, machine, run_measured, stanza_dir, table,  # noqa: E402
                     target_line)

TARGET_FULL_1000_S = 300.0
TARGET_RERUN_PCT = 5.0
TARGET_PEAK_GIB = 3.0


def kabar_argv(input_dir: Path, work_db: Path, warehouse: Path, extra: list[str]) -> list[str]:
    exe = shutil.which("kabar") or str(Path(sys.executable).with_name("kabar"))
    return [exe, "run", "--input", str(input_dir), "--work-db", str(work_db), "--warehouse", str(warehouse),
            *extra]


def stage_seconds(output: str) -> dict[str, float]:
    """Seconds per stage from the run summary's line `timings: ingest 1.2s (ok), extract ...`."""
    for line in reversed(output.splitlines()):
        if line.strip().startswith("timings:"):
            return {m.group(1): float(m.group(2))
                    for m in re.finditer(r"(\w+) ([\d.]+)s \(", line.split(":", 1)[1])}
    return {}


def fact_rows(warehouse: Path) -> str:
    try:
        import duckdb
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            n_claims = con.execute("select count(*) from marts.fct_claims").fetchone()[0]
            n_articles = con.execute("select count(*) from marts.dim_article").fetchone()[0]
        finally:
            con.close()
        return f"{n_articles} articles, {n_claims} claims published"
    except Exception as exc:
        return f"warehouse not readable ({type(exc).__name__})"


def one_size(n: int | None, args, workdir: Path, mode: str = "ephemeral", server: PrefectServer | None = None) -> dict:
    label = f"{n}" if n else args.input.name
    input_dir = corpus(n or 0, args.seed, workdir, args.input)
    run_dir = workdir / f"run_{label}_{mode}"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    work_db, warehouse = run_dir / "work.duckdb", run_dir / "warehouse.duckdb"
    argv = kabar_argv(input_dir, work_db, warehouse, ["--dask"] if args.dask else [])
    env = child_env(**({"KABAR_TORCH_THREADS": str(args.torch_threads)} if args.torch_threads else {}))
    if server is not None:  # the server's PREFECT_HOME and API URL instead of any PREFECT_* of ours
        env = {k: v for k, v in env.items() if not k.startswith("PREFECT_")} | server.env
    result = {"articles": label, "mode": mode}
    # rerun: `kabar run` again, nothing new (its up-to-date check starts no flow run);
    # flow_rerun: the same with --always-run, so the pipeline flow runs and skips what is current itself
    for phase, extra in (("full", []), ("rerun", []), ("flow_rerun", ["--always-run"])):
        print(f"\n[{label}, {mode}] {phase}: {' '.join(argv[1:] + extra)}", flush=True)
        run = run_measured(argv + extra, env=env, log=run_dir / phase)
        tail = (run.stdout.strip().splitlines() or [""])[-8:]
        print("  " + "\n  ".join(tail))
        if run.returncode != 0:
            print(f"  exit {run.returncode}; stderr tail:\n    "
                  + "\n    ".join(run.stderr.strip().splitlines()[-15:]))
        stages = stage_seconds(run.stdout + "\n" + run.stderr)
        print(f"  wall {run.seconds:.1f} s, peak RSS tree {gib(run.peak_tree_bytes)} "
              f"({run.peak_procs} processes), largest process {gib(run.max_child_rss_bytes)}, exit {run.returncode}")
        if stages:
            print("  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()))
        result[phase] = {"seconds": run.seconds, "peak_tree": run.peak_tree_bytes,
                         "max_proc": run.max_child_rss_bytes, "exit": run.returncode, "stages": stages}
        if phase == "full":
            print(f"  {fact_rows(warehouse)}")
        if args.no_rerun or run.returncode not in (0, 1):   # 1: ran through, not published (gate failed)
            break
    result["logs"] = str(run_dir)
    return result


def rerun_row(r: dict) -> list[str]:
    rerun = r["flow_rerun"]
    in_stages = sum(rerun["stages"].values())
    stages = ", ".join(f"{k} {v:.1f}" for k, v in rerun["stages"].items() if v) or "-"
    return [r["articles"], r["mode"], f"{rerun['seconds']:.1f}", f"{in_stages:.1f}",
            f"{rerun['seconds'] - in_stages:.1f}", stages]


def side_by_side(results: list[dict]) -> list[list[str]]:
    """One row per size: full run, re-run and their ratio as 'ephemeral / server'."""
    by_size: dict[str, dict[str, dict]] = {}
    for r in results:
        by_size.setdefault(r["articles"], {})[r["mode"]] = r
    figures = {
        "full": lambda r: f"{r['full']['seconds']:.1f}",
        "rerun": lambda r: f"{r['rerun']['seconds']:.1f}",
        "pct": lambda r: f"{100 * r['rerun']['seconds'] / r['full']['seconds']:.1f} %",
        "flow": lambda r: f"{r['flow_rerun']['seconds']:.1f}" if r.get("flow_rerun") else "-",
    }
    rows = []
    for label, runs in by_size.items():
        cells = [" / ".join(fmt(runs[m]) if m in runs and (key == "full" or runs[m].get("rerun")) else "-"
                            for m in ("ephemeral", "server")) for key, fmt in figures.items()]
        rows.append([label, *cells])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="corpus sizes (default 100 1000)")
    ap.add_argument("--input", type=Path, help="use this folder instead of generated corpora (one run)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, help="keep corpora, DBs and logs here (default: a temp folder)")
    ap.add_argument("--stanza-dir", type=Path)
    ap.add_argument("--dask", action="store_true", help="run the pipeline with --dask")
    ap.add_argument("--no-rerun", action="store_true", help="skip the no-new-articles re-run")
    ap.add_argument("--torch-threads", type=int, help="KABAR_TORCH_THREADS for the pipeline (default: its own)")
    ap.add_argument("--mode", choices=("ephemeral", "server", "both"), default="ephemeral",
                    help="ephemeral: each run starts its own temporary Prefect API (default); server: every run "
                         "talks to one `prefect server start` started here; both: each size in both modes")
    ap.add_argument("--prefect-server", dest="mode", action="store_const", const="server",
                    help="the same as --mode server")
    args = ap.parse_args(argv)
    modes = ["ephemeral", "server"] if args.mode == "both" else [args.mode]

    stanza_dir(args.stanza_dir)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kabar-bench-e2e-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print(f"repo: {REPO}, workdir: {workdir}, KABAR_STANZA_DIR={os.environ['KABAR_STANZA_DIR']}, "
          f"pipeline torch threads: {args.torch_threads or os.environ.get('KABAR_TORCH_THREADS') or 'default (1)'}")

    results = []
    for mode in modes:  # the server runs only while its own runs are measured
        with PrefectServer(workdir / "prefect-home") if mode == "server" else contextlib.nullcontext() as server:
            if server is not None:
                print(f"\nprefect server: {server.api_url} (up in {server.start_seconds:.1f} s; not part of any run's "
                      f"time), PREFECT_HOME {server.home}", flush=True)
            for n in ([None] if args.input else args.sizes):
                results.append(one_size(n, args, workdir, mode, server))

    rows = []
    for r in results:
        full, rerun = r["full"], r.get("rerun")
        stages = ", ".join(f"{k} {v:.0f}" for k, v in full["stages"].items()) or "-"
        flow = r.get("flow_rerun")
        rows.append([r["articles"], r["mode"], f"{full['seconds']:.1f}", f"{full['seconds'] / 60:.2f}",
                     f"{rerun['seconds']:.1f}" if rerun else "-",
                     f"{100 * rerun['seconds'] / full['seconds']:.1f} %" if rerun else "-",
                     f"{flow['seconds']:.1f} ({100 * flow['seconds'] / full['seconds']:.1f} %)" if flow else "-",
                     gib(max(full["peak_tree"], rerun["peak_tree"] if rerun else 0)),
                     gib(full["max_proc"]), stages,
                     "ok" if all(r[k]["exit"] == 0 for k in ("full", "rerun", "flow_rerun") if r.get(k)) else "FAILED"])
    print("\n" + table(rows, ["articles", "mode", "full s", "full min", "re-run s", "re-run/full",
                              "flow re-run s (/full)", "peak RSS (tree)",
                              "largest proc", "stages full (s)", "exit"]))
    print("\nflow re-run (--always-run: the pipeline flow runs although nothing is new), where the time goes "
          "(stages: the run summary's timings; the rest: process and Prefect start-up, flow-run bookkeeping, shutdown):")
    print(table([rerun_row(r) for r in results if r.get("flow_rerun")],
                ["articles", "mode", "re-run s", "stages s", "rest s", "stages"]))
    if len(modes) > 1:
        print("\nside by side:")
        print(table(side_by_side(results), ["articles", "full s (ephemeral / server)", "re-run s (ephemeral / server)",
                                            "re-run/full (ephemeral / server)", "flow re-run s (ephemeral / server)"]))

    print("\ntargets:")
    for r in results:
        full, rerun = r["full"], r.get("rerun")
        if r["articles"] == "1000":
            print(target_line(f"1,000 articles end to end ({r['mode']})", f"{full['seconds']:.0f} s",
                              full["seconds"] <= TARGET_FULL_1000_S, "<= 300 s"))
        if rerun:
            pct = 100 * rerun["seconds"] / full["seconds"]
            print(target_line(f"re-run, nothing new ({r['articles']} articles, {r['mode']})", f"{pct:.1f} %",
                              pct <= TARGET_RERUN_PCT, "<= 5 % of the full run"))
        peak = max(full["peak_tree"], rerun["peak_tree"] if rerun else 0)
        print(target_line(f"peak memory ({r['articles']} articles, {r['mode']})", gib(peak),
                          peak <= TARGET_PEAK_GIB * 1024 ** 3, "<= 3 GiB"))
        if full["exit"] != 0:   # the figures above stand, but the run did not publish
            print(f"  ✗ the {r['articles']}-article run did not publish (exit {full['exit']}; 1 = a stage or the "
                  f"quality gate failed): see {r['logs']}")
    print(f"\nlogs: {workdir}")
    if not args.workdir:
        print("(temporary folder: delete it when done)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
