"""Reading written summaries as a viewer does: Markdown rendered by a CommonMark
renderer with raw HTML on (as most viewers have it), HTML parsed into tags, links and ids."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

RENDERER = MarkdownIt("commonmark", {"html": True}).enable("table")


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._open: list[list[str]] = []
        self._style = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._style = tag == "style"
        if (anchor := dict(attrs).get("id")) is not None:
            self.ids.add(anchor)
        if tag == "a" and dict(attrs).get("href") is not None:
            self._open.append([dict(attrs)["href"] or ""])

    def handle_endtag(self, tag: str) -> None:
        self._style = False
        if tag == "a" and self._open:
            href, *text = self._open.pop()
            self.links.append((href, "".join(text)))

    def handle_data(self, data: str) -> None:
        if self._style:  # what the reader sees, not the style sheet
            return
        self.text.append(data)
        for link in self._open:
            link.append(data)


def view(path: Path) -> Page:
    """The page a viewer shows for a written .md or .html summary."""
    text = path.read_text(encoding="utf-8")
    return Page(RENDERER.render(text) if path.suffix == ".md" else text)


def local_targets(page: Page) -> list[tuple[str, str]]:
    """(file, anchor) of every link: all of them must be relative."""
    found = []
    for href, _ in page.links:
        file, _, anchor = href.partition("#")
        found.append((file, anchor))
    return found
