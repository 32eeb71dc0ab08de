"""Every output format: one golden file each, plus the properties CI servers rely on.

Regenerate the golden files after an intended change of output with
``GOVLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_formats.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import FINDING_KEYS
from govlint import __version__, formats
from govlint.cli import main
from govlint.diagnostics import FileResult, Finding, Severity
from govlint.formats import RunInfo
from govlint.formats.github import escape_data, escape_property

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
INPUTS = HERE / "data" / "golden"
SCHEMA = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
UPDATE = os.environ.get("GOVLINT_UPDATE_GOLDEN") == "1"

DEFECTIVE = "青山镇2023年度报告.txt"  # GL102 (whole document), GL304, GL303, GL201
CLEAN = "白水镇2023.txt"
EMPTY = "empty.txt"  # cannot be checked
# Pinned to a few stable rules so that tuning the rest of the pack does not churn the goldens.
SELECT = "GL102,GL201,GL303,GL304"
GOLDEN_FILES = {
    "full": "full.txt",
    "concise": "concise.txt",
    "json": "json.json",
    "json-lines": "json-lines.jsonl",
    "sarif": "sarif.sarif",
    "github": "github.txt",
    "gitlab": "gitlab.json",
    "junit": "junit.xml",
}


def render(
    fmt: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    files: tuple[str, ...] = (CLEAN, DEFECTIVE, EMPTY),
) -> tuple[int, str]:
    """Run ``govlint check`` from the inputs' directory, so every path in the output is relative."""
    monkeypatch.chdir(INPUTS)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["check", *files, "-f", fmt, "--select", SELECT, "--color", "never"])
    return code, capsys.readouterr().out


def test_every_format_has_a_golden_file() -> None:
    # The review page is a whole web application; it is tested structurally (test_format_html.py)
    # and in a real browser (test_review_page.py) rather than against a byte-for-byte golden.
    assert set(GOLDEN_FILES) == set(formats.FORMATS) - {"html"}


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_golden_output(fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = render(fmt, capsys, monkeypatch)
    assert code == 2  # the empty file cannot be checked
    out = out.replace(__version__, "{VERSION}")
    golden = GOLDEN / GOLDEN_FILES[fmt]
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), f"rerun with GOVLINT_UPDATE_GOLDEN=1 to accept ({golden.name})"


# ---- SARIF ------------------------------------------------------------------------------------


def sarif(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    files: tuple[str, ...] = (CLEAN, DEFECTIVE, EMPTY),
) -> dict:  # type: ignore[type-arg]
    out = render("sarif", capsys, monkeypatch, files)[1]
    doc = json.loads(out)
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    return doc  # type: ignore[no-any-return]


def test_sarif_validates_and_fits_code_scanning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (run,) = sarif(capsys, monkeypatch)["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("govlint", __version__)
    assert [r["id"] for r in driver["rules"]] == ["GL102", "GL201", "GL303", "GL304"]
    for rule in driver["rules"]:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["markdown"].startswith(f"# {rule['id']} {rule['name']}")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["GL102", "GL304", "GL303", "GL201"]
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        # Non-ASCII segments percent-encoded, relative to the source root.
        assert location["artifactLocation"] == {
            "uri": "%E9%9D%92%E5%B1%B1%E9%95%872023%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.txt",
            "uriBaseId": "%SRCROOT%",
        }
    assert [r["level"] for r in results] == ["error", "warning", "error", "error"]
    # The missing part is pinned to line 1; spans carry both ends.
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert results[1]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 6,
        "endLine": 3,
        "endColumn": 7,
    }
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert notification["level"] == "error" and "文件为空" in notification["message"]["text"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == EMPTY


def test_sarif_clean_run_is_successful(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (run,) = sarif(capsys, monkeypatch, (CLEAN,))["runs"]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def fingerprints_of(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, int, str]]:
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "r.txt", "-f", "sarif", "--select", SELECT])
    doc = json.loads(capsys.readouterr().out)
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    return [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["partialFingerprints"]["govlintFingerprint/v1"],
        )
        for r in doc["runs"][0]["results"]
    ]


def test_sarif_fingerprints_survive_shifted_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (INPUTS / DEFECTIVE).read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    before = fingerprints_of(text, tmp_path, capsys, monkeypatch)
    inserted = "\n（本报告经镇党委会审议通过。）\n"
    after = fingerprints_of(f"{title}\n{inserted}{rest}", tmp_path, capsys, monkeypatch)
    assert [(code, print_) for code, _, print_ in before] == [(code, print_) for code, _, print_ in after]
    assert [line for _, line, _ in after if line > 1] == [line + 2 for _, line, _ in before if line > 1]
    assert len({print_ for _, _, print_ in before}) == len(before)


def test_sarif_identical_defects_get_distinct_fingerprints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same sentence twice, in two paragraphs: same code, same text, same surroundings.
    twice = "全面梳理权责事项,做到清单之外无权力。"
    text = (INPUTS / CLEAN).read_text(encoding="utf-8").replace("全面梳理权责事项。", f"{twice}\n{twice}")
    found = fingerprints_of(text, tmp_path, capsys, monkeypatch)
    prints = [p for code, _, p in found if code == "GL304"]
    assert len(prints) == 2 and prints[0] != prints[1]


def test_sarif_path_outside_working_directory_is_absolute_file_uri(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "报告 目录" / "r.txt"
    outside.parent.mkdir()
    outside.write_text((INPUTS / DEFECTIVE).read_text(encoding="utf-8"), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    main(["check", str(outside), "-f", "sarif", "--select", "GL201"])
    doc = json.loads(capsys.readouterr().out)
    jsonschema.Draft7Validator(SCHEMA).validate(doc)
    artifact = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.as_uri()}
    assert "%E6%8A%A5%E5%91%8A%20%E7%9B%AE%E5%BD%95" in artifact["uri"]


# ---- GitHub, GitLab, JUnit, JSON lines -------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100%\r\n下一行") == "100%25%0D%0A下一行"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_command_escapes_file_and_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "a,b:c.txt"
    report.write_text((INPUTS / DEFECTIVE).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", report.name, "-f", "github", "--select", "GL201"])
    out = capsys.readouterr().out
    assert out == (
        "::error file=a%2Cb%3Ac.txt,line=10,col=13,endLine=10,endColumn=15,title=GL201 hearing-count::"
        + out.split("::", 2)[2]
    )
    assert out.count("\n") == 1


def test_gitlab_code_quality_fields(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    issues = json.loads(render("gitlab", capsys, monkeypatch)[1])
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    findings = [i for i in issues if i["location"]["path"] == DEFECTIVE]
    assert [(i["check_name"], i["severity"]) for i in findings] == [
        ("GL102", "major"),
        ("GL304", "minor"),
        ("GL303", "major"),
        ("GL201", "major"),
    ]
    assert [i["location"]["path"] for i in issues if i["severity"] == "critical"] == [EMPTY]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_junit_one_suite_per_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = ET.fromstring(render("junit", capsys, monkeypatch)[1].encode("utf-8"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == [CLEAN, DEFECTIVE, EMPTY]
    (passing,) = suites[CLEAN].iter("testcase")
    assert list(passing) == []
    assert suites[DEFECTIVE].get("failures") == "4" and len(suites[DEFECTIVE].findall("testcase/failure")) == 4
    assert suites[EMPTY].get("errors") == "1" and suites[EMPTY].find("testcase/error") is not None
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "4", "1")


def test_junit_escapes_markup_and_drops_unencodable_characters() -> None:
    finding = Finding("GL301", "placeholder", Severity.ERROR, '含有<模板>&"残留"\x0b字样', 0, 2)
    result = FileResult('a&<b>".txt', [finding])
    text = formats.get("junit")([result], RunInfo(version="0"))
    case = ET.fromstring(text.encode("utf-8")).find("testsuite/testcase")
    assert case is not None and case.get("classname") == 'a&<b>".txt'
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == '含有<模板>&"残留"\ufffd字样'


def test_json_lines_one_object_per_finding(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [json.loads(line) for line in render("json-lines", capsys, monkeypatch)[1].splitlines()]
    assert [(r["path"], r.get("code")) for r in rows] == [
        (DEFECTIVE, "GL102"),
        (DEFECTIVE, "GL304"),
        (DEFECTIVE, "GL303"),
        (DEFECTIVE, "GL201"),
        (EMPTY, None),
    ]
    assert rows[-1] == {"path": EMPTY, "error": "文件为空，没有可检查的内容"}
    assert set(rows[0]) == {"path", *FINDING_KEYS}


# ---- choosing a format, colour, output file, stdin ------------------------------------------


def test_auto_is_github_under_github_actions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(INPUTS)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    main(["check", DEFECTIVE, "-f", "auto", "--select", "GL201"])
    assert capsys.readouterr().out.startswith("::error file=")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    main(["check", DEFECTIVE, "-f", "auto", "--select", "GL201"])
    assert capsys.readouterr().out.startswith(f"{DEFECTIVE}:10:13: GL201 ")


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(INPUTS / CLEAN), "-f", "xml"]) == 2
    err = capsys.readouterr().err
    assert "xml" in err and "sarif" in err and "auto" in err and err.count("\n") == 1


def run_cli(args: list[str], env: dict[str, str], terminal: bool, stdin: bytes = b"") -> str:
    """Run govlint in a child process, its stdout a pipe or a pseudo-terminal; return what it wrote."""
    command = [sys.executable, "-m", "govlint", "check", *args]
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
    environment["TERM"] = "xterm-256color"
    environment.update(env)
    if not terminal:
        return subprocess.run(command, env=environment, capture_output=True, input=stdin, timeout=60).stdout.decode()
    leader, follower = pty.openpty()
    with subprocess.Popen(
        command, env=environment, stdout=follower, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as child:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        child.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


REPORT = str(INPUTS / DEFECTIVE)
ESC = "\x1b["


@pytest.mark.parametrize(
    ("terminal", "env", "args", "coloured"),
    [
        (True, {}, [], True),
        (True, {"NO_COLOR": "1"}, [], False),
        (True, {}, ["--color", "never"], False),
        (False, {}, ["-f", "full"], False),
        (False, {"FORCE_COLOR": "1"}, ["-f", "full"], True),
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, ["-f", "full"], False),
        (False, {"FORCE_COLOR": "1"}, ["-f", "full", "--color", "never"], False),
        (False, {}, ["-f", "full", "--color", "always"], True),
        (False, {"FORCE_COLOR": "1"}, ["-f", "sarif"], False),
        (False, {"FORCE_COLOR": "1", "TERM": "dumb"}, ["-f", "full"], True),
    ],
    ids=[
        "terminal",
        "terminal-NO_COLOR",
        "terminal-color-never",
        "pipe",
        "pipe-FORCE_COLOR",
        "NO_COLOR-beats-FORCE_COLOR",
        "color-never-beats-FORCE_COLOR",
        "pipe-color-always",
        "sarif-FORCE_COLOR",
        "FORCE_COLOR-TERM-dumb",
    ],
)
def test_colour(terminal: bool, env: dict[str, str], args: list[str], coloured: bool) -> None:
    out = run_cli([REPORT, "--select", "GL201", *args], env, terminal)
    assert "GL201" in out
    assert (ESC in out) is coloured


def test_terminal_default_is_full_and_pipe_default_is_concise() -> None:
    on_terminal = run_cli([REPORT, "--select", "GL201"], {}, terminal=True)
    in_pipe = run_cli([REPORT, "--select", "GL201"], {}, terminal=False)
    assert "检查了 1 个文件" in on_terminal
    assert in_pipe == f"{REPORT}:10:13: GL201 " + in_pipe.split(" GL201 ", 1)[1] and in_pipe.count("\n") == 1


def test_stdin_with_stdin_filename() -> None:
    data = (INPUTS / DEFECTIVE).read_bytes()
    out = run_cli(
        ["-", "--stdin-filename", "reports/青山镇.txt", "--select", "GL201", "-f", "concise"],
        {},
        terminal=False,
        stdin=data,
    )
    assert out.startswith("reports/青山镇.txt:10:13: GL201 ")
    sarif_out = json.loads(
        run_cli(
            ["-", "--stdin-filename", "reports/青山镇.txt", "--select", "GL201", "-f", "sarif"],
            {},
            terminal=False,
            stdin=data,
        )
    )
    uri = sarif_out["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "reports/%E9%9D%92%E5%B1%B1%E9%95%87.txt"


def test_stdin_without_a_name_is_shown_as_dash() -> None:
    out = run_cli(
        ["-", "--select", "GL201", "-f", "concise"], {}, terminal=False, stdin=(INPUTS / DEFECTIVE).read_bytes()
    )
    assert out.startswith("-:10:13: GL201 ")


def test_output_file_gets_the_report_and_stdout_stays_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "govlint.sarif"
    code = main(["check", str(INPUTS / DEFECTIVE), "-f", "sarif", "--select", "GL201", "-o", str(target)])
    assert code == 1 and capsys.readouterr().out == ""
    jsonschema.Draft7Validator(SCHEMA).validate(json.loads(target.read_text(encoding="utf-8")))
    assert [p.name for p in tmp_path.iterdir()] == ["govlint.sarif"]


def test_output_file_in_missing_directory_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "no-such-dir" / "out.json"
    assert main(["check", str(INPUTS / DEFECTIVE), "-f", "json", "-o", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and str(target) in captured.err
    assert not target.parent.exists()


def test_locations_through_dot_dot_and_symlinks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govlint.formats._paths import artifact_uri, relative_path

    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "reports").mkdir(parents=True)
    (repo / "reports" / "link.txt").symlink_to(outside)
    monkeypatch.chdir(repo / "reports")
    # A symlink inside the repository is located where it is, not where it points.
    assert relative_path("link.txt") == "link.txt"
    assert relative_path("./link.txt") == "link.txt"
    assert artifact_uri("../../elsewhere.txt") == (outside.as_uri(), False)
    assert relative_path("-") == "-"


def test_json_and_sarif_file_parts_are_the_generic_encoding_of_every_kind_of_finding() -> None:
    """render_file writes findings from their fields; it must equal encoding the dicts generically."""
    from govlint.diagnostics import Applicability, Edit, Fix, ProfileChoice
    from govlint.formats import json as json_format
    from govlint.formats import sarif

    one = Fix((Edit(3, 4, "，"),), Applicability.SAFE, "改为全角标点")
    two = Fix((Edit(0, 1, "a%s"), Edit(5, 7, '"b\\')), Applicability.UNSAFE, "")
    none = Fix((), Applicability.DISPLAY_ONLY, "%d")
    brackets = Fix((Edit(1, 2, "[]"),), Applicability.SAFE, "改为[]")
    findings = [
        Finding("GL304", "halfwidth-punctuation", Severity.WARNING, "半角“,”", 3, 4, "GB/T 15834", one, 2, 4, 2, 5),
        Finding("GL100", "x%s", Severity.ERROR, '100% "quoted"\n', 0, 2, "", two, 1, 1, 3, 2, matched="ab"),
        Finding("GL200", "y", Severity.INFO, "缺少", 0, 0, "依据", none, document_level=True),
        Finding("GL201", "z", Severity.INFO, "无修复", 5, 9, "b", None, 4, 1, 4, 5, stored=(9, 8, 7, 6)),
        Finding("GL304", "halfwidth-punctuation", Severity.WARNING, "半角“,”", 1, 2, "", brackets, 1, 2, 1, 3),
        Finding("GL304", "halfwidth-punctuation", Severity.WARNING, "半角“,”", 3, 4, "GB/T 15834", one, 2, 4, 2, 5),
    ]
    results = [
        FileResult("a%20b/报告.txt", findings, text="ab,cd\n" * 5, profile=ProfileChoice("town", "推断")),
        FileResult("c.pdf", findings, text="ab,cd\n" * 5, line_unit="段", line_pages=[1, 1, 2, 2, 3]),
        FileResult("d.docx", findings, text="ab,cd\n" * 5, line_unit="段"),
    ]
    info = RunInfo(version="0")
    for result in results:
        assert json_format.render_file(result, info) == json_format.indented(json_format.file_dict(result), 2)
        parsed = json.loads("[" + sarif.render_file(result, info).replace("\x00", "") + "]")
        assert [r["locations"][0]["physicalLocation"]["region"] for r in parsed] == [sarif._region(f) for f in findings]
        assert [r["message"]["text"] for r in parsed] == [result.labelled(f) for f in findings]


def test_fingerprint_context_stops_at_line_breaks_as_a_whole_line_search_would() -> None:
    import hashlib
    import random

    from govlint.formats import _paths

    def reference(text: str, finding: Finding) -> str:
        line_start = text.rfind("\n", 0, finding.start) + 1
        found = text.find("\n", finding.end)
        line_end = len(text) if found < 0 else found
        before = text[max(line_start, finding.start - _paths.CONTEXT_CHARS) : finding.start]
        after = text[finding.end : min(line_end, finding.end + _paths.CONTEXT_CHARS)]
        parts = [finding.code, text[finding.start : finding.end], " ".join(before.split()), " ".join(after.split())]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]

    chooser = random.Random(19)
    for _ in range(2000):
        text = "".join(chooser.choice("ab ,\n中文") for _ in range(chooser.randrange(0, 40)))
        start = chooser.randrange(0, len(text) + 1)
        end = chooser.randrange(start, len(text) + 1)
        finding = Finding("GL304", "x", Severity.WARNING, "m", start, end)
        assert _paths._digest(text, finding) == reference(text, finding)
        assert _paths.fingerprints(FileResult("a.txt", [finding], text=text)) == [reference(text, finding) + ":1"]
