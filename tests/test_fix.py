"""``govlint check --fix`` / ``--diff`` / ``--unsafe-fixes``: what is repaired, what is left alone,
and that a file keeps its encoding, BOM, newlines and mode and every byte outside the fixes."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPORTS
from govlint import cli, load
from govlint.config import Settings
from govlint.diagnostics import Applicability, Edit, Finding, Fix, Severity
from govlint.engine import Linter
from govlint.fix import apply_fixes, choose_edits, fix_bytes

# A town report in the shape of a real portal copy (tests/data/reports/README.md).
SAMPLE = REPORTS / "qingshi-2023.txt"
FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# The town report's three document numbers, as written and as GB/T 9704 wants them.
DOC_NUMBERS = {
    "开州委发20231号": "开州委发〔2023〕1号",
    "开州府办发〔202344号": "开州府办发〔2023〕44号",
    "开州委法办〔20239号": "开州委法办〔2023〕9号",
}
TITLE = "某镇人民政府关于2023年度法治政府建设情况的报告\n\n"


def govlint(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "govlint", "check", *args], cwd=cwd, input=stdin, capture_output=True, check=False
    )


def findings_json(path: Path) -> list[dict]:  # type: ignore[type-arg]
    done = govlint("--format", "json", str(path))
    document = json.loads(done.stdout.decode("utf-8"))
    return list(document["files"][0]["findings"])


def expected_sample_fix(text: str, findings: list[dict]) -> str:  # type: ignore[type-arg]
    """The sample with exactly its GL304 marks made full-width and its three document numbers repaired."""
    lines = text.split("\n")
    for finding in findings:
        if finding["code"] == "GL304":
            row, col = finding["line"] - 1, finding["column"] - 1
            line = lines[row]
            lines[row] = line[:col] + FULLWIDTH[line[col]] + line[col + 1 :]
    fixed = "\n".join(lines)
    for wrong, right in DOC_NUMBERS.items():
        assert fixed.count(wrong) == 1
        fixed = fixed.replace(wrong, right)
    return fixed


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "qingshi-2023.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    return copy


@pytest.fixture(scope="module")
def sample_findings() -> list[dict]:  # type: ignore[type-arg]
    return findings_json(SAMPLE)


def test_fix_repairs_the_sample_exactly_and_a_second_run_changes_nothing(sample: Path, sample_findings: list) -> None:
    original = sample.read_text(encoding="utf-8")
    punctuation = [f for f in sample_findings if f["code"] == "GL304"]
    assert len(punctuation) > 100 and sum(f["code"] == "GL303" for f in sample_findings) == 3

    done = govlint("--fix", "--format", "full", "--color", "never", str(sample))
    fixed = sample.read_text(encoding="utf-8")
    assert fixed == expected_sample_fix(original, sample_findings)
    out = done.stdout.decode("utf-8")
    assert f"已自动修复 {len(punctuation) + 3} 处" in out
    # The remaining findings are reported as usual; none of the fixed ones is among them.
    assert "GL102" in out and "GL303" not in out and "GL304" not in out
    assert done.returncode == 1

    again = govlint("--fix", str(sample))
    assert sample.read_text(encoding="utf-8") == fixed
    assert "已自动修复" not in again.stderr.decode("utf-8")
    assert govlint("--diff", str(sample)).stdout == b""


def test_diff_shows_the_fix_and_writes_nothing(sample: Path) -> None:
    before = sample.read_bytes()
    done = govlint("--diff", str(sample))
    assert done.returncode == 1
    assert sample.read_bytes() == before
    diff = done.stdout.decode("utf-8")
    assert diff.startswith(f"--- {sample}\n+++ {sample}\n@@ ")
    lines = diff.splitlines(keepends=True)[2:]
    removed = "".join(line for line in lines if line.startswith("-"))
    added = "".join(line for line in lines if line.startswith("+"))
    for wrong, right in DOC_NUMBERS.items():
        assert wrong in removed and right in added
    assert "将修复" in done.stderr.decode("utf-8")


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("gb18030-crlf.txt", lambda text: text.replace("\n", "\r\n").encode("gb18030")),
        ("utf8-bom.md", lambda text: b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("utf16-bom.txt", lambda text: b"\xff\xfe" + text.encode("utf-16-le")),
        ("cr.txt", lambda text: text.replace("\n", "\r").encode("utf-8")),
        # Mixed newlines stay exactly where they were.
        (
            "mixed.txt",
            lambda text: "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(text.split("\n"))).encode(
                "utf-8"
            ),
        ),
    ],
)
def test_fix_keeps_encoding_bom_and_newlines(tmp_path: Path, sample_findings: list, name: str, encode) -> None:  # type: ignore[no-untyped-def]
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_bytes(encode(text))
    path.chmod(0o640)
    done = govlint("--fix", str(path))
    assert done.returncode == 1, done.stderr
    assert path.read_bytes() == encode(expected_sample_fix(text, sample_findings))
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left behind
    assert govlint("--diff", str(path)).returncode == 0


def test_gb18030_copy_stays_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    govlint("--fix", str(path))
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "开州委发〔2023〕1号" in data.decode("gb18030")


def test_stdin_fix_prints_the_fixed_text_and_reports_on_stderr() -> None:
    text = TITLE + "2023年,我镇依法行政(依照计划)推进,依据开州府办发〔202344号文件。\n"
    done = govlint("--fix", "--format", "concise", "-", stdin=text.encode("gb18030"))
    fixed = "2023年，我镇依法行政（依照计划）推进，依据开州府办发〔2023〕44号文件。\n"
    assert done.stdout.decode("gb18030") == TITLE + fixed
    assert "GL102" in done.stderr.decode("utf-8")


def test_unsafe_fixes_needs_fix_or_diff(sample: Path) -> None:
    done = govlint("--unsafe-fixes", str(sample))
    assert done.returncode == 2 and "--unsafe-fixes" in done.stderr.decode("utf-8")


@pytest.mark.parametrize(
    ("written", "safe", "unsafe"),
    [
        # The four digits cannot be a year this 2023 report cites: maybe a serial without a year.
        ("某府发20951号", "某府发20951号", "某府发〔2095〕1号"),
        ("某府发〔209544号", "某府发〔209544号", "某府发〔2095〕44号"),
        ("某府发19481号", "某府发19481号", "某府发〔1948〕1号"),
        # A year that fits is safe, bracketed or not.
        ("某府发20241号", "某府发〔2024〕1号", "某府发〔2024〕1号"),
        ("某府发[2008]68号", "某府发〔2008〕68号", "某府发〔2008〕68号"),
        # No year at all: nothing to fix, only to report.
        ("某府发〔〕33号", "某府发〔〕33号", "某府发〔〕33号"),
        # A lone "?" between characters is often a character lost in conversion.
        ("张?明同志", "张?明同志", "张？明同志"),
    ],
)
def test_only_unambiguous_fixes_are_safe(tmp_path: Path, written: str, safe: str, unsafe: str) -> None:
    path = tmp_path / "r.txt"
    path.write_text(TITLE + f"依据{written}文件。\n", encoding="utf-8")
    govlint("--fix", str(path))
    assert path.read_text(encoding="utf-8") == TITLE + f"依据{safe}文件。\n"
    govlint("--fix", "--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == TITLE + f"依据{unsafe}文件。\n"


def test_without_a_report_year_the_current_year_bounds_a_safe_year(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("依据某府发20231号、某府发20991号文件。\n", encoding="utf-8")
    govlint("--fix", str(path))
    assert path.read_text(encoding="utf-8") == "依据某府发〔2023〕1号、某府发20991号文件。\n"


def test_fix_only_applies_the_selected_rules(sample: Path) -> None:
    govlint("--fix", "--select", "GL303", str(sample))
    fixed = sample.read_text(encoding="utf-8")
    assert all(right in fixed for right in DOC_NUMBERS.values())
    assert "2023年,青石镇" in fixed


def test_a_failed_write_leaves_the_file_untouched(
    sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sample.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    assert cli.main(["check", "--fix", str(sample)]) == 2
    assert sample.read_bytes() == before
    assert [p.name for p in sample.parent.iterdir()] == [sample.name]
    assert "无法写回修复结果" in capsys.readouterr().err


def test_files_that_are_not_writable_get_display_only_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stand-in for the .docx / .pdf readers: the same text, marked as not writable.
    def read_locked(path: str, data: bytes, options: dict) -> load.Source:  # type: ignore[type-arg]
        source = load.read_text(path, data, options)
        source.writable = False
        return source

    monkeypatch.setitem(load.READERS, "locked", f"{__name__}:_locked_reader")
    monkeypatch.setitem(load.EXTENSIONS, ".locked", "locked")
    globals()["_locked_reader"] = read_locked
    path = tmp_path / "report.locked"
    path.write_bytes(SAMPLE.read_bytes())
    assert cli.main(["check", "--fix", "--format", "json", str(path)]) == 1
    assert path.read_bytes() == SAMPLE.read_bytes()
    captured = capsys.readouterr()
    fixes = [f["fix"] for f in json.loads(captured.out)["files"][0]["findings"] if f["fix"]]
    assert fixes and {fix["applicability"] for fix in fixes} == {"display-only"}
    assert "不会被改写" in captured.err


def _finding(start: int, end: int, content: str) -> Finding:
    return Finding(
        "GL999", "x", Severity.WARNING, "m", start, end, fix=Fix((Edit(start, end, content),), Applicability.SAFE)
    )


def test_overlapping_fixes_are_never_applied_together() -> None:
    text = "甲乙丙丁"
    fixed, count = apply_fixes(
        text, [_finding(0, 2, "AB"), _finding(1, 3, "XY"), _finding(3, 4, "D")], {Applicability.SAFE}
    )
    assert (fixed, count) == ("AB丙D", 2)
    # An edit whose span ends where another starts does not overlap it.
    assert apply_fixes(text, [_finding(0, 1, "A"), _finding(1, 2, "B")], {Applicability.SAFE}) == ("AB丙丁", 2)


# ---- property-based --------------------------------------------------------------------------

_LINTER = Linter.from_settings(Settings())
_SAFE = {Applicability.SAFE}
CLEAN = "我镇法治政府建设工作推进落实依法行政制度完善加强全面深入开展会议村社区"
AGENCIES = ["开州府办发", "某委发", "人社部发", "某区司法局发", "某府函"]

clean = st.text(alphabet=CLEAN + "，。、；", min_size=1, max_size=30).map(lambda s: "我" + s)


@st.composite
def defect(draw: st.DrawFn) -> tuple[str, str]:
    """One fixable (or deliberately unfixable) defect: (as written, as --fix must leave it)."""
    han = st.sampled_from(CLEAN)
    kind = draw(st.sampled_from(["punct", "paren", "heading", "bare", "open", "square", "zero", "keep"]))
    if kind == "punct":
        a, b, mark = draw(han), draw(han), draw(st.sampled_from(",;:!"))
        return f"{a}{mark}{b}", f"{a}{FULLWIDTH[mark]}{b}"
    if kind == "paren":
        inner = draw(st.text(alphabet=CLEAN, min_size=1, max_size=8))
        return f"镇({inner})建", f"镇（{inner}）建"
    if kind == "heading":
        ordinal = draw(st.sampled_from("一二三四五六七八九十"))
        return f"\n({ordinal})加强", f"\n（{ordinal}）加强"
    if kind == "keep":
        kept = draw(st.sampled_from(["张?明", "某府发〔〕33号", "某府发20951号", "某府发〔209544号"]))
        return kept, kept
    agency = draw(st.sampled_from(AGENCIES))
    year = draw(st.integers(1990, 2024))
    num = draw(st.integers(1, 999))
    right = f"{agency}〔{year}〕{num}号"
    written = {
        "bare": f"{agency}{year}{num}号",
        "open": f"{agency}〔{year}{num}号",
        "square": f"{agency}[{year}]{num}号",
        "zero": f"{agency}〔{year}〕{draw(st.sampled_from(['第', '0', '00', '第0']))}{num}号",
    }[kind]
    return written, right


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16-bom": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
}


def _newlines(text: str, styles: list[str]) -> str:
    parts = text.split("\n")
    return "".join(part + styles[i % len(styles)] for i, part in enumerate(parts[:-1])) + parts[-1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.tuples(clean, st.one_of(defect(), st.just(("\n", "\n")))), min_size=1, max_size=12),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    styles=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=3),
)
def test_fix_changes_exactly_the_defects_and_is_idempotent(
    pieces: list[tuple[str, tuple[str, str]]], encoding: str, styles: list[str]
) -> None:
    written = TITLE + "".join(text + bad for text, (bad, _) in pieces) + "。\n"
    wanted = TITLE + "".join(text + good for text, (_, good) in pieces) + "。\n"
    encode = ENCODINGS[encoding]
    data = encode(_newlines(written, styles))
    outcome = fix_bytes(_LINTER, "r.txt", data, _SAFE)
    assert outcome.fixed == encode(_newlines(wanted, styles))
    again = fix_bytes(_LINTER, "r.txt", outcome.fixed, _SAFE)
    assert not again.changed


# Characters a fix may add, drop or replace; every other character must survive in order.
FIX_CHARS = set(",;:?!()[]【】（）〔〕，；：？！第0")


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=CLEAN[:12] + "发号第〔〕[]【】（）(),;:?!，。0123456789\n\r ", min_size=1, max_size=80))
def test_fix_never_changes_anything_but_punctuation_on_any_text(body: str) -> None:
    data = (TITLE + body).encode("utf-8")
    outcome = fix_bytes(_LINTER, "r.txt", data, {Applicability.SAFE, Applicability.UNSAFE})
    if outcome.result.error:
        return
    before, after = data.decode("utf-8"), outcome.fixed.decode("utf-8")
    assert [c for c in before if c not in FIX_CHARS] == [c for c in after if c not in FIX_CHARS]
    assert not fix_bytes(_LINTER, "r.txt", outcome.fixed, {Applicability.SAFE, Applicability.UNSAFE}).changed


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=25))
def test_chosen_edits_never_overlap(spans: list[tuple[int, int]]) -> None:
    text = "甲" * 40
    findings = [_finding(start, start + length, "X" * (length + 1)) for start, length in spans]
    edits, count = choose_edits(text, findings, {Applicability.SAFE})
    assert count == len(edits)
    for first, second in itertools.pairwise(edits):
        assert first.end <= second.start and not (first.start == first.end == second.start == second.end)
    # Each skipped fix conflicts with a chosen one (nothing is skipped for no reason).
    chosen = {(e.start, e.end) for e in edits}
    for start, length in spans:
        end = start + length
        if (start, end) not in chosen:
            assert any((start < e.end and e.start < end) or start == end == e.start == e.end for e in edits)


def test_fix_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(TITLE + "我镇推进,依法行政", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    diff = govlint("--diff", str(link)).stdout.decode("utf-8")
    assert diff.endswith("+我镇推进，依法行政\n\\ No newline at end of file\n")
    govlint("--fix", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8") == TITLE + "我镇推进，依法行政"
