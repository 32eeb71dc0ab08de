"""``check: classify``: the document must read as the kind of report the pack is for; otherwise
say once what it looks like (a 政府信息公开 report, a work plan …)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govlint.checks.base import Check, Context, Hit
from govlint.rules import compile_pattern

OPENING_CHARS = 400


class Classify(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.accept = compile_pattern(self.params["accept"], rule.file, rule.node, ["accept"])
        self.kinds = [
            (kind["name"], compile_pattern(kind["pattern"], rule.file, rule.node, ["kinds", index, "pattern"]))
            for index, kind in enumerate(self.params["kinds"])
        ]

    def run(self, ctx: Context) -> Iterator[Hit]:
        report = ctx.report
        title = report.title_text
        opening = report.text[report.body.start:min(report.body.end, report.body.start + OPENING_CHARS)]
        where = (report.title.start, report.title.end) if report.title else (0, 0)
        for text in (title, opening):
            if text and self.accept.search(text):
                return
        for name, pattern in self.kinds:
            if (title and pattern.search(title)) or pattern.search(opening):
                yield Hit(*where, {"kind": name}, document_level=report.title is None)
                return
        unknown = self.params.get("unknown")
        if unknown:
            yield Hit(*where, {"kind": unknown}, document_level=report.title is None)
