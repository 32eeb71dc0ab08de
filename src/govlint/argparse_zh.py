"""The command-line parser in Chinese: argparse's own texts translated, options and paths in any order.

argparse looks its texts up through ``gettext`` at the moment it needs them (help titles when a
parser is built, "usage:" when help is printed, error messages when parsing fails). ``Parser``
answers those look-ups from the catalogue below while it is built, formats help or parses, and
leaves argparse as it was afterwards (so a program that imports govlint is not affected).
"""

from __future__ import annotations

import argparse
import difflib
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from govlint.errors import UsageError

# argparse's message ids (Python 3.10–3.13) → Chinese. An id missing here stays English.
CATALOGUE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的取值 %(value)r",
    "expected one argument": "缺少取值（需要一个值）",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与 %s 同用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "ignored explicit argument %r": "此选项不接受取值：%r",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}

# Placeholders in usage and help (argparse would print the option's name in capitals, in English).
METAVARS = {
    "config": "配置文件",
    "profile": "配置档",
    "select": "规则",
    "extend_select": "规则",
    "ignore": "规则",
    "report_year": "年份",
    "paths": "路径",
    "path": "路径",
    "format": "格式",
    "output_file": "文件",
    "stdin_filename": "文件名",
    "input_format": "格式",
    "baseline": "基线文件",
    "jobs": "进程数",
    "exclude": "GLOB",
    "max_file_size": "MB",
    "directory": "目录",
    "code": "规则代码",
}


def _gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextmanager
def chinese() -> Iterator[None]:
    """Within this block argparse speaks Chinese."""
    saved = getattr(argparse, "_", None), getattr(argparse, "ngettext", None)
    if saved[0] is None or saved[1] is None:  # an argparse that looks its texts up otherwise: stays English
        yield
        return
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """govlint's parser: errors are one Chinese line (exit 2); a subcommand's options and paths mix freely."""

    _intermixing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        with chinese():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with chinese():  # the help of a version action is looked up here
            action = super().add_argument(*args, **kwargs)
        if action.metavar is None and action.choices is None and action.nargs != 0:
            action.metavar = METAVARS.get(action.dest)
        return action

    def format_usage(self) -> str:
        with chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with chinese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        # One clear line, not a usage dump, and exit status 2 (as for any other usage error).
        raise UsageError(f"{message}（运行 {self.prog} --help 查看用法）")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        # A subcommand (no subparsers of its own) takes its options before, between or after its
        # paths, as ruff does: `config show --profile county r.txt`, `check a.txt --select GL3 b.txt`.
        with chinese():
            if self._subparsers is not None or self._intermixing:
                return super().parse_known_args(args, namespace)
            # argparse's intermixed parsing cuts len("usage: ") characters off the usage it shows:
            # hand it the usage without the (Chinese) prefix instead.
            saved_usage, self._intermixing = self.usage, True
            if saved_usage is None:
                self.usage = self.format_usage().removeprefix(_gettext("usage: ")).rstrip("\n")
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self.usage, self._intermixing = saved_usage, False

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with chinese():  # "unrecognized arguments" is looked up here
            return super().parse_args(args, namespace)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices]
        close = difflib.get_close_matches(str(value), names, n=1)
        hint = f"；是不是 {close[0]}？" if close else ""
        if isinstance(action, argparse._SubParsersAction):
            # No "argument command:" prefix: the user typed a command name.
            raise argparse.ArgumentError(None, f"没有命令“{value}”（可用：{'、'.join(names)}{hint}）")
        raise argparse.ArgumentError(action, f"无效的取值“{value}”（可选：{'、'.join(names)}{hint}）")


class _Formatter(argparse.HelpFormatter):
    """Help columns aligned on a terminal: a Chinese placeholder is two columns wide per character."""

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in invocation)
        first, newline, rest = text.partition("\n")
        head, found, tail = first.partition(invocation)
        padding = len(tail) - len(tail.lstrip(" "))
        if wide and found and tail.strip() and padding - wide >= 2:
            first = head + invocation + tail[wide:]
        return first + newline + rest
