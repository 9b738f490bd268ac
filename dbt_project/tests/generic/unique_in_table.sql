{#- Fails on every key of the rows under test (this build's rows: the `where` config) that occurs more than once
    in the whole table: a new key that repeats an old one is caught, without grouping the whole table. -#}
{% test unique_in_table(model, column_name, table) %}

    select
        {{ column_name }} as duplicated_key,
        count(*) as occurrences
    from {{ table }}
    where {{ column_name }} in (select {{ column_name }} from {{ model }})
    group by {{ column_name }}
    having count(*) > 1

{% endtest %}
