"""``govlint check --fix`` on saved portal pages: fixes land in the page's text, every byte of markup,
attributes, scripts and navigation is kept, the page keeps its encoding, and an edit that cannot be
placed with certainty (text split by an inline tag) is skipped and reported, never guessed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>某县2023年度法治政府建设情况报告_某县人民政府</title>
<style>p,li {{ margin: 0; }}</style>
<script>var pages = "依法行政,全面推进"; if (a<b) {{ go("某府办发〔202344号"); }}</script>
</head>
<body>
<nav class="menu"><a href="/index.html" title="首页,导航">首页</a> | <a href="/zwgk/">政务公开,信息</a></nav>
<!-- 模板注释,请勿删除 -->
<table class="meta">
<tr><td>索引号：</td><td>11500000-2024-00012</td><td>发布机构：</td><td>某县人民政府</td></tr>
<tr><td>发文字号：</td><td>某府办发〔2024〕3号</td><td>发布日期：</td><td>2024-01-20</td></tr>
</table>
<h1>某县2023年度法治政府建设情况报告</h1>
<div class="TRS_Editor" data-note="统筹推进,依法行政">
<p>2023年，某县坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，认真落实党中央、国务院关于法治政府建设的决策部署。</p>
<p>一、主要举措和成效</p>
<p>（一）<strong>加强党的领导</strong>。县政府常务会议专题研究法治政府建设工作4次,制定年度工作要点,压实工作责任。</p>
<p>（二）完善行政决策制度。严格执行重大行政决策程序，依据《某府办发〔202344号》文件要求健全合法性审查机制&#44;全年审查规范性文件12件。</p>
<p>（三）规范行政执法。全面推行<span>行政执法公示制度</span>、执法全过程记录制度、重大执法决定法制审核制度,执法人员全部持证上岗。</p>
<p>二、存在的不足和原因</p>
<p>行政执法人员专业能力有待提升，基层法治<b>建设</b>,基础仍较薄弱。</p>
<p>三、下一步工作安排</p>
<p>2024年，我县将继续深入推进依法行政，加快建设法治政府。</p>
</div>
<footer>版权所有,某县人民政府</footer>
</body>
</html>
"""


# The unique spans --fix rewrites in PAGE, and what they become.
FIXED = {
    "《某府办发〔202344号》": "《某府办发〔2023〕44号》",
    "工作4次,制定年度工作要点,压实": "工作4次，制定年度工作要点，压实",
    "审查机制&#44;全年": "审查机制，全年",
    "审核制度,执法人员": "审核制度，执法人员",
}


def govlint(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "govlint", "check", *args], capture_output=True, check=False)


def page(charset: str = "utf-8") -> str:
    return PAGE.format(charset=charset)


@pytest.fixture
def utf8_page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(page().encode("utf-8"))
    return path


def test_fix_repairs_page_text_and_keeps_markup(utf8_page: Path) -> None:
    before = utf8_page.read_bytes()
    done = govlint("--fix", str(utf8_page))
    after = utf8_page.read_bytes()
    text = after.decode("utf-8")
    # The document number in the article, the commas between Chinese text.
    assert "《某府办发〔2023〕44号》" in text
    assert "工作4次，制定年度工作要点，压实工作责任" in text
    assert "法制审核制度，执法人员" in text
    # The entity-encoded comma is repaired as a whole reference, not corrupted.
    assert "合法性审查机制，全年" in text and "&#44;" not in text
    # Scripts, attributes, comments, navigation and footer keep their ASCII commas and brackets.
    for kept in (
        'var pages = "依法行政,全面推进"; if (a<b) { go("某府办发〔202344号"); }',
        'title="首页,导航"',
        "政务公开,信息",
        "<!-- 模板注释,请勿删除 -->",
        'data-note="统筹推进,依法行政"',
        "版权所有,某县人民政府",
        "<strong>加强党的领导</strong>",
        "<span>行政执法公示制度</span>",
        "<td>某府办发〔2024〕3号</td>",
    ):
        assert kept in text
    # Outside the fixed spans the bytes are identical: the page is exactly the original with these
    # spans (each occurring once) replaced.
    expected = before.decode("utf-8")
    for old, new in FIXED.items():
        assert expected.count(old) == 1, old
        expected = expected.replace(old, new)
    assert after == expected.encode("utf-8")
    assert done.returncode in (0, 1), done.stderr.decode()


def test_edit_across_inline_tag_is_skipped_and_reported(utf8_page: Path) -> None:
    done = govlint("--fix", str(utf8_page))
    text = utf8_page.read_bytes().decode("utf-8")
    # "<b>建设</b>,基础": the comma's context crosses a tag, so it cannot be placed with certainty.
    assert "<b>建设</b>,基础" in text
    stderr = done.stderr.decode("utf-8")
    assert "处修改建议无法在网页源码中唯一定位，未自动修改" in stderr
    # The finding stays, as a suggestion.
    assert "GL304" in done.stdout.decode("utf-8")


def test_second_fix_changes_nothing(utf8_page: Path) -> None:
    govlint("--fix", str(utf8_page))
    once = utf8_page.read_bytes()
    govlint("--fix", str(utf8_page))
    assert utf8_page.read_bytes() == once


def test_gbk_page_stays_gbk(tmp_path: Path) -> None:
    path = tmp_path / "gbk.html"
    before = page("gbk").encode("gbk")
    path.write_bytes(before)
    govlint("--fix", str(path))
    after = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        after.decode("utf-8")
    text = after.decode("gbk")
    assert "《某府办发〔2023〕44号》" in text
    assert "工作4次，制定年度工作要点，压实工作责任" in text
    assert '<meta charset="gbk">' in text
    assert "版权所有,某县人民政府" in text
    expected = before.decode("gbk")
    for old, new in FIXED.items():
        expected = expected.replace(old, new)
    assert after == expected.encode("gbk")


def test_diff_shows_the_change_and_writes_nothing(utf8_page: Path) -> None:
    before = utf8_page.read_bytes()
    done = govlint("--diff", str(utf8_page))
    assert utf8_page.read_bytes() == before
    diff = done.stdout.decode("utf-8")
    assert "+（二）完善行政决策制度。严格执行重大行政决策程序，依据《某府办发〔2023〕44号》" in diff
    assert "-（二）完善行政决策制度。严格执行重大行政决策程序，依据《某府办发〔202344号》" in diff
    assert done.returncode == 1


def test_rewriter_refuses_repeated_text_and_escapes_new_text() -> None:
    from govlint.diagnostics import Edit
    from govlint.readers.html import HtmlRewriter

    original = "<p>推进依法行政,全面建设</p><p>推进依法行政,全面建设</p><p>依法&#x884C;政,加快建设</p>"
    rewriter = HtmlRewriter(original, "utf-8", b"", None)
    text = "推进依法行政,全面建设\n推进依法行政,全面建设\n依法行政,加快建设\n"
    # The same sentence twice: which one the finding is about cannot be told from the markup.
    assert rewriter.locate(text, Edit(6, 7, "，")) is None
    # A character reference in the context is matched decoded and left as it is.
    third = text.index("政,加快") + 1
    located = rewriter.locate(text, Edit(third, third + 1, "<，&"))
    assert located is not None
    assert original[located.start : located.end] == ","
    assert located.content == "&lt;，&amp;"
