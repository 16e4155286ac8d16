"""Text files: the encoding is detected, never guessed."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.errors import UnreadableDocument

TEXT_ENCODINGS = ("utf-8", "cp1252")
# A byte order mark names its encoding (UTF-32 first: its little-endian mark starts
# with UTF-16's). Windows' Notepad and Word save "Unicode" text as UTF-16 LE with a mark.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Without a mark, UTF-16 text in a Latin script has a NUL as the high byte of nearly
# every character and almost never as the low byte; binary data has NULs anywhere.
UTF16_HIGH_NULS, UTF16_LOW_NULS = 0.9, 0.01
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """By byte order mark, then UTF-16 without one, then UTF-8 and cp1252; anything else
    is refused, not guessed."""
    text, encoding = decode_marked(data) or decode_utf16(data) or decode_plain(path, data)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def decode_marked(data: bytes) -> tuple[str, str] | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                return None  # a mark by accident: decided by the other rules
    return None


def decode_utf16(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2 or b"\x00" not in data:
        return None
    even, odd = data[0::2], data[1::2]
    pairs = len(odd)
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high.count(0) >= UTF16_HIGH_NULS * pairs and low.count(0) <= UTF16_LOW_NULS * pairs:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if CONTROL.search(text) else (text, encoding)
    return None


def decode_plain(path: Path, data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise UnreadableDocument(str(path), "binary file (NUL bytes): not a text document")
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(str(path), "text is neither UTF-8 nor cp1252; convert it with iconv -t UTF-8")
