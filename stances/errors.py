"""Every error `stances` raises on purpose. Each names the file, line or key at fault."""

from __future__ import annotations

from pathlib import Path


class StancesError(Exception):
    """Base class: a problem with the user's input or data, reported without a traceback."""

    def __init__(self, message: str, *, path: str | Path | None = None, where: str | None = None):
        self.path = _printable(str(path)) if path is not None else None
        self.where = where
        self.reason = message
        location = ":".join(part for part in (self.path, where) if part)
        super().__init__(f"{location}: {message}" if location else message)


def _printable(path: str) -> str:
    """A path as text that can be printed: bytes of a name that are not UTF-8 become `\\xNN`."""
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


class StancesWarning(UserWarning):
    """Something in the input was handled in a way the user should know about."""


class CorpusWarning(StancesWarning):
    """Inputs were skipped, or decoded from an encoding other than UTF-8."""


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


class ReviewError(StancesError):
    """A reviews file cannot be read, or its rows do not fit the dataset and codebook."""


class AgreementError(StancesError):
    """Codings cannot be compared for agreement."""


class OutputError(StancesError):
    """An output path cannot take what a command writes there."""


class UnknownIdError(StancesError):
    """A filter names an actor or topic that is neither in the data nor in the codebook."""


class EngineError(StancesError):
    """A coding engine that cannot be used: Dask not installed, a scheduler not reachable."""
