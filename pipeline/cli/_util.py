"""What every command shares: the Typer app, the consoles, the common options, the
error wrapper and the table renderer (spaCy's `cli/_util.py` pattern)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import typer.core
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.console import Group as Stack
from rich.table import Column, Table
from rich.text import Text

from pipeline.errors import InformesError

FORMATS = ("table", "csv", "json", "markdown")
TYPE_WORDS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH"}
SHORT_ID = 12  # characters of a doc_id (sha256) shown in tables; a prefix `show` and `summary` accept
DOC_ID = re.compile(r"[0-9a-f]{64}")
WHOLE = 160  # values without spaces (IDs, paths) up to this width are never folded in a table
PROSE = 16  # the narrowest a column of prose may become before a table turns into records
LONG = 400  # characters of one value a table shows (a document's whole text is not read in a terminal)


def plain_labels(params: list[Any]) -> list[Any]:
    """Typer 0.29 labels every parameter in --help with its Python type (`<bool>`,
    `<list[Path]>`) and has no setting to stop it: flags and arguments get no label,
    options a word (TEXT, INTEGER, PATH) or their metavar."""
    for param in params:
        if param.param_type_name == "option" and not param.is_flag and not param.count:
            setattr(param, "display_type_rich", lambda ctx, p=param: label(p, ctx))  # noqa: B010
        else:
            setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010
    return params


def label(param: Any, ctx: Any) -> str:
    if param.metavar:
        return str(param.metavar)
    typed = str(type(param).display_type_rich(param, ctx) or "").strip("<>.")
    return TYPE_WORDS.get(typed, typed.upper())


class Command(typer.core.TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return plain_labels(super().get_params(ctx))


class Group(typer.core.TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return plain_labels(super().get_params(ctx))


class App(typer.Typer):
    """Every command registered on it gets the plain --help labels."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["cls"] = kwargs.get("cls") or Command
        return super().command(*args, **kwargs)


app = App(
    cls=Group,
    help="Turn PREP informes and acuerdos of Mexican electoral institutes into a DuckDB database.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
if not console.is_terminal:  # piped or captured: do not wrap tables at 80 columns
    console = Console(width=250)
errors = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="INFORMES_DB", help="Database file (default: informes.duckdb)."),
]
FullIdsOption = Annotated[
    bool,
    typer.Option(
        "--full-ids", help=f"Show whole doc IDs in tables (default: their first {SHORT_ID} characters)."
    ),
]
F = TypeVar("F", bound=Callable[..., Any])


def version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as installed

        from pipeline.version import EXTRACTOR_VERSION

        try:
            package = installed("informes")
        except PackageNotFoundError:  # run from a checkout that was never installed
            package = "(not installed)"
        typer.echo(f"informes {package} (extractor {EXTRACTOR_VERSION})")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version, is_eager=True, help="Print the version and the extractor version."
        ),
    ] = False,
) -> None:
    pass


def friendly(command: F) -> F:
    """Expected problems become `Error: <what> — <how to fix>` and exit code 1 (130
    for Ctrl-C)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InformesError as exc:
            typer.echo(f"Error: {exc}", err=True)  # one unwrapped line, whatever the width
            raise typer.Exit(getattr(exc, "exit_code", 1)) from None
        except KeyboardInterrupt:
            typer.echo("Error: interrupted (Ctrl-C)", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def choose(value: str, allowed: Sequence[str], what: str = "format") -> str:
    """`value` if it is one of `allowed`, else a one-line error naming them."""
    if value not in allowed:
        raise InformesError(f"unknown {what} {value!r} — use {', '.join(allowed[:-1])} or {allowed[-1]}")
    return value


def render(
    columns: list[str],
    records: list[tuple[Any, ...]],
    fmt: str,
    full_ids: bool = False,
    width: int | None = None,
) -> str | RenderableType:
    choose(fmt, FORMATS)
    if fmt == "json":
        return json.dumps(
            [dict(zip(columns, r, strict=True)) for r in records], default=str, ensure_ascii=False, indent=2
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(records)
        return buffer.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += [
            "| " + " | ".join("" if v is None else str(v).replace("|", "\\|") for v in r) + " |"
            for r in records
        ]
        return "\n".join(lines)
    cells = [[shown(v, full_ids) for v in record] for record in records]
    cut = sum(len(c) > LONG for row in cells for c in row)
    cells = [[c if len(c) <= LONG else c[:LONG] + "…" for c in row] for row in cells]
    note = Text(
        f"{cut} values longer than {LONG} characters are cut (…): --format csv or json shows them whole.",
        style="dim",
    )
    widths = column_widths(columns, cells, width or console.width)
    if widths is None:
        shown_as = as_records(columns, cells, width or console.width)
        return Stack(note, shown_as) if cut else shown_as
    table = Table(*(Column(name, overflow="fold", width=w) for name, w in zip(columns, widths, strict=True)))
    for row in cells:
        table.add_row(*row)
    return Stack(note, table) if cut else table


def shown(value: Any, full_ids: bool) -> str:
    """A cell as a table shows it: nothing for NULL, a doc_id by its first characters."""
    if value is None:
        return ""
    text = str(value)
    return text[:SHORT_ID] if not full_ids and DOC_ID.fullmatch(text) else text


def column_widths(columns: list[str], cells: list[list[str]], width: int) -> list[int] | None:
    """Each column's width in a table `width` characters wide, or None when the columns
    cannot all fit. Values without spaces (IDs, paths, dates) keep their whole width, so
    nothing is cut (a deep checkout path was, in `show`); prose folds onto more lines,
    down to PROSE characters; the room left goes to the prose, in proportion to its
    length. (Rich's own fitting shrinks the widest columns first, and cuts off what
    still does not fit.)"""
    natural, floors = [], []
    for i, name in enumerate(columns):
        values = [row[i] for row in cells]
        widest = max([cell_len(name), *(cell_len(line) for v in values for line in v.splitlines() or [""])])
        unspaced = not any(" " in v or "\n" in v for v in values)
        natural.append(widest)
        floors.append(min(widest, WHOLE if unspaced else PROSE))
    room = width - (3 * len(columns) + 1)  # borders and padding
    if sum(floors) > room:
        return None
    wanted = [n - f for n, f in zip(natural, floors, strict=True)]
    spare = room - sum(floors)
    if sum(wanted) <= spare:
        return natural
    return [f + spare * w // sum(wanted) for f, w in zip(floors, wanted, strict=True)]


def as_records(columns: list[str], cells: list[list[str]], width: int) -> RenderableType:
    """One block per record, `column  value`, for a table too wide to show whole."""
    parts: list[RenderableType] = [
        Text(
            f"{len(columns)} columns do not fit in {width} characters: one record per block"
            " (--format csv or json for plain rows).",
            style="dim",
        )
    ]
    for n, row in enumerate(cells, start=1):
        block = Table.grid(padding=(0, 2))
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for name, value in zip(columns, row, strict=True):
            block.add_row(name, Text(value))
        parts += [Text(f"── {n} of {len(cells)} ──", style="bold"), block]
    return Stack(*parts)


def echo(output: str | RenderableType) -> None:
    """Plain text as is (csv, json, markdown); tables through rich."""
    if isinstance(output, str):
        typer.echo(output)
    else:
        console.print(output)
