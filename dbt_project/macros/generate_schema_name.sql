{#- Schemas are exactly the folder names (staging, intermediate, marts, seeds), not dbt's
    default `<target schema>_<custom>`: the published warehouse and the GX suites read `marts.*`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
