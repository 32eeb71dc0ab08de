"""Run-level summaries: the per-file table after ``--format full`` on many files, and
``--statistics`` (counts per code, like ``ruff --statistics``)."""

from __future__ import annotations

import json
from collections import Counter
from typing import NamedTuple

from govlint.diagnostics import FileResult, Severity
from govlint.formats import RunInfo


def missing_parts(result: FileResult) -> int:
    """Checklist items (required parts and facts) the report lacks, each counted once."""
    return len({(item.code, item.label) for item in result.checklist if not item.present})


class Row(NamedTuple):
    """What the closing line and the table of ``--format full`` need of one file (a worker sends
    this when the output is streamed, not the findings)."""

    path: str
    error: bool
    errors: int
    warnings: int
    infos: int
    fixable: int
    missing: int


def row(result: FileResult) -> Row:
    fixable = sum(1 for f in result.findings if f.fix and f.fix.applicability.value == "safe")
    return Row(
        result.path,
        bool(result.error),
        result.count(Severity.ERROR),
        result.count(Severity.WARNING),
        result.count(Severity.INFO),
        fixable,
        missing_parts(result),
    )


def table(rows: list[Row], info: RunInfo) -> str:
    """A table of files with their error, warning and missing-part counts."""
    import io

    from rich.console import Console
    from rich.table import Table

    grid = Table(title="各文件汇总", title_justify="left", show_edge=False, pad_edge=False)
    grid.add_column("文件", overflow="fold")
    grid.add_column("错误", justify="right")
    grid.add_column("警告", justify="right")
    grid.add_column("缺项", justify="right")
    for file in rows:
        if file.error:
            grid.add_row(file.path, "[bold red]无法检查[/]", "", "")
            continue
        errors, warnings, missing = file.errors, file.warnings, file.missing
        grid.add_row(
            file.path,
            f"[bold red]{errors}[/]" if errors else "0",
            f"[yellow]{warnings}[/]" if warnings else "0",
            f"[red]{missing}[/]" if missing else "0",
        )
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=info.color, no_color=not info.color, width=info.width or 100, highlight=False
    )
    console.print()
    console.print(grid)
    return buffer.getvalue()


def statistics(results: list[FileResult], info: RunInfo, as_json: bool = False) -> str:
    """Findings counted per code, most frequent first; ``[*]`` marks codes with safe fixes."""
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    slugs: dict[str, str] = {}
    for result in results:
        for finding in result.findings:
            counts[finding.code] += 1
            slugs[finding.code] = finding.slug
            if finding.fix and finding.fix.applicability.value == "safe":
                fixable[finding.code] += 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        rows = [
            {"code": code, "name": slugs[code], "count": count, "fixable": fixable[code]} for code, count in ordered
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    width = max((len(str(count)) for _, count in ordered), default=1)
    lines = [f"{count:>{width}}\t{code}\t{'[*]' if fixable[code] else '[ ]'} {slugs[code]}" for code, count in ordered]
    failed = sum(1 for r in results if r.error)
    if failed:
        lines.append(f"{failed} 个文件无法检查")
    return "\n".join(lines) + ("\n" if lines else "")
