"""``check: classify``: the document must read as the kind of report the pack is for; otherwise
say once what it looks like (a 政府信息公开 report, a work plan …).

Order matters, so that a real report, even a truncated opening, is never taken for something else:
1. the document's own name (its title, or a title-like first line) is matched against the kinds;
2. ``accept`` on that name or on the opening clears the document;
3. the kinds are matched against the opening;
4. otherwise the document is ``unknown``.
Cited titles (《…》) are masked first: "按照《2024年工作要点》" names another document, not this one.
A name wrapped over two or three lines is read as one (``Report.wrapped_title``). A kind marked
``before_accept`` (a README, a how-to page) is looked for in the name and the opening first: such a
page talks about annual reports, so ``accept`` would otherwise clear it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from govlint.checks.base import Check, Context, Hit
from govlint.report import Report, blank_titles
from govlint.rules import compile_pattern

OPENING_CHARS = 800
# A name that reads as an annual report and calls itself a report is one, whatever else it names:
# "…2023年法治政府建设工作总结及2024年工作计划" is a report with its plan appended.
_SELF_REPORT = regex.compile(r"报告|总结")
# "关于印发《X》的通知": the document is X.
_ISSUED = regex.compile(r"印发\s*《(?P<name>[^《》\n]+)》")


def _name(report: Report) -> tuple[str, tuple[int, int] | None]:
    """The document's own name and its span: the title, or a short first line without a full stop."""
    wrapped = report.wrapped_title()
    if wrapped:
        text, lines = wrapped
        span = (lines[0].start, lines[-1].end)
    elif report.title:
        span = (report.title.start, report.title.end)
        text = report.title_text
    else:
        first = report.paragraphs[0] if report.paragraphs else None
        if first is None or (report.headings and report.headings[0].start <= first.start <= report.headings[0].end):
            return "", None
        text = report.text[first.start : first.end]
        if "。" in text or len(text) > 80:
            return "", None
        span = (first.start, first.end)
    issued = _ISSUED.search(text)
    return (issued["name"] if issued else blank_titles(text)), span


class Classify(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.accept = compile_pattern(self.params["accept"], rule.file, rule.node, ["accept"])
        self.kinds = [
            (kind["name"], compile_pattern(kind["pattern"], rule.file, rule.node, ["kinds", index, "pattern"]))
            for index, kind in enumerate(self.params["kinds"])
        ]
        self.early = [
            pair for pair, kind in zip(self.kinds, self.params["kinds"], strict=True) if kind.get("before_accept")
        ]

    def run(self, ctx: Context) -> Iterator[Hit]:
        report = ctx.report
        name, span = _name(report)
        opening = blank_titles(report.text[report.body.start : min(report.body.end, report.body.start + OPENING_CHARS)])
        where = span or (0, 0)
        level = span is None
        for kind, pattern in self.early:
            if pattern.search(name) or pattern.search(opening):
                # Named by a more specific kind when the name has one (…工作安排的通知: a work plan).
                specific = next((k for k, p in self.kinds if (k, p) not in self.early and p.search(name)), kind)
                yield Hit(*where, {"kind": specific}, document_level=level)
                return
        if name and not (self.accept.search(name) and _SELF_REPORT.search(name)):
            for kind, pattern in self.kinds:
                if pattern.search(name):
                    yield Hit(*where, {"kind": kind}, document_level=level)
                    return
        if (name and self.accept.search(name)) or self.accept.search(opening):
            return
        for kind, pattern in self.kinds:
            if pattern.search(opening):
                yield Hit(*where, {"kind": kind}, document_level=level)
                return
        unknown = self.params.get("unknown")
        if unknown:
            yield Hit(*where, {"kind": unknown}, document_level=level)
