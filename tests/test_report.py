"""The report page (kabar.report): built by the pipeline after its publish and by `kabar report`, from
the published warehouse alone, and loaded by a real headless Chromium with the network off.

One pipeline run over the seeds (Prefect test server, Stanza, dbt, GX) serves the whole module.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import duckdb
import pytest

from browser_support import REMOTE, chromium
from prefect_support import run_pipeline_on
from kabar.cli import main

pytest_plugins = ["prefect_support"]


@pytest.fixture(scope="module")
def published(prefect_harness, seeds_dir, stanza_dir, tmp_path_factory):
    """One full pipeline run over the seeds: its parameters and run summary."""
    return run_pipeline_on(seeds_dir, stanza_dir, tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def page(published, tmp_path_factory) -> Path:
    """`kabar report` into a folder of its own; the warehouse is left byte-identical."""
    params, _, _ = published
    out = tmp_path_factory.mktemp("page")
    before = hashlib.sha256(params["warehouse"].read_bytes()).hexdigest()
    assert main(["report", "--warehouse", str(params["warehouse"]), "--out", str(out)]) == 0
    assert hashlib.sha256(params["warehouse"].read_bytes()).hexdigest() == before
    return out / "index.html"


@pytest.fixture(scope="module")
def dom(page, tmp_path_factory) -> str:
    return chromium(page, tmp_path_factory.mktemp("profile"), "--dump-dom").stdout


def marks(dom: str, view: str) -> int:
    """The marks Vega drew (SVG renderer) for the named view: <path>s in its role-mark group."""
    group = re.search(rf'<g class="mark-\w+ role-mark {view}(?:_\d+)?_marks"[^>]*>(.*?)</g>', dom, flags=re.S)
    assert group, f"no marks of view {view!r} in the rendered page"
    return len(re.findall(r"<path\b", group.group(1)))


def one(warehouse: Path, sql: str):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


# --- the pipeline ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_published_run_writes_the_report_beside_the_warehouse_and_links_it(published):
    from prefect_support import latest_artifact

    params, summary, run_id = published
    page = params["warehouse"].resolve().parent / "report" / "index.html"
    assert summary["report_page"] == str(page) and page.is_file()
    assert f"report page: {page}" in summary["text"]
    link = latest_artifact("kabar-report", run_id)
    assert link is not None and page.as_uri() in link.data  # Prefect 3 keeps a link artifact as Markdown
    markdown = latest_artifact("kabar-run-summary", run_id)
    assert f"| report page | {page} |" in markdown.data


@pytest.mark.slow
def test_the_run_links_its_validation_summary(published):
    """The validate stage writes the summary site beside GX's Data Docs; the run summary and a link artifact
    name it, and its index lists this run's validation."""
    from prefect_support import latest_artifact

    params, summary, run_id = published
    validate = next(s["report"] for s in summary["stages"] if s["stage"] == "validate")
    site = Path(validate["summary_site"])
    assert site.is_file() and site.parent.parent == Path(validate["data_docs_path"]).parent.parent
    assert f">{validate['run_id']}</a>" in site.read_text(encoding="utf-8")
    link = latest_artifact("kabar-validations", run_id)
    assert link is not None and site.as_uri() in link.data
    assert f"| validation summary | {site} |" in latest_artifact("kabar-run-summary", run_id).data


def test_a_report_that_fails_is_a_warning_not_a_failed_publish(tmp_path, caplog):
    from kabar.report import build_after_publish
    from kabar.runsummary import OK, RunSummary

    broken = tmp_path / "warehouse.duckdb"
    broken.write_bytes(b"not a DuckDB file")
    page = build_after_publish(broken)
    assert "report_page" not in page and page["report_error"]
    assert any(r.levelname == "WARNING" and "report page" in r.getMessage() for r in caplog.records)
    summary = RunSummary(run_id="r", input_dir="in", work_db="w", warehouse=str(broken))
    summary.record("publish", OK, report={"published": True, "path": str(broken), **page})
    assert summary.outcome == "published" and summary.report_page is None
    assert "report page: not written: " in summary.text()


def test_kabar_report_without_a_warehouse_says_so(tmp_path, capsys):
    assert main(["report", "--warehouse", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "out")]) == 1
    assert "run `kabar run`" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- the page in a browser ---------------------------------------------------------------------


@pytest.mark.slow
def test_the_page_draws_every_located_event_and_every_attack_night(published, page, dom):
    params, _, _ = published
    warehouse = params["warehouse"]
    assert 'data-rendered="yes"' in dom, re.search(r'id="charts-error"[^>]*>([^<]*)', dom)
    located = one(warehouse, "select count(*) from marts.fct_strikes "
                             "where latitude is not null and longitude is not null")
    nights = one(warehouse, "select count(distinct date_key) from marts.fct_attacks where date_key is not null")
    assert located > 0 and nights > 0
    assert marks(dom, "events") == located
    assert marks(dom, "nights") == nights
    assert marks(dom, "countries") > 0  # the country outlines under the points


@pytest.mark.slow
def test_the_filters_apply_to_the_map_the_timeline_and_the_table(published, page, tmp_path):
    """index.html#attacker=X presets the attacker select: only X's points, nights and table rows remain."""
    params, _, _ = published
    warehouse = params["warehouse"]
    attacker = one(warehouse, "select actor_key from marts.fct_strikes where latitude is not null "
                              "group by actor_key order by count(*), actor_key limit 1")
    located = one(warehouse, f"select count(*) from marts.fct_strikes where latitude is not null "
                             f"and longitude is not null and actor_key = '{attacker}'")
    nights = one(warehouse, f"select count(distinct date_key) from marts.fct_attacks "
                            f"where date_key is not null and actor_key = '{attacker}'")
    all_located = one(warehouse, "select count(*) from marts.fct_strikes where latitude is not null")
    dom = chromium(page, tmp_path, "--dump-dom", fragment=f"attacker={attacker}").stdout
    assert 'data-rendered="yes"' in dom
    assert marks(dom, "events") == located < all_located
    assert marks(dom, "nights") == nights
    table = re.search(r'<table id="events">.*?</table>', dom, flags=re.S).group(0)
    shown = [r for r in re.findall(r"<tr [^>]*>", table) if "hidden" not in r]
    assert shown and all(f'data-attacker="{attacker}"' in r for r in shown)


@pytest.mark.slow
def test_the_page_lists_the_events_with_their_evidence_and_the_run(published, dom):
    params, summary, run_id = published
    warehouse = params["warehouse"]
    events = one(warehouse, "select (select count(*) from marts.fct_strikes) + "
                            "(select count(*) from marts.fct_attacks where n_strikes = 0)")
    table = re.search(r'<table id="events">.*?</table>', dom, flags=re.S).group(0)
    rows = re.findall(r"<tr data-attacker=", table)
    assert len(rows) == min(events, 50)
    text = html.unescape(re.sub(r"<[^>]+>", " ", table))
    sentence = one(warehouse, "select evidence[1].sentence from marts.fct_strikes order by date_key desc limit 1")
    outlet = one(warehouse, "select evidence[1].source_key from marts.fct_strikes order by date_key desc limit 1")
    assert sentence in text and outlet in text
    publish_run = one(warehouse, "select publish_run_id from meta.publish_log")
    run_box = html.unescape(re.search(r'<section id="run".*?</section>', dom, flags=re.S).group(0))
    assert publish_run in run_box and run_id in run_box and "held-back claims" in run_box


@pytest.mark.slow
def test_a_screenshot_of_the_page_is_not_blank(page, tmp_path):
    from PIL import Image

    chromium(page, tmp_path, f"--screenshot={tmp_path / 'shot.png'}")
    with Image.open(tmp_path / "shot.png") as shot:
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, outlines, points in several colours


@pytest.mark.slow
def test_the_page_loads_nothing_from_the_network(page):
    """Scripts and styles are inline or files beside the page; the Vega bundle is one of those files."""
    text = page.read_text(encoding="utf-8")
    assert not REMOTE.findall(text)
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', text)
    assert sources and all((page.parent / s).is_file() for s in sources)
    assert not re.findall(r"<link\b", text)
