"""Hostile and careless input: each test is one probe from issue #16, reproduced and now refused cleanly.

Each test reads as "what a user pointed govlint at" → "what they see". Probes that could hang if
they regress run govlint in a child process with a timeout (``run``); the others call ``main``.
To add one: build the input under ``tmp_path``, run govlint, assert the one line and the exit status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
REPORT = (ROOT / "fixtures" / "example-town-2023.txt").read_text(encoding="utf-8")
# A probe that regresses into a hang fails after this long instead of stalling the suite.
TIMEOUT = 60

needs_posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev files are POSIX")


def run(*args: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """govlint in a child process (a hang becomes a test failure, not a stuck suite)."""
    env = {**os.environ, "GOVLINT_NO_CACHE": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "govlint", *args],
        cwd=cwd,
        input=stdin.decode(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def one_line(err: str) -> str:
    """The error output, asserted to be a single line without a traceback."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


# ---- only regular files are read, with the size limit applied while reading ------------------


@needs_posix
def test_fifo_named_on_the_command_line_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    done = run("check", "report.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert one_line(done.stderr) == "govlint: report.txt: 不是普通文件（管道、设备或套接字），不读取"


@needs_posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_device_named_as_a_report_is_refused(tmp_path: Path, device: str) -> None:
    done = run("check", "--input-format", "text", device, cwd=tmp_path)
    assert done.returncode == 2
    assert "不是普通文件" in one_line(done.stderr)


@needs_posix
def test_baseline_that_is_dev_zero_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    done = run("check", "--baseline", "/dev/zero", "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert one_line(done.stderr) == "govlint: /dev/zero: 不是普通文件（管道、设备或套接字），不读取"


@needs_posix
def test_config_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    os.mkfifo(tmp_path / "conf.yaml")
    done = run("check", "--config", "conf.yaml", "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert one_line(done.stderr) == "govlint: conf.yaml: 不是普通文件（管道、设备或套接字），不读取"


def test_size_limit_holds_for_a_file_that_grows_while_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govlint import fileio
    from govlint.errors import InputError

    big = tmp_path / "a.txt"
    big.write_bytes(b"x" * 3000)
    real_fstat = os.fstat

    def small_fstat(fd: int) -> os.stat_result:
        # The size stat reports when the check is made; the file then grows past the limit.
        info = list(real_fstat(fd))
        info[6] = 10
        return os.stat_result(info)

    monkeypatch.setattr(fileio.os, "fstat", small_fstat)
    with pytest.raises(InputError, match="读取时超过上限"):
        fileio.read_regular(str(big), 1000)


# ---- discovered configuration that cannot be read is an error, not ignored --------------------


@needs_posix
@pytest.mark.parametrize(
    ("target", "says"),
    [
        (".govlint.yaml", ".govlint.yaml: 符号链接形成循环"),  # a link to itself
        ("/dev/null", "不是普通文件（目录、管道或设备），无法作为配置文件读取"),
        ("gone.yaml", ".govlint.yaml: 是指向不存在文件的符号链接"),
    ],
)
def test_discovered_config_that_cannot_be_read_is_an_error(tmp_path: Path, target: str, says: str) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    os.symlink(target, tmp_path / ".govlint.yaml")
    done = run("check", "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert one_line(done.stderr).endswith(says)


def test_file_in_a_folder_without_search_permission_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    report = locked / "a.txt"
    report.write_text(REPORT, encoding="utf-8")
    real_stat, real_open = os.stat, os.open

    # chmod 000 does not stop root; fail every look inside the folder as it fails for other users.
    def denied(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.path.abspath(path).startswith(str(locked) + os.sep):
            raise PermissionError(13, "Permission denied", str(path))
        return (real_open if denied.opening else real_stat)(path, *args, **kwargs)

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        denied.opening = False
        return denied(path, *args, **kwargs)

    def open_(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        denied.opening = True
        return denied(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "open", open_)
    monkeypatch.chdir(tmp_path)
    code = main(["check", "-f", "concise", "locked/a.txt"])
    err = capsys.readouterr().err
    assert code == 2
    assert one_line(err) == "govlint: locked/a.txt: 没有读取权限（所在目录无法访问）"


# ---- nesting, bombs and other containers built to exhaust govlint ------------------------------


def test_deeply_nested_html_is_refused_quickly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    depth = 100_000  # 1.1 MB; took 271 s before
    page = "<html><body>" + "<div>" * depth + "某镇2023年度法治政府建设情况报告" + "</div>" * depth + "</body></html>"
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    code = main(["check", "-f", "concise", str(tmp_path / "deep.html")])
    err = capsys.readouterr().err
    assert code == 2
    assert "网页标签嵌套超过 1000 层" in one_line(err)


def test_html_nested_a_few_hundred_levels_is_still_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    depth = 300
    body = "".join(f"<p>{line}</p>" for line in REPORT.splitlines() if line.strip())
    page = "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    code = main(["check", "-f", "concise", str(tmp_path / "deep.html")])
    out = capsys.readouterr().out
    assert code == 1 and "GL201" in out


def test_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(300):  # 300 MB unpacked, 0.3 MB packed
                part.write(chunk)
    code = main(["check", "-f", "concise", str(bomb)])
    assert code == 2
    assert "Word 文档解压后超过 200 MB" in one_line(capsys.readouterr().err)


BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


@pytest.mark.parametrize("where", ["--config", "--baseline", "rule"])
def test_yaml_alias_bomb_is_refused_before_validation(tmp_path: Path, where: str) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    if where == "rule":
        (tmp_path / "house").mkdir()
        (tmp_path / "house" / "HX001.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
        (tmp_path / ".govlint.yaml").write_text("rules: [house]\n", encoding="utf-8")
        done = run("check", "a.txt", cwd=tmp_path)
    else:
        (tmp_path / "bomb.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
        done = run("check", where, "bomb.yaml", "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "YAML 别名（*）展开后超过 100000 个节点，拒绝处理" in one_line(done.stderr)


# ---- the messages a user sees name the right problem --------------------------------------------


def test_bytes_that_decode_to_nothing_are_not_called_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ff.txt").write_bytes(b"\xff" * 100)
    assert main(["check", str(tmp_path / "ff.txt")]) == 2
    line = one_line(capsys.readouterr().err)
    assert "无法识别文件编码" in line and "文件为空" not in line


def test_utf16_without_bom_is_read_not_called_binary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "a.txt"
    report.write_bytes(REPORT.encode("utf-16-le"))
    assert main(["check", "-f", "concise", str(report)]) == 1
    captured = capsys.readouterr()
    assert "GL201" in captured.out and "二进制" not in captured.err


def test_quoted_baseline_version_says_what_to_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "base.yaml").write_text('version: "1"\nentries: []\n', encoding="utf-8")
    assert main(["check", "--baseline", str(tmp_path / "base.yaml"), str(tmp_path / "a.txt")]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.endswith("基线版本应写为数字 1（不加引号），而不是字符串“1”")


def test_error_quoting_a_file_shows_only_its_first_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A config that is (a link to) somebody's secret: the error must not print it.
    secret = "s3cr3t-" * 200
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "conf.yaml").write_text(f"select: [{secret}]\n", encoding="utf-8")
    assert main(["check", "--config", str(tmp_path / "conf.yaml"), str(tmp_path / "a.txt")]) == 2
    line = one_line(capsys.readouterr().err)
    assert secret[:40] + "…" in line and secret[:41] not in line


def test_profile_name_too_long_for_the_file_system_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    assert main(["check", "--profile", "p" * 5000, str(tmp_path / "a.txt")]) == 2
    assert one_line(capsys.readouterr().err).endswith("文件名过长")


# ---- nothing a user points govlint at runs code or loses data -----------------------------------


class _Planted:
    """A pickle that, when loaded, creates a file: what another user could put in a shared cache."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owner checks are POSIX")
@pytest.mark.parametrize("loosen", ["folder", "entry"])
def test_rule_cache_writable_by_others_is_never_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loosen: str
) -> None:
    import pickle

    from govlint import cache
    from govlint.config import Settings
    from govlint.engine import Linter

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    monkeypatch.delenv("GOVLINT_NO_CACHE", raising=False)
    Linter.from_settings(Settings())  # fills the cache
    folder = cache.cache_dir()
    assert folder is not None
    (entry,) = folder.glob("rules-*.pickle")
    marker = tmp_path / "code-ran"
    entry.write_bytes(pickle.dumps(_Planted(marker)))
    (folder if loosen == "folder" else entry).chmod(0o777 if loosen == "folder" else 0o666)
    linter = Linter.from_settings(Settings())
    assert not marker.exists()
    assert linter.ruleset.by_code()["GL201"]  # rebuilt in memory, silently


@pytest.mark.parametrize("command", ["check", "extract"])
def test_output_file_that_is_the_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    assert main([command, "-f", "json", "-o", str(report), str(report)]) == 2
    assert report.read_text(encoding="utf-8") == REPORT
    assert one_line(capsys.readouterr().err).endswith(f"输出会覆盖被检查的文件 {report}，请把输出写到别处")


def test_review_pages_that_would_replace_input_pages_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rep = tmp_path / "rep"
    rep.mkdir()
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in REPORT.splitlines() if line.strip()) + "</body></html>"
    for name in ("a.html", "b.html"):
        (rep / name).write_text(page, encoding="utf-8")
    assert main(["check", "-f", "html", "-o", str(rep / "index.html"), str(rep)]) == 2
    assert "输出会覆盖被检查的文件" in one_line(capsys.readouterr().err)
    assert sorted(p.name for p in rep.iterdir()) == ["a.html", "b.html"]
    assert (rep / "a.html").read_text(encoding="utf-8") == page


FIXABLE = REPORT.replace("\n二、", "\n依据《某某办法》(试行)开展工作,取得成效。\n二、", 1)


def _fixable(tmp_path: Path) -> Path:
    report = tmp_path / "a.txt"
    report.write_text(FIXABLE, encoding="utf-8")
    return report


def test_fix_skips_a_file_appended_to_while_it_was_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from govlint import fix

    report = _fixable(tmp_path)
    real = fix.fix_bytes

    def appended_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        outcome = real(*args, **kwargs)
        with open(report, "a", encoding="utf-8") as handle:
            handle.write("另一个程序追加的一行。\n")
        return outcome

    monkeypatch.setattr(fix, "fix_bytes", appended_meanwhile)
    assert main(["check", "--fix", "-f", "concise", str(report)]) == 2
    assert report.read_text(encoding="utf-8") == FIXABLE + "另一个程序追加的一行。\n"
    assert "文件在检查期间被其他程序修改，未写入修复" in capsys.readouterr().err


def test_fix_refuses_a_read_only_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _fixable(tmp_path)
    report.chmod(0o444)
    assert main(["check", "--fix", "-f", "concise", str(report)]) == 2
    assert report.read_text(encoding="utf-8") == FIXABLE
    assert "文件是只读的，未写入修复" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "link"), reason="hard links")
def test_fix_refuses_to_split_a_hard_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _fixable(tmp_path)
    other = tmp_path / "published.txt"
    os.link(report, other)
    assert main(["check", "--fix", "-f", "concise", str(report)]) == 2
    assert os.path.samefile(report, other) and other.read_text(encoding="utf-8") == FIXABLE
    assert "文件有 2 个硬链接" in capsys.readouterr().err


def test_fix_still_rewrites_an_ordinary_file(tmp_path: Path) -> None:
    report = _fixable(tmp_path)
    main(["check", "--fix", "-f", "concise", str(report)])
    assert "（试行）开展工作，取得成效" in report.read_text(encoding="utf-8")


# ---- one broken rule loses nothing else ----------------------------------------------------------

BROKEN_TEMPLATE = """code: HX001
slug: draft-mark
severity: error
summary: 发布稿中留有草稿标记
check: forbid
scope: all
pattern: 征求意见稿
message: '{match.nonexistent}'
basis: 本单位发布规范第5条
examples:
  pass: ["某镇2023年度法治政府建设情况报告"]
  fail: ["某镇2023年度法治政府建设情况报告（征求意见稿）"]
"""


def test_unfillable_message_template_is_a_rule_error_at_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "HX001.yaml").write_text(BROKEN_TEMPLATE, encoding="utf-8")
    (tmp_path / ".govlint.yaml").write_text("rules: [house]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(REPORT + "\n征求意见稿\n", encoding="utf-8")
    assert main(["check", "--exit-zero", str(tmp_path / "a.txt")]) == 2
    line = one_line(capsys.readouterr().err)
    assert "HX001.yaml:8: 消息模板中的“{match.nonexistent}”无法填写" in line


def test_a_rule_that_crashes_on_one_report_keeps_every_other_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from govlint.checks.forbid import Forbid

    real = Forbid._ranges

    # Where a forbid rule's pattern runs (whether the engine asks for hits or for spans).
    def crash_on_b(self, ctx):  # type: ignore[no-untyped-def]
        if self.rule.code == "GL303" and ctx.report.path.endswith("b.txt"):
            raise ZeroDivisionError
        return real(self, ctx)

    monkeypatch.setattr(Forbid, "_ranges", crash_on_b)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    code = main(["check", "-f", "concise", "-j", "1", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    for name in ("a.txt", "b.txt", "c.txt"):
        assert f"{name}:26:53: GL201" in out  # every file's other findings are there
    assert "b.txt:1:1: GL303 规则 GL303 在此文件上运行出错（ZeroDivisionError）" in out


# ---- file names that are not UTF-8 ---------------------------------------------------------------

FORMATS = [
    *("concise", "full", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html"),
    *("extract-json", "extract-csv"),  # govlint extract -f json|csv
]


def _command(fmt: str) -> list[str]:
    """``check -f FMT``, or ``extract -f json|csv`` for the "extract-…" names."""
    return ["extract", "-f", fmt.split("-")[1]] if fmt.startswith("extract-") else ["check", "-f", fmt]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names there are always Unicode")
@pytest.mark.parametrize("fmt", FORMATS)
def test_file_name_with_invalid_utf8_is_escaped_in_every_format(tmp_path: Path, fmt: str) -> None:
    name = os.fsdecode(b"r\xff.txt")
    try:
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses non-UTF-8 names")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "govlint", *_command(fmt), "-o", str(out), "."],
        cwd=tmp_path,
        capture_output=True,
        timeout=TIMEOUT,
        env={**os.environ, "GOVLINT_NO_CACHE": "1"},
        check=False,
    )
    assert done.returncode == (0 if fmt.startswith("extract") else 1), done.stderr.decode("utf-8", "replace")
    text = out.read_bytes().decode("utf-8")  # valid UTF-8, or this raises
    assert "xff.txt" in text and "\ufffd" not in text


@needs_posix
def test_endless_standard_input_stops_at_the_size_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "govlint", "check", "--max-file-size", "1", "-"],
            cwd=tmp_path,
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env={**os.environ, "GOVLINT_NO_CACHE": "1"},
            check=False,
        )
    assert done.returncode == 2
    assert "输入过大" in one_line(done.stderr)


@needs_posix
def test_ignore_file_that_is_a_fifo_does_not_stall_a_walk(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text(REPORT, encoding="utf-8")
    os.mkfifo(tmp_path / "reports" / ".gitignore")
    done = run("check", "-f", "concise", "reports", cwd=tmp_path)
    assert done.returncode == 1 and "GL201" in done.stdout


@needs_posix
def test_output_is_not_written_through_a_link_planted_at_a_temporary_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("不应被改写", encoding="utf-8")
    # The fixed temporary name earlier versions used beside the output file.
    os.symlink(victim, tmp_path / ".out.json.govlint-tmp")
    assert main(["check", "-f", "json", "-o", str(tmp_path / "out.json"), str(tmp_path / "a.txt")]) == 1
    assert victim.read_text(encoding="utf-8") == "不应被改写"
    assert '"GL201"' in (tmp_path / "out.json").read_text(encoding="utf-8")


def test_stray_end_tags_do_not_hide_deep_nesting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The parser ignores </b> with no <b> open, so each <div> stays open.
    page = "<html><body>" + "<div></b>" * 20_000 + "某镇2023年度法治政府建设情况报告" + "</body></html>"
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    assert main(["check", "-f", "concise", str(tmp_path / "deep.html")]) == 2
    assert "网页标签嵌套超过 1000 层" in one_line(capsys.readouterr().err)


def test_a_bug_met_on_one_file_is_that_files_error_and_the_others_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A reader or the parser raising on one odd file (a bug) costs that file, never the run.
    import govlint.engine

    good, odd = tmp_path / "good.txt", tmp_path / "odd.txt"
    text = (ROOT / "fixtures" / "town-clean-2023.txt").read_text(encoding="utf-8")
    good.write_text(text, encoding="utf-8")
    odd.write_text(text.replace("2023年", "2023 年", 1), encoding="utf-8")
    real = govlint.engine.parse

    def parse(source: Any) -> Any:
        if source.path.endswith("odd.txt"):
            raise ValueError("unexpected shape\nsecond line")
        return real(source)

    monkeypatch.setattr(govlint.engine, "parse", parse)
    assert main(["check", "-f", "json", "-j", "1", str(good), str(odd)]) == 2
    files = {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert files["good.txt"]["error"] is None
    assert files["odd.txt"]["error"].startswith("检查此文件时 govlint 内部出错（ValueError: unexpected shape）")
