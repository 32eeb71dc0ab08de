"""Small helpers shared by the readers."""

from __future__ import annotations

import regex

# A visible ordinal at the start of a line, as report.py recognises headings (一、 （一） 1. （1）).
# A reader that knows a heading from markup leaves such lines to report.py, which also reads the
# ordinal (needed by the heading-sequence rule).
VISIBLE_ORDINAL = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*(?:、|[．.](?!\d))|[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]"
    r"|\d{1,2}\s*[.．、](?![\d.．]))"
)
# A line that reads like a report title: marked as a heading it would hide the title from report.py.
TITLE_LIKE = regex.compile(r"报告|情况$")


def clean_line(text: str) -> str:
    """One paragraph as one line: inner line breaks become spaces, ends trimmed of ASCII blanks."""
    return str(regex.sub(r"[\r\n\v\f\u2028\u2029]+", " ", text)).strip(" \t")


# A table row is read as one line only when it reads like data (label and figures): at most this
# many characters and this many paragraphs in a cell. A layout table whose cell holds the article
# is read paragraph by paragraph.
ROW_MAX_CHARS = 200
CELL_MAX_BLOCKS = 2
# A cell ending in one of these needs no separator before the next cell.
_ENDS_CLAUSE = "：:，,；;。、"


def join_cells(cells: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """A table row as one line the figure rules read as a label with its values ("行政诉讼案件：2件",
    then "，" between further cells), and the (start, end) of each non-empty cell in that line."""
    text = ""
    spans: list[tuple[int, int]] = []
    for cell in cells:
        if not cell:
            continue
        if spans and text[-1] not in _ENDS_CLAUSE:
            text += "：" if len(spans) == 1 else "，"
        spans.append((len(text), len(text) + len(cell)))
        text += cell
    return text, spans
