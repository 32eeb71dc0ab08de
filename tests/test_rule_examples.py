"""Every example embedded in every built-in rule runs as its own test id (as sqlfluff's YAML cases do).

A failing id names the example; the assertion message says whether it was missed or unexpected.
"""

from __future__ import annotations

from typing import Any

import pytest

from govlint.rules import load_profile, load_ruleset
from govlint.ruletest import check_example

_RULESET = load_ruleset()
_PROFILE = load_profile("town", _RULESET.areas)


def _cases() -> list[Any]:
    cases = []
    for rule in _RULESET.rules:
        for kind in ("pass", "fail", "fix"):
            for index, example in enumerate(rule.examples.get(kind, [])):
                cases.append(pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{index + 1}"))
    return cases


@pytest.mark.parametrize(("rule", "kind", "example"), _cases())
def test_rule_example(rule: Any, kind: str, example: Any) -> None:
    outcome = check_example(rule, _RULESET, _PROFILE, kind, example)
    assert outcome.ok, outcome.explain()


def test_every_rule_has_three_pass_and_three_fail_examples() -> None:
    thin = [r.code for r in _RULESET.rules if len(r.examples["pass"]) < 3 or len(r.examples["fail"]) < 3]
    assert not thin, f"rules with fewer than 3 pass or 3 fail examples: {thin}"


def test_fixable_rules_have_fix_examples() -> None:
    missing = [r.code for r in _RULESET.rules if r.fixable and not r.examples.get("fix")]
    assert not missing


def test_fixes_are_idempotent() -> None:
    """A fixed text draws no further fix from the same rule (fixing twice changes nothing)."""
    from govlint.diagnostics import Applicability
    from govlint.fix import apply_fixes
    from govlint.ruletest import findings_for

    for rule in _RULESET.rules:
        for example in rule.examples.get("fix", []):
            output = example["output"]
            again = findings_for(rule, _RULESET, _PROFILE, output)
            refixed, _ = apply_fixes(output, again, {Applicability.SAFE, Applicability.UNSAFE})
            assert refixed == output, (rule.code, output, refixed)
