"""Financial tables in flattened text: a unit line, dated column headings, then rows of a label and its cells.

Real copies of results announcements render one table in many ways: one row per line, every row of a table
run together on one line, one cell per line, or cells glued with no space between them
(`收入159,501149,9866%155,1963%`). This reader works on the character stream, so all of them read alike:
it finds each unit line, reads the column dates and change columns of the heading before it, then splits the
text after it into labels and runs of cells. A run of glued cells is split only where exactly one split fits
the columns (amounts with thousands groups, per-share figures with three decimals, percentages) and every
change column agrees with the levels it compares; anything else is held back with its reason. A change written
as a word (`稳定`, `stable`) is a nil change cell; a row that a page marker cuts in two is held whole, and the
rows after it are still read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from transforms.model import Fact, Held, Period, make_snippet
from transforms.normalise import periods as P
from transforms.normalise.periods import MONTHS_EN
from transforms.parse.tables import heading_span

CellKind = str  # "amount" | "eps" | "pct"


@dataclass(frozen=True, slots=True)
class RowKey:
    """What a table row measures: entity, metric, segment, basis, unit and the scale of its cells."""

    entity: str
    metric: str
    segment: str
    basis: str
    unit: str
    scale: float


@dataclass(frozen=True, slots=True)
class Column:
    """A dated column (`when` set) or a change column comparing the first date with `against`."""

    when: date | None = None
    against: date | None = None
    measure: str = "value"


@dataclass(frozen=True, slots=True)
class Table:
    """A table's columns, the span its dates close, and where its unit line is."""

    columns: tuple[Column, ...]
    span: str
    unit: str
    unit_start: int
    unit_end: int


# A row label and the EPS group it sits under -> (the row's key or None, the EPS group for the next rows).
KeyOf = Callable[[str, str | None, str], tuple[RowKey | None, str | None]]

_UNIT = re.compile(
    r"[(（]\s*(?P<unit>RMB\s*in\s*millions|RMB['’]?\s*millions?|人民[币幣]百[万萬]元|in\s*millions|百[万萬][计計])"
    r"[^)）]{0,24}[)）]",
    re.IGNORECASE,
)
_HEAD_START = re.compile(
    r"financial\s+performance\s+highlights|operating\s+information|unaudited|"
    r"(?:three|six|nine)\s+months\s+ended|year\s+ended|as\s+at|"
    r"[财財][务務]表[现現]摘要|[经經][营營][资資]料|未[经經]审核|未[经經]審核|截至|[于於](?=[零〇一二三四五六七八九\d])",
    re.IGNORECASE,
)
HEADER_WINDOW = 400
_ZH_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MONTH_NAMES = "|".join(re.escape(m) for m in sorted(MONTHS_EN, key=len, reverse=True))
_ZH_YEAR = "[零〇○一二三四五六七八九]{4}"
_ZH_MONTH = "十[一二]|[一二三四五六七八九十]"
_ZH_DAY = "三十一|三十|二十[一二三四五六七八九]|十[一二三四五六七八九]|[一二三四五六七八九十]|二十"
# A damaged copy drops 年 and 日 (`二零二一十二月三十一`): a year, month and day in that order are still one date,
# but only where nothing after the day could continue it as a longer numeral.
_NO_DAY_MARK = rf"(?={_ZH_YEAR}|[^零〇○一二三四五六七八九十]|$)"
_DATE_TOKEN = re.compile(
    rf"(?P<dm>\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_NAMES})\b)|"
    rf"(?P<md>\b(?P<m2>{_MONTH_NAMES})\s+(?P<d2>\d{{1,2}})\b,?)|"
    r"(?P<y>\b(?:19|20)\d\d\b)|"
    rf"(?P<zyd>(?P<zy2>{_ZH_YEAR})年?(?P<zm2>{_ZH_MONTH})月(?P<zd2>{_ZH_DAY})(?:日|{_NO_DAY_MARK}))|"
    r"(?P<zy>[零〇○一二三四五六七八九]{4})年?|"
    r"(?P<ay>(?:19|20)\d\d)年|"
    r"(?P<zmd>(?P<zm>十[一二]|[一二三四五六七八九十])月(?P<zd>三十一|三十|二十[一二三四五六七八九]|十[一二三四五六七八九]|"
    r"[一二三四五六七八九十]|二十))日|"
    r"(?P<amd>(?P<am>\d{1,2})月(?P<ad>\d{1,2})日)",
    re.IGNORECASE,
)
# Headings of tables whose columns are adjustments, not periods (a non-IFRS reconciliation).
_RECONCILIATION = re.compile(
    r"\breported\b|如所呈[报報]|share-based\s+compensation|以股份[为為]基[础礎]|non-?\s?(?:ifrs|gaap)|非[国國]際|非[国国]际|非通用",
    re.IGNORECASE,
)
_CHANGE = re.compile(r"change|[变變][动動]", re.IGNORECASE)


class UncertainTable(ValueError):
    """A table heading or row that cannot be read with certainty; the message says why."""


def _zh_number(token: str) -> int:
    """A small Chinese numeral (一 .. 三十一)."""
    if "十" in token:
        head, _, tail = token.partition("十")
        return (_ZH_DIGIT[head] if head else 1) * 10 + (_ZH_DIGIT[tail] if tail else 0)
    return _ZH_DIGIT[token]


def _span(header: str) -> str | None:
    """The span the heading's dates close: quarter, half, nine months, year, or an as-at instant."""
    return heading_span([header])


def header_dates(header: str) -> list[date]:
    """The column dates of a heading: days-months and years paired in reading order, or one day-month for all."""
    days: list[tuple[int, int]] = []
    years: list[int] = []
    for m in _DATE_TOKEN.finditer(header):
        g = m.groupdict()
        if g["dm"]:
            days.append((MONTHS_EN[g["m"].lower()], int(g["d"])))
        elif g["md"]:
            days.append((MONTHS_EN[g["m2"].lower()], int(g["d2"])))
        elif g["y"] or g["ay"]:
            years.append(int(g["y"] or g["ay"]))
        elif g["zyd"]:
            years.append(int("".join(str(_ZH_DIGIT[c]) for c in g["zy2"])))
            days.append((_zh_number(g["zm2"]), _zh_number(g["zd2"])))
        elif g["zy"]:
            years.append(int("".join(str(_ZH_DIGIT[c]) for c in g["zy"])))
        elif g["zmd"]:
            days.append((_zh_number(g["zm"]), _zh_number(g["zd"])))
        elif g["amd"]:
            days.append((int(g["am"]), int(g["ad"])))
    if not years:
        raise UncertainTable("no year in the column heading")
    if not days:
        days = _interleaved_days(header, len(years))
    if len(days) == 1 and len(years) > 1:
        days = days * len(years)
    if len(days) != len(years):
        raise UncertainTable(f"{len(days)} day-months and {len(years)} years in the heading do not pair")
    try:
        return [date(y, m, d) for (m, d), y in zip(days, years, strict=True)]
    except ValueError as exc:
        raise UncertainTable(f"a heading date does not exist: {exc}") from exc


# A PDF text layer that reads a heading row by row across its columns ("31 31 Year- 30 Quarter- December December
# on-year September on-quarter 2017 2016 change 2017 change"): the days, then the months, then the years.
_BARE_DAY = re.compile(r"(?<![\d,.])\b([1-3]?\d)\b(?![\d,.%])")
_BARE_MONTH = re.compile(rf"\b({_MONTH_NAMES})\b", re.IGNORECASE)


def _interleaved_days(header: str, count: int) -> list[tuple[int, int]]:
    """Month and day of each column when a heading writes all its days, then all its month names, in column order;
    empty unless there are exactly `count` of each and every day comes before every month name."""
    months = list(_BARE_MONTH.finditer(header))
    if len(months) != count:
        return []
    days = [d for d in _BARE_DAY.finditer(header, 0, months[0].start()) if not re.fullmatch(r"(?:19|20)\d\d", d.group(0))]
    if len(days) != count:
        return []
    return [(MONTHS_EN[m.group(1).lower()], int(d.group(1))) for d, m in zip(days, months, strict=True)]


def _one_year_before(d: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def _quarter_before(d: date) -> date | None:
    """The end of the quarter before the one ending on `d`; None when `d` ends no quarter."""
    try:
        return P.prior_quarter(P.quarter_ending(d)).end
    except P.PeriodError:
        return None


def columns(header: str) -> tuple[tuple[Column, ...], str]:
    """The columns and span of a heading: the first date, then each comparative date followed by its change column."""
    span = _span(header)
    if span is None:
        raise UncertainTable("the heading names no span (three months, six months, year, as at)")
    dates = header_dates(header)
    changes = len(_CHANGE.findall(header))
    if changes not in (0, len(dates) - 1):
        raise UncertainTable(f"{len(dates)} dates and {changes} change columns do not fit one layout")
    first = dates[0]
    if any(d >= first for d in dates[1:]):
        raise UncertainTable("the first heading date is not the latest")
    cols = [Column(when=first)]
    for d in dates[1:]:
        cols.append(Column(when=d))
        if changes:
            if d == _one_year_before(first):
                cols.append(Column(against=d, measure="yoy_pct"))
            elif span in ("quarter", "instant") and d == _quarter_before(first):
                cols.append(Column(against=d, measure="qoq_pct"))
            else:
                raise UncertainTable(f"a change column against {d} is neither year-on-year nor quarter-on-quarter")
    return tuple(cols), span


def column_period(when: date, span: str) -> Period:
    """The period a dated column covers; an as-at date is read as the quarter it ends."""
    if span == "half":
        return P.half(when.year, 1 if when.month <= 6 else 2)
    if span == "nine_months":
        return P.nine_months(when.year)
    if span == "year":
        return P.year(when.year)
    return P.quarter_ending(when)


def find_tables(text: str) -> list[Table]:
    """Each unit line with the columns of the heading before it; headings that cannot be read are skipped."""
    out: list[Table] = []
    previous_end = 0
    for m in _UNIT.finditer(text):
        start = max(previous_end, m.start() - HEADER_WINDOW)
        window = text[start : m.start()]
        window = window[window.rfind("。") + 1 :]  # a heading holds no sentence end
        found = _heading(window)
        previous_end = m.end()
        if found is None:
            continue
        cols, span = found
        unit = "count" if re.match(r"(in\s*millions|百)", m.group("unit"), re.IGNORECASE) and not re.search(
            r"rmb|人民", m.group("unit"), re.IGNORECASE
        ) else "CNY"
        out.append(Table(cols, span, unit, m.start(), m.end()))
        previous_end = m.end()
    return out


def _heading(window: str) -> tuple[tuple[Column, ...], str] | None:
    """The columns of the longest heading in the window that starts at a start word and reads with certainty."""
    for start in _HEAD_START.finditer(window):
        header = window[start.start() :]
        if _RECONCILIATION.search(header):
            return None
        try:
            return columns(header)
        except UncertainTable:
            continue
    return None


# Cells: amounts with thousands groups (or under 1,000), per-share figures with three decimals, percentages.
_AMOUNT = r"\(?-?(?:\d{1,3}(?:,\d{3})+|\d{1,3})(?:\.\d{1,2})?\)?\*?"
_EPS = r"\(?-?\d{1,3}\.\d{3}\)?\*?"
# A change written as a word instead of a percentage ("stable"): a nil change cell, never a number.
_NIL_WORD = r"稳定|穩定|持平|(?i:stable|flat)\b"
_PCT = rf"[-−–]?\d{{1,4}}(?:\.\d)?%|[-−–—]{{1,2}}(?=\s|$|[^\d])|{_NIL_WORD}"
_NIL_CELL = re.compile(_NIL_WORD)
_PCT_BARE = r"[-−–]?\d{1,3}"
_CELL_RE = {
    "amount": re.compile(_AMOUNT),
    "eps": re.compile(_EPS),
    "pct": re.compile(_PCT),
    "pct_bare": re.compile(_PCT_BARE),
}
_RUN = re.compile(rf"(?:\(?\d|[-−–]\d)(?:[\d,.%*()\s\-−–—]|{_NIL_WORD})*")
MAX_SPLITS = 64
# What may follow a row's last cell: the dash of the next label, or a page marker (`— 1 —`, `–1–`).
_REST = re.compile(r"[-−–—*\s]*?(?:\d{1,3}\s*[-−–—]+[-−–—\s]*|\n\s*\d{1,3}\s*)?\s*")

# A page number glued after a row's last percentage, before the next heading (`11%2經營資料`).
_GLUED_PAGE = re.compile(r"\d{1,3}\s*")


def split_cells(run: str, kinds: list[CellKind]) -> list[list[tuple[int, int]]]:
    """Every way the run's text splits into one cell of each kind, as (start, end) spans; whitespace optional."""
    out: list[list[tuple[int, int]]] = []
    if len(run) > MAX_RUN_CHARS:
        return out

    def walk(pos: int, i: int, acc: list[tuple[int, int]]) -> None:
        if len(out) >= MAX_SPLITS:
            return
        if i == len(kinds):
            if _REST.fullmatch(run, pos) or (run[pos - 1] == "%" and _GLUED_PAGE.fullmatch(run, pos)):
                out.append(list(acc))
            return
        while pos < len(run) and run[pos].isspace():
            pos += 1
        pattern = _CELL_RE[kinds[i]]
        ends = set()
        for m in _prefixes(pattern, run, pos):
            ends.add(m)
        for end in sorted(ends, reverse=True):
            if kinds[i] in ("amount", "eps") and end < len(run) and run[end] == "," and run[end - 1].isdigit():
                continue
            walk(end, i + 1, [*acc, (pos, end)])

    walk(0, 0, [])
    return out


MAX_CELL_CHARS = 32  # no cell of these tables is longer (`(1,234,567.89)*`): bounds the split search
MAX_RUN_CHARS = 400  # a run of cells longer than this is no table row


def _prefixes(pattern: re.Pattern[str], text: str, pos: int) -> list[int]:
    """The ends of every match of `pattern` that starts at `pos` (shorter matches too)."""
    ends = []
    end = min(len(text), pos + MAX_CELL_CHARS)
    while end > pos:
        m = pattern.fullmatch(text, pos, end)
        if m:
            ends.append(end)
        end -= 1
    return ends


def cell_value(cell: str) -> float | None:
    """The number a cell states (a bracketed amount is negative); None for a nil dash."""
    s = cell.strip().rstrip("*").replace("−", "-").replace("–", "-")
    if re.fullmatch(r"-{1,2}|—", s) or _NIL_CELL.fullmatch(s):
        return None
    negative = s.startswith("(") and s.endswith(")")
    s = s.strip("()%").replace(",", "")
    value = float(s)
    return -value if negative else value


def _agrees(current: float, prior: float, stated: float) -> bool:
    """Whether a stated change in percent agrees with the levels it compares, to its printed rounding."""
    if prior <= 0 or current <= 0:
        return True
    computed = (current / prior - 1.0) * 100.0
    return abs(computed - stated) <= 0.51 + 0.005 * abs(stated)


@dataclass(slots=True)
class _Segment:
    """A label and the run of cells after it, with their offsets in the text."""

    label: str
    run: str
    run_start: int


def _segments(text: str, start: int, end: int) -> list[_Segment]:
    """The text after a unit line as alternating labels and cell runs."""
    out: list[_Segment] = []
    pos = start
    label_start = start
    for m in _RUN.finditer(text, start, end):
        if m.start() > 0 and re.match(r"[A-Za-z\u3400-\u9fff]", text[m.start() - 1]) and not _cjk_before(text, m.start()):
            continue  # digits inside a word (`Weixin2`), not a cell run
        label = text[label_start : m.start()]
        out.append(_Segment(label, m.group(0), m.start()))
        label_start = m.end()
        pos = m.end()
    if pos < end:
        out.append(_Segment(text[label_start:end], "", end))
    return out


def _cjk_before(text: str, i: int) -> bool:
    """Whether the character before offset i is Chinese (a label glued to its first cell)."""
    return bool(re.match(r"[\u3400-\u9fff)）]", text[i - 1]))


MAX_ROWS = 40
# A run that ends on a page marker at a line start (`...59\n3`), and the punctuation left between it and the rest of
# the row (`、,475 17%`): the rest belongs to the held row, not to a label of its own.
_MARKER_END = re.compile(r"\n\s*\d{1,3}\s*$")
_MARKER_GAP = re.compile(r"[^A-Za-z0-9\u3400-\u9fff]{1,4}")


def read_table(text: str, table: Table, key_of: KeyOf, number: int, end: int) -> tuple[list[Fact], list[Held]]:
    """Facts of the rows after a table's unit line, until a label no row vocabulary knows."""
    facts: list[Fact] = []
    held: list[Held] = []
    group: str | None = None
    carry = ""
    rows = 0
    broken = ""  # the label of a held row whose run a page marker cut off
    for seg in _segments(text, table.unit_end, end):
        label = (carry + seg.label).strip()
        carry = ""
        if broken and seg.run.strip() and _MARKER_GAP.fullmatch(label):
            where = f"table={number};row={broken};continued"
            held.append(Held("rest of a row cut by a page marker", seg.run.strip()[:80], where))
            broken = ""
            continue
        broken = ""
        key, group = key_of(label, group, table.unit)
        if not seg.run.strip():
            if key is None and group is None:
                break
            continue
        if key is None:
            if group is not None and not re.search(r"\d", label):
                continue
            break
        kinds = [("eps" if key.unit == "CNY_per_share" else "amount") if c.when else "pct" for c in table.columns]
        run = seg.run
        splits = split_cells(run, kinds)
        if not splits and "%" not in run:
            bare = ["pct_bare" if k == "pct" else k for k in kinds]
            splits = split_cells(run, bare)
        where = f"table={number};row={' '.join(label.split())}"
        chosen = _choose(run, splits, table)
        if chosen is None:
            reason = "cells cannot be split into the table's columns with certainty" if splits else (
                "row cells do not fit the table's columns")
            held.append(Held(reason, run.strip()[:80] or label, where))
            broken = " ".join(label.split()) if _MARKER_END.search(run) else ""
            rows += 1
            if rows >= MAX_ROWS:
                break
            continue
        last_end = chosen[-1][1]
        trailing = run[last_end:]
        if trailing.strip():
            carry = trailing
        facts.extend(_row_facts(text, seg, chosen, key, table, where))
        rows += 1
        if rows >= MAX_ROWS:
            break
    return facts, held


def _choose(run: str, splits: list[list[tuple[int, int]]], table: Table) -> list[tuple[int, int]] | None:
    """The one split whose change cells agree with their levels; None when none or several do."""
    good = []
    for spans in splits:
        values = [cell_value(run[a:b]) for a, b in spans]
        if _consistent(values, table):
            good.append(spans)
    distinct = {tuple(cell_value(run[a:b]) for a, b in s) for s in good}
    if len(distinct) != 1:
        return None
    return good[0]


def _consistent(values: list[float | None], table: Table) -> bool:
    """Whether every change cell of a row agrees with the first column and the column it compares against."""
    by_date = {c.when: v for c, v in zip(table.columns, values, strict=True) if c.when}
    first = by_date.get(table.columns[0].when)
    for col, v in zip(table.columns, values, strict=True):
        if col.when is None and v is not None:
            prior = by_date.get(col.against)
            if first is None or prior is None or not _agrees(first, prior, v):
                return False
    return True


def _row_facts(
    text: str, seg: _Segment, spans: list[tuple[int, int]], key: RowKey, table: Table, where: str
) -> list[Fact]:
    """One fact per dated cell and per change cell of a row."""
    out = []
    first = column_period(table.columns[0].when, table.span)  # type: ignore[arg-type]
    for k, (col, (a, b)) in enumerate(zip(table.columns, spans, strict=True)):
        raw = seg.run[a:b].strip()
        value = cell_value(raw)
        if value is None:
            continue
        written = raw.rstrip("*")
        start = seg.run_start + a + (len(seg.run[a:b]) - len(seg.run[a:b].lstrip()))
        snippet = make_snippet(text, start, start + len(written))
        if col.when is not None:
            period = column_period(col.when, table.span)
            out.append(Fact(key.entity, key.metric, key.segment, key.basis, "value", period, value * key.scale,
                            key.unit, written, f"{where};col={k}", snippet))
        else:
            out.append(Fact(key.entity, key.metric, key.segment, key.basis, col.measure, first, value, "pct",
                            written, f"{where};col={k}", snippet))
    return out


def read_tables(text: str, key_of: KeyOf, period_end: date | None = None) -> tuple[list[Fact], list[Held]]:
    """Facts of every financial table in a flattened text, and the values held back.

    With `period_end` (the reporting period a title names), a table whose first column ends on another
    day is held whole: its columns cannot be the document's own periods.
    """
    tables = find_tables(text)
    facts: list[Fact] = []
    held: list[Held] = []
    for n, table in enumerate(tables):
        end = tables[n + 1].unit_start if n + 1 < len(tables) else len(text)
        first = table.columns[0].when
        if period_end is not None and first != period_end:
            reason = f"table's first column ends {first}, not the reporting period ending {period_end}"
            held.append(Held(reason, text[table.unit_start : table.unit_end], f"table={n}"))
            continue
        f, h = read_table(text, table, key_of, n, end)
        facts.extend(f)
        held.extend(h)
    return facts, held
