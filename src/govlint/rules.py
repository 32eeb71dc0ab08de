"""Stage 3, rules: YAML rule files, area families and profiles, validated and compiled.

A rule file holds one rule. It is validated against ``data/rule.schema.json``; any problem is
reported as ``file:line: what is wrong`` (a RuleError, exit status 2), never ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from govlint.diagnostics import Severity
from govlint.errors import GovlintError, RuleError

if TYPE_CHECKING:
    import yaml

    from govlint.checks.base import Check

RULE_SUFFIXES = (".yaml", ".yml")


def builtin_dir() -> Path:
    """The built-in rules: installed as govlint/builtin_rules, or ./rules in a source checkout."""
    # The package directory itself (what importlib.resources would give for an installed wheel),
    # without importing importlib.resources, which costs a cold run several milliseconds.
    installed = Path(__file__).resolve().parent / "builtin_rules"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "rules"


# ---- YAML with line numbers ------------------------------------------------------------------


def parse_yaml(text: str, file: str, error: type[GovlintError] = RuleError) -> tuple[Any, yaml.Node | None]:
    """Safe-load YAML text and compose its node tree (for line numbers); a syntax error is file:line."""
    # Imported here: a run that finds its rules in the cache never parses YAML.
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        refuse_alias_bomb(node, file, error)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"YAML 语法错误：{problem}", file, mark.line + 1 if mark else None) from None
    except RecursionError:
        raise error("YAML 嵌套层数过多", file) from None
    return data, node


# Nodes that aliases (*name) may add to a document beyond those written out. Schema validation
# walks the expanded tree: nine levels of ten aliases each ("billion laughs") spun for minutes.
MAX_ALIAS_EXPANSION = 100_000


def refuse_alias_bomb(node: yaml.Node | None, file: str, error: type[GovlintError] = RuleError) -> None:
    """Raise ``error`` when expanding the aliases of a composed YAML tree would exceed MAX_ALIAS_EXPANSION."""
    if node is None:
        return
    # Post-order over distinct nodes (an alias is the same node object again), each size counted once.
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        if id(current) in sizes:
            continue
        value = current.value
        children: list[Any] = []
        if isinstance(value, list):
            for item in value:
                children.extend(item if isinstance(item, tuple) else (item,))
        if not done:
            stack.append((current, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        sizes[id(current)] = 1 + sum(sizes[id(child)] for child in children)
        if sizes[id(current)] - len(sizes) > MAX_ALIAS_EXPANSION:
            line = current.start_mark.line + 1
            raise error(f"YAML 别名（*）展开后超过 {MAX_ALIAS_EXPANSION} 个节点，拒绝处理", file, line)


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    from govlint.fileio import MAX_CONFIG_BYTES, read_regular_text

    text = read_regular_text(str(path), MAX_CONFIG_BYTES, RuleError, "规则文件")
    return parse_yaml(text, str(path))


def line_of(node: yaml.Node | dict[tuple[str, ...], int] | None, path: list[Any], key: str | None = None) -> int | None:
    """The 1-based line of the YAML node at ``path`` (and of ``key`` inside it, if given; a rule
    restored from the cache carries its line table instead of its nodes)."""
    if node is None:
        return None
    if isinstance(node, dict):
        return _table_line(node, path, key)
    import yaml

    found: yaml.Node = node
    steps = list(path) + ([key] if key is not None else [])
    for step in steps:
        if isinstance(found, yaml.MappingNode):
            for key_node, value_node in found.value:
                if key_node.value == str(step):
                    found = value_node if step is not steps[-1] or key is None else key_node
                    break
            else:
                break
        elif isinstance(found, yaml.SequenceNode) and isinstance(step, int) and step < len(found.value):
            found = found.value[step]
        else:
            break
    return int(found.start_mark.line) + 1


_KEY = "\0key"


def line_table(node: yaml.Node) -> dict[tuple[str, ...], int]:
    """Every node's line by path (and every mapping key's, under a leading marker): what
    ``line_of`` needs, without the YAML nodes, for a rule restored from the cache."""
    import yaml

    table: dict[tuple[str, ...], int] = {}
    pending: list[tuple[yaml.Node, tuple[str, ...]]] = [(node, ())]
    while pending:
        current, prefix = pending.pop()
        table[prefix] = current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                step = (*prefix, str(key_node.value))
                keyed = (_KEY, *step)  # a local: star-unpacking inside [] needs Python 3.11
                table[keyed] = key_node.start_mark.line + 1
                pending.append((value_node, step))
        elif isinstance(current, yaml.SequenceNode):
            pending.extend((item, (*prefix, str(index))) for index, item in enumerate(current.value))
    return table


def _table_line(table: dict[tuple[str, ...], int], path: list[Any], key: str | None) -> int | None:
    steps = tuple(str(step) for step in [*path, *([key] if key is not None else [])])
    keyed = (_KEY, *steps)
    if key is not None and keyed in table:
        return table[keyed]
    # As line_of does on a tree: the deepest node of the path that exists.
    for depth in range(len(steps), -1, -1):
        if steps[:depth] in table:
            return table[steps[:depth]]
    return None


@cache
def _validator(name: str) -> Any:
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads((resources.files("govlint") / "data" / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _explain(error: Any) -> tuple[str, list[Any], str | None]:
    """A jsonschema error as (Chinese message, path, offending key)."""
    path = list(error.absolute_path)
    validator = error.validator
    if validator in ("unevaluatedProperties", "additionalProperties"):
        found = regex.findall(r"'([^']+)'", error.message)
        key = found[0] if found else None
        return f"未知的键“{key}”（键名拼错了吗？）", path, key
    if validator == "required":
        missing = regex.findall(r"'([^']+)'", error.message)
        return f"缺少必填的键“{missing[0] if missing else error.message}”", path, None
    if validator == "enum":
        allowed = "、".join(str(v) for v in error.validator_value)
        return f"“{path[-1] if path else ''}”的值“{error.instance}”无效，可选：{allowed}", path, None
    if validator == "type":
        return f"“{path[-1] if path else ''}”的类型应为 {error.validator_value}", path, None
    if validator == "pattern":
        return (
            f"“{path[-1] if path else ''}”的值“{error.instance}”格式不对（应匹配 {error.validator_value}）",
            path,
            None,
        )
    if validator in ("minItems", "minLength"):
        return f"“{path[-1] if path else ''}”不能为空", path, None
    return f"{'/'.join(str(p) for p in path) or '规则'}：{error.message}", path, None


def _innermost(error: Any) -> Any:
    """For a value that may take one of several shapes (a forbid pattern's item: a string or
    ``{pattern, prefilter}``), the error inside the shape that came closest, not "fits none"."""
    while error.validator in ("oneOf", "anyOf") and error.context:
        error = max(error.context, key=lambda e: (len(list(e.absolute_path)), e.validator != "type"))
    return error


def _unexpected(error: Any) -> set[str]:
    """The keys an unevaluatedProperties error names."""
    return set(regex.findall(r"'([^']+)'", error.message))


def validate(data: Any, node: yaml.Node | None, schema: str, file: str) -> None:
    """Validate data against a shipped schema; raise RuleError at the first problem, with its line."""
    if not isinstance(data, dict):
        raise RuleError("顶层应为一个映射（键: 值）", file, 1)
    found = [_innermost(error) for error in _validator(schema).iter_errors(data)]
    # A key whose value is wrong is also "unevaluated" at the top (its check type's branch failed):
    # that is a consequence, not a typo.
    wrong = {str(e.absolute_path[0]) for e in found if len(e.absolute_path) > 0}
    found = [e for e in found if not (e.validator == "unevaluatedProperties" and _unexpected(e) & wrong)]
    errors = sorted(found, key=lambda e: (len(list(e.absolute_path)), str(e.message)))
    if errors:
        # Prefer the most specific error: an unknown key or a bad value deep inside.
        # A bad check type makes every parameter look unknown: report the check type itself first.
        # Then an unknown key (usually a typo; the deepest first: a parameter with a bad value makes
        # the check type's keys look unknown at the top), then the most specific remaining error.
        check_errors = [e for e in errors if list(e.absolute_path) == ["check"]]
        unknown = sorted(
            (e for e in errors if e.validator in ("unevaluatedProperties", "additionalProperties")),
            key=lambda e: -len(list(e.absolute_path)),
        )
        best = (check_errors or unknown or [max(errors, key=lambda e: len(list(e.absolute_path)))])[0]
        message, path, key = _explain(best)
        raise RuleError(message, file, line_of(node, path, key))


# ---- patterns --------------------------------------------------------------------------------


def pattern_items(value: str | list[Any]) -> list[str]:
    """The alternatives of a rule pattern: a string, or a list whose items are strings or
    ``{pattern, prefilter}`` (a forbid rule's alternative with its own prefilter)."""
    if isinstance(value, str):
        return [value]
    return [item["pattern"] if isinstance(item, dict) else item for item in value]


def join_items(items: list[str]) -> str:
    """The alternation of a pattern's items, as one regular expression's source."""
    return "|".join(f"(?:{item})" for item in items)


def compile_pattern(value: str | list[Any], file: str, node: yaml.Node | None, path: list[Any]) -> regex.Pattern[str]:
    """Compile a rule pattern (a list is joined as alternatives), with a file:line error if it is bad."""
    source = value if isinstance(value, str) else join_items(pattern_items(value))
    if regex.search(r"(?<!\\)\\b|(?<!\\)\\B", source):
        raise RuleError(
            "不要在规则中使用 \\b 或 \\B：汉字之间没有“词边界”，这样的规则会悄悄地什么都匹配不到；"
            "请用 (?<!…) / (?!…) 写明边界",
            file,
            line_of(node, path),
        )
    try:
        # Reports are line-oriented: ^ and $ always mean the start and end of a line.
        return regex.compile(source, regex.MULTILINE)
    except regex.error as exc:
        raise RuleError(f"正则表达式有误：{exc}", file, line_of(node, path)) from None


# ---- rules -----------------------------------------------------------------------------------


@dataclass
class Rule:
    code: str
    slug: str
    severity: Severity
    summary: str
    check_type: str
    scope: str
    message: str
    basis: str
    why: str
    examples: dict[str, Any]
    params: dict[str, Any]
    file: str
    skip_if: tuple[str, ...] = ()
    limit: int | None = None
    check: Check | None = field(default=None, repr=False)
    # The rule file's YAML tree (or, restored from the cache, its ``line_table``): for file:line errors.
    node: yaml.Node | dict[tuple[str, ...], int] | None = field(default=None, repr=False)

    @property
    def fixable(self) -> bool:
        fix = self.params.get("fix")
        return isinstance(fix, dict) and fix.get("applicability") != "display-only"

    def line(self, *path: Any) -> int | None:
        return line_of(self.node, list(path))


COMMON_KEYS = {
    "code",
    "slug",
    "severity",
    "summary",
    "check",
    "scope",
    "message",
    "why",
    "basis",
    "skip_if",
    "limit",
    "examples",
}


def load_rule_file(path: Path, figures: dict[str, FigureDef] | None = None) -> Rule:
    """Load, validate and compile one rule file (a figure rule may name a figure of ``figures``)."""
    from govlint.checks import build_check

    data, node = _read_yaml(path)
    file = str(path)
    validate(data, node, "rule.schema.json", file)
    if data["check"] == "figure":
        from govlint.checks.figure import resolve

        data = resolve(data, figures if figures is not None else load_builtin_figures(), file, node)
    check_templates(data, node, file)
    rule = Rule(
        code=data["code"],
        slug=data["slug"],
        severity=Severity(data["severity"]),
        summary=data["summary"],
        check_type=data["check"],
        scope=data.get("scope", "body"),
        message=data["message"],
        basis=data["basis"],
        why=data.get("why", ""),
        examples=data["examples"],
        params={k: v for k, v in data.items() if k not in COMMON_KEYS},
        file=file,
        skip_if=tuple(data.get("skip_if", ())),
        limit=data.get("limit"),
        node=node,
    )
    rule.check = build_check(rule)
    return rule


def check_templates(data: Any, node: yaml.Node | dict[tuple[str, ...], int] | None, file: str) -> None:
    """Every message template of a rule (``message``, ``messages``, a fix's ``message``) must be
    fillable: ``{name}`` placeholders only. ``{match.x}`` or ``{match[0]}`` would fail on the first
    report it fires on, so it is a file:line error when the rule loads."""
    import string

    pending: list[tuple[Any, list[Any], bool]] = [(data, [], False)]
    while pending:
        value, path, is_message = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                pending.append((item, [*path, key], is_message or key in ("message", "messages")))
        elif isinstance(value, list):
            pending.extend((item, [*path, index], is_message) for index, item in enumerate(value))
        elif is_message and isinstance(value, str):
            try:
                fields = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
            except ValueError:
                raise RuleError(
                    "消息模板中的花括号不成对（字面的花括号请写成 {{ 或 }}）", file, line_of(node, path)
                ) from None
            for name in fields:
                if not name.isidentifier():
                    usable = "只能用 {match}、{year}、{next_year} 或模式中的命名分组"
                    raise RuleError(f"消息模板中的“{{{name}}}”无法填写：{usable}", file, line_of(node, path))


# ---- areas and profiles ----------------------------------------------------------------------


@dataclass
class Area:
    key: str
    name: str
    keywords: list[str]
    pattern: regex.Pattern[str] | None = None
    # Keywords that name the area only in a heading not nested under a heading of another area
    # (``keywords_outside: {shortcomings: [改进措施]}``): by that area's key, the keywords and their pattern.
    keywords_outside: dict[str, list[str]] = field(default_factory=dict)
    patterns_outside: dict[str, regex.Pattern[str]] = field(default_factory=dict)
    # Where each ``keywords_outside`` key was given (file, line), to report an unknown area there.
    outside_given: dict[str, tuple[str, int | None]] = field(default_factory=dict)


@dataclass
class FigureDef:
    """A figure (``figures.yaml``): its topic, units and none-statements, shared by rules and extract."""

    key: str
    spec: dict[str, Any]
    file: str
    line: int | None = None

    @property
    def name(self) -> str:
        return str(self.spec.get("name", self.key))

    @property
    def extracted(self) -> bool:
        return bool(self.spec.get("extract", True))


@dataclass
class Profile:
    name: str
    description: str
    areas: list[str]
    severity: dict[str, str]
    file: str
    # --profile auto: compiled ``infer`` patterns by kind (issuer, self); empty when not inferable.
    infer: dict[str, regex.Pattern[str]] = field(default_factory=dict)
    # Rule parameters this kind of report sets otherwise (``options: {GL207: {per_1000: 2}}``).
    options: dict[str, dict[str, Any]] = field(default_factory=dict)


def load_areas(path: Path, areas: dict[str, Area]) -> None:
    """Add the area families of one areas file (extending keywords of areas already known)."""
    data, node = _read_yaml(path)
    file = str(path)
    validate(data, node, "areas.schema.json", file)
    for key, spec in data["areas"].items():
        keywords = list(spec.get("keywords", []))
        if key in areas:
            areas[key].keywords.extend(keywords)
            if spec.get("name"):
                areas[key].name = spec["name"]
        else:
            if not spec.get("name"):
                raise RuleError(f"新的领域“{key}”需要 name", file, line_of(node, ["areas", key]))
            areas[key] = Area(key, spec["name"], keywords)
        areas[key].pattern = compile_pattern(areas[key].keywords, file, node, ["areas", key, "keywords"])
        for other, words in spec.get("keywords_outside", {}).items():
            area = areas[key]
            area.keywords_outside.setdefault(other, []).extend(words)
            where = ["areas", key, "keywords_outside", other]
            area.patterns_outside[other] = compile_pattern(area.keywords_outside[other], file, node, where)
            area.outside_given[other] = (file, line_of(node, where))


def check_area_references(areas: dict[str, Area]) -> None:
    """Every area a ``keywords_outside`` names is defined (once all areas files are read)."""
    for area in areas.values():
        for other, (file, line) in area.outside_given.items():
            if other not in areas:
                raise RuleError(unknown_area(other, areas), file, line)


def unknown_area(key: str, areas: dict[str, Area]) -> str:
    """The error for an area key no areas file defines, with those that are."""
    return f"未知的领域“{key}”，已定义：{'、'.join(areas)}"


def load_figures(path: Path, figures: dict[str, FigureDef]) -> None:
    """Add the figures of one figures file; the fields given for a known key replace its own."""
    data, node = _read_yaml(path)
    file = str(path)
    validate(data, node, "figures.schema.json", file)
    for key, spec in data["figures"].items():
        line = line_of(node, ["figures", key])
        if key in figures:
            figures[key] = FigureDef(key, {**figures[key].spec, **spec}, file, line)
            continue
        missing = [name for name in ("topic", "units") if name not in spec]
        if missing:
            raise RuleError(f"新的数字“{key}”需要 {'、'.join(missing)}", file, line)
        figures[key] = FigureDef(key, dict(spec), file, line)
    for key, spec in data["figures"].items():
        for name in ("topic", "none", "full"):
            if name in spec:
                compile_pattern(spec[name], file, node, ["figures", key, name])


def load_builtin_figures() -> dict[str, FigureDef]:
    """The built-in figures (for a rule file loaded on its own)."""
    figures: dict[str, FigureDef] = {}
    for path in _yaml_files(builtin_dir()):
        if _is_figures_file(path):
            load_figures(path, figures)
    return figures


def load_profile(name_or_path: str, areas: dict[str, Area], seen: tuple[str, ...] = ()) -> Profile:
    """A built-in profile by name, or a profile file by path; ``extends`` is followed."""
    candidate = Path(name_or_path)
    if candidate.suffix in RULE_SUFFIXES or "/" in name_or_path or "\\" in name_or_path:
        path = candidate
    else:
        path = builtin_dir() / "profiles" / f"{name_or_path}.yaml"
        if not path.is_file():
            known = "、".join(sorted(p.stem for p in (builtin_dir() / "profiles").glob("*.yaml")))
            raise RuleError(f"未知的配置档“{name_or_path}”，可选：{known}")
    if not path.is_file():
        raise RuleError("配置档文件不存在", str(path))
    if str(path.resolve()) in seen:
        raise RuleError("配置档的 extends 形成了循环", str(path))
    data, node = _read_yaml(path)
    file = str(path)
    validate(data, node, "profile.schema.json", file)
    if data.get("extends"):
        base_ref = data["extends"]
        if base_ref.endswith(RULE_SUFFIXES) and not Path(base_ref).is_absolute():
            base_ref = str(path.parent / base_ref)
        base = load_profile(base_ref, areas, (*seen, str(path.resolve())))
        chosen = list(base.areas)
        severity = dict(base.severity)
        options = {code: dict(values) for code, values in base.options.items()}
    else:
        chosen, severity, options = [], {}, {}
    if "areas" in data:
        chosen = list(data["areas"])
    chosen += [a for a in data.get("add_areas", []) if a not in chosen]
    chosen = [a for a in chosen if a not in data.get("drop_areas", [])]
    for key in chosen:
        if key not in areas:
            # Point at the list item that names the unknown area (areas or add_areas).
            where = next(
                ([name, data[name].index(key)] for name in ("areas", "add_areas") if key in data.get(name, [])), []
            )
            raise RuleError(unknown_area(key, areas), file, line_of(node, where))
    severity.update(data.get("severity", {}))
    for code, values in data.get("options", {}).items():
        options.setdefault(code, {}).update(values)
    # Inference keys are a profile's own, never inherited: a profile that extends county does not
    # thereby claim every county report.
    infer = {
        kind: compile_pattern(patterns, file, node, ["infer", kind]) for kind, patterns in data.get("infer", {}).items()
    }
    return Profile(data.get("name", path.stem), data.get("description", ""), chosen, severity, file, infer, options)


# ---- the rule set ----------------------------------------------------------------------------


@dataclass
class RuleSet:
    rules: list[Rule]
    areas: dict[str, Area]
    figures: dict[str, FigureDef] = field(default_factory=dict)

    def by_code(self) -> dict[str, Rule]:
        return {rule.code: rule for rule in self.rules}


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix in RULE_SUFFIXES)


def _is_areas_file(path: Path) -> bool:
    return path.stem == "areas" or path.name.endswith((".areas.yaml", ".areas.yml"))


def _is_figures_file(path: Path) -> bool:
    return path.stem == "figures" or path.name.endswith((".figures.yaml", ".figures.yml"))


def load_ruleset(extra_dirs: list[Path] | None = None, include_builtin: bool = True) -> RuleSet:
    """Load the built-in rules and areas, then each extra directory (rules and area extensions)."""
    directories = ([builtin_dir()] if include_builtin else []) + list(extra_dirs or [])
    areas: dict[str, Area] = {}
    figures: dict[str, FigureDef] = {}
    rules: dict[str, Rule] = {}
    for directory in directories:
        if not directory.is_dir():
            raise RuleError("规则目录不存在", str(directory))
        files = _yaml_files(directory)
        for path in files:
            if _is_areas_file(path):
                load_areas(path, areas)
            elif _is_figures_file(path):
                load_figures(path, figures)
    check_area_references(areas)
    for directory in directories:
        for path in _yaml_files(directory):
            if _is_areas_file(path) or _is_figures_file(path):
                continue
            rule = load_rule_file(path, figures)
            if rule.code in rules:
                raise RuleError(
                    f"规则代码 {rule.code} 重复（已在 {rules[rule.code].file} 中定义）", str(path), rule.line("code")
                )
            rules[rule.code] = rule
    if not rules:
        raise RuleError("没有加载到任何规则", str(directories[0]) if directories else None)
    ordered = sorted(rules.values(), key=lambda r: r.code)
    for rule in ordered:
        assert rule.check is not None
        rule.check.bind(areas)
    return RuleSet(ordered, areas, figures)
