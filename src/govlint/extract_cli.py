"""``govlint extract PATH...``: the figures of every report as JSON, CSV or a table.

Files are collected, configured and read exactly as ``govlint check`` does (runner.collect, the
nearest configuration, the same profile); each linter is asked to extract the record while it
checks, so the parts present come from the same checklist the check shows.
"""

from __future__ import annotations

import argparse
import os
import sys

from govlint import __version__
from govlint.errors import UsageError

EXTRACT_FORMATS = ("json", "csv", "table")


def add_parser(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:  # type: ignore[type-arg]
    from govlint.cli import _codes, _jobs, _megabytes

    extract = sub.add_parser("extract", help="把各报告中的数字（听证、行政诉讼、复议等）导出为表格", parents=parents)
    extract.add_argument("paths", nargs="*", default=["."], help="报告文件或目录；- 表示标准输入")
    extract.add_argument(
        "-f",
        "--format",
        dest="format",
        default=None,
        help="输出格式：json、csv、table（默认：终端上为 table，否则为 json）",
    )
    extract.add_argument("-o", "--output-file", help="把结果写入此文件而不是标准输出")
    extract.add_argument("--stdin-filename", help="从标准输入读取时，结果中使用的文件名")
    extract.add_argument("--input-format", help="强制指定输入格式（默认按扩展名判断）")
    extract.add_argument("-j", "--jobs", type=_jobs, default=None, help="并行处理的进程数（默认：CPU 核数）")
    extract.add_argument(
        "--exclude",
        type=_codes,
        action="extend",
        default=None,
        help="遍历目录时跳过匹配这些 glob 的文件或目录（逗号分隔，可重复）",
    )
    extract.add_argument(
        "--force-exclude",
        action="store_true",
        help="直接指定的文件也按 exclude、.govlintignore、.gitignore 排除（与 check 相同）",
    )
    extract.add_argument(
        "--max-file-size", type=_megabytes, default=None, help="超过此大小（MB）的文件不处理（默认 50）"
    )
    extract.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="是否使用颜色")
    extract.set_defaults(func=cmd_extract)


def figure_keys(linters: list) -> tuple[list[str], dict[str, str]]:  # type: ignore[type-arg]
    """The extracted figure keys of every configuration used, in definition order, and their names."""
    keys: dict[str, str] = {}
    for linter in linters:
        for key, figure in linter.ruleset.figures.items():
            if figure.extracted:
                keys.setdefault(key, figure.name)
    return list(keys), keys


def cmd_extract(args: argparse.Namespace) -> int:
    from govlint.cli import EXIT_CLEAN, EXIT_ERROR, _use_color, write_output
    from govlint.config import Resolver
    from govlint.extract import records
    from govlint.formats import records as out
    from govlint.runner import announce, check_paths, collect

    to_terminal = sys.stdout.isatty() and not args.output_file
    fmt = args.format or ("table" if to_terminal else "json")
    if fmt not in EXTRACT_FORMATS:
        raise UsageError(f"未知的输出格式“{fmt}”，可选：{'、'.join(EXTRACT_FORMATS)}")
    resolver = Resolver(args)
    resolver.extract = True
    first = resolver.settings_for(args.paths[0] if args.paths else ".")
    files, results = collect(args.paths, first.exclude, force_exclude=args.force_exclude)
    if not files and not results and args.force_exclude and any(os.path.isfile(path) for path in args.paths):
        return EXIT_CLEAN  # every file named was excluded, as `check --force-exclude` treats it
    if not files and not results:
        raise UsageError("没有找到可处理的报告文件")
    from govlint.fileio import refuse_overwriting_inputs

    refuse_overwriting_inputs([args.output_file] if args.output_file else [], files)
    results += check_paths(
        resolver,
        files,
        jobs=args.jobs,
        input_format=args.input_format,
        keep_text=False,
        stdin_name=args.stdin_filename,
        show_progress=sys.stderr.isatty(),
    )
    announce(results)
    keys, names = figure_keys(resolver.used_linters())
    rows = records(results)
    if fmt == "json":
        text = out.render_json(rows, __version__)
    elif fmt == "csv":
        text = out.render_csv(rows, keys)
    else:
        text = out.render_table(rows, keys, names, _use_color(args.color, to_terminal))
    write_output(text, args.output_file)
    return EXIT_ERROR if any(result.error for result in results) else EXIT_CLEAN
