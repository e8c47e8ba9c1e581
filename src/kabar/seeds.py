"""The dbt seeds (dbt_project/seeds/*.csv), generated from the code lists in src/kabar/vocab/codes.yaml.

    python -m kabar.seeds            # rewrite the seed files
    python -m kabar.seeds --check    # exit 1 when a committed seed differs from codes.yaml

The seeds are committed so that dbt runs on its own (`dbt build`) and the docs site shows them;
tests/test_vocabulary.py fails when one drifts from codes.yaml. The marts' `unknown` member
(an actor, weapon or place precision the article does not state) is added here, not in codes.yaml,
because a claim never carries it.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from kabar import vocab

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
UNKNOWN = "unknown"


def seed_tables() -> dict[str, tuple[list[str], list[list]]]:
    """seed name -> (header, rows), in the order of codes.yaml."""
    measures = vocab.codes("measures")
    return {
        "measures": (["measure_key", "category", "sort_order", "description"],
                     [[m["key"], m["category"], i, m["description"]] for i, m in enumerate(measures, 1)]),
        "categories": (["category", "description"], [[c["key"], c["description"]] for c in vocab.codes("categories")]),
        "qualifiers": (["qualifier", "reading", "lower_offset", "description"],
                       [[q["key"], q["reading"], q["lower_offset"], q["description"]] for q in vocab.codes("qualifiers")]),
        "weapons": (["weapon_key", "name"],
                    [[w["key"], w["description"]] for w in vocab.codes("weapons")]
                    + [[UNKNOWN, "Not stated or not applicable"]]),
        "actors": (["actor_key", "name"],
                   [[a["key"], a["name"]] for a in vocab.codes("actors")] + [[UNKNOWN, "Not stated"]]),
        "date_bases": (["date_basis", "description"], [[d["key"], d["description"]] for d in vocab.codes("date_bases")]),
        "time_precisions": (["time_precision", "description"],
                            [[t["key"], t["description"]] for t in vocab.codes("time_precisions")]),
        "geo_precisions": (["geo_precision", "description"],
                           [[g["key"], g["description"]] for g in vocab.codes("geo_precisions")]),
        "reference_weapon_models": (["pattern", "weapon_key"],
                                    [[w["reference_pattern"], w["key"]] for w in vocab.codes("weapons")]),
        "countries": (["country", "iso3", "name", "latitude", "longitude"],
                      [[c["key"], c["iso3"], c["name"], c["latitude"], c["longitude"]]
                       for c in vocab.codes("countries")]),
        "place_precisions": (["place_precision", "geo_precision", "description"],
                             [[p["key"], p["geo_precision"], p["description"]] for p in vocab.codes("place_precisions")]
                             + [[UNKNOWN, None, "No place stated"]]),
    }


def render(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue()


def expected_files() -> dict[str, str]:
    """file name -> the text it must have."""
    return {f"{name}.csv": render(*table) for name, table in seed_tables().items()}


def write_seeds(directory: Path = SEEDS_DIR) -> list[str]:
    """Write every seed file that differs; returns the names written."""
    written = []
    for name, text in expected_files().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    return written


def drifted(directory: Path = SEEDS_DIR) -> list[str]:
    """Seed files missing or not equal to what codes.yaml gives."""
    return [name for name, text in expected_files().items()
            if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kabar.seeds", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report seeds that differ from codes.yaml")
    parser.add_argument("--dir", type=Path, default=SEEDS_DIR, help="the dbt seeds folder")
    args = parser.parse_args(argv)
    if args.check:
        stale = drifted(args.dir)
        for name in stale:
            print(f"{args.dir / name}: differs from src/kabar/vocab/codes.yaml (run python -m kabar.seeds)")
        return 1 if stale else 0
    written = write_seeds(args.dir)
    print(f"wrote {', '.join(written)}" if written else "seeds already match codes.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
