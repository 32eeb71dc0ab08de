"""The README's examples work as written: a user copies them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from govlint.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_first_command_checks_a_bundled_example() -> None:
    first = re.search(r"```sh\n(.+?)\n```", README)
    assert first is not None
    example = re.search(r"govlint check (\S+)", first.group(1))
    assert example is not None and (ROOT / example.group(1)).is_file()


def test_rule_writing_example_passes_its_own_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    section = README[README.index("## Writing your own rules") :]
    rule, areas = re.findall(r"```yaml\n(.+?)```", section, flags=re.S)[:2]
    directory = tmp_path / "govlint-rules"
    directory.mkdir()
    (directory / "HX001-draft-mark.yaml").write_text(rule, encoding="utf-8")
    (directory / "areas.yaml").write_text(areas, encoding="utf-8")
    assert main(["rules", "test", str(directory)]) == 0
    assert capsys.readouterr().out.strip().endswith("通过 1 条规则，失败 0 条")
