-- Current documents: the latest version of every file still in the raw folder whose reading and extraction
-- are complete (int_file_versions_ranked.is_latest), so every row here has its segments, entities and timexes.
{{
    config(
        materialized='incremental',
        unique_key='source_file',
        incremental_strategy='delete+insert',
        post_hook="delete from {{ this }} where document_id not in (select document_id from {{ ref('int_file_versions_ranked') }} where is_latest and not is_deleted)"
    )
}}

with latest as (
    -- the text is fetched below for the documents this build takes in only: ranking every version with its
    -- text would read all of them (a second per 100,000 pages)
    select * exclude (text)
    from {{ ref('int_file_versions_ranked') }}
    where is_latest and not is_deleted
),

changed as (
    select latest.*
    from latest
    {% if is_incremental() %}
        -- new documents, and documents whose reading or extraction was redone since this table took them
        anti join {{ this }} as processed
            on
                latest.document_id = processed.document_id
                and {{ document_updated_at('latest') }} = processed.updated_at
    {% endif %}
),

published as (
    -- When the page's own text says the story ran (its first article's wire dateline or Published line).
    select
        content_sha256,
        min(published_date) as published_date
    from {{ ref('stg_raw__articles') }}
    group by content_sha256
)

select
    latest.document_id,
    latest.source_file,
    latest.content_sha256,
    -- An HTML page's visible text as the page reader rendered it (the markup stays in raw.documents).
    coalesce(segments.visible_text, versions.text) as text,  -- noqa: RF04
    segments.page_date,
    published.published_date,
    segments.page_kind,
    segments.page_kind_reason,
    segments.section,
    coalesce(latest.content_type, 'text/plain') as content_type,
    segments.reader,
    segments.site_name,
    -- The site a page belongs to, for counting the lines a site repeats: its folder under the raw folder
    -- (crawls are usually kept one site a folder), else the site name its HTML declares, else '' (one flat
    -- folder: the whole warehouse).
    coalesce(
        nullif(regexp_extract(latest.source_file, '^(.*)/[^/]*$', 1), ''), segments.site_name, ''
    ) as site,
    segments.categories,
    latest.encoding,
    latest.size_bytes,
    latest.version_number,
    latest.loaded_at,
    latest.read_at,
    latest.reader_version as extractor_version,
    latest.entities_extracted_at,
    latest.entities_extractor_version,
    latest.timexes_extracted_at,
    latest.timexes_extractor_version,
    {{ document_updated_at('latest') }} as updated_at
from changed as latest
inner join {{ ref('stg_raw__documents') }} as versions
    on latest.source_file = versions.source_file and latest.loaded_at = versions.loaded_at
inner join {{ ref('stg_raw__page_segments') }} as segments
    on latest.content_sha256 = segments.content_sha256
left join published
    on latest.content_sha256 = published.content_sha256
