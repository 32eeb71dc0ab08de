"""Time the year-over-year comparison (GL501, GL502) on a pair of ~20 KB reports.

    python bench/compare_pair.py [--kb 20] [--runs 50]

Last year's report comes from the corpus generator (bench/make_corpus.py); this year's is the
same text with the years moved on and every other paragraph replaced by another report's, so
about half of it is copied. Prints the median time of: the comparison alone (two parsed
reports -> copied paragraphs and unmentioned plan items), and what ``--previous`` adds to
checking one report (loading and parsing last year's report included).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_report

from govlint import compare
from govlint.config import Settings
from govlint.engine import Linter
from govlint.load import Source
from govlint.report import parse


def make_pair(kb: int, seed: int = 11) -> tuple[str, str]:
    rng = random.Random(seed)
    last, _ = make_report(rng, kb * 1024)
    other, _ = make_report(rng, kb * 1024)
    for year in ("2023", "2022", "2021"):
        other = other.replace(year, str(int(year) + 1))
    mine = last
    for year in ("2023", "2022", "2021"):
        mine = mine.replace(year, str(int(year) + 1))
    lines, fresh = mine.split("\n"), [line for line in other.split("\n") if len(line) > 40]
    long = [index for index, line in enumerate(lines) if len(line) > 40]
    for index in long[1::2]:
        if fresh:
            lines[index] = fresh.pop()
    return last, "\n".join(lines)


def median_ms(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=20)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    last_text, this_text = make_pair(args.kb)
    last_source, this_source = Source("last.txt", last_text), Source("this.txt", this_text)
    linter = Linter.from_settings(Settings())
    plan = linter.ruleset.areas["plan"]

    def comparison_only() -> None:
        this, last = parse(this_source), parse(last_source)
        compare.copied_paragraphs(this, last)
        assert plan.pattern is not None
        for item in compare.plan_items(last, [h for h in last.headings if plan.pattern.search(h.text)]):
            compare.mentioned(item.phrase, this)

    found = compare.copied_paragraphs(parse(this_source), parse(last_source))
    alone = median_ms(lambda: linter.check_source(this_source), args.runs)
    paired = median_ms(lambda: linter.check_source(this_source, last_source), args.runs)
    only = median_ms(comparison_only, args.runs)
    print(f"pair: {len(last_text.encode()) / 1024:.1f} KB last year, {len(this_text.encode()) / 1024:.1f} KB this year")
    print(f"copied: {len(found.copied)} paragraphs, {found.share:.0%} of the compared text")
    print(f"parse both + compare (GL501 + GL502 work): {only:.2f} ms (median of {args.runs})")
    print(f"check one report: {alone:.2f} ms alone, {paired:.2f} ms with --previous (+{paired - alone:.2f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
