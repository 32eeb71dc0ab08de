"""Rule tooling for people who are not programmers: list the rules, show one rule's documentation,
and run rules' embedded examples like a test runner."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from govlint.errors import UsageError
from govlint.rules import (
    RULE_SUFFIXES,
    Rule,
    RuleSet,
    _is_areas_file,
    _is_figures_file,
    builtin_dir,
    load_profile,
    load_rule_file,
    load_ruleset,
)

SEVERITY_LABEL = {"error": "[red]错误[/red]", "warning": "[yellow]警告[/yellow]", "info": "[blue]提示[/blue]"}
FIX_LABEL = {"safe": "可自动修复", "unsafe": "可修复（需 --unsafe-fixes）", "display-only": "仅提示修改建议"}


def list_rules(console: Console | None = None) -> None:
    console = console or Console()
    ruleset = load_ruleset()
    table = Table(title="govlint 规则", show_lines=False)
    # Codes and slugs are what people type into configs: never cut them; the summary wraps instead.
    for column in ("代码", "名称", "级别", "可修复"):
        table.add_column(column, no_wrap=True)
    table.add_column("说明", overflow="fold")
    for rule in ruleset.rules:
        fixable = "✓" if rule.fixable else ""
        table.add_row(rule.code, rule.slug, SEVERITY_LABEL[rule.severity.value], fixable, rule.summary)
    console.print(table)
    console.print(figures_table(ruleset))


def figures_table(ruleset: RuleSet) -> Table:
    """The figures of figures.yaml: what the figure rules check and `govlint extract` exports."""
    users: dict[str, list[str]] = {}
    for rule in ruleset.rules:
        for key in rule.params.get("figure_keys", []):
            users.setdefault(key, []).append(rule.code)
    table = Table(title="报告中的数字（figures.yaml；govlint extract 导出）", show_lines=False)
    for column in ("键", "名称", "单位", "规则", "导出"):
        table.add_column(column, no_wrap=column in ("键", "导出"), overflow="fold")
    for key, figure in ruleset.figures.items():
        units = "、".join(figure.spec.get("units", []))
        table.add_row(key, figure.name, units, "、".join(users.get(key, [])), "✓" if figure.extracted else "")
    return table


def find_rule(ruleset: RuleSet, name: str) -> Rule:
    for rule in ruleset.rules:
        if name.upper() == rule.code or name == rule.slug:
            return rule
    raise UsageError(f"没有规则“{name}”（用 govlint rules 查看全部规则）")


def rule_markdown(rule: Rule) -> str:
    """A rule's documentation in fixed sections (检查内容 / 为什么 / 不合格示例 / 合格示例 / 依据 / 自动修复)."""
    fix = rule.params.get("fix")
    fix_text = "无（需人工修改）"
    if fix:
        fix_text = FIX_LABEL[fix["applicability"]] + (f"：{fix['message']}" if fix.get("message") else "")
    lines = [
        f"# {rule.code} {rule.slug}",
        "",
        f"级别：{rule.severity.label}　　检查类型：{rule.check_type}　　范围：{rule.scope}",
        "",
        "## 检查内容",
        rule.summary + "。提示语：" + rule.message,
        "",
        "## 为什么",
        _prose(rule.why) or "（未填写）",
        "",
        "## 不合格示例",
        *[f"- {_one_line(text)}" for text in rule.examples["fail"]],
        "",
        "## 合格示例",
        *[f"- {_one_line(text)}" for text in rule.examples["pass"]],
        "",
        "## 依据",
        rule.basis,
        "",
        "## 自动修复",
        fix_text,
    ]
    for example in rule.examples.get("fix", []):
        lines.append(f"- {_one_line(example['input'])} → {_one_line(example['output'])}")
    return "\n".join(lines) + "\n"


def _prose(text: str) -> str:
    """YAML folding puts a space where a long Chinese line was broken; Chinese text has none."""
    import regex

    return regex.sub(r"(?<=[\p{Han}，。；：、）》”])\s+(?=[\p{Han}（《“])", "", text.strip())


def _one_line(text: str | dict[str, str]) -> str:
    if isinstance(text, dict):
        # A compare example: last year's text, then this year's.
        return f"上一年度：{_one_line(text['previous'])}　本年度：{_one_line(text['text'])}"
    return text.strip().replace("\n", " ⏎ ")


def show_rule(name: str, console: Console | None = None) -> None:
    from rich.markdown import Markdown

    console = console or Console()
    rule = find_rule(load_ruleset(), name)
    console.print(Markdown(rule_markdown(rule)))


def _user_rules(paths: list[Path], ruleset: RuleSet) -> list[Rule]:
    """Rules named on the command line: files, or every rule file of a directory."""
    rules: list[Rule] = []
    for path in paths:
        if path.is_dir():
            extra = load_ruleset([path], include_builtin=True)
            own = {
                str(p)
                for p in path.iterdir()
                if p.suffix in RULE_SUFFIXES and not _is_areas_file(p) and not _is_figures_file(p)
            }
            rules += [rule for rule in extra.rules if rule.file in own]
            ruleset.areas.update(extra.areas)
            ruleset.figures.update(extra.figures)
        elif path.is_file():
            rule = load_rule_file(path, ruleset.figures)
            assert rule.check is not None
            rule.check.bind(ruleset.areas)
            rules.append(rule)
        else:
            raise UsageError("规则文件或目录不存在", str(path))
    return rules


def test_rules(paths: list[Path], console: Console | None = None) -> int:
    """Run the embedded examples; print one line per rule and a closing count. Exit 1 on a failure."""
    from govlint.ruletest import check_rule

    console = console or Console(highlight=False)
    ruleset = load_ruleset()
    rules = _user_rules(paths, ruleset) if paths else ruleset.rules
    profile = load_profile("town", ruleset.areas)
    passed = failed = 0
    for rule in rules:
        outcome = check_rule(rule, ruleset, profile)
        if outcome.ok:
            passed += 1
            console.print(f"[green]通过[/green] {rule.code} {rule.slug}（{outcome.total} 个示例）")
        else:
            failed += 1
            console.print(f"[bold red]失败[/bold red] {outcome.explain()}")
    console.print(f"通过 {passed} 条规则，失败 {failed} 条")
    return 1 if failed else 0


__all__ = ["builtin_dir", "list_rules", "rule_markdown", "show_rule", "test_rules"]
