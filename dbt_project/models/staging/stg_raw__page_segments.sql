select
    content_sha256,
    page_date,
    page_kind,
    page_kind_reason,
    section,
    boilerplate,
    reader,
    visible_text,
    site_name,
    categories,
    segmented_at,
    extractor_version,
    text_sha256
from {{ source('raw', 'page_segments') }}
