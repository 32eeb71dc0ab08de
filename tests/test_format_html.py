"""``--format html`` without a browser: escaping, self-containment, spans, the index page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPORTS
from govlint.cli import main
from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo
from govlint.formats.html import page, page_names, script_json, segments

# A town report in the usual style with the defects a reviewer must see: no shortcomings part,
# no next-year plan, an empty count (GL302), three broken document numbers (GL303).
REPORT = """某镇关于2023年度法治政府建设情况的报告

2023年，我镇深入推进法治政府建设。镇党委书记切实履行推进法治建设第一责任人职责。

一、依法全面履行政府职能
（一）权责清单。根据《某区2023年法治政府建设工作要点》（某府办发20231号）、《某区依法行政工作方案》（某府办发〔202344号）和《某区普法工作通知》（某委法办〔20239号）要求，全面梳理权责事项。
二、完善依法行政制度体系
（一）规范性文件。全年我镇制定规范性文件起，全部按规定备案。
三、健全依法科学民主决策机制
（一）听证。全年共举行听证会1次。聘请律师担任法律顾问，出具法律意见书6份。
四、强化行政权力监督和制约
（一）行政诉讼。全年未发生行政诉讼案件。
五、依法有效化解社会矛盾纠纷
（一）调解。全年调解纠纷36件。
六、提高政府工作人员依法办事能力
（一）学法。组织集中学法4次。
七、强化组织保障和落实机制
（一）考核。将法治建设纳入考核。
"""
PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
HOSTILE = REPORT.replace("全面梳理权责事项。", "全面梳理权责事项。" + PAYLOADS[0] + "某某" + PAYLOADS[1] + "。")
INFO = RunInfo(version="9.9.9")


def finding(
    start: int,
    end: int,
    severity: Severity = Severity.ERROR,
    code: str = "GL999",
    message: str = "问题",
    document_level: bool = False,
) -> Finding:
    return Finding(code, "test", severity, message, start, end, document_level=document_level)


class Marks(HTMLParser):
    """Collects each highlighted segment: its finding ids and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[list[int], str]] = []
        self.depth = 0
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark" and dict(attrs).get("data-f"):
            self.marks.append(([int(i) for i in (dict(attrs)["data-f"] or "").split()], ""))
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            ids, text = self.marks[-1]
            self.marks[-1] = (ids, text + data)


def parse(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    return parser


def covered(marks: Marks, i: int) -> str:
    return "".join(text for ids, text in marks.marks if i in ids)


def check_page(tmp_path: Path, text: str, name: str = "report.txt") -> tuple[int, str]:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "review.html"
    code = main(["check", str(source), "--format", "html", "--output-file", str(out)])
    return code, out.read_text(encoding="utf-8")


def test_overlapping_and_nested_spans_become_flat_segments() -> None:
    text = "甲乙丙丁戊己庚\n辛壬癸"
    findings = [finding(0, 5), finding(1, 3, Severity.WARNING), finding(4, 10, Severity.INFO), finding(2, 2)]
    lines = segments(text, findings)
    assert ["".join(s.text for s in line.segments) for line in lines] == ["甲乙丙丁戊己庚", "辛壬癸"]
    covers = {i: "".join(s.text for line in lines for s in line.segments if i in s.ids) for i in range(3)}
    assert covers == {0: "甲乙丙丁戊", 1: "乙丙", 2: "戊己庚辛壬"}
    # The worst severity colours a shared segment; a zero-width finding is a marker with no text.
    by_text = {s.text: s for line in lines for s in line.segments if not s.point}
    assert by_text["乙"].severity == "error" and by_text["乙"].ids == (0, 1)
    (point,) = [s for line in lines for s in line.segments if s.point]
    assert point.ids == (3,) and point.text == ""


def test_offsets_become_highlights_of_exactly_the_matched_text(tmp_path: Path) -> None:
    code, html = check_page(tmp_path, REPORT)
    assert code == 1
    marks = parse(html)
    data = json.loads(re.search(r'id="govlint-data">(.*?)</script>', html, re.S).group(1))["findings"]
    spanned = {i: f for i, f in enumerate(data) if not f["document"]}
    assert {f["code"] for f in spanned.values()} >= {"GL302", "GL303"}
    for i in spanned:
        assert covered(marks, i), f"finding {i} has no highlight"
    broken = [covered(marks, i) for i, f in spanned.items() if f["code"] == "GL303"]
    assert broken == ["某府办发20231号", "某府办发〔202344号", "某委法办〔20239号"]
    (blank,) = [covered(marks, i) for i, f in spanned.items() if f["code"] == "GL302"]
    assert "制定规范性文件起" in blank


def test_checklist_shows_missing_parts_prominently(tmp_path: Path) -> None:
    _, html = check_page(tmp_path, REPORT)
    banner = re.search(r'<div class="missing" role="alert">(.*?)</div>', html, re.S).group(1)
    assert "缺少 2 项" in banner and "存在的不足和原因" in banner and "下一年度工作安排" in banner
    assert "GL102" in banner and "GL103" in banner
    assert re.search(r'<li class="no">.*?存在的不足和原因', html)
    assert re.search(r'<li class="ok">.*?依法全面履行政府职能', html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_text_is_escaped(tmp_path: Path, payload: str) -> None:
    _, html = check_page(tmp_path, HOSTILE)
    assert payload not in html
    assert "<img" not in html and "alert(1)</script>" not in html
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    assert escaped in html


def test_messages_and_paths_are_escaped_and_cannot_leave_the_json_block(tmp_path: Path) -> None:
    evil = "</script><script>alert(2)</script>&amp;"
    text = "某镇报告。" + evil
    result = FileResult(
        path='a"><b>x</b>.txt',
        text=text,
        findings=[finding(0, 2, message=evil), finding(0, 0, message=evil, document_level=True)],
    )
    html = page(result, INFO)
    assert "<script>alert(2)" not in html and "<b>x</b>" not in html
    blocks = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    assert len(blocks) == 2  # the JSON data and the inline script, nothing else
    data = json.loads(re.search(r'id="govlint-data">(.*?)</script>', html, re.S).group(1))
    assert [f["message"] for f in data["findings"]] == [evil, evil]


def test_script_json_escapes_markup_characters() -> None:
    dumped = str(script_json({"m": "</script><!-- & \u2028"}))
    assert not set("<>&") & set(dumped)
    assert json.loads(dumped) == {"m": "</script><!-- & \u2028"}


def test_page_is_self_contained(tmp_path: Path) -> None:
    _, html = check_page(tmp_path, HOSTILE)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"<link\b|@import|url\(|@font-face", html, re.I)
    assert not re.search(r"<script[^>]*\bsrc=", html, re.I)
    assert "<style>" in html and "WenQuanYi Micro Hei" in html and "@media print" in html


def test_page_names_the_file_time_and_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709251200")
    _, html = check_page(tmp_path, REPORT, name="青石镇2023.txt")
    assert "青石镇2023.txt" in html
    assert '<time datetime="2024-03-01T00:00:00+00:00">2024-03-01 00:00 UTC</time>' in html
    assert "govlint 0.1.0" in html


def test_single_file_without_output_file_goes_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "r.txt"
    source.write_text(REPORT, encoding="utf-8")
    assert main(["check", str(source), "--format", "html"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and "某府办发〔202344号" in out


def test_several_files_need_an_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    assert main(["check", str(tmp_path), "--format", "html"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "--output-file" in captured.err


def test_several_files_get_an_index_and_one_page_each(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "sub").mkdir(parents=True)
    (reports / "a.txt").write_text(REPORT, encoding="utf-8")
    (reports / "sub" / "b.txt").write_text(REPORT.replace("某府办发20231号", "某府办发〔2023〕1号"), encoding="utf-8")
    (reports / "index.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out" / "index.html"
    assert main(["check", str(reports), "--format", "html", "--output-file", str(out)]) == 1
    assert sorted(p.name for p in out.parent.iterdir()) == ["a.html", "index-2.html", "index.html", "sub_b.html"]
    index = out.read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', index)
    assert [href for href, _ in links] == ["a.html", "index-2.html", "sub_b.html"]
    rows = re.findall(r"<tr>(.*?)</tr>", index, re.S)[1:]
    cells = [re.findall(r'<td class="n[^"]*">(?:<b>)?(\d+)', row) for row in rows]
    assert cells[0][0] == "6" and cells[2][0] == "5"  # errors: b.txt has one broken number fewer
    assert "存在的不足和原因" in rows[0]
    page_b = (out.parent / "sub_b.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in page_b and "sub/b.txt" in page_b


def test_unreadable_file_is_listed_with_its_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out" / "index.html"
    assert main(["check", str(tmp_path / "a.txt"), str(tmp_path / "gone.txt"), "-f", "html", "-o", str(out)]) == 2
    index = out.read_text(encoding="utf-8")
    assert "无法检查：文件不存在" in index
    assert "无法检查此文件" in (out.parent / "gone.html").read_text(encoding="utf-8")


def test_page_names_are_safe_and_distinct() -> None:
    results = [
        FileResult("r/一镇 报告.txt"),
        FileResult("r/一镇 报告.docx"),
        FileResult("r/x/../<b>.txt"),
        FileResult("r/index.txt"),
        FileResult("-"),
    ]
    names = page_names(results)
    assert len(set(names)) == 5 and "index.html" not in names
    assert all(re.fullmatch(r"[\w.-]+\.html", n) for n in names)
    assert names[:2] == ["r_一镇_报告.html", "r_一镇_报告-2.html"]  # "-" sits in ".", so "r" stays
    assert page_names(results[:4])[:3] == ["一镇_报告.html", "一镇_报告-2.html", "b.html"]
    assert page_names([FileResult("-")]) == ["stdin.html"]


SAMPLE = REPORTS / "qingshi-2023.txt"  # a town report in the shape of a real portal copy


def test_town_report_shows_what_a_reviewer_must_see(tmp_path: Path) -> None:
    _, html = check_page(tmp_path, SAMPLE.read_text(encoding="utf-8"), name="qingshi-2023.txt")
    banner = re.search(r'<div class="missing" role="alert">(.*?)</div>', html, re.S).group(1)
    assert "存在的不足和原因" in banner and "下一年度工作安排" in banner
    data = json.loads(re.search(r'id="govlint-data">(.*?)</script>', html, re.S).group(1))["findings"]
    marks = parse(html)
    broken = [covered(marks, i) for i, f in enumerate(data) if f["code"] == "GL303"]
    blank = [covered(marks, i) for i, f in enumerate(data) if f["code"] == "GL302"]
    assert len(broken) == 3 and all(text.endswith("号") for text in broken)
    assert len(blank) == 1 and blank[0].endswith("起")


def test_index_says_when_a_file_is_not_an_annual_report(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    notice = "关于召开全镇安全生产工作会议的通知\n\n各村：定于下周召开会议。\n"
    (tmp_path / "b.txt").write_text(notice, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    main(["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "html", "-o", str(out)])
    index = (out / "index.html").read_text(encoding="utf-8")  # a folder as --output-file gets index.html
    row = re.findall(r"<tr>(.*?)</tr>", index, re.S)[2]
    assert "不是法治政府建设年度报告" in row
    assert "不是法治政府建设年度报告" in re.search(
        r'<div class="missing"[^>]*>(.*?)</div>', (out / "b.html").read_text(encoding="utf-8"), re.S
    ).group(1)
