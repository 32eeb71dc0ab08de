"""Word (.docx) reader: one paragraph per text line, so line N of the checked text is paragraph N
of the document (findings say "第N段"). Tables are read in document order, one cell paragraph per
line. Heading styles become headings; automatic list numbering is rendered back into the text
(best effort, see ``_Numbering``). The file is only read, never written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import regex

from govlint.errors import InputError
from govlint.load import Source
from govlint.readers._common import TITLE_LIKE, VISIBLE_ORDINAL, clean_line

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_STYLE = regex.compile(r"(?i)^(?:heading|标题)\s*([1-9])$")


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _val(element: Any, tag: str) -> str | None:
    """The w:val of the child ``tag`` of ``element`` (None if either is missing)."""
    if element is None:
        return None
    child = element.find(_w(tag))
    return None if child is None else child.get(_w("val"))


# Total size of a .docx's parts once unpacked: reports with photos stay well below it.
MAX_UNPACKED = 200 * 1024 * 1024


def _check_container(path: str, data: bytes) -> None:
    """Refuse what python-docx would fail on, with a message that says what the file is."""
    if data.startswith(_OLE_MAGIC):
        # An encrypted .docx is an OLE compound file holding an "EncryptedPackage" stream
        # (names in the OLE directory are UTF-16LE).
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError("Word 文档设有打开密码（已加密），无法读取；请在 Word 中取消密码后再检查", path)
        raise InputError("这是旧版 Word 文档（.doc），请在 Word 中另存为 .docx 后再检查", path)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("不是有效的 Word 文档（.docx）：文件已损坏或不是 .docx 格式", path)
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError("不是有效的 Word 文档（.docx）：压缩包已损坏", path) from None
    names = {member.filename for member in members}
    # zipfile never inflates a member beyond its declared size, so the declared sizes bound the
    # memory python-docx can take (a 2.9 MB file with a 1 GB document.xml took 8 GB before).
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        raise InputError(f"Word 文档解压后超过 {MAX_UNPACKED // 1048576} MB，不予读取（可能是压缩炸弹）", path)
    if "word/document.xml" not in names:
        raise InputError("不是有效的 Word 文档（.docx）：缺少正文部件 word/document.xml", path)


def read(path: str, data: bytes, options: dict[str, object]) -> Source:
    """Read a .docx into a Source (paragraph = line; never writable)."""
    _check_container(path, data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile):
        raise InputError("不是有效的 Word 文档（.docx）：文件已损坏", path) from None
    except ValueError:
        # python-docx says "not a Word file" for another OOXML package (an .xlsx renamed).
        raise InputError("不是 Word 文档（.docx）：压缩包中的主文档不是 Word 正文", path) from None
    except Exception:
        raise InputError("不是有效的 Word 文档（.docx）：文档结构已损坏，无法解析", path) from None
    try:
        return _read_document(path, document)
    except InputError:
        raise
    except Exception:
        raise InputError("Word 文档内容已损坏，无法读取", path) from None


def _read_document(path: str, document: Any) -> Source:
    numbering = _Numbering(document)
    lines: list[str] = []
    headings: dict[int, int] = {}
    seen_body = False
    for paragraph, in_table in _paragraphs(document):
        text = clean_line(paragraph_text(paragraph._p))
        prefix = numbering.label(paragraph)
        if prefix and text and not VISIBLE_ORDINAL.match(text):
            text = prefix + text
        level = None if in_table else _heading_level(paragraph)
        # A styled heading with a visible ordinal is left to report.py (it reads the ordinal); a
        # styled title before any body text stays the title.
        if level and text and not VISIBLE_ORDINAL.match(text) and (seen_body or not TITLE_LIKE.search(text)):
            headings[len(lines)] = level
        elif text and not level:
            seen_body = True
        lines.append(text)
    if not any(lines):
        raise InputError("Word 文档中没有文字，没有可检查的内容", path)
    return Source(
        path=path, text="\n".join(lines) + "\n", format="docx", heading_lines=headings, line_unit="段", writable=False
    )


def _paragraphs(document: Any) -> Iterator[tuple[Any, bool]]:
    """Body paragraphs and table-cell paragraphs in document order: (paragraph, inside a table)."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_paragraphs(block)
        else:
            yield block, False


def _table_paragraphs(table: Any) -> Iterator[tuple[Any, bool]]:
    from docx.table import Table

    # A merged cell is returned once per grid column it spans: read it once. (The set holds the
    # elements themselves: it keeps their lxml proxies alive, so identity is stable.)
    seen: set[Any] = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            for block in cell.iter_inner_content():
                if isinstance(block, Table):
                    yield from _table_paragraphs(block)
                else:
                    yield block, True


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not the paragraph's visible text: deleted or moved-away runs (tracked
# changes), text boxes (their own paragraphs), the fallback copy of alternate content, and the
# paragraph's properties (they hold the paragraph mark's revision marks).
_SKIP = {_w("del"), _w("moveFrom"), _w("txbxContent"), _w("pPr"), _w("rPr"), f"{{{_MC}}}Fallback"}


def paragraph_text(p: Any) -> str:
    """The text Word shows for a paragraph, tracked changes accepted: runs inside insertions,
    hyperlinks, content controls, smart tags and simple fields all count (python-docx's
    ``Paragraph.text`` reads only direct runs and hyperlinks)."""
    parts: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                # A manual line break is not a new paragraph; a page break adds no text.
                if child.get(_w("type")) != "page":
                    parts.append(" ")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _heading_level(paragraph: Any) -> int | None:
    """Heading level from the style name (Heading 1 / 标题 1) or an outline level in the style chain."""
    style = paragraph.style
    own = _val(paragraph._p.pPr, "outlineLvl")
    if own is not None and own.isdigit() and int(own) < 9:
        return int(own) + 1
    while style is not None:
        match = _HEADING_STYLE.match(style.name or "")
        if match:
            return int(match[1])
        level = _val(style.element.pPr, "outlineLvl")
        if level is not None and level.isdigit() and int(level) < 9:
            return int(level) + 1
        style = style.base_style
    return None


_CN_DIGITS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += numeral
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return _chinese(n)
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Word's automatic numbering, rendered as the text Word shows ("一、", "（二）", "3.").

    Best effort: counters are kept per list instance (numId) and restart deeper levels when a
    level advances; start values and startOverride are honoured; bullets and "none" render
    nothing. Not modelled: numbering continued across list instances that share an abstract
    definition, isLgl, and fields such as LISTNUM typed into the text.
    """

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(_w("abstractNum")):
            abstract[node.get(_w("abstractNumId"), "")] = self._levels(node)
        for num in root.findall(_w("num")):
            levels = dict(abstract.get(_val(num, "abstractNumId") or "", {}))
            for override in num.findall(_w("lvlOverride")):
                ilvl = int(override.get(_w("ilvl"), "0"))
                start = _val(override, "startOverride")
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels.update(self._levels_of([lvl]))
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start))
            self.levels[num.get(_w("numId"), "")] = levels

    def _levels(self, abstract_num: Any) -> dict[int, tuple[str, str, int]]:
        return self._levels_of(abstract_num.findall(_w("lvl")))

    @staticmethod
    def _levels_of(lvls: list[Any]) -> dict[int, tuple[str, str, int]]:
        found = {}
        for lvl in lvls:
            start = _val(lvl, "start")
            found[int(lvl.get(_w("ilvl"), "0"))] = (
                _val(lvl, "numFmt") or "decimal",
                _val(lvl, "lvlText") or "",
                int(start) if start and start.lstrip("-").isdigit() else 1,
            )
        return found

    @staticmethod
    def _num_pr(paragraph: Any) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph, else from its style chain (numbered heading styles)."""
        p = paragraph._p
        num_pr = p.pPr.numPr if p.pPr is not None else None
        style = paragraph.style
        while (num_pr is None or num_pr.numId is None) and style is not None:
            ppr = style.element.pPr
            num_pr = ppr.numPr if ppr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None:
            return None
        own_level = p.pPr.numPr.ilvl if p.pPr is not None and p.pPr.numPr is not None else None
        ilvl = own_level if own_level is not None else num_pr.ilvl
        return str(num_pr.numId.val), int(ilvl.val) if ilvl is not None else 0

    def label(self, paragraph: Any) -> str:
        """The number Word displays before ``paragraph`` ("" if it is not numbered)."""
        found = self._num_pr(paragraph)
        if not found or found[0] == "0" or found[0] not in self.levels:
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""

        def fill(match: regex.Match[str]) -> str:
            level = int(match[1]) - 1
            level_fmt = levels.get(level, ("decimal", "", 1))[0]
            value = counts[level] or levels.get(level, ("decimal", "", 1))[2]
            return _format_number(value, level_fmt)

        return str(regex.sub(r"%([1-9])", fill, text))
