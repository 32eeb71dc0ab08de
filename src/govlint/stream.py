"""Streaming output: each file's part of the output is rendered where the file was checked (in a
worker process with ``-j``) and written in input order as soon as it and the files before it are
done, so the parent handles one string per file and memory stays flat with the number of reports.

Used by ``govlint check`` for ``concise``, ``json-lines``, ``github`` (their output is the
concatenation of each file's), ``full`` (each file's, then a closing line and table from each
file's counts), ``json`` (a head, each file's object, the summary), ``sarif``
(each file's results, put together once the rule table is known), ``gitlab`` (each file's issues
in one array) and ``junit`` (each file's suite, spooled until the totals that head the document
are known), when nothing needs every result
at once: no ``--fix``/``--diff``, baseline, ``--statistics``. The output is byte for byte what
rendering all results at once gives; ``--output-file`` is still written all or nothing.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from govlint.diagnostics import FileResult, Severity
from govlint.errors import UsageError

if TYPE_CHECKING:
    from govlint.config import Resolver
    from govlint.formats import RunInfo
    from govlint.formats.summary import Row

# Formats whose whole output is the concatenation of each file's output.
CONCATENATED = {
    "concise": "govlint.formats.concise",
    "json-lines": "govlint.formats.json_lines",
    "github": "govlint.formats.github",
}
# Formats whose output is each file's output (``render_file``), then a closing part made from
# what each file sent of its counts (``Rendered.row``), not from its findings.
CLOSED = {"full": "govlint.formats.full"}
# Formats with a head and a tail around each file's part (``render_file`` / ``write_stream``).
FRAMED = {
    "json": "govlint.formats.json",
    "sarif": "govlint.formats.sarif",
    "gitlab": "govlint.formats.gitlab",
    "junit": "govlint.formats.junit",
}
FORMATS = {**CONCATENATED, **CLOSED, **FRAMED}


@dataclass(slots=True)
class Rendered:
    """What the parent needs of one checked file: its output, its counts, its error."""

    path: str
    error: str | None
    # The file's part of the output in UTF-8 (surrogatepass: lossless; the sink decides what a
    # surrogate becomes, as the text layer did): bytes cross the pipe and reach the output without
    # being decoded and encoded again in the parent.
    data: bytes
    # Findings per severity: error, warning, info.
    counts: tuple[int, int, int]
    # Per code, in order of first appearance: (slug, severity, message) of its first finding (SARIF's rule table).
    codes: dict[str, tuple[str, Severity, str]] = field(default_factory=dict)
    fail_on: str = "error"
    # CLOSED formats: the file's line in the closing summary and table.
    row: Row | None = None


class Render:
    """The transform a worker applies to each result: the format's text for that file (picklable)."""

    def __init__(self, fmt: str, info: RunInfo) -> None:
        self.fmt = fmt
        self.info = info

    def __call__(self, result: FileResult) -> Rendered:
        from govlint.errors import printable_path

        # As every format shows a file name: bytes that are not UTF-8 as \xff escapes.
        result.path = printable_path(result.path)
        module = importlib.import_module(FORMATS[self.fmt])
        if self.fmt in CONCATENATED:
            text = module.render([result], self.info)
        else:
            text = module.render_file(result, self.info)
        counts = [0, 0, 0]
        codes: dict[str, tuple[str, Severity, str]] = {}
        for finding in result.findings:
            counts[_SLOT[finding.severity]] += 1
            if finding.code not in codes:
                codes[finding.code] = (finding.slug, finding.severity, finding.message)
        data = text.encode("utf-8", "surrogatepass")
        rendered = Rendered(result.path, result.error, data, (counts[0], counts[1], counts[2]), codes)
        if self.fmt in CLOSED:
            from govlint.formats.summary import row

            rendered.row = row(result)
        return rendered


_SLOT = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def applies(fmt: str, args: argparse.Namespace, fixer: object) -> bool:
    """Whether ``govlint check`` can stream this run."""
    return (
        fmt in FORMATS
        and fixer is None
        and not (args.baseline or args.write_baseline or args.statistics)
        and formats_writer_free(fmt)
    )


def formats_writer_free(fmt: str) -> bool:
    from govlint import formats

    return formats.writer(fmt) is None


def exit_status(rendered: Rendered, exit_zero: bool) -> int:
    """As ``cli.exit_status`` for one file."""
    if rendered.error:
        return 2
    if exit_zero or rendered.fail_on == "never":
        return 0
    threshold = Severity(rendered.fail_on).rank
    counts = zip(_SLOT, rendered.counts, strict=True)
    return int(any(count and severity.rank >= threshold for severity, count in counts))


class _Sink:
    """Standard output, or a fresh temporary file beside ``output_file`` renamed over it at the end
    (created as ``fileio.write_text_atomic`` creates it: random name, exclusive, then the umask's mode)."""

    def __init__(self, output_file: str | None) -> None:
        self.target = Path(output_file) if output_file else None
        self.handle: IO[str] = sys.stdout
        self.tmp: str | None = None
        if self.target is not None:
            import tempfile

            try:
                fd, self.tmp = tempfile.mkstemp(
                    prefix=f".{self.target.name}.", suffix=".govlint-tmp", dir=self.target.parent
                )
                self.handle = os.fdopen(fd, "w", encoding="utf-8")
            except OSError as exc:
                self._fail(exc)
        self.binary = _utf8_buffer(self.handle)
        # Text written since the last bytes: the text layer holds it until flushed.
        self.text_pending = True

    def _fail(self, exc: OSError) -> NoReturn:
        from govlint.errors import os_reason

        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
        raise UsageError(f"无法写入输出文件：{os_reason(exc)}", str(self.target)) from None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """A failed write to the output file is a usage error (its temporary file removed); one to
        standard output is raised as it is."""
        try:
            yield
        except OSError as exc:
            if self.target is None:
                raise
            self._fail(exc)

    def write(self, text: str) -> None:
        if not text:
            return
        self.text_pending = True
        with self._writing():
            self.handle.write(text)

    def write_bytes(self, data: bytes) -> None:
        """Text encoded as UTF-8 with surrogatepass: written as it is when the text layer would
        write these very bytes, else decoded and written as text (a console in GBK, a surrogate)."""
        if not data:
            return
        if self.binary is None or (b"\xed" in data and re.search(_SURROGATE, data)):
            self.write(data.decode("utf-8", "surrogatepass"))
            return
        with self._writing():
            if self.text_pending:
                self.handle.flush()
                self.text_pending = False
            self.binary.write(data)

    def close(self, ok: bool) -> None:
        if self.target is None or self.tmp is None:
            self.handle.flush()
            return
        try:
            self.handle.close()
            if not ok:
                os.unlink(self.tmp)
                return
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tmp, 0o666 & ~umask)
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self._fail(exc)


# A surrogate code point as surrogatepass encodes it (ED A0..BF xx): the text layer's error handler
# decides what it becomes. Searched only where an ED byte is (rare in Chinese text): no compile at import.
_SURROGATE = rb"\xed[\xa0-\xbf]"


def _utf8_buffer(handle: IO[str]) -> IO[bytes] | None:
    """The binary layer under ``handle`` when writing UTF-8 bytes there is what writing their text
    would do: a UTF-8 text layer that does not translate newlines (``os.linesep`` is what
    standard output and ``os.fdopen`` translate to)."""
    buffer = getattr(handle, "buffer", None)
    encoding = getattr(handle, "encoding", None)
    if buffer is None or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return None
    return buffer if utf8 else None


def check(
    resolver: Resolver,
    files: list[str],
    problems: list[FileResult],
    fmt: str,
    args: argparse.Namespace,
    previous: dict[str, str] | None = None,
    color: bool = False,
) -> int:
    """Check ``files`` (after the walk's ``problems``) and write the format as results come in
    (``color``: for ``full``, as ``--color`` decided)."""
    from govlint import __version__
    from govlint.formats import RunInfo
    from govlint.runner import iter_paths

    # As cli.cmd_check sets them for the formats it renders itself (only full reads colour and show_all).
    info = RunInfo(version=__version__, color=color, show_all=args.show_all or bool(args.select))
    render = Render(fmt, info)
    sink = _Sink(args.output_file)
    status = 0
    ok = False
    try:
        stream = iter_paths(
            resolver,
            files,
            jobs=args.jobs,
            input_format=args.input_format,
            stdin_name=args.stdin_filename,
            # Streamed to a terminal, the output shows how far the run is; a bar on that terminal
            # would be drawn into it (the output is written beside the bar, not through it).
            show_progress=sys.stderr.isatty() and not (sink.target is None and sys.stdout.isatty()),
            transform=render,
            previous=previous,
        )
        framed = importlib.import_module(FRAMED[fmt]) if fmt in FRAMED else None

        def each() -> Iterator[Rendered]:
            nonlocal status
            for rendered in _chain([render(problem) for problem in problems], stream):
                if rendered.error:
                    print(f"govlint: {rendered.path}: {rendered.error}", file=sys.stderr)
                status = max(status, exit_status(rendered, args.exit_zero))
                yield rendered

        if framed is None:
            rows: list[Row] = []
            for rendered in each():
                sink.write_bytes(rendered.data)
                if rendered.row is not None:
                    rows.append(rendered.row)
            if fmt in CLOSED:
                sink.write(_closing(rows, info))
        else:
            framed.write_stream(each(), __version__, lambda: _info(resolver, __version__), sink.write_bytes)
        ok = True
    finally:
        sink.close(ok)
    return status


def _closing(rows: list[Row], info: RunInfo) -> str:
    """``full``'s closing line, then for several files the table, as ``cli.cmd_check`` ends it."""
    from govlint.formats import full, summary

    text = full.closing(rows, info)
    return text + summary.table(rows, info) if len(rows) > 1 else text


def _chain(first: list[Rendered], rest: Iterator[Any]) -> Iterator[Rendered]:
    yield from first
    yield from rest


def _info(resolver: Resolver, version: str) -> RunInfo:
    """The run's RunInfo once every file is checked (the rules of every configuration used)."""
    from govlint.formats import RunInfo

    rules = {rule.code: rule for linter in resolver.used_linters() for rule in linter.ruleset.rules}
    return RunInfo(version=version, rules=[rules[code] for code in sorted(rules)])
