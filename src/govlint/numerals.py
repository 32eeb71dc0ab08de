"""Numbers as reports write them: Arabic, full-width and Chinese numerals (两次, 十二件, 零)."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

# A numeral as a regex fragment: Arabic or full-width digits, or a run of Chinese numerals.
NUMERAL = r"(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万]+)"


def chinese_to_int(value: str) -> int | None:
    """十二 -> 12, 两 -> 2, 一百零五 -> 105, 二〇二三 -> 2023 (digit by digit). None if not a numeral."""
    if not value or any(ch not in _DIGITS and ch not in _UNITS for ch in value):
        return None
    if not any(ch in _UNITS for ch in value):
        result = 0
        for ch in value:
            result = result * 10 + _DIGITS[ch]
        return result
    total, section, digit = 0, 0, None
    for ch in value:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch == "万":
            section = (section + (digit or 0)) * 10000
            total, section, digit = total + section, 0, None
        else:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + section + (digit or 0)


def to_number(value: str) -> float | None:
    """Any numeral as reports write it -> a number (None if it is not one)."""
    value = value.strip().translate(_FULLWIDTH)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        whole = chinese_to_int(value)
        return float(whole) if whole is not None else None


def parse_year(value: str) -> int | None:
    """A four-digit year in Arabic or Chinese digits (二〇二三) -> 2023."""
    number = to_number(value)
    if number is None or not 1949 <= number <= 2100:
        return None
    return int(number)
