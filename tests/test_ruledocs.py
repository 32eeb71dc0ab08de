"""Rule tooling for people who are not programmers: `govlint rules`, `govlint rule CODE` and
`govlint rules test PATH` on a team's own rule directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.cli import main
from govlint.ruledocs import rule_markdown
from govlint.rules import load_ruleset

SECTIONS = ("检查内容", "为什么", "不合格示例", "合格示例", "依据", "自动修复")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def test_every_rule_documents_every_section() -> None:
    for rule in load_ruleset().rules:
        text = rule_markdown(rule)
        positions = [text.index(f"## {section}") for section in SECTIONS]
        assert positions == sorted(positions), rule.code
        assert rule.why and rule.basis and rule.basis in text, rule.code
        assert "（未填写）" not in text, rule.code


def test_rule_command_prints_the_full_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rule", "GL201"], capsys)
    assert code == 0 and err == ""
    assert "GL201 hearing-count" in out
    positions = [out.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    assert "依法举行听证，并执行听证会规则。" in out  # a failing example
    assert "本年度无听证事项。" in out  # a passing example
    assert "重大行政决策程序暂行条例" in out  # the basis
    assert "无（需人工修改）" in out


def test_rule_by_slug_and_fix_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rule", "doc-number-format"], capsys)
    assert code == 0 and "GL303" in out
    assert "可自动修复" in out and "〔2023〕44号" in out


def test_unknown_rule_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["rule", "GL999"], capsys)
    assert code == 2 and out == ""
    assert "GL999" in err and err.count("\n") == 1


def test_rules_table_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.startswith("│ GL")}
    ruleset = load_ruleset()
    assert set(rows) == {rule.code for rule in ruleset.rules}
    for rule in ruleset.rules:
        row = rows[rule.code]
        assert rule.slug in row and rule.severity.label in row
        assert ("✓" in row) == rule.fixable
    assert "✓" in rows["GL303"] and "✓" in rows["GL304"] and "✓" not in rows["GL201"]


def _user_dir(tmp_path: Path) -> Path:
    """A portal team's own rules: an areas.yaml that extends a built-in family and adds an area,
    and two rules that rely on it."""
    folder = tmp_path / "my-rules"
    folder.mkdir()
    (folder / "areas.yaml").write_text(
        "areas:\n"
        "  disputes:\n    keywords: [信访]\n"
        "  safety:\n    name: 安全生产监管\n    keywords: [安全生产, 安全监管]\n",
        encoding="utf-8",
    )
    (folder / "HX101-safety.yaml").write_text(
        "code: HX101\nslug: missing-safety\nseverity: warning\nsummary: 缺少安全生产部分\n"
        "check: section\nareas: [safety]\nmessage: 缺少“{area}”部分\nbasis: 本县年度报告编写要求\n"
        "why: 本县要求乡镇单列安全生产监管情况。\n"
        "examples:\n"
        "  pass: ['一、主要举措\\n（一）强化安全生产监管\\n', '（三）安全监管\\n']\n"
        "  fail: ['一、主要举措\\n', '全年开展安全生产检查12次。\\n']\n",
        encoding="utf-8",
    )
    (folder / "HX102-petitions.yaml").write_text(
        "code: HX102\nslug: petitions-part\nseverity: info\nsummary: 矛盾纠纷部分\n"
        "check: section\nareas: [disputes]\nmessage: 缺少“{area}”部分\nbasis: 本县年度报告编写要求\n"
        "examples:\n"
        "  pass: ['（二）规范信访工作\\n', '五、依法有效化解社会矛盾纠纷\\n']\n"
        "  fail: ['（二）规范政务服务\\n']\n",
        encoding="utf-8",
    )
    return folder


def test_rules_test_passes_on_a_user_rule_dir_with_its_own_areas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["rules", "test", str(_user_dir(tmp_path))], capsys)
    assert (code, err) == (0, "")
    assert "HX101" in out and "HX102" in out and "GL201" not in out
    assert out.strip().splitlines()[-1] == "通过 2 条规则，失败 0 条"


def test_rules_test_reports_missed_and_unexpected_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _user_dir(tmp_path)
    broken = folder / "HX103-draft.yaml"
    broken.write_text(
        "code: HX103\nslug: no-draft\nseverity: error\nsummary: 不得含“草稿”字样\ncheck: forbid\n"
        "pattern: 草稿\nmessage: 含有“草稿”字样\nbasis: 本单位发布规范\n"
        "examples:\n  pass: ['正式稿', '这一稿不是草稿。']\n  fail: ['征求意见稿', '草稿']\n",
        encoding="utf-8",
    )
    code, out, _ = run(["rules", "test", str(folder)], capsys)
    assert code == 1
    flat = out.replace("\n", "")
    assert "失败" in out and "HX103" in out and str(broken) in flat
    assert "漏报" in out and "征求意见稿" in flat
    assert "误报" in out and "这一稿不是草稿。" in flat and "含有“草稿”字样" in flat
    assert out.strip().splitlines()[-1] == "通过 2 条规则，失败 1 条"


def test_rules_test_on_the_builtin_pack_counts_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "test"], capsys)
    assert code == 0
    assert out.strip().splitlines()[-1] == f"通过 {len(load_ruleset().rules)} 条规则，失败 0 条"


def test_pass_example_the_rule_never_sees_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A one-line example ending in 报告 is read as the document's title, so a body rule never sees it
    # and it would pass vacuously.
    rule = tmp_path / "HX104.yaml"
    rule.write_text(
        "code: HX104\nslug: no-draft\nseverity: error\nsummary: 不得含“草稿”字样\ncheck: forbid\n"
        "pattern: 草稿\nmessage: 含有“草稿”字样\nbasis: 本单位发布规范\n"
        "examples:\n  pass: ['草稿报告']\n  fail: ['这是草稿。']\n",
        encoding="utf-8",
    )
    code, out, _ = run(["rules", "test", str(rule)], capsys)
    assert code == 1
    assert "示例没有正文" in out and "草稿报告" in out
