"""Print what GL207 measures for each report: Chinese characters of the measures part, figures,
and figures per 1,000 characters (the rule's threshold is ``per_1000`` in its YAML).

    python bench/figure_density.py REPORT [REPORT …]

How the default threshold was chosen (see the rule's ``why``): run it on real reports and on
reports with figures in most work areas, and look where the two groups fall.
"""

from __future__ import annotations

import sys

from govlint.checks.base import Context
from govlint.checks.density import chinese_chars, count_figures, figure_regex, measures_spans
from govlint.load import load
from govlint.report import parse
from govlint.rules import load_ruleset


def main(paths: list[str]) -> int:
    ruleset = load_ruleset()
    rule = ruleset.by_code()["GL207"]
    pattern = figure_regex(rule.params["units"])
    per_1000, min_chars = rule.params["per_1000"], rule.params["min_chars"]
    print(f"threshold: {per_1000} figures per 1,000 characters (parts under {min_chars} not judged)")
    for path in paths:
        report = parse(load(path))
        spans = measures_spans(Context(report, ruleset.areas, [], report.year))
        chars = chinese_chars(report.text, spans)
        figures = count_figures(report.text, spans, pattern)
        rate = figures * 1000 / chars if chars else 0.0
        print(f"{path}: {chars} characters, {figures} figures, {rate:.1f} per 1,000")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
