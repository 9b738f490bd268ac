select
    content_sha256,
    position,
    text,
    summary,
    role,
    summary_truncated,
    photo_caption,
    article_index,
    extractor_version
from {{ source('raw', 'segmented_headlines') }}
