"""The rule keys issue 13 added, used from a team's own rule directory: each works on its own
rule, and a mistake in one is a file:line error."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.errors import RuleError
from govlint.rules import load_profile, load_ruleset
from govlint.ruletest import check_rule

BASE = """severity: warning
summary: 测试规则
message: 测试
basis: 测试
"""


def _rules(tmp_path: Path, body: str) -> Path:
    directory = tmp_path / "house"
    directory.mkdir(parents=True)
    (directory / "HX001.yaml").write_text(BASE + body, encoding="utf-8")
    return directory


def _outcome(directory: Path) -> object:
    ruleset = load_ruleset([directory])
    rule = next(r for r in ruleset.rules if r.code == "HX001")
    return check_rule(rule, ruleset, load_profile("town", ruleset.areas))


@pytest.mark.parametrize(
    ("rule", "line"),
    [
        (
            "code: HX001\nslug: decisions-this-year\ncheck: section\nareas: [decisions]\noutside: [plan, nowhere]\n"
            'examples:\n  pass: ["一、健全依法决策机制\\n"]\n'
            '  fail: ["一、下一步工作打算\\n（一）健全依法决策机制\\n"]\n',
            9,
        ),
        (
            "code: HX001\nslug: reviews\ncheck: figure\ntopic: 合同审查\nunits: [份]\noutside: [nowhere]\n"
            'examples:\n  pass: ["完成合同审查12份。"]\n  fail: ["做好合同审查。"]\n',
            10,
        ),
    ],
    ids=["section", "figure"],
)
def test_outside_naming_an_unknown_area_is_a_line_error(tmp_path: Path, rule: str, line: int) -> None:
    directory = _rules(tmp_path, rule)
    with pytest.raises(RuleError) as error:
        load_ruleset([directory])
    assert f"HX001.yaml:{line}" in str(error.value) and "未知的领域“nowhere”" in str(error.value)


def test_each_new_key_works_in_a_house_rule(tmp_path: Path) -> None:
    bodies = {
        "outside": "check: section\nareas: [decisions]\noutside: [plan]\nexamples:\n"
        '  pass: ["一、健全依法决策机制\\n"]\n  fail: ["一、下一步工作打算\\n（一）健全依法决策机制\\n"]\n',
        "blank_titles": "check: figure\ntopic: 行政复议\nunits: [件]\nblank_titles: true\nmissing_topic: ignore\n"
        'examples:\n  pass: ["学习《行政复议法》。"]\n  fail: ["做好行政复议工作。"]\n',
        "join_wrapped_lines": 'check: balance\npairs: ["《》"]\njoin_wrapped_lines: true\n'
        "messages: {unclosed: 未闭合, unopened: 未开启}\nexamples:\n"
        '  pass: ["学习《行政\\n复议法》。"]\n  fail: ["学习《行政复议法。\\n全年培训3次。"]\n',
        "before_accept": "check: classify\naccept: 法治\n"
        "kinds:\n  - {name: 说明, before_accept: true, pattern: 本仓库}\n"
        'examples:\n  pass: ["某镇法治政府建设情况报告\\n\\n2023年，我镇推进法治建设。\\n"]\n'
        '  fail: ["# 法治政府建设年度报告\\n\\n本仓库收集各镇报告。\\n"]\n',
    }
    for index, (key, body) in enumerate(bodies.items()):
        directory = _rules(tmp_path / str(index), f"code: HX001\nslug: key-{index}\n" + body)
        outcome = _outcome(directory)
        assert outcome.ok, (key, outcome.explain())  # type: ignore[attr-defined]


def test_area_keywords_outside_count_only_where_not_nested_under_that_area(tmp_path: Path) -> None:
    directory = _rules(
        tmp_path,
        "code: HX001\nslug: remedies\ncheck: section\nareas: [safety]\nexamples:\n"
        '  pass: ["一、存在的问题\\n二、安全措施\\n"]\n'
        '  fail: ["一、存在的问题\\n（一）安全措施\\n"]\n',
    )
    (directory / "areas.yaml").write_text(
        "areas:\n  safety:\n    name: 安全\n    keywords: [安全生产]\n"
        "    keywords_outside:\n      shortcomings: ['^安全措施$']\n",
        encoding="utf-8",
    )
    assert _outcome(directory).ok  # type: ignore[attr-defined]


def test_area_keywords_outside_an_unknown_area_is_a_line_error(tmp_path: Path) -> None:
    directory = _rules(
        tmp_path,
        "code: HX001\nslug: remedies\ncheck: section\nareas: [plan]\n"
        'examples:\n  pass: ["三、下一步打算\\n"]\n  fail: ["无\\n"]\n',
    )
    (directory / "areas.yaml").write_text(
        "areas:\n  plan:\n    keywords: [改进计划]\n    keywords_outside:\n      nowhere: ['^改进$']\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as error:
        load_ruleset([directory])
    assert "areas.yaml:5" in str(error.value) and "未知的领域“nowhere”" in str(error.value)


def test_figure_outside_skips_the_parts_of_those_areas(tmp_path: Path) -> None:
    directory = _rules(
        tmp_path,
        "code: HX001\nslug: reviews\ncheck: figure\ntopic: 合同审查\nunits: [份]\noutside: [plan]\nexamples:\n"
        '  pass: ["一、主要举措\\n完成合同审查12份。\\n二、下一步打算\\n继续做好合同审查。\\n"]\n'
        '  fail: ["一、主要举措\\n依法做好合同审查。\\n二、下一步打算\\n计划完成合同审查20份。\\n"]\n',
    )
    assert _outcome(directory).ok  # type: ignore[attr-defined]
