{#- rows where the column is negative (nulls pass: combine with not_null where needed) -#}
{% test non_negative(model, column_name) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < 0
{% endtest %}
