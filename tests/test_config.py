"""Configuration: discovery, every key, every error (file:line), profiles, config show, init."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPORTS
from govlint.cli import main
from govlint.config import Resolver, find_config, parse_size, read_config, schema_path
from govlint.errors import ConfigError

# A synthetic town report: the capacity section is titled 深化普法宣传 (no built-in keyword), and
# one ASCII comma sits between Chinese characters. Default findings: GL101 (capacity), GL304.
TOWN = """某镇2023年度法治政府建设情况报告

2023年，我镇深入推进法治政府建设。镇党委书记切实履行推进法治建设第一责任人职责。

一、依法全面履行政府职能
全面梳理权责事项。
二、完善依法行政制度体系
全年制定规范性文件2件。
三、健全依法科学民主决策机制
全年共举行听证会1次。聘请律师担任法律顾问，出具法律意见书6份。
四、强化行政权力监督和制约
全年未发生行政诉讼案件。
五、依法有效化解社会矛盾纠纷
全年调解纠纷36件。
六、深化普法宣传
组织集中学法4次。
七、强化组织保障和落实机制
将法治建设纳入考核,圆满完成各项任务。
八、存在的不足和原因
基层法治力量薄弱，主要原因是编制有限。
九、2024年工作安排
2024年，我镇将继续推进依法行政。
"""

HOUSE_RULE = """\
code: HS001
slug: boilerplate-completed
severity: warning
summary: 用“圆满完成”代替具体成效
check: forbid
scope: body
pattern: 圆满完成
message: “{match}”是套话，请写明完成了什么、数量多少
why: 本单位门户审核要求成效写具体数字。
basis: 本单位门户发布审核规范
examples:
  pass: ["全年办结行政复议案件5件。"]
  fail: ["圆满完成各项任务。"]
"""

# A house rule that leans on the team's area synonym: its pass example only passes with 普法.
HOUSE_SECTION = """\
code: HS002
slug: capacity-section
severity: error
summary: 缺少依法办事能力部分
check: section
areas: [capacity]
message: 缺少“{area}”部分
why: 本单位要求报告单列学法用法、普法工作。
basis: 本单位门户发布审核规范
examples:
  pass: ["一、深化普法宣传\\n组织学法4次。\\n"]
  fail: ["一、依法全面履行政府职能\\n梳理权责事项。\\n"]
"""

HOUSE_AREAS = """\
areas:
  capacity:
    keywords: [普法]
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def codes(out: str) -> list[str]:
    return [finding["code"] for file in json.loads(out)["files"] for finding in file["findings"]]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory (the working directory) with one report and no config yet."""
    write(tmp_path / "reports" / "town.txt", TOWN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code, out, err = run(["check", "-f", "json", *args], capsys)
    return code, (codes(out) if out else []), err


# ---- discovery -------------------------------------------------------------------------------


def test_no_config_uses_defaults(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found, _ = check(capsys, "reports/town.txt")
    assert (code, sorted(found)) == (1, ["GL101", "GL304"])


def test_nearest_govlint_yaml_wins_over_parent(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "ignore: [GL304]\n")
    write(project / "reports" / ".govlint.yaml", "ignore: [GL101]\n")
    assert check(capsys, "reports/town.txt")[1] == ["GL304"]
    assert find_config(project / "reports" / "town.txt") == (project / "reports" / ".govlint.yaml").resolve()


def test_govlint_yaml_beats_pyproject_in_same_directory(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "pyproject.toml", '[tool.govlint]\nignore = ["GL101"]\n')
    assert check(capsys, "reports/town.txt")[1] == ["GL304"]
    write(project / ".govlint.yaml", "ignore: [GL304]\n")
    assert check(capsys, "reports/town.txt")[1] == ["GL101"]


def test_pyproject_without_govlint_table_is_skipped(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "ignore: [GL304]\n")
    write(project / "reports" / "pyproject.toml", '[project]\nname = "portal"\n')
    assert check(capsys, "reports/town.txt")[1] == ["GL101"]


def test_config_option_overrides_discovery(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "reports" / ".govlint.yaml", "ignore: [GL304]\n")
    other = write(project / "ci" / "strict.yaml", "ignore: [GL101]\n")
    assert check(capsys, "--config", str(other), "reports/town.txt")[1] == ["GL304"]


def test_each_file_uses_its_own_nearest_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "a" / ".govlint.yaml", "ignore: [GL304]\n")
    write(project / "b" / ".govlint.yaml", "ignore: [GL101]\n")
    write(project / "a" / "r.txt", TOWN)
    write(project / "b" / "r.txt", TOWN)
    code, out, _ = run(["check", "-f", "json", "a/r.txt", "b/r.txt"], capsys)
    per_file = {f["path"]: [x["code"] for x in f["findings"]] for f in json.loads(out)["files"]}
    assert code == 1 and per_file == {"a/r.txt": ["GL101"], "b/r.txt": ["GL304"]}


def test_stdin_uses_config_of_working_directory(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    write(project / ".govlint.yaml", "ignore: [GL304]\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TOWN.encode())))
    assert check(capsys, "-")[1] == ["GL101"]


# ---- every key -------------------------------------------------------------------------------


def test_profile_key_and_cli_override(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "profile: county\n")
    # The county profile requires 主要举措和成效 rather than the seven areas.
    assert sorted(check(capsys, "reports/town.txt")[1]) == ["GL101", "GL304"]
    _, out, _ = run(["check", "-f", "json", "reports/town.txt"], capsys)
    assert "主要举措和成效" in out
    _, out, _ = run(["check", "-f", "json", "--profile", "town", "reports/town.txt"], capsys)
    assert "提高政府工作人员依法办事能力" in out


def test_select_by_code_slug_and_prefix(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for selector in ("GL304", "halfwidth-punctuation", "GL3"):
        write(project / ".govlint.yaml", f"select: [{selector}]\n")
        assert check(capsys, "reports/town.txt")[1] == ["GL304"], selector


def test_cli_select_replaces_config_select_and_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "select: [GL1]\nignore: [GL304]\n")
    assert check(capsys, "reports/town.txt")[1] == ["GL101"]
    assert check(capsys, "--select", "GL304", "reports/town.txt")[1] == ["GL304"]


def test_extend_select_adds_to_select(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "select: [GL1]\nextend-select: [GL304]\n")
    assert sorted(check(capsys, "reports/town.txt")[1]) == ["GL101", "GL304"]


def test_cli_ignore_adds_to_config_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "ignore: [GL304]\n")
    assert check(capsys, "--ignore", "GL101", "reports/town.txt") == (0, [], "")


def test_severity_override_and_off(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A bare `off` (YAML reads it as false) means off, as a user would expect.
    write(project / ".govlint.yaml", "severity:\n  GL101: warning\n  GL304: off\n")
    code, out, _ = run(["check", "-f", "json", "reports/town.txt"], capsys)
    findings = json.loads(out)["files"][0]["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("GL101", "warning")]
    assert code == 0  # a warning is below the default fail-on


def test_fail_on_key_and_cli_override(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "ignore: [GL101]\nfail-on: warning\n")
    assert check(capsys, "reports/town.txt")[0] == 1  # GL304 is a warning
    assert check(capsys, "--fail-on", "error", "reports/town.txt")[0] == 0


def test_per_file_ignores_relative_to_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "archive" / "old.txt", TOWN)
    write(project / ".govlint.yaml", "per-file-ignores:\n  'archive/*.txt': [GL304, missing-area]\n")
    code, out, _ = run(["check", "-f", "json", "archive/old.txt", "reports/town.txt"], capsys)
    per_file = {f["path"]: sorted(x["code"] for x in f["findings"]) for f in json.loads(out)["files"]}
    assert code == 1 and per_file == {"archive/old.txt": [], "reports/town.txt": ["GL101", "GL304"]}


def test_report_year_key(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Told the report is about 2022, the plan for 2024 names the wrong year (GL404) and the body dwells on 2023.
    write(project / ".govlint.yaml", "report-year: 2022\nselect: [GL4]\n")
    assert "GL404" in check(capsys, "reports/town.txt")[1]
    write(project / ".govlint.yaml", "report-year: 2023\nselect: [GL4]\n")
    assert check(capsys, "reports/town.txt")[1] == []


def test_max_file_size_key(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "max-file-size: 100\n")
    code, _, err = run(["check", "-f", "json", "reports/town.txt"], capsys)
    assert code == 2 and "文件过大" in err
    assert parse_size("10MB") == 10 * 1024 * 1024 and parse_size("512 KB") == 512 * 1024 and parse_size(7) == 7


def test_exclude_key_is_stored_relative_to_config(project: Path) -> None:
    write(project / ".govlint.yaml", "exclude: ['drafts/*']\n")
    settings = Resolver().settings_for("reports/town.txt")
    assert settings.exclude == ["drafts/*"] and settings.root == project.resolve()


def test_rules_key_adds_house_rule_and_area_synonym(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "house" / "HS001-boilerplate.yaml", HOUSE_RULE)
    write(project / "house" / "areas.yaml", HOUSE_AREAS)
    write(project / "house" / "HS002-capacity-section.yaml", HOUSE_SECTION)
    write(project / ".govlint.yaml", "rules: [house]\n")
    # 普法 now counts as the capacity area (no GL101), and the house rule fires.
    assert sorted(check(capsys, "reports/town.txt")[1]) == ["GL304", "HS001"]
    # The house rule can be selected and configured like a built-in one.
    write(project / ".govlint.yaml", "rules: [house]\nselect: [boilerplate-completed]\nseverity: {HS001: error}\n")
    code, found, _ = check(capsys, "reports/town.txt")
    assert (code, found) == (1, ["HS001"])
    # And its embedded examples run with `govlint rules test`.
    code, out, _ = run(["rules", "test", str(project / "house")], capsys)
    assert code == 0 and "HS001" in out and "HS002" in out and "通过 2 条规则，失败 0 条" in out
    # Without the synonym, the house section rule's pass example fails: the test really uses areas.yaml.
    (project / "house" / "areas.yaml").unlink()
    code, out, _ = run(["rules", "test", str(project / "house")], capsys)
    assert code == 1 and "HS002" in out and "通过 1 条规则，失败 1 条" in out


def test_pyproject_keys(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.govlint]\nprofile = "town"\n'
        'ignore = ["GL304"]\n\n[tool.govlint.severity]\nGL101 = "info"\n',
    )
    code, out, _ = run(["check", "-f", "json", "reports/town.txt"], capsys)
    findings = json.loads(out)["files"][0]["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("GL101", "info")] and code == 0


# ---- errors: file and line, exit 2 -----------------------------------------------------------

YAML_ERRORS = [
    ("profile: town\nselet: [GL1]\n", 2, "未知的配置项“selet”，是不是“select”？"),
    ("select: GL201\n", 1, "“select”应为列表"),
    ("select:\n  - GL201\n  - GL999\n", 3, "没有与“GL999”对应的规则"),
    ("ignore: [hearing-cont]\n", 1, "是不是“hearing-count”"),
    ("extend-select:\n  - XY1\n", 2, "没有与“XY1”对应的规则"),
    ("severity:\n  GL201: warning\n  GL998: error\n", 3, "没有与“GL998”对应的规则"),
    ("severity:\n  GL201: fatal\n", 2, "“GL201”的值“fatal”无效"),
    ("severity:\n  hearing: error\n", 2, "severity 的键应为规则代码"),
    ("per-file-ignores:\n  '*.txt': [GL304]\n  'old/*': [GL77]\n", 3, "没有与“GL77”对应的规则"),
    ("fail-on: sometimes\n", 1, "“fail-on”的值“sometimes”无效"),
    ("report-year: '2023'\n", 1, "“report-year”应为整数"),
    ("max-file-size: lots\n", 1, "max-file-size"),
    ("rules:\n  - no-such-dir\n", 2, "规则目录不存在"),
    ("rules: house\n", 1, "“rules”应为列表"),
    ("profile: 3\n", 1, "“profile”应为字符串"),
    ("exclude: drafts\n", 1, "“exclude”应为列表"),
    ("per-file-ignores:\n  '*.txt': GL304\n", 2, "“per-file-ignores.*.txt”应为列表"),
    ("severity: [GL201]\n", 1, "“severity”应为映射"),
    ("profile: city\n", 1, "未知的配置档“city”"),
    ("profile: [town\n", 2, "YAML 语法错误"),
    ("- select\n", 1, "顶层应为一个映射"),
]


@pytest.mark.parametrize(("text", "line", "message"), YAML_ERRORS, ids=[m for _, _, m in YAML_ERRORS])
def test_yaml_config_errors_name_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, message: str
) -> None:
    write(project / ".govlint.yaml", text)
    code, out, err = run(["check", "reports/town.txt"], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f".govlint.yaml:{line}: " in err and message in err


TOML_ERRORS = [
    ('[tool.govlint]\nprofile = "town"\nfail_on = "warning"\n', 3, "未知的配置项“fail_on”，是不是“fail-on”？"),
    ('[tool.govlint]\nselect = [\n  "GL201",\n  "GL9",\n]\n', 4, "没有与“GL9”对应的规则"),
    (
        '[tool.govlint]\nignore = ["GL304"]\n\n[tool.govlint.severity]\nGL201 = "warning"\nGL000 = "off"\n',
        6,
        "没有与“GL000”对应的规则",
    ),
    ('[tool.govlint]\nreport-year = "2023"\n', 2, "“report-year”应为整数"),
    ("[tool.govlint]\nprofile = \n", 2, "TOML 语法错误"),
]


@pytest.mark.parametrize(("text", "line", "message"), TOML_ERRORS, ids=[m for _, _, m in TOML_ERRORS])
def test_pyproject_errors_name_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, message: str
) -> None:
    write(project / "pyproject.toml", text)
    code, _, err = run(["check", "reports/town.txt"], capsys)
    assert code == 2 and f"pyproject.toml:{line}: " in err and message in err, err


def test_cli_unknown_selector_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "--ignore", "GL9999", "reports/town.txt"], capsys)
    assert code == 2 and "--ignore：没有与“GL9999”对应的规则" in err


def test_config_option_accepts_any_toml_with_a_govlint_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = write(project / "ci" / "govlint.toml", '[tool.govlint]\nignore = ["GL304"]\nfail-on = "sometimes"\n')
    code, _, err = run(["check", "--config", str(other), "reports/town.txt"], capsys)
    assert code == 2 and "govlint.toml:3: " in err
    write(project / "ci" / "plain.toml", "[tool.other]\nx = 1\n")
    code, _, err = run(["check", "--config", "ci/plain.toml", "reports/town.txt"], capsys)
    assert code == 2 and "没有 [tool.govlint] 表" in err


def test_unknown_cli_profile_is_not_blamed_on_the_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "profile: county\n")
    code, _, err = run(["check", "--profile", "city", "reports/town.txt"], capsys)
    assert code == 2 and err.startswith("govlint: 未知的配置档“city”")


def test_missing_config_option_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "--config", "nope.yaml", "reports/town.txt"], capsys)
    assert code == 2 and "nope.yaml: 配置文件不存在" in err


def test_bad_config_nowhere_near_checked_files_is_not_read(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "elsewhere" / ".govlint.yaml", "bogus: 1\n")
    assert check(capsys, "reports/town.txt")[0] == 1


def test_empty_config_file_means_defaults(project: Path) -> None:
    write(project / ".govlint.yaml", "# nothing yet\n")
    assert read_config(project / ".govlint.yaml").data == {}


# ---- profiles --------------------------------------------------------------------------------


def test_user_profile_extends_builtin_and_adds_and_drops_areas(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        project / "profiles" / "ours.yaml",
        "name: ours\nextends: town\nadd_areas: [emergencies]\ndrop_areas: [capacity]\n",
    )
    write(project / ".govlint.yaml", "profile: profiles/ours.yaml\nselect: [GL101]\n")
    _, out, _ = run(["check", "-f", "json", "reports/town.txt"], capsys)
    messages = [f["message"] for f in json.loads(out)["files"][0]["findings"]]
    assert len(messages) == 1 and "健全突发事件应对体系" in messages[0]


def test_user_profile_inherits_county_severity(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A county-based profile keeps county's GL104 = error; a report without 第一责任人 fails on it.
    write(project / "p" / "district.yaml", "extends: county\nadd_areas: [enforcement]\n")
    write(project / ".govlint.yaml", "profile: p/district.yaml\nselect: [GL101, GL104]\n")
    write(project / "reports" / "town.txt", TOWN.replace("镇党委书记切实履行推进法治建设第一责任人职责。", ""))
    _, out, _ = run(["check", "-f", "json", "reports/town.txt"], capsys)
    findings = json.loads(out)["files"][0]["findings"]
    summary = sorted((f["code"], f["severity"]) for f in findings)
    assert summary == [("GL101", "error"), ("GL101", "error"), ("GL104", "error")]
    assert {
        "严格规范公正文明执法" in f["message"] or "主要举措和成效" in f["message"]
        for f in findings
        if f["code"] == "GL101"
    } == {True}


def test_profile_file_with_unknown_area(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "ours.yaml", "extends: town\nadd_areas:\n  - tourism\n")
    code, _, err = run(["check", "--profile", "ours.yaml", "reports/town.txt"], capsys)
    assert code == 2 and "ours.yaml:3: " in err and "未知的领域“tourism”" in err


def test_county_profile_on_truncated_district_report(capsys: pytest.CaptureFixture[str]) -> None:
    sample = REPORTS / "baihe-2023-opening.txt"
    code, out, _ = run(["check", "-f", "json", "--profile", "county", "--ignore", "GL304", str(sample)], capsys)
    assert code == 1
    messages = {f["code"]: f["message"] for f in json.loads(out)["files"][0]["findings"]}
    # The opening has the 第一责任人 part, so GL104 (an error for counties) is satisfied; the parts
    # that come later in the real report (measures, shortcomings, plans) are rightly reported.
    assert "GL104" not in messages
    assert {"GL101", "GL102", "GL103"} <= set(messages) and "主要举措和成效" in messages["GL101"]
    # None of the seven town areas is demanded of a county report.
    assert "依法全面履行政府职能" not in out


def test_department_profile_on_department_report(capsys: pytest.CaptureFixture[str]) -> None:
    sample = REPORTS / "linshui-hrss-2020-opening.txt"
    _, out, _ = run(["check", "-f", "json", "--profile", "department", str(sample)], capsys)
    found = codes(out)
    assert "GL101" not in found  # its first part is 主要举措和成效
    assert "GL303" in found  # the square-bracket document number


# ---- config show and init --------------------------------------------------------------------


def test_config_show_names_each_source(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "profile: county\n\nignore:\n  - GL304\n")
    code, out, _ = run(["config", "show", "reports/town.txt", "--fail-on", "warning"], capsys)
    assert code == 0
    lines = {line.split(" = ")[0]: line for line in out.splitlines() if " = " in line}
    assert lines["profile"].endswith(f"# {project.resolve() / '.govlint.yaml'}:1")
    assert lines["ignore"].endswith(".govlint.yaml:3") and "GL304" in lines["ignore"]
    assert lines["fail-on"].endswith("# 命令行") and "warning" in lines["fail-on"]
    assert lines["select"].endswith("# 默认")
    assert out.startswith(f"# 配置文件：{project.resolve() / '.govlint.yaml'}")


def test_config_show_reports_config_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "select: [GL1]\nignore: [GL8]\n")
    code, _, err = run(["config", "show"], capsys)
    assert code == 2 and ".govlint.yaml:2: 没有与“GL8”对应的规则" in err


def test_init_writes_commented_valid_config(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["init"], capsys)
    text = (project / ".govlint.yaml").read_text(encoding="utf-8")
    # Nothing machine-specific in a file that is committed: the schema's local path is only printed.
    assert code == 0 and "$schema" not in text and "file://" not in text and str(project) not in text
    assert schema_path().is_file() and schema_path().as_uri() in out
    assert read_config(project / ".govlint.yaml").data == {"profile": "auto"}
    # Every commented-out example in the starter is itself a valid configuration.
    uncommented = re.sub(r"^# (?!yaml-language-server)(?=[a-z][a-z-]*:|  )", "", text, flags=re.MULTILINE)
    write(project / "govlint-rules" / "HS001.yaml", HOUSE_RULE)
    write(project / "full.yaml", uncommented)
    config = read_config(project / "full.yaml")
    assert {"select", "ignore", "severity", "per-file-ignores", "max-file-size"} <= set(config.data)


def test_init_refuses_to_overwrite_without_force(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".govlint.yaml", "profile: county\n")
    code, _, err = run(["init"], capsys)
    assert code == 2 and "已存在" in err and "--force" in err
    assert (project / ".govlint.yaml").read_text(encoding="utf-8") == "profile: county\n"
    assert run(["init", "--force"], capsys)[0] == 0
    assert "govlint 配置" in (project / ".govlint.yaml").read_text(encoding="utf-8")


def test_schema_is_valid_json_schema() -> None:
    import jsonschema

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_read_config_error_is_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        read_config(write(tmp_path / ".govlint.yaml", "fail-on: [error]\n"))
    assert caught.value.line == 1


def test_rules_from_outside_the_config_folder_are_named_not_silent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "house-rules"
    shared.mkdir()
    (shared / "areas.yaml").write_text("areas:\n  functions:\n    keywords: [职能]\n", encoding="utf-8")
    project = tmp_path / "reports"
    project.mkdir()
    (project / ".govlint.yaml").write_text("rules:\n  - ../house-rules\n", encoding="utf-8")
    report = project / "r.txt"
    report.write_text("某镇2023年度法治政府建设情况报告\n\n2023年，我镇推进依法行政。\n", encoding="utf-8")
    from govlint.cli import main

    main(["check", str(report), "-f", "concise", "--exit-zero"])
    err = capsys.readouterr().err
    assert f"{project / '.govlint.yaml'}:2: 规则目录 {shared.resolve()} 位于配置文件所在目录之外" in err
