{#- A place as a key of one shape, `<kind>:<id>` (docs block `place_key`): `city:<GeoNames id>`,
    `admin1:<CC>:<slug>`, `district:<CC>:<slug>`, `country:<CC>`, or `unknown`. -#}
{% macro place_key(place_id, precision, country) -%}
    case
        when {{ precision }} = 'city' and regexp_matches({{ place_id }}, '^[0-9]+$')
            then 'city:' || {{ place_id }}
        when {{ precision }} = 'admin_area' and {{ place_id }} like 'alias:%'
            then 'admin1:' || coalesce({{ country }}, '??') || ':' || substr({{ place_id }}, 7)
        when {{ precision }} = 'district' and {{ place_id }} like 'district:%'
            then 'district:' || coalesce({{ country }}, '??') || ':' || substr({{ place_id }}, 10)
        when {{ precision }} in ('city', 'admin_area', 'district') and {{ place_id }} is not null
            then {{ precision }} || ':' || {{ place_id }}
        when {{ country }} is not null
            then 'country:' || {{ country }}
        else 'unknown'
    end
{%- endmacro %}
