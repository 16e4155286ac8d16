"""Typed records that flow between the pipeline's stages and into DuckDB.

Every fact carries its provenance (document, page, section, character span into the
clean text). `base` holds the closed vocabularies (kinds, statuses, predicates),
`keys` the session key, `stages` the records between stages, `contract` the tables.
"""

from models.base import (
    Basis,
    DocKind,
    DocStatus,
    MentionKind,
    PageSource,
    Predicate,
    Record,
    Severity,
    SubjectKind,
)
from models.contract import (
    AcuerdoParts,
    AcuerdoRow,
    Claim,
    Document,
    DocumentPath,
    Evidence,
    Extraction,
    Finding,
    FindingEvidence,
    Mention,
    OcrWord,
    Page,
    Section,
    SessionRow,
    TocEntry,
)
from models.keys import SessionKey
from models.stages import CleanText, RawDocument, RawLine, RawPage, RawTable, TitleBlock

__all__ = [
    "AcuerdoParts",
    "AcuerdoRow",
    "Basis",
    "Claim",
    "CleanText",
    "DocKind",
    "DocStatus",
    "Document",
    "DocumentPath",
    "Evidence",
    "Extraction",
    "Finding",
    "FindingEvidence",
    "Mention",
    "MentionKind",
    "OcrWord",
    "Page",
    "PageSource",
    "Predicate",
    "RawDocument",
    "RawLine",
    "RawPage",
    "RawTable",
    "Record",
    "Section",
    "SessionKey",
    "SessionRow",
    "Severity",
    "SubjectKind",
    "TitleBlock",
    "TocEntry",
]
