-- Each article's body without the lines its site repeats on many pages (repeated_lines): articles.body
-- comes from the page alone; this view adds what the rest of the warehouse knows about the site. A view, so
-- it always matches the current pages: adding pages of a site can move a line into repeated_lines, and the
-- bodies of that site's pages change accordingly (articles.body never does).
{{ config(materialized='view') }}

with articles as (
    select
        articles.article_id,
        articles.document_id,
        articles.source_file,
        articles.paragraphs,
        articles.paragraph_count,
        documents.site
    from {{ ref('articles') }} as articles
    inner join {{ ref('documents') }} as documents on articles.document_id = documents.document_id
),

paragraphs as (
    select
        article_id,
        site,
        unnest(paragraphs) as paragraph,
        generate_subscripts(paragraphs, 1) as paragraph_index
    from articles
),

kept as (
    select paragraphs.*
    from paragraphs
    anti join {{ ref('repeated_lines') }} as repeated
        on paragraphs.site = repeated.site and trim(paragraphs.paragraph) = repeated.line_text
)

select
    articles.article_id,
    articles.document_id,
    articles.source_file,
    coalesce(
        string_agg(kept.paragraph, chr(10) || chr(10) order by kept.paragraph_index), ''
    ) as body,
    count(kept.paragraph) as paragraph_count,
    articles.paragraph_count - count(kept.paragraph) as repeated_paragraph_count
from articles
left join kept on articles.article_id = kept.article_id
group by articles.article_id, articles.document_id, articles.source_file, articles.paragraph_count
