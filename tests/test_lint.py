"""The code stays clean: ruff (rules from pyproject) and mypy with the pydantic plugin."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = run(str(BIN / "ruff"), "check", "pipeline", "models", "tests", "bench", "corpus/tools")
    assert result.returncode == 0, result.stdout


def test_mypy_finds_nothing():
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout
