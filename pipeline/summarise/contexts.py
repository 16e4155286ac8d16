"""The plain dicts the templates render: a document, an institute's timeline, the index.

Built from `Facts` (the database, read once) and `Site` (names and links). A fact given
different values anywhere in the database is shown with every value and its evidence;
sources are named by title and file name and link to their summary when the run
writes it; sessions by a readable name that links to their section of the timeline.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cached_property
from pathlib import PurePath
from typing import Any

from models import Predicate
from pipeline.check.common import has_cue
from pipeline.summarise.gather import SHOWN, Facts, Finding
from pipeline.summarise.names import (
    SEVERITY_WORDS,
    institute_names,
    recipient,
    session_label,
    session_name,
)
from pipeline.summarise.site import Link, Site

Context = dict[str, Any]
NO_DATE = "9999"  # sorts undated facts last


class Contexts:
    def __init__(self, facts: Facts, site: Site) -> None:
        self.facts = facts
        self.site = site
        self.named: dict[str, Context] = {}
        self.approved: dict[str, list[str]] = defaultdict(list)  # session → acuerdos (the view's mode)
        for acuerdo_id, row in facts.acuerdos.items():
            if row["session_id"]:
                self.approved[row["session_id"]].append(acuerdo_id)

    # -- shared pieces -------------------------------------------------------------

    def source(self, doc_id: str, page: int | None = None, quote: str = "") -> Context:
        """A document named by title and file name, linked where the run writes its summary."""
        if doc_id not in self.named:
            doc = self.facts.docs[doc_id]
            name = PurePath(doc["path"]).name
            self.named[doc_id] = {
                "doc": name,
                "title": doc["title"] or name,
                "link": self.site.document(doc_id),
            }
        return self.named[doc_id] | {"page": page, "quote": quote}

    def values(self, subject: str, predicate: Predicate) -> list[Context]:
        """Every value the database gives for a fact, each with its evidence."""
        grouped: dict[str, list[Context]] = {}
        for c in self.facts.claims(subject, predicate):
            grouped.setdefault(c.object, []).append(self.source(c.doc_id, c.page, c.sentence))
        return [{"value": value, "evidence": evidence} for value, evidence in grouped.items()]

    def sources(self, subject: str) -> list[Context]:
        """Each document saying anything about `subject`, once, in path order."""
        docs = {c.doc_id for p in SHOWN for c in self.facts.claims(subject, p)}
        return [self.source(d) for d in self.facts.docs if d in docs]

    def issuer_name(self, issuer: str | None) -> str:
        return institute_names().get(issuer or "", issuer or "sin emisor identificado")

    def held_on(self, session_id: str) -> str | None:
        """The session's date, where the database gives only one."""
        dates = self.values(session_id, Predicate.held_on)
        return dates[0]["value"] if len(dates) == 1 else None

    def session_ref(self, session_id: str, issuer: str | None) -> Context:
        return {
            "value": session_id,
            "label": session_label(session_id, issuer),
            "name": session_name(session_id, issuer, self.held_on(session_id)),
            "link": self.site.entity(session_id),
        }

    def acuerdo(self, acuerdo_id: str, issuer: str | None) -> Context:
        sessions = self.values(acuerdo_id, Predicate.approved_in)
        for item in sessions:
            item |= self.session_ref(item["value"], issuer)
        return {
            "acuerdo_id": acuerdo_id,
            "link": self.site.entity(acuerdo_id),
            "subject": (self.facts.acuerdos.get(acuerdo_id) or {}).get("subject") or None,
            "dates": self.values(acuerdo_id, Predicate.approved_on),
            "sessions": sessions,
        }

    # -- a document ----------------------------------------------------------------

    def document(self, doc_id: str) -> Context:
        facts = self.facts
        doc = dict(facts.docs[doc_id])
        doc["name"] = PurePath(doc["path"]).name
        doc["issuer_name"] = self.issuer_name(doc["issuer"])
        approved_in = facts.own(doc_id, Predicate.approved_in)
        session_ids = sorted(
            {s for s, _ in facts.own(doc_id, Predicate.held_on)} | {o for _, o in approved_in}
        )
        sessions = [
            self.session(sid, doc["issuer"], [a for a, o in approved_in if o == sid]) for sid in session_ids
        ]
        sessions.sort(key=lambda s: (s["dates"][0]["value"] if s["dates"] else NO_DATE, s["session_id"]))
        linked = {a for a, _ in approved_in}
        loose = sorted({a for a, _ in facts.own(doc_id, Predicate.approved_on)} - linked)
        return {
            "here": self.site.document(doc_id) or Link(self.site.pages[doc_id]),
            "index": self.site.index,
            "timeline": self.site.timeline(doc["issuer"]),
            "doc": doc,
            "sessions": sessions,
            "loose": [self.acuerdo(a, doc["issuer"]) for a in loose],
            "sent": self.sent(doc_id),
            "findings": self.findings(doc_id, doc["issuer"]),
        }

    def session(self, session_id: str, issuer: str | None, acuerdos: list[str]) -> Context:
        # a resumed session's later date is no conflict (issue #checks; A-ieepco-informe-2021-06)
        dates = self.values(session_id, Predicate.held_on)
        resumed = [d for d in dates if all(has_cue("resumed", e["quote"]) for e in d["evidence"])]
        held = [d for d in dates if d not in resumed] or resumed[:1]
        return self.session_ref(session_id, issuer) | {
            "session_id": session_id,
            "dates": held,
            "resumed": [d for d in resumed if d not in held],
            "times": self.values(session_id, Predicate.held_at),
            "acuerdos": [self.acuerdo(a, issuer) for a in sorted(acuerdos)],
        }

    def sent(self, doc_id: str) -> list[Context]:
        claims = self.facts.by_doc.get((doc_id, Predicate.sent_to), []) + self.facts.by_doc.get(
            (doc_id, Predicate.sent_on), []
        )
        sent: dict[str, Context] = {}
        for c in sorted(claims, key=lambda c: (c.subject, c.predicate, c.object)):
            whole = c.subject == doc_id
            item = sent.setdefault(
                c.subject,
                {
                    "subject": "el documento" if whole else c.subject,
                    "whole": whole,
                    "link": None if whole else self.site.entity(c.subject),
                    "to": [],
                    "on": [],
                },
            )
            value = recipient(c.object) if c.predicate == Predicate.sent_to else c.object
            bucket = item["to" if c.predicate == Predicate.sent_to else "on"]
            if value not in bucket:
                bucket.append(value)
        return list(sent.values())

    def findings(self, doc_id: str, issuer: str | None) -> list[Context]:
        """Findings whose evidence quotes this document: the pages quoted here, and the
        other documents quoted."""
        found = []
        for f in self.facts.findings_of(doc_id):
            others = {e["doc_id"]: e for e in f.evidence if e["doc_id"] != doc_id}
            found.append(
                {
                    "check": f.check,
                    "severity": f.severity if f.severity in SEVERITY_WORDS else "",
                    "severity_raw": f.severity,
                    "message": self.readable(f, issuer),
                    "pages": sorted({e["page"] for e in f.evidence if e["doc_id"] == doc_id and e["page"]}),
                    "others": [self.source(d, e["page"]) for d, e in others.items() if d in self.facts.docs],
                }
            )
        return found

    @cached_property
    def session_ids(self) -> re.Pattern[str] | None:
        keys = sorted(self.facts.session_issuer, key=len, reverse=True)
        return re.compile("(?:[Ss]esión )?(" + "|".join(map(re.escape, keys)) + ")") if keys else None

    def readable(self, finding: Finding, issuer: str | None) -> str:
        """The stored message with each raw session key ('iepc durango|consejo
        general|…') replaced by the session's name."""
        if "|" not in finding.message or self.session_ids is None:
            return finding.message
        return self.session_ids.sub(lambda m: session_name(m[1], issuer, self.held_on(m[1])), finding.message)

    # -- an institute's timeline ---------------------------------------------------

    def timeline(self, issuer: str) -> Context:
        facts, events = self.facts, []
        sessions, acuerdos = [], []
        for session_id in facts.sessions_of(issuer):
            dates = self.values(session_id, Predicate.held_on)
            ref = self.session_ref(session_id, issuer)
            for item in dates or [{"value": "", "evidence": []}]:
                events.append(self.event(item, "sesión", ref["label"], ref["link"], len(dates) > 1))
            sessions.append(
                ref
                | {
                    "dates": dates,
                    "times": self.values(session_id, Predicate.held_at),
                    "acuerdos": [
                        {"acuerdo_id": a, "link": self.site.entity(a)}
                        for a in self.approved.get(session_id, [])
                    ],
                    "sources": self.sources(session_id),
                }
            )
        for acuerdo_id in facts.acuerdos_of(issuer):
            item = self.acuerdo(acuerdo_id, issuer) | {"sources": self.sources(acuerdo_id)}
            for d in item["dates"]:
                events.append(self.event(d, "acuerdo", acuerdo_id, item["link"], len(item["dates"]) > 1))
            acuerdos.append(item)
        events.sort(key=lambda e: (e["date"] or NO_DATE, e["kind"], e["text"]))
        sessions.sort(key=lambda s: (s["dates"][0]["value"] if s["dates"] else NO_DATE, s["value"]))
        acuerdos.sort(key=lambda a: (a["dates"][0]["value"] if a["dates"] else NO_DATE, a["acuerdo_id"]))
        documents = [self.source(d) for d in facts.chosen if facts.docs[d]["issuer"] == issuer]
        return {
            "here": self.site.timeline(issuer),
            "index": self.site.index,
            "issuer": issuer,
            "issuer_name": self.issuer_name(issuer),
            "documents": documents,
            "events": events,
            "sessions": sessions,
            "acuerdos": acuerdos,
        }

    def event(self, item: Context, kind: str, text: str, link: Link | None, conflict: bool) -> Context:
        sources: dict[str, Context] = {}
        for e in item["evidence"]:
            sources.setdefault(e["doc"], e)
        return {
            "date": item["value"],
            "kind": kind,
            "text": text,
            "link": link,
            "sources": list(sources.values()),
            "conflict": conflict,
        }

    # -- the index -----------------------------------------------------------------

    def index(self) -> Context:
        facts, groups = self.facts, defaultdict(list)
        counts = Counter(f.severity for f in facts.findings.values())  # each finding once
        for doc_id in facts.chosen:
            doc = facts.docs[doc_id]
            severities = Counter(f.severity for f in facts.findings_of(doc_id))
            groups[doc["issuer"]].append(
                self.source(doc_id)
                | {
                    "kind": doc["kind"],
                    "issued_on": doc["issued_on"],
                    "period_start": doc["period_start"],
                    "period_end": doc["period_end"],
                    "findings": [(s, severities[s]) for s in SEVERITY_WORDS if severities[s]],
                }
            )
        institutes: list[Context] = [
            {
                "issuer_name": self.issuer_name(issuer),
                "link": self.site.timeline(issuer),
                "documents": sorted(docs, key=lambda d: (str(d["issued_on"] or NO_DATE), d["doc"])),
            }
            for issuer, docs in groups.items()
        ]
        institutes.sort(key=lambda i: (i["link"] is None, i["issuer_name"].casefold()))
        return {
            "here": self.site.index,
            "documents": len(facts.chosen),
            "institutes": institutes,
            "findings": [(s, counts[s]) for s in SEVERITY_WORDS if counts[s]],
        }
