"""What evaluators look for (issue 18): a report read beside last year's (GL501, GL502), too few
figures in the measures part (GL207), and a non-standard title (GL107), as a user runs them."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from govlint.cli import main

LAST = FIXTURES / "pair-guiling-2022.txt"
THIS = FIXTURES / "pair-guiling-2023.txt"


def _codes(output: str) -> list[str]:
    return re.findall(r": (GL\d{3}) ", output)


def test_previous_finds_the_paragraphs_copied_with_the_years_changed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-f", "concise", "--previous", str(LAST), str(THIS)]) == 0  # warnings and info only
    out = capsys.readouterr().out
    copied = [line for line in out.splitlines() if " GL501 " in line]
    # Every paragraph but the two rewritten ones (litigation, case-file review), once each.
    assert len(copied) == 12
    assert "pair-guiling-2023.txt:9:13: GL501 本段与上一年度报告第9行的段落基本相同" in out
    assert all("不是法定要求" in line for line in copied)
    # The new litigation paragraph (line 29) is not reported.
    assert not any(line.startswith(f"{THIS}:29:") for line in copied)
    plan = [line for line in out.splitlines() if " GL502 " in line]
    assert len(plan) == 1 and "“村级公共法律服务工作室”" in plan[0] and "第57行" in plan[0]


def test_a_genuinely_different_report_gets_no_copy_finding(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "-f", "concise", "--select", "GL501", "--previous", str(LAST), str(FIXTURES / "county-2023.txt")])
    assert "GL501" not in capsys.readouterr().out


def test_without_a_previous_report_there_is_no_comparison(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "-f", "concise", str(THIS)])
    assert not {"GL501", "GL502"} & set(_codes(capsys.readouterr().out))


def test_a_directory_pairs_each_report_with_the_issuers_year_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in (LAST, THIS, FIXTURES / "town-clean-2023.txt"):
        shutil.copy(path, tmp_path / path.name)
    main(["check", "-f", "json", str(tmp_path)])
    files = {
        Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in json.loads(capsys.readouterr().out)["files"]
    }
    assert files["pair-guiling-2023.txt"].count("GL501") == 12
    # Another issuer's report of 2023, and last year's report itself, are read alone.
    assert not {"GL501", "GL502"} & set(files["town-clean-2023.txt"] + files["pair-guiling-2022.txt"])
    (tmp_path / ".govlint.yaml").write_text("previous: off\n", encoding="utf-8")
    main(["check", "-f", "json", str(tmp_path)])
    assert '"GL501"' not in capsys.readouterr().out


def test_full_output_and_review_page_show_the_copied_share(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "-f", "full", "--color", "never", "--previous", str(LAST), str(THIS)])
    assert re.search(
        r"对照上一年度报告 \S+pair-guiling-2022\.txt：约 9\d% 的正文与上年基本相同（12 段", capsys.readouterr().out
    )
    page = tmp_path / "review.html"
    main(["check", "-f", "html", "-o", str(page), "--previous", str(LAST), str(THIS)])
    html = page.read_text(encoding="utf-8")
    section = html[html.index('id="previous"') : html.index("</section>", html.index('id="previous"'))]
    assert "与上一年度报告对照" in section and "本报告约 <strong>9" in section
    # Side by side: this year's paragraph and last year's, each with its line.
    assert "全年受理群众办事申请4712件" in section and "全年受理群众办事申请4380件" in section
    assert section.count("<tr>") == 13  # a header row and twelve paragraphs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--previous", str(LAST), str(THIS), str(LAST)], "--previous 只能与一个报告文件同用"),
        (["--previous", "no-such-last-year.txt", str(THIS)], "上一年度报告文件不存在"),
        (["--previous", str(LAST), "--fix", str(THIS)], "--previous 不能与 --fix 或 --diff 同用"),
    ],
)
def test_previous_misuse_is_one_line_and_exit_two(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_an_unreadable_previous_report_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "last.docx"
    broken.write_bytes(b"not a zip")
    assert main(["check", "-f", "concise", "--previous", str(broken), str(THIS)]) == 2
    assert "上一年度报告" in capsys.readouterr().err


def _stripped_of_figures(text: str) -> str:
    """The report with every figure of its work turned into words without numbers."""
    return re.sub(r"[0-9.]+\s*(?:%|件|项|次|份|场|期|人次)", "若干", text)


def test_stripped_figures_give_gl207_and_figures_in_most_areas_do_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = FIXTURES / "town-clean-2023.txt"
    main(["check", "-f", "concise", "--select", "GL207", str(clean)])
    assert "GL207" not in capsys.readouterr().out
    vague = tmp_path / "vague-2023.txt"
    vague.write_text(_stripped_of_figures(clean.read_text(encoding="utf-8")), encoding="utf-8")
    main(["check", "-f", "concise", "--select", "GL207", str(vague)])
    out = capsys.readouterr().out
    assert "GL207 举措和成效部分约" in out and "处可核实的数字" in out
    # A profile may set its own threshold.
    (tmp_path / "lenient.yaml").write_text("extends: town\noptions:\n  GL207: {per_1000: 0}\n", encoding="utf-8")
    main(["check", "-f", "concise", "--select", "GL207", "--profile", str(tmp_path / "lenient.yaml"), str(vague)])
    assert "GL207" not in capsys.readouterr().out


def test_a_title_without_the_year_is_fixed_when_the_year_is_evident(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    text = (FIXTURES / "town-clean-2023.txt").read_text(encoding="utf-8")
    report.write_text(text.replace("柳湾镇关于2023年度法治政府建设", "柳湾镇关于法治政府建设"), encoding="utf-8")
    main(["check", "-f", "concise", "--select", "GL107", str(report)])
    assert "GL107 [*] 标题“柳湾镇关于法治政府建设情况的报告”没有写明年度" in capsys.readouterr().out
    main(["check", "--fix", "--select", "GL107", str(report)])
    assert report.read_text(encoding="utf-8") == text


def test_previous_in_config_is_validated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".govlint.yaml").write_text("previous: sometimes\n", encoding="utf-8")
    shutil.copy(THIS, tmp_path / THIS.name)
    assert main(["check", str(tmp_path)]) == 2
    assert ".govlint.yaml:1" in capsys.readouterr().err


def test_real_titles_are_flagged_only_without_a_year_or_with_another_genre() -> None:
    """The titles of published reports collected in tests/data (each with its address): GL107
    speaks only about one without a year, one named a 工作总结, or one without the word 报告."""
    import yaml

    from govlint.rules import load_profile, load_ruleset
    from govlint.ruletest import findings_for

    ruleset = load_ruleset()
    rule, profile = ruleset.by_code()["GL107"], load_profile("town", ruleset.areas)
    shapes = yaml.safe_load((FIXTURES.parent / "tests" / "data" / "profile_shapes.yaml").read_text(encoding="utf-8"))
    for title in (entry["title"] for entry in shapes["titles"]):
        flagged = bool(findings_for(rule, ruleset, profile, title + "\n\n一、主要举措和成效\n"))
        nonstandard = re.search(r"(19|20)\d\d", title) is None or "总结" in title or "报告" not in title
        assert flagged == nonstandard, title


def test_the_paragraph_named_in_last_years_report_does_not_depend_on_the_hash_seed() -> None:
    # Two of last year's paragraphs share equally long sentences with one of this year's: which one
    # GL501 names must not change between runs (it did with Python's string hash seed).
    import os
    import subprocess
    import sys

    pair = Path(__file__).parent / "data" / "yoy"  # two generated reports of one issuer (bench/make_corpus.py)
    command = [sys.executable, "-m", "govlint", "check", "-f", "concise", "--select", "GL501"]
    command += ["--previous", str(pair / "baisha-2021.txt"), str(pair / "baisha-2022.txt")]
    outputs = {
        subprocess.run(
            command, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=False
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1 and "GL501" in outputs.pop()


def test_pairs_found_in_worker_processes_are_those_found_in_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from govlint.config import Resolver
    from govlint.pairing import _forks, pair
    from govlint.runner import MIN_FILES_FOR_POOL, collect

    # Enough files for the pool: several claimants of one issuer's year (the first in path order
    # wins), other issuers and years, an unreadable file and one that is no report at all.
    text_last, text_this = LAST.read_text(encoding="utf-8"), THIS.read_text(encoding="utf-8")
    for i in range(MIN_FILES_FOR_POOL):
        shutil.copy(FIXTURES / "town-clean-2023.txt", tmp_path / f"m{i:02d}-town.txt")
    (tmp_path / "b-last.txt").write_text(text_last, encoding="utf-8")
    (tmp_path / "a-last-copy.txt").write_text(text_last, encoding="utf-8")
    (tmp_path / "c-this.txt").write_text(text_this, encoding="utf-8")
    (tmp_path / "d-next.txt").write_text(text_this.replace("2023", "2024"), encoding="utf-8")
    (tmp_path / "e-broken.docx").write_bytes(b"not a zip")
    (tmp_path / "f-empty.txt").write_text("", encoding="utf-8")
    files, _ = collect([str(tmp_path)])
    resolver = Resolver()
    from govlint import workers

    pools = []
    real_run = workers.run
    monkeypatch.setattr(workers, "run", lambda *args: pools.append(args) or real_run(*args))
    alone = pair(files, resolver, jobs=1)
    assert not pools
    assert pair(files, resolver, jobs=2) == alone
    assert len(pools) == (1 if _forks() else 0)  # the pool, where workers are forks (Linux)
    monkeypatch.setattr(workers, "run", real_run)
    assert alone[str(tmp_path / "c-this.txt")] == str(tmp_path / "a-last-copy.txt")
    assert alone[str(tmp_path / "d-next.txt")] == str(tmp_path / "c-this.txt")

    outputs = []
    stdin_text = (tmp_path / "c-this.txt").read_text(encoding="utf-8")
    for jobs in ("1", "2"):
        for paths in ([str(tmp_path)], [str(tmp_path), "-"]):
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin_text.encode())))
            status = main(["check", "-f", "json", "-j", jobs, *paths])
            outputs.append((paths == [str(tmp_path)], status, capsys.readouterr()))
    for alone_dir, status, captured in outputs[1:]:
        expected = outputs[0] if alone_dir else outputs[1]
        assert (status, captured.out, captured.err) == (expected[1], expected[2].out, expected[2].err)
    this = json.loads(outputs[0][2].out)["files"][2]
    assert this["path"].endswith("c-this.txt") and [f["code"] for f in this["findings"]].count("GL501") == 12
