"""The bounds of a read query, shared by the library and the CLI's help (this module
imports nothing, so `informes --help` stays fast)."""

DEFAULT_ROWS = 1000  # rows a query returns unless --limit says otherwise
DEFAULT_SECONDS = 30.0  # a query is interrupted after this long unless --timeout says otherwise
COUNT_SECONDS = 2.0  # time spent counting the rows not returned before saying "at least"
