"""``--format junit``: JUnit XML, which Jenkins, GitLab and Azure render as test results.

One test suite per file; each finding is a failed test case, a clean file is one passing test
case, and a file that could not be read is a test case in error.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from govlint.diagnostics import FileResult, Finding
from govlint.formats import RunInfo

if TYPE_CHECKING:
    from govlint.stream import Rendered

# Characters XML 1.0 cannot carry at all, even escaped; a report may contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _where(result: FileResult, finding: Finding) -> str:
    if finding.document_level:
        return "全文"
    line, column, _, _ = finding.position
    return result.where(finding) or f"{line}:{column}"


def _suite(result: FileResult) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(result.path))
    failures = errors = 0
    if result.error:
        errors = 1
        case = ET.SubElement(suite, "testcase", name="govlint", classname=_clean(result.path))
        error = ET.SubElement(case, "error", message=_clean(f"无法检查：{result.error}"), type="unreadable")
        error.text = _clean(f"{result.path}: {result.error}")
    elif not result.findings:
        ET.SubElement(suite, "testcase", name="govlint", classname=_clean(result.path))
    for finding in result.findings:
        failures += 1
        where = _where(result, finding)
        case = ET.SubElement(
            suite, "testcase", name=_clean(f"{finding.code} {finding.slug} {where}"), classname=_clean(result.path)
        )
        failure = ET.SubElement(case, "failure", message=_clean(finding.message), type=finding.severity.value)
        body = f"{result.path}:{where}: {finding.code} {finding.message}"
        if finding.basis:
            body += f"\n依据：{finding.basis}"
        failure.text = _clean(body)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return suite


def render(results: list[FileResult], info: RunInfo) -> str:
    """The whole run as one ``<testsuites>`` document."""
    root = ET.Element("testsuites", name="govlint")
    for result in results:
        root.append(_suite(result))
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    root.set("errors", str(sum(int(s.get("errors", "0")) for s in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_file(result: FileResult, info: RunInfo) -> str:
    """One file's test suite as ``render`` places it in the document (indented as the root's child),
    without the line break before it."""
    suite = _suite(result)
    ET.indent(suite, level=1)
    return ET.tostring(suite, encoding="unicode")


# Suites up to this size wait in memory, larger runs in a temporary file.
SPOOL_BYTES = 8 << 20


def write_stream(
    rendered: Iterable[Rendered], version: str, info: Callable[[], RunInfo], write: Callable[[bytes], object]
) -> None:
    """The document, as ``render`` of all the results writes it. Its first element carries the run's
    totals, so the suites, rendered file by file, are spooled until every file is counted."""
    tests = failures = errors = 0
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
        for item in rendered:
            spool.write(b"\n  " + item.data)
            found, failed = sum(item.counts), int(bool(item.error))
            # As _suite counts: a case per finding, one for an unreadable file, else one passing case.
            tests += found + failed or 1
            failures += found
            errors += failed
        if not tests:
            write(render([], RunInfo(version=version)).encode("utf-8", "surrogatepass"))
            return
        write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        write(f'<testsuites name="govlint" tests="{tests}" failures="{failures}" errors="{errors}">'.encode())
        spool.seek(0)
        rest = b""
        while chunk := spool.read(1 << 20):
            # Whole lines: a read that ends inside a character could not be decoded, should the sink
            # need to decode it (a GBK console, a surrogate).
            lines, newline, rest = (rest + chunk).rpartition(b"\n")
            if newline:
                write(lines + newline)
        write(rest + b"\n</testsuites>\n")
