"""Settings: what to check and how strictly. Built from defaults, config files and the command line."""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.diagnostics import Severity
from govlint.errors import ConfigError, GovlintError
from govlint.rules import Rule, RuleSet, parse_yaml


def _toml() -> Any:
    """The TOML parser, imported only when a pyproject.toml is actually read (it costs a cold run ~5 ms)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


@dataclass
class Settings:
    profile: str = "auto"  # inferred per report (profiles.py)
    default_profile: str = "town"  # for a report whose profile cannot be inferred
    select: list[str] = field(default_factory=list)  # empty: every rule
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # code -> error|warning|info|off
    rules: list[Path] = field(default_factory=list)  # extra rule directories
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str = "error"
    report_year: int | None = None
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = 50 * 1024 * 1024
    # auto: in a run over several files, read each report beside the same issuer's report of the
    # year before (GL501, GL502); off: never pair.
    previous: str = "auto"
    # Where each value came from (config key -> 默认 / file:line / 命令行), for `govlint config show`.
    origins: dict[str, str] = field(default_factory=dict, compare=False)
    # The config file these settings were read from; relative globs are relative to its directory.
    config_file: Path | None = None
    root: Path | None = None

    @staticmethod
    def _matches(selector: str, rule: Rule) -> bool:
        """A selector names a rule by code (GL201), code prefix (GL2, GL) or slug (hearing-count)."""
        return rule.code.startswith(selector.upper()) or selector == rule.slug or selector.upper() == "ALL"

    def enabled(self, rule: Rule, path: str | None = None) -> bool:
        selected = (not self.select or any(self._matches(s, rule) for s in self.select)) or any(
            self._matches(s, rule) for s in self.extend_select
        )
        if not selected or any(self._matches(s, rule) for s in self.ignore):
            return False
        if self.severity.get(rule.code) == "off":
            return False
        if path is not None:
            for pattern, selectors in self.per_file_ignores.items():
                if _path_matches(path, pattern, self.root) and any(self._matches(s, rule) for s in selectors):
                    return False
        return True

    def severity_of(self, rule: Rule) -> Severity:
        override = self.severity.get(rule.code)
        return Severity(override) if override and override != "off" else rule.severity


def _path_matches(path: str, pattern: str, root: Path | None = None) -> bool:
    posix = Path(path).as_posix()
    if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
        return True
    if root is not None:
        # Patterns in a config file are relative to that file's directory (as in ruff).
        try:
            relative = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return False
        return fnmatch.fnmatch(relative, pattern)
    return False


# ---- configuration files ---------------------------------------------------------------------
#
# A run may check files under different configurations (a monorepo of portals, each with its own
# .govlint.yaml). Like ruff, each checked file uses its *nearest* configuration: the first
# .govlint.yaml / .govlint.yml / pyproject.toml with a [tool.govlint] table found walking up from
# the file's directory. ``--config PATH`` replaces discovery for every file. Command-line options
# apply on top of whichever configuration a file gets. One Linter is built per distinct
# configuration and cached, so a run over many files loads the rules once per configuration.

CONFIG_NAMES = (".govlint.yaml", ".govlint.yml")
PYPROJECT = "pyproject.toml"
DEFAULT_ORIGIN = "默认"
CLI_ORIGIN = "命令行"

# config key -> Settings attribute
KEYS = {
    "profile": "profile",
    "default-profile": "default_profile",
    "select": "select",
    "extend-select": "extend_select",
    "ignore": "ignore",
    "severity": "severity",
    "rules": "rules",
    "per-file-ignores": "per_file_ignores",
    "fail-on": "fail_on",
    "report-year": "report_year",
    "exclude": "exclude",
    "max-file-size": "max_file_size",
    "previous": "previous",
}


@dataclass
class ConfigFile:
    """One configuration file, parsed and validated, able to say on which line a value sits."""

    path: Path
    data: dict[str, Any]
    text: str
    node: Any = None  # the composed YAML node (None for TOML)

    @property
    def is_toml(self) -> bool:
        return self.path.name == PYPROJECT or self.path.suffix == ".toml"

    @property
    def directory(self) -> Path:
        return self.path.parent

    def line(self, *steps: Any) -> int | None:
        """The 1-based line of data[steps[0]][steps[1]]…, or of the nearest enclosing key."""
        if not self.is_toml:
            from govlint.rules import line_of

            if len(steps) == 1:  # a key: the line of the key itself, not of its (block) value
                return line_of(self.node, [], steps[0])
            return line_of(self.node, list(steps)) if steps else 1
        return _toml_line(self.text, self.data, list(steps))

    def where(self, *steps: Any) -> str:
        """``file:line`` of a value, for config show."""
        line = self.line(*steps)
        return f"{self.path}:{line}" if line else str(self.path)

    def error(self, message: str, *steps: Any) -> ConfigError:
        """A ConfigError pointing at the line of a value."""
        return ConfigError(message, str(self.path), self.line(*steps))


def _toml_line(text: str, data: dict[str, Any], steps: list[Any]) -> int | None:
    """tomllib keeps no positions: find a key's line by scanning the [tool.govlint] text (good enough)."""
    lines = text.splitlines()
    section_line: int | None = None
    key_line: int | None = None
    in_section = False
    key = str(steps[0]) if steps else None
    for index, raw in enumerate(lines):
        stripped = raw.strip()
        if stripped.startswith("["):
            header = stripped.strip("[]").strip().replace('"', "")
            in_section = header == "tool.govlint" or header.startswith("tool.govlint.")
            if header == "tool.govlint" and section_line is None:
                section_line = index
            if key is not None and header == f"tool.govlint.{key}":
                key_line = index
                break
            continue
        if in_section and key is not None and re.match(rf"""\s*["']?{re.escape(key)}["']?\s*=""", raw):
            key_line = index
            break
    if key_line is None:
        return section_line + 1 if section_line is not None else None
    if len(steps) < 2:
        return key_line + 1
    item = steps[1]
    container = data.get(key) if key is not None else None
    if isinstance(item, int) and isinstance(container, list) and item < len(container):
        needle = str(container[item])
    else:
        needle = str(item)
    for index in range(key_line, len(lines)):
        if index > key_line and lines[index].strip().startswith("["):
            break
        if needle in lines[index]:
            return index + 1
    return key_line + 1


def _read_text(path: Path) -> str:
    from govlint.fileio import MAX_CONFIG_BYTES, read_regular_text

    return read_regular_text(str(path), MAX_CONFIG_BYTES, ConfigError, "配置文件", "配置文件不存在")


def read_config(path: Path) -> ConfigFile:
    """Parse and validate a .govlint.yaml or a pyproject.toml's [tool.govlint] table."""
    text = _read_text(path)
    if path.name == PYPROJECT or path.suffix == ".toml":
        try:
            document = _toml().loads(text)
        except _toml().TOMLDecodeError as exc:
            found = re.search(r"line (\d+)", str(exc))
            raise ConfigError(f"TOML 语法错误：{exc}", str(path), int(found.group(1)) if found else None) from None
        table = document.get("tool", {}).get("govlint")
        if table is None:
            raise ConfigError("没有 [tool.govlint] 表", str(path))
        config = ConfigFile(path, table, text)
        if not isinstance(table, dict):
            raise config.error("[tool.govlint] 应为一个表")
    else:
        # Only when a YAML config exists: a plain cached run never imports yaml.
        data, node = parse_yaml(text, str(path), ConfigError)
        if data is None:
            data = {}
        if isinstance(data, dict) and isinstance(data.get("severity"), dict):
            # YAML 1.1 reads a bare `off` as false: that is what `GL304: off` means.
            data["severity"] = {k: ("off" if v is False else v) for k, v in data["severity"].items()}
        config = ConfigFile(path, data, text, node)
        if not isinstance(data, dict):
            raise ConfigError("顶层应为一个映射（键: 值）", str(path), 1)
    _validate(config)
    return config


def _validate(config: ConfigFile) -> None:
    """Check a config against data/config.schema.json; the first problem is an error at its line."""
    from govlint.rules import _explain, _validator

    errors = list(_validator("config.schema.json").iter_errors(config.data))
    if not errors:
        return
    unknown = [e for e in errors if e.validator == "additionalProperties" and not list(e.absolute_path)]
    best = (unknown or [max(errors, key=lambda e: len(list(e.absolute_path)))])[0]
    path = list(best.absolute_path)
    if unknown:
        key = next((k for k in config.data if k not in KEYS), "")
        import difflib

        near = difflib.get_close_matches(str(key).replace("_", "-"), list(KEYS), n=1)
        hint = f"，是不是“{near[0]}”？" if near else f"；可用的键：{'、'.join(KEYS)}"
        raise config.error(f"未知的配置项“{key}”{hint}", key)
    if path and path[0] == "max-file-size":
        raise config.error("“max-file-size”应为字节数或带单位的大小，如 10MB", *path)
    if best.validator == "pattern" and path and path[0] in ("select", "extend-select", "ignore", "per-file-ignores"):
        raise config.error(f"“{best.instance}”不是规则代码、代码前缀或规则名称", *path)
    if best.validator == "propertyNames" or (path and path[0] == "severity" and best.validator == "pattern"):
        # jsonschema reports a bad property name at the mapping: point at the key itself.
        raise config.error(f"severity 的键应为规则代码（如 GL201）：“{best.instance}”", "severity", best.instance)
    message, path, _key = _explain(best)
    if best.validator == "type":
        kind = {"array": "列表", "object": "映射", "string": "字符串", "integer": "整数"}.get(
            str(best.validator_value), str(best.validator_value)
        )
        message = f"“{'.'.join(str(p) for p in path)}”应为{kind}"
    raise config.error(message, *path)


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file or directory); None if there is none."""
    from govlint.fileio import found_file, is_dir

    # A folder without search permission hides nothing readable: the file's own read says so.
    directory = start if is_dir(start) else start.parent
    directory = directory.resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            if found_file(str(folder / name), ConfigError):
                return folder / name
        pyproject = folder / PYPROJECT
        # A pyproject.toml without a [tool.govlint] table is somebody else's: keep walking up.
        if _has_govlint_table(pyproject):
            return pyproject
    return None


def _has_govlint_table(path: Path) -> bool:
    from govlint.fileio import MAX_CONFIG_BYTES, read_regular_text

    try:
        text = read_regular_text(str(path), MAX_CONFIG_BYTES, ConfigError, "pyproject.toml")
    except ConfigError:
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*govlint\s*[.\]]", text, re.MULTILINE) is not None


# ---- settings from defaults, a config file and the command line --------------------------------


def parse_size(value: int | str) -> int:
    """A size in bytes: 1000, "10MB", "512 KB"."""
    if isinstance(value, int):
        return value
    found = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)\s*([KMG]?)i?B?", value.strip(), re.IGNORECASE)
    if not found:
        raise ValueError(value)
    factor = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[found.group(2).upper()]
    return int(float(found.group(1)) * factor)


def _relative(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _is_profile_path(value: str) -> bool:
    return value.endswith((".yaml", ".yml")) or "/" in value or "\\" in value


def _note_outside(config: ConfigFile, target: Path, what: str, *steps: Any) -> None:
    """Rules or a profile from outside the config's own folder are allowed (a shared house style),
    but never silently: they decide what every report under this config is held to."""
    try:
        target.resolve().relative_to(config.directory.resolve())
    except ValueError:
        line = config.line(*steps)
        where = f"{config.path}:{line}" if line else str(config.path)
        print(f"govlint: 注意：{where}: {what} {target.resolve()} 位于配置文件所在目录之外", file=sys.stderr)


def apply_config(settings: Settings, config: ConfigFile) -> None:
    """Lay a config file's values over ``settings``, recording where each came from."""
    base = config.directory
    settings.config_file = config.path
    settings.root = base
    for key, value in config.data.items():
        attribute = KEYS[key]
        if key in ("profile", "default-profile") and _is_profile_path(value):
            value = str(_relative(base, value))
            _note_outside(config, Path(value), "配置档", key)
        elif key == "default-profile" and value == "auto":
            raise config.error("default-profile 是推断不出时使用的配置档，不能是 auto", key)
        elif key == "rules":
            value = [_relative(base, item) for item in value]
            for index, directory in enumerate(value):
                if not directory.is_dir():
                    raise config.error(f"规则目录不存在：{directory}", "rules", index)
                _note_outside(config, directory, "规则目录", "rules", index)
        elif key == "max-file-size":
            value = parse_size(value)
        elif key == "previous" and isinstance(value, bool):
            # YAML reads a bare off/on as a boolean.
            value = "auto" if value else "off"
        elif key in ("select", "extend-select", "ignore", "exclude"):
            value = list(value)
        elif key in ("severity", "per-file-ignores"):
            value = {k: (list(v) if isinstance(v, list) else v) for k, v in value.items()}
        setattr(settings, attribute, value)
        settings.origins[key] = config.where(key)


def apply_cli(settings: Settings, args: Any) -> None:
    """Lay command-line options over ``settings``; a CLI --select starts rule selection afresh (as in ruff)."""

    def given(name: str) -> Any:
        return getattr(args, name, None)

    if given("profile"):
        settings.profile = args.profile
        settings.origins["profile"] = CLI_ORIGIN
    if given("select") is not None:
        # The command line is the last layer: its selection replaces the file's select, ignore and
        # extend-select, so `--select GL304` works even where the config ignores GL304.
        settings.select = list(args.select)
        settings.ignore = []
        settings.extend_select = []
        for key in ("select", "ignore", "extend-select"):
            settings.origins[key] = CLI_ORIGIN
    for name, key in (("extend_select", "extend-select"), ("ignore", "ignore")):
        values = given(name)
        if values is not None:
            current = getattr(settings, name)
            setattr(settings, name, current + [v for v in values if v not in current])
            origin = settings.origins.get(key, DEFAULT_ORIGIN)
            settings.origins[key] = CLI_ORIGIN if origin in (DEFAULT_ORIGIN, CLI_ORIGIN) else f"{origin} + {CLI_ORIGIN}"
    if given("fail_on"):
        settings.fail_on = args.fail_on
        settings.origins["fail-on"] = CLI_ORIGIN
    if given("report_year"):
        settings.report_year = args.report_year
        settings.origins["report-year"] = CLI_ORIGIN
    if given("exclude"):
        settings.exclude = [*settings.exclude, *args.exclude]
        settings.origins["exclude"] = CLI_ORIGIN
    if given("max_file_size"):
        settings.max_file_size = args.max_file_size
        settings.origins["max-file-size"] = CLI_ORIGIN


def check_selectors(settings: Settings, ruleset: RuleSet, config: ConfigFile | None, args: Any = None) -> None:
    """Every selector and severity code must name at least one loaded rule (a typo is an error, not silence)."""

    def known(selector: str) -> bool:
        return any(Settings._matches(selector, rule) for rule in ruleset.rules)

    cli_lists = {
        "select": getattr(args, "select", None) or [],
        "extend-select": getattr(args, "extend_select", None) or [],
        "ignore": getattr(args, "ignore", None) or [],
    }
    for key, values in cli_lists.items():
        for value in values:
            if not known(value):
                raise ConfigError(f"--{key}：{_unknown(value, ruleset)}")
    if config is None:
        return
    for key in ("select", "extend-select", "ignore"):
        for index, value in enumerate(config.data.get(key, [])):
            if not known(value):
                raise config.error(_unknown(value, ruleset), key, index)
    for pattern, values in config.data.get("per-file-ignores", {}).items():
        for value in values:
            if not known(value):
                raise config.error(_unknown(value, ruleset), "per-file-ignores", pattern)
    codes = ruleset.by_code()
    for code in config.data.get("severity", {}):
        if code not in codes:
            raise config.error(_unknown(code, ruleset), "severity", code)


def _unknown(selector: str, ruleset: RuleSet) -> str:
    names = [rule.code for rule in ruleset.rules] + [rule.slug for rule in ruleset.rules]
    import difflib

    near = difflib.get_close_matches(selector, names, n=1)
    hint = f"，是不是“{near[0]}”？" if near else "（用 govlint rules 查看全部规则）"
    return f"没有与“{selector}”对应的规则{hint}"


class Resolver:
    """Settings and a Linter for each checked file, from its nearest config (or --config) and the CLI."""

    def __init__(self, args: Any = None) -> None:
        self.args = args
        explicit = getattr(args, "config", None)
        self.explicit: ConfigFile | None = read_config(Path(explicit)) if explicit else None
        self._found: dict[Path, Path | None] = {}
        self._resolved: dict[Path, Path] = {}
        self._configs: dict[Path, ConfigFile] = {}
        self._linters: dict[Path | None, Any] = {}
        # Linters also extract each report's record (govlint extract, the HTML dashboard).
        self.extract = False

    def config_for(self, path: str) -> ConfigFile | None:
        """The config that governs ``path`` (a file, a directory, or "-" for standard input)."""
        if self.explicit is not None:
            return self.explicit
        target = Path(path) if path != "-" else Path.cwd() / "-"
        from govlint.fileio import is_dir

        unresolved = target if is_dir(target) else target.parent
        # Resolving costs a system call per path component; a thousand files of one directory share it.
        directory = self._resolved.get(unresolved)
        if directory is None:
            directory = self._resolved[unresolved] = unresolved.resolve()
        if directory not in self._found:
            self._found[directory] = find_config(directory)
        found = self._found[directory]
        if found is None:
            return None
        if found not in self._configs:
            self._configs[found] = read_config(found)
        return self._configs[found]

    def settings_for(self, path: str) -> Settings:
        """The effective settings for ``path``, each value tagged with where it came from."""
        settings = Settings()
        settings.origins = {key: DEFAULT_ORIGIN for key in KEYS}
        config = self.config_for(path)
        if config is not None:
            apply_config(settings, config)
        apply_cli(settings, self.args)
        return settings

    def linter_for(self, path: str) -> Any:
        """The Linter for ``path``: one per distinct configuration, built on first use."""
        from govlint.cache import load_rules
        from govlint.engine import Linter

        config = self.config_for(path)
        key = config.path if config is not None else None
        if key not in self._linters:
            settings = self.settings_for(path)
            try:
                # Validated rules and profile, from the rule cache when it is current.
                ruleset, profile = load_rules(settings.rules, settings.profile)
                check_selectors(settings, ruleset, config, self.args)
                self._linters[key] = Linter.from_settings(settings, ruleset, profile)
                self._linters[key].extract = self.extract
            except ConfigError:
                raise
            except GovlintError as exc:
                # A profile problem named in a config file: say which config chose that profile.
                from_file = settings.origins.get("profile") not in (DEFAULT_ORIGIN, CLI_ORIGIN)
                if config is not None and from_file and exc.path is None:
                    raise config.error(exc.message, "profile") from None
                raise
        return self._linters[key]

    def linters(self) -> list[Any]:
        """Every Linter built so far (one per configuration used)."""
        return list(self._linters.values())

    def used_linters(self) -> list[Any]:
        """Every Linter used, or the working directory's when no file was checked (the output
        formats still need the rule list)."""
        if not self._linters:
            self.linter_for(".")
        return self.linters()


def _cells(text: str) -> int:
    """Terminal width: CJK characters take two cells."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def show(settings: Settings, linter: Any = None) -> str:
    """The effective configuration as text: one key per line, with where its value came from."""
    lines = [f"# 配置文件：{settings.config_file or '（无，使用默认值）'}"]
    if linter is not None:
        profile, ruleset = linter.profile, linter.ruleset
        if linter.variants:
            inferred = "、".join(linter.variants)
            lines.append(f"# 配置档按每份报告的标题、发文机关、落款推断（{inferred}），推断不出时用 {profile.name}")
        names = "、".join(ruleset.areas[key].name for key in profile.areas) or "（无）"
        lines.append(f"# 配置档 {profile.name}（{profile.file}）要求的部分：{names}")
        enabled = sum(1 for rule in ruleset.rules if settings.enabled(rule))
        lines.append(f"# 启用规则 {enabled} 条（共 {len(ruleset.rules)} 条）")
    rows = []
    for key, attribute in KEYS.items():
        value = getattr(settings, attribute)
        if isinstance(value, list):
            shown = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, dict):
            shown = "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
        elif value is None:
            shown = "（从标题读取）" if key == "report-year" else "-"
        else:
            shown = str(value)
        rows.append((f"{key} = {shown}", settings.origins.get(key, DEFAULT_ORIGIN)))
    width = max(_cells(text) for text, _ in rows)
    lines += [f"{text}{' ' * (width - _cells(text))}  # {origin}" for text, origin in rows]
    return "\n".join(lines) + "\n"


# No `$schema` line: the schema's path is inside this machine's Python environment, and the file is
# committed and shared (`govlint init` prints the line for whoever wants editor completion).
STARTER = """\
# govlint 配置。govlint 从被检查文件所在目录逐级向上查找最近的 .govlint.yaml
# （或 pyproject.toml 中的 [tool.govlint]）；命令行选项优先于本文件。
# 查看生效的配置及来源：govlint config show [路径]

# 配置档：auto（默认：按每份报告的标题、发文机关、落款推断）、town（乡镇/街道）、
# county（县区及以上）、department（政府部门），或配置档文件的路径
# （可 extends: 内置配置档，再 add_areas / drop_areas）。
profile: auto

# 推断不出报告主体（或标题与落款不一致）时使用的配置档。
# default-profile: town

# 规则可用代码（GL201）、代码前缀（GL2）或名称（hearing-count）指定。
# select: [GL1, GL2, GL3, GL4]     # 只启用这些（默认：全部）
# extend-select: []                # 在 select 之外再启用
# ignore: [halfwidth-punctuation]  # 停用

# 调整单条规则的级别：error、warning、info 或 off。
# severity:
#   GL404: info

# 本单位自己的规则目录（规则 YAML 与扩展领域关键词的 areas.yaml），相对本文件。
# rules: [govlint-rules]

# 按文件停用规则（glob 相对本文件所在目录）。
# per-file-ignores:
#   "archive/*.txt": [GL403]

# 达到此级别的问题使退出码为 1：error（默认）、warning、info、never。
# fail-on: error

# 报告年度（默认从标题读取）。
# report-year: 2023

# 目录检查时跳过的文件或目录（glob）。
# exclude: ["drafts/*"]

# 单个输入文件的大小上限。
# max-file-size: 50MB

# 检查多个报告（如整个目录）时，把每份报告与同一发布机构上一年度的报告配对比较
# （GL501 沿用上年文字、GL502 上年安排未再提及）：auto（默认）或 off。
# previous: auto
"""


def schema_path() -> Path:
    """The configuration's JSON Schema as shipped in the installed package."""
    from importlib import resources

    return Path(str(resources.files("govlint") / "data" / "config.schema.json")).resolve()


def starter_config() -> tuple[str, str]:
    """The commented starter .govlint.yaml (no machine-specific path in it), and the installed schema's URI."""
    return STARTER, schema_path().as_uri()
