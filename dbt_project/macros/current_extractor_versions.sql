{#- The extractor version whose output counts for each article (docs block `current_extractor_version`):
    the version of the article's most recent nlp.processed row (ties: the greater version string);
    for an article with claims but no processed row, the greatest version among its claims.
    Returns a select of (article_id, extractor_version), one row per article. -#}
{% macro current_extractor_versions() %}
    select
        coalesce(latest_processed.article_id, claim_versions.article_id) as article_id,
        coalesce(latest_processed.extractor_version, claim_versions.extractor_version) as extractor_version
    from (
        select article_id, extractor_version
        from {{ source('nlp', 'processed') }}
        qualify row_number() over (
            partition by article_id order by processed_at desc, extractor_version desc
        ) = 1
    ) as latest_processed
    full outer join (
        select article_id, max(extractor_version) as extractor_version
        from {{ source('nlp', 'claims') }}
        group by article_id
    ) as claim_versions
        on latest_processed.article_id = claim_versions.article_id
{% endmacro %}
