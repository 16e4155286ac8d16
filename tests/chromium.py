"""The system Chromium as tests drive it: the Debian package's binary (`make
browser-deps`), with the flags `corpus/tools/producers.py` renders the producer matrix
with: headless, no sandbox (tests run as root here), no background network (the closed
network refuses it), nothing updated or synced."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "corpus" / "tools"))
import producers  # noqa: E402  (the producer matrix drives Chromium the same way)

FLAGS = producers.CHROMIUM_ARGS

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} — run make browser-deps"
)
