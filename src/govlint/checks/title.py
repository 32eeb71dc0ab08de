"""``check: title``: the title names the report's year and the genre (``genre``: 法治政府建设 …
年度报告 / 情况报告 / 工作报告). A title without the year gets a safe fix when the year is evident
(read from the opening sentence, or ``--report-year``) and the title names 法治政府建设: the year
goes in front of it. A report without a recognisable title line is not judged here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from govlint.checks.base import Check, Context, Hit
from govlint.diagnostics import Applicability, Edit, Fix
from govlint.rules import compile_pattern

_YEAR = regex.compile(r"(?:19|20)\d\d|[〇零一二三四五六七八九]{4}\s*年")
# The opening sentence of most reports names the year first: "2023年，我镇……".
_OPENING_YEAR = regex.compile(r"\s*(?P<year>(?:19|20)\d\d)\s*年度?[，,]")


class Title(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.genre = compile_pattern(self.params["genre"], rule.file, rule.node, ["genre"])
        self.anchor = compile_pattern(self.params["anchor"], rule.file, rule.node, ["anchor"])
        self.messages: dict[str, str] = self.params["messages"]

    def run(self, ctx: Context) -> Iterator[Hit]:
        report = ctx.report
        if report.title is None:
            return
        title = report.title
        text = report.text[title.start : title.end]
        for extra in report.cache.get("title_lines", []):
            text += report.text[extra.start : extra.end]
        has_year = _YEAR.search(text) is not None
        has_genre = self.genre.search(text) is not None
        if has_year and has_genre:
            return
        values: dict[str, Any] = {"title": text}
        fix = None
        if not has_year:
            values["message"] = self.messages["year"] if has_genre else self.messages["both"]
            anchor = self.anchor.search(report.text, title.start, title.end)
            fixing = self.params.get("fix")
            year = ctx.year or _opening_year(ctx)
            if year and anchor and fixing:
                # "…年度报告" already says 年度: add only the year, not a second 年度.
                insert = f"{year}年" if "年度" in text else f"{year}年度"
                applicability = Applicability(fixing["applicability"])
                fix = Fix((Edit(anchor.start(), anchor.start(), insert),), applicability, f"在标题中补上“{insert}”")
        else:
            values["message"] = self.messages["genre"]
        yield Hit(title.start, title.end, values, fix=fix)


def _opening_year(ctx: Context) -> int | None:
    """The year that opens the report's first paragraph ("2023年，我镇……"), if it does."""
    report = ctx.report
    if not report.paragraphs:
        return None
    first = report.paragraphs[0]
    match = _OPENING_YEAR.match(report.text, first.start, first.end)
    return int(match["year"]) if match else None
