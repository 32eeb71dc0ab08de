"""Noise control: no finding on site chrome or on the portal header's own formatting, and the
full formatter folds a rule that fires many times for one cause."""

from __future__ import annotations

from govlint.config import Settings
from govlint.engine import Linter
from govlint.formats import RunInfo
from govlint.formats.full import render
from govlint.load import Source

PAGE = """无障碍 简体|繁体
您现在的位置:首页>政府信息公开>法治政府建设年度报告
[ 索引号 ] 11509901MB0000000A/2024-00003 [ 发文字号 ]
[ 发布机构 ] 云溪县柳湾镇 [ 主题分类 ] 其他
[ 成文日期 ] 2024-02-18 [ 发布日期 ] 2024-02-22
来源:云溪县柳湾镇人民政府 发布时间:2024-02-22 09:30 浏览次数:

柳湾镇2023年度法治政府建设情况报告

2023年,柳湾镇扎实推进法治政府建设,镇党委书记切实履行推进法治建设第一责任人职责。

一、依法全面履行政府职能
（一）调整权责清单,调整事项12项。

扫一扫在手机打开当前页
【打印本页】 【关闭窗口】
相关链接:XX网站,××频道,http://www.example.gov.cn
"""


def _check(text: str) -> list:  # type: ignore[type-arg]
    linter = Linter.from_settings(Settings())
    return linter.check_source(Source(path="page.txt", text=text)).findings


def test_no_finding_on_header_or_chrome() -> None:
    findings = _check(PAGE)
    body_lines = {10, 13}
    located = [f for f in findings if not f.document_level]
    assert located, "the body's ASCII commas should be found"
    assert {f.line for f in located} <= body_lines, [(f.line, f.code, f.matched) for f in located]
    assert {f.code for f in located} == {"GL304"}


def test_many_findings_of_one_cause_are_grouped() -> None:
    body = "，".join(f"第{i}项工作,已完成" for i in range(30))
    text = "柳湾镇2023年度法治政府建设情况报告\n\n" + body + "。\n"
    linter = Linter.from_settings(Settings())
    result = linter.check_source(Source(path="page.txt", text=text))
    assert sum(1 for f in result.findings if f.code == "GL304") == 30
    out = render([result], RunInfo(version="test", rules=linter.ruleset.rules, color=False))
    assert out.count("GL304 [*]") < 10
    assert "另有" in out and "GL304" in out
