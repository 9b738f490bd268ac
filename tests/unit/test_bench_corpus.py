"""bench.generate_corpus on synthetic sources (no ../shared needed): determinism, uniqueness, count, shapes."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from bench.generate_corpus import (
    SHAPES,
    SourceDoc,
    Sources,
    compose_page,
    generate,
    headline,
    parse_date_line,
    parse_document,
    title_case,
    write_corpus,
)


def _sources(n: int = 12) -> Sources:
    docs = []
    for i in range(n):
        paragraphs = tuple(
            f"Minister Anna Berg{i} said on Monday that the port of Riga{i} would reopen in March. "
            f"Officials in Oslo expected trade to grow by {i + p} percent next year."
            for p in range(4)
        )
        title = f"PORT {i} REOPENS AFTER STRIKE" if i % 2 else ""
        docs.append(SourceDoc(name=f"doc{i}", title=title, paragraphs=paragraphs, day=date(1996, 8, 1 + i)))
    return Sources(docs=tuple(docs))


def test_same_seed_same_pages_and_other_seed_other_pages():
    sources = _sources()
    first = [(p.name, p.text) for p in generate(sources, 40, seed=7)]
    again = [(p.name, p.text) for p in generate(sources, 40, seed=7)]
    other = [(p.name, p.text) for p in generate(sources, 40, seed=8)]
    assert first == again
    assert first != other


def test_every_page_unique_even_from_few_sources():
    pages = list(generate(_sources(3), 300, seed=1))
    assert len({hashlib.sha256(p.text.encode()).hexdigest() for p in pages}) == 300
    assert len({p.name for p in pages}) == 300


def test_page_can_be_rebuilt_alone():
    sources = _sources()
    pages = list(generate(sources, 20, seed=3))
    assert compose_page(sources, 3, 17) == pages[17]
    assert list(generate(sources, 5, seed=3, start=15)) == pages[15:20]


def test_write_corpus_writes_the_count_and_mixes_shapes(tmp_path):
    manifest = write_corpus(_sources(), tmp_path / "corpus", 120, seed=2)
    files = sorted((tmp_path / "corpus").iterdir())
    assert len(files) == manifest["pages"] == 120
    assert sum(manifest["shapes"].values()) == 120
    assert all(manifest["shapes"][shape] > 0 for shape in SHAPES)
    assert manifest["bytes"] == sum(f.stat().st_size for f in files)
    assert {f.name.split("_")[0] for f in files} == set(SHAPES)


@pytest.mark.parametrize("shape", SHAPES)
def test_shapes_look_like_their_pages(shape):
    pages = [p for p in generate(_sources(), 200, seed=5) if p.shape == shape]
    assert pages
    for page in pages[:10]:
        lines = page.text.splitlines()
        assert page.text.endswith("\n")
        assert f"{page.index:07d}" in page.text  # the page-id line
        if shape == "listing":
            assert parse_date_line(lines[0]) is None  # a section name, not a dateline
            assert len(page.sources) >= 5
        else:
            assert parse_date_line(lines[0]) is not None
        if shape == "wire":
            assert any(service in lines[4] for service in ("(Reuters)", "(Yonhap)", "(AP)", "(AFP)"))
        if shape == "article":
            captions = [line for line in lines if line and lines.count(line) == 2]
            assert captions  # the photo caption, printed twice as scraped


def test_parse_document_reads_the_bench_layouts():
    conll = "Friday, August 30, 1996\n\nCRICKET - LEICESTERSHIRE WIN.\n\nLONDON 1996-08-30\nFirst line.\n\nMore text.\n"
    doc = parse_document("c", conll, has_title=True, join_lines=False)
    assert doc.day == date(1996, 8, 30)
    assert doc.title == "CRICKET - LEICESTERSHIRE WIN"
    assert doc.paragraphs == ("LONDON 1996-08-30\nFirst line.", "More text.")
    timebank = "Thursday, January 8, 1998\n\nThe market fell\nsharply on Monday.\n"
    doc = parse_document("t", timebank, has_title=False, join_lines=True)
    assert (doc.title, doc.paragraphs) == ("", ("The market fell sharply on Monday.",))
    assert headline(doc) == "The Market Fell Sharply on Monday"
    assert title_case("CANADA BEAT PANAMA IN WORLD CUP") == "Canada Beat Panama in World Cup"
