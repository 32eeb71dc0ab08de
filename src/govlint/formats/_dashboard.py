"""The portal dashboard: what the index page of ``--format html`` shows for each report beyond its
counts — each checklist item ✓/✗, the publication date and whether it was late, and the figures
``govlint extract`` reads, each linking to its line in that report's page.

Everything here is read from the results (checklist, findings) and their extraction records
(``FileResult.record``, filled in because the CLI asks the linters to extract for html output).
"""

from __future__ import annotations

from typing import Any

from govlint.diagnostics import FileResult

# GL403 late-publication: the index marks a report late exactly when the rule reported it.
LATE = "GL403"


def _labels(results: list[FileResult]) -> list[str]:
    """Every checklist label of the run, in the order the reports list them."""
    seen: dict[str, None] = {}
    for result in results:
        for item in result.checklist:
            seen.setdefault(item.label, None)
    return list(seen)


def _figure_keys(results: list[FileResult], names: dict[str, str]) -> list[str]:
    """The figure keys to show: every extracted key (figures.yaml order), then any other found."""
    keys = dict.fromkeys(names)
    for result in results:
        for key in (result.record or {}).get("figures", {}):
            keys.setdefault(key, None)
    return list(keys)


def columns(results: list[FileResult], names: dict[str, str]) -> dict[str, Any]:
    keys = _figure_keys(results, names)
    return {
        "checklist": _labels(results),
        "figures": [{"key": key, "name": names.get(key, key)} for key in keys],
    }


def row(result: FileResult, href: str, cols: dict[str, Any]) -> dict[str, Any]:
    """One report's cells: checklist marks, publication, figures with links to their lines."""
    record = result.record or {}
    present: dict[str, bool] = {}
    for item in result.checklist:
        present[item.label] = present.get(item.label, True) and item.present
    figures = record.get("figures", {})
    cells: list[dict[str, Any] | None] = []
    for column in cols["figures"]:
        found = figures.get(column["key"])
        if found is None:
            cells.append(None)
            continue
        cells.append(
            {
                "value": found["value"],
                "shown": f"{found['value']}{found['unit']}",
                "href": f"{href}#L{found['line']}",
                # 第12行, or 第12段 / 第2页第12段 for Word and PDF, as the report's page names it.
                "title": f"{result.location(found['line'])}：{found['text']}",
            }
        )
    return {
        "marks": [present.get(label) for label in cols["checklist"]],
        "year": record.get("year"),
        "issuer": record.get("issuer") or "",
        "published": record.get("published") or "",
        "late": any(f.code == LATE for f in result.findings),
        "figures": cells,
    }
