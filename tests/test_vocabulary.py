"""One vocabulary: every code list is defined in src/kabar/vocab/codes.yaml; everything else follows from it
or is checked against it here (dbt seeds, dbt tests, docs.md, the GX code sets, dbt vars). Each test fails
on drift. (The README's ingest rejection kinds are checked against REASON_KINDS in tests/test_ingest.py.)"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from kabar import vocab
from kabar.seeds import UNKNOWN, drifted, expected_files, main as seeds_main, write_seeds

REPO = Path(__file__).resolve().parents[1]
DBT = REPO / "dbt_project"


def test_the_committed_seeds_are_generated_from_codes_yaml():
    assert drifted() == [], "run `python -m kabar.seeds` to regenerate the dbt seeds from codes.yaml"
    committed = {p.name for p in (DBT / "seeds").glob("*.csv")}
    assert committed == set(expected_files()), "a seed file that codes.yaml does not generate"


def test_the_seed_check_catches_an_edited_seed(tmp_path, capsys):
    write_seeds(tmp_path)
    assert seeds_main(["--check", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "date_bases.csv"
    path.write_text(path.read_text().replace("rolling,", "rollling,"))
    assert drifted(tmp_path) == ["date_bases.csv"]
    assert seeds_main(["--check", "--dir", str(tmp_path)]) == 1
    assert "date_bases.csv: differs" in capsys.readouterr().out


def test_every_date_basis_the_rules_emit_is_a_seed_row():
    """issue 11, item 1: the rules emit 'rolling' ("dalam 24 jam terakhir"); dbt must accept it."""
    rows = (DBT / "seeds" / "date_bases.csv").read_text().splitlines()[1:]
    assert {r.split(",")[0] for r in rows} == set(vocab.DATE_BASES) >= {"rolling", "matched"}


# columns holding codes: their dbt tests must be relationships to a seed, never a list of their own
CODE_COLUMNS = {"measure", "measure_key", "qualifier", "weapon", "weapon_key", "attacker", "actor_key",
                "date_basis", "category", "place_precision", "precision"}


def _dbt_yaml_columns():
    for path in sorted(DBT.rglob("*.yml")):
        if "target" in path.parts or path.name in ("dbt_project.yml", "profiles.yml"):
            continue
        data = yaml.safe_load(path.read_text()) or {}
        for kind in ("models", "seeds"):
            for node in data.get(kind) or []:
                for column in node.get("columns") or []:
                    yield path, node["name"], column


def test_code_columns_are_tested_against_the_seeds_not_lists_of_their_own():
    offenders = []
    for path, node, column in _dbt_yaml_columns():
        tests = column.get("data_tests") or []
        if column["name"] in CODE_COLUMNS and any(isinstance(t, dict) and "accepted_values" in t for t in tests):
            offenders.append(f"{path.relative_to(REPO)}: {node}.{column['name']}")
    assert offenders == [], "use a relationships test to the seed (python -m kabar.seeds) instead"


def test_dbt_vars_repeat_the_code_lists():
    """dbt needs the measures at compile time (Jinja loops), so they are repeated in dbt_project.yml."""
    variables = yaml.safe_load((DBT / "dbt_project.yml").read_text())["vars"]
    assert tuple(variables["casualty_measures"]) == vocab.CASUALTY_MEASURES
    assert tuple(variables["munition_measures"]) == vocab.MUNITION_MEASURES
    thresholds = tomllib.loads((REPO / "expectations" / "thresholds.toml").read_text())
    assert variables["invasion_date"] == thresholds["invasion_start"].isoformat()


def _docs_block(name: str) -> str:
    text = (DBT / "docs.md").read_text()
    match = re.search(r"{%\s*docs\s+" + name + r"\s*%}(.*?){%\s*enddocs\s*%}", text, re.S)
    assert match, f"docs.md has no docs block {name}"
    return match.group(1)


@pytest.mark.parametrize("block, codes", [
    ("measures", vocab.MEASURES),
    ("category", vocab.CATEGORIES),
    ("qualifiers", vocab.QUALIFIERS),
    ("date_basis", vocab.DATE_BASES),
    ("actors", vocab.ATTACKERS + (UNKNOWN,)),
    ("weapons", vocab.WEAPONS + (UNKNOWN,)),
    ("place_precision", vocab.PLACE_PRECISIONS + (UNKNOWN,)),
])
def test_docs_md_lists_exactly_the_codes(block, codes):
    named = set(re.findall(r"`([A-Za-z_]+)`", _docs_block(block)))
    assert named == set(codes)


def test_the_gx_code_sets_come_from_the_vocabulary():
    from kabar.quality import CODES

    assert CODES["measures"] == vocab.MEASURES and CODES["date_bases"] == vocab.DATE_BASES
    assert CODES["qualifiers"] == vocab.QUALIFIERS and CODES["categories"] == vocab.CATEGORIES
    assert CODES["weapons"] == vocab.WEAPONS + (UNKNOWN,) and CODES["actors"] == vocab.ATTACKERS + (UNKNOWN,)
    assert CODES["precisions"] == vocab.PLACE_PRECISIONS + (UNKNOWN,)
    assert set(CODES["upper_bounded_qualifiers"]) == {q["key"] for q in vocab.codes("qualifiers")
                                                      if q["reading"] in ("point", "upper_bound")}


def test_warehouse_modules_do_not_import_the_gx_gate():
    """Layering (issue 15): the audit tables and the publish fingerprint live in kabar.warehouse, which
    must not depend on kabar.quality (Great Expectations)."""
    offenders = []
    for path in sorted((REPO / "src" / "kabar" / "warehouse").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(("kabar.quality", "great_expectations"))]
    assert offenders == []
