"""Spanish words for the codes the database stores (labels.tsv), as pages show them."""

from __future__ import annotations

from functools import cache

from pipeline.vocab import load


@cache
def labels(group: str) -> dict[str, str]:
    """code → Spanish label for one group of labels.tsv ('severity', 'check', …)."""
    return {row["code"]: row["label"] for row in load("labels", __package__) if row["group"] == group}


def label(group: str, code: str) -> str:
    """The Spanish word for `code`, or the code itself when labels.tsv has none."""
    return labels(group).get(code, code)
