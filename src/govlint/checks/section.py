"""``check: section``: each listed area (or each area the profile requires) must be named by a
heading at any level, found through the area's keyword family; with ``outside``, a heading nested
under one of those areas (the next-year plan, the shortcomings) does not count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govlint.checks import base
from govlint.checks.base import Check, Context, Hit
from govlint.diagnostics import ChecklistItem
from govlint.rules import compile_pattern


class Section(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        fallback = self.params.get("fallback")
        self.fallback = compile_pattern(fallback, rule.file, rule.node, ["fallback"]) if fallback else None

    def bind(self, areas: dict[str, Any]) -> None:
        listed = self.params["areas"]
        named = [("areas", listed if listed != "profile" else []), ("outside", self.params.get("outside", []))]
        base.check_areas(self.rule, areas, named)

    def run(self, ctx: Context) -> Iterator[Hit]:
        listed = self.params["areas"]
        keys = ctx.required_areas if listed == "profile" else listed
        report = ctx.report
        outside = tuple(self.params.get("outside", ()))
        for key in keys:
            area = ctx.areas[key]
            present = bool(ctx.area_headings(key, tuple(o for o in outside if o != key)))
            if not present and self.fallback is not None:
                present = bool(self.fallback.search(report.text, report.body.start, report.body.end))
            ctx.checklist.append(ChecklistItem(self.rule.code, area.name, present))
            if not present:
                yield Hit(0, 0, {"area": area.name, "area_key": key}, document_level=True)
