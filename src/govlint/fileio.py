"""Reading the files a user points govlint at (reports, configs, rules, baselines) without trusting them.

Only regular files are read: a FIFO, ``/dev/zero`` or a terminal would block or never end. The size
limit is applied while reading, so a file that grows (or lies about its size) cannot take more.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from govlint.errors import GovlintError, InputError, os_reason

# Configuration, rule, area and profile files: a few KB in practice.
MAX_CONFIG_BYTES = 5 * 1024 * 1024
_CHUNK = 1024 * 1024


def megabytes(size: int) -> str:
    """A size limit as users read it: "50 MB", "0.5 MB"."""
    return f"{size / 1048576:.1f}".removesuffix(".0") + " MB"


def read_regular(
    path: str, max_bytes: int, error: type[GovlintError] = InputError, missing: str = "文件不存在"
) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; anything else is ``error`` with a clear reason."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        # Non-blocking: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(missing, path) from None
    except OSError as exc:
        raise error(describe_os_error(exc), path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error("这是一个目录，不是文件", path)
        if not stat.S_ISREG(info.st_mode):
            raise error("不是普通文件（管道、设备或套接字），不读取", path)
        if info.st_size > max_bytes:
            raise error(f"文件过大（{info.st_size / 1048576:.1f} MB，上限 {megabytes(max_bytes)}）", path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise error(f"文件过大（读取时超过上限 {megabytes(max_bytes)}）", path)
        return b"".join(chunks)
    except OSError as exc:
        raise error(describe_os_error(exc), path) from None
    finally:
        os.close(fd)


def read_regular_text(
    path: str, max_bytes: int, error: type[GovlintError], what: str, missing: str = "文件不存在"
) -> str:
    """A UTF-8 text file (config, rule, baseline) read as ``read_regular`` does; ``what`` names it."""
    data = read_regular(path, max_bytes, error, missing)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{what}不是 UTF-8 编码（第 {exc.start + 1} 字节）", path) from None


def describe_os_error(exc: OSError) -> str:
    """An OS error as a short Chinese reason."""
    if exc.errno == errno.ENOENT:
        return "文件不存在"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取权限"
    if exc.errno == errno.EISDIR:
        return "这是一个目录，不是文件"
    if exc.errno == errno.ELOOP:
        return "符号链接形成循环"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名过长"
    return f"无法读取：{os_reason(exc)}"


def found_file(path: str, error: type[GovlintError]) -> bool:
    """Whether a file that discovery looks for (``.govlint.yaml``) is there to read.

    Absent: False. A regular file (or a link to one): True. Anything else under that name (a
    symlink loop, a dangling link, a directory, a device, a FIFO) is ``error``: ignoring it would
    silently check with another configuration than the user wrote. A folder that cannot be
    searched (no permission) hides nothing the run could read anyway: False.
    """
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        if os.path.islink(path):
            raise error("是指向不存在文件的符号链接", path) from None
        return False
    except PermissionError:
        return False
    except OSError as exc:
        raise error(describe_os_error(exc), path) from None
    if stat.S_ISREG(info.st_mode):
        return True
    raise error("不是普通文件（目录、管道或设备），无法作为配置文件读取", path)


def is_dir(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a directory; False when it cannot be looked at (Path.is_dir raises then)."""
    return os.path.isdir(path)


def refuse_overwriting_inputs(targets: list[str], inputs: list[str]) -> None:
    """Raise UsageError when an output path is one of the checked files (or a link to one).

    ``-f html -o rep/index.html rep/`` writes a page per file beside the index: ``rep/a.html`` for
    the input ``rep/a.html`` would replace the report being reviewed.
    """
    from govlint.errors import UsageError

    seen: dict[tuple[int, int], str] = {}
    real: dict[str, str] = {}
    for path in inputs:
        if path == "-":
            continue
        real[os.path.normcase(os.path.realpath(path))] = path
        try:
            info = os.stat(path)
        except OSError:
            continue
        seen[(info.st_dev, info.st_ino)] = path
    for target in targets:
        try:
            info = os.stat(target)
            clash = seen.get((info.st_dev, info.st_ino))
        except OSError:
            clash = None
        clash = clash or real.get(os.path.normcase(os.path.realpath(target)))
        if clash is not None:
            raise UsageError(f"输出会覆盖被检查的文件 {clash}，请把输出写到别处", target)


def write_text_atomic(target: Path, text: str, error: type[GovlintError], failed: str) -> None:
    """Write UTF-8 text all or nothing: a fresh temporary file beside ``target``, then a rename.

    The temporary name is random and created exclusively (mkstemp): a link planted under a fixed
    name cannot redirect the write, and two runs writing the same output do not collide.
    ``failed`` starts the error message ("无法写入输出文件").
    """
    import tempfile

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".govlint-tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp makes the file 0600; an output file gets the mode any new file would (umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise error(f"{failed}：{os_reason(exc)}", str(target)) from None
