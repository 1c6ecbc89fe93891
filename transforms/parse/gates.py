"""Cheap substring gates for regular expressions: skip a scan that cannot match, with the same matches when it can.

A pattern's gate is a set of literal strings read from its syntax tree, one of which every match contains; text
holding none of them is not scanned. A pattern whose requirement cannot be read (case-blind, or no literal that
every match needs) has no gate and is always scanned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

try:  # the standard library's own regex parser; without it (another Python) no pattern has a gate
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - CPython 3.11 to 3.13 have both
    sre = sre_parse = None  # type: ignore[assignment]

Needs = frozenset[str]

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) if sre is not None else ()
_MOST_CHECKS = 3  # requirements checked per pattern, most selective first
# Each pattern's requirements by id (hashing a compiled pattern hashes its whole program), the pattern kept alive.
_GATES: dict[int, tuple[re.Pattern[str], tuple[Needs, ...]]] = {}


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` cannot match anywhere in `text` (it lacks every literal of some requirement)."""
    known = _GATES.get(id(pattern))
    if known is None or known[0] is not pattern:
        known = _GATES[id(pattern)] = (pattern, required_literals(pattern))
    for needs in known[1]:
        for literal in needs:
            if literal in text:
                break
        else:
            return False
    return True


@cache
def required_literals(pattern: re.Pattern[str]) -> tuple[Needs, ...]:
    """Requirements every match of a case-sensitive pattern meets: each a set of literals, one of which it contains."""
    if sre_parse is None or pattern.flags & re.IGNORECASE:
        return ()
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError):
        return ()
    return tuple(dict.fromkeys(sorted(_sequence(list(tree)), key=_selectivity, reverse=True)))[:_MOST_CHECKS]


def _selectivity(needs: Needs) -> tuple[int, int]:
    """Longer literals and fewer alternatives first."""
    return min(len(s) for s in needs), -len(needs)


def _sequence(items: list[tuple[Any, Any]]) -> list[Needs]:
    """What the parts of a sequence every match goes through require: runs of literals and required nodes."""
    found: list[Needs] = []
    run = ""
    for op, av in items:
        if op is sre.LITERAL:
            run += chr(av)
            continue
        if run:
            found.append(frozenset({run}))
            run = ""
        needs = _node(op, av)
        if needs:
            found.append(needs)
    if run:
        found.append(frozenset({run}))
    return found


def _best(items: list[tuple[Any, Any]]) -> Needs | None:
    """The most selective requirement of a sequence, or None when it has none."""
    found = _sequence(items)
    return max(found, key=_selectivity) if found else None


def _node(op: Any, av: Any) -> Needs | None:
    """What one node of the tree requires: a group's, every branch's (any of them), a repeat's when it runs once."""
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _best(list(sub))
    if op is sre.ATOMIC_GROUP:
        return _best(list(av))
    if op in _REPEATS:
        low, _high, sub = av
        return _best(list(sub)) if low >= 1 else None
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            needs = _best(list(branch))
            if needs is None:
                return None
            union |= needs
        return frozenset(union)
    if op is sre.IN and av and all(o is sre.LITERAL for o, _ in av):
        return frozenset(chr(code) for _, code in av)
    return None


def scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), skipped when the text lacks a literal every match needs."""
    return pattern.finditer(text) if may_match(pattern, text) else iter(())
