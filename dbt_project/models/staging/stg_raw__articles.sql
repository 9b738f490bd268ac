select
    content_sha256,
    article_index,
    title,
    section,
    byline,
    dateline_place,
    published_date,
    paragraphs,
    photo_captions,
    photo_credits
from {{ source('raw', 'segmented_articles') }}
