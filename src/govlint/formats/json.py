"""``--format json``: one document with stable keys (a public contract; see README)."""

from __future__ import annotations

import json
from typing import Any

from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo


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


def document(results: list[FileResult], info: RunInfo) -> dict[str, Any]:
    return {
        "version": info.version,
        "files": [
            {
                "path": result.path,
                "error": result.error,
                "findings": [finding_dict(f, result) for f in result.findings],
                "profile": {"name": result.profile.name, "reason": result.profile.reason} if result.profile else None,
            }
            for result in results
        ],
        "summary": {
            "files": len(results),
            "error": sum(r.count(Severity.ERROR) for r in results),
            "warning": sum(r.count(Severity.WARNING) for r in results),
            "info": sum(r.count(Severity.INFO) for r in results),
        },
    }


def render(results: list[FileResult], info: RunInfo) -> str:
    return json.dumps(document(results, info), ensure_ascii=False, indent=2) + "\n"
