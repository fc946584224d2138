"""Every error `stances` raises on purpose. Each names the file, line or key at fault."""

from __future__ import annotations

from pathlib import Path


class StancesError(Exception):
    """Base class: a problem with the user's input or data, reported without a traceback."""

    def __init__(self, message: str, *, path: str | Path | None = None, where: str | None = None):
        self.path = str(path) if path is not None else None
        self.where = where
        self.reason = message
        location = ":".join(part for part in (self.path, where) if part)
        super().__init__(f"{location}: {message}" if location else message)


class CorpusError(StancesError):
    """An article file, table or manifest cannot be read."""


class CodebookError(StancesError):
    """A codebook file is not valid TOML or breaks the codebook rules."""


class SchemaError(StancesError):
    """A table does not match dataset schema v1."""


class DatasetError(StancesError):
    """A dataset directory is missing, incomplete or of another schema version."""


class GoldError(StancesError):
    """A gold-codes file cannot be used for evaluation."""


class UnknownIdError(StancesError):
    """A filter names an actor or topic that is neither in the data nor in the codebook."""
