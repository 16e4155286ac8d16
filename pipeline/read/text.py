"""Text files: the encoding is detected, never guessed."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import UnreadableDocument

TEXT_ENCODINGS = ("utf-8", "cp1252")


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """UTF-8 first (a BOM is dropped), then cp1252; anything else is refused, not guessed."""
    if b"\x00" in data:
        raise UnreadableDocument(str(path), "binary file (NUL bytes): not a text document")
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise UnreadableDocument(str(path), "text is neither UTF-8 nor cp1252; convert it with iconv -t UTF-8")
