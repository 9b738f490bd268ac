"""The whole pipeline for real: Dagster job -> raw tables -> dbt marts, on a temporary warehouse."""

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from orchestration.chronology import write_chronology
from tests.integration.conftest import REPO_ROOT, TempWarehouse

pytestmark = pytest.mark.integration

GOLD = json.loads((REPO_ROOT / "tests" / "fixtures" / "seeds_gold.json").read_text(encoding="utf-8"))[
    "documents"
]
MARTS = ("documents", "articles", "headlines", "entity_mentions", "entities", "timeline", "rejected_files")


def check_marts_against_gold(wh: TempWarehouse) -> None:
    for source_file, gold in GOLD.items():
        page_date, page_kind = wh.query(
            "select page_date, page_kind from documents where source_file = ?", [source_file]
        )[0]
        expected_date = date.fromisoformat(gold["page_date"]) if gold["page_date"] else None
        assert (page_date, page_kind) == (expected_date, gold["page_kind"]), source_file

        headlines = wh.query(
            "select position, role, text, summary, summary_truncated, photo_caption, article_id "
            "from headlines where source_file = ? order by position",
            [source_file],
        )
        assert len(headlines) == len(gold["headlines"]), source_file
        for row, expected in zip(headlines, gold["headlines"], strict=True):
            position, role, text, summary, truncated, caption, article_id = row
            assert (position, role, text, truncated) == (
                expected["position"],
                expected["role"],
                expected["text"],
                expected["summary_truncated"],
            )
            if "summary" in expected:
                assert summary == expected["summary"]
            else:
                assert summary.startswith(expected["summary_starts"])
            if "photo_caption_starts" in expected:
                assert caption.startswith(expected["photo_caption_starts"])
            assert (article_id is not None) == (role == "main")

        articles = wh.query(
            "select title, section, photo_captions, photo_credits, paragraph_count, paragraphs, body "
            "from articles where source_file = ? order by article_id",
            [source_file],
        )
        assert len(articles) == len(gold["articles"]), source_file
        for row, expected in zip(articles, gold["articles"], strict=True):
            title, section, captions, credits, count, paragraphs, body = row
            assert (title, section, captions, credits, count) == (
                expected["title"],
                expected["section"],
                expected["photo_captions"],
                expected["photo_credits"],
                expected["paragraph_count"],
            )
            assert paragraphs[0].startswith(expected["first_paragraph_starts"])
            assert paragraphs[-1].startswith(expected["last_paragraph_starts"])
            assert body == "\n\n".join(paragraphs)
            assert not any(line in body for line in gold["boilerplate"])


def check_entities_against_gold(wh: TempWarehouse) -> None:
    """Every gold surface is a mention with the gold label, and one gold entity is one entity_id everywhere."""
    ids_by_gold_name: dict[str, set[str]] = {}
    for source_file, gold in GOLD.items():
        mentions = wh.query(
            "select m.text, m.label, m.entity_id, e.label from entity_mentions as m "
            "join entities as e using (entity_id) where m.source_file = ?",
            [source_file],
        )
        for entity in gold["entities"]:
            for surface in entity["surfaces"]:
                found = {
                    (eid, mart_label)
                    for text, label, eid, mart_label in mentions
                    if text == surface and label == entity["type"]
                }
                assert found, f"{source_file}: {surface!r} ({entity['type']}) not found"
                assert {mart_label for _, mart_label in found} == {entity["type"]}
                ids_by_gold_name.setdefault(entity["name"], set()).update(eid for eid, _ in found)
    split = {name: ids for name, ids in ids_by_gold_name.items() if len(ids) != 1}
    assert not split, f"gold entities spread over several entity_ids: {split}"
    merged = {}
    for name, ids in ids_by_gold_name.items():
        merged.setdefault(next(iter(ids)), []).append(name)
    assert all(len(names) == 1 for names in merged.values()), merged


def check_timeline_against_gold(wh: TempWarehouse) -> None:
    for source_file, gold in GOLD.items():
        rows = wh.query(
            "select text, value, date_start, date_end from timeline where source_file = ?", [source_file]
        )
        for timex in gold["timexes"]:
            accepted = {timex["value"], timex.get("real_value", timex["value"])}
            values = {value for text, value, _, _ in rows if text == timex["text"]}
            assert values & accepted, f"{source_file}: {timex['text']!r} -> {values}, expected {accepted}"


def test_build_reproduces_the_seed_gold_and_a_rerun_changes_nothing(temp_warehouse: TempWarehouse) -> None:
    temp_warehouse.build()
    check_marts_against_gold(temp_warehouse)
    check_entities_against_gold(temp_warehouse)
    check_timeline_against_gold(temp_warehouse)
    # a timeline row lists the entities of its sentence
    (names,) = temp_warehouse.query(
        "select entity_names from timeline where text = '13 September 2023' order by start_char limit 1"
    )[0]
    assert "Vladimir Putin" in names

    page = temp_warehouse.db_path.parent / "kim.html"
    assert write_chronology(temp_warehouse.db_path, "Kim Jong-un", page) >= 4  # spellings merged across pages
    assert "13 September 2023" in page.read_text(encoding="utf-8")
    texts = dict(temp_warehouse.query("select source_file, text from documents"))
    for page in temp_warehouse.raw_dir.iterdir():
        assert texts[page.name] == page.read_bytes().decode("utf-8")

    before = temp_warehouse.table_checksums(MARTS)
    raw_before = temp_warehouse.query("select count(*) from raw.documents")
    temp_warehouse.build()
    assert temp_warehouse.table_checksums(MARTS) == before
    assert temp_warehouse.query("select count(*) from raw.documents") == raw_before


def test_added_changed_deleted_and_bad_files(temp_warehouse: TempWarehouse) -> None:
    wh = temp_warehouse
    wh.build()
    loaded_before = dict(wh.query("select source_file, loaded_at from documents"))

    # added: only the new page is ingested and segmented
    (wh.raw_dir / "new page.txt").write_text(
        "Monday, March 2, 2026\n\nFactory Output Rises\n\nFactory output rose for a third month.\n",
        encoding="utf-8",
    )
    wh.build()
    assert wh.query("select count(*) from raw.documents") == [(4,)]
    assert wh.query("select count(*) from raw.page_segments") == [(4,)]
    loaded_after = dict(wh.query("select source_file, loaded_at from documents"))
    assert {k: loaded_after[k] for k in loaded_before} == loaded_before
    assert wh.query("select page_date from documents where source_file = 'new page.txt'") == [
        (date(2026, 3, 2),)
    ]

    # changed: a new version replaces the old one in every mart
    changed = wh.raw_dir / "000_f0842f86b759e843.txt"
    old_id = wh.query("select document_id from documents where source_file = ?", [changed.name])[0][0]
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Friday, December 5, 2025", "Saturday, December 6, 2025"),
        encoding="utf-8",
    )
    # deleted: its rows leave the marts; bad: recorded with a reason, the rest goes on
    (wh.raw_dir / "003_269699ac34f6ec17.txt").unlink()
    (wh.raw_dir / "broken.txt").write_bytes(b"\x1f\x8b\x08\x00binary")
    wh.build()

    rows = wh.query(
        "select document_id, page_date, version_number from documents where source_file = ?", [changed.name]
    )
    assert len(rows) == 1 and rows[0][0] != old_id and rows[0][1:] == (date(2025, 12, 6), 2)
    for table in ("headlines", "articles"):
        assert wh.query(f"select count(*) from {table} where document_id = ?", [old_id]) == [(0,)]
        assert wh.query(f"select count(*) from {table} where source_file = ?", [changed.name])[0][0] > 0
    for table in ("documents", "headlines"):
        assert wh.query(f"select count(*) from {table} where source_file like '003_%'") == [(0,)]
    assert [r[0] for r in wh.query("select source_file from documents order by 1")] == [
        "000_f0842f86b759e843.txt",
        "002_8c39d756c7fdf795.txt",
        "new page.txt",
    ]
    rejected = wh.query("select source_file, reason from rejected_files")
    assert len(rejected) == 1 and rejected[0][0] == "broken.txt" and "gzip" in rejected[0][1]


def test_the_documented_command_builds_from_another_folder(tmp_path: Path) -> None:
    """`DATELINE_RAW_DIR=… DATELINE_DB=… dagster asset materialize -m orchestration.definitions --select '*'`."""
    raw_dir = tmp_path / "pages"
    raw_dir.mkdir()
    for page in (REPO_ROOT / "raw").glob("*.txt"):
        shutil.copy2(page, raw_dir / page.name)
    db_path = tmp_path / "elsewhere.duckdb"
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    env = {
        **os.environ,
        "DATELINE_RAW_DIR": str(raw_dir),
        "DATELINE_DB": str(db_path),
        "DAGSTER_HOME": str(dagster_home),
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    completed = subprocess.run(
        ["dagster", "asset", "materialize", "-m", "orchestration.definitions", "--select", "*"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    summary = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "summary"], env=env, capture_output=True, text=True
    )
    assert summary.returncode == 0
    assert "documents" in summary.stdout and "3 rows" in summary.stdout
    assert "127.0.0.1:3000" in summary.stdout
