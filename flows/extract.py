"""Extract flow: Stanza + rules over the articles not yet processed, serially or fanned out over Dask.

Serial (default): one task runs `extract_pending`, which reads Polars batches, parses them and writes
each batch back before the next (an interrupted run resumes where it stopped).

Distributed (`dask=True`): the flow reads the pending articles, Dask workers parse batches with
`process_articles` (no database access; each worker process loads Stanza once and keeps it), and
the flow — the single writer — stores each result with `store_batch` as it arrives. By default a
temporary LocalCluster (KABAR_DASK_WORKERS processes, default 2, one thread each, each
worker process given its share of the cores as torch threads: KABAR_TORCH_THREADS = cores // workers;
its scheduler, workers and dashboard listen on KABAR_DASK_HOST only, default 127.0.0.1); with
`dask_address` (or KABAR_DASK_ADDRESS) an existing scheduler, whose workers must have `kabar`
installed and the Stanza model at the same path.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.futures import as_completed
from prefect.runtime import flow_run

from flows.common import (RETRY_DELAYS, BatchSize, DaskAddress, OptionalPath, env_dask_address, holding_work_db, path_str,
                          resolve_settings, retry_on_transient_io, stage_function)
from kabar.errors import KabarError

DEFAULT_DASK_WORKERS = 2
# the interface the temporary cluster's scheduler, workers and dashboard listen on: this machine only,
# unless an operator sets another (the dashboard shows task details and has no authentication)
ENV_DASK_HOST = "KABAR_DASK_HOST"
DEFAULT_DASK_HOST = "127.0.0.1"


@task(name="extract-pending", retries=2, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_transient_io)
def extract_pending_task(work_db: str, batch_size: int, stanza_dir: str | None) -> dict:
    """Resumable (each batch is stored before the next), so a retry only does the remaining work."""
    extract_pending = stage_function("extract")
    report = extract_pending(Path(work_db), batch_size=batch_size,
                             stanza_dir=Path(stanza_dir) if stanza_dir else None, progress=False)
    get_run_logger().info("Extraction finished:\n%s", report.summary())
    return report.as_dict()


@task(name="read-pending-articles", retries=2, retry_delay_seconds=RETRY_DELAYS,
      retry_condition_fn=retry_on_transient_io)
def read_pending_task(work_db: str, batch_size: int, stanza_dir: str | None) -> list[list[dict]]:
    """The pending articles as plain records, in batches (the connection is closed before any worker starts)."""
    from kabar.nlp.extract import load_articles, pending_article_ids

    ids = pending_article_ids(Path(work_db), stanza_dir=Path(stanza_dir) if stanza_dir else None)
    records = load_articles(Path(work_db), ids)
    return [records[i:i + batch_size] for i in range(0, len(records), batch_size)]


@task(name="count-pending-articles", retries=2, retry_delay_seconds=RETRY_DELAYS,
      retry_condition_fn=retry_on_transient_io)
def count_pending_task(work_db: str, stanza_dir: str | None) -> int:
    from kabar.nlp.extract import pending_article_ids

    return len(pending_article_ids(Path(work_db), stanza_dir=Path(stanza_dir) if stanza_dir else None))


@task(name="parse-batch", retries=1, retry_delay_seconds=5)
def parse_batch_task(records: list[dict], stanza_dir: str | None):
    """Runs on a Dask worker: Stanza + rules over one batch, no database access; returns a BatchResult."""
    from kabar.nlp.extract import process_articles

    return process_articles(records, Path(stanza_dir) if stanza_dir else None)


@task(name="store-batch", retries=2, retry_delay_seconds=RETRY_DELAYS, retry_condition_fn=retry_on_transient_io)
def store_batch_task(work_db: str, result, expected_versions: tuple[str, str]) -> dict:
    """Runs in the flow's process: the single writer of the work database. Returns the batch's counts.

    A worker running other extractor code or another model would store rows the flow never counts
    as processed (every run would redo them): refuse them, saying why.
    """
    from kabar.nlp.extract import store_batch

    got = (result.extractor_version, result.model_version)
    if got != tuple(expected_versions):
        raise KabarError(f"a Dask worker extracted with extractor {got[0]}, model {got[1]}, but this flow runs "
                         f"extractor {expected_versions[0]}, model {expected_versions[1]}: the workers need the "
                         f"same kabar version and Stanza model files")
    store_batch(Path(work_db), result)
    return result.counts()


def current_versions(stanza_dir: str | None) -> tuple[str, str]:
    """(extractor version, model version) as this process would stamp nlp.processed rows."""
    from kabar.nlp.model import resolve_model
    from kabar.nlp.version import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION, resolve_model(Path(stanza_dir) if stanza_dir else None).version


def dask_task_runner(address: str | None = None):
    """A DaskTaskRunner on an existing scheduler (address) or a temporary LocalCluster of processes."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    from kabar.nlp.model import ENV_THREADS, threads_per_worker

    workers = int(os.environ.get("KABAR_DASK_WORKERS", DEFAULT_DASK_WORKERS))
    # each worker process its share of the cores for torch (2 workers x 2 threads on 2 cores thrash)
    env = {ENV_THREADS: str(threads_per_worker(workers))}
    return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs=local_cluster_kwargs(workers, env))


def local_cluster_kwargs(workers: int, env: dict[str, str]) -> dict:
    """A LocalCluster of `workers` processes (one thread each) whose every port — scheduler, workers,
    dashboard — listens on KABAR_DASK_HOST (default 127.0.0.1) only; a free port each."""
    host = os.environ.get(ENV_DASK_HOST) or DEFAULT_DASK_HOST
    return {"n_workers": workers, "threads_per_worker": 1, "processes": True, "host": host,
            "dashboard_address": f"{host}:0", "worker_dashboard_address": None, "env": env}


@flow(name="kabar-extract-dask", description="Parse pending articles on Dask workers; store results from the flow.")
def extract_distributed_flow(work_db: str, batch_size: int, stanza_dir: str | None) -> dict:
    logger = get_run_logger()
    started = time.perf_counter()
    batches = read_pending_task(work_db, batch_size, stanza_dir)
    pending = sum(len(b) for b in batches)
    logger.info("%d pending articles in %d batches of up to %d, sent to Dask", pending, len(batches), batch_size)
    report = {"articles_processed": 0, "sentences": 0, "claims": 0, "failed": 0, "batches": 0, "pending": pending,
              "batch_size": batch_size, "parsed_sentences": 0, "tokens": 0, "dask": True}
    versions = current_versions(stanza_dir)
    futures = [parse_batch_task.submit(batch, stanza_dir) for batch in batches]
    for future in as_completed(futures):
        result = future.result()
        counts = store_batch_task(work_db, result, versions)  # the single writer: this process, a batch at a time
        report.update(extractor_version=result.extractor_version, model_version=result.model_version)
        for key, count in (("articles_processed", "articles"), ("sentences", "sentences"), ("claims", "claims"),
                           ("failed", "failed"), ("parsed_sentences", "parsed_sentences"), ("tokens", "tokens")):
            report[key] += counts[count]
        report["batches"] += 1
        logger.info("Stored batch %d/%d: %d articles, %d claims", report["batches"], len(batches),
                    counts["articles"], counts["claims"])
    report["seconds"] = round(time.perf_counter() - started, 3)
    logger.info("Extraction on Dask finished: %d articles, %d sentences, %d claims in %.1f s",
                report["articles_processed"], report["sentences"], report["claims"], report["seconds"])
    return report


@flow(name="kabar-extract", description="Stanza parsing and claim rules over the articles not yet processed.")
def extract_flow(
    work_db: OptionalPath = None,
    batch_size: BatchSize = None,
    stanza_dir: OptionalPath = None,
    dask: bool = False,
    dask_address: DaskAddress = None,
) -> dict:
    """Parse and extract claims for the articles not yet processed by this extractor and model version.

    Args:
        work_db: the work DuckDB file; default KABAR_WORK_DB, else data/work.duckdb
        batch_size: articles per Stanza batch, 1-512
        stanza_dir: Stanza model directory; default KABAR_STANZA_DIR
        dask: fan out over Dask (a local cluster unless dask_address is given)
        dask_address: an existing Dask scheduler (default KABAR_DASK_ADDRESS)
    """
    settings = resolve_settings(work_db=work_db, batch_size=batch_size, stanza_dir=stanza_dir)
    with holding_work_db(settings, flow_run.id, "kabar-extract flow run"):
        return _extract(settings, dask, dask_address)


def _extract(settings, dask: bool, dask_address: str | None) -> dict:
    """Serially in one task, or fanned out over Dask (see the module docstring)."""
    logger = get_run_logger()
    work, model = path_str(settings.work_db), path_str(settings.stanza_dir)
    address = dask_address or (env_dask_address() if dask else None)
    if not (dask or address):
        logger.info("Extracting claims in %s (batches of %d, model %s)", work, settings.batch_size, model or "default")
        return extract_pending_task(work, settings.batch_size, model)
    pending = count_pending_task(work, model)
    if not pending:  # no cluster for nothing
        logger.info("Nothing to extract in %s: every article is processed by this extractor and model", work)
        return {"articles_processed": 0, "sentences": 0, "claims": 0, "failed": 0, "batches": 0, "pending": 0,
                "dask": True}
    logger.info("Extracting claims for %d articles in %s on Dask (%s)", pending, work, address or "a local cluster")
    runner = dask_task_runner(address)
    return extract_distributed_flow.with_options(task_runner=runner)(work, settings.batch_size, model)
