"""``check: balance``: paired marks (《》, 〈〉) open and close within each paragraph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from govlint.checks.base import Check, Context, Hit


class Balance(Check):
    def __init__(self, rule: Any) -> None:
        super().__init__(rule)
        pairs: list[str] = self.params["pairs"]
        self.opens = {pair[0]: pair[1] for pair in pairs}
        self.closes = {pair[1]: pair[0] for pair in pairs}
        self.marks = regex.compile("[" + regex.escape("".join(pairs)) + "\n]")

    def run(self, ctx: Context) -> Iterator[Hit]:
        text = ctx.report.text
        messages = self.params["messages"]
        for span in ctx.scope_spans(self.rule.scope):
            stack: list[tuple[str, int]] = []
            for match in self.marks.finditer(text, span.start, span.end):
                mark = match.group(0)
                if mark == "\n":
                    yield from self._unclosed(stack, messages)
                    stack = []
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
