"""What every check type shares: the contract, the evaluation context, and scopes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex

from govlint.diagnostics import ChecklistItem, Fix
from govlint.errors import RuleError
from govlint.report import Heading, Report, Span

if TYPE_CHECKING:
    from govlint.rules import Area, Rule


@dataclass(slots=True)
class Hit:
    """What a check yields: a span, values for the message template, and an optional fix."""

    start: int
    end: int
    values: dict[str, Any] = field(default_factory=dict)
    fix: Fix | None = None
    document_level: bool = False


@dataclass
class Context:
    """Everything a check may read while evaluating one report."""

    report: Report
    areas: dict[str, Area]
    required_areas: list[str]
    year: int | None
    checklist: list[ChecklistItem] = field(default_factory=list)
    # The same issuer's report of the year before (``--previous`` or directory pairing), if any.
    previous: Report | None = None
    # Per-rule parameters the profile overrides (``options: {GL207: {per_1000: 2}}``).
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def option(self, rule: Rule, key: str) -> Any:
        """A rule parameter as the profile sets it, else as the rule's YAML does."""
        return self.options.get(rule.code, {}).get(key, rule.params.get(key))

    def scope_spans(self, scope: str) -> list[Span]:
        report = self.report
        if scope == "body":
            return [report.body]
        if scope == "all":
            return [Span(0, len(report.text))]
        if scope == "title":
            spans = [report.title] if report.title else []
            return spans + list(report.cache.get("title_lines", []))
        if scope == "header":
            return [Span(f.value_start, f.value_end) for f in report.header.values()]
        if scope == "headings":
            return [Span(h.start, h.end) for h in report.headings]
        if scope.startswith("section:"):
            return [Span(h.start, h.section_end) for h in self.area_headings(scope[8:])]
        raise ValueError(scope)

    def area_headings(self, key: str, outside: tuple[str, ...] = ()) -> list[Heading]:
        """Headings (any level) whose text names the area, memoised per report. With ``outside``,
        only those not nested under a heading of one of those areas: a sub-heading of the next-year
        plan names what is planned, not what was done. A heading naming the report's year is never one
        of those (it reports this year's work)."""
        memo = self.report.cache.setdefault("areas", {})
        if key not in memo:
            area = self.areas.get(key)
            memo[key] = _naming(area.pattern, self.report.headings) if area and area.pattern else []
            if area and area.patterns_outside:
                # Set first, so two areas that name each other in keywords_outside cannot recurse forever.
                memo[key] = self._naming_outside(area, memo[key])
        if not outside:
            return memo[key]
        enclosing = self._enclosing(outside)
        return [heading for heading in memo[key] if not _under(heading, enclosing)]

    def outside_parts(self, spans: list[Span], keys: tuple[str, ...]) -> list[Span]:
        """The parts of ``spans`` not under a heading of these areas (``outside: [plan]``: next year's
        intentions are not this year's work)."""
        return without(spans, [Span(h.start, h.section_end) for h in self._parts_of(keys)])

    def _enclosing(self, keys: tuple[str, ...]) -> set[int]:
        """The headings of these areas, as parents a heading may not be nested under."""
        return {id(heading) for heading in self._parts_of(keys)}

    def _parts_of(self, keys: tuple[str, ...]) -> list[Heading]:
        """The headings of these areas that open a part to keep out. A heading that names the
        report's own year ("一、2023年重点工作") reports this year's work, whatever else its words
        match: it never encloses a plan or a list of shortcomings."""
        own_year = f"{self.year}年" if self.year else None
        return [
            heading
            for key in keys
            for heading in self.area_headings(key)
            if own_year is None or own_year not in heading.text
        ]

    def _naming_outside(self, area: Area, found: list[Heading]) -> list[Heading]:
        """``found`` and the headings an area's ``keywords_outside`` name where they are not nested
        under a heading of the area they are kept out of ("三、改进措施" is the plan; "（二）改进措施"
        under "二、存在的问题" is how the shortcomings will be remedied), in document order."""
        more: list[Heading] = []
        seen = {id(heading) for heading in found}
        for other, pattern in area.patterns_outside.items():
            candidates = [h for h in _naming(pattern, self.report.headings) if id(h) not in seen]
            if not candidates:
                continue
            enclosing = self._enclosing((other,))
            for heading in candidates:
                if not _under(heading, enclosing):
                    seen.add(id(heading))
                    more.append(heading)
        return sorted([*found, *more], key=lambda h: h.start) if more else found


def without(spans: list[Span], holes: list[Span]) -> list[Span]:
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


def check_areas(rule: Rule, areas: dict[str, Area], named: list[tuple[str, Iterable[str]]]) -> None:
    """Each area a rule parameter names is defined; else a file:line error at that parameter."""
    for param, keys in named:
        for key in keys:
            if key not in areas:
                from govlint.rules import unknown_area

                raise RuleError(unknown_area(key, areas), rule.file, rule.line(param))


def _under(heading: Heading, enclosing: set[int]) -> bool:
    parent = heading.parent
    while parent is not None:
        if id(parent) in enclosing:
            return True
        parent = parent.parent
    return False


class Check:
    """One check type. ``__init__`` compiles the rule's parameters once; ``run`` yields hits."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.params = rule.params

    def bind(self, areas: dict[str, Area]) -> None:
        """Called once all areas are loaded, so a check can verify the areas it names."""

    def run(self, ctx: Context) -> Iterator[Hit]:
        raise NotImplementedError


def _pattern_timeout(default: float = 5.0) -> float:
    """GOVLINT_PATTERN_TIMEOUT (seconds) if it is a positive number, else the default."""
    import os

    try:
        value = float(os.environ.get("GOVLINT_PATTERN_TIMEOUT", default))
    except ValueError:
        return default
    return value if value > 0 else default


# Seconds one pattern may run on one scope before the rule is reported as too slow (a user rule
# with catastrophic backtracking must not hang a CI job). Set GOVLINT_PATTERN_TIMEOUT to change it.
PATTERN_TIMEOUT = _pattern_timeout()


# Whether an area's keyword pattern matches a heading text, across the reports one process checks:
# the same headings ("一、主要举措和成效", "三、下一年度工作安排") recur from report to report, and a
# dict lookup is a fraction of a regex search (the plan family's ^(?!.*情况).* costs ~5 µs a heading).
# Each pattern's table is emptied when full, so a long run or a huge report adds at most ~0.5 MB a table.
_AREA_MATCHES: dict[regex.Pattern[str], dict[str, bool]] = {}
_AREA_MATCHES_MAX = 4096


def _naming(pattern: regex.Pattern[str], headings: list[Heading]) -> list[Heading]:
    """The headings whose text ``pattern`` finds, through the pattern's table of heading texts."""
    table = _AREA_MATCHES.setdefault(pattern, {})
    found = []
    for heading in headings:
        named = table.get(heading.text)
        if named is None:
            if len(table) >= _AREA_MATCHES_MAX:
                table.clear()
            named = table[heading.text] = pattern.search(heading.text) is not None
        if named:
            found.append(heading)
    return found
