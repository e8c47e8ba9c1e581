"""The vocabulary of one language, read from its data folder (src/kabar/nlp/lang/<lang>/).

One `Lexicon` holds every concept the rules read — one named list per concept, each defined once in
one YAML file of the folder — and the measure registry: each measure's key and category come from
kabar.vocab (src/kabar/vocab/codes.yaml), its wording from `measures/<key>.yaml` of the folder.
A concept's value is a list of words or phrases, a mapping (word → number, code or roles), a
mapping of named sub-lists (read whole or as "concept.sub"), or a regular expression (a string).

The rules read the active lexicon: `current()`, the default language unless a block runs inside
`using(lexicon)` (tests build one with an extra measure from a folder of their own).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import yaml

from kabar.errors import KabarError
from kabar.nlp.rules.matching import Phrases, phrases

DEFAULT_LANG = "id"
NOUN_CLASSES = ("person", "weapon")          # what a measure may count besides a bare number or an anaphor


@dataclass(frozen=True)
class Measure:
    """One measure: its code-list row and how the language says it."""

    key: str
    category: str                 # casualty | munition (kabar.vocab)
    order: int                    # trigger matching priority (lower first)
    nouns: frozenset[str]         # noun classes it counts (NOUN_CLASSES)
    triggers: Phrases
    weak_triggers: Phrases        # this measure only when nothing more specific is said
    lemmas: tuple[str, ...]
    counted_nouns: frozenset[str] = frozenset()     # a noun that is itself the measure ("23 nyawa")
    pair_total: bool = False      # the Y of "X dari Y" weapon counts
    prefer_after_noun: bool = False
    origin_after: bool = False    # "… dari wilayah Belgorod" after its trigger: where it came from, no place
    composition: dict = field(default_factory=dict)
    # weak triggers of another measure that say this one when the counted weapon is their subject
    # ("sebuah drone menyerang kilang minyak": it struck)
    subject_triggers: Phrases = ()

    @property
    def munition(self) -> bool:
        return self.category == "munition"

    @cached_property
    def cues(self) -> "CompositionCues":
        c = self.composition
        return CompositionCues(frozenset(c.get("after_number_words") or ()),
                               phrases(*(c.get("after_number_phrases") or ())),
                               phrases(*(c.get("clause_phrases") or ())))


@dataclass(frozen=True)
class CompositionCues:
    """What makes a count of this measure part of a stated total: words or phrases after the number
    ("23 korban … dirawat di rumah sakit"), phrases in its clause ("dalam kondisi kritis")."""

    after_words: frozenset[str]
    after_phrases: Phrases
    clause_phrases: Phrases


class MeasureRegistry:
    """The measures in trigger order, with the lookups the rules need."""

    def __init__(self, measures: Iterable[Measure]):
        self.all = tuple(sorted(measures, key=lambda m: (m.order, m.key)))
        self.by_key = {m.key: m for m in self.all}
        # (measure, weak, phrases): strong triggers in measure order, then weak ones
        self.triggers = tuple([(m.key, False, m.triggers) for m in self.all]
                              + [(m.key, True, m.weak_triggers) for m in self.all if m.weak_triggers])
        self.lemma_measures = {lem: m.key for m in self.all for lem in m.lemmas}
        # what a word must contain for the lemmatizer to give it one of `lemma_measures`: the stem less its
        # first letter ("menewaskan" <- tewas, "menabrak" <- tabrak: a nasal prefix replaces it)
        self.lemma_stems = tuple(sorted({s[1:] if len(s) > 3 else s for s in self.lemma_measures}))
        self.counted_nouns = {n: m.key for m in self.all for n in m.counted_nouns}
        self.trigger_firsts = frozenset(p[0] for _, _, group in self.triggers for p in group)
        pair = [m.key for m in self.all if m.pair_total]
        self.pair_total = pair[0] if pair else None
        self.preferred_after_noun = frozenset(m.key for m in self.all if m.prefer_after_noun)
        self.subject_triggers = tuple((m.key, m.subject_triggers) for m in self.all if m.subject_triggers)

    def __getitem__(self, key: str) -> Measure:
        return self.by_key[key]

    def __iter__(self) -> Iterator[Measure]:
        return iter(self.all)

    def compatible(self, measure: str, cls: str) -> bool:
        """May a number whose noun is of class `cls` count `measure`?"""
        return cls in ("bare", "anaphor") or cls in self.by_key[measure].nouns

    def is_munition(self, measure: str) -> bool:
        return self.by_key[measure].munition


class Lexicon:
    """Every concept of one language's data folder, and its measure registry."""

    def __init__(self, folder: Path, measure_codes: list[dict] | None = None):
        self.folder = Path(folder)
        self._concepts: dict[str, object] = {}
        self._where: dict[str, str] = {}
        for path in sorted(self.folder.glob("*.yaml")):
            for name, value in (_read(path) or {}).items():
                if name in self._concepts:
                    raise KabarError(f"{path}: concept {name!r} is already defined in {self._where[name]}")
                self._concepts[name] = value
                self._where[name] = path.name
        self.measures = _registry(self.folder / "measures", measure_codes)
        self._patterns: dict[str, re.Pattern] = {}

    @property
    def concepts(self) -> dict[str, str]:
        """Concept name → the file that defines it."""
        return dict(self._where)

    def raw(self, name: str):
        head, _, sub = name.partition(".")
        try:
            value = self._concepts[head]
            return value[sub] if sub else value
        except (KeyError, TypeError):
            raise KabarError(f"{self.folder}: no concept {name!r}") from None

    def words(self, name: str) -> frozenset[str]:
        """The words of a concept: a list, the keys of a mapping, or the union of named sub-lists."""
        value = self.raw(name)
        if isinstance(value, dict):
            if all(isinstance(v, list) for v in value.values()):
                return frozenset(str(w) for v in value.values() for w in v)
            return frozenset(str(k) for k in value)
        return frozenset(str(w) for w in value)

    def keys(self, name: str) -> frozenset[str]:
        """The words a mapping concept defines (word → number, code or roles)."""
        return frozenset(str(k) for k in self.raw(name))

    def phrases(self, name: str) -> Phrases:
        return phrases(*self.words(name))

    def mapping(self, name: str) -> dict:
        return dict(self.raw(name))

    def with_role(self, name: str, role: str) -> frozenset[str]:
        """The words of a roles mapping (word → [roles]) that have `role`."""
        return frozenset(str(w) for w, roles in self.raw(name).items() if role in roles)

    def pattern(self, name: str, **fill: str) -> re.Pattern:
        """A concept's regular expression; `{key}` placeholders are replaced by `fill`."""
        key = name if not fill else f"{name}|{sorted(fill.items())}"
        if key not in self._patterns:
            source = str(self.raw(name))
            for k, v in fill.items():
                source = source.replace("{" + k + "}", v)
            self._patterns[key] = re.compile(source)
        return self._patterns[key]

    @cached_property
    def qualifier_words(self) -> frozenset[str]:
        """Every word of every qualifier phrase ("lebih dari" → lebih, dari)."""
        return frozenset(w for p in self.words("qualifiers") for w in p.split())


def _read(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KabarError(f"{path}: not valid YAML ({exc})") from exc


def _registry(folder: Path, measure_codes: list[dict] | None) -> MeasureRegistry:
    """Measures of the code list joined with their vocabulary files; each must have both."""
    if measure_codes is None:
        from kabar.vocab import codes
        measure_codes = codes("measures")
    categories = {row["key"]: row["category"] for row in measure_codes}
    found = {}
    for path in sorted(folder.glob("*.yaml")):
        data = _read(path) or {}
        key = data.get("measure")
        if key not in categories:
            raise KabarError(f"{path}: measure {key!r} is not in the code list (src/kabar/vocab/codes.yaml)")
        nouns = frozenset(data.get("nouns") or ())
        if not nouns <= set(NOUN_CLASSES):
            raise KabarError(f"{path}: nouns {sorted(nouns)} are not among {NOUN_CLASSES}")
        found[key] = Measure(
            key=key, category=categories[key], order=int(data.get("order", 99)), nouns=nouns,
            triggers=phrases(*(data.get("triggers") or ())), weak_triggers=phrases(*(data.get("weak_triggers") or ())),
            lemmas=tuple(data.get("lemmas") or ()), counted_nouns=frozenset(data.get("counted_nouns") or ()),
            pair_total=bool(data.get("pair_total")), prefer_after_noun=bool(data.get("prefer_after_noun")),
            origin_after=bool(data.get("origin_after")),
            subject_triggers=phrases(*(data.get("subject_triggers") or ())),
            composition=dict(data.get("composition") or {}))
    missing = sorted(set(categories) - set(found))
    if missing:
        raise KabarError(f"{folder}: no vocabulary file for the measures {missing}")
    return MeasureRegistry(found.values())


def lang_folder(lang: str = DEFAULT_LANG) -> Path:
    return Path(str(resources.files("kabar.nlp") / "lang" / lang))


@lru_cache(maxsize=4)
def load(lang: str = DEFAULT_LANG) -> Lexicon:
    """The lexicon of a language shipped with kabar (read once per process)."""
    return Lexicon(lang_folder(lang))


_active: ContextVar[Lexicon | None] = ContextVar("kabar_lexicon", default=None)


def current() -> Lexicon:
    """The lexicon the rules read now: the one `using` set, else the default language's."""
    return _active.get() or load()


@contextmanager
def using(lexicon: Lexicon) -> Iterator[Lexicon]:
    token = _active.set(lexicon)
    try:
        yield lexicon
    finally:
        _active.reset(token)
