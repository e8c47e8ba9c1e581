"""Claims in the scorer's JSONL format (../shared/eval/score.py): one line per article,
``{"id": article_ref, "claims": [claim.scorer_dict(), ...]}``.

Every article of raw.articles gets a line (no claims: ``"claims": []``). An article's claims come
from its latest extractor version: the current EXTRACTOR_VERSION when the article has been
processed by it, else the version that processed it last.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import fields
from pathlib import Path

from kabar.errors import KabarError
from kabar.nlp import version
from kabar.nlp.claim import Claim
from kabar.warehouse.db import connect

log = logging.getLogger(__name__)

_CLAIM_FIELDS = [f.name for f in fields(Claim)]

_LATEST = """
with ranked as (
    select article_id, extractor_version,
           row_number() over (partition by article_id
                              order by (extractor_version = ?) desc, processed_at desc, extractor_version desc) as rk
    from nlp.processed
)
select a.article_id, a.article_ref, r.extractor_version
from raw.articles a left join ranked r on r.article_id = a.article_id and r.rk = 1
order by a.article_ref, a.article_id
"""


def export_claims(work_db: Path | str, out: Path | str) -> int:
    """Write the scorer JSONL to `out` (atomically); returns the number of lines (articles) written."""
    work_db, out = Path(work_db), Path(out)
    if not work_db.is_file():
        raise KabarError(f"work database {work_db} does not exist: run `kabar ingest` and `kabar extract` first")
    with connect(work_db, read_only=True) as con:
        try:
            articles = con.execute(_LATEST, [version.EXTRACTOR_VERSION]).fetchall()
            cols = ", ".join(_CLAIM_FIELDS)
            claim_rows = con.execute(
                f"""select c.article_id, c.extractor_version, {cols} from nlp.claims c
                    order by c.article_id, c.sentence_idx, c.measure, c.value, c.claim_id""").fetchall()
        except Exception as exc:   # duckdb.CatalogException: schema never created
            raise KabarError(f"{work_db} has no raw.articles / nlp tables ({exc}); run `kabar ingest` first") from exc
    by_article: dict[tuple[str, str], list[dict]] = {}
    for row in claim_rows:
        values = dict(zip(_CLAIM_FIELDS, row[2:]))
        values["token_ids"] = json.loads(values["token_ids"]) if values["token_ids"] else []
        by_article.setdefault((row[0], row[1]), []).append(Claim(**values).scorer_dict())
    unprocessed = sum(1 for _, _, ev in articles if ev is None)
    if unprocessed:
        log.warning("%d of %d articles are not extracted yet: exported with no claims (run `kabar extract`)",
                    unprocessed, len(articles))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as fh:
        for article_id, ref, ev in articles:
            fh.write(json.dumps({"id": ref, "claims": by_article.get((article_id, ev), [])},
                                ensure_ascii=False) + "\n")
    tmp.replace(out)
    return len(articles)
