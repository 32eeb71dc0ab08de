"""Runs where users are: the pool under spawn (Windows, macOS) as under fork, a GBK console, Windows
paths in CI formats; and the process-level robustness of a run (a worker that dies, a pattern
timeout, a rule that fails on one report, a parent that is killed)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govlint.cli import main
from govlint.config import Settings
from govlint.diagnostics import Applicability, Edit, FileResult, Finding, Fix, Severity
from govlint.engine import Linter
from govlint.formats import RunInfo, _paths, github, gitlab, sarif
from govlint.runner import MIN_FILES_FOR_POOL
from test_parallel import _report, _run
from test_robustness import SLOW_RULE

START_METHODS = [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    root.mkdir()
    for i in range(MIN_FILES_FOR_POOL + 4):
        (root / f"r{i:02d}.txt").write_text(_report(i), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    return root


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("fmt", ["concise", "json", "sarif", "gitlab"])
def test_parallel_output_is_the_same_under_every_start_method(
    corpus: Path, method: str, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus)
    serial = _run(["check", ".", "-f", fmt, "-j", "1"], capsys)
    monkeypatch.setattr("govlint.workers.START_METHOD", method)
    assert _run(["check", ".", "-f", fmt, "-j", "2"], capsys) == serial
    assert serial[0] == 2  # the empty file


@pytest.mark.parametrize("fmt", ["concise", "json-lines", "github", "json", "sarif", "gitlab", "junit"])
def test_streamed_output_file_is_what_rendering_every_result_gives(
    corpus: Path, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from govlint import __version__, formats
    from govlint.runner import check_files

    monkeypatch.chdir(corpus)
    out = tmp_path / "out.txt"
    assert main(["check", ".", "missing.txt", "-f", fmt, "-j", "2", "-o", str(out)]) == 2
    linter = Linter.from_settings(Settings())
    paths = sorted(f"./{p.name}" for p in corpus.glob("*.txt"))
    results = [FileResult("missing.txt", error="文件不存在"), *check_files(linter, paths)]
    info = RunInfo(version=__version__, rules=linter.ruleset.rules)
    assert out.read_text(encoding="utf-8") == formats.get(fmt)(results, info)
    assert not list(tmp_path.glob(".*govlint-tmp"))


def test_streamed_gitlab_and_junit_edge_cases(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean file alone (gitlab's empty array), and junit's suites spooled to disk on a big run."""
    from govlint import __version__, formats
    from govlint.runner import check_files

    clean = Path(__file__).parents[1] / "fixtures" / "town-clean-2023.txt"
    assert main(["check", str(clean), "-f", "gitlab"]) == 0
    assert capsys.readouterr().out == "[]\n"
    monkeypatch.setattr("govlint.formats.junit.SPOOL_BYTES", 64)
    monkeypatch.chdir(corpus)
    assert main(["check", ".", "-f", "junit", "-j", "2"]) == 2
    linter = Linter.from_settings(Settings())
    results = check_files(linter, sorted(f"./{p.name}" for p in corpus.glob("*.txt")))
    assert capsys.readouterr().out == formats.get("junit")(results, RunInfo(version=__version__))


@pytest.mark.parametrize(
    ("options", "color", "show_all"),
    [
        (["-j", "2", "--color", "always"], True, False),
        (["-j", "2", "--color", "never", "--show-all"], False, True),
        (["-j", "1", "--color", "always", "--select", "GL304,GL201"], True, True),
    ],
)
def test_streamed_full_output_is_what_rendering_every_result_gives(
    corpus: Path, options: list[str], color: bool, show_all: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file rendered where it was checked, the closing line and table from the counts it sent."""
    from govlint import __version__
    from govlint.formats import full, summary
    from govlint.runner import check_files

    monkeypatch.chdir(corpus)
    out = tmp_path / "out.txt"
    assert main(["check", ".", "missing.txt", "-f", "full", *options, "-o", str(out)]) == 2
    select = options[options.index("--select") + 1].split(",") if "--select" in options else None
    linter = Linter.from_settings(Settings(select=select) if select else Settings())
    paths = sorted(f"./{p.name}" for p in corpus.glob("*.txt"))
    results = [FileResult("missing.txt", error="文件不存在"), *check_files(linter, paths)]
    info = RunInfo(version=__version__, color=color, show_all=show_all)
    whole = full.render(results, info) + summary.table([summary.row(r) for r in results], info)
    assert out.read_text(encoding="utf-8") == whole
    # One file: no table, as before.
    assert main(["check", "./r01.txt", "-f", "full", *options, "-o", str(out)]) == 1
    one = [result for result in results if result.path == "./r01.txt"]
    assert out.read_text(encoding="utf-8") == full.render(one, info)


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit"])
@pytest.mark.parametrize("errors", ["replace", "backslashreplace"])
def test_streamed_json_and_sarif_bytes_are_what_the_text_layer_writes(
    fmt: str, errors: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """json and sarif stream UTF-8 bytes past standard output's text layer: a character that layer
    would not write as it is (a lone surrogate) must still come out as the layer writes it."""
    import importlib
    import io

    from govlint import formats, stream

    result = _result("a.txt")
    result.findings[0].message = "半角\ud800逗号"
    info = RunInfo(version="0")
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8", errors=errors, newline="\n"))
    sink = stream._Sink(None)
    sink.write("前\n")
    module = importlib.import_module(stream.FRAMED[fmt])
    module.write_stream(map(stream.Render(fmt, info), [result]), "0", lambda: info, sink.write_bytes)
    sink.close(True)
    assert raw.getvalue() == ("前\n" + formats.get(fmt)([result], info)).encode("utf-8", errors)


def test_streamed_sarif_of_several_mib_reaches_a_gbk_console_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """SARIF's results are copied out of its spool in reads of about a MiB; on a console that is
    not UTF-8 each read is decoded on its own, so none may end inside a character."""
    import io

    from govlint import formats, stream
    from govlint.formats import sarif as sarif_format

    def report(name: str) -> FileResult:
        findings = []
        message = "此处半角逗号应改为全角逗号" * 40  # mostly Chinese bytes: a cut would land inside one
        for line in range(1, 1501):
            start = (line - 1) * 7 + 3
            fix = Fix((Edit(start, start + 1, "，"),), Applicability.SAFE)
            finding = Finding("GL304", "halfwidth-punctuation", Severity.WARNING, message, start, start + 1, fix=fix)
            finding.line, finding.column, finding.end_line, finding.end_column = line, 4, line, 5
            findings.append(finding)
        return FileResult(name, findings, text="某某镇,某某\n" * 1500)

    results = [report(f"镇{number}.txt") for number in range(4)]
    info = RunInfo(version="0")
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="gbk", errors="replace", newline="\n"))
    sink = stream._Sink(None)
    sarif_format.write_stream(map(stream.Render("sarif", info), results), "0", lambda: info, sink.write_bytes)
    sink.close(True)
    expected = formats.get("sarif")(results, info).encode("gbk", "replace")
    assert len(expected) > 2 << 20
    assert raw.getvalue() == expected


def test_gbk_console_gets_no_traceback_and_the_same_exit_status(tmp_path: Path) -> None:
    name = "\U00020000镇.txt"  # a character GBK lacks, in the path every line names
    (tmp_path / name).write_text(
        "某镇2023年度法治政府建设情况报告\n\n2023年,我镇\U00020000推进依法行政。\n", encoding="utf-8"
    )
    for fmt in ("concise", "full", "json", "github"):
        done = subprocess.run(
            [sys.executable, "-m", "govlint", "check", "-f", fmt, name],
            cwd=tmp_path,
            env={**os.environ, "PYTHONIOENCODING": "gbk"},
            capture_output=True,
            timeout=120,
        )
        assert done.returncode == 1, done.stderr.decode("gbk", "replace")
        assert b"Traceback" not in done.stderr
        assert "GL304" in done.stdout.decode("gbk")


# ---- Windows paths ----------------------------------------------------------------------------


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_paths, "WINDOWS", True)
    monkeypatch.setattr(_paths, "_cwd", lambda: "C:\\work\\repo")


def _result(path: str) -> FileResult:
    fix = Fix((Edit(3, 4, "，"),), Applicability.SAFE)
    finding = Finding("GL304", "halfwidth-punctuation", Severity.WARNING, "半角逗号", 3, 4, fix=fix, matched=",")
    finding.line, finding.column, finding.end_line, finding.end_column = 1, 4, 1, 5
    return FileResult(path, [finding], text="某某镇,某某")


@pytest.mark.parametrize(
    ("path", "uri", "relative"),
    [
        ("reports\\镇 1.txt", "reports/%E9%95%87%201.txt", True),
        ("C:\\work\\repo\\reports\\a.txt", "reports/a.txt", True),
        ("c:\\work\\repo\\a.txt", "a.txt", True),
        ("D:\\其他\\b.txt", "file:///D:/%E5%85%B6%E4%BB%96/b.txt", False),
        ("\\\\server\\share\\c.txt", "file://server/share/c.txt", False),
    ],
)
def test_windows_paths_in_sarif_github_and_gitlab(windows: None, path: str, uri: str, relative: bool) -> None:
    info = RunInfo(version="0")
    log = sarif.document([_result(path)], info)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == uri
    assert ("uriBaseId" in location) is relative
    shown = _paths.relative_path(path)
    assert "\\" not in shown
    assert f"file={github.escape_property(shown)}," in github.render([_result(path)], info)
    assert gitlab.issues([_result(path)])[0]["location"]["path"] == shown


# ---- process-level robustness -------------------------------------------------------------------


def test_a_builtin_rule_timeout_names_the_file_and_the_run_goes_on(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from govlint.checks.forbid import Forbid

    real = Forbid._ranges

    # Where a forbid rule's pattern runs (whether the engine asks for hits or for spans).
    def slow_on_r03(self: Forbid, ctx):  # type: ignore[no-untyped-def]
        if self.rule.code == "GL304" and ctx.report.path.endswith("r03.txt"):
            raise TimeoutError
        return real(self, ctx)

    monkeypatch.setattr(Forbid, "_ranges", slow_on_r03)
    code, out, err = _run(["check", str(corpus), "-f", "concise", "-j", "1"], capsys)
    assert code == 2
    assert f"govlint: {corpus / 'r03.txt'}: 内置规则 GL304 在此文件上运行超时，该规则未检查完" in err.splitlines()
    assert "r06.txt" in out and "GL304" in out  # the other files, and GL304 on them


def test_one_rule_failing_on_one_report_keeps_every_other_result(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from govlint.checks.balance import Balance

    real = Balance.run

    def broken_on_r03(self: Balance, ctx):  # type: ignore[no-untyped-def]
        if ctx.report.path.endswith("r03.txt"):
            raise KeyError("oops")
        return real(self, ctx)

    monkeypatch.setattr(Balance, "run", broken_on_r03)
    code, out, err = _run(["check", str(corpus), "-f", "json", "-j", "2"], capsys)
    assert code == 2  # the empty file
    assert "Traceback" not in err
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    failed = [f for f in files["r03.txt"]["findings"] if f["code"] == "GL305"]
    assert len(failed) == 1 and "KeyError" in failed[0]["message"]
    assert len(files["r03.txt"]["findings"]) > 1  # the other rules' findings on that very report
    assert files["r00.txt"]["error"] is None and files["r00.txt"]["findings"]


def test_a_user_rule_timeout_still_stops_with_its_file_and_line(tmp_path: Path, corpus: Path) -> None:
    from govlint.engine import PatternTimeout
    from govlint.runner import check_files

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "XY001.yaml").write_text(SLOW_RULE, encoding="utf-8")
    (corpus / "r01.txt").write_text("a" * 4000 + "b\n", encoding="utf-8")
    linter = Linter.from_settings(Settings(rules=[rules], select=["XY001"]))
    import govlint.checks.base as base

    old, base.PATTERN_TIMEOUT = base.PATTERN_TIMEOUT, 0.05
    try:
        with pytest.raises(PatternTimeout) as caught:
            check_files(linter, [str(corpus / "r01.txt")])
    finally:
        base.PATTERN_TIMEOUT = old
    assert caught.value.path == str(rules / "XY001.yaml")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker processes")
@pytest.mark.parametrize("method", START_METHODS)
def test_no_worker_outlives_a_killed_parent(tmp_path: Path, corpus: Path, method: str) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "XY001.yaml").write_text(SLOW_RULE, encoding="utf-8")
    for path in corpus.glob("r*.txt"):
        path.write_text("a" * 40000 + "b\n", encoding="utf-8")  # each file: a long backtracking match
    (corpus / ".govlint.yaml").write_text("rules: [../rules]\nselect: [XY001]\n", encoding="utf-8")
    env = {**os.environ, "GOVLINT_PATTERN_TIMEOUT": "60", "GOVLINT_START_METHOD": method}
    parent = subprocess.Popen(
        [sys.executable, "-m", "govlint", "check", "-j", "2", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = [pid for pid in _children(parent.pid) if method == "fork" or "spawn_main" in _cmdline(pid)]
        assert len(workers) >= 2, "the workers did not start"
        time.sleep(1)  # both busy in their match
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        parent.kill()


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""
