"""The validation summary site: every `kabar validate` run of a work database as static HTML that reads
offline, beside Great Expectations' own Data Docs.

GX's Data Docs pull Bootstrap, jQuery, bootstrap-table, Font Awesome and Vega from CDNs, and their index
holds its list of validations as data that bootstrap-table renders: opened without network they are
unstyled and the index lists nothing. This site is rendered from the work database's audit tables
(audit.validations, audit.validation_results) with its CSS inline and no script:

  index.html          every run's validations, newest first: run id, time, verdict, then per suite its
                      result and expectations passed / failed, each linking to the run's page
  runs/<run id>.html  one page per run: each expectation of each suite with its result and what it observed

A run's page is written when that run validates (and whenever it is missing); the index every time.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import os
import re
from importlib import resources
from pathlib import Path

import duckdb

INDEX = "index.html"
RUNS = "runs"
TITLE = "kabar: validations"


def css() -> str:
    return resources.files("kabar").joinpath("validationdocs.css").read_text(encoding="utf-8")


def page_name(run_id: str) -> str:
    """The run's page, relative to the site: runs/<run id>.html with the id made safe for a file name."""
    return f"{RUNS}/{re.sub(r'[^A-Za-z0-9._-]', '_', run_id)}.html"


def write_site(con: duckdb.DuckDBPyConnection, out: Path, run_id: str | None = None) -> Path:
    """Write the index and the page of `run_id` (and of any run whose page is missing) into `out`;
    returns the index."""
    out = Path(out)
    (out / RUNS).mkdir(parents=True, exist_ok=True)
    runs = _runs(con)
    suites = _suites(con)
    for run in runs:
        target = out / page_name(run["run_id"])
        if run["run_id"] in suites and (run["run_id"] == run_id or not target.is_file()):
            _write(target, _run_page(run, _results(con, run["run_id"]), out))
    index = out / INDEX
    _write(index, _index_page(runs, suites))
    return index


# --- reading the audit tables ------------------------------------------------------------------


def _runs(con: duckdb.DuckDBPyConnection) -> list[dict]:
    cur = con.execute("select run_id, validated_at, success, checks, failed, data_docs_path, marts_fingerprint "
                      "from audit.validations order by validated_at desc, run_id desc")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _suites(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict]]:
    """{run id: [{suite, checks, passed}, ...]} for every run whose expectations were recorded."""
    out: dict[str, list[dict]] = {}
    for run_id, suite, checks, passed in con.execute(
            "select run_id, suite, count(*), count(*) filter (where success) from audit.validation_results "
            "group by run_id, suite order by run_id, suite").fetchall():
        out.setdefault(run_id, []).append({"suite": suite, "checks": checks, "passed": passed})
    return out


def _results(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict]:
    cur = con.execute("select suite, expectation, columns, description, success, observed, unexpected_count, "
                      "element_count, examples, error from audit.validation_results where run_id = ? "
                      "order by suite, position", [run_id])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


# --- rendering ---------------------------------------------------------------------------------


def _e(value) -> str:
    return html.escape(str(value))


def _when(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.timezone.utc) if value.tzinfo else value
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return "-" if value is None else str(value)


def _verdict(success: bool) -> str:
    return '<span class="badge pass">passed</span>' if success else '<span class="badge fail">failed</span>'


def _page(title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{css()}</style></head>\n<body>\n{body}\n</body></html>\n")


def _index_page(runs: list[dict], suites: dict[str, list[dict]]) -> str:
    rows = []
    for run in runs:
        run_id = run["run_id"]
        link = f'<a href="{_e(page_name(run_id))}">{_e(run_id)}</a>' if run_id in suites else _e(run_id)
        passed = run["checks"] - run["failed"]
        rows.append(f'<tbody class="run" id="run-{_e(run_id)}"><tr class="total"><th scope="row">{link}</th>'
                    f'<td>{_when(run["validated_at"])}</td><td>all suites</td><td>{_verdict(run["success"])}</td>'
                    f'<td class="num">{passed}</td><td class="num">{run["failed"]}</td></tr>')
        for s in suites.get(run_id, []):
            failed = s["checks"] - s["passed"]
            anchor = f'{_e(page_name(run_id))}#{_e(s["suite"])}'
            rows.append(f'<tr class="suite"><td></td><td></td><td><a href="{anchor}">{_e(s["suite"])}</a></td>'
                        f'<td>{_verdict(failed == 0)}</td><td class="num">{s["passed"]}</td>'
                        f'<td class="num{" bad" if failed else ""}">{failed}</td></tr>')
        if run_id not in suites:
            rows.append('<tr class="suite"><td></td><td></td><td colspan="4" class="note">expectations of this run '
                        'were not recorded (validated before the summary site existed)</td></tr>')
        rows.append("</tbody>")
    body = (f"<h1>{_e(TITLE)}</h1>\n<p class=\"lede\">Every <code>kabar validate</code> run on this work database, "
            f"newest first: {len(runs)} run{'s' if len(runs) != 1 else ''}. A run's verdict passes only when every "
            f"expectation of every suite passes; failed marts are never published.</p>\n"
            '<table id="validations"><thead><tr><th>run</th><th>validated</th><th>suite</th><th>result</th>'
            '<th class="num">passed</th><th class="num">failed</th></tr></thead>\n'
            + "\n".join(rows) + "\n</table>")
    return _page(TITLE, body)


def _run_page(run: dict, results: list[dict], out: Path) -> str:
    run_id = run["run_id"]
    sections, toc = [], []
    for suite, group in itertools.groupby(results, key=lambda r: r["suite"]):
        mine = list(group)
        failed = sum(not r["success"] for r in mine)
        toc.append(f'<li><a href="#{_e(suite)}">{_e(suite)}</a> {_verdict(failed == 0)}</li>')
        sections.append(
            f'<section id="{_e(suite)}"><h2>{_e(suite)} {_verdict(failed == 0)} '
            f"<small>{len(mine) - failed} passed, {failed} failed</small></h2>\n"
            '<table class="results"><thead><tr><th>expectation</th><th>column</th><th>description</th>'
            "<th>result</th><th>observed</th></tr></thead><tbody>\n"
            + "\n".join(_result_row(r) for r in mine) + "\n</tbody></table></section>")
    gx = ""
    if run.get("data_docs_path"):
        rel = Path(os.path.relpath(run["data_docs_path"], out / RUNS)).as_posix()
        gx = (f' Great Expectations\' own <a href="{_e(rel)}">Data Docs</a> show the same results, styled only '
              f"with network access.")
    body = (f'<p class="nav"><a href="../{INDEX}">all validations</a></p>\n<h1>validation {_e(run_id)} '
            f"{_verdict(run['success'])}</h1>\n<p class=\"lede\">Validated {_when(run['validated_at'])}: "
            f"{run['checks'] - run['failed']} of {run['checks']} expectations passed, {run['failed']} failed, on the "
            f"marts with fingerprint <code>{_e(run['marts_fingerprint'][:16])}</code>.{gx}</p>\n"
            f'<ul class="toc">{"".join(toc)}</ul>\n' + "\n".join(sections))
    return _page(f"validation {run_id}", body)


def _result_row(r: dict) -> str:
    cls = "pass" if r["success"] else "fail"
    return (f'<tr class="{cls}"><td><code>{_e(r["expectation"])}</code></td><td>{_e(r["columns"] or "")}</td>'
            f'<td>{_e(r["description"] or "")}</td><td>{_verdict(r["success"])}</td><td>{_observed(r)}</td></tr>')


def _observed(r: dict) -> str:
    """What the expectation saw: its error, rows unexpected of rows checked with examples, or GX's observed value."""
    parts = []
    if r["error"]:
        parts.append(f'<span class="error">{_e(r["error"])}</span>')
    if r["unexpected_count"] is not None and r["element_count"] is not None:
        parts.append(f'{r["unexpected_count"]} of {r["element_count"]} rows unexpected')
    examples = json.loads(r["examples"]) if r["examples"] else []
    if examples:
        parts.append("e.g. " + ", ".join(f"<code>{_e(json.dumps(x, ensure_ascii=False))}</code>" for x in examples))
    if r["observed"] is not None:
        parts.append(f'observed <code>{_e(_short(json.loads(r["observed"])))}</code>')
    return "; ".join(parts) or "-"


def _short(value, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write(target: Path, text: str) -> None:
    """Write beside, then rename into place: a browser never opens half a file."""
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
