"""``check: figure``: a topic (听证, 行政诉讼 …) must be stated with a number or an explicit none in
the topic's own sentence (or clause, with ``within: clause``); a number elsewhere does not count."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

import regex

from govlint.checks import base
from govlint.checks.base import Check, Context, Hit
from govlint.diagnostics import ChecklistItem
from govlint.numerals import NUMERAL, to_number
from govlint.report import Report, Span
from govlint.rules import compile_pattern

_CLAUSE_END = "，,；;。！？!?\n"
_CLAUSE_END_RE = regex.compile("[" + regex.escape(_CLAUSE_END) + "]")


def clause_at(report: Report, start: int, end: int) -> Span:
    """The clause around a match: from the previous comma (or sentence end) to the next one."""
    sentence = report.sentence_at(start)
    # Bisection in the report's clause-end offsets (memoised): a character scan per match was
    # quadratic on a long sentence naming the topic many times, long enough to trip the timeout.
    ends = report.cache.get("clause_ends")
    if ends is None:
        ends = report.cache["clause_ends"] = [m.start() for m in _CLAUSE_END_RE.finditer(report.text)]
    left = start
    if left > sentence.start:
        before = bisect.bisect_left(ends, start)
        left = max(sentence.start, ends[before - 1] + 1) if before else sentence.start
    right = end
    if right < sentence.end:
        after = bisect.bisect_left(ends, end)
        right = min(sentence.end, ends[after]) if after < len(ends) else sentence.end
    return Span(left, right)


def figure_pattern(units: list[str]) -> regex.Pattern[str]:
    """A number followed by one of the units: 2次, 十二件, ３场, 100%."""
    alternatives = "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))
    return regex.compile(rf"(?P<number>{NUMERAL})\s*(?:余|多)?\s*(?:{alternatives})")


class Figure(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        self.topic = compile_pattern(self.params["topic"], rule.file, rule.node, ["topic"])
        self.figure = figure_pattern(self.params["units"])
        none = self.params.get("none")
        self.none = compile_pattern(none, rule.file, rule.node, ["none"]) if none else None
        only_if = self.params.get("only_if")
        if only_if:
            self.gate_topic = compile_pattern(only_if["topic"], rule.file, rule.node, ["only_if", "topic"])
            self.gate_figure = figure_pattern(only_if["units"])
            self.gate_min = float(only_if.get("at_least", 1))
            self.gate_within = only_if.get("within", "sentence")

    def _topic_sentences(self, ctx: Context, topic: regex.Pattern[str], within: str) -> list[tuple[Span, int, int]]:
        """For each sentence (or clause) naming the topic: that span and the topic's first match in it."""
        report = ctx.report
        found: list[tuple[Span, int, int]] = []
        seen: set[int] = set()
        for span in ctx.scope_spans(self.rule.scope):
            # list(): only the regex scan itself runs under the time limit (see forbid.py).
            for match in list(topic.finditer(report.text, span.start, span.end, timeout=base.PATTERN_TIMEOUT)):
                sentence = (
                    clause_at(report, match.start(), match.end()) if within == "clause" else report.sentence_at(match.start())
                )
                if sentence.start not in seen:
                    seen.add(sentence.start)
                    found.append((sentence, match.start(), match.end()))
        return found

    def _gate_open(self, ctx: Context) -> bool:
        text = ctx.report.text
        for sentence, _, _ in self._topic_sentences(ctx, self.gate_topic, self.gate_within):
            for match in self.gate_figure.finditer(text, sentence.start, sentence.end):
                number = to_number(match["number"])
                if number is not None and number >= self.gate_min:
                    return True
        return False

    def run(self, ctx: Context) -> Iterator[Hit]:
        if self.params.get("only_if") and not self._gate_open(ctx):
            return
        text = ctx.report.text
        sentences = self._topic_sentences(ctx, self.topic, self.params.get("within", "sentence"))
        label = self.params.get("checklist")
        for sentence, _, _ in sentences:
            if self.figure.search(text, sentence.start, sentence.end) or (
                self.none is not None and self.none.search(text, sentence.start, sentence.end)
            ):
                if label:
                    ctx.checklist.append(ChecklistItem(self.rule.code, label, True))
                return
        if label:
            ctx.checklist.append(ChecklistItem(self.rule.code, label, False))
        if sentences:
            sentence, start, end = sentences[0]
            yield Hit(start, end, {"sentence": text[sentence.start:sentence.end], "match": text[start:end]})
        elif self.params.get("missing_topic", "report") == "report":
            yield Hit(0, 0, {}, document_level=True)
