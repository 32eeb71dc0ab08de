"""--profile auto: each report gets the profile its own words point to, and every output says which and why."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from govlint.cli import main
from govlint.config import Settings
from govlint.engine import Linter
from govlint.load import load

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHAPES = yaml.safe_load((ROOT / "tests" / "data" / "profile_shapes.yaml").read_text(encoding="utf-8"))
LINTER = Linter.from_settings(Settings())
BODY = "2023年，依法推进各项工作，法治政府建设取得新成效。现将有关情况报告如下。\n"


def profile_of(text: str) -> tuple[str, str]:
    result = LINTER.check_source(load("report.txt", data=text.encode("utf-8")))
    assert result.profile is not None
    return result.profile.name, result.profile.reason


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---- real titles and issuers -----------------------------------------------------------------


def test_every_shape_names_its_level_and_source() -> None:
    for kind in ("titles", "issuers"):
        for entry in SHAPES[kind]:
            assert entry["level"] in ("town", "county", "department") and entry["source"], entry
    # Issue #15: at least 30 real titles of each level (and as many issuers).
    for kind in ("titles", "issuers"):
        levels = {
            level: sum(1 for e in SHAPES[kind] if e["level"] == level) for level in ("town", "county", "department")
        }
        assert min(levels.values()) >= 30, (kind, levels)


@pytest.mark.parametrize("entry", SHAPES["titles"], ids=lambda e: e["title"])
def test_real_title_gives_its_level(entry: dict[str, Any]) -> None:
    lines = [entry.get("issuer_line"), entry["title"]]
    name, reason = profile_of("\n".join(line for line in lines if line) + "\n\n" + BODY)
    assert name == entry["level"], reason
    assert reason.startswith("按"), reason


@pytest.mark.parametrize("entry", SHAPES["issuers"], ids=lambda e: e["name"])
def test_real_issuer_as_publisher_gives_its_level(entry: dict[str, Any]) -> None:
    # A title that names no organ: the portal's 发布机构 decides.
    name, reason = profile_of(f"发布机构：{entry['name']}\n\n2023年度法治政府建设情况报告\n\n{BODY}")
    assert (name, reason) == (entry["level"], f"按发布机构中的“{entry['name']}”推断")


@pytest.mark.parametrize("entry", SHAPES["issuers"], ids=lambda e: e["name"])
def test_real_issuer_as_signature_gives_its_level(entry: dict[str, Any]) -> None:
    name, reason = profile_of(f"2023年度法治政府建设情况报告\n\n{BODY}\n{entry['name']}\n2024年2月18日\n")
    assert name == entry["level"], reason
    assert reason.startswith("按落款中的"), reason


@pytest.mark.parametrize("page", SHAPES["pages"], ids=lambda p: p["title"])
def test_the_title_decides_over_the_publisher(page: dict[str, str]) -> None:
    # A county report published by the government office or the 司法局 is still the county's.
    name, reason = profile_of(f"发布机构：{page['publisher']}\n\n{page['title']}\n\n{BODY}")
    assert name == page["level"], reason


# ---- confusers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("云溪县司法局2023年度法治政府建设情况报告", "department"),  # a county-level 市/县's department
        ("云溪市司法局2023年度法治政府建设情况报告", "department"),
        ("云溪市2023年度法治政府建设情况报告", "county"),
        ("云溪县市场监督管理局2023年度法治政府建设情况报告", "department"),  # 市场 is no 市
        ("云溪县桂香街道办事处2023年度法治政府建设情况报告", "town"),  # 办事处, not 办公室
        ("云溪县人民政府办公室2023年度法治政府建设情况报告", "department"),
        ("云溪区人民政府2023年度法治政府建设情况报告", "county"),
        ("云溪区政府办公室2023年度法治政府建设情况报告", "department"),
        ("云溪区政府办2023年度法治政府建设情况报告", "department"),
        ("云溪县住房和城乡建设局2023年度法治政府建设情况报告", "department"),  # 城乡 is no 乡
        ("云溪县发展和改革委员会2023年度法治政府建设情况报告", "department"),
        ("中共云溪县委 云溪县人民政府关于2023年度法治政府建设情况的报告", "county"),
        ("中共云溪县柳湾镇委员会 柳湾镇人民政府关于2023年度法治政府建设情况的报告", "town"),
        ("云溪自治县2023年度法治政府建设情况报告", "county"),
        ("某某自治州人民政府2023年度法治政府建设情况报告", "county"),
        ("某某盟行政公署2023年度法治政府建设情况报告", "county"),  # a 盟's government, not a 署
    ],
)
def test_confusers(title: str, level: str) -> None:
    assert profile_of(f"{title}\n\n{BODY}")[0] == level


def test_party_committee_signature_is_the_county_not_a_committee_department() -> None:
    # Both lines of a joint signature are read, bottom up; a 委员会 department would contradict the other.
    text = f"2023年度法治政府建设情况报告\n\n{BODY}\n中共云溪县委员会\n云溪县人民政府\n2024年3月1日\n"
    assert profile_of(text) == ("county", "按落款中的“云溪县人民政府”推断")
    text = f"2023年度法治政府建设情况报告\n\n{BODY}\n中共云溪县委员会\n2024年3月1日\n"
    assert profile_of(text) == ("county", "按落款中的“中共云溪县委员会”推断")


def test_a_last_paragraph_is_no_signature() -> None:
    # 依法治县 ends with 县 but is a phrase, and the report's words say nothing else: the default.
    name, reason = profile_of(f"2023年度法治政府建设情况报告\n\n{BODY}\n全面推进依法治县\n")
    assert name == "town" and reason.endswith("使用默认配置档"), reason


def test_first_lines_speak_when_nothing_else_does() -> None:
    assert profile_of("2023年度法治政府建设情况报告\n\n2023年，我局坚持依法行政。\n")[0] == "department"
    assert profile_of("2023年度法治政府建设情况报告\n\n2023年，本街道坚持依法行政。\n")[0] == "town"
    # 本办法 is a measure, not an office.
    assert profile_of("关于某某办法的说明\n\n本办法共五章。\n")[0] == "town"


def test_title_and_signature_that_disagree_fall_back_and_say_so() -> None:
    text = f"云溪县2023年度法治政府建设情况报告\n\n{BODY}\n云溪县司法局\n2024年2月1日\n"
    name, reason = profile_of(text)
    assert name == "town"
    assert reason == "标题“云溪县”与落款“云溪县司法局”所示的报告主体不一致，使用默认配置档"


# ---- the command line and the outputs --------------------------------------------------------


def test_the_three_correct_reports_pass_with_no_profile_and_name_theirs(capsys: pytest.CaptureFixture[str]) -> None:
    names = ["county-2023.txt", "department-2023.txt", "town-clean-2023.txt"]
    code, out, _ = run(["check", "-f", "full", *(str(FIXTURES / name) for name in names)], capsys)
    assert code == 0, out
    assert "  配置档：county（按标题中的“云溪县”推断）" in out
    assert "  配置档：department（按标题中的“云溪县市场监督管理局”推断）" in out
    assert "  配置档：town（按标题中的“柳湾镇”推断）" in out
    # One line under each file name.
    lines = out.splitlines()
    for name in names:
        at = next(i for i, line in enumerate(lines) if line.endswith(name))
        assert lines[at + 1].startswith("  配置档：")


def test_a_town_report_missing_an_area_still_gets_gl101(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "-f", "json", str(FIXTURES / "defect-structure-2023.txt")], capsys)
    entry = json.loads(out)["files"][0]
    assert code == 1
    assert entry["profile"] == {"name": "town", "reason": "按标题中的“松岭乡”推断"}
    assert "GL101" in [finding["code"] for finding in entry["findings"]]


def test_json_profile_per_file_and_null_for_an_unreadable_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    _, out, _ = run(["check", "-f", "json", str(FIXTURES / "county-2023.txt"), str(tmp_path / "empty.txt")], capsys)
    files = json.loads(out)["files"]
    assert files[0]["profile"] == {"name": "county", "reason": "按标题中的“云溪县”推断"}
    assert files[1]["error"] and files[1]["profile"] is None


def test_explicit_profile_wins_and_says_where_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    shutil.copy(FIXTURES / "town-clean-2023.txt", report)
    _, out, _ = run(["check", "-f", "json", "--profile", "county", str(report)], capsys)
    assert json.loads(out)["files"][0]["profile"] == {"name": "county", "reason": "命令行 --profile 指定"}
    (tmp_path / ".govlint.yaml").write_text("profile: department\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(["check", "-f", "json", "report.txt"], capsys)
    assert json.loads(out)["files"][0]["profile"] == {"name": "department", "reason": "配置文件 .govlint.yaml:1 指定"}


def test_default_profile_key_chooses_the_fallback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".govlint.yaml").write_text("default-profile: county\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text(f"2023年度法治政府建设情况报告\n\n{BODY}", encoding="utf-8")
    shutil.copy(FIXTURES / "town-clean-2023.txt", tmp_path / "town.txt")
    _, out, _ = run(["check", "-f", "json", str(tmp_path / "plain.txt"), str(tmp_path / "town.txt")], capsys)
    plain, town = json.loads(out)["files"]
    assert plain["profile"]["name"] == "county" and plain["profile"]["reason"].endswith("使用默认配置档")
    assert town["profile"]["name"] == "town"


def test_default_profile_cannot_be_auto(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".govlint.yaml").write_text("default-profile: auto\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text(f"2023年度法治政府建设情况报告\n\n{BODY}", encoding="utf-8")
    code, _, err = run(["check", str(tmp_path / "plain.txt")], capsys)
    assert code == 2 and ".govlint.yaml:1: default-profile" in err and "auto" in err


def test_a_province_adds_its_own_profile_as_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A development zone's 管委会 reports like a county government: a profile in the rule directory's
    # profiles/ claims it (of two equal matches, the profile loaded later wins).
    (tmp_path / "house" / "profiles").mkdir(parents=True)
    (tmp_path / "house" / "profiles" / "zone.yaml").write_text(
        "name: zone\nextends: county\ninfer:\n  issuer: ['开发区管委会|管委会']\n", encoding="utf-8"
    )
    (tmp_path / ".govlint.yaml").write_text("rules: [house]\n", encoding="utf-8")
    (tmp_path / "zone.txt").write_text(f"云溪经济开发区管委会2023年度法治政府建设情况报告\n\n{BODY}", encoding="utf-8")
    shutil.copy(FIXTURES / "department-2023.txt", tmp_path / "dept.txt")
    _, out, _ = run(["check", "-f", "json", str(tmp_path / "zone.txt"), str(tmp_path / "dept.txt")], capsys)
    zone, dept = json.loads(out)["files"]
    assert zone["profile"] == {"name": "zone", "reason": "按标题中的“云溪经济开发区管委会”推断"}
    assert dept["profile"]["name"] == "department"


def test_output_is_identical_whatever_the_number_of_jobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = ["county-2023.txt", "department-2023.txt", "town-clean-2023.txt", "defect-structure-2023.txt"]
    for copy in range(5):  # 20 files: enough for a process pool
        for name in names:
            shutil.copy(FIXTURES / name, tmp_path / f"{copy}-{name}")
    outputs = [run(["check", "-f", "json", "-j", jobs, str(tmp_path)], capsys)[1] for jobs in ("1", "2")]
    assert outputs[0] == outputs[1]
    assert {f["profile"]["name"] for f in json.loads(outputs[0])["files"]} == {"county", "department", "town"}


def test_review_page_names_the_profile_beside_the_checklist(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", "-f", "html", str(FIXTURES / "department-2023.txt")], capsys)
    checklist = out[out.index('<section id="checklist"') :]
    assert checklist.index("按配置档 <strong>department</strong> 检查") < checklist.index("</section>")


def test_config_show_says_the_profile_is_inferred(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["config", "show", str(FIXTURES)], capsys)
    assert "# 配置档按每份报告的标题、发文机关、落款推断（county、department、town），推断不出时用 town" in out
    assert "profile = auto" in out and "default-profile = town" in out
