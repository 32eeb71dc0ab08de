"""``--format json``: one document with stable keys (a public contract; see README)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from govlint.diagnostics import Applicability, FileResult, Finding, Fix, Severity
from govlint.formats import RunInfo

if TYPE_CHECKING:
    from govlint.stream import Rendered


def finding_dict(finding: Finding, result: FileResult | None = None) -> dict[str, Any]:
    fix = None
    if finding.fix:
        fix = {
            "applicability": finding.fix.applicability.value,
            "message": finding.fix.message,
            "edits": [{"start": e.start, "end": e.end, "content": e.content} for e in finding.fix.edits],
        }
    line, column, end_line, end_column = finding.position
    return {
        "code": finding.code,
        "rule": finding.slug,
        "severity": finding.severity.value,
        "message": finding.message,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "basis": finding.basis,
        "fix": fix,
        # Word and PDF: the paragraph (= line) and the PDF page; null for text files and pages.
        "paragraph": result.paragraph(finding) if result else None,
        "page": result.page(finding) if result else None,
    }


def file_dict(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "error": result.error,
        "findings": [finding_dict(f, result) for f in result.findings],
        "profile": {"name": result.profile.name, "reason": result.profile.reason} if result.profile else None,
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

    parts: list[bytes] = []
    write_stream(map(Render("json", info), results), info.version, lambda: info, parts.append)
    return b"".join(parts).decode("utf-8", "surrogatepass")


def render_file(result: FileResult, info: RunInfo) -> str:
    """One file's object, as it stands in the document's ``files`` list: ``indented(file_dict(result), 2)``,
    with each finding written straight from its fields into its object's text (no dict per finding)."""
    if not result.findings:
        return indented(file_dict(result), 2)
    inner = "  " * (_FINDING_LEVEL)
    # A text file's findings have no paragraph and no page (FileResult.paragraph and .page): their
    # objects end the same way, written once for the file.
    plain = _PLAIN_END if result.by_line else None
    findings = Raw(
        "[\n"
        + inner
        + (",\n" + inner).join([_finding_text(f, result, plain) for f in result.findings])
        + "\n"
        + "  " * (_FINDING_LEVEL - 1)
        + "]"
    )
    profile = {"name": result.profile.name, "reason": result.profile.reason} if result.profile else None
    return indented({"path": result.path, "error": result.error, "findings": findings, "profile": profile}, 2)


def write_stream(
    rendered: Iterable[Rendered], version: str, info: Callable[[], RunInfo], write: Callable[[bytes], object]
) -> None:
    """The document in UTF-8 (surrogatepass), one file's object at a time (as ``render`` of all the
    results writes it): each file's bytes are written as the worker encoded them."""
    write(utf8('{\n  "version": ' + _STRING(version) + ',\n  "files": ['))
    counts: list[tuple[int, int, int]] = []
    for item in rendered:
        write(b",\n    " if counts else b"\n    ")
        write(item.data)
        counts.append(item.counts)
    tail = "\n  ]" if counts else "]"
    write(utf8(tail + ',\n  "summary": ' + indented(_summary(len(counts), counts), 1) + "\n}\n"))


def utf8(text: str) -> bytes:
    """Text as the framed formats write it: lossless, the output's text layer decides about surrogates."""
    return text.encode("utf-8", "surrogatepass")


# ---- the encoder ------------------------------------------------------------------------------
# ``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, at a third of the cost: with
# ``indent`` the standard library falls back to its pure-Python generator encoder; here strings go
# through the C string encoder and flat objects (a finding without a fix) through the C encoder.

_STRING = json.encoder.encode_basestring  # the C implementation when available (ensure_ascii=False)
_INT = int.__repr__


class Raw(str):
    """Text already encoded by ``indented`` at the level where it is placed (rendered once, used often)."""


_STRINGS: dict[str, str] = {}
# Per object shape (indentation level and keys): the object's text with a %s for each value.
_TEMPLATES: dict[tuple[Any, ...], str] = {}


def _template(level: int, keys: Iterable[Any]) -> str | None:
    shape = (level, *keys)
    template = _TEMPLATES.get(shape)
    if template is None:
        if not all(type(key) is str for key in shape[1:]):
            return None
        inner, outer = "  " * (level + 1), "  " * level
        fields = [_STRING(key).replace("%", "%%") + ": %s" for key in shape[1:]]
        template = _TEMPLATES[shape] = "{\n" + inner + (",\n" + inner).join(fields) + "\n" + outer + "}"
    return template


def string(text: str) -> str:
    """A JSON string; codes, slugs, messages and bases recur finding after finding: encoded once each."""
    encoded = _STRINGS.get(text)
    if encoded is None:
        if len(_STRINGS) >= 50_000:
            _STRINGS.clear()
        encoded = _STRINGS[text] = _STRING(text)
    return encoded


def indented(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` would write it, starting at
    indentation ``level`` (the first line is not indented: the caller has placed it)."""
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if kind is Raw:
        return value
    if kind is dict:
        if not value:
            return "{}"
        template = _template(level, value)
        if template is None:
            return _fallback(value, level)
        items: Iterable[Any] = value.values()
    elif kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = "  " * (level + 1)
        template = "[\n" + inner + (",\n" + inner).join(["%s"] * len(value)) + "\n" + "  " * level + "]"
        items = value
    else:
        return _fallback(value, level)
    parts = []
    for item in items:
        kind = type(item)
        if kind is str:
            parts.append(string(item))
        elif kind is int:
            parts.append(_INT(item))
        elif item is None:
            parts.append("null")
        elif kind is bool:
            parts.append("true" if item else "false")
        else:
            parts.append(indented(item, level + 1))
    return template % tuple(parts)


def _fallback(value: Any, level: int) -> str:
    # Anything else (numbers, a dict with keys that are not strings): the standard encoder, indented.
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


# ---- one file's object, finding by finding -------------------------------------------------------
# A finding's object in a file's "findings" list (file object 2, list 3), its fix and the fix's edit.
_FINDING_LEVEL = 4
_FINDING_KEYS = (
    "code",
    "rule",
    "severity",
    "message",
    "line",
    "column",
    "end_line",
    "end_column",
    "basis",
    "fix",
    "paragraph",
    "page",
)


def _int_or_null(value: int | None) -> str:
    return "null" if value is None else _INT(value)


def _pieces(level: int, keys: tuple[str, ...]) -> list[str]:
    """The text of an object of these (plain) keys around each of its values."""
    template = _template(level, keys)
    assert template is not None and "%%" not in template
    return template.split("%s")


_F = _pieces(_FINDING_LEVEL, _FINDING_KEYS)
_FIX = _pieces(_FINDING_LEVEL + 1, ("applicability", "message", "edits"))
_EDIT = _pieces(_FINDING_LEVEL + 3, ("start", "end", "content"))
_EDITS_OPEN = "[\n" + "  " * (_FINDING_LEVEL + 3)
_EDITS_SEP = ",\n" + "  " * (_FINDING_LEVEL + 3)
_EDITS_CLOSE = "\n" + "  " * (_FINDING_LEVEL + 2) + "]"
# What precedes the message (per code, slug and severity) and the edits (per applicability and message).
_HEADS: dict[tuple[str, str, Severity], str] = {}
_FIX_HEADS: dict[tuple[Applicability, str], str] = {}


def _finding_text(finding: Finding, result: FileResult, end: str | None = None) -> str:
    """``indented(finding_dict(finding, result), _FINDING_LEVEL)``; ``end``: the text after the fix
    when the file's findings have no paragraph and no page (``_PLAIN_END``)."""
    key = (finding.code, finding.slug, finding.severity)
    head = _HEADS.get(key)
    if head is None:
        if len(_HEADS) >= 10_000:
            _HEADS.clear()
        head = _HEADS[key] = _F[0] + string(key[0]) + _F[1] + string(key[1]) + _F[2] + string(key[2].value) + _F[3]
    line, column, end_line, end_column = finding.position
    fix = _fix_text(finding.fix) if finding.fix else "null"
    if end is None:
        end = f"{_F[10]}{_int_or_null(result.paragraph(finding))}{_F[11]}{_int_or_null(result.page(finding))}{_F[12]}"
    return (
        f"{head}{string(finding.message)}{_F[4]}{line}{_F[5]}{column}{_F[6]}{end_line}{_F[7]}{end_column}"
        f"{_F[8]}{string(finding.basis)}{_F[9]}{fix}{end}"
    )


_PLAIN_END = f"{_F[10]}null{_F[11]}null{_F[12]}"
# A fix of one edit, per applicability, message and content: its text around the edit's start and end.
_ONE_EDIT: dict[tuple[Applicability, str, str], tuple[str, str, str]] = {}


def _fix_text(fix: Fix) -> str:
    edits = fix.edits
    if len(edits) == 1:  # the usual fix (a punctuation mark replaced): its text but two numbers is shared
        (edit,) = edits
        around = _ONE_EDIT.get((fix.applicability, fix.message, edit.content))
        if around is None:
            if len(_ONE_EDIT) >= 10_000:
                _ONE_EDIT.clear()
            before, after = _fix_text(Fix((), fix.applicability, fix.message)).rsplit("[]", 1)
            around = _ONE_EDIT[fix.applicability, fix.message, edit.content] = (
                f"{before}{_EDITS_OPEN}{_EDIT[0]}",
                _EDIT[1],
                f"{_EDIT[2]}{string(edit.content)}{_EDIT[3]}{_EDITS_CLOSE}{after}",
            )
        return f"{around[0]}{_INT(edit.start)}{around[1]}{_INT(edit.end)}{around[2]}"
    key = (fix.applicability, fix.message)
    head = _FIX_HEADS.get(key)
    if head is None:
        if len(_FIX_HEADS) >= 10_000:
            _FIX_HEADS.clear()
        head = _FIX_HEADS[key] = _FIX[0] + string(key[0].value) + _FIX[1] + string(key[1]) + _FIX[2]
    if not edits:
        return f"{head}[]{_FIX[3]}"
    text = _EDITS_SEP.join(
        [f"{_EDIT[0]}{_INT(e.start)}{_EDIT[1]}{_INT(e.end)}{_EDIT[2]}{string(e.content)}{_EDIT[3]}" for e in edits]
    )
    return f"{head}{_EDITS_OPEN}{text}{_EDITS_CLOSE}{_FIX[3]}"
