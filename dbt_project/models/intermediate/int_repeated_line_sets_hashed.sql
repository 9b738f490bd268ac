-- One row per site: a hash of the set of lines it repeats now (repeated_lines), and since when it holds that
-- set. article_bodies cuts a site's bodies with its set; when the set changes (a line crosses the thresholds
-- as pages arrive or leave), `changed_at` moves on and the site's bodies are cut again. A site keeps its row
-- while its set stays the same, however many pages it gains.
{{
    config(
        materialized='incremental',
        unique_key='site',
        incremental_strategy='delete+insert'
    )
}}

with sites as (
    select distinct site
    from {{ ref('documents') }}
),

current_sets as (
    select
        sites.site,
        -- an empty set has a hash too: a site whose last repeated line went is cut again as well
        md5(coalesce(string_agg(repeated.line_text, chr(10) order by repeated.line_text), ''))
            as repeated_lines_sha
    from sites
    left join {{ ref('repeated_lines') }} as repeated on sites.site = repeated.site
    group by sites.site
)

select
    current_sets.site,
    current_sets.repeated_lines_sha,
    -- the build that found this set (UTC, as the marts' updated_at)
    now() at time zone 'UTC' as changed_at
from current_sets
{% if is_incremental() %}
    anti join {{ this }} as previous
        on
            current_sets.site = previous.site
            and current_sets.repeated_lines_sha = previous.repeated_lines_sha
{% endif %}
