"""The report model: header, title, year, headings, chrome, sentences, positions."""

from __future__ import annotations

from govlint.load import Source
from govlint.report import Report

PAGE = """您当前的位置: 首页 >政务公开 >法治政府建设年度报告

[ 索引号 ] 11500000/2024-00003 [ 发文字号 ]
[ 发布机构 ] 某县东山镇 [ 主题分类 ] 其他
[ 成文日期 ] 2024-03-01 [ 发布日期 ] 2024-03-05
[ 体裁分类 ] 其他 [ 有效性 ]

东山镇关于2023年度法治政府建设情况的报告

某县东山镇人民政府

2023年,东山镇认真贯彻上级部署,扎实推进法治政府建设各项工作。现将有关情况报告如下。

一、依法全面履行政府职能

(一)深化权责清单管理。全面梳理权责事项,动态调整清单。

(二)优化营商环境。持续精简审批环节。

二、完善依法行政制度体系

1.规范性文件管理。全年制定规范性文件2件。

（1）备案审查。报送备案2件。

扫一扫在手机打开当前页

微博

微信
"""


def report(text: str = PAGE) -> Report:
    return Report(Source(path="page.txt", text=text))


def test_bracket_header_fields_sharing_lines() -> None:
    r = report()
    assert r.header["索引号"].value == "11500000/2024-00003"
    assert r.header["发文字号"].value == ""
    assert r.header["发布机构"].value == "某县东山镇"
    assert r.header["有效性"].value == ""
    assert str(r.field_date("发布日期")) == "2024-03-05"
    assert r.has_header


def test_colon_header_fields_and_aliases() -> None:
    r = report(
        "发文机关：某县司法局\n成文日期：2024-02-01\n发布时间：2024-02-03 10:00\n索引号：ABC/2024-1\n\n"
        "某县司法局2023年度法治政府建设情况报告\n\n一、主要举措和成效\n"
    )
    assert r.header["发布机构"].value == "某县司法局"
    assert r.header["发布机构"].label == "发文机关"
    assert str(r.field_date("发布日期")) == "2024-02-03"
    assert r.has_header


def test_title_issuer_and_year() -> None:
    r = report()
    assert r.title_text == "东山镇关于2023年度法治政府建设情况的报告"
    assert r.issuer == "某县东山镇人民政府"
    assert r.year == 2023


def test_year_from_intro_when_no_title() -> None:
    r = report("某市某局\n现将本局2020年法治政府建设工作情况报告如下。\n一、主要举措\n")
    assert r.year == 2020


def test_heading_tree_four_levels_and_inline_heading() -> None:
    r = report()
    levels = [(h.level, h.ordinal, h.text) for h in r.headings]
    assert levels == [
        (1, 1, "依法全面履行政府职能"),
        (2, 1, "深化权责清单管理"),
        (2, 2, "优化营商环境"),
        (1, 2, "完善依法行政制度体系"),
        (3, 1, "规范性文件管理"),
        (4, 1, "备案审查"),
    ]
    first = r.headings[0]
    assert [c.text for c in first.children] == ["深化权责清单管理", "优化营商环境"]
    assert r.headings[5].parent is r.headings[4]
    # The section of 一、 ends where 二、 starts.
    assert r.text[first.section_end :].startswith("二、")


def test_site_chrome_is_not_report_text() -> None:
    r = report()
    assert r.in_chrome(r.text.index("您当前的位置"))
    assert r.in_chrome(r.text.index("扫一扫"))
    assert r.in_chrome(r.text.index("微博"))
    assert not r.in_chrome(r.text.index("2023年,东山镇"))
    assert r.body.start == r.text.index("2023年,东山镇")
    assert r.body.end <= r.text.index("扫一扫")


def test_sentences_and_positions() -> None:
    r = report()
    offset = r.text.index("全年制定规范性文件2件")
    sentence = r.sentence_at(offset)
    assert r.text[sentence.start : sentence.end] == "全年制定规范性文件2件。"
    line, column = r.position(offset)
    assert r.line_text(line)[column - 1 :].startswith("全年制定")


def test_front_only_reads_the_same_title_issuer_and_year_as_a_whole_parse() -> None:
    from conftest import FIXTURES
    from govlint.load import load

    for path in sorted(FIXTURES.glob("*.txt")):
        source = load(str(path))
        whole, front = Report(source), Report(source, front_only=True)
        assert (front.title_text, front.issuer, front.year) == (whole.title_text, whole.issuer, whole.year)
        assert front.headings == []


def _alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern's first group, ``^(a|b|…)``."""
    inner, depth, in_class, parts, current = source[source.index("^(") + 2 :], 0, False, [], ""
    for index, char in enumerate(inner):
        escaped = index > 0 and inner[index - 1] == "\\"
        if char == "[" and not escaped:
            in_class = True
        elif char == "]" and not escaped:
            in_class = False
        elif not in_class and not escaped and char == "(":
            depth += 1
        elif not in_class and not escaped and char == ")":
            if depth == 0:
                return [*parts, current]
            depth -= 1
        elif not in_class and not escaped and char == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        current += char
    raise AssertionError("unbalanced pattern")


def test_the_first_characters_tried_before_the_footer_and_chrome_patterns_cover_every_alternative() -> None:
    # The parser tries _FOOTER and _CHROME_LINE only on lines opening with one of these characters
    # (speed): each alternative, in every form it can start with, must open with one of them. An
    # alternative added without a sample here fails the count.
    from govlint import report

    footer = [["扫一扫在手机打开当前页"], ["扫一扫在手机上查看当前页面"], ["打印本页", "【打印本页】"],
              ["关闭窗口", "【关闭窗口】"], ["相关链接"], ["[...]"]]  # fmt: skip
    chrome = [["无障碍"], ["简体"], ["繁体"], ["微博"], ["微信"], ["网站地图"], ["联系我们"], ["返回顶部"],
              ["打印"], ["关闭"], ["收藏"], ["分享", "分享到"], ["字体"], ["大", "中", "小 中 大"]]  # fmt: skip
    for pattern, first, samples in [
        (report._FOOTER, report._FOOTER_FIRST, footer),
        (report._CHROME_LINE, report._CHROME_FIRST, chrome),
    ]:
        assert len(_alternatives(pattern.pattern)) == len(samples)
        for forms in samples:
            for line in forms:
                assert pattern.match(line), line
                assert line[0] in first, line
