select
    content_sha256,
    timex_index,
    start_char,
    end_char,
    text,
    timex_type,
    value,
    date_start,
    date_end,
    granularity,
    anchor,
    anchor_date,
    sentence_start,
    sentence_end,
    sentence,
    extractor_version
from {{ source('raw', 'timexes') }}
