"""A forbid rule's findings are the same whichever way the engine builds them."""

from __future__ import annotations

import pickle

from govlint.checks.base import Context
from govlint.diagnostics import Applicability, Edit, Fix, replacement
from govlint.engine import Linter, message_for, run_rule
from govlint.load import Source
from govlint.report import Report

TEXT = "河堰镇2023年法治政府建设年度报告\n在区委,区政府的领导下,乡镇(街道)张?明如下:一是,二是;三是。\n全年共办理件。\n"


def test_a_rule_without_named_groups_gives_the_findings_its_hits_describe(linter: Linter) -> None:
    report = Report(Source("r.txt", TEXT))
    ctx = Context(report, linter.ruleset.areas, linter.profile.areas, 2023)
    base = {"year": 2023, "next_year": 2024}
    for rule in linter.ruleset.rules:
        if rule.code not in ("GL304", "GL302"):
            continue
        assert rule.check is not None
        hits = list(rule.check.run(ctx))
        found = run_rule(rule, ctx)
        assert found, rule.code
        assert [(f.start, f.end, f.message, f.fix, f.matched) for f in found] == [
            (h.start, h.end, message_for(rule.message, h.values, base), h.fix, TEXT[h.start : h.end]) for h in hits
        ]


def test_a_one_edit_fix_is_the_same_fix_however_it_is_built() -> None:
    built = replacement(3, 4, "，", Applicability.SAFE, "改为全角标点")
    plain = Fix((Edit(3, 4, "，"),), Applicability.SAFE, "改为全角标点")
    assert built == plain and hash(built) == hash(plain) and repr(built) == repr(plain)
    assert pickle.loads(pickle.dumps(built)) == plain


def test_postprocess_places_every_finding_where_the_report_says_it_is() -> None:
    from govlint.diagnostics import Finding, Severity
    from govlint.engine import postprocess

    report = Report(Source("r.txt", TEXT))
    size = len(TEXT)
    second = TEXT.index("\n") + 1
    spans = [(0, 0), (3, 5), (second, second + 2), (second - 1, second + 3), (size - 1, size), (size, size)]
    spans += [(second + 4, second + 4), (7, 2), (size + 3, size + 5)]
    findings = [Finding("GL304", "s", Severity.WARNING, f"m{i}", a, b) for i, (a, b) in enumerate(spans)]
    for finding in postprocess(findings, report):
        expected = report.span_position(finding.start, finding.end)
        assert (finding.line, finding.column, finding.end_line, finding.end_column) == expected
