"""The rule-set cache: used when current, never when a rule file changed, harmless when broken."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from govlint import cache
from govlint.config import Settings
from govlint.engine import Linter
from govlint.errors import RuleError
from govlint.load import Source
from govlint.report import parse

RULE = """code: XY100
slug: my-word
severity: warning
summary: 自定义用词
check: forbid
scope: all
pattern: 旧说法
message: {message}
why: 测试
basis: 测试
examples:
  pass: ["新说法"]
  fail: ["旧说法"]
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("GOVLINT_NO_CACHE", raising=False)
    return home


def _messages(rules: Path) -> list[str]:
    linter = Linter.from_settings(Settings(rules=[rules], select=["XY100"]))
    findings, _ = linter.check_report(parse(Source(path="r.txt", text="报告\n这是旧说法。\n")))
    return [f.message for f in findings]


def test_second_load_comes_from_the_cache_and_behaves_the_same(cache_home: Path) -> None:
    first = Linter.from_settings(Settings())
    entries = list((cache_home / "govlint").glob("rules-*.pickle"))
    assert len(entries) == 1
    assert oct(entries[0].stat().st_mode & 0o777) == "0o600"
    second = Linter.from_settings(Settings())
    assert [r.code for r in second.ruleset.rules] == [r.code for r in first.ruleset.rules]
    text = (Path(__file__).resolve().parents[1] / "fixtures" / "example-town-2023.txt").read_text(encoding="utf-8")
    found = [
        [(f.code, f.line, f.message) for f in linter.check_report(parse(Source("r.txt", text)))[0]]
        for linter in (first, second)
    ]
    assert found[0] == found[1] and found[0]


def test_a_changed_user_rule_is_never_served_from_the_cache(cache_home: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    path = rules / "XY100.yaml"
    path.write_text(RULE.format(message="请改用新说法"), encoding="utf-8")
    assert _messages(rules) == ["请改用新说法"]
    assert _messages(rules) == ["请改用新说法"]  # now from the cache
    path.write_text(RULE.format(message="请改为新的说法"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)  # coarse file-system clocks
    assert _messages(rules) == ["请改为新的说法"]
    # A broken edit is reported, not hidden behind the cached good version.
    path.write_text(RULE.format(message="x").replace("severity: warning", "severity: fatal"), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        _messages(rules)
    assert caught.value.path == str(path) and caught.value.line == 3


def test_cached_rules_keep_their_file_and_line_for_errors(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "XY100.yaml").write_text(
        RULE.format(message="请改用新说法").replace("pattern: 旧说法", "pattern: (a+)+$"), encoding="utf-8"
    )
    Linter.from_settings(Settings(rules=[rules]))
    cached = Linter.from_settings(Settings(rules=[rules], select=["XY100"]))
    assert isinstance(cached.ruleset.by_code()["XY100"].node, dict)  # restored: a line table
    monkeypatch.setattr("govlint.checks.base.PATTERN_TIMEOUT", 0.05)
    with pytest.raises(RuleError) as caught:
        cached.check_report(parse(Source("r.txt", "a" * 5000 + "b")))
    assert caught.value.path == str(rules / "XY100.yaml") and caught.value.line == 7


def test_unwritable_or_corrupt_cache_falls_back_silently(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert Linter.from_settings(Settings()).ruleset.rules

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    Linter.from_settings(Settings())
    for entry in (tmp_path / "home" / "govlint").glob("rules-*.pickle"):
        entry.write_bytes(b"\x80\x05garbage")
    assert Linter.from_settings(Settings()).ruleset.rules


def test_cache_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("GOVLINT_NO_CACHE", "1")
    Linter.from_settings(Settings())
    assert cache.cache_dir() is None and not (tmp_path / "govlint").exists()


def test_cached_concise_run_imports_no_yaml_jsonschema_or_rich(cache_home: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("某镇2023年度法治政府建设情况报告\n\n依法举行听证。\n", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    probe = (
        "import sys; from govlint.cli import main; main(['check', sys.argv[1], '-f', 'concise']); "
        "print(sorted(m for m in ('yaml', 'jsonschema', 'rich', 'charset_normalizer') if m in sys.modules), "
        "file=sys.stderr)"
    )
    subprocess.run([sys.executable, "-c", probe, str(report)], capture_output=True, env=env)  # fills the cache
    done = subprocess.run([sys.executable, "-c", probe, str(report)], capture_output=True, text=True, env=env)
    assert done.stderr.strip().splitlines()[-1] == "[]"
