"""The folder of documents for the runs that the tests interrupt or kill (stalled.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.batch.stalled import stalling_folder


@pytest.fixture(scope="session")
def stalled_folder(tmp_path_factory) -> Path:
    return stalling_folder(tmp_path_factory.mktemp("stalling"))
