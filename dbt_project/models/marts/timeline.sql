-- Every temporal expression in every current document, normalised, with the sentence it dates and the
-- entities mentioned in that sentence.
{{ per_document_mart_config(['timexes', 'entities']) }}

with documents as (
    {{ documents_to_process(['timexes', 'entities']) }}
),

timexes as (
    select
        documents.document_id,
        documents.source_file,
        documents.page_date,
        documents.published_date,
        documents.loaded_at,
        documents.stage_updated_at,
        timexes.*
    from documents
    inner join {{ ref('stg_raw__timexes') }} as timexes
        on documents.content_sha256 = timexes.content_sha256
),

sentence_entities as (
    select
        timexes.document_id,
        timexes.timex_index,
        list(distinct mentions.entity_id order by mentions.entity_id) as entity_ids,
        list(distinct mentions.name_in_document order by mentions.name_in_document) as entity_names
    from timexes
    inner join {{ ref('entity_mentions') }} as mentions
        on
            timexes.document_id = mentions.document_id
            and timexes.sentence_start <= mentions.start_char
            and timexes.sentence_end >= mentions.end_char
    group by timexes.document_id, timexes.timex_index
)

select
    timexes.document_id || ':t' || timexes.timex_index as timex_id,
    timexes.document_id,
    timexes.source_file,
    timexes.start_char,
    timexes.end_char,
    timexes.text,
    timexes.timex_type,
    timexes.value,
    timexes.date_start,
    timexes.date_end,
    timexes.granularity,
    timexes.anchor,
    timexes.anchor_date,
    timexes.sentence,
    timexes.sentence_start,
    timexes.sentence_end,
    coalesce(sentence_entities.entity_ids, []) as entity_ids,
    coalesce(sentence_entities.entity_names, []) as entity_names,
    timexes.page_date,
    timexes.published_date,
    timexes.loaded_at,
    timexes.extractor_version,
    timexes.stage_updated_at as updated_at
from timexes
left join sentence_entities
    on
        timexes.document_id = sentence_entities.document_id
        and timexes.timex_index = sentence_entities.timex_index
