"""Extraction serial against Dask (2 local workers, or an operator's cluster of 1, 2 ... workers) on the same articles.

    python benchmarks/dask_vs_serial.py                    # 100 articles from make_corpus.py
    python benchmarks/dask_vs_serial.py --n 200 --workers 2
    python benchmarks/dask_vs_serial.py --torch-threads 1  # KABAR_TORCH_THREADS for both runs
    python benchmarks/dask_vs_serial.py --external 1 2 --no-local   # `dask scheduler` + 1, then 2 `dask worker`s

The corpus is ingested once into a work DB, which is copied twice. Each copy is then extracted by
the project's extract flow (flows/extract.py, `extract_flow`) in its own child process:
serial (`dask=False`: extract_pending, batch after batch) and Dask (`dask=True`: a temporary
LocalCluster of --workers processes, one thread each, each loading Stanza once; the flow stores
every batch as the single writer). Both go through Prefect, so both pay the same orchestration
cost; a throw-away flow run first warms Prefect's ephemeral API database (excluded).

An operator's cluster (`--external N ...`): `dask scheduler` and N `dask worker` processes (one
thread each, one torch thread each) started on loopback as the README's recipe does, and the flow
run with `dask_address`. The cluster outlives runs, so each worker loads Stanza once for all of
them: each cluster extracts twice, on two copies, and both the first ("cold": model loads
included) and the second ("warm": what every later run of a standing cluster pays) are printed.
The speed-up per added worker is warm serial-equivalent time over the warm run's.

Prints, per mode: wall seconds of the child process (start-up, model/cluster start and
extraction), the seconds the flow itself reports, articles/s, peak resident memory of the
process tree (local Dask workers included; an operator's workers are processes of their own, not
counted), and whether every mode produced the same claims. Asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, child_env, corpus, gib, machine, run_measured, stanza_dir, table  # noqa: E402

DRIVER = """
import json, sys
from flows.extract import extract_flow
mode = sys.argv[3]
address = mode.split("=", 1)[1] if mode.startswith("external=") else None
report = extract_flow(work_db=sys.argv[1], batch_size=int(sys.argv[2]), dask=mode == "dask", dask_address=address)
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


@contextlib.contextmanager
def operators_cluster(workers: int, env: dict, folder: Path):
    """`dask scheduler` and `workers` x `dask worker` on 127.0.0.1 (one thread each); yields the address."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    dask = str(Path(sys.executable).with_name("dask"))
    scheduler_file = folder / "scheduler.json"
    scheduler_file.unlink(missing_ok=True)
    env = {**env, "KABAR_TORCH_THREADS": env.get("KABAR_TORCH_THREADS", "1")}
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(scheduler_file)]]
    commands += [[dask, "worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1", "--nthreads", "1",
                  "--no-dashboard"] for _ in range(workers)]
    processes = []
    try:
        for n, command in enumerate(commands):
            with open(folder / f"{command[1]}-{n}.log", "w") as out:
                processes.append(subprocess.Popen(command, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                                                  start_new_session=True))
            while not scheduler_file.exists():
                time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait()


def extract_once(label: str, mode: str, base: Path, workdir: Path, args, env: dict) -> tuple:
    db = workdir / f"{label.replace(' ', '-')}.duckdb"
    shutil.copyfile(base, db)
    print(f"\n{label}: extracting ...", flush=True)
    run = run_measured([sys.executable, "-c", DRIVER, str(db), str(args.batch_size), mode], env=env, cwd=REPO,
                       log=workdir / label.replace(" ", "-"))
    rep = flow_report(run.stdout)
    if run.returncode != 0 or not rep:
        print(f"  exit {run.returncode}; stderr tail:\n    " + "\n    ".join(run.stderr.strip().splitlines()[-15:]))
    print(f"  wall {run.seconds:.1f} s, flow {rep.get('seconds', float('nan')):.1f} s, "
          f"{rep.get('articles_processed')} articles, {rep.get('claims')} claims, "
          f"peak RSS {gib(run.peak_tree_bytes)} over {run.peak_procs} processes")
    return run, rep, claims(db) if run.returncode == 0 else []


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
    ap.add_argument("--external", type=int, nargs="*", default=[], metavar="N",
                    help="also an operator's cluster of N `dask worker` processes, for each N given")
    ap.add_argument("--no-local", action="store_true", help="skip the temporary LocalCluster run")
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

    results = {"serial": extract_once("serial", "serial", base, workdir, args, env)}
    if not args.no_local:
        results[f"dask local {args.workers}"] = extract_once(f"dask local {args.workers}", "dask", base, workdir,
                                                             args, env)
    for n in args.external:
        with operators_cluster(n, env, workdir / f"cluster-{n}") as address:
            for run in ("cold", "warm"):
                label = f"external {n} {run}"
                results[label] = extract_once(label, f"external={address}", base, workdir, args, env)

    rows = []
    for mode, (run, rep, _) in results.items():
        n = rep.get("articles_processed") or 0
        secs = rep.get("seconds") or float("nan")
        rows.append([mode, str(n), f"{run.seconds:.1f}", f"{secs:.1f}", f"{n / secs:.2f}" if n else "-",
                     gib(run.peak_tree_bytes), str(rep.get("claims", "-"))])
    print()
    print(table(rows, ["mode", "articles", "process wall s", "flow s", "articles/s (flow)", "peak RSS (tree)",
                       "claims"]))
    serial_run, serial_rep, serial_claims = results["serial"]
    print()
    for mode, (run, rep, _) in results.items():
        if mode != "serial" and serial_rep.get("seconds") and rep.get("seconds"):
            print(f"{mode} vs serial: {serial_rep['seconds'] / rep['seconds']:.2f}x on the flow's seconds, "
                  f"{serial_run.seconds / run.seconds:.2f}x on process wall time")
    for mode, (_, _, mode_claims) in results.items():
        same = mode_claims == serial_claims and bool(serial_claims)
        print(f"same claims as serial, {mode}: {'yes' if same else 'NO'} ({len(mode_claims)})")
        if not same and serial_claims and mode_claims:
            for label, rows_ in (("only serial", set(serial_claims) - set(mode_claims)),
                                 (f"only {mode}", set(mode_claims) - set(serial_claims))):
                for row in sorted(rows_, key=repr)[:20]:
                    print(f"  {label}: {row}")
    print(f"\nlogs: {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
