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
