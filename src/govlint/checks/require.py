"""``check: require``: one of the patterns must occur in the scope. A section scope that is absent
yields nothing (the part's absence is another rule's finding). With ``outside``, the parts under a
heading of those areas are not searched: "下一年度将聘请法律顾问" in the plan reports no adviser. With
``met_by``, a heading of one of those areas with text under it meets the requirement: a part of its
own, "三、原因分析", states the causes of the shortcomings listed in "二、存在的问题"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govlint.checks import base
from govlint.checks.base import Check, Context, Hit, without
from govlint.diagnostics import ChecklistItem
from govlint.report import Span
from govlint.rules import compile_pattern


class Require(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.pattern = compile_pattern(self.params["pattern"], rule.file, rule.node, ["pattern"])
        self.outside = tuple(self.params.get("outside", ()))
        self.met_by = tuple(self.params.get("met_by", ()))

    def bind(self, areas: dict[str, Any]) -> None:
        base.check_areas(self.rule, areas, [("outside", self.outside), ("met_by", self.met_by)])

    def run(self, ctx: Context) -> Iterator[Hit]:
        spans = ctx.scope_spans(self.rule.scope)
        if not spans:
            return
        text = ctx.report.text
        searched = spans
        if self.rule.scope.startswith("section:"):
            # A part's own heading ("存在的不足和原因") promises what the part must then deliver.
            searched = [Span(h.end, h.section_end) for h in ctx.area_headings(self.rule.scope[8:])]
            # So is a sub-heading with nothing under it ("（二）原因分析" left empty).
            searched = without(
                searched,
                [
                    Span(h.start, h.end)
                    for h in ctx.report.headings
                    if not ctx.report.text[h.end : h.section_end].strip()
                ],
            )
        if self.outside:
            searched = ctx.outside_parts(searched, self.outside)
        present = any(self.pattern.search(text, s.start, s.end, timeout=base.PATTERN_TIMEOUT) for s in searched)
        present = present or any(
            text[h.end : h.section_end].strip() for key in self.met_by for h in ctx.area_headings(key)
        )
        label = self.params.get("checklist")
        if label:
            ctx.checklist.append(ChecklistItem(self.rule.code, label, present))
        if present:
            return
        if self.rule.scope.startswith("section:"):
            first = spans[0]
            heading_end = text.find("\n", first.start, first.end)
            yield Hit(first.start, heading_end if heading_end != -1 else first.end)
        else:
            yield Hit(0, 0, document_level=True)
