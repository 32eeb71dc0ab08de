"""Without a browser the browser tests say so in one line and are skipped; under CI they fail."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def run_browser_test(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "GOVLINT_CHROMIUM")}
    environment.update(env)
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"]
    command += ["tests/test_review_page.py", "-k", "payloads"]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


def test_no_browser_is_one_skip_line_naming_what_to_install() -> None:
    done = run_browser_test(GOVLINT_CHROMIUM="/nonexistent/chromium")
    assert done.returncode == 0, done.stdout
    skips = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skips) == 1
    assert "chromium not found at /nonexistent/chromium" in skips[0] and "apt-get install chromium" in skips[0]


def test_no_browser_under_ci_fails() -> None:
    done = run_browser_test(GOVLINT_CHROMIUM="/nonexistent/chromium", CI="true")
    assert done.returncode == 1
    assert "browser tests cannot run under CI: chromium not found" in done.stdout
    assert "Traceback" not in done.stdout


def test_a_browser_that_does_not_start_is_a_skip_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    done = run_browser_test(GOVLINT_CHROMIUM=str(fake))
    assert done.returncode == 0, done.stdout
    (skip,) = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert f"{fake} does not start" in skip
