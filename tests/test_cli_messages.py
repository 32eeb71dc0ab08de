"""What a newcomer meets first: every message of the command line is Chinese, and a subcommand's
options and paths may come in any order."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from unicodedata import east_asian_width

import pytest

from conftest import REPORTS
from govlint.cli import main

TOWN = REPORTS / "qingshi-2023.txt"
# argparse's English, which must never reach a user.
ENGLISH = re.compile(
    r"usage:|options:|positional arguments|show this help|version number|invalid choice|choose from|"
    r"unrecognized arguments|are required|expected one argument|No such file|passed|failed|error:"
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as done:  # --help and --version exit through argparse
        code = int(done.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["chek", "r.txt"], "没有命令“chek”（可用：check、config、init、rules、rule、extract；是不是 check？）"),
        (["check", "--bogus", "r.txt"], "无法识别的参数：--bogus"),
        (
            ["check", "--fail-on", "eror", "r.txt"],
            "--fail-on：无效的取值“eror”（可选：error、warning、info、never；是不是 error？）",
        ),
        (["check", "r.txt", "--format"], "-f/--format/--output-format：缺少取值（需要一个值）"),
        (["rule"], "缺少必需的参数：规则代码"),
        (["rules", "tset"], "无效的取值“tset”（可选：list、test；是不是 test？）"),
        (["check", "--jobs", "x", "r.txt"], "进程数应为正整数：x"),
    ],
    ids=["command", "unrecognized", "choice", "expected-one", "required", "rules-action", "type"],
)
def test_usage_errors_are_one_chinese_line(args: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert expected in line and line.startswith("govlint: ") and "--help 查看用法" in line
    assert not ENGLISH.search(line), line


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["config", "--help"], ["rules", "-h"]])
def test_help_is_chinese(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(args, capsys)
    assert code == 0 and out.startswith("用法：govlint")
    assert "选项" in out and "显示本帮助并退出" in out
    assert not ENGLISH.search(out), out


def test_help_keeps_its_columns_with_chinese_placeholders(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", "--help"], capsys)
    # Each option's help starts in the same terminal column although 配置文件 is two columns a character.
    lines = [line for line in out.splitlines() if line.startswith(("  --config ", "  --exit-zero "))]

    def help_column(line: str) -> int:
        head = re.match(r"  \S.*?\S {2,}(?=\S)", line)
        assert head, line
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in head.group())

    assert len(lines) == 2 and help_column(lines[0]) == help_column(lines[1])


def test_version_help_and_argparse_left_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["--help"], capsys)
    assert "--version             显示版本号并退出" in out
    # Other programs in the same process still get argparse's own texts.
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_config_show_takes_options_after_the_subcommand_and_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["config", "show", "--profile", "county", str(TOWN)], capsys)
    assert (code, err) == (0, "")
    assert "county" in out and "主要举措和成效" in out
    code, again, _ = run(["config", "show", str(TOWN), "--profile", "county"], capsys)
    assert (code, again) == (0, out)


def test_check_takes_options_between_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    second = tmp_path / "second.txt"
    second.write_bytes(TOWN.read_bytes())
    code, out, err = run(["check", "-f", "concise", str(TOWN), "--select", "GL303", str(second)], capsys)
    assert code == 1 and err == ""
    assert {line.split(":")[0] for line in out.splitlines()} == {str(TOWN), str(second)}
    assert {line.split(" ")[1] for line in out.splitlines()} == {"GL303"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "-o", "{tmp}/missing/out.json", "-f", "json", str(TOWN)], "无法写入输出文件：文件或目录不存在"),
        (["check", "--write-baseline", "{tmp}/missing/b.yaml", str(TOWN)], "无法写入基线文件：文件或目录不存在"),
        (["check", "{tmp}/nothing.txt"], "文件不存在"),
    ],
    ids=["output-file", "baseline", "report"],
)
def test_missing_files_and_folders_are_named_in_chinese(
    args: list[str], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run([arg.replace("{tmp}", str(tmp_path)) for arg in args], capsys)
    assert code == 2 and needle in err and not ENGLISH.search(err), err


def test_rules_test_summary_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "test"], capsys)
    assert code == 0 and re.fullmatch(r"通过 \d+ 条规则，失败 0 条", out.strip().splitlines()[-1])
