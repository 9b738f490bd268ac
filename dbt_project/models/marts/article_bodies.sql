-- Each article's body without the lines its site repeats on many pages (repeated_lines): articles.body
-- comes from the page alone; this table adds what the rest of the warehouse knows about the site. Adding
-- pages of a site can move a line into repeated_lines, and the bodies of that site's pages change
-- accordingly (articles.body never does).
-- Incremental per document: a build cuts the bodies of new and changed articles, and every body of a site
-- whose set of repeated lines changed (int_repeated_line_sets_hashed.changed_at); a row's updated_at is the
-- later of the two. Rows of articles that are gone are deleted by the post-hook.
{{
    config(
        materialized='incremental',
        unique_key='source_file',
        incremental_strategy='delete+insert',
        post_hook="delete from {{ this }} where article_id not in (select article_id from {{ ref('articles') }})"
    )
}}

with articles as (
    select
        articles.article_id,
        articles.document_id,
        articles.source_file,
        articles.paragraphs,
        articles.paragraph_count,
        documents.site,
        greatest(articles.updated_at, line_sets.changed_at) as updated_at
    from {{ ref('articles') }} as articles
    inner join {{ ref('documents') }} as documents on articles.document_id = documents.document_id
    inner join {{ ref('int_repeated_line_sets_hashed') }} as line_sets on documents.site = line_sets.site
    {% if is_incremental() %}
        anti join (select distinct document_id, updated_at from {{ this }}) as processed
            on
                articles.document_id = processed.document_id
                and greatest(articles.updated_at, line_sets.changed_at) = processed.updated_at
    {% endif %}
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
    articles.paragraph_count - count(kept.paragraph) as repeated_paragraph_count,
    articles.updated_at
from articles
left join kept on articles.article_id = kept.article_id
group by
    articles.article_id,
    articles.document_id,
    articles.source_file,
    articles.paragraph_count,
    articles.updated_at
