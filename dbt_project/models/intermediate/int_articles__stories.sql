-- one row per article: the story it belongs to (docs block `stories`). Near-identical texts —
-- wire copies, syndication — are one story; they count as one source in every reconciliation.
-- MinHash with banded locality-sensitive hashing: only articles that agree on a whole band of
-- their signature are compared, so the cost grows with the copies, not with the pairs of articles.
{{ config(materialized='table') }}
{%- set shingle_words = 5 %}
{%- set n_hashes = 64 %}
{%- set band_rows = 4 %}
{%- set min_similarity = 0.5 %}
with recursive

texts as (

    select * from {{ ref('stg_raw__article_texts') }}

),

words as (

    select
        article_id,
        list_filter(
            string_split(regexp_replace(lower(text), '[^[:alnum:]]+', ' ', 'g'), ' '),
            lambda w: w <> ''
        ) as w

    from texts

),

shingles as (

    -- every run of {{ shingle_words }} words, hashed
    select distinct
        article_id,
        hash(array_to_string(w[i:i + {{ shingle_words - 1 }}], ' ')) as h

    from words, range(1, greatest(len(w) - {{ shingle_words - 2 }}, 2)) as r(i)

),

signatures as (

    -- {{ n_hashes }} min-hashes per article: the smallest value of each seeded hash over its shingles
    select article_id, seed, min(hash(h, seed)) as min_hash
    from shingles, range({{ n_hashes }}) as s(seed)
    group by article_id, seed

),

bands as (

    select
        article_id,
        seed // {{ band_rows }} as band,
        hash(list(min_hash order by seed)) as band_hash

    from signatures
    group by article_id, seed // {{ band_rows }}

),

candidates as (

    select distinct a.article_id as a, b.article_id as b
    from bands as a
    inner join bands as b
        on a.band = b.band and a.band_hash = b.band_hash and a.article_id < b.article_id

),

similar_pairs as (

    -- the share of equal min-hashes estimates the Jaccard similarity of the shingle sets
    select candidates.a, candidates.b
    from candidates
    inner join signatures as sa on sa.article_id = candidates.a
    inner join signatures as sb on sb.article_id = candidates.b and sb.seed = sa.seed
    group by candidates.a, candidates.b
    having avg(case when sa.min_hash = sb.min_hash then 1.0 else 0.0 end) >= {{ min_similarity }}

),

edges as (

    select a, b from similar_pairs
    union all
    select b, a from similar_pairs

),

reachable (article_id, member) as (

    -- connected components: every article reaches itself and, through similar pairs, the others
    select article_id, article_id from texts
    union
    select reachable.article_id, edges.b
    from reachable
    inner join edges on edges.a = reachable.member

)

select
    article_id,
    min(member) as story_key,
    cast(count(*) as integer) as n_story_articles

from reachable
group by article_id
