select
    content_sha256,
    mention_index,
    start_char,
    end_char,
    text,
    label,
    entity_key,
    canonical_name,
    sentence_start,
    sentence_end,
    sentence,
    extractor_version,
    -- One id per canonical entity, the same in every document and every run.
    left(md5(entity_key), 16) as entity_id
from {{ source('raw', 'entity_mentions') }}
