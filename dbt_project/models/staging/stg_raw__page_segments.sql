select
    content_sha256,
    page_date,
    page_kind,
    section,
    boilerplate,
    segmented_at
from {{ source('raw', 'page_segments') }}
