#!/usr/bin/env python3
"""Consistency checks for tests/data/nights: gold.jsonl against articles/ and events.yaml.

Needs trafilatura (a kabar dependency) for the visible text of the .html pages and PyYAML.
usage: python check.py
"""
import datetime as dt
import json
import pathlib
import sys

import trafilatura
import yaml

HERE = pathlib.Path(__file__).resolve().parent
MEASURES = {"killed", "injured", "launched", "intercepted", "hit", "lost"}
QUALIFIERS = {"exact", "at_least", "more_than", "about", "at_most"}
WEAPONS = {"drone", "missile", None}
SIDES = {"RU", "UA", None}
KEYS = ["measure", "value", "qualifier", "weapon", "attacker", "location", "country", "event_date", "evidence"]


def visible_text(path):
    """(text, published_at) as a reader of the file sees them."""
    if path.suffix == ".json":
        obj = json.loads(path.read_text(encoding="utf-8"))
        assert obj["id"] == path.stem, path
        assert list(obj) == ["id", "source", "url", "title", "published_at", "text"], path
        return obj["text"], obj["published_at"]
    if path.suffix == ".txt":
        title, _, text = path.read_text(encoding="utf-8").partition("\n")
        assert title and not title.endswith("."), path
        return text, None
    raw = path.read_text(encoding="utf-8")
    text = trafilatura.extract(raw, include_comments=False, include_tables=False)
    meta = trafilatura.extract_metadata(raw)
    pub = None
    if 'property="article:published_time"' in raw:
        pub = raw.split('property="article:published_time" content="', 1)[1].split('"', 1)[0]
    assert meta.sitename, path
    return text, pub


def iso(s):
    return s is None or dt.date.fromisoformat(s).isoformat() == s


def main():
    errs = []
    files = {p.stem: p for p in sorted((HERE / "articles").iterdir())}
    gold = [json.loads(line) for line in open(HERE / "gold.jsonl", encoding="utf-8") if line.strip()]
    if sorted(g["id"] for g in gold) != sorted(files):
        errs.append("gold ids != article file stems")
    for g in gold:
        text, pub = visible_text(files[g["id"]])
        if pub is not None and g["published_date"] != pub[:10]:
            errs.append(f"{g['id']}: published_date {g['published_date']} != published_at {pub}")
        if not iso(g["published_date"]):
            errs.append(f"{g['id']}: published_date {g['published_date']!r}")
        seen = set()
        for n, c in enumerate(g["claims"]):
            w = f"{g['id']} claim {n}"
            if list(c) != KEYS:
                errs.append(f"{w}: keys {list(c)}")
            if c["measure"] not in MEASURES or c["qualifier"] not in QUALIFIERS or c["weapon"] not in WEAPONS:
                errs.append(f"{w}: code {c['measure']}/{c['qualifier']}/{c['weapon']}")
            if type(c["value"]) is not int or c["value"] < 0:
                errs.append(f"{w}: value {c['value']!r}")
            if c["attacker"] not in SIDES or c["country"] not in SIDES:
                errs.append(f"{w}: sides {c['attacker']}/{c['country']}")
            if c["measure"] in ("killed", "injured") and c["weapon"] is not None:
                errs.append(f"{w}: weapon on a casualty claim")
            if not iso(c["event_date"]):
                errs.append(f"{w}: event_date {c['event_date']!r}")
            if not c["evidence"] or c["evidence"] not in text:
                errs.append(f"{w}: evidence not in the visible text: {c['evidence']!r}")
            k = (c["measure"], c["value"], c["location"], c["event_date"], c["weapon"])
            if k in seen:
                errs.append(f"{w}: duplicate claim {k}")
            seen.add(k)
    # events.yaml: every gold claim feeds exactly one figure, every figure is a gold claim
    ev = yaml.safe_load(open(HERE / "events.yaml", encoding="utf-8"))
    figs = []
    for nb in ev["nights"] + ev["background_nights"]:
        for at in nb["attacks"]:
            figs += [(f["report"], m, f["value"]) for m, s in at["measures"].items() for f in s["figures"]]
        for st in nb["strikes"]:
            figs += [(f["report"], m, f["value"]) for m, s in st["measures"].items() for f in s["figures"]]
        for s in (nb.get("national_casualties") or {}).values():
            figs += [(f["report"], m, f["value"]) for m, x in s.items() for f in x["figures"]]
        figs += [(f["report"], f["measure"], f["value"]) for f in (nb.get("combined_weapon_claims") or [])]
    claims = [(g["id"], c["measure"], c["value"]) for g in gold for c in g["claims"]]
    if sorted(figs) != sorted(claims):
        errs.append(f"events.yaml figures != gold claims: {sorted(set(figs) ^ set(claims))}")
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    print(f"ok: {len(gold)} reports, {len(claims)} claims, "
          f"{ev['totals']['attack_rows']} attack rows, {ev['totals']['strike_rows']} strike rows")


if __name__ == "__main__":
    main()
