"""Where each summary goes and how the summaries link to each other.

All files of a run sit in one folder, so every link is a bare file name (plus an
anchor), percent-encoded: the folder works opened from disk, copied or served.

- `index.<fmt>` links every summary of the run;
- `instituto-<issuer>.<fmt>` is an institute's timeline, with an anchor per session
  (`sesion_…`) and per acuerdo (`acuerdo_…`);
- a document's summary is named after its file's stem; where two documents would share a
  name (`informe.pdf` and `informe.txt`, or `index.txt`, or a file named like a timeline),
  the full file name tells them apart, then the start of the doc_id. Names are chosen
  over every document in the database, so a document's summary has the same name
  whether it is written alone or with `--all`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath

from pipeline.summarise.gather import Facts

INDEX = "index"
TIMELINE_PREFIX = "instituto-"


@dataclass(frozen=True)
class Link:
    """A summary page (file name without extension) and an anchor in it. Not a string,
    so Markdown escaping leaves it alone; `url` in markup.py writes it out."""

    page: str
    anchor: str = ""


def slug(text: str, sep: str = "-") -> str:
    """Lower-case ASCII letters, digits and `sep`: 'IEPC/CG122/2021' → 'iepc-cg122-2021'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, plain.lower()).strip(sep) or "sin" + sep + "nombre"


def safe_name(text: str) -> str:
    """A file name as given, minus what a file system or a link would choke on."""
    return re.sub(r"[^\w .()+,-]+", "-", text).strip(" .-") or "documento"


def document_pages(docs: dict[str, str], reserved: Iterable[str]) -> dict[str, str]:
    """doc_id → page name, unique (case-insensitively, as on macOS and Windows) and never
    one of `reserved`: the stem, else the file name, else the file name and doc_id."""
    taken = {r.casefold() for r in reserved}
    names: dict[str, str] = {}
    pending = sorted(docs, key=lambda d: (docs[d], d))
    candidates: list[Callable[[str], str]] = [
        lambda d: safe_name(PurePath(docs[d]).stem),
        lambda d: safe_name(PurePath(docs[d]).name),
    ]
    for candidate in candidates:
        counts = Counter(candidate(d).casefold() for d in pending)
        left = []
        for doc_id in pending:
            name = candidate(doc_id)
            if counts[name.casefold()] == 1 and name.casefold() not in taken:
                names[doc_id] = name
                taken.add(name.casefold())
            else:
                left.append(doc_id)
        pending = left
    for doc_id in pending:
        size = 12
        while (name := f"{safe_name(PurePath(docs[doc_id]).name)}-{doc_id[:size]}").casefold() in taken:
            size += 4
        names[doc_id] = name
        taken.add(name.casefold())
    return names


def unique_slugs(
    prefix: str, keys: Iterable[str], text: Callable[[str], str] = str, sep: str = "-"
) -> dict[str, str]:
    """key → `<prefix><slug of text(key)>`, unique among `keys` (taken in sorted order, a
    repeated slug gets a number): timeline file names, anchors within one page."""
    found: dict[str, str] = {}
    used: set[str] = set()
    for key in sorted(keys):
        base = name = prefix + slug(text(key), sep)
        n = 1
        while name in used:
            n += 1
            name = f"{base}{sep}{n}"
        used.add(name)
        found[key] = name
    return found


class Site:
    """The pages of one run and the links between them: a link is given only to a page
    the run writes, so none is broken."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        issuers = sorted({doc["issuer"] for doc in facts.docs.values() if doc["issuer"]})
        self.timelines = unique_slugs(TIMELINE_PREFIX, issuers)
        self.pages = document_pages(
            {d: doc["path"] for d, doc in facts.docs.items()}, [INDEX, *self.timelines.values()]
        )
        self.written = set(facts.chosen)
        self.anchors: dict[str, Link] = {}
        for issuer in facts.issuers:
            page = self.timelines[issuer]
            # 'sesion_consejo_general_extraordinaria_39_2021', 'acuerdo_iepc_cg122_2021': with
            # dashes the anchor reads as an acuerdo ID ('IEPC-CG122-2021') where a summary is
            # ingested as a document; a session_id is given without its issuer
            sessions = unique_slugs("sesion_", facts.sessions_of(issuer), lambda s: s.split("|", 1)[-1], "_")
            acuerdos = unique_slugs("acuerdo_", facts.acuerdos_of(issuer), sep="_")
            for key, anchor in (sessions | acuerdos).items():
                self.anchors[key] = Link(page, anchor)

    def document(self, doc_id: str) -> Link | None:
        return Link(self.pages[doc_id]) if doc_id in self.written else None

    def timeline(self, issuer: str | None) -> Link | None:
        return Link(self.timelines[issuer]) if issuer in self.facts.issuers and issuer else None

    def entity(self, key: str) -> Link | None:
        """The section of a session or acuerdo in its institute's timeline."""
        return self.anchors.get(key)

    @property
    def index(self) -> Link:
        return Link(INDEX)
