"""The `informes` command: a thin layer that parses options, makes one library call
and formats the result. Only this package prints or chooses exit codes.

`_util` holds the app and what the commands share; each command lives in its own
module, imported here so it registers itself on the app, in the order `--help` lists
them (the order of the data flow). Heavy imports (spaCy, pdfplumber) happen inside the
commands that need them, so `informes query` starts fast.
"""

# isort: skip_file
from pipeline.cli._util import app
from pipeline.cli import ingest  # noqa: F401
from pipeline.cli import prune  # noqa: F401
from pipeline.cli import query  # noqa: F401  (query, show)
from pipeline.cli import search  # noqa: F401  (search, export, schema)
from pipeline.cli import check  # noqa: F401  (check, summary)
from pipeline.cli import evaluate  # noqa: F401
from pipeline.cli import serve  # noqa: F401

__all__ = ["app"]
