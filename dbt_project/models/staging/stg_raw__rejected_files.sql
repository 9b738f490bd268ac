select
    source_file,
    reason,
    content_sha256,
    size_bytes,
    seen_at
from {{ source('raw', 'rejected_files') }}
