"""Session keys: the one place that builds and reads session values and session IDs.

A session *value* (a mention's normalised value) is `<body>|<type>|<number>`, e.g.
`consejo general|extraordinaria|39`; a session *ID* (claims, the `sessions` view) puts
the issuer before it and the year after it, `iepc durango|consejo general|extraordinaria|39|2021`.
An unnumbered session (`s/n`) ends in its full ISO date instead of the year, so two
unnumbered sessions of one year stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

SEP = "|"
UNNUMBERED = "s/n"
PARTS = ("issuer", "body", "type", "number", "when")


@dataclass(frozen=True, slots=True)
class SessionKey:
    body: str
    type: str
    number: str = UNNUMBERED  # digits, or "s/n"
    issuer: str | None = None
    when: str = ""  # the year, or the ISO date of an unnumbered session

    @property
    def value(self) -> str:
        """`<body>|<type>|<number>`: the mention's value."""
        return SEP.join((self.body, self.type, self.number))

    def format(self) -> str:
        """`<issuer>|<body>|<type>|<number>|<when>`: the session_id."""
        return SEP.join((self.issuer or "", self.value, self.when))

    @classmethod
    def parse(cls, text: str) -> SessionKey:
        """Read a session_id (five parts) or a session value (three parts)."""
        parts = text.split(SEP)
        if len(parts) == 3:
            return cls(*parts)
        if len(parts) != 5:
            raise ValueError(f"not a session key: {text!r}")
        issuer, body, kind, number, when = parts
        return cls(body, kind, number, issuer or None, when)

    def placed(
        self, issuer: str | None, held_on: str | None, year: int | None, month: int | None = None
    ) -> SessionKey:
        """This session as held by `issuer`, dated by `held_on` (ISO) or, without a date,
        the document's `year`; a session numbered within a `month` ends in `YYYY-MM`."""
        if self.number == UNNUMBERED and held_on:
            when = held_on
        else:
            when = held_on[:4] if held_on else str(year or "")
            if month and when:
                when = f"{when}-{month:02d}"
        return replace(self, issuer=issuer, when=when)

    @property
    def year(self) -> int | None:
        return int(self.when[:4]) if self.when[:4].isdigit() else None

    @property
    def numbered(self) -> int | None:
        return int(self.number) if self.number.isdigit() else None

    @staticmethod
    def sql(column: str, part: str) -> str:
        """SQL that reads one part of a session_id stored in `column`."""
        return f"split_part({column}, '{SEP}', {PARTS.index(part) + 1})"
