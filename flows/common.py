"""Pieces every stage flow shares: settings resolution, retry policy, stage look-up, errors.

The flows are thin: they resolve settings the same way the CLI does (flags > env > defaults),
call one `kabar` library entry point per stage inside a task, and pass paths and plain dicts
(the stage reports' `as_dict()`) between tasks, never frames or connections.
"""

from __future__ import annotations

import importlib
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

from prefect.states import Failed, State
from pydantic import Field

from kabar.config import Settings
from kabar.errors import KabarError
from kabar.faults import is_transient  # noqa: F401 - what the retry condition asks (and tests import from here)

# The library entry point behind each stage (COMMON.md); imported lazily so that the flows
# import, and the pipeline can say how far it got, while a stage is still being built.
STAGE_ENTRYPOINTS: dict[str, tuple[str, str]] = {
    "ingest": ("kabar.articles.ingest", "ingest_directory"),
    "extract": ("kabar.nlp.extract", "extract_pending"),
    "build": ("kabar.transform", "build"),          # the gate's row tier, then dbt build
    "validate": ("kabar.quality", "validate"),
    "publish": ("kabar.warehouse.publish", "publish"),
}

# Typed flow parameters: Prefect turns these into the deployment's parameter schema and
# validates every run's parameters against them (None = take the setting from the environment).
OptionalPath = Annotated[Optional[Path], Field(description="a path; relative to the working directory")]
BatchSize = Annotated[Optional[int], Field(ge=1, le=512, description="articles per Stanza batch (1-512)")]
MaxBytes = Annotated[Optional[int], Field(ge=1, description="reject input files larger than this many bytes")]
DaskAddress = Annotated[Optional[str], Field(pattern=r"^([a-z]+://)?[^\s:/]+:\d+$",
                                             description="an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")]

# How long to wait before retrying a task whose I/O failed (e.g. another process holds the
# DuckDB file's lock): seconds before the first and second retry.
RETRY_DELAYS = [5, 20]


class StageFailed(KabarError):
    """A stage ran but its result says no (dbt tests failed, checks failed, nothing published).

    Carries the stage's report so the pipeline can put it in the run summary.
    """

    def __init__(self, message: str, report: dict | None = None):
        super().__init__(message)
        self.report = dict(report or {})

    def __reduce__(self):  # keep the report when Prefect pickles the exception
        return (type(self), (str(self), self.report))


class PipelineFailed(KabarError):
    """The pipeline run failed or published nothing; the message is the run summary."""


def failed(exc: KabarError) -> State:
    """The flow's final state for an expected failure (checks failed, nothing published).

    Returned instead of raised: the run is marked Failed with the message, without a traceback in
    the log, and calling the flow still raises `exc`.
    """
    return Failed(message=str(exc), data=exc)


def resolve_settings(**overrides: Any) -> Settings:
    """Settings as the CLI resolves them: explicit values (flow parameters) > KABAR_* env > defaults."""
    return Settings.from_env(**{k: v for k, v in overrides.items() if v is not None})


@contextmanager
def holding_work_db(settings: Settings, run_id: object, command: str):
    """Hold the work database's lock for a flow's whole duration (kabar.warehouse.lock): the flows the
    deployments run never overlap on one work database, whichever deployment started them."""
    from kabar.warehouse.lock import work_db_lock

    with work_db_lock(settings.work_db, run_id=str(run_id), command=command, timeout=settings.lock_timeout):
        yield


def stage_function(stage: str) -> Callable:
    """The library entry point of `stage` (imported when first asked for)."""
    module_name, func_name = STAGE_ENTRYPOINTS[stage]
    return getattr(importlib.import_module(module_name), func_name)


def retry_on_transient_io(task, task_run, state) -> bool:
    """Prefect `retry_condition_fn`: retry only when the task failed on transient I/O; never on a permanent
    cause such as a full disk or a path too long (kabar.faults)."""
    try:
        exc = state.result(raise_on_failure=False)
    except Exception:  # the result itself could not be read: do not guess
        return False
    return is_transient(exc if isinstance(exc, BaseException) else None)


def path_str(path: Path | str | None) -> str | None:
    """Paths travel between tasks (and Dask workers) as absolute strings."""
    return None if path is None else str(Path(path).expanduser().resolve())


def env_dask_address() -> str | None:
    return os.environ.get("KABAR_DASK_ADDRESS") or None
