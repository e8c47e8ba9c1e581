-- one row per claim: the attack night it belongs to, how that date is known and how precisely
-- (docs blocks `attack_night`, `date_matching`). A report with no stated date is joined to a dated
-- attack whose headline figures it repeats.
{%- set min_figure = var('match_min_figure') %}
{%- set window_days = var('match_window_days') %}
with

claims as (

    select * from {{ ref('int_claims__scoped') }}

),

anchors as (

    -- figures of attacks whose night the text states
    select claim_id, article_id, story_key, actor_key, weapon_key, measure_key, value, stated_date as night
    from claims
    where stated_date_basis in ('explicit', 'relative')
        and stated_date is not null
        and category = 'munition'
        and value >= {{ min_figure }}

),

weak as (

    -- figures whose date is only the publication date, a rolling tally's day, or nothing
    select *
    from claims
    where stated_date_basis in ('published', 'rolling', 'unknown')

),

figure_matches as (

    -- same attacker, weapon, measure and figure, reported by another story within the window
    select
        weak.claim_id,
        weak.article_id,
        anchors.night,
        anchors.claim_id as anchor_claim_id

    from weak
    inner join anchors
        on weak.measure_key = anchors.measure_key
        and weak.value = anchors.value
        and weak.weapon_key = anchors.weapon_key
        and weak.actor_key in (anchors.actor_key, 'unknown')
        and weak.story_key <> anchors.story_key
    where weak.category = 'munition'
        and weak.value >= {{ min_figure }}
        and (
            weak.published_date is null
            or anchors.night between weak.published_date - {{ window_days }} and weak.published_date
        )

),

article_nights as (

    -- a report is joined to a night only when all its matching figures point to that one night
    select article_id, min(night) as night, min(anchor_claim_id) as anchor_claim_id
    from figure_matches
    group by article_id
    having count(distinct night) = 1

),

claim_anchor as (

    select claim_id, min(anchor_claim_id) as anchor_claim_id
    from figure_matches
    group by claim_id

),

dated as (

    select
        claims.*,
        article_nights.night as matched_night,
        case
            when article_nights.night is not null
                then coalesce(claim_anchor.anchor_claim_id, article_nights.anchor_claim_id)
        end as matched_claim_id

    from claims
    left join article_nights
        on claims.article_id = article_nights.article_id
        and claims.stated_date_basis in ('published', 'rolling', 'unknown')
    left join claim_anchor
        on claims.claim_id = claim_anchor.claim_id

),

resolved as (

    select
        * exclude (matched_night),
        case
            when matched_night is not null then 'matched'
            when stated_date_basis in ('explicit', 'relative') and stated_date is not null then stated_date_basis
            when stated_date_basis = 'rolling' and published_date is not null then 'rolling'
            when coalesce(stated_date, published_date) is not null then 'published'
            else 'unknown'
        end as date_basis,
        case
            when matched_night is not null then matched_night
            when stated_date_basis = 'rolling' then published_date
            else coalesce(stated_date, published_date)
        end as date_key

    from dated

)

select
    *,
    -- ACLED's time_precision: 1 the day is known, 2 a few days around it, 3 not known
    case
        when date_basis in ('explicit', 'relative', 'matched') then 1
        when date_basis in ('published', 'rolling') then 2
        else 3
    end as time_precision

from resolved
