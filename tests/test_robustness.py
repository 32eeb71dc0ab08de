"""Nothing a user feeds govlint crashes or hangs it: arbitrary bytes and text through loading,
parsing, checking and output raise nothing but InputError; slow user patterns, oversized files and
code-carrying YAML end in one clear error."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint import formats
from govlint.cli import main
from govlint.config import Settings
from govlint.diagnostics import FileResult
from govlint.engine import Linter
from govlint.errors import InputError, RuleError
from govlint.load import Source, decode, load
from govlint.report import parse
from govlint.rules import load_rule_file, load_ruleset

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINTER = Linter.from_settings(Settings())

# Pieces that look like report text, so generated inputs reach deep into the parser and rules.
FRAGMENTS = [
    "一、",
    "（一）",
    "(二)",
    "1.",
    "（1）",
    "十一、",
    "九十九、",
    "# ",
    "## ",
    "2023年",
    "法治政府建设情况报告",
    "[ 索引号 ] ",
    "发布日期：",
    "2024-02-30",
    "〔2023〕",
    "府发[2023]5号",
    "听证",
    "行政诉讼",
    "法律顾问",
    "XX",
    "××",
    "％",
    "150%",
    "《",
    "》",
    "〈",
    "，",
    ",",
    "。",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u3000",
    "\x00",
    "\ufeff",
    "\u200b",
    "扫一扫在手机打开当前页",
    "您当前的位置：",
    "存在的不足和原因",
    "2024年工作安排",
]
report_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=80).map("".join)
lone_surrogates = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
any_text = st.one_of(
    st.text(max_size=400),
    report_like,
    st.lists(st.one_of(report_like, lone_surrogates), max_size=6).map("".join),
)


def _broken_utf16(text: str, cut: int) -> bytes:
    """UTF-16 with a BOM whose code units are cut or hold a lone surrogate (as from a bad export)."""
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    return data[: len(data) - cut % 3] + b"\x00\xd8"


any_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(lambda t: t.encode("utf-8", "surrogatepass"), any_text),
    st.builds(lambda a, b: a.encode("utf-8", "replace") + b.encode("gb18030", "replace"), report_like, report_like),
    st.builds(_broken_utf16, report_like, st.integers(0, 5)),
    st.builds(lambda t: codecs.BOM_UTF8 + t.encode("utf-8", "replace"), any_text),
)


def _check_all_the_way(path: str, data: bytes) -> None:
    try:
        source = load(path, data=data)
    except InputError as exc:
        assert exc.message and exc.path == path
        return
    result = LINTER.check_source(source)
    for name in ("concise", "json", "full"):
        formats.get(name)([result], formats.RunInfo(version="test"))


@PROPERTY
@given(any_bytes)
def test_decode_raises_only_input_error(data: bytes) -> None:
    try:
        text, encoding, _ = decode(data, "r.txt")
    except InputError:
        return
    assert isinstance(text, str) and encoding
    text.encode("utf-8")  # what was decoded can be written back out: no lone surrogates


@PROPERTY
@given(any_bytes, st.sampled_from(["r.txt", "r.md", "noext"]))
def test_load_parse_check_and_render_raise_only_input_error(data: bytes, name: str) -> None:
    _check_all_the_way(name, data)


@PROPERTY
@given(any_text)
def test_parse_and_check_any_text(text: str) -> None:
    """Text straight into the model (as readers of other formats hand it over), surrogates included."""
    report = parse(Source(path="r.txt", text=text))
    findings, _ = LINTER.check_report(report)
    for finding in findings:
        assert 1 <= finding.line <= text.count("\n") + 1
        assert 0 <= finding.start <= finding.end <= len(text)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(["一、", "（一）", "1.", "（1）", "## ", "十、", "（十）", "99."]), min_size=1, max_size=400
    ),
    st.integers(1, 60),
)
def test_deeply_and_oddly_numbered_headings(markers: list[str], depth: int) -> None:
    lines = [f"{marker}第{i}项工作" for i, marker in enumerate(markers)]
    lines += ["#" * min(depth, 6) + " " + "（" * depth + "一" + "）" * depth]
    _check_all_the_way("r.md", "\n".join(lines).encode())


def test_huge_lines_nul_and_mixed_content() -> None:
    cases = [
        ("一、" + "依法行政" * 60_000 + "\n").encode(),  # one 240 000-character line
        b"\x00" * 5000,
        "报告\x00正文".encode() * 2000,
        "法治政府建设".encode("gb18030") + "，听证".encode() * 10,
        codecs.BOM_UTF16_BE + "报告".encode("utf-16-be") + b"\xdc\x00",
        ("（一）" * 20_000).encode(),
        ("1." * 50_000 + "\n").encode(),
    ]
    for data in cases:
        _check_all_the_way("r.txt", data)


# ---- user patterns with catastrophic backtracking ---------------------------------------------

SLOW_RULE = """code: XY001
slug: slow-pattern
severity: error
summary: 回溯过多的模式
check: forbid
scope: all
pattern: (a+)+$
message: 不该出现
why: 测试
basis: 测试
examples:
  pass: ["无"]
  fail: ["aab"]
"""


def test_backtracking_user_pattern_is_a_clear_rule_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "XY001.yaml").write_text(SLOW_RULE, encoding="utf-8")
    monkeypatch.setattr("govlint.checks.base.PATTERN_TIMEOUT", 0.05)
    linter = Linter.from_settings(Settings(rules=[tmp_path], select=["XY001"]))
    report = parse(Source(path="r.txt", text="报告\n" + "a" * 5000 + "b\n"))
    with pytest.raises(RuleError) as caught:
        linter.check_report(report)
    error = caught.value
    assert "XY001" in error.message and "超时" in error.message
    assert str(error).startswith(f"{tmp_path / 'XY001.yaml'}:7: ")  # the pattern's line


def test_pattern_timeout_comes_from_the_environment() -> None:
    code = "from govlint.checks import base; print(base.PATTERN_TIMEOUT)"
    for value, expected in (("0.25", "0.25"), ("nonsense", "5.0"), ("-1", "5.0")):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**_env(), "GOVLINT_PATTERN_TIMEOUT": value},
        ).stdout
        assert out.strip() == expected


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


# ---- size limit ------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    small = tmp_path / "small.txt"
    big.write_bytes(("法治政府建设情况报告。" * 50_000).encode())  # about 1.6 MB
    small.write_text("某镇2023年度法治政府建设情况报告\n\n依法举行听证。\n", encoding="utf-8")
    code = main(["check", str(big), str(small), "--max-file-size", "1", "-f", "concise"])
    captured = capsys.readouterr()
    assert code == 2
    assert f"govlint: {big}: 文件过大（1.6 MB，上限 1 MB）" in captured.err
    assert f"{small}:" in captured.out  # the other file was still checked


def test_bad_max_file_size_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "x.txt", "--max-file-size", "lots"]) == 2
    assert "文件大小上限应为正数" in capsys.readouterr().err


# ---- nothing executes from data --------------------------------------------------------------


def test_python_tag_in_a_rule_file_is_a_clean_rule_error(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    rule = tmp_path / "XY002.yaml"
    rule.write_text(
        SLOW_RULE.replace("XY001", "XY002").replace(
            "summary: 回溯过多的模式", f"summary: !!python/object/apply:os.system ['touch {marker}']"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as caught:
        load_rule_file(rule)
    assert caught.value.path == str(rule) and caught.value.line == 4
    assert not marker.exists()


def test_python_tag_in_an_areas_file_is_a_clean_rule_error(tmp_path: Path) -> None:
    (tmp_path / "areas.yaml").write_text("areas: !!python/name:os.system\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_ruleset([tmp_path])
    assert caught.value.path == str(tmp_path / "areas.yaml")


def test_rule_directory_outside_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / ".." / "elsewhere-that-does-not-exist"
    with pytest.raises(RuleError) as caught:
        Linter.from_settings(Settings(rules=[missing]))
    assert caught.value.path == str(missing) and "不存在" in caught.value.message


def test_errors_of_unreadable_input_never_show_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    weird = tmp_path / "weird.txt"
    weird.write_bytes(b"\xff\xfe" + b"\x00\xd8" * 10)  # UTF-16 BOM, then only lone surrogates
    code = main(["check", str(weird), "-f", "json"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1


def test_result_with_error_renders_in_every_format() -> None:
    result = FileResult("x.txt", error="文件为空，没有可检查的内容")
    for name in ("concise", "json", "full"):
        assert "x.txt" in formats.get(name)([result], formats.RunInfo(version="t"))


# ---- the linear-time parts of the model agree with their definitions ---------------------------

LEVEL_MARKERS = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}


@PROPERTY
@given(st.lists(st.integers(1, 4), min_size=1, max_size=120))
def test_section_ends_follow_their_definition(levels: list[int]) -> None:
    """Each section runs to the next heading at its level or above (or the end of the body)."""
    text = "\n".join(f"{LEVEL_MARKERS[level]}第{i}部分\n正文。" for i, level in enumerate(levels))
    report = parse(Source(path="r.txt", text=text))
    headings = report.headings
    assert [h.level for h in headings] == levels
    for index, heading in enumerate(headings):
        later = [h.start for h in headings[index + 1 :] if h.level <= heading.level]
        assert heading.section_end == (later[0] if later else report.body.end)


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)), max_size=40), st.integers(-1, 260))
def test_chrome_lookup_matches_a_scan_of_every_span(spans: list[tuple[int, int]], offset: int) -> None:
    from govlint.report import Span

    report = parse(Source(path="r.txt", text="报告\n正文。"))
    report.chrome = [Span(start, start + length) for start, length in spans]  # overlapping, unsorted
    assert report.in_chrome(offset) == any(s <= offset < s + n for s, n in spans)
    report.chrome.append(Span(offset, offset + 1))  # the index follows a list that grew
    assert report.in_chrome(offset)


@PROPERTY
@given(st.text(alphabet="听证，,；。！?\n次2 ", min_size=1, max_size=80), st.data())
def test_clauses_follow_their_definition(text: str, data: st.DataObject) -> None:
    """A clause runs from after the previous clause mark to the next one, within its sentence."""
    from govlint.checks.figure import _CLAUSE_END, clause_at

    report = parse(Source(path="r.txt", text=text))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start, len(text)))
    sentence = report.sentence_at(start)
    left = start
    while left > sentence.start and text[left - 1] not in _CLAUSE_END:
        left -= 1
    right = end
    while right < sentence.end and text[right] not in _CLAUSE_END:
        right += 1
    clause = clause_at(report, start, end)
    assert (clause.start, clause.end) == (left, right)


def test_many_matches_are_not_mistaken_for_a_backtracking_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """The time limit covers the regex scan (a few hundredths of a second here), not the work done
    for each of 150 000 findings (seconds): a long report full of placeholders is not a rule error."""
    monkeypatch.setattr("govlint.checks.base.PATTERN_TIMEOUT", 1.0)
    linter = Linter.from_settings(Settings(select=["GL301"]))
    report = parse(Source(path="r.txt", text="某镇2023年法治政府建设情况报告\n" + "XX镇，" * 150_000))
    findings, _ = linter.check_report(report)
    assert len(findings) == 150_000
