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
