"""Where a saved page's report text stands in the page source, for findings (``load.StoredPositions``).

The text a saved page is checked as is extracted through an HTML5 parser that reports no source
positions. The page's text runs (``readers.html._runs``, the same decoded runs with page offsets
that --fix places its edits in) are laid end to end without whitespace, and each line of the
extracted text, also without whitespace, is found in them in document order: from where the
previous line ended, else anywhere (header fields may sit after the article). Inline tags
(``<b>``, ``<span>``) therefore do not break a match, and character references map to the whole
reference. A line that is not found whole is placed by its first characters; a character that
cannot be placed takes the position of the nearest placed character before it, so every finding
gets a page position and never the extracted text's line.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection

import regex

from govlint.readers.html import _runs

_NEWLINE = regex.compile(r"\r\n|\r|\n")
# "[ 发文字号 ] ": the reader's notation for a header field, not page text.
_FIELD_PREFIX = regex.compile(r"\[ [^\]\n]+ \] ")
# Characters after the previous line's end searched first for the next line.
_NEAR = 2000
# How far ahead a character of a line not found whole may be looked for in the page's text.
_WINDOW = 16


class PagePositions:
    """Text offsets of an extracted page text -> (line, column) in the page source, 1-based."""

    def __init__(self, page: str, text: str, header_lines: int = 0, rows: Collection[int] = ()) -> None:
        self.page = page
        self.text = text
        self.header_lines = header_lines
        # Table rows, joined with separators the page does not have: never found whole.
        self.rows = set(rows)
        # Built on the first finding: a clean page never pays for it.
        self._starts: list[int] | None = None  # text offset -> page offset (-1: not placed)
        self._ends: list[int] = []
        self._line_starts: list[int] = []

    def locate(self, start: int, end: int) -> tuple[int, int, int, int]:
        if self._starts is None:
            self._build()
        assert self._starts is not None
        text = self.text
        size = len(text)
        start, end = max(0, min(start, size)), max(0, min(end, size))
        # The span without the blanks at its ends (blanks are not page characters).
        first = start
        while first < end and text[first].isspace():
            first += 1
        last = end - 1
        while last >= first and text[last].isspace():
            last -= 1
        if first > last:
            placed = self._placed(start)
            page_start = page_end = self._starts[placed] if placed >= 0 else 0
        else:
            placed = self._placed(first)
            page_start = self._starts[placed] if placed >= 0 else 0
            placed = self._placed(last)
            page_end = max(page_start, self._ends[placed] if placed >= 0 else 0)
        return (*self._line_column(page_start), *self._line_column(page_end))

    def _placed(self, index: int) -> int:
        """``index`` if text[index] was placed in the page, else the nearest placed index before it (-1: none)."""
        assert self._starts is not None
        for probe in range(min(index, len(self._starts) - 1), -1, -1):
            if self._starts[probe] >= 0:
                return probe
        return -1

    def _line_column(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def _build(self) -> None:
        page = self.page
        self._line_starts = [0, *(match.end() for match in _NEWLINE.finditer(page))]
        # The page's text, blanks left out, with each character's start and end in the page.
        chars: list[str] = []
        char_starts: list[int] = []
        char_ends: list[int] = []
        for run in _runs(page):
            count = len(run.text)
            for index, char in enumerate(run.text):
                if char.isspace():
                    continue
                following = index + 1
                while following < count and not run.unit_start[following]:
                    following += 1
                chars.append(char)
                char_starts.append(run.starts[index])
                char_ends.append(run.starts[following] if following < count else run.end)
        flat = "".join(chars)
        text = self.text
        starts = [-1] * (len(text) + 1)
        ends = [-1] * (len(text) + 1)
        cursor = 0
        position = 0
        for number, line in enumerate(text.split("\n")):
            line_start = position
            position += len(line) + 1
            skip = 0
            if number < self.header_lines:
                prefix = _FIELD_PREFIX.match(line)
                skip = prefix.end() if prefix else 0
            offsets = [line_start + i for i in range(skip, len(line)) if not line[i].isspace()]
            squashed = "".join(text[i] for i in offsets)
            if not squashed:
                continue
            header = number < self.header_lines
            found, length = _find(flat, squashed, cursor, header, whole=number not in self.rows)
            if found < 0:
                continue
            if length == len(squashed):
                pairs = [(offsets[k], found + k) for k in range(length)]
            else:
                pairs = _align(flat, squashed, offsets, found)
            for index, at in pairs:
                starts[index], ends[index] = char_starts[at], char_ends[at]
            if not header and pairs:
                cursor = pairs[-1][1] + 1
        self._starts, self._ends = starts, ends


def _find(flat: str, line: str, cursor: int, header: bool, whole: bool = True) -> tuple[int, int]:
    """(where ``line`` starts in ``flat``, how many of its characters match there); (-1, 0) if nowhere.

    The whole line from ``cursor`` on (a header field: anywhere); else a prefix from ``cursor`` on
    (halving while long, then one character less at a time, down to two: a table cell's label).
    A whole line is looked for near ``cursor`` first, a prefix only there."""
    start = 0 if header else cursor
    if whole:
        found = flat.find(line, start, start + _NEAR + len(line))
        if found < 0:
            found = flat.find(line, start)
        if found >= 0:
            return found, len(line)
    # Prefixes only near the cursor: a line that is not in the page costs a bounded search.
    length = len(line) - 1 if whole else len(line)
    while length >= 2:
        found = flat.find(line[:length], cursor, cursor + _NEAR + length)
        if found >= 0:
            return found, length
        length = length // 2 if length > 16 else length - 1
    return -1, 0


def _align(flat: str, line: str, offsets: list[int], found: int) -> list[tuple[int, int]]:
    """A line that is not in the page as it is (a table row joined with "：", a field value with
    its brackets replaced): each character is matched with the next equal page character within
    a short window, from where its prefix was found; a character with no match is left out."""
    pairs: list[tuple[int, int]] = []
    at = found
    for index, char in enumerate(line):
        hit = flat.find(char, at, at + _WINDOW)
        if hit >= 0:
            pairs.append((offsets[index], hit))
            at = hit + 1
    return pairs
