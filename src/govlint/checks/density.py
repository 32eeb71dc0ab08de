"""``check: density``: the part on this year's measures states enough verifiable figures (counts
with measure words, rates, amounts) for its length, as figures per 1,000 Chinese characters.

The part is the ``measures`` area's sections when the report has such a heading; otherwise the
body from its first heading, without the sections on the leaders' duties, shortcomings and next
year's plan (a town report organised by work area). The threshold ``per_1000`` is data in the
rule, and a profile may override it (``options: {GL207: {per_1000: …}}``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from govlint.checks.base import Check, Context, Hit
from govlint.numerals import NUMERAL
from govlint.report import Span

_HAN = regex.compile(r"\p{Han}+")
# A lone Chinese digit before 个/项/条 counts a slogan's items (两个维护, 三项制度, 八条规定), not
# work; a lone 一 is a phrase far more often than a figure (一次性告知, 一件事一次办).
_SLOGAN = regex.compile(r"^[一二两三四五六七八九十]$")
_SLOGAN_UNITS = ("个", "项", "条")


def figure_regex(units: list[str]) -> regex.Pattern[str]:
    """A number with a unit or a per cent sign; not an ordinal (第3次), a year or a document number."""
    alternatives = "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))
    return regex.compile(
        rf"(?<![第0-9０-９.．〔\[【]|进|统|唯|之)(?P<number>{NUMERAL})\s*(?:余|多)?\s*(?P<unit>{alternatives}|[%％])"
    )


def measures_spans(ctx: Context) -> list[Span]:
    """Where this year's measures and results are told (see the module docstring)."""
    named = ctx.area_headings("measures")
    if named:
        outer = {id(h) for h in named}
        return [Span(h.end, h.section_end) for h in named if h.parent is None or id(h.parent) not in outer]
    report = ctx.report
    start = report.headings[0].start if report.headings else report.body.start
    spans = [Span(start, report.body.end)]
    # The other contents items are not measures: the leaders' duties, shortcomings, next year's plan.
    for key in ("first-responsible", "shortcomings", "plan"):
        for heading in ctx.area_headings(key):
            spans = _without(spans, heading.start, heading.section_end)
    return spans


def _without(spans: list[Span], start: int, end: int) -> list[Span]:
    kept = []
    for span in spans:
        if end <= span.start or start >= span.end:
            kept.append(span)
            continue
        if span.start < start:
            kept.append(Span(span.start, start))
        if end < span.end:
            kept.append(Span(end, span.end))
    return kept


def chinese_chars(text: str, spans: list[Span]) -> int:
    """Chinese characters in the spans, counted by runs (a quarter of the time of one match each),
    the runs' lengths summed by map in C rather than by a generator."""
    return sum(sum(map(len, _HAN.findall(text, span.start, span.end))) for span in spans)


def count_figures(text: str, spans: list[Span], pattern: regex.Pattern[str]) -> int:
    found = 0
    for span in spans:
        # findall gives (number, unit) tuples: the pattern's only two groups, no match object each.
        for number, unit in pattern.findall(text, span.start, span.end):
            if number == "一" or (unit in _SLOGAN_UNITS and _SLOGAN.match(number)):
                continue
            found += 1
    return found


class Density(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.pattern = figure_regex(self.params["units"])

    def run(self, ctx: Context) -> Iterator[Hit]:
        spans = measures_spans(ctx)
        text = ctx.report.text
        min_chars = int(ctx.option(self.rule, "min_chars") or 0)
        # The spans' length bounds their Chinese characters from above, so the part can be judged
        # without counting them (a scan of the whole part) when even that bound decides: too short
        # to judge, or figures enough per 1,000 of all its characters, hence of its Chinese ones.
        total = sum(span.end - span.start for span in spans)
        if total < min_chars or not total:
            return
        figures = count_figures(text, spans, self.pattern)
        bound = _number(ctx.option(self.rule, "per_1000"))
        if bound is not None and figures * 1000 / total >= bound:
            return
        chars = chinese_chars(text, spans)
        if chars < min_chars or not chars:
            return
        threshold = float(ctx.option(self.rule, "per_1000"))
        rate = figures * 1000 / chars
        if rate >= threshold:
            return
        values = {"figures": figures, "chars": chars, "rate": f"{rate:.1f}", "threshold": f"{threshold:g}"}
        named = ctx.area_headings("measures")
        if named:
            heading = named[0]
            yield Hit(heading.start, heading.end, values)
        else:
            yield Hit(0, 0, values, document_level=True)


def _number(value: Any) -> float | None:
    """``float(value)``, or None where that raises: a bad ``per_1000`` is then left to fail where
    it did before, on a part long enough to judge."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
