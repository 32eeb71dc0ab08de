"""Baselines: accept today's findings on a backlog of published reports, and gate only new ones.

A baseline is a sidecar YAML file (nothing is ever written into a report: its text is published
as it is). Each entry names a file, a rule code and a fingerprint, with a count for identical
findings and an optional human ``reason``::

    version: 1
    entries:
    - path: reports/town-2023.txt
      code: GL304
      fingerprint: 3f9c0a1be2d47c15
      count: 2
      message: 中文之间应使用全角标点，“,”应改为全角
      reason: 门户原文如此，已报办公室

The fingerprint hashes the rule code, the matched text and the whitespace-free text of the
sentence around it (a whole-document finding: its message). It does not include line numbers,
so inserting or editing paragraphs elsewhere leaves it valid; editing the sentence itself
makes the finding new again, which is what a reviewer wants. Paths are stored relative to the
baseline file's directory, so a baseline works from any working directory.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.diagnostics import FileResult, Finding
from govlint.errors import ConfigError

VERSION = 1
# A sentence ends at 。！？； or a line break; the fingerprint covers the sentence a finding sits in.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_SPACE = re.compile(r"\s+")

Key = tuple[str, str, str]  # (path, code, fingerprint)


@dataclass
class Entry:
    path: str
    code: str
    fingerprint: str
    count: int = 1
    message: str = ""
    reason: str | None = None

    @property
    def key(self) -> Key:
        return (self.path, self.code, self.fingerprint)


@dataclass
class Baseline:
    """The entries of one baseline file, and the directory their paths are relative to."""

    entries: list[Entry] = field(default_factory=list)
    directory: Path = field(default_factory=Path.cwd)
    file: str = ""


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end], whitespace removed."""
    left = start
    while left > 0 and not _SENTENCE_END.match(text, left - 1):
        left -= 1
    found = _SENTENCE_END.search(text, end)
    right = found.end() if found else len(text)
    return _SPACE.sub("", text[left:right])


def fingerprint(finding: Finding, text: str) -> str:
    """A stable id for a finding: code + matched text + its sentence (no line numbers)."""
    if finding.document_level or not text:
        context = _SPACE.sub("", finding.message)
    else:
        context = _SPACE.sub("", finding.matched) + "\x00" + sentence_around(text, finding.start, finding.end)
    digest = hashlib.sha256(f"{finding.code}\x00{context}".encode()).hexdigest()
    return digest[:16]


def normalise_path(path: str, directory: Path) -> str:
    """A checked path as the baseline records it: relative to the baseline's directory when it can be."""
    if path == "-":
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), directory.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def _keys(result: FileResult, directory: Path) -> list[tuple[Key, Finding]]:
    path = normalise_path(result.path, directory)
    return [((path, f.code, fingerprint(f, result.text)), f) for f in result.findings]


def build(results: list[FileResult], target: Path, previous: Baseline | None = None) -> Baseline:
    """A baseline of every current finding; reasons already written in ``previous`` are kept."""
    directory = target.resolve().parent
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for result in results:
        for key, finding in _keys(result, directory):
            counts[key] += 1
            messages.setdefault(key, finding.message)
    reasons = {e.key: e.reason for e in previous.entries if e.reason} if previous else {}
    entries = [
        Entry(
            path,
            code,
            digest,
            counts[(path, code, digest)],
            messages[(path, code, digest)],
            reasons.get((path, code, digest)),
        )
        for path, code, digest in sorted(counts)
    ]
    return Baseline(entries, directory, str(target))


def dump(baseline: Baseline) -> str:
    """The baseline as YAML text, entries sorted so that rewrites give small diffs."""
    rows: list[dict[str, Any]] = []
    for entry in baseline.entries:
        row: dict[str, Any] = {
            "path": entry.path,
            "code": entry.code,
            "fingerprint": entry.fingerprint,
            "count": entry.count,
            "message": entry.message,
        }
        if entry.reason:
            row["reason"] = entry.reason
        rows.append(row)
    header = (
        "# govlint 基线：这些已知问题不再报告（govlint check --baseline 本文件）。\n"
        "# 可为条目加 reason: 说明原因；重新生成（--write-baseline）时会保留 reason。\n"
    )
    import yaml

    body: str = yaml.safe_dump({"version": VERSION, "entries": rows}, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


def write(baseline: Baseline, target: Path) -> None:
    """Write atomically: a reader never sees a half-written baseline."""
    from govlint.fileio import write_text_atomic

    write_text_atomic(target, dump(baseline), ConfigError, "无法写入基线文件")


def read(target: Path) -> Baseline:
    """Load a baseline file; any problem is a one-line error naming the file (exit 2)."""
    import yaml

    from govlint.fileio import read_regular_text
    from govlint.load import DEFAULT_MAX_BYTES

    text = read_regular_text(
        str(target), DEFAULT_MAX_BYTES, ConfigError, "基线文件", "基线文件不存在（先用 --write-baseline 生成）"
    )
    try:
        from govlint.rules import refuse_alias_bomb

        refuse_alias_bomb(yaml.compose(text, Loader=yaml.SafeLoader), str(target), ConfigError)
        data = yaml.safe_load(text)
    except RecursionError:
        raise ConfigError("基线文件嵌套层数过多", str(target)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError("基线文件不是有效的 YAML", str(target), mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise ConfigError("基线文件格式不对：应有 version 与 entries 列表", str(target))
    if data.get("version") == str(VERSION):
        raise ConfigError(f"基线版本应写为数字 {VERSION}（不加引号），而不是字符串“{VERSION}”", str(target))
    if data.get("version") != VERSION:
        raise ConfigError(f"不支持的基线版本“{data.get('version')}”（应为 {VERSION}）", str(target))
    entries: list[Entry] = []
    for index, row in enumerate(data.get("entries") or []):
        try:
            entries.append(
                Entry(
                    str(row["path"]),
                    str(row["code"]),
                    str(row["fingerprint"]),
                    int(row.get("count", 1)),
                    str(row.get("message", "")),
                    row.get("reason"),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ConfigError(f"基线第 {index + 1} 条记录不完整（需要 path、code、fingerprint）", str(target)) from None
    return Baseline(entries, target.resolve().parent, str(target))


def apply(baseline: Baseline, results: list[FileResult]) -> list[Entry]:
    """Drop the findings the baseline records (up to each entry's count); return the stale entries.

    An entry is stale when its file was checked in this run but fewer findings matched it than it
    records (the problem was fixed, or its sentence edited). Entries of files not checked in this
    run are left alone: checking one file must not call the rest of the baseline stale.
    """
    remaining = {entry.key: entry.count for entry in baseline.entries}
    checked: set[str] = set()
    for result in results:
        if result.error:
            continue
        checked.add(normalise_path(result.path, baseline.directory))
        kept: list[Finding] = []
        for key, finding in _keys(result, baseline.directory):
            if remaining.get(key, 0) > 0:
                remaining[key] -= 1
            else:
                kept.append(finding)
        result.findings = kept
    return [
        Entry(e.path, e.code, e.fingerprint, remaining[e.key], e.message, e.reason)
        for e in baseline.entries
        if e.path in checked and remaining.get(e.key, 0) > 0
    ]
