"""``--format json``: one document with stable keys (a public contract; see README)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo

if TYPE_CHECKING:
    from govlint.stream import Rendered


def finding_dict(finding: Finding) -> dict[str, Any]:
    fix = None
    if finding.fix:
        fix = {
            "applicability": finding.fix.applicability.value,
            "message": finding.fix.message,
            "edits": [{"start": e.start, "end": e.end, "content": e.content} for e in finding.fix.edits],
        }
    return {
        "code": finding.code,
        "rule": finding.slug,
        "severity": finding.severity.value,
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "basis": finding.basis,
        "fix": fix,
    }


def file_dict(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "error": result.error,
        "findings": [finding_dict(f) for f in result.findings],
    }


def document(results: list[FileResult], info: RunInfo) -> dict[str, Any]:
    return {
        "version": info.version,
        "files": [file_dict(result) for result in results],
        "summary": _summary(len(results), [[r.count(s) for s in Severity] for r in results]),
    }


def _summary(files: int, counts: Iterable[Iterable[int]]) -> dict[str, int]:
    totals = [sum(column) for column in zip(*counts, strict=True)] or [0, 0, 0]
    return {"files": files, "error": totals[0], "warning": totals[1], "info": totals[2]}


def render(results: list[FileResult], info: RunInfo) -> str:
    from govlint.stream import Render

    parts: list[str] = []
    write_stream(map(Render("json", info), results), info.version, lambda: info, parts.append)
    return "".join(parts)


def render_file(result: FileResult, info: RunInfo) -> str:
    """One file's object, as it stands in the document's ``files`` list."""
    return indented(file_dict(result), 2)


def write_stream(
    rendered: Iterable[Rendered], version: str, info: Callable[[], RunInfo], write: Callable[[str], object]
) -> None:
    """The document, one file's object at a time (as ``render`` of all the results writes it)."""
    write('{\n  "version": ' + _STRING(version) + ',\n  "files": [')
    counts: list[tuple[int, int, int]] = []
    for item in rendered:
        write(("\n    " if not counts else ",\n    ") + item.text)
        counts.append(item.counts)
    write("\n  ]" if counts else "]")
    write(',\n  "summary": ' + indented(_summary(len(counts), counts), 1) + "\n}\n")


# ---- the encoder ------------------------------------------------------------------------------
# ``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, at a third of the cost: with
# ``indent`` the standard library falls back to its pure-Python generator encoder; here strings go
# through the C string encoder and flat objects (a finding without a fix) through the C encoder.

_STRING = json.encoder.encode_basestring  # the C implementation when available (ensure_ascii=False)
_SCALARS = (str, int, float, bool, type(None))
_FLAT: dict[int, json.JSONEncoder] = {}


def _flat(level: int) -> json.JSONEncoder:
    """A C encoder whose item separator is the newline and indentation of ``level``."""
    if level not in _FLAT:
        _FLAT[level] = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + "  " * level, ": "))
    return _FLAT[level]


def indented(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` would write it, starting at
    indentation ``level`` (the first line is not indented: the caller has placed it)."""
    if isinstance(value, str):
        return _STRING(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "  " * (level + 1)
        if all(isinstance(item, _SCALARS) for item in value.values()):
            compact = _flat(level + 1).encode(value)
            return "{\n" + inner + compact[1:-1] + "\n" + "  " * level + "}"
        parts = [_STRING(str(key)) + ": " + indented(item, level + 1) for key, item in value.items()]
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = "  " * (level + 1)
        parts = [indented(item, level + 1) for item in value]
        return "[\n" + inner + (",\n" + inner).join(parts) + "\n" + "  " * level + "]"
    return json.dumps(value, ensure_ascii=False)
