"""``check: balance``: paired marks (《》, 〈〉) open and close within each paragraph (with
``join_wrapped_lines``, a paragraph may run on over a wrapped line)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from govlint.checks.base import Check, Context, Hit
from govlint.report import Report

# A title wrapped by a PDF or a narrow page column spans two or three lines, not more.
MAX_WRAPS = 2
_SENTENCE_END = "。！？；：!?;:"


def is_wrap(report: Report, newline: int) -> bool:
    """Whether the line break at ``newline`` wraps a running line: the line before it does not end a
    sentence, and the next line is neither blank nor a heading."""
    text = report.text
    end = newline
    while end > 0 and text[end - 1] in " \t\u3000":
        end -= 1
    if end == 0 or text[end - 1] in _SENTENCE_END or text[end - 1] == "\n":
        return False
    start = newline + 1
    while start < len(text) and text[start] in " \t\u3000":
        start += 1
    if start >= len(text) or text[start] == "\n":
        return False
    starts = report.cache.get("_heading_starts")
    if starts is None:
        starts = report.cache["_heading_starts"] = {heading.start for heading in report.headings}
    return start not in starts


class Balance(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        pairs: list[str] = self.params["pairs"]
        self.opens = {pair[0]: pair[1] for pair in pairs}
        self.closes = {pair[1]: pair[0] for pair in pairs}
        self.marks = regex.compile("[" + regex.escape("".join(pairs)) + "\n]")
        self.join_wraps = bool(self.params.get("join_wrapped_lines", False))

    def run(self, ctx: Context) -> Iterator[Hit]:
        text = ctx.report.text
        messages = self.params["messages"]
        for span in ctx.scope_spans(self.rule.scope):
            stack: list[tuple[str, int]] = []
            wraps = 0
            for match in self.marks.finditer(text, span.start, span.end):
                mark = match.group(0)
                if mark == "\n":
                    if stack and self.join_wraps and wraps < MAX_WRAPS and is_wrap(ctx.report, match.start()):
                        wraps += 1
                        continue
                    yield from self._unclosed(stack, messages)
                    stack = []
                    wraps = 0
                elif mark in self.opens:
                    stack.append((mark, match.start()))
                elif stack and stack[-1][0] == self.closes[mark]:
                    stack.pop()
                elif any(open_mark == self.closes[mark] for open_mark, _ in stack):
                    # An inner mark was left open: report it, then close the outer one.
                    while stack[-1][0] != self.closes[mark]:
                        yield from self._unclosed([stack.pop()], messages)
                    stack.pop()
                else:
                    values = {"mark": mark, "pair": self.closes[mark] + mark, "message": messages["unopened"]}
                    yield Hit(match.start(), match.end(), values)
            yield from self._unclosed(stack, messages)

    def _unclosed(self, stack: list[tuple[str, int]], messages: dict[str, str]) -> Iterator[Hit]:
        for mark, start in stack:
            values = {"mark": mark, "pair": mark + self.opens[mark], "message": messages["unclosed"]}
            yield Hit(start, start + 1, values)
