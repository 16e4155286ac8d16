"""Python annotations of the contract models → SQL types (shared by the tables, the
Arrow tables that fill them and the schema documentation)."""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from typing import Any

SQL_TYPES = {
    str: "VARCHAR",
    int: "INTEGER",
    bool: "BOOLEAN",
    float: "DOUBLE",
    dt.date: "DATE",
    dt.time: "TIME",
    dt.datetime: "TIMESTAMP",
}


def sql_type(annotation: Any) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return sql_type(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "VARCHAR"
    return SQL_TYPES.get(annotation, "VARCHAR")
