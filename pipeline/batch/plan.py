"""What a batch must do: which files are documents, which are unchanged, which are refused.

Nothing a user points ingest at is passed over in silence: a folder that cannot be
opened, a symbolic link that loops or leads nowhere, becomes an `Omission` (path and
reason); a file that cannot be read becomes an error row.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from models import DocStatus, Extraction
from pipeline.errors import InformesError
from pipeline.read import hash_bytes, hash_file, tesseract_available
from pipeline.version import EXTRACTOR_VERSION

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".md")
MAX_BYTES = 200 * 1024 * 1024
# Four times the fastest extraction measured (a list of 2,500 acuerdos, 700 KB: 250,000
# bytes a second; the corpus texts 50,000–100,000): a text refused on this estimate could
# not have finished within --time-limit, so nothing that could is refused.
CHARACTERS_PER_SECOND = 1_000_000
UNITS = {"": 1, "b": 1, "byte": 1, "bytes": 1, "kb": 1024, "k": 1024, "mb": 1024**2, "m": 1024**2}
UNITS |= {"gb": 1024**3, "g": 1024**3}

FileId = tuple[int, int]  # (st_dev, st_ino): one file, whatever the path or link to it


@dataclass(frozen=True)
class Omission:
    """A path ingest did not read, and why."""

    path: str
    reason: str


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    omitted: list[Omission] = field(default_factory=list)
    seen_files: set[FileId] = field(default_factory=set)
    seen_folders: dict[FileId, Path] = field(default_factory=dict)

    def add(self, path: Path, info: os.stat_result) -> None:
        if (info.st_dev, info.st_ino) not in self.seen_files:  # the same file by another link
            self.seen_files.add((info.st_dev, info.st_ino))
            self.files.append(path)

    def omit(self, path: Path, reason: str) -> None:
        self.omitted.append(Omission(str(path), reason))


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Files named, and documents (.txt, .pdf, .md) under folders named, recursively.
    Symbolic links are followed, each folder and file read once: a link back into a
    folder being walked is a loop, reported, not followed."""
    found = Discovery()
    for raw in paths:
        path = Path(raw)
        try:
            info = path.stat()
        except FileNotFoundError:
            target = (
                f" (a symbolic link to {os.readlink(path)}, which does not exist)"
                if path.is_symlink()
                else ""
            )
            raise InformesError(f"no such file or folder: {path}{target} — check the path") from None
        except OSError as exc:
            found.omit(path, f"cannot read it ({reason(exc)})")
            continue
        if path.is_dir():
            before = len(found.files)
            walk(path, info, found, ())
            found.files[before:] = sorted(found.files[before:])
        else:
            found.add(path, info)
    return found


def walk(folder: Path, info: os.stat_result, found: Discovery, chain: tuple[FileId, ...]) -> None:
    key = (info.st_dev, info.st_ino)
    if key in chain:
        found.omit(folder, f"symbolic link loop: leads back to {found.seen_folders[key]}")
        return
    if key in found.seen_folders:
        found.omit(folder, f"the same folder as {found.seen_folders[key]}, read once")
        return
    found.seen_folders[key] = folder
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        found.omit(folder, f"cannot open the folder ({reason(exc)}); its files were not read")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            target = entry.stat()  # follows symbolic links
        except FileNotFoundError:
            found.omit(path, f"broken symbolic link: {os.readlink(path)} does not exist")
            continue
        except OSError as exc:
            found.omit(path, f"cannot read it ({reason(exc)})")
            continue
        if entry.is_dir():
            walk(path, target, found, (*chain, key))
        elif entry.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES:
            found.add(path, target)


def reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def human_size(size: float) -> str:
    """Sizes as people read them: 1000 bytes, 2.9 KB, 250 MB (never "0 MB")."""
    for unit in ("GB", "MB", "KB"):
        scale = UNITS[unit.lower()]
        if size >= scale:
            value = f"{size / scale:.1f}" if size < 10 * scale else f"{size / scale:.0f}"
            return f"{value.removesuffix('.0')} {unit}"
    return f"{size:.0f} bytes"


def parse_size(text: str) -> int:
    """ "200MB", "1.5 GB", "500kb" or plain bytes ("1000") → bytes."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", text.lower())
    if not match or match.group(2) not in UNITS:
        raise InformesError(
            f"cannot read {text!r} as a size — give bytes or a number with KB, MB or GB, e.g. 200MB"
        )
    return int(float(match.group(1)) * UNITS[match.group(2)])


@dataclass
class Plan:
    unchanged: list[tuple[str, Path]] = field(default_factory=list)  # (doc_id, path)
    todo: list[Path] = field(default_factory=list)
    refused: list[Extraction] = field(default_factory=list)  # refused without reading
    copies: dict[str, list[Path]] = field(default_factory=dict)  # doc_id → further paths of its bytes
    retrying: list[Path] = field(default_factory=list)  # stored as failed before: tried again
    files: int = 0

    @property
    def distinct(self) -> int:
        """Documents: files with the same bytes are one (refused files count one each)."""
        return len(self.unchanged) + len(self.todo) + len(self.refused)


def known_documents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """doc_id → (extractor_version, status) for every stored document, in one query."""
    rows = con.execute("select doc_id, extractor_version, status from documents").fetchall()
    return {doc_id: (version, status) for doc_id, version, status in rows}


def failed_paths(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Paths whose stored document failed (whatever bytes the file holds now)."""
    rows = con.execute(
        "select p.path from document_paths p join documents d using (doc_id) where d.status <> 'ok'"
    ).fetchall()
    return {path for (path,) in rows}


def failed(path: Path, problem: str, status: str, doc_id: str | None = None) -> Extraction:
    """`pipeline.process.failed`, imported when a file is refused: the extraction stages
    load only when a document has to be extracted (an unchanged re-ingest never)."""
    from pipeline.process import failed as failure

    return failure(path, problem, status, doc_id)


def too_large(path: Path, size: int, max_bytes: int, time_limit: float) -> Extraction | None:
    """Refused before reading: over --max-bytes, or a text too long to extract in time."""
    if size > max_bytes:
        problem = f"file too large ({human_size(size)} > {human_size(max_bytes)} limit); raise --max-bytes to read it"
    elif size > CHARACTERS_PER_SECOND * time_limit and not is_pdf(path):
        problem = (
            f"text too long to finish within --time-limit ({human_size(size)} would take about "
            f"{size / CHARACTERS_PER_SECOND:,.0f} s, the limit is {time_limit:g} s); split it or raise --time-limit"
        )
    else:
        return None
    return failed(path, problem, "error", hash_bytes(f"too large:{path}".encode()))


def is_pdf(path: Path) -> bool:
    """As `pipeline.read.read` decides: by the name or the %PDF- header."""
    if path.suffix.lower() == ".pdf":
        return True
    with path.open("rb") as handle:
        return handle.read(5) == b"%PDF-"


def unreadable(path: Path, exc: OSError) -> Extraction:
    return failed(
        path,
        f"cannot read the file ({reason(exc)}); check its permissions and run ingest again",
        "error",
        hash_bytes(f"unreadable:{path}".encode()),
    )


def is_current(known: tuple[str, str] | None, ocr: str) -> bool:
    """Same bytes, same extractor version, and not a failure worth another try: errors
    (a limit, a crash, a missing password) are retried, and a page-less scan once OCR
    could rescue it."""
    if known is None or known[0] != EXTRACTOR_VERSION:
        return False
    if known[1] == DocStatus.error:
        return False
    return not (known[1] == DocStatus.no_text and ocr != "off" and tesseract_available())


def plan(
    files: list[Path],
    con: duckdb.DuckDBPyConnection,
    force: bool,
    ocr: str,
    max_bytes: int,
    time_limit: float = float("inf"),
) -> Plan:
    """Split files into unchanged, to extract, and refused without reading; files with
    the same bytes as an earlier one are that document's copies, not extracted again."""
    known, failed_at = known_documents(con), failed_paths(con)
    result = Plan(files=len(files))
    first: dict[str, Path] = {}
    for path in files:
        try:
            refused = too_large(path, path.stat().st_size, max_bytes, time_limit)
            doc_id = hash_file(path) if refused is None else ""
        except OSError as exc:
            refused = unreadable(path, exc)
        if refused is not None:
            result.refused.append(refused)
        elif doc_id in first:
            result.copies.setdefault(doc_id, []).append(path)
        elif not force and is_current(known.get(doc_id), ocr):
            first[doc_id] = path
            result.unchanged.append((doc_id, path))
        else:
            first[doc_id] = path
            result.todo.append(path)
            stored = known.get(doc_id)
            if (stored and stored[1] != DocStatus.ok) or os.path.abspath(path) in failed_at:
                result.retrying.append(path)
    return result
