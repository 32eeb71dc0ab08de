"""Helpers for the pre-commit tests: a clean git environment, and this checkout as a hook repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def hook_env(home: Path) -> dict[str, str]:
    """An environment with no inherited git or pre-commit settings and pre-commit's cache in ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "PYTHONPATH"}
    env.update(
        {
            "PRE_COMMIT_HOME": str(home),
            "GIT_AUTHOR_NAME": "起草人",
            "GIT_AUTHOR_EMAIL": "drafter@example.org",
            "GIT_COMMITTER_NAME": "起草人",
            "GIT_COMMITTER_EMAIL": "drafter@example.org",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
    )
    return env


def git(cwd: Path, *args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=600)


def snapshot(env: dict[str, str], into: Path) -> str:
    """Commit this checkout as it is now (tracked and untracked, not ignored) into a new repository.

    pre-commit installs a hook repository at a commit, so uncommitted work must be committed somewhere.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    git(into, "init", "-q", env=env)
    git(into, "add", "-A", env=env)
    git(into, "commit", "-q", "-m", "snapshot", env=env)
    return git(into, "rev-parse", "HEAD", env=env).stdout.strip()


def reports_repo(tmp_path: Path, env: dict[str, str], *hook_ids: str) -> Path:
    """A new git repository of reports whose pre-commit runs ``hook_ids`` in order from a snapshot of this checkout."""
    source = tmp_path / "govlint-src"
    source.mkdir()
    rev = snapshot(env, source)
    repo = tmp_path / "reports"
    repo.mkdir()
    git(repo, "init", "-q", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n"
        + "".join(f"      - id: {hook}\n" for hook in hook_ids),
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True, timeout=120
    )
    return repo
