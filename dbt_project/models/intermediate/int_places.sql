-- one row per place a claim or an event can point at (docs block `place_key`): the towns,
-- districts and oblasts claims name, one row per country, with admin areas, coordinates and
-- ACLED's geo_precision
with

claims as (

    select * from {{ ref('int_claims__scoped') }}

),

precisions as (

    select * from {{ ref('place_precisions') }}

),

countries as (

    select * from {{ ref('countries') }}

),

named as (

    select
        place_key,
        any_value(place_precision) as place_type,
        mode(place_name) as name,
        mode(admin_area) as admin_area,
        mode(country) as country,
        mode(latitude) as latitude,
        mode(longitude) as longitude

    from claims
    where place_precision in ('city', 'district', 'admin_area')
    group by place_key

),

towns as (

    select name, admin_area from named where place_type = 'city'

),

below_country as (

    select
        named.place_key,
        named.place_type,
        named.name,
        -- a city district lies in its city, which lies in an oblast
        case named.place_type
            when 'admin_area' then named.name
            when 'district' then coalesce(towns.admin_area, named.admin_area)
            else named.admin_area
        end as admin1,
        case when named.place_type = 'district' then named.admin_area end as admin2,
        named.country,
        named.latitude,
        named.longitude,
        try_cast(case when named.place_key like 'city:%' then substr(named.place_key, 6) end as bigint) as geonameid

    from named
    left join towns
        on named.place_type = 'district' and towns.name = named.admin_area

),

seen_countries as (

    select distinct country from claims where country is not null
    union
    select country from countries

),

country_rows as (

    select
        'country:' || seen_countries.country as place_key,
        'country' as place_type,
        coalesce(countries.name, seen_countries.country) as name,
        cast(null as varchar) as admin1,
        cast(null as varchar) as admin2,
        seen_countries.country,
        countries.latitude,
        countries.longitude,
        cast(null as bigint) as geonameid

    from seen_countries
    left join countries
        on seen_countries.country = countries.country

),

places as (

    select * from below_country
    union all
    select * from country_rows

)

select
    places.*,
    countries.iso3,
    precisions.geo_precision

from places
left join countries
    on places.country = countries.country
left join precisions
    on places.place_type = precisions.place_precision
