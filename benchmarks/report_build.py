"""How long the report page (kabar.report) takes to build, on a warehouse from ~1,000 articles.

    python benchmarks/report_build.py [--n 1000] [--warehouse FILE] [--workdir DIR] [--seed 7] [--repeat 3]

Without --warehouse it writes a corpus of --n articles (make_corpus.py) and publishes it with
`kabar run` (the run's own time is printed: the report is meant to be a small part of it; that run
already builds a report after its publish). Then it times

- `kabar report` in a fresh process into an empty folder (cold: imports, and vl-convert bundling
  Vega / Vega-Lite / Vega-Embed once),
- `kabar report` again into the same folder (the bundle file is kept: what every later run pays),
- in this process, --repeat builds split into their steps (read the warehouse, country outlines,
  the Vega-Lite spec, the HTML), best and median of each.

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, child_env, corpus, machine, stanza_dir

KABAR = Path(sys.executable).with_name("kabar")


def publish(n: int, seed: int, workdir: Path) -> tuple[Path, float]:
    """A warehouse published from n synthetic articles, and the wall seconds `kabar run` took."""
    input_dir = corpus(n, seed, workdir)
    warehouse = workdir / f"warehouse_{n}.duckdb"
    argv = [str(KABAR), "run", "--input", str(input_dir), "--work-db", str(workdir / f"work_{n}.duckdb"),
            "--warehouse", str(warehouse)]
    started = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=child_env(), cwd=REPO)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"kabar run failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return warehouse, seconds


def command(warehouse: Path, out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([str(KABAR), "report", "--warehouse", str(warehouse), "--out", str(out)],
                          capture_output=True, text=True, env=child_env(), cwd=REPO)
    if proc.returncode != 0:
        sys.exit(f"kabar report failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - started, proc.stdout.strip()


def steps(warehouse: Path, out: Path, repeat: int) -> dict[str, list[float]]:
    """Seconds of each step of build_report, `repeat` times (the outlines' cache emptied every time)."""
    from kabar.report import basemap, build_report, charts, data, page, style

    build_report(warehouse, out)  # imports and the bundle file, not measured
    look, times = style(), {"read": [], "outlines": [], "spec": [], "html": [], "whole build": []}
    for _ in range(repeat):
        basemap.countries.cache_clear()
        t0 = time.perf_counter()
        rows = data.read(warehouse)
        t1 = time.perf_counter()
        area = basemap.area_around([(e["longitude"], e["latitude"]) for e in rows.located],
                                   look["map"]["always_shows"], look["map"]["padding_degrees"])
        outlines = basemap.countries(area, look["map"]["simplify_degrees"])
        t2 = time.perf_counter()
        spec = charts.spec(rows, outlines, look)
        t3 = time.perf_counter()
        page.render(rows, spec, look, warehouse.name)
        t4 = time.perf_counter()
        basemap.countries.cache_clear()
        build_report(warehouse, out)
        t5 = time.perf_counter()
        for key, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            times[key].append(seconds)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles in the generated corpus (default 1000)")
    ap.add_argument("--warehouse", type=Path, help="time this published warehouse instead of making one")
    ap.add_argument("--workdir", type=Path, help="keep the corpus, databases and pages here")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stanza-dir", type=Path)
    args = ap.parse_args(argv)
    stanza_dir(args.stanza_dir)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kabar-report-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    run_seconds = None
    warehouse = args.warehouse
    if warehouse is None:
        warehouse, run_seconds = publish(args.n, args.seed, workdir)
        print(f"kabar run on {args.n} articles: {run_seconds:.1f} s -> {warehouse}")
    cold, summary = command(warehouse, workdir / "page_cold")
    warm, _ = command(warehouse, workdir / "page_cold")
    print(summary)
    print(f"kabar report, fresh process, empty folder (bundles Vega): {cold:6.2f} s")
    print(f"kabar report, fresh process, bundle kept:                {warm:6.2f} s")
    for step, values in steps(warehouse, workdir / "page_steps", args.repeat).items():
        print(f"  in process, {step:<12} best {min(values):6.3f} s  median {statistics.median(values):6.3f} s")
    if run_seconds:
        print(f"share of the run: {warm / run_seconds:.1%} (bundle kept), {cold / run_seconds:.1%} (cold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
