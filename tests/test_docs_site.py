"""The dbt docs site: `kabar docs` generates it, and a real headless browser (Debian's chromium)
renders it from a local HTTP server with fct_claims and its lineage listed."""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kabar.cli import main
from test_dbt_fixtures import built_fixture_db

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).is_file()), None)


@pytest.fixture(scope="module")
def docs_target(tmp_path_factory):
    work_db, target, report, _ = built_fixture_db(tmp_path_factory)
    assert report.ok, report.summary()
    mp = pytest.MonkeyPatch()
    mp.setenv("KABAR_DBT_TARGET", str(target))
    try:
        assert main(["docs", "--work-db", str(work_db)]) == 0
    finally:
        mp.undo()
    return target


@pytest.fixture(scope="module")
def served(docs_target):
    handler = functools.partial(_QuietHandler, directory=str(docs_target))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


def rendered_dom(url: str, profile: Path) -> str:
    """The page's DOM after its scripts ran (chromium --dump-dom), scripts and styles removed."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom", url],
        capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return re.sub(r"<(script|style)\b.*?</\1>", " ", proc.stdout, flags=re.S | re.I)


def visible_text(dom: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom)))


def parents_listed(dom: str) -> tuple[list[str], list[str]]:
    """The "Depends On" panel of a rendered node page: its resource-type tabs and the nodes linked
    under the selected tab."""
    panel = re.search(r'<reference-list[^>]*references="parents".*?</reference-list>', dom, flags=re.S)
    assert panel, "no Depends On panel rendered"
    tabs = re.findall(r'ng-click="setType\(resource_type\)"[^>]*>\s*(\w+)', panel.group(0))
    return tabs, sorted(set(re.findall(r'(?<![-\w])href="#!/\w+/([\w.]+)"', panel.group(0))))


def test_kabar_docs_writes_both_sites(docs_target, capsys):
    assert (docs_target / "index.html").is_file() and (docs_target / "manifest.json").is_file()
    assert (docs_target / "catalog.json").is_file() and (docs_target / "static_index.html").is_file()


def test_every_model_seed_source_and_column_is_documented(docs_target):
    manifest = json.loads((docs_target / "manifest.json").read_text())
    catalog = json.loads((docs_target / "catalog.json").read_text())
    undocumented = []
    for section in ("nodes", "sources"):
        for uid, table in catalog[section].items():
            node = manifest[section][uid]
            if not node.get("description"):
                undocumented.append(uid)
            described = {name.lower() for name, col in node["columns"].items() if col.get("description")}
            undocumented += [f"{uid}.{col}" for col in table["columns"] if col.lower() not in described]
    assert catalog["nodes"] and undocumented == []
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "marts"]
    assert len(marts) == 12
    assert all(n["description"].startswith("Grain: one row per") for n in marts), "a mart does not state its grain"


def test_fct_claims_page_renders_with_its_lineage(served, tmp_path):
    dom = rendered_dom(f"{served}/index.html#!/model/model.kabar.fct_claims", tmp_path / "chrome")
    text = visible_text(dom)
    assert "fct_claims table" in text                             # the model page header
    assert "Grain: one row per claim" in text                     # its description from the YAML
    assert "relationships_fct_claims_strike_id" in text           # its tests are listed too
    assert parents_listed(dom) == (["Models"], ["model.kabar.int_claims__events", "model.kabar.int_places"])
    # the navigation tree, built from the manifest, lists the whole chain down to the staging views
    for node in ("staging", "intermediate", "marts", "stg_nlp__claims", "int_claims__scoped", "fct_attacks"):
        assert re.search(rf">\s*{node}\s*<", dom), node

    # further up the lineage: int_claims__scoped rests on staging views, the stories, two seeds and a macro
    dom = rendered_dom(f"{served}/index.html#!/model/model.kabar.int_claims__scoped", tmp_path / "chrome")
    tabs, selected = parents_listed(dom)
    assert tabs == ["Models", "Seeds", "Macros"]
    assert selected == ["model.kabar.int_articles__stories", "model.kabar.stg_nlp__claims",
                        "model.kabar.stg_raw__articles"]
    assert "ref('stg_nlp__claims')" in visible_text(dom).replace(" ", "")   # its code, as rendered


def test_static_site_opens_from_a_file_url(docs_target, tmp_path):
    dom = rendered_dom((docs_target / "static_index.html").as_uri() + "#!/model/model.kabar.fct_attacks",
                       tmp_path / "chrome")
    text = visible_text(dom)
    assert "fct_attacks table" in text and "Reconciliation rule" in text
    assert parents_listed(dom) == (["Models", "Macros"], ["model.kabar.int_claims__events",
                                                          "model.kabar.int_events__measures", "model.kabar.int_places"])


def test_the_overview_says_which_file_it_documents(docs_target, tmp_path):
    dom = rendered_dom((docs_target / "static_index.html").as_uri() + "#!/overview", tmp_path / "chrome")
    text = visible_text(dom)
    assert "Which file this site documents" in text and "work database" in text
    assert "meta.held_back_claims" in text and "published warehouse" in text
