"""Reports as they come: .txt, .docx, a saved portal .html page, .pdf and .md give the same findings.

Every container is generated here from text at test time (python-docx, an HTML template, reportlab
with the standard CJK font STSong-Light, which needs no font file), so no binary fixture is committed
and a clone renders them identically on any machine.
"""

from __future__ import annotations

import html
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import regex

from conftest import REPORTS, ROOT
from govlint.diagnostics import FileResult
from govlint.engine import Linter
from govlint.errors import InputError
from govlint.load import Source, load
from govlint.report import parse
from govlint.runner import check_file
from pdfgen import write_pdf, write_scan

# A synthetic town report with a portal header and deliberate defects.
AUTHORED = """\
[ 索引号 ] 11500000MB1234567X/2024-00007 [ 发文字号 ]
[ 发布机构 ] 某某县某某镇 [ 主题分类 ] 其他
[ 成文日期 ] 2024-03-20 [ 发布日期 ] 2024-05-10
某某镇2023年度法治政府建设情况报告
2023年,我镇坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下。
一、依法全面履行政府职能
严格执行权力清单和责任清单制度，全年清理行政权力事项46项。落实《优化营商环境条例，持续深化“放管服”改革。
二、完善依法行政制度体系
全年我镇制定规范性文件起，均按规定报送备案。转发《关于加强行政规范性文件管理的通知》（某府发[2023]5号）。
四、健全依法科学民主决策机制
依法举行听证，并执行公开听证代表等程序规则。聘请XX律师事务所律师担任法律顾问，出具法律意见书6份。
五、强化行政权力制约和监督
全年发生行政诉讼案件2件，行政机关负责人出庭应诉率达到100%。
"""


# ---- renderers: one text, every container ----------------------------------------------------


def split_portal(text: str) -> tuple[list[str], list[tuple[str, str]], list[str], list[str]]:
    """A portal copy's parts: breadcrumb lines, header (label, value) pairs, body lines, footer lines."""
    lines = [line.strip() for line in text.split("\n")]
    header: list[tuple[str, str]] = []
    crumbs: list[str] = []
    body: list[str] = []
    footer: list[str] = []
    for line in lines:
        if not line:
            continue
        if footer or line.startswith("扫一扫"):
            footer.append(line)
        elif line.startswith("[") and not body:
            header.extend((m[1], m[2].strip()) for m in regex.finditer(r"\[\s*(\p{Han}+)\s*\]\s*([^\[]*)", line))
        elif not header and not body and any(later.startswith("[") for later in lines):
            crumbs.append(line)
        else:
            body.append(line)
    return crumbs, header, body, footer


def to_docx(text: str, path: Path, numbered: bool = False) -> Path:
    """The report as a drafter's Word file: title, Heading 1 sections, body paragraphs (no portal chrome).

    With ``numbered``, the section numbers are Word automatic numbering, not typed text.
    """
    import docx

    _, _, body, _ = split_portal(text)
    document = docx.Document()
    title_done = False
    for line in body:
        if not title_done and regex.search(r"报告$", line):
            document.add_paragraph(line, style="Title")
            title_done = True
        elif regex.match(r"^[一二三四五六七八九十]+、", line):
            heading = document.add_paragraph(
                regex.sub(r"^[一二三四五六七八九十]+、", "", line) if numbered else line, style="Heading 1"
            )
            if numbered:
                _number(document, heading, regex.match(r"^([一二三四五六七八九十]+)、", line)[1])
        else:
            document.add_paragraph(line)
    path.write_bytes(_save(document))
    return path


def _number(document, paragraph, ordinal: str) -> None:  # type: ignore[no-untyped-def]
    """Attach Word numbering "一、" (chineseCounting) to a paragraph, restarting at ``ordinal``."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    from govlint.numerals import chinese_to_int

    numbering = document.part.numbering_part.element
    if numbering.find(qn("w:abstractNum")) is None or numbering.get("govlint-test") is None:
        numbering.insert(
            0,
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
            ),
        )
        numbering.set("govlint-test", "1")
    # One list instance per heading, each starting at the heading's own number (a skipped number stays).
    num_id = 90 + int(chinese_to_int(ordinal) or 1)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{chinese_to_int(ordinal)}"/></w:lvlOverride></w:num>'
        )
    )
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _save(document) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PORTAL = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_某某县人民政府</title><style>p {{ text-indent: 2em; }}</style>
<script>var nav = "首页,政务公开";</script></head>
<body>
<header><div class="logo">某某县人民政府</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开,政策文件</a></li><li>XX专栏</li></ul></nav></header>
<div class="crumb">{crumbs}</div>
<div class="main">
<table class="xxgk-info">
{rows}
</table>
<h1 class="article-title">{title}</h1>
<div class="info"><span>来源：某某县司法局</span> <span>浏览次数：128</span></div>
<div id="zoom" class="TRS_Editor">
{paragraphs}
</div>
<aside><h3>相关链接</h3><ul><li>XX镇2022年度法治政府建设情况报告</li><li>关于印发《某方案的通知</li></ul></aside>
</div>
<footer><p>{footer}</p><p>主办单位：某某县人民政府办公室,承办：某某县大数据中心</p></footer>
</body></html>
"""


def to_html(text: str, path: Path, charset: str = "utf-8") -> Path:
    """The report as a saved portal page: nav, breadcrumb, metadata table, title, article, sidebar, footer."""
    crumbs, header, body, footer = split_portal(text)
    title = body[0]
    rows = []
    for index in range(0, len(header), 2):
        cells = "".join(
            f'<td class="label">{html.escape(label)}：</td><td>{html.escape(value)}</td>'
            for label, value in header[index : index + 2]
        )
        rows.append(f"<tr>{cells}</tr>")
    # Source line breaks inside a paragraph, as CMS editors leave them: not text.
    paragraphs = "\n".join(
        f"<p>{html.escape(line[:12])}\n{html.escape(line[12:])}</p>"
        if len(line) > 30
        else f"<p>{html.escape(line)}</p>"
        for line in body[1:]
    )
    page = PORTAL.format(
        charset=charset,
        title=html.escape(title),
        crumbs=html.escape(" ".join(crumbs) or "您当前的位置：首页"),
        rows="\n".join(rows),
        paragraphs=paragraphs,
        footer=html.escape(" ".join(footer) or "扫一扫在手机打开当前页"),
    )
    path.write_bytes(page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset))
    return path


def to_pdf(text: str, path: Path) -> Path:
    """The report as a PDF with a text layer: wrapped paragraphs, page numbers in the footer."""
    _, _, body, _ = split_portal(text)
    # Body paragraphs get the customary two-character first-line indent (headings and titles do not).
    return write_pdf(
        body, path, indent=lambda line: len(line) >= 30 and not regex.match(r"^[一二三四五六七八九十]+、", line)
    )


def to_txt(text: str, path: Path) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


RENDERERS = {"txt": to_txt, "docx": to_docx, "html": to_html, "pdf": to_pdf}


def _check(linter: Linter, path: Path) -> FileResult:
    result = check_file(linter, str(path))
    assert result.error is None, result.error
    return result


# ---- one report, every format, the same codes ------------------------------------------------


@pytest.fixture(scope="module")
def module_linter() -> Linter:
    from govlint.config import Settings

    return Linter.from_settings(Settings())


@pytest.fixture(scope="module")
def authored_codes(module_linter: Linter, tmp_path_factory) -> set[str]:
    path = to_txt(AUTHORED, tmp_path_factory.mktemp("txt") / "r.txt")
    return {finding.code for finding in _check(module_linter, path).findings}


def test_authored_report_has_the_defects_it_was_written_with(authored_codes: set[str]) -> None:
    assert {"GL102", "GL103", "GL106", "GL201", "GL301", "GL302", "GL303", "GL304", "GL305", "GL403"} <= authored_codes


# Header fields exist on the .txt and the portal page only: a Word file or PDF has no portal header.
_HEADER_CODES = {"GL401", "GL402", "GL403"}


@pytest.mark.parametrize("kind", ["docx", "html", "pdf", "docx-numbered", "html-gbk"])
def test_one_report_every_format_same_codes(
    kind: str, module_linter: Linter, authored_codes: set[str], tmp_path: Path
) -> None:
    if kind == "docx-numbered":
        path = to_docx(AUTHORED, tmp_path / "r.docx", numbered=True)
    elif kind == "html-gbk":
        path = to_html(AUTHORED, tmp_path / "r.htm", charset="gb2312")
    else:
        path = RENDERERS[kind](AUTHORED, tmp_path / f"r.{kind}")
    codes = {finding.code for finding in _check(module_linter, path).findings}
    expected = authored_codes if kind.startswith("html") else authored_codes - _HEADER_CODES
    assert codes == expected


def _findings(result: FileResult) -> list[tuple[str, str]]:
    return sorted((finding.code, finding.message) for finding in result.findings)


@pytest.fixture(scope="module")
def sample_text() -> str:
    return (REPORTS / "qingshi-2023.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["docx", "html", "pdf"])
def test_sample_report_gives_the_same_findings_in_every_format(
    kind: str, module_linter: Linter, sample_text: str, tmp_path: Path
) -> None:
    expected = _findings(_check(module_linter, to_txt(sample_text, tmp_path / "s.txt")))
    got = _findings(_check(module_linter, RENDERERS[kind](sample_text, tmp_path / f"s.{kind}")))
    assert got == expected


# ---- Word ------------------------------------------------------------------------------------


def test_docx_lines_are_paragraphs_and_the_file_is_untouched(module_linter: Linter, tmp_path: Path) -> None:
    path = to_docx(AUTHORED, tmp_path / "r.docx")
    before = path.read_bytes()
    source = load(str(path))
    result = _check(module_linter, path)
    assert path.read_bytes() == before
    assert (source.line_unit, source.writable, result.line_unit) == ("段", False, "段")
    # Line N of the checked text is paragraph N of the document.
    import docx

    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert source.text.split("\n")[: len(paragraphs)] == paragraphs
    placeholder = next(f for f in result.findings if f.code == "GL301")
    assert paragraphs[placeholder.line - 1].startswith("依法举行听证")


def test_docx_heading_styles_tables_and_numbering(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某镇2023年度法治政府建设情况报告", style="Title")
    document.add_paragraph("依法全面履行政府职能", style="Heading 1")  # a heading with no typed number
    document.add_paragraph("全年共举行听证会2次。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "事项"
    table.cell(0, 1).text = "数量"
    table.cell(1, 0).text = "审查合同"
    table.cell(1, 1).text = "12份"
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格只读一次"
    numbered = document.add_paragraph("完善依法行政制度体系", style="Heading 2")
    _number(document, numbered, "二")
    document.add_paragraph("二、已有序号的标题", style="Heading 1")
    path = tmp_path / "r.docx"
    path.write_bytes(_save(document))

    source = load(str(path))
    lines = source.text.rstrip("\n").split("\n")
    assert lines == [
        "某镇2023年度法治政府建设情况报告",
        "依法全面履行政府职能",
        "全年共举行听证会2次。",
        # A table row is one line, label and value joined, so figure rules see both.
        "事项：数量",
        "审查合同：12份",
        "合并单元格只读一次",
        "二、完善依法行政制度体系",
        "二、已有序号的标题",
    ]
    # The styled heading without a number is a heading; the title stays the title; numbered
    # headings are left to report.py, which reads their ordinals.
    assert source.heading_lines == {1: 1}
    assert source.table_rows == {3: [(0, 2), (3, 5)], 4: [(0, 4), (5, 8)]}
    report = parse(source)
    assert report.title_text == "某镇2023年度法治政府建设情况报告"
    assert [(h.text, h.ordinal) for h in report.headings] == [
        ("依法全面履行政府职能", None),
        ("完善依法行政制度体系", 2),
        ("已有序号的标题", 2),
    ]


def test_docx_text_with_tracked_changes_links_and_content_controls(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    paragraph = document.add_paragraph("全年共举行听证会")
    w = nsdecls("w")
    for xml in (
        f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>2</w:t></w:r></w:ins>',
        f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText>3</w:delText></w:r></w:del>',
        f"<w:r {w}><w:t>次，</w:t></w:r>",
        f"<w:sdt {w}><w:sdtContent><w:r><w:t>审查合同</w:t></w:r></w:sdtContent></w:sdt>",
        f"<w:hyperlink {w}><w:r><w:t>12份</w:t></w:r></w:hyperlink>",
        f"<w:r {w}><w:br/><w:t>。</w:t></w:r>",
    ):
        paragraph._p.append(parse_xml(xml))
    path = tmp_path / "r.docx"
    path.write_bytes(_save(document))
    # Insertions count, deletions do not; a manual line break does not split the paragraph.
    assert load(str(path)).text == "全年共举行听证会2次，审查合同12份 。\n"


def _ole_encrypted_package() -> bytes:
    """The shape of a password-protected .docx: an OLE compound file with EncryptionInfo and
    EncryptedPackage streams (directory names are UTF-16LE)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\x00")
    entries = b"".join(
        name.encode("utf-16-le").ljust(64, b"\x00") + bytes(64)
        for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    )
    return header + entries.ljust(512, b"\x00") + bytes(1024)


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"this is not a zip file at all", "不是有效的 Word 文档"),
        (b"PK\x03\x04" + bytes(40), "不是有效的 Word 文档"),
        (_zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"}), "缺少正文部件 word/document.xml"),
        (_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<not xml"}), "不是有效的 Word 文档"),
        (_ole_encrypted_package(), "设有打开密码"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2040), "旧版 Word 文档（.doc）"),
    ],
    ids=["not-zip", "truncated-zip", "no-document-xml", "bad-xml", "encrypted", "legacy-doc"],
)
def test_broken_and_protected_docx_are_one_clear_error(tmp_path: Path, data: bytes, needle: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load(str(path))
    assert needle in str(info.value) and str(path) in str(info.value)


def test_cli_exits_2_with_one_line_for_a_protected_docx(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(_ole_encrypted_package())
    done = subprocess.run([sys.executable, "-m", "govlint", "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"govlint: {path}: Word 文档设有打开密码（已加密），无法读取；请在 Word 中取消密码后再检查"
    ]


# ---- portal pages ----------------------------------------------------------------------------


def test_portal_page_drops_navigation_and_reads_the_metadata_table(tmp_path: Path) -> None:
    source = load(str(to_html(AUTHORED, tmp_path / "r.html")))
    assert source.header == {
        "索引号": "11500000MB1234567X/2024-00007",
        "发文字号": "",
        "发布机构": "某某县某某镇",
        "主题分类": "其他",
        "成文日期": "2024-03-20",
        "发布日期": "2024-05-10",
    }
    for chrome in ("首页", "政务公开", "XX专栏", "相关链接", "主办单位", "浏览次数", "var nav", "text-indent"):
        assert chrome not in source.text
    lines = source.text.split("\n")
    # Header lines, then the title, then the body one paragraph per line.
    assert lines[6] == "某某镇2023年度法治政府建设情况报告"
    assert lines[7].startswith("2023年,我镇坚持") and lines[7].endswith("报告如下。")
    # --fix may rewrite a saved page (fixes placed by their text; see tests/test_fix_html.py).
    assert source.writable is True and source.rewriter is not None


@pytest.mark.parametrize(
    "block",
    [
        "<dl><dt>索引号：</dt><dd>1150/2024-1</dd><dt>发布机构：</dt><dd>某镇</dd><dt>发布日期：</dt><dd>2024-03-01</dd></dl>",
        "<ul><li><span>索引号：</span>1150/2024-1</li><li><span>发布机构：</span>某镇</li>"
        "<li><span>发布日期：</span>2024-03-01</li></ul>",
        "<div class='meta'><p>[ 索引号 ] 1150/2024-1 [ 发布机构 ] 某镇</p><p>[ 发布日期 ] 2024-03-01</p></div>",
        "<div class='meta'>索引号：1150/2024-1 发布机构：某镇 发布日期：2024-03-01</div>",
        "<table><tr><th>索引号</th><td>1150/2024-1</td><th>发文机关</th><td>某镇</td></tr>"
        "<tr><th>发布时间</th><td>2024-03-01</td></tr></table>",
        "<table><tr><td>[ 索引号 ] 1150/2024-1</td><td>[ 发文字号 ]</td></tr><tr><td>[ 发布机构 ] 某镇</td>"
        "<td>[ 发布日期 ] 2024-03-01</td></tr></table>",
    ],
    ids=["dl", "li-span", "bracket-text", "colon-text", "th-td-aliases", "bracket-cells-empty-field"],
)
def test_metadata_block_layouts(tmp_path: Path, block: str) -> None:
    page = (
        f"<html><head><meta charset='utf-8'></head><body><nav>首页</nav>{block}"
        "<h1>某镇2023年度法治政府建设情况报告</h1>"
        "<div class='content'><p>一、依法全面履行政府职能</p><p>全年共举行听证会2次。</p></div></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    source = load(str(path))
    expected = {"索引号": "1150/2024-1", "发布机构": "某镇", "发布日期": "2024-03-01"}
    if "发文字号" in block:
        expected = {"索引号": "1150/2024-1", "发文字号": "", "发布机构": "某镇", "发布日期": "2024-03-01"}
    assert source.header == expected
    assert source.text.split("\n")[len(expected) :] == [
        "某镇2023年度法治政府建设情况报告",
        "一、依法全面履行政府职能",
        "全年共举行听证会2次。",
        "",
    ]
    assert "1150/2024-1" not in source.text.split("\n", len(expected))[len(expected)]


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [("gb2312", "gb18030"), ("utf-8", "utf-8"), (None, "gb18030"), ("gb2312", "utf-8"), ("utf-8", "gb18030")],
    ids=["gb2312", "utf8", "undeclared-gbk", "stale-gb2312-on-utf8", "wrong-utf8-on-gbk"],
)
def test_portal_page_encoding_from_meta_or_detection(tmp_path: Path, declared: str | None, encoding: str) -> None:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">' if declared else ""
    page = (
        f"<html><head>{meta}<title>某镇2023年度法治政府建设情况报告_某县人民政府</title></head><body>"
        "<div id='zoom'><p>一、依法全面履行政府职能</p><p>本年度无听证事项，未发生行政诉讼案件。</p></div>"
        "</body></html>"
    )
    path = tmp_path / "p.htm"
    path.write_bytes(page.encode(encoding))
    # The title comes from <title> when the page has no heading element.
    expected = "某镇2023年度法治政府建设情况报告\n一、依法全面履行政府职能\n本年度无听证事项，未发生行政诉讼案件。\n"
    assert load(str(path)).text == expected


def test_reader_supplied_header_is_used_by_the_report() -> None:
    source = Source(
        path="r.html",
        text="某镇2023年度法治政府建设情况报告\n一、依法全面履行政府职能\n",
        header={"索引号": "1150/2024-1", "发布机构": "某镇", "发布日期": "2024-06-01"},
    )
    report = parse(source)
    assert report.has_header and report.field_date("发布日期").isoformat() == "2024-06-01"


# ---- PDF -------------------------------------------------------------------------------------


def test_pdf_paragraphs_rejoined_across_lines_and_pages(tmp_path: Path) -> None:
    long = "全年共举行听证会2次,审查合同12份。" * 100  # wraps over many lines and onto page 2
    text = (
        "某镇2023年度法治政府建设情况报告\n一、依法全面履行政府职能\n"
        + long
        + "\n二、完善依法行政制度体系\n本年度无听证事项。\n"
    )
    source = load(str(to_pdf(text, tmp_path / "r.pdf")))
    assert source.text == text
    assert source.line_pages == [1, 1, 1, 2, 2]
    assert source.location(4) == "第2页第4段"
    assert (source.line_unit, source.writable) == ("段", False)


def _encrypted_pdf(path: Path, user_password: str) -> Path:
    return write_pdf(
        ["某镇2023年度法治政府建设情况报告", "本年度无听证事项，未发生行政诉讼案件。"],
        path,
        user_password=user_password,
    )


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    assert "未发生行政诉讼案件" in load(str(_encrypted_pdf(tmp_path / "r.pdf", ""))).text


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: write_scan(p), "没有文字层（可能是扫描件）"),
        (lambda p: _encrypted_pdf(p, "secret"), "设有打开密码"),
        (lambda p: p.write_bytes(b"%PDF-1.4\nthis is not a pdf body\n%%EOF") and p, "不是有效的 PDF 文件"),
        (lambda p: p.write_bytes(b"not a pdf at all") and p, "不是有效的 PDF 文件"),
    ],
    ids=["scan", "password", "garbage-body", "not-pdf"],
)
def test_unreadable_pdf_is_one_clear_error(tmp_path: Path, make, needle: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.pdf"
    make(path)
    done = subprocess.run([sys.executable, "-m", "govlint", "check", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and str(path) in lines[0]


# ---- Markdown, and choosing the format -------------------------------------------------------


def test_markdown_headings_are_report_headings(module_linter: Linter, tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text(
        "# 某镇2023年度法治政府建设情况报告\n\n## 依法全面履行政府职能\n\n全年共举行听证会2次。\n\n"
        "## 存在的不足和原因\n\n法治宣传不够深入，原因是人员不足。\n",
        encoding="utf-8",
    )
    report = parse(load(str(path)))
    assert [(h.level, h.text) for h in report.headings] == [(2, "依法全面履行政府职能"), (2, "存在的不足和原因")]
    codes = {f.code for f in _check(module_linter, path).findings}
    assert "GL102" not in codes and "GL103" in codes


def test_input_format_overrides_the_extension_and_unknown_extensions_are_sniffed(tmp_path: Path) -> None:
    docx_path = to_docx(AUTHORED, tmp_path / "r.docx")
    renamed = tmp_path / "report.bin"
    renamed.write_bytes(docx_path.read_bytes())
    assert load(str(renamed)).format == "docx"
    page = to_html(AUTHORED, tmp_path / "r.html")
    as_text = tmp_path / "page.txt"
    as_text.write_bytes(page.read_bytes())
    assert load(str(as_text)).format == "text"
    assert load(str(as_text), input_format="html").format == "html"
    pdf = to_pdf(AUTHORED, tmp_path / "r.pdf")
    (tmp_path / "noext").write_bytes(pdf.read_bytes())
    assert load(str(tmp_path / "noext")).format == "pdf"
    xhtml = tmp_path / "page.aspx"
    xhtml.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>某镇2023年度法治政府建设情况报告</p>'
        "<p>本年度无听证事项。</p></body></html>",
        encoding="utf-8",
    )
    assert load(str(xhtml)).format == "html"


def test_unknown_binary_and_unknown_format_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "archive.zzz"
    path.write_bytes(_zip({"a.txt": "x"}))
    with pytest.raises(InputError, match=r"无法识别的文件类型“\.zzz”"):
        load(str(path))
    done = subprocess.run(
        [sys.executable, "-m", "govlint", "check", "--input-format", "odt", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "未知的输入格式“odt”" in done.stderr


_BODY = [
    "一、依法全面履行政府职能",
    "全年共举行听证会2次，审查合同12份，出具法律意见书3份。",
    "二、完善依法行政制度体系",
    "全年制定规范性文件4件，均按规定报送备案审查。",
]


@pytest.mark.parametrize(
    "page",
    [
        # Paragraphs separated by <br>, no <p> at all; the site bar is a plain div.
        "<div class='bar'>首页 | 政务公开 | 互动交流</div><div class='xl'>某镇2023年度法治政府建设情况报告<br>"
        + "<br>".join(_BODY)
        + "</div>",
        # Each paragraph in its own wrapper div; a sidebar of links beside the article.
        "<h1>某镇2023年度法治政府建设情况报告</h1><div class='wrap'>"
        + "".join(f"<div><p>{t}</p></div>" for t in _BODY)
        + "</div><div class='side'><ul><li>某镇2022年度法治政府建设情况报告</li></ul></div>",
        # Source line breaks inside paragraphs and &nbsp; indentation, as CMS editors leave them.
        "<h1>某镇2023年度法治政府建设情况报告</h1><div class='TRS_Editor'>"
        + "".join(f"<p>&nbsp;&nbsp;{t[:6]}\n   {t[6:]}</p>" for t in _BODY)
        + "</div>",
    ],
    ids=["br-separated", "wrapped-paragraphs", "source-newlines"],
)
def test_article_body_layouts(tmp_path: Path, page: str) -> None:
    path = tmp_path / "p.html"
    path.write_text(f"<html><head><meta charset='utf-8'></head><body>{page}</body></html>", encoding="utf-8")
    assert load(str(path)).text.split("\n") == ["某镇2023年度法治政府建设情况报告", *_BODY, ""]


def test_heading_elements_without_numbers_are_headings(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(
        "<html><body><div class='TRS_Editor'><h2>某镇2023年度法治政府建设情况报告</h2>"
        "<h3>依法全面履行政府职能</h3><p>全年共举行听证会2次。</p><h3>二、完善依法行政制度体系</h3></div>"
        "</body></html>",
        encoding="utf-8",
    )
    source = load(str(path))
    report = parse(source)
    assert report.title_text == "某镇2023年度法治政府建设情况报告"
    assert [(h.text, h.ordinal) for h in report.headings] == [
        ("依法全面履行政府职能", None),
        ("完善依法行政制度体系", 2),
    ]


def test_pdf_line_joining_rules() -> None:
    from govlint.readers.pdf import join_lines

    full, indented, last = "法" * 30, "治" * 28, "政府建设。"
    pages = [
        [
            "某镇2023年度法治政府建设情况报告",
            "一、依法全面履行政府职能",
            indented,
            full,
            last,
            "\u3000\u3000" + indented,
            full,
        ],
        # Continues across the page break; a heading after a sentence end is never glued on.
        [full[:-1] + "。", "（一）完善制度", full, "2023年,审查合同12份。"],
    ]
    paragraphs, starts = join_lines(pages)
    assert (
        paragraphs
        == [
            "某镇2023年度法治政府建设情况报告",
            "一、依法全面履行政府职能",
            indented + full + last,  # an indent by position (no typed spaces) still reads as a full line
            indented + full + full[:-1] + "。",  # a typed indent starts a paragraph
            "（一）完善制度",
            full + "2023年,审查合同12份。",
        ]
    )
    assert starts == [1, 1, 1, 1, 2, 2]


def test_full_output_names_word_paragraphs_and_pdf_pages(tmp_path: Path) -> None:
    """A drafter finds a finding in Word by paragraph and in a PDF by page, not by line number."""
    text = (ROOT / "fixtures" / "example-town-2023.txt").read_text(encoding="utf-8")
    docx = to_docx(text, tmp_path / "report.docx")
    pdf = to_pdf(text, tmp_path / "report.pdf")
    for path, pattern in ((docx, r"GL303 +第\d+段第\d+字"), (pdf, r"GL303 +第1页第\d+段第\d+字")):
        out = subprocess.run(
            [sys.executable, "-m", "govlint", "check", "-f", "full", "--select", "GL303", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        assert regex.search(pattern, out), out
