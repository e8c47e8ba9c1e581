-- places named by current claims, one row per place_key, plus the 'unknown' member
with

claims as (

    select * from {{ ref('int_claims__enriched') }}
    where place_key <> 'unknown'

),

places as (

    select
        place_key,
        try_cast(place_key as bigint) as geonameid,
        coalesce(mode(place_name), mode(place_text), any_value(country)) as name,
        mode(admin_area) as admin_area,
        mode(country) as country,
        mode(latitude) as latitude,
        mode(longitude) as longitude,
        case
            when place_key like 'country:%' then 'country'
            else coalesce(mode(place_precision), 'unknown')
        end as precision,
        cast(count(*) as integer) as n_claims

    from claims
    group by place_key

),

unknown_member as (

    select
        'unknown' as place_key,
        cast(null as bigint) as geonameid,
        'unknown' as name,
        cast(null as varchar) as admin_area,
        cast(null as varchar) as country,
        cast(null as double) as latitude,
        cast(null as double) as longitude,
        'unknown' as precision,
        cast((select count(*) from {{ ref('int_claims__enriched') }} where place_key = 'unknown') as integer) as n_claims

)

select * from places
union all
select * from unknown_member
