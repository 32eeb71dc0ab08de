"""Checking with a process pool: same output whatever -j is, errors carried over from workers,
the per-file summary table, --statistics and the progress bar."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.cli import main
from govlint.config import Settings
from govlint.diagnostics import FileResult
from govlint.engine import Linter
from govlint.errors import RuleError
from govlint.runner import MIN_FILES_FOR_POOL, check_files, progress
from test_robustness import SLOW_RULE

BODY = """{place}{year}年度法治政府建设情况报告

{year}年，我镇深入推进法治政府建设。镇党委书记切实履行推进法治建设第一责任人职责。

一、依法全面履行政府职能
（一）权责清单。全面梳理权责事项{n}项{comma}群众满意率{pct}%。
二、完善依法行政制度体系
（一）规范性文件。全年制定规范性文件{n}件。
三、健全依法科学民主决策机制
（一）听证。{hearing}聘请律师担任法律顾问，出具法律意见书6份。
四、强化行政权力监督和制约
（一）行政诉讼。全年未发生行政诉讼案件。
五、依法有效化解社会矛盾纠纷
（一）调解。全年调解纠纷36件。
六、提高政府工作人员依法办事能力
（一）学法。组织集中学法4次。
七、强化组织保障和落实机制
（一）考核。将法治建设纳入考核。
{tail}
"""
TAIL = (
    "八、存在的不足和原因\n基层法治力量薄弱，主要原因是编制有限。\n"
    "九、{next}年工作安排\n{next}年，我镇将继续推进依法行政。"
)


def _report(i: int) -> str:
    """Reports that differ in their defects, so misordered results would show."""
    year = 2020 + i % 4
    return BODY.format(
        place=f"第{i}镇",
        year=year,
        n=i + 1,
        comma="," if i % 3 == 0 else "，",
        pct=100 + i if i % 5 == 0 else 90,
        hearing="依法举行听证。" if i % 2 else "全年共举行听证会1次。",
        tail="" if i % 7 == 0 else TAIL.format(next=year + 1),
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    for i in range(MIN_FILES_FOR_POOL + 9):
        sub = root / f"town-{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"r{i:02d}.txt").write_text(_report(i), encoding="utf-8")
    (root / "broken.txt").write_bytes(b"")  # an input error in the middle of the run
    return root


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("fmt", ["concise", "json"])
def test_output_is_identical_whatever_the_number_of_jobs(
    corpus: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    one = _run(["check", str(corpus), "-f", fmt, "-j", "1"], capsys)
    two = _run(["check", str(corpus), "-f", fmt, "-j", "2"], capsys)
    three = _run(["check", str(corpus), "-f", fmt, "-j", "3"], capsys)
    assert one == two == three
    assert one[0] == 2  # the empty file
    if fmt == "json":
        paths = [f["path"] for f in json.loads(one[1])["files"]]
        assert paths == sorted(paths)  # walk order: sorted, stable
        assert len(paths) == MIN_FILES_FOR_POOL + 10


def test_check_files_keeps_input_order_with_a_pool(corpus: Path) -> None:
    linter = Linter.from_settings(Settings())
    paths = sorted(str(p) for p in corpus.rglob("r*.txt"))[::-1]  # any order: results follow it
    advanced: list[int] = []
    results = check_files(linter, paths, jobs=2, advance=advanced.append)
    assert [r.path for r in results] == paths
    assert sum(advanced) == len(paths)
    serial = check_files(linter, paths, jobs=1)

    def found(results: list[FileResult]) -> list[list[tuple[str, int]]]:
        return [[(f.code, f.line) for f in r.findings] for r in results]

    assert found(results) == found(serial)


def test_rule_error_in_a_worker_keeps_its_file_and_line(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "XY001.yaml").write_text(SLOW_RULE, encoding="utf-8")
    for path in sorted(corpus.rglob("r*.txt")):
        path.write_text(path.read_text(encoding="utf-8") + "\n" + "a" * 3000 + "b\n", encoding="utf-8")
    monkeypatch.setattr("govlint.checks.base.PATTERN_TIMEOUT", 0.05)  # inherited by forked workers
    linter = Linter.from_settings(Settings(rules=[rules], select=["XY001"]))
    with pytest.raises(RuleError) as caught:
        check_files(linter, sorted(str(p) for p in corpus.rglob("r*.txt")), jobs=2)
    assert "XY001" in caught.value.message and "超时" in caught.value.message
    assert caught.value.path == str(rules / "XY001.yaml") and caught.value.line == 7


def test_summary_table_after_full_output_of_many_files(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus)  # short paths: the table fits the width
    _, out, _ = _run(["check", "town-0", "-f", "full", "-j", "1"], capsys)
    table = out[out.index("各文件汇总") :]
    assert "文件" in table and "错误" in table and "警告" in table and "缺项" in table
    # r00 has no shortcomings and no plan parts: two missing parts; r04 has both.
    row = next(line for line in table.splitlines() if "r00.txt" in line)
    assert row.split()[-1] == "2"
    row = next(line for line in table.splitlines() if "r04.txt" in line)
    assert row.split()[-1] == "0"


def test_no_summary_table_for_one_file(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["check", str(corpus / "town-0" / "r00.txt"), "-f", "full"], capsys)
    assert "各文件汇总" not in out


def test_statistics_counts_per_code(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, concise, _ = _run(["check", str(corpus), "-f", "concise", "-j", "1"], capsys)
    counts: dict[str, int] = {}
    for line in concise.splitlines():
        if "无法检查" not in line:
            code = line.split(": ", 1)[1].split()[0]
            counts[code] = counts.get(code, 0) + 1
    _, stats, _ = _run(["check", str(corpus), "--statistics", "-j", "2"], capsys)
    rows = [line.split("\t") for line in stats.splitlines() if "\t" in line]
    assert {code: int(count) for count, code, _ in rows} == counts
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    assert any(r[1] == "GL304" and r[2].startswith("[*]") for r in rows)
    assert "1 个文件无法检查" in stats
    _, as_json, _ = _run(["check", str(corpus), "--statistics", "-f", "json"], capsys)
    assert {row["code"]: row["count"] for row in json.loads(as_json)} == counts


def test_progress_bar_only_on_a_terminal_and_past_a_handful() -> None:
    with progress(5, True) as advance:
        assert advance is None
    with progress(500, False) as advance:
        assert advance is None
    with progress(500, True) as advance:
        assert advance is not None
        advance(500)


def test_progress_bar_is_drawn_on_a_terminal(corpus: Path, tmp_path: Path) -> None:
    """Through a real pseudo-terminal on stderr, with the report on stdout (a pipe)."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-m", "govlint", "check", str(corpus), "-j", "2", "-f", "concise"],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
        timeout=120,
    )
    os.close(follower)
    drawn = b""
    try:
        while chunk := os.read(leader, 65536):
            drawn += chunk
    except OSError:
        pass
    os.close(leader)
    assert done.returncode == 2
    assert "检查中".encode() in drawn and f"/{MIN_FILES_FOR_POOL + 10}".encode() in drawn
    assert b"\x1b[" not in done.stdout  # the findings themselves stay plain


def test_no_progress_bar_drawn_into_output_streamed_to_the_terminal(corpus: Path) -> None:
    """Full output (the default on a terminal) is written file by file as the run goes: a bar on
    the same terminal would be drawn between its lines."""
    import pty

    leader, follower = pty.openpty()
    running = subprocess.Popen(
        [sys.executable, "-m", "govlint", "check", str(corpus), "-j", "2"],
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "80"},
    )
    os.close(follower)
    drawn = b""
    try:  # read as it runs: a full terminal buffer would block the writer
        while chunk := os.read(leader, 65536):
            drawn += chunk
    except OSError:
        pass
    os.close(leader)
    assert running.wait(timeout=120) == 2
    assert "检查了".encode() in drawn and "各文件汇总".encode() in drawn  # the full format
    assert "检查中".encode() not in drawn


def test_bad_jobs_value_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-j", "0", "x.txt"]) == 2
    assert "进程数应为正整数" in capsys.readouterr().err


def test_a_worker_that_dies_costs_only_the_file_it_was_checking(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govlint import runner

    paths = sorted(str(p) for p in corpus.rglob("r*.txt"))
    victim = paths[5]
    real = runner._check_one

    def crash_on_victim(linter: Linter, path: str, input_format: str | None) -> FileResult:
        if path == victim:
            os._exit(9)  # the way an out-of-memory kill looks
        return real(linter, path, input_format)

    # Set before the pool forks, so the workers run it.
    monkeypatch.setattr("govlint.runner._check_one", crash_on_victim)
    linter = Linter.from_settings(Settings())
    results = check_files(linter, paths, jobs=2)
    assert [r.path for r in results] == paths
    assert results[5].error == runner.WORKER_DIED
    monkeypatch.setattr("govlint.runner._check_one", real)
    serial = check_files(linter, paths, jobs=1)
    for index, (got, expected) in enumerate(zip(results, serial, strict=True)):
        if index != 5:
            assert got.error is None
            assert [(f.code, f.line, f.message) for f in got.findings] == [
                (f.code, f.line, f.message) for f in expected.findings
            ]


def test_a_dead_worker_is_one_line_on_stderr_and_exit_2(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from govlint import runner

    real = runner._check_one
    monkeypatch.setattr(
        "govlint.runner._check_one",
        lambda linter, path, fmt: os._exit(9) if path.endswith("r03.txt") else real(linter, path, fmt),
    )
    code, out, err = _run(["check", str(corpus), "-f", "concise", "-j", "2"], capsys)
    assert code == 2
    assert [line for line in err.splitlines() if "r03.txt" in line] == [
        f"govlint: {corpus / 'town-3' / 'r03.txt'}: {runner.WORKER_DIED}"
    ]
    assert "r07.txt" in out  # the others were checked
