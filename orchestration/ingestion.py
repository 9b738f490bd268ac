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
from pathlib import Path

import duckdb
import polars as pl

from orchestration.faults import crash_point
from orchestration.text.decoding import Rejection, decode_page
from orchestration.text.html_detect import has_visible_text, looks_like_html
from orchestration.warehouse import append_frame, query_frame, transaction

MAX_FILE_MB_ENV = "DATELINE_MAX_FILE_MB"
DEFAULT_MAX_FILE_MB = 2.0
_MB = 1024 * 1024


def max_file_bytes_from_env(environ: dict[str, str] | None = None) -> int:
    """The size limit in bytes from DATELINE_MAX_FILE_MB (a positive number of megabytes, default 2)."""
    value = (os.environ if environ is None else environ).get(MAX_FILE_MB_ENV) or str(DEFAULT_MAX_FILE_MB)
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not megabytes > 0:
        raise ValueError(f"{MAX_FILE_MB_ENV}={value!r} is not a positive number of megabytes")
    return int(megabytes * _MB)


def _too_large_reason(size: int, limit: int) -> str:
    return (
        f"larger than {MAX_FILE_MB_ENV} ({size / _MB:.1f} MB > {limit / _MB:g} MB, default "
        f"{DEFAULT_MAX_FILE_MB:g} MB): not loaded, since entity extraction would hold up every build for "
        f"minutes; split the page into smaller files, or raise {MAX_FILE_MB_ENV}"
    )


@dataclass(frozen=True)
class RawFile:
    source_file: str  # POSIX path relative to the raw folder
    path: Path
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


def scan_raw_folder(raw_dir: Path) -> tuple[list[RawFile], list[tuple[str, str]]]:
    """Every regular file under raw_dir (recursively, sorted), plus (file, reason) for entries skipped.

    Hidden files and folders (names starting with '.') are ignored: they are editor and VCS droppings such
    as .gitkeep. Symbolic links are not followed, so the warehouse only holds what is inside the folder.
    Names that are not valid UTF-8 are reported with their bad bytes as \\x escapes (they cannot be stored
    or queried as they are), and so are FIFOs, sockets and devices (reading one could block forever).
    """
    if not raw_dir.is_dir():
        raise FileNotFoundError(
            f"raw folder {raw_dir} does not exist (set DATELINE_RAW_DIR to the pages' folder)"
        )
    files: list[RawFile] = []
    skipped: list[tuple[str, str]] = []
    for entry in _walk(raw_dir):
        relative = entry.relative_to(raw_dir).as_posix()
        printable = relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if printable != relative:
            skipped.append(
                (printable, "file name is not valid UTF-8 (bad bytes shown as \\x escapes); rename the file")
            )
            continue
        if entry.is_symlink():
            skipped.append(
                (relative, "symbolic link: not followed; copy the file into the raw folder instead")
            )
            continue
        if not entry.is_file():
            if entry.exists() and not entry.is_dir():
                skipped.append(
                    (relative, "not a regular file (a FIFO, socket or device); remove it from the raw folder")
                )
            continue
        stat = entry.stat()
        files.append(RawFile(relative, entry, stat.st_size, stat.st_mtime_ns))
    return files, skipped


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
        # symlinked folders are listed in dirnames but not descended into: report them as skipped files
        for d in dirnames:
            if (Path(dirpath) / d).is_symlink():
                yield Path(dirpath) / d


def _known_state(
    con: duckdb.DuckDBPyConnection,
) -> dict[str, tuple[str | None, int | None, int | None, bool]]:
    """Latest (sha, size, mtime, is_rejected) per source file, over accepted versions and rejections."""
    frame = query_frame(
        con,
        """
        with events as (
            select source_file, content_sha256, size_bytes, modified_ns, loaded_at as event_at,
                   false as is_rejected, is_deleted
            from raw.documents
            union all
            select source_file, content_sha256, size_bytes, modified_ns, seen_at as event_at,
                   true as is_rejected, false as is_deleted
            from raw.rejected_files
        )
        select source_file, content_sha256, size_bytes, modified_ns, is_rejected, is_deleted
        from events
        qualify row_number() over (partition by source_file order by event_at desc, is_rejected) = 1
        """,
    )
    return {
        row["source_file"]: (row["content_sha256"], row["size_bytes"], row["modified_ns"], row["is_rejected"])
        for row in frame.iter_rows(named=True)
        if not row["is_deleted"]
    }


def ingest_raw_folder(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    run_id: str,
    log: Callable[[str], None] = lambda _message: None,
    progress_every: int = 1000,
    max_file_bytes: int | None = None,
) -> IngestionReport:
    """Bring raw.documents and raw.rejected_files up to date with raw_dir, in one transaction.

    max_file_bytes defaults to DATELINE_MAX_FILE_MB (default 2 MB); bigger files are rejected unread.
    """
    limit = max_file_bytes_from_env() if max_file_bytes is None else max_file_bytes
    files, skipped = scan_raw_folder(raw_dir)
    now = datetime.now(UTC).replace(tzinfo=None)
    known = _known_state(con)
    versions: list[dict] = []
    rejections: list[dict] = []
    files_read = unchanged = 0

    def reject(source_file: str, reason: str, sha: str | None, size: int | None, mtime: int | None) -> None:
        previous = known.get(source_file)
        if previous and previous[3] and previous[0] == sha and previous[1] == size and previous[2] == mtime:
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

    for source_file, reason in skipped:
        reject(source_file, reason, None, None, None)

    for index, raw_file in enumerate(files, start=1):
        if index % progress_every == 0:
            log(f"ingestion: {index}/{len(files)} files checked, {len(versions)} new versions")
        previous = known.get(raw_file.source_file)
        if previous and previous[1] == raw_file.size_bytes and previous[2] == raw_file.modified_ns:
            unchanged += 1
            continue
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
            with raw_file.path.open("rb") as handle:
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
        if previous and not previous[3] and previous[0] == sha:
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

    present = {f.source_file for f in files} | {name for name, _ in skipped}
    deleted = sorted(name for name in known if name not in present)
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
        append_frame(con, "documents", pl.DataFrame(versions, schema=_DOCUMENT_SCHEMA))
        append_frame(con, "rejected_files", pl.DataFrame(rejections, schema=_REJECTION_SCHEMA))
        crash_point("ingestion:before-commit")
    crash_point("ingestion:after-commit")
    return IngestionReport(
        files_seen=len(files),
        files_read=files_read,
        new_versions=sum(1 for v in versions if not v["is_deleted"]),
        unchanged=unchanged,
        rejected=[(r["source_file"], r["reason"]) for r in rejections],
        deleted=deleted,
    )


_DOCUMENT_SCHEMA = {
    "source_file": pl.String,
    "content_sha256": pl.String,
    "size_bytes": pl.Int64,
    "modified_ns": pl.Int64,
    "encoding": pl.String,
    "text": pl.String,
    "content_type": pl.String,
    "is_deleted": pl.Boolean,
    "loaded_at": pl.Datetime("us"),
    "run_id": pl.String,
}
_REJECTION_SCHEMA = {
    "source_file": pl.String,
    "reason": pl.String,
    "content_sha256": pl.String,
    "size_bytes": pl.Int64,
    "modified_ns": pl.Int64,
    "seen_at": pl.Datetime("us"),
    "run_id": pl.String,
}
