"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it.

Locations are relative to the working directory (``uriBaseId`` %SRCROOT%) when the file is under
it, columns count Unicode code points, and each result carries a fingerprint computed by govlint
so that dashboards keep tracking an alert when lines are added above it.
"""

from __future__ import annotations

import json
from typing import Any

from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo
from govlint.formats._paths import artifact_uri, fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "govlintFingerprint/v1"
SOURCE_ROOT = "%SRCROOT%"


def _rule_descriptor(code: str, info: RunInfo, finding: Finding) -> dict[str, Any]:
    from govlint.ruledocs import rule_markdown

    rule = next((r for r in info.rules if r.code == code), None)
    if rule is None:
        # A finding whose rule the run did not describe (should not happen): still a valid entry.
        return {
            "id": code,
            "name": finding.slug,
            "shortDescription": {"text": finding.message},
            "defaultConfiguration": {"level": LEVEL[finding.severity]},
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
    line, column, end_line, end_column = finding.position
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def document(results: list[FileResult], info: RunInfo) -> dict[str, Any]:
    """The SARIF log as a dict (one run)."""
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for finding in sorted((f for r in results for f in r.findings), key=lambda f: f.code):
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append(_rule_descriptor(finding.code, info, finding))
    sarif_results = []
    notifications = []
    for result in results:
        if result.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"无法检查：{result.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path)}}],
                }
            )
            continue
        for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
            sarif_results.append(
                {
                    "ruleId": finding.code,
                    "ruleIndex": index[finding.code],
                    "level": LEVEL[finding.severity],
                    "message": {"text": result.labelled(finding)},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": _artifact(result.path), "region": _region(finding)}}
                    ],
                    "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
                }
            )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "govlint",
                        "version": info.version,
                        "semanticVersion": info.version,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def render(results: list[FileResult], info: RunInfo) -> str:
    """The SARIF log as indented JSON."""
    return json.dumps(document(results, info), ensure_ascii=False, indent=2) + "\n"
