"""Rendering: the Jinja2 environment, HTML autoescaping and its Markdown counterpart.

Titles, subjects, sentences and messages come from documents anyone may have written,
and a summary is opened in whatever viewer the user has. HTML templates are autoescaped
(attributes too: `"` and `'` become entities). For Markdown every string of the context
is escaped before rendering (`escape_md`), so no value can open a link, an image, raw
HTML, emphasis, a table cell or a line-start construct (heading, list, quote); what the
templates write themselves (links to other summaries, anchors) comes from `Link`
objects and slugs, never from document text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

import jinja2

from pipeline.summarise.names import say_date, severity_word
from pipeline.summarise.site import Link

# Backslash escapes (CommonMark: any ASCII punctuation; the classic Markdown.pl set
# covers these too) for inline syntax, entities for what starts HTML.
ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]{}#|~"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Constructs that only count at the start of a line: a list item, a setext underline,
# an ordered list ('1. ', '1) ').
LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


@lru_cache(maxsize=1 << 16)  # the same titles and sentences come back page after page
def escape_md(text: str) -> str:
    """A value shown as itself in any Markdown viewer: on one line, no markup."""
    text = " ".join(text.split()).translate(ESCAPES)
    return LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def escaped(value: Any) -> Any:
    """The context with every string escaped for Markdown (Links and numbers as they are)."""
    if isinstance(value, str):
        return escape_md(value)
    if isinstance(value, dict):
        return {k: escaped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(escaped(v) for v in value)
    return value


@jinja2.pass_context
def url(context: jinja2.runtime.Context, link: Link) -> str:
    """A relative link to another summary of the run (or an anchor in this one)."""
    anchor = f"#{link.anchor}" if link.anchor else ""
    here = context.get("here")
    if anchor and isinstance(here, Link) and link.page == here.page:
        return anchor
    return quote(f"{link.page}.{context['fmt']}", safe="") + anchor


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.summarise", "templates"),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["fecha"] = say_date
    env.filters["url"] = url
    env.filters["gravedad"] = severity_word
    return env


def render(name: str, context: dict[str, Any], fmt: str) -> str:
    """`templates/<name>.<fmt>.j2` filled with `context` (escaped for Markdown when md)."""
    if fmt != "md":
        return environment().get_template(f"{name}.{fmt}.j2").render(**context, fmt=fmt)
    text = environment().get_template(f"{name}.{fmt}.j2").render(**escaped(context), fmt=fmt)
    return re.sub(r"\n{3,}", "\n\n", text)  # the templates' optional parts leave blank lines
