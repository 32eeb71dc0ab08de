"""Where the CPU time of checking one report goes: loading, parsing, and each rule, in ms per report
(CPU time, not wall: the figures hold on a shared machine).

    python bench/profile_rules.py [CORPUS_DIR] [--limit 200]

Runs in-process on the corpus of make_corpus.py (default bench/out/corpus), so a rule author can
see which pattern dominates before and after rewriting it.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from govlint.checks.base import Context
from govlint.config import Settings
from govlint.engine import Linter, postprocess, run_rule
from govlint.load import load
from govlint.report import parse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path(__file__).resolve().parent / "out" / "corpus")
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args()
    linter = Linter.from_settings(Settings())
    files = sorted(args.corpus.glob("*.txt"))[: args.limit]
    if not files:
        raise SystemExit(f"no reports in {args.corpus} (run bench/make_corpus.py first)")
    spent: Counter[str] = Counter()
    for path in files:
        start = time.process_time()
        source = load(str(path))
        loaded = time.process_time()
        report = parse(source)
        parsed = time.process_time()
        spent["(load)"] += loaded - start
        spent["(parse)"] += parsed - loaded
        ctx = Context(report, linter.ruleset.areas, linter.profile.areas, report.year)
        findings = []
        for rule in linter.ruleset.rules:
            start = time.process_time()
            findings += run_rule(rule, ctx)
            spent[rule.code] += time.process_time() - start
        start = time.process_time()
        postprocess(findings, report)
        spent["(postprocess)"] += time.process_time() - start
    per_report = {name: seconds * 1000 / len(files) for name, seconds in spent.items()}
    print(f"{len(files)} reports, ms per report (total {sum(per_report.values()):.2f}):")
    for name, ms in sorted(per_report.items(), key=lambda item: -item[1]):
        print(f"  {name:<14} {ms:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
