"""``check: metadata``: predicates on the portal header: required fields (only when a header is
present), dates within a window around the report year, and a body that dwells on another year."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import regex

from govlint.checks.base import Check, Context, Hit
from govlint.diagnostics import ChecklistItem

# A year the report compares with ("较2022年增长", "与2022年同期相比") is not a year it dwells on.
_YEAR_MENTION = regex.compile(r"(?<![\d０-９])(?<!(?:较|比|与|同|相比|对比|比起)\s*)((?:19|20)\d\d)\s*年(?!度?同期)")
_TITLE_MARKS = regex.compile(r"《[^《》\n]*》")


@functools.lru_cache(maxsize=256)
def resolve_date(template: str, year: int) -> date:
    """ "{year}-12-01" / "{next_year}-03-31" for a report on ``year``. Memoised: every report asks
    for the same few templates and years (a date is immutable, so sharing one is safe)."""
    which, _, rest = template.partition("}-")
    month, day = (int(part) for part in rest.split("-"))
    return date(year + (1 if which == "{next_year" else 0), month, day)


class Metadata(Check):
    def run(self, ctx: Context) -> Iterator[Hit]:
        report = ctx.report
        fields = self.params.get("require_fields", [])
        if fields and report.has_header:
            anchor = report.header_spans[0] if report.header_spans else None
            for name in fields:
                found = report.header.get(name)
                present = bool(found and found.value)
                ctx.checklist.append(ChecklistItem(self.rule.code, name, present))
                if not present:
                    if found:
                        yield Hit(found.label_start, found.label_start + len(found.label), {"field": name})
                    elif anchor:
                        yield Hit(anchor.start, anchor.end, {"field": name})
                    else:
                        yield Hit(0, 0, {"field": name}, document_level=True)
        if ctx.year is None:
            return
        for spec in self.params.get("dates", []):
            found = report.header.get(spec["field"])
            when = found.date if found else None
            if found is None or when is None:
                continue
            low = resolve_date(spec["not_before"], ctx.year) if "not_before" in spec else None
            high = resolve_date(spec["not_after"], ctx.year) if "not_after" in spec else None
            if (low and when < low) or (high and when > high):
                values = {"field": spec["field"], "value": found.value, "year": ctx.year, "next_year": ctx.year + 1}
                message = spec.get("message")
                if message:
                    values["message"] = message
                yield Hit(found.value_start, found.value_end, values)
        dwell = self.params.get("dwell")
        if dwell is not None:
            yield from self._dwell(ctx, dwell)

    def _dwell(self, ctx: Context, spec: dict[str, Any]) -> Iterator[Hit]:
        """The body talks about another year far more than about the report year (a copied report)."""
        report = ctx.report
        assert ctx.year is not None
        body = report.text[report.body.start : report.body.end]
        # Years inside cited titles (《…2021—2025年…》) are references, not the period reported on.
        masked = _TITLE_MARKS.sub(lambda m: "　" * len(m.group(0)), body)
        counts: Counter[int] = Counter()
        first: dict[int, int] = {}
        for match in _YEAR_MENTION.finditer(masked):
            year = int(match[1])
            counts[year] += 1
            first.setdefault(year, report.body.start + match.start(1))
        own = counts.get(ctx.year, 0)
        minimum = spec.get("min_mentions", 3)
        for year, count in counts.most_common():
            if year in (ctx.year, ctx.year + 1) or count < minimum or count <= own:
                continue
            start = first[year]
            values = {"other_year": year, "count": count, "own_count": own, "year": ctx.year, "next_year": ctx.year + 1}
            if spec.get("message"):
                values["message"] = spec["message"]
            yield Hit(start, start + 4, values)
            return
