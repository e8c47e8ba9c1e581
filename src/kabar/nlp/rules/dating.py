"""The date of a claim: the dates each sentence states, the article's lead date, and an ordered
list of named resolvers that choose a claim's date among them.

A date stated in the claim's clause or sentence wins; else one stated earlier in its paragraph; else
the article's lead event date; else the published date (the source's local date). A dateline's date
is the day of the report, not of the strike; a date after a reporting verb is the day it was said.
A rolling tally ("dalam 24 jam terakhir") has no event date; "Sehari sebelumnya" shifts the date
stated before it. Never later than the published date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from kabar.nlp import lexicon
from kabar.nlp.parsed import ArticleParse
from kabar.nlp.rules.context import SentenceContext, _in_dateline, _word_at

_LEX = lexicon.load()

REPORT_CUES = _LEX.words("report_cues")
# a time given only as a month or a vague past: the date is unknown, not the lead's
VAGUE_TIME = _LEX.pattern("vague_time")


# a month with a year and no day ("Pada Maret 2024, …"): background with no event date
MONTH_YEAR = _LEX.pattern("month_year")
# a sentence that says when the strike happened ("Serangan terjadi pada Rabu dini hari")
STRIKE_WHEN = _LEX.pattern("strike_when")
WEEKDAY_WORDS = tuple(sorted(_LEX.keys("weekdays")))


# a date in brackets that opens a reporting window: "(mulai pukul 18.00 tanggal 6 Juni)"
WINDOW_START = _LEX.pattern("window_start")
DAY_AFTER = _LEX.pattern("day_after")
DATE_AFTER_PADA = _LEX.pattern("date_after_pada")
ONE_DAY = _LEX.mapping("date_words")["one_day"]


@dataclass(frozen=True)
class Dated:
    word: int
    date: date
    basis: str
    report: bool        # the day something was said or reported ("kata X pada Minggu (31/12)")
    dateline: bool = False   # "LVIV, Kamis (6/6/2024) –": the day it was reported


def _basis(dm) -> str:
    b = getattr(dm, "basis", None) or "explicit"
    return b if b in ("explicit", "relative") else "relative"


def attach_dates(article: ArticleParse, ctxs: list[SentenceContext], reference: date | None) -> tuple | None:
    """Fill ctx.dates for every sentence; return the article's lead event date (date, basis) or None."""
    from kabar.nlp.dates import anchored_shift, find_dates, is_rolling

    lead = None
    lead_evening = False
    lead_is_dateline = False
    for si, ctx in enumerate(ctxs):
        try:
            found = find_dates(ctx.sentence.text, reference)
        except Exception:        # a resolver bug must not lose the article's claims
            found = []
        text = ctx.sentence.text
        for dm in found:
            if dm.date is None or (reference is not None and dm.date > reference):
                continue
            if WINDOW_START.search(text[:dm.start]):
                continue        # "Pada malam 7 Juni (mulai pukul 18.00 tanggal 6 Juni)": the tally window's start
            wi = _word_at(ctx.words, ctx.sentence.start_char + dm.start)
            report = any(w.low in REPORT_CUES for w in ctx.words[max(0, wi - 6):wi])
            after = DAY_AFTER.match(text[dm.end:]) if report else None
            if after:
                # "kata gubernur pada Senin (10/3), sehari setelah rudal menghantam": the event a day before
                from kabar.nlp.numbers import parse_number
                days = 1 if after.group(1).lower() == ONE_DAY else parse_number(after.group(2) or "")
                if days:
                    dm = dataclasses.replace(dm, date=dm.date - timedelta(days=days), basis="relative")
                    report = False
            dateline = ctx.sentence.idx == 0 and _in_dateline(ctx.words, wi)
            when = (dm.date, _basis(dm))
            if lead is not None and lead_evening and dm.overnight and dm.date == lead[0] + timedelta(days=1) \
                    and not dm.text.lower().startswith(WEEKDAY_WORDS):
                # "Jumat (3/5) malam" in the lead, "serangan semalam" later: the same night, the evening's date
                when = lead
            ctx.dates.append(Dated(wi, when[0], when[1], report, dateline))
            if lead is None:
                lead, lead_evening, lead_is_dateline = when, dm.evening, dateline
            elif lead_is_dateline and not report and not dateline and timedelta(0) < lead[0] - dm.date and (
                    (si <= 6 and STRIKE_WHEN.search(ctx.sentence.text) and lead[0] - dm.date <= timedelta(days=3))
                    or (si == 0 and lead[0] - dm.date <= timedelta(days=7)
                        and DATE_AFTER_PADA.search(text[:dm.start]))):
                # (same sentence as the dateline: "Jakarta, Jumat (6/9) - Rusia meluncurkan … pada Sabtu (31/8)")
                # "LVIV, Kamis (6/6) – … Serangan terjadi pada Rabu dini hari": the strike's day, not the report's
                lead, lead_evening, lead_is_dateline = when, dm.evening, False
        ctx.vague_time = bool(VAGUE_TIME.search(ctx.sentence.text) or MONTH_YEAR.search(ctx.sentence.text))
        ctx.rolling = is_rolling(ctx.sentence.text)
        ctx.shift = anchored_shift(ctx.sentence.text)
    return lead


@dataclass
class DateQuery:
    ctxs: list[SentenceContext]
    si: int                             # the claim's sentence
    word: int                           # the number's first word
    clause: tuple[int, int] | None      # its clause (word range)
    lead: tuple | None                  # the article's lead event date (date, basis)
    published: date | None

    @property
    def ctx(self) -> SentenceContext:
        return self.ctxs[self.si]


Chosen = tuple[date | None, str]


def rolling(q: DateQuery) -> Chosen | None:
    """"dalam 24 jam terakhir": a tally over a period, no event date."""
    return (None, "rolling") if q.ctx.rolling else None


def shifted(q: DateQuery) -> Chosen | None:
    """"Sehari sebelumnya": the nearest date stated before this sentence (else the lead's), shifted."""
    ctx = q.ctx
    if ctx.shift is None or [d for d in ctx.dates if not d.report]:
        return None
    for j in range(q.si - 1, -1, -1):
        c = [d for d in q.ctxs[j].dates if not d.report] or q.ctxs[j].dates
        if c:
            return c[-1].date + timedelta(days=ctx.shift), "relative"
    if q.lead is not None:
        return q.lead[0] + timedelta(days=ctx.shift), "relative"
    return None


def dateline_only(q: DateQuery) -> Chosen | None:
    """The sentence's only dates are the dateline's (the day of the report): the lead's date."""
    dates = q.ctx.dates
    return q.lead if dates and all(d.dateline for d in dates) and q.lead is not None else None


def in_sentence(q: DateQuery) -> Chosen | None:
    """A date the sentence states: in the clause first, then any not of a report, then any; the
    nearest to the number. Beside an event date of its own, a dateline does not count."""
    dates = q.ctx.dates
    if any(d.dateline for d in dates) and any(not d.dateline and not d.report for d in dates):
        dates = [d for d in dates if not d.dateline]
    clause = q.clause
    own = [d for d in dates if clause and clause[0] <= d.word < clause[1] and not d.report]
    for pool in (own, [d for d in dates if not d.report], dates):
        if pool:
            d = min(pool, key=lambda x: (abs(x.word - q.word), x.word > q.word))
            return d.date, d.basis
    return None


def vague(q: DateQuery) -> Chosen | None:
    """Only a month or a vague past ("bulan lalu", "Pada Maret 2024"): the date is unknown."""
    return (None, "unknown") if q.ctx.vague_time else None


def in_paragraph(q: DateQuery) -> Chosen | None:
    """The last event date of the nearest earlier sentence of the paragraph that states one."""
    para = q.ctx.sentence.paragraph_idx
    for j in range(q.si - 1, -1, -1):
        prev = q.ctxs[j]
        if prev.sentence.paragraph_idx != para:
            return None
        c = [d for d in prev.dates if not d.report]
        if c:
            return c[-1].date, c[-1].basis
        if prev.rolling:
            return None, "rolling"      # "Menurut dia, …" continues the same 24-hour tally
    return None


def lead_date(q: DateQuery) -> Chosen | None:
    return q.lead


def published(q: DateQuery) -> Chosen | None:
    return (q.published, "published") if q.published is not None else None


def unknown(q: DateQuery) -> Chosen:
    return None, "unknown"


DATE_RESOLVERS = (rolling, shifted, dateline_only, in_sentence, vague, in_paragraph, lead_date, published, unknown)


def choose_date(query: DateQuery) -> Chosen:
    """(event_date, date_basis): the first resolver's answer."""
    for resolver in DATE_RESOLVERS:
        found = resolver(query)
        if found is not None:
            return found
    raise AssertionError("unknown() always answers")
