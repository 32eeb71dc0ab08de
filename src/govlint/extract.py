"""Figures as data: one record per report (title, issuer, level, year, publication date, the parts
present and the figures it states), for ``govlint extract`` and the portal dashboard.

A consumer of the report model, like the checks: the figures are read with the definitions of
``rules/figures.yaml`` (the ones GL201–GL205 use) and the same clause and topic logic as the
figure check, so a report that passes a figure rule has that figure extracted, and the other way
round. For each figure the first clause naming its topic that states it wins:

- a number with one of the figure's units in that clause: the nearest one after the topic, else
  the last one before it ("举行听证会2次", "共办理3件行政诉讼案件"), not one that states a change
  ("同比下降2件"); or in the next clause when it carries nothing but the figure ("依法举行听证，共举行2次");
- else an explicit none ("本年度无听证事项", "没有行政诉讼案件发生"): 0;
- else, for a per-cent figure, an "all of them" statement ("负责人全部出庭应诉"): 100.

Chinese numerals and full-width digits become numbers (两场 → 2, ３件 → 3); a whole number is an int.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from govlint.checks.figure import continuation_pattern, continued, figure_pattern, topic_spans
from govlint.numerals import to_number
from govlint.rules import compile_pattern

if TYPE_CHECKING:
    from govlint.diagnostics import ChecklistItem, FileResult
    from govlint.engine import Linter
    from govlint.report import Report, Span
    from govlint.rules import FigureDef

# Keys of a record (``govlint extract -f json``), a public contract: only ever add keys.
RECORD_KEYS = ("path", "title", "issuer", "level", "year", "published", "parts", "figures")
FIGURE_KEYS = ("value", "unit", "text", "line")

# A number right after one of these states a change, not the figure ("同比下降2件", "较上年增加3次").
_CHANGE = regex.compile(
    r"(?:同比|环比|较上年|比上年|较去年|增加|减少|下降|上升|增长|提高|降低|多出|少了)[^，,；;。]{0,3}$"
)


# The issuer as a title names it: "云溪县市场监督管理局2023年度法治政府建设情况报告" -> 云溪县市场监督管理局.
_ISSUER_IN_TITLE = regex.compile(
    r"^(?P<issuer>[^《“\s]{2,40}?)(?:关于)?(?:(?:19|20)\d\d|[〇零一二三四五六七八九]{4})\s*年"
)


@dataclass
class _Compiled:
    topic: regex.Pattern[str]
    within: str
    units: list[str]
    figure: regex.Pattern[str]
    continuation: regex.Pattern[str]
    none: regex.Pattern[str] | None
    full: regex.Pattern[str] | None
    percent: bool
    blank_titles: bool = False  # the topic is looked for outside 《…》, as the rules look for it


_COMPILED: dict[tuple[str, str, int | None], _Compiled] = {}


def _compiled(figure: FigureDef) -> _Compiled:
    key = (figure.file, figure.key, figure.line)
    found = _COMPILED.get(key)
    if found is None:
        spec = figure.spec
        path = ["figures", figure.key]

        def pattern(name: str) -> regex.Pattern[str] | None:
            value = spec.get(name)
            return compile_pattern(value, figure.file, None, [*path, name]) if value else None

        topic = pattern("topic")
        assert topic is not None  # load_figures requires a topic
        found = _COMPILED[key] = _Compiled(
            topic=topic,
            within=spec.get("within", "sentence"),
            units=list(spec["units"]),
            figure=figure_pattern(spec["units"]),
            continuation=continuation_pattern(spec["units"]),
            none=pattern("none"),
            full=pattern("full"),
            percent=spec.get("kind") == "percent",
            blank_titles=bool(spec.get("blank_titles", False)),
        )
    return found


def _number(text: str) -> int | float | None:
    value = to_number(text)
    if value is None:
        return None
    return int(value) if value.is_integer() else value


def _stated(report: Report, c: _Compiled, clause: Span, topic_end: int) -> tuple[Any, str, int] | None:
    """(value, unit, end of the text it came from) for the figure stated in one topic clause."""
    text = report.text

    def states_a_change(match: regex.Match[str]) -> bool:
        # Only the few characters before the number matter (a bounded look, however long the clause).
        return _CHANGE.search(text, max(clause.start, match.start() - 8), match.start()) is not None

    after = (m for m in c.figure.finditer(text, topic_end, clause.end) if not states_a_change(m))
    chosen = next(after, None)
    if chosen is None:
        before = [m for m in c.figure.finditer(text, clause.start, topic_end) if not states_a_change(m)]
        chosen = before[-1] if before else None
    end = clause.end
    if chosen is None and c.within == "clause":
        chosen = continued(report, clause, c.continuation)
        if chosen is not None:
            end = chosen.end()
    if chosen is not None:
        value = _number(chosen["number"])
        if value is not None:
            unit = text[chosen.end("number") : chosen.end()].strip().lstrip("余多").strip()
            return value, unit, end
    if c.none is not None and c.none.search(text, clause.start, clause.end):
        return 0, c.units[0], end
    if c.full is not None and c.full.search(text, clause.start, clause.end):
        return 100, c.units[0] if c.percent else "", end
    return None


def figures_of(report: Report, figures: dict[str, FigureDef]) -> dict[str, dict[str, Any]]:
    """Every extracted figure the report states: key -> {value, unit, text, line}."""
    found: dict[str, dict[str, Any]] = {}
    for key, figure in figures.items():
        if not figure.extracted:
            continue
        c = _compiled(figure)
        for clause, _, topic_end in topic_spans(report, [report.body], c.topic, c.within, c.blank_titles):
            if report.in_chrome(clause.start):
                continue
            stated = _stated(report, c, clause, topic_end)
            if stated is not None:
                value, unit, end = stated
                found[key] = {
                    "value": value,
                    "unit": unit,
                    "text": report.text[clause.start : end].strip(),
                    "line": report.position(clause.start)[0],
                }
                break
    return found


def _issuer_in_title(title: str) -> str:
    match = _ISSUER_IN_TITLE.match(title)
    return match["issuer"] if match else ""


def level_of(report: Report, linter: Linter) -> str:
    """The report's level (town, county, department …): the profile it was checked with. The one
    place to ask, so that inferring the level from the report can be wired in here."""
    return linter.profile.name


def record(report: Report, checklist: list[ChecklistItem], linter: Linter) -> dict[str, Any]:
    """What ``govlint extract`` reports for one report (``path`` is added from the result)."""
    published = report.field_date("发布日期")
    parts: dict[str, bool] = {}
    for item in checklist:
        parts[item.label] = parts.get(item.label, True) and item.present
    return {
        "title": report.title_text,
        "issuer": report.issuer or _issuer_in_title(report.title_text),
        "level": level_of(report, linter),
        "year": report.year,
        "published": published.isoformat() if published else None,
        "parts": parts,
        "figures": figures_of(report, linter.ruleset.figures),
    }


def records(results: list[FileResult]) -> list[dict[str, Any]]:
    """One record per result, in order; a file that could not be read is ``{path, error}``."""
    rows = []
    for result in results:
        if result.error or result.record is None:
            rows.append({"path": result.path, "error": result.error or "未能提取"})
        else:
            rows.append({"path": result.path, **result.record})
    return rows
