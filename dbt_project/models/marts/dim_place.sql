-- every place a claim or an event points at, plus the 'unknown' member (docs block `place_key`)
with

places as (

    select * from {{ ref('int_places') }}

),

unknown_member as (

    select
        'unknown' as place_key,
        'unknown' as place_type,
        'unknown' as name,
        cast(null as varchar) as admin1,
        cast(null as varchar) as admin2,
        cast(null as varchar) as country,
        cast(null as double) as latitude,
        cast(null as double) as longitude,
        cast(null as bigint) as geonameid,
        cast(null as varchar) as iso3,
        cast(3 as integer) as geo_precision

)

select
    place_key, place_type, name, admin1, admin2, country, iso3, latitude, longitude,
    cast(geo_precision as integer) as geo_precision, geonameid
from places
union all
select
    place_key, place_type, name, admin1, admin2, country, iso3, latitude, longitude, geo_precision, geonameid
from unknown_member
