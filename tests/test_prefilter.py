"""Prefilters make rules faster but never change what they report, even across a line break."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.cli import main
from govlint.engine import Linter
from govlint.load import Source

ACROSS_LINES = (
    "code: HX003\nslug: split-draft-number\nseverity: warning\nsummary: 不得出现草稿编号\ncheck: forbid\n"
    "pattern: 草稿\\s*\\d+号\nprefilter: '稿\\s*\\d'\nmessage: 出现了草稿编号\nbasis: 本单位发布规范\n"
    "examples:\n  pass: ['正式稿']\n  fail: ['草稿12号', \"第一段草稿\\n12号\"]\n"
)


def test_a_prefilter_hit_over_a_line_break_runs_the_pattern_on_both_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = tmp_path / "split.yaml"
    rule.write_text(ACROSS_LINES, encoding="utf-8")
    # `rules test` runs each example with and without the prefilter: both must find the split number.
    assert main(["rules", "test", str(rule)]) == 0, capsys.readouterr().out


def _codes(linter: Linter, text: str) -> list[str]:
    report = "河堰镇2023年法治政府建设年度报告\n" + text
    return [finding.code for finding in linter.check_source(Source("r.txt", report)).findings]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("负责人出庭应诉率为120%。\n", True),
        ("负责人出庭应诉率为１００．５％。\n", True),
        ("负责人出庭应诉率为1100%。\n", True),
        # A per cent sign that a converter moved to the next line is still the same figure.
        ("负责人出庭应诉率为120\n%。\n", True),
        ("负责人出庭应诉率为100%，满意度99.5%。\n", False),
        ("受理案件同比增长150%。\n", False),
    ],
)
def test_gl206_prefilter_keeps_every_rate_over_100(linter: Linter, text: str, reported: bool) -> None:
    assert ("GL206" in _codes(linter, text)) is reported


# Two alternatives, each with its own prefilter; a group (num) only the first one has, named by
# `where` and by the fix, so a range where only the second can match must still fill them.
OWN_PREFILTERS = (
    "code: HX004\nslug: draft-or-blank\nseverity: warning\nsummary: 草稿编号或空白编号\ncheck: forbid\n"
    "pattern:\n"
    "  - pattern: '草稿(?P<num>\\d+)号'\n    prefilter: '稿\\d'\n"
    "  - pattern: '(?P<blank>编号[ ]+号)'\n    prefilter: '{blank_prefilter}'\n"
    "where: {{group: num, gt: 0}}\n"
    "message: 出现了“{{match}}”\nbasis: 本单位发布规范\n"
    "examples:\n  pass: ['正式稿', '草稿0号']\n  fail: ['草稿12号', '第一段。\\n草稿7号']\n"
)


def _hits(rule_file: Path, text: str, use_prefilters: bool = True) -> list[tuple[int, int, str]]:
    from govlint.checks.base import Context
    from govlint.report import Report
    from govlint.rules import load_rule_file

    rule = load_rule_file(rule_file)
    check = rule.check
    assert check is not None
    check.use_prefilters = use_prefilters  # type: ignore[attr-defined]
    ctx = Context(Report(Source("r.txt", text)), {}, [], 2023)
    return [(hit.start, hit.end, hit.values["match"]) for hit in check.run(ctx)]


def test_an_alternative_runs_only_where_its_own_prefilter_is_found(tmp_path: Path) -> None:
    rule = tmp_path / "own.yaml"
    rule.write_text(OWN_PREFILTERS.format(blank_prefilter="编号[ ]"), encoding="utf-8")
    text = "草稿12号，编号 号。\n编号  号。\n草稿0号。\n草稿3号\n"
    found = _hits(rule, text)
    # The same matches as with every alternative tried everywhere (no prefilter at all); the
    # where condition on num, a group of the first alternative only, rejects the second's matches.
    last = text.index("草稿3号")
    assert found == _hits(rule, text, use_prefilters=False) == [(0, 5, "草稿12号"), (last, last + 4, "草稿3号")]


def test_rules_test_catches_an_alternatives_prefilter_that_hides_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(OWN_PREFILTERS.format(blank_prefilter="编号[ ]"), encoding="utf-8")
    assert main(["rules", "test", str(good)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    # The first alternative's prefilter leaves out digits it can match: 草稿7号 is missed.
    bad = tmp_path / "bad.yaml"
    bad.write_text(OWN_PREFILTERS.format(blank_prefilter="编号[ ]").replace("稿\\d'", "稿[0-5]'"), encoding="utf-8")
    assert main(["rules", "test", str(bad)]) == 1
    assert "prefilter 漏掉了" in capsys.readouterr().out


def test_an_alternatives_prefilter_key_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = tmp_path / "typo.yaml"
    typo = OWN_PREFILTERS.format(blank_prefilter="编号[ ]").replace("    prefilter: '稿", "    prefiltr: '稿")
    rule.write_text(typo, encoding="utf-8")
    assert main(["rules", "test", str(rule)]) == 2
    assert capsys.readouterr().err == f"govlint: {rule}:8: 未知的键“prefiltr”（键名拼错了吗？）\n"


@pytest.mark.parametrize(
    "text",
    [
        # Both alternatives on one line, in either order, and on lines of their own.
        "编号 号，草稿12号。\n草稿5号，编号  号。\n编号 号\n草稿9号\n",
        # The second alternative's prefilter (and its match) across a line break: both lines are read.
        "第一段编号\n号。草稿4号\n末段。\n",
        "无关的一段。\n",
    ],
)
def test_each_items_prefilter_scanned_once_gives_the_matches_of_the_whole_pattern(tmp_path: Path, text: str) -> None:
    # Every item has its own prefilter and the rule none: each is scanned over the text once and
    # selects its lines; the findings are those of the pattern tried everywhere.
    rule = tmp_path / "own.yaml"
    rule.write_text(
        OWN_PREFILTERS.format(blank_prefilter="编号\\s+号")
        .replace("[ ]+号", "\\s+号")
        .replace("where: {group: num, gt: 0}\n", "")
        .replace("'草稿0号'", "'正式0号'"),
        encoding="utf-8",
    )
    assert _hits(rule, text) == _hits(rule, text, use_prefilters=False)
    assert len(_hits(rule, text)) == text.count("号") - text.count("编号")
