"""Stage 6, the command line: ``govlint check``, ``rules``, ``rule``, ``config show``.

Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage, input, rule or config error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from govlint import __version__
from govlint.errors import GovlintError, UsageError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "never")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line, not a usage dump, and exit status 2 (as for any other usage error).
        raise UsageError(f"{message}（运行 {self.prog} --help 查看用法）")


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
    parser.add_argument("--version", action="version", version=f"govlint {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = sub.add_parser("check", help="检查报告文件")
    check.add_argument("paths", nargs="*", default=["."], help="报告文件或目录；- 表示标准输入")
    check.add_argument("-f", "--format", "--output-format", dest="format", default=None,
                       help="输出格式：full、concise、json（默认：终端上为 full，否则为 concise）")
    check.add_argument("-o", "--output-file", help="把结果写入此文件而不是标准输出")
    check.add_argument("--select", type=_codes, default=None, help="只启用这些规则（代码、前缀或名称，逗号分隔）")
    check.add_argument("--extend-select", type=_codes, default=None, help="在已选规则之外再启用这些规则")
    check.add_argument("--ignore", type=_codes, default=None, help="停用这些规则")
    check.add_argument("--fail-on", choices=FAIL_LEVELS, default=None, help="达到此级别的问题使退出码为 1（默认 error）")
    check.add_argument("--exit-zero", action="store_true", help="有问题也以 0 退出（输入或配置错误仍为 2）")
    check.add_argument("--profile", help="配置档：town、county、department 或配置档文件路径")
    check.add_argument("--report-year", type=int, help="报告年度（默认从标题读取）")
    check.add_argument("--stdin-filename", help="从标准输入读取时，结果中使用的文件名")
    check.add_argument("--input-format", help="强制指定输入格式（默认按扩展名判断）")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="是否使用颜色")
    check.add_argument("-j", "--jobs", type=_jobs, default=None,
                       help="并行检查的进程数（默认：CPU 核数；1 表示不开子进程）")
    check.add_argument("--exclude", type=_codes, action="extend", default=None,
                       help="遍历目录时跳过匹配这些 glob 的文件或目录（逗号分隔，可重复；直接指定的文件总会检查）")
    check.add_argument("--statistics", action="store_true", help="只输出每个规则代码的问题数")
    check.add_argument("--max-file-size", type=_megabytes, default=None, help="超过此大小（MB）的文件不检查（默认 50）")
    check.set_defaults(func=cmd_check)

    rules = sub.add_parser("rules", help="列出全部规则；rules test [路径] 运行规则自带的示例")
    rules.add_argument("action", nargs="?", choices=("list", "test"), default="list")
    rules.add_argument("paths", nargs="*", help="规则文件或目录（rules test）")
    rules.set_defaults(func=cmd_rules)

    rule = sub.add_parser("rule", help="显示一条规则的说明")
    rule.add_argument("code", help="规则代码或名称，如 GL201 或 hearing-count")
    rule.set_defaults(func=cmd_rule)
    return parser


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from govlint.config import Settings

    settings = Settings()
    if getattr(args, "profile", None):
        settings.profile = args.profile
    if getattr(args, "select", None) is not None:
        settings.select = args.select
    if getattr(args, "extend_select", None) is not None:
        settings.extend_select = args.extend_select
    if getattr(args, "ignore", None) is not None:
        settings.ignore = args.ignore
    if getattr(args, "fail_on", None):
        settings.fail_on = args.fail_on
    if getattr(args, "report_year", None):
        settings.report_year = args.report_year
    if getattr(args, "exclude", None):
        settings.exclude = [*settings.exclude, *args.exclude]
    if getattr(args, "max_file_size", None):
        settings.max_file_size = args.max_file_size
    return settings


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
    target = Path(output_file)
    tmp = target.with_name(f".{target.name}.govlint-tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"无法写入输出文件：{exc.strerror or exc}", str(target)) from None


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
    from govlint.engine import Linter
    from govlint.runner import check_file, check_files, collect, default_jobs, progress

    settings = _settings(args)
    to_terminal = sys.stdout.isatty() and not args.output_file
    fmt = args.format or ("full" if to_terminal else "concise")
    renderer = formats.get(fmt)
    linter = Linter.from_settings(settings)
    files, results = collect(args.paths, settings.exclude)
    if not files and not results:
        raise UsageError("没有找到可检查的报告文件（支持：" + "、".join(_extensions()) + "）")
    on_disk = [path for path in files if path != "-"]
    # Only the full format shows source lines: other formats need not keep every report's text.
    keep_text = fmt not in ("concise", "json") and not args.statistics
    with progress(len(on_disk), sys.stderr.isatty()) as advance:
        checked = iter(check_files(linter, on_disk, jobs=args.jobs or default_jobs(),
                                   input_format=args.input_format, keep_text=keep_text, advance=advance))
    for path in files:
        if path == "-":
            data = sys.stdin.buffer.read()
            results.append(check_file(linter, "-", data=data, display=args.stdin_filename or "-",
                                      input_format=args.input_format))
        else:
            results.append(next(checked))
    for result in results:
        if result.error:
            print(f"govlint: {result.path}: {result.error}", file=sys.stderr)
    info = formats.RunInfo(version=__version__, rules=linter.ruleset.rules,
                           color=_use_color(args.color, to_terminal), statistics=args.statistics)
    if args.statistics:
        from govlint.formats import summary

        output = summary.statistics(results, info, as_json=fmt == "json")
    else:
        output = renderer(results, info)
        if fmt == "full" and len(results) > 1:
            from govlint.formats import summary

            output += summary.table(results, info)
    write_output(output, args.output_file)
    return exit_status(results, settings.fail_on, args.exit_zero)


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


def main(argv: list[str] | None = None) -> int:
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
