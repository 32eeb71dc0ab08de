"""The portal dashboard: ``check -f html`` over a directory gets an index with the checklist, the
counts, late publication and the extracted figures of every report, sortable, each figure linking
to its line. The HTML is checked here; the browser tests (marked slow) click through it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govlint.cli import main
from test_extract import TOWN, write_reports

PORTAL_HEADER = "索引号：000/2024-1 发布机构：丁镇人民政府 成文日期：2024-04-20 发布日期：2024-05-10\n"


def _reports(folder: Path) -> Path:
    # The third report comes from a portal page published late, and states neither figure.
    third = TOWN.format(name="丁镇", hearing="依法举行听证。", litigation="依法做好行政应诉工作。")
    return write_reports(folder, PORTAL_HEADER + third)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    out = tmp_path / "out" / "index.html"
    assert main(["check", str(_reports(tmp_path / "reports")), "-f", "html", "-o", str(out)]) == 1
    return out


def _rows(index: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", index, re.S)[1:]


def test_index_shows_figures_checklist_and_late_publication(board: Path) -> None:
    index = board.read_text(encoding="utf-8")
    header = re.findall(r"<tr>(.*?)</tr>", index, re.S)[0]
    for name in ("听证次数", "行政诉讼案件数", "负责人出庭应诉次数", "法律意见书份数", "行政复议案件数", "发布日期"):
        assert name in header
    a, b, c = _rows(index)
    # Each figure links to its line in that report's page.
    assert '<a class="fig" href="a-town.html#L10"' in a and ">2次</a>" in a
    assert ">0次</a>" in b and ">0件</a>" in b
    assert 'class="ck no"' in c and 'class="ck yes"' in a
    assert "逾期" in c and "2024-05-10" in c and "逾期" not in a
    assert "<script src" not in index and "http" not in index.split("<body>")[1].replace("https://", "")
    page = (board.parent / "a-town.html").read_text(encoding="utf-8")
    assert 'id="L10"' in page and "全年共举行听证会２次" in page.split('id="L10"')[1].split('id="L11"')[0]


def test_a_single_file_still_gets_its_review_page(tmp_path: Path) -> None:
    folder = _reports(tmp_path / "reports")
    out = tmp_path / "one.html"
    main(["check", str(folder / "a-town.txt"), "-f", "html", "-o", str(out)])
    assert 'id="govlint-data"' in out.read_text(encoding="utf-8")


# ---- in the browser ------------------------------------------------------------------------------


@pytest.fixture
def tab(browser: Any, board: Path) -> Iterator[Any]:
    page = browser.new_page()
    page.errors, page.fetched = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.fetched.append(request.url))
    page.goto(board.as_uri())
    page.wait_for_load_state("load")
    yield page
    page.close()


def _files(tab: Any) -> list[str]:
    return [Path(t.strip()).name for t in tab.locator("#board tbody tr td:first-child a").all_inner_texts()]


def _column(tab: Any, name: str) -> int:
    heads = tab.locator("#board thead th").all_inner_texts()
    return next(i for i, text in enumerate(heads) if name in text)


@pytest.mark.slow
def test_dashboard_sorts_by_a_figure_and_links_to_its_line(tab: Any, tmp_path: Path) -> None:
    assert _files(tab) == ["a-town.txt", "b-town.txt", "c-town.txt"]
    header = tab.locator('#board thead th[data-key="hearings"]')  # the figure, not the checklist item
    header.locator("button").click()
    # Ascending: 0 (b), 2 (a), then the report that states no figure (c) last.
    assert _files(tab) == ["b-town.txt", "a-town.txt", "c-town.txt"]
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    assert _files(tab) == ["a-town.txt", "b-town.txt", "c-town.txt"]
    assert header.get_attribute("aria-sort") == "descending"
    errors = tab.locator("#board thead th").nth(_column(tab, "错误"))
    errors.locator("button").click()
    counts = [int(t) for t in tab.locator("#board tbody tr td.n.sev-error").all_inner_texts()]
    assert counts == sorted(counts)
    tab.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    link = tab.locator('#board a.fig[href="a-town.html#L10"]', has_text="2次")
    assert link.get_attribute("title") == "第10行：全年共举行听证会２次"
    link.click()
    tab.wait_for_url("**/a-town.html#L10")
    line = tab.locator("#L10")
    assert "全年共举行听证会２次" in line.inner_text()
    assert line.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 243, 176)"
    top = line.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 768
    assert tab.errors == []
    assert all(url.startswith("file://") for url in tab.fetched), tab.fetched
