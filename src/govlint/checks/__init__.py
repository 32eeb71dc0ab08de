"""The closed set of check types a rule can use (``check:`` in its YAML), one module each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govlint.checks.balance import Balance
from govlint.checks.classify import Classify
from govlint.checks.compare import Compare
from govlint.checks.density import Density
from govlint.checks.figure import Figure
from govlint.checks.forbid import Forbid
from govlint.checks.metadata import Metadata
from govlint.checks.require import Require
from govlint.checks.section import Section
from govlint.checks.sequence import Sequence
from govlint.checks.title import Title

if TYPE_CHECKING:
    from govlint.checks.base import Check
    from govlint.rules import Rule

CHECK_TYPES: dict[str, type[Check]] = {
    "forbid": Forbid,
    "require": Require,
    "section": Section,
    "figure": Figure,
    "metadata": Metadata,
    "sequence": Sequence,
    "balance": Balance,
    "classify": Classify,
    "compare": Compare,
    "density": Density,
    "title": Title,
}


def build_check(rule: Rule) -> Check:
    return CHECK_TYPES[rule.check_type](rule)
