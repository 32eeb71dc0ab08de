"""Settings: what to check and how strictly. Built from defaults, config files and the command line."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from govlint.diagnostics import Severity
from govlint.rules import Rule


@dataclass
class Settings:
    profile: str = "town"
    select: list[str] = field(default_factory=list)  # empty: every rule
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # code -> error|warning|info|off
    rules: list[Path] = field(default_factory=list)  # extra rule directories
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str = "error"
    report_year: int | None = None
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = 50 * 1024 * 1024

    @staticmethod
    def _matches(selector: str, rule: Rule) -> bool:
        """A selector names a rule by code (GL201), code prefix (GL2, GL) or slug (hearing-count)."""
        return rule.code.startswith(selector.upper()) or selector == rule.slug or selector.upper() == "ALL"

    def enabled(self, rule: Rule, path: str | None = None) -> bool:
        selected = (not self.select or any(self._matches(s, rule) for s in self.select)) or any(
            self._matches(s, rule) for s in self.extend_select
        )
        if not selected or any(self._matches(s, rule) for s in self.ignore):
            return False
        if self.severity.get(rule.code) == "off":
            return False
        if path is not None:
            for pattern, selectors in self.per_file_ignores.items():
                if _path_matches(path, pattern) and any(self._matches(s, rule) for s in selectors):
                    return False
        return True

    def severity_of(self, rule: Rule) -> Severity:
        override = self.severity.get(rule.code)
        return Severity(override) if override and override != "off" else rule.severity


def _path_matches(path: str, pattern: str) -> bool:
    posix = Path(path).as_posix()
    return fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(Path(path).name, pattern)
