"""Entity mentions in news text: spaCy small + gazetteers + news-layout rules + document consistency.

Each step is a small function; offsets always point into the caller's original text. The steps, by module:

1. ``folding``: curly quotes, dashes, look-alike Cyrillic/Greek letters inside Latin words and ``\\'``
   escapes are folded (``fold_text``); an offset map takes positions back to the original text.
2. ``recasing``: ALL-CAPS and Title Case lines are rewritten, length-preserving, in the casing the
   document uses elsewhere (``recase_caps``), because the model relies on case.
3. ``recognizer``: spaCy NER + sentence splitter over chunks of the recased text (``EntityRecognizer``),
   then ``apply_rules`` runs the rest over each document.
4. Rules for what the model misses: ``rules`` (gazetteer names, organisation shapes, photo credits, wire
   datelines, unknown acronyms, numbered events), ``names`` (initials, given names, Korean/Chinese names)
   and ``sports`` (result tables, fixtures, venues, a place acting as a side).
5. ``merging``: spans joined by the priority of their ``SpanSource``; ``cleanup`` cuts and trims them and
   drops headline capitals that name nothing.
6. ``merging.consistency``: the document agrees with itself (majority label, surnames, repeats).
7. Keys and display names from ``entity_linking.link_document``.

``python -m orchestration.eval.entities ../shared/bench/conll-dev`` scores the whole against CoNLL gold.
"""

from orchestration.text.entities.cleanup import (
    carve_gazetteer,
    clean_span,
    drop_headline_words,
    extend_spans,
    split_span,
)
from orchestration.text.entities.folding import (
    CONFUSABLES,
    QUOTE_FOLD,
    FoldedText,
    fold_char,
    fold_surface,
    fold_text,
)
from orchestration.text.entities.merging import consistency, merge_spans
from orchestration.text.entities.names import east_asian_name_spans, first_name_spans, initials_spans
from orchestration.text.entities.recasing import CasingResources, document_casing, recase_caps
from orchestration.text.entities.recognizer import (
    KEPT_LABELS,
    MAX_CHUNK,
    EntityRecognizer,
    Mention,
    RuleResources,
    apply_rules,
    chunk_bounds,
    line_bounds,
)
from orchestration.text.entities.rules import (
    acronym_spans,
    credit_spans,
    dateline_spans,
    event_spans,
    gazetteer_spans,
    pattern_spans,
)
from orchestration.text.entities.spans import Span, SpanSource, Token, tokenize
from orchestration.text.entities.sports import (
    is_sports_document,
    name_country_spans,
    sports_relabel,
    table_spans,
)

__all__ = [
    "CONFUSABLES",
    "KEPT_LABELS",
    "MAX_CHUNK",
    "QUOTE_FOLD",
    "CasingResources",
    "EntityRecognizer",
    "FoldedText",
    "Mention",
    "RuleResources",
    "Span",
    "SpanSource",
    "Token",
    "acronym_spans",
    "apply_rules",
    "carve_gazetteer",
    "chunk_bounds",
    "clean_span",
    "consistency",
    "credit_spans",
    "dateline_spans",
    "document_casing",
    "drop_headline_words",
    "east_asian_name_spans",
    "event_spans",
    "extend_spans",
    "first_name_spans",
    "fold_char",
    "fold_surface",
    "fold_text",
    "gazetteer_spans",
    "initials_spans",
    "is_sports_document",
    "line_bounds",
    "merge_spans",
    "name_country_spans",
    "pattern_spans",
    "recase_caps",
    "split_span",
    "sports_relabel",
    "table_spans",
    "tokenize",
]
