"""Every fixture report has a sidecar NAME.expect.yaml listing the codes it must and must not produce;
each direction is checked, and a fixture without a sidecar is itself a failure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from govlint.config import Settings
from govlint.engine import Linter
from govlint.load import load
from govlint.rules import load_ruleset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPORTS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md", ".docx", ".html"))
KNOWN = {rule.code for rule in load_ruleset().rules}


def sidecar(report: Path) -> Path:
    return report.with_name(report.stem + ".expect.yaml")


def expectations(report: Path) -> dict[str, Any]:
    data = yaml.safe_load(sidecar(report).read_text(encoding="utf-8"))
    assert set(data) <= {"profile", "previous", "must", "must_not"}, f"{sidecar(report).name}: unknown keys"
    return data


def codes_of(report: Path, profile: str | None, previous: str | None = None) -> list[str]:
    """The codes a fixture gets (read beside ``previous``, last year's fixture, when named)."""
    settings = Settings()
    if profile:
        settings.profile = profile
    last = load(str(FIXTURES / previous)) if previous else None
    result = Linter.from_settings(settings).check_source(load(str(report)), last)
    return [finding.code for finding in result.findings]


def test_every_fixture_has_a_sidecar() -> None:
    assert REPORTS, "no fixtures found"
    missing = [p.name for p in REPORTS if not sidecar(p).is_file()]
    assert not missing, f"fixtures without a .expect.yaml sidecar: {missing}"


def test_every_sidecar_has_a_fixture_and_names_real_codes() -> None:
    for path in FIXTURES.glob("*.expect.yaml"):
        stem = path.name[: -len(".expect.yaml")]
        assert any(p.stem == stem for p in REPORTS), f"{path.name} has no fixture"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        named = set(data.get("must", [])) | set(data.get("must_not", []))
        assert named <= KNOWN, f"{path.name}: unknown codes {sorted(named - KNOWN)}"
        assert not set(data.get("must", [])) & set(data.get("must_not", [])), f"{path.name}: a code in both lists"


@pytest.mark.parametrize("report", [p for p in REPORTS if sidecar(p).is_file()], ids=lambda p: p.stem)
def test_fixture_matches_its_sidecar(report: Path) -> None:
    expected = expectations(report)
    found = codes_of(report, expected.get("profile"), expected.get("previous"))
    missed = [code for code in expected.get("must", []) if code not in found]
    unexpected = sorted({code for code in found if code in expected.get("must_not", [])})
    assert not missed and not unexpected, f"{report.name}: missed {missed}, unexpected {unexpected} (found {found})"


@pytest.mark.parametrize(
    ("name", "profile"),
    [
        ("town-clean-2023.txt", None),
        ("street-2021-outline-2023.txt", None),
        ("county-2023.txt", None),  # --profile auto infers county and department from the titles
        ("department-2023.txt", None),
        ("county-2023.txt", "county"),
        ("department-2023.txt", "department"),
    ],
)
def test_correct_reports_have_no_finding_at_all(name: str, profile: str | None) -> None:
    assert codes_of(FIXTURES / name, profile) == []


def test_wrong_documents_are_named_once() -> None:
    for report in FIXTURES.glob("not-report-*.txt"):
        assert codes_of(report, None).count("GL100") == 1, report.name


def test_county_report_needs_the_county_profile_for_its_structure() -> None:
    # Under the town profile its areas are subsections; two town areas are simply not there.
    assert codes_of(FIXTURES / "county-2023.txt", "town").count("GL101") == 2
