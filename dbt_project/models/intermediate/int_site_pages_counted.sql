-- One row per site: how many current pages it has, and the dbt run that found that count. Incremental: a
-- site's row is replaced only when its count changes (pages added or deleted; a site whose pages are all
-- gone gets a count of 0), so repeated_lines can count again the lines of those sites alone.
{{
    config(
        materialized='incremental',
        unique_key='site',
        incremental_strategy='delete+insert'
    )
}}

with current_counts as (
    select
        site,
        count(*) as page_count
    from {{ ref('documents') }}
    group by site
),

{% if is_incremental() %}
    changed as (
        select
            coalesce(current_counts.site, previous.site) as site,
            coalesce(current_counts.page_count, 0) as page_count
        from current_counts
        full outer join {{ this }} as previous on current_counts.site = previous.site
        where current_counts.page_count is distinct from previous.page_count
            and not (current_counts.site is null and previous.page_count = 0)
    )
{% else %}
    changed as (
        select * from current_counts
    )
{% endif %}

select
    changed.site,
    changed.page_count,
    '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}'::timestamp as counted_at
from changed
