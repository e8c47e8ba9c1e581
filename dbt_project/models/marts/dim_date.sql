-- a day spine from the invasion (or the earliest date seen, if earlier) to the latest date seen
with

claims as (

    select * from {{ ref('int_claims__events') }}

),

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

seen as (

    select date_key as seen_date from claims where date_key is not null
    union all
    select published_date from articles where published_date is not null

),

bounds as (

    -- dates older than the war's start in 2014 or later than tomorrow are not days of this spine
    select
        least(date '{{ var("invasion_date") }}', coalesce(min(seen_date), date '{{ var("invasion_date") }}')) as first_date,
        greatest(date '{{ var("invasion_date") }}', coalesce(max(seen_date), date '{{ var("invasion_date") }}')) as last_date

    from seen
    where seen_date between date '{{ var("war_start_date") }}' and current_date + 1

),

spine as (

    select cast(unnest(generate_series(first_date, last_date, interval 1 day)) as date) as date_key
    from bounds

)

select
    date_key,
    cast(year(date_key) as integer) as year,
    cast(quarter(date_key) as integer) as quarter,
    cast(month(date_key) as integer) as month,
    strftime(date_key, '%B') as month_name,
    cast(isoyear(date_key) as integer) as iso_year,
    cast(week(date_key) as integer) as iso_week,
    cast(isodow(date_key) as integer) as weekday,
    strftime(date_key, '%A') as weekday_name,
    isodow(date_key) in (6, 7) as is_weekend,
    cast(date_diff('day', date '{{ var("invasion_date") }}', date_key) as integer) as days_since_invasion

from spine
