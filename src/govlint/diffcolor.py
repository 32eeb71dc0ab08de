"""``--diff`` on a terminal, coloured as ``git diff`` colours it: file headers bold, hunk headers
cyan, removed lines red, added lines green. Pipes and files get the plain diff."""

from __future__ import annotations

BOLD, CYAN, RED, GREEN, RESET = "\x1b[1m", "\x1b[36m", "\x1b[31m", "\x1b[32m", "\x1b[m"


def colorize(diff: str) -> str:
    """The unified diff with git's colours; every line keeps its text and its newline."""
    out = []
    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.startswith(("--- ", "+++ ")):
            colour = BOLD
        elif body.startswith("@@"):
            colour = CYAN
        elif body.startswith("-"):
            colour = RED
        elif body.startswith("+"):
            colour = GREEN
        else:
            out.append(line)
            continue
        out.append(f"{colour}{body}{RESET}{line[len(body) :]}")
    return "".join(out)
