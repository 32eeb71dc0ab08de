"""The ``govlint-fix`` pre-commit hook as a report repository uses it: a commit with a fixable
defect is stopped, the report is repaired on disk, and once the repair is added the commit passes.

The slow test commits a copy of this checkout (uncommitted changes included) to a throw-away
repository and lets pre-commit build the hook's environment with pip, as on a user's machine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hookrepo import git, hook_env, reports_repo

ROOT = Path(__file__).resolve().parents[1]

# A short synthetic report with two fixable defects (a document number without brackets, ASCII
# commas) and nothing else the fixer could touch.
REPORT = (
    "某镇人民政府关于2023年度法治政府建设情况的报告\n\n"
    "2023年,我镇认真贯彻落实某县委发20234号文件,扎实推进法治政府建设。\n"
)
FIXED = (
    "某镇人民政府关于2023年度法治政府建设情况的报告\n\n"
    "2023年，我镇认真贯彻落实某县委发〔2023〕4号文件，扎实推进法治政府建设。\n"
)


def _hooks() -> dict[str, dict]:  # type: ignore[type-arg]
    return {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_fix_hook_applies_safe_fixes_to_rewritable_reports_only() -> None:
    hook = _hooks()["govlint-fix"]
    assert hook["language"] == "python" and hook["entry"].startswith("govlint check --fix")
    assert "--unsafe-fixes" not in hook["entry"] + " ".join(hook.get("args", []))
    assert "--force-exclude" in hook["entry"].split()
    assert "types" not in hook and "types_or" not in hook
    files = re.compile(hook["files"])
    for name in ("报告.txt", "docs/report.md", "page.html", "page.htm"):
        assert files.search(name), name
    for name in ("报告.docx", "报告.pdf", "report.txt.bak", "setup.py"):
        assert not files.search(name), name


@pytest.mark.slow
def test_fix_hook_stops_the_commit_repairs_the_report_and_then_passes(tmp_path: Path) -> None:
    env = hook_env(tmp_path / "pre-commit-home")
    repo = reports_repo(tmp_path, env, "govlint-fix")
    report = repo / "某镇2023年度报告.txt"
    # CRLF and GB18030, as reports from government offices often are: both must survive the fix.
    report.write_bytes(REPORT.replace("\n", "\r\n").encode("gb18030"))
    git(repo, "add", ".", env=env)

    stopped = git(repo, "commit", "-m", "报告", check=False, env=env)
    output = stopped.stdout + stopped.stderr
    assert stopped.returncode != 0, output
    assert "files were modified by this hook" in output, output
    # Only what it changed: the findings that remain (GL102 …) are the check hook's to print, once.
    assert "某镇2023年度报告.txt: 已自动修复 3 处" in output and not re.search(r"GL\d{3}", output), output
    assert report.read_bytes() == FIXED.replace("\n", "\r\n").encode("gb18030")
    assert git(repo, "rev-list", "--all", "--count", env=env).stdout.strip() == "0"

    git(repo, "add", ".", env=env)
    passed = git(repo, "commit", "-m", "报告", check=False, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "1"
    assert report.read_bytes() == FIXED.replace("\n", "\r\n").encode("gb18030")


@pytest.mark.slow
def test_fix_and_check_hooks_in_one_commit_print_each_finding_once(tmp_path: Path) -> None:
    env = hook_env(tmp_path / "pre-commit-home")
    repo = reports_repo(tmp_path, env, "govlint-fix", "govlint")
    report = repo / "某镇2023年度报告.txt"
    report.write_text(REPORT, encoding="utf-8")
    git(repo, "add", ".", env=env)
    stopped = git(repo, "commit", "-m", "报告", check=False, env=env)
    output = stopped.stdout + stopped.stderr
    assert stopped.returncode != 0, output
    # The fix hook says what it changed; the check hook then reports what remains, each finding once.
    assert "某镇2023年度报告.txt: 已自动修复 3 处" in output, output
    remaining = re.findall(r"某镇2023年度报告\.txt:\d+:\d+: GL\d{3} .*", output)
    assert remaining and len(remaining) == len(set(remaining)), output
    codes = {line.split(": ")[1].split(" ")[0] for line in remaining}
    assert "GL102" in codes and not {"GL303", "GL304"} & codes, output
