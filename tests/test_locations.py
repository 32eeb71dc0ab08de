"""Findings point into the file the user has: a saved page's source lines, Word paragraphs, tables.

Every input is written here at test time; nothing is read from outside the repository.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import word_with_table
from govlint.cli import main
from govlint.config import Settings
from govlint.diagnostics import FileResult, Finding, Severity
from govlint.engine import Linter
from govlint.errors import InputError
from govlint.formats import RunInfo
from govlint.formats import concise as concise_format
from govlint.formats import junit as junit_format
from govlint.load import READERS, Source, load

# A saved portal page: the 文号 defect sits on line 24 of the page source, inside an inline tag,
# while it is on line 8 of the text extracted from the page.
PAGE = """\
<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>某镇2023年法治政府建设年度报告_某镇人民政府</title>
<style>p { text-indent: 2em; }</style>
</head>
<body>
<div class="crumb">首页 &gt; 政府信息公开 &gt; 法治政府建设年度报告</div>
<table class="meta">
<tr><td>索引号：</td><td>11500000-2024-00001</td></tr>
<tr><td>发布机构：</td><td>某镇人民政府</td></tr>
<tr><td>成文日期：</td><td>2024-03-01</td></tr>
<tr><td>发布日期：</td><td>2024-03-05</td></tr>
</table>
<h1>某镇2023年法治政府建设年度报告</h1>
<div class="TRS_Editor">
<p>2023年，我镇坚持以习近平法治思想为指导，
全面推进法治政府建设，现将有关情况报告如下。</p>
<p>一、依法全面履行政府职能</p>
<p>深化&ldquo;放管服&rdquo;改革，

  认真落实权责清单制度，
  依据：<b>某府办发〔202344号</b>文件逐项整改。</p>
<table>
<tr><td>行政诉讼案件</td><td>2件</td></tr>
<tr><td>行政机关负责人出庭应诉率</td><td>100%</td></tr>
</table>
</div>
</body>
</html>
"""
DEFECT_LINE = 24
LINTER = Linter.from_settings(Settings())
DEFECT_COLUMN = PAGE.split("\n")[DEFECT_LINE - 1].index("某府办发") + 1


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "portal.html").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return "portal.html"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args, "--color", "never"])
    return code, capsys.readouterr().out


def test_saved_page_findings_are_at_page_source_lines_in_every_machine_format(
    page: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert PAGE.split("\n")[DEFECT_LINE - 1].strip().startswith("依据：<b>某府办发〔202344号")
    end_column = DEFECT_COLUMN + len("某府办发〔202344号")

    _, out = run(capsys, page, "-f", "concise", "--select", "GL303")
    assert out.startswith(f"portal.html:{DEFECT_LINE}:{DEFECT_COLUMN}: GL303")

    _, out = run(capsys, page, "-f", "json", "--select", "GL303")
    finding = json.loads(out)["files"][0]["findings"][0]
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        DEFECT_LINE,
        DEFECT_COLUMN,
        DEFECT_LINE,
        end_column,
    )
    assert (finding["paragraph"], finding["page"]) == (None, None)

    _, out = run(capsys, page, "-f", "sarif", "--select", "GL303")
    region = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {
        "startLine": DEFECT_LINE,
        "startColumn": DEFECT_COLUMN,
        "endLine": DEFECT_LINE,
        "endColumn": end_column,
    }

    _, out = run(capsys, page, "-f", "github", "--select", "GL303")
    assert f"file=portal.html,line={DEFECT_LINE},col={DEFECT_COLUMN},endLine={DEFECT_LINE}" in out

    _, out = run(capsys, page, "-f", "gitlab", "--select", "GL303")
    assert json.loads(out)[0]["location"]["lines"]["begin"] == DEFECT_LINE

    _, out = run(capsys, page, "-f", "junit", "--select", "GL303")
    assert f"{DEFECT_LINE}:{DEFECT_COLUMN}" in out


def test_saved_page_positions_follow_references_and_line_breaks(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    # The metadata values and a paragraph broken over source lines are placed where they stand.
    source = load(page)
    assert source.positions is not None
    text = source.text
    start = text.index("认真落实")
    assert source.positions.locate(start, start + 4)[:2] == (23, 3)
    start = text.index("放管服")  # after "&ldquo;", a character reference
    line, column, _, _ = source.positions.locate(start - 1, start + 3)
    assert (line, PAGE.split("\n")[line - 1][column - 1 : column + 6]) == (21, "&ldquo;")
    start = text.index("2024-03-05")
    assert source.positions.locate(start, start + 10)[0] == 14


def test_saved_page_review_page_keeps_the_readable_text(page: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, page, "-f", "html", "--select", "GL303")
    assert "某府办发〔202344号" in out
    assert "&lt;b&gt;" not in out


def test_saved_page_table_row_is_one_line_with_its_figure(page: str) -> None:
    source = load(page)
    assert "行政诉讼案件：2件" in source.text.split("\n")


# ---- Word ------------------------------------------------------------------------------------


def word_report(path: Path, litigation_in_table: bool = True) -> Path:
    rows = [("项目", "数量"), ("行政诉讼案件", "2件"), ("行政机关负责人出庭应诉率", "100%")]
    if not litigation_in_table:
        rows = [("项目", "数量"), ("审查合同", "12份"), ("举行听证", "1次")]
    body = ("一、强化行政权力制约和监督", "按照某府办发[2023]12号文件要求,推进权责清单调整。", "全年主要数据如下：")
    return word_with_table(path, rows, body)


def test_word_litigation_figure_in_a_table_row_is_seen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with_figure = word_report(tmp_path / "figure.docx")
    _, out = run(capsys, str(with_figure), "-f", "concise", "--select", "GL202,GL205")
    assert out == ""
    without = word_report(tmp_path / "none.docx", litigation_in_table=False)
    _, out = run(capsys, str(without), "-f", "concise", "--select", "GL202")
    assert "GL202" in out


def test_word_findings_carry_their_paragraph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(word_report(tmp_path / "r.docx"))
    _, out = run(capsys, path, "-f", "json", "--select", "GL303,GL304,GL102")
    findings = {f["code"]: f for f in json.loads(out)["files"][0]["findings"]}
    assert (findings["GL303"]["paragraph"], findings["GL303"]["page"], findings["GL303"]["line"]) == (3, None, 3)
    assert findings["GL102"]["paragraph"] is None  # a whole-document finding has no paragraph

    _, out = run(capsys, path, "-f", "concise", "--select", "GL303")
    assert out.startswith(f"{path}:3:3: GL303 第3段第3字：发文字号")  # from the agency code, after 按照
    _, out = run(capsys, path, "-f", "github", "--select", "GL303")
    assert "::第3段第3字：发文字号" in out
    _, out = run(capsys, path, "-f", "gitlab", "--select", "GL303")
    assert json.loads(out)[0]["description"].startswith("GL303 第3段第3字：")
    _, out = run(capsys, path, "-f", "sarif", "--select", "GL303")
    assert json.loads(out)["runs"][0]["results"][0]["message"]["text"].startswith("第3段第3字：")
    _, out = run(capsys, path, "-f", "junit", "--select", "GL303")
    assert 'name="GL303 doc-number-format 第3段第3字"' in out


def test_pdf_findings_name_page_and_paragraph() -> None:
    # Through the formatting functions: PDFs cannot be generated without a CJK font.
    finding = Finding("GL303", "doc-number-format", Severity.ERROR, "发文字号不规范", 10, 14, line=5, column=3)
    result = FileResult("a.pdf", [finding], line_unit="段", line_pages=[1, 1, 1, 2, 2])
    assert (result.paragraph(finding), result.page(finding)) == (5, 2)
    info = RunInfo(version="0")
    assert concise_format.render([result], info) == "a.pdf:5:3: GL303 第2页第5段第3字：发文字号不规范\n"
    assert "第2页第5段第3字" in junit_format.render([result], info)
    text = FileResult("a.txt", [finding])
    assert (text.paragraph(finding), text.page(finding), text.where(finding)) == (None, None, "")


def test_diff_on_word_shows_suggested_repairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = word_report(tmp_path / "r.docx")
    before = path.read_bytes()
    code, out = run(capsys, str(path), "--diff")
    assert code == 1
    assert "修改建议，不会写入文件" in out.split("\n")[0]
    assert "-按照某府办发[2023]12号文件要求,推进权责清单调整。" in out
    assert "+按照某府办发〔2023〕12号文件要求，推进权责清单调整。" in out
    assert path.read_bytes() == before
    # Nothing to repair: no diff, exit 0.
    clean = tmp_path / "clean.docx"
    import docx

    document = docx.Document(io.BytesIO(before))
    document.paragraphs[2].text = "按照某府办发〔2023〕12号文件要求，推进权责清单调整。"
    document.save(str(clean))
    code, out = run(capsys, str(clean), "--diff", "--select", "GL303,GL304")
    assert (code, out) == (0, "")


def test_saved_page_finding_in_a_table_cell_is_at_the_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The row is read as "听证：XX次", a line the page does not hold as it is.
    row = "<tr><td><p>听证</p></td>\n<td><p>XX次</p></td></tr>"
    (tmp_path / "p.html").write_text(PAGE.replace("<tr><td>行政诉讼案件</td><td>2件</td></tr>", row), encoding="utf-8")
    _, out = run(capsys, str(tmp_path / "p.html"), "-f", "concise", "--select", "GL301")
    (line,) = out.splitlines()
    page_line = PAGE.split("\n").index("<tr><td>行政诉讼案件</td><td>2件</td></tr>") + 2
    assert line.startswith(f"{tmp_path / 'p.html'}:{page_line}:{len('<td><p>') + 1}: GL301")


_FRAGMENTS = [
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<br>",
    "<tr><td>",
    "</td><td>",
    "</td></tr>",
    "<table>",
    "</table>",
    "<!-- 注释 -->",
    "<script>var a='某府发[2023]5号';</script>",
    "&nbsp;",
    "&ldquo;",
    "&#44;",
    "\r\n",
    "\n",
    "  ",
    "听证",
    "XX",
    "某府发[2023]5号",
    "全年共审查合同12份,",
    "行政诉讼案件",
    "2件",
    "一、依法全面履行政府职能",
]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=60))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_page_gets_positions_inside_the_page(parts: list[str]) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><div id="zoom">' + "".join(parts) + "</div></body></html>"
    try:
        source = load("p.html", data=page.encode("utf-8"))
    except InputError:
        return
    # "\r\n" is one line break, as in an editor.
    lines = page.replace("\r\n", "\n").split("\n")
    for finding in LINTER.check_source(source).findings:
        line, column, end_line, end_column = finding.position
        assert 1 <= line <= end_line <= len(lines)
        assert 1 <= column <= len(lines[line - 1]) + 1 and 1 <= end_column <= len(lines[end_line - 1]) + 1
        assert (line, column) <= (end_line, end_column)


def fake_pdf(path: str, data: bytes, options: dict[str, object]) -> Source:
    """A stand-in for the PDF reader (PDFs with Chinese text need a CJK font to be made)."""
    text = data.decode("utf-8")
    return Source(path=path, text=text, format="pdf", line_unit="段", writable=False, line_pages=[1, 1, 2, 2])


def test_pdf_diff_and_locations_through_the_reader_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(READERS, "pdf", f"{__name__}:fake_pdf")
    path = tmp_path / "r.pdf"
    path.write_text(
        "某镇2023年度法治政府建设情况报告\n一、依法全面履行政府职能\n全年制定文件3件。\n按照某府办发[2023]12号文件执行。\n"
    )
    code, out = run(capsys, str(path), "--diff")
    assert code == 1 and "（文字内容；修改建议，不会写入文件）" in out and "+按照某府办发〔2023〕12号文件执行。" in out
    _, out = run(capsys, str(path), "-f", "json", "--select", "GL303")
    finding = json.loads(out)["files"][0]["findings"][0]
    assert (finding["line"], finding["paragraph"], finding["page"]) == (4, 4, 2)
    _, out = run(capsys, str(path), "-f", "concise", "--select", "GL303")
    # The 文号 starts at its agency code, after 按照 (issue 13).
    assert out.startswith(f"{path}:4:3: GL303 第2页第4段第3字：")
