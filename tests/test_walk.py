"""Checking directories: which files a walk takes, what it skips, and what it reports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govlint.cli import main
from govlint.runner import collect

REPORT = "某镇2023年度法治政府建设情况报告\n\n2023年，我镇推进法治政府建设。依法举行听证。\n"


def _tree(root: Path, files: list[str]) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(REPORT, encoding="utf-8")


def _rel(root: Path, files: list[str]) -> list[str]:
    return [Path(f).relative_to(root).as_posix() for f in files]


def test_walk_is_sorted_takes_report_suffixes_and_skips_hidden_dirs(tmp_path: Path) -> None:
    _tree(
        tmp_path, ["b/2.txt", "a/1.md", "a/z.TXT", "c.txt", ".git/x.txt", ".hidden/y.txt", "notes.csv", "a/b/deep.txt"]
    )
    files, problems = collect([str(tmp_path)])
    assert _rel(tmp_path, files) == ["a/1.md", "a/b/deep.txt", "a/z.TXT", "b/2.txt", "c.txt"]
    assert problems == []


def test_gitignore_and_govlintignore_are_honoured_with_negation(tmp_path: Path) -> None:
    _tree(tmp_path, ["drafts/a.txt", "keep.txt", "old-1.txt", "old-keep.txt", "sub/tmp.md", "sub/x.txt"])
    (tmp_path / ".gitignore").write_text("drafts/\nold-*.txt\n!old-keep.txt\n", encoding="utf-8")
    (tmp_path / "sub" / ".govlintignore").write_text("*.md\n", encoding="utf-8")
    files, _ = collect([str(tmp_path)])
    assert _rel(tmp_path, files) == ["keep.txt", "old-keep.txt", "sub/x.txt"]


def test_deeper_ignore_file_can_reinclude(tmp_path: Path) -> None:
    _tree(tmp_path, ["sub/a.txt", "sub/b.txt"])
    (tmp_path / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    (tmp_path / "sub" / ".govlintignore").write_text("!a.txt\n", encoding="utf-8")
    files, _ = collect([str(tmp_path)])
    assert _rel(tmp_path, files) == ["sub/a.txt"]


def test_exclude_globs_prune_files_and_directories(tmp_path: Path) -> None:
    _tree(tmp_path, ["archive/2019.txt", "2023/report.txt", "2023/report.bak.txt", "2023/archive/x.txt"])
    files, _ = collect([str(tmp_path)], exclude=["archive/", "*.bak.txt"])
    assert _rel(tmp_path, files) == ["2023/report.txt"]
    files, _ = collect([str(tmp_path)], exclude=["/archive"])
    assert _rel(tmp_path, files) == ["2023/archive/x.txt", "2023/report.bak.txt", "2023/report.txt"]


def test_explicitly_named_files_are_always_checked(tmp_path: Path) -> None:
    _tree(tmp_path, ["drafts/a.txt", "b.bak.txt"])
    (tmp_path / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    named = [str(tmp_path / "drafts" / "a.txt"), str(tmp_path / "b.bak.txt")]
    files, _ = collect(named, exclude=["*.bak.txt", "drafts/"])
    assert files == named


def test_broken_symlink_and_symlink_loop_are_reported_and_skipped(tmp_path: Path) -> None:
    _tree(tmp_path, ["good.txt", "sub/ok.txt"])
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a directory loop
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # ELOOP
    files, problems = collect([str(tmp_path)])
    assert _rel(tmp_path, files) == ["good.txt", "sub/ok.txt"]
    errors = {Path(p.path).name: p.error for p in problems}
    assert "不存在" in errors["broken.txt"]
    assert "循环" in errors["up"]
    assert "循环" in errors["self.txt"]


def test_walk_never_opens_a_fifo(tmp_path: Path) -> None:
    _tree(tmp_path, ["good.txt"])
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block the run forever
    files, problems = collect([str(tmp_path)])
    assert _rel(tmp_path, files) == ["good.txt"]
    assert "不是普通文件" in problems[0].error  # type: ignore[operator]


def test_unreadable_file_in_walk_is_reported_others_checked_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path, ["a.txt", "locked.txt", "z.txt"])
    locked = str(tmp_path / "locked.txt")
    real_open = os.open

    # chmod 000 does not stop root (the CI user here); make the read fail the way it does for others.
    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file) == locked:
            raise PermissionError(13, "Permission denied", file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("os.open", guarded)
    code = main(["check", str(tmp_path), "-f", "concise", "-j", "1"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"govlint: {locked}: 没有读取权限" in err
    # The other two files were checked: each has findings in the output.
    assert f"{tmp_path / 'a.txt'}:" in out and f"{tmp_path / 'z.txt'}:" in out


def test_walk_problems_make_the_run_exit_2_but_check_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path, ["a.txt"])
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    code = main(["check", str(tmp_path), "-f", "concise", "-j", "1"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "gone.txt" in err and "符号链接指向的文件不存在" in err
    assert f"{tmp_path / 'a.txt'}:" in out


def test_exclude_option_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _tree(tmp_path, ["a.txt", "old/b.txt", "c.md"])
    main(["check", str(tmp_path), "-f", "concise", "--exclude", "old/", "--exclude", "*.md"])
    out = capsys.readouterr().out
    assert "a.txt:" in out and "b.txt" not in out and "c.md" not in out


def test_directory_with_only_excluded_files_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path, ["a.txt"])
    assert main(["check", str(tmp_path), "--exclude", "*.txt"]) == 2
    assert "没有找到可检查的报告文件" in capsys.readouterr().err


def test_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    deep = tmp_path / "/".join("d" for _ in range(300))
    deep.mkdir(parents=True)
    (deep / "r.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # A low limit for the walk only (pytest's own clean-up of tmp_path recurses, so the tree stays
    # shallow enough for the normal limit).
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(150)
    try:
        files, problems = collect(["."])
    finally:
        sys.setrecursionlimit(limit)
    assert len(files) == 1 and files[0].endswith("/d/r.txt") and problems == []


def test_force_exclude_applies_exclusions_to_named_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As pre-commit calls it: from the repository root, every staged file named relative to it.
    _tree(tmp_path, ["README.md", "drafts/a.txt", "reports/b.bak.txt", "reports/c.txt", "sub/notes.md"])
    (tmp_path / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    (tmp_path / ".govlintignore").write_text("README.md\n", encoding="utf-8")
    (tmp_path / "sub" / ".govlintignore").write_text("*.md\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    named = ["README.md", "drafts/a.txt", "reports/b.bak.txt", "reports/c.txt", "sub/notes.md"]
    files, _ = collect(named, exclude=["*.bak.txt"], force_exclude=True)
    assert files == ["reports/c.txt"]
    # Named by an absolute path, or from a folder below, the same files are left out.
    assert collect([str(tmp_path / "README.md")], force_exclude=True)[0] == []
    monkeypatch.chdir(tmp_path / "reports")
    assert collect(["../README.md", "c.txt"], force_exclude=True)[0] == ["c.txt"]


def test_force_exclude_with_every_named_file_excluded_exits_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("# 说明\n\n本仓库存放年度报告。\n", encoding="utf-8")
    (tmp_path / ".govlintignore").write_text("README.md\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "README.md", "-f", "concise"]) == 1  # named: checked (GL100) without the option
    capsys.readouterr()
    assert main(["check", "--force-exclude", "README.md", "-f", "concise"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
