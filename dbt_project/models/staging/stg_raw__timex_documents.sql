-- Pages temporal extraction has processed (one row each, even with no expression).
select
    content_sha256,
    timex_count,
    extracted_at,
    extractor_version
from {{ source('raw', 'timex_documents') }}
