"""Starting the system chromium for the browser tests, or saying in one line why it cannot start.

Nothing is downloaded: Playwright drives Debian's chromium (``GOVLINT_CHROMIUM`` names another
binary). Where no browser can start, the tests are skipped with one line saying what to install;
under CI (``CI=true``, as ``.ci/run`` and CI services set it) the same line fails them instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, NoReturn

import pytest

# The switches the workplace's chromium needs headless (no sandbox as root, no background network).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 768}
INSTALL = "install chromium (apt-get install chromium) or set GOVLINT_CHROMIUM to a chromium binary"


def chromium_path() -> str:
    """GOVLINT_CHROMIUM, else chromium on PATH, else Debian's /usr/bin/chromium."""
    return os.environ.get("GOVLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip (or, under CI, fail) every browser test with one line."""
    if under_ci():
        pytest.fail(f"browser tests cannot run under CI: {reason}; {INSTALL}", pytrace=False)
    pytest.skip(f"no browser: {reason}; {INSTALL}")


def launch(playwright: Any, profile: Path, **options: Any) -> Any:
    """A persistent headless chromium context, or a one-line skip/failure when none can start."""
    executable = chromium_path()
    if not Path(executable).is_file():
        unavailable(f"chromium not found at {executable}")
    try:
        return playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, **options
        )
    except Exception as error:  # playwright's Error: the binary exists but does not run here
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        unavailable(f"{executable} does not start ({first[:160]})")


def playwright_or_skip() -> Any:
    """playwright's sync_playwright, or a one-line skip/failure when the package is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install '.[test]')")
    return sync_playwright
