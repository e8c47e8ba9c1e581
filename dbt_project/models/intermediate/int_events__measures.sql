-- one row per event (an attack's national tally, or a strike at one place) and measure: the
-- reconciled low / best / high (docs block `reconciliation`)
with

claims as (

    select * from {{ ref('int_claims__events') }}

),

readings as (

    -- national munition tallies feed the attack; local and casualty claims feed their strike
    select 'attack' as grain, attack_id as event_id, *
    from claims
    where strike_id is null
    union all
    select 'strike' as grain, strike_id as event_id, *
    from claims
    where strike_id is not null

),

article_figures as (

    -- one figure per article: its largest point or lower bound (tolls are revised upwards and a
    -- total is larger than its parts); an upper bound only when the article gives nothing else
    select *
    from readings
    qualify row_number() over (
        partition by grain, event_id, measure_key, article_id
        order by (reading = 'upper_bound'), figure desc, (reading = 'point') desc, sentence_idx, claim_id
    ) = 1

),

story_figures as (

    -- wire copies and syndicated texts of one story count once
    select *
    from article_figures
    qualify row_number() over (
        partition by grain, event_id, measure_key, story_key
        order by (reading = 'upper_bound'), figure desc, (reading = 'point') desc, article_id
    ) = 1

),

reconciled as (

    select
        grain,
        event_id,
        measure_key,
        coalesce(min(figure) filter (where reading <> 'upper_bound'), min(figure)) as low_figure,
        max(figure) as high_figure,
        coalesce(
            quantile_disc(figure, 0.5) filter (where reading = 'point'),
            max(figure) filter (where reading = 'lower_bound'),
            min(figure)
        ) as best_figure,
        count(*) filter (where reading = 'point') as n_point_sources,
        count(*) filter (where reading = 'lower_bound') as n_lower_bound_sources,
        count(*) filter (where reading = 'upper_bound') as n_upper_bound_sources

    from story_figures
    group by grain, event_id, measure_key

),

carried as (

    -- intercepted, hit and lost are parts of launched: launched is at least the largest of them
    select
        *,
        case
            when measure_key = 'launched' then greatest(
                low_figure,
                coalesce(max(low_figure) filter (where measure_key in ('intercepted', 'hit', 'lost'))
                    over (partition by grain, event_id), low_figure)
            )
            else low_figure
        end as carried_low

    from reconciled

),

support as (

    select
        grain,
        event_id,
        measure_key,
        count(*) as n_claims,
        count(distinct article_id) as n_articles,
        count(distinct story_key) as n_sources,
        list(distinct source_key order by source_key) as sources,
        list(claim_id order by claim_id) as claim_ids

    from readings
    group by grain, event_id, measure_key

)

select
    carried.grain,
    carried.event_id,
    carried.measure_key,
    cast(carried.carried_low as bigint) as low,
    cast(least(greatest(carried.best_figure, carried.carried_low), greatest(carried.high_figure, carried.carried_low))
        as bigint) as best,
    cast(greatest(carried.high_figure, carried.carried_low) as bigint) as high,
    cast(support.n_claims as integer) as n_claims,
    cast(support.n_articles as integer) as n_articles,
    cast(support.n_sources as integer) as n_sources,
    cast(carried.n_point_sources as integer) as n_point_sources,
    cast(carried.n_lower_bound_sources as integer) as n_lower_bound_sources,
    cast(carried.n_upper_bound_sources as integer) as n_upper_bound_sources,
    support.sources,
    support.claim_ids

from carried
inner join support
    on carried.grain = support.grain
    and carried.event_id = support.event_id
    and carried.measure_key = support.measure_key
