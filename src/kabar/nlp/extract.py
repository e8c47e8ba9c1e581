"""The extract stage: Stanza + claim rules over the articles not yet processed.

Fast path (`extract_batch`), per batch of articles: one tokenize+mwt pass over all the batch's texts
(Stanza bulk processing); then the claim rules with parse on demand (kabar.nlp.ondemand.OnDemand):
only the sentences whose tags or lemmas could change a claim get pos+lemma, all of a batch's in one
Stanza call over the tokenized sentences themselves (kabar.nlp.compat.document_over); a sentence this
process has annotated before is not parsed again (the tagger and lemmatizer read only its words).
Sentences never asked about keep tokenizer-only tokens (Sentence.parsed = False). The rules read no
dependency tree, so the parser never runs on this path; KABAR_PARSE_PROCESSORS=pos,lemma,depparse
stores trees for the parsed sentences. Rules that do not declare PARSE_ON_DEMAND (a stand-in in the
plumbing tests) and callers passing `select` get the sentences chosen up front instead.
`naive_extract` is the full pipeline called once per article, every sentence parsed: the benchmark's
baseline. Both paths give identical claims (tests/test_extract_fast.py, the benchmark).

Pieces, so a Dask flow can fan out the parsing and keep one writer:
  pending_article_ids(work_db)  -> ids to do          (DB read)
  load_articles(work_db, ids)   -> plain records      (DB read)
  process_articles(records)     -> BatchResult        (no DB; cached pipeline per worker process)
  store_batch(work_db, result)                        (DB write, one transaction)
`extract_pending` composes them, one batch at a time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import weakref
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, timezone
from pathlib import Path

from kabar.errors import KabarError
from kabar.nlp import version
from kabar.nlp.batches import (BatchResult, failure_row, iter_article_frames, load_article_frame,
                               pending_article_ids as _pending_ids, store_batch)
from kabar.nlp.claim import Claim
from kabar.nlp.compat import document_over
from kabar.nlp.model import load_pipeline, resolve_model
from kabar.nlp.numbers import is_number_token, ordinal_value
from kabar.nlp.parsed import ArticleParse, Token, from_stanza

log = logging.getLogger(__name__)

__all__ = ["ExtractReport", "BatchResult", "extract_pending", "pending_article_ids", "load_articles",
           "process_articles", "store_batch", "parse_articles", "parse_articles_naive", "fast_extract",
           "naive_extract", "any_number", "select_sentences", "parse_processors", "annotate",
           "clear_parse_cache", "claim_id", "claim_row"]

# what selected sentences get after tokenization: KABAR_PARSE_PROCESSORS, else what the rules module
# declares (kabar.nlp.claims.PARSE_PROCESSORS), else all three
PARSE_PROCESSORS = "pos,lemma,depparse"
ENV_PROCESSORS = "KABAR_PARSE_PROCESSORS"
_PARSE_ORDER = ("pos", "lemma", "depparse")

# --- sentence selection -------------------------------------------------------------------------


def parse_processors() -> str:
    """The processors selected sentences get: KABAR_PARSE_PROCESSORS, else the rules' PARSE_PROCESSORS
    when declared, else all three."""
    from kabar.nlp import claims as rules

    raw, where = os.environ.get(ENV_PROCESSORS), ENV_PROCESSORS
    if not raw:
        raw, where = getattr(rules, "PARSE_PROCESSORS", PARSE_PROCESSORS), "kabar.nlp.claims.PARSE_PROCESSORS"
    wanted = {p.strip() for p in str(raw).split(",") if p.strip()}
    unknown = wanted - set(_PARSE_ORDER)
    if unknown:
        raise KabarError(f"{where} names unknown processors {sorted(unknown)}; "
                         f"choose from {', '.join(_PARSE_ORDER)}")
    if wanted & {"lemma", "depparse"}:
        wanted.add("pos")          # this model's lemmatizer and parser read the tags
    return ",".join(p for p in _PARSE_ORDER if p in wanted)


def any_number(words, text: str | None = None) -> bool:
    """A `select` for parse_articles: every sentence with a digit, a number word or an ordinal."""
    return any(is_number_token(w) or ordinal_value(w) is not None for w in words)


def select_sentences(docs, texts: list[str], select) -> list[tuple[int, int]]:
    """(article index, sentence index) of the tokenized sentences `select(surface words, text)` keeps."""
    wanted = []
    for i, (doc, text) in enumerate(zip(docs, texts)):
        for j, sent in enumerate(doc.sentences):
            lo, hi = sent.tokens[0].start_char, sent.tokens[-1].end_char
            if select([text[t.start_char:t.end_char] for t in sent.tokens], text[lo:hi]):
                wanted.append((i, j))
    return wanted


def _could_claim(parse: ArticleParse) -> list[int]:
    """The sentences of an article whose parse could change the project rules' claims."""
    from kabar.nlp.claims import boilerplate_paragraphs
    from kabar.nlp.ondemand import could_claim

    boiler = boilerplate_paragraphs(parse.text)
    return [j for j in range(len(parse.sentences)) if could_claim(parse, j, boiler)]


# --- parsing ------------------------------------------------------------------------------------


def _as_records(items) -> list[dict]:
    """Records as dicts (article_id, text, ...); plain strings become {'article_id': 'doc-<i>', 'text': s}."""
    return [item if isinstance(item, dict) else {"article_id": f"doc-{i}", "text": str(item)}
            for i, item in enumerate(items)]


def _to_parse(doc, record: dict, parses: dict | None = None) -> ArticleParse:
    return from_stanza(doc, record["article_id"], record["text"], title=record.get("title"),
                       published_at=record.get("published_at"), parses=parses,
                       published_date=_as_date(record.get("published_date")))


def _empty_parse(record: dict) -> ArticleParse:
    published_at = record.get("published_at")
    return ArticleParse(article_id=record["article_id"], text=record["text"], title=record.get("title"),
                        published_at=published_at,
                        published_date=_as_date(record.get("published_date")))


def parse_articles(pipeline, records: list[dict], processors: str | None = None,
                   select=None) -> tuple[list[ArticleParse], int]:
    """Fast path: (one ArticleParse per record, number of sentences given the parse).

    processors: what the parsed sentences get (default: parse_processors(), what the rules need);
    select: None — the sentences the rules ask a parse question about (extract_batch); or a function
    (surface words, sentence text) -> bool choosing them up front (see select_sentences).
    """
    batch = extract_batch(pipeline, records, processors, select)
    return batch.parses, batch.parsed_sentences


@dataclass
class BatchParse:
    parses: list[ArticleParse]            # one per record, in order
    claims: list[list[Claim]]             # the rules' claims of each
    parsed_sentences: int = 0             # sentences given the parse processors
    seconds_rules: float = 0.0            # of the batch's time, spent in the claim rules
    errors: dict = field(default_factory=dict)   # article id -> the exception its rules raised


def extract_batch(pipeline, records: list[dict], processors: str | None = None, select=None) -> BatchParse:
    """Tokenize a batch in one Stanza call, parse only what the rules need, and run the rules.

    With `select` (or rules that do not declare PARSE_ON_DEMAND) the sentences to parse are chosen up
    front (`select`, else those the project rules could take a claim from) and the rules run once;
    else parse on demand (kabar.nlp.ondemand.OnDemand).
    """
    from stanza.models.common.doc import Document

    from kabar.nlp.ondemand import OnDemand

    processors = processors if processors is not None else parse_processors()
    live = [r for r in records if r["text"].strip()]
    docs = pipeline.process([Document([], text=r["text"]) for r in live], processors="tokenize,mwt") if live else []
    batch = BatchParse(parses=[], claims=[])
    timer = _RulesTimer(batch.errors)

    def annotate_pairs(pairs: list[tuple[int, int]]) -> None:
        annotate(pipeline, [docs[a].sentences[j] for a, j in pairs], processors)

    on_demand = select is None and processors and getattr(_rules_module(), "PARSE_ON_DEMAND", False)
    parses = [_to_parse(doc, r) for r, doc in zip(live, docs)]
    if on_demand:
        run = OnDemand(parses, lambda a: _to_parse(docs[a], live[a]), annotate_pairs, timer(run_rules))
        claims = run.run()
        parses, batch.parsed_sentences = run.parses, run.parsed_sentences
    else:
        wanted = (select_sentences(docs, [r["text"] for r in live], select) if select is not None else
                  [(a, j) for a, p in enumerate(parses) for j in _could_claim(p)]) if processors else []
        if wanted:
            annotate_pairs(wanted)
        parses = [_to_parse(doc, r) for r, doc in zip(live, docs)]
        claims = [timer(run_rules)(p) for p in parses]
        batch.parsed_sentences = len(wanted)
    by_id = {r["article_id"]: (p, c) for r, p, c in zip(live, parses, claims)}
    for r in records:
        parse, found = by_id.get(r["article_id"]) or (_empty_parse(r), None)
        batch.parses.append(parse)
        batch.claims.append(found if found is not None else timer(run_rules)(parse))
    batch.seconds_rules = timer.seconds
    return batch


class _RulesTimer:
    """Wraps the rules to add up the time spent in them and to keep an article's error to itself: an
    article whose rules raise gets no claims and its error in `errors` (its batch goes on)."""

    def __init__(self, errors: dict) -> None:
        self.seconds = 0.0
        self.errors = errors

    def __call__(self, rules):
        def timed(parse):
            started = time.perf_counter()
            try:
                claims = rules(parse)
                self.errors.pop(parse.article_id, None)
                return claims
            except Exception as exc:
                log.warning("claim rules failed on article %s: %s: %s", parse.article_id,
                            type(exc.__cause__ or exc).__name__, exc.__cause__ or exc)
                self.errors[parse.article_id] = exc
                return []
            finally:
                self.seconds += time.perf_counter() - started
        return timed


def _rules_module():
    from kabar.nlp import claims
    return claims


INT64_MIN, INT64_MAX = -2**63, 2**63 - 1
# word fields the parse processors set (pos: upos/xpos/feats, lemma, depparse: head/deprel)
_FIELDS = ("upos", "xpos", "feats", "lemma", "head", "deprel")
_CACHE_SIZE = 20_000      # sentences remembered per pipeline and processors (a few MB); 0: no memo
_caches: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def annotate(pipeline, sentences: list, processors: str) -> None:
    """Run `processors` over tokenized Stanza sentences, annotating their words in place.

    The sentences may come from many documents: they go through Stanza as one Document that views
    them (no copy). A sentence whose words were annotated before by this pipeline and processors —
    the same sentence in another article (agency copy, boilerplate), in this batch or an earlier
    one — gets the remembered annotations instead: the tagger and lemmatizer read nothing but the
    sentence's words, so they would give the same.
    """
    if _CACHE_SIZE <= 0:          # memo off (benchmarks: the cost without it)
        pipeline.process(document_over(sentences), processors=processors)
        return
    cache = _caches.setdefault(pipeline, {}).setdefault(processors, OrderedDict())
    todo, firsts = [], {}
    for sent in sentences:
        key = tuple(w.text for w in sent.words)
        if key in cache or key in firsts:
            continue
        firsts[key] = sent
        todo.append(sent)
    if todo:
        pipeline.process(document_over(todo), processors=processors)
        for key, sent in firsts.items():
            cache[key] = tuple(tuple(getattr(w, f) for f in _FIELDS) for w in sent.words)
    for sent in sentences:
        key = tuple(w.text for w in sent.words)
        cache.move_to_end(key)
        if firsts.get(key) is sent:
            continue
        for word, values in zip(sent.words, cache[key]):
            for f, v in zip(_FIELDS, values):
                if v is not None:
                    setattr(word, f, v)
    while len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)


def clear_parse_cache() -> None:
    """Forget remembered sentence annotations (benchmarks: each timed run starts cold)."""
    _caches.clear()


def parse_articles_naive(pipeline, records: list[dict]) -> list[ArticleParse]:
    """Baseline: the full pipeline called once per article, every sentence parsed."""
    return [_to_parse(pipeline(r["text"]), r) if r["text"].strip() else _empty_parse(r) for r in records]


# --- rules --------------------------------------------------------------------------------------


def run_rules(parse: ArticleParse) -> list[Claim]:
    """The claim rules (kabar.nlp.claims.extract_claims, looked up at call time) on one article."""
    from kabar.nlp import claims as rules

    try:
        return list(rules.extract_claims(parse))
    except Exception as exc:
        raise KabarError(f"claim rules failed on article {parse.article_id}: {type(exc).__name__}: {exc}") from exc


def fast_extract(items, stanza_dir: Path | str | None = None) -> dict[str, list[Claim]]:
    """Claims per article id via the fast path (records or plain texts)."""
    pipeline, _ = load_pipeline(stanza_dir)
    parses, _ = parse_articles(pipeline, _as_records(items))
    return {p.article_id: run_rules(p) for p in parses}


def naive_extract(items, stanza_dir: Path | str | None = None) -> dict[str, list[Claim]]:
    """Claims per article id via the naive baseline (full pipeline per article, then the same rules)."""
    pipeline, _ = load_pipeline(stanza_dir)
    return {p.article_id: run_rules(p) for p in parse_articles_naive(pipeline, _as_records(items))}


# --- rows ---------------------------------------------------------------------------------------


def claim_id(article_id: str, extractor_version: str, sentence_idx: int, measure: str, value: int,
             token_ids) -> str:
    """Stable id of a claim: the same claim from a re-run gets the same id."""
    key = json.dumps([article_id, extractor_version, sentence_idx, measure, int(value), list(token_ids or [])])
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def claim_row(claim: Claim, extractor_version: str) -> dict:
    row = asdict(claim)
    row["token_ids"] = json.dumps(list(claim.token_ids or []))
    row["event_date"] = _as_date(claim.event_date)
    row["value"] = claim.value if INT64_MIN <= claim.value <= INT64_MAX else None   # the gate holds it back
    row["claim_id"] = claim_id(claim.article_id, extractor_version, claim.sentence_idx, claim.measure,
                               claim.value, claim.token_ids)
    row["extractor_version"] = extractor_version
    return row


def _sentence_rows(parse: ArticleParse, extractor_version: str) -> list[dict]:
    return [{"article_id": parse.article_id, "sentence_idx": s.idx, "paragraph_idx": s.paragraph_idx,
             "start_char": s.start_char, "end_char": s.end_char, "text": s.text,
             "tokens": _tokens_json(s), "extractor_version": extractor_version}
            for s in parse.sentences]


_TOKEN_FIELDS = tuple(f.name for f in fields(Token))


def _tokens_json(sentence) -> str:
    """The tokens of a sentence as JSON (the nlp.sentences.tokens column)."""
    return json.dumps([{name: getattr(t, name) for name in _TOKEN_FIELDS} for t in sentence.tokens],
                      ensure_ascii=False)


def _as_date(value) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


# --- the Dask-friendly pieces -------------------------------------------------------------------


def process_articles(records: list[dict], stanza_dir: Path | str | None = None) -> BatchResult:
    """Parse and run the rules over one batch of article records. Pure: no database access.

    records: dicts with article_id and text (title, published_at, published_date optional).
    The Stanza pipeline is loaded once per process and reused.
    """
    records = _as_records(records)
    pipeline, model = load_pipeline(stanza_dir)
    extractor_version = version.EXTRACTOR_VERSION
    result = BatchResult(extractor_version=extractor_version, model_version=model.version)
    started = time.perf_counter()
    batch = extract_batch(pipeline, records)
    result.parsed_sentences = batch.parsed_sentences
    result.seconds_parse = time.perf_counter() - started - batch.seconds_rules
    now = datetime.now(timezone.utc)
    for parse, claims in zip(batch.parses, batch.claims):
        if parse.article_id in batch.errors:
            result.failed.append(failure_row(parse.article_id, extractor_version, model.version,
                                             batch.errors[parse.article_id]))
            continue
        rows, seen = [], set()
        for claim in claims:
            row = claim_row(claim, extractor_version)
            if row["claim_id"] in seen:      # the very same claim twice: store it once
                continue
            seen.add(row["claim_id"])
            rows.append(row)
        result.claims += rows
        result.sentences += _sentence_rows(parse, extractor_version)
        result.tokens += sum(len(s.tokens) for s in parse.sentences)
        result.articles.append({"article_id": parse.article_id, "extractor_version": extractor_version,
                                "model_version": model.version, "processed_at": now,
                                "n_sentences": len(parse.sentences), "n_claims": len(rows)})
    result.seconds_rules = time.perf_counter() - started - result.seconds_parse    # rules + rows
    return result


def pending_article_ids(work_db: Path | str, extractor_version: str | None = None,
                        model_version: str | None = None, *, stanza_dir: Path | str | None = None) -> list[str]:
    """Articles without an nlp.processed row for (extractor version, model version); defaults: the current ones."""
    extractor_version = extractor_version or version.EXTRACTOR_VERSION
    model_version = model_version or resolve_model(stanza_dir).version
    return _pending_ids(work_db, extractor_version, model_version)


def load_articles(work_db: Path | str, article_ids: list[str]) -> list[dict]:
    """The articles with these ids as plain records (what process_articles takes)."""
    return load_article_frame(work_db, article_ids).to_dicts() if article_ids else []


# --- the stage ----------------------------------------------------------------------------------


@dataclass
class ExtractReport:
    articles_processed: int = 0
    sentences: int = 0
    claims: int = 0
    failed: int = 0                  # articles whose extraction raised (nlp.failed_articles)
    batches: int = 0
    extractor_version: str = ""
    model_version: str = ""
    seconds: float = 0.0
    pending: int = 0                 # articles waiting when the run started
    parsed_sentences: int = 0        # of `sentences`, those given the full parse
    tokens: int = 0
    model_dir: str = ""
    model_origin: str = ""
    batch_size: int = 0
    seconds_parse: float = 0.0
    seconds_rules: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        rate = self.articles_processed / self.seconds if self.seconds else 0.0
        lines = [
            f"extract: {self.articles_processed} articles in {self.batches} batches of up to {self.batch_size}, "
            f"{self.sentences} sentences ({self.parsed_sentences} fully parsed), {self.claims} claims",
            f"  {self.seconds:.1f} s ({rate:.2f} articles/s; parse {self.seconds_parse:.1f} s, "
            f"rules {self.seconds_rules:.1f} s)",
            f"  extractor {self.extractor_version}, model {self.model_version} from {self.model_dir} "
            f"({self.model_origin})",
        ]
        if self.failed:
            lines.append(f"  {self.failed} article(s) failed and were skipped: see nlp.failed_articles "
                         "(tried again when the extractor or model version changes)")
        if self.pending == 0:
            lines.append("  nothing to do: every article is processed by this extractor and model version")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def extract_pending(work_db: Path | str, *, batch_size: int = 16, stanza_dir: Path | str | None = None,
                    progress: bool = True) -> ExtractReport:
    """Parse and extract claims for every article not yet processed; each batch is stored before the next."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    started = time.perf_counter()
    model = resolve_model(stanza_dir)
    report = ExtractReport(extractor_version=version.EXTRACTOR_VERSION, model_version=model.version,
                           model_dir=str(model.dir), model_origin=model.origin, batch_size=batch_size)
    ids = _pending_ids(work_db, report.extractor_version, model.version)
    report.pending = len(ids)
    n_batches = -(-len(ids) // batch_size)
    log.info("extract: %d articles pending (extractor %s, model %s), %d batches of up to %d",
             len(ids), report.extractor_version, model.version, n_batches, batch_size)
    bar = _progress_bar(len(ids)) if progress and ids else None
    try:
        for n, frame in enumerate(iter_article_frames(work_db, ids, batch_size), 1):
            result = process_articles(frame.to_dicts(), model.dir)
            store_batch(work_db, result)
            report.batches += 1
            report.articles_processed += len(result.articles)
            report.failed += len(result.failed)
            report.sentences += len(result.sentences)
            report.parsed_sentences += result.parsed_sentences
            report.claims += len(result.claims)
            report.tokens += result.tokens
            report.seconds_parse += result.seconds_parse
            report.seconds_rules += result.seconds_rules
            log.info("extract: batch %d/%d stored: %d articles, %d sentences (%d parsed), %d claims, %.1f s",
                     n, n_batches, len(result.articles), len(result.sentences), result.parsed_sentences,
                     len(result.claims), result.seconds_parse + result.seconds_rules)
            if bar is not None:
                bar.update(len(result.articles))
    finally:
        if bar is not None:
            bar.close()
        report.seconds = round(time.perf_counter() - started, 3)
        report.seconds_parse = round(report.seconds_parse, 3)
        report.seconds_rules = round(report.seconds_rules, 3)
    return report


def _progress_bar(total: int):
    from tqdm import tqdm
    return tqdm(total=total, unit="article", desc="extract")
