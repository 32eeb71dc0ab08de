"""``check: sequence``: sibling headings are numbered 1, 2, 3 … in one style: no skip, no repeat,
no mix of styles (一、二、四; (一) beside （二）)."""

from __future__ import annotations

from collections.abc import Iterator

from govlint.checks.base import Check, Context, Hit
from govlint.report import Heading

_CN = "零一二三四五六七八九十"


def ordinal_text(heading: Heading, value: int) -> str:
    """Write ``value`` in the numbering of ``heading`` (Chinese or Arabic)."""
    if any(ch.isdigit() for ch in heading.marker):
        return str(value)
    if value <= 10:
        return _CN[value]
    if value < 20:
        return "十" + (_CN[value - 10] if value > 10 else "")
    tens, ones = divmod(value, 10)
    return _CN[tens] + "十" + (_CN[ones] if ones else "")


class Sequence(Check):
    def run(self, ctx: Context) -> Iterator[Hit]:
        levels = set(self.params.get("levels", [1, 2, 3, 4]))
        messages = self.params["messages"]
        headings = ctx.report.headings
        groups: dict[int, list[Heading]] = {}
        for heading in headings:
            if heading.ordinal is None or heading.level not in levels:
                continue
            # Siblings share a parent; top-level headings are grouped by their level.
            key = id(heading.parent) if heading.parent else -heading.level
            groups.setdefault(key, []).append(heading)
        for siblings in groups.values():
            yield from self._siblings(siblings, messages)

    @staticmethod
    def _hit(heading: Heading, values: dict[str, str], message: str) -> Hit:
        return Hit(heading.start, heading.start + len(heading.marker), {**values, "message": message})

    def _siblings(self, siblings: list[Heading], messages: dict[str, str]) -> Iterator[Hit]:
        first_style = siblings[0].style
        previous: Heading | None = None
        for heading in siblings:
            assert heading.ordinal is not None
            if heading.style == first_style and _in_order(heading, previous, messages):
                # Nothing to report: skip building the message values (most headings are in order).
                previous = heading
                continue
            values = {"marker": heading.marker, "text": heading.text[:20]}
            if heading.style != first_style:
                values["expected"] = first_style.replace("N", ordinal_text(heading, heading.ordinal))
                yield self._hit(heading, values, messages["mixed"])
            if previous is None:
                if heading.ordinal != 1 and heading.level <= 2 and "start" in messages:
                    values["expected"] = ordinal_text(heading, 1)
                    yield self._hit(heading, values, messages["start"])
            else:
                assert previous.ordinal is not None
                expected = previous.ordinal + 1
                values["previous"] = previous.marker
                values["expected"] = ordinal_text(heading, expected)
                if heading.ordinal == previous.ordinal:
                    yield self._hit(heading, values, messages["repeat"])
                elif heading.ordinal > expected:
                    yield self._hit(heading, values, messages["skip"])
                elif heading.ordinal < previous.ordinal and heading.ordinal != 1:
                    yield self._hit(heading, values, messages["skip"])
            previous = heading


def _in_order(heading: Heading, previous: Heading | None, messages: dict[str, str]) -> bool:
    """Whether ``_siblings`` reports nothing about the ordinal of ``heading`` (the negation of its tests)."""
    assert heading.ordinal is not None
    if previous is None:
        return not (heading.ordinal != 1 and heading.level <= 2 and "start" in messages)
    assert previous.ordinal is not None
    if heading.ordinal == previous.ordinal or heading.ordinal > previous.ordinal + 1:
        return False
    return not (heading.ordinal < previous.ordinal and heading.ordinal != 1)
