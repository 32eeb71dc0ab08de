"""PDF reader (text layer only, via pypdf): the text page by page, with the lines a PDF wraps
joined back into paragraphs so a sentence broken at the margin reads as on a .txt copy.

Each line of the checked text is one paragraph; ``Source.line_pages`` gives the page it starts on.
A scan without a text layer, an encrypted or a broken PDF is refused with a clear message.
"""

from __future__ import annotations

import io
import logging
import unicodedata

import regex

from govlint.errors import InputError
from govlint.load import Source
from govlint.readers._common import VISIBLE_ORDINAL

# Page furniture: "- 3 -", "3", "3/12", "第3页 共12页".
_PAGE_NUMBER = regex.compile(
    r"^[-—–\s]*(?:\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?)[-—–\s]*$"
)
_PARAGRAPH_END = regex.compile(r"[。！？!?；;：:”」』）)]$")
_HAN = regex.compile(r"\p{Han}")


def _width(line: str) -> float:
    """Visual width in em: wide characters 1, others ½; ambiguous ones (“”…—) are wide in CJK fonts."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in line)


def _open(path: str, data: bytes):  # type: ignore[no-untyped-def]
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, PdfReadError
    except ImportError:
        raise InputError("读取 PDF 需要 pypdf 包（pip install pypdf）", path) from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs carry only an owner password (no password to open): the empty user password works.
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise InputError("PDF 已加密，读取需要 cryptography 包（pip install cryptography）", path) from None
            if not opened:
                raise InputError("PDF 设有打开密码（已加密），无法读取；请去除密码后再检查", path)
        if len(reader.pages) == 0:
            raise InputError("不是有效的 PDF 文件（没有页面）", path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        raise InputError("不是有效的 PDF 文件（文件已损坏或不完整）", path) from None
    except Exception:
        raise InputError("PDF 文件已损坏，无法读取文字", path) from None
    return pages


def read(path: str, data: bytes, options: dict[str, object]) -> Source:
    """Read a PDF's text layer into a Source, one paragraph per line."""
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    # pypdf logs recoverable damage as warnings; a linter's stderr is for its own one-line errors.
    pypdf_logger.setLevel(logging.ERROR)
    try:
        pages = _open(path, data)
    finally:
        pypdf_logger.setLevel(level)
    page_lines = [_page_lines(text) for text in pages]
    if sum(len(_HAN.findall(line)) for lines in page_lines for line in lines) < 10:
        raise InputError("PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）或提供 Word、文本版本", path)
    paragraphs, starts = join_lines(page_lines)
    return Source(
        path=path, text="\n".join(paragraphs) + "\n", format="pdf", line_unit="段", writable=False, line_pages=starts
    )


def _page_lines(text: str) -> list[str]:
    """A page's non-empty lines, page numbers removed; leading full-width spaces (a typed indent) kept."""
    lines = [regex.sub(r"[ \t\xa0]+", " ", line).strip(" ").rstrip("\u3000") for line in text.split("\n")]
    lines = [line for line in lines if line.strip("\u3000")]
    # Page numbers sit at the top or bottom of a page.
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


def join_lines(page_lines: list[list[str]]) -> tuple[list[str], list[int]]:
    """Join wrapped lines into paragraphs. Returns (paragraphs, 1-based page of each paragraph).

    A line starting with a typed indent (full-width spaces) starts a paragraph. Otherwise a line
    continues the previous one when that one runs to the right margin (within 2.5 em of the widest
    lines of the document, so an indented first line still counts as full), unless the previous line
    ends a sentence and this one starts a numbered heading. Where a paragraph's last line happens to
    reach the margin and the next paragraph is plain text, the two are joined: sentences are still
    split at 。, only that paragraph boundary is lost. Splitting a sentence would be worse.
    """
    widths = sorted(_width(line) for lines in page_lines for line in lines)
    if not widths:
        return [], []
    # The margin: the 90th percentile of line widths (a few over-long lines do not move it).
    full = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    paragraphs: list[str] = []
    starts: list[int] = []
    open_paragraph = False
    for page_number, lines in enumerate(page_lines, start=1):
        for raw in lines:
            line = raw.lstrip("\u3000")
            indented = len(raw) - len(line) >= 1
            if (
                open_paragraph
                and not indented
                and not (_PARAGRAPH_END.search(paragraphs[-1]) and VISIBLE_ORDINAL.match(line))
            ):
                paragraphs[-1] = _glue(paragraphs[-1], line)
            else:
                paragraphs.append(line)
                starts.append(page_number)
            # The left indent counts in the width (it is part of the line's extent on the page).
            open_paragraph = full >= 10 and _width(raw) >= full - 2.5
    return paragraphs, starts


def _glue(left: str, right: str) -> str:
    """Join a wrapped line: nothing between CJK text or digits, one space between Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return left + " " + right
    return left + right
