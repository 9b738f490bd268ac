"""`dateline eval pages` and `dateline eval titles` end to end, on tiny data sets of the bench sets' layout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.eval.pages import is_holdout

pytestmark = pytest.mark.integration

HARBOUR = (
    "The city council voted on Tuesday to approve a new bridge across the harbour, ending a debate that "
    "had lasted for more than ten years.",
    "Construction is expected to begin next spring and to take about three years, according to the "
    "council's own planning office.",
    "Residents who live near the harbour said they welcomed the decision but worried about the noise of "
    "the building work.",
)
LIBRARY = (
    "The old public library on Main Street will reopen next month after a renovation that took almost "
    "two years to finish.",
    "The building now has a larger reading room, a small cafe and a garden where children can listen to "
    "stories in the summer.",
    "Librarians said that more than a thousand people had already signed up for new library cards.",
)
# (doc id, title, body paragraphs): page-0 and page-1 are in the tune part, page-3 in the holdout part;
# page-1's files are empty (rejected at load), so it has no article and scores recall 0 in every system.
PAGES = (
    ("page-0", "Council approves new harbour bridge", HARBOUR),
    ("page-1", "Old library reopens after renovation", LIBRARY),
    ("page-3", "Old library reopens after renovation", LIBRARY),
)
EMPTY_FILES = {"page-1"}


def _page_text(title: str, paragraphs: tuple[str, ...]) -> str:
    """A page as a scraper saves its text: site name, menu, title, byline, body, footer."""
    return (
        f"Example Gazette\n\nHome\nNews\nSport\n\n{title}\n\nBy Jane Doe, March 3, 2019\n\n"
        + "\n\n".join(paragraphs)
        + "\n\nCopyright 2019 Example Gazette. All rights reserved.\n"
    )


def _page_html(title: str, paragraphs: tuple[str, ...]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title} - Example Gazette</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1><p class='byline'>By Jane Doe, March 3, 2019</p>{body}</article>"
        "<footer>Copyright 2019 Example Gazette. All rights reserved.</footer></body></html>"
    )


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # building exports DATELINE_DB / DATELINE_RAW_DIR for dbt; keep them in tmp and restore them afterwards
    monkeypatch.setenv("DATELINE_DB", str(tmp_path / "unused.duckdb"))
    monkeypatch.setenv("DATELINE_RAW_DIR", str(tmp_path / "unused"))


def _row(output: str, name: str) -> list[float | None]:
    """The nine figures (all, tune, holdout x P, R, F1) of one system's line of the table."""
    line = next(line for line in output.splitlines() if line.startswith(name + " "))
    cells = re.findall(r"\d\.\d{3}|(?<=\s)-(?=\s|$)", line[len(name) :])
    return [None if cell == "-" else float(cell) for cell in cells]


def test_eval_pages(tmp_path: Path, isolated_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert [is_holdout(doc) for doc, _, _ in PAGES] == [False, False, True]
    dataset = tmp_path / "web"
    (dataset / "raw_text").mkdir(parents=True)
    (dataset / "raw_html").mkdir()
    gold = []
    for doc, title, paragraphs in PAGES:
        empty = doc in EMPTY_FILES
        text, html = ("", "") if empty else (_page_text(title, paragraphs), _page_html(title, paragraphs))
        (dataset / "raw_text" / f"{doc}.txt").write_text(text, encoding="utf-8")
        (dataset / "raw_html" / f"{doc}.html").write_text(html, encoding="utf-8")
        gold.append({"doc": doc, "url": f"https://example.com/{doc}", "body": "\n\n".join(paragraphs)})
    (dataset / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")

    assert main(["eval", "pages", str(dataset), "--db-dir", str(tmp_path / "db"), "--per-page"]) == 0
    output = capsys.readouterr().out

    # The body of both articles is exactly the gold: P 1 (page-1 predicted nothing and is not averaged),
    # R (1 + 0 + 1) / 3 overall, (1 + 0) / 2 in tune, 1 in holdout.
    expected = [1.0, 0.667, 0.8, 1.0, 0.5, 0.667, 1.0, 1.0, 1.0]
    assert _row(output, "dateline raw_text") == expected
    assert _row(output, "dateline raw_html") == expected
    # The whole text holds the body's shingles and one more per extra word: P = (body - 3) / (page - 3).
    whole_p = []
    for _, title, paragraphs in (PAGES[0], PAGES[2]):
        body_words = len(re.findall(r"\w+", "\n\n".join(paragraphs)))
        page_words = len(re.findall(r"\w+", _page_text(title, paragraphs)))
        whole_p.append((body_words - 3) / (page_words - 3))
    whole = _row(output, "whole page text")
    assert whole[0] == round(sum(whole_p) / 2, 3) and whole[1] == 0.667
    assert whole[6] == round(whole_p[1], 3) and whole[7] == 1.0
    trafilatura = _row(output, "trafilatura (HTML, defaults)")
    assert trafilatura[1] == 0.667 and trafilatura[7] == 1.0  # it finds the whole body (with the h1 title)
    assert "pages: all 3, tune 2, holdout 1" in output
    for kind in ("raw_text", "raw_html"):
        assert re.search(
            rf"dateline {kind}: page_kind \(not loaded\) 1, article 2; 1 of 3 gold pages without an article; "
            r"1 rejected files",
            output,
        )
    worst = next(line for line in output.splitlines() if line.startswith("page-1 "))
    assert worst.split()[:6] == ["page-1", "tune", "|", "-", "0.00", "|"]
    assert (tmp_path / "db" / "raw_text.duckdb").is_file() and (tmp_path / "db" / "raw_html.duckdb").is_file()


def test_eval_titles(tmp_path: Path, isolated_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = tmp_path / "kr"
    (dataset / "raw").mkdir(parents=True)
    # kr_b.txt's gold title is not the page's: the one miss.
    docs = [
        ("kr_a.txt", "Council approves new harbour bridge", HARBOUR, "Yonhap", None),
        ("kr_b.txt", "Old library reopens after renovation", LIBRARY, "Yonhap", "Library  closes for good"),
        ("kr_e.txt", "Old library reopens after renovation", LIBRARY, "Herald", None),
    ]
    assert [is_holdout(doc) for doc, *_ in docs] == [False, False, True]
    lines = []
    for doc, title, paragraphs, outlet, gold_title in docs:
        text = f"Monday, December 29, 2025\n\n{title}\n\n" + "\n\n".join(paragraphs) + "\n"
        (dataset / "raw" / doc).write_text(text, encoding="utf-8")
        gold = {"doc": doc, "date": "2025-12-29", "title": gold_title or f" {title}\n", "outlet": outlet}
        lines.append(json.dumps(gold) + "\n")
    (dataset / "docs.jsonl").write_text("".join(lines), encoding="utf-8")

    assert main(["eval", "titles", str(dataset), "--db", str(tmp_path / "titles.duckdb")]) == 0
    out = capsys.readouterr().out.splitlines()  # dbt's log lines come first
    out = out[out.index("title accuracy (exact after collapsing whitespace)") :]
    accuracy = {line.split()[0]: line.split()[-2:] for line in out[1:6]}
    assert accuracy == {
        "all": ["0.667", "(2/3)"],
        "tune": ["0.500", "(1/2)"],
        "holdout": ["1.000", "(1/1)"],
        "Herald": ["1.000", "(1/1)"],
        "Yonhap": ["0.500", "(1/2)"],
    }
    assert "misses (1):" in out
    assert "  kr_b.txt [Yonhap; tune; page_kind article]" in out
    assert "    gold: Library  closes for good" in out
    assert "    got:  Old library reopens after renovation" in out
