"""Markdown pipe tables in article text: a unit in the corner, fiscal-year columns, change columns, named rows.

Copies of analysis pages keep an HTML table as pipe rows (`| Total Revenue | 560,118 | 482,064 | 16.20% |`). A
table is read only when its corner states the unit (`P&L in RMB'm`), each amount column is headed by one year
(`FY21`, `2021`) and each row's label names one metric the lexicon knows (and its basis, where the metric needs
one); a change column is read only when a `FY21 vs FY20` cell ties it to two consecutive years. Anything else in
the table is left unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from transforms.lexicon import Lexicon
from transforms.model import Fact, Held, make_snippet
from transforms.normalise import periods as P
from transforms.normalise.numbers import NumberFormatError, parse_number
from transforms.normalise.vocabulary import BASIS_METRICS, last_stated_basis, net_profit_word_fits
from transforms.parse.claims import matching_text

_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
_RULE = re.compile(r"^[\s|:\-]+$")
_YEAR_HEAD = re.compile(r"(?:FY\s?(\d{2})|(?:FY\s?)?((?:19|20)\d{2}))", re.I)
_CHANGE_HEAD = re.compile(r"\b(?:variance|change|chg|growth|yoy|y-o-y)\b", re.I)
_VERSUS = re.compile(r"(FY\s?\d{2}|(?:FY\s?)?(?:19|20)\d{2})\s+(?:vs\.?|versus)\s+(FY\s?\d{2}|(?:FY\s?)?(?:19|20)\d{2})",
                     re.I)
_MILLIONS = re.compile(r"(?:RMB|CNY)\s*['’]?\s*(?:m|mn|million|millions)\b|\bin\s+(?:RMB|CNY)\s+millions?\b", re.I)
_AMOUNT = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)\s*%")
_COUNTS = frozenset({"mau", "dau", "subscriptions"})  # counts at a year's end: the year's fourth quarter
_MIN_ROWS = 3


@dataclass(frozen=True, slots=True)
class _Row:
    """One pipe row: its cells and where the row stands in the text."""

    start: int
    end: int
    cells: list[str]


def pipe_tables(text: str) -> list[list[_Row]]:
    """Runs of consecutive pipe rows (rule rows such as |---|---| left out) with at least three rows."""
    tables: list[list[_Row]] = []
    run: list[_Row] = []
    last_end = -2
    for m in _ROW.finditer(text):
        if m.start() > last_end + 1 and run:
            tables.append(run)
            run = []
        last_end = m.end()
        if not _RULE.fullmatch(m.group(1)):
            run.append(_Row(m.start(), m.end(), [c.strip() for c in m.group(1).split("|")]))
    if run:
        tables.append(run)
    return [t for t in tables if len(t) >= _MIN_ROWS]


def column_year(cell: str) -> int | None:
    """The fiscal year a column heading names on its own ("FY21", "2021", "FY2021"), else None."""
    m = _YEAR_HEAD.fullmatch(cell.strip())
    if m is None:
        return None
    return 2000 + int(m.group(1)) if m.group(1) else int(m.group(2))


def _versus_pairs(rows: list[_Row]) -> list[tuple[int, int]]:
    """The (later, earlier) years of the "FY21 vs FY20" cells of the table, in order of writing."""
    pairs = []
    for row in rows:
        for cell in row.cells:
            m = _VERSUS.fullmatch(cell.strip())
            if m:
                later, earlier = column_year(m.group(1)), column_year(m.group(2))
                if later is not None and earlier is not None:
                    pairs.append((later, earlier))
    return pairs


def read_pipe_tables(text: str, lex: Lexicon, published: date | None, entity: str | None) -> tuple[list[Fact], list[Held]]:
    """Facts of the text's pipe tables, each about the company the line before it names (else `entity`, the company
    the headline names), and what was held back."""
    facts: list[Fact] = []
    held: list[Held] = []
    if "|" not in text:
        return facts, held
    for ti, rows in enumerate(pipe_tables(text), start=1):
        got, kept = _read_table(text, ti, rows, lex, published, table_entity(lex, text, rows[0].start) or entity)
        facts += got
        held += kept
    return facts, held


def _read_table(text: str, ti: int, rows: list[_Row], lex: Lexicon, published: date | None,
                entity: str | None) -> tuple[list[Fact], list[Held]]:
    """Facts of one pipe table whose first row is its heading, about `entity` (None: the table is left unread)."""
    head = rows[0]
    if entity is None:
        return [], [Held("a table about no company the text names", head.cells[0] if head.cells else "", f"t{ti}")]
    if not head.cells or not _MILLIONS.search(head.cells[0]):
        return [], [Held("a table whose corner states no unit in millions of yuan", head.cells[0] if head.cells else "",
                         f"t{ti}")]
    years = [column_year(c) for c in head.cells[1:]]
    changes = [i for i, c in enumerate(head.cells[1:]) if years[i] is None and _CHANGE_HEAD.search(c)]
    pairs = _versus_pairs(rows[1:])
    compared = dict(zip(changes, pairs, strict=True)) if len(pairs) == len(changes) else {}
    facts: list[Fact] = []
    held: list[Held] = []
    for ri, row in enumerate(rows[1:], start=2):
        key = _row_key(lex, row.cells[0], entity)
        if key is None:
            continue
        who, metric, segment, basis = key
        snippet = make_snippet(text, row.start, row.end)
        for ci, cell in enumerate(row.cells[1 : len(years) + 1]):
            locator = f"t{ti}.r{ri}.c{ci + 2}"
            year = years[ci]
            if year is not None and _AMOUNT.fullmatch(cell):
                if not _over(year, published):
                    continue
                period = P.quarter(year, 4) if metric in _COUNTS else P.year(year)
                try:
                    value = parse_number(cell) * 1e6
                except NumberFormatError:
                    continue
                unit = "count" if metric in _COUNTS else "CNY"
                if cell in snippet:
                    facts.append(Fact(who, metric, segment, basis, "value", period, value, unit, cell, locator, snippet))
            elif ci in compared:
                later, earlier = compared[ci]
                pct = _PERCENT.fullmatch(cell)
                if pct is None or later - earlier != 1:
                    held.append(Held("a change over more than one year, not year-on-year", cell, locator))
                    continue
                if not _over(later, published):
                    continue
                period = P.quarter(later, 4) if metric in _COUNTS else P.year(later)
                if cell in snippet:
                    facts.append(Fact(who, metric, segment, basis, "yoy_pct", period, float(pct.group(1)), "pct", cell,
                                      locator, snippet))
    return facts, held


def _over(year: int, published: date | None) -> bool:
    """Whether a fiscal year was over when the text was published (a later one is a forecast, not a reported figure)."""
    return published is None or year < published.year


def _row_key(lex: Lexicon, label: str, entity: str) -> tuple[str, str, str, str] | None:
    """Entity, metric, segment and basis a row label names (one of each at most), else None."""
    probe = matching_text(label)
    metrics = {(t.alias.metric or t.alias.key, t.alias.measure) for t in lex.find("metrics", probe)}
    if len(metrics) != 1:
        return None
    metric, measure = metrics.pop()
    if measure not in (None, "value"):
        return None
    entities = {t.alias.key for t in lex.find("entities", probe)}
    if len(entities) > 1:
        return None
    who = entities.pop() if entities else entity
    if metric not in lex.entity_metrics.get(who, [metric]):
        return None
    if not net_profit_word_fits(metric, measure, who):
        return None
    segments = {t.alias.key for t in lex.find("segments", probe)}
    if len(segments) > 1:
        return None
    basis = "na"
    if metric in BASIS_METRICS:
        stated = last_stated_basis(probe)
        if stated is None:
            return None
        basis = stated
    return who, metric, segments.pop() if segments else "total", basis


def table_entity(lex: Lexicon, text: str, before: int) -> str | None:
    """The one company named in the line right before a table ("Tencent's FY21 financial results"), else None."""
    line = text[:before].rstrip().rsplit("\n", 1)[-1]
    named = {t.alias.key for t in lex.find("entities", matching_text(line)) if lex.entity_kind.get(t.alias.key) == "company"}
    return named.pop() if len(named) == 1 else None
