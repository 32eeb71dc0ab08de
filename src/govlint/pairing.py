"""Which report is read beside which: each report with the same issuer's report of the year before,
among the files of one run (directory mode), from the report model's title, issuer and year.

A consumer of the report model: each file is loaded and its front matter parsed (the first few
thousand characters hold the header, title and opening sentence), never a second parser."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from govlint.errors import GovlintError
from govlint.load import Source, load
from govlint.report import Report

if TYPE_CHECKING:
    from govlint.config import Resolver, Settings

# The header, title, issuer line and opening sentence of a report lie inside this prefix (parsing
# only it costs a fifth of parsing a whole 20 KB report).
_FRONT = 2500
# The title up to its year, 关于 or the genre words is the issuer's name as the report gives it.
_TITLE_CUT = regex.compile(r"(?:关于|(?:19|20)\d\d|[〇零一二三四五六七八九]{4}|法治|[（(《“]).*$")
_SPACE = regex.compile(r"\s+")


def issuer_key(report: Report) -> str:
    """The issuer a report names: the start of its title (河堰镇关于2023年度… -> 河堰镇), else the
    issuer line or the header's 发布机构."""
    named = _TITLE_CUT.sub("", report.title_text).strip() if report.title_text else ""
    return _SPACE.sub("", named or report.issuer)


def identify(path: str, input_format: str | None, max_bytes: int) -> tuple[str, int] | None:
    """(issuer, year) of a report file, or None when either is unknown or the file is unreadable
    (checking it will say why)."""
    try:
        source = load(path, input_format=input_format, max_bytes=max_bytes)
    except GovlintError:
        return None
    front = Report(Source(path=path, text=source.text[:_FRONT], header=source.header), front_only=True)
    key = issuer_key(front)
    if not key or front.year is None:
        return None
    return key, front.year


def _identify_batch(
    input_format: str | None, limits: dict[str, int], batches: dict[str, list[str]], first: str
) -> list[tuple[str, int] | None]:
    """In a worker: the identities of the batch of files that starts with ``first``."""
    return [identify(path, input_format, limits[path]) for path in batches[first]]


def _forks() -> bool:
    """Whether pool workers start as forks. A spawned worker imports govlint afresh (about 0.12 s of
    CPU each, measured): for the thousand files of a large run that costs more than identifying them
    in the parent, so only forked workers (Linux) take the work."""
    import multiprocessing

    from govlint import workers

    return bool(multiprocessing.get_context(workers.START_METHOD).get_start_method() == "fork")


def _identities(
    limits: dict[str, int], input_format: str | None, jobs: int
) -> Iterator[tuple[str, tuple[str, int] | None]]:
    """Each file's (issuer, year), in path order: in forked worker processes when the run has them,
    so the parent does not load and parse every file's front matter alone before checking starts
    (on 1,000 reports that was 0.14 s of serial time in a 2 s run)."""
    paths = list(limits)
    from govlint.runner import MIN_FILES_FOR_POOL

    if jobs <= 1 or len(paths) < MIN_FILES_FOR_POOL or not _forks():
        for path in paths:
            yield path, identify(path, input_format, limits[path])
        return
    from govlint import workers

    # A few batches per worker, each answered in one message: a message per file cost the parent
    # as much as a fifth of identifying the files itself.
    size = -(-len(paths) // (jobs * 4))
    batches = {paths[start]: paths[start : start + size] for start in range(0, len(paths), size)}
    work = functools.partial(_identify_batch, input_format, limits, batches)
    firsts = list(batches)
    for index, found in workers.run(list(enumerate(firsts)), work, min(jobs, len(firsts))):
        batch = batches[firsts[index]]
        if isinstance(found, workers.WorkerDied):
            # A file that kills a worker leaves its batch unpaired: checking it reports what happened.
            found = [None] * len(batch)
        yield from zip(batch, found, strict=True)


def pair(files: list[str], resolver: Resolver, input_format: str | None = None, jobs: int = 1) -> dict[str, str]:
    """For each file whose configuration has ``previous: auto``, the file of the same issuer and the
    year before, if the run has one (the first in path order when several claim it). ``jobs`` > 1
    identifies the files in that many worker processes (the same pairs)."""
    settings: dict[int, Settings] = {}
    limits: dict[str, int] = {}
    for path in files:
        if path == "-":
            continue
        # One Settings per configuration file, not per report (a portal's reports share one).
        key = id(resolver.config_for(path))
        if key not in settings:
            settings[key] = resolver.settings_for(path)
        if settings[key].previous == "auto":
            limits[path] = settings[key].max_file_size
    if len(limits) < 2:
        return {}
    known: dict[tuple[str, int], str] = {}
    identities: dict[str, tuple[str, int]] = {}
    for path, found in _identities(limits, input_format, jobs):
        if found is not None:
            identities[path] = found
            known.setdefault(found, path)
    pairs = {}
    for path, (issuer, year) in identities.items():
        previous = known.get((issuer, year - 1))
        if previous is not None:
            pairs[path] = previous
    return pairs


def previous_reports(
    given: str | None,
    files: list[str],
    resolver: Resolver,
    input_format: str | None,
    fixing: bool,
    jobs: int = 1,
) -> dict[str, str]:
    """What each file is read beside: ``--previous LAST`` for the one file checked, else the pairs
    found among the files (none when fixing: --fix repairs one file at a time)."""
    from govlint.errors import UsageError

    if given is not None:
        if len(files) != 1:
            raise UsageError("--previous 只能与一个报告文件同用（检查目录时会自动按发布机构和年度配对）")
        if fixing:
            raise UsageError("--previous 不能与 --fix 或 --diff 同用")
        if os.path.isdir(given):
            raise UsageError("上一年度报告应是一个报告文件，不是目录", given)
        if not os.path.isfile(given):
            raise UsageError("上一年度报告文件不存在", given)
        return {files[0]: given}
    return {} if fixing else pair(files, resolver, input_format, jobs)
