"""Shared helpers for the claim-rule tests: one Stanza pipeline per test session, text → claims.

(Named test_* so pytest puts this directory on sys.path; it holds no tests of its own.)
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_STANZA_DIR = Path(os.environ.get("KABAR_SHARED", REPO.parent / "shared")) / "models" / "stanza"


@lru_cache(maxsize=1)
def pipeline(stanza_dir: str | None = None):
    import stanza

    return stanza.Pipeline("id", dir=str(stanza_dir or os.environ.get("KABAR_STANZA_DIR", DEFAULT_STANZA_DIR)),
                           processors="tokenize,mwt,pos,lemma,depparse", download_method=None,
                           logging_level="WARN")


def parse(text: str, article_id: str = "t", published_at: str | None = None):
    from kabar.nlp.parsed import from_stanza

    pub = datetime.fromisoformat(published_at) if published_at else None
    return from_stanza(pipeline()(text), article_id, text, published_at=pub)


def claims_of(text: str, published_at: str | None = None):
    from kabar.nlp.claims import extract_claims

    return extract_claims(parse(text, published_at=published_at))


def summary(claims) -> set[tuple]:
    return {(c.measure, c.value, c.qualifier) for c in claims}


def with_weapon(claims) -> set[tuple]:
    return {(c.measure, c.value, c.weapon) for c in claims}


def placed(claims) -> set[tuple]:
    return {(c.measure, c.value, c.place_name) for c in claims}
