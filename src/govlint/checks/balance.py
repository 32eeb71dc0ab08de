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
        # The marks alone: line breaks matter only while a mark is open (or a wrap was counted), and
        # are then found with str.find between two marks, not matched one by one over the whole body.
        self.marks = regex.compile("[" + regex.escape("".join(pairs)) + "]")
        self.join_wraps = bool(self.params.get("join_wrapped_lines", False))

    def run(self, ctx: Context) -> Iterator[Hit]:
        text = ctx.report.text
        messages = self.params["messages"]
        for span in ctx.scope_spans(self.rule.scope):
            stack: list[tuple[str, int]] = []
            wraps = 0
            pos = span.start
            # Each mark, then the span's end as a mark of its own ("") to take the last line breaks.
            marks = [(match.start(), match.group(0)) for match in self.marks.finditer(text, span.start, span.end)]
            marks.append((span.end, ""))
            for at, mark in marks:
                if stack or wraps:
                    # The line breaks since the previous mark, in order, as if matched one by one.
                    newline = text.find("\n", pos, at)
                    while newline != -1:
                        if not stack:
                            # A break with nothing open only resets the count, and so does any after it.
                            wraps = 0
                            break
                        if self.join_wraps and wraps < MAX_WRAPS and is_wrap(ctx.report, newline):
                            wraps += 1
                        else:
                            yield from self._unclosed(stack, messages)
                            stack = []
                            wraps = 0
                        newline = text.find("\n", newline + 1, at)
                pos = at + 1
                if not mark:
                    break
                if mark in self.opens:
                    stack.append((mark, at))
                elif stack and stack[-1][0] == self.closes[mark]:
                    stack.pop()
                elif any(open_mark == self.closes[mark] for open_mark, _ in stack):
                    # An inner mark was left open: report it, then close the outer one.
                    while stack[-1][0] != self.closes[mark]:
                        yield from self._unclosed([stack.pop()], messages)
                    stack.pop()
                else:
                    values = {"mark": mark, "pair": self.closes[mark] + mark, "message": messages["unopened"]}
                    yield Hit(at, at + 1, values)
            yield from self._unclosed(stack, messages)

    def _unclosed(self, stack: list[tuple[str, int]], messages: dict[str, str]) -> Iterator[Hit]:
        for mark, start in stack:
            values = {"mark": mark, "pair": mark + self.opens[mark], "message": messages["unclosed"]}
            yield Hit(start, start + 1, values)
