with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

claims as (

    select * from {{ ref('int_claims__enriched') }}

),

claim_counts as (

    select
        article_id,
        count(*) as n_claims,
        count(distinct strike_id) as n_strikes

    from claims
    group by article_id

)

select
    articles.article_id as article_key,
    articles.article_ref,
    articles.title,
    articles.url,
    articles.source_key,
    articles.published_at,
    articles.published_date,
    articles.ingested_at,
    cast(coalesce(claim_counts.n_claims, 0) as integer) as n_claims,
    cast(coalesce(claim_counts.n_strikes, 0) as integer) as n_strikes,
    articles.format,
    articles.source_path,
    articles.n_chars

from articles
left join claim_counts
    on articles.article_id = claim_counts.article_id
