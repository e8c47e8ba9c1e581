-- best totals per day, country and measure over the dated strikes (undated strikes have no day)
with

strikes as (

    select * from {{ ref('int_strikes') }}

),

strike_measures as (

    select * from {{ ref('int_strikes__measures') }}

)

select
    strikes.event_date as date_key,
    coalesce(strikes.country, 'unknown') as country,
    strike_measures.measure_key,
    cast(sum(strike_measures.best) as bigint) as best_total,
    cast(sum(strike_measures.low) as bigint) as low_total,
    cast(sum(strike_measures.high) as bigint) as high_total,
    cast(count(distinct strikes.strike_id) as integer) as n_strikes,
    cast(count(distinct strikes.strike_id) filter (where strikes.event_date_basis = 'published') as integer)
        as n_strikes_dated_by_publication,
    cast(sum(strike_measures.n_claims) as integer) as n_claims

from strike_measures
inner join strikes
    on strike_measures.strike_id = strikes.strike_id
where strikes.event_date is not null
group by strikes.event_date, coalesce(strikes.country, 'unknown'), strike_measures.measure_key
