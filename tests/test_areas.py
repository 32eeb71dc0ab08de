"""Area families (rules/areas.yaml): every wording of DOMAIN.md §2, at any heading level, names its
area; a subsection of another area does not."""

from __future__ import annotations

import pytest

from govlint.checks.base import Context
from govlint.load import Source
from govlint.report import Report
from govlint.rules import load_ruleset

AREAS = load_ruleset().areas

WORDINGS = {
    "functions": ["依法全面履行政府职能", "健全政府机构职能体系", "政府职能依法全面履行"],
    "institutions": ["完善不断加强制度建设", "完善依法行政制度体系", "健全依法行政制度体系", "加强规范性文件监督管理"],
    "decisions": [
        "健全依法科学民主决策机制",
        "推进行政决策科学化、民主化、法治化",
        "健全行政决策制度体系",
        "严格落实重大行政决策程序",
    ],
    "oversight": ["强化行政权力监督和制约", "强化对行政权力的制约和监督", "健全行政权力制约和监督体系"],
    "disputes": ["依法合理化解社会矛盾", "依法有效化解社会矛盾纠纷", "健全社会矛盾纠纷行政预防调处化解体系"],
    "capacity": ["提高政府工作人员依法办事能力", "全面提高政府工作人员法治思维和依法行政能力", "深化学法用法"],
    "organisation": [
        "强化组织保障和机制落实",
        "强化组织保障和落实机制",
        "加强党的领导，完善法治政府建设推进机制",
        "加强组织领导",
    ],
    "enforcement": ["坚持严格规范公正文明执法", "健全行政执法工作体系"],
    "emergencies": ["健全突发事件应对体系"],
    "digital": ["健全法治政府建设科技保障体系", "加快推进数字法治政府建设"],
    "shortcomings": ["存在的不足和原因", "存在的问题", "工作中存在的短板", "问题与不足"],
    "plan": ["下一年度工作安排", "2024年工作打算", "下一步工作计划", "今后工作思路"],
    "first-responsible": ["区政府主要负责同志履行推进法治建设第一责任人职责情况"],
    "measures": ["2023年度推进法治政府建设的主要举措和成效", "主要工作开展情况"],
}
MARKERS = ["一、", "（二）", "3.", "（4）"]


def found(heading_text: str, marker: str) -> set[str]:
    report = Report(Source(path="t.txt", text=f"{marker}{heading_text}\n正文。\n"))
    ctx = Context(report, AREAS, [], None)
    return {key for key in AREAS if ctx.area_headings(key)}


# "3.2024年…" reads as the number 3.2024, so an Arabic level-3 marker is not tried before a year.
CASES = [
    (key, text, marker)
    for key, texts in WORDINGS.items()
    for text in texts
    for marker in MARKERS
    if not (marker == "3." and text[0].isdigit())
]


@pytest.mark.parametrize(("key", "text", "marker"), CASES)
def test_wording_names_its_area_at_any_level(key: str, text: str, marker: str) -> None:
    assert key in found(text, marker)


@pytest.mark.parametrize(
    ("text", "not_area"),
    [
        ("加强规范性文件监督管理", "oversight"),
        ("深入贯彻党中央决策部署", "decisions"),
        ("健全行政决策制度体系", "institutions"),
        ("补齐基层执法力量短板", "shortcomings"),
        ("2023年工作计划执行情况", "plan"),
        ("强化行政指导，疫情防控期间执法稳妥推进", "functions"),
    ],
)
def test_subsection_of_another_area_does_not_count(text: str, not_area: str) -> None:
    assert not_area not in found(text, "（一）")


def test_body_text_is_not_a_heading() -> None:
    report = Report(Source(path="t.txt", text="一、主要工作\n我镇依法全面履行政府职能，存在的不足已整改。\n"))
    ctx = Context(report, AREAS, [], None)
    assert not ctx.area_headings("functions") and not ctx.area_headings("shortcomings")
