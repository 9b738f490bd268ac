-- Lines a site prints on many of its pages: the site's template (menus, footers, "Most read" boxes,
-- promotions). A single page cannot tell these from its own text; the warehouse can count them. Rebuilt on
-- every build from the current pages, so it always describes exactly the pages now in the raw folder.
with site_pages as (
    select
        site,
        count(*) as site_page_count
    from {{ ref('documents') }}
    group by site
),

counted as (
    select
        site,
        line_text,
        count(*) as page_count,
        min(source_file) as example_source_file
    from {{ ref('int_page_lines_split') }}
    group by site, line_text
)

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
