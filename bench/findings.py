"""The findings-heavy case: reports pasted from portals with ASCII punctuation (~150 findings each).

    python bench/findings.py --corpus /tmp/bench-anchors/corpus-1000 [--textlint /tmp/bench-anchors/anchors/textlint]
                             [--runs 3] [--times 5] [--formats concise,json,sarif,...]
                             [--memory-formats concise,json,full]

The corpus is the one ``shared/bench-anchors`` builds (its README: copy the folder, run ``setup.sh``
with ``SEED_SOURCE`` set to a real report with ASCII commas); ``--textlint`` runs textlint + prh on
the same files side by side. Every command runs as its own process, output drained through a
pipe; CPU time and peak memory come from ``wait4`` (peak: the largest single process, main or
worker). The machine may be shared: read CPU time and the paired ratios (each govlint run
alternated with the run it is compared with, ratio taken pair by pair), not single wall times.

Printed: wall / CPU / peak for ``-j 1`` and ``-j 2`` (concise); each output format with ``-j 2``
and its paired ratio to concise; peak memory of ``--times`` copies of the corpus (symlinks);
govlint ``-j 2`` against textlint + prh (paired); cold start against ``python -c "import yaml, regex"``.
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

FORMATS = ["concise", "json-lines", "github", "full", "json", "sarif", "gitlab", "junit"]


def run_once(command: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of one run, output drained through a pipe."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd)
    assert process.stdout is not None
    while process.stdout.read(1 << 16):
        pass
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.stdout.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def govlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "govlint", "check", *args]


def paired(first: list[str], second: list[str], runs: int, cwd2: Path | None = None) -> dict[str, float]:
    """Alternate two commands; medians of each and of the pairwise ratios of wall and CPU."""
    rows = []
    for _ in range(runs):
        a = run_once(first)
        b = run_once(second, cwd2)
        rows.append((a, b))
    med = statistics.median
    return {
        "wall_a": med(a[0] for a, _ in rows),
        "cpu_a": med(a[1] for a, _ in rows),
        "peak_a": max(a[2] for a, _ in rows),
        "wall_b": med(b[0] for _, b in rows),
        "cpu_b": med(b[1] for _, b in rows),
        "peak_b": max(b[2] for _, b in rows),
        "wall_ratio": med(a[0] / b[0] for a, b in rows),
        "cpu_ratio": med(a[1] / b[1] for a, b in rows),
    }


def copies(corpus: Path, times: int, into: Path) -> Path:
    """``times`` folders of symlinks to the corpus's reports (a walk follows symlinked files)."""
    for number in range(times):
        folder = into / f"copy{number}"
        folder.mkdir()
        for report in corpus.glob("*.txt"):
            (folder / report.name).symlink_to(report.resolve())
    return into


def compile_bytecode() -> None:
    """Write govlint's bytecode, as installing the package does. An editable install run with
    ``PYTHONDONTWRITEBYTECODE=1`` (some CI images and sandboxes set it) never caches govlint's
    bytecode and compiles every module on every start, while yaml and regex, installed by pip,
    load theirs: the cold start would measure the compiler (~40 ms), not govlint."""
    import compileall

    import govlint

    compileall.compile_dir(str(Path(govlint.__file__).parent), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "bench-anchors" / "corpus-1000")
    parser.add_argument("--textlint", type=Path, help="anchors/textlint of bench-anchors, to run side by side")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--times", type=int, default=5, help="copies of the corpus for the memory run")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument(
        "--memory-formats", default="concise,json", help="formats run on the --times copies (full: the terminal's)"
    )
    args = parser.parse_args()
    corpus = args.corpus
    if not corpus.is_dir():
        raise SystemExit(f"no corpus at {corpus}: build it as shared/bench-anchors/README.md says")
    count = len(list(corpus.glob("*.txt")))
    compile_bytecode()
    run_once(govlint(str(next(corpus.glob("*.txt")))))  # fills the rule cache
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {count} reports in {corpus}")

    scaling = paired(
        govlint("-j", "1", "-f", "concise", str(corpus)), govlint("-j", "2", "-f", "concise", str(corpus)), args.runs
    )
    print(f"-j 1: wall {scaling['wall_a']:.2f} s, CPU {scaling['cpu_a']:.2f} s, peak {scaling['peak_a']:.0f} MiB")
    print(f"-j 2: wall {scaling['wall_b']:.2f} s, CPU {scaling['cpu_b']:.2f} s, peak {scaling['peak_b']:.0f} MiB")
    print(f"  -j 1 ÷ -j 2 wall, paired: {scaling['wall_ratio']:.2f}")

    concise = govlint("-j", "2", "-f", "concise", str(corpus))
    for fmt in args.formats.split(","):
        if fmt == "concise":
            continue
        row = paired(govlint("-j", "2", "-f", fmt, str(corpus)), concise, args.runs)
        print(
            f"-f {fmt} -j 2: wall {row['wall_a']:.2f} s, CPU {row['cpu_a']:.2f} s, peak {row['peak_a']:.0f} MiB; "
            f"÷ concise, paired: wall {row['wall_ratio']:.2f}, CPU {row['cpu_ratio']:.2f}"
        )

    if args.times:
        with tempfile.TemporaryDirectory() as tmp:
            many = copies(corpus, args.times, Path(tmp))
            for fmt in args.memory_formats.split(","):
                wall, cpu, peak = run_once(govlint("-j", "2", "-f", fmt, str(many)))
                print(
                    f"{args.times * count} reports, -j 2 {fmt}: wall {wall:.2f} s, CPU {cpu:.2f} s, peak {peak:.0f} MiB"
                )

    if args.textlint:
        textlint = [
            str(args.textlint / "node_modules/.bin/textlint"),
            "--rulesdir",
            "rules",
            "-f",
            "unix",
            str(corpus.resolve()),
        ]
        row = paired(concise, textlint, args.runs, cwd2=args.textlint)
        print(
            f"govlint -j 2 vs textlint + prh: {row['wall_a']:.2f} s vs {row['wall_b']:.2f} s wall; "
            f"paired ratio wall {row['wall_ratio']:.2f}, CPU {row['cpu_ratio']:.2f}"
        )

    single = str(next(corpus.glob("*.txt")))
    row = paired(govlint("-f", "concise", single), [sys.executable, "-c", "import yaml, regex"], max(args.runs, 7))
    print(
        f"cold check of one report: {row['wall_a']:.3f} s; "
        f"÷ python -c 'import yaml, regex', paired: {row['wall_ratio']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
