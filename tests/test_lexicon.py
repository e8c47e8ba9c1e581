"""The vocabulary as data (src/kabar/nlp/lang/id): one definition per concept, concepts that must not
share words don't, every concept is read, the measure registry follows the code list — and a new
measure needs only its code-list row, its vocabulary file and its tests."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from kabar.errors import KabarError
from kabar.nlp import lexicon
from kabar.nlp.parsed import ArticleParse, Sentence, Token
from kabar.vocab import codes

NLP = Path(lexicon.__file__).parent
LEX = lexicon.load()


def words_of_phrases(name: str) -> set[str]:
    return {p for p in LEX.words(name) if " " not in p}


# pairs of concepts that name different things, so no word may be in both
DISJOINT = [
    ("units", "person_nouns"), ("units", "weapons"), ("person_nouns", "weapons"), ("units", "classifiers.person"),
    ("qualifiers.at_least", "qualifiers.more_than"), ("qualifiers.at_least", "qualifiers.about"),
    ("qualifiers.at_least", "qualifiers.at_most"), ("qualifiers.more_than", "qualifiers.about"),
    ("qualifiers.more_than", "qualifiers.at_most"), ("qualifiers.about", "qualifiers.at_most"),
    ("institutions", "officials"), ("anaphora.part", "anaphora.more"), ("weapons.drone", "weapons.missile"),
    ("place_cues.admin_before", "place_cues.district_before"), ("countries", "capitals"),
    ("attack_verbs", "intercept_verbs"), ("reporter_after", "reporter_verbs"),
]


def _words(name: str) -> set[str]:
    if name == "classifiers.person":
        return set(LEX.words("classifiers") & LEX.words("person_nouns"))
    if name in ("officials", "countries", "capitals"):
        return set(LEX.keys(name))
    return set(LEX.words(name))


@pytest.mark.parametrize("a, b", DISJOINT, ids=[f"{a}-{b}" for a, b in DISJOINT])
def test_concepts_that_name_different_things_share_no_word(a, b):
    assert _words(a) & _words(b) == set()


def test_units_hold_no_people_and_months_are_in_one_list():
    assert "tawanan" not in LEX.words("units")
    assert not LEX.words("units") & LEX.keys("months")
    assert LEX.words("described_persons") <= LEX.words("person_nouns")


def test_triggers_belong_to_one_measure():
    seen: dict[str, str] = {}
    for measure in LEX.measures:
        for phrase in measure.triggers + measure.weak_triggers:
            assert seen.setdefault(phrase, measure.key) == measure.key, (phrase, measure.key, seen[phrase])


def test_every_concept_is_read_by_the_code():
    source = "\n".join(p.read_text(encoding="utf-8") for p in NLP.rglob("*.py"))
    quoted = set(re.findall(r"""["']([a-z_]+)(?:\.[a-z_]+)?["']""", source))
    assert sorted(set(LEX.concepts) - quoted) == []


def test_a_concept_defined_twice_is_an_error(tmp_path):
    shutil.copytree(lexicon.lang_folder(), tmp_path / "xx")
    (tmp_path / "xx" / "extra.yaml").write_text("units: [meter]\n", encoding="utf-8")
    with pytest.raises(KabarError, match="nouns.yaml: concept 'units' is already defined in extra.yaml"):
        lexicon.Lexicon(tmp_path / "xx")


def test_the_registry_follows_the_code_list():
    rows = codes("measures")
    assert [m.key for m in sorted(LEX.measures, key=lambda m: [r["key"] for r in rows].index(m.key))] == \
        [r["key"] for r in rows]
    assert {m.key: m.category for m in LEX.measures} == {r["key"]: r["category"] for r in rows}


def test_a_measure_without_its_vocabulary_file_is_an_error(tmp_path):
    shutil.copytree(lexicon.lang_folder(), tmp_path / "xx")
    (tmp_path / "xx" / "measures" / "lost.yaml").unlink()
    with pytest.raises(KabarError, match="no vocabulary file for the measures \\['lost'\\]"):
        lexicon.Lexicon(tmp_path / "xx")


# --- a new measure in three places: its code-list row, its vocabulary file, its tests ---------------

CAPTURED = """\
measure: captured
order: 7
nouns: [person]
triggers: [menangkap, ditangkap, menawan, ditawan]
"""


@pytest.fixture
def with_captured(tmp_path):
    """The shipped vocabulary plus measures/captured.yaml, and the code list plus its row."""
    folder = tmp_path / "id"
    shutil.copytree(lexicon.lang_folder(), folder)
    (folder / "measures" / "captured.yaml").write_text(CAPTURED, encoding="utf-8")
    rows = codes("measures") + [{"key": "captured", "category": "casualty", "description": "Prisoners taken"}]
    return lexicon.Lexicon(folder, rows)


def tokens_only_article(text: str) -> ArticleParse:
    tokens, pos = [], 0
    for i, t in enumerate(text.replace(".", " .").split()):
        start = text.index(t, pos)
        tokens.append(Token(i + 1, t, None, None, None, None, start, start + len(t)))
        pos = start + len(t)
    return ArticleParse("a", text, sentences=(Sentence(0, 0, text, 0, len(text), tuple(tokens), parsed=False),))


def test_a_new_measure_is_extracted_from_its_registry_entry_and_vocabulary(with_captured):
    from kabar.nlp.claims import extract_claims

    article = tokens_only_article("Ukraina menangkap 12 tentara Rusia di dekat Kharkiv.")
    assert extract_claims(article) == []                           # the shipped registry has no such measure
    with lexicon.using(with_captured):
        (claim,) = extract_claims(article)
    assert (claim.measure, claim.value, claim.qualifier, claim.weapon) == ("captured", 12, "exact", None)
    assert claim.evidence_span == "menangkap 12 tentara"


@pytest.mark.slow
def test_a_new_measure_goes_through_the_fast_path(with_captured, stanza_dir):
    from kabar.nlp import extract

    text = "Pasukan Ukraina menangkap 12 tentara Rusia di dekat Kharkiv, kata militer."
    with lexicon.using(with_captured):
        claims = extract.fast_extract([text], stanza_dir)["doc-0"]
    assert [(c.measure, c.value) for c in claims] == [("captured", 12)]


# --- the shape of the code ----------------------------------------------------------------------

MAX_FUNCTION_LINES = 80


def test_no_function_in_the_nlp_package_is_longer_than_80_lines():
    long = []
    for path in sorted(NLP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(NLP)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []
