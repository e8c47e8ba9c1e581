with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

stories as (

    select * from {{ ref('int_articles__stories') }}

),

claims as (

    select * from {{ ref('int_claims__events') }}

),

claim_counts as (

    select
        article_id,
        count(*) as n_claims,
        count(distinct attack_id) as n_attacks

    from claims
    group by article_id

)

select
    articles.article_id,
    articles.article_ref,
    coalesce(stories.story_key, articles.article_id) as story_key,
    cast(coalesce(stories.n_story_articles, 1) as integer) as n_story_articles,
    articles.title,
    articles.url,
    articles.source_key,
    articles.published_at,
    articles.published_date,
    articles.ingested_at,
    cast(coalesce(claim_counts.n_claims, 0) as integer) as n_claims,
    cast(coalesce(claim_counts.n_attacks, 0) as integer) as n_attacks,
    articles.format,
    -- the input file's name only: the machine's paths stay in the work database
    regexp_extract(articles.source_path, '[^/\\]+$') as source_file,
    articles.n_chars

from articles
left join stories
    on articles.article_id = stories.article_id
left join claim_counts
    on articles.article_id = claim_counts.article_id
