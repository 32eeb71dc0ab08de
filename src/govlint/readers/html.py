"""Saved portal page (.html/.htm) reader.

The page becomes the text a reviewer would copy from it: the metadata block as ``[ 字段 ] 值``
lines, the title, then the article body one paragraph per line, so the same rules fire as on a
.txt copy. Site navigation (header, nav, footer, aside, scripts, forms) is dropped and the article
container is chosen by where the Chinese prose is. Parsed with selectolax (Lexbor, an HTML5 parser).
"""

from __future__ import annotations

import codecs
import html as html_lib
from dataclasses import dataclass
from typing import Any

import regex

from govlint.diagnostics import Edit
from govlint.errors import InputError
from govlint.load import _BOMS, Source, decode
from govlint.readers._common import CELL_MAX_BLOCKS, ROW_MAX_CHARS, TITLE_LIKE, VISIBLE_ORDINAL, join_cells

_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.I)
# Labels a portal page writers declare GB2312/GBK for are GB18030 in practice (a superset).
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}

# Removed before anything is read: never report text.
_DROP = "script, style, noscript, template, iframe, object, embed, svg, canvas, select, button, input, textarea"
# Site chrome around the article.
_CHROME = "header, nav, footer, aside, form"
# Containers portal CMSs use for the article body (TRS, Hanweb, UCAP …).
_CONTENT_SELECTORS = (
    ".TRS_Editor",
    ".trs_editor_view",
    "#UCAP-CONTENT",
    "#zoom",
    "#Zoom",
    "#zoomcon",
    ".zoom",
    "#content",
    ".article-content",
    ".article_content",
    ".content",
    "article",
    ".article",
    ".zw",
    "#zw",
    ".view",
)
_TITLE_SELECTORS = ("h1", ".title", "#title", ".article-title", ".article_title", ".tit", "h2", "h3")
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
}
_HAN = regex.compile(r"\p{Han}")
# CSS Text 3: a line break between two East Asian wide characters renders as nothing, not a space.
_WIDE = r"[\p{Han}\u3000-\u303f\uff00-\uffef]"
_CJK_BREAK = regex.compile(rf"(?<={_WIDE})[ \t]*\n\s*(?={_WIDE})")
_SPACES = regex.compile(r"[ \t\r\n\f]+")
_LABEL_TRIM = regex.compile(r"[\s\u3000\xa0:：\[\]【】［］]+")


def _charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    name = match[1].decode("ascii", "replace").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(path: str, data: bytes) -> tuple[str, str, bytes]:
    """Decode a page: a BOM wins; bytes that are valid UTF-8 are UTF-8 (saved pages often keep a stale
    "gb2312" declaration after being re-encoded, while GBK text is almost never valid UTF-8); then
    the declared charset; else detection. Returns (text, codec name, BOM bytes)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding, _ = decode(data, path)
        return text, encoding, next(mark for mark, name in _BOMS if name == encoding)
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError:
        pass
    declared = _charset(data)
    if declared:
        try:
            return data.decode(declared), declared, b""
        except UnicodeDecodeError:
            pass
    text, encoding, _ = decode(data, path)
    return text, encoding, b""


def _labels() -> tuple[dict[str, str], set[str]]:
    """Known header labels -> canonical field; plus the other portal labels (not report fields)."""
    from govlint.report import FIELD_ALIASES, HEADER_FIELDS, OTHER_LABELS

    canonical = {name: name for name in HEADER_FIELDS}
    canonical.update(FIELD_ALIASES)
    return canonical, set(OTHER_LABELS)


def _text(node: Any) -> str:
    return str(node.text(deep=True, separator="", strip=False) or "")


# Longest text the metadata search looks at in one element (its "[ 字段 ] 值" lines are short).
_SHORT = 400


def _short_texts(root: Any) -> dict[int, str]:
    """Every element's text (by mem_id) when it is at most _SHORT characters long, in one pass.

    The metadata search asks for the text of nearly every element; ``node.text()`` walks the
    element's whole subtree each time, which made 100,000 nested <div>s quadratic (minutes). Here
    each element's text is built from its children's, and a long one is dropped, not copied.
    """
    texts: dict[int, str] = {}
    # Iterative post-order walk: nesting deeper than Python's recursion limit is ordinary input.
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            stack.append((node, True))
            child = node.child
            while child is not None:
                if child.tag != "-text" and child.tag != "-comment":
                    stack.append((child, False))
                child = child.next
            continue
        parts: list[str] = []
        size = 0
        child = node.child
        while child is not None and size <= _SHORT:
            if child.tag == "-text":
                part = child.text_content or ""
            elif child.tag == "-comment":
                part = ""
            elif child.mem_id in texts:
                part = texts[child.mem_id]
            else:  # the child's own text was already too long
                size = _SHORT + 1
                break
            parts.append(part)
            size += len(part)
            child = child.next
        if size <= _SHORT:
            texts[node.mem_id] = "".join(parts)
    return texts


# Deepest tag nesting read. An HTML5 parser checks the open elements on every tag, so 100,000
# nested <div>s took minutes to parse; saved portal pages nest a few dozen levels.
MAX_DEPTH = 1000
# Elements that are never open (void) or whose end tag is usually left out: not counted as nesting.
_NOT_NESTING = frozenset(
    "area base br col embed hr img input link meta param source track wbr p li dt dd tr td th"
    " option optgroup thead tbody tfoot colgroup rb rt rtc rp".split()
)
_TAG = regex.compile(r"<!--|<(?i:script|style)(?=[\s>])|<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_SKIP_TO = {
    "<!--": regex.compile("-->"),
    "script": regex.compile("</script", regex.I),
    "style": regex.compile("</style", regex.I),
}


def _nesting_depth(html: str) -> int:
    """How deep the page's tags nest, estimated in one linear scan (comments, scripts, styles
    skipped); counting stops past MAX_DEPTH.

    As the parser does, an end tag closes the innermost open element of its name and everything
    opened inside it, and an end tag with no open element of its name is ignored: counting every
    end tag as one level up would let ``<div></b>`` repeated nest without limit unseen.
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest = 0
    position = 0
    while (found := _TAG.search(html, position)) is not None:
        position = found.end()
        token = found.group(0)
        if found.group(2) is None:  # a comment, a script or a style: jump past its end
            end = _SKIP_TO[token if token == "<!--" else token[1:].lower()].search(html, position)
            if end is None:
                break
            position = end.end()
            continue
        name = found.group(2).lower()
        if name in _NOT_NESTING:
            continue
        if not found.group(1):
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            deepest = max(deepest, len(stack))
            if deepest > MAX_DEPTH:
                break
        elif open_count.get(name):
            while stack:  # each element is popped once: linear overall
                closed = stack.pop()
                open_count[closed] -= 1
                if closed == name:
                    break
    return deepest


def _norm_label(text: str) -> str:
    return str(_LABEL_TRIM.sub("", text))


def read(path: str, data: bytes, options: dict[str, object]) -> Source:
    """Read a saved portal page into a Source: header fields, title, body paragraphs."""
    from selectolax.lexbor import LexborHTMLParser

    html, encoding, bom = _decode(path, data)
    if _nesting_depth(html) > MAX_DEPTH:
        raise InputError(f"网页标签嵌套超过 {MAX_DEPTH} 层，无法检查（页面已损坏或被刻意构造）", path)
    tree = LexborHTMLParser(html)
    page_title = tree.css_first("title")
    page_title_text = _text(page_title).strip() if page_title is not None else ""
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        raise InputError("网页中没有正文内容", path)

    header, meta_nodes = _metadata(root)
    for node in meta_nodes:
        node.decompose()
    for node in root.css(_CHROME):
        node.decompose()

    container = _content(root)
    title = _title(root, container, page_title_text)
    lines, headings, rows = _lines(container)
    if title and lines and _squash(lines[0]) == _squash(title):
        lines.pop(0)
        headings = {i - 1: level for i, level in headings.items() if i > 0}
        rows = {i - 1: spans for i, spans in rows.items() if i > 0}
    if not any(_HAN.search(line) for line in lines):
        raise InputError("网页中没有找到正文（没有中文段落）", path)

    rewriter = HtmlRewriter.create(html, encoding, bom, data, _declared_label(data) if encoding == "gb18030" else None)
    out: list[str] = []
    for name, value in header.items():
        # Square brackets delimit fields in this notation: keep them out of values.
        shown = value.replace("[", "［").replace("]", "］")
        out.append(f"[ {name} ] {shown}".rstrip())
    if title:
        out.append(title)
    offset = len(out)
    out.extend(lines)
    from govlint.readers.html_positions import PagePositions

    text = "\n".join(out) + "\n"
    if rewriter is not None and rows:
        starts = [0]
        for line in out:
            starts.append(starts[-1] + len(line) + 1)
        rewriter.cells = {starts[i + offset]: spans for i, spans in rows.items()}
    return Source(
        path=path,
        text=text,
        format="html",
        header=dict(header) or None,
        heading_lines={i + offset: level for i, level in headings.items()},
        table_rows={i + offset: spans for i, spans in rows.items()},
        encoding=encoding,
        bom=bool(bom),
        writable=rewriter is not None,
        rewriter=rewriter,
        positions=PagePositions(html, text, len(header), {i + offset for i in rows}),
    )


def _squash(text: str) -> str:
    return str(regex.sub(r"\s+", "", text))


# ---- metadata block --------------------------------------------------------------------------

_BRACKET = regex.compile(
    r"[\[【［]\s*(?P<label>\p{Han}{2,6})\s*[\]】］]\s*(?P<value>[^\[\]【】［］\n]*?)\s*(?=[\[【［]|$)"
)


def _metadata(root: Any) -> tuple[dict[str, str], list[Any]]:
    """Header fields from the page's metadata block, and the nodes that hold it (to drop from the body).

    Layouts read: label/value table cells (th|td + td), <dl><dt><dd>, a label element followed by its
    value in the same parent (``<li><span>索引号：</span>xxx</li>``), and ``[ 字段 ] 值`` or ``字段：值`` text.
    """
    canonical, others = _labels()
    known = {**canonical, **{label: "" for label in others}}
    colon = regex.compile(
        "(?P<label>"
        + "|".join(sorted(known, key=len, reverse=True))
        + r")\s*[：:]\s*(?P<value>.*?)\s*(?=(?:"
        + "|".join(sorted(known, key=len, reverse=True))
        + r")\s*[：:]|$)"
    )
    found: dict[str, str] = {}
    holders: list[Any] = []
    short = _short_texts(root)

    def add(label: str, value: str, holder: Any) -> None:
        name = known.get(label)
        if name is None:
            return
        if label == "时间" and "发布日期" not in found:
            name = "发布日期"
        if name:
            found.setdefault(name, " ".join(value.split()))
        holders.append(holder)

    # Element layouts: an element whose whole text is a label.
    for node in root.css("td, th, dt, span, label, b, strong, em, li, p, div, font"):
        raw = short.get(node.mem_id)
        if raw is None or len(raw) > 24:
            continue
        label = _norm_label(raw)
        if label not in known:
            continue
        value_node = None
        if node.tag in ("td", "th"):
            value_node = _next_element(node, ("td", "th"))
        elif node.tag == "dt":
            value_node = _next_element(node, ("dd",))
        if value_node is not None:
            value = _text(value_node)
            # "<td>[ 发文字号 ]</td><td>[ 发布机构 ] 某镇</td>": an empty field, not the next label.
            starts_label = _BRACKET.match(value.strip()) or colon.match(value.strip())
            add(label, "" if starts_label else value, _block_ancestor(node))
            continue
        parent = node.parent
        if parent is not None and node.tag not in ("td", "th", "dt"):
            rest = short.get(parent.mem_id, "")
            index = rest.find(raw)
            if index != -1 and len(rest) < 200:
                # The value is whatever follows the label inside the parent, up to the next label.
                after = rest[index + len(raw) :]
                add(label, _until_next_label(after, known), _block_ancestor(parent))
    # Text layouts: "[ 字段 ] 值" and "字段：值" inside one short block.
    if len(found) < 3:
        for node in root.css("p, div, li, td, span, dd"):
            raw = short.get(node.mem_id)
            if raw is None or any(child.tag in _BLOCK for child in _children(node)):
                continue
            for line in raw.split("\n"):
                line = line.strip()
                matches = list(_BRACKET.finditer(line)) or (list(colon.finditer(line)) if colon.match(line) else [])
                if matches and matches[0].start() == 0:
                    for match in matches:
                        add(match["label"], match["value"], node)
    if sum(1 for name in found if name) < 2:
        # One "时间：" line is a dateline, not a metadata block.
        return {}, []
    order = [name for name in canonical.values() if name in found]
    seen: list[str] = []
    for name in order:
        if name not in seen:
            seen.append(name)
    return {name: found[name] for name in seen}, _outermost(holders)


def _until_next_label(text: str, known: dict[str, str]) -> str:
    cut = len(text)
    for label in known:
        for match in regex.finditer(regex.escape(label) + r"\s*[：:]", text):
            cut = min(cut, match.start())
    return text[:cut].strip(" \t\n\u3000\xa0:：")


def _children(node: Any) -> list[Any]:
    out = []
    child = node.child
    while child is not None:
        if child.tag != "-text":
            out.append(child)
        child = child.next
    return out


def _next_element(node: Any, tags: tuple[str, ...]) -> Any:
    sibling = node.next
    while sibling is not None:
        if sibling.tag in tags:
            return sibling
        if sibling.tag != "-text":
            return None
        sibling = sibling.next
    return None


def _block_ancestor(node: Any) -> Any:
    """The table (or list, or block) that holds a metadata cell: the unit dropped from the body."""
    current = node
    while current is not None:
        if current.tag in ("table", "dl", "ul", "ol"):
            return current
        current = current.parent
    current = node
    while current is not None and current.tag not in _BLOCK:
        current = current.parent
    return current if current is not None else node


def _outermost(nodes: list[Any]) -> list[Any]:
    """Distinct nodes, none inside another (decomposing a parent already removes its children)."""
    unique: list[Any] = []
    for node in nodes:
        if node.tag in ("body", "html") or any(node.mem_id == other.mem_id for other in unique):
            continue
        unique.append(node)
    keep = []
    for node in unique:
        ancestor = node.parent
        inside = False
        while ancestor is not None:
            if any(ancestor.mem_id == other.mem_id for other in unique):
                inside = True
                break
            ancestor = ancestor.parent
        if not inside:
            keep.append(node)
    return keep


# ---- article body ----------------------------------------------------------------------------


def _han_count(text: str) -> int:
    return len(_HAN.findall(text))


def _content(root: Any) -> Any:
    """The element holding the article: the deepest element that holds most (80%) of the page's
    Chinese paragraph text, once the chrome is gone. Paragraphs are <p>s; a page without them (text
    split by <br>) is measured by its text nodes. A CMS body container (TRS_Editor, zoom …) that
    holds as much is preferred, so text beside the <p>s in it (tables, a signature) is kept."""
    units = [(node, _han_count(_text(node))) for node in root.css("p")]
    if sum(count for _, count in units) < 50:
        units = [
            (node, _han_count(node.text_content or ""))
            for node in root.traverse(include_text=True)
            if node.tag == "-text"
        ]
    total = sum(count for _, count in units)
    if total == 0:
        return root
    held: dict[int, int] = {}
    nodes: dict[int, Any] = {}
    depth: dict[int, int] = {}
    for node, count in units:
        if not count:
            continue
        ancestors = []
        current = node if node.tag != "-text" else node.parent
        while current is not None:
            ancestors.append(current)
            current = current.parent
        for level, ancestor in enumerate(reversed(ancestors)):
            held[ancestor.mem_id] = held.get(ancestor.mem_id, 0) + count
            nodes[ancestor.mem_id] = ancestor
            depth[ancestor.mem_id] = level
    covering = [key for key, count in held.items() if count >= 0.8 * total]
    best = nodes[max(covering, key=lambda key: depth[key])]
    for selector in _CONTENT_SELECTORS:
        for node in root.css(selector):
            # A CMS body container is trusted with half the page's Chinese text.
            if held.get(node.mem_id, 0) >= 0.5 * total and (_contains(node, best) or _contains(best, node)):
                return node
    return best


def _contains(outer: Any, inner: Any) -> bool:
    node = inner
    while node is not None:
        if node.mem_id == outer.mem_id:
            return True
        node = node.parent
    return False


def _title(root: Any, container: Any, page_title: str) -> str:
    """The article title: a heading or title element outside the body, else the <title> text."""
    for selector in _TITLE_SELECTORS:
        for node in root.css(selector):
            if _contains(container, node) and node.mem_id != container.mem_id:
                continue
            if _contains(node, container):
                continue
            text = " ".join(_text(node).split())
            if text and len(text) <= 80 and _HAN.search(text) and TITLE_LIKE.search(text):
                return text
    # "<title>某镇2023年度法治政府建设情况报告_某某人民政府</title>": the part before the site name.
    first = regex.split(r"\s*[_|｜]\s*|\s+-\s+", page_title)[0].strip() if page_title else ""
    return first if first and TITLE_LIKE.search(first) else ""


def _lines(container: Any) -> tuple[list[str], dict[int, int], dict[int, list[tuple[int, int]]]]:
    """The container's text as lines, one per block element; h1–h6 without ordinals are headings; a
    table row of two or more cells is one line (``join_cells``), with its cells' spans."""
    parts: list[str] = []
    heading_marks: list[tuple[int, int]] = []  # (index in parts where a heading starts, level)

    def walk(node: Any) -> None:
        child = node.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                # Source whitespace is not structure: collapse it as a browser does.
                raw = _CJK_BREAK.sub("", child.text_content or "")
                parts.append(_SPACES.sub(" ", raw.replace("\xa0", " ")))
            elif tag == "br":
                parts.append("\n")
            elif tag == "tr" and (cells := _row_cells(child)):
                parts.append("\n" + _CELL.join(cells) + "\n")
            elif tag in _BLOCK:
                parts.append("\n")
                if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    heading_marks.append((len(parts), int(tag[1])))
                walk(child)
                parts.append("\n")
            else:
                walk(child)
            child = child.next

    walk(container)
    # Join, remembering where headings begin, then split into lines.
    text = ""
    starts: dict[int, int] = {}
    marks = dict(heading_marks)
    for index, part in enumerate(parts):
        if index in marks:
            starts[len(text)] = marks[index]
        text += part
    lines: list[str] = []
    headings: dict[int, int] = {}
    rows: dict[int, list[tuple[int, int]]] = {}
    position = 0
    for raw in text.split("\n"):
        level = starts.get(position)
        position += len(raw) + 1
        line = _SPACES.sub(" ", raw).strip(" \u3000")
        if _CELL in line:
            line, rows[len(lines)] = join_cells([cell.strip(" \u3000") for cell in line.split(_CELL)])
        if not line:
            continue
        # As in Word: a heading element with a typed number is left to report.py, and a title-like
        # heading before any text is the title.
        if level and not VISIBLE_ORDINAL.match(line) and (lines or not TITLE_LIKE.search(line)):
            headings[len(lines)] = level
        lines.append(line)
    return lines, headings, rows


# Marks a cell boundary in a table row until the row is joined into one line.
_CELL = "\ue000"


def _row_cells(row: Any) -> list[str]:
    """The texts of a table row's cells when it is a row of data (two or more cells with text, no
    nested table, short: see ``ROW_MAX_CHARS``); else [] and the row is read block by block."""
    cells = [child for child in _children(row) if child.tag in ("td", "th")]
    if len(cells) < 2 or any(cell.css_first("table") is not None for cell in cells):
        return []
    if any(len(cell.css("p, div, li, br")) > CELL_MAX_BLOCKS for cell in cells):
        return []
    texts = [_SPACES.sub(" ", _CJK_BREAK.sub("", _text(cell)).replace("\xa0", " ")).strip(" \u3000") for cell in cells]
    if sum(len(text) for text in texts) > ROW_MAX_CHARS:
        return []
    return texts if sum(1 for text in texts if text) >= 2 else []


# ---- writing fixes back ----------------------------------------------------------------------
#
# The report text is extracted (whitespace collapsed, metadata turned into "[ 字段 ] 值" lines), so a
# fix's offsets say nothing about the HTML. Each edit is located instead by its text: the characters
# it replaces plus a few characters of context on each side (same line), searched for in the page's
# text runs (between tags; never in tags, attributes, comments, scripts or styles) after decoding
# character references. It is applied only when that text occurs exactly once and lies inside one
# run; anything else (text split by an inline tag, repeated text) is left as it is. This was chosen
# over an offset map built during extraction because the extraction goes through an HTML5 parser
# that reports no source positions: a map would need a second tokenizer agreeing with Lexbor on
# every quirk, while a unique textual match can only ever be right or refused.

# Elements whose content is never report text (or is raw text where "&" is literal).
_RAW_ELEMENTS = "script|style|noscript|template|textarea|title|iframe|xmp|select|button|object|svg"
_MARKUP = regex.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    rf"|<(?P<raw>{_RAW_ELEMENTS})\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>.*?(?:</(?P=raw)\s*>|\Z)"
    r"|<[A-Za-z/!?](?:\"[^\"]*\"|'[^']*'|[^'\">])*(?:>|\Z)",
    regex.S | regex.I,
)
_REFERENCE = regex.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
# Context taken on each side of an edit, and the least there must be for a match to mean anything.
_CONTEXT = 8
_MIN_CONTEXT = 4
# "[ 发文字号 ] ": the reader's notation, not page text.
_FIELD_PREFIX = regex.compile(r"\[ [^\]\n]+ \] ")
_WHITESPACE_RUN = regex.compile(r"\s+")


@dataclass
class _Run:
    """One text run of the page: its decoded text, and for each decoded character the offset in the
    page where the character (or the character reference it came from) starts."""

    text: str
    starts: list[int]
    # Whether the character begins a unit (a literal character or a whole reference).
    unit_start: list[bool]
    end: int

    def offset(self, index: int) -> int | None:
        """The page offset of decoded position ``index``; None inside a multi-character reference."""
        if index == len(self.text):
            return self.end
        return self.starts[index] if self.unit_start[index] else None


def _runs(page: str) -> list[_Run]:
    runs: list[_Run] = []
    position = 0
    for match in [*_MARKUP.finditer(page), None]:
        end = match.start() if match is not None else len(page)
        if end > position:
            runs.append(_decode_run(page, position, end))
        if match is not None:
            position = match.end()
    return runs


def _decode_run(page: str, start: int, end: int) -> _Run:
    text: list[str] = []
    starts: list[int] = []
    unit_start: list[bool] = []
    index = start
    while index < end:
        match = _REFERENCE.match(page, index, end) if page[index] == "&" else None
        decoded = html_lib.unescape(match[0]) if match is not None else page[index]
        if match is not None and decoded != match[0]:
            for number, char in enumerate(decoded):
                text.append(char)
                starts.append(index)
                unit_start.append(number == 0)
            index = match.end()
            continue
        text.append(page[index])
        starts.append(index)
        unit_start.append(True)
        index += 1
    return _Run("".join(text), starts, unit_start, end)


def _pattern(text: str) -> str:
    """Extracted text as a regex over decoded page text: a space stands for any whitespace run."""
    parts = _WHITESPACE_RUN.split(text)
    return r"[ \t\r\n\f\xa0]+".join(regex.escape(part) for part in parts)


class HtmlRewriter:
    """Maps fix edits of the extracted text onto the page's source (``govlint.load.Rewriter``)."""

    def __init__(self, original: str, encoding: str, bom: bytes, strict: str | None) -> None:
        self.original = original
        self.encoding = encoding
        self.bom = bom
        # The declared charset when narrower than the codec used to read (gb2312 read as GB18030):
        # new text must fit it, or the page would hold bytes its own declaration cannot decode.
        self.strict = strict
        self._runs: list[_Run] | None = None
        # Table rows joined into one line (offset of the line in the text -> its cells' spans): an
        # edit's context stays inside its cell, since the separators are not in the page.
        self.cells: dict[int, list[tuple[int, int]]] = {}

    @classmethod
    def create(cls, original: str, encoding: str, bom: bytes, data: bytes, strict: str | None) -> HtmlRewriter | None:
        """A rewriter, or None when the page's bytes do not survive a decode/encode round trip."""
        try:
            if bom + original.encode(encoding) != data:
                return None
        except (UnicodeEncodeError, LookupError):
            return None
        return cls(original, encoding, bom, strict)

    def encode(self, original: str) -> bytes:
        """The page's bytes for an edited page text."""
        return self.bom + original.encode(self.encoding)

    def locate(self, text: str, edit: Edit) -> Edit | None:
        """``edit`` (of the extracted ``text``) as an edit of the page source; None when not certain."""
        content = edit.content
        if "\n" in content or "\n" in text[edit.start : edit.end]:
            return None
        try:
            content.encode(self.strict or self.encoding)
        except (UnicodeEncodeError, LookupError):
            return None
        line_start = text.rfind("\n", 0, edit.start) + 1
        line_end = text.find("\n", edit.end)
        line_end = len(text) if line_end == -1 else line_end
        for cell_start, cell_end in self.cells.get(line_start, ()):
            if line_start + cell_start <= edit.start and edit.end <= line_start + cell_end:
                line_start, line_end = line_start + cell_start, line_start + cell_end
                break
        prefix = _FIELD_PREFIX.match(text, line_start)
        if prefix is not None:
            if edit.start < prefix.end():
                return None
            line_start = prefix.end()
        left = text[max(line_start, edit.start - _CONTEXT) : edit.start]
        right = text[edit.end : min(line_end, edit.end + _CONTEXT)]
        if len(left.strip()) + len(right.strip()) < _MIN_CONTEXT:
            return None
        old = text[edit.start : edit.end]
        pattern = regex.compile(f"{_pattern(left)}({_pattern(old)}){_pattern(right)}")
        if self._runs is None:
            self._runs = _runs(self.original)
        found: list[tuple[_Run, int, int]] = []
        for run in self._runs:
            for match in pattern.finditer(run.text, overlapped=True):
                found.append((run, match.start(1), match.end(1)))
                if len(found) > 1:
                    return None
        if not found:
            return None
        run, start, end = found[0]
        raw_start, raw_end = run.offset(start), run.offset(end)
        if raw_start is None or raw_end is None:
            return None
        return Edit(raw_start, raw_end, html_lib.escape(content, quote=False))


def _declared_label(data: bytes) -> str | None:
    """The codec of the charset the page declares, as declared (gb2312 stays gb2312), if known."""
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    try:
        return codecs.lookup(match[1].decode("ascii", "replace").lower()).name
    except LookupError:
        return None
