"""Shared fixtures: the built-in rule set, the default linter, and paths to data."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.config import Settings
from govlint.engine import Linter
from govlint.rules import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parents[1]
# The keys of one finding in --format json: a public contract (README, "JSON output").
FINDING_KEYS = {"code", "rule", "severity", "message", "line", "column", "end_line", "end_column", "basis", "fix"}
FIXTURES = ROOT / "fixtures"
# Reports written for the tests in the style of real published ones (portal breadcrumb, `[ 字段 ] 值`
# header, footer links, ASCII commas) and with the same kinds of defect; see tests/data/reports/README.md.
REPORTS = ROOT / "tests" / "data" / "reports"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


@pytest.fixture
def linter() -> Linter:
    return Linter.from_settings(Settings())
