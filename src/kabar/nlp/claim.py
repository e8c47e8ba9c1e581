"""The claim record: one numeric statement about a measure, as stored in nlp.claims."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from kabar.vocab import (ATTACKERS, CASUALTY_MEASURES, DATE_BASES, MEASURES, MUNITION_MEASURES,  # noqa: F401
                         PLACE_PRECISIONS, QUALIFIERS, WEAPONS)


@dataclass
class Claim:
    article_id: str
    sentence_idx: int
    measure: str
    value: int                          # as read; may exceed a 64-bit integer (stored as NULL then)
    qualifier: str = "exact"
    weapon: str | None = None
    attacker: str | None = None
    place_text: str | None = None
    place_id: str | None = None
    place_name: str | None = None       # common English spelling, the scorer's `location`
    place_precision: str | None = None
    admin_area: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    event_date: date | None = None
    date_basis: str = "unknown"
    reporter: str | None = None
    evidence: str = ""                  # the sentence
    evidence_span: str | None = None    # the short phrase carrying the number
    token_ids: list[int] = field(default_factory=list)
    value_text: str | None = None       # the number as written ("1.200", "dua puluh", "-5")

    def as_dict(self) -> dict:
        return asdict(self)

    def scorer_dict(self) -> dict:
        """The fields ../shared/eval/score.py reads."""
        return {
            "measure": self.measure,
            "value": self.value,
            "qualifier": self.qualifier,
            "weapon": self.weapon,
            "attacker": self.attacker,
            "location": self.place_name,
            "country": self.country,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "evidence": self.evidence_span or self.evidence,
        }
