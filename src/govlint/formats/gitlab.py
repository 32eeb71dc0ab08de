"""``--format gitlab``: a GitLab Code Quality report (a JSON array of issues) for merge requests.

Paths are relative to ``CI_PROJECT_DIR`` when GitLab sets it (as ruff does), so the widget links
the right files whatever directory the job runs govlint from; else to the working directory."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from govlint.diagnostics import FileResult, Severity
from govlint.formats import RunInfo
from govlint.formats._paths import fingerprints, relative_path

if TYPE_CHECKING:
    from govlint.stream import Rendered

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _unique(path: str, fingerprint: str) -> str:
    # GitLab compares fingerprints across the whole report, so the file takes part in them.
    return hashlib.sha256(f"{path}\x1f{fingerprint}".encode()).hexdigest()


def issues(results: list[FileResult]) -> list[dict[str, Any]]:
    """The Code Quality issues: one per finding, and one per file that could not be read."""
    out: list[dict[str, Any]] = []
    project = os.environ.get("CI_PROJECT_DIR") or None
    for result in results:
        path = relative_path(result.path, project)
        if result.error:
            # Not a finding but it must not vanish from the merge request widget.
            out.append(
                {
                    "description": f"无法检查：{result.error}",
                    "check_name": "govlint-unreadable",
                    "fingerprint": _unique(path, "unreadable"),
                    "severity": "critical",
                    "location": {"path": path, "lines": {"begin": 1}},
                }
            )
            continue
        for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
            out.append(
                {
                    "description": f"{finding.code} {result.labelled(finding)}",
                    "check_name": finding.code,
                    "fingerprint": _unique(path, fingerprint),
                    "severity": SEVERITY[finding.severity],
                    "location": {
                        "path": path,
                        "lines": {"begin": 1 if finding.document_level else finding.position[0]},
                    },
                }
            )
    return out


def render(results: list[FileResult], info: RunInfo) -> str:
    """The report as indented JSON (GitLab reads it from an artifact)."""
    return json.dumps(issues(results), ensure_ascii=False, indent=2) + "\n"


def render_file(result: FileResult, info: RunInfo) -> str:
    """One file's issues as ``render`` places them in the array, without the line break before the
    first; "" for a clean file."""
    # The file's own array, less its brackets: the same items, indented and separated the same way.
    text = json.dumps(issues([result]), ensure_ascii=False, indent=2)
    return text[len("[\n  ") : -len("\n]")] if text != "[]" else ""


def write_stream(
    rendered: Iterable[Rendered], version: str, info: Callable[[], RunInfo], write: Callable[[bytes], object]
) -> None:
    """The array, one file's issues at a time (as ``render`` of all the results writes it)."""
    write(b"[")
    empty = True
    for item in rendered:
        if item.data:
            write((b"\n  " if empty else b",\n  ") + item.data)
            empty = False
    write(b"]\n" if empty else b"\n]\n")
