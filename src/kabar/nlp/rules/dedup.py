"""One claim per thing said.

- Composition: a sub-count ("14 di antaranya dirawat", "termasuk enam anak", "di antara korban
  meninggal") of the same measure as an earlier, larger count is part of that count, not a claim —
  unless its own clause names a narrower place ("dua di antaranya di ibu kota", "22 di distrik
  Saltivskyi"). A sub-count of a different measure ("101 drone … 90 di antaranya ditembak jatuh")
  is a claim.
- A single victim described after a larger toll of the same measure ("Seorang wanita muda juga
  diyakini telah terbunuh") is composition too.
- The same measure, value and place said twice is one claim (the first keeps it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kabar.nlp.claim import Claim


@dataclass
class Candidate:
    claim: Claim
    order: int                       # position in the article (sentence, word)
    subcount: bool = False           # di antaranya / termasuk / di antara korban
    own_place: bool = False          # its clause names a place
    sentence_place: bool = False     # its sentence names a place
    single_person: bool = False      # "seorang wanita", "seorang bayi" (value 1, a described person)
    flags: list[str] = field(default_factory=list)
    paragraph: int = -1
    casualty: bool = False           # a count of people (not of munitions)
    several: bool = False            # its sentence says it spans several places ("di atas 10 wilayah Rusia")


def resolve(cands: list[Candidate]) -> list[Claim]:
    cands = sorted(cands, key=lambda c: c.order)
    kept: list[Candidate] = []
    for c in cands:
        cl = c.claim
        earlier = [k for k in kept if k.claim.measure == cl.measure]
        # a munition part ("52 di antaranya") belongs to a total stated in its own paragraph
        # … and of the same weapon: "13 target udara. Termasuk dua rudal jelajah" breaks a mixed count down
        larger = [k for k in earlier if k.claim.value > cl.value
                  and (c.casualty or not c.subcount or k.paragraph == c.paragraph and k.claim.weapon == cl.weapon)]
        # the hospitalised part of a total stays composition even when it names the hospital's city
        hospital = "dirawat" in c.flags or "severity" in c.flags
        # "Tiga orang yang tewas itu adalah …": the same toll said again, whatever place it adds
        if "restated" in c.flags and any(k.claim.value == cl.value for k in earlier):
            continue
        # "Seorang pria ditemukan tewas di …" after a toll of one in the same paragraph
        if c.single_person and any(k.claim.value >= cl.value and k.paragraph == c.paragraph for k in earlier):
            continue
        # a sub-count keeps its own claim only for a place narrower than its total's
        same_place = any((k.own_place or k.sentence_place) and k.claim.place_name == cl.place_name for k in larger)
        # "Seorang pejabat … wilayah Donetsk termasuk di antara korban tewas": said to be one of the toll
        among_toll = {"termasuk", "di antara"} <= set(c.flags)
        if c.subcount and (not c.own_place or hospital or same_place or among_toll) and larger:
            continue
        if c.subcount and not c.own_place and not earlier and c.casualty:
            # "termasuk tiga anak" with no total before it still describes part of a toll
            if "termasuk" in c.flags:
                continue
        # "… seorang wanita tewas" after a larger toll describes one of its victims — unless its sentence
        # names a place none of those tolls is about (a strike elsewhere)
        if c.single_person and larger and not (c.sentence_place and all(k.claim.place_name != cl.place_name
                                                                        for k in larger)):
            continue
        # the same number again — not a second munition count of its own sentence ("Dua drone udara
        # ditembak jatuh …, dan dua drone permukaan air dihancurkan")
        same = [k for k in earlier if k.claim.value == cl.value and (k.claim.place_name or None) == (cl.place_name or None)
                and (c.casualty or k.claim.sentence_idx != cl.sentence_idx)]
        if same:
            _sharpen_qualifier(same[0].claim, cl)
            continue
        placeless = [k for k in earlier if _restated_placeless(k.claim, cl)]
        if placeless:
            # the headline's "87 orang tewas" and the body's "87 orang tewas … di desa Desna": one claim,
            # the one that names the place — unless the placeless one says it spans several places ("337
            # drone … di atas 10 wilayah Rusia" after the headline's "337 Drone …, Serangan Terbesar ke Moskow")
            first = placeless[0]
            if (cl.place_name and not first.several) or (not cl.place_name and c.several):
                kept[kept.index(first)] = c
            continue
        kept.append(c)
    return [k.claim for k in kept]


def _sharpen_qualifier(kept: Claim, again: Claim) -> None:
    """A headline's "Tiga Orang Tewas" and the body's "Sedikitnya tiga orang tewas": the count said again
    with a qualifier where the first said none keeps that qualifier."""
    if kept.qualifier == "exact" and again.qualifier != "exact":
        kept.qualifier = again.qualifier


def _restated_placeless(one: Claim, other: Claim) -> bool:
    """The same count said again where one of the two names no place (and no other attacker)."""
    return one.value == other.value and (one.place_name is None) != (other.place_name is None) \
        and (one.attacker is None or other.attacker is None or one.attacker == other.attacker)
