"""Contract records as Arrow tables: how rows reach DuckDB and Parquet shards.

One Arrow table per contract table, typed from the pydantic models (the same mapping as
the SQL types), so a group of documents is inserted with one statement per table
(docs/performance.md §2) and a shard read back from Parquet has exactly the columns the
table has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from models import AcuerdoParts, Claim, Document, Extraction, Mention, OcrWord, Page, Section, TocEntry
from pipeline.db.types import sql_type

if TYPE_CHECKING:
    import pyarrow as pa

# The tables one document fills, in write order, with the Extraction field holding each.
DOCUMENT_TABLES: dict[str, tuple[type[BaseModel], str]] = {
    "documents": (Document, "document"),
    "pages": (Page, "pages"),
    "sections": (Section, "sections"),
    "toc_entries": (TocEntry, "toc"),
    "mentions": (Mention, "mentions"),
    "claims": (Claim, "claims"),
    "acuerdo_parts": (AcuerdoParts, "acuerdo_parts"),
    "ocr_words": (OcrWord, "ocr_words"),
}


def arrow_type(annotation: Any) -> pa.DataType:
    import pyarrow as pa

    return {
        "VARCHAR": pa.string(),
        "INTEGER": pa.int32(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
        "TIME": pa.time64("us"),
        "DOUBLE": pa.float64(),
    }[sql_type(annotation)]


def schema(model: type[BaseModel]) -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(name, arrow_type(info.annotation)) for name, info in model.model_fields.items()])


def cell(value: Any) -> Any:
    """A value as DuckDB stores it: enums by value, nested records as JSON text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def rows(records: Iterable[BaseModel]) -> list[tuple[Any, ...]]:
    return [tuple(cell(v) for v in r.model_dump().values()) for r in records]


def table(model: type[BaseModel], records: Iterable[BaseModel]) -> pa.Table:
    """The records as one typed Arrow table (columns in the model's field order)."""
    import pyarrow as pa

    target = schema(model)
    values = rows(records)
    columns = list(zip(*values, strict=True)) if values else [()] * len(target)
    return pa.table([pa.array(c, type=f.type) for c, f in zip(columns, target, strict=True)], schema=target)


def extraction_tables(extractions: list[Extraction]) -> dict[str, pa.Table]:
    """Every per-document table of these extractions."""
    out = {}
    for name, (model, attribute) in DOCUMENT_TABLES.items():
        if attribute == "document":
            out[name] = table(model, (e.document for e in extractions))
        else:
            out[name] = table(model, (r for e in extractions for r in getattr(e, attribute)))
    return out


def concat(groups: list[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    import pyarrow as pa

    return {name: pa.concat_tables([g[name] for g in groups]) for name in DOCUMENT_TABLES}
