"""Shared fixtures: where ../shared lives, the seeds, the offline Stanza model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KABAR_SHARED", REPO.parent / "shared")).resolve()
SEEDS_DIR = SHARED / "seeds"
EVAL_DIR = SHARED / "eval"
DEFAULT_STANZA_DIR = SHARED / "models" / "stanza"

# The tests write their input files and ingest them at once; ingest leaves a file modified within the
# settle time for the next run (it may still be being written). Their processes (kabar run, Prefect
# workers) inherit this; tests/test_ingest_hostile.py tests the settle time itself.
os.environ.setdefault("KABAR_SETTLE_SECONDS", "0")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}: the tests read the seeds and the model from there")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir) -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def stanza_dir() -> Path:
    """The model directory the tests use: KABAR_STANZA_DIR, else ../shared/models/stanza."""
    path = Path(os.environ.get("KABAR_STANZA_DIR", DEFAULT_STANZA_DIR)).resolve()
    if not (path / "resources.json").is_file():
        pytest.fail(f"no Stanza model at {path} (set KABAR_STANZA_DIR)")
    return path


@pytest.fixture
def work_db(tmp_path) -> Path:
    return tmp_path / "work.duckdb"
