"""The command line end to end: exit codes, JSON contract, errors that never stop the run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FINDING_KEYS
from govlint.cli import main

CLEAN = """某镇2023年度法治政府建设情况报告

2023年，我镇深入推进法治政府建设。镇党委书记切实履行推进法治建设第一责任人职责。

一、依法全面履行政府职能
（一）权责清单。全面梳理权责事项。
二、完善依法行政制度体系
（一）规范性文件。全年制定规范性文件2件。
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
八、存在的不足和原因
基层法治力量薄弱，主要原因是编制有限。
九、2024年工作安排
2024年，我镇将继续推进依法行政。
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


@pytest.fixture
def defective(tmp_path: Path) -> Path:
    path = tmp_path / "defective.txt"
    path.write_text(CLEAN.replace("全年共举行听证会1次", "依法举行听证"), encoding="utf-8")
    return path


def test_clean_report_exits_zero(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(clean), "--format", "concise"], capsys)
    assert (code, out, err) == (0, "", "")


def test_error_finding_exits_one_and_is_located(defective: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(defective), "--format", "concise"], capsys)
    assert code == 1
    assert f"{defective}:" in out and " GL201 " in out
    row = out.strip().split("\n")[0]
    expected_line = (
        CLEAN.split("\n").index("（一）听证。全年共举行听证会1次。聘请律师担任法律顾问，出具法律意见书6份。") + 1
    )
    assert row.split(":")[1] == str(expected_line)


def test_json_contract(defective: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(defective), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1
    assert set(doc) == {"version", "files", "summary"}
    assert doc["summary"] == {"files": 1, "error": 1, "warning": 0, "info": 0}
    (entry,) = doc["files"]
    assert entry["error"] is None
    (finding,) = entry["findings"]
    assert set(finding) == FINDING_KEYS
    assert (finding["code"], finding["rule"], finding["severity"]) == ("GL201", "hearing-count", "error")
    assert "听证" in finding["message"] and "重大行政决策程序暂行条例" in finding["basis"]


def test_unreadable_file_does_not_stop_the_run(
    clean: Path, defective: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(["check", str(empty), str(defective), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 2
    assert [f["path"] for f in doc["files"]] == [str(empty), str(defective)]
    assert doc["files"][0]["error"] and doc["files"][0]["findings"] == []
    assert doc["files"][1]["findings"][0]["code"] == "GL201"
    assert err.strip() == f"govlint: {empty}: 文件为空，没有可检查的内容"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], 1),
        (["--fail-on", "never"], 0),
        (["--exit-zero"], 0),
        (["--ignore", "GL201"], 0),
        (["--select", "GL3"], 0),
        (["--select", "hearing-count"], 1),
    ],
)
def test_exit_policy(defective: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: int) -> None:
    assert run(["check", str(defective), "-f", "concise", *args], capsys)[0] == expected


def test_unknown_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "--no-such-option"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("govlint: ") and err.count("\n") == 1


def test_console_script_runs_from_another_directory(tmp_path: Path, defective: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govlint", "check", str(defective), "-f", "concise"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "GL201" in done.stdout


def test_rules_test_passes_on_builtin_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "test"], capsys)
    assert code == 0
    assert out.strip().splitlines()[-1].endswith("失败 0 条")


def test_rules_test_reports_broken_user_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = tmp_path / "HX001.yaml"
    rule.write_text(
        "code: HX001\nslug: no-draft\nseverity: warning\nsummary: 不得含“草稿”\ncheck: forbid\n"
        "pattern: 草稿\nmessage: 含有“草稿”\nbasis: 本单位发布规范\n"
        "examples:\n  pass: ['正式稿']\n  fail: ['草 稿']\n",
        encoding="utf-8",
    )
    code, out, _ = run(["rules", "test", str(rule)], capsys)
    assert code == 1
    assert "漏报" in out and "草 稿" in out
    assert out.strip().splitlines()[-1] == "通过 0 条规则，失败 1 条"


@pytest.mark.parametrize(
    ("content", "needle", "line"),
    [
        (
            "code: HX001\nslug: x\nseverity: warning\nsummary: 说明\ncheck: forbid\npattern: a\nmesage: 有问题\n"
            "basis: 某依据\n"
            "examples: {pass: [a], fail: [b]}\n",
            "未知的键“mesage”",
            7,
        ),
        (
            "code: HX001\nslug: x\nseverity: warning\nsummary: 说明\ncheck: forbidd\npattern: a\nmessage: 有问题\n"
            "basis: 某依据\n"
            "examples: {pass: [a], fail: [b]}\n",
            "forbidd",
            5,
        ),
        (
            "code: HX001\nslug: x\nseverity: warning\nsummary: 说明\ncheck: forbid\npattern: '(a'\nmessage: 有问题\n"
            "basis: 某依据\n"
            "examples: {pass: [a], fail: [b]}\n",
            "正则表达式有误",
            6,
        ),
        (
            "code: HX001\nslug: x\nseverity: warning\nsummary: 说明\ncheck: forbid\n"
            "pattern: '\\bXX镇'\nmessage: 有问题\n"
            "basis: 某依据\nexamples: {pass: [a], fail: [b]}\n",
            "\\b",
            6,
        ),
        (
            "code: HX001\nslug: x\nseverity: warning\nsummary: 说明\ncheck: forbid\nmessage: 有问题\nbasis: 某依据\n"
            "examples: {pass: [a], fail: [b]}\n",
            "缺少必填的键“pattern”",
            1,
        ),
        ("code: HX001\nslug: [x\n", "YAML 语法错误", 3),
    ],
    ids=["unknown-key", "unknown-check", "bad-regex", "word-boundary", "missing-field", "broken-yaml"],
)
def test_broken_rule_is_file_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str, line: int
) -> None:
    rule = tmp_path / "HX001.yaml"
    rule.write_text(content, encoding="utf-8")
    code, out, err = run(["rules", "test", str(rule)], capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"govlint: {rule}:{line}: ")
    assert needle in err


PREFILTERED = (
    "code: HX002\nslug: no-draft-number\nseverity: warning\nsummary: 不得出现草稿编号\ncheck: forbid\n"
    "pattern: 草稿\\d+号\nprefilter: {prefilter}\nmessage: 出现了草稿编号“{{match}}”\nbasis: 本单位发布规范\n"
    "examples:\n  pass: ['正式稿']\n  fail: ['草稿12号', '第一段。\\n草稿7号']\n"
)


def test_prefilter_narrows_but_never_hides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(PREFILTERED.format(prefilter="'稿\\d'"), encoding="utf-8")
    assert run(["rules", "test", str(good)], capsys)[0] == 0
    # A prefilter that would hide a finding is caught by the rule's own examples.
    bad = tmp_path / "bad.yaml"
    bad.write_text(PREFILTERED.format(prefilter="'稿[0-9]号'"), encoding="utf-8")
    code, out, _ = run(["rules", "test", str(bad)], capsys)
    assert code == 1 and "prefilter 漏掉了" in out


def test_linter_from_an_already_loaded_rule_set_loads_the_named_profile() -> None:
    from govlint.config import Settings
    from govlint.engine import Linter
    from govlint.rules import load_ruleset

    linter = Linter.from_settings(Settings(profile="county"), load_ruleset())
    assert linter.profile.name == "county"
    assert linter.settings.severity["GL104"] == "error"
