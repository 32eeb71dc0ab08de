"""The ``govlint-fix`` pre-commit hook as a report repository uses it: a commit with a fixable
defect is stopped, the report is repaired on disk, and once the repair is added the commit passes.

The slow test commits a copy of this checkout (uncommitted changes included) to a throw-away
repository and lets pre-commit build the hook's environment with pip, as on a user's machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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
    assert "types" not in hook and "types_or" not in hook
    files = re.compile(hook["files"])
    for name in ("报告.txt", "docs/report.md", "page.html", "page.htm"):
        assert files.search(name), name
    for name in ("报告.docx", "报告.pdf", "report.txt.bak", "setup.py"):
        assert not files.search(name), name


def _git(cwd: Path, env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=600)


def _commit_checkout(into: Path, env: dict[str, str]) -> str:
    """Copy the working tree (tracked and untracked files, not ignored ones) and commit it."""
    names = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
            timeout=60,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    _git(into, env, "init", "-q")
    _git(into, env, "add", "-A")
    _git(into, env, "commit", "-q", "-m", "govlint")
    return _git(into, env, "rev-parse", "HEAD").stdout.strip()


@pytest.mark.slow
def test_fix_hook_stops_the_commit_repairs_the_report_and_then_passes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "PYTHONPATH"}
    env.update(
        {
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "GIT_AUTHOR_NAME": "起草人",
            "GIT_AUTHOR_EMAIL": "drafter@example.org",
            "GIT_COMMITTER_NAME": "起草人",
            "GIT_COMMITTER_EMAIL": "drafter@example.org",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
    )
    checkout = tmp_path / "govlint"
    checkout.mkdir()
    rev = _commit_checkout(checkout, env)

    repo = tmp_path / "reports"
    repo.mkdir()
    _git(repo, env, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {checkout}\n    rev: {rev}\n    hooks:\n      - id: govlint-fix\n", encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True, timeout=120
    )
    report = repo / "某镇2023年度报告.txt"
    # CRLF and GB18030, as reports from government offices often are: both must survive the fix.
    report.write_bytes(REPORT.replace("\n", "\r\n").encode("gb18030"))
    _git(repo, env, "add", ".")

    stopped = _git(repo, env, "commit", "-m", "报告", check=False)
    output = stopped.stdout + stopped.stderr
    assert stopped.returncode != 0, output
    assert "files were modified by this hook" in output, output
    assert report.read_bytes() == FIXED.replace("\n", "\r\n").encode("gb18030")
    assert _git(repo, env, "rev-list", "--all", "--count").stdout.strip() == "0"

    _git(repo, env, "add", ".")
    passed = _git(repo, env, "commit", "-m", "报告", check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert _git(repo, env, "rev-list", "--count", "HEAD").stdout.strip() == "1"
    assert report.read_bytes() == FIXED.replace("\n", "\r\n").encode("gb18030")
