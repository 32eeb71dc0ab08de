"""Debian's chromium, headless, through Playwright (nothing downloaded): the one way the browser
tests start a browser. ``GOVLINT_CHROMIUM`` overrides the path. When no browser can start the
tests are skipped with one line, except under ``CI=true``, where that is a failure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("GOVLINT_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 768}


def chromium_context(profile: Path) -> Iterator[Any]:
    """A persistent chromium context with a fresh profile directory, closed afterwards."""
    in_ci = os.environ.get("CI") == "true"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci:
            raise
        pytest.skip("没有安装 playwright，跳过浏览器测试")
    if not Path(CHROMIUM).exists():
        if in_ci:
            raise AssertionError(f"没有找到 chromium：{CHROMIUM}（apt-get install chromium）")
        pytest.skip(f"没有找到 chromium：{CHROMIUM}，跳过浏览器测试")
    with sync_playwright() as playwright:
        try:
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS, viewport=VIEWPORT
            )
        except Exception as exc:
            if in_ci:
                raise
            pytest.skip(f"chromium 无法启动，跳过浏览器测试：{str(exc).splitlines()[0]}")
        yield context
        context.close()
