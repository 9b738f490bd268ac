-- Pages entity extraction has processed (one row each, even with no mention).
select
    content_sha256,
    mention_count,
    extracted_at,
    extractor_version
from {{ source('raw', 'entity_documents') }}
