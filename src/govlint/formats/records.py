"""Output of ``govlint extract``: the records of extract.py as JSON, CSV (for Excel) or a terminal table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

# CSV columns before the figures (one column per figure key follows).
CSV_COLUMNS = ("path", "title", "issuer", "level", "year", "published", "missing", "error")


def missing_parts(row: dict[str, Any]) -> list[str]:
    return [label for label, present in row.get("parts", {}).items() if not present]


def render_json(rows: list[dict[str, Any]], version: str) -> str:
    return json.dumps({"version": version, "reports": rows}, ensure_ascii=False, indent=2) + "\n"


def render_csv(rows: list[dict[str, Any]], keys: list[str]) -> str:
    """UTF-8 with a BOM (so Excel reads it as UTF-8); a figure not stated is an empty cell."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow([*CSV_COLUMNS, *keys])
    for row in rows:
        figures = row.get("figures", {})
        cells = [row.get(name) for name in CSV_COLUMNS[:6]]
        cells += ["、".join(missing_parts(row)), row.get("error") or ""]
        cells += [figures[key]["value"] if key in figures else "" for key in keys]
        out.writerow(["" if cell is None else cell for cell in cells])
    return "\ufeff" + buffer.getvalue()


def render_table(rows: list[dict[str, Any]], keys: list[str], names: dict[str, str], color: bool) -> str:
    """One line per report: year, level, missing parts and each figure (— when not stated)."""
    from rich.console import Console
    from rich.table import Table

    grid = Table(title="报告中的数字", title_justify="left", show_edge=False, pad_edge=False, show_lines=False)
    grid.add_column("文件", no_wrap=True)
    grid.add_column("年度", justify="right")
    grid.add_column("缺项", justify="right")
    for key in keys:
        grid.add_column(names.get(key, key), justify="right", no_wrap=True)
    for row in rows:
        if row.get("error"):
            grid.add_row(row["path"], "[bold red]无法读取[/]", "", *["" for _ in keys])
            continue
        figures = row["figures"]
        missing = len(missing_parts(row))
        cells = [f"{figures[k]['value']}{figures[k]['unit']}" if k in figures else "—" for k in keys]
        grid.add_row(row["path"], str(row.get("year") or "—"), f"[red]{missing}[/]" if missing else "0", *cells)
    buffer = io.StringIO()
    # Wide enough for every column: a terminal scrolls sideways better than it reads folded names.
    longest = max((len(row["path"]) for row in rows), default=4)
    width = max(100, longest + 24 + sum(2 * len(names.get(key, key)) + 3 for key in keys))
    Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False).print(grid)
    return buffer.getvalue()
