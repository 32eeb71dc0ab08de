"""The review page in a real browser: Debian's chromium, headless, driven by Playwright.

Nothing is downloaded: Playwright launches the system chromium (``GOVLINT_CHROMIUM`` overrides
the path). ``.ci/run`` installs chromium when it is missing. Without a browser that starts, these
tests are skipped with one line (tests/browser.py); under ``CI=true`` they fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import VIEWPORT
from govlint.cli import main

pytestmark = pytest.mark.slow

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')

HEAD = """某镇关于2023年度法治政府建设情况的报告

2023年，我镇深入推进法治政府建设。镇党委书记切实履行推进法治建设第一责任人职责。

一、依法全面履行政府职能
（一）权责清单。全面梳理权责事项。{payload1}
二、完善依法行政制度体系
（一）规范性文件。全年我镇制定规范性文件起，全部按规定备案。
三、健全依法科学民主决策机制
（一）听证。全年共举行听证会1次。聘请律师担任法律顾问，出具法律意见书6份。
四、强化行政权力监督和制约
（一）行政诉讼。全年未发生行政诉讼案件。{payload2}
"""
# Enough ordinary paragraphs that the last part starts far below the fold.
FILLER = "".join(f"（{n}）第{n}项工作。组织开展专项检查，按期完成整改,形成长效机制。\n" for n in range(1, 61))
TAIL = """五、依法有效化解社会矛盾纠纷
（一）调解。全年调解纠纷36件。
六、提高政府工作人员依法办事能力
（一）学法。组织集中学法4次。
七、强化组织保障和落实机制
（一）考核。按照《某区依法行政考核办法》（某府办发〔202344号）将法治建设纳入考核。
"""
REPORT = HEAD.format(payload1=PAYLOADS[0], payload2=PAYLOADS[1]) + FILLER + TAIL


@pytest.fixture(scope="module")
def review_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    source = folder / "青石镇2023.txt"
    source.write_text(REPORT, encoding="utf-8")
    out = folder / "review.html"
    assert main(["check", str(source), "--format", "html", "--output-file", str(out)]) == 1
    return out


@pytest.fixture
def page(browser: Any, review_page: Path) -> Iterator[Any]:
    """The review page, opened fresh, recording any dialog or script error it causes."""
    tab = browser.new_page()
    tab.dialogs, tab.errors = [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.goto(review_page.as_uri())
    tab.wait_for_load_state("load")
    yield tab
    tab.close()


def finding_id(tab: Any, code: str, nth: int = 0) -> int:
    ids = tab.evaluate(
        """code => JSON.parse(document.getElementById('govlint-data').textContent).findings
                 .map((f, i) => [f.code, i]).filter(p => p[0] === code).map(p => p[1])""",
        code,
    )
    return int(ids[nth])


def in_viewport(tab: Any, selector: str) -> bool:
    return bool(
        tab.evaluate(
            """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
            selector,
        )
    )


def test_highlights_and_checklist_render(page: Any, tmp_path: Path) -> None:
    missing = page.locator(".missing")
    assert missing.is_visible()
    assert "存在的不足和原因" in missing.inner_text() and "下一年度工作安排" in missing.inner_text()
    missing_items = [" ".join(t.split()) for t in page.locator(".check-group li.no").all_inner_texts()]
    # "：缺少" is the visually hidden part for screen readers.
    assert missing_items == ["✗ 存在的不足和原因 ：缺少", "✗ 下一年度工作安排 ：缺少"]
    blank = page.locator(f'.hl[data-f~="{finding_id(page, "GL302")}"]').first
    assert "制定规范性文件起" in blank.inner_text()
    colour = blank.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    blank.focus()
    tip = page.locator("#tip")
    assert tip.is_visible() and "缺少数字" in tip.inner_text()
    shot = tmp_path / "review.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000


def test_clicking_a_finding_scrolls_to_its_span(page: Any, tmp_path: Path) -> None:
    target = finding_id(page, "GL303")
    selector = f'.hl[data-f~="{target}"]'
    assert page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().top") > VIEWPORT["height"]
    page.locator(f'a.go[data-id="{target}"]').click()
    page.wait_for_function(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=selector,
    )
    assert in_viewport(page, selector)
    assert "flash" in (page.locator(selector).first.get_attribute("class") or "")
    page.screenshot(path=str(tmp_path / "after-click.png"))


def test_script_payloads_stay_text(page: Any) -> None:
    text = page.locator("#text").inner_text()
    assert PAYLOADS[0] in text and PAYLOADS[1] in text
    assert page.locator("#text img, #text script").count() == 0
    page.mouse.wheel(0, 2000)  # give anything lazy a chance to run
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.errors == []


def test_severity_filter_hides_warnings(page: Any) -> None:
    warning = finding_id(page, "GL304")
    error = finding_id(page, "GL303")
    page.locator('details.group[data-sev="warning"] summary').first.click()  # open the collapsed group
    item = page.locator(f'.item[data-id="{warning}"]')
    assert item.is_visible()
    page.locator('.filters input[value="warning"]').uncheck()
    assert not item.is_visible()
    assert page.locator('details.group[data-sev="warning"]').first.is_hidden()
    assert page.locator(f'.item[data-id="{error}"]').is_visible()
    warn_mark = page.locator(f'.hl[data-f="{warning}"]').first
    assert warn_mark.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    err_mark = page.locator(f'.hl[data-f~="{error}"]').first
    assert err_mark.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.locator('.filters input[value="warning"]').check()
    assert warn_mark.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert page.errors == []


def test_print_keeps_highlights_and_lists_every_finding(page: Any, tmp_path: Path) -> None:
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".filters").is_hidden()
    assert page.locator('details.group[data-sev="warning"]').first.evaluate("el => el.open")
    error = finding_id(page, "GL303")
    mark = page.locator(f'.hl[data-f~="{error}"]').last
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert mark.evaluate("el => getComputedStyle(el, '::after').content") == f'"[{error + 1}]"'
    page.pdf(path=str(tmp_path / "review.pdf"))
    assert (tmp_path / "review.pdf").stat().st_size > 10_000


def test_verdict_line_on_top_and_word_table_drawn_as_a_table(browser: Any, tmp_path: Path) -> None:
    from conftest import word_with_table

    source = word_with_table(tmp_path / "r.docx", [("行政诉讼案件", "2件"), ("依据文件", "某府办发[2023]12号")])
    out = tmp_path / "review.html"
    assert main(["check", str(source), "--format", "html", "--output-file", str(out)]) == 1
    tab = browser.new_page()
    try:
        tab.goto(out.as_uri())
        tab.wait_for_load_state("load")
        assert in_viewport(tab, "#verdict")
        assert tab.locator("#verdict").inner_text().strip().startswith("✗ 发布前须先改正")
        label, value = tab.locator("#L4 .cell").all()
        left, right = label.bounding_box(), value.bounding_box()
        # Side by side, not one under the other; the GL303 span is highlighted inside its cell.
        assert abs(left["y"] - right["y"]) < 2 and right["x"] > left["x"] + left["width"] - 2
        assert "某府办发[2023]12号" in value.locator(".hl").first.inner_text()
    finally:
        tab.close()
