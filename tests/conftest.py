"""Shared fixtures: the built-in rule set, the default linter, and paths to data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govlint.config import Settings
from govlint.engine import Linter
from govlint.rules import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parents[1]
# The keys of one finding in --format json: a public contract (README, "JSON output"), only ever
# added to ("paragraph" and "page", for Word and PDF, came later).
FINDING_KEYS = {
    *("code", "rule", "severity", "message", "line", "column", "end_line", "end_column", "basis", "fix"),
    *("paragraph", "page"),
}
FIXTURES = ROOT / "fixtures"
# Reports written for the tests in the style of real published ones (portal breadcrumb, `[ 字段 ] 值`
# header, footer links, ASCII commas) and with the same kinds of defect; see tests/data/reports/README.md.
REPORTS = ROOT / "tests" / "data" / "reports"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless chromium for every browser test, or a one-line skip (a failure under CI)."""
    from browser import FLAGS, VIEWPORT, launch, playwright_or_skip

    sync_playwright = playwright_or_skip()
    with sync_playwright() as playwright:
        context = launch(playwright, tmp_path_factory.mktemp("chromium-profile"), args=FLAGS, viewport=VIEWPORT)
        yield context
        context.close()


@pytest.fixture
def linter() -> Linter:
    return Linter.from_settings(Settings())


def word_with_table(
    path: Path, rows: list[tuple[str, str]], paragraphs: tuple[str, ...] = ("全年主要数据如下：",)
) -> Path:
    """A Word report: its title, ``paragraphs``, then a two-column table of ``rows``."""
    import docx

    document = docx.Document()
    document.add_paragraph("某镇2023年度法治政府建设情况报告", style="Title")
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=2)
    for row, cells in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = cells
    document.save(str(path))
    return path
