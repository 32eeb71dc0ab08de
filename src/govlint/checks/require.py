"""``check: require``: one of the patterns must occur in the scope. A section scope that is absent
yields nothing (the part's absence is another rule's finding)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govlint.checks import base
from govlint.checks.base import Check, Context, Hit
from govlint.diagnostics import ChecklistItem
from govlint.report import Span
from govlint.rules import compile_pattern


class Require(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.pattern = compile_pattern(self.params["pattern"], rule.file, rule.node, ["pattern"])

    def run(self, ctx: Context) -> Iterator[Hit]:
        spans = ctx.scope_spans(self.rule.scope)
        if not spans:
            return
        text = ctx.report.text
        searched = spans
        if self.rule.scope.startswith("section:"):
            # A part's own heading ("存在的不足和原因") promises what the part must then deliver.
            searched = [Span(h.end, h.section_end) for h in ctx.area_headings(self.rule.scope[8:])]
        present = any(self.pattern.search(text, s.start, s.end, timeout=base.PATTERN_TIMEOUT) for s in searched)
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
