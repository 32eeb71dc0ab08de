"""The diagnostic model shared by every stage: severities, fixes and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govlint.compare import Comparison


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Applicability(str, enum.Enum):
    """How far a fix can be trusted (ruff's three levels)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with content (offsets into the report text)."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str = ""


_new = object.__new__


def replacement(start: int, end: int, content: str, applicability: Applicability, message: str = "") -> Fix:
    """``Fix((Edit(start, end, content),), applicability, message)``: equal, hashed and pickled
    alike, built without the frozen dataclasses' ``object.__setattr__`` for each field (a report
    pasted with ASCII commas has ~150 such fixes; this takes a third of the time)."""
    edit = _new(Edit)
    state = edit.__dict__
    state["start"], state["end"], state["content"] = start, end, content
    fix = _new(Fix)
    state = fix.__dict__
    state["edits"], state["applicability"], state["message"] = (edit,), applicability, message
    return fix


@dataclass(slots=True)
class Finding:
    """One problem found in one report. Offsets are into Report.text; lines and columns are 1-based."""

    code: str
    slug: str
    severity: Severity
    message: str
    start: int
    end: int
    basis: str = ""
    fix: Fix | None = None
    # Filled in by the engine from the offsets.
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    # Whole-document findings (a missing part) have no span of their own.
    document_level: bool = False
    # The matched text, for fingerprints (baselines, SARIF).
    matched: str = ""
    # (line, column, end_line, end_column) in the file as stored, when that differs from the checked
    # text (a saved page: the position in its HTML source). None: the same as the fields above.
    stored: tuple[int, int, int, int] | None = None

    @property
    def position(self) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) in the file as the user has it: what CI formats show."""
        return self.stored or (self.line, self.column, self.end_line, self.end_column)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.code)


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the completeness checklist: a required part or fact and whether it is there."""

    code: str
    label: str
    present: bool


@dataclass(frozen=True)
class ProfileChoice:
    """The profile a report was checked with, and why (inferred, named by the user, or the default)."""

    name: str
    reason: str


@dataclass
class FileResult:
    """What checking one file produced: findings, or the error that stopped it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    error: str | None = None
    # The text that was checked (for output formats that show source lines).
    text: str = ""
    # How a location is named in this file's format: "行" for text, "段" for .docx paragraphs.
    line_unit: str = "行"
    # For a PDF: the page of each line of ``text`` (1-based), so findings can say 第2页第3段.
    line_pages: list[int] = field(default_factory=list)
    # Table rows read as one line: 0-based line -> (start, end) of each cell (the review page draws a table).
    table_rows: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    fixed: int = 0
    # The --fail-on level of the configuration this file was checked under (files of one run may
    # have different configurations).
    fail_on: str = "error"
    # The profile this report was checked with (None when it could not be read).
    profile: ProfileChoice | None = None
    # What `govlint extract` and the dashboard read (extract.record), when the linter was asked for it.
    record: dict[str, Any] | None = None
    # Checked beside the same issuer's previous report (--previous or directory pairing): what the
    # comparison found (previous path, copied share and paragraphs); None when there was none.
    previous: Comparison | None = None

    def location(self, line: int) -> str:
        return describe_line(line, self.line_unit, self.line_pages)

    @property
    def by_line(self) -> bool:
        """Whether a finding's line is a line of the file (text, saved pages): ``path:line:col`` then
        says where it is, and no message is led by a paragraph or a page (Word, PDF)."""
        return self.line_unit == "行" and not self.line_pages

    def paragraph(self, finding: Finding) -> int | None:
        """The Word or PDF paragraph a finding is in (None for text files, pages and whole-document findings)."""
        if finding.document_level or self.by_line:
            return None
        return finding.line

    def page(self, finding: Finding) -> int | None:
        """The PDF page a finding is on (None for other formats)."""
        if finding.document_level or not 0 < finding.line <= len(self.line_pages):
            return None
        return self.line_pages[finding.line - 1]

    def where(self, finding: Finding) -> str:
        """How a reader of a CI log finds a Word or PDF finding: "第3段第6字", "第2页第3段第6字";
        "" where ``path:line:col`` already says it (text files, saved pages)."""
        if self.paragraph(finding) is None:
            return ""
        return f"{self.location(finding.line)}第{finding.column}字"

    def labelled(self, finding: Finding) -> str:
        """The message, led by the paragraph it is in when line numbers would not say it ("第3段第6字：…")."""
        where = self.where(finding)
        return f"{where}：{finding.message}" if where else finding.message

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def describe_line(line: int, unit: str = "行", pages: list[int] | None = None) -> str:
    """A 1-based line of a report as users name it: "第3行", "第3段", or "第2页第3段" for a PDF."""
    where = f"第{line}{unit}"
    if pages and 0 < line <= len(pages):
        return f"第{pages[line - 1]}页" + where
    return where
