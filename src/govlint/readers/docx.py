"""Word (.docx) reader: one paragraph per text line, so line N of the checked text is paragraph N
of the document (findings say "第N段"). Tables are read in document order: a row of data is one
line, its cells joined ("行政诉讼案件：2件", see ``join_cells``), other rows one cell paragraph per
line. Heading styles become headings; automatic list numbering is rendered back into the text (best
effort, see ``_Numbering``). The file is only read, never written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import regex

from govlint.errors import InputError
from govlint.load import Source
from govlint.readers._common import CELL_MAX_BLOCKS, ROW_MAX_CHARS, TITLE_LIKE, VISIBLE_ORDINAL, clean_line, join_cells

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
    styles = _Styles(document)
    numbering = _Numbering(document, styles)
    lines: list[str] = []
    headings: dict[int, int] = {}
    rows: dict[int, list[tuple[int, int]]] = {}
    seen_body = False
    for p, in_table, cells in _paragraphs(document.element.body):
        if cells is not None:
            # A table row of two or more cells: one line, "label：value，value".
            text, spans = join_cells([_cell_text(cell, numbering) for cell in cells])
            if text:
                rows[len(lines)] = spans
            lines.append(text)
            continue
        text = _numbered_text(p, numbering)
        level = None if in_table else styles.heading_level(p)
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
        path=path,
        text="\n".join(lines) + "\n",
        format="docx",
        heading_lines=headings,
        line_unit="段",
        writable=False,
        table_rows=rows,
    )


def _numbered_text(p: Any, numbering: _Numbering) -> str:
    text = clean_line(paragraph_text(p))
    prefix = numbering.label(p)
    if prefix and text and not VISIBLE_ORDINAL.match(text):
        text = prefix + text
    return text


def _cell_text(tc: Any, numbering: _Numbering) -> str:
    texts = (_numbered_text(p, numbering) for p in tc if p.tag == _w("p"))
    return " ".join(text for text in texts if text)


def _paragraphs(body: Any) -> Iterator[tuple[Any, bool, list[Any] | None]]:
    """Body and table paragraphs in document order: (w:p, inside a table, None), or for a table row
    with two or more cells holding text and no nested table: (None, True, its w:tc elements)."""
    p_tag, tbl_tag = _w("p"), _w("tbl")
    for block in body:
        if block.tag == p_tag:
            yield block, False, None
        elif block.tag == tbl_tag:
            yield from _table_paragraphs(block)


def _table_paragraphs(table: Any) -> Iterator[tuple[Any, bool, list[Any] | None]]:
    tc_tag, p_tag, tbl_tag = _w("tc"), _w("p"), _w("tbl")
    for tr in table.findall(_w("tr")):
        # A vertically merged cell's continuation is empty and says nothing: read the cell once.
        cells = [tc for tc in tr.findall(tc_tag) if not _continues_merge(tc)]
        filled = [tc for tc in cells if any((t.text or "").strip() for t in tc.iter(_w("t")))]
        if len(filled) >= 2 and _is_data_row(cells):
            yield None, True, filled
            continue
        for tc in cells:
            for block in tc:
                if block.tag == p_tag:
                    yield block, True, None
                elif block.tag == tbl_tag:
                    yield from _table_paragraphs(block)


def _is_data_row(cells: list[Any]) -> bool:
    """No nested table, short, and few paragraphs a cell (see ``ROW_MAX_CHARS``)."""
    p_tag, t_tag = _w("p"), _w("t")
    if any(True for tc in cells for _ in tc.iter(_w("tbl"))):
        return False
    if sum(len(t.text or "") for tc in cells for t in tc.iter(t_tag)) > ROW_MAX_CHARS:
        return False
    return all(
        sum(1 for p in tc if p.tag == p_tag and any((t.text or "").strip() for t in p.iter(t_tag))) <= CELL_MAX_BLOCKS
        for tc in cells
    )


def _continues_merge(tc: Any) -> bool:
    props = tc.find(_w("tcPr"))
    merge = props.find(_w("vMerge")) if props is not None else None
    return merge is not None and merge.get(_w("val"), "continue") == "continue"


class _Styles:
    """Paragraph styles by id, read once from styles.xml: what a paragraph's style chain says about
    heading level and numbering, cached per style (python-docx's ``Paragraph.style`` searches the
    styles part on every call, which made reading cost about 1 ms a paragraph)."""

    def __init__(self, document: Any) -> None:
        self.elements: dict[str, Any] = {}
        self.default: str | None = None
        self._levels: dict[str | None, int | None] = {}
        self._numbering: dict[str | None, Any] = {}
        try:
            root = document.part.styles.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for style in root.findall(_w("style")):
            if style.get(_w("type"), "paragraph") != "paragraph":
                continue
            style_id = style.get(_w("styleId"))
            if style_id is None:
                continue
            self.elements[style_id] = style
            if style.get(_w("default")) in ("1", "true", "on") and self.default is None:
                self.default = style_id

    def style_of(self, p: Any) -> str | None:
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr, "pStyle")
        return style_id if style_id in self.elements else self.default

    def chain(self, style_id: str | None) -> Iterator[Any]:
        """The style and the styles it is based on, nearest first (a cycle is cut)."""
        seen: set[str] = set()
        while style_id is not None and style_id in self.elements and style_id not in seen:
            seen.add(style_id)
            element = self.elements[style_id]
            yield element
            style_id = _val(element, "basedOn")

    def heading_level(self, p: Any) -> int | None:
        """Heading level from the style name (Heading 1 / 标题 1) or an outline level, own or in the chain."""
        own = _val(p.find(_w("pPr")), "outlineLvl")
        if own is not None and own.isdigit() and int(own) < 9:
            return int(own) + 1
        style_id = self.style_of(p)
        if style_id not in self._levels:
            self._levels[style_id] = self._chain_level(style_id)
        return self._levels[style_id]

    def _chain_level(self, style_id: str | None) -> int | None:
        for element in self.chain(style_id):
            match = _HEADING_STYLE.match(_val(element, "name") or "")
            if match:
                return int(match[1])
            level = _val(element.find(_w("pPr")), "outlineLvl")
            if level is not None and level.isdigit() and int(level) < 9:
                return int(level) + 1
        return None

    def num_pr(self, style_id: str | None) -> Any:
        """The nearest w:numPr with a w:numId in the style chain (numbered heading styles), or None."""
        if style_id not in self._numbering:
            found = None
            for element in self.chain(style_id):
                ppr = element.find(_w("pPr"))
                num_pr = ppr.find(_w("numPr")) if ppr is not None else None
                if num_pr is not None and num_pr.find(_w("numId")) is not None:
                    found = num_pr
                    break
            self._numbering[style_id] = found
        return self._numbering[style_id]


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

    def __init__(self, document: Any, styles: _Styles) -> None:
        self.styles = styles
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

    def _num_pr(self, p: Any) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph, else from its style chain (numbered heading styles)."""
        ppr = p.find(_w("pPr"))
        own = ppr.find(_w("numPr")) if ppr is not None else None
        num_pr = own
        if num_pr is None or num_pr.find(_w("numId")) is None:
            num_pr = self.styles.num_pr(self.styles.style_of(p))
        if num_pr is None:
            return None
        num_id = _val(num_pr, "numId")
        if num_id is None:
            return None
        own_level = _val(own, "ilvl")
        ilvl = own_level if own_level is not None else _val(num_pr, "ilvl")
        return num_id, int(ilvl) if ilvl is not None and ilvl.isdigit() else 0

    def label(self, p: Any) -> str:
        """The number Word displays before the paragraph ``p`` ("" if it is not numbered)."""
        found = self._num_pr(p)
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
