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
            lines.append(f"{result.path}:{finding.line}:{finding.column}: {finding.code}{mark} {finding.message}")
    return "\n".join(lines) + ("\n" if lines else "")
