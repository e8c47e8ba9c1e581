-- one row per article: the story it belongs to (docs block `stories`). Near-identical texts —
-- wire copies, syndication — are one story; they count as one source in every reconciliation.
{%- set shingle_words = 5 %}
{%- set sketch_size = 64 %}
{%- set min_shared_sketch = 8 %}
{%- set min_jaccard = 0.5 %}
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

sizes as (

    select article_id, count(*) as n_shingles from shingles group by article_id

),

sketches as (

    -- a bottom-k sketch: each article's {{ sketch_size }} smallest shingle hashes
    select article_id, h
    from shingles
    qualify row_number() over (partition by article_id order by h) <= {{ sketch_size }}

),

candidates as (

    select a.article_id as a, b.article_id as b
    from sketches as a
    inner join sketches as b
        on a.h = b.h and a.article_id < b.article_id
    group by a.article_id, b.article_id
    having count(*) >= {{ min_shared_sketch }}

),

similar_pairs as (

    -- exact Jaccard similarity of the shingle sets, for the candidate pairs only
    select
        candidates.a,
        candidates.b,
        count(*) / (any_value(size_a.n_shingles) + any_value(size_b.n_shingles) - count(*)) as jaccard

    from candidates
    inner join shingles as sa on sa.article_id = candidates.a
    inner join shingles as sb on sb.article_id = candidates.b and sb.h = sa.h
    inner join sizes as size_a on size_a.article_id = candidates.a
    inner join sizes as size_b on size_b.article_id = candidates.b
    group by candidates.a, candidates.b
    having jaccard >= {{ min_jaccard }}

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
