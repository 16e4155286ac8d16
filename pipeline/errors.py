"""Named exceptions for problems a user can cause. The CLI turns each into one line."""


class InformesError(Exception):
    """Base for expected problems: the message says what happened and how to fix it."""


class UnreadableDocument(InformesError):
    """A file could not be read as a document (bad PDF, unknown encoding, empty…)."""

    def __init__(self, path: str, problem: str, status: str = "error") -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.status = status


class DatabaseMissing(InformesError):
    """The database file does not exist yet."""


class DatabaseInUse(InformesError):
    """Another process holds the database's write lock."""


class NotFound(InformesError):
    """An acuerdo, session or document that the database does not know."""


class QueryError(InformesError):
    """SQL that DuckDB refused."""
