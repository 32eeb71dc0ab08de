"""Applying fixes to text: non-overlapping edits only, never touching text outside an edit's span."""

from __future__ import annotations

from collections.abc import Iterable

from govlint.diagnostics import Applicability, Edit, Finding


def apply_fixes(text: str, findings: Iterable[Finding], allowed: set[Applicability]) -> tuple[str, int]:
    """Apply the allowed fixes of ``findings`` to ``text``. Returns (new text, number of fixes applied).

    A fix whose edits overlap an edit already taken is skipped: the next run picks it up.
    """
    chosen: list[Edit] = []
    applied = 0
    taken: list[tuple[int, int]] = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end, f.code)):
        fix = finding.fix
        if fix is None or fix.applicability not in allowed:
            continue
        if any(_overlaps(edit, taken) for edit in fix.edits):
            continue
        chosen.extend(fix.edits)
        taken.extend((edit.start, edit.end) for edit in fix.edits)
        applied += 1
    if not chosen:
        return text, 0
    parts: list[str] = []
    position = 0
    for edit in sorted(chosen, key=lambda e: (e.start, e.end)):
        parts.append(text[position:edit.start])
        parts.append(edit.content)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts), applied


def _overlaps(edit: Edit, taken: list[tuple[int, int]]) -> bool:
    for start, end in taken:
        if edit.start < end and start < edit.end:
            return True
        # Two insertions at the same point would be ordered arbitrarily: treat them as overlapping.
        if edit.start == edit.end == start == end:
            return True
    return False
