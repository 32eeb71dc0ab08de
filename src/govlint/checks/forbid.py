"""``check: forbid``: a pattern must not occur in the scope (optionally only when a captured value
meets a condition), with an optional mechanical fix."""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterator
from typing import Any

import regex

from govlint.checks import base
from govlint.checks.base import Check, Context, Hit
from govlint.diagnostics import Applicability, Edit, Fix, replacement
from govlint.errors import RuleError
from govlint.report import Span
from govlint.rules import compile_pattern, join_items, pattern_items

_PLACEHOLDER = regex.compile(r"\{(\w+)(?::(int))?\}")
# Distinct matched texts whose fix is remembered per rule (a pattern may match free text).
_BY_TEXT_MAX = 10_000
# Items with their own prefilter up to which every subset's alternation is compiled with the rule
# (2**n patterns); beyond, each subset is compiled when a report first needs it.
_SUBSETS_COMPILED_AHEAD = 4


def resolve_value(value: Any, ctx: Context) -> float | None:
    """A condition's operand: a number, or {year} / {next_year} of the report."""
    if isinstance(value, (int, float)):
        return float(value)
    if value in ("{year}", "{next_year}"):
        if ctx.year is None:
            return None
        return float(ctx.year + (1 if value == "{next_year}" else 0))
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class Forbid(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        value = self.params["pattern"]
        self.pattern = compile_pattern(value, rule.file, rule.node, ["pattern"])
        self._items = pattern_items(value)
        # An item's own prefilter: a necessary condition of that alternative alone. On a range where
        # it finds nothing, that alternative cannot match, so leaving it out of the alternation there
        # gives the same matches (GL302: the alternative for a blank in place of the number tries
        # every Chinese character of a line, and is rarely needed).
        listed = value if isinstance(value, list) else []
        own: list[str | None] = [item.get("prefilter") if isinstance(item, dict) else None for item in listed]
        self.item_filters: tuple[regex.Pattern[str] | None, ...] = tuple(
            compile_pattern(source, rule.file, rule.node, ["pattern", index, "prefilter"]) if source else None
            for index, source in enumerate(own)
        )
        prefilter = self.params.get("prefilter")
        self.prefilter = compile_pattern(prefilter, rule.file, rule.node, ["prefilter"]) if prefilter else None
        sources = [source for source in own if source]
        if self.prefilter is None and own and len(sources) == len(own):
            # Every alternative has its own: the rule runs only where one of them is found.
            self.prefilter = compile_pattern(join_items(sources), rule.file, rule.node, ["pattern"])
        # Without named groups a hit's values are {"match": the matched text} (see spans()).
        self.plain = not self.pattern.groupindex
        # ``rules test`` turns the prefilters off to check that they hide no finding.
        self.use_prefilters = True
        # The alternation of each subset of the items, by bitmask (compiled when first needed).
        self._subsets: dict[int, regex.Pattern[str] | None] = {}
        self.where = self.params.get("where")
        self.fix = self.params.get("fix")
        # Looked up once per rule, not once per match.
        self.applicability = Applicability(self.fix["applicability"]) if self.fix else None
        self.unsafe_when = (self.fix or {}).get("unsafe_when", [])
        self.fix_message = (self.fix or {}).get("message", "")
        # A mapped fix whose unsafe_when conditions only test the whole match against a list
        # (GL304: "?" is unsafe) depends on the matched text alone: its replacement and
        # applicability are looked up once per distinct text, not worked out for every match.
        simple = all(c.get("group") == 0 and set(c) <= {"group", "in"} for c in self.unsafe_when)
        self._by_text: dict[str, tuple[str, Applicability] | None] | None = (
            {} if self.fix and "map" in self.fix and simple else None
        )
        names = set(self.pattern.groupindex)
        if self.where:
            group = self.where["group"]
            unknown_int = isinstance(group, int) and group > self.pattern.groups
            if unknown_int or (isinstance(group, str) and group not in names):
                raise RuleError(f"where 引用了模式中不存在的分组“{group}”", rule.file, rule.line("where", "group"))
        if self.fix and "replace" in self.fix:
            for match in _PLACEHOLDER.finditer(self.fix["replace"]):
                if match[1] not in names and match[1] != "match":
                    raise RuleError(
                        f"fix.replace 引用了模式中不存在的分组“{match[1]}”", rule.file, rule.line("fix", "replace")
                    )
        for index, condition in enumerate((self.fix or {}).get("unsafe_when", [])):
            group = condition["group"]
            if group not in names and not (isinstance(group, int) and group <= self.pattern.groups):
                raise RuleError(
                    f"fix.unsafe_when 引用了模式中不存在的分组“{group}”",
                    rule.file,
                    rule.line("fix", "unsafe_when", index),
                )
        # Group numbers change when alternatives are left out (names do not): a rule that names a
        # group by number always runs its whole pattern.
        numbered = [c["group"] for c in [self.where or {}, *self.unsafe_when] if "group" in c]
        self._narrowing = any(self.item_filters) and not any(isinstance(g, int) and g for g in numbered)
        # Every item has its own prefilter and the rule none of its own: each item's prefilter is
        # scanned over the scope once, and the lines it selects carry that item's bit (no union scan,
        # then no search per line for each item).
        self._by_item = self._narrowing and prefilter is None and all(self.item_filters)
        if self._narrowing:
            # Compiled with the rule (and kept in the rule cache, where a compiled pattern loads in
            # microseconds): compiling GL302's subset on a cold run's first report took milliseconds.
            optional = [index for index, item_filter in enumerate(self.item_filters) if item_filter is not None]
            if len(optional) <= _SUBSETS_COMPILED_AHEAD:
                always = sum(1 << index for index, item_filter in enumerate(self.item_filters) if item_filter is None)
                for combination in range(1 << len(optional)):
                    self._subset(always | sum(1 << index for j, index in enumerate(optional) if combination >> j & 1))

    def _where_ok(self, match: regex.Match[str], ctx: Context) -> bool:
        assert self.where is not None
        from govlint.numerals import to_number

        captured = _group(match, self.where["group"])
        number = to_number(captured) if captured else None
        if number is None:
            return False
        for op, test in (("gt", lambda a, b: a > b), ("lt", lambda a, b: a < b), ("ne", lambda a, b: a != b)):
            if op in self.where:
                operand = resolve_value(self.where[op], ctx)
                if operand is None or not test(number, operand):
                    return False
        return True

    def _fix_for(self, match: regex.Match[str], ctx: Context) -> Fix | None:
        if not self.fix:
            return None
        by_text = self._by_text
        if by_text is not None:
            matched = match.group(0)
            try:
                found = by_text[matched]
            except KeyError:
                found = self._remember(match, ctx)
            if found is None:
                return None
            first, last = match.span()
            return replacement(first, last, found[0], found[1], self.fix_message)
        return self._fix_of(match, ctx)

    def _fix_of(self, match: regex.Match[str], ctx: Context) -> Fix | None:
        assert self.fix is not None
        applicability = self.applicability
        if applicability is Applicability.SAFE and any(_holds(c, match, ctx) for c in self.unsafe_when):
            applicability = Applicability.UNSAFE
        if "map" in self.fix:
            replacement = self.fix["map"].get(match.group(0))
            if replacement is None:
                return None
        elif "replace" in self.fix:
            replacement = _fill(self.fix["replace"], match)
            if replacement is None:
                return None
        else:
            return None
        if replacement == match.group(0):
            return None
        assert applicability is not None
        return Fix((Edit(match.start(), match.end(), replacement),), applicability, self.fix_message)

    def _ranges(self, ctx: Context) -> Iterator[tuple[int, int]]:
        """Where the pattern runs: each scope span, or only the lines that the prefilter finds.

        A hit selects every line it touches: ``\\d\\s*[%％]`` may span a line break, as may the
        match it stands for. Overlapping selections are merged, so no match is seen twice."""
        report = ctx.report
        starts, text_end = report.line_starts, len(report.text)
        prefilter = self.prefilter if self.use_prefilters else None
        for span in ctx.scope_spans(self.rule.scope):
            if prefilter is None:
                yield span.start, span.end
                continue
            current: tuple[int, int] | None = None
            for hit in list(prefilter.finditer(report.text, span.start, span.end, timeout=base.PATTERN_TIMEOUT)):
                if current is not None and hit.end() <= current[1]:
                    continue
                start, end = _lines(hit, span, starts, text_end)
                if current is not None and start <= current[1]:
                    current = (current[0], max(current[1], end))
                    continue
                if current is not None:
                    yield current
                current = (start, end)
            if current is not None:
                yield current

    def _pieces(self, ctx: Context) -> Iterator[tuple[int, int, regex.Pattern[str]]]:
        """Each range the pattern runs on, with the alternation of the items that can match there."""
        if not self.use_prefilters:
            for start, end in self._ranges(ctx):
                yield start, end, self.pattern
            return
        if self._by_item:
            yield from self._item_pieces(ctx)
            return
        text = ctx.report.text
        for start, end in self._ranges(ctx):
            pattern = self._narrowed(text, start, end) if self._narrowing else self.pattern
            if pattern is not None:
                yield start, end, pattern

    def _item_pieces(self, ctx: Context) -> Iterator[tuple[int, int, regex.Pattern[str]]]:
        """As ``_ranges`` then ``_narrowed`` select them (the same lines: the union of the items'
        prefilters finds a line exactly when one of them does; the same items: an item's prefilter
        is found in a line's range exactly when one of its hits selected that line), from one scan
        of the scope per item."""
        report = ctx.report
        text, starts = report.text, report.line_starts
        text_end = len(text)
        for span in ctx.scope_spans(self.rule.scope):
            selected: list[tuple[int, int, int]] = []
            for index, item_filter in enumerate(self.item_filters):
                assert item_filter is not None
                bit = 1 << index
                for hit in list(item_filter.finditer(text, span.start, span.end, timeout=base.PATTERN_TIMEOUT)):
                    selected.append((*_lines(hit, span, starts, text_end), bit))
            selected.sort()
            current: list[int] | None = None
            for start, end, bit in selected:
                if current is not None and start <= current[1]:
                    current[1] = max(current[1], end)
                    current[2] |= bit
                    continue
                if current is not None:
                    yield current[0], current[1], self._subset_for(current[2])
                current = [start, end, bit]
            if current is not None:
                yield current[0], current[1], self._subset_for(current[2])

    def _subset_for(self, mask: int) -> regex.Pattern[str]:
        subset = self._subset(mask)
        assert subset is not None  # a selected line has at least one item's bit
        return subset

    def _narrowed(self, text: str, start: int, end: int) -> regex.Pattern[str] | None:
        """The alternation of the items that can match in text[start:end]: those whose own
        prefilter is found there, and those without one (None: no item can match there)."""
        mask = 0
        for index, item_filter in enumerate(self.item_filters):
            if item_filter is None or item_filter.search(text, start, end, timeout=base.PATTERN_TIMEOUT):
                mask |= 1 << index
        return self._subset(mask)

    def _subset(self, mask: int) -> regex.Pattern[str] | None:
        """The alternation of the items in ``mask``, compiled once."""
        if mask in self._subsets:
            return self._subsets[mask]
        if mask == (1 << len(self._items)) - 1:
            subset: regex.Pattern[str] | None = self.pattern
        elif mask == 0:
            subset = None
        else:
            chosen = [item for index, item in enumerate(self._items) if mask >> index & 1]
            subset = regex.compile(join_items(chosen), regex.MULTILINE)
            if subset.flags != self.pattern.flags:
                # A global inline flag ((?r), (?V1)) of a left-out item applied to the others too.
                subset = self.pattern
        self._subsets[mask] = subset
        return subset

    def _matches(self, ctx: Context) -> Iterator[regex.Match[str]]:
        """Each non-empty match in the scope that meets ``where``."""
        text = ctx.report.text
        where = self.where
        for start, end, pattern in self._pieces(ctx):
            # list(): the time limit runs from the finditer call and would count the work done per
            # match below, so a long report with many matches would look like a backtracking pattern.
            for match in list(pattern.finditer(text, start, end, timeout=base.PATTERN_TIMEOUT)):
                first, last = match.span()
                if first == last:
                    continue
                if where and not self._where_ok(match, ctx):
                    continue
                yield match

    def spans(self, ctx: Context) -> list[tuple[int, int, Fix | None]]:
        """``(start, end, fix)`` of each hit, for a rule whose hits' values are the matched text
        alone (``plain``): the engine fills one message per distinct text, with no Hit or dict."""
        fix_for = self._fix_for
        return [(*match.span(), fix_for(match, ctx)) for match in self._matches(ctx)]

    def _remember(self, match: regex.Match[str], ctx: Context) -> tuple[str, Applicability] | None:
        """The replacement and applicability of a matched text, worked out once (``_by_text``)."""
        by_text = self._by_text
        assert by_text is not None
        if len(by_text) >= _BY_TEXT_MAX:
            by_text.clear()
        fix = self._fix_of(match, ctx)
        known = by_text[match.group(0)] = (fix.edits[0].content, fix.applicability) if fix else None
        return known

    def run(self, ctx: Context) -> Iterator[Hit]:
        if self.plain:
            text = ctx.report.text
            for first, last, fix in self.spans(ctx):
                yield Hit(first, last, {"match": text[first:last]}, fix)
            return
        fix_for = self._fix_for
        for match in self._matches(ctx):
            values = {k: v for k, v in match.groupdict().items() if v is not None}
            values["match"] = match.group(0)
            first, last = match.span()
            yield Hit(first, last, values, fix_for(match, ctx))


def _lines(hit: regex.Match[str], span: Span, starts: list[int], text_end: int) -> tuple[int, int]:
    """The lines a prefilter hit selects, within ``span``: from the start of the line of its first
    character to the end of the line of its last (1-based lines found as report.position finds them)."""
    first = bisect.bisect_right(starts, hit.start())
    last = bisect.bisect_right(starts, max(hit.start(), hit.end() - 1))
    return max(span.start, starts[first - 1]), min(span.end, starts[last] - 1 if last < len(starts) else text_end)


def _group(match: regex.Match[str], group: str | int) -> str | None:
    """A group's text; None also for a group of an alternative left out where the match was found
    (in the whole pattern such a group exists but takes no part in that match)."""
    try:
        return match.group(group)
    except IndexError:
        return None


def _holds(condition: dict[str, Any], match: regex.Match[str], ctx: Context) -> bool:
    """Whether one ``fix.unsafe_when`` condition holds for a match (all its comparisons must hold).

    Without a report year, {year} and {next_year} fall back to the current calendar year: a
    document cannot be numbered in the future, so that bound is still evidence.
    """
    from govlint.numerals import to_number

    captured = _group(match, condition["group"])
    if captured is None:
        return False
    if "in" in condition and captured not in condition["in"]:
        return False
    comparisons = [(op, condition[op]) for op in ("gt", "lt", "ne") if op in condition]
    if not comparisons:
        return True
    number = to_number(captured)
    if number is None:
        return False
    this_year = ctx.year or datetime.date.today().year
    for op, raw in comparisons:
        operand = (
            float(this_year + 1)
            if raw == "{next_year}"
            else float(this_year)
            if raw == "{year}"
            else resolve_value(raw, ctx)
        )
        if operand is None:
            return False
        if not {"gt": number > operand, "lt": number < operand, "ne": number != operand}[op]:
            return False
    return True


def _fill(template: str, match: regex.Match[str]) -> str | None:
    """Fill {group} / {group:int} from a match; None when a group it needs did not take part."""
    missing = False

    def value(placeholder: regex.Match[str]) -> str:
        nonlocal missing
        name = placeholder[1]
        captured = match.group(0) if name == "match" else _group(match, name)
        if captured is None:
            missing = True
            return ""
        if placeholder[2] == "int":
            digits = captured.lstrip("0")
            return digits or "0"
        return captured

    filled = _PLACEHOLDER.sub(value, template)
    return None if missing else filled
