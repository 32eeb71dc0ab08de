"""Stage 5, output formats: one module per format, each with ``render(results, info) -> str``.

Modules are imported only when chosen, so machine formats never pay for Rich.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from govlint.errors import UsageError

if TYPE_CHECKING:
    from govlint.diagnostics import FileResult
    from govlint.rules import Rule

FORMATS: dict[str, str] = {
    "full": "govlint.formats.full",
    "concise": "govlint.formats.concise",
    "json": "govlint.formats.json",
    "json-lines": "govlint.formats.json_lines",
    "sarif": "govlint.formats.sarif",
    "github": "govlint.formats.github",
    "gitlab": "govlint.formats.gitlab",
    "junit": "govlint.formats.junit",
    "html": "govlint.formats.html",
}


@dataclass
class RunInfo:
    """What a format may need beyond the per-file results."""

    version: str
    rules: list[Rule] = field(default_factory=list)
    color: bool = False
    width: int | None = None
    fixed: int = 0
    statistics: bool = False
    # Full format: never collapse many findings of one code (--show-all, or codes chosen with --select).
    show_all: bool = False
    # Extracted figures (key -> Chinese name), for the html index's figure columns.
    figures: dict[str, str] = field(default_factory=dict)


class Renderer(Protocol):
    def __call__(self, results: list[FileResult], info: RunInfo) -> str: ...


def auto(to_terminal: bool) -> str:
    """``--format auto``: annotations under GitHub Actions, else full on a terminal, concise elsewhere."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "full" if to_terminal else "concise"


def get(name: str) -> Renderer:
    if name not in FORMATS:
        raise UsageError(f"未知的输出格式“{name}”，可选：{'、'.join([*FORMATS, 'auto'])}")
    module = importlib.import_module(FORMATS[name])
    renderer: Renderer = module.render
    return renderer


def writer(name: str) -> Any:
    """A format's own ``write(results, info, output_file)`` when it writes more than one stream
    (``html``: an index and one page per file), else None (the CLI writes ``render``'s text)."""
    module = importlib.import_module(FORMATS[name])
    return getattr(module, "write", None)
