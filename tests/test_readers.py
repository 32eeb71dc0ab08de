"""Reports as they come: .txt, .docx, a saved portal .html page, .pdf and .md give the same findings.

Every container is generated here from text at test time (python-docx, an HTML template, fpdf2),
so no binary fixture and no copy of a sample's text is committed.
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

from govlint.diagnostics import FileResult
from govlint.engine import Linter
from govlint.errors import InputError
from govlint.load import Source, load
from govlint.report import parse
from govlint.runner import check_file

from conftest import SAMPLES

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

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
        elif not header and not body:
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
            heading = document.add_paragraph(regex.sub(r"^[一二三四五六七八九十]+、", "", line) if numbered else line,
                                             style="Heading 1")
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
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        ))
        numbering.set("govlint-test", "1")
    # One list instance per heading, each starting at the heading's own number (a skipped number stays).
    num_id = 90 + int(chinese_to_int(ordinal) or 1)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{chinese_to_int(ordinal)}"/></w:lvlOverride></w:num>'
    ))
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
        cells = "".join(f"<td class=\"label\">{html.escape(label)}：</td><td>{html.escape(value)}</td>"
                        for label, value in header[index:index + 2])
        rows.append(f"<tr>{cells}</tr>")
    # Source line breaks inside a paragraph, as CMS editors leave them: not text.
    paragraphs = "\n".join(
        f"<p>{html.escape(line[:12])}\n{html.escape(line[12:])}</p>" if len(line) > 30 else f"<p>{html.escape(line)}</p>"
        for line in body[1:]
    )
    page = PORTAL.format(charset=charset, title=html.escape(title), crumbs=html.escape(" ".join(crumbs) or "您当前的位置：首页"),
                         rows="\n".join(rows), paragraphs=paragraphs,
                         footer=html.escape(" ".join(footer) or "扫一扫在手机打开当前页"))
    path.write_bytes(page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset))
    return path


def to_pdf(text: str, path: Path) -> Path:
    """The report as a PDF with a text layer: wrapped paragraphs, page numbers in the footer."""
    from fpdf import FPDF
    from fpdf.enums import WrapMode

    _, _, body, _ = split_portal(text)

    class Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.cell(0, 10, f"- {self.page_no()} -", align="C")

    pdf = Pdf(format="A4")
    pdf.add_font("cjk", fname=str(CJK_FONT))
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    for line in body:
        # Chinese text breaks between any two characters (as Word and WPS lay it out), not at spaces.
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR)
    pdf.output(str(path))
    return path


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
def test_one_report_every_format_same_codes(kind: str, module_linter: Linter, authored_codes: set[str],
                                            tmp_path: Path) -> None:
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
    # shared/ sits beside the checkout (CI, main); a helper's worktree is one level deeper.
    for samples in (SAMPLES, Path(__file__).resolve().parents[3] / "shared" / "samples"):
        if (samples / "heyan-2023.txt").is_file():
            return (samples / "heyan-2023.txt").read_text(encoding="utf-8")
    raise FileNotFoundError(SAMPLES / "heyan-2023.txt")


@pytest.mark.parametrize("kind", ["docx", "html", "pdf"])
def test_sample_report_gives_the_same_findings_in_every_format(kind: str, module_linter: Linter, sample_text: str,
                                                               tmp_path: Path) -> None:
    expected = _findings(_check(module_linter, to_txt(sample_text, tmp_path / "s.txt")))
    got = _findings(_check(module_linter, RENDERERS[kind](sample_text, tmp_path / f"s.{kind}")))
    assert got == expected
