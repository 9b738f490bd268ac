"""Segment the text of a scraped news page into page date, headlines, an article and boilerplate.

Pure functions over lines; no rule names an outlet. The approach, and the module each step lives in:

1. Normalise (``lines``): CRLF / lone CR line ends, control characters. Every non-blank line keeps its
   *block* number (blank-line separated), because a blank line is the scraper's trace of an HTML block
   boundary. HTML never gets here: the page reader renders it to its visible text first.
2. Classify each line on its own shape (``classify``):
   FOOTER / INLINE boilerplate (generic phrases such as "Most Popular", "Copyright", "Share this", menus of
   ``|``; ``furniture``), DATE (the whole line is a date), META (byline, "Published ...", "5 hours ago", a
   timestamp), CREDIT ("Courtesy of X", "Photo: X"), CAPTION (a description ending with its credit,
   ``... / Agency`` or ``(Name/Agency)``; ``meta_lines``), TITLE (short, no sentence end), PARA
   (sentence-like), JUNK (not text).
3. Find the parts from structure:
   - page date (``segment``): a DATE line (or a dated META line without a byline/"Published" label) among
     the first lines, before any headline or prose;
   - body (``weights``, ``locate``, ``body``): the candidate stretches of prose, each line weighed for or
     against being main text; the one with the most prose and headline evidence is the article. A *run*,
     i.e. a paragraph followed (captions and metadata aside) by another paragraph, is where a body can
     start; a byline or date between the two makes the first one a dek instead;
   - main title (``titles``): a title-like line copied within the next few lines, verbatim or glued to a
     section tag (``NorthKoreaTitle``; ``…`` equals ``...``; the glued prefix, split at case changes, is the
     section); the repeat closest above the body wins. Without a copy, the best-scored headline above the
     body (a dek, a byline or timestamp below it, a second copy on the page);
   - between title and body (``segment``, ``captions``): lines in the glued copy's block are captions;
     credits, byline, published date and a dek (the main headline's summary) are picked up there too;
   - headlines outside the body (``items``): a title-like line and the next line as its summary (a
     sentence, or on listings a clause cut off without punctuation); where a page starts items with a
     caption, lines between a summary and the next headline are that next item's caption;
   - listing (``listings``): no body, or headlines interleaved with one or two paragraphs each and no
     repeated title; a short first line is the section;
   - boilerplate: phrase-matched lines anywhere, unused short labels, and what follows the footer except
     lists of further headlines (kept as teasers).
4. Repair text (``lines``): stray ``\\'`` escapes, HTML entities, a wire ``(END)`` mark, sentences glued
   without a space (``Monday.The`` -> ``Monday. The``; paragraphs are not split there). Duplicate
   paragraphs, captions and credits are kept once; of two copies of a caption the one that needed no escape
   repair wins (``captions``).
"""

from __future__ import annotations

from orchestration.text.dates import parse_dateline
from orchestration.text.segmentation.classify import classify, is_title_case
from orchestration.text.segmentation.lines import repair, repair_prose
from orchestration.text.segmentation.meta_lines import byline_of, credit_only, split_caption_credit
from orchestration.text.segmentation.model import Article, Headline, Kind, Page
from orchestration.text.segmentation.segment import _segment, segment_page

__all__ = [
    "Article",
    "Headline",
    "Kind",
    "Page",
    "_segment",
    "byline_of",
    "classify",
    "credit_only",
    "is_title_case",
    "parse_dateline",
    "repair",
    "repair_prose",
    "segment_page",
    "split_caption_credit",
]
