"""Stage 6, the command line: ``govlint check``, ``rules``, ``rule``, ``config show``.

Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, input, rule or config error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from govlint import __version__
from govlint.argparse_zh import Parser
from govlint.errors import GovlintError, UsageError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "never")


_Parser = Parser  # Chinese texts, one-line errors, options and paths in any order (argparse_zh)


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"进程数应为正整数：{value}")
    return jobs


def _megabytes(value: str) -> int:
    try:
        size = float(value)
    except ValueError:
        size = 0.0
    if not size > 0:
        raise argparse.ArgumentTypeError(f"文件大小上限应为正数（单位 MB）：{value}")
    return int(size * 1024 * 1024)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="govlint", description="法治政府建设年度报告检查工具")
    parser.add_argument("--version", action="version", version=f"govlint {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    # What to check and how strictly: the same options for `check` and `config show`.
    selection = _Parser(add_help=False)
    selection.add_argument("--config", help="使用此配置文件（不再逐级查找 .govlint.yaml / pyproject.toml）")
    selection.add_argument(
        "--profile", help="配置档：auto（默认，按每份报告推断）、town、county、department 或配置档文件路径"
    )
    selection.add_argument("--select", type=_codes, default=None, help="只启用这些规则（代码、前缀或名称，逗号分隔）")
    selection.add_argument("--extend-select", type=_codes, default=None, help="在已选规则之外再启用这些规则")
    selection.add_argument("--ignore", type=_codes, default=None, help="停用这些规则")
    selection.add_argument(
        "--fail-on", choices=FAIL_LEVELS, default=None, help="达到此级别的问题使退出码为 1（默认 error）"
    )
    selection.add_argument("--report-year", type=int, help="报告年度（默认从标题读取）")

    check = sub.add_parser("check", help="检查报告文件", parents=[selection])
    check.add_argument("paths", nargs="*", default=["."], help="报告文件或目录；- 表示标准输入")
    check.add_argument(
        "-f",
        "--format",
        "--output-format",
        dest="format",
        default=None,
        help="输出格式：full、concise、json、json-lines、sarif、github、gitlab、junit、html，"
        "或 auto（GitHub Actions 中为 github；默认：终端上为 full，否则为 concise）",
    )
    check.add_argument("-o", "--output-file", help="把结果写入此文件而不是标准输出")
    check.add_argument("--exit-zero", action="store_true", help="有问题也以 0 退出（输入或配置错误仍为 2）")
    check.add_argument("--stdin-filename", help="从标准输入读取时，结果中使用的文件名")
    check.add_argument("--input-format", help="强制指定输入格式（默认按扩展名判断）")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="是否使用颜色")
    check.add_argument("--baseline", help="不报告此基线文件中已记录的问题，只报告新问题")
    check.add_argument("--write-baseline", metavar="基线文件", help="把当前全部问题记入基线文件（YAML），不输出报告")
    check.add_argument("--fix", action="store_true", help="自动修复可安全修复的问题（改写 .txt、.md），再报告其余问题")
    check.add_argument("--unsafe-fixes", action="store_true", help="与 --fix 或 --diff 同用：也应用不一定安全的修复")
    check.add_argument("--diff", action="store_true", help="只显示 --fix 将做的修改（统一差异格式），不写文件")
    check.add_argument(
        "--fix-only", action="store_true", help="只修复，只列出改动了的文件，不报告其余问题（pre-commit 的修复钩子）"
    )
    check.add_argument(
        "-j", "--jobs", type=_jobs, default=None, help="并行检查的进程数（默认：CPU 核数；1 表示不开子进程）"
    )
    check.add_argument(
        "--exclude",
        type=_codes,
        action="extend",
        default=None,
        help="遍历目录时跳过匹配这些 glob 的文件或目录（逗号分隔，可重复；直接指定的文件总会检查）",
    )
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="直接指定的文件也按 exclude、.govlintignore、.gitignore 排除（供 pre-commit 使用）",
    )
    check.add_argument("--statistics", action="store_true", help="只输出每个规则代码的问题数")
    check.add_argument(
        "--show-all", action="store_true", help="逐条显示全部问题（full 格式默认折叠同一规则的大量问题）"
    )
    check.add_argument("--max-file-size", type=_megabytes, default=None, help="超过此大小（MB）的文件不检查（默认 50）")
    check.add_argument(
        "--previous",
        metavar="LAST",
        help="与上一年度的报告 LAST 对照检查（GL501 沿用上年文字、GL502 上年安排未再提及）；只能检查一个报告",
    )
    check.set_defaults(func=cmd_check)

    config = sub.add_parser("config", help="config show [路径]：显示生效的配置及每项的来源", parents=[selection])
    config.add_argument("action", choices=("show",))
    config.add_argument("path", nargs="?", default=".", help="报告文件或目录（默认当前目录）")
    config.set_defaults(func=cmd_config)

    init = sub.add_parser("init", help="在当前目录（或指定目录）写入带注释的 .govlint.yaml")
    init.add_argument("directory", nargs="?", default=".", help="写入的目录（默认当前目录）")
    init.add_argument("--force", action="store_true", help="覆盖已有的 .govlint.yaml")
    init.set_defaults(func=cmd_init)

    rules = sub.add_parser("rules", help="列出全部规则；rules test [路径] 运行规则自带的示例")
    rules.add_argument("action", nargs="?", choices=("list", "test"), default="list")
    rules.add_argument("paths", nargs="*", help="规则文件或目录（rules test）")
    rules.set_defaults(func=cmd_rules)

    rule = sub.add_parser("rule", help="显示一条规则的说明")
    rule.add_argument("code", help="规则代码或名称，如 GL201 或 hearing-count")
    rule.set_defaults(func=cmd_rule)

    from govlint.extract_cli import add_parser as add_extract

    add_extract(sub, [selection])
    return parser


def _use_color(choice: str, stream_is_tty: bool) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream_is_tty


def write_output(text: str, output_file: str | None) -> None:
    """Write to stdout, or atomically to a file (never a half-written file)."""
    if not output_file:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from govlint.fileio import write_text_atomic

    write_text_atomic(Path(output_file), text, UsageError, "无法写入输出文件")


def exit_status(results: list, fail_on: str, exit_zero: bool) -> int:  # type: ignore[type-arg]
    from govlint.diagnostics import Severity

    if any(result.error for result in results):
        return EXIT_ERROR
    if exit_zero or fail_on == "never":
        return EXIT_CLEAN
    threshold = Severity(fail_on).rank
    if any(f.severity.rank >= threshold for result in results for f in result.findings):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def cmd_check(args: argparse.Namespace) -> int:
    from govlint import formats
    from govlint.config import Resolver
    from govlint.runner import announce, check_paths, collect

    # Each file uses its nearest config (or --config); one Linter per distinct config, cached.
    resolver = Resolver(args)
    to_terminal = sys.stdout.isatty() and not args.output_file
    fmt = args.format or ("full" if to_terminal else "concise")
    if fmt == "auto":
        fmt = formats.auto(to_terminal)
    renderer = formats.get(fmt)
    # The html index is a dashboard: it shows each report's figures, which the linters extract.
    resolver.extract = fmt == "html"
    if args.baseline or args.write_baseline:
        from govlint import baseline
    known_baseline = baseline.read(Path(args.baseline)) if args.baseline else None
    first = resolver.settings_for(args.paths[0] if args.paths else ".")
    files, results = collect(args.paths, first.exclude, force_exclude=args.force_exclude)
    if not files and not results and args.force_exclude and any(os.path.isfile(path) for path in args.paths):
        return EXIT_CLEAN  # every file named was excluded (pre-commit passing only a README): nothing to do
    if not files and not results:
        raise UsageError("没有找到可检查的报告文件（支持：" + "、".join(_extensions()) + "）")
    if args.fix_only:
        if args.diff:
            raise UsageError("--fix-only 不能与 --diff 同用")
        args.fix = True
    from govlint.fileio import refuse_overwriting_inputs

    refuse_overwriting_inputs([p for p in (args.output_file, args.write_baseline) if p], files)
    fixer = _fixer(args)
    from govlint.pairing import previous_reports
    from govlint.runner import default_jobs

    jobs = args.jobs or default_jobs()
    pairs = previous_reports(args.previous, files, resolver, args.input_format, fixer is not None, jobs)
    from govlint import stream

    if stream.applies(fmt, args, fixer):
        # Each file's output written as it is ready (govlint.stream): same bytes, flat memory.
        return stream.check(
            resolver, files, results, fmt, args, previous=pairs, color=_use_color(args.color, to_terminal)
        )
    # Concise and JSON output need no report text (baselines fingerprint it): don't keep it per report.
    keep_text = bool(args.baseline or args.write_baseline) or (fmt not in ("concise", "json") and not args.statistics)
    results += check_paths(
        resolver,
        files,
        fixer=fixer,
        jobs=args.jobs,
        input_format=args.input_format,
        keep_text=keep_text,
        stdin_name=args.stdin_filename,
        show_progress=sys.stderr.isatty(),
        previous=pairs,
    )
    announce(results)
    if args.write_baseline:
        target = Path(args.write_baseline)
        # Rewriting a baseline keeps the reasons people wrote into it (an invalid file is an error,
        # not something to overwrite silently).
        previous = known_baseline or (baseline.read(target) if target.exists() else None)
        written = baseline.build(results, target, previous)
        baseline.write(written, target)
        total = sum(entry.count for entry in written.entries)
        print(f"govlint: 已写入基线 {target}：{len(written.entries)} 条记录，共 {total} 个问题", file=sys.stderr)
        return EXIT_ERROR if any(result.error for result in results) else EXIT_CLEAN
    if known_baseline is not None:
        for entry in baseline.apply(known_baseline, results):
            print(
                f"govlint: 警告：{args.baseline}: 基线记录已过时（{entry.path} {entry.code} {entry.fingerprint}"
                f" 少了 {entry.count} 处，问题可能已修复；可用 --write-baseline 更新）：{entry.message}",
                file=sys.stderr,
            )
    rules = {rule.code: rule for linter in resolver.used_linters() for rule in linter.ruleset.rules}
    if fixer and args.fix_only:
        return _report_fix_only(fixer, results)
    if fixer and args.diff:
        color = _use_color(args.color, to_terminal) and not args.output_file
        return _report_diff(fixer, results, args.output_file, color)
    info = formats.RunInfo(
        version=__version__,
        rules=[rules[code] for code in sorted(rules)],
        color=_use_color(args.color, to_terminal),
        fixed=fixer.fixed if fixer else 0,
        statistics=args.statistics,
        show_all=args.show_all or bool(args.select),
    )
    if resolver.extract:
        from govlint.extract_cli import figure_keys

        info.figures = figure_keys(resolver.linters())[1]
    write = formats.writer(fmt)
    if args.statistics:
        from govlint.formats import summary

        write_output(summary.statistics(results, info, as_json=fmt == "json"), args.output_file)
    elif write is not None:
        write(results, info, args.output_file)
    else:
        output = renderer(results, info)
        if fmt == "full" and len(results) > 1:
            from govlint.formats import summary

            output += summary.table([summary.row(result) for result in results], info)
        if fixer and fixer.stdin_output is not None:
            # As ruff does: the fixed text of standard input goes to stdout, the report to stderr.
            sys.stdout.buffer.write(fixer.stdin_output)
            sys.stdout.flush()
            if not args.output_file:
                sys.stderr.write(output)
                output = ""
        if output or args.output_file:
            write_output(output, args.output_file)
    if fixer and fixer.fixed and fmt != "full":
        print(f"govlint: 已自动修复 {fixer.fixed} 处（{fixer.changed_files} 个文件）", file=sys.stderr)
    return max(exit_status([result], result.fail_on, args.exit_zero) for result in results)


def cmd_config(args: argparse.Namespace) -> int:
    from govlint.config import Resolver, show

    resolver = Resolver(args)
    # Building the linter validates selectors, severity codes, rule directories and the profile.
    linter = resolver.linter_for(args.path)
    sys.stdout.write(show(resolver.settings_for(args.path), linter))
    return EXIT_CLEAN


def cmd_init(args: argparse.Namespace) -> int:
    from govlint.config import starter_config

    directory = Path(args.directory)
    if not directory.is_dir():
        raise UsageError("目录不存在", str(directory))
    target = directory / ".govlint.yaml"
    if target.exists() and not args.force:
        raise UsageError("配置文件已存在；如要覆盖请加 --force", str(target))
    text, schema = starter_config()
    write_output(text, str(target))
    print(f"已写入 {target}")
    print(f"（如需编辑器补全，可在文件首行加：# yaml-language-server: $schema={schema}，此路径只在本机有效）")
    return EXIT_CLEAN


def _fixer(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The Fixer for --fix / --diff (None without them)."""
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes 需与 --fix 或 --diff 同用")
    if not (args.fix or args.diff):
        return None
    from govlint.fix import Fixer

    return Fixer(unsafe=args.unsafe_fixes, write=not args.diff)


def _report_diff(fixer, results: list, output_file: str | None, color: bool = False) -> int:  # type: ignore[no-untyped-def,type-arg]
    """--diff: print what --fix would change (coloured as git does on a terminal); exit 1 if anything would change."""
    if color:
        from govlint.diffcolor import colorize

        write_output(colorize(fixer.diff()), output_file)
    else:
        write_output(fixer.diff(), output_file)
    if fixer.fixed:
        print(f"govlint: --fix 将修复 {fixer.fixed} 处（{fixer.changed_files} 个文件）", file=sys.stderr)
    if any(result.error for result in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if fixer.changed_files or fixer.suggested else EXIT_CLEAN


def _report_fix_only(fixer, results: list) -> int:  # type: ignore[no-untyped-def,type-arg]
    """--fix-only: one line per file that was changed, nothing about what remains (as ruff --fix-only)."""
    if fixer.stdin_output is not None:  # standard input: the fixed text, as with --fix
        sys.stdout.buffer.write(fixer.stdin_output)
        sys.stdout.flush()
    for outcome in fixer.outcomes:
        if outcome.changed and outcome.applied and fixer.stdin_output is None:
            print(f"{outcome.result.path}: 已自动修复 {outcome.applied} 处")
    return EXIT_ERROR if any(result.error for result in results) else EXIT_CLEAN


def _extensions() -> list[str]:
    from govlint.load import EXTENSIONS

    return sorted(EXTENSIONS)


def cmd_rules(args: argparse.Namespace) -> int:
    from govlint import ruledocs

    if args.action == "test":
        return ruledocs.test_rules([Path(p) for p in args.paths])
    ruledocs.list_rules()
    return EXIT_CLEAN


def cmd_rule(args: argparse.Namespace) -> int:
    from govlint import ruledocs

    ruledocs.show_rule(args.code)
    return EXIT_CLEAN


def _console_safe() -> None:
    """A console that cannot show a character (U+20000 on a Chinese Windows console, GBK) shows "?"
    instead: a report's rare character must not turn a run into a traceback or change its status."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    _console_safe()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_ERROR
        status: int = args.func(args)
        return status
    except GovlintError as exc:
        print(f"govlint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("govlint: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `govlint check … | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN
    except OSError as exc:
        # A file system problem no stage foresaw: still one line naming the file, never a traceback.
        from govlint.fileio import describe_os_error

        name = str(exc.filename or "")
        name = name if len(name) <= 80 else name[:80] + "…"
        print(f"govlint: {name}: {describe_os_error(exc)}", file=sys.stderr)
        return EXIT_ERROR
