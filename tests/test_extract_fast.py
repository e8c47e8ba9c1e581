"""Parse on demand: only what the rules can use is parsed — and the claims are exactly the naive path's.

kabar.nlp.ondemand's sentence test on sentences written for it (tokenizer only, no model), then the real
offline Stanza model and the real rules over the seeds and dev articles: fast path == full pipeline per
article, on every claim field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.nlp import extract
from kabar.nlp import claims as rules
from kabar.nlp.model import load_pipeline
from kabar.nlp.ondemand import why_not
from kabar.nlp.parsed import Sentence, Token
from kabar.nlp.rules.words import words_of

# --- which sentences the rules could take a claim from (surface words only) -----------------------


def tokens_only(sentence: str) -> list:
    """The rules' words of a tokenizer-only sentence: punctuation split off the words."""
    texts = []
    for w in sentence.split():
        core = w.rstrip(".,;:")
        texts += [core, *w[len(core):]] if core else [w]
    tokens, pos = [], 0
    for i, t in enumerate(texts):
        start = sentence.index(t, pos)
        tokens.append(Token(i + 1, t, None, None, None, None, start, start + len(t)))
        pos = start + len(t)
    return words_of(Sentence(0, 0, sentence, 0, len(sentence), tuple(tokens), parsed=False))


@pytest.mark.parametrize("sentence", [
    "Serangan drone Rusia menewaskan 3 orang di Kharkiv.",
    "Sedikitnya tujuh warga sipil tewas dalam serangan itu.",
    "Pasukan Ukraina menembak jatuh 45 drone semalam.",
    "Sebanyak 38 dari 46 drone Shahed di wilayah Odesa.",            # 'launched' without a verb
    "Drone ketujuh dicegat di atas Kyiv.",                             # an ordinal on a weapon
    "Rudal jelajah sebanyak tiga unit menabraknya.",                   # lemma-only trigger (tabrak)
    "Sebanyak 2024 drone dikerahkan.",                                 # a 'year' on a weapon is counted
])
def test_sentences_the_rules_resolve_need_the_parse(sentence):
    assert why_not(tokens_only(sentence), sentence) is None


@pytest.mark.parametrize("sentence, reason", [
    ("Cuaca di Kyiv cerah pada pagi hari.", "no count"),
    ("Serangan yang menewaskan warga terjadi Selasa (21/5/2025) pukul 03.00.", "no count"),
    ("Pada tahun 2024, kota itu diserang.", "no count"),
    ("Kota itu berjarak 1.000 km dari perbatasan dan 50 persen warganya mengungsi.", "no count"),
    ("Puluhan drone terlihat di langit.", "no count"),                 # vague: no value
    ("Salah satu drone jatuh di ladang.", "no count"),
    ("Tidak seorang pun terluka.", "no count"),                        # a zero statement
    ("Sebanyak 20 orang berkumpul di alun-alun kota.", "no trigger"),
    ("Sejak awal invasi, 12.000 warga sipil tewas.", "cumulative"),
])
def test_sentences_without_a_resolvable_count_skip_the_parse(sentence, reason):
    assert why_not(tokens_only(sentence), sentence) == reason


def test_parse_processors_from_env_then_rules(monkeypatch):
    from kabar.errors import KabarError

    monkeypatch.delenv(extract.ENV_PROCESSORS, raising=False)
    assert extract.parse_processors() == "pos,lemma"          # what kabar.nlp.claims declares
    monkeypatch.setenv(extract.ENV_PROCESSORS, "pos,lemma,depparse")
    assert extract.parse_processors() == "pos,lemma,depparse"
    monkeypatch.setenv(extract.ENV_PROCESSORS, "lemma,ner")
    with pytest.raises(KabarError, match=extract.ENV_PROCESSORS):
        extract.parse_processors()


# --- the real model: fast path == naive path ----------------------------------------------------


def _records(shared_dir: Path, seeds_dir: Path, n_dev: int) -> list[dict]:
    records = [{"article_id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(seeds_dir.glob("*.txt"))]
    for line in (shared_dir / "eval" / "dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:n_dev]:
        d = json.loads(line)
        records.append({"article_id": d["id"], "text": d["text"], "title": d.get("title"),
                        "published_at": d.get("published_at")})
    return records


@pytest.fixture(scope="module")
def both_paths(shared_dir, seeds_dir, stanza_dir):
    pipeline, _ = load_pipeline(stanza_dir)
    records = _records(shared_dir, seeds_dir, 5)
    for r in records:
        if r.get("published_at"):
            from datetime import datetime
            r["published_at"] = datetime.fromisoformat(r["published_at"])
    extract.clear_parse_cache()
    fast, n_parsed = extract.parse_articles(pipeline, records)
    return records, fast, n_parsed, extract.parse_articles_naive(pipeline, records)


@pytest.mark.slow
def test_fast_path_claims_equal_the_full_pipeline_per_article(both_paths):
    _, fast, _, naive = both_paths
    fast_claims = [extract.run_rules(p) for p in fast]
    naive_claims = [extract.run_rules(p) for p in naive]
    assert sum(map(len, naive_claims)) > 20
    assert fast_claims == naive_claims                     # Claim dataclasses: every field


@pytest.mark.slow
def test_selected_sentences_carry_the_full_pipelines_tags_and_lemmas(both_paths):
    records, fast, n_parsed, naive = both_paths
    total = parsed = 0
    for r, f, n in zip(records, fast, naive):
        assert [s.text for s in f.sentences] == [s.text for s in n.sentences]
        for fs, ns in zip(f.sentences, n.sentences):
            total += 1
            assert [(t.id, t.text, t.start_char, t.end_char) for t in fs.tokens] == \
                   [(t.id, t.text, t.start_char, t.end_char) for t in ns.tokens]
            if fs.parsed:
                parsed += 1
                assert [(t.upos, t.lemma, t.feats) for t in fs.tokens] == [(t.upos, t.lemma, t.feats) for t in ns.tokens]
                assert all(t.head is None for t in fs.tokens)     # no parser: the rules read no heads
                assert why_not(words_of(fs, r["text"]), fs.text) is None
            else:
                assert all(t.lemma is None and t.upos is None for t in fs.tokens)
    assert parsed == n_parsed and 0 < parsed < total / 2


@pytest.mark.slow
def test_a_sentence_seen_before_gets_the_same_annotations(stanza_dir):
    """The memo: a repeated sentence (another article, a later batch) is not parsed again, same tags."""
    pipeline, _ = load_pipeline(stanza_dir)
    shared = "Serangan drone Rusia menewaskan 3 orang dan melukai 12 lainnya di Kharkiv."
    first = [{"article_id": "a", "text": f"{shared}\n\nWali kota mengatakan 5 orang dirawat."}]
    second = [{"article_id": "b", "text": f"Pada Senin malam, 40 drone diluncurkan.\n\n{shared}"}]
    every = extract.any_number            # parse every sentence with a number: the memo is what is tested
    extract.clear_parse_cache()
    cold = extract.parse_articles(pipeline, second, select=every)[0][0].sentences[1]
    extract.clear_parse_cache()
    extract.parse_articles(pipeline, first, select=every)
    warm = extract.parse_articles(pipeline, second, select=every)[0][0].sentences[1]
    extract.clear_parse_cache()
    assert warm.parsed and warm.tokens == cold.tokens
    assert [t.lemma for t in warm.tokens if t.text == "menewaskan"] == [t.lemma for t in cold.tokens
                                                                        if t.text == "menewaskan"]


# --- parse on demand: the rules' questions decide which sentences get the parse -------------------


def _tokens_only(sentence: str, parsed: bool = False, upos: str | None = None, lemma: str | None = None):
    from kabar.nlp.parsed import Sentence, Token

    tokens, pos = [], 0
    for i, t in enumerate(sentence.split()):
        tokens.append(Token(id=i + 1, text=t, lemma=lemma if parsed else None, upos=upos if parsed else None,
                            head=None, deprel=None, start_char=pos, end_char=pos + len(t)))
        pos += len(t) + 1
    return Sentence(idx=4, paragraph_idx=0, text=sentence, start_char=0, end_char=pos - 1, tokens=tuple(tokens),
                    parsed=parsed)


def test_an_unparsed_word_notes_the_parse_questions_asked_of_it():
    from kabar.nlp.rules import probe
    from kabar.nlp.rules.measures import BARE_POS, registry

    LEMMAS, LEMMA_STEMS = registry().lemma_measures, registry().lemma_stems
    unparsed = words_of(_tokens_only("Rudal menabraknya gudang"))
    with probe.recording() as reads:
        assert unparsed[2].pos_in(BARE_POS) is False              # the tokenizer-only answer, as before
        assert unparsed[1].lemma_value(LEMMAS, LEMMA_STEMS) is None
        assert unparsed[0].lemma_value(LEMMAS, LEMMA_STEMS) is None   # no stem in "rudal": not a question
        assert unparsed[0].pos is None
    assert [(r.sentence, r.word, r.question, r.answer) for r in reads] == [
        (4, 2, "pos_in", False), (4, 1, "lemma_value", None), (4, 0, "pos", None)]
    parsed = words_of(_tokens_only("Rudal menabraknya gudang", parsed=True, upos="VERB", lemma="tabrak"))
    with probe.recording() as later:
        assert [r.ask(parsed[r.word]) for r in reads] == [True, "hit", "VERB"]   # the parse answers otherwise
    assert later == []                                          # parsed words note nothing
    assert unparsed[2].pos_in(BARE_POS) is False                # outside recording(): nothing kept, same answer


def test_the_rules_read_parses_only_through_the_word_questions():
    """A rule reading lemma/UPOS/tree fields directly would bypass the probes and get tokenizer-only
    answers on the fast path: no rule module may touch those attributes (words.py defines the questions)."""
    import ast

    from kabar.nlp import claims as rules_module
    from kabar.nlp import ondemand
    from kabar.nlp.rules import words as words_module

    forbidden = {"lemmas", "upos", "lemma", "head", "deprel", "feats", "xpos", "children"}
    rule_files = sorted(Path(words_module.__file__).parent.glob("*.py")) + [Path(rules_module.__file__),
                                                                           Path(ondemand.__file__)]
    offenders = []
    for path in rule_files:
        if path.name in ("words.py", "probe.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in forbidden:
                offenders.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert len(rule_files) > 8 and offenders == []


@pytest.mark.slow
def test_a_sentence_is_parsed_when_its_answer_changes_the_claims(stanza_dir):
    """Lemma-only trigger ("menabraknya" <- tabrak): without the parse the rules see no verb; they ask,
    the sentence is parsed, the answer changes, the rules run again and find the claim."""
    pipeline, _ = load_pipeline(stanza_dir)
    record = {"article_id": "t1", "text": "Rusia meluncurkan serangan ke Odesa pada Senin.\n\n"
                                          "Rudal jelajah sebanyak tiga unit menabraknya."}
    fast, n_parsed = extract.parse_articles(pipeline, [record])
    naive = extract.parse_articles_naive(pipeline, [record])
    tokens_only, _ = extract.parse_articles(pipeline, [record], select=lambda words, text: False)
    assert [s.parsed for s in fast[0].sentences] == [False, True] and n_parsed == 1
    assert extract.run_rules(fast[0]) == extract.run_rules(naive[0])
    assert ("hit", 3) in {(c.measure, c.value) for c in extract.run_rules(fast[0])}
    assert ("hit", 3) not in {(c.measure, c.value) for c in extract.run_rules(tokens_only[0])}


@pytest.mark.slow
def test_on_demand_parses_a_subset_of_the_up_front_selection(both_paths, stanza_dir, monkeypatch):
    records, fast, n_parsed, naive = both_paths
    pipeline, _ = load_pipeline(stanza_dir)
    monkeypatch.setattr(rules, "PARSE_ON_DEMAND", False)         # every sentence the rules could use, up front
    up_front, n_up_front = extract.parse_articles(pipeline, records)
    on_demand = {(p.article_id, s.idx) for p in fast for s in p.sentences if s.parsed}
    chosen = {(p.article_id, s.idx) for p in up_front for s in p.sentences if s.parsed}
    assert on_demand <= chosen and len(on_demand) == n_parsed < n_up_front
    assert [extract.run_rules(p) for p in up_front] == [extract.run_rules(p) for p in naive]


@pytest.mark.slow
def test_the_lemmatizer_gives_a_registry_lemma_only_to_words_containing_its_stem(shared_dir, seeds_dir, stanza_dir):
    """The one assumption of kabar.nlp.ondemand not read off the rules: an unparsed word without a lemma
    stem (less its first letter) never gets a lemma the measure registry knows once parsed."""
    from kabar.nlp.rules.measures import registry

    pipeline, _ = load_pipeline(stanza_dir)
    records = [{"article_id": r["article_id"], "text": r["text"]} for r in _records(shared_dir, seeds_dir, 15)]
    records += [{"article_id": d["id"], "text": d["text"]} for d in map(json.loads, (
        Path(__file__).parent / "data" / "heldout" / "articles.jsonl").read_text(encoding="utf-8").splitlines())]
    parses, _ = extract.parse_articles(pipeline, records, processors="pos,lemma", select=lambda words, text: True)
    reg = registry()
    checked = 0
    for parse in parses:
        for sentence in parse.sentences:
            for w in words_of(sentence, parse.text):
                if any(lem in reg.lemma_measures for lem in w.lemmas):
                    checked += 1
                    assert any(stem in w.low for stem in reg.lemma_stems), (w.text, w.lemmas)
    assert checked > 20
