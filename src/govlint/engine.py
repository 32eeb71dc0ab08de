"""Stage 4, the engine: evaluate every enabled rule on a report, then post-process the findings
(drop chrome, apply severities, dedupe, limit, sort, locate) in one pipeline kept out of the rules."""

from __future__ import annotations

import dataclasses
import operator
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.checks.base import Context
from govlint.config import Settings
from govlint.diagnostics import ChecklistItem, FileResult, Finding
from govlint.errors import GovlintError, RuleError
from govlint.load import Source
from govlint.profiles import AutoProfiles, choose, resolve
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
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        # Templates are checked when rules load (rules.check_templates); a message is never worth a crash.
        return template


@dataclass
class Linter:
    """Rules, areas and profile loaded once, then applied to any number of reports."""

    ruleset: RuleSet
    profile: Profile
    settings: Settings
    # --profile auto: a Linter per profile a report may be given (profile.py chooses per report);
    # this one, with the default profile, checks the reports whose profile cannot be inferred.
    variants: dict[str, Linter] = field(default_factory=dict, repr=False)
    # Also extract each report's record (figures, parts …) for `govlint extract` and the dashboard.
    extract: bool = False

    @classmethod
    def from_settings(
        cls, settings: Settings, ruleset: RuleSet | None = None, profile: Profile | AutoProfiles | None = None
    ) -> Linter:
        if ruleset is None:
            from govlint.cache import load_rules

            # load_rules validates and compiles as load_ruleset/load_profile do, or reuses a current cache.
            ruleset, profile = load_rules(settings.rules, settings.profile)
        elif profile is None:
            profile = resolve(settings.profile, ruleset.areas, settings.rules)
        if isinstance(profile, AutoProfiles):
            # Each profile's linter is built once, not per report (and travels to -j workers whole).
            user = dict(settings.severity)
            variants = {
                p.name: cls.from_settings(dataclasses.replace(settings, severity=dict(user)), ruleset, p)
                for p in profile.candidates
            }
            fallback = variants.get(settings.default_profile)
            default = fallback.profile if fallback else load_profile(settings.default_profile, ruleset.areas)
            linter = cls.from_settings(settings, ruleset, default)
            linter.variants = variants
            return linter
        # The profile's severities apply first; the user's config overrides them.
        merged = {**profile.severity, **settings.severity}
        known = ruleset.by_code()
        unknown = [code for code in merged if code not in known]
        if unknown:
            raise GovlintError(f"severity 中有未知的规则代码：{'、'.join(unknown)}", profile.file)
        for code, values in profile.options.items():
            if code not in known:
                raise GovlintError(f"options 中有未知的规则代码：{code}", profile.file)
            stray = [key for key in values if key not in known[code].params]
            if stray:
                raise GovlintError(f"options 中规则 {code} 没有参数“{'、'.join(stray)}”", profile.file)
        settings.severity = merged
        return cls(ruleset, profile, settings)

    def check_source(self, source: Source, previous: Source | None = None) -> FileResult:
        report = parse(source)
        linter, profile = choose(self, report)
        failures: list[str] = []
        findings, checklist = linter.check_report(
            report, previous=parse(previous) if previous else None, failures=failures
        )
        if not source.writable:
            # --fix never rewrites such a file (.docx, .pdf): its fixes are suggestions only.
            from govlint.fix import display_only

            display_only(findings)
        if source.positions is not None:
            for finding in findings:
                if not finding.document_level:
                    finding.stored = source.positions.locate(finding.start, finding.end)
        result = FileResult(
            source.path,
            findings,
            checklist,
            text=report.text,
            line_unit=source.line_unit,
            line_pages=source.line_pages,
            profile=profile,
            table_rows=source.table_rows,
        )
        if self.extract:
            from govlint.extract import record

            # The linter of the profile this report was given: its level is the record's level.
            result.record = record(report, checklist, linter)
        if previous is not None:
            from govlint.compare import Comparison

            # What GL501 found (the copied share, paragraphs beside last year's) for the formats.
            found = report.cache.get("comparison")
            result.previous = found if isinstance(found, Comparison) else Comparison(previous.path)
        if failures:
            # The file was not checked completely: exit 2, its other findings kept (JSON shows both).
            result.error = "；".join(failures)
        return result

    def check_report(
        self,
        report: Report,
        rules: list[Rule] | None = None,
        previous: Report | None = None,
        failures: list[str] | None = None,
    ) -> tuple[list[Finding], list[ChecklistItem]]:
        """Run the rules on one report. With a ``failures`` list, a built-in rule whose pattern runs
        out of time on this report is skipped and said there, and every other rule still runs;
        without one, the timeout is raised. A rule that raises is one finding (``rule_failed``)."""
        settings = self.settings
        ctx = Context(report, self.ruleset.areas, self.profile.areas, settings.report_year or report.year)
        ctx.previous, ctx.options = previous, self.profile.options
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
            except (GovlintError, RecursionError, MemoryError):
                raise
            except Exception as exc:  # one rule's bug must not lose the other rules' findings
                produced = [rule_failed(rule, exc)]
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
    if len(fields) == 1:  # most templates name one value ("{match}")
        name = fields[0]
        key: tuple[Any, ...] = (template, values[name] if name in values else base.get(name))
    else:
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
    check = rule.check
    try:
        if getattr(check, "plain", False):
            # Hits whose values are the matched text alone (a forbid pattern without named groups):
            # one message per distinct text, a finding straight from each (start, end, fix).
            messages: dict[str, str] = {}
            template = rule.message
            for start, end, fix in check.spans(ctx):  # type: ignore[attr-defined]
                matched = text[start:end]
                message = messages.get(matched)
                if message is None:
                    message = messages[matched] = message_for(template, {"match": matched}, base)
                found.append(Finding(code, slug, severity, message, start, end, basis, fix, matched=matched))
                if limit and len(found) >= limit:
                    break
            return found
        for hit in check.run(ctx):
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


def rule_failed(rule: Rule, exc: Exception) -> Finding:
    """A rule that raised on this report: one document-level finding says so; the other rules' stand."""
    return Finding(
        code=rule.code,
        slug=rule.slug,
        severity=rule.severity,
        message=f"规则 {rule.code} 在此文件上运行出错（{type(exc).__name__}），此项未检查完；请报告此问题",
        start=0,
        end=0,
        basis=rule.basis,
        document_level=True,
    )


def postprocess(findings: list[Finding], report: Report) -> list[Finding]:
    """Drop findings on site chrome, dedupe, sort by position, and derive lines and columns."""
    kept: list[Finding] = []
    seen: set[tuple[str, int, int, str]] = set()
    in_chrome = report.chrome_test()
    for finding in findings:
        if in_chrome is not None and not finding.document_level and in_chrome(finding.start):
            continue
        key = (finding.code, finding.start, finding.end, finding.message)
        if key in seen:
            continue
        seen.add(key)
        kept.append(finding)
    kept.sort(key=_POSITION)
    # Report.span_position for each finding, in one forward sweep over the line starts: the
    # findings are sorted by start, so each one's line is found from the previous one's.
    span_position = report.span_position
    starts, size = report.line_starts, len(report.text)
    last = len(starts) - 1
    index = 0
    for finding in kept:
        start, end = finding.start, finding.end
        if not 0 <= start <= end <= size:
            finding.line, finding.column, finding.end_line, finding.end_column = span_position(start, end)
            continue
        while index < last and starts[index + 1] <= start:
            index += 1
        first = starts[index]
        if index == last or end < starts[index + 1]:
            line = index + 1
            finding.line, finding.column, finding.end_line, finding.end_column = (
                line,
                start - first + 1,
                line,
                end - first + 1,
            )
        else:
            finding.line, finding.column, finding.end_line, finding.end_column = span_position(start, end)
    return kept


# Finding.sort_key as a C-level key function.
_POSITION = operator.attrgetter("start", "end", "code")
