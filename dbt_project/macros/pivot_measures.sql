{#- One row per event of `grain` from int_events__measures: <measure>_low/_best/_high/_sources
    for every measure of the vocabulary. -#}
{% macro pivot_measures(grain, measures) -%}
    select
        event_id,
        {%- for m in measures %}
        max(low) filter (where measure_key = '{{ m }}') as {{ m }}_low,
        max(best) filter (where measure_key = '{{ m }}') as {{ m }}_best,
        max(high) filter (where measure_key = '{{ m }}') as {{ m }}_high,
        cast(coalesce(max(n_sources) filter (where measure_key = '{{ m }}'), 0) as integer) as {{ m }}_sources
        {%- if not loop.last %},{% endif %}
        {%- endfor %}

    from {{ ref('int_events__measures') }}
    where grain = '{{ grain }}'
    group by event_id
{%- endmacro %}

{#- The best-known date basis among an event's claims (explicit before relative, matched,
    published, rolling, unknown). -#}
{% macro best_date_basis(column) -%}
    arg_min({{ column }}, case {{ column }}
        when 'explicit' then 1 when 'relative' then 2 when 'matched' then 3
        when 'published' then 4 when 'rolling' then 5 else 6 end)
{%- endmacro %}

{#- The evidence behind an event: each distinct sentence with its outlet and article, in article order. -#}
{% macro evidence_list() -%}
    list(distinct {'source_key': source_key, 'article_ref': article_ref, 'sentence': evidence})
{%- endmacro %}
