"""Text dumps without form feeds: pages are found by their running header."""

from __future__ import annotations

from collections import Counter

from pipeline.layout.lines import Line

MAX_BOILERPLATE_LEN = 100
# A running header opens a page: between two of its occurrences stand at least this many
# lines. Repeated lines closer together are content, such as the rows of a table
# ("Consejo General, 07 de octubre de 2017 / Sesión Extraordinaria / …").
MIN_PAGE_LINES = 12


def split_on_running_header(lines: list[Line]) -> list[list[Line]]:
    """Each occurrence of the most repeated block of short lines (the running header)
    starts a new page, and is dropped; with no such block the text is one page."""
    keys = [line.key for line in lines]
    freq = Counter(k for k in keys if k)
    runs: list[tuple[int, int]] = []  # [start, end) line index of each candidate run
    start = None
    for i, key in enumerate([*keys, "<end>"]):
        boiler = bool(key) and key != "<end>" and freq[key] >= 2 and len(key) <= MAX_BOILERPLATE_LEN
        if boiler and start is None:
            start = i
        elif not boiler and key != "" and start is not None:
            runs.append((start, i))
            start = None
    signatures = Counter(run_signature(keys, run) for run in runs)
    if not signatures:
        return [lines]
    best, count = max(signatures.items(), key=lambda item: (item[1] * len(item[0]), len(item[0])))
    if count < 2 or len(best) * count < 4:
        return [lines]
    cuts = [span for run in runs for span in find_signature(keys, run, best)]
    if any(b[0] - a[1] < MIN_PAGE_LINES for a, b in zip(cuts, cuts[1:], strict=False)):
        return [lines]
    pages, last = [], 0
    for first, end in cuts:
        pages.append(lines[last:first])
        last = end
    pages.append(lines[last:])
    if not any(line.text for line in pages[0]):
        pages = pages[1:]
    return pages


def find_signature(keys: list[str], run: tuple[int, int], best: tuple[str, ...]) -> list[tuple[int, int]]:
    """Line spans inside `run` whose non-blank lines are exactly `best` (a header can
    sit next to a heading that repeats too, like the seed's "Informe de avances")."""
    index = [i for i in range(*run) if keys[i]]
    found, j = [], 0
    while j + len(best) <= len(index):
        if tuple(keys[i] for i in index[j : j + len(best)]) == best:
            found.append((index[j], index[j + len(best) - 1] + 1))
            j += len(best)
        else:
            j += 1
    return found


def run_signature(keys: list[str], run: tuple[int, int]) -> tuple[str, ...]:
    return tuple(k for k in keys[run[0] : run[1]] if k)
