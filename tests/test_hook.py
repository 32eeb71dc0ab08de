"""The pre-commit hook as a report repository uses it: a bad report cannot be committed, a good one can.

The slow test copies this checkout (uncommitted changes included) into a throw-away repository,
points a user repository's `.pre-commit-config.yaml` at it, and lets pre-commit build the hook's
environment with pip from the package index, exactly as a user's machine would.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from hookrepo import git, hook_env, reports_repo

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "tests" / "data" / "golden"
DEFECTIVE = INPUTS / "青山镇2023年度报告.txt"
CLEAN = INPUTS / "白水镇2023.txt"


def test_manifest_selects_reports_by_name() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["govlint"]
    assert hook["id"] == "govlint" and hook["language"] == "python" and hook["entry"] == "govlint check --force-exclude"
    # pre-commit has no file type for .docx: a `types` filter would skip Word files silently.
    assert "types" not in hook and "types_or" not in hook
    files = re.compile(hook["files"])
    for name in ("报告.txt", "docs/report.md", "2023/报告.docx", "page.html", "page.htm"):
        assert files.search(name), name
    for name in ("setup.py", "报告.pdf", "report.txt.bak", "notes.docx.orig"):
        assert not files.search(name), name
    assert hook["args"] == ["--format", "concise"]


@pytest.mark.slow
def test_hook_blocks_a_defective_report_and_passes_a_clean_one(tmp_path: Path) -> None:
    env = hook_env(tmp_path / "cache")
    user = reports_repo(tmp_path, env, "govlint")
    (user / "README.md.txt.orig").write_text("不是报告，不应被检查", encoding="utf-8")
    git(user, "add", ".pre-commit-config.yaml", "README.md.txt.orig", env=env)
    git(user, "commit", "-q", "-m", "配置", env=env)

    # A defective report: the commit is refused and the findings are in the output.
    shutil.copy(DEFECTIVE, user / "青山镇2023年度报告.txt")
    git(user, "add", "青山镇2023年度报告.txt", env=env)
    blocked = git(user, "commit", "-m", "青山镇报告", env=env, check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "青山镇2023年度报告.txt:10:13: GL201 " in output, output
    assert "青山镇2023年度报告.txt:1:1: GL102 " in output, output
    assert git(user, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "1"

    # A clean report: the commit goes through.
    git(user, "rm", "-q", "--cached", "青山镇2023年度报告.txt", env=env)
    shutil.copy(CLEAN, user / "白水镇2023.txt")
    git(user, "add", "白水镇2023.txt", env=env)
    passed = git(user, "commit", "-m", "白水镇报告", env=env, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr
    assert git(user, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "2"


@pytest.mark.slow
def test_hook_leaves_a_readme_listed_in_govlintignore_alone(tmp_path: Path) -> None:
    env = hook_env(tmp_path / "cache")
    user = reports_repo(tmp_path, env, "govlint")
    # pre-commit names README.md on the command line; without --force-exclude it would be GL100.
    (user / "README.md").write_text(
        "# 年度报告仓库\n\n本仓库存放本镇各年度的法治政府建设年度报告。\n", encoding="utf-8"
    )
    (user / ".govlintignore").write_text("README.md\n", encoding="utf-8")
    shutil.copy(CLEAN, user / "白水镇2023.txt")
    git(user, "add", ".pre-commit-config.yaml", ".govlintignore", "README.md", "白水镇2023.txt", env=env)
    committed = git(user, "commit", "-m", "说明与报告", env=env, check=False)
    output = committed.stdout + committed.stderr
    assert committed.returncode == 0, output
    assert "GL100" not in output and "Passed" in output, output
