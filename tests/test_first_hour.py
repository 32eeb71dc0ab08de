"""The rough edges a newcomer meets in the first hour, each pinned: grouping that can be undone,
what a fix would do, a coloured --diff, GitLab paths under CI_PROJECT_DIR, and a fix hook that
does not repeat the check hook's findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPORTS, ROOT

TOWN = REPORTS / "qingshi-2023.txt"
ESC = "\x1b["


def govlint(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI_PROJECT_DIR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "govlint", "check", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


# ---- the grouping hint leads somewhere ------------------------------------------------------


def test_many_findings_of_one_code_are_collapsed_with_a_hint_that_works() -> None:
    out = govlint("-f", "full", "--color", "never", str(TOWN)).stdout
    assert out.count("GL304 [*]") == 3
    assert "另有 131 处 GL304（halfwidth-punctuation）同类问题；用 --select GL304 或 --show-all 查看全部" in out


@pytest.mark.parametrize("args", [["--select", "GL304"], ["--show-all"], ["--select", "GL3"]])
def test_selecting_a_code_or_show_all_collapses_nothing(args: list[str]) -> None:
    out = govlint("-f", "full", "--color", "never", *args, str(TOWN)).stdout
    assert out.count("GL304 [*]") == 134 and "另有" not in out


# ---- the full format says what a fix does ---------------------------------------------------


def test_full_format_shows_each_fix_under_its_finding() -> None:
    out = govlint("-f", "full", "--color", "never", "--select", "GL303", str(TOWN)).stdout
    assert "= 修复：“开州委发20231号” → “开州委发〔2023〕1号”（改为“代字〔年份〕序号号”）" in out
    assert "= 修复：“开州府办发〔202344号” → “开州府办发〔2023〕44号”" in out
    lines = out.splitlines()
    # Right under the finding's source excerpt.
    at = next(i for i, line in enumerate(lines) if "GL303 [*]" in line)
    assert lines[at + 3].strip().startswith("= 修复：")


def test_unsafe_fix_says_it_needs_a_human(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("某镇2023年度法治政府建设情况报告\n\n镇长张?明主持召开会议。\n", encoding="utf-8")
    out = govlint("-f", "full", "--color", "never", "--select", "GL304", str(report)).stdout
    assert "= 修复：“?” → “？”" in out and "需人工确认：--fix --unsafe-fixes" in out
    assert "GL304 [*]" not in out  # [*] marks safe fixes only


def test_no_fix_title_where_there_is_no_fix() -> None:
    out = govlint("-f", "full", "--color", "never", "--select", "GL302", str(TOWN)).stdout
    assert "GL302" in out and "修复：" not in out


# ---- --diff in colour on a terminal ---------------------------------------------------------


def test_diff_is_coloured_like_git_when_colour_is_on(tmp_path: Path) -> None:
    copy = tmp_path / "r.txt"
    copy.write_bytes(TOWN.read_bytes())
    done = govlint("--diff", "--select", "GL303", str(copy), env={"FORCE_COLOR": "1"})
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == f"\x1b[1m--- {copy}\x1b[m" and lines[1] == f"\x1b[1m+++ {copy}\x1b[m"
    assert any(line.startswith("\x1b[36m@@ ") for line in lines)
    assert any(line.startswith("\x1b[31m-") and "开州委发20231号" in line for line in lines)
    assert any(line.startswith("\x1b[32m+") and "开州委发〔2023〕1号" in line for line in lines)
    assert copy.read_bytes() == TOWN.read_bytes()


def test_diff_on_a_terminal_is_coloured(tmp_path: Path) -> None:
    from test_formats import run_cli

    copy = tmp_path / "r.txt"
    copy.write_bytes(TOWN.read_bytes())
    out = run_cli(["--diff", "--select", "GL303", str(copy)], {}, terminal=True)
    assert f"\x1b[1m--- {copy}\x1b[m" in out and "\x1b[31m-" in out and "\x1b[32m+" in out
    assert ESC not in run_cli(["--diff", "--select", "GL303", str(copy)], {"NO_COLOR": "1"}, terminal=True)


def test_diff_in_a_pipe_or_a_file_has_no_colour(tmp_path: Path) -> None:
    plain = govlint("--diff", str(TOWN)).stdout
    assert plain.startswith("--- ") and ESC not in plain
    target = tmp_path / "fix.diff"
    govlint("--diff", "--color", "always", "-o", str(target), str(TOWN))
    assert ESC not in target.read_text(encoding="utf-8")
    assert ESC not in govlint("--diff", "--color", "never", str(TOWN), env={"FORCE_COLOR": "1"}).stdout


# ---- GitLab paths -----------------------------------------------------------------------------


def test_gitlab_paths_are_relative_to_ci_project_dir(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    (project / "reports" / "镇.txt").write_bytes(TOWN.read_bytes())
    # The job runs govlint from elsewhere (a subfolder, an absolute path): the widget needs project paths.
    done = govlint(
        "-f", "gitlab", str(project / "reports" / "镇.txt"), cwd=tmp_path, env={"CI_PROJECT_DIR": str(project)}
    )
    paths = {issue["location"]["path"] for issue in json.loads(done.stdout)}
    assert paths == {"reports/镇.txt"}
    # Without CI_PROJECT_DIR: relative to the working directory, as before.
    done = govlint("-f", "gitlab", "project/reports/镇.txt", cwd=tmp_path)
    assert {issue["location"]["path"] for issue in json.loads(done.stdout)} == {"project/reports/镇.txt"}


# ---- the fix hook prints only what it changed -------------------------------------------------


def test_fix_only_prints_the_files_it_changed_and_no_finding(tmp_path: Path) -> None:
    copy = tmp_path / "镇.txt"
    copy.write_bytes(TOWN.read_bytes())
    done = govlint("--fix-only", str(copy))
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == f"{copy}: 已自动修复 137 处\n"
    again = govlint("--fix-only", str(copy))  # nothing left to fix: nothing to say
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    # The findings that remain are the check hook's to report, once.
    assert "GL102" in govlint(str(copy)).stdout


def test_fix_only_with_diff_is_a_usage_error() -> None:
    done = govlint("--fix-only", "--diff", str(TOWN))
    assert done.returncode == 2 and done.stderr.strip() == "govlint: --fix-only 不能与 --diff 同用"


def test_the_fix_hook_runs_fix_only() -> None:
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    entry = hooks["govlint-fix"]["entry"] + " " + " ".join(hooks["govlint-fix"].get("args", []))
    assert "--fix-only" in entry and "--format" not in entry
