"""govlint extract: figures read from real shapes of figure statements, and the command's output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from govlint.extract import FIGURE_KEYS, RECORD_KEYS, figures_of
from govlint.load import Source
from govlint.report import Report
from govlint.rules import load_ruleset
from test_cli import run

DATA = Path(__file__).parent / "data"
SHAPES = yaml.safe_load((DATA / "figure_shapes.yaml").read_text(encoding="utf-8"))["shapes"]
FIGURES = load_ruleset().figures


def _figures(text: str) -> dict[str, Any]:
    return figures_of(Report(Source(path="<示例>", text=text)), FIGURES)


def test_there_are_at_least_forty_shapes_each_with_its_source() -> None:
    assert len(SHAPES) >= 40
    assert all(shape["source"] and shape["shape"] for shape in SHAPES)
    assert {shape["figure"] for shape in SHAPES} == {key for key, f in FIGURES.items() if f.extracted}


@pytest.mark.parametrize("shape", SHAPES, ids=[f"{s['figure']}-{i + 1}" for i, s in enumerate(SHAPES)])
def test_figure_read_as_a_person_reads_it(shape: dict[str, Any]) -> None:
    found = _figures(shape["text"]).get(shape["figure"])
    assert found is not None, f"没有读出 {shape['figure']}：{shape['text']}"
    assert found["value"] == shape["value"], (shape["text"], found)
    assert type(found["value"]) is type(shape["value"])
    assert found["line"] == 1 and found["text"] in shape["text"]


# ---- the command ---------------------------------------------------------------------------------

TOWN = """{name}2023年度法治政府建设情况报告

2023年，{name}深入推进法治政府建设。党委书记切实履行推进法治建设第一责任人职责。

一、依法全面履行政府职能
全面梳理权责事项。
二、完善依法行政制度体系
全年制定规范性文件2件。
三、健全依法科学民主决策机制
{hearing}聘请律师担任法律顾问，出具法律意见书六份。
四、强化行政权力监督和制约
{litigation}
五、依法有效化解社会矛盾纠纷
全年调解纠纷36件。
六、提高政府工作人员依法办事能力
组织集中学法4次。
七、强化组织保障和落实机制
将法治建设纳入考核。
八、存在的不足和原因
基层法治力量薄弱，主要原因是编制有限。
九、2024年工作安排
2024年，将继续推进依法行政。
"""


def write_reports(folder: Path, third: str) -> Path:
    """Three town reports: figures stated (甲), explicit nones (乙), and ``third`` (丙 or 丁)."""
    folder.mkdir()
    (folder / "a-town.txt").write_text(
        TOWN.format(
            name="甲镇", hearing="全年共举行听证会２次。", litigation="发生行政诉讼案件3件，负责人出庭应诉3次。"
        ),
        encoding="utf-8",
    )
    (folder / "b-town.txt").write_text(
        TOWN.format(name="乙镇", hearing="本年度无听证事项。", litigation="全年没有行政诉讼案件发生。"),
        encoding="utf-8",
    )
    (folder / "c-town.txt").write_text(third, encoding="utf-8")
    return folder


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    # The third report states neither figure and lacks the shortcomings part.
    third = TOWN.format(name="丙镇", hearing="依法举行听证。", litigation="依法做好行政应诉工作。")
    return write_reports(
        tmp_path / "reports", third.replace("八、存在的不足和原因\n基层法治力量薄弱，主要原因是编制有限。\n", "")
    )


def test_csv_has_one_row_per_report_with_a_bom_and_zero_for_explicit_nones(
    reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    out = tmp_path / "figures.csv"
    code, stdout, _ = run(["extract", "-f", "csv", "-o", str(out), str(reports)], capsys)
    assert code == 0 and stdout == ""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert [Path(row["path"]).name for row in rows] == ["a-town.txt", "b-town.txt", "c-town.txt"]
    a, b, c = rows
    assert (a["hearings"], a["litigation_cases"], a["court_appearances"]) == ("2", "3", "3")
    assert (b["hearings"], b["litigation_cases"], b["court_appearances"]) == ("0", "0", "")
    assert (c["hearings"], c["litigation_cases"]) == ("", "")
    assert a["legal_adviser_opinions"] == "6" and a["normative_documents"] == "2"
    assert a["title"] == "甲镇2023年度法治政府建设情况报告" and a["year"] == "2023" and a["level"] == "town"
    assert "存在的不足和原因" in c["missing"] and a["missing"] == ""
    assert {
        "hearings",
        "litigation_cases",
        "court_appearances",
        "court_appearance_rate",
        "legal_adviser_opinions",
        "contracts_reviewed",
        "normative_documents",
        "major_decisions",
        "reconsideration_cases",
    } <= set(a)


def test_json_carries_each_figures_source_text_and_line(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, stdout, _ = run(["extract", "-f", "json", str(reports / "a-town.txt")], capsys)
    assert code == 0
    (record,) = json.loads(stdout)["reports"]
    # The keys are a public contract (README, "Figures as data"): only ever added to.
    assert set(RECORD_KEYS) == {"path", "title", "issuer", "level", "year", "published", "parts", "figures"}
    assert set(record) == set(RECORD_KEYS)
    assert all(set(found) == set(FIGURE_KEYS) for found in record["figures"].values())
    hearing = record["figures"]["hearings"]
    assert hearing == {"value": 2, "unit": "次", "text": "全年共举行听证会２次", "line": 10}
    assert record["parts"]["听证次数"] is True and record["issuer"] == "甲镇"
    assert "court_appearance_rate" not in record["figures"]  # not stated: absent


def test_profile_and_config_apply_as_for_check(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    (reports / ".govlint.yaml").write_text("profile: county\n", encoding="utf-8")
    _, stdout, _ = run(["extract", "-f", "json", str(reports)], capsys)
    assert {r["level"] for r in json.loads(stdout)["reports"]} == {"county"}
    _, stdout, _ = run(["extract", "-f", "json", "--profile", "department", str(reports)], capsys)
    assert {r["level"] for r in json.loads(stdout)["reports"]} == {"department"}


def test_an_unreadable_file_is_one_line_and_exit_2_but_the_rest_is_extracted(
    reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    missing = reports / "gone.txt"
    code, stdout, err = run(["extract", "-f", "json", str(reports / "a-town.txt"), str(missing)], capsys)
    assert code == 2
    assert err.strip() == f"govlint: {missing}: 文件不存在"
    records = {record["path"]: record for record in json.loads(stdout)["reports"]}
    assert records[str(missing)] == {"path": str(missing), "error": "文件不存在"}
    assert records[str(reports / "a-town.txt")]["figures"]["hearings"]["value"] == 2


def test_unknown_format_is_a_usage_error(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["extract", "-f", "xml", str(reports)], capsys)
    assert code == 2 and "未知的输出格式“xml”" in err and err.count("\n") == 1


def test_table_names_each_figure_in_chinese(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(["extract", "-f", "table", str(reports)], capsys)
    assert code == 0
    assert "听证次数" in stdout and "行政诉讼案件数" in stdout and "a-town.txt" in stdout


def test_rules_lists_the_figures_with_the_rules_that_use_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(["rules"], capsys)
    assert code == 0
    line = next(line for line in stdout.splitlines() if "litigation_cases" in line)
    assert "GL202" in line and "GL205" in line and "行政诉讼" in line


def test_parallel_extraction_gives_the_same_records(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = (reports / "a-town.txt").read_text(encoding="utf-8")
    for n in range(20):  # enough files for a process pool
        (reports / f"z{n:02}.txt").write_text(source.replace("２次", f"{n}次"), encoding="utf-8")
    _, serial, _ = run(["extract", "-f", "json", "-j", "1", str(reports)], capsys)
    _, parallel, _ = run(["extract", "-f", "json", "-j", "2", str(reports)], capsys)
    assert serial == parallel and '"value": 19' in serial


# The characters figure statements are made of, so that random text often names a topic.
FIGURE_CHARS = (
    "听证行政诉讼应诉案件出庭率复议法律顾问意见书审查合同规范性文件重大决策"
    + "无未没有零两三十0１2３%％，,。；余次件份项起宗\n "
)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=FIGURE_CHARS, max_size=300))
def test_any_text_gives_figures_or_nothing_never_an_error(text: str) -> None:
    for key, found in _figures(text).items():
        assert set(found) == {"value", "unit", "text", "line"}, key
        assert isinstance(found["value"], (int, float)) and found["value"] >= 0


@pytest.mark.parametrize("header", ["", "索引号：000/2024-1\n发布机构：云溪县人民政府办公室\n\n"])
def test_a_markdown_reports_title_is_its_first_heading_without_the_marks(
    header: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # With or without a portal header above it, "# …报告" is the title, not a section, and its text
    # is the title's words: extract records it, pairing keys the issuer on it.
    import json

    report = tmp_path / "county.md"
    body = "2023年，我县扎实推进法治政府建设。\n\n## 一、主要举措和成效\n\n全年共举行听证会2次。\n"
    report.write_text(header + "# 云溪县2023年度法治政府建设情况报告\n\n" + body, encoding="utf-8")
    code, stdout, _ = run(["extract", "-f", "json", str(report)], capsys)
    (record,) = json.loads(stdout)["reports"]
    assert code == 0 and record["title"] == "云溪县2023年度法治政府建设情况报告"
    assert record["level"] == "county" and record["figures"]["hearings"]["value"] == 2


def test_force_exclude_leaves_out_named_files_as_check_does(
    reports: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    # A data pipeline naming files one by one keeps the same exclusions as a walk of the folder.
    (reports / ".govlintignore").write_text("b-town.txt\n", encoding="utf-8")
    monkeypatch.chdir(reports)
    named = ["a-town.txt", "b-town.txt"]
    _, stdout, _ = run(["extract", "-f", "json", *named], capsys)
    assert [r["path"] for r in json.loads(stdout)["reports"]] == named
    code, stdout, _ = run(["extract", "-f", "json", "--force-exclude", *named], capsys)
    assert code == 0 and [r["path"] for r in json.loads(stdout)["reports"]] == ["a-town.txt"]
    # Every named file excluded: nothing to do, as `check --force-exclude` exits clean.
    assert run(["extract", "-f", "json", "--force-exclude", "b-town.txt"], capsys)[:2] == (0, "")
