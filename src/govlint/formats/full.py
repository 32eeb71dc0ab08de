"""``--format full`` (the default on a terminal): per file, each finding with its severity colour,
code, location and message, the source line with the span underlined (aligned by display width
for Chinese), what its fix would change, then the completeness checklist and counts. Many findings of one code are
grouped, unless the user selected codes or asked for all (``--show-all``)."""

from __future__ import annotations

import io
from collections import Counter, defaultdict

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo
from govlint.formats.summary import Row, row

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}
# Past this many findings of one code in one file, show only the first few and a count.
GROUP_AFTER = 5
SHOW_WHEN_GROUPED = 3
# Source excerpts are clipped to about this many display cells around the span.
CONTEXT_CELLS = 24


def _excerpt(result: FileResult, finding: Finding) -> tuple[str, int, int] | None:
    """The source line clipped around the span: (text, caret offset in cells, caret width in cells)."""
    lines = result.text.split("\n")
    if finding.document_level or not 1 <= finding.line <= len(lines):
        return None
    line = lines[finding.line - 1]
    start = finding.column - 1
    end = finding.end_column - 1 if finding.end_line == finding.line else len(line)
    end = max(end, start + 1)
    left, right = start, end
    if "\u200d" in line or "\ufe0f" in line:
        # A joiner or variation selector makes a sequence's width other than its characters' sum.
        while left > 0 and cell_len(line[left - 1 : start]) < CONTEXT_CELLS:
            left -= 1
        while right < len(line) and cell_len(line[end : right + 1]) < CONTEXT_CELLS * 2:
            right += 1
    else:
        # Widths add up: widen by one character's width at a time, not by measuring the whole
        # slice again (a findings-heavy report shows thousands of excerpts).
        width = 0
        while left > 0:
            width += cell_len(line[left - 1 : left])
            if width >= CONTEXT_CELLS:
                break
            left -= 1
        width = 0
        while right < len(line):
            width += cell_len(line[right : right + 1])
            if width >= CONTEXT_CELLS * 2:
                break
            right += 1
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    shown = prefix + line[left:right] + suffix
    caret_at = cell_len(prefix + line[left:start])
    return shown, caret_at, max(1, cell_len(line[start:end]))


def _finding(out: list[Text], result: FileResult, finding: Finding, with_source: bool) -> None:
    if finding.document_level:
        where = "全文"
    elif not result.by_line:
        # Word paragraphs and PDF pages are how a drafter finds the place, not line numbers.
        where = f"{result.location(finding.line)}第{finding.column}字"
    else:
        # A saved page: where the text stands in the page source (the excerpt shows the readable text).
        line, column, _, _ = finding.position
        where = f"{line}:{column}"
    head = Text("  ")
    head.append(f"{finding.severity.label}", style=STYLE[finding.severity])
    head.append(f" {finding.code}", style="bold")
    if finding.fix and finding.fix.applicability.value == "safe":
        head.append(" [*]", style="cyan")
    head.append(f"  {where}  ", style="dim")
    head.append(finding.message)
    out.append(head)
    excerpt = _excerpt(result, finding) if with_source else None
    if excerpt:
        shown, caret_at, width = excerpt
        gutter = f"{finding.position[0]:>6} │ "
        out.append(Text(gutter, style="dim") + Text(shown))
        out.append(
            Text(" " * 7 + "│ ", style="dim") + Text(" " * caret_at + "^" * width, style=STYLE[finding.severity])
        )
    fix = _fix_title(result, finding)
    if fix:
        out.append(fix)


# How each kind of fix is applied, after what it does (as ruff prints its fix title under a finding).
_APPLIED = {"safe": "", "unsafe": "（需人工确认：--fix --unsafe-fixes）", "display-only": "（仅供参考，不会自动修改）"}


def _fix_title(result: FileResult, finding: Finding) -> Text | None:
    """``修复：旧 → 新（说明）`` under a finding that has a fix."""
    if not finding.fix or not finding.fix.edits:
        return None
    line = Text(" " * 7 + "= ", style="dim")
    line.append("修复：", style="cyan")
    if len(finding.fix.edits) == 1:
        edit = finding.fix.edits[0]
        old = result.text[edit.start : edit.end] if result.text else finding.matched
        if old and "\n" not in old + edit.content:
            line.append(f"“{old}” → “{edit.content}”")
            if finding.fix.message:
                line.append(f"（{finding.fix.message}）", style="dim")
        else:
            line.append(finding.fix.message or "自动修改")
    else:
        line.append(finding.fix.message or f"{len(finding.fix.edits)} 处修改")
    line.append(_APPLIED.get(finding.fix.applicability.value, ""), style="dim")
    return line


def _file(out: list[Text], result: FileResult, show_all: bool = False) -> None:
    out.append(Text(result.path, style="bold underline"))
    if result.error:
        out.append(Text("  无法检查：", style="bold red") + Text(result.error))
        return
    if result.profile:
        out.append(Text(f"  配置档：{result.profile.name}（{result.profile.reason}）", style="dim"))
    if not result.findings:
        out.append(Text("  未发现问题", style="green"))
    counts = Counter(f.code for f in result.findings)
    shown: dict[str, int] = defaultdict(int)
    for finding in result.findings:
        grouped = counts[finding.code] > GROUP_AFTER and not show_all
        shown[finding.code] += 1
        if grouped and shown[finding.code] > SHOW_WHEN_GROUPED:
            if shown[finding.code] == SHOW_WHEN_GROUPED + 1:
                rest = counts[finding.code] - SHOW_WHEN_GROUPED
                out.append(
                    Text(f"  …… 另有 {rest} 处 {finding.code}（{finding.slug}）同类问题；", style="dim")
                    + Text(f"用 --select {finding.code} 或 --show-all 查看全部", style="dim")
                )
            continue
        _finding(out, result, finding, with_source=True)
    if result.checklist:
        _checklist(out, result)
    if result.previous is not None:
        out.append(Text("  " + result.previous.describe(), style="yellow" if result.previous.copied else ""))


def _checklist(out: list[Text], result: FileResult) -> None:
    seen: set[tuple[str, str]] = set()
    line = Text("  完整性：")
    for item in result.checklist:
        if (item.code, item.label) in seen:
            continue
        seen.add((item.code, item.label))
        line.append("✓ " if item.present else "✗ ", style="green" if item.present else "bold red")
        line.append(item.label + "  ", style="" if item.present else "red")
    out.append(line)


def _console(buffer: io.StringIO, info: RunInfo) -> Console:
    return Console(
        file=buffer,
        force_terminal=info.color,
        no_color=not info.color,
        width=info.width or 100,
        highlight=False,
        soft_wrap=True,
        # Only the 8 standard colours are used; naming them keeps FORCE_COLOR working under TERM=dumb.
        color_system="standard" if info.color else None,
    )


def render_file(result: FileResult, info: RunInfo) -> str:
    """One file's part of the output and the blank line after it (rendered where the file was
    checked when the output is streamed: ``govlint.stream``)."""
    lines: list[Text] = []
    _file(lines, result, info.show_all)
    lines.append(Text())
    buffer = io.StringIO()
    # One print of every line: a Console.print call costs more than rendering a short line.
    _console(buffer, info).print(*lines, sep="\n")
    return buffer.getvalue()


def closing(rows: list[Row], info: RunInfo) -> str:
    """The closing line, ``检查了 N 个文件：…``, from each file's counts."""
    errors = sum(row.errors for row in rows)
    warnings = sum(row.warnings for row in rows)
    infos = sum(row.infos for row in rows)
    failed = sum(1 for row in rows if row.error)
    summary = Text(f"检查了 {len(rows)} 个文件：")
    summary.append(f"错误 {errors}", style=STYLE[Severity.ERROR] if errors else "green")
    summary.append("，")
    summary.append(f"警告 {warnings}", style=STYLE[Severity.WARNING] if warnings else "green")
    summary.append(f"，提示 {infos}")
    if failed:
        summary.append(f"，{failed} 个文件无法检查", style="bold red")
    if info.fixed:
        summary.append(f"，已自动修复 {info.fixed} 处", style="cyan")
    fixes = sum(row.fixable for row in rows)
    if fixes and not info.fixed:
        summary.append(f"\n其中 {fixes} 处标有 [*]，可用 --fix 自动修复", style="dim")
    buffer = io.StringIO()
    _console(buffer, info).print(summary)
    return buffer.getvalue()


def render(results: list[FileResult], info: RunInfo) -> str:
    # Part by part, as the streamed output is put together, so the two cannot differ.
    parts = [render_file(result, info) for result in results]
    return "".join(parts) + closing([row(result) for result in results], info)
