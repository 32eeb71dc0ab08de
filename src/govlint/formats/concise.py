"""``--format concise``: ``path:line:col: CODE [*] message``, one finding per line (ruff's shape)."""

from __future__ import annotations

from govlint.diagnostics import FileResult
from govlint.formats import RunInfo


def render(results: list[FileResult], info: RunInfo) -> str:
    lines = []
    for result in results:
        path = result.path
        if result.error:
            lines.append(f"{path}:1:1: 无法检查：{result.error}")
            continue
        # A text file's findings are labelled by their message alone (FileResult.labelled): the
        # per-finding method calls are skipped for the ~150 findings of a report pasted with ASCII commas.
        plain = result.by_line
        labelled = result.labelled
        for finding in result.findings:
            fix = finding.fix
            mark = " [*]" if fix and fix.applicability.value == "safe" else ""
            stored = finding.stored
            line, column = (stored[0], stored[1]) if stored else (finding.line, finding.column)
            message = finding.message if plain else labelled(finding)
            lines.append(f"{path}:{line}:{column}: {finding.code}{mark} {message}")
    return "\n".join(lines) + ("\n" if lines else "")
