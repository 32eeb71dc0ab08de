"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it.

Locations are relative to the working directory (``uriBaseId`` %SRCROOT%) when the file is under
it, columns count Unicode code points, and each result carries a fingerprint computed by govlint
so that dashboards keep tracking an alert when lines are added above it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo
from govlint.formats._paths import artifact_uri, fingerprints
from govlint.formats.json import Raw, indented

if TYPE_CHECKING:
    from govlint.stream import Rendered

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "govlintFingerprint/v1"
SOURCE_ROOT = "%SRCROOT%"


def _rule_descriptor(code: str, info: RunInfo, first: tuple[str, Severity, str]) -> dict[str, Any]:
    """The rule table's entry for ``code``; ``first`` is (slug, severity, message) of its first finding."""
    from govlint.ruledocs import rule_markdown

    rule = next((r for r in info.rules if r.code == code), None)
    if rule is None:
        # A finding whose rule the run did not describe (should not happen): still a valid entry.
        slug, severity, message = first
        return {
            "id": code,
            "name": slug,
            "shortDescription": {"text": message},
            "defaultConfiguration": {"level": LEVEL[severity]},
        }
    text = f"{rule.summary}。\n{rule.why}\n依据：{rule.basis}" if rule.why else f"{rule.summary}。\n依据：{rule.basis}"
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why or rule.summary},
        "help": {"text": text, "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["govlint"]},
    }


def _artifact(path: str) -> dict[str, Any]:
    uri, relative = artifact_uri(path)
    return {"uri": uri, "uriBaseId": SOURCE_ROOT} if relative else {"uri": uri}


def _region(finding: Finding) -> dict[str, Any]:
    if finding.document_level:
        # A missing part has no span: SARIF viewers need a line, so it is pinned to the first.
        return {"startLine": 1}
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
    }


def _index_placeholder(code: str) -> str:
    # A file's results are rendered before the run's rule table exists: its ruleIndex is filled in later.
    return f"\x00{code}\x00"


# The indentation level of a result's artifactLocation: results[] 4, locations[] 6, physicalLocation 7.
_ARTIFACT_LEVEL = 8


def _results(result: FileResult) -> list[dict[str, Any]]:
    """One file's SARIF results (its artifact location computed and encoded once for all of them)."""
    artifact = Raw(indented(_artifact(result.path), _ARTIFACT_LEVEL))
    return [
        {
            "ruleId": finding.code,
            "ruleIndex": _index_placeholder(finding.code),
            "level": LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": _region(finding)}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True)
    ]


def render_file(result: FileResult, info: RunInfo) -> str:
    """One file's results as they stand in the log's ``results`` list (ruleIndex still to fill)."""
    if result.error:
        return ""
    return ",\n        ".join(indented(item, 4) for item in _results(result))


def write_stream(
    rendered: Iterable[Rendered], version: str, info: Callable[[], RunInfo], write: Callable[[str], object]
) -> None:
    """The SARIF log from each file's rendered results: the rule table and the notifications come
    first in the log, so the parts (strings) are held until every file is in."""
    parts: list[Rendered] = []
    first: dict[str, tuple[str, Severity, str]] = {}
    notifications = []
    for item in rendered:
        if item.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"无法检查：{item.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": _artifact(item.path)}}],
                }
            )
            continue
        for code, seen in item.codes.items():
            first.setdefault(code, seen)
        if item.text:
            parts.append(item)
    run_info = info()
    codes = sorted(first)
    index = {code: number for number, code in enumerate(codes)}
    log = _log(version, [_rule_descriptor(code, run_info, first[code]) for code in codes], notifications, [])
    head, tail = indented(log).rsplit('"results": []', 1)
    write(head + '"results": [')
    for number, item in enumerate(parts):
        text = item.text
        for code in item.codes:
            text = text.replace(f'"{_json_placeholder(code)}"', str(index[code]))
        write(("\n        " if number == 0 else ",\n        ") + text)
    write(("\n      ]" if parts else "]") + tail + "\n")


def _json_placeholder(code: str) -> str:
    return _index_placeholder(code).replace("\x00", "\\u0000")


def _log(
    version: str, rules: list[dict[str, Any]], notifications: list[dict[str, Any]], results: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "govlint",
                        "version": version,
                        "semanticVersion": version,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def document(results: list[FileResult], info: RunInfo) -> dict[str, Any]:
    """The SARIF log as a dict (one run)."""
    import json

    return dict(json.loads(render(results, info)))


def render(results: list[FileResult], info: RunInfo) -> str:
    """The SARIF log as indented JSON."""
    from govlint.stream import Render

    parts: list[str] = []
    write_stream(map(Render("sarif", info), results), info.version, lambda: info, parts.append)
    return "".join(parts)
