-- one row per strike and measure: the reconciled low / best / high (docs block `reconciliation`)
with

claims as (

    select * from {{ ref('int_claims__enriched') }}

),

readings as (

    -- every claim read as a figure: "lebih dari 10" allows 11 at the least
    select
        strike_id,
        measure_key,
        article_id,
        source_key,
        claim_id,
        sentence_idx,
        value + case when qualifier = 'more_than' then 1 else 0 end as figure,
        case
            when qualifier in ('exact', 'about') then 'point'
            when qualifier in ('at_least', 'more_than') then 'lower_bound'
            when qualifier = 'at_most' then 'upper_bound'
        end as reading

    from claims

),

article_figures as (

    -- one figure per article: its largest point or lower bound (tolls are revised upwards and a
    -- total is larger than its parts); an upper bound only when the article gives nothing else
    select *
    from readings
    qualify row_number() over (
        partition by strike_id, measure_key, article_id
        order by
            (reading = 'upper_bound'),
            figure desc,
            (reading = 'point') desc,
            sentence_idx,
            claim_id
    ) = 1

),

reconciled as (

    select
        strike_id,
        measure_key,
        coalesce(min(figure) filter (where reading <> 'upper_bound'), min(figure)) as low_figure,
        max(figure) as high_figure,
        coalesce(
            quantile_disc(figure, 0.5) filter (where reading = 'point'),
            max(figure) filter (where reading = 'lower_bound'),
            min(figure)
        ) as best_figure,
        count(*) filter (where reading = 'point') as n_point_articles,
        count(*) filter (where reading = 'lower_bound') as n_lower_bound_articles,
        count(*) filter (where reading = 'upper_bound') as n_upper_bound_articles

    from article_figures
    group by strike_id, measure_key

),

support as (

    select
        strike_id,
        measure_key,
        count(*) as n_claims,
        count(distinct article_id) as n_articles,
        count(distinct source_key) as n_sources,
        list(claim_id order by claim_id) as claim_ids

    from readings
    group by strike_id, measure_key

)

select
    reconciled.strike_id,
    reconciled.measure_key,
    cast(reconciled.low_figure as bigint) as low,
    cast(least(greatest(reconciled.best_figure, reconciled.low_figure), reconciled.high_figure) as bigint) as best,
    cast(reconciled.high_figure as bigint) as high,
    cast(support.n_claims as integer) as n_claims,
    cast(support.n_articles as integer) as n_articles,
    cast(support.n_sources as integer) as n_sources,
    cast(reconciled.n_point_articles as integer) as n_point_articles,
    cast(reconciled.n_lower_bound_articles as integer) as n_lower_bound_articles,
    cast(reconciled.n_upper_bound_articles as integer) as n_upper_bound_articles,
    support.claim_ids

from reconciled
inner join support
    on reconciled.strike_id = support.strike_id
    and reconciled.measure_key = support.measure_key
