"""Stage 1, loading: bytes on disk (or stdin) to normalised text plus what is needed to write it back.

Readers for other containers (.docx, .html, .pdf) live in ``govlint.readers`` and are imported
only when a file of that kind is checked, so plain-text runs stay fast.
"""

from __future__ import annotations

import codecs
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from govlint.diagnostics import Edit

from govlint.errors import InputError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A Markdown heading that reads like the report's title (cf. report._TITLE_HINT).
_TITLE_HEADING = re.compile(r"报告\s*$|情况\s*$")

# Input format name -> "module:function" of its reader. The function takes (path, data, options).
READERS: dict[str, str] = {
    "text": "govlint.load:read_text",
    "markdown": "govlint.load:read_markdown",
    "docx": "govlint.readers.docx:read",
    "html": "govlint.readers.html:read",
    "pdf": "govlint.readers.pdf:read",
}

# File extension -> input format name.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".pdf": "pdf",
}


class StoredPositions(Protocol):
    """Maps spans of an extracted report text to positions in the file as stored (see
    readers/html_positions.py): findings then point where an editor or GitHub shows the text."""

    def locate(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column), 1-based, of text[start:end] in the stored file."""
        ...


class Rewriter(Protocol):
    """Maps edits of an extracted report text onto the file it came from (see readers/html.py)."""

    original: str  # the decoded file text

    def locate(self, text: str, edit: Edit) -> Edit | None:
        """The edit as an edit of ``original`` (content escaped for the container); None if unsafe."""
        ...

    def encode(self, original: str) -> bytes:
        """The file's bytes for an edited ``original``, in the file's own encoding and BOM."""
        ...


@dataclass
class Source:
    """A report as text, plus how to write it back and how to name locations."""

    path: str
    text: str
    format: str = "text"
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    # Header fields a reader found in markup (HTML metadata tables); None: parse them from the text.
    header: dict[str, str] | None = None
    # Headings a reader knows from markup (Markdown "#", Word heading styles): line index -> level.
    heading_lines: dict[int, int] = field(default_factory=dict)
    # How a line of ``text`` is named to users: "行" (line), "段" (a .docx paragraph).
    line_unit: str = "行"
    # Whether --fix may rewrite the file.
    writable: bool = True
    # Table rows read as one line (Word, saved pages): 0-based line -> (start, end) of each cell in it.
    table_rows: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    # PDF: the 1-based page on which each line of ``text`` starts (empty for other formats).
    line_pages: list[int] = field(default_factory=list)
    # A reader whose text is extracted from markup but can still write edits back (HTML) sets this:
    # fix.py then maps edits through it instead of treating ``text`` as the file's text.
    rewriter: Rewriter | None = None
    # A reader whose text is extracted from markup sets this so findings name positions in the file
    # as stored (a saved page's source line), not in the extracted text.
    positions: StoredPositions | None = None

    def location(self, line: int) -> str:
        """A 1-based line of ``text`` as users name it: "第3行", "第3段", or "第2页第3段" for a PDF."""
        from govlint.diagnostics import describe_line

        return describe_line(line, self.line_unit, self.line_pages)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# C0 controls other than \t \n \v \f \r. Counted in the UTF-8 bytes (where no multi-byte
# sequence contains a byte below 0x80) with bytes.translate: a per-character loop costs ~0.5 ms a report.
_CONTROLS = bytes(c for c in range(32) if chr(c) not in "\t\n\r\f\v")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:4096]
    encoded = sample.encode("utf-8", "surrogatepass")
    bad = len(encoded) - len(encoded.translate(None, _CONTROLS))
    return bad / len(sample)


def decode(data: bytes, path: str) -> tuple[str, str, bool]:
    """Decode report bytes: returns (text, encoding, had_bom). Raises InputError with a clear reason."""
    if not data.strip():
        raise InputError("文件为空，没有可检查的内容", path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"带 {encoding} 字节序标记，但第 {exc.start} 字节处无法按 {encoding} 解码", path
                ) from None
            return _checked_text(text, path), encoding, True
    try:
        return _checked_text(data.decode("utf-8"), path), "utf-8", False
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _checked_text(data.decode(utf16), path), utf16, False
        raise InputError("这是二进制文件，不是文本报告", path)
    try:
        # GB18030 is a superset of GBK and GB2312: the usual encoding of files from government offices.
        return _checked_text(data.decode("gb18030"), path), "gb18030", False
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not str(best).strip():
        # Bytes that decode to nothing (0xFF filler, say) are not an empty file: say what they are.
        raise InputError("无法识别文件编码（既不是 UTF-8，也不是 GB18030/GBK）", path)
    return _checked_text(str(best), path), best.encoding, False


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 text saved without a byte-order mark ("utf-16-le" or "-be"), else None.

    In UTF-16 an ASCII character (digit, newline) has one zero byte, always on the same side, and a
    Chinese character rarely any (一 is 00 4E): zero bytes nearly all at odd (LE) or nearly all at
    even (BE) offsets are UTF-16; binary data has them on both sides.
    """
    sample = data[: 8192 & ~1]
    if len(data) % 2:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    encoding = "utf-16-le" if odd > 3 * even else "utf-16-be" if even > 3 * odd else None
    if encoding is None:
        return None
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _checked_text(text: str, path: str) -> str:
    if _control_ratio(text) > 0.05:
        raise InputError("这是二进制文件，不是文本报告", path)
    if not text.strip():
        raise InputError("文件为空，没有可检查的内容", path)
    return text


def normalise_newlines(text: str) -> tuple[str, str]:
    """Return text with every newline as "\\n", and the file's own (dominant) newline style."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    style = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))[1] if (crlf or cr or lf) else "\n"
    if crlf or cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, style


def read_text(path: str, data: bytes, options: dict[str, object]) -> Source:
    text, encoding, bom = decode(data, path)
    text, newline = normalise_newlines(text)
    return Source(path=path, text=text, format="text", encoding=encoding, bom=bom, newline=newline)


def read_markdown(path: str, data: bytes, options: dict[str, object]) -> Source:
    source = read_text(path, data, options)
    source.format = "markdown"
    in_fence = False
    seen_text = seen_heading = False
    for index, line in enumerate(source.text.split("\n")):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if not in_fence and stripped.startswith("#"):
            hashes = len(stripped) - len(stripped.lstrip("#"))
            if 1 <= hashes <= 6 and stripped[hashes : hashes + 1] in (" ", "\t"):
                # "# 某镇2023年度…报告" before any text is the report's title, not a section; so is a
                # first "# …报告" below a portal header (索引号：…, 发布机构：…), before any other heading.
                first = not seen_text or (hashes == 1 and not seen_heading)
                if not first or not _TITLE_HEADING.search(stripped):
                    source.heading_lines[index] = hashes
                seen_heading = True
                continue
        seen_text = seen_text or bool(stripped)
    return source


def format_for(path: str, forced: str | None = None, data: bytes | None = None) -> str:
    """Pick the input format: the --input-format override, else the extension, else a sniff."""
    if forced:
        if forced not in READERS:
            raise InputError(f"未知的输入格式“{forced}”，可选：{'、'.join(sorted(READERS))}", path)
        return forced
    suffix = Path(path).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if data is not None:
        sniffed = sniff(data)
        if sniffed:
            return sniffed
    raise InputError(f"无法识别的文件类型“{suffix or '无扩展名'}”，可用 --input-format 指定", path)


def sniff(data: bytes) -> str | None:
    """Guess a format from content, for files without a known extension."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"%pdf") and "pdf" in READERS:
        return "pdf"
    # A zip is a .docx when it has Word's main part; an OLE compound file may be an encrypted .docx
    # or a legacy .doc: the docx reader says which.
    if (head.startswith(b"pk\x03\x04") and b"word/" in data) or head.startswith(b"\xd0\xcf\x11\xe0"):
        return "docx" if "docx" in READERS else None
    if head.startswith(b"pk\x03\x04"):
        return None
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :].lstrip()
    # "<!DOCTYPE html", "<html", or markup with an <html>/<body> tag after an XML prolog or a comment.
    if (
        head.startswith(b"<")
        and (head.startswith(b"<!doctype html") or b"<html" in head or b"<body" in head)
        and "html" in READERS
    ):
        return "html"
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    return "text"


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a report's bytes: a regular file only, the size limit applied while reading (see fileio)."""
    from govlint.fileio import read_regular

    return read_regular(path, max_bytes)


def load(
    path: str, data: bytes | None = None, input_format: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Source:
    """Load one report. ``data`` is given for stdin; otherwise the file is read from disk."""
    if data is None:
        data = read_bytes(path, max_bytes)
    elif len(data) > max_bytes:
        raise InputError(f"输入过大（{len(data) / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）", path)
    name = format_for(path, input_format, data)
    module_name, _, func_name = READERS[name].partition(":")
    reader = getattr(importlib.import_module(module_name), func_name)
    source: Source = reader(path, data, {})
    return source
