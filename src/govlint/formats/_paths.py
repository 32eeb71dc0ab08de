"""What several CI formats share: repository-relative paths and stable fingerprints of findings."""

from __future__ import annotations

import hashlib
import ntpath
import os
import posixpath
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from govlint.diagnostics import FileResult, Finding

# Characters of text on either side of a span (within its line) that go into its fingerprint: enough
# to tell two identical defects apart, few enough that an edit elsewhere in the paragraph leaves it.
CONTEXT_CHARS = 12


# Paths are named the way the platform names them: Windows paths (drive letters, backslashes, UNC)
# on Windows. Module-level so that tests can format Windows paths on any machine.
WINDOWS = os.name == "nt"


def _cwd() -> str:
    return os.getcwd()


def _flavour() -> tuple[Any, type[PurePath]]:
    return (ntpath, PureWindowsPath) if WINDOWS else (posixpath, PurePosixPath)


def relative_path(path: str, base: str | None = None) -> str:
    """The path relative to ``base`` (default: the working directory), POSIX separators, when the file is under it."""
    if path == "-" or not path:
        return path
    paths, pure = _flavour()
    cwd = _cwd()
    root = paths.normpath(paths.join(cwd, base)) if base else cwd
    # Lexical, not resolve(): a symlink inside the repository stays a path inside the repository.
    absolute = pure(paths.normpath(paths.join(cwd, path)))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:  # outside the working directory (an absolute path, one through .., another drive)
        return absolute.as_posix()


def artifact_uri(path: str) -> tuple[str, bool]:
    """(URI, is it relative to the source root?): percent-encoded, relative when under the cwd."""
    relative = relative_path(path)
    paths, pure = _flavour()
    if paths.isabs(relative):
        return pure(relative).as_uri(), False
    # Every segment is percent-encoded (non-ASCII as UTF-8), separators kept.
    return quote(relative, safe="/"), True


def _normalised(text: str) -> str:
    return " ".join(text.split())


def fingerprints(result: FileResult) -> list[str]:
    """One fingerprint per finding of ``result``, in order.

    Built from the code, the matched text and the text around it, never from line numbers, so it
    survives lines being added above; identical defects in identical surroundings are told apart
    by their occurrence number.
    """
    seen: dict[str, int] = {}
    out = []
    text = result.text
    sha256, near = hashlib.sha256, CONTEXT_CHARS
    for finding in result.findings:
        if finding.document_level:
            digest = _digest(text, finding)
        else:
            # _digest's other case, inline: a findings-heavy report has thousands of them.
            start, end = finding.start, finding.end
            first = max(0, start - near)
            line_start = text.rfind("\n", first, start) + 1
            line_end = text.find("\n", end, end + near)
            before = " ".join(text[max(line_start, first) : start].split())
            after = " ".join(text[end : line_end if line_end >= 0 else end + near].split())
            key = f"{finding.code}\x1f{finding.matched or text[start:end]}\x1f{before}\x1f{after}"
            digest = sha256(key.encode("utf-8")).hexdigest()[:32]
        number = seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{number}")
    return out


def _digest(text: str, finding: Finding) -> str:
    if finding.document_level:
        # A missing part has no text of its own: the rule and what it says identify it.
        parts = [finding.code, "document", finding.message]
    else:
        # Context stops at the line's ends: what happens in the next paragraph is not this defect's.
        # Only a line break within the context can cut it: searched for there, not along the line.
        start, end = finding.start, finding.end
        first = max(0, start - CONTEXT_CHARS)
        line_start = text.rfind("\n", first, start) + 1
        line_end = text.find("\n", end, end + CONTEXT_CHARS)
        before = text[max(line_start, first) : start]
        after = text[end : line_end if line_end >= 0 else end + CONTEXT_CHARS]
        matched = finding.matched or text[finding.start : finding.end]
        parts = [finding.code, matched, _normalised(before), _normalised(after)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
