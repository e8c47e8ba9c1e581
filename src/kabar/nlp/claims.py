"""extract_claims: the rules that turn a parsed article into numeric claims.

For every number in a (non-boilerplate) sentence — digits, number words, "seorang", "selusin",
an ordinal on a weapon ("drone ketujuh") — the rules in `kabar.nlp.rules` decide, in order:
is it a count at all (exclusions), what it counts and what happened to it (measures), how exact it
is (qualifiers), which weapon and which side (weapons, attackers), where and when (context), who
said it (reporters); then sub-counts and repeats are folded away (dedup).
"""

from __future__ import annotations

import dataclasses

from kabar.nlp.claim import Claim
from kabar.nlp.dates import published_date
from kabar.nlp.numbers import find_numbers, is_number_token, ordinal_value
from kabar.nlp.parsed import ArticleParse, paragraph_starts
from kabar.nlp.rules import attackers, context, dedup, exclusions, measures, qualifiers, reporters, weapons
from kabar.nlp import lexicon
from kabar.nlp.rules.matching import match_at
from kabar.nlp.rules.words import Word, words_of

# What the rules read of a sentence's parse: UPOS and lemmas (kabar.nlp.rules.measures), never the
# dependency tree — so the extractor's fast path skips the parser (kabar.nlp.extract.parse_processors)
PARSE_PROCESSORS = "pos,lemma"
# ... and only by asking a Word (Word.pos / pos_in / lemma_value), so the fast path may run them on
# tokenizer-only sentences first and parse just the sentences they ask about (kabar.nlp.rules.probe)
PARSE_ON_DEMAND = True
_LEX = lexicon.load()
SUBCOUNT_WORDS = _LEX.phrases("anaphora.part")
SPECIFIC_PERSON = _LEX.words("described_persons")
REVISION = _LEX.words("revision_verbs")
INCLUDES = _LEX.words("includes")
AMONG = _LEX.phrases("among")
PAIR_OF = _LEX.words("pair_of")
ONE_PERSON = _LEX.words("one_person")


def match_any(words: list[Word], lo: int, hi: int, pats) -> bool:
    return any(match_at(words, i, pats) for i in range(max(0, lo), min(hi, len(words))))


def _boilerplate_paragraphs(article: ArticleParse) -> set[int]:
    text = article.text
    out = set()
    for idx, start in enumerate(paragraph_starts(text)):
        end = text.find("\n", start)
        line = text[start:end if end >= 0 else len(text)]
        if exclusions.is_boilerplate(line):
            out.add(idx)
    return out


def _number_spans(words: list[Word]):
    """(start, end, value, kind, approx) for counts, plus "drone ketujuh" as 1."""
    out = []
    for sp in find_numbers([w.text for w in words]):
        if sp.value is None and sp.kind != "range":
            continue
        if exclusions.is_zero(words, sp.start, sp.end, sp.value):
            continue
        out.append((sp.start, sp.end, sp.value, sp.kind, sp.approx))
    for i in range(len(words) - 1):
        kind, n = weapons.weapon_at(words, i)
        if kind and i + n < len(words):
            ov = ordinal_value(words[i + n].text)
            if ov and ov > 1:
                out.append((i, i + n + 1, 1, "ordinal", False))
    return sorted(out)


def _other(side: str) -> str:
    return "UA" if side == "RU" else "RU"


def _paragraph_side(sents, cues_per, si: int) -> str | None:
    """The side the nearest earlier sentence of the same paragraph names."""
    para = sents[si].paragraph_idx
    for j in range(si - 1, -1, -1):
        if sents[j].paragraph_idx != para:
            return None
        side = attackers.dominant_side(cues_per[j])
        if side:
            return side
    return None


def _article_side(sents, cues_per, boiler) -> str | None:
    """The attacker of the article's main event: the lead's cues (first two sentences that have any),
    else the whole article's."""
    with_cues = [cs for s, cs in zip(sents, cues_per) if cs and s.paragraph_idx not in boiler]
    lead = attackers.dominant_side([c for cs in with_cues[:2] for c in cs])
    return lead or attackers.dominant_side([c for cs in with_cues for c in cs])


def _weapon_context(words_per, sents, si: int, before: int) -> str | None:
    w = weapons.last_weapon(words_per[si], before)
    if w:
        return w
    para = sents[si].paragraph_idx
    for j in range(si - 1, -1, -1):
        if sents[j].paragraph_idx != para and sents[j].paragraph_idx != para - 1:
            break
        w = weapons.last_weapon(words_per[j], len(words_per[j]))
        if w:
            return w
    return None


def _evidence(words: list[Word], text: str, lo: int, hi: int) -> str:
    lo, hi = max(0, lo), min(len(words), max(hi, lo + 1))
    if hi - lo > 14:
        hi = lo + 14
    return text[words[lo].start:words[hi - 1].end]


def extract_claims(article: ArticleParse) -> list[Claim]:
    text = article.text
    sents = list(article.sentences)
    if not sents:
        return []
    published = published_date(article.published_at, text)
    boiler = _boilerplate_paragraphs(article)
    words_per = [words_of(s, text) for s in sents]
    ctxs = [context.sentence_context(article, s, w) for s, w in zip(sents, words_per)]
    lead_date = context.attach_dates(article, ctxs, published)
    art_places = context.article_places([c for c, s in zip(ctxs, sents) if s.paragraph_idx not in boiler])
    cues_per = [attackers.side_cues(w) for w in words_per]
    article_side = _article_side(sents, cues_per, boiler)

    cands: list[dedup.Candidate] = []
    registry = measures.registry()
    for si, (s, ws) in enumerate(zip(sents, words_per)):
        if s.paragraph_idx in boiler or exclusions.is_cumulative(s.text):
            continue
        spans = _number_spans(ws)
        aid = exclusions.is_aid(s.text)
        prev = None          # the previous candidate in this sentence: (end word, measure, qualifier, cls, explicit_q)
        sent_cands: list[tuple] = []
        pending_launch: set[int] = set()
        pair_x: tuple = ()           # measure of the X of the last "X dari Y" pair
        prev_was_y = False
        for k, (start, end, value, kind, approx) in enumerate(spans):
            if kind == "ordinal":
                cls, noun_end, weapon = "weapon", end, weapons.weapon_at(ws, start)[0]
            else:
                cls, noun_end, weapon = measures.noun_class(ws, end, weapons.weapon_at)
                if cls == "bare" or (cls == "other" and ws[end].low in measures.CLASSIFIERS):
                    wk, ne = measures.weapon_before(ws, start, end, weapons.weapon_at)
                    if wk:      # "Rudal jelajah sebanyak tiga unit …"
                        cls, noun_end, weapon = "weapon", ne, wk
                if exclusions.is_one_of(ws, start) or \
                        (cls != "weapon" and exclusions.excluded_number(ws, start, end, kind)):
                    prev = None
                    continue
            if cls == "other" or (cls == "weapon" and exclusions.is_interceptor(ws, noun_end)):
                prev = None
                continue
            # "38 dari 46 drone": X intercepted/hit of Y launched
            nxt = spans[k + 1] if k + 1 < len(spans) else None
            if nxt and end < len(ws) and ws[end].low in PAIR_OF and nxt[0] == end + 1:
                ycls, _, yweapon = measures.noun_class(ws, nxt[1], weapons.weapon_at)
                if ycls == "weapon":
                    cls, weapon = "weapon", yweapon
                    pending_launch.add(k + 1)
            lo, hi = measures.clause_bounds(ws, start, noun_end)
            if k in pending_launch:
                measure, trig = registry.pair_total, None
            else:
                measure = measures.implied_measure(ws, start, end)
                trig = None
                if not measure:
                    measure, trig = measures.choose_measure(ws, start, end, noun_end, cls)
            q_word, q_start = qualifiers.qualifier_before(ws, start)
            is_x = k + 1 in pending_launch
            # a second object of the same verb ("mencegat 9 rudal dan 16 drone yang ditembakkan …"):
            # its own relative clause ("yang ditembakkan") does not outrank the shared verb
            if (measure is None or (trig is not None and trig.relative)) and prev is not None:
                between = [w.low for w in ws[prev[0]:start]]
                if ("dan" in between or "serta" in between or "," in between) and len(between) <= 8 \
                        and measures.compatible(prev[1], cls):
                    # "… 1.163 dari 1.250 drone …, serta 48 dari 62 rudal": X follows the earlier X
                    measure = pair_x[0] if is_x and prev_was_y and pair_x else prev[1]
                    trig = None
            part = False
            if measure is None and kind != "ordinal" and measures.verbless_part(ws, lo, end, cls, start):
                t = measures.governing_before(ws, lo, cls)
                if t is not None:
                    measure, trig, part = t.measure, t, True
            if measure is None:
                prev = None
                continue
            if not part and kind != "ordinal" and (trig is None or trig.start < lo) \
                    and measures.verbless_part(ws, lo, end, cls, start):
                part = True         # "…, masing-masing 12 di Oblast Kursk dan 5 di Oblast Oryol"
            if is_x:
                pair_x = (measure,)
            prev_was_y = k in pending_launch
            qualifier = q_word or ("at_least" if kind == "range" else "about" if approx else "exact")
            if q_word is None and prev is not None and prev[4] and prev[2] != "exact":
                between = [w.low for w in ws[prev[0]:start]]
                if "dan" in between and len(between) <= 5:
                    qualifier = prev[2]
            munition = registry.is_munition(measure)
            if munition and aid:
                prev = None
                continue
            if munition:
                if cls != "weapon":
                    weapon = _weapon_context(words_per, sents, si, start)
                    if weapon is None:
                        prev = None
                        continue
            else:
                weapon = None
            subcount_flags = []
            if cls == "anaphor" and match_at(ws, end, SUBCOUNT_WORDS):
                subcount_flags.append("di antaranya")
            if any(w.low in INCLUDES for w in ws[max(0, start - 2):start]) or \
                    any(w.low in INCLUDES and not any(is_number_token(x.text) for x in ws[j + 1:j + 3])
                        for j, w in enumerate(ws[noun_end:min(len(ws), noun_end + 5)], start=noun_end)):
                subcount_flags.append("termasuk")
            if trig is not None and any(match_at(ws, k, AMONG) and k + 2 <= trig.start
                                        for k in range(max(0, trig.start - 3), trig.start - 1)):
                subcount_flags.append("di antara")      # "… berada di antara korban meninggal"
            comp = registry[measure].cues
            if any(w.low in comp.after_words for w in ws[start:hi]) or match_any(ws, start, hi, comp.after_phrases):
                subcount_flags.append("dirawat")     # hospitalised: part of a stated injured total
            if match_any(ws, lo, hi, comp.clause_phrases):
                subcount_flags.append("severity")    # "Tiga korban luka dalam kondisi kritis": part of a total
            if trig is not None and trig.relative and cls in ("person", "bare") and trig.start > noun_end:
                subcount_flags.append("restated")    # "Tiga orang yang tewas itu adalah …": the toll said again
            single = value == 1 and ws[start].low in ONE_PERSON and noun_end > end and \
                ws[end].low in SPECIFIC_PERSON
            if part or measures.parenthesised(ws, start, end):
                subcount_flags.append("part")       # "… termasuk di Oblast Kursk (12)": a region's part
            sent_cands.append((start, end, value, measure, qualifier, cls, weapon, trig, lo, hi, q_start,
                               subcount_flags, single, noun_end))
            prev = (noun_end, measure, qualifier, cls, q_word is not None or prev is not None and prev[4] and
                    qualifier != "exact")

        exclusive = [(c[8], c[9]) for c in sent_cands if {"di antaranya", "part"} & set(c[11])]
        for (start, end, value, measure, qualifier, cls, weapon, trig, lo, hi, q_start, flags, single,
             noun_end) in sent_cands:
            munition = registry.is_munition(measure)
            excl = [r for r in exclusive if r != (lo, hi)]
            # attacker: sentence cues, then the side whose territory the sentence names, then the
            # paragraph's and the article's cues, then the inherited place's side
            cues = cues_per[si]
            attacker = attackers.nearest_side(cues, start, strong_only=True) or attackers.nearest_side(cues, start)
            first_attacker = attacker
            located, how = context.locate(ctxs, si, (lo, hi), excl, art_places, attacker, munition)
            if attacker is None and how in ("clause", "sentence", "capital", "paragraph") and located.country in ("RU", "UA") \
                    and not context.is_occupied(located) and located.precision != "country":
                attacker = _other(located.country)
            if attacker is None:
                attacker = _paragraph_side(sents, cues_per, si)
            if attacker is None:
                attacker = article_side
            if attacker is None and located.country in ("RU", "UA"):
                # the side whose territory it is defends; occupied territory is struck by Ukraine
                attacker = "UA" if context.is_occupied(located) else _other(located.country)
            if attacker != first_attacker:
                located, how = context.locate(ctxs, si, (lo, hi), excl, art_places, attacker, munition)
            if located.country is None and attacker:
                # districts come from the gazetteer without a country: the defending side's
                located = dataclasses.replace(located, country=_other(attacker))
            event_date, basis = context.choose_date(ctxs, si, start, lead_date, published, (lo, hi))
            if (event_date and lead_date and event_date > lead_date[0]
                    and any(w.low in REVISION for w in ws[lo:start])):
                # "Sabtu siang, korban meninggal bertambah hingga tujuh": a revised toll keeps the
                # date of the strike it revises, not the day it was revised
                event_date, basis = lead_date
            ev_lo = min([start, q_start] + ([trig.start] if trig else []))
            ev_hi = max([noun_end, end] + ([trig.start + trig.length] if trig else []))
            # "Di Sumy dan Poltava, masing-masing tiga orang terluka": one claim per place
            each = context.each_places(ctxs[si], min(start, q_start), (lo, hi)) or [(located, how)]
            for n_place, (located, how) in enumerate(each):
                claim = Claim(
                    article_id=article.article_id, sentence_idx=s.idx, measure=measure, value=int(value),
                    qualifier=qualifier, weapon=weapon, attacker=attacker,
                    place_text=located.place_text, place_id=located.place_id, place_name=located.name,
                    place_precision=located.precision, admin_area=located.admin_area, country=located.country,
                    latitude=located.latitude, longitude=located.longitude,
                    event_date=event_date, date_basis=basis, reporter=reporters.reporter_of(ws, start),
                    evidence=s.text, evidence_span=_evidence(ws, text, ev_lo, ev_hi),
                    token_ids=[tid for w in ws[start:end] for tid in w.ids],
                )
                own_place = how in ("clause", "capital") and located.name is not None
                cands.append(dedup.Candidate(claim, order=s.idx * 10_000 + start * 10 + n_place, casualty=not munition,
                                             subcount=bool(set(flags) - {"part"}), own_place=own_place, single_person=single,
                                             flags=flags, paragraph=s.paragraph_idx))
    return dedup.resolve(cands)
