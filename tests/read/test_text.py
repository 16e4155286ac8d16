"""Text files in the encodings people save them in; binary data still refused."""

from __future__ import annotations

import codecs

import pytest

from models import DocStatus
from pipeline.process import process
from tests.corpus import SEED


@pytest.mark.parametrize(
    ("name", "encode", "encoding"),
    [
        ("utf16-bom.txt", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
        ("utf16be-bom.txt", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
        ("utf16-no-bom.txt", lambda t: t.encode("utf-16-le"), "utf-16-le"),
        ("utf8-bom.txt", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8"),
    ],
)
def test_text_in_unicode_encodings_reads_like_utf8(tmp_path, seed, name, encode, encoding):
    """Notepad's "Unicode" is UTF-16 LE: it was refused as "binary file (NUL bytes)"."""
    path = tmp_path / name
    path.write_bytes(encode(SEED.read_text(encoding="utf-8")))
    extraction = process(path)
    assert (extraction.document.status, extraction.document.encoding) == (DocStatus.ok, encoding)
    assert extraction.document.text == seed.document.text
    assert [c.object for c in extraction.claims] == [c.object for c in seed.claims]


def test_binary_data_is_still_not_text(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    extraction = process(path)
    assert extraction.document.status == DocStatus.error
    assert "binary file (NUL bytes)" in (extraction.document.error or "")
