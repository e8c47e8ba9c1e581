-- the cleaned text of each article, for the near-duplicate detection (int_articles__stories)
select
    article_id,
    text

from {{ source('raw', 'articles') }}
