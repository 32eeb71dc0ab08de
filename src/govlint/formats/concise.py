"""``--format concise``: ``path:line:col: CODE [*] message``, one finding per line (ruff's shape)."""

from __future__ import annotations

from govlint.diagnostics import FileResult
from govlint.formats import RunInfo


def render(results: list[FileResult], info: RunInfo) -> str:
    lines = []
    for result in results:
        if result.error:
            lines.append(f"{result.path}:1:1: 无法检查：{result.error}")
            continue
        for finding in result.findings:
            mark = " [*]" if finding.fix and finding.fix.applicability.value == "safe" else ""
            line, column, _, _ = finding.position
            lines.append(f"{result.path}:{line}:{column}: {finding.code}{mark} {result.labelled(finding)}")
    return "\n".join(lines) + ("\n" if lines else "")
