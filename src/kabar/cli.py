"""The `kabar` command: one subcommand per stage, plus `run` for the whole pipeline flow.

Subcommand and flag names are a contract with scripts and schedulers (DESIGN.md):
keep them. Each handler is thin: it resolves Settings and calls library code.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

from kabar.config import Settings
from kabar.errors import KabarError

EXIT_OK, EXIT_FAILED = 0, 1
log = logging.getLogger("kabar.cli")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        input_dir=getattr(args, "input", None),
        work_db=getattr(args, "work_db", None),
        warehouse=getattr(args, "warehouse", None),
        stanza_dir=getattr(args, "stanza_dir", None),
        batch_size=getattr(args, "batch_size", None),
        max_input_bytes=getattr(args, "max_bytes", None),
        lock_timeout=getattr(args, "lock_timeout", None),
    )


# --- handlers: each returns an exit status --------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    """The pipeline flow in this process (Prefect's ephemeral API unless PREFECT_API_URL is set),
    unless a read-only check finds nothing new since the last publish (kabar.uptodate)."""
    settings = _settings(args)
    if not (args.rescan or args.always_run):
        from kabar import uptodate

        verdict = uptodate.check(settings)
        if verdict.up_to_date:
            print(verdict.summary(settings))
            print(f"Warehouse: {settings.warehouse}")
            return EXIT_OK
        log.info("%s: starting the pipeline", verdict.summary(settings))
    # no usage telemetry from the ephemeral server (this command often runs offline)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.api_server import EarlyServer

    # without PREFECT_API_URL: Prefect's temporary API server, launched now so that its start-up
    # overlaps the imports below (flows/api_server.py)
    server = EarlyServer.start_if_needed()
    try:
        from flows.pipeline import run_locally, warehouse_path  # the orchestration layer, imported on use

        for noisy in ("httpx", "distributed"):  # a line per API call / per Dask worker event otherwise
            logging.getLogger(noisy).setLevel(logging.WARNING)

        address = args.dask_address or (os.environ.get("KABAR_DASK_ADDRESS") if args.dask else None)
        if server.process is not None:
            _preload_first_stages()  # while the server starts on the other core
        with server.serving():
            summary = run_locally(settings, dask=args.dask or bool(address), dask_address=address,
                                  rescan=args.rescan, always_run=args.always_run)
    finally:
        server.stop()
    # a run that is not published raises (PipelineFailed -> exit 1)
    print(summary["text"])
    print(f"Warehouse: {warehouse_path(summary)}")
    return EXIT_OK


def _preload_first_stages() -> None:
    """Import the modules of the stages every run starts with (the pipeline would import them
    anyway); an error is left for the pipeline to report in its run summary."""
    from flows.common import stage_function

    for stage in ("ingest", "extract"):
        try:
            stage_function(stage)
        except Exception:  # noqa: BLE001
            pass


def cmd_ingest(args: argparse.Namespace) -> int:
    from kabar.articles.ingest import ingest_directory

    settings = _settings(args)
    report = ingest_directory(settings.input_dir, settings.work_db, max_bytes=settings.max_input_bytes,
                              rescan=args.rescan, run_id=args.run_id)
    print(report.summary())
    return EXIT_OK  # rejections are recorded in raw.rejected_inputs, not a failure of the run


def cmd_extract(args: argparse.Namespace) -> int:
    from kabar.nlp.extract import extract_pending

    settings = _settings(args)
    report = extract_pending(settings.work_db, batch_size=settings.batch_size, stanza_dir=settings.stanza_dir,
                             progress=sys.stderr.isatty())
    print(report.summary())
    return EXIT_OK


def cmd_export_claims(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.format == "jsonl":
        from kabar.nlp.export import export_claims

        lines = export_claims(settings.work_db, args.out)
        print(f"export-claims: {lines} articles written to {args.out} (score: python ../shared/eval/score.py "
              f"--gold GOLD.jsonl --pred {args.out})")
        return EXIT_OK
    from kabar.warehouse.exports import export_marts_claims

    rows = export_marts_claims(settings.warehouse, args.out, args.format)
    print(f"export-claims: {rows} claims of {settings.warehouse} written to {args.out} ({args.format})")
    return EXIT_OK


def cmd_export_events(args: argparse.Namespace) -> int:
    from kabar.warehouse.exports import export_events

    settings = _settings(args)
    rows = export_events(settings.warehouse, args.out, args.format, args.grain)
    unit = "location events" if args.format == "acled" else f"{args.grain}s"
    print(f"export-events: {rows} {unit} of {settings.warehouse} written to {args.out} ({args.format})")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from kabar.transform import build

    settings = _settings(args)
    report = build(settings.work_db)  # the gate's row tier, then dbt build
    print(report.summary())  # on failure: one line per failing model or test
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_docs(args: argparse.Namespace) -> int:
    from kabar.transform import generate_docs, serve_hint

    settings = _settings(args)
    target = generate_docs(settings.work_db)
    print(f"dbt docs site generated in {target}: it documents the work database {settings.work_db.resolve()}; "
          f"the published warehouse {settings.warehouse} holds copies of its marts.* tables")
    print(serve_hint(target))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from kabar.report import build_report, default_out

    settings = _settings(args)
    result = build_report(settings.warehouse, args.out or default_out(settings.warehouse))
    print(result.summary())
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from kabar.quality import validate

    report = validate(_settings(args).work_db)
    print(report.summary())
    return EXIT_OK if report.success else EXIT_FAILED


def cmd_publish(args: argparse.Namespace) -> int:
    from kabar.warehouse.publish import publish

    settings = _settings(args)
    report = publish(settings.work_db, settings.warehouse)
    print(report.summary(), file=sys.stdout if report.published else sys.stderr)
    if report.published:  # the report page beside it; a failure is a warning, the publish stands
        from kabar.report import build_after_publish

        page = build_after_publish(report.path)
        print(f"  report page: {page.get('report_page') or 'not written: ' + page['report_error']}")
    return EXIT_OK if report.published else EXIT_FAILED


# --- parser -----------------------------------------------------------------------------------


def _add_work_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--work-db", type=Path, help="work DuckDB file (env KABAR_WORK_DB; default data/work.duckdb)")
    p.add_argument("--lock-timeout", type=float, metavar="SECONDS",
                   help="how long to wait while another run uses the work database "
                        "(env KABAR_LOCK_TIMEOUT; default 600)")


def _add_warehouse(p: argparse.ArgumentParser) -> None:
    p.add_argument("--warehouse", type=Path,
                   help="published warehouse file (env KABAR_WAREHOUSE; default data/warehouse.duckdb)")


def _add_rescan(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rescan", action="store_true",
                   help="read every input file again, also those unchanged since an earlier run read them")


def _add_nlp(p: argparse.ArgumentParser) -> None:
    p.add_argument("--batch-size", type=int, help="articles per Stanza batch (env KABAR_BATCH_SIZE; default 16)")
    p.add_argument("--stanza-dir", type=Path,
                   help="Stanza model directory (env KABAR_STANZA_DIR; default: Stanza's resources directory)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kabar",
        description="Indonesian news on the Russia-Ukraine war -> a validated DuckDB conflict-event warehouse.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="the whole pipeline: ingest, extract, build, validate, publish")
    p.add_argument("--input", type=Path, help="folder of raw articles (env KABAR_INPUT; default data/raw)")
    _add_work_db(p)
    _add_warehouse(p)
    _add_nlp(p)
    p.add_argument("--dask", action="store_true", help="fan extraction out over a Dask cluster")
    p.add_argument("--dask-address", help="an existing Dask scheduler (default: a local cluster)")
    _add_rescan(p)
    p.add_argument("--always-run", action="store_true",
                   help="run the whole pipeline, the gate included, even when nothing is new since the "
                        "last publish")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("ingest", help="read raw articles from DIR into the work database")
    p.add_argument("input", metavar="DIR", type=Path, nargs="?",
                   help="folder searched recursively (env KABAR_INPUT; default data/raw)")
    _add_work_db(p)
    p.add_argument("--max-bytes", type=int, help="reject files larger than this (env KABAR_MAX_INPUT_BYTES; default 5 MiB)")
    _add_rescan(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="parse unprocessed articles with Stanza and extract claims")
    _add_work_db(p)
    _add_nlp(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("export-claims", help="write claims: JSONL in the scorer's format (from the work "
                                              "database), or CSV / Parquet (from the published warehouse)")
    p.add_argument("--out", type=Path, required=True, help="output file")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl",
                   help="jsonl: the scorer's format from the work database (default); csv, parquet: "
                        "marts.fct_claims of the published warehouse")
    _add_work_db(p)
    _add_warehouse(p)
    p.set_defaults(func=cmd_export_claims)

    p = sub.add_parser("export-events", help="write the published events as CSV, Parquet or ACLED's columns")
    p.add_argument("--out", type=Path, required=True, help="output file")
    p.add_argument("--format", choices=("csv", "parquet", "acled"), default="csv",
                   help="csv or parquet: one row per attack (or per strike with --grain strike); "
                        "acled: ACLED's columns, one row per location event (CSV)")
    p.add_argument("--grain", choices=("attack", "strike"), default="attack",
                   help="csv and parquet: one row per attack (default) or per strike")
    _add_warehouse(p)
    p.set_defaults(func=cmd_export_events)

    p = sub.add_parser("report", help="write a static page (map, timeline, latest events, the run) from the "
                                      "published warehouse; it opens from disk with no network")
    p.add_argument("--out", type=Path, help="folder for index.html and the script beside it "
                                            "(default: report/ beside the warehouse, data/report)")
    _add_warehouse(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("build", help="hold back implausible claims, then dbt build: staging, intermediate and marts, "
                                     "with dbt tests")
    _add_work_db(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("docs", help="generate the dbt docs site and say how to serve it")
    _add_work_db(p)
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("validate", help="Great Expectations suites over the built marts")
    _add_work_db(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("publish", help="copy validated marts into the published warehouse atomically")
    _add_work_db(p)
    _add_warehouse(p)
    p.set_defaults(func=cmd_publish)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from kabar import signals

    signals.install()  # SIGTERM / SIGINT stop the command cleanly: exit 143 / 130 (kabar.signals)
    try:
        return _holding_work_db(args)
    except BaseException as exc:  # stopped by a signal (an Interrupted, Prefect's TerminationSignal, or an
        stop = signals.interruption(exc)  # error a library made of one, as DuckDB's "Query interrupted")
        if stop is None:
            return _failed(args, exc)
        print(f"kabar {args.command}: {stop}: stopped; work committed before the signal is kept, the rest "
              f"was rolled back; run the command again to go on", file=sys.stderr)
        return stop.exit_code


def _failed(args: argparse.Namespace, exc: BaseException) -> int:
    """The exit status and message for an error; anything not a user's or the machine's is re-raised."""
    try:
        raise exc
    except (KabarError, ValueError) as exc:
        print(f"kabar {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a full disk, a read-only or refused path: the cause, not a traceback
        from kabar.faults import os_cause

        if os_cause(exc) is None:
            raise  # anything else is a bug: its traceback helps
        print(f"kabar {args.command}: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _holding_work_db(args: argparse.Namespace) -> int:
    """Run the command holding its work database's lock (kabar.warehouse.lock): one run at a time."""
    args.run_id = f"{args.command}-{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    if not hasattr(args, "work_db"):
        return args.func(args)
    from kabar.warehouse.lock import work_db_lock

    settings = _settings(args)
    with work_db_lock(settings.work_db, run_id=args.run_id, command=f"kabar {args.command}",
                      timeout=settings.lock_timeout):
        return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
