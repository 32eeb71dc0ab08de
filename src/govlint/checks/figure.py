"""``check: figure``: a topic (听证, 行政诉讼 …) must be stated with a number or an explicit none in
the topic's own sentence (or clause, with ``within: clause``); a number elsewhere does not count.

A rule names its figure by key (``figure: hearings``): the definitions live in ``rules/figures.yaml``,
which ``govlint extract`` reads too, so a check and the extraction cannot disagree."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import regex

from govlint.checks import base
from govlint.checks.base import Check, Context, Hit
from govlint.diagnostics import ChecklistItem
from govlint.errors import RuleError
from govlint.numerals import NUMERAL, to_number
from govlint.report import Report, Span
from govlint.rules import compile_pattern, line_of

if TYPE_CHECKING:
    from govlint.rules import FigureDef

_CLAUSE_END = "，,；;。！？!?\n"
_CLAUSE_END_RE = regex.compile("[" + regex.escape(_CLAUSE_END) + "]")


def clause_at(report: Report, start: int, end: int) -> Span:
    """The clause around a match: from the previous comma (or sentence end) to the next one."""
    sentence = report.sentence_at(start)
    # Bisection in the sentence's clause-end offsets (memoised per sentence): a character scan per
    # match was quadratic on a long sentence naming the topic many times, long enough to trip the
    # timeout. Only sentences that name a topic are scanned, not the whole text.
    memo = report.cache.setdefault("clause_ends", {})
    ends = memo.get((sentence.start, sentence.end))
    if ends is None:
        found = _CLAUSE_END_RE.finditer(report.text, sentence.start, sentence.end)
        ends = memo[sentence.start, sentence.end] = [m.start() for m in found]
    left = start
    if left > sentence.start:
        before = bisect.bisect_left(ends, start)
        left = max(sentence.start, ends[before - 1] + 1) if before else sentence.start
    right = end
    if right < sentence.end:
        after = bisect.bisect_left(ends, end)
        right = min(sentence.end, ends[after]) if after < len(ends) else sentence.end
    return Span(left, right)


# An elliptical clause that only carries the topic's figure: "依法举行听证，共举行2次" (adverbs and
# counting verbs, then the number). A clause with a noun of its own ("全年召开座谈会5次") is not one.
_ELLIPSIS = "[共计累合总全年本度今先后已均分别依法组织举行召开开展办理发生受理审查出具了达到为约有其中]{0,10}"


def figure_pattern(units: list[str]) -> regex.Pattern[str]:
    """A number followed by one of the units: 2次, 十二件, ３场, 100%."""
    alternatives = "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))
    return regex.compile(rf"(?P<number>{NUMERAL})\s*(?:余|多)?\s*(?:{alternatives})")


def continuation_pattern(units: list[str]) -> regex.Pattern[str]:
    """The start of a clause that continues the previous one with nothing but a figure."""
    return regex.compile(rf"\s*{_ELLIPSIS}{figure_pattern(units).pattern}")


def topic_spans(
    report: Report, spans: list[Span], topic: regex.Pattern[str], within: str, blank_titles: bool = False
) -> list[tuple[Span, int, int]]:
    """For each sentence (or clause) naming the topic: that span and the topic's first match in it.
    With ``blank_titles`` the topic is looked for outside 《…》 only (same offsets). Memoised per
    report: two rules may name one figure (GL202 states the litigation cases, GL205 opens on them)."""
    memo = report.cache.setdefault("topic_spans", {})
    key = (topic.pattern, topic.flags, within, blank_titles, tuple((span.start, span.end) for span in spans))
    found = memo.get(key)
    if found is None:
        found = memo[key] = _topic_spans(report, spans, topic, within, blank_titles)
    return found


def _topic_spans(
    report: Report, spans: list[Span], topic: regex.Pattern[str], within: str, blank_titles: bool
) -> list[tuple[Span, int, int]]:
    searched = report.masked_titles() if blank_titles else report.text
    found: list[tuple[Span, int, int]] = []
    seen: set[int] = set()
    for span in spans:
        # list(): only the regex scan itself runs under the time limit (see forbid.py).
        for match in list(topic.finditer(searched, span.start, span.end, timeout=base.PATTERN_TIMEOUT)):
            if within == "clause":
                sentence = clause_at(report, match.start(), match.end())
            else:
                sentence = report.sentence_at(match.start())
            if sentence.start not in seen:
                seen.add(sentence.start)
                found.append((sentence, match.start(), match.end()))
    return found


_SPEC_KEYS = ("topic", "within", "units", "none", "full", "blank_titles")


def resolve(data: dict[str, Any], figures: dict[str, FigureDef], file: str, node: Any) -> dict[str, Any]:
    """A figure rule with its figures looked up: ``figure: hearings`` (or a list of keys) becomes
    ``figures: [spec, …]``, each spec the figure's topic, within, units, none and full, where the
    rule's own keys win. A rule without ``figure`` is its own single spec (topic and units needed)."""
    data = dict(data)
    own = {key: data.pop(key) for key in _SPEC_KEYS if key in data}
    keys = data.pop("figure", None)
    data["figures"] = _specs(keys, own, figures, file, node, [])
    # Which figures the rule names (for `govlint rules`).
    data["figure_keys"] = [keys] if isinstance(keys, str) else list(keys or [])
    only_if = data.get("only_if")
    if only_if:
        gate = dict(only_if)
        gate_own = {key: gate.pop(key) for key in _SPEC_KEYS if key in gate}
        gate_key = gate.pop("figure", None)
        (gate_spec,) = _specs(gate_key, gate_own, figures, file, node, ["only_if"])
        if gate_key:
            data["figure_keys"].append(gate_key)
        data["only_if"] = {**gate, **gate_spec}
    return data


def _specs(
    keys: str | list[str] | None,
    own: dict[str, Any],
    figures: dict[str, FigureDef],
    file: str,
    node: Any,
    path: list[str],
) -> list[dict[str, Any]]:
    if keys is None:
        missing = [key for key in ("topic", "units") if key not in own]
        if missing:
            raise RuleError(
                f"缺少必填的键“{missing[0]}”（或用 figure 引用 figures.yaml 中的数字）", file, line_of(node, path)
            )
        return [own]
    specs = []
    for key in [keys] if isinstance(keys, str) else keys:
        if key not in figures:
            known = "、".join(figures) or "无"
            raise RuleError(f"未知的数字“{key}”，已定义：{known}", file, line_of(node, [*path, "figure"]))
        spec = {name: value for name, value in figures[key].spec.items() if name in _SPEC_KEYS}
        specs.append({**spec, **own})
    return specs


def continued(report: Report, clause: Span, continuation: regex.Pattern[str]) -> regex.Match[str] | None:
    """In clause mode: the next clause of the same sentence gives the figure elliptically
    ("依法举行听证，共举行2次"); the match of ``continuation`` there."""
    text = report.text
    if clause.end >= len(text) or text[clause.end] not in "，,":
        return None
    sentence = report.sentence_at(clause.start)
    nxt = clause_at(report, clause.end + 1, clause.end + 1)
    if nxt.end > sentence.end:
        return None
    return continuation.match(text, clause.end + 1, nxt.end)


class _Topic:
    """One figure's compiled patterns: what names it, its number, and what states it in words."""

    def __init__(self, spec: dict[str, Any], rule: Any, path: list[Any]) -> None:
        self.topic = compile_pattern(spec["topic"], rule.file, rule.node, [*path, "topic"])
        self.within = spec.get("within", "sentence")
        self.blank_titles = bool(spec.get("blank_titles", False))
        self.figure = figure_pattern(spec["units"])
        self.continuation = continuation_pattern(spec["units"])
        words = [*_as_list(spec.get("none")), *_as_list(spec.get("full"))]
        self.none = compile_pattern(words, rule.file, rule.node, [*path, "none"]) if words else None


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class Figure(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.topics = [_Topic(spec, rule, []) for spec in self.params["figures"]]
        # Areas whose parts are not read: a count under next year's plan ("计划举行听证会2次") is an
        # intention, not this year's figure.
        self.outside = tuple(self.params.get("outside", ()))
        only_if = self.params.get("only_if")
        if only_if:
            self.gate_topic = compile_pattern(only_if["topic"], rule.file, rule.node, ["only_if", "topic"])
            self.gate_figure = figure_pattern(only_if["units"])
            self.gate_min = float(only_if.get("at_least", 1))
            self.gate_within = only_if.get("within", "sentence")
            self.gate_blank = bool(only_if.get("blank_titles", False))

    def bind(self, areas: dict[str, Any]) -> None:
        base.check_areas(self.rule, areas, [("outside", self.outside)])

    def _topic_sentences(
        self, ctx: Context, topic: regex.Pattern[str], within: str, blank_titles: bool = False
    ) -> list[tuple[Span, int, int]]:
        spans = ctx.scope_spans(self.rule.scope)
        if self.outside:
            spans = ctx.outside_parts(spans, self.outside)
        return topic_spans(ctx.report, spans, topic, within, blank_titles)

    def _gate_open(self, ctx: Context) -> bool:
        text = ctx.report.text
        for sentence, _, _ in self._topic_sentences(ctx, self.gate_topic, self.gate_within, self.gate_blank):
            for match in self.gate_figure.finditer(text, sentence.start, sentence.end):
                number = to_number(match["number"])
                if number is not None and number >= self.gate_min:
                    return True
        return False

    def run(self, ctx: Context) -> Iterator[Hit]:
        if self.params.get("only_if") and not self._gate_open(ctx):
            return
        text = ctx.report.text
        label = self.params.get("checklist")
        first: list[tuple[Span, int, int]] | None = None
        for topic in self.topics:
            sentences = self._topic_sentences(ctx, topic.topic, topic.within, topic.blank_titles)
            if not first:
                first = sentences
            for sentence, _, _ in sentences:
                if (
                    topic.figure.search(text, sentence.start, sentence.end)
                    or (topic.none is not None and topic.none.search(text, sentence.start, sentence.end))
                    or continued(ctx.report, sentence, topic.continuation)
                ):
                    if label:
                        ctx.checklist.append(ChecklistItem(self.rule.code, label, True))
                    return
        if label:
            ctx.checklist.append(ChecklistItem(self.rule.code, label, False))
        sentences = first or []
        if sentences:
            # Point at running text rather than at a heading that merely names the topic.
            in_heading = [_in_heading(ctx.report, start) for _, start, _ in sentences]
            sentence, start, end = sentences[in_heading.index(False) if False in in_heading else 0]
            yield Hit(start, end, {"sentence": text[sentence.start : sentence.end], "match": text[start:end]})
        elif self.params.get("missing_topic", "report") == "report":
            yield Hit(0, 0, {}, document_level=True)


def _in_heading(report: Report, offset: int) -> bool:
    """Whether ``offset`` lies in a heading's text, by bisection: headings are in text order, one
    to a line, so only the last one starting at or before ``offset`` can hold it."""
    starts = report.cache.get("_figure_heading_starts")
    if starts is None:
        starts = report.cache["_figure_heading_starts"] = [heading.start for heading in report.headings]
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < report.headings[index].end
