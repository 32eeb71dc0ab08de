"""The exit policy, case by case, as the README's table states it.

0: nothing at or above --fail-on (default error), or --exit-zero / --fail-on never;
1: a finding at or above --fail-on; 2: usage error or a file that could not be checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, exit_status, main
from govlint.diagnostics import FileResult, Finding, Severity

INPUTS = Path(__file__).resolve().parent / "data" / "golden"
DEFECTIVE = str(INPUTS / "青山镇2023年度报告.txt")  # errors (GL201, GL303) and a warning (GL304)
CLEAN = str(INPUTS / "白水镇2023.txt")
EMPTY = str(INPUTS / "empty.txt")


def status(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    code = main(["check", "-f", "concise", *args])
    capsys.readouterr()
    return code


@pytest.mark.parametrize(
    ("select", "fail_on", "expected"),
    [
        # A report with an error (and a warning).
        ("GL201,GL304", None, EXIT_FINDINGS),
        ("GL201,GL304", "error", EXIT_FINDINGS),
        ("GL201,GL304", "warning", EXIT_FINDINGS),
        ("GL201,GL304", "info", EXIT_FINDINGS),
        ("GL201,GL304", "never", EXIT_CLEAN),
        # A report whose only finding is a warning.
        ("GL304", None, EXIT_CLEAN),
        ("GL304", "error", EXIT_CLEAN),
        ("GL304", "warning", EXIT_FINDINGS),
        ("GL304", "info", EXIT_FINDINGS),
        ("GL304", "never", EXIT_CLEAN),
    ],
)
def test_fail_on_threshold(capsys: pytest.CaptureFixture[str], select: str, fail_on: str | None, expected: int) -> None:
    args = ["--select", select] + (["--fail-on", fail_on] if fail_on else [])
    assert status(capsys, DEFECTIVE, *args) == expected


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_clean_report_exits_zero_at_any_threshold(capsys: pytest.CaptureFixture[str], fail_on: str) -> None:
    assert status(capsys, CLEAN, "--fail-on", fail_on) == EXIT_CLEAN


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("error", EXIT_CLEAN), ("warning", EXIT_CLEAN), ("info", EXIT_FINDINGS), ("never", EXIT_CLEAN)],
)
def test_info_finding_counts_only_at_fail_on_info(fail_on: str, expected: int) -> None:
    # No built-in rule defaults to info (a config can lower one): the policy is checked on its own.
    finding = Finding("GL304", "halfwidth-punctuation", Severity.INFO, "提示", 0, 1)
    assert exit_status([FileResult("r.txt", [finding])], fail_on, exit_zero=False) == expected


def test_exit_zero_with_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert status(capsys, DEFECTIVE, "--exit-zero") == EXIT_CLEAN
    assert status(capsys, DEFECTIVE, "--exit-zero", "--fail-on", "info") == EXIT_CLEAN


def test_exit_zero_still_prints_the_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-f", "concise", "--exit-zero", "--select", "GL201", DEFECTIVE]) == EXIT_CLEAN
    assert " GL201 " in capsys.readouterr().out


@pytest.mark.parametrize("policy", [[], ["--exit-zero"], ["--fail-on", "never"]])
def test_unreadable_file_is_two_whatever_the_policy(capsys: pytest.CaptureFixture[str], policy: list[str]) -> None:
    assert status(capsys, EMPTY, CLEAN, *policy) == EXIT_ERROR


def test_missing_file_is_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert status(capsys, str(tmp_path / "no-such-report.txt"), "--exit-zero") == EXIT_ERROR


@pytest.mark.parametrize(
    "args",
    [["--fail-on", "fatal"], ["-f", "sarif2"], ["--no-such-option"]],
    ids=["bad-fail-on", "bad-format", "unknown-option"],
)
def test_usage_errors_are_two_with_one_line(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(["check", CLEAN, *args]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("govlint: ") and captured.err.count("\n") == 1
