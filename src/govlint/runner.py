"""Checking many inputs: expand paths, load and check each file, keep going past bad ones.

Directories are walked in sorted order; hidden directories, ``exclude`` globs and the patterns of
``.gitignore`` / ``.govlintignore`` files met on the way are honoured. Files named on the command
line are always checked. Problems met in a walk (broken symlinks, symlink loops, unreadable
directories, special files) become error results, so the run checks everything else and exits 2.

Many files are checked by a process pool (``check_files(..., jobs=N)``); results come back in
input order whatever N is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govlint.diagnostics import FileResult
from govlint.engine import Linter
from govlint.errors import InputError, os_reason
from govlint.fileio import MAX_CONFIG_BYTES, read_regular
from govlint.load import EXTENSIONS, load

if TYPE_CHECKING:
    from concurrent.futures import Future

    from pathspec import GitIgnoreSpec

    from govlint.config import Resolver
    from govlint.fix import Fixer

IGNORE_FILES = (".gitignore", ".govlintignore")
# Below this many files a process pool costs more to start than it saves.
MIN_FILES_FOR_POOL = 16


# ---- collecting files ------------------------------------------------------------------------


def _spec(lines: Iterable[str]) -> GitIgnoreSpec | None:
    lines = [line for line in lines if line.strip()]
    if not lines:
        return None
    # Imported only when there are patterns: a one-file run should not pay for pathspec.
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)


@dataclass
class _Ignore:
    """The patterns of one ignore file, relative to the directory that holds it."""

    base: str
    spec: GitIgnoreSpec


def _read_ignore(directory: str) -> list[_Ignore]:
    found = []
    for name in IGNORE_FILES:
        path = os.path.join(directory, name)
        try:
            # A FIFO or device named .gitignore must not stall the walk: regular files only, size-capped.
            text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8", "replace")
        except InputError:
            continue
        spec = _spec(text.splitlines())
        if spec is not None:
            found.append(_Ignore(directory, spec))
    return found


def _ignored(path: str, is_dir: bool, ignores: list[_Ignore]) -> bool:
    """Git's rule: the deepest ignore file with a matching pattern decides (``!`` re-includes)."""
    for ignore in reversed(ignores):
        relative = os.path.relpath(path, ignore.base).replace(os.sep, "/") + ("/" if is_dir else "")
        decided = ignore.spec.check_file(relative).include
        if decided is not None:
            return bool(decided)
    return False


class _Walk:
    """One walk over the paths given: the files found, in order, and the problems met."""

    def __init__(self, exclude: list[str]) -> None:
        self.exclude = _spec(exclude)
        self.files: list[str] = []
        self.problems: list[FileResult] = []

    def excluded(self, path: str, root: str, is_dir: bool) -> bool:
        if self.exclude is None:
            return False
        suffix = "/" if is_dir else ""
        relative = os.path.relpath(path, root).replace(os.sep, "/")
        as_given = os.path.normpath(path).replace(os.sep, "/")
        return any(self.exclude.check_file(p + suffix).include for p in {relative, as_given})

    def directory(self, root: str) -> None:
        """Add the report files under ``root``, depth first in name order (iteratively: a directory
        tree deeper than Python's recursion limit is still walked)."""
        stack: list[_Frame] = []
        first = self._open(root, [], ())
        if first:
            stack.append(first)
        while stack:
            entries, ignores, ancestors = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                continue
            path = entry.path
            try:
                is_dir = entry.is_dir()  # follows symlinks
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                if entry.name.startswith(".") or self.excluded(path, root, True) or _ignored(path, True, ignores):
                    continue
                frame = self._open(path, ignores, ancestors)
                if frame:
                    stack.append(frame)
                continue
            if Path(entry.name).suffix.lower() not in EXTENSIONS:
                continue
            if self.excluded(path, root, False) or _ignored(path, False, ignores):
                continue
            if is_file:
                self.files.append(path)
            else:
                self.problems.append(FileResult(path, error=_why_not_a_file(path)))

    def _open(self, directory: str, ignores: list[_Ignore], ancestors: tuple[tuple[int, int], ...]) -> _Frame | None:
        """A directory's sorted entries with the ignore files in force there; None (and a problem
        recorded) when it cannot be read or is its own ancestor (a symlink loop)."""
        try:
            info = os.stat(directory)
            identity = (info.st_dev, info.st_ino)
            if identity in ancestors:
                self.problems.append(FileResult(directory, error="符号链接形成循环，已跳过"))
                return None
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except PermissionError:
            self.problems.append(FileResult(directory, error="没有读取权限（目录），已跳过"))
            return None
        except OSError as exc:
            self.problems.append(FileResult(directory, error=f"无法读取目录：{os_reason(exc)}"))
            return None
        return iter(entries), ignores + _read_ignore(directory), (*ancestors, identity)


# A directory being walked: its remaining entries, the ignore files in force, (device, inode) of it
# and its ancestors.
_Frame = tuple[Iterator[os.DirEntry[str]], list[_Ignore], tuple[tuple[int, int], ...]]


def _why_not_a_file(path: str) -> str:
    """Why a report-named entry in a walk cannot be read as a file (it is never opened: a FIFO would block)."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "符号链接形成循环，已跳过"
        if os.path.islink(path):
            return "符号链接指向的文件不存在，已跳过"
        if isinstance(exc, PermissionError):
            return "没有读取权限（所在目录无法访问）"
        if isinstance(exc, FileNotFoundError):
            return "文件不存在"
        return f"无法访问：{os_reason(exc)}"
    return "不是普通文件（管道、设备或套接字），已跳过"


def _force_excluded(path: str, walk: _Walk) -> bool:
    """--force-exclude: whether a file named on the command line is excluded as a walk of the working
    directory would exclude it (or, outside it, a walk of the file's own directory)."""
    here = os.getcwd()
    target = os.path.abspath(path)
    root = here if os.path.commonpath([here, target]) == here else os.path.dirname(target)
    ignores = _read_ignore(root)
    directory = root
    for part in os.path.relpath(os.path.dirname(target), root).split(os.sep):
        if part in ("", "."):
            continue
        directory = os.path.join(directory, part)
        if walk.excluded(directory, root, True) or _ignored(directory, True, ignores):
            return True
        ignores = ignores + _read_ignore(directory)
    return walk.excluded(target, root, False) or walk.excluded(path, root, False) or _ignored(target, False, ignores)


def collect(
    paths: list[str], exclude: list[str] | None = None, force_exclude: bool = False
) -> tuple[list[str], list[FileResult]]:
    """Expand directories into the report files under them (sorted). Problems become error results."""
    walk = _Walk(list(exclude or []))
    for path in paths:
        if path == "-":
            walk.files.append(path)
        elif os.path.isdir(path):
            walk.directory(path)
        elif os.path.exists(path):
            # Named explicitly: checked whatever exclude or ignore files say, unless --force-exclude.
            if force_exclude and _force_excluded(path, walk):
                continue
            walk.files.append(path)
        else:
            walk.problems.append(FileResult(path, error=_why_not_a_file(path)))
    return walk.files, walk.problems


# ---- checking --------------------------------------------------------------------------------


def check_file(
    linter: Linter,
    path: str,
    data: bytes | None = None,
    display: str | None = None,
    input_format: str | None = None,
    previous: str | None = None,
) -> FileResult:
    """Load and check one file (beside ``previous``, last year's report, if given); an unreadable
    file becomes a result with its error."""
    shown = display or path
    try:
        limit = linter.settings.max_file_size
        source = (
            load(shown, data=data, input_format=input_format, max_bytes=limit)
            if data is not None
            else load(path, input_format=input_format, max_bytes=limit)
        )
        source.path = shown
    except InputError as exc:
        return FileResult(shown, error=exc.message)
    last = None
    if previous is not None:
        try:
            last = load(previous, input_format=input_format, max_bytes=limit)
        except InputError as exc:
            return FileResult(shown, error=f"上一年度报告 {previous} 无法读取：{exc.message}")
    return linter.check_source(source, last)


# Per worker process: the linter its initializer received (rules compiled once per worker).
_WORKER: dict[str, Any] = {}


class _Relay(Exception):
    """A GovlintError raised in a worker, carried whole to the parent (its path and line survive pickling)."""


def _init_worker(
    linter: Linter, input_format: str | None, keep_text: bool, previous: dict[str, str] | None = None
) -> None:
    import signal

    # Ctrl-C is the parent's to handle: workers just stop, without a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(linter=linter, input_format=input_format, keep_text=keep_text, previous=previous or {})


def _check_chunk(chunk: list[tuple[int, str]]) -> list[tuple[int, FileResult]]:
    from govlint.errors import GovlintError

    linter: Linter = _WORKER["linter"]
    done = []
    for index, path in chunk:
        try:
            result = _check_one(linter, path, _WORKER["input_format"], _WORKER["previous"].get(path))
        except GovlintError as exc:
            raise _Relay(type(exc), exc.message, exc.path, exc.line) from None
        if not _WORKER["keep_text"]:
            # The parent holds every result until the end: do not ship report texts it will not show.
            result.text = ""
        done.append((index, result))
    return done


def _check_one(linter: Linter, path: str, input_format: str | None, previous: str | None = None) -> FileResult:
    from govlint.errors import GovlintError

    try:
        return check_file(linter, path, input_format=input_format, previous=previous)
    except RecursionError:
        return FileResult(path, error="报告结构嵌套过深，无法检查")
    except MemoryError:
        return FileResult(path, error="内存不足，无法检查此文件")
    except GovlintError as exc:
        if isinstance(exc, InputError):
            return FileResult(path, error=exc.message)
        raise


def _chunks(items: list[tuple[int, str]], jobs: int) -> Iterator[list[tuple[int, str]]]:
    # Several chunks per worker keep both busy to the end; big enough to amortise the IPC.
    size = max(1, min(64, len(items) // (jobs * 8) or 1))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def check_files(
    linter: Linter,
    paths: list[str],
    jobs: int = 1,
    input_format: str | None = None,
    keep_text: bool = True,
    advance: Callable[[int], None] | None = None,
    previous: dict[str, str] | None = None,
) -> list[FileResult]:
    """Check files, with ``jobs`` processes when there are enough of them; results in input order.
    ``previous`` maps a file to last year's report it is read beside."""
    items = list(enumerate(paths))
    previous = previous or {}
    if jobs <= 1 or len(items) < MIN_FILES_FOR_POOL:
        results = []
        for _, path in items:
            result = _check_one(linter, path, input_format, previous.get(path))
            if not keep_text:
                result.text = ""
            results.append(result)
            if advance:
                advance(1)
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from govlint.errors import GovlintError

    done: list[tuple[int, FileResult]] = []
    workers = min(jobs, len(items))
    futures: list[Future[list[tuple[int, FileResult]]]] = []
    # The whole pool's life is guarded: a worker can die while chunks are still being submitted,
    # and the pool can report that on shutdown as well as from a future.
    try:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_init_worker, initargs=(linter, input_format, keep_text, previous)
        ) as pool:
            futures.extend(pool.submit(_check_chunk, chunk) for chunk in _chunks(items, workers))
            for future in as_completed(futures):
                finished = future.result()
                done.extend(finished)
                if advance:
                    advance(len(finished))
    except BaseException as exc:
        for future in futures:
            future.cancel()
        if isinstance(exc, _Relay):
            kind, message, path, line = exc.args
            raise kind(message, path, line) from None
        if isinstance(exc, BrokenProcessPool):
            raise GovlintError("检查进程意外退出（可能是内存不足），可用 -j 1 重试以找出出问题的文件") from None
        raise
    done.sort(key=lambda pair: pair[0])
    return [result for _, result in done]


def check_paths(
    resolver: Resolver,
    files: list[str],
    fixer: Fixer | None = None,
    jobs: int | None = None,
    input_format: str | None = None,
    keep_text: bool = True,
    stdin_name: str | None = None,
    show_progress: bool = False,
    previous: dict[str, str] | None = None,
) -> list[FileResult]:
    """Check (or, with a fixer, fix) every collected file with its own configuration's linter.

    Files that share a configuration are checked together, in parallel with ``jobs``; "-" is
    standard input. Results come back in the order of ``files``. ``previous`` maps a file (or
    "-") to last year's report it is read beside (not with a fixer).
    """
    checked: dict[str, FileResult] = {}
    if fixer is None:
        on_disk = [path for path in files if path != "-"]
        groups: dict[int, list[str]] = {}
        for path in on_disk:
            groups.setdefault(id(resolver.linter_for(path)), []).append(path)
        by_id = {id(linter): linter for linter in resolver.linters()}
        with progress(len(on_disk), show_progress) as advance:
            for key, paths in groups.items():
                done = check_files(
                    by_id[key],
                    paths,
                    jobs=jobs or default_jobs(),
                    input_format=input_format,
                    keep_text=keep_text,
                    advance=advance,
                    previous=previous,
                )
                checked.update(zip(paths, done, strict=True))
    results: list[FileResult] = []
    for path in files:
        linter = resolver.linter_for(stdin_name or "-" if path == "-" else path)
        if path == "-":
            # At most one byte over the limit: load() then refuses it, and `cat /dev/zero |` cannot fill memory.
            data = sys.stdin.buffer.read(linter.settings.max_file_size + 1)
            display = stdin_name or "-"
            if fixer:
                result = fixer.check("-", data=data, display=display, input_format=input_format, linter=linter)
            else:
                result = check_file(
                    linter,
                    "-",
                    data=data,
                    display=display,
                    input_format=input_format,
                    previous=(previous or {}).get("-"),
                )
        elif fixer:
            result = fixer.check(path, input_format=input_format, linter=linter)
        else:
            result = checked[path]
        result.fail_on = linter.settings.fail_on
        results.append(result)
    return results


# ---- progress --------------------------------------------------------------------------------

# More files than this, on a terminal, get a progress bar.
PROGRESS_AFTER = 8


@contextmanager
def progress(total: int, terminal: bool) -> Iterator[Callable[[int], None] | None]:
    """A Rich progress bar on stderr for long runs on a terminal; yields its advance(n) or None."""
    if not terminal or total <= PROGRESS_AFTER:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # No refresh thread: the pool forks its workers after this starts, and forking a threaded
    # process is asking for trouble. Each completed chunk refreshes the bar instead.
    bar = Progress(
        TextColumn("检查中"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
    )
    task = bar.add_task("check", total=total)

    def advance(count: int) -> None:
        bar.advance(task, count)
        bar.refresh()

    with bar:
        yield advance
