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


def test_pre_commit_snippets_pin_a_commit_and_say_how_to_move_it() -> None:
    # No tag is published with the repository: a tag in `rev:` would not exist for a user.
    revs = re.findall(r"^\s+rev: (\S+)", README, flags=re.MULTILINE)
    assert len(revs) >= 2 and all(re.fullmatch(r"[0-9a-f]{40}", rev) for rev in revs), revs
    assert "pre-commit autoupdate" in README


def test_test_command_is_what_ci_runs() -> None:
    command = re.search(r"Install and run the tests.*?```sh\n(.+?)\n```", README, flags=re.S)
    assert command is not None
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = command.group(1).split("&&")[-1].strip()  # .venv/bin/python -m pytest
    assert test_command in ci.splitlines()
    assert "export CI=true" in ci and "chromium" in ci
