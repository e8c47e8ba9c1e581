"""Finding the Indonesian Stanza model and loading its pipeline once per process.

Resolution order (DESIGN.md, "Stanza models"):

1. an explicit directory: the `stanza_dir` argument (the --stanza-dir flag), else KABAR_STANZA_DIR;
2. Stanza's own resources directory (STANZA_RESOURCES_DIR, else stanza's DEFAULT_MODEL_DIR)
   when the Indonesian models are already there;
3. the official models, downloaded into that directory when the Stanza hub is reachable;
4. otherwise a KabarError that names KABAR_STANZA_DIR and every directory tried.

Every pipeline is built with ``download_method=None``: loading never touches the network, and
never overwrites the resources.json of a model directory. The pipeline is cached per process
(key: directory + processors), so a batch loop or a Dask worker loads the model once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from kabar.errors import KabarError

log = logging.getLogger(__name__)

LANG = "id"
PROCESSORS = "tokenize,mwt,pos,lemma,depparse"
ENV_DIR = "KABAR_STANZA_DIR"
ENV_THREADS = "KABAR_TORCH_THREADS"
# the processors whose model files must exist for a directory to count as "has the Indonesian models"
_REQUIRED = ("tokenize", "pos", "lemma", "depparse")

_pipelines: dict[tuple[str, str], object] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class ModelInfo:
    """Where the model came from and the version stamp recorded in nlp.processed."""

    dir: Path
    origin: str          # argument | env | stanza_resources | downloaded
    version: str         # short hash of the model files' md5s (or sizes) + stanza version

    def as_dict(self) -> dict:
        return {"dir": str(self.dir), "origin": self.origin, "version": self.version}


def stanza_resources_dir() -> Path:
    """Stanza's default resources directory (STANZA_RESOURCES_DIR wins, read at call time)."""
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    from stanza.resources.common import DEFAULT_MODEL_DIR
    return Path(DEFAULT_MODEL_DIR)


def has_indonesian_models(model_dir: Path) -> bool:
    """True when `model_dir` has a resources.json listing "id" and a model file per processor."""
    try:
        resources = json.loads((model_dir / "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if LANG not in resources:
        return False
    return all(any((model_dir / LANG / proc).glob("*.pt")) for proc in _REQUIRED)


def resolve_model(stanza_dir: Path | str | None = None, *, allow_download: bool = True) -> ModelInfo:
    """The model directory to load, following the resolution order in the module docstring."""
    tried: list[str] = []
    explicit, origin = (stanza_dir, "argument") if stanza_dir else (os.environ.get(ENV_DIR) or None, "env")
    if explicit:
        path = Path(explicit).expanduser().resolve()
        if has_indonesian_models(path):
            return ModelInfo(path, origin, model_version(path))
        where = "--stanza-dir" if origin == "argument" else ENV_DIR
        raise KabarError(
            f"{where} points at {path}, which holds no Indonesian Stanza model "
            f"(expected resources.json with 'id' and id/<processor>/*.pt for {', '.join(_REQUIRED)})")
    tried.append(f"{ENV_DIR} (not set)")

    default = stanza_resources_dir()
    if has_indonesian_models(default):
        return ModelInfo(default.resolve(), "stanza_resources", model_version(default))
    tried.append(f"{default} (no Indonesian models)")

    if allow_download:
        try:
            import stanza
            log.info("downloading the official Indonesian Stanza models into %s", default)
            stanza.download(LANG, model_dir=str(default), processors=PROCESSORS, verbose=False)
        except Exception as exc:  # offline: DNS/connection errors, HTTP errors, bad JSON ...
            tried.append(f"download from the Stanza hub ({type(exc).__name__}: {_first_line(exc)})")
        else:
            if has_indonesian_models(default):
                return ModelInfo(default.resolve(), "downloaded", model_version(default))
            tried.append(f"download from the Stanza hub (finished, but {default} still lacks the models)")
    raise KabarError(
        f"no Indonesian Stanza model found. Set {ENV_DIR} (or --stanza-dir) to a model directory, "
        f"e.g. ../shared/models/stanza. Tried: " + "; ".join(tried))


def model_version(model_dir: Path) -> str:
    """A short stable stamp of the model files: a new model gets a new stamp, so articles are re-processed.

    Uses the md5s resources.json records for the packages the pipeline loads; falls back to the sizes
    and modification times of the model files when resources.json lacks them.
    """
    from importlib.metadata import version as installed_version   # not `import stanza`: that loads torch

    parts = [f"stanza={installed_version('stanza')}"]
    md5s = _resource_md5s(model_dir)
    if md5s:
        parts += md5s
    else:
        for f in sorted((model_dir / LANG).rglob("*.pt")):
            st = f.stat()
            parts.append(f"{f.relative_to(model_dir)}:{st.st_size}:{int(st.st_mtime)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def _resource_md5s(model_dir: Path) -> list[str] | None:
    try:
        lang = json.loads((model_dir / "resources.json").read_text(encoding="utf-8"))[LANG]
    except (OSError, ValueError, KeyError):
        return None
    defaults = lang.get("default_processors") or (lang.get("packages") or {}).get("default") or {}
    out = []
    for proc in PROCESSORS.split(","):
        package = defaults.get(proc) if isinstance(defaults, dict) else None
        entry = (lang.get(proc) or {}).get(package) if package else None
        if not entry or "md5" not in entry:
            if proc == "mwt":      # not every language / package has an mwt model
                continue
            return None
        out.append(f"{proc}/{package}:{entry['md5']}")
        for dep in entry.get("dependencies") or []:
            dep_entry = (lang.get(dep.get("model")) or {}).get(dep.get("package")) or {}
            out.append(f"{dep.get('model')}/{dep.get('package')}:{dep_entry.get('md5', '?')}")
    return out


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# Stanza's models here are small LSTMs called on a batch's few sentences: a second intra-op thread
# gains next to nothing, and with other work on the cores OpenMP's spin-waiting makes multi-threaded
# calls much slower (figures: benchmarks/README.md). Set KABAR_TORCH_THREADS for big batches on many cores.
DEFAULT_TORCH_THREADS = 1


def set_torch_threads(n: int | None = None) -> int:
    """Set torch's intra-op threads and return them: `n`, else KABAR_TORCH_THREADS, else — unless
    OMP_NUM_THREADS is set (then torch's own choice stands) — DEFAULT_TORCH_THREADS.

    Called before the pipeline is built. Several extracting processes on one machine (Dask workers)
    should each get their share of the cores (`threads_per_worker`): 2 workers x 2 threads on 2 cores
    oversubscribe them, and OpenMP's spin-waiting makes that far slower than 1 thread each.
    """
    import torch

    raw = os.environ.get(ENV_THREADS)
    if n is not None:
        n = max(1, int(n))
    elif raw:
        try:
            n = max(1, int(raw))
        except ValueError:
            raise KabarError(f"{ENV_THREADS} must be a whole number, got {raw!r}") from None
    elif os.environ.get("OMP_NUM_THREADS"):
        return torch.get_num_threads()
    else:
        n = DEFAULT_TORCH_THREADS
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n


def threads_per_worker(workers: int) -> int:
    """torch threads for each of `workers` extracting processes sharing this machine's cores."""
    return max(1, usable_cores() // max(1, workers))


def load_pipeline(stanza_dir: Path | str | None = None, processors: str = PROCESSORS):
    """(pipeline, ModelInfo): the Stanza pipeline for the resolved model, built once per process."""
    info = resolve_model(stanza_dir)
    key = (str(info.dir), processors)
    with _lock:
        pipeline = _pipelines.get(key)
        if pipeline is None:
            pipeline = _build(info, processors)
            _pipelines[key] = pipeline
    return pipeline, info


def _build(info: ModelInfo, processors: str):
    import stanza

    threads = set_torch_threads()
    log.info("loading Stanza %s pipeline (%s) from %s [%s, model %s, %d torch threads]",
             LANG, processors, info.dir, info.origin, info.version, threads)
    try:
        return stanza.Pipeline(LANG, dir=str(info.dir), processors=processors, download_method=None,
                               logging_level="WARN", use_gpu=False)
    except Exception as exc:
        raise KabarError(f"could not load the Stanza model from {info.dir}: {type(exc).__name__}: "
                         f"{_first_line(exc)} (set {ENV_DIR} to a working model directory)") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else ""
