"""Reading text tables (PDF text or rendered HTML): header dates to columns, rows to label and cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from transforms.normalise.numbers import NumberFormatError, parse_number
from transforms.normalise.periods import MONTHS_EN, PeriodError, zh_small_number, zh_year
from transforms.normalise.text import fold, to_simplified

ColumnKind = Literal["date", "yoy", "qoq"]
Span = Literal["quarter", "half", "nine_months", "year", "instant"]


class UncertainHeader(ValueError):
    """The column headings cannot be tied to dates with certainty."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: a dated amount column or a change column."""

    kind: ColumnKind
    when: date | None = None


@dataclass(frozen=True, slots=True)
class Header:
    """The columns of a table, the span its dates close, and how the heading was read."""

    columns: tuple[Column, ...]
    span: Span | None
    reading: str


@dataclass(frozen=True, slots=True)
class Cell:
    """A numeric cell as written, its offsets in the text, its value (None for a nil dash)."""

    text: str
    start: int
    end: int
    value: float | None
    is_pct: bool
    mark: str


@dataclass(frozen=True, slots=True)
class Row:
    """A table line split into its label and its numeric cells."""

    label: str
    cells: tuple[Cell, ...]
    start: int
    end: int


NIL_DASHES = frozenset({"-", "\u2013", "\u2014", "\u2212", "--"})
_CELL = re.compile(
    r"^(?P<num>\(?[+\-\u2212\u2013]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?)(?P<pct>%)?(?P<mark>\*+|\([a-z]\)|(?<=%)\d{1,2})?$"
)
_CELL_FOOTNOTE = re.compile(r"^(?P<num>\(?\d{1,3}(?:,\d{3})+\)?)(?P<mark>\d{1,2})$")
_CJK_GLUED = re.compile(
    r"^(?P<label>.*[\u3400-\u9fff\uff09)])(?P<cell>\(?[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?%?\*?)$"
)


def read_cell(token: str, start: int) -> Cell | None:
    """A cell from one whitespace-free token (`159,501`, `(1,234)`, `-7%`, `38,042*`, `-`), else None."""
    if token in NIL_DASHES:
        return Cell(token, start, start + len(token), None, False, "")
    m = _CELL.match(token) or _CELL_FOOTNOTE.match(token)
    if not m:
        return None
    num = m.group("num")
    if num.count("(") != num.count(")"):
        return None
    try:
        value = parse_number(num)
    except NumberFormatError:
        return None
    is_pct = bool(m.groupdict().get("pct"))
    return Cell(token, start, start + len(token), value, is_pct, m.group("mark") or "")


def split_row(line: str, offset: int = 0) -> Row:
    """Split a table line into its label and the run of numeric cells that ends it."""
    tokens = [(m.group(0), m.start()) for m in re.finditer(r"\S+", line)]
    cells: list[Cell] = []
    label_end = len(line)
    i = len(tokens) - 1
    while i >= 0:
        tok, pos = tokens[i]
        if tok == "%" and i > 0:
            prev, ppos = tokens[i - 1]
            merged = read_cell(prev + "%", offset + ppos)
            if merged is not None and merged.value is not None:
                cells.append(
                    Cell(line[ppos : pos + 1], offset + ppos, offset + pos + 1, merged.value, True, "")
                )
                label_end, i = ppos, i - 2
                continue
        cell = read_cell(tok, offset + pos)
        if cell is None:
            glued = _CJK_GLUED.match(tok)
            if glued:
                cpos = pos + glued.start("cell")
                cell = read_cell(glued.group("cell"), offset + cpos)
                if cell is not None:
                    cells.append(cell)
                    label_end = cpos
            break
        cells.append(cell)
        label_end = pos
        i -= 1
    cells.reverse()
    return Row(line[:label_end].strip(), tuple(cells), offset, offset + len(line))


# Header atoms -------------------------------------------------------------------------------

_MONTH_NAMES = "|".join(sorted((k for k in MONTHS_EN if k.isalpha() and len(k) > 2), key=len, reverse=True))
_ZH_NUM = "[〇零一二三四五六七八九\\d]"
_ZH_SMALL = "[一二三四五六七八九十\\d]{1,3}"
_ATOM = re.compile(
    rf"(?P<ended>(?:ended|截至)\s*(?:(?P<ed>\d{{1,2}})\s+(?P<em>{_MONTH_NAMES})\b(?!\s+\d{{4}})|(?P<zem>{_ZH_SMALL})月(?P<zed>{_ZH_SMALL})日))"
    rf"|(?P<dmy>(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_NAMES})\s+(?P<y>\d{{4}}))"
    rf"|(?P<zdmy>(?P<zy>{_ZH_NUM}{{4}})\s*年\s*(?P<zm>{_ZH_SMALL})\s*月\s*(?P<zd>{_ZH_SMALL})\s*日)"
    rf"|(?P<dm>(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_NAMES})\b)"
    rf"|(?P<zdm>(?P<zm2>{_ZH_SMALL})\s*月\s*(?P<zd2>{_ZH_SMALL})\s*日)"
    rf"|(?P<zy2>{_ZH_NUM}{{4}})\s*年"
    r"|(?P<yoy>year-on-year|on-year|year-(?=\s|$)|同比)"
    r"|(?P<qoq>quarter-on-quarter|on-quarter|quarter-(?=\s|$)|环比)"
    r"|(?<![\d,.])(?P<yr>(?:19|20)\d{2})(?![\d,.%])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Atom:
    """A piece of a column heading: a full date, a day-month, a year, a change marker or an `ended` date."""

    kind: Literal["dmy", "dm", "y", "yoy", "qoq", "ended"]
    value: tuple[int, ...] = ()


def normalise_heading(line: str) -> str:
    """Fold, simplify Chinese and lower-case a heading line for matching."""
    return to_simplified(fold(line)).lower()


def _month(name: str) -> int:
    return MONTHS_EN[name.lower()]


def heading_atoms(line: str) -> list[Atom]:
    """The heading atoms of one line, in reading order; UncertainHeader when a date part is unreadable."""
    try:
        return _heading_atoms(line)
    except PeriodError as exc:
        raise UncertainHeader(str(exc)) from exc


def _heading_atoms(line: str) -> list[Atom]:
    out: list[Atom] = []
    for m in _ATOM.finditer(normalise_heading(line)):
        g = m.groupdict()
        if g["ended"]:
            if g["ed"]:
                out.append(Atom("ended", (_month(g["em"]), int(g["ed"]))))
            else:
                out.append(Atom("ended", (zh_small_number(g["zem"]), zh_small_number(g["zed"]))))
        elif g["dmy"]:
            out.append(Atom("dmy", (int(g["y"]), _month(g["m"]), int(g["d"]))))
        elif g["zdmy"]:
            out.append(Atom("dmy", (zh_year(g["zy"]), zh_small_number(g["zm"]), zh_small_number(g["zd"]))))
        elif g["dm"]:
            out.append(Atom("dm", (_month(g["m2"]), int(g["d2"]))))
        elif g["zdm"]:
            out.append(Atom("dm", (zh_small_number(g["zm2"]), zh_small_number(g["zd2"]))))
        elif g["zy2"]:
            out.append(Atom("y", (zh_year(g["zy2"]),)))
        elif g["yoy"]:
            out.append(Atom("yoy"))
        elif g["qoq"]:
            out.append(Atom("qoq"))
        elif g["yr"]:
            out.append(Atom("y", (int(g["yr"]),)))
    return out


def heading_span(lines: list[str]) -> Span | None:
    """The span the heading's dates close: three months, six, nine, a year, or an as-at date."""
    text = " ".join(normalise_heading(x) for x in lines)
    if re.search(r"three months ended|止\s*(?:三|3)\s*个月|三个月", text):
        return "quarter"
    if re.search(r"six months ended|止\s*(?:六|6)\s*个月", text):
        return "half"
    if re.search(r"nine months ended|止\s*(?:九|9)\s*个月", text):
        return "nine_months"
    if re.search(r"year ended|止年度|全年", text):
        return "year"
    if re.search(r"\bas at\b|于", text):
        return "instant"
    return None


def _date(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise UncertainHeader(f"heading date {y}-{m}-{d} does not exist") from exc


def _columns_from_complete(atoms: list[Atom], ended: tuple[int, ...] | None) -> list[Column]:
    """Columns when every dated atom is a full date, or a year under a common `ended` day-month."""
    cols: list[Column] = []
    for a in atoms:
        if a.kind == "dmy":
            cols.append(Column("date", _date(*a.value)))
        elif a.kind == "y":
            if ended is None:
                raise UncertainHeader("a year heading without its day and month")
            cols.append(Column("date", _date(a.value[0], ended[0], ended[1])))
        elif a.kind in ("yoy", "qoq"):
            cols.append(Column(a.kind))
    return cols


def _pair_stream(atoms: list[Atom], year_first: bool) -> list[Column] | None:
    """Pair day-months with years that sit next to each other in a stream; None when they do not pair."""
    cols: list[Column] = []
    i = 0
    first, second = ("y", "dm") if year_first else ("dm", "y")
    while i < len(atoms):
        a = atoms[i]
        if a.kind in ("yoy", "qoq"):
            cols.append(Column(a.kind))
            i += 1
            continue
        if a.kind == "dmy":
            cols.append(Column("date", _date(*a.value)))
            i += 1
            continue
        if a.kind != first or i + 1 >= len(atoms) or atoms[i + 1].kind != second:
            return None
        dm, y = (atoms[i + 1], a) if year_first else (a, atoms[i + 1])
        cols.append(Column("date", _date(y.value[0], dm.value[0], dm.value[1])))
        i += 2
    return cols


def _dedupe_markers(cols: list[Column]) -> list[Column]:
    """Merge split change headings (`Year-` over `on-year`) that land next to each other."""
    out: list[Column] = []
    for c in cols:
        if out and c.kind in ("yoy", "qoq") and out[-1].kind == c.kind:
            continue
        out.append(c)
    return out


def read_header(lines: list[str], context: list[str] | tuple[str, ...] = ()) -> Header:
    """Columns of a table heading, read forward, stacked (day-month over year) or reversed; else raise.

    `context` (caption lines above the heading) is consulted only for the span when the heading omits it.
    """
    per_line = [heading_atoms(x) for x in lines]
    per_line = [a for a in per_line if a]
    span = heading_span(lines) or heading_span(list(context))
    ended = None
    for atoms in per_line:
        for a in atoms:
            if a.kind == "ended":
                ended = a.value
    per_line = [[a for a in atoms if a.kind != "ended"] for atoms in per_line]
    per_line = [a for a in per_line if a]
    flat = [a for atoms in per_line for a in atoms]
    bare_dm = [a for a in flat if a.kind == "dm"]
    bare_y = [a for a in flat if a.kind == "y"]
    chinese = any(re.search(r"[\u3400-\u9fff]", x) for x in lines)
    if not bare_dm and (not bare_y or ended is not None):
        cols = _columns_from_complete(flat, ended)
        return _checked(Header(tuple(_dedupe_markers(cols)), span, "forward"))
    dm_lines = [i for i, atoms in enumerate(per_line) if any(a.kind == "dm" for a in atoms)]
    y_lines = [i for i, atoms in enumerate(per_line) if any(a.kind == "y" for a in atoms)]
    if len(dm_lines) == 1 and len(y_lines) == 1 and dm_lines != y_lines and len(bare_dm) == len(bare_y) >= 1:
        years = iter(bare_y)
        cols = []
        for a in per_line[dm_lines[0]]:
            if a.kind == "dm":
                cols.append(Column("date", _date(next(years).value[0], a.value[0], a.value[1])))
            elif a.kind == "dmy":
                raise UncertainHeader("heading mixes full dates with stacked ones")
            else:
                cols.append(Column(a.kind))
        others = [
            a
            for i, atoms in enumerate(per_line)
            if i != dm_lines[0]
            for a in atoms
            if a.kind in ("yoy", "qoq")
        ]
        if others and not any(c.kind != "date" for c in cols):
            raise UncertainHeader("change headings sit on a line apart from the dates they follow")
        return _checked(Header(tuple(_dedupe_markers(cols)), span, "stacked"))
    if all(sum(a.kind in ("dm", "y", "dmy") for a in atoms) <= 1 for atoms in per_line):
        cols = _pair_stream(flat, year_first=chinese)
        if cols is not None:
            return _checked(Header(tuple(_dedupe_markers(cols)), span, "forward"))
        reverse = [a for atoms in reversed(per_line) for a in atoms]
        cols = _pair_stream(reverse, year_first=chinese)
        if cols is not None:
            return _checked(Header(tuple(_dedupe_markers(cols)), span, "reversed"))
    raise UncertainHeader("the heading's days, months and years cannot be paired with certainty")


def _checked(header: Header) -> Header:
    """Refuse headings whose change columns come before any date, or with no date at all."""
    if not any(c.kind == "date" for c in header.columns):
        raise UncertainHeader("no dated column in the heading")
    seen_dates = 0
    for c in header.columns:
        if c.kind == "date":
            seen_dates += 1
        elif seen_dates < 1:
            raise UncertainHeader(f"a {c.kind} change column before its comparative column")
    return header


def map_cells(row: Row, header: Header) -> list[tuple[Column, Cell]] | None:
    """Pair a row's cells with the header's columns one for one; None when the counts differ."""
    cells = row.cells
    if len(cells) == len(header.columns) + 1 and _LABEL_NOTE.match(cells[0].text):
        cells = cells[1:]
    if len(cells) != len(header.columns):
        return None
    return list(zip(header.columns, cells, strict=True))


_LABEL_NOTE = re.compile(r"^\(\d{1,2}\)$")
