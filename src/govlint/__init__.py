"""govlint: a linter for 法治政府建设年度报告 (annual reports on building rule-of-law government)."""

__version__ = "0.1.0"
