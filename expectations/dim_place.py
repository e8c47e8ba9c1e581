"""marts.dim_place: places with coordinates on the globe, ISO country codes and ACLED geo precision."""

from kabar.quality import between, codes, keys, matches, not_null

TABLE = "dim_place"
KEY = ["place_key"]


def expectations(t, facts):
    return [
        *keys("place_key"),
        *not_null("name", "place_type", "geo_precision"),
        *between("latitude", -90, 90, "a latitude"),
        *between("longitude", -180, 180, "a longitude"),
        *codes(t, "place_type", "place_types"),
        *codes(t, "geo_precision", "geo_precisions"),
        *matches("place_key", r"^(?:city|district|admin1|country):.+$|^unknown$", "one key shape, <kind>:<id>"),
        *matches("country", r"^[A-Z]{2}$", "an ISO 3166-1 alpha-2 code"),
        *matches("iso3", r"^[A-Z]{3}$", "an ISO 3166-1 alpha-3 code"),
    ]
