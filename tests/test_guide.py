"""The Chinese user guide (docs/使用说明.md) stays true: every rule explained, every command it gives runnable."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT
from govlint.cli import main
from govlint.rules import RuleSet

GUIDE_PATH = ROOT / "docs" / "使用说明.md"
GUIDE = GUIDE_PATH.read_text(encoding="utf-8")
# The commands a reader copies: `py -m govlint …` lines in the guide's code blocks.
COMMANDS = re.findall(r"^py -m govlint (.+)$", GUIDE, flags=re.MULTILINE)


def test_readme_links_the_guide_in_its_first_lines() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:6]
    assert any("docs/使用说明.md" in line for line in head), head


def test_guide_explains_every_rule(ruleset: RuleSet) -> None:
    rows = set(re.findall(r"^\| (GL\d{3}) \|", GUIDE, flags=re.MULTILINE))
    assert rows == {rule.code for rule in ruleset.rules}


def test_guide_images_exist() -> None:
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", GUIDE)
    assert images
    for image in images:
        assert (GUIDE_PATH.parent / image).is_file(), image


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_in_the_guide_names_a_real_command_and_options(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    words = shlex.split(command, posix=False)
    with pytest.raises(SystemExit) as exit_:
        main(words if words[0] == "--version" else [words[0], "--help"])
    assert exit_.value.code == 0
    help_text = capsys.readouterr().out
    assert help_text.startswith("govlint" if words[0] == "--version" else "用法")
    for option in (word.split("=")[0] for word in words[1:] if word.startswith("-")):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text), (option, command)


@pytest.mark.slow
def test_guide_screenshot_is_the_review_page_as_a_browser_shows_it(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picture in the guide is made here; GOVLINT_UPDATE_SCREENSHOTS=1 writes it into docs/."""
    out = tmp_path / "审阅.html"
    monkeypatch.chdir(FIXTURES)  # the page names the file as the user typed it
    assert main(["check", "example-town-2023.txt", "-f", "html", "-o", str(out)]) == 1
    tab = browser.new_page()
    tab.goto(out.as_uri())
    tab.wait_for_load_state("load")
    assert "发布前须先改正" in tab.locator("body").inner_text()
    shot = tmp_path / "review-page.png"
    tab.screenshot(path=str(shot), full_page=False)
    tab.close()
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    if os.environ.get("GOVLINT_UPDATE_SCREENSHOTS") == "1":
        (GUIDE_PATH.parent / "images").mkdir(exist_ok=True)
        (GUIDE_PATH.parent / "images" / "review-page.png").write_bytes(shot.read_bytes())
