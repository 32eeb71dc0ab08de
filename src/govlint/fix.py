"""Applying fixes: to text (non-overlapping edits only, never touching text outside an edit's
span), and to files (``check --fix`` / ``--diff``): fix, re-check, repeat until stable, then write
atomically in the file's own encoding, BOM and newlines.

Offsets of findings index the report text, whose newlines are normalised to "\\n". A file may mix
newline styles, so edits are mapped back into the decoded file text (each "\\r\\n" counts two
characters there) and applied to it; every newline, and every byte outside an edit, is kept as it
was. New text an edit inserts gets the file's dominant newline.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

from govlint.diagnostics import Applicability, Edit, FileResult, Finding
from govlint.engine import Linter
from govlint.errors import InputError, os_reason
from govlint.load import _BOMS, Source, decode, load, normalise_newlines, read_bytes

# Fixes whose edits overlap are applied one per pass; a report never needs many passes, and a
# pass limit keeps a pair of rules that undo each other from looping forever.
MAX_PASSES = 10


def apply_fixes(text: str, findings: Iterable[Finding], allowed: set[Applicability]) -> tuple[str, int]:
    """Apply the allowed fixes of ``findings`` to ``text``. Returns (new text, number of fixes applied).

    A fix whose edits overlap an edit already taken is skipped: the next run picks it up.
    """
    edits, applied = choose_edits(text, findings, allowed)
    return apply_edits(text, edits), applied


def choose_edits(text: str, findings: Iterable[Finding], allowed: set[Applicability]) -> tuple[list[Edit], int]:
    """The edits of the allowed fixes that can be applied together (none overlapping), and their count.

    Each edit is first narrowed to the characters it really changes (a GL303 fix rewrites
    "开州委发20231号" but changes only "2023"), so that diffs show exactly what changed and two
    fixes are kept apart unless their changes really touch.
    """
    chosen: list[Edit] = []
    applied = 0
    taken: list[tuple[int, int]] = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.code)):
        fix = finding.fix
        if fix is None or fix.applicability not in allowed:
            continue
        edits = [narrowed for edit in fix.edits if (narrowed := narrow(text, edit)) is not None]
        if not edits or any(_overlaps(edit, taken) for edit in edits):
            continue
        chosen.extend(edits)
        for edit in edits:
            bisect.insort(taken, (edit.start, edit.end))
        applied += 1
    return sorted(chosen, key=lambda e: (e.start, e.end)), applied


def narrow(text: str, edit: Edit) -> Edit | None:
    """The same edit with the unchanged prefix and suffix trimmed off; None if it changes nothing."""
    old = text[edit.start : edit.end]
    new = edit.content
    if old == new:
        return None
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return Edit(edit.start + head, edit.end - tail, new[head : len(new) - tail])


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply sorted, non-overlapping edits."""
    if not edits:
        return text
    parts: list[str] = []
    position = 0
    for edit in edits:
        parts.append(text[position : edit.start])
        parts.append(edit.content)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def _conflict(edit: Edit, start: int, end: int) -> bool:
    if edit.start < end and start < edit.end:
        return True
    # Two insertions at the same point would be ordered arbitrarily: treat them as overlapping.
    return edit.start == edit.end == start == end


def _overlaps(edit: Edit, taken: list[tuple[int, int]]) -> bool:
    """Whether ``edit`` conflicts with one of ``taken`` (sorted, pairwise non-overlapping spans).

    Only the neighbours of the edit's place in the sorted list can conflict: spans to the left are
    scanned while they end at or after the edit's start, spans to the right while they start at or
    before its end (their ends never decrease), so a report with thousands of fixes stays fast.
    """
    index = bisect.bisect_left(taken, (edit.start, edit.end))
    left = index - 1
    while left >= 0 and taken[left][1] >= edit.start:
        if _conflict(edit, *taken[left]):
            return True
        left -= 1
    right = index
    while right < len(taken) and taken[right][0] <= edit.end:
        if _conflict(edit, *taken[right]):
            return True
        right += 1
    return False


def display_only(findings: list[Finding]) -> None:
    """Mark every fix as a suggestion only (for sources --fix must not rewrite: .docx, .pdf)."""
    for finding in findings:
        if finding.fix is not None and finding.fix.applicability is not Applicability.DISPLAY_ONLY:
            finding.fix = dataclasses.replace(finding.fix, applicability=Applicability.DISPLAY_ONLY)


# ---- files -----------------------------------------------------------------------------------


class _NotRewritable(Exception):
    """This file cannot be rewritten faithfully; the message says why (shown to the user)."""


@dataclass
class _Raw:
    """A file's decoded text as it is on disk (newlines untouched), and how to encode it back."""

    text: str
    encoding: str
    bom: bytes
    # Offsets in the normalised text of the newlines that are "\r\n" on disk (two characters there).
    crlf_at: list[int]

    def to_raw(self, offset: int) -> int:
        """A normalised-text offset -> the same place in the on-disk text."""
        return offset + bisect.bisect_left(self.crlf_at, offset)

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def _raw(data: bytes, source: Source) -> _Raw:
    """Re-read the file text with its own newlines and check it maps onto ``source.text``."""
    text, encoding, had_bom = decode(data, source.path)
    if normalise_newlines(text)[0] != source.text:
        # A reader whose text is not the file's text (extracted from markup) cannot be written back.
        raise _NotRewritable("检查的文本与文件内容不一致，无法原样写回")
    bom = b""
    if had_bom:
        bom = next(mark for mark, name in _BOMS if name == encoding)
    raw = _Raw(text, encoding, bom, [])
    try:
        same = raw.encode(text) == data
    except (UnicodeEncodeError, LookupError):
        same = False
    if not same:
        raise _NotRewritable(f"按原编码（{encoding}）写回时无法逐字节保持原样，未修改")
    crlf_at: list[int] = []
    removed = 0
    index = text.find("\r\n")
    while index != -1:
        crlf_at.append(index - removed)
        removed += 1
        index = text.find("\r\n", index + 2)
    raw.crlf_at = crlf_at
    return raw


def _apply_to_file(raw: _Raw, edits: list[Edit], newline: str) -> str:
    mapped = [Edit(raw.to_raw(e.start), raw.to_raw(e.end), e.content.replace("\n", newline)) for e in edits]
    return apply_edits(raw.text, mapped)


def _mapped_fix(source: Source, finding: Finding) -> list[Edit] | None:
    """The finding's fix as edits of the file (through the reader's rewriter); None if any edit fails."""
    assert finding.fix is not None and source.rewriter is not None
    mapped: list[Edit] = []
    for edit in finding.fix.edits:
        narrowed = narrow(source.text, edit)
        if narrowed is None:
            continue
        located = source.rewriter.locate(source.text, narrowed)
        if located is None:
            return None
        mapped.append(located)
    return mapped


def _unmappable(source: Source, findings: list[Finding], allowed: set[Applicability]) -> list[Finding]:
    """Findings with an allowed fix that the rewriter cannot place in the file."""
    return [
        f for f in findings if f.fix is not None and f.fix.applicability in allowed and _mapped_fix(source, f) is None
    ]


def _applicable(source: Source, findings: list[Finding], allowed: set[Applicability]) -> list[Finding]:
    """The findings whose fixes can be written to the file: all of them, unless a rewriter must place them."""
    if source.rewriter is None:
        return findings
    stuck = {id(f) for f in _unmappable(source, findings, allowed)}
    return [f for f in findings if id(f) not in stuck]


def _apply_mapped(source: Source, edits: list[Edit]) -> bytes:
    """Apply edits of the extracted text to the file's own text through the reader's rewriter."""
    rewriter = source.rewriter
    assert rewriter is not None
    mapped = sorted(
        (located for edit in edits if (located := rewriter.locate(source.text, edit)) is not None),
        key=lambda e: (e.start, e.end),
    )
    kept: list[Edit] = []
    for edit in mapped:
        # Two text edits landing on the same markup (never expected): keep the first, the next pass decides.
        if kept and _conflict(edit, kept[-1].start, kept[-1].end):
            continue
        kept.append(edit)
    return rewriter.encode(apply_edits(rewriter.original, kept))


@dataclass
class FixOutcome:
    """What fixing one file produced: the result of checking the fixed text, and the bytes."""

    result: FileResult
    original: bytes = b""
    fixed: bytes = b""
    applied: int = 0
    converged: bool = True
    # Why the file was left as it is although fixes were allowed (shown on stderr).
    note: str | None = None
    # Fixes of an extracted text (HTML) that could not be placed safely in the markup.
    skipped: int = 0
    # The normalised texts before and after, for --diff.
    before: str = ""
    after: str = ""
    # A file never rewritten (.docx, .pdf): how many repairs ``after`` suggests.
    suggested: int = 0

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_bytes(
    linter: Linter, path: str, data: bytes, allowed: set[Applicability], input_format: str | None = None
) -> FixOutcome:
    """Check ``data``, apply the allowed fixes, re-check, and repeat until nothing more applies.

    Never raises for bad input: an unreadable file comes back as a result with its error.
    """
    max_bytes = linter.settings.max_file_size
    try:
        source = load(path, data=data, input_format=input_format, max_bytes=max_bytes)
    except InputError as exc:
        return FixOutcome(FileResult(path, error=exc.message), data, data)
    source.path = path
    if not source.writable:
        return _suggest(linter, source, data, allowed)
    result = linter.check_source(source)
    outcome = FixOutcome(result, data, data, before=source.text, after=source.text)
    current = data
    for _ in range(MAX_PASSES):
        edits, count = choose_edits(source.text, _applicable(source, result.findings, allowed), allowed)
        if not edits:
            break
        try:
            if source.rewriter is not None:
                new_bytes = _apply_mapped(source, edits)
            else:
                raw = _raw(current, source)
                new_bytes = raw.encode(_apply_to_file(raw, edits, source.newline))
        except _NotRewritable as exc:
            outcome.note = str(exc)
            break
        except UnicodeEncodeError:
            outcome.note = f"修复后的文字无法用原编码（{source.encoding}）保存，未修改"
            break
        try:
            source = load(path, data=new_bytes, input_format=input_format, max_bytes=max_bytes)
        except InputError as exc:  # pragma: no cover - a fix never makes a readable file unreadable
            outcome.note = f"修复后无法重新读取（{exc.message}），未修改"
            break
        source.path = path
        current = new_bytes
        outcome.applied += count
        result = linter.check_source(source)
    else:
        outcome.converged = not choose_edits(source.text, _applicable(source, result.findings, allowed), allowed)[0]
    if source.rewriter is not None:
        # Fixes that could not be placed in the markup stay as suggestions (no "[*]" promise).
        stuck = _unmappable(source, result.findings, allowed)
        display_only(stuck)
        outcome.skipped = len(stuck)
    if outcome.note:
        # Leave the file exactly as it was; report its findings unfixed.
        return outcome
    result.fixed = outcome.applied
    outcome.result, outcome.fixed, outcome.after = result, current, source.text
    return outcome


def unsafe_to_rewrite(path: str, before: os.stat_result | None) -> str | None:
    """Why --fix must not replace the file now (None: it may), checked just before the write.

    The fixes were computed from the bytes read at ``before``: text another program appended
    since would be lost. A read-only file is refused as editors refuse it. Replacing a file by
    rename gives it a new inode, which would silently split a hard link from its other names.
    """
    now = os.stat(path)
    if before is not None and (now.st_size, now.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        return "文件在检查期间被其他程序修改，未写入修复（请再运行一次）"
    if not now.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return "文件是只读的，未写入修复（如需修复，请先取消只读）"
    if now.st_nlink > 1:
        return f"文件有 {now.st_nlink} 个硬链接，替换会把它与其他链接拆开，未写入修复"
    return None


def _suggest(linter: Linter, source: Source, data: bytes, allowed: set[Applicability]) -> FixOutcome:
    """A file never rewritten (.docx, .pdf): its repairs as a suggested text, for --diff.

    The text is checked as if it could be written, so each repair keeps its own applicability
    (safe, unsafe) and the suggestion holds what --fix would do to a text copy; the findings
    reported keep their fixes as suggestions only."""
    source.writable = True
    result = linter.check_source(source)
    text, suggested, findings = source.text, 0, result.findings
    for _ in range(MAX_PASSES):
        text, count = apply_fixes(text, findings, allowed)
        if not count:
            break
        suggested += count
        # Fixes never add or remove a line, so the reader's line facts (headings, pages) still hold.
        findings = linter.check_source(dataclasses.replace(source, text=text)).findings
    source.writable = False
    display_only(result.findings)
    outcome = FixOutcome(result, data, data, before=source.text, after=source.text, suggested=suggested)
    if suggested:
        outcome.after = text
        outcome.note = f"此类文件不会被改写，{suggested} 处修改建议仅供参考（--diff 可查看）"
    return outcome


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file's content in one step: a temporary file in the same directory, then rename.

    The file mode (and owner, where permitted) is kept, and a symbolic link is written through
    (the link stays a link).
    """
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    status = os.stat(target)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".govlint-tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, status.st_mode & 0o7777)
        if hasattr(os, "chown") and (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, status.st_uid, status.st_gid)
            except PermissionError:
                pass  # Only the owner's own files then: the content still goes in, under our name.
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unified_diff(outcome: FixOutcome) -> str:
    """A unified diff of what --fix would change in one file (newlines shown as "\\n"); for a file
    never rewritten (.docx, .pdf), of its text with the suggested repairs, labelled as such."""
    if not outcome.changed and not outcome.suggested:
        return ""
    path = outcome.result.path
    suggestion = "（文字内容；修改建议，不会写入文件）" if outcome.suggested else ""
    lines = difflib.unified_diff(
        outcome.before.splitlines(keepends=True),
        outcome.after.splitlines(keepends=True),
        fromfile=path + suggestion,
        tofile=path + suggestion,
    )
    # The marker patch and git apply expect for a last line without a newline.
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


class Fixer:
    """``check --fix`` / ``--diff`` over many files: what the CLI calls instead of ``check_file``."""

    def __init__(self, unsafe: bool = False, write: bool = True) -> None:
        self.allowed = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
        self.write = write
        self.outcomes: list[FixOutcome] = []
        # The fixed text of standard input (written to stdout by the CLI, as ruff does).
        self.stdin_output: bytes | None = None

    @property
    def fixed(self) -> int:
        return sum(o.applied for o in self.outcomes if o.changed)

    @property
    def changed_files(self) -> int:
        return sum(1 for o in self.outcomes if o.changed)

    @property
    def suggested(self) -> int:
        """Repairs suggested for files never rewritten (.docx, .pdf)."""
        return sum(o.suggested for o in self.outcomes)

    def check(
        self,
        path: str,
        linter: Linter,
        data: bytes | None = None,
        display: str | None = None,
        input_format: str | None = None,
    ) -> FileResult:
        """Fix one file (or stdin when ``data`` is given) with the file's own linter; return what remains."""
        shown = display or path
        before: os.stat_result | None = None
        if data is None:
            try:
                before = os.stat(path)
            except OSError:
                before = None  # read_bytes says why
            try:
                data = read_bytes(path, linter.settings.max_file_size)
            except InputError as exc:
                return FileResult(shown, error=exc.message)
        outcome = fix_bytes(linter, shown, data, self.allowed, input_format)
        self.outcomes.append(outcome)
        # Under --diff a Word/PDF file's suggestions are the diff itself, headed as such.
        if outcome.note and (self.write or not outcome.suggested):
            print(f"govlint: {shown}: {outcome.note}", file=sys.stderr)
        if outcome.skipped:
            message = f"{outcome.skipped} 处修改建议无法在网页源码中唯一定位，未自动修改"
            print(f"govlint: {shown}: {message}", file=sys.stderr)
        if not outcome.converged:
            print(f"govlint: {shown}: 修复 {MAX_PASSES} 轮后仍有可修复的问题，已停止（请报告此问题）", file=sys.stderr)
        if path == "-":
            self.stdin_output = outcome.fixed
        elif self.write and outcome.changed:
            try:
                refused = unsafe_to_rewrite(path, before)
                if refused:
                    outcome.applied = 0
                    outcome.fixed = outcome.original
                    return FileResult(shown, error=refused)
                write_atomic(path, outcome.fixed)
            except OSError as exc:
                outcome.applied = 0
                outcome.fixed = outcome.original
                return FileResult(shown, error=f"无法写回修复结果：{os_reason(exc)}")
        return outcome.result

    def diff(self) -> str:
        """The unified diffs of every file --fix would change."""
        return "".join(unified_diff(o) for o in self.outcomes)
