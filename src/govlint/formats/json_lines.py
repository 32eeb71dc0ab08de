"""``--format json-lines``: one JSON object per line, one line per finding (streams into log tools).

A finding line holds ``path`` plus the keys of a ``--format json`` finding; a file that could not
be read is one line with ``path`` and ``error``. A clean file produces no line.
"""

from __future__ import annotations

import json

from govlint.diagnostics import FileResult
from govlint.formats import RunInfo
from govlint.formats.json import finding_dict


def render(results: list[FileResult], info: RunInfo) -> str:
    """One compact JSON object per line."""
    lines = []
    for result in results:
        if result.error:
            lines.append({"path": result.path, "error": result.error})
            continue
        lines.extend({"path": result.path, **finding_dict(finding, result)} for finding in result.findings)
    return "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines)
