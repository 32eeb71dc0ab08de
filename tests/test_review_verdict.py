"""The review page answers "can this be published?" in one line, names rules in Chinese, and
draws tables as tables (without a browser; see test_review_page.py for the browser tests)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURES, word_with_table
from govlint.cli import main
from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats.html import Line, Segment, blocks, segments


def review(tmp_path: Path, source: Path) -> str:
    out = tmp_path / "review.html"
    main(["check", str(source), "--format", "html", "--output-file", str(out)])
    return out.read_text(encoding="utf-8")


def verdict(html: str) -> str:
    found = re.search(r'<p class="verdict (\w+)"[^>]*>(.*?)</p>', html, re.S)
    assert found, "no verdict line"
    return found[1] + " " + re.sub(r"<[^>]+>", "", found[2]).strip()


def test_clean_report_can_be_published(tmp_path: Path) -> None:
    assert verdict(review(tmp_path, FIXTURES / "town-clean-2023.txt")) == "ok ✓ 可以发布：未发现错误级问题"


def test_defective_report_says_what_to_fix_first(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "某镇2023年度法治政府建设情况报告\n一、依法全面履行政府职能\n"
        "按照某府办发[2023]12号和某府办发[2023]13号文件要求，全面推进依法行政。\n",
        encoding="utf-8",
    )
    line = verdict(review(tmp_path, report))
    assert line.startswith("no ✗ 发布前须先改正 ")
    # Each kind of error by its Chinese summary, with a count when there are several.
    assert "缺少“存在的不足和原因”部分" in line and "发文字号格式不规范（2 处）" in line
    assert "doc-number-format" not in line


def test_panel_and_tooltips_use_chinese_summaries(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "某镇2023年度法治政府建设情况报告\n一、依法全面履行政府职能\n按照某府办发[2023]12号文件。\n", encoding="utf-8"
    )
    html = review(tmp_path, report)
    panel = re.search(r'<aside class="panel".*?</aside>', html, re.S)
    assert panel and "发文字号格式不规范" in panel[0] and "doc-number-format" not in panel[0]
    assert '"summary":"发文字号格式不规范"' in html


class Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        if tag == "td" and dict(attrs).get("class") == "cell":
            self.cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell += data


def test_word_table_is_drawn_as_a_table(tmp_path: Path) -> None:
    path = word_with_table(tmp_path / "r.docx", [("行政诉讼案件", "2件"), ("审查合同", "12份")])
    html = review(tmp_path, path)
    assert html.count('<table class="rows">') == 1
    parser = Tables()
    parser.feed(html)
    assert [row for row in parser.rows if row] == [["行政诉讼案件", "2件"], ["审查合同", "12份"]]


def test_highlights_and_anchors_survive_the_cut_into_cells() -> None:
    text = "行政诉讼案件：2件\n"
    # One finding over the whole row (separator included), one starting on the separator.
    findings = [
        Finding("GL999", "t", Severity.ERROR, "甲", 0, 9),
        Finding("GL998", "t", Severity.WARNING, "乙", 6, 8),
    ]
    result = FileResult("r.docx", findings, text=text, table_rows={0: [(0, 6), (7, 9)]})
    (table, _) = blocks(result, segments(text, findings))
    (row,) = table.rows  # type: ignore[union-attr]
    assert isinstance(row, Line) and row.cells is not None
    cells = ["".join(s.text for s in cell) for cell in row.cells]
    assert cells == ["行政诉讼案件", "2件"]
    everything: list[Segment] = [s for cell in row.cells for s in cell]
    assert [i for s in everything for i in s.starts] == [0, 1]
    assert [i for s in everything for i in s.ends] == [1, 0]
    assert all(0 in s.ids for s in everything if s.text)


def test_verdict_does_not_vouch_for_rules_that_did_not_run(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    main(["check", str(FIXTURES / "town-clean-2023.txt"), "--select", "GL303", "-f", "html", "-o", str(out)])
    assert verdict(out.read_text(encoding="utf-8")) == "ok ✓ 可以发布：未发现错误级问题；本次未检查报告是否缺项"
