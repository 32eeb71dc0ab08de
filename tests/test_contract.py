"""The public contract of DOMAIN.md §6: every code with its slug and default severity, documented."""

from __future__ import annotations

from govlint.rules import load_ruleset

CONTRACT = {
    "GL100": ("not-an-annual-report", "error"),
    "GL101": ("missing-area", "error"),
    "GL102": ("missing-shortcomings", "error"),
    "GL103": ("missing-next-year-plan", "error"),
    "GL104": ("missing-first-responsible-person", "warning"),
    "GL105": ("shortcomings-without-causes", "warning"),
    "GL106": ("heading-sequence", "warning"),
    "GL107": ("nonstandard-title", "warning"),
    "GL201": ("hearing-count", "error"),
    "GL202": ("litigation-statement", "error"),
    "GL203": ("legal-adviser", "error"),
    "GL204": ("legal-adviser-figures", "warning"),
    "GL205": ("court-appearance", "warning"),
    "GL206": ("percentage-range", "error"),
    "GL207": ("vague-achievements", "warning"),
    "GL301": ("placeholder", "error"),
    "GL302": ("missing-number", "error"),
    "GL303": ("doc-number-format", "error"),
    "GL304": ("halfwidth-punctuation", "warning"),
    "GL305": ("unbalanced-title-marks", "error"),
    "GL401": ("missing-metadata", "warning"),
    "GL402": ("year-mismatch", "error"),
    "GL403": ("late-publication", "warning"),
    "GL404": ("plan-year", "warning"),
    "GL501": ("copied-from-previous", "warning"),
    "GL502": ("plan-not-reported", "info"),
}
# DOMAIN.md §6: on a document that is not an annual report these are not run.
COMPLETENESS = {f"GL10{n}" for n in range(1, 7)} | {f"GL20{n}" for n in range(1, 7)}


def test_codes_slugs_and_severities_match_the_contract() -> None:
    rules = {rule.code: (rule.slug, rule.severity.value) for rule in load_ruleset().rules}
    assert rules == CONTRACT


def test_every_rule_is_documented_in_chinese() -> None:
    for rule in load_ruleset().rules:
        for text in (rule.summary, rule.message, rule.why, rule.basis):
            assert text and any("\u4e00" <= ch <= "\u9fff" for ch in text), rule.code


def test_completeness_rules_are_suppressed_by_gl100() -> None:
    for rule in load_ruleset().rules:
        if rule.code in COMPLETENESS:
            assert rule.skip_if == ("GL100",), rule.code


def test_only_mechanical_defects_are_fixable() -> None:
    assert {rule.code for rule in load_ruleset().rules if rule.fixable} == {"GL107", "GL303", "GL304"}
