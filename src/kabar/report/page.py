"""The HTML page: the run box and the events table rendered here, the chart's spec inlined, and Vega /
Vega-Lite / Vega-Embed as one classic script beside the page (vl-convert's offline bundle; a classic
script, not an ES module, because browsers refuse modules from file:// URLs). The bundle file is named
by vl-convert's version and written only when missing, so a run pays for bundling once."""

from __future__ import annotations

import html
import os
import json
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from string import Template

from kabar.report.basemap import ATTRIBUTION
from kabar.report.data import ReportData

TITLE = "kabar: published events"
RUN_COUNTS = (("fct_attacks", "attacks"), ("fct_strikes", "strikes"), ("fct_claims", "claims"),
              ("dim_article", "articles"), ("dim_source", "outlets"))


def asset(name: str) -> str:
    return resources.files("kabar.report").joinpath("assets", name).read_text(encoding="utf-8")


def bundle_name() -> str:
    return f"vega-bundle-{version('vl-convert-python')}.js"


def write_bundle(out: Path) -> Path:
    """`out/vega-bundle-<version>.js`: Vega, Vega-Lite and Vega-Embed in one script that sets
    window.vegaEmbed (vl-convert bundles the copies its wheel carries, offline); other versions' bundles
    left by earlier builds are removed."""
    target = out / bundle_name()
    for stale in out.glob("vega-bundle-*.js"):
        if stale != target:
            stale.unlink(missing_ok=True)
    if not target.is_file():
        import vl_convert

        write_atomically(target, vl_convert.javascript_bundle())
    return target


def write_atomically(target: Path, text: str) -> None:
    """Write beside, then rename into place: a browser never opens half a file."""
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)


def render(data: ReportData, spec: dict, style: dict, warehouse_name: str) -> str:
    rows = data.events[: style["latest_events"]]
    return Template(asset("page.html")).substitute(
        title=html.escape(TITLE), css=asset("page.css"), warehouse_name=html.escape(warehouse_name),
        run_html=run_html(data), attribution=html.escape(ATTRIBUTION), n_rows=len(rows),
        table_html=table_html(rows, style), spec_json=_script_safe(json.dumps(spec, separators=(",", ":"))),
        bundle=html.escape(bundle_name()), page_js=_script_safe(asset("page.js")),
    )


def run_html(data: ReportData) -> str:
    """The publish the warehouse comes from: its run ids, time, row counts and held-back claims."""
    run, tables = data.run, data.run.get("tables", {})
    counts = ", ".join(f"{tables[t]} {label}" for t, label in RUN_COUNTS if t in tables) or "-"
    held = sum(h["n"] for h in data.held_back)
    held_text = f"{held} claim(s) withheld by the gate's row checks" if held else "none"
    if held:
        held_text += ": " + "; ".join(f"{h['n']} {h['check_name']} ({h['reason']})" for h in data.held_back[:8])
    items = [("pipeline run", run.get("validation_run_id")), ("publish run", run.get("publish_run_id")),
             ("published at", run.get("published_at")), ("warehouse", run.get("warehouse")),
             ("rows", counts), ("located events on the map", str(len(data.located))),
             ("attack nights", str(len(data.nights))), ("held-back claims", held_text)]
    body = "\n".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v or '-'))}</dd>" for k, v in items)
    return f"<h2>The run</h2>\n<dl>\n{body}\n</dl>"


def table_html(events: list[dict], style: dict) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("date", "place", "attacker", "weapon", "figures", "sources",
                                              "evidence (outlet: sentence)"))
    body = "\n".join(_row(e, style) for e in events)
    return f'<table id="events">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'


def _row(event: dict, style: dict) -> str:
    colours = style["attackers"]
    colour = colours.get(event["actor_key"], colours["other"])["colour"]
    place = ", ".join(p for p in (event["place"], event.get("admin1"), event.get("country")) if p)
    evidence = "".join(f'<li><span class="outlet">{html.escape(e["outlet"] or "")}</span>: '
                       f'{html.escape(e["sentence"] or "")}</li>' for e in event["evidence"])
    cells = [html.escape(event["date"] or "undated"), html.escape(place),
             f'<span class="swatch" style="background:{colour}"></span>{html.escape(event["attacker"] or "")}',
             html.escape(event["weapon"] or ""), html.escape(event["figures"] or "-")]
    attrs = " ".join(f'data-{k}="{html.escape(str(v or ""))}"' for k, v in
                     (("attacker", event["actor_key"]), ("weapon", event["weapon_key"]), ("date", event["date"]),
                      ("event", event["event_id"])))
    return (f"<tr {attrs}>" + "".join(f"<td>{c}</td>" for c in cells)
            + f'<td class="num">{event["n_sources"]}</td><td><ul>{evidence}</ul></td></tr>')


def _script_safe(text: str) -> str:
    """Text that cannot end the <script> element it is put in."""
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")
