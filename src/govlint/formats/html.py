"""``--format html``: a self-contained review page for people who sign off a report.

One file checked: one page (the completeness checklist on top, the report text with every finding
highlighted at its span, a findings panel, severity filters). Several files: an index page linking
one page per file, all in the directory of ``--output-file``. CSS and JS are inlined from
``govlint/templates/``; nothing is fetched from the network. All text goes through Jinja2 with
autoescape; the data for the script is JSON that cannot close its ``<script>`` element.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from govlint.diagnostics import FileResult, Finding, Severity
from govlint.errors import UsageError, os_reason
from govlint.formats import RunInfo

# Groups with more findings than this start collapsed in the panel, so 100 punctuation warnings
# do not push the errors out of sight.
COLLAPSE_AFTER = 8
INDEX_NAME = "index.html"
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
# Checklist items are grouped by the hundred of their rule code (see the rule table in README).
CHECKLIST_GROUPS = {"GL1": "报告结构", "GL2": "必报事项", "GL4": "发布信息"}
# Not an annual report: the completeness rules were skipped, which the top of the page must say.
NOT_A_REPORT = "GL100"


@dataclass
class Segment:
    """A run of text inside one line covered by the same set of findings (none: plain text)."""

    text: str
    ids: tuple[int, ...] = ()
    severity: str = ""
    # Findings that begin here (anchors for links) and end here (numbers printed after the span).
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    # A zero-width finding (or one covering only a line break): a marker, no text.
    point: bool = False


@dataclass
class Line:
    number: int
    segments: list[Segment] = field(default_factory=list)
    # A table row (Word or page table read as one line): its segments split by cell.
    cells: list[list[Segment]] | None = None


@dataclass
class Table:
    """Consecutive table-row lines, drawn as one table."""

    rows: list[Line]


def _worst(findings: list[Finding], ids: tuple[int, ...]) -> str:
    return max((findings[i].severity for i in ids), key=lambda s: s.rank).value


def segments(text: str, findings: list[Finding]) -> list[Line]:
    """Split the text into lines of non-overlapping segments, so nested or overlapping spans
    become flat markup: each segment knows every finding that covers it."""
    size = len(text)
    spans: dict[int, tuple[int, int]] = {}
    points: dict[int, list[int]] = defaultdict(list)
    for i, finding in enumerate(findings):
        if finding.document_level:
            continue
        start = min(max(finding.start, 0), size)
        end = min(max(finding.end, start), size)
        if text[start:end].strip("\n"):
            spans[i] = (start, end)
        else:
            points[start].append(i)
    cuts = {0, size, *points}
    for start, end in spans.values():
        cuts.update((start, end))
    for match in re.finditer("\n", text):
        cuts.update((match.start(), match.end()))
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for i, (start, end) in spans.items():
        starting[start].append(i)
        ending[end].append(i)

    lines = [Line(1)]
    active: dict[int, None] = {}  # insertion-ordered set
    ordered = sorted(cuts)
    for a, b in zip(ordered, [*ordered[1:], None], strict=True):
        for i in ending.get(a, ()):
            active.pop(i, None)
        if points.get(a):
            ids = tuple(points[a])
            lines[-1].segments.append(Segment("", ids, _worst(findings, ids), ids, ids, point=True))
        for i in starting.get(a, ()):
            active[i] = None
        if b is None:
            break
        piece = text[a:b]
        if piece == "\n":
            lines.append(Line(len(lines) + 1))
            continue
        ids = tuple(sorted(active))
        if not ids:
            lines[-1].segments.append(Segment(piece))
            continue
        lines[-1].segments.append(
            Segment(
                piece,
                ids,
                _worst(findings, ids),
                starts=tuple(i for i in ids if spans[i][0] == a),
                ends=tuple(i for i in ids if spans[i][1] == b),
            )
        )
    return lines


def _split_cells(line: Line, spans: list[tuple[int, int]]) -> list[list[Segment]]:
    """The line's segments cut at its cells' spans; the separators joined in by the reader are left
    out, except for the anchors of findings that start on one (links still find them)."""
    cells: list[list[Segment]] = [[] for _ in spans]
    offset = 0
    for segment in line.segments:
        start, end = offset, offset + len(segment.text)
        offset = end
        pieces: list[tuple[int, str]] = []
        for number, (cell_start, cell_end) in enumerate(spans):
            if segment.point and cell_start <= start <= cell_end:
                pieces.append((number, ""))
                break
            low, high = max(start, cell_start), min(end, cell_end)
            if low < high:
                pieces.append((number, segment.text[low - start : high - start]))
        if not pieces:
            if segment.starts:
                following = next((n for n, (cell_start, _) in enumerate(spans) if cell_start >= end), len(spans) - 1)
                cells[following].insert(0, Segment("", starts=segment.starts))
            continue
        for index, (number, piece) in enumerate(pieces):
            first, last = index == 0, index == len(pieces) - 1
            cells[number].append(
                Segment(
                    piece,
                    segment.ids,
                    segment.severity,
                    segment.starts if first else (),
                    segment.ends if last else (),
                    segment.point,
                )
            )
    return cells


def blocks(result: FileResult, lines: list[Line]) -> list[Line | Table]:
    """The lines to draw, with consecutive table rows gathered into tables."""
    out: list[Line | Table] = []
    for line in lines:
        spans = result.table_rows.get(line.number - 1)
        if not spans:
            out.append(line)
            continue
        line.cells = _split_cells(line, spans)
        previous = out[-1] if out else None
        if isinstance(previous, Table) and previous.rows[-1].number == line.number - 1:
            previous.rows.append(line)
        else:
            out.append(Table([line]))
    return out


def verdict(result: FileResult, summaries: dict[str, str]) -> dict[str, Any]:
    """The page's one-line answer to "can this be published as it stands?": yes when no finding is
    an error; else how many errors must be fixed first, and which kinds."""
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    warnings = result.count(Severity.WARNING)
    if not errors:
        text = "可以发布：未发现错误级问题"
        if warnings:
            text += f"（另有 {warnings} 处警告，建议发布前核对）"
        if not result.checklist:
            # Only some rules ran (--select): the page must not vouch for what was not checked.
            text += "；本次未检查报告是否缺项"
        return {"ok": True, "text": text}
    kinds: dict[str, int] = {}
    for finding in errors:
        kinds[finding.code] = kinds.get(finding.code, 0) + 1
    named = [
        summaries.get(code, code) + (f"（{count} 处）" if count > 1 else "")
        for code, count in sorted(kinds.items(), key=lambda item: (item[0] != NOT_A_REPORT, item[0]))
    ]
    return {"ok": False, "text": f"发布前须先改正 {len(errors)} 处错误：" + "；".join(named)}


def script_json(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` survives,
    so ``</script>`` in a report or message cannot end the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("govlint", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["add1"] = lambda n: n + 1  # finding numbers shown to people start at 1
    loader = env.loader
    assert loader is not None
    # CSS and JS are inlined verbatim (not rendered as templates): they are ours, not user text.
    env.globals["inline_css"] = Markup(loader.get_source(env, "review.css")[0])
    env.globals["inline_js"] = Markup(loader.get_source(env, "review.js")[0])
    env.globals["index_css"] = Markup(loader.get_source(env, "index.css")[0])
    env.globals["index_js"] = Markup(loader.get_source(env, "index.js")[0])
    return env


def generated_at() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.fromtimestamp(time.time()).astimezone()


def _stamp(when: datetime) -> dict[str, str]:
    offset = when.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return {"iso": when.isoformat(timespec="seconds"), "shown": when.strftime("%Y-%m-%d %H:%M ") + zone}


def _counts(result: FileResult) -> dict[str, int]:
    return {s.value: result.count(s) for s in SEVERITIES}


def _checklist(result: FileResult) -> list[dict[str, Any]]:
    """Checklist items, deduplicated and grouped; a part missing anywhere counts as missing."""
    merged: dict[tuple[str, str], bool] = {}
    for item in result.checklist:
        key = (item.code, item.label)
        merged[key] = merged.get(key, True) and item.present
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (code, label), present in merged.items():
        groups[CHECKLIST_GROUPS.get(code[:3], "其他")].append({"code": code, "label": label, "present": present})
    order = [*CHECKLIST_GROUPS.values(), "其他"]
    return [{"name": name, "items": groups[name]} for name in order if groups.get(name)]


def _panel(result: FileResult, summaries: dict[str, str]) -> list[dict[str, Any]]:
    """Findings grouped by severity and code, worst first, each group in text order."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, finding in enumerate(result.findings):
        groups[(finding.severity.value, finding.code)].append(i)
    rank = {s.value: s.rank for s in SEVERITIES}
    keys = sorted(groups, key=lambda k: (-rank[k[0]], not result.findings[groups[k][0]].document_level, k[1]))
    panel = []
    for severity, code in keys:
        ids = groups[(severity, code)]
        first = result.findings[ids[0]]
        panel.append(
            {
                "severity": severity,
                "label": first.severity.label,
                "code": code,
                "slug": first.slug,
                "summary": summaries.get(code, first.slug),
                "ids": ids,
                "basis": first.basis,
                "open": len(ids) <= COLLAPSE_AFTER or severity == "error",
            }
        )
    return panel


def _finding_data(finding: Finding, summaries: dict[str, str]) -> dict[str, Any]:
    return {
        "code": finding.code,
        "slug": finding.slug,
        "summary": summaries.get(finding.code, finding.slug),
        "severity": finding.severity.value,
        "label": finding.severity.label,
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "document": finding.document_level,
    }


def _page_context(result: FileResult, info: RunInfo, when: datetime, index: str | None) -> dict[str, Any]:
    findings = result.findings
    # Reviewers read the rules' Chinese summaries, not their English slugs.
    summaries = {rule.code: rule.summary for rule in info.rules}
    return {
        "result": result,
        "verdict": verdict(result, summaries) if not result.error else None,
        "findings": findings,
        "document_findings": [(i, f) for i, f in enumerate(findings) if f.document_level or f.code == NOT_A_REPORT],
        "blocks": blocks(result, segments(result.text, findings)) if not result.error else [],
        "checklist": _checklist(result),
        "missing": [item for group in _checklist(result) for item in group["items"] if not item["present"]],
        "panel": _panel(result, summaries),
        "counts": _counts(result),
        "severities": [(s.value, s.label) for s in SEVERITIES],
        "fixable": {i for i, f in enumerate(findings) if f.fix and f.fix.applicability.value == "safe"},
        "data": script_json({"findings": [_finding_data(f, summaries) for f in findings]}),
        "version": info.version,
        "stamp": _stamp(when),
        "index": index,
        "unit": result.line_unit,
        "previous": _previous(result),
    }


def _previous(result: FileResult) -> dict[str, Any] | None:
    """The year-over-year comparison (GL501) for the page: the copied share, and each copied
    paragraph with last year's beside it."""
    found = result.previous
    if found is None:
        return None
    rows = [
        {
            "line": pair.line,
            "text": result.text[pair.start : pair.end],
            "previous_line": pair.previous_line,
            "previous_text": pair.previous_text,
            "similarity": f"{pair.similarity:.0%}",
        }
        for pair in found.copied
    ]
    return {"path": found.previous_path, "share": f"{found.share:.0%}", "rows": rows}


def page(result: FileResult, info: RunInfo, when: datetime | None = None, index: str | None = None) -> str:
    """The review page of one file; ``index`` is the link back to the index page, if any."""
    template = _environment().get_template("page.html.j2")
    return template.render(_page_context(result, info, when or generated_at(), index))


def page_names(results: list[FileResult], reserved: str = INDEX_NAME) -> list[str]:
    """One safe, distinct file name per result: the path below the common folder, with anything
    but letters, digits, ``.``, ``-`` and ``_`` replaced, plus ``.html``."""
    paths = [Path(r.path if r.path != "-" else "stdin") for r in results]
    parents = [str(p.parent) for p in paths]
    try:
        common = os.path.commonpath(parents) if parents else ""
    except ValueError:  # a mix of absolute and relative paths
        common = ""
    taken = {reserved.lower()}
    names = []
    for path in paths:
        rel = os.path.relpath(path.with_suffix(""), common) if common else str(path.with_suffix(""))
        stem = re.sub(r"[^\w.-]+", "_", rel.replace(os.sep, "_")).strip("._") or "report"
        name, n = f"{stem}.html", 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}.html"
        taken.add(name.lower())
        names.append(name)
    return names


def index(
    results: list[FileResult], info: RunInfo, when: datetime | None = None, names: list[str] | None = None
) -> str:
    """The index page: each file with its counts and missing parts, linking its page."""
    from govlint.formats import _dashboard

    names = names or page_names(results)
    columns = _dashboard.columns(results, info.figures)
    rows = []
    for result, name in zip(results, names, strict=True):
        missing = [item["label"] for group in _checklist(result) for item in group["items"] if not item["present"]]
        notices = [f.message for f in result.findings if f.code == NOT_A_REPORT]
        rows.append({"result": result, "href": name, "counts": _counts(result), "missing": missing, "notices": notices})
        rows[-1]["board"] = _dashboard.row(result, name, columns)
    totals = {s.value: sum(r.count(s) for r in results) for s in SEVERITIES}
    template = _environment().get_template("index.html.j2")
    return template.render(
        rows=rows,
        columns=columns,
        totals=totals,
        version=info.version,
        stamp=_stamp(when or generated_at()),
        failed=sum(1 for r in results if r.error),
        severities=[(s.value, s.label) for s in SEVERITIES],
    )


def render(results: list[FileResult], info: RunInfo) -> str:
    """One file: its review page. Several: the index page (``write`` also writes the pages)."""
    if len(results) == 1:
        return page(results[0], info)
    return index(results, info)


def _write_atomic(target: Path, text: str) -> None:
    from govlint.fileio import write_text_atomic

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法写入输出文件：{os_reason(exc)}", str(target)) from None
    write_text_atomic(target, text, UsageError, "无法写入输出文件")


def write(results: list[FileResult], info: RunInfo, output_file: str | None) -> None:
    """Write the page (one file: to --output-file or stdout) or the index and one page per file
    (several files: into the folder of --output-file, which names the index)."""
    when = generated_at()
    target = Path(output_file) if output_file else None
    if target is not None and (target.is_dir() or output_file.endswith(("/", os.sep))):  # type: ignore[union-attr]
        target = target / INDEX_NAME
    if len(results) <= 1:
        text = page(results[0], info, when) if results else index(results, info, when)
        if target is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            _write_atomic(target, text)
        return
    if target is None:
        raise UsageError("HTML 格式检查多个文件时须用 --output-file 指定索引页，如 --output-file out/index.html")
    names = page_names(results, reserved=target.name)
    from govlint.fileio import refuse_overwriting_inputs

    refuse_overwriting_inputs([str(target.parent / name) for name in names], [r.path for r in results])
    # Pages first, the index last: an index never links a page that is not there yet.
    for result, name in zip(results, names, strict=True):
        _write_atomic(target.parent / name, page(result, info, when, index=target.name))
    _write_atomic(target, index(results, info, when, names))
