"""Numbers as reports write them."""

from __future__ import annotations

import pytest

from govlint.numerals import chinese_to_int, parse_year, to_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两", 2),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("三千", 3000),
        ("一万二千", 12000),
        ("零", 0),
        ("二〇二三", 2023),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_to_int(text) == value


@pytest.mark.parametrize(("text", "value"), [("３", 3.0), ("１００．５", 100.5), ("98.5", 98.5), ("十二", 12.0)])
def test_any_numeral(text: str, value: float) -> None:
    assert to_number(text) == value


def test_not_numbers() -> None:
    assert to_number("件") is None and chinese_to_int("十件") is None and parse_year("1800") is None
    assert parse_year("二〇二三") == 2023
