"""One mention per stretch of text: the fast overlap resolution keeps exactly what the
brute-force rule keeps (each candidate, in priority order, that overlaps none kept)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract import annotate
from pipeline.grammar.spans import NameMatch, keep_disjoint

SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda t: NameMatch(t[0], t[0] + t[1], "")),
    max_size=30,
)


def brute_force(candidates: list[NameMatch]) -> list[NameMatch]:
    kept: list[NameMatch] = []
    for c in candidates:
        if not any(k.start < c.end and c.start < k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


@given(SPANS)
def test_keep_disjoint_matches_the_brute_force_rule(candidates: list[NameMatch]) -> None:
    assert keep_disjoint(candidates) == brute_force(candidates)


def test_an_id_beats_the_date_inside_it() -> None:
    doc = annotate("Se aprobó el acuerdo 036/SO/31-08-2020 en la sesión.", 2020)
    assert [(m.kind, m.value) for m in doc._.mentions][:1] == [("acuerdo", "036/SO/31-08-2020")]
