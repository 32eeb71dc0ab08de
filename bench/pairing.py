"""Time year-over-year pairing of a directory: identifying its files, and comparing the pairs.

    python bench/pairing.py CORPUS [--runs 5] [--jobs 2] [--pairs 300]

Identification (``pairing.pair``, what a directory run does before checking starts) is timed with
one process and with ``--jobs`` worker processes: wall time, the CPU of this (the parent) process,
and the CPU of the workers (``RUSAGE_CHILDREN``, counted once they have been reaped, hence the
median over several calls). The comparison (``compare.copied_paragraphs`` on already parsed
reports, the part of a pair's cost that is not parsing) is timed per pair with process time.
Medians of ``--runs``; CPU time is the figure to compare on a shared machine.
"""

from __future__ import annotations

import argparse
import inspect
import resource
import statistics
import time
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pairs", type=int, default=300)
    args = parser.parse_args()

    from govlint import compare, pairing
    from govlint.cli import build_parser
    from govlint.config import Resolver
    from govlint.load import load
    from govlint.report import parse
    from govlint.runner import collect

    resolver = Resolver(build_parser().parse_args(["check", str(args.corpus)]))
    files, _ = collect([str(args.corpus)])
    pairs: dict[str, str] = {}
    # A tree from before identification could use the pool (``pair`` without ``jobs``): one process.
    parallel = "jobs" in inspect.signature(pairing.pair).parameters
    for jobs in (1, args.jobs) if parallel else (1,):
        rows = []
        for _ in range(args.runs):
            children, cpu, wall = _children_cpu(), time.process_time(), time.perf_counter()
            pairs = pairing.pair(files, resolver, None, jobs) if parallel else pairing.pair(files, resolver, None)
            rows.append((time.perf_counter() - wall, time.process_time() - cpu, _children_cpu() - children))
        wall, parent, workers = (statistics.median(row[i] for row in rows) for i in range(3))
        print(
            f"identify {len(files)} files, -j {jobs}: wall {wall:.3f} s, parent CPU {parent:.3f} s, "
            f"workers CPU {workers:.3f} s ({len(pairs)} pairs)"
        )
    chosen = list(pairs.items())[: args.pairs]
    reports = [(parse(load(this)), parse(load(last))) for this, last in chosen]
    times = []
    for _ in range(args.runs):
        start = time.process_time()
        found = sum(len(compare.copied_paragraphs(this, last).copied) for this, last in reports)
        times.append(time.process_time() - start)
    per_pair = statistics.median(times) / max(1, len(reports)) * 1000
    print(f"copied_paragraphs: {per_pair:.3f} ms CPU a pair over {len(reports)} pairs ({found} copied paragraphs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
