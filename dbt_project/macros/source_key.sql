{#- An outlet as a key: lower case, no leading "www.", 'unknown' when missing (docs block source_key). -#}
{% macro source_key(column) -%}
    coalesce(nullif(regexp_replace(lower(trim({{ column }})), '^www\.', ''), ''), 'unknown')
{%- endmacro %}
