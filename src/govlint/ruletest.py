"""Running a rule's embedded examples: pass examples must give no finding of the rule, fail
examples at least one, and fix examples must turn ``input`` into ``output`` exactly."""

from __future__ import annotations

from dataclasses import dataclass, field

from govlint.checks.base import Context
from govlint.diagnostics import Applicability, Finding
from govlint.engine import postprocess, run_rule
from govlint.fix import apply_fixes
from govlint.load import Source
from govlint.report import Report
from govlint.rules import Profile, Rule, RuleSet


@dataclass
class ExampleOutcome:
    rule: Rule
    missed: list[str] = field(default_factory=list)  # fail examples that produced no finding
    unexpected: list[tuple[str, list[str]]] = field(default_factory=list)  # pass examples that did
    fix_failures: list[tuple[str, str, str]] = field(default_factory=list)  # (input, expected, got)
    # Examples the rule never saw: its scope is the body, but the text was read as title or header.
    unseen: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missed or self.unexpected or self.fix_failures or self.unseen)

    def explain(self) -> str:
        lines = [f"{self.rule.code} {self.rule.slug}（{self.rule.file}）:"]
        for text in self.missed:
            lines.append(f"  漏报（应报告而未报告）：{text!r}")
        for text, messages in self.unexpected:
            lines.append(f"  误报（不应报告却报告了）：{text!r} -> {'; '.join(messages)}")
        for text in self.unseen:
            lines.append(f"  示例没有正文（整段被当作标题或信息栏，规则检查不到它），请补一句正文：{text!r}")
        for given, expected, got in self.fix_failures:
            lines.append(f"  修复结果不符：{given!r}\n      期望：{expected!r}\n      实际：{got!r}")
        return "\n".join(lines)


def findings_for(
    rule: Rule, ruleset: RuleSet, profile: Profile, text: str, previous: str | None = None
) -> list[Finding]:
    """Run one rule on a small text, as the engine would (skip_if is not applied); ``previous`` is
    the text of the report it is read beside (for ``check: compare``)."""
    report = Report(Source(path="<示例>", text=text))
    ctx = Context(report, ruleset.areas, profile.areas, report.year, options=profile.options)
    if previous is not None:
        ctx.previous = Report(Source(path="<上一年度示例>", text=previous))
    return postprocess(run_rule(rule, ctx), report)


def check_example(rule: Rule, ruleset: RuleSet, profile: Profile, kind: str, example: object) -> ExampleOutcome:
    """Evaluate one example of a rule (kind: pass, fail or fix)."""
    outcome = ExampleOutcome(rule, total=1)
    if kind == "fix":
        assert isinstance(example, dict)
        given, expected = example["input"], example["output"]
        found = findings_for(rule, ruleset, profile, given)
        fixed, _ = apply_fixes(given, found, {Applicability.SAFE, Applicability.UNSAFE})
        if fixed != expected:
            outcome.fix_failures.append((given, expected, fixed))
        return outcome
    previous: str | None = None
    if isinstance(example, dict):
        # A compare example: this year's text read beside last year's.
        pair: dict[str, str] = example
        example, previous = pair["text"], pair["previous"]
    assert isinstance(example, str)
    if kind == "pass" and rule.scope == "body" and example.strip():
        # A pass example that never reaches the rule passes vacuously: say so instead.
        report = Report(Source(path="<示例>", text=example))
        if report.body.end <= report.body.start:
            outcome.unseen.append(example)
            return outcome
    found = findings_for(rule, ruleset, profile, example, previous)
    check = rule.check
    if getattr(check, "prefilter", None) is not None or any(getattr(check, "item_filters", ())):
        # A prefilter (the rule's, or an alternative's own) only narrows where the pattern runs; it
        # must never hide a finding, nor change one.
        check.use_prefilters = False  # type: ignore[union-attr]
        try:
            unfiltered = findings_for(rule, ruleset, profile, example)
        finally:
            check.use_prefilters = True  # type: ignore[union-attr]
        spans = {(f.start, f.end, f.message) for f in found}
        hidden = [f for f in unfiltered if (f.start, f.end, f.message) not in spans]
        if hidden or len(unfiltered) != len(found):
            outcome.missed.append(f"{example}（prefilter 漏掉了 {len(hidden)} 处，请放宽 prefilter）")
            return outcome
    if kind == "pass" and found:
        outcome.unexpected.append((example, [f"{f.line}:{f.column} {f.message}" for f in found]))
    if kind == "fail" and not found:
        outcome.missed.append(example)
    return outcome


def check_rule(rule: Rule, ruleset: RuleSet, profile: Profile) -> ExampleOutcome:
    """Evaluate every example of a rule and collect what was missed and what was unexpected."""
    outcome = ExampleOutcome(rule)
    for kind in ("pass", "fail", "fix"):
        for example in rule.examples.get(kind, []):
            one = check_example(rule, ruleset, profile, kind, example)
            outcome.total += 1
            outcome.missed += one.missed
            outcome.unexpected += one.unexpected
            outcome.fix_failures += one.fix_failures
            outcome.unseen += one.unseen
    return outcome
