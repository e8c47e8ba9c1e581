"""Pytest plugin for the flow tests: one Prefect test harness (a temporary API server and database)
for the whole session, because starting Prefect's server is slow. Test modules load it with
`pytest_plugins = ["prefect_support"]`, so every module shares the same harness.
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def prefect_harness():
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    # the machine is shared and slow to start a server: allow two minutes
    with prefect_test_harness(server_startup_timeout=120):
        yield


def latest_artifact(key: str, flow_run_id: str):
    """The artifact `key` written by the flow run `flow_run_id` (None when there is none)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=[key]), flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return found[-1] if found else None


def flow_run_count() -> int:
    """Flow runs the harness's API server holds."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return client.count_flow_runs()


def run_pipeline_on(input_dir, stanza_dir, root):
    """One full pipeline run over input_dir into root: its parameters, run summary and flow run id
    (the module-scoped `published` fixtures of the flow and report tests)."""
    from flows.pipeline import pipeline

    params = dict(input_dir=input_dir, work_db=root / "work.duckdb", warehouse=root / "warehouse.duckdb",
                  stanza_dir=stanza_dir, batch_size=4)
    state = pipeline(**params, return_state=True)
    assert state.is_completed(), f"pipeline run failed: {state.message}"
    return params, state.result(), str(state.state_details.flow_run_id)
