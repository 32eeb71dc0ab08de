"""The CPU time the parent process of a ``-j`` run spends (receiving, ordering and writing each file's
output), apart from its workers': what a format costs beyond rendering.

    python bench/parent_cpu.py CORPUS_DIR [--formats concise,json,sarif] [--runs 5] [--profile]

Each run is a fresh process that calls ``govlint check -j 2 -f FORMAT`` in-process with standard
output on /dev/null (through the usual text layer) and year-over-year pairing off (``previous:
off``); formats alternate run by run. Prints the median of the parent's ``time.process_time`` per
format (imports included, the same for every format). ``--profile`` prints the parent's busiest
functions for one run of each format instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(corpus: Path, fmt: str, config: Path, profile: bool) -> float:
    from govlint import cli

    argv = ["check", "-j", "2", "-f", fmt, "--config", str(config), str(corpus)]
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    try:
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            start = time.process_time()
            profiler.runcall(cli.main, argv)
        else:
            start = time.process_time()
            cli.main(argv)
        sys.stdout.flush()
        spent = time.process_time() - start
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    if profile:
        import pstats

        print(f"-f {fmt}: parent CPU {spent:.3f} s (profiled)")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--formats", default="concise,json,sarif")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("FORMAT", "CONFIG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # one run, in the process of its own that main() started
        print(one_run(args.corpus, args.one[0], Path(args.one[1]), args.profile))
        return 0
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "govlint.yaml"
        config.write_text("previous: off\n", encoding="utf-8")
        spent: dict[str, list[float]] = {fmt: [] for fmt in formats}
        for _ in range(1 if args.profile else args.runs):
            for fmt in formats:
                command = [sys.executable, __file__, str(args.corpus), "--one", fmt, str(config)]
                done = subprocess.run(command + ["--profile"] * args.profile, capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(done.stderr)
                if args.profile:
                    print(done.stdout)
                    continue
                spent[fmt].append(float(done.stdout.split()[-1]))
    if args.profile:
        return 0
    for fmt in formats:
        print(f"-f {fmt} -j 2: parent CPU median {statistics.median(spent[fmt]):.3f} s ({len(spent[fmt])} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
