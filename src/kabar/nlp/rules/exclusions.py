"""Numbers that are not claims, and text that carries none.

- number kinds from the resolver: times, years, percents, non-integral decimals, vague amounts
- the word after the number is a unit or a counted thing outside the measures: distances,
  durations, ages, money, buildings, vehicles, settlements, districts, allies, flights …
- the word before says what the number is: "pukul 13.00", "berusia 46", "tahun 2014", "salah satu"
- a month name after it: "4 Juli 2025" is a date
- cumulative war-to-date tallies ("rekap kerugian … sejak invasi")
- boilerplate paragraphs: related links, video teasers, share/comment footers
"""

from __future__ import annotations

import re

from kabar.nlp import lexicon
from kabar.nlp.numbers import is_number_token
from kabar.nlp.rules.words import Word

_LEX = lexicon.load()
UNITS = _LEX.words("units")
MONTHS = _LEX.keys("months")
DAY_RANGE_JOINS = _LEX.words("day_range_joins")
BEFORE = _LEX.words("before_number")
YEARS = (1800, 2100)          # a four-digit range in these bounds is years
NON_COUNT_KINDS = {"time", "year", "percent", "decimal", "vague"}
BOILERPLATE = _LEX.pattern("boilerplate")
CUMULATIVE = _LEX.pattern("cumulative")
RECORD = _LEX.pattern("record")
AID = _LEX.pattern("aid")
INTERCEPTOR = _LEX.words("interceptor_words")
HEADLINE_BULLETS = _LEX.words("list_bullets")
HEADLINE_WORD = 4               # title case leaves short function words ("di", "ke", "dan") lower-case
HEADLINE_MIN_WORDS = 3
HEADLINE_CAPITALISED = 0.75
GROUND_FIRED = _LEX.words("ground_fired_interceptors")
COORDINATORS = _LEX.words("coordination")
ZERO_NEGATORS = _LEX.words("zero_negators")
ZERO_ONES = _LEX.words("zero_ones")
ZERO_AFTER = _LEX.words("zero_after")
ONE_OF = _LEX.words("one_of.before")
ONE_OF_COUNTS = _LEX.words("one_of.counts")
GROUP_NOUNS = _LEX.words("group_nouns")
BODY_NOUNS = _LEX.words("body_nouns")
RUINS = _LEX.words("ruins_words")
MORE_WORDS = _LEX.words("more_words")
RUINS_REACH = 6             # "12 jenazah dikeluarkan dari reruntuhan gedung"
RECORD_SINCE = tuple(_LEX.words("record_since"))
WAR_START_YEAR = int(_LEX.raw("war_start_year"))
YEAR_IN = re.compile(r"\b(1[89]|20)\d\d\b")
RATE_AFTER = _LEX.words("rate_after")
ARITHMETIC_AFTER = _LEX.words("arithmetic_after")
NOT_CASUALTY = _LEX.words("not_casualty_predicates")
INTENT = _LEX.words("attempt_words")


def is_aid(sentence_text: str) -> bool:
    """Aid, trade or production of munitions ("dengan bantuan perang elektronik" is not aid)."""
    return bool(AID.search(sentence_text.lower()))


def is_interceptor(words: list[Word], noun_end: int) -> bool:
    """Does the weapon noun ending before `noun_end` name an interceptor ("120 rudal pencegat")? Not when a
    model fired at ground targets follows ("lebih dari selusin rudal antipesawat S-300")."""
    if not (noun_end < len(words) and words[noun_end].low in INTERCEPTOR):
        return False
    tail = words[noun_end + 1:noun_end + 4]
    glued = ["".join(w.low for w in tail[i:i + 2]) for i in range(len(tail))]     # "S-" "300" tokenized apart
    return not any(g.startswith(model) for g in glued for model in GROUND_FIRED)


def is_boilerplate(paragraph_text: str) -> bool:
    return bool(BOILERPLATE.match(paragraph_text)) or is_linked_headline(paragraph_text)


def is_linked_headline(line: str) -> bool:
    """"- Kronologi Serangan Drone Terbesar, 188 Shahed dalam Satu Malam": a bulleted line in title case
    (its longer words capitalised) with no closing punctuation is a link to another article."""
    body = line.strip()
    if body[:1] not in HEADLINE_BULLETS or body[1:2] != " " or body[-1:] in ".;:!?)":
        return False
    longer = [w for w in body[2:].split() if w[:1].isalpha() and len(w) >= HEADLINE_WORD]
    return len(longer) >= HEADLINE_MIN_WORDS and \
        sum(w[:1].isupper() for w in longer) >= HEADLINE_CAPITALISED * len(longer)


def is_cumulative(sentence_text: str) -> bool:
    m = CUMULATIVE.search(sentence_text)
    if not m:
        return False
    # "sejak invasi" right after a superlative marks a record, not a running tally
    for m in CUMULATIVE.finditer(sentence_text):
        head = sentence_text[max(0, m.start() - 90):m.start() + 6]
        if m.group(0).lower().startswith(RECORD_SINCE) and RECORD.search(head):
            continue
        year = YEAR_IN.search(m.group(0))
        if year and int(year.group(0)) < WAR_START_YEAR:
            continue        # "yang sudah beroperasi sejak 1944": a founding year, not a tally
        return True
    return False


def is_zero(words: list[Word], start: int, end: int, value) -> bool:
    """A zero statement: "0 drone", "tak satu pun rudal", "tidak seorang pun" (convention 8)."""
    if value == 0:
        return True
    return end < len(words) and words[end].low in ZERO_AFTER or \
        start > 0 and words[start - 1].low in ZERO_NEGATORS and words[start].low in ZERO_ONES


def is_year_range(words: list[Word], start: int, value: int) -> bool:
    """"pada 1932–1933 yang menewaskan jutaan": a span of years, not a count."""
    text = words[start].text
    return YEARS[0] <= value <= YEARS[1] and text[:4].isdigit() and not text[4:5].isdigit()


def rescued(words: list[Word], noun_end: int, hi: int) -> bool:
    """"18 orang berhasil diselamatkan dari reruntuhan": people rescued, evacuated or missing — not
    people who only meant to be ("menewaskan 50 warga yang hendak mengungsi")."""
    return any(w.low in NOT_CASUALTY and words[k - 1].low not in INTENT
               for k, w in enumerate(words[noun_end:min(hi, noun_end + 4)], start=noun_end))


def recovered_bodies(words: list[Word], noun: int) -> bool:
    """"Tim penyelamat telah menemukan 40 jenazah dari reruntuhan": a count of bodies recovered from ruins
    is one of the killed; bodies received in an exchange, or "dua jenazah lagi" found after a stated toll,
    are none."""
    if noun + 1 < len(words) and words[noun + 1].low in MORE_WORDS:
        return False
    return any(w.low in RUINS for w in words[noun + 1:noun + 1 + RUINS_REACH])


def is_one_of(words: list[Word], start: int) -> bool:
    """"salah satu drone", "salah seorang korban": one of a group, not a count of one."""
    return start > 0 and words[start - 1].low in ONE_OF and words[start].low in ONE_OF_COUNTS


def excluded_number(words: list[Word], start: int, end: int, kind: str) -> str | None:
    """Why the number in words[start:end] is not a count we claim, else None."""
    if kind in NON_COUNT_KINDS:
        return kind
    prev = words[start - 1].low if start > 0 else ""
    nxt = words[end].low if end < len(words) else ""
    if prev in BEFORE:
        return f"after '{prev}'"
    if prev in COORDINATORS and start >= 3 and words[start - 3].low in BEFORE and is_number_token(words[start - 2].text):
        return f"after '{words[start - 3].low}'"       # "berlantai sembilan dan sepuluh"
    if prev in ONE_OF and words[start].low in ONE_OF_COUNTS:
        return "one of"
    if nxt in GROUP_NOUNS and words[start].low in ONE_OF_COUNTS:
        return f"one group '{nxt}'"     # "dalam satu keluarga"
    if nxt in MONTHS or nxt in UNITS:
        return f"unit '{nxt}'"
    if nxt in DAY_RANGE_JOINS and end + 2 < len(words) and words[end + 1].text.isdigit() \
            and words[end + 2].low in MONTHS:
        return "day range"         # "malam 28 ke 29 Desember"
    if nxt in RATE_AFTER or nxt.startswith("/"):
        return "rate"
    if nxt in ARITHMETIC_AFTER:
        return "arithmetic"
    return None
