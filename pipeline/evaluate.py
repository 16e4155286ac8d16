"""Score the extractor against hand-checked gold annotations (corpus/gold/*.json).

Mentions are compared as a multiset of (kind, value) per document; claims as a set of
(subject_id, predicate, object) per document, the document's own `issued_on` by
predicate alone, and `subject` texts after folding case, accents and spacing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from models import Extraction
from pipeline.errors import InformesError
from pipeline.process import process
from pipeline.vocab import fold


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    documents: int = 0
    mentions: dict[str, Score] = field(default_factory=dict)
    claims: dict[str, Score] = field(default_factory=dict)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (document, what, context)
    false_hits: list[tuple[str, str, str]] = field(default_factory=list)


def claim_key(subject_kind: str, subject_id: str, predicate: str, obj: str) -> tuple[str, str, str]:
    if subject_kind == "document":
        subject_id = ""
    if predicate == "subject":
        obj = fold(obj).rstrip(" .,;")
    return (subject_id, predicate, obj)


def load_gold(gold_dir: Path, docs_dir: Path | None = None) -> list[tuple[Path, dict]]:
    """(document, annotation) pairs; documents are looked for in `docs_dir`, by default
    the `docs` folder beside the gold folder."""
    if not gold_dir.is_dir():
        raise InformesError(f"no gold folder at {gold_dir} — pass the folder holding the *.json annotations")
    docs_dir = docs_dir or gold_dir.parent / "docs"
    pairs = []
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InformesError(f"{path}: not valid JSON ({exc}) — fix or remove it") from None
        if not isinstance(gold, dict) or not {"document", "mentions", "claims"} <= set(gold):
            raise InformesError(
                f"{path}: not a gold annotation (needs document, mentions and claims) — move it out of {gold_dir}"
            )
        document = docs_dir / gold["document"]
        if not document.exists():
            raise InformesError(f"{path}: its document {document} does not exist — pass --docs")
        pairs.append((document, gold))
    if not pairs:
        raise InformesError(f"no gold annotations (*.json) in {gold_dir}")
    return pairs


def evaluate(
    gold_dir: Path,
    reader: str = "pypdfium2",
    extract: Callable[[Path], Extraction] | None = None,
    docs_dir: Path | None = None,
) -> Evaluation:
    """Score every annotated document; `extract` replaces `process` (tests share one
    extraction of the corpus)."""
    result = Evaluation()
    for document, gold in load_gold(gold_dir, docs_dir):
        extraction = extract(document) if extract else process(document, reader=reader)
        score_document(result, document.name, gold, extraction)
    return result


def evaluate_producers(
    gold_dir: Path, matrix: Path, extract: Callable[[Path], Extraction] | None = None
) -> dict[str, Evaluation]:
    """The producer matrix (corpus/producers/<producer>/<stem>.pdf, the text of
    corpus/docs/<stem>.txt rendered by that producer): each producer's PDFs scored
    against the gold of their text originals, after a row 'text' for the originals."""
    if not matrix.is_dir():
        raise InformesError(
            f"no producer folder at {matrix} — pass the folder of one sub-folder per producer"
        )
    originals = {document.stem: document for document, _ in load_gold(gold_dir) if document.suffix == ".txt"}
    golds = {document.stem: gold for document, gold in load_gold(gold_dir) if document.suffix == ".txt"}
    results: dict[str, Evaluation] = {}
    rendered = {pdf.stem for pdf in matrix.glob("*/*.pdf")}
    if not rendered & set(golds):
        raise InformesError(
            f"no PDFs in {matrix}/<producer>/ named like a gold text document — pass the folder of one"
            " sub-folder of PDFs per producer (corpus/producers)"
        )
    for stem in sorted(rendered & set(golds)):  # the same documents as written: the row to compare with
        result = results.setdefault("text", Evaluation())
        score_document(result, originals[stem].name, golds[stem], (extract or process)(originals[stem]))
    for folder in sorted(p for p in matrix.iterdir() if p.is_dir()):
        pdfs = [pdf for pdf in sorted(folder.glob("*.pdf")) if pdf.stem in golds]
        for pdf in pdfs:
            result = results.setdefault(folder.name, Evaluation())
            score_document(result, f"{folder.name}/{pdf.name}", golds[pdf.stem], (extract or process)(pdf))
    return results


def score_document(result: Evaluation, name: str, gold: dict, extraction: Extraction) -> None:
    result.documents += 1
    text = extraction.document.text
    found = Counter((m.kind.value, m.value) for m in extraction.mentions)
    expected = Counter((m["kind"], m["value"]) for m in gold["mentions"])
    where = {
        (m.kind.value, m.value): text[max(0, m.char_start - 60) : m.char_end + 60]
        for m in extraction.mentions
    }
    gold_text = {(m["kind"], m["value"]): m.get("text", "") for m in gold["mentions"]}
    for key in set(found) | set(expected):
        score = result.mentions.setdefault(key[0], Score())
        hit = min(found[key], expected[key])
        score.tp += hit
        score.fp += found[key] - hit
        score.fn += expected[key] - hit
        if expected[key] > hit:
            result.misses.append((name, f"{key[0]} {key[1]} ×{expected[key] - hit}", gold_text.get(key, "")))
        if found[key] > hit:
            result.false_hits.append(
                (name, f"{key[0]} {key[1]} ×{found[key] - hit}", " ".join(where[key].split()))
            )
    got = {
        claim_key(c.subject_kind.value, c.subject_id, c.predicate, c.object): c.sentence
        for c in extraction.claims
    }
    want = {
        claim_key(c["subject_kind"], c["subject_id"], c["predicate"], c["object"]) for c in gold["claims"]
    }
    for fact in set(got) | want:
        score = result.claims.setdefault(fact[1], Score())
        if fact in got and fact in want:
            score.tp += 1
        elif fact in got:
            score.fp += 1
            result.false_hits.append((name, f"claim {' | '.join(fact)}", got[fact][:200]))
        else:
            score.fn += 1
            result.misses.append((name, f"claim {' | '.join(fact)}", ""))
