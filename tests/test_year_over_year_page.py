"""The review page's year-over-year box in a real browser: last year's paragraphs beside this
year's, and a line link that leads to the report text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import FIXTURES
from govlint.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tab(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("year-over-year")
    out = folder / "review.html"
    last, this = FIXTURES / "pair-guiling-2022.txt", FIXTURES / "pair-guiling-2023.txt"
    assert main(["check", "-f", "html", "-o", str(out), "--previous", str(last), str(this)]) == 0
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(out.as_uri())
    page.wait_for_load_state("load")
    yield page
    page.close()


def test_copied_paragraphs_stand_beside_last_years(tab: Any) -> None:
    box = tab.locator("#previous")
    assert box.is_visible() and "本报告约 91%" in box.inner_text()
    rows = box.locator("tbody tr")
    assert rows.count() == 12
    cells = rows.first.locator("td")
    mine, theirs = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert mine["x"] + mine["width"] <= theirs["x"] + 1 and abs(mine["y"] - theirs["y"]) < 1
    assert "21项" in cells.nth(0).inner_text() and "17项" in cells.nth(1).inner_text()
    assert not tab.errors


def test_line_link_leads_to_the_report_text(tab: Any) -> None:
    tab.locator("#previous tbody tr").first.locator("a").click()
    assert tab.evaluate("location.hash") == "#L9"
    assert tab.evaluate("document.getElementById('L9').getBoundingClientRect().top < window.innerHeight")
