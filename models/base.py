"""The base record and the closed vocabularies of the contract (string enums)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """Base: frozen, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class DocKind(StrEnum):
    informe = "informe"
    acuerdo = "acuerdo"
    otro = "otro"


class DocStatus(StrEnum):
    ok = "ok"
    empty = "empty"
    no_text = "no_text"
    error = "error"


class PageSource(StrEnum):
    """Where a page's text came from."""

    text_layer = "text layer"  # the PDF's own text (or a text file's page)
    ocr = "ocr"  # Tesseract's reading of the page image


class MentionKind(StrEnum):
    acuerdo = "acuerdo"
    session = "session"
    date = "date"
    time = "time"
    organization = "organization"


class SubjectKind(StrEnum):
    session = "session"
    acuerdo = "acuerdo"
    document = "document"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class Basis(StrEnum):
    """How directly the document states a claim. A finding of severity error rests only
    on claims the text states (a sentence or a table row); one whose evidence includes a
    claim with any other basis is at most a warning, and says so."""

    stated = "stated"  # its sentence says it
    table_row = "table row"  # a row of a table of acuerdos says it
    other_sentence = "other sentence"  # a session's date given by another sentence of the document
    inferred_body = "inferred body"  # the session's body is not named in its sentence
    inferred_year = "inferred year"  # a date's year, or a session's, came from context
    anaphora = "anaphora"  # "la misma sesión", "en esa fecha": a reference back
    unsure_ocr = "unsure OCR"  # its sentence was read by OCR with a mean word confidence below the threshold

    @classmethod
    def weakest(cls, *bases: Basis) -> Basis:
        """The least direct of several bases (a claim is as weak as its weakest part)."""
        order = list(cls)
        return max(bases, key=order.index, default=cls.stated)

    @property
    def stated_in_text(self) -> bool:
        return self in (Basis.stated, Basis.table_row)


class Predicate(StrEnum):
    """What a claim says about its subject. Python code names predicates only through
    this enum; the SQL views are built from it."""

    held_on = "held_on"  # session → ISO date
    held_at = "held_at"  # session → HH:MM
    approved_in = "approved_in"  # acuerdo → session_id
    approved_on = "approved_on"  # acuerdo → ISO date
    subject = "subject"  # acuerdo → "por el que se …" clause
    sent_to = "sent_to"  # acuerdo → organisation key
    sent_on = "sent_on"  # acuerdo → ISO date
    issued_on = "issued_on"  # document → ISO date

    @classmethod
    def dated(cls) -> tuple[Predicate, ...]:
        """Predicates whose object is a date."""
        return (cls.held_on, cls.approved_on, cls.sent_on, cls.issued_on)

    @classmethod
    def events(cls) -> tuple[Predicate, ...]:
        """Dated predicates that tell of something that happened (not the document's own date)."""
        return (cls.held_on, cls.approved_on, cls.sent_on)
