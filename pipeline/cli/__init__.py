"""The `informes` command: a thin layer that parses options, makes one library call
and formats the result. Only this package prints or chooses exit codes.

`_util` holds the app and what the commands share; each command lives in its own
module, imported here so it registers itself on the app. Heavy imports (spaCy,
pdfplumber) happen inside the commands that need them, so `informes query` starts fast.
"""

from pipeline.cli import check, evaluate, ingest, query, search  # noqa: F401  (register the commands)
from pipeline.cli._util import app

__all__ = ["app"]
