-- one row per strike: what it is (category, attacker, weapon, area, date) and how many claims,
-- articles and sources stand behind it; the place shown is the most cited one (docs block `strike_place`)
with

claims as (

    select * from {{ ref('int_claims__enriched') }}

),

place_ranks as (

    select
        strike_id,
        place_key,
        row_number() over (
            partition by strike_id
            order by
                count(*) desc,
                case any_value(place_precision)
                    when 'city' then 1 when 'district' then 2 when 'admin_area' then 3
                    when 'country' then 4 else 5
                end,
                place_key
        ) as place_rank

    from claims
    group by strike_id, place_key

),

country_ranks as (

    select
        strike_id,
        country,
        row_number() over (partition by strike_id order by count(*) desc, country) as country_rank

    from claims
    where country is not null
    group by strike_id, country

),

strikes as (

    select
        strike_id,
        any_value(strike_key) as strike_key,
        any_value(category) as category,
        any_value(actor_key) as actor_key,
        any_value(weapon_key) as weapon_key,
        any_value(strike_area) as strike_area,
        any_value(strike_date) as event_date,
        case
            when bool_or(strike_date_basis = 'event') then 'event'
            else any_value(strike_date_basis)
        end as event_date_basis,
        cast(count(*) as integer) as n_claims,
        cast(count(distinct article_id) as integer) as n_articles,
        cast(count(distinct source_key) as integer) as n_sources,
        list(distinct article_id order by article_id) as article_ids,
        list(distinct place_key order by place_key) as place_keys

    from claims
    group by strike_id

)

select
    strikes.strike_id,
    strikes.strike_key,
    strikes.category,
    strikes.actor_key,
    strikes.weapon_key,
    place_ranks.place_key,
    strikes.place_keys,
    strikes.strike_area,
    country_ranks.country,
    strikes.event_date,
    strikes.event_date_basis,
    strikes.n_claims,
    strikes.n_articles,
    strikes.n_sources,
    strikes.article_ids

from strikes
left join place_ranks
    on strikes.strike_id = place_ranks.strike_id
    and place_ranks.place_rank = 1
left join country_ranks
    on strikes.strike_id = country_ranks.strike_id
    and country_ranks.country_rank = 1
