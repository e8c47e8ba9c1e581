#!/usr/bin/env python
"""Score the event model against a fixture's expected events (tests/data/nights/events.yaml).

usage: python scripts/eval_events.py [--events tests/data/nights/events.yaml] [--warehouse W.duckdb | --input DIR]

With --input the folder is run through the whole pipeline (`kabar run`) into a temporary work
database and warehouse first. Prints, per expected attack, the row(s) the warehouse has for it and
their launched / intercepted / lost figures beside the expected ones, then the totals an analyst
feels: attack rows produced vs expected, attacks found as exactly one row on the right date, and
the share of claims carrying a night's headline figure that are dated to that night.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import yaml

REPO = Path(__file__).resolve().parents[1]
MEASURES = ("launched", "intercepted", "lost")


def run_pipeline(input_dir: Path, root: Path) -> Path:
    warehouse = root / "warehouse.duckdb"
    cmd = [sys.executable, "-m", "kabar.cli", "run", "--input", str(input_dir), "--work-db", str(root / "work.duckdb"),
           "--warehouse", str(warehouse)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if not warehouse.is_file():
        sys.exit(f"kabar run published nothing:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return warehouse


def expected_attacks(events: dict) -> list[dict]:
    return [a for night in events["nights"] for a in night["attacks"]]


def score(events: dict, warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("select * from marts.fct_attacks").fetchall()
    cols = [d[0] for d in con.description]
    attacks = [dict(zip(cols, r)) for r in rows]
    out = {"expected_rows": events["totals"]["attack_rows"], "rows": len(attacks), "one_row": 0, "attacks": 0}
    for exp in expected_attacks(events):
        out["attacks"] += 1
        night = date.fromisoformat(exp["event_date"])
        same = [a for a in attacks if a["actor_key"] == exp["attacker"] and a["weapon_key"] == exp["weapon"]
                and a["date_key"] == night]
        out["one_row"] += len(same) == 1
        got = same[0] if len(same) == 1 else {}
        print(f"{exp['key']:32s} rows {len(same)}  " + "  ".join(
            f"{m} {_fig(exp['measures'].get(m))} got {_got(got, m)}" for m in MEASURES if m in exp["measures"]))
    out["headline_dated"] = _headline_dating(events, con)
    return out


def _headline_dating(events: dict, con) -> tuple[int, int]:
    """(claims carrying an expected attack's exact figure dated to its night, all such claims)."""
    right = total = 0
    for exp in expected_attacks(events):
        for measure, m in exp["measures"].items():
            values = {f["value"] for f in m["figures"] if not f.get("background")}
            if not values:
                continue
            found = con.execute(
                "select date_key from marts.fct_claims where measure_key = ? and value in ? and actor_key = ? "
                "and weapon_key = ? and article_ref in ?",
                [measure, list(values), exp["attacker"], exp["weapon"], exp["reports"]]).fetchall()
            total += len(found)
            right += sum(1 for (d,) in found if d is not None and d.isoformat() == exp["event_date"])
    return right, total


def _fig(m: dict | None) -> str:
    return f"{m['low']}/{m['best']}/{m['high']}" if m else "-"


def _got(a: dict, measure: str) -> str:
    return f"{a.get(measure + '_low')}/{a.get(measure + '_best')}/{a.get(measure + '_high')}" if a else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=Path, default=REPO / "tests" / "data" / "nights" / "events.yaml")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--warehouse", type=Path)
    group.add_argument("--input", type=Path)
    args = ap.parse_args()
    events = yaml.safe_load(args.events.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = args.warehouse or run_pipeline(args.input or args.events.parent / "articles", Path(tmp))
        s = score(events, warehouse)
    right, total = s["headline_dated"]
    print(f"attack rows: {s['rows']} (expected {s['expected_rows']}); expected attacks found as one row on "
          f"their night: {s['one_row']} of {s['attacks']}; claims with a headline figure dated to its night: "
          f"{right} of {total} ({right / max(total, 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
