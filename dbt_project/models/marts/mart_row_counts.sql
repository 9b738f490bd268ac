-- Rows per mart, counted when queried. It reads every mart, so it is the one model every dbt build runs
-- last: the serving copy follows it (a build that changed nothing runs no dbt model and publishes nothing).
{{ config(materialized='view') }}

{% set marts = ['documents', 'articles', 'headlines', 'entity_mentions', 'entities', 'timeline', 'rejected_files', 'repeated_lines', 'article_bodies'] %}
{% for mart in marts %}
    select
        '{{ mart }}' as table_name,
        count(*) as row_count
    from {{ ref(mart) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
