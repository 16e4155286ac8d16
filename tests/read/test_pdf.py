"""PDF problems are named with the advice that fits them."""

from __future__ import annotations

import pytest

from models import DocStatus
from pipeline.process import process
from tests.corpus import encrypted_pdf


@pytest.mark.parametrize("reader", ["pypdfium2", "pdfplumber"])
@pytest.mark.parametrize(
    ("password", "problem"),
    [
        (None, "the PDF is encrypted; pass --password"),
        ("equivocada", "the PDF is encrypted and the password is wrong; check --password"),
        ("secreto", None),
    ],
)
def test_encrypted_pdf_advice_depends_on_the_password_given(tmp_path, reader, password, problem):
    """A wrong password used to get the advice for a missing one ("pass --password")."""
    extraction = process(encrypted_pdf(tmp_path / "locked.pdf"), reader=reader, password=password)
    if problem is None:
        assert extraction.document.status == DocStatus.ok
    else:
        assert extraction.document.error == f"{tmp_path / 'locked.pdf'}: {problem}"
