"""Baselines: today's findings are hidden after unrelated edits; new defects and stale entries show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from govlint import baseline
from govlint.cli import main

# Synthetic town report with three accepted defects: the capacity area is missing (GL101, a
# whole-document error), and two ASCII commas (GL304) in two identical sentences.
REPORT = """某镇2023年度法治政府建设情况报告

2023年，我镇深入推进法治政府建设。镇党委书记切实履行推进法治建设第一责任人职责。

一、依法全面履行政府职能
全面梳理权责事项,动态调整清单。
二、完善依法行政制度体系
全年制定规范性文件2件。
三、健全依法科学民主决策机制
全年共举行听证会1次。聘请律师担任法律顾问，出具法律意见书6份。
四、强化行政权力监督和制约
全年未发生行政诉讼案件。全面梳理权责事项,动态调整清单。
五、依法有效化解社会矛盾纠纷
全年调解纠纷36件。
六、强化组织保障和落实机制
将法治建设纳入考核。
七、存在的不足和原因
基层法治力量薄弱，主要原因是编制有限。
八、2024年工作安排
2024年，我镇将继续推进依法行政。
"""

INSERTED = "我镇高度重视法治政府建设，成立工作专班。\n\n全镇上下形成合力，各项工作有序推进。\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(out: str) -> list[tuple[str, int]]:
    return [(f["code"], f["line"]) for file in json.loads(out)["files"] for f in file["findings"]]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "town.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_write_then_apply_hides_everything(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(["check", "-f", "json", "reports/town.txt"], capsys)
    assert code == 1
    before = (work / "reports" / "town.txt").read_bytes()
    code, out, err = run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    assert code == 0 and out == "" and "3 个问题" in err
    assert (work / "reports" / "town.txt").read_bytes() == before  # nothing is written into the report
    code, out, err = run(["check", "-f", "json", "--baseline", "baseline.yaml", "reports/town.txt"], capsys)
    assert (code, findings(out), err) == (0, [], "")


def test_baseline_file_format(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    data = yaml.safe_load((work / "baseline.yaml").read_text(encoding="utf-8"))
    assert data["version"] == 1
    rows = {(row["code"], row["count"]) for row in data["entries"]}
    # The two identical sentences share one fingerprint, recorded with a count.
    assert rows == {("GL101", 1), ("GL304", 2)}
    assert {row["path"] for row in data["entries"]} == {"reports/town.txt"}
    assert all(len(row["fingerprint"]) == 16 and "line" not in row for row in data["entries"])


def test_survives_inserted_paragraphs_and_reports_new_defect(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = work / "reports" / "town.txt"
    run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    # Unrelated edits: paragraphs inserted above every finding, and a sentence rewritten elsewhere.
    edit(report, "2023年，我镇", INSERTED + "2023年，我镇")
    edit(report, "全年调解纠纷36件。", "全年调解各类纠纷38件，调解成功率98%。")
    code, out, err = run(["check", "-f", "json", "--baseline", "baseline.yaml", "reports/town.txt"], capsys)
    assert (code, findings(out), err) == (0, [], "")
    # A new defect is still reported, at its (shifted) line.
    edit(report, "将法治建设纳入考核。", "将法治建设纳入XX考核。")
    code, out, _ = run(["check", "-f", "json", "--baseline", "baseline.yaml", "reports/town.txt"], capsys)
    line = next(n for n, text in enumerate(report.read_text(encoding="utf-8").splitlines(), 1) if "XX" in text)
    assert (code, findings(out)) == (1, [("GL301", line)])


def test_a_third_copy_of_a_recorded_defect_is_new(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = work / "reports" / "town.txt"
    run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    edit(report, "将法治建设纳入考核。", "将法治建设纳入考核。全面梳理权责事项,动态调整清单。")
    _, out, _ = run(["check", "-f", "json", "--baseline", "baseline.yaml", "reports/town.txt"], capsys)
    assert [code for code, _ in findings(out)] == ["GL304"]


def test_stale_entries_warn_on_stderr_without_failing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = work / "reports" / "town.txt"
    run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    # Fix one comma: the GL304 entry now matches once instead of twice.
    edit(report, "全面梳理权责事项,动态", "全面梳理权责事项，动态")
    code, out, err = run(
        ["check", "-f", "json", "--fail-on", "warning", "--baseline", "baseline.yaml", "reports/town.txt"], capsys
    )
    assert code == 0 and findings(out) == []
    assert err.count("\n") == 1 and "baseline.yaml" in err and "基线记录已过时" in err and "GL304" in err
    assert "少了 1 处" in err


def test_editing_the_sentence_makes_the_finding_new(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = work / "reports" / "town.txt"
    run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    edit(report, "案件。全面梳理权责事项,动态调整清单。", "案件。全面清理权责事项,动态调整清单。")
    code, out, err = run(["check", "-f", "json", "--baseline", "baseline.yaml", "reports/town.txt"], capsys)
    assert code == 0 and [c for c, _ in findings(out)] == ["GL304"] and "基线记录已过时" in err


def test_fail_on_counts_only_new_findings(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["check", "--select", "GL101", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    code, out, _ = run(["check", "-f", "json", "--baseline", "baseline.yaml", "reports/town.txt"], capsys)
    assert [c for c, _ in findings(out)] == ["GL304", "GL304"]
    assert code == 0  # GL101 (the only error) is in the baseline; the commas are warnings
    code, _, _ = run(["check", "--fail-on", "warning", "--baseline", "baseline.yaml", "reports/town.txt"], capsys)
    assert code == 1


def test_reasons_are_kept_when_rewriting(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    path = work / "baseline.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for row in data["entries"]:
        if row["code"] == "GL101":
            row["reason"] = "本镇普法工作并入组织保障部分"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run(["check", "--baseline", "baseline.yaml", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    assert [row.get("reason") for row in rows if row["code"] == "GL101"] == ["本镇普法工作并入组织保障部分"]
    # Rewriting in place without --baseline keeps them too.
    run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    assert [row.get("reason") for row in rows if row["code"] == "GL101"] == ["本镇普法工作并入组织保障部分"]


def test_write_baseline_refuses_to_overwrite_a_foreign_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "notes.yaml").write_text("todo: [a, b]\n", encoding="utf-8")
    code, _, err = run(["check", "--write-baseline", "notes.yaml", "reports/town.txt"], capsys)
    assert code == 2 and "notes.yaml" in err
    assert (work / "notes.yaml").read_text(encoding="utf-8") == "todo: [a, b]\n"


def test_paths_are_relative_to_the_baseline(
    work: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["check", "--write-baseline", "baseline.yaml", "reports/town.txt"], capsys)
    monkeypatch.chdir(work / "reports")
    code, out, err = run(["check", "-f", "json", "--baseline", "../baseline.yaml", "town.txt"], capsys)
    assert (code, findings(out), err) == (0, [], "")


def test_unchecked_files_entries_are_not_stale(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "reports" / "other.txt").write_text(REPORT, encoding="utf-8")
    run(["check", "--write-baseline", "baseline.yaml", "reports"], capsys)
    code, _, err = run(["check", "--baseline", "baseline.yaml", "reports/town.txt"], capsys)
    assert (code, err) == (0, "")


def test_write_is_atomic_and_errors_are_one_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "--write-baseline", "no/such/dir/b.yaml", "reports/town.txt"], capsys)
    assert code == 2 and "无法写入基线文件" in err and err.count("\n") == 1
    assert not (work / "no").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\nentries:\n- code: GL304\n", "基线第 1 条记录不完整"),
        ("version: 7\nentries: []\n", "不支持的基线版本"),
        ("entries: [\n", "不是有效的 YAML"),
        ("- a\n", "基线文件格式不对"),
    ],
)
def test_bad_baseline_file(work: Path, capsys: pytest.CaptureFixture[str], text: str, message: str) -> None:
    (work / "b.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(["check", "--baseline", "b.yaml", "reports/town.txt"], capsys)
    assert code == 2 and out == "" and "b.yaml" in err and message in err


def test_missing_baseline_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "--baseline", "none.yaml", "reports/town.txt"], capsys)
    assert code == 2 and "none.yaml: 基线文件不存在" in err


def test_fingerprint_ignores_whitespace_and_position() -> None:
    from govlint.diagnostics import Finding, Severity

    def finding(text: str) -> tuple[Finding, str]:
        start = text.index(",")
        return Finding("GL304", "halfwidth-punctuation", Severity.WARNING, "m", start, start + 1, matched=","), text

    a = baseline.fingerprint(*finding("开头。\n全面梳理权责事项,动态调整清单。"))
    b = baseline.fingerprint(*finding("新的一段。\n\n另一段。\n开头。\n全面梳理 权责事项,动态调整清单。"))
    c = baseline.fingerprint(*finding("开头。\n全面梳理权责事项,按季调整清单。"))
    assert a == b != c
