"""Figures are data (rules/figures.yaml): the figure rules name a figure by key, and a team adds or
extends figures with no Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.errors import RuleError
from govlint.rules import RuleSet, load_profile, load_ruleset
from govlint.ruletest import check_rule, findings_for


def run_text(ruleset: RuleSet, code: str, text: str) -> list[str]:
    profile = load_profile("town", ruleset.areas)
    return [f.code for f in findings_for(ruleset.by_code()[code], ruleset, profile, text)]


TEAM_FIGURE = """\
figures:
  enforcement_cases:
    name: 行政执法案件数
    topic: 行政(执法|处罚)案件
    within: clause
    units: [件, 起]
    none:
      - (无|未|没有)[^。；，,\\n]{0,8}行政(执法|处罚)案件
"""

TEAM_RULE = """\
code: HX201
slug: enforcement-count
severity: warning
summary: 行政执法案件未写明件数
check: figure
figure: enforcement_cases
missing_topic: ignore
scope: body
message: 未写明行政执法案件数
basis: 本单位规定
examples:
  pass: ["全年办理行政处罚案件12件。", "全年未发生行政处罚案件。", "我镇推进依法决策。"]
  fail: ["规范办理行政处罚案件。", "规范办理行政执法案件，召开会议3次。", "规范行政执法案件办理。"]
"""


def test_builtin_figure_rules_name_their_figures_instead_of_patterns(ruleset: RuleSet) -> None:
    root = Path(__file__).resolve().parents[1] / "rules"
    for code in ("GL201", "GL202", "GL204", "GL205"):
        (path,) = root.glob(f"{code}-*.yaml")
        text = path.read_text(encoding="utf-8")
        assert "\nfigure: " in text and "\ntopic:" not in text and "\nunits:" not in text, code
    assert {"hearings", "litigation_cases", "court_appearances", "court_appearance_rate"} <= set(ruleset.figures)


def test_a_team_adds_a_figure_and_a_rule_that_names_it(tmp_path: Path) -> None:
    (tmp_path / "figures.yaml").write_text(TEAM_FIGURE, encoding="utf-8")
    (tmp_path / "HX201-enforcement-count.yaml").write_text(TEAM_RULE, encoding="utf-8")
    ruleset = load_ruleset([tmp_path])
    assert ruleset.figures["enforcement_cases"].name == "行政执法案件数"
    rule = ruleset.by_code()["HX201"]
    assert check_rule(rule, ruleset, load_profile("town", ruleset.areas)).ok
    assert run_text(ruleset, "HX201", "规范办理行政处罚案件。") == ["HX201"]


def test_a_team_widens_a_builtin_figure_and_the_builtin_rule_follows(tmp_path: Path) -> None:
    text = "2023年度听证事项空缺。"
    assert run_text(load_ruleset(), "GL201", text) == ["GL201"]
    (tmp_path / "figures.yaml").write_text("figures:\n  hearings:\n    none: ['听证事项空缺']\n", encoding="utf-8")
    assert run_text(load_ruleset([tmp_path]), "GL201", text) == []


def test_a_rule_naming_an_unknown_figure_is_a_file_line_error(tmp_path: Path) -> None:
    (tmp_path / "HX201-enforcement-count.yaml").write_text(TEAM_RULE, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_ruleset([tmp_path])
    assert "未知的数字“enforcement_cases”" in str(caught.value)
    assert caught.value.line == 6


def test_a_new_figure_needs_a_topic_and_units(tmp_path: Path) -> None:
    (tmp_path / "figures.yaml").write_text("figures:\n  permits:\n    name: 行政许可\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_ruleset([tmp_path])
    assert "topic" in str(caught.value) and caught.value.line == 3


def test_a_bad_pattern_in_a_figure_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "figures.yaml").write_text(
        "figures:\n  permits:\n    topic: 行政许可(\n    units: [件]\n", encoding="utf-8"
    )
    with pytest.raises(RuleError) as caught:
        load_ruleset([tmp_path])
    assert caught.value.path == str(tmp_path / "figures.yaml") and caught.value.line == 3


def test_rules_test_runs_a_team_rule_that_names_a_team_figure(tmp_path: Path) -> None:
    from govlint.cli import main

    (tmp_path / "figures.yaml").write_text(TEAM_FIGURE, encoding="utf-8")
    (tmp_path / "HX201-enforcement-count.yaml").write_text(TEAM_RULE, encoding="utf-8")
    assert main(["rules", "test", str(tmp_path)]) == 0
