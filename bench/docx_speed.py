"""How long reading a Word report takes as it grows: the .docx reader alone, per paragraph count.

    python bench/docx_speed.py [--sizes 500,2000,10000] [--repeat 3]

Each document is built here with python-docx (deterministic): a title, numbered Heading 1 / 2
sections (automatic numbering, as drafters use), body paragraphs with styled runs, and one
two-column figures table every 50 paragraphs. Prints the best of ``--repeat`` runs of
``govlint.load.load`` (zip, XML parse and the reader; no rules), in seconds and ms per paragraph.
Target: a 2,000-paragraph document under 1 s.
"""

from __future__ import annotations

import argparse
import io
import time


def build(paragraphs: int) -> bytes:
    """A synthetic report of about ``paragraphs`` paragraphs (table cells included)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, style: str, level: int) -> None:
        paragraph = document.add_paragraph(text, style=style)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    document.add_paragraph("某镇2023年度法治政府建设情况报告", style="Title")
    count = 1
    while count < paragraphs:
        if count % 40 == 1:
            numbered("依法全面履行政府职能", "Heading 1", 0)
        elif count % 10 == 1:
            numbered("深化放管服改革", "Heading 2", 1)
        elif count % 50 == 25:
            table = document.add_table(rows=3, cols=2)
            figures = (("项目", "数量"), ("行政诉讼案件", "2件"), ("听证", "1次"))
            for row, (label, value) in zip(table.rows, figures, strict=True):
                row.cells[0].text, row.cells[1].text = label, value
            count += 6
            continue
        else:
            paragraph = document.add_paragraph("全年共审查合同")
            paragraph.add_run(str(count)).bold = True
            paragraph.add_run("份，出具法律意见书6份，按照规定报送备案。")
        count += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from govlint.load import load

    for size in (int(n) for n in args.sizes.split(",")):
        data = build(size)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            source = load("bench.docx", data=data)
            best = min(best, time.perf_counter() - start)
        lines = source.text.count("\n")
        per = best / size * 1000
        print(f"{size:>6} paragraphs ({lines} lines, {len(data) // 1024} KB): {best:.3f} s, {per:.3f} ms/paragraph")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
