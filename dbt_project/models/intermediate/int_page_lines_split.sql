-- The short lines of every current page, one row per distinct line per page: what a site prints on many of
-- its pages (menus, labels, footers, promotions) shows up as the same line on many rows. Per document and
-- incremental, like the marts, so a build splits only the pages it adds.
{{ per_document_mart_config(['read']) }}

with documents as (
    {{ documents_to_process(['read']) }}
),

lines as (
    select
        documents.document_id,
        documents.source_file,
        documents.site,
        documents.stage_updated_at,
        unnest(regexp_split_to_array(documents.text, '\r\n|\r|\n')) as raw_line
    from documents
)

select distinct
    document_id,
    source_file,
    site,
    trim(raw_line) as line_text,
    stage_updated_at as updated_at
from lines
where length(trim(raw_line)) between 2 and {{ var('repeated_line_max_chars', 200) }}
