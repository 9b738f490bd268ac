-- Every mention of a person, organisation, place, facility, group or event in every current document.
{{ per_document_mart_config(['entities']) }}

with documents as (
    {{ documents_to_process(['entities']) }}
)

select
    documents.document_id || ':m' || mentions.mention_index as mention_id,
    documents.document_id,
    documents.source_file,
    mentions.start_char,
    mentions.end_char,
    mentions.text,
    mentions.label,
    mentions.entity_id,
    -- the name this document's mentions of the entity resolve to (entities.name is the one name across
    -- documents)
    mentions.canonical_name as name_in_document,
    mentions.sentence_start,
    mentions.sentence_end,
    mentions.sentence,
    coalesce(documents.published_date, documents.page_date) as document_date,
    documents.loaded_at,
    mentions.extractor_version,
    documents.stage_updated_at as updated_at
from documents
inner join {{ ref('stg_raw__entity_mentions') }} as mentions
    on documents.content_sha256 = mentions.content_sha256
