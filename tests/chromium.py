"""The system Chromium as tests drive it: the Debian package's binary (`make
browser-deps`), headless, no sandbox (tests run as root here), no background network
(the closed network refuses it), nothing updated or synced."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} — run make browser-deps"
)
