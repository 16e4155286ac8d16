"""`python -m pipeline …` runs the `informes` command."""

from pipeline.cli import app

app(prog_name="informes")
