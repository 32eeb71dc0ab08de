"""The errors govlint reports to users: each becomes one line and exit status 2."""

from __future__ import annotations

import errno
import re

# Error messages quote what a file holds (“值”, or a schema validator's 'value'): a rule file that is
# a symlink to a secret must not be printed whole. A quotation keeps its first characters only.
QUOTE_CHARS = 40
_QUOTED = re.compile(rf"“([^”]{{{QUOTE_CHARS + 1},}})”|'([^'\n]{{{QUOTE_CHARS + 1},}})'")
# And a message as a whole stays one readable line.
MESSAGE_CHARS = 300


def shorten(message: str) -> str:
    """The message with long quotations cut to their first QUOTE_CHARS characters (and "…")."""

    def cut(found: re.Match[str]) -> str:
        quoted = found.group(1) if found.group(1) is not None else found.group(2)
        left, right = ("“", "”") if found.group(1) is not None else ("'", "'")
        return f"{left}{quoted[:QUOTE_CHARS]}…{right}"

    message = _QUOTED.sub(cut, message)
    message = " ".join(message.splitlines())
    return message if len(message) <= MESSAGE_CHARS else message[:MESSAGE_CHARS] + "…"


def printable_path(path: str) -> str:
    """A file name as every output format shows it: bytes that are not UTF-8 (kept by Python as
    lone surrogates) become ``\\xff`` escapes, so output is always valid UTF-8."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system byte made (\ud800): shown as \ud800
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


class GovlintError(Exception):
    """A user-facing error: bad input, a broken rule or config, a bad option."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        message = shorten(message)
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None]]:
        # Pickled whole (from a worker process to the parent): path and line survive.
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = printable_path(self.path or "")
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


# What the operating system said, in Chinese (strerror is English on most systems).
_OS_REASONS = {
    errno.ENOENT: "文件或目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "这是一个目录",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EEXIST: "已存在",
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "路径太长",
    errno.EBUSY: "文件正被占用",
}


def os_reason(exc: OSError) -> str:
    """The reason of an OSError in Chinese (the English strerror only for rare errors)."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
