"""A cache of the validated, compiled rule set, so a cold ``govlint check`` skips YAML parsing,
schema validation (and the jsonschema import) and most regex compilation.

The cache is a pickle in ``$XDG_CACHE_HOME/govlint`` (or ``~/.cache/govlint``). Its key covers
the govlint and Python versions and the path, size and mtime of every file the result depends on:
the rule, area and profile files, the schemas and govlint's own source. A rule file that changes
(or appears, or goes away) changes the key, so a stale entry is never used. Any problem with the
cache directory (unwritable, corrupt entry) silently falls back to loading the rules.

Only the user's own cache directory is read, and entries are written with mode 0600: a pickle is
code, so it must come from nowhere a rule author or report author can write. An entry is loaded
only when it and its folder are the current user's and nobody else may write them (``_trusted``).
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
import zlib
from pathlib import Path

from govlint import __version__
from govlint.profiles import AUTO, AutoProfiles, resolve
from govlint.rules import RULE_SUFFIXES, Profile, RuleSet, builtin_dir, line_table, load_ruleset

# Bump when the pickled shape changes in a way file stats cannot see.
FORMAT = 1


def cache_dir() -> Path | None:
    """Where entries live; None when caching is switched off (GOVLINT_NO_CACHE=1)."""
    if os.environ.get("GOVLINT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "govlint"


def _dir_lines(directory: Path, suffixes: tuple[str, ...]) -> list[str]:
    """One line per matching file: name, size, mtime (scandir: no per-file path resolution)."""
    lines = []
    with os.scandir(directory) as scan:
        for entry in scan:
            if entry.name.endswith(suffixes) and entry.is_file():
                st = entry.stat()
                lines.append(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n")
    return sorted(lines)


def _key(extra_dirs: list[Path], profile: str) -> str | None:
    """Everything the loaded rules depend on, as text; None if a part cannot be stat'ed."""
    package = Path(os.path.realpath(__file__)).parent
    lines = [f"{FORMAT}\0{__version__}\0{sys.version}\0{profile}\n"]
    try:
        builtin = builtin_dir()
        # With --profile auto, a rule directory's profiles/ holds candidates too.
        candidates = [d / "profiles" for d in extra_dirs if profile == AUTO and (d / "profiles").is_dir()]
        for directory in (builtin, builtin / "profiles", *extra_dirs, *candidates):
            lines.append(f"dir {os.path.realpath(directory)}\n")
            lines += _dir_lines(Path(directory), RULE_SUFFIXES)
        lines.append(f"package {package}\n")
        lines += _dir_lines(package / "data", (".json",))
        # The pickle holds instances of govlint's classes: a changed source file invalidates it.
        lines += _dir_lines(package, (".py",))
        lines += _dir_lines(package / "checks", (".py",))
    except OSError:
        return None
    return "".join(lines)


def _is_builtin_profile(name: str) -> bool:
    return not (Path(name).suffix in RULE_SUFFIXES or "/" in name or "\\" in name)


def load_rules(extra_dirs: list[Path], profile: str) -> tuple[RuleSet, Profile | AutoProfiles]:
    """The rule set and profile (``auto``: the candidates), from the cache when current, else loaded (and cached)."""
    directory = cache_dir()
    # A profile given as a path may extend files anywhere: load it every time, cache only the rules.
    cacheable_profile = _is_builtin_profile(profile)
    key = _key(list(extra_dirs), profile if cacheable_profile else "") if directory else None
    entry = None
    if directory and key:
        # The file name is only a bucket (crc32 is cheap to import and compute); the entry holds the
        # whole key and is used only when it matches exactly.
        bucket = zlib.crc32(key.encode("utf-8", "surrogateescape"))
        entry = directory / f"rules-{bucket:08x}-{len(key)}.pickle"
    if entry is not None and key is not None:
        cached = _read(entry, key)
        if cached is not None:
            ruleset, cached_profile = cached
            if cached_profile is None or not cacheable_profile:
                cached_profile = resolve(profile, ruleset.areas, list(extra_dirs))
            return ruleset, cached_profile
    ruleset = load_ruleset(list(extra_dirs))
    chosen = resolve(profile, ruleset.areas, list(extra_dirs))
    if entry is not None:
        # Line tables instead of YAML trees: a smaller pickle, and loading it needs no yaml import.
        for rule in ruleset.rules:
            if rule.node is not None and not isinstance(rule.node, dict):
                rule.node = line_table(rule.node)
        _write(entry, (key, ruleset, chosen if cacheable_profile else None))
    return ruleset, chosen


def _owned_by_us(info: os.stat_result) -> bool:
    """The current user's, and writable by no one else."""
    uid = os.getuid()  # type: ignore[attr-defined,unused-ignore]
    return info.st_uid == uid and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _trusted(directory: Path, fd: int) -> bool:
    """Whether an opened cache entry may be unpickled: a pickle runs code, so the entry and its
    folder must be the current user's and writable by no one else. (Whoever can write the folder
    above could swap the folder, but not make one owned by us.) Windows keeps the cache in the
    user's own profile: no check there."""
    if not hasattr(os, "getuid"):
        return True
    try:
        entry = os.fstat(fd)
        folder = os.stat(directory)
    except OSError:
        return False
    return stat.S_ISREG(entry.st_mode) and _owned_by_us(entry) and _owned_by_us(folder)


def _read(entry: Path, key: str) -> tuple[RuleSet, Profile | AutoProfiles | None] | None:
    try:
        # Not through a symbolic link: the entry itself must be ours.
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        if not _trusted(entry.parent, fd):
            # Somebody else could have written it: rebuild in memory, say nothing, never unpickle.
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            value = pickle.load(handle)
    except Exception:
        # A truncated or foreign file: ignore it; a fresh load will overwrite it.
        return None
    finally:
        os.close(fd)
    if not (isinstance(value, tuple) and len(value) == 3 and value[0] == key and isinstance(value[1], RuleSet)):
        return None
    return value[1], value[2]


# Entries kept; each edit of a user rule directory leaves one behind, so old ones are dropped.
KEEP = 16


def _prune(directory: Path) -> None:
    entries = sorted(directory.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)


def _write(entry: Path, value: object) -> None:
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, entry)
        _prune(entry.parent)
    except Exception:
        # Unwritable cache dir, full disk, unpicklable object: caching is an optimisation only.
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
