"""The install: what the README's commands install is what the pipeline needs, and a package missing
from it fails the run loudly instead of turning inputs into "bad files".

A missing package is made real in a child interpreter: `sys.modules[name] = None` makes every import
of it fail exactly as an absent package does (lxml then raises its own ImportError telling to
install lxml_html_clean, as on a fresh install whose pip did not resolve lxml[html_clean]).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from test_ingest import TITLE, article_text, html_page, rows, write

BIN = Path(sys.executable).parent
WITHOUT = "import sys; sys.modules[{name!r}] = None; from kabar.cli import main; sys.exit(main(sys.argv[1:]))"


def kabar_without(package: str, *args: str, env: dict | None = None, timeout: int = 600):
    """`kabar ARGS` in a child interpreter in which `package` cannot be imported."""
    return subprocess.run([sys.executable, "-c", WITHOUT.format(name=package), *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def drop_folder(root: Path) -> Path:
    paras = article_text(30).split("\n\n")
    write(root / "a-halaman.html", html_page(TITLE, paras))
    write(root / "b-teks.txt", f"{TITLE}\n\n{article_text(31)}")
    return root


def test_the_html_cleaning_package_is_declared_and_installed():
    requirements = importlib.metadata.requires("kabar") or []
    assert any(r.replace("-", "_").startswith("lxml_html_clean") for r in requirements)
    importlib.import_module("lxml_html_clean")
    importlib.import_module("lxml.html.clean")  # what justext (under trafilatura) imports


def test_a_missing_package_fails_ingest_and_records_no_bad_file(tmp_path):
    folder, db = drop_folder(tmp_path / "in"), tmp_path / "work.duckdb"
    done = kabar_without("lxml_html_clean", "ingest", str(folder), "--work-db", str(db))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "lxml_html_clean" in done.stderr and "a-halaman.html" in done.stderr
    assert "is not installed" in done.stderr
    assert rows(db, "select count(*) from raw.rejected_inputs") == [(0,)]
    assert rows(db, "select count(*) from raw.ingested_files") == [(0,)]  # read again once installed
    # with the package there, the same folder reads completely
    assert subprocess.run([str(BIN / "kabar"), "ingest", str(folder), "--work-db", str(db)],
                          capture_output=True, text=True, timeout=300).returncode == 0
    assert rows(db, "select count(*), count(distinct format) from raw.article_sources") == [(2, 2)]
    assert rows(db, "select count(*) from raw.rejected_inputs") == [(0,)]


@pytest.mark.slow
def test_kabar_run_exits_non_zero_when_its_inputs_are_lost_to_a_missing_package(tmp_path):
    folder = drop_folder(tmp_path / "in")
    warehouse = tmp_path / "warehouse.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(tmp_path / "prefect")}
    done = kabar_without("lxml_html_clean", "run", "--input", str(folder), "--work-db", str(tmp_path / "work.duckdb"),
                         "--warehouse", str(warehouse), env=env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "lxml_html_clean" in output and "stage ingest failed" in output
    assert "published: yes" not in output and not warehouse.exists()


def test_the_duckdb_cli_is_the_librarys_version_and_opens_a_work_db(tmp_path, seeds_dir):
    """The CLI the README names opens the work database the library writes (no "version number N")."""
    library, cli = importlib.metadata.version("duckdb"), importlib.metadata.version("duckdb-cli")
    assert cli == library == duckdb.__version__
    from kabar.articles.ingest import ingest_directory

    db = tmp_path / "work.duckdb"
    articles = ingest_directory(seeds_dir, db).new_articles
    done = subprocess.run([str(BIN / "duckdb"), "-readonly", "-json", str(db), "-c",
                           "select count(*) as n from raw.articles"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"n": articles}]
    version = subprocess.run([str(BIN / "duckdb"), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.split()[0].lstrip("v") == library


@pytest.mark.slow
def test_a_built_wheel_holds_every_module_and_data_file_of_the_package(tmp_path):
    """A non-editable install (a wheel for a worker image) gets every file git tracks under src/kabar:
    pyproject.toml lists the packages by hand, and a folder left off it is silently missing from a
    wheel while the editable install of the README still works."""
    import shutil
    import zipfile

    repo = Path(__file__).resolve().parents[1]
    source = tmp_path / "source"        # built from a copy: setuptools writes build/ into the tree it builds
    for folder in ("src", "flows"):
        shutil.copytree(repo / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(repo / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("kabar-*.whl")
    in_wheel = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("kabar/")}
    tracked = subprocess.run(["git", "-C", str(repo), "ls-files", "src/kabar"], check=True,
                             capture_output=True, text=True).stdout.split()
    wanted = {p.removeprefix("src/") for p in tracked if not p.endswith("README.md")}
    assert wanted - in_wheel == set()
