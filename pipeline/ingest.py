"""The orchestrator: files in, DuckDB out, one transaction per document.

    for path in discover(paths):
        if unchanged(path): skip
        write(con, process(path))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from models import DocStatus, Extraction
from pipeline.errors import InformesError
from pipeline.process import EXTRACTOR_VERSION, process
from pipeline.read import hash_bytes
from pipeline.store import connect, known_version, write

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".md")


@dataclass
class IngestReport:
    documents: int = 0
    skipped: int = 0
    pages: int = 0
    mentions: int = 0
    claims: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, extraction: Extraction) -> None:
        self.documents += 1
        self.pages += extraction.document.pages
        self.mentions += len(extraction.mentions)
        self.claims += len(extraction.claims)
        if extraction.document.status != DocStatus.ok:
            self.errors.append(extraction.document.error or extraction.document.path)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and documents (.txt, .pdf, .md) under folders named, recursively."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise InformesError(f"no such file or folder: {path} — check the path")
    return found


def ingest(paths: Iterable[str | Path], db: str | Path | None = None, reader: str = "pypdfium2",
           password: str | None = None, force: bool = False, strict: bool = False,
           on_document: Callable[[Path, Extraction | None], None] | None = None) -> IngestReport:
    """Ingest files and folders into the database. Unchanged files (same sha256, same
    extractor version) are skipped; bad files become `documents` rows with an error."""
    files = discover(paths)
    report = IngestReport()
    con = connect(db)
    try:
        for path in files:
            if not force and known_version(con, hash_bytes(path.read_bytes())) == EXTRACTOR_VERSION:
                report.skipped += 1
                if on_document:
                    on_document(path, None)
                continue
            extraction = process(path, reader=reader, password=password, strict=strict)
            write(con, extraction)
            report.add(extraction)
            if on_document:
                on_document(path, extraction)
    finally:
        con.close()
    return report
