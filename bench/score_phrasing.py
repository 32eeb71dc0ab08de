"""Score the rules on the real-phrasing set (tests/phrasing/*.yaml): per-code recall and false alarms.

    python bench/score_phrasing.py            # the table
    python bench/score_phrasing.py --misses   # also every case that went wrong
    python bench/score_phrasing.py --only heldout-round3   # only the files whose name contains this

Each case is a short text written for this project in the shape of a passage of a published report
or template (its ``source`` shows the shape is real). ``expect`` lists the codes the text must draw,
``silent`` the codes that would be false alarms on it; ``unsure: true`` marks a silent label that is
a matter of judgement (its false alarms are counted apart). ``not_at`` is text an expected finding
must not point at (a law's name is never a statement about cases); ``match`` is the text an expected
finding must cover exactly. ``profile`` picks a profile (default ``auto``, inferred per report as `govlint check` does);
``path`` (default a .txt) picks the reader; ``whole: true`` says the text is a whole page (its own
portal header and title), so no report title is put above it.
tests/test_phrasing.py runs the same scoring and fails on any regression.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govlint.config import Settings
from govlint.engine import Linter, choose
from govlint.load import read_markdown, read_text
from govlint.report import Report
from govlint.rules import load_ruleset

TITLE = "某镇2023年度法治政府建设情况报告\n"
PHRASING_DIR = Path(__file__).resolve().parents[1] / "tests" / "phrasing"


@dataclass
class Case:
    file: str
    index: int
    text: str
    expect: list[str]
    silent: list[str]
    source: str
    unsure: bool = False
    not_at: str | None = None
    match: str | None = None
    profile: str = "auto"
    path: str = "<phrasing>.txt"
    whole: bool = False

    @property
    def name(self) -> str:
        return f"{Path(self.file).stem}-{self.index + 1}"


@dataclass
class Outcome:
    case: Case
    missed: list[str] = field(default_factory=list)  # expected codes that did not fire
    alarms: list[str] = field(default_factory=list)  # silent codes that fired (or expected ones at not_at)

    @property
    def ok(self) -> bool:
        return not self.missed and not self.alarms


def load_cases(directory: Path = PHRASING_DIR) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, raw in enumerate(data["cases"]):
            cases.append(
                Case(
                    file=path.name,
                    index=index,
                    text=raw["text"],
                    expect=list(raw.get("expect", [])),
                    silent=list(raw.get("silent", [])),
                    source=raw["source"],
                    unsure=bool(raw.get("unsure", False)),
                    not_at=raw.get("not_at"),
                    match=raw.get("match"),
                    profile=raw.get("profile", "auto"),
                    path=raw.get("path", "<phrasing>.txt"),
                    whole=bool(raw.get("whole", False)),
                )
            )
    return cases


class Scorer:
    """One linter per profile, every rule enabled, as `govlint check` runs with no configuration."""

    def __init__(self) -> None:
        self.ruleset = load_ruleset()
        self.linters: dict[str, Linter] = {}

    def linter(self, profile: str) -> Linter:
        if profile not in self.linters:
            self.linters[profile] = Linter.from_settings(Settings(profile=profile), self.ruleset)
        return self.linters[profile]

    def run(self, case: Case) -> Outcome:
        reader = read_markdown if case.path.endswith(".md") else read_text
        # A passage stands in a report: under a report title unless the case is about the document
        # as a whole (GL100, GL101), so that a passage without 法治 is not taken for another kind.
        whole = case.whole or {"GL100", "GL101"} & {*case.expect, *case.silent}
        prefix = "" if whole else TITLE
        report = Report(reader(case.path, (prefix + case.text).encode("utf-8"), {}))
        linter, _ = choose(self.linter(case.profile), report)
        findings, _ = linter.check_report(report)
        outcome = Outcome(case)
        spans = []
        if case.not_at:
            start = report.text.find(case.not_at)
            while start != -1:
                spans.append((start, start + len(case.not_at)))
                start = report.text.find(case.not_at, start + 1)
        fired: set[str] = set()
        for finding in findings:
            if any(s <= finding.start < e for s, e in spans):
                outcome.alarms.append(f"{finding.code}@{case.not_at}")
                continue
            if case.match is None or finding.code not in case.expect or finding.matched == case.match:
                fired.add(finding.code)
        outcome.missed = [code for code in case.expect if code not in fired]
        outcome.alarms += [code for code in case.silent if code in fired]
        return outcome


def score(cases: list[Case] | None = None) -> tuple[list[Outcome], dict[str, dict[str, int]]]:
    """Every case's outcome, and per code: expected, found, silent labels, false alarms (sure / unsure)."""
    scorer = Scorer()
    outcomes = [scorer.run(case) for case in (cases if cases is not None else load_cases())]
    table: dict[str, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(("expected", "found", "silent", "alarms", "unsure"), 0)
    )
    for outcome in outcomes:
        case = outcome.case
        for code in case.expect:
            table[code]["expected"] += 1
            table[code]["found"] += code not in outcome.missed
        for code in case.silent:
            table[code]["silent"] += 1
        for alarm in outcome.alarms:
            code = alarm.split("@")[0]
            table[code]["unsure" if case.unsure else "alarms"] += 1
    return outcomes, dict(sorted(table.items()))


def recall(row: dict[str, Any]) -> float:
    return row["found"] / row["expected"] if row["expected"] else 1.0


def format_table(table: dict[str, dict[str, int]]) -> str:
    lines = ["code   | defects | found | recall | silent labels | false alarms (sure) | (unsure)", "-" * 84]
    total = dict.fromkeys(("expected", "found", "silent", "alarms", "unsure"), 0)
    for code, row in table.items():
        for key in total:
            total[key] += row[key]
        lines.append(
            f"{code:6} | {row['expected']:7} | {row['found']:5} | {recall(row):6.2f} | {row['silent']:13} |"
            f" {row['alarms']:19} | {row['unsure']:8}"
        )
    lines.append("-" * 84)
    lines.append(
        f"{'all':6} | {total['expected']:7} | {total['found']:5} | {recall(total):6.2f} | {total['silent']:13} |"
        f" {total['alarms']:19} | {total['unsure']:8}"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    cases = load_cases()
    if "--only" in argv:
        part = argv[argv.index("--only") + 1]
        cases = [case for case in cases if part in case.file]
    outcomes, table = score(cases)
    print(f"{len(outcomes)} cases in {PHRASING_DIR}")
    print(format_table(table))
    if "--misses" in argv:
        for outcome in outcomes:
            if not outcome.ok:
                case = outcome.case
                tag = "（存疑标注）" if case.unsure else ""
                print(f"{case.name}{tag}: missed={outcome.missed} alarms={outcome.alarms} :: {case.text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
