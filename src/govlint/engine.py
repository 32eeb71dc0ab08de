"""Stage 4, the engine: evaluate every enabled rule on a report, then post-process the findings
(drop chrome, apply severities, dedupe, limit, sort, locate) in one pipeline kept out of the rules."""

from __future__ import annotations

import operator
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govlint.checks.base import Context
from govlint.config import Settings
from govlint.diagnostics import ChecklistItem, FileResult, Finding
from govlint.errors import GovlintError, RuleError
from govlint.load import Source
from govlint.report import Report, parse
from govlint.rules import Profile, Rule, RuleSet, load_profile


class _Values(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict[str, Any]) -> str:
    """Fill a message template; unknown placeholders stay visible rather than raising."""
    if "{" not in template:
        return template
    try:
        return string.Formatter().vformat(template, (), _Values(values))
    except (ValueError, IndexError):
        return template


@dataclass
class Linter:
    """Rules, areas and profile loaded once, then applied to any number of reports."""

    ruleset: RuleSet
    profile: Profile
    settings: Settings

    @classmethod
    def from_settings(
        cls, settings: Settings, ruleset: RuleSet | None = None, profile: Profile | None = None
    ) -> Linter:
        if ruleset is None:
            from govlint.cache import load_rules

            # load_rules validates and compiles as load_ruleset/load_profile do, or reuses a current cache.
            ruleset, profile = load_rules(settings.rules, settings.profile)
        elif profile is None:
            profile = load_profile(settings.profile, ruleset.areas)
        # The profile's severities apply first; the user's config overrides them.
        merged = {**profile.severity, **settings.severity}
        known = ruleset.by_code()
        unknown = [code for code in merged if code not in known]
        if unknown:
            raise GovlintError(f"severity 中有未知的规则代码：{'、'.join(unknown)}", profile.file)
        settings.severity = merged
        return cls(ruleset, profile, settings)

    def check_source(self, source: Source) -> FileResult:
        report = parse(source)
        failures: list[str] = []
        findings, checklist = self.check_report(report, failures=failures)
        if not source.writable:
            # --fix never rewrites such a file (.docx, .pdf): its fixes are suggestions only.
            from govlint.fix import display_only

            display_only(findings)
        result = FileResult(
            source.path, findings, checklist, text=report.text, line_unit=source.line_unit, line_pages=source.line_pages
        )
        if failures:
            # The file was not checked completely: exit 2, its other findings kept (JSON shows both).
            result.error = "；".join(failures)
        return result

    def check_report(
        self, report: Report, rules: list[Rule] | None = None, failures: list[str] | None = None
    ) -> tuple[list[Finding], list[ChecklistItem]]:
        """Run the rules on one report. With a ``failures`` list, a rule that fails on this report
        (a built-in rule's pattern timeout, an unexpected exception) is skipped and said there, and
        every other rule still runs; without one, the failure is raised."""
        settings = self.settings
        ctx = Context(report, self.ruleset.areas, self.profile.areas, settings.report_year or report.year)
        fired: set[str] = set()
        findings: list[Finding] = []
        # Gate rules (those others name in skip_if) run first, whether or not they are selected.
        candidates = rules if rules is not None else self.ruleset.rules
        gates = {code for rule in candidates for code in rule.skip_if}
        ordered = sorted(candidates, key=lambda r: (r.code not in gates, r.code))
        for rule in ordered:
            enabled = settings.enabled(rule, report.path)
            if not enabled and rule.code not in gates:
                continue
            if rule.skip_if and fired.intersection(rule.skip_if):
                continue
            try:
                produced = run_rule(rule, ctx)
            except PatternTimeout:
                # A user's pattern that backtracks stops the run with its file:line (fix the rule);
                # a built-in one met a pathological report: name the file and go on.
                if failures is None or not _builtin(rule):
                    raise
                failures.append(f"内置规则 {rule.code} 在此文件上运行超时，该规则未检查完")
                continue
            except (GovlintError, MemoryError, RecursionError):
                raise
            except Exception as exc:
                if failures is None:
                    raise
                problem = f"{type(exc).__name__}: {str(exc)[:80]}"
                failures.append(f"规则 {rule.code} 检查此文件时出错（{problem}），该规则未检查完")
                continue
            if produced:
                fired.add(rule.code)
            if enabled:
                severity = settings.severity_of(rule)
                for finding in produced:
                    finding.severity = severity
                findings.extend(produced)
        return postprocess(findings, report), ctx.checklist


# Filled messages by (template, the values it names): a findings-heavy report repeats the same few
# messages thousands of times, and one shared string is also pickled once per result, not per finding.
_MESSAGES: dict[tuple[Any, ...], str] = {}
_MESSAGES_MAX = 20_000
# The root names of the fields of each template ("{match.x}" names "match"); None: cannot be parsed.
_FIELDS: dict[str, tuple[str, ...] | None] = {}


def _fields(template: str) -> tuple[str, ...] | None:
    if template not in _FIELDS:
        try:
            parsed = [(field, spec) for _, field, spec, _ in string.Formatter().parse(template) if field is not None]
            names = [field.replace("[", ".").split(".", 1)[0] for field, _ in parsed]
            # A nested field in a format spec ("{x:{width}}") names more than its root: not cached.
            nested = any(spec and "{" in spec for _, spec in parsed)
            _FIELDS[template] = None if nested else tuple(dict.fromkeys(names))
        except ValueError:
            _FIELDS[template] = None
    return _FIELDS[template]


def message_for(template: str, values: dict[str, Any], base: dict[str, Any]) -> str:
    """``render(template, {**base, **values})``, filled once per distinct template and values."""
    fields = _fields(template)
    if fields is None:
        return render(template, {**base, **values})
    if not fields:
        return render(template, {})
    key = (template, *[values[name] if name in values else base.get(name) for name in fields])
    try:
        return _MESSAGES[key]
    except KeyError:
        pass
    except TypeError:  # a value that cannot be a key (a list): fill it every time
        return render(template, {**base, **values})
    if len(_MESSAGES) >= _MESSAGES_MAX:
        _MESSAGES.clear()
    message = _MESSAGES[key] = render(template, {**base, **values})
    return message


class PatternTimeout(RuleError):
    """A rule's pattern ran out of time on one report (GOVLINT_PATTERN_TIMEOUT)."""


def _builtin(rule: Rule) -> bool:
    from govlint.rules import builtin_dir

    return Path(rule.file).resolve().is_relative_to(builtin_dir())


def run_rule(rule: Rule, ctx: Context) -> list[Finding]:
    """Evaluate one rule: its hits become findings with messages filled in."""
    assert rule.check is not None
    found: list[Finding] = []
    base = {"year": ctx.year, "next_year": (ctx.year + 1) if ctx.year else None}
    text = ctx.report.text
    code, slug, severity, basis, limit = rule.code, rule.slug, rule.severity, rule.basis, rule.limit
    try:
        for hit in rule.check.run(ctx):
            values = hit.values
            found.append(
                Finding(
                    code,
                    slug,
                    severity,
                    message_for(values.get("message", rule.message), values, base),
                    hit.start,
                    hit.end,
                    basis,
                    hit.fix,
                    document_level=hit.document_level,
                    matched=text[hit.start : hit.end],
                )
            )
            if limit and len(found) >= limit:
                break
    except TimeoutError:
        raise PatternTimeout(
            f"规则 {rule.code} 的正则表达式运行超时（回溯过多），请改写该模式", rule.file, rule.line("pattern")
        ) from None
    return found


def postprocess(findings: list[Finding], report: Report) -> list[Finding]:
    """Drop findings on site chrome, dedupe, sort by position, and derive lines and columns."""
    kept: list[Finding] = []
    seen: set[tuple[str, int, int, str]] = set()
    for finding in findings:
        if not finding.document_level and report.in_chrome(finding.start):
            continue
        key = (finding.code, finding.start, finding.end, finding.message)
        if key in seen:
            continue
        seen.add(key)
        kept.append(finding)
    kept.sort(key=_POSITION)
    position = report.position
    for finding in kept:
        finding.line, finding.column = position(finding.start)
        finding.end_line, finding.end_column = position(finding.end)
    return kept


# Finding.sort_key as a C-level key function.
_POSITION = operator.attrgetter("start", "end", "code")
