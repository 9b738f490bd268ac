"""Publish the marts to a read-only serving copy that readers (BI tools, notebooks) use while builds run.

DuckDB allows one read-write process *or* many read-only ones on a file, never both, so readers of the
warehouse file itself would block builds (and builds would lock readers out). Readers open
`<stem>_serving.duckdb` instead: a small read-only DuckDB file of views over Parquet files, replaced
atomically by each build that changed a mart. A publish writes in proportion to what changed:

- The per-document marts (documents, articles, headlines, entity_mentions, timeline, article_bodies) are
  kept as parts: a publish writes one Parquet file per table holding the rows of the documents that are new
  or changed since the last publish (their `updated_at` differs); `serving_documents` (in the serving file)
  lists, per table, which document rows are current, and the view shows only those. Parts are merged as in
  a log-structured store (`plan_parts`): the new part takes in the smaller files whose size is within
  MERGE_FACTOR of what it holds, so the files' sizes fall geometrically, a table has O(log n) of them, and a
  document is rewritten O(log n) times, never the whole table for one new page. A table is rewritten whole
  when more than MAX_DEAD_SHARE of the documents its files hold are no longer current (re-extracted,
  deleted), or on the first publish.
- The marts computed over the whole warehouse (entities, repeated_lines, rejected_files) are written whole,
  when dbt rebuilt them in this build.
- A table that did not change keeps its files; a build that changed nothing does not publish at all.

Files, under the snapshot folder `<stem>_serving/` beside the warehouse:
  `<publication>/<table>.parquet`   the files that publication wrote (never modified afterwards),
  `<publication>.duckdb`            its catalog: the views, `serving_files`, `serving_documents` and
                                    `serving_publication` (what was published, when).
`<stem>_serving.duckdb` is a hard link to the current catalog, renamed into place with `os.replace()`: a
reader that opens the path gets the old catalog or the new one, both complete; the files of both exist.

Deleting old snapshots: a DuckDB reader holds a read lock on the catalog it opened (through the link)
until it disconnects. After each publish, an older catalog that no process holds a lock on is deleted,
and then every Parquet file that neither the current catalog nor a catalog still held lists. A reader that
keeps a connection open therefore keeps reading its whole snapshot, however many builds run meanwhile; a
new connection sees the newest. A killed publish leaves files no catalog lists, removed the same way.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import struct
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.dbt_changes import last_dbt_build
from orchestration.faults import crash_point
from orchestration.warehouse import MART_TABLES, main_tables

PUBLICATION_TABLE = "serving_publication"
FILES_TABLE = "serving_files"
DOCUMENTS_TABLE = "serving_documents"
# Marts with a row set per document (document_id) and the time it was last written (updated_at).
PER_DOCUMENT_TABLES = ("documents", "articles", "headlines", "entity_mentions", "timeline", "article_bodies")
MERGE_FACTOR = 2  # the new part takes in an older file of at most this many times its documents
MAX_PARTS = 16  # a table with more files after that takes in more of its smallest
MAX_DEAD_SHARE = 0.25  # of the documents a table's files hold, beyond which it is rewritten whole
_BUILD = "dateline_serving_build"
_PREVIOUS = "dateline_serving_previous"


def serving_path(db_path: Path) -> Path:
    """`warehouse/dateline.duckdb` -> `warehouse/dateline_serving.duckdb` (same folder, `<stem>_serving`)."""
    return db_path.with_name(f"{db_path.stem}_serving{db_path.suffix or '.duckdb'}")


def snapshot_folder(target: Path) -> Path:
    """`warehouse/dateline_serving.duckdb` -> `warehouse/dateline_serving/`."""
    return target.with_name(target.stem)


def _temporary_pattern(target: Path) -> str:
    return f".{target.name}.*.tmp*"  # the link being renamed into place, and any .wal beside it


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Delete temporary files left by a publish that was killed (safe: only one build writes at a time)."""
    removed = []
    candidates = list(target.parent.glob(_temporary_pattern(target)))
    if snapshot_folder(target).is_dir():
        candidates += snapshot_folder(target).glob("*.tmp*")
    for leftover in candidates:
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def lock_holder(path: Path) -> int | None:
    """The pid of a process holding a lock on the file (a DuckDB connection), else None (F_GETLK: asks
    without taking a lock, on a read-only descriptor)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        l_type, _whence, _start, _len, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, request))
        return None if l_type == fcntl.F_UNLCK else pid
    finally:
        os.close(fd)


@dataclass(frozen=True)
class PartFile:
    """A Parquet file of a per-document table: how many documents it was written with, and how many of those
    are still current (listed in `serving_documents`)."""

    path: str
    written: int
    live: int


def plan_parts(added: int, files: Sequence[PartFile]) -> frozenset[str] | None:
    """The files whose current rows go into this publish's new part along with the `added` documents, or
    None when the table is to be rewritten whole (more than MAX_DEAD_SHARE of what its files hold is no longer
    current).

    Smallest first, each file whose size is at most MERGE_FACTOR times what the new part holds so far is
    taken in; then, while the table would have more than MAX_PARTS files, the next smallest. Adding one page
    at a time thus merges small files into ever larger ones (sizes 1, 3, 7, ... documents) and leaves a large
    file alone until as many documents have arrived after it as it holds.
    """
    written = sum(f.written for f in files)
    if written and sum(f.written - f.live for f in files) > MAX_DEAD_SHARE * written:
        return None
    if not added:
        return frozenset()  # nothing new to write: files are only dropped (relisted), never merged
    candidates = sorted((f for f in files if f.live), key=lambda f: (f.written, f.path))
    merged: set[str] = set()
    size = added
    for index, part in enumerate(candidates):
        files_after = len(candidates) - index + 1  # this one and the larger ones, plus the new part
        if part.written > MERGE_FACTOR * size and files_after <= MAX_PARTS:
            break
        merged.add(part.path)
        size += part.live
    return frozenset(merged)


@dataclass(frozen=True)
class Publication:
    """What a publish did: rows per table, and the tables it wrote files for (the others kept theirs)."""

    path: Path
    row_counts: dict[str, int]
    written: dict[str, str]  # table -> "whole", "part" (new rows in a new file) or "relist" (rows left)
    published: bool


def _attach_previous(con: duckdb.DuckDBPyConnection, target: Path) -> bool:
    """Attach the current serving catalog read-only, if it is one of ours (an older dateline wrote whole
    copies: those are replaced by a full publish)."""
    if not target.exists():
        return False
    con.execute(f"attach ? as {_PREVIOUS} (read_only)", [str(target)])
    tables = {
        row[0]
        for row in con.execute(
            f"select table_name from information_schema.tables where table_catalog = '{_PREVIOUS}'"
        ).fetchall()
    }
    if {FILES_TABLE, DOCUMENTS_TABLE} <= tables:
        return True
    con.execute(f"detach {_PREVIOUS}")
    return False


def _previous_file_sizes(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """Documents each of the table's current files was written with (a catalog of an older release did not
    record it: then those it still lists)."""
    columns = {
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns "
            f"where table_catalog = '{_PREVIOUS}' and table_name = '{FILES_TABLE}'"
        ).fetchall()
    }
    if "document_count" in columns:
        query = f"select file, document_count from {_PREVIOUS}.main.{FILES_TABLE} where table_name = ?"
    else:
        query = f"select file, count(*) from {_PREVIOUS}.main.{DOCUMENTS_TABLE} where table_name = ? group by file"
    return {file: count or 0 for file, count in con.execute(query, [table]).fetchall()}


def _plan_tables(
    con: duckdb.DuckDBPyConnection,
    tables: Sequence[str],
    changed: Iterable[str] | None,
    has_previous: bool,
    folder: Path,
) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """Per table: "whole", "part", "relist" or "keep", and the files a new part takes in; the temporary tables
    `serving_new_files` / `serving_new_documents` describe the publication to be, `serving_added_documents` the
    new and changed rows a part holds (in the warehouse connection's temp schema)."""
    con.execute(
        "create or replace temp table serving_new_files (table_name varchar, file varchar, document_count bigint)"
    )
    con.execute(
        "create or replace temp table serving_new_documents "
        "(table_name varchar, document_id varchar, updated_at timestamp, file varchar)"
    )
    con.execute(
        "create or replace temp table serving_added_documents "
        "(table_name varchar, document_id varchar, updated_at timestamp)"
    )
    merged_files: dict[str, frozenset[str]] = {}
    changed_whole = set(tables if changed is None else changed)
    decisions: dict[str, str] = {}
    for table in tables:
        name = _quote_identifier(table)
        new_file = str(folder / f"{table}.parquet")
        previous_files: list[str] = []
        if has_previous:
            previous_files = [
                row[0]
                for row in con.execute(
                    f"select file from {_PREVIOUS}.main.{FILES_TABLE} where table_name = ?", [table]
                ).fetchall()
            ]
        intact = bool(previous_files) and all(Path(f).exists() for f in previous_files)
        if table not in PER_DOCUMENT_TABLES:
            decision = "whole" if (table in changed_whole or not intact) else "keep"
            files = [new_file] if decision == "whole" else previous_files
            con.executemany("insert into serving_new_files values (?, ?, null)", [(table, f) for f in files])
            decisions[table] = decision
            continue
        con.execute(
            "create or replace temp table serving_current_keys as "
            f"select distinct document_id, updated_at from main.{name}"
        )
        merged: frozenset[str] | None = None
        written: dict[str, int] = {}  # documents each previous file was written with
        if intact:
            con.execute(
                "create or replace temp table serving_kept as "
                f"select p.document_id, p.updated_at, p.file from {_PREVIOUS}.main.{DOCUMENTS_TABLE} as p "
                "semi join serving_current_keys as c using (document_id, updated_at) where p.table_name = ?",
                [table],
            )
            added, dropped = con.execute(
                f"""
                select
                    (select count(*) from serving_current_keys anti join serving_kept using (document_id, updated_at)),
                    (select count(*) from {_PREVIOUS}.main.{DOCUMENTS_TABLE} where table_name = ?)
                        - (select count(*) from serving_kept)
                """,
                [table],
            ).fetchall()[0]
            live = dict(con.execute("select file, count(*) from serving_kept group by file").fetchall())
            written = _previous_file_sizes(con, table)
            merged = plan_parts(
                added,
                [PartFile(f, max(written.get(f, 0), live.get(f, 0)), live.get(f, 0)) for f in previous_files],
            )
        if merged is None:
            decisions[table] = "whole"
            con.execute(
                "insert into serving_new_documents select ?, document_id, updated_at, ? from serving_current_keys",
                [table, new_file],
            )
        else:
            # "relist": only rows left (deleted files, older versions): no new file, a new catalog
            decisions[table] = "part" if added else ("relist" if dropped else "keep")
            # the kept rows stay in their files, but for the files merged into the new part; the new and
            # changed rows go into the new part
            merged_files[table] = merged
            con.execute(
                "insert into serving_added_documents select ?, document_id, updated_at from serving_current_keys "
                "anti join serving_kept using (document_id, updated_at)",
                [table],
            )
            con.execute(
                "insert into serving_new_documents "
                "select ?, document_id, updated_at, case when list_contains(?, file) then ? else file end "
                "from serving_kept "
                "union all "
                "select table_name, document_id, updated_at, ? from serving_added_documents where table_name = ?",
                [table, sorted(merged), new_file, new_file, table],
            )
        files = con.execute(
            "select file, count(*) from serving_new_documents where table_name = ? group by file order by file",
            [table],
        ).fetchall()
        if files:
            con.executemany(
                "insert into serving_new_files values (?, ?, ?)",
                [
                    (table, file, count if file == new_file else written.get(file, count))
                    for file, count in files
                ],
            )
        else:
            # an empty table (its last document deleted, or none yet): one empty file, so that its view
            # has the table's columns
            decisions[table] = "whole"
            con.execute("insert into serving_new_files values (?, ?, 0)", [table, new_file])
    return decisions, merged_files


def _write_files(
    con: duckdb.DuckDBPyConnection,
    decisions: dict[str, str],
    merged_files: dict[str, frozenset[str]],
    folder: Path,
) -> None:
    for table, decision in decisions.items():
        if decision not in ("whole", "part"):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        name = _quote_identifier(table)
        new_file = str(folder / f"{table}.parquet")
        if decision == "whole":
            query = f"select * from main.{name}"
        else:
            # the new and changed rows from the table; the rows the part takes in from smaller files, from
            # those files (a filter on a few keys still reads every row of a large table)
            query = (
                f"select * from main.{name} semi join (select document_id, updated_at from serving_added_documents "
                f"where table_name = {_quote_literal(table)}) using (document_id, updated_at)"
            )
            if merged_files.get(table):
                listed = "[" + ", ".join(_quote_literal(f) for f in sorted(merged_files[table])) + "]"
                query += (
                    f" union all by name select * from read_parquet({listed}, union_by_name = true) "
                    f"semi join (select document_id, updated_at from serving_new_documents "
                    f"where table_name = {_quote_literal(table)} and file = {_quote_literal(new_file)}) "
                    "using (document_id, updated_at)"
                )
        con.execute(f"copy ({query}) to {_quote_literal(new_file)} (format parquet)")


def _view_sql(con: duckdb.DuckDBPyConnection, table: str) -> str:
    files = [
        row[0]
        for row in con.execute(
            "select file from serving_new_files where table_name = ? order by file", [table]
        ).fetchall()
    ]
    listed = "[" + ", ".join(_quote_literal(f) for f in files) + "]"
    # union_by_name: a part written by an older release may lack a column added since (it reads as null)
    scan = f"read_parquet({listed}, union_by_name = true)"
    name = _quote_identifier(table)
    if table not in PER_DOCUMENT_TABLES:
        return f"create view main.{name} as select * from {scan}"
    return (
        f"create view main.{name} as select data.* from {scan} as data "
        f"semi join (select document_id, updated_at from main.{DOCUMENTS_TABLE} "
        f"where table_name = {_quote_literal(table)}) as shown using (document_id, updated_at)"
    )


def _catalog_references(con: duckdb.DuckDBPyConnection, catalog: Path) -> set[str] | None:
    alias = "dateline_serving_held"
    try:
        con.execute(f"attach ? as {alias} (read_only)", [str(catalog)])
    except duckdb.Error:
        return None
    try:
        return {row[0] for row in con.execute(f"select file from {alias}.main.{FILES_TABLE}").fetchall()}
    except duckdb.Error:
        return None
    finally:
        con.execute(f"detach {alias}")


def delete_unused_snapshots(con: duckdb.DuckDBPyConnection, target: Path) -> list[Path]:
    """Delete the catalogs no reader holds (except the current one) and the files no remaining catalog lists."""
    folder = snapshot_folder(target)
    if not folder.is_dir():
        return []
    current = target.stat().st_ino if target.exists() else None
    removed: list[Path] = []
    referenced: set[str] = set()
    for catalog in sorted(folder.glob("*.duckdb")):
        is_current = catalog.stat().st_ino == current
        if is_current or lock_holder(catalog) is not None:
            files = _catalog_references(con, catalog)
            if files is None:  # unreadable: keep everything rather than guess
                return removed
            referenced |= files
        else:
            catalog.unlink(missing_ok=True)
            catalog.with_name(catalog.name + ".wal").unlink(missing_ok=True)
            removed.append(catalog)
    for publication in sorted(p for p in folder.iterdir() if p.is_dir()):
        for data_file in publication.glob("*.parquet"):
            if str(data_file) not in referenced:
                data_file.unlink(missing_ok=True)
                removed.append(data_file)
        if not any(publication.iterdir()):
            publication.rmdir()
    return removed


def serving_is_intact(target: Path, dbt_built_at: datetime | None = None) -> bool:
    """Whether the serving copy exists, every file its views read is there, and (given the last dbt build's
    time) it was published after that build: a build killed between dbt and the publish left it behind."""
    if not target.exists():
        return False
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error:
        return False
    try:
        files = [row[0] for row in con.execute(f"select file from {FILES_TABLE}").fetchall()]
        published_after = con.execute(f"select max(dbt_built_at) from {PUBLICATION_TABLE}").fetchall()[0][0]
    except duckdb.Error:
        return False  # not one of ours (an older whole copy): a publish replaces it
    finally:
        con.close()
    if dbt_built_at is not None and (published_after is None or published_after < dbt_built_at):
        return False
    return all(Path(f).exists() for f in files)


def publish_serving_copy(
    con: duckdb.DuckDBPyConnection,
    target: Path,
    tables: Sequence[str] = MART_TABLES,
    changed: Iterable[str] | None = None,
) -> Publication:
    """Publish `main.<table>` of every table to the serving copy at `target`, writing only what changed.

    `con` is the warehouse's read-write connection (which also guarantees that no other build publishes at
    the same time). `changed` names the whole-table marts rebuilt since the last publish (None: all of
    them); per-document marts are compared row set by row set. Raises when a mart does not exist yet.
    """
    present = main_tables(con)
    missing = [t for t in tables if t not in present]
    if missing:
        raise RuntimeError(f"cannot publish: marts not built yet: {', '.join(missing)} (run the dbt models)")

    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    published_at = datetime.now(UTC).replace(tzinfo=None)
    publication_id = f"{published_at:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}"
    root = snapshot_folder(target)
    folder = root / publication_id
    catalog = root / f"{publication_id}.duckdb"
    temporary_catalog = root / f".{publication_id}.duckdb.tmp"
    temporary_link = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    has_previous = _attach_previous(con, target)
    attached = False
    try:
        decisions, merged_files = _plan_tables(con, tables, changed, has_previous, folder)
        if has_previous:
            con.execute(f"detach {_PREVIOUS}")
            has_previous = False
        counts = {
            table: con.execute(f"select count(*) from main.{_quote_identifier(table)}").fetchall()[0][0]
            for table in tables
        }
        if all(d == "keep" for d in decisions.values()):
            return Publication(target, counts, {}, published=False)
        _write_files(con, decisions, merged_files, folder)
        root.mkdir(parents=True, exist_ok=True)
        con.execute(f"attach ? as {_BUILD}", [str(temporary_catalog)])
        attached = True
        con.execute(f"create table {_BUILD}.main.{FILES_TABLE} as select * from serving_new_files")
        con.execute(f"create table {_BUILD}.main.{DOCUMENTS_TABLE} as select * from serving_new_documents")
        con.execute(
            f"create table {_BUILD}.main.{PUBLICATION_TABLE} (table_name varchar not null, "
            "row_count bigint not null, published_at timestamp not null, written varchar not null, "
            "publication_id varchar not null, dbt_built_at timestamp)"
        )
        dbt_built_at = last_dbt_build(con)
        con.executemany(
            f"insert into {_BUILD}.main.{PUBLICATION_TABLE} values (?, ?, ?, ?, ?, ?)",
            [(t, counts[t], published_at, decisions[t], publication_id, dbt_built_at) for t in tables],
        )
        home = _database_name(con)
        con.execute(f"use {_BUILD}")  # views are created in the catalog, and read names in it
        try:
            for table in tables:
                con.execute(_view_sql(con, table))
        finally:
            con.execute(f"use {home}")
        # Checkpoints: the file is complete and its WAL is gone. On a full disk the checkpoint fails, after
        # DuckDB has detached the file, so from here on there is nothing to detach, only files to remove.
        attached = False
        con.execute(f"detach {_BUILD}")
        for written in folder.glob("*.parquet"):
            _fsync(written)
        _fsync(temporary_catalog)
        os.chmod(
            temporary_catalog, 0o444
        )  # readers only; DuckDB opens a file without write permission read-only
        os.replace(temporary_catalog, catalog)
        os.link(catalog, temporary_link)
        crash_point("serving:before-replace")
        # A WAL beside the serving copy can only come from someone writing to it; it must not be replayed.
        target.with_name(target.name + ".wal").unlink(missing_ok=True)
        os.replace(temporary_link, target)
    except BaseException:
        # Every failure (disk full, permissions, an interrupt) leaves the previous copy serving and nothing of
        # this publish behind: leaked files would keep the disk full and fail the next build earlier.
        for alias, is_attached in ((_BUILD, attached), (_PREVIOUS, has_previous)):
            if is_attached:
                with contextlib.suppress(duckdb.Error):
                    con.execute(f"detach {alias}")
        temporary_link.unlink(missing_ok=True)
        temporary_catalog.unlink(missing_ok=True)
        temporary_catalog.with_name(temporary_catalog.name + ".wal").unlink(missing_ok=True)
        if not target.exists() or target.stat().st_ino != _inode(catalog):
            catalog.unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
        remove_stale_temporaries(target)
        raise
    _fsync(root, directory=True)
    _fsync(target.parent, directory=True)
    delete_unused_snapshots(con, target)
    return Publication(target, counts, {t: d for t, d in decisions.items() if d != "keep"}, published=True)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _database_name(con: duckdb.DuckDBPyConnection) -> str:
    return _quote_identifier(con.execute("select current_database()").fetchall()[0][0])
