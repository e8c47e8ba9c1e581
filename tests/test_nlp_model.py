"""Stanza model resolution: explicit dir > KABAR_STANZA_DIR > Stanza's resources dir > download > error.

The Stanza hub is the only thing replaced here (it is the outside world); model directories are
real copies/links of ../shared/models/stanza in tmp dirs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import stanza

from kabar.errors import KabarError
from kabar.nlp import model


def make_model_dir(dest: Path, source: Path, md5_change: str | None = None) -> Path:
    """A model directory: resources.json copied (optionally with one md5 changed), id/ linked."""
    dest.mkdir(parents=True, exist_ok=True)
    resources = json.loads((source / "resources.json").read_text())
    if md5_change:
        resources["id"][md5_change]["ud_offline"]["md5"] = "0" * 32
    (dest / "resources.json").write_text(json.dumps(resources))
    (dest / "id").symlink_to(source / "id", target_is_directory=True)
    return dest


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No KABAR_STANZA_DIR; Stanza's resources dir is an empty tmp dir; the hub is unreachable."""
    monkeypatch.delenv(model.ENV_DIR, raising=False)
    default = tmp_path / "stanza_resources"
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(default))
    calls = []

    def offline(*args, **kwargs):
        calls.append((args, kwargs))
        raise ConnectionError("Failed to resolve 'raw.githubusercontent.com'")

    monkeypatch.setattr(stanza, "download", offline)
    return default, calls


def test_explicit_argument_wins_over_env_and_resources_dir(clean_env, monkeypatch, tmp_path, stanza_dir):
    default, calls = clean_env
    make_model_dir(default, stanza_dir)
    env_dir = make_model_dir(tmp_path / "env_model", stanza_dir)
    monkeypatch.setenv(model.ENV_DIR, str(env_dir))
    info = model.resolve_model(stanza_dir)
    assert (info.dir, info.origin) == (stanza_dir.resolve(), "argument")
    assert calls == []


def test_env_dir_used_when_no_argument(clean_env, monkeypatch, tmp_path, stanza_dir):
    default, calls = clean_env
    make_model_dir(default, stanza_dir)
    env_dir = make_model_dir(tmp_path / "env_model", stanza_dir)
    monkeypatch.setenv(model.ENV_DIR, str(env_dir))
    info = model.resolve_model()
    assert (info.dir, info.origin) == (env_dir.resolve(), "env")


def test_explicit_dir_without_model_is_an_error_naming_it(clean_env, tmp_path, stanza_dir):
    default, calls = clean_env
    make_model_dir(default, stanza_dir)     # a usable fallback exists, but an explicit wrong dir must not be ignored
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(KabarError, match="empty"):
        model.resolve_model(empty)
    assert calls == []


def test_stanza_resources_dir_used_without_download(clean_env, stanza_dir):
    default, calls = clean_env
    make_model_dir(default, stanza_dir)
    info = model.resolve_model()
    assert (info.dir, info.origin) == (default.resolve(), "stanza_resources")
    assert calls == []


def test_nothing_available_raises_naming_the_variable_and_dirs(clean_env):
    default, calls = clean_env
    with pytest.raises(KabarError) as err:
        model.resolve_model()
    message = str(err.value)
    assert model.ENV_DIR in message
    assert str(default) in message
    assert "ConnectionError" in message
    assert len(calls) == 1 and calls[0][0][0] == "id"


def test_download_when_hub_reachable(clean_env, monkeypatch, stanza_dir):
    default, _ = clean_env
    downloads = []

    def hub(lang, model_dir=None, **kwargs):   # stands in for the Stanza hub: puts the models where asked
        downloads.append((lang, model_dir))
        make_model_dir(Path(model_dir), stanza_dir)

    monkeypatch.setattr(stanza, "download", hub)
    info = model.resolve_model()
    assert downloads == [("id", str(default))]
    assert (info.dir, info.origin) == (default.resolve(), "downloaded")


def test_no_download_when_disallowed(clean_env):
    _, calls = clean_env
    with pytest.raises(KabarError):
        model.resolve_model(allow_download=False)
    assert calls == []


def test_model_version_tracks_model_files(tmp_path, stanza_dir):
    same = make_model_dir(tmp_path / "a", stanza_dir)
    changed = make_model_dir(tmp_path / "b", stanza_dir, md5_change="depparse")
    assert model.model_version(same) == model.model_version(stanza_dir)
    assert model.model_version(changed) != model.model_version(stanza_dir)
    assert len(model.model_version(same)) == 12


def test_model_version_falls_back_to_file_sizes(tmp_path, stanza_dir):
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "resources.json").write_text(json.dumps({"id": {"lang_name": "Indonesian"}}))
    shutil.copytree(stanza_dir / "id" / "tokenize", bare / "id" / "tokenize")
    first = model.model_version(bare)
    with open(bare / "id" / "tokenize" / "ud_offline.pt", "ab") as fh:
        fh.write(b"\0")
    assert model.model_version(bare) != first


def test_torch_threads_from_env(monkeypatch):
    import torch

    before = torch.get_num_threads()
    monkeypatch.setenv(model.ENV_THREADS, "2")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    try:
        assert model.set_torch_threads() == 2
        assert torch.get_num_threads() == 2
        monkeypatch.delenv(model.ENV_THREADS)            # unset: the measured default, not the cores
        assert model.set_torch_threads() == model.DEFAULT_TORCH_THREADS == torch.get_num_threads()
        monkeypatch.setenv(model.ENV_THREADS, "many")
        with pytest.raises(KabarError, match=model.ENV_THREADS):
            model.set_torch_threads()
    finally:
        torch.set_num_threads(before)


@pytest.mark.slow
def test_pipeline_loaded_once_per_process(stanza_dir):
    first, info = model.load_pipeline(stanza_dir)
    again, info2 = model.load_pipeline(str(stanza_dir))
    assert first is again and info == info2
    doc = first("Dua orang tewas.")
    assert doc.sentences and doc.sentences[0].words[0].upos is not None
