"""Tables in Word files and saved pages: a row of data is one line (label with its figures), a
layout table holding the article is read paragraph by paragraph."""

from __future__ import annotations

from pathlib import Path

from conftest import word_with_table
from govlint.load import load

ARTICLE = [f"第{n}段。全年共审查合同{n}份，出具法律意见书{n}份，按规定报送备案，未发现问题。" for n in range(1, 6)]


def test_word_data_rows_are_lines_with_their_figures(tmp_path: Path) -> None:
    path = word_with_table(tmp_path / "r.docx", [("类别", "件数"), ("行政诉讼案件", "2件"), ("行政复议案件", "")])
    lines = load(str(path)).text.split("\n")
    # A row with one filled cell stays that cell's text.
    assert lines[2:5] == ["类别：件数", "行政诉讼案件：2件", "行政复议案件"]


def test_word_layout_table_is_read_paragraph_by_paragraph(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某镇2023年度法治政府建设情况报告", style="Title")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "正文"
    cell = table.cell(0, 1)
    cell.text = ARTICLE[0]
    for text in ARTICLE[1:]:
        cell.add_paragraph(text)
    document.save(str(tmp_path / "r.docx"))
    source = load(str(tmp_path / "r.docx"))
    assert source.text.split("\n")[1:7] == ["正文", *ARTICLE]
    assert source.table_rows == {}


def page(rows: str) -> str:
    return (
        '<html><head><meta charset="utf-8"></head><body><h1>某镇2023年度法治政府建设情况报告</h1>'
        f'<div id="zoom"><p>{ARTICLE[0]}</p><table>{rows}</table></div></body></html>'
    )


def test_page_data_rows_are_lines_and_layout_rows_are_not(tmp_path: Path) -> None:
    data = "<tr><th>类别</th><th>件数</th></tr><tr><td><p>行政诉讼案件</p></td><td>2件</td></tr>"
    (tmp_path / "data.html").write_text(page(data), encoding="utf-8")
    source = load(str(tmp_path / "data.html"))
    lines = source.text.split("\n")
    assert "类别：件数" in lines and "行政诉讼案件：2件" in lines
    row = lines.index("行政诉讼案件：2件")
    assert source.table_rows[row] == [(0, 6), (7, 9)]

    layout = "<tr><td>正文</td><td>" + "".join(f"<p>{text}</p>" for text in ARTICLE) + "</td></tr>"
    (tmp_path / "layout.html").write_text(page(layout), encoding="utf-8")
    source = load(str(tmp_path / "layout.html"))
    assert all(text in source.text.split("\n") for text in ARTICLE[1:])
    assert source.table_rows == {}


def test_word_nested_table_rows_are_read_in_their_own_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某镇2023年度法治政府建设情况报告", style="Title")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "主要数据"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "行政诉讼案件", "2件"
    document.save(str(tmp_path / "r.docx"))
    lines = [line for line in load(str(tmp_path / "r.docx")).text.split("\n") if line]
    assert lines[1:] == ["主要数据", "行政诉讼案件：2件"]


def test_fix_in_a_page_table_cell_is_placed_in_the_page(tmp_path: Path) -> None:
    from govlint.cli import main

    # The context a fix is placed by would reach across the "：" the reader joined the row with.
    rows = "<tr><td>合同审查</td><td>共12份,意见书6份</td></tr>"
    path = tmp_path / "p.html"
    path.write_text(page(rows), encoding="utf-8")
    main(["check", "--fix", "--select", "GL304", str(path)])
    assert "<td>共12份，意见书6份</td>" in path.read_text(encoding="utf-8")
