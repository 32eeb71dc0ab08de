"""``--format junit``: JUnit XML, which Jenkins, GitLab and Azure render as test results.

One test suite per file; each finding is a failed test case, a clean file is one passing test
case, and a file that could not be read is a test case in error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from govlint.diagnostics import FileResult, Finding
from govlint.formats import RunInfo

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
