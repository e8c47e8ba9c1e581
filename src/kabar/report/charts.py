"""The page's Vega-Lite specification, built with Altair: the map over country outlines, the timeline
per attack night, and the filters (attacker, weapon class: bound selects; dates: a brush on the nights
strip) that the map, the timeline and the events table (page.js) all follow.

Named views let a reader of the rendered page (and the browser test) find the marks: the map's points
are the `events` view, the nights strip the `nights` view.
"""

from __future__ import annotations

import altair as alt

from kabar.report.data import ReportData

PANELS = ("munitions", "casualties")
ALL = "all"  # the filters' "no filter" choice
FILTERED = (f"(attacker == '{ALL}' || datum.actor_key == attacker) && "
            f"(weapon == '{ALL}' || datum.weapon_key == weapon)")
X_DATE = dict(field="date", type="temporal", title=None, scale=alt.Scale(type="utc"),
              axis=alt.Axis(format="%d %b %Y", formatType="utc", labelAngle=0))


def spec(data: ReportData, countries: tuple[dict, ...], style: dict) -> dict:
    """The whole chart as a Vega-Lite spec (a dict), its data inline."""
    attacker = alt.param(name="attacker", value=ALL, bind=_select(data.codes.get("attacker", []), "Attacker "))
    weapon = alt.param(name="weapon", value=ALL, bind=_select(data.codes.get("weapon", []), "Weapon class "))
    brush = alt.selection_interval(name="brush", encodings=["x"])
    chart = alt.vconcat(
        _map(data, countries, style, brush),
        _nights(data, style, brush),
        *[_panel(style, panel) for panel in PANELS],
    ).add_params(attacker, weapon).resolve_scale(color="independent", size="independent")
    result = chart.to_dict()
    result.pop("$schema", None)  # nothing is fetched: the page carries its own Vega-Lite
    # the rows go in after Altair built the spec: it deep-copies inline values, slow for outlines
    result["datasets"] = {"countries": list(countries), "events": _map_rows(data), "nights": _night_rows(data),
                          **{f"{panel}": _panel_rows(data, style, panel) for panel in PANELS}}
    return result


def _select(codes: list[dict], label: str) -> alt.BindRadioSelect:
    return alt.binding_select(options=[ALL] + [c["key"] for c in codes],
                              labels=["all"] + [c["name"] for c in codes], name=label)


def _map(data: ReportData, countries: tuple[dict, ...], style: dict, brush) -> alt.LayerChart:
    look = style["map"]
    land = alt.Chart(alt.NamedData(name="countries"), name="countries").mark_geoshape(
        fill=look["land_colour"], stroke=look["border_colour"], strokeWidth=0.7
    ).encode(tooltip=alt.Tooltip("properties.name:N", title="country"))
    attackers = style["attackers"]
    keys = [c["key"] for c in data.codes.get("attacker", [])] or list(attackers)
    points = alt.Chart(alt.NamedData(name="events"), name="events").mark_circle(
        opacity=0.75, stroke="white", strokeWidth=0.8
    ).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("size_value:Q", title="killed, else launched (best)",
                      scale=alt.Scale(type="sqrt", range=[40, 900], zero=True)),
        color=alt.Color("attacker:N", title="attacker", scale=alt.Scale(
            domain=[_name(data, "attacker", k) for k in keys],
            range=[attackers.get(k, attackers["other"])["colour"] for k in keys])),
        tooltip=[alt.Tooltip("place:N"), alt.Tooltip("date:N"), alt.Tooltip("attacker:N"),
                 alt.Tooltip("weapon:N"), alt.Tooltip("figures:N"), alt.Tooltip("n_sources:Q", title="sources")],
    ).transform_filter(FILTERED).transform_filter(brush)
    return alt.layer(land, points).properties(
        width=look["width"], height=look["height"], title="Located events (strikes at a named place)",
        projection=alt.Projection(type="mercator"))


def _map_rows(data: ReportData) -> list[dict]:
    keep = ("event_id", "date", "actor_key", "weapon_key", "attacker", "weapon", "place", "latitude", "longitude",
            "size_value", "n_sources", "figures")
    return [{k: e.get(k) for k in keep} for e in data.located]


def _name(data: ReportData, code_list: str, key: str) -> str:
    return next((c["name"] for c in data.codes.get(code_list, []) if c["key"] == key), key)


def _nights(data: ReportData, style: dict, brush) -> alt.Chart:
    """One tick per attack night (after the filters); dragging across it picks the date range."""
    return alt.Chart(alt.NamedData(name="nights"), name="nights").mark_tick(
        thickness=3, size=22, color="#333333"
    ).encode(
        x=alt.X(**X_DATE),
        tooltip=[alt.Tooltip("date:T", format="%d %b %Y", formatType="utc"),
                 alt.Tooltip("attacks:Q", title="attacks")],
    ).transform_filter(FILTERED).transform_aggregate(attacks="count()", groupby=["date"]).add_params(brush).properties(
        width=style["timeline"]["width"], height=30,
        title="Attack nights: drag across to choose a date range, double-click to clear")


def _night_rows(data: ReportData) -> list[dict]:
    return [{"date": a["date"], "actor_key": a["actor_key"], "weapon_key": a["weapon_key"]} for a in data.attacks]


def _measures(style: dict, panel: str) -> dict:
    return {k: v for k, v in style["measures"].items() if v["panel"] == panel}


def _panel_rows(data: ReportData, style: dict, panel: str) -> list[dict]:
    """One row per attack and measure of the panel that the attack has a figure for."""
    measures = _measures(style, panel)
    return [{"date": a["date"], "actor_key": a["actor_key"], "weapon_key": a["weapon_key"], "measure": m,
             "label": measures[m]["label"], "low": a[f"{m}_low"], "best": a[f"{m}_best"], "high": a[f"{m}_high"]}
            for a in data.attacks for m in measures if a.get(f"{m}_best") is not None]


def _panel(style: dict, panel: str) -> alt.LayerChart:
    """Per night, the summed best figure of each measure (a point) and its low–high range (a rule)."""
    measures = _measures(style, panel)
    colour = alt.Color("label:N", title=panel, scale=alt.Scale(
        domain=[v["label"] for v in measures.values()], range=[v["colour"] for v in measures.values()]))
    base = alt.Chart(alt.NamedData(name=panel)).transform_filter(FILTERED).transform_aggregate(
        low="sum(low)", best="sum(best)", high="sum(high)", groupby=["date", "label"]
    ).encode(x=alt.X(**X_DATE), color=colour)
    rule = base.mark_rule(strokeWidth=2).encode(y=alt.Y("low:Q", title=None), y2="high:Q")
    point = base.mark_point(filled=True, size=60).encode(
        y=alt.Y("best:Q", title=f"{panel} (best, low–high)"),
        tooltip=[alt.Tooltip("date:T", format="%d %b %Y", formatType="utc"), "label:N", "best:Q", "low:Q", "high:Q"])
    return alt.layer(rule, point).properties(
        width=style["timeline"]["width"], height=style["timeline"]["panel_height"],
        title=f"{panel.capitalize()} per attack night")
