"""``--profile auto``: the profile a report is checked with, inferred from what it says about itself.

A report names the organ that reports in its title (云溪县市场监督管理局2023年度…), often in an
issuer line under the title and in its signature (落款), and the portal names who published it
(发布机构); its first lines refer to it (我局, 我镇). Each profile's YAML lists under ``infer`` the
endings of its organs' names (``issuer``) and its self-references (``self``), so the rules stay data
and a province can add a profile of its own (in ``profiles/`` of a rule directory).

In one name the match that ends last names the organ (云溪县 | 市场监督管理局 is a department, not
the county); of two matches ending together the longer wins (中共云溪县委员会 is the county's Party
committee, not a 委员会 department), and of equal ones the profile loaded later (a user's).

The title, the issuer line and the signature are the report's own words: when they disagree, the
report is not guessed at. The 发布机构 is only who published it (a county's report is often published
by the government office or the 司法局), so it counts only when the report's own words are silent,
and the self-references of the first lines only after that.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from govlint.diagnostics import ProfileChoice
from govlint.rules import RULE_SUFFIXES, Area, Profile, builtin_dir, load_profile

if TYPE_CHECKING:
    from govlint.config import Settings
    from govlint.engine import Linter
    from govlint.report import Report

AUTO = "auto"
# The self-references are looked for this far into the body.
FIRST_CHARS = 300
# A signature is at most this many name lines above the date.
SIGNATURE_LINES = 3

_NAME_CHARS = regex.compile(r"[\p{Han}（）()]{1,20}$")
_NAME_LEAD = regex.compile(r"^(?:关于|年度|年)")
_SIGNATURE = regex.compile(r"^[\p{Han}（）()、\s]{2,60}$")
_DATE_LINE = regex.compile(
    r"^(?:[\d〇○零一二三四五六七八九]{4}\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?"
    r"|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2})$"
)


@dataclass
class AutoProfiles:
    """The profiles ``--profile auto`` chooses among: every profile with ``infer`` keys, built-in first."""

    candidates: list[Profile]


def profile_dirs(extra_dirs: list[Path]) -> list[Path]:
    """Where auto finds profiles: the built-in ones, then ``profiles/`` of each rule directory."""
    return [builtin_dir() / "profiles", *(Path(directory) / "profiles" for directory in extra_dirs)]


def resolve(name: str, areas: dict[str, Area], extra_dirs: list[Path]) -> Profile | AutoProfiles:
    """The profile a setting names, or for ``auto`` the candidates to infer among."""
    if name != AUTO:
        return load_profile(name, areas)
    found = []
    for directory in profile_dirs(extra_dirs):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix in RULE_SUFFIXES and path.is_file():
                profile = load_profile(str(path), areas)
                if profile.infer:
                    found.append(profile)
    return AutoProfiles(found)


# ---- inference ---------------------------------------------------------------------------------


@dataclass
class _Verdict:
    source: str  # where the name was read: 标题, 发文机关, 落款, 发布机构, 开头
    profile: Profile
    name: str  # the organ's name as written there


def _best(text: str, candidates: list[Profile]) -> tuple[Profile, int, int] | None:
    """The profile whose ``issuer`` match ends last in ``text`` (then the longest, then the later profile)."""
    best: tuple[tuple[int, int, int], Profile, int] | None = None
    for order, profile in enumerate(candidates):
        pattern = profile.infer.get("issuer")
        if pattern is None:
            continue
        for match in pattern.finditer(text, overlapped=True):
            rank = (match.end(), match.end() - match.start(), order)
            if best is None or rank > best[0]:
                best = (rank, profile, match.start())
    return (best[1], best[2], best[0][0]) if best else None


def _named(text: str, end: int) -> str:
    """The organ's name ending at ``end``: the run of Chinese characters before it, from its last 关于."""
    found = _NAME_CHARS.search(text[:end])
    name = _NAME_LEAD.sub("", found.group(0)) if found else text[:end]
    return name.rsplit("关于", 1)[-1] or name  # 清水县人民政府关于清水县…: the organ named last


def _verdict(source: str, text: str, candidates: list[Profile], whole: bool = False) -> _Verdict | None:
    """What ``text`` says about the organ; with ``whole``, only if the text is nothing but its name."""
    found = _best(text, candidates)
    if found is None:
        return None
    profile, _start, end = found
    if whole and end != len(text.rstrip()):
        return None
    return _Verdict(source, profile, _named(text, end))


def _signature(report: Report) -> list[str]:
    """The lines at the end of the body above the date that may be the signature (落款), last first."""
    lines = report.text[report.body.start : report.body.end].split("\n")
    names: list[str] = []
    for raw in reversed(lines):
        line = raw.strip(" \t\u3000\xa0")
        if not line or _DATE_LINE.match(line):
            if names:
                break
            continue
        if not _SIGNATURE.match(line) or len(names) == SIGNATURE_LINES:
            break
        names.append(line)
    return names


def _first_lines(report: Report, candidates: list[Profile]) -> _Verdict | None:
    """The first self-reference (我局, 本街道) near the start of the body."""
    start = report.body.start
    text = report.text[start : min(report.body.end, start + FIRST_CHARS)]
    best: tuple[int, Profile, str] | None = None
    for profile in candidates:
        pattern = profile.infer.get("self")
        match = pattern.search(text) if pattern is not None else None
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), profile, match.group(0))
    return _Verdict("开头", best[1], best[2]) if best else None


def _issuer_line(report: Report, published_name: str) -> str:
    """The issuer line under the title (not the portal's 发布机构); when no title was recognised, a
    first line that is nothing but a name (中共某市交通运输局党组 over 2022年度…报告)."""
    if report.issuer and report.issuer != published_name:
        return report.issuer
    if report.title_text:
        return ""
    line = report.text[report.body.start : report.body.end].split("\n", 1)[0].strip()
    return line if _SIGNATURE.match(line) else ""


def infer(report: Report, candidates: list[Profile]) -> tuple[Profile | None, str]:
    """The profile the report's words point to and why; (None, why not) when they are silent or disagree."""
    title = "\n".join([report.title_text, *(report.text[s.start : s.end] for s in report.cache.get("title_lines", []))])
    published = report.header.get("发布机构")
    published_name = published.value if published else ""
    own = [_verdict("标题", title, candidates)]
    issuer = _issuer_line(report, published_name)
    if issuer:
        own.append(_verdict("发文机关", issuer, candidates, whole=True))
    for line in _signature(report):
        verdict = _verdict("落款", line, candidates, whole=True)
        if verdict is None:  # the last paragraph, not a name
            break
        own.append(verdict)
    said = [verdict for verdict in own if verdict is not None]
    if said:
        other = next((v for v in said if v.profile.name != said[0].profile.name), None)
        if other is not None:
            first = said[0]
            return None, f"{first.source}“{first.name}”与{other.source}“{other.name}”所示的报告主体不一致"
        return said[0].profile, f"按{said[0].source}中的“{said[0].name}”推断"
    for verdict in (_verdict("发布机构", published_name, candidates), _first_lines(report, candidates)):
        if verdict is not None:
            return verdict.profile, f"按{verdict.source}中的“{verdict.name}”推断"
    return None, "标题、发文机关、落款、发布机构和开头都未写明报告主体"


def _named_by(settings: Settings) -> str:
    """Why an explicitly set profile applies: the command line, or the config file line that sets it."""
    origin = settings.origins.get("profile", "")
    if origin == "命令行":
        return "命令行 --profile 指定"
    if not origin or origin == "默认":
        return "指定"
    relative = os.path.relpath(origin) if os.path.isabs(origin) else origin
    return f"配置文件 {origin if relative.startswith('..') else relative} 指定"


def choose(linter: Linter, report: Report) -> tuple[Linter, ProfileChoice]:
    """The linter of the profile this report gets, and the choice as outputs name it."""
    if linter.settings.profile != AUTO:
        return linter, ProfileChoice(linter.profile.name, _named_by(linter.settings))
    chosen, why = infer(report, [variant.profile for variant in linter.variants.values()])
    if chosen is None:
        return linter, ProfileChoice(linter.profile.name, f"{why}，使用默认配置档")
    return linter.variants[chosen.name], ProfileChoice(chosen.name, why)
