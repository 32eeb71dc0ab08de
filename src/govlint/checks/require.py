"""``check: require``: one of the patterns must occur in the scope. A section scope that is absent
yields nothing (the part's absence is another rule's finding). With ``outside``, the parts under a
heading of those areas are not searched: "下一年度将聘请法律顾问" in the plan reports no adviser. With
``met_by``, a heading of one of those areas with text under it meets the requirement: a part of its
own, "三、原因分析", states the causes of the shortcomings listed in "二、存在的问题"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govlint.checks import base
from govlint.checks.base import Check, Context, Hit
from govlint.diagnostics import ChecklistItem
from govlint.errors import RuleError
from govlint.report import Span
from govlint.rules import compile_pattern


class Require(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.pattern = compile_pattern(self.params["pattern"], rule.file, rule.node, ["pattern"])
        self.outside = tuple(self.params.get("outside", ()))
        self.met_by = tuple(self.params.get("met_by", ()))

    def bind(self, areas: dict[str, Any]) -> None:
        for param, key in [*(("outside", k) for k in self.outside), *(("met_by", k) for k in self.met_by)]:
            if key not in areas:
                known = "、".join(areas)
                raise RuleError(f"未知的领域“{key}”，已定义：{known}", self.rule.file, self.rule.line(param))

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
            searched = _without(
                searched,
                [
                    Span(h.start, h.end)
                    for h in ctx.report.headings
                    if not ctx.report.text[h.end : h.section_end].strip()
                ],
            )
        if self.outside:
            # As for sections: a heading naming the report's own year ("一、2023年重点工作") reports this
            # year's work, whatever its words match.
            own_year = f"{ctx.year}年" if ctx.year else None
            holes = [
                Span(h.start, h.section_end)
                for key in self.outside
                for h in ctx.area_headings(key)
                if own_year is None or own_year not in h.text
            ]
            searched = _without(searched, holes)
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


def _without(spans: list[Span], holes: list[Span]) -> list[Span]:
    """The parts of ``spans`` that lie in none of ``holes``."""
    for hole in holes:
        kept = []
        for span in spans:
            if hole.end <= span.start or hole.start >= span.end:
                kept.append(span)
                continue
            if span.start < hole.start:
                kept.append(Span(span.start, hole.start))
            if hole.end < span.end:
                kept.append(Span(hole.end, span.end))
        spans = kept
    return spans
