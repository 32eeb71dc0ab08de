"""Checking many inputs: expand paths, load and check each file, keep going past bad ones.

Directories are walked in sorted order; hidden directories, ``exclude`` globs and the patterns of
``.gitignore`` / ``.govlintignore`` files met on the way are honoured. Files named on the command
line are always checked. Problems met in a walk (broken symlinks, symlink loops, unreadable
directories, special files) become error results, so the run checks everything else and exits 2.

Many files are checked by a process pool (``check_files(..., jobs=N)``); results come back in
input order whatever N is.
"""

from __future__ import annotations

import functools
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
    except Exception as exc:  # a bug met on one odd file (a reader, the parser) must not cost the others
        reason = (str(exc).splitlines() or [""])[0][:120]
        message = f"检查此文件时 govlint 内部出错（{type(exc).__name__}: {reason}），请把此文件报告给维护者"
        return FileResult(path, error=message)


def _work(
    linter: Linter,
    input_format: str | None,
    keep_text: bool,
    transform: Callable[[FileResult], Any] | None,
    previous: dict[str, str],
    path: str,
) -> Any:
    """Check one file where it is checked (in a worker or in-process) and make the payload the
    caller wants of it: the result itself, or what ``transform`` keeps of it."""
    # Looked up at call time, so a test can replace _check_one before the workers fork.
    result = (
        _check_one(linter, path, input_format, previous.get(path))
        if previous
        else _check_one(linter, path, input_format)
    )
    if not keep_text:
        # The parent may hold every result until the end: do not ship report texts it will not show.
        result.text = ""
    return transform(result) if transform is not None else result


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def check_files(linter: Linter, paths: list[str], jobs: int = 1, **options: Any) -> list[FileResult]:
    """Check files, with ``jobs`` processes when there are enough of them; results in input order
    (``options``: those of :func:`iter_files`)."""
    return list(iter_files(linter, paths, jobs, **options))


# What a file whose check killed its worker process gets (out of memory, a crash in a library).
WORKER_DIED = "检查此文件时检查进程意外退出（可能是内存不足），其余文件已照常检查"


def iter_files(
    linter: Linter,
    paths: list[str],
    jobs: int = 1,
    input_format: str | None = None,
    keep_text: bool = True,
    advance: Callable[[int], None] | None = None,
    transform: Callable[[FileResult], Any] | None = None,
    previous: dict[str, str] | None = None,
) -> Iterator[Any]:
    """Check files and yield, in input order and as soon as each is ready, a ``FileResult`` per
    file, or what ``transform`` (a picklable callable, run where the file was checked) made of it.
    ``previous`` maps a file to last year's report it is read beside.

    With ``jobs`` > 1 and enough files, worker processes check them (``govlint.workers``); a file
    whose check kills its worker becomes an error result and the others are still checked.
    """
    work = functools.partial(_work, linter, input_format, keep_text, transform, previous or {})
    if jobs <= 1 or len(paths) < MIN_FILES_FOR_POOL:
        for path in paths:
            yield work(path)
            if advance:
                advance(1)
        return
    from govlint import workers

    for index, payload in workers.run(list(enumerate(paths)), work, min(jobs, len(paths))):
        if isinstance(payload, workers.WorkerDied):
            died = FileResult(paths[index], error=WORKER_DIED)
            payload = transform(died) if transform is not None else died
        yield payload
        if advance:
            advance(1)


def announce(results: list[FileResult]) -> None:
    """Name each file as the formats show it (non-UTF-8 bytes as \\xff) and say on stderr, one line
    each, which files could not be checked."""
    from govlint.errors import printable_path

    for result in results:
        result.path = printable_path(result.path)
        if result.error:
            print(f"govlint: {result.path}: {result.error}", file=sys.stderr)


def _stdin_bytes(linter: Linter) -> bytes:
    # At most one byte over the limit: load() then refuses it, and `cat /dev/zero |` cannot fill memory.
    return sys.stdin.buffer.read(linter.settings.max_file_size + 1)


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
    if fixer is None:
        return list(
            iter_paths(
                resolver, files, jobs, input_format, stdin_name, show_progress, keep_text=keep_text, previous=previous
            )
        )
    results: list[FileResult] = []
    for path in files:
        linter = resolver.linter_for(stdin_name or "-" if path == "-" else path)
        if path == "-":
            display = stdin_name or "-"
            result = fixer.check(
                "-", data=_stdin_bytes(linter), display=display, input_format=input_format, linter=linter
            )
        else:
            result = fixer.check(path, input_format=input_format, linter=linter)
        result.fail_on = linter.settings.fail_on
        results.append(result)
    return results


def iter_paths(
    resolver: Resolver,
    files: list[str],
    jobs: int | None = None,
    input_format: str | None = None,
    stdin_name: str | None = None,
    show_progress: bool = False,
    transform: Callable[[FileResult], Any] | None = None,
    keep_text: bool = True,
    previous: dict[str, str] | None = None,
) -> Iterator[Any]:
    """``check_paths`` without a fixer, as a stream of what ``transform`` makes of each result (in
    the order of ``files``; ``fail_on`` set on each). With one configuration for every file (the
    usual case) each is yielded as soon as it and the files before it are done; with several, each
    configuration's files are checked in turn and the payloads held until their turn comes."""

    def finish(payload: Any, linter: Linter) -> Any:
        payload.fail_on = linter.settings.fail_on
        return payload

    on_disk = [path for path in files if path != "-"]
    groups: dict[int, list[str]] = {}
    for path in on_disk:
        groups.setdefault(id(resolver.linter_for(path)), []).append(path)
    by_id = {id(linter): linter for linter in resolver.linters()}
    held: dict[str, Any] = {}
    with progress(len(on_disk), show_progress) as advance:
        for key, paths in groups.items():
            linter = by_id[key]
            stream = iter_files(
                linter, paths, jobs or default_jobs(), input_format, keep_text, advance, transform, previous
            )
            if len(groups) == 1 and len(on_disk) == len(files):
                yield from (finish(payload, linter) for payload in stream)
                return
            held.update(zip(paths, stream, strict=True))
    for path in files:
        linter = resolver.linter_for(stdin_name or "-" if path == "-" else path)
        if path == "-":
            result = check_file(
                linter,
                "-",
                data=_stdin_bytes(linter),
                display=stdin_name or "-",
                input_format=input_format,
                previous=(previous or {}).get("-"),
            )
            payload = transform(result) if transform is not None else result
        else:
            payload = held.pop(path)
        yield finish(payload, linter)


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
