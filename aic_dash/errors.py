"""Errors a manager can meet: each carries a French sentence that says where and what to do."""

from __future__ import annotations


class AicError(Exception):
    """Base of the project's own errors; ``str(error)`` is the French message shown to the manager."""


class ConfigError(AicError):
    """The programme page or the dashboard settings are wrong."""


class ImportRejected(AicError):
    """A file cannot be imported; nothing from it was stored."""

    def __init__(
        self, message: str, *, file: str = "", row: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.detail = message
        super().__init__(message)

    def with_file(self, file: str) -> ImportRejected:
        self.file = file
        return self

    def __str__(self) -> str:
        where = [f"Fichier « {self.file} »"] if self.file else []
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        prefix = ", ".join(where)
        return f"{prefix} : {self.detail}" if prefix else self.detail
