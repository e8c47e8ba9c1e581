"""marts.dim_place: places with coordinates on the globe and a known precision."""

from kabar.quality import between, codes, keys, matches

TABLE = "dim_place"
KEY = ["place_key"]


def expectations(t, facts):
    return [
        *keys("place_key"),
        *between("latitude", -90, 90, "a latitude"),
        *between("longitude", -180, 180, "a longitude"),
        *codes(t, "precision", "precisions"),
        *matches("country", r"^[A-Z]{2}$", "an ISO 3166-1 alpha-2 code"),
    ]
