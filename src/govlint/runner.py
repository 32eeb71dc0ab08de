"""Checking many inputs: expand paths, load and check each file, keep going past bad ones."""

from __future__ import annotations

import os
from pathlib import Path

from govlint.diagnostics import FileResult
from govlint.engine import Linter
from govlint.errors import InputError
from govlint.load import EXTENSIONS, load


def collect(paths: list[str]) -> tuple[list[str], list[FileResult]]:
    """Expand directories into the report files under them (sorted). Problems become error results."""
    files: list[str] = []
    problems: list[FileResult] = []
    for path in paths:
        if path == "-":
            files.append(path)
        elif os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if Path(name).suffix.lower() in EXTENSIONS:
                        files.append(os.path.join(root, name))
        elif os.path.exists(path):
            files.append(path)
        else:
            problems.append(FileResult(path, error="文件不存在"))
    return files, problems


def check_file(linter: Linter, path: str, data: bytes | None = None, display: str | None = None,
               input_format: str | None = None) -> FileResult:
    """Load and check one file; an unreadable file becomes a result with its error."""
    shown = display or path
    try:
        source = load(shown, data=data, input_format=input_format, max_bytes=linter.settings.max_file_size) if data is not None \
            else load(path, input_format=input_format, max_bytes=linter.settings.max_file_size)
        source.path = shown
        return linter.check_source(source)
    except InputError as exc:
        return FileResult(shown, error=exc.message)
