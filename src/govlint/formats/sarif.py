"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it.

Locations are relative to the working directory (``uriBaseId`` %SRCROOT%) when the file is under
it, columns count Unicode code points, and each result carries a fingerprint computed by govlint
so that dashboards keep tracking an alert when lines are added above it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo
from govlint.formats._paths import artifact_uri, fingerprints
from govlint.formats.json import Raw, indented, string, utf8

if TYPE_CHECKING:
    from govlint.stream import Rendered

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "govlintFingerprint/v1"
SOURCE_ROOT = "%SRCROOT%"


def _rule_descriptor(code: str, info: RunInfo, first: tuple[str, Severity, str]) -> dict[str, Any]:
    """The rule table's entry for ``code``; ``first`` is (slug, severity, message) of its first finding."""
    from govlint.ruledocs import rule_markdown

    rule = next((r for r in info.rules if r.code == code), None)
    if rule is None:
        # A finding whose rule the run did not describe (should not happen): still a valid entry.
        slug, severity, message = first
        return {
            "id": code,
            "name": slug,
            "shortDescription": {"text": message},
            "defaultConfiguration": {"level": LEVEL[severity]},
        }
    text = f"{rule.summary}。\n{rule.why}\n依据：{rule.basis}" if rule.why else f"{rule.summary}。\n依据：{rule.basis}"
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why or rule.summary},
        "help": {"text": text, "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["govlint"]},
    }


def _artifact(path: str) -> dict[str, Any]:
    uri, relative = artifact_uri(path)
    return {"uri": uri, "uriBaseId": SOURCE_ROOT} if relative else {"uri": uri}


def _region(finding: Finding) -> dict[str, Any]:
    if finding.document_level:
        # A missing part has no span: SARIF viewers need a line, so it is pinned to the first.
        return {"startLine": 1}
    line, column, end_line, end_column = finding.position
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _index_placeholder(code: str) -> str:
    """A file's results are rendered before the run's rule table exists: its ruleIndex is filled in
    later. The placeholder is the code's JSON string between two raw NULs, which nothing else in
    JSON text can contain (the encoder escapes every control character): the parent finds them all
    by splitting on NUL, in C, with no per-result work."""
    return "\x00" + string(code) + "\x00"


# The indentation level of a result's artifactLocation and region: results[] 4, locations[] 6,
# physicalLocation 7.
_LOCATION_LEVEL = 8
_SLOT = "\x01"


def _pieces(artifact: dict[str, Any]) -> list[str]:
    """One result's text around each value that varies (ruleId, ruleIndex, level, message text,
    region, fingerprint): the result's dict rendered once per file with slots, so every result is
    written exactly as ``indented`` writes the dict."""
    slot = Raw(_SLOT)
    shape = {
        "ruleId": slot,
        "ruleIndex": slot,
        "level": slot,
        "message": {"text": slot},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": slot}}],
        "partialFingerprints": {FINGERPRINT_KEY: slot},
    }
    return indented(shape, 4).split(_SLOT)


def _region_pieces() -> tuple[str, ...]:
    """The text of a span's region around its four numbers (as ``indented`` writes ``_region``)."""
    slot = Raw(_SLOT)
    shape = {"startLine": slot, "startColumn": slot, "endLine": slot, "endColumn": slot}
    return tuple(indented(shape, _LOCATION_LEVEL).split(_SLOT))


_REGION = _region_pieces()


def render_file(result: FileResult, info: RunInfo) -> str:
    """One file's results as they stand in the log's ``results`` list (ruleIndex still to fill)."""
    if result.error or not result.findings:
        return ""
    # The result's text between its six varying values; what precedes the message depends only on
    # the code and severity, so it is put together once per pair.
    pieces = _pieces(_artifact(result.path))
    before_region, before_fingerprint, end = pieces[4], pieces[5], pieces[6]
    heads: dict[tuple[str, Severity], str] = {}
    r0, r1, r2, r3, r4 = _REGION
    # A span's result, as one f-string: the pieces around its region's four numbers and around its
    # fingerprint ("<hex>:<n>", which JSON writes as it is, between quotes).
    to_line, after_region = before_region + r0, r4 + before_fingerprint + '"'
    after_fingerprint = '"' + end
    # A text file's messages are not led by a paragraph (FileResult.labelled): no call per finding.
    plain = result.by_line
    items = []
    for finding, fingerprint in zip(result.findings, fingerprints(result), strict=True):
        code, severity = finding.code, finding.severity
        head = heads.get((code, severity))
        if head is None:
            head = heads[code, severity] = (
                pieces[0]
                + string(code)
                + pieces[1]
                + _index_placeholder(code)
                + pieces[2]
                + string(LEVEL[severity])
                + pieces[3]
            )
        message = string(finding.message if plain else result.labelled(finding))
        if finding.document_level:
            region = indented(_region(finding), _LOCATION_LEVEL)
            items.append(f"{head}{message}{before_region}{region}{before_fingerprint}{string(fingerprint)}{end}")
        else:
            line, column, end_line, end_column = finding.position
            items.append(
                f"{head}{message}{to_line}{line}{r1}{column}{r2}{end_line}{r3}{end_column}"
                f"{after_region}{fingerprint}{after_fingerprint}"
            )
    return ",\n        ".join(items)


def write_stream(
    rendered: Iterable[Rendered], version: str, info: Callable[[], RunInfo], write: Callable[[bytes], object]
) -> None:
    """The SARIF log in UTF-8 (surrogatepass) from each file's rendered results. The rule table and
    the notifications come first in the log, so the results are spooled to a temporary file (memory
    stays flat) as the workers encoded them and copied after them, each ruleIndex filled in on the way."""
    first: dict[str, tuple[str, Severity, str]] = {}
    notifications = []
    with tempfile.TemporaryFile("w+b") as spool:
        any_results = False
        # Where the copy-out reads up to, about every MiB: always between two files' parts, so that
        # no read cuts a placeholder or a character (a console that is not UTF-8 gets text).
        ends: list[int] = []
        size = 0
        for item in rendered:
            if item.error:
                notifications.append(
                    {
                        "level": "error",
                        "message": {"text": f"无法检查：{item.error}"},
                        "locations": [{"physicalLocation": {"artifactLocation": _artifact(item.path)}}],
                    }
                )
                continue
            for code, seen in item.codes.items():
                first.setdefault(code, seen)
            if item.data:
                size += spool.write(b",\n        " if any_results else b"\n        ")
                size += spool.write(item.data)
                any_results = True
                if size - (ends[-1] if ends else 0) >= 1 << 20:
                    ends.append(size)
        run_info = info()
        codes = sorted(first)
        # What stands between a placeholder's two NULs, and its ruleIndex.
        index = {utf8(string(code)): str(number).encode() for number, code in enumerate(codes)}
        log = _log(version, [_rule_descriptor(code, run_info, first[code]) for code in codes], notifications, [])
        head, tail = indented(log).rsplit('"results": []', 1)
        write(utf8(head + '"results": ['))
        spool.seek(0)
        for at, upto in zip([0, *ends], [*ends, size], strict=True):
            parts = spool.read(upto - at).split(b"\x00")
            # Every odd part is a placeholder's code.
            parts[1::2] = map(index.__getitem__, parts[1::2])
            write(b"".join(parts))
    write(utf8(("\n      ]" if any_results else "]") + tail + "\n"))


def _log(
    version: str, rules: list[dict[str, Any]], notifications: list[dict[str, Any]], results: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "govlint",
                        "version": version,
                        "semanticVersion": version,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def document(results: list[FileResult], info: RunInfo) -> dict[str, Any]:
    """The SARIF log as a dict (one run)."""
    import json

    return dict(json.loads(render(results, info)))


def render(results: list[FileResult], info: RunInfo) -> str:
    """The SARIF log as indented JSON."""
    from govlint.stream import Render

    parts: list[bytes] = []
    write_stream(map(Render("sarif", info), results), info.version, lambda: info, parts.append)
    return b"".join(parts).decode("utf-8", "surrogatepass")
