"""Text-layer quality: is a page's text the words printed on it, or garbage?

Garbage text layers seen in institutes' PDFs, and what is done about each:
- mojibake, UTF-8 read as Latin-1 ("SesiÃ³n"): fixed with ftfy before the clean text is
  built; the page keeps its text layer and says it was fixed;
- `(cid:NN)` runs (fonts without a Unicode map, as pdfminer writes them), private-use
  glyphs (U+E000–U+F8FF) and replacement characters: unreadable, so OCRed under
  `--ocr auto`;
- a scanner's invisible text (render mode 3) that does not match the image: the page is
  OCRed and the layer kept only if most of its words are in Tesseract's reading.

The score is the share of characters that are ordinary text times the share of words
that look like words (letters with a vowel, or numbers), 0 to 1.
"""

from __future__ import annotations

import re

from models import RawPage

GARBAGE_BELOW = 0.5  # pages scoring less are OCRed under --ocr auto
MATCH_AT_LEAST = 0.5  # share of an invisible layer's words that Tesseract must also read
CID = re.compile(r"\(cid:\d+\)")
MOJIBAKE = re.compile(
    "[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)
WORD = re.compile(r"\w+")
VOWELS = set("aeiouáéíóúüyAEIOUÁÉÍÓÚÜY")


# private-use glyphs, replacement characters, control characters but tab and line ends
BAD_CHARS = re.compile("[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
SPACE = re.compile(r"\s+")


def looks_like_word(word: str) -> bool:
    return word.isdigit() or len(word) == 1 or any(c in VOWELS for c in word)


def score(text: str) -> float:
    """0 (garbage) to 1 (ordinary words)."""
    stripped = CID.sub("\ufffd", text)
    body = len(SPACE.sub("", stripped))
    if not body:
        return 0.0
    chars = 1 - len(BAD_CHARS.findall(stripped)) / body
    words = WORD.findall(stripped.replace("\ufffd", " "))
    wordlike = sum(map(looks_like_word, words)) / len(words) if words else 0.0
    return round(chars * wordlike, 3)


def problem(text: str) -> str | None:
    """What is wrong with a text layer, in the words of the `pages.problem` column."""
    if not text.strip():
        return "no text"
    if CID.search(text):
        return "cid codes"
    if len(PRIVATE_USE.findall(text)) > 0.05 * len(SPACE.sub("", text)):
        return "private-use glyphs"
    if score(text) < GARBAGE_BELOW:
        return "garbage characters"
    return None


def fix_mojibake(text: str) -> tuple[str, bool]:
    """The text with mojibake undone by ftfy, and whether there was any. ftfy runs only
    where a cheap pattern sees the signs of it (it is slow on clean text)."""
    if not MOJIBAKE.search(text):
        return text, False
    import ftfy

    fixed = ftfy.fix_text(text, normalization="NFC")
    return fixed, fixed != text


def words_match(layer: str, ocr: str) -> float:
    """Share of the layer's words (4+ letters, case and accents ignored) that OCR read too."""
    from pipeline.vocab import strip_accents

    def words(text: str) -> set[str]:
        return {w for w in WORD.findall(strip_accents(text.lower())) if len(w) >= 4}

    mine = words(layer)
    return len(mine & words(ocr)) / len(mine) if mine else 0.0


def assess(page: RawPage) -> RawPage:
    """The page with its quality score and problem, its mojibake undone."""
    text, fixed = fix_mojibake(page.text)
    found = problem(text)
    update: dict = {"quality": score(text), "problem": "mojibake (fixed)" if fixed and not found else found}
    if fixed:
        # the line boxes stay; their text is fixed the same way (offsets are per line)
        update["text"] = text
        update["lines"] = tuple(
            line.model_copy(update={"text": fix_mojibake(line.text)[0]}) for line in page.lines
        )
    return page.model_copy(update=update)


def needs_ocr(page: RawPage, mode: str) -> bool:
    """Under --ocr force every page; under auto a page without text, with a garbage text
    layer, or with a scanner's invisible text (checked against the image)."""
    if mode == "force":
        return True
    if mode != "auto":
        return False
    return page.hidden or (page.problem is not None and page.problem != "mojibake (fixed)")
