"""marts.dim_date: a gap-free day spine from the invasion (or an earlier publication date) to the latest date seen."""

from kabar.quality import always, between, dates, keys

TABLE = "dim_date"
KEY = ["date_key"]
FRAME = """
select d.*,
       d.days_since_invasion = (d.date_key - $invasion_start::date) as days_since_invasion_ok,
       d.weekday = isodow(d.date_key) as weekday_ok,
       (select count(*) = max(date_key) - min(date_key) + 1 and min(date_key) <= $invasion_start::date
          from marts.dim_date) as spine_ok
from marts.dim_date d
"""


def expectations(t, facts):
    return [
        *keys("date_key"),
        *dates(t, "date_key", since_invasion=False),
        *always("spine_ok", f"the spine starts on or before invasion_start ({t.invasion_start}) and has no gaps"),
        *always("days_since_invasion_ok", "days_since_invasion = date_key - invasion_start"),
        *always("weekday_ok", "weekday is the ISO weekday (1=Mon..7=Sun)"),
        *between("month", 1, 12),
        *between("quarter", 1, 4),
    ]
