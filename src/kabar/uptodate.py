"""Is there anything for `kabar run` to do? A read-only check made before any flow run starts.

Like make, `kabar run` first asks whether its outputs are already up to date with its inputs:
  inputs     every file under the input folder was read completely by an earlier ingest and is
             unchanged since (kabar.articles.ingest.files_to_read: path, size, mtime, size limit,
             ingest version; links and unrecorded files count as new);
  extraction no article waits for the current extractor and model versions;
  warehouse  the published file is the one published from this very work-database state and code
             (kabar.warehouse.freshness.is_current).
When all three hold, a pipeline run would ingest nothing, extract nothing and skip build, validate
and publish, so `kabar run` says so and starts no flow run (and no Prefect API server). When any
does not hold, or the check cannot tell (no model found, a database it cannot open), the flow runs
as usual. `kabar run --always-run` skips this check; scheduled deployments never make it (their
flow runs, and skips the same stages inside).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from kabar.config import Settings


@dataclass
class UpToDate:
    up_to_date: bool
    seconds: float = 0.0
    files: int = 0
    reasons: list[str] = field(default_factory=list)     # why a run is needed (empty when up to date)
    extractor: str = ""

    def summary(self, settings: Settings) -> str:
        if not self.up_to_date:
            return "kabar run: " + "; ".join(self.reasons)
        return "\n".join([
            f"kabar run: up to date, nothing new since the last publish (checked in {self.seconds:.1f} s; "
            "no flow run started)",
            f"  inputs: all {self.files} files under {settings.input_dir} read before and unchanged since "
            "(--rescan reads them again)",
            f"  extract: no article waiting for {self.extractor}",
            f"  warehouse: {settings.warehouse} was published from this very state (--always-run runs the "
            "pipeline anyway)",
        ])


def check(settings: Settings) -> UpToDate:
    """What a pipeline run over `settings` would find to do (see the module docstring)."""
    from kabar.articles.ingest import files_to_read
    from kabar.errors import KabarError
    from kabar.nlp.extract import pending_article_ids
    from kabar.nlp.version import EXTRACTOR_VERSION
    from kabar.warehouse.freshness import is_current

    started = time.perf_counter()
    result = UpToDate(up_to_date=False, extractor=f"extractor {EXTRACTOR_VERSION}")
    try:
        result.files, to_read = files_to_read(settings.input_dir, settings.work_db, max_bytes=settings.max_input_bytes)
        if to_read:
            more = f" and {len(to_read) - 3} more" if len(to_read) > 3 else ""
            result.reasons.append(f"{len(to_read)} new or changed input files ({', '.join(to_read[:3])}{more})")
        elif not settings.work_db.exists():
            result.reasons.append(f"no work database at {settings.work_db} yet")
        else:
            pending = pending_article_ids(settings.work_db, stanza_dir=settings.stanza_dir)
            if pending:
                result.reasons.append(f"{len(pending)} articles waiting for extractor {EXTRACTOR_VERSION}")
            elif not is_current(settings.work_db, settings.warehouse):
                result.reasons.append(f"{settings.warehouse} is not the warehouse published from this state")
    except (KabarError, OSError, RuntimeError) as exc:       # cannot tell: the flow run will say what is wrong
        result.reasons.append(f"could not check ({type(exc).__name__}: {exc})")
    result.up_to_date = not result.reasons
    result.seconds = time.perf_counter() - started
    return result
