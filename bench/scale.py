"""Scale benchmark: do costs grow linearly with the number of documents?

    python bench/scale.py [--sizes 1000 5000 20000] [--workers N] [--no-summary]

For each size, generates that many short, varied documents (informes and acuerdos of
the institutes in pipeline/vocab, with their own acuerdo ID formats, session numbers and
dates; 150–300 words each, all different), ingests them into a new database and prints,
per document: seconds of ingest (extraction and writing), of the full-text index build,
of `check`, of `summary --all`, and the database's bytes (and the shards'); then the
seconds of ingesting 10 more documents into the full database, which must not grow
with it (the full-text index is rebuilt only where documents changed). The target
(issue 13) is each within 1.5× of linear: seconds per document at the largest size at
most 1.5 times those at the smallest. Ratios, not absolute times: these machines drift.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from pipeline.batch import ingest  # noqa: E402
from pipeline.db.search import rebuild_search_index  # noqa: E402
from pipeline.db.store import connect, replace_findings  # noqa: E402
from pipeline.vocab import load  # noqa: E402

MONTHS = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
TYPES = ("Ordinaria", "Extraordinaria", "Extraordinaria Urgente")
SUBJECTS = (
    "se aprueba el proceso técnico operativo del Programa de Resultados Electorales Preliminares",
    "se designa a la instancia interna responsable de coordinar el PREP",
    "se crea e integra la Comisión Temporal del PREP",
    "se determina la ubicación de los Centros de Acopio y Transmisión de Datos",
    "se aprueba el ente auditor del sistema informático del PREP",
    "se ratifica la integración del Comité Técnico Asesor del PREP",
    "se aprueban los lineamientos para los simulacros del PREP",
    "se establece la fecha y hora de inicio de la publicación de los resultados preliminares",
)
FILLER = (
    "La Unidad Técnica de Cómputo dio seguimiento a las actividades del programa de trabajo, "
    "en coordinación con las áreas ejecutivas del Instituto y con el Comité Técnico Asesor. "
    "Se revisaron los avances de la infraestructura, de los procedimientos de digitalización y de la "
    "capacitación del personal que operará los centros de acopio. No se presentaron incidencias."
)


def institutes() -> list[tuple[str, str, str]]:
    """(key, full name, an example acuerdo ID) of every institute with a seen ID format."""
    names = {row["key"]: row["names"].split(";")[0] for row in load("institutes")}
    found = {}
    for row in load("acuerdo_ids"):
        example = row["example"].split(";")[0].strip()
        if "GUESSED" in row["example"] or row["key"] in found or row["key"] not in names:
            continue
        if re.search(r"\d+\D+(?:19|20)?\d{2}$", example):
            found[row["key"]] = (row["key"], names[row["key"]], example)
    return sorted(found.values())


def acuerdo_id(example: str, number: int, year: int | None = None) -> tuple[str, int]:
    """The example ID with another number (and year); and its four-digit year."""
    match = re.search(r"(\d+)(\D+)((?:19|20)?\d{2})$", example)
    assert match is not None
    digits = match.group(3)
    year = year or int(digits) + (2000 if len(digits) == 2 else 0)
    width = len(match.group(1))
    return example[: match.start(1)] + f"{number:0{width}d}" + match.group(2) + str(year)[
        -len(digits) :
    ], year


def spanish_date(day: dt.date) -> str:
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def document(n: int, rng: random.Random, known: list[tuple[str, str, str]]) -> str:
    """The n-th document: an informe or an acuerdo, consistent with every other one (a
    session's date depends only on its institute and number). Three documents tell of
    each session, however many there are: the sessions go on over the years instead."""
    key, name, example = known[n % len(known)]
    base = dt.date(acuerdo_id(example, 1)[1], 1, 10)
    round_ = n // len(known)
    session = 1 + round_ // 3
    held = base + dt.timedelta(days=5 * session)
    kind = TYPES[session % len(TYPES)]
    ids = [acuerdo_id(example, 100 + 3 * round_ + k, held.year)[0] for k in range(rng.randint(1, 3))]
    subjects = rng.sample(SUBJECTS, len(ids))
    approved = " ".join(
        f"Se aprobó el acuerdo {i} por el que {s}." for i, s in zip(ids, subjects, strict=True)
    )
    sent = held + dt.timedelta(days=rng.randint(1, 4))
    if round_ % 3 == 0:  # an acuerdo
        return (
            f"ACUERDO {ids[0]}\n\nACUERDO DEL CONSEJO GENERAL DEL {name.upper()} POR EL QUE "
            f"{subjects[0].upper()}.\n\nANTECEDENTES\n\nI. El {spanish_date(held)}, en Sesión {kind} "
            f"número {session} del Consejo General del {name}, se aprobó el presente acuerdo. "
            f"{FILLER}\n\nII. El {spanish_date(sent)} se notificó el acuerdo a la UNICOM del INE.\n"
        )
    return (
        f"INFORME DE AVANCE DEL PREP\n{name}\n{MONTHS[held.month - 1].capitalize()} de {held.year}\n\n"
        f"1. Sesiones\n\nEl {spanish_date(held)}, a las {rng.randint(9, 19)}:00 horas, en Sesión {kind} "
        f"número {session} del Consejo General del {name}, se celebró la sesión. {approved}\n\n"
        f"2. Envíos al INE\n\nEl {spanish_date(sent)} se enviaron a la UNICOM los acuerdos "
        f"{' y '.join(ids)}.\n\n3. Actividades\n\n{FILLER} {rng.choice(FILLER.split('. '))}.\n"
    )


def make_corpus(folder: Path, size: int, first: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng, known = random.Random(13 + first), institutes()
    paths = []
    for n in range(first, first + size):
        path = folder / f"doc-{n:06d}.txt"
        path.write_text(document(n, rng, known), encoding="utf-8")
        paths.append(path)
    return paths


def timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(folder: Path, size: int, workers: int, summaries: bool) -> dict[str, float]:
    paths = make_corpus(folder / "docs", size)
    db = folder / "scale.duckdb"
    figures = {"ingest": timed(lambda: ingest(paths, db=db, workers=workers))}
    con = connect(db)
    try:
        figures["index"] = timed(lambda: rebuild_search_index(con, force=True))
        figures["ingest"] -= figures["index"]  # the ingest rebuilt it once too: count it apart
        from pipeline.check import run_checks

        figures["check"] = timed(lambda: replace_findings(con, run_checks(con)))
        if summaries:
            from pipeline.summarise import write_summaries

            ids = [r[0] for r in con.execute("select doc_id from documents where status = 'ok'").fetchall()]
            figures["summary"] = timed(lambda: write_summaries(con, ids, "md", folder / "out"))
        con.execute("checkpoint")
    finally:
        con.close()
    more = make_corpus(folder / "more", INCREMENT, first=size)
    increment = timed(lambda: ingest(more, db=db, workers=workers))
    figures["db_bytes"] = db.stat().st_size
    shards = db.with_name(db.name + ".shards")
    figures["shard_bytes"] = sum(p.stat().st_size for p in shards.rglob("*") if p.is_file())
    figures["shard_files"] = sum(1 for p in shards.rglob("*") if p.is_file())
    per_document = {k: v / size if k != "shard_files" else v for k, v in figures.items()}
    return {**per_document, "increment": increment}  # seconds for INCREMENT documents, not per document


INCREMENT = 10  # documents added to the full database afterwards: an incremental ingest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-summary", action="store_true", help="skip summary --all (slow before issue 12)")
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"informes-scale-{size}-") as tmp:
            results[size] = measure(Path(tmp), size, args.workers, not args.no_summary)
            shutil.rmtree(tmp, ignore_errors=True)
        figures = results[size]
        print(
            f"{size:>6} documents: ingest {figures['ingest'] * 1000:7.1f} ms/doc, index {figures['index'] * 1000:6.2f}, "
            f"check {figures['check'] * 1000:6.2f}, summary {figures.get('summary', 0) * 1000:7.1f}, "
            f"database {figures['db_bytes'] / 1024:5.1f} KB/doc, shards {figures['shard_bytes'] / 1024:5.1f} KB/doc "
            f"in {figures['shard_files']:.0f} files; then {INCREMENT} more documents in "
            f"{figures['increment']:.1f} s",
            flush=True,
        )
    smallest, largest = min(results), max(results)
    if smallest == largest:
        return
    print(
        f"per-document cost at {largest} ÷ at {smallest}, and the {INCREMENT}-document ingest's (target ≤ 1.5 each):"
    )
    for name in ("ingest", "index", "check", "summary", "db_bytes", "increment"):
        if name in results[smallest] and results[smallest][name]:
            ratio = results[largest][name] / results[smallest][name]
            print(f"  {name:<10} {ratio:6.2f}   {'ok' if ratio <= 1.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
