"""``check: compare``: this year's report read beside the same issuer's previous report
(``ctx.previous``; None when there is none, and then nothing is reported).

``compare: copied`` reports each paragraph substantially the same as one of last year's (GL501);
``compare: plan`` reports each item of last year's next-year plan that this year's report never
takes up again (GL502). The work is done by ``govlint.compare`` on the two report models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govlint.checks.base import Check, Context, Hit, _naming


class Compare(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.kind = self.params["compare"]
        self.similarity = float(self.params.get("similarity", 0.8))
        self.min_chars = int(self.params.get("min_chars", 30))
        self.coverage = float(self.params.get("coverage", 0.75))

    def run(self, ctx: Context) -> Iterator[Hit]:
        previous = ctx.previous
        if previous is None:
            return
        # Imported here: a run without a previous report (most runs) never loads the comparison.
        from govlint import compare

        if self.kind == "copied":
            found = compare.comparison(ctx.report, previous, self.similarity, self.min_chars)
            for pair in found.copied:
                values = {
                    "previous_line": pair.previous_line,
                    "previous_location": previous.source.location(pair.previous_line),
                    "similarity": f"{pair.similarity:.0%}",
                    "share": f"{found.share:.0%}",
                }
                yield Hit(pair.start, pair.end, values)
            return
        plan = ctx.areas.get("plan")
        if plan is None or plan.pattern is None:
            return
        # The outermost plan headings: items are their subheadings (or paragraphs), counted once.
        named = _naming(plan.pattern, previous.headings)
        outer = {id(h) for h in named}
        headings = [h for h in named if h.parent is None or id(h.parent) not in outer]
        for item in compare.plan_items(previous, headings):
            if not compare.mentioned(item.phrase, ctx.report, self.coverage):
                values = {
                    "item": item.phrase,
                    "previous_line": item.line,
                    "previous_location": previous.source.location(item.line),
                }
                yield Hit(0, 0, values, document_level=True)
