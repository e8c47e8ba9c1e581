"""The date of a claim: the dates each sentence states, the article's lead date, and an ordered
list of named resolvers that choose a claim's date among them.

Each stated date is flagged: the day something was said (after a report cue), a dateline, the day a
count stands at ("Hingga Senin, …") or a page's time stamp, a photo caption's, history (the invasion,
a record it beats), or another strike's ("Beberapa hari setelah serangan pada Senin, …"). The lead is
the strike's day: the first date of a "Serangan terjadi pada …" sentence in the opening, else the
opening's first event date, else the first day of a report. A date stated in the claim's clause or
sentence wins; else one stated earlier in its paragraph; else the lead; else the published date. A
casualty toll counted or restated in the days after the strike takes the strike's date. A rolling
tally ("dalam 24 jam terakhir"), a vague time ("pekan lalu") and a separate strike with no date of
its own have no event date; "Sehari sebelumnya" shifts the date stated before it. Never later than
the published date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from kabar.nlp import lexicon
from kabar.nlp.numbers import is_number_token, parse_number
from kabar.nlp.parsed import ArticleParse
from kabar.nlp.rules.context import SentenceContext, _in_dateline, _word_at

_LEX = lexicon.load()

REPORT_CUES = _LEX.words("report_cues")
CITATION_CUES = _LEX.words("citation_cues")
# a time given only as a month or a vague past: the date is unknown, not the lead's
VAGUE_TIME = _LEX.pattern("vague_time")


# a month with a year and no day ("Pada Maret 2024, …"): background with no event date
MONTH_YEAR = _LEX.pattern("month_year")
# "dalam serangan terpisah": another strike than the lead's; without a date of its own, its day is unknown
SEPARATE_STRIKE = _LEX.pattern("separate_strike")
# a sentence that says when the strike happened ("Serangan terjadi pada Rabu dini hari")
STRIKE_WHEN = _LEX.pattern("strike_when")
OTHER_EVENT = _LEX.pattern("other_event")
SEPARATE_REPORT = _LEX.pattern("separate_report")
BACKGROUND_TURN = _LEX.pattern("background_turn")
CONSEQUENCE_OPENING = _LEX.pattern("consequence_opening")
SAME_TIME = _LEX.pattern("same_time")
WEEKDAY_WORDS = tuple(sorted(_LEX.keys("weekdays")))


# a date in brackets that opens a reporting window: "(mulai pukul 18.00 tanggal 6 Juni)"
WINDOW_START = _LEX.pattern("window_start")
DAY_AFTER = _LEX.pattern("day_after")
ONE_DAY = _LEX.mapping("date_words")["one_day"]
# "Hingga Senin (16/1) pagi, …": the day a count stands at; a date stamped with a clock ("Selasa, 12 Juli
# 2022 10:05 WIB"): the page's
AS_OF = _LEX.pattern("as_of_date")
STAMP = _LEX.pattern("time_stamp")
REPORT_REACH = 8                   # a report cue this many words before a date makes it the day it was said
REVISION_REACH = 10                # a toll revised this many words before a date: the day it was revised
REPORT_AFTER = _LEX.words("reporter_verbs") | REPORT_CUES
REVISION_VERBS = _LEX.words("revision_verbs")
TOLL_WINDOW = timedelta(days=3)    # a toll is counted again in the days after the strike
# a count is being reported or revised ("masih menyebut", "naik", "mencatat"); a strike is told
RESTATED = REVISION_VERBS | _LEX.words("toll_cues")
TOLL_CUES = REPORT_AFTER | RESTATED
STRIKE_WORDS = _LEX.words("strike_words")
SINCE_WORDS = _LEX.words("since_words")
OTHER_STRIKE_GOES_ON = _LEX.words("other_strike_goes_on")
ATTACK_ANAPHOR = _LEX.pattern("attack_anaphor")
ANAPHOR_OPENING = 12                # characters: "Serangan itu …" opens the sentence
SINCE_REACH = 6                    # words between "sejak" and the date it starts a period from
WEAPON_WORDS = _LEX.words("weapons") | _LEX.words("bombs")
TOLL_WORDS = _LEX.words("toll_words")
DEMONSTRATIVE_WORDS = _LEX.words("demonstratives")
PROSE_WORDS = 6                    # ... counting sentences of at least this many words
LEAD_SENTENCES = 8                 # the lead event's date is stated in the article's first sentences
LEAD_WINDOW = timedelta(days=7)    # ... and at most a week before the report
# a publication date read from the text may be the strike's: a weekday may name the day after it
INFERRED_AHEAD = 1


@dataclass(frozen=True)
class Dated:
    word: int
    date: date
    basis: str
    report: bool        # the day something was said or reported ("kata X pada Minggu (31/12)")
    dateline: bool = False   # "LVIV, Kamis (6/6/2024) –": the day it was reported
    citation: bool = False   # "seperti dikutip dari Kyiv Independent, Sabtu (14/12/2024)": a medium's day
    asof: bool = False       # "Hingga Senin (16/1) pagi, tim penyelamat menemukan 40 jenazah": a count's day
    caption: bool = False    # a photo caption's day
    background: bool = False  # "sejak invasi dimulai pada 24 Februari 2022": not the article's event
    evening: bool = False
    overnight: bool = False
    weekday: bool = False    # written as a weekday name ("Sabtu malam")
    # the words of the clause that dates another strike ("Beberapa hari setelah serangan pada Senin, …")
    within: tuple[int, int] | None = None

    @property
    def event(self) -> bool:
        """A day the article's events happened, not the day something was said, counted, photographed,
        history, or another strike's."""
        return not (self.report or self.dateline or self.asof or self.caption or self.background or self.within)

    def dates_word(self, words: list, wi: int) -> bool:
        """Whether this date may date the word `wi` of its sentence: another strike's date does not date
        a strike told after it ("Beberapa hari setelah serangan pada Senin, drone Rusia melukai empat
        orang"); before it, the clause tells the cause ("tewas setelah puing drone jatuh pada Rabu
        malam"); after it, a report's content ("mengatakan …, setelah serangan pada Senin, bahwa tiga
        orang tewas") is that strike's."""
        return self.within is None or wi < self.within[1] or not any(
            w.low in STRIKE_WORDS or w.low in WEAPON_WORDS for w in words[self.within[1]:wi])


class Lead(NamedTuple):
    """The article's main event date; `event` is False when only a report's day is known."""
    date: date
    basis: str
    event: bool = True
    sentence: int = 0


def _basis(dm) -> str:
    b = getattr(dm, "basis", None) or "explicit"
    return b if b in ("explicit", "relative") else "relative"


def _report_shift(dm, text: str):
    """"kata gubernur pada Senin (10/3), sehari setelah rudal menghantam": the event a day before."""
    after = DAY_AFTER.match(text[dm.end:])
    if not after:
        return None
    days = 1 if after.group(1).lower() == ONE_DAY else parse_number(after.group(2) or "")
    return dataclasses.replace(dm, date=dm.date - timedelta(days=days), basis="relative") if days else None


def _after_report_cue(words: list, wi: int) -> bool:
    """A report cue shortly before the date, and no strike told between them ("dilaporkan menghantam
    Zaporizhzhia pada Kamis (6/10)" dates the strike)."""
    before = words[max(0, wi - REPORT_REACH):wi]
    cues = [k for k, w in enumerate(before) if w.low in REPORT_CUES]
    return bool(cues) and not any(w.low in STRIKE_WORDS for w in before[cues[-1]:])


def _before_report_verb(words: list, end: int) -> bool:
    """"Layanan Darurat Negara Ukraina pada Senin (14/4/2025) menyatakan …": a date right before a reporting
    verb is the day it was said (not "…, kata polisi", a comma apart)."""
    return end < len(words) and words[end].low in REPORT_AFTER


def _after_revised_toll(words: list, wi: int) -> bool:
    """"jumlah korban tewas … bertambah menjadi 11 orang pada Sabtu pagi, 15 April 2023": the day a toll
    was revised, not the strike's — unless a strike is told between ("… setelah serangan pada Jumat")."""
    before = words[max(0, wi - REVISION_REACH):wi]
    verbs = [k for k, w in enumerate(before) if w.low in REVISION_VERBS]
    if not verbs:
        return False
    span = before[verbs[-1]:]
    return any(is_number_token(w.text) for w in span) and not any(
        w.low in STRIKE_WORDS or w.low in WEAPON_WORDS or OTHER_EVENT.match(w.low) for w in span)


def _after_citation(words: list, wi: int) -> bool:
    """"dilansir Al Jazeera, Kamis (10/10/2024)": the day a medium carried the report, never an event's."""
    return any(w.low in CITATION_CUES for w in words[max(0, wi - REPORT_REACH):wi])


def _other_strike_clause(ctx: SentenceContext, start: int, wi: int) -> tuple[int, int] | None:
    """The clause ("setelah serangan pada Senin", up to the next comma) when the date at character
    `start` dates another strike than the sentence's own."""
    text = ctx.sentence.text
    segment_start = max(text.rfind(c, 0, start) for c in ",;:") + 1
    cue = None
    for cue in OTHER_EVENT.finditer(text, segment_start, start):
        pass
    if cue is None:
        return None
    first = _word_at(ctx.words, ctx.sentence.start_char + cue.start())
    end = next((w.i for w in ctx.words[wi:] if w.low in (",", ";")), len(ctx.words))
    if end + 1 < len(ctx.words) and ctx.words[end + 1].low in OTHER_STRIKE_GOES_ON:
        # "… setelah gempuran pada Jumat (29/12), ketika Rusia menembakkan 158 rudal": that strike goes on
        end = len(ctx.words)
    # "Pemadaman listrik meluas setelah Rusia menghujani fasilitas energi dengan 93 rudal pada Jumat (13/12)":
    # a sentence that tells no strike outside the clause tells its own strike in it
    if not _tells_strike_words(ctx.words[:first] + ctx.words[end:]):
        return None
    return first, end


def _after_reference(dm, reference: date | None, stated: bool) -> bool:
    """Later than the publication date (a date the text writes may pass one read from the text, and a
    weekday the day after it)."""
    if reference is None or dm.date <= reference:
        return False
    return stated or (dm.basis != "explicit" and dm.date - reference > timedelta(days=INFERRED_AHEAD))


def sentence_dates(ctx: SentenceContext, reference: date | None, caption: bool, stated: bool = True) -> list[Dated]:
    """The dates a sentence states, each flagged (report, dateline, as-of, caption, background)."""
    from kabar.nlp.dates import find_dates, is_background
    text = ctx.sentence.text
    try:
        found = find_dates(text, reference, 0 if stated else INFERRED_AHEAD)
    except Exception:        # a resolver bug must not lose the article's claims
        found = []
    out = []
    for dm in found:
        if dm.date is None or _after_reference(dm, reference, stated):
            continue
        if WINDOW_START.search(text[:dm.start]):
            continue        # "Pada malam 7 Juni (mulai pukul 18.00 tanggal 6 Juni)": the tally window's start
        wi = _word_at(ctx.words, ctx.sentence.start_char + dm.start)
        end = _word_at(ctx.words, ctx.sentence.start_char + dm.end)
        report = _after_report_cue(ctx.words, wi) or _before_report_verb(ctx.words, end)
        # "bertambah menjadi 14 orang, kata Gubernur pada Jumat (31/1), sehari setelah …": a report's day, read as one
        revised = not report and _after_revised_toll(ctx.words, wi)
        shifted = _report_shift(dm, text) if report else None
        if shifted is not None:
            dm, report = shifted, False
        before = text[:dm.start]
        within = _other_strike_clause(ctx, dm.start, wi)
        out.append(Dated(wi, dm.date, _basis(dm), report, ctx.sentence.idx == 0 and _in_dateline(ctx.words, wi),
                         citation=report and _after_citation(ctx.words, wi),
                         asof=bool(AS_OF.search(before)) or bool(STAMP.match(text[dm.end:]))
                         or revised, caption=caption,
                         background=is_background(before), evening=dm.evening,
                         overnight=dm.overnight, weekday=dm.text.lower().startswith(WEEKDAY_WORDS),
                         within=within))
    return out


def _tells_strike(ctx: SentenceContext) -> bool:
    """The sentence tells a strike or its toll (not a meeting, a speech, a visit)."""
    return _tells_strike_words(ctx.words)


def _tells_strike_words(words: list) -> bool:
    return any(w.low in STRIKE_WORDS or w.low in WEAPON_WORDS or w.low in TOLL_WORDS for w in words)


def _places(ctx: SentenceContext) -> set[str]:
    return {n for m in ctx.mentions for n in (m.place.name, m.place.admin_area) if n}


def _goes_back(ctx: SentenceContext, where: set[str]) -> bool:
    """The sentence tells when the strike already told happened ("Serangan terjadi pada …", "blok
    apartemen itu", a place named with it or none), not a new strike elsewhere ("Pada Sabtu, serangan
    drone di Kharkiv …" after a national tally)."""
    places = _places(ctx)
    return bool(STRIKE_WHEN.search(ctx.sentence.text)) or not places or bool(places & where) \
        or any(w.low in DEMONSTRATIVE_WORDS for w in ctx.words)


def choose_lead(ctxs: list[SentenceContext], reference: date | None) -> Lead | None:
    """The article's main event date: the first stated day of a strike ("Serangan terjadi pada Selasa
    dini hari") in the lead sentences, else their first event date, else the first day of a report
    (a dateline, "dilansir AFP, Sabtu (8/10/2022)"). A background date (the invasion, a caption) never."""
    dated = [(si, d) for si, ctx in enumerate(ctxs) for d in ctx.dates]
    # from the first dated sentence (a page's header may come before), not counting menus, tickers, bylines
    first = dated[0][0] if dated else 0
    prose = [si for si, ctx in enumerate(ctxs) if si >= first and len(ctx.words) >= PROSE_WORDS]
    # ... and ending where the article turns to what came before ("Sebelumnya, ledakan terjadi di …")
    body = [si for si, ctx in enumerate(ctxs) if len(ctx.words) >= PROSE_WORDS]
    turn = next((si for si in body[1:] if BACKGROUND_TURN.match(ctxs[si].sentence.text)), len(ctxs))
    opening = {si for si in prose[:LEAD_SENTENCES] if si < turn}
    # after the first strike told, a dated sentence leads only when it goes back to that strike
    # ("Serangan terjadi pada …", "… menghantam blok apartemen itu pada Sabtu"), not a new one
    told = next((si for si in body if _tells_strike(ctxs[si])), len(ctxs))
    where = {n for si in range(min(told + 1, len(ctxs))) for n in _places(ctxs[si])}
    near = [(si, d) for si, d in dated if d.event and si in opening and _tells_strike(ctxs[si])
            and (si <= told or _goes_back(ctxs[si], where))
            and (reference is None or reference - d.date <= LEAD_WINDOW)]
    strike = [(si, d) for si, d in near if STRIKE_WHEN.search(ctxs[si].sentence.text)
              and not OTHER_EVENT.search(ctxs[si].sentence.text)]
    said = [(si, d) for si, d in dated if not d.caption and not d.background and si < turn]
    for pool, event in ((strike, True), (near, True), (said, False)):
        if pool:
            si, d = pool[0]
            return Lead(d.date, d.basis, event, si)
    return None


def _same_night(d: Dated, lead: Lead | None, lead_evening: bool) -> Dated:
    """"Jumat (3/5) malam" in the lead, "serangan semalam" later: the same night, the evening's date."""
    if lead is not None and lead_evening and d.overnight and not d.weekday \
            and d.date == lead.date + timedelta(days=1):
        return dataclasses.replace(d, date=lead.date, basis=lead.basis)
    return d


def attach_dates(article: ArticleParse, ctxs: list[SentenceContext], reference: date | None) -> Lead | None:
    """Fill ctx.dates (and the rolling/shift/vague marks) of every sentence; return the lead date."""
    from kabar.nlp.dates import anchored_shift, caption_lines, is_rolling

    captions = caption_lines(article.text)
    for ctx in ctxs:
        ctx.dates = sentence_dates(ctx, reference, ctx.sentence.paragraph_idx in captions,
                                   stated=article.published_date is not None)
        ctx.vague_time = bool(VAGUE_TIME.search(ctx.sentence.text) or MONTH_YEAR.search(ctx.sentence.text)
                              or SEPARATE_STRIKE.search(ctx.sentence.text))
        ctx.rolling = is_rolling(ctx.sentence.text)
        ctx.shift = anchored_shift(ctx.sentence.text)
    lead = choose_lead(ctxs, reference)
    # the article opens on a named evening ("… pada Sabtu (5/7) malam, …"): a later "sepanjang malam" is that
    # night, unless a separate report tells it
    first = next((si for si, ctx in enumerate(ctxs) if ctx.dates), None)
    evening = lead is not None and lead.sentence == first and any(
        d.evening and d.date == lead.date for d in ctxs[lead.sentence].dates)
    # … or the strike is dated as a night itself ("Serangan terjadi pada Sabtu (2/3) dini hari"): a later
    # "dalam semalam" in the next morning's report is that night
    evening = evening or (lead is not None and any(
        d.overnight and d.basis == "explicit" and d.date == lead.date for d in ctxs[lead.sentence].dates))
    for ctx in ctxs:
        if not SEPARATE_REPORT.search(ctx.sentence.text):
            ctx.dates = [_same_night(d, lead, evening) for d in ctx.dates]
    _carry_same_time(ctxs)
    return lead


def _carry_same_time(ctxs: list[SentenceContext]) -> None:
    """"Pada hari yang sama, roket Rusia menghantam barak militer di Mykolaiv": a sentence with no date of its
    own that says it happened at the time stated before takes the last event (or other strike's) date before
    it, as if it stated it where the phrase stands."""
    last: Dated | None = None
    for ctx in ctxs:
        m = SAME_TIME.search(ctx.sentence.text) if not ctx.dates else None
        if m is not None and last is not None:
            wi = _word_at(ctx.words, ctx.sentence.start_char + m.start())
            ctx.dates = [Dated(wi, last.date, last.basis, False)]
        found = [d for d in ctx.dates if not (d.report or d.dateline or d.asof or d.caption or d.background)]
        last = found[-1] if found else last


@dataclass
class DateQuery:
    ctxs: list[SentenceContext]
    si: int                             # the claim's sentence
    word: int                           # the number's first word
    clause: tuple[int, int] | None      # its clause (word range)
    lead: Lead | None                   # the article's lead date
    published: date | None
    casualty: bool = False              # a count of people killed or injured

    @property
    def ctx(self) -> SentenceContext:
        return self.ctxs[self.si]


Chosen = tuple[date | None, str]


def rolling(q: DateQuery) -> Chosen | None:
    """"dalam 24 jam terakhir": a tally over a period, no event date."""
    return (None, "rolling") if q.ctx.rolling else None


def shifted(q: DateQuery) -> Chosen | None:
    """"Sehari sebelumnya": the nearest date stated before this sentence (else the lead's), shifted.
    A toll told then ("Sehari sebelumnya, Kiper menyebut sembilan orang meninggal") is never dated
    before the strike it counts."""
    ctx = q.ctx
    # "Sehari sebelumnya, … serangan ke Belgorod yang menewaskan 25 orang pada akhir Desember": the count's
    # own vague time, not the day before
    if ctx.shift is None or ctx.vague_time or [d for d in ctx.dates if not d.report]:
        return None
    found = None
    for j in range(q.si - 1, -1, -1):
        # history ("sejak invasi dimulai pada 24 Februari 2022") is no date to shift from
        c = [d for d in q.ctxs[j].dates if not d.report and not d.background] or \
            [d for d in q.ctxs[j].dates if not d.background]
        if c:
            found = c[-1].date + timedelta(days=ctx.shift)
            break
    if found is None and q.lead is not None:
        found = q.lead.date + timedelta(days=ctx.shift)
    if found is None:
        return None
    lead = q.lead
    if q.casualty and lead is not None and lead.event and found < lead.date \
            and any(w.low in TOLL_CUES for w in ctx.words[:q.word]) \
            and not any(w.low in STRIKE_WORDS for w in ctx.words[:q.word]):
        return lead.date, lead.basis
    return found, "relative"


def dateline_only(q: DateQuery) -> Chosen | None:
    """The sentence's only dates are the dateline's or a citation's (the day of the report): the date
    stated earlier in its paragraph, else the lead's."""
    dates = q.ctx.dates
    if not dates or not all(d.dateline or d.citation for d in dates):
        return None
    d = _paragraph_date(q) if any(d.citation for d in dates) else None
    if isinstance(d, Dated):
        return d.date, d.basis
    return (q.lead[0], q.lead[1]) if q.lead is not None else None


def _since(words: list, d: Dated) -> bool:
    """A history date that starts a period ("sejak invasi dimulai pada 24 Februari 2022")."""
    return d.background and any(w.low in SINCE_WORDS for w in words[max(0, d.word - SINCE_REACH):d.word])


def _sentence_date(q: DateQuery) -> Dated | None:
    """A date the sentence states: in the clause first, then any not of a report, then any; the
    nearest to the number. Beside an event date of its own, a dateline does not count."""
    # the start of a period ("… terbesar sejak invasi dimulai pada 24 Februari 2022") dates no count
    dates = [d for d in q.ctx.dates if d.dates_word(q.ctx.words, q.word) and not _since(q.ctx.words, d)]
    if any(d.dateline for d in dates) and any(not d.dateline and not d.report for d in dates):
        dates = [d for d in dates if not d.dateline]
    clause = q.clause
    own = [d for d in dates if clause and clause[0] <= d.word < clause[1] and not d.report]
    lo, hi = _segment(q.ctx.words, q.word)
    segment = [d for d in dates if lo <= d.word < hi and not d.report]
    for pool in ([d for d in own if d in segment], segment, own, [d for d in dates if not d.report], dates):
        if pool:
            return min(pool, key=lambda x: (abs(x.word - q.word), x.word > q.word))
    return None


def _segment(words: list, wi: int) -> tuple[int, int]:
    """The words between the commas around word `wi`: "13 drone dihancurkan sampai tengah malam tanggal 31
    Desember, dan 32 drone setelah pukul 00.00 tanggal 1 Januari" dates each count by its own part."""
    lo = next((k + 1 for k in range(wi - 1, -1, -1) if words[k].low in (",", ";")), 0)
    hi = next((k for k in range(wi, len(words)) if words[k].low in (",", ";")), len(words))
    return lo, hi


def _paragraph_date(q: DateQuery) -> Dated | str | None:
    """The last event date of the nearest earlier sentence of the paragraph that states one (for a munition
    count, else the day of its report); "rolling" when a 24-hour tally comes first."""
    para = q.ctx.sentence.paragraph_idx
    for j in range(q.si - 1, -1, -1):
        prev = q.ctxs[j]
        if prev.sentence.paragraph_idx != para:
            return None
        # a munition count continuing a report ("Angkatan Udara mengatakan pada malam yang sama hingga Kamis
        # pagi Rusia meluncurkan 38 drone. Sebanyak 24 di antaranya …") takes the report's day as that
        # sentence's own count does; a toll counted on a report's day is the strike's (toll_update)
        c = [d for d in prev.dates if d.event or d.caption] or \
            [d for d in prev.dates if d.report and not d.citation and not d.dateline and not q.casualty]
        if c:
            return c[-1]
        if prev.rolling:
            return "rolling"      # "Menurut dia, …" continues the same 24-hour tally
    return None


def toll_update(q: DateQuery) -> Chosen | None:
    """A casualty toll counted or revised in the days after the strike ("Pada Minggu pagi, jumlah korban
    naik ke 12", "Hingga Kamis (18/4), … mencatat 18 orang meninggal", "pada Minggu pagi menyebut 25 orang
    tewas"): the strike's date, not the day of the count. Not when a strike is told between the two."""
    lead = q.lead
    if not q.casualty or lead is None or not lead.event:
        return None
    d = _sentence_date(q)
    own = d is not None
    if d is None:
        d = _paragraph_date(q) if not q.ctx.vague_time else None
    if not isinstance(d, Dated) or not timedelta(0) < d.date - lead.date <= TOLL_WINDOW:
        return None
    words = q.ctx.words
    if own and d.word > q.word:
        # a trailing report ("…, kata gubernur pada Kamis"): only of a toll restated or revised, or one
        # telling no strike of its own ("Sebanyak 271 orang lainnya terluka, kata Gubernur, Rabu pagi")
        restated = any(w.low in RESTATED for w in words[:q.word]) or (d.report and not _new_strike(words, 0))
        return (lead.date, lead.basis) if restated else None
    span = words[d.word:q.word] if own else words[:q.word]
    if _new_strike(words, d.word if own else 0) or (not own and _strike_on(q, d)):
        return None
    if (own and (d.report or d.asof or d.dateline)) or any(w.low in TOLL_CUES for w in span):
        return lead.date, lead.basis
    return None


def _strike_on(q: DateQuery, d: Dated) -> bool:
    """The earlier sentence of the paragraph that states `d` tells a new strike on that day ("Sehari
    setelahnya, Jumat (6/10) dini hari, dua rudal menghantam pusat kota Kharkiv"): a toll after it is
    that strike's, not one counted later for the lead's."""
    for j in range(q.si - 1, -1, -1):
        if any(x is d for x in q.ctxs[j].dates):
            return d.event and _new_strike(q.ctxs[j].words, 0)
    return False


def _new_strike(words: list, start: int) -> bool:
    """A strike told from word `start` on ("… dua orang tewas dalam serangan drone di Sumy"), not one
    referred back to ("akibat serangan itu")."""
    return any(w.low in STRIKE_WORDS and not any(x.low in DEMONSTRATIVE_WORDS for x in words[k + 1:k + 3])
               for k, w in enumerate(words) if k >= start)


def in_sentence(q: DateQuery) -> Chosen | None:
    d = _sentence_date(q)
    return (d.date, d.basis) if d is not None else None


def vague(q: DateQuery) -> Chosen | None:
    """Only a month or a vague past ("bulan lalu", "Pada Maret 2024"): the date is unknown."""
    return (None, "unknown") if q.ctx.vague_time else None


def referred_other_strike(q: DateQuery) -> Chosen | None:
    """"… setelah gempuran pada Jumat (29/12/2023), ketika Rusia menembakkan 158 rudal." then "Serangan itu
    menewaskan lebih dari 40 warga sipil": the strike referred back to is the one the sentence before told
    last, on its date."""
    m = ATTACK_ANAPHOR.search(q.ctx.sentence.text)
    if m is None or m.start() > ANAPHOR_OPENING or q.si == 0 or any(not d.background for d in q.ctx.dates):
        return None
    prev = q.ctxs[q.si - 1]
    if prev.sentence.paragraph_idx != q.ctx.sentence.paragraph_idx or not prev.dates \
            or prev.dates[-1].within is None:
        return None
    return prev.dates[-1].date, prev.dates[-1].basis


def in_paragraph(q: DateQuery) -> Chosen | None:
    d = _paragraph_date(q)
    if d == "rolling":
        return None, "rolling"
    return (d.date, d.basis) if d is not None else None


def previous_paragraph(q: DateQuery) -> Chosen | None:
    """A paragraph opening on a consequence ("Akibat strike rudal di kota Kyiv, 1 orang killed") after one
    that dates a strike ("pada tanggal 31 Desember siang hari, musuh melakukan serangan rudal"): that
    strike's date, the last event date of the paragraph before."""
    ctx = q.ctx
    para = ctx.sentence.paragraph_idx
    if ctx.dates or not CONSEQUENCE_OPENING.match(ctx.sentence.text) \
            or (q.si > 0 and q.ctxs[q.si - 1].sentence.paragraph_idx == para):
        return None
    before = [c for c in q.ctxs[:q.si] if c.sentence.paragraph_idx == para - 1]
    dated = [d for c in before for d in c.dates if d.event]
    return (dated[-1].date, dated[-1].basis) if dated else None


def rolling_article(q: DateQuery) -> Chosen | None:
    """The article opens on a rolling tally ("… dalam 24 jam terakhir, menurut laporan …"): a count it
    does not date is one of that period's, not of the lead's day."""
    opening = next((c for c in q.ctxs if len(c.words) >= PROSE_WORDS), None)
    return (None, "rolling") if opening is not None and opening.rolling else None


def lead_date(q: DateQuery) -> Chosen | None:
    return (q.lead[0], q.lead[1]) if q.lead is not None else None


def published(q: DateQuery) -> Chosen | None:
    return (q.published, "published") if q.published is not None else None


def unknown(q: DateQuery) -> Chosen:
    return None, "unknown"


DATE_RESOLVERS = (rolling, shifted, toll_update, dateline_only, in_sentence, vague, referred_other_strike, in_paragraph,
                  previous_paragraph, rolling_article,
                  lead_date, published, unknown)


def choose_date(query: DateQuery) -> Chosen:
    """(event_date, date_basis): the first resolver's answer."""
    for resolver in DATE_RESOLVERS:
        found = resolver(query)
        if found is not None:
            return found
    raise AssertionError("unknown() always answers")
