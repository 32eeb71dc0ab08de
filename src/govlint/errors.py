"""The errors govlint reports to users: each becomes one line and exit status 2."""

from __future__ import annotations


class GovlintError(Exception):
    """A user-facing error: bad input, a broken rule or config, a bad option."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None]]:
        # Pickled whole (from a worker process to the parent): path and line survive.
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(GovlintError):
    """A report file that cannot be read or decoded."""


class RuleError(GovlintError):
    """A rule file that does not load or validate."""


class ConfigError(GovlintError):
    """A configuration file or value that is invalid."""


class UsageError(GovlintError):
    """A bad command-line option or combination."""
