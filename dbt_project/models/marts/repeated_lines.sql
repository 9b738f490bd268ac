-- Lines a site prints on many of its pages: the site's template (menus, footers, "Most read" boxes,
-- promotions). A single page cannot tell these from its own text; the warehouse can count them.
-- Incremental per site: a build counts again the lines of the sites whose pages changed since the last
-- successful dbt build (raw.dbt_build_state, as the marts' tests read it): int_site_pages_counted found a
-- new page count for them (in this run, or in a run that failed after it), or one of their pages was written
-- since. So the rows always describe exactly the pages now in the raw folder, and adding a page to one site
-- does not count the others' lines. A site counted again that has no repeated line left is written
-- as one row with a page_count of 0, so that its old rows go (delete+insert by site), and the post-hook
-- deletes that row.
-- depends_on: {{ ref('int_site_pages_counted') }}
{{
    config(
        materialized='incremental',
        unique_key='site',
        incremental_strategy='delete+insert',
        post_hook="delete from {{ this }} where page_count = 0"
    )
}}

{% if is_incremental() %}
    {% set affected_sites %}
        select site
        from {{ ref('int_site_pages_counted') }}
        where counted_at > (select coalesce(max(built_at), '-infinity'::timestamp) from raw.dbt_build_state)
        union
        select site
        from {{ ref('documents') }}
        where updated_at > (select coalesce(max(watermark), '-infinity'::timestamp) from raw.dbt_build_state)
    {% endset %}
    {#- looked up once (in_keys runs its query), used by both counts below -#}
    {% set in_affected_sites = in_keys('site', affected_sites) %}
{% endif %}

with site_pages as (
    select
        site,
        count(*) as site_page_count
    from {{ ref('documents') }}
    {% if is_incremental() %}
        where {{ in_affected_sites }}
    {% endif %}
    group by site
),

counted as (
    select
        site,
        line_text,
        count(*) as page_count,
        min(source_file) as example_source_file
    from {{ ref('int_page_lines_split') }}
    {% if is_incremental() %}
        where {{ in_affected_sites }}
    {% endif %}
    group by site, line_text
),

repeated as (
    select
        counted.site,
        counted.line_text,
        counted.page_count,
        site_pages.site_page_count,
        round(counted.page_count / site_pages.site_page_count, 3) as page_share,
        counted.example_source_file
    from counted
    inner join site_pages on counted.site = site_pages.site
    where
        counted.page_count >= {{ var('repeated_line_min_pages', 5) }}
        and counted.page_count >= {{ var('repeated_line_min_share', 0.1) }} * site_pages.site_page_count
)

select * from repeated
{% if is_incremental() %}
    union all by name
    select
        affected.site,
        0 as page_count
    from ({{ affected_sites }}) as affected
{% endif %}
