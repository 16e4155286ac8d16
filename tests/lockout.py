"""Files a test process cannot read, even as root: the unreadable-file tests need them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

INFORMES = str(Path(sys.executable).parent / "informes")
OUTSIDER = 54321  # a user id no test runs as


def unshare_works(*flags: str) -> bool:
    """Whether `unshare --user --map-root-user FLAGS` runs here; as root it is what takes
    away read access, so without it the tests that need that are skipped."""
    if os.geteuid() != 0 and not flags:
        return True
    probe = ["unshare", "--user", "--map-root-user", *flags, "true"]
    return shutil.which("unshare") is not None and subprocess.run(probe, capture_output=True).returncode == 0


def lock_out(path: Path) -> None:
    """Make `path` unreadable to the ingest `run_locked_out` starts. Root reads anything,
    except, inside a user namespace, what belongs to a user the namespace does not map."""
    if os.geteuid() == 0:
        os.chown(path, OUTSIDER, OUTSIDER)
        path.chmod(0o700 if path.is_dir() else 0o600)
    else:
        path.chmod(0)


def write_protect(path: Path) -> None:
    """Make `path` readable but not writable to what `run_locked_out` starts."""
    if os.geteuid() == 0:
        os.chown(path, OUTSIDER, OUTSIDER)
    path.chmod(0o444)


def run_locked_out(*args: str) -> subprocess.CompletedProcess:
    """`informes ARGS` without read access to what `lock_out` locked."""
    prefix = ["unshare", "--user", "--map-root-user"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, INFORMES, *args], capture_output=True, text=True)
