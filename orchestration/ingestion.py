"""Load the raw folder into `raw.documents`: new and changed files become new versions, nothing else is written.

A file is re-read only when its size or modification time differs from the last version seen, and a new
version is written only when its content hash differs, so a rerun over an unchanged folder reads and writes
nothing. Files that cannot be decoded go to `raw.rejected_files` with a reason; they never stop the others.

Files larger than `DATELINE_MAX_FILE_MB` (default 2 MB; a news page's text is rarely over 200 kB) are rejected
without being read: entity extraction runs at roughly 1 MB of text every two minutes, so one huge file would
hold up every build. Symbolic links, names that are not valid UTF-8 and special files (FIFOs, sockets) are
rejected with a reason too. See docs/reliability.md for every case.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

import duckdb
import polars as pl

from orchestration.faults import crash_point, pause_point
from orchestration.raw_tables import RAW_TABLES
from orchestration.text.decoding import Rejection, decode_page
from orchestration.text.html_detect import has_visible_text, looks_like_html
from orchestration.warehouse import append_frame, query_frame, transaction

MAX_FILE_MB_ENV = "DATELINE_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 2.0
_MB = 1024 * 1024
DEFAULT_MAX_FILE_BYTES = int(DEFAULT_MAX_FILE_MB * _MB)


def _too_large_reason(size: int, limit: int) -> str:
    return (
        f"larger than {MAX_FILE_MB_ENV} ({size / _MB:.1f} MB > {limit / _MB:g} MB, default "
        f"{DEFAULT_MAX_FILE_MB:g} MB): not loaded, since entity extraction would hold up every build for "
        f"minutes; split the page into smaller files, or raise {MAX_FILE_MB_ENV}"
    )


class RawFile(NamedTuple):
    """One regular file a scan saw. A tuple, not a dataclass: a scan makes one per file, and a frozen
    dataclass took a third of a 100,000-file scan's Python time."""

    source_file: str  # POSIX path relative to the raw folder
    path: str  # the file's path (a str, not a Path: Path costs ~10 us each)
    size_bytes: int
    modified_ns: int


@dataclass(frozen=True)
class IngestionReport:
    files_seen: int
    files_read: int
    new_versions: int
    unchanged: int
    rejected: list[tuple[str, str]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unlisted: list[tuple[str, str]] = field(default_factory=list)  # sub-folders that could not be listed


SCAN_SCHEMA = {"source_file": pl.String, "path": pl.String, "size_bytes": pl.Int64, "modified_ns": pl.Int64}


@dataclass(frozen=True)
class FolderScan:
    """What a scan of the raw folder saw: the files (one row each, columns of RawFile), the entries it
    skipped, and the sub-folders it could not list (their files are neither loaded nor taken for deleted)."""

    frame: pl.DataFrame  # SCAN_SCHEMA, sorted as the walk met the files
    skipped: list[tuple[str, str]]
    unlisted: list[tuple[str, str]] = field(default_factory=list)  # (folder relative to raw_dir, reason)

    @property
    def files(self) -> list[RawFile]:
        return [RawFile(*row) for row in self.frame.iter_rows()]

    def hides(self, source_file: str) -> bool:
        """Whether source_file lies under a folder the scan could not list."""
        return any(source_file.startswith(folder + "/") for folder, _reason in self.unlisted)


class RawFolderUnreadable(OSError):
    """The raw folder itself cannot be listed: nothing can be said about any page, so the build stops."""


def _listing_reason(error: OSError) -> str:
    return error.strerror or str(error)


def scan_raw_folder(raw_dir: Path) -> FolderScan:
    """Every regular file under raw_dir (recursively, sorted), the entries skipped, the folders not listed.

    Hidden files and folders (names starting with '.') are ignored: they are editor and VCS droppings such
    as .gitkeep. Symbolic links are not followed, so the warehouse only holds what is inside the folder.
    Names that are not valid UTF-8 are reported with their bad bytes as \\x escapes (they cannot be stored
    or queried as they are), and so are FIFOs, sockets and devices (reading one could block forever).

    A raw folder that cannot be listed (permissions, a lost network mount) raises RawFolderUnreadable naming
    the path and the reason: seen as empty, it would make every page look deleted. A sub-folder that cannot
    be listed is reported in `unlisted`, and its pages keep their last loaded version.
    """
    if not raw_dir.is_dir():
        raise FileNotFoundError(
            f"raw folder {raw_dir} does not exist (set DATELINE_RAW_DIR to the pages' folder)"
        )
    try:
        with os.scandir(raw_dir):
            pass
    except OSError as error:
        raise RawFolderUnreadable(
            f"raw folder {raw_dir} cannot be listed ({_listing_reason(error)}); nothing was loaded or "
            "deleted. Fix its permissions or mount and build again."
        ) from error
    # Columns, not one object per file: at 100,000 files the objects alone cost 0.15 s of a no-op build.
    names: list[str] = []
    paths: list[str] = []
    sizes: list[int] = []
    mtimes: list[int] = []
    skipped: list[tuple[str, str]] = []
    unlisted: list[tuple[str, str]] = []

    def on_listing_error(error: OSError, relative_folder: str) -> None:
        if not relative_folder:
            raise RawFolderUnreadable(
                f"raw folder {raw_dir} cannot be listed ({_listing_reason(error)}); nothing was loaded or "
                "deleted. Fix its permissions or mount and build again."
            ) from error
        unlisted.append((relative_folder, _listing_reason(error)))

    # os.scandir's entries carry each name's type, so a file costs one stat (its size and mtime), not the
    # three and the Path objects of pathlib: a scan of 100,000 files went from 9.6 s to about 1 s. (Stats in
    # threads were slower here: the Python work around each stat holds the GIL.)
    for prefix, entries in _walk(str(raw_dir), "", on_listing_error):
        for entry in entries:
            outcome = _examine(prefix + entry.name, entry)
            if outcome is None:
                continue  # deleted since it was listed, or a folder
            if len(outcome) == 2:
                skipped.append(outcome)
                continue
            name, path, size, mtime = outcome
            names.append(name)
            paths.append(path)
            sizes.append(size)
            mtimes.append(mtime)
    frame = pl.DataFrame(
        {"source_file": names, "path": paths, "size_bytes": sizes, "modified_ns": mtimes}, schema=SCAN_SCHEMA
    )
    return FolderScan(frame, skipped, sorted(unlisted))


def _examine(relative: str, entry: os.DirEntry) -> tuple[str, str] | tuple[str, str, int, int] | None:
    """(name, path, size, mtime) of a regular file, (name, reason) of an entry to skip, or None (a folder,
    or a file deleted since it was listed)."""
    printable = (
        relative
        if relative.isascii()  # most names: no bad bytes possible, skip the round trip
        else relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    )
    if printable != relative:
        return (printable, "file name is not valid UTF-8 (bad bytes shown as \\x escapes); rename the file")
    try:
        if entry.is_symlink():
            return (relative, "symbolic link: not followed; copy the file into the raw folder instead")
        if not entry.is_file(follow_symlinks=False):
            if not entry.is_dir(follow_symlinks=False):
                return (
                    relative,
                    "not a regular file (a FIFO, socket or device); remove it from the raw folder",
                )
            return None
        stat = entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as error:  # e.g. a folder that may be listed but not searched
        return (relative, f"could not be read: {_listing_reason(error)}")
    return (relative, entry.path, stat.st_size, stat.st_mtime_ns)


def _walk(
    folder: str, relative_folder: str, on_error: Callable[[OSError, str], None]
) -> Iterator[tuple[str, list[os.DirEntry]]]:
    """(prefix of paths relative to the raw folder, entries) for every non-hidden entry that is not a folder
    to descend into, in sorted order: a folder's files, then its symbolic links to folders (reported, not
    followed), then its sub-folders, recursively. One list per folder: a generator step per file cost more
    than the file's stat."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=attrgetter("name"))
    except OSError as error:
        on_error(error, relative_folder)
        return
    prefix = f"{relative_folder}/" if relative_folder else ""
    files, folders, linked_folders = [], [], []
    for entry in entries:
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
            is_linked_folder = not is_folder and entry.is_symlink() and entry.is_dir()
        except OSError:
            is_folder = is_linked_folder = False
        if is_folder:
            folders.append(entry)
        elif is_linked_folder:
            linked_folders.append(entry)
        else:
            files.append(entry)
    yield prefix, files + linked_folders
    for entry in folders:
        yield from _walk(entry.path, prefix + entry.name, on_error)


class KnownFile(NamedTuple):
    """The last event the warehouse recorded for a file: a loaded version or a rejection."""

    sha: str | None
    size: int | None
    mtime: int | None
    is_rejected: bool
    reason: str | None


def _known_state(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Latest event per source file still present (not deleted), over accepted versions and rejections:
    source_file, content_sha256, size_bytes, modified_ns, is_rejected, reason."""
    return query_frame(
        con,
        """
        with events as (
            select source_file, content_sha256, size_bytes, modified_ns, loaded_at as event_at,
                   false as is_rejected, is_deleted, null as reason
            from raw.documents
            union all
            select source_file, content_sha256, size_bytes, modified_ns, seen_at as event_at,
                   true as is_rejected, false as is_deleted, reason
            from raw.rejected_files
        ),
        latest as (
            select source_file, content_sha256, size_bytes, modified_ns, is_rejected, is_deleted, reason
            from events
            qualify row_number() over (partition by source_file order by event_at desc, is_rejected) = 1
        )
        select source_file, content_sha256, size_bytes, modified_ns, is_rejected, reason
        from latest
        where not is_deleted
        """,
    )


def _known_files(known: pl.DataFrame) -> dict[str, KnownFile]:
    return dict(
        zip(
            known["source_file"].to_list(),
            map(
                KnownFile,
                known["content_sha256"].to_list(),
                known["size_bytes"].to_list(),
                known["modified_ns"].to_list(),
                known["is_rejected"].to_list(),
                known["reason"].to_list(),
            ),
            strict=True,
        )
    )


def _files_to_check(scan: FolderScan, known: pl.DataFrame, rehash_all: bool) -> pl.DataFrame:
    """The scanned files that must be read: all of them with rehash_all, else those whose size or
    modification time differ from their last loaded version, new ones, and those rejected last time (a fix
    may keep both). One join instead of a Python loop over every file."""
    if rehash_all:
        return scan.frame
    loaded = known.filter(~pl.col("is_rejected")).select("source_file", "size_bytes", "modified_ns")
    return scan.frame.join(
        loaded, on=["source_file", "size_bytes", "modified_ns"], how="anti", maintain_order="left"
    )


def ingest_raw_folder(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    run_id: str,
    log: Callable[[str], None] = lambda _message: None,
    progress_every: int = 1000,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    rehash_all: bool = False,
) -> IngestionReport:
    """Bring raw.documents and raw.rejected_files up to date with raw_dir, in one transaction.

    Files bigger than max_file_bytes (DATELINE_MAX_FILE_MB, default 2 MB) are rejected unread.
    A file whose size and modification time are those of its last loaded version is taken as unchanged
    without being read, unless rehash_all: then every file is read and hashed (for edits that kept both,
    e.g. a copy with `cp -p` or `touch -r`). Files rejected last time are read again on every build, so a
    fix that changes neither (`chmod` back) is seen.
    """
    limit = max_file_bytes
    scan = scan_raw_folder(raw_dir)
    skipped = scan.skipped
    for folder, reason in scan.unlisted:
        log(f"ingestion: sub-folder {folder}/ cannot be listed ({reason}); its pages keep their last version")
    now = datetime.now(UTC).replace(tzinfo=None)
    known_frame = _known_state(con)
    to_check = _files_to_check(scan, known_frame, rehash_all)
    unchanged = scan.frame.height - to_check.height
    # The last event of only the files this build looks at (checked, skipped, unlisted): usually none.
    looked_at = set(to_check["source_file"].to_list()) | {name for name, _ in skipped}
    looked_at |= {folder + "/" for folder, _ in scan.unlisted}
    known = _known_files(known_frame.filter(pl.col("source_file").is_in(list(looked_at))))
    versions: list[dict] = []
    rejections: list[dict] = []
    files_read = 0

    def reject(source_file: str, reason: str, sha: str | None, size: int | None, mtime: int | None) -> None:
        previous = known.get(source_file)
        if (
            previous
            and previous.is_rejected
            and (previous.sha, previous.size, previous.mtime, previous.reason) == (sha, size, mtime, reason)
        ):
            return  # already recorded with this reason for this exact file
        rejections.append(
            {
                "source_file": source_file,
                "reason": reason,
                "content_sha256": sha,
                "size_bytes": size,
                "modified_ns": mtime,
                "seen_at": now,
                "run_id": run_id,
            }
        )

    for folder, reason in scan.unlisted:
        reject(
            folder + "/",
            f"folder could not be listed ({reason}): its pages were neither loaded nor taken for deleted; "
            "fix its permissions or mount",
            None,
            None,
            None,
        )
    for source_file, reason in skipped:
        reject(source_file, reason, None, None, None)

    if to_check.height:
        log(
            f"ingestion: {scan.frame.height} files, {to_check.height} new, changed or rejected before: reading them"
        )
    for index, raw_file in enumerate(map(RawFile._make, to_check.iter_rows()), start=1):
        if index % progress_every == 0:
            log(f"ingestion: {index}/{to_check.height} files read, {len(versions)} new versions")
        previous = known.get(raw_file.source_file)
        if raw_file.size_bytes > limit:
            reject(
                raw_file.source_file,
                _too_large_reason(raw_file.size_bytes, limit),
                None,
                raw_file.size_bytes,
                raw_file.modified_ns,
            )
            continue
        try:
            with open(raw_file.path, "rb") as handle:
                data = handle.read(limit + 1)  # the file may have grown since it was listed
        except OSError as error:
            reject(
                raw_file.source_file,
                f"could not be read: {error.strerror or error}",
                None,
                raw_file.size_bytes,
                raw_file.modified_ns,
            )
            continue
        files_read += 1
        if len(data) > limit:
            reject(
                raw_file.source_file,
                _too_large_reason(len(data), limit),
                None,
                raw_file.size_bytes,
                raw_file.modified_ns,
            )
            continue
        sha = hashlib.sha256(data).hexdigest()
        if previous and not previous.is_rejected and previous.sha == sha:
            unchanged += 1  # touched but not changed: same content, nothing to version
            continue
        decoded = decode_page(data)
        is_html = not isinstance(decoded, Rejection) and looks_like_html(decoded.text)
        if is_html and not has_visible_text(decoded.text):
            decoded = Rejection(
                "an HTML page with no visible text (only markup or scripts); save the page's text instead"
            )
        if isinstance(decoded, Rejection):
            reject(raw_file.source_file, decoded.reason, sha, raw_file.size_bytes, raw_file.modified_ns)
            continue
        versions.append(
            {
                "source_file": raw_file.source_file,
                "content_sha256": sha,
                "size_bytes": raw_file.size_bytes,
                "modified_ns": raw_file.modified_ns,
                "encoding": decoded.encoding,
                "text": decoded.text,
                "content_type": "text/html" if is_html else "text/plain",
                "is_deleted": False,
                "loaded_at": now,
                "run_id": run_id,
            }
        )

    seen_elsewhere = [name for name, _ in skipped] + [folder + "/" for folder, _ in scan.unlisted]
    present = pl.concat(
        [
            scan.frame.select("source_file"),
            pl.DataFrame({"source_file": seen_elsewhere}, schema={"source_file": pl.String}),
        ]
    )
    gone = known_frame.select("source_file").join(present, on="source_file", how="anti")["source_file"]
    # What the scan could not see is not deleted: a page under an unlisted folder keeps its last version.
    deleted = sorted(name for name in gone.to_list() if not scan.hides(name))
    versions.extend(
        {
            "source_file": name,
            "content_sha256": None,
            "size_bytes": None,
            "modified_ns": None,
            "encoding": None,
            "text": None,
            "content_type": None,
            "is_deleted": True,
            "loaded_at": now,
            "run_id": run_id,
        }
        for name in deleted
    )

    with transaction(con):
        append_frame(con, "documents", RAW_TABLES["documents"].frame(versions))
        append_frame(con, "rejected_files", RAW_TABLES["rejected_files"].frame(rejections))
        crash_point("ingestion:before-commit")
    crash_point("ingestion:after-commit")
    pause_point("ingestion:after-commit")
    return IngestionReport(
        files_seen=scan.frame.height,
        files_read=files_read,
        new_versions=sum(1 for v in versions if not v["is_deleted"]),
        unchanged=unchanged,
        rejected=[(r["source_file"], r["reason"]) for r in rejections],
        deleted=deleted,
        unlisted=scan.unlisted,
    )
