"""``--format github``: GitHub Actions workflow commands, shown as annotations on the pull request.

``::error file=P,line=L,col=C,endLine=L2,endColumn=C2,title=GL201 hearing-count::message``
"""

from __future__ import annotations

from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo
from govlint.formats._paths import relative_path

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message: %, CR and LF would otherwise end or corrupt the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus the ``,`` and ``:`` that separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{kind} {props}::{escape_data(message)}"


def _location(finding: Finding) -> dict[str, object]:
    if finding.document_level:
        return {"line": 1}
    line, column, end_line, end_column = finding.position
    return {"line": line, "col": column, "endLine": end_line, "endColumn": end_column}


def render(results: list[FileResult], info: RunInfo) -> str:
    """One workflow command per finding; an unreadable file is an error on the file."""
    lines = []
    for result in results:
        path = relative_path(result.path)
        if result.error:
            lines.append(_command("error", {"file": path, "title": "govlint"}, f"无法检查：{result.error}"))
            continue
        for finding in result.findings:
            properties = {"file": path, **_location(finding), "title": f"{finding.code} {finding.slug}"}
            lines.append(_command(COMMAND[finding.severity], properties, result.labelled(finding)))
    return "\n".join(lines) + ("\n" if lines else "")
