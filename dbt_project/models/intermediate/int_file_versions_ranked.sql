-- Versions of each file in load order; the latest *ready* one is what the marts show (a tombstone hides the
-- file). A version is ready once every per-page step has run on its content: read (page_segments), entities
-- and timexes. A page that another process ingested while a build was between its Python steps and dbt is
-- therefore not ready in that build's dbt run: the file keeps its previous version (or stays out) until the
-- next build has extracted it, instead of entering the incremental marts unread and being skipped by them
-- from then on. A tombstone is ready at once.
with versions as (
    select
        versions.*,
        versions.is_deleted or (
            segments.content_sha256 is not null
            and entities.content_sha256 is not null
            and timexes.content_sha256 is not null
        ) as is_ready,
        -- when and by which extractor version each per-page step last wrote this content's rows: the
        -- marts compare these to redo a document whose extraction changed (a re-extraction)
        segments.segmented_at as read_at,
        segments.extractor_version as reader_version,
        entities.extracted_at as entities_extracted_at,
        entities.extractor_version as entities_extractor_version,
        timexes.extracted_at as timexes_extracted_at,
        timexes.extractor_version as timexes_extractor_version
    from {{ ref('stg_raw__documents') }} as versions
    left join {{ ref('stg_raw__page_segments') }} as segments
        on versions.content_sha256 = segments.content_sha256
    left join {{ ref('stg_raw__entity_documents') }} as entities
        on versions.content_sha256 = entities.content_sha256
    left join {{ ref('stg_raw__timex_documents') }} as timexes
        on versions.content_sha256 = timexes.content_sha256
)

select
    *,
    row_number() over (partition by source_file order by loaded_at) as version_number,
    is_ready and row_number() over (
        partition by source_file order by is_ready desc, loaded_at desc
    ) = 1 as is_latest
from versions
