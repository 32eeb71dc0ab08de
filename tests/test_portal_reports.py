"""Reports in the shape of real published ones (tests/data/reports), checked as a user would check them.

Each was written for these tests after a kind of page found on government portals: a town's whole
report copied from its portal page, a district's and a department's opening, a model text full of
placeholders. They carry the same kinds of defect as the real pages (see the README beside them).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import REPORTS
from govlint.config import Settings
from govlint.diagnostics import Finding
from govlint.engine import Linter
from govlint.load import load
from govlint.report import Report, parse

TOWN = REPORTS / "qingshi-2023.txt"


def check(path: Path, profile: str | None = None) -> tuple[list[Finding], Report]:
    assert path.is_file(), f"report missing: {path}"
    settings = Settings()
    if profile:
        settings.profile = profile
    source = load(str(path))
    findings, _ = Linter.from_settings(settings).check_report(parse(source))
    return findings, parse(source)


@pytest.fixture(scope="module")
def town() -> tuple[list[Finding], Report]:
    return check(TOWN)


def test_town_lacks_shortcomings_and_plan(town: tuple[list[Finding], Report]) -> None:
    codes = {f.code for f in town[0]}
    assert {"GL102", "GL103"} <= codes


def test_town_empty_count_is_located(town: tuple[list[Finding], Report]) -> None:
    findings, report = town
    (gl302,) = [f for f in findings if f.code == "GL302"]
    assert gl302.matched == "全年我镇制定规范性文件起"
    assert report.text[gl302.start :].startswith("全年我镇制定规范性文件起")


def test_town_three_malformed_document_numbers(town: tuple[list[Finding], Report]) -> None:
    matched = sorted(f.matched for f in town[0] if f.code == "GL303")
    assert matched == sorted(["开州委发20231号", "开州府办发〔202344号", "开州委法办〔20239号"])
    fixed = sorted(f.fix.edits[0].content for f in town[0] if f.code == "GL303" and f.fix)
    assert fixed == sorted(["开州委发〔2023〕1号", "开州府办发〔2023〕44号", "开州委法办〔2023〕9号"])


@pytest.mark.parametrize("code", ["GL101", "GL201", "GL202", "GL203", "GL301", "GL402", "GL403"])
def test_town_has_what_these_rules_look_for(town: tuple[list[Finding], Report], code: str) -> None:
    # Seven areas, "无听证事项", "没有发生行政诉讼案件", the legal-adviser paragraph, no template
    # leftovers, and dates that fit a 2023 report published on 2024-02-27.
    assert code not in {f.code for f in town[0]}


def test_town_complete_list_of_findings(town: tuple[list[Finding], Report]) -> None:
    """Every finding the town report gets, each one a real defect (GL204: the adviser
    paragraph says 多次提出书面意见 with no figure; GL304: its ASCII commas and parentheses;
    GL207: its seven work areas, some 1,500 characters, state not one figure)."""
    counts = Counter(f.code for f in town[0])
    assert set(counts) == {"GL102", "GL103", "GL204", "GL207", "GL302", "GL303", "GL304"}
    assert (counts["GL102"], counts["GL103"], counts["GL204"], counts["GL302"], counts["GL303"]) == (1, 1, 1, 1, 3)
    assert counts["GL207"] == 1


def test_town_nothing_lands_on_chrome_or_header(town: tuple[list[Finding], Report]) -> None:
    findings, report = town
    for finding in findings:
        if finding.document_level:
            continue
        assert not report.in_chrome(finding.start), finding
        assert not report.in_header(finding.start), finding
        assert report.body.start <= finding.start < report.body.end, finding


def test_town_halfwidth_commas_are_only_between_chinese(town: tuple[list[Finding], Report]) -> None:
    for finding in (f for f in town[0] if f.code == "GL304"):
        assert finding.matched in ",;:?!()"


@pytest.mark.parametrize(
    ("name", "profile"),
    [
        ("qingshi-2023.txt", None),
        ("baihe-2023-opening.txt", "county"),
        ("linshui-hrss-2020-opening.txt", "department"),
        ("template-selfcheck-opening.txt", None),
    ],
)
def test_real_reports_are_never_taken_for_another_document(name: str, profile: str | None) -> None:
    findings, _ = check(REPORTS / name, profile)
    assert "GL100" not in {f.code for f in findings}


def test_district_opening_as_a_county_report() -> None:
    findings, report = check(REPORTS / "baihe-2023-opening.txt", "county")
    codes = Counter(f.code for f in findings)
    # The first-responsible part is there (it opens the report); the later parts were not kept.
    assert "GL104" not in codes
    assert {"GL101", "GL102", "GL103"} <= set(codes)
    # Its year comes from the title; the 2022 report it cites in 《》 is not "dwelling" on 2022.
    assert report.year == 2023 and "GL402" not in codes
    # The portal banner's date (2019年11月5日星期二) and 无障碍/简体/繁体 are chrome.
    assert all(not report.in_chrome(f.start) for f in findings if not f.document_level)


def test_department_opening() -> None:
    findings, report = check(REPORTS / "linshui-hrss-2020-opening.txt", "department")
    codes = {f.code for f in findings}
    assert report.year == 2020
    assert "GL101" not in codes  # its 主要举措和成效 part is there
    assert [f.matched for f in findings if f.code == "GL303"] == ["人社部发[2016]82号"]
    assert not codes & {"GL402", "GL403", "GL301"}


def test_template_placeholders_are_found() -> None:
    findings, _ = check(REPORTS / "template-selfcheck-opening.txt")
    placeholders = {f.matched for f in findings if f.code == "GL301"}
    assert {"20xx", "xx"} <= placeholders
    # 共有行政应诉案件2件 … 出庭应诉2次 (as the model text has it): litigation and court appearance are stated.
    assert not {"GL202", "GL205"} & {f.code for f in findings}


def test_town_adviser_finding_points_at_running_text(town: tuple[list[Finding], Report]) -> None:
    findings, report = town
    (gl204,) = [f for f in findings if f.code == "GL204"]
    assert gl204.line == 44 and gl204.matched == "法律顾问"
    assert not any(h.start <= gl204.start < h.end for h in report.headings)
