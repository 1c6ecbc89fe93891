"""Tencent's HKEX results announcements (English and Chinese): highlights, operating and segment tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from transforms.model import (
    SNIPPET_MAX,
    DecoyDocument,
    Event,
    Fact,
    Held,
    ParseError,
    ParseResult,
    Period,
    UnsupportedDocument,
    make_snippet,
)
from transforms.normalise.markup import block_text, body_of, boilerplate_of
from transforms.normalise.numbers import scaled
from transforms.normalise.periods import (
    PeriodError,
    parse_chinese_date,
    parse_english_date,
    quarter_ending,
    span_ending,
    year,
)
from transforms.normalise.text import fold, to_simplified
from transforms.normalise.vocabulary import basis_for, is_non_ifrs_label, segment_for
from transforms.parse import Parser, texttable
from transforms.parse.document import Document
from transforms.parse.tables import (
    Cell,
    Column,
    Header,
    Row,
    UncertainHeader,
    heading_atoms,
    map_cells,
    read_header,
    split_row,
)

KIND = "hkex_announcement"
VERSION = "5"
TITLE_WINDOW = 2500
FORM_WINDOW = 600

_EN_TITLE = re.compile(
    r"ANNOUNCEMENT\s+OF\s+THE\s+(?P<annual>ANNUAL\s+)?RESULTS\s+FOR\s+THE\s+"
    r"(?P<span>THREE\s+MONTHS|THREE\s+AND\s+SIX\s+MONTHS|THREE\s+AND\s+NINE\s+MONTHS|YEAR)\s+"
    r"ENDED\s+(?P<date>\d{1,2}\s+[A-Z]+\s+\d{4})",
    re.IGNORECASE,
)
_ZH_TITLE = re.compile(
    r"截至\s*(?P<date>[〇零一二三四五六七八九\d]{4}\s*年\s*[一二三四五六七八九十\d]{1,3}\s*月\s*[一二三四五六七八九十\d]{1,3}\s*日)\s*"
    r"止(?P<span>[^。]{0,16}?)(?P<annual>全年)?\s*(?:業績|业绩)(?:公佈|公布|公告)"
)
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])[ \t]+(?=[\u3400-\u9fff])")
_DECOYS = re.compile(
    r"dividend\s+announcement|announcement\s+form|final\s+dividend|interim\s+dividend|"
    r"date\s+of\s+board\s+meeting|notice\s+of\s+board\s+meeting|board\s+meeting\s+to\s+be\s+held|"
    r"股息公告|末期股息|中期股息|董事會會議日期|董事会会议日期|董事會會議通告|董事会会议通告",
    re.IGNORECASE,
)
_FORM_DECOYS = re.compile(
    r"dividend\s+announcement\s+for\s+equity\s+issuer|date\s+of\s+board\s+meeting|notice\s+of\s+board\s+meeting|"
    r"董事會會議日期|董事会会议日期|股息公告",
    re.IGNORECASE,
)
_HIGHLIGHTS = re.compile(r"financial\s+performance\s+highlights|財務表現摘要|财务表现摘要", re.IGNORECASE)
_ISSUER = re.compile(r"tencent\s+holdings\s+limited|騰訊控股有限公司|腾讯控股有限公司", re.IGNORECASE)
# Another issuer whose HKEX filings the pipeline reads with its own parser (named in the announcement's opening).
_PEER_ISSUER = re.compile(r"kuaishou\s+technology|快手科技", re.IGNORECASE)
_RMB_UNIT = re.compile(r"^\(?\s*(rmb\s+in\s+millions|人民币百万元|rmb['\u2019]\s*million)")
_COUNT_UNIT = re.compile(r"^\(?\s*(in\s+millions|百万计)")
_SIGN_OFF = re.compile(
    r"Hong\s+Kong,\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})|香港[,,]\s*([〇零一二三四五六七八九\d]{4}年[^\n]{1,8}?日)"
)


@dataclass(frozen=True, slots=True)
class Title:
    """What the title block says: the reporting period end, the quarter, and whether it is annual."""

    text: str
    end: date
    quarter: Period
    annual: bool


# Row vocabularies, keyed by the normalised label (simplified Chinese, lower case, single spaces).
FINANCIAL_ROWS: dict[str, str] = {
    "revenues": "revenue",
    "revenue": "revenue",
    "收入": "revenue",
    "gross profit": "gross_profit",
    "毛利": "gross_profit",
    "operating profit": "operating_profit",
    "经营盈利": "operating_profit",
    "profit for the period": "profit_for_period",
    "profit for the year": "profit_for_period",
    "期内盈利": "profit_for_period",
    "年内盈利": "profit_for_period",
    "年度盈利": "profit_for_period",
    "profit attributable to equity holders of the company": "profit_attributable",
    "本公司权益持有人应占盈利": "profit_attributable",
}
# Rows under an `Attributable to:` line of the income statement.
ATTRIBUTABLE_ROWS: dict[str, str] = {
    "equity holders of the company": "profit_attributable",
    "本公司权益持有人": "profit_attributable",
}
# Statement lines recognised but outside the vocabulary: their values are held back, never dropped silently.
UNMAPPED_ROWS: dict[str, str] = {
    "cost of revenues": "cost of revenues has no vocabulary metric",
    "收入成本": "cost of revenues has no vocabulary metric",
}
_ATTRIBUTABLE_LEAD = re.compile(r"^(?:attributable to|以下人士应占)\s*:?$")
EPS_ROWS: dict[str, str] = {
    "basic": "eps_basic",
    "diluted": "eps_diluted",
    "基本": "eps_basic",
    "摊薄": "eps_diluted",
}
OPERATING_ROWS: dict[str, tuple[str, str, str]] = {
    "combined mau of weixin and wechat": ("weixin", "mau", "total"),
    "微信及wechat的合并月活跃账户数": ("weixin", "mau", "total"),
    "mobile device mau of qq": ("qq", "mau", "total"),
    "smart device mau of qq": ("qq", "mau", "total"),
    "mau of qq": ("qq", "mau", "total"),
    "qq的移动终端月活跃账户数": ("qq", "mau", "total"),
    "qq的智能终端月活跃账户数": ("qq", "mau", "total"),
    "qq的月活跃账户数": ("qq", "mau", "total"),
    "fee-based vas registered subscriptions": ("tencent", "subscriptions", "vas"),
    "fee-based vas subscriptions": ("tencent", "subscriptions", "vas"),
    "收费增值服务注册账户数": ("tencent", "subscriptions", "vas"),
}
_NON_IFRS_PREFIX = re.compile(
    r"^(?:non-?\s?(?:ifrs|gaap)(?:\s*\(non-?\s?(?:ifrs|gaap)\))?|非国际财务报告准则|非通用会计准则)\s*"
)
_EPS_LABEL = re.compile(r"^(?:eps|earnings per share|每股盈利)")
# Where an EPS group heading (which never has cells of its own) starts inside a longer label.
_GROUP_HEADING = re.compile(
    r"(?:非國際財務報告準則|非国际财务报告准则|非通用會計準則|非通用会计准则|non-?\s?(?:ifrs|gaap)\s*)?"
    r"(?:每股盈利|earnings\s+per\s+share|\beps\b)",
    re.IGNORECASE,
)
_LEAD_DASH = re.compile(r"^[-\u2013\u2014\u2212]+\s*")


def normalise_label(label: str) -> str:
    """A row label folded for matching: simplified, lower case, footnote markers and odd spaces removed."""
    s = to_simplified(fold(label)).lower()
    s = re.sub(r"(?<=[a-z)])\d{1,2}\b", "", s)
    s = re.sub(r"\(\d{1,2}\)|\*+|\^", "", s)
    s = re.sub(r"\s+", " ", s).strip(" :")
    return re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", s)


def document_text(doc: Document) -> str:
    """The text the parser reads: PDF text, or HTML with each table cell on one line and cells kept apart."""
    if doc.format == "html" and doc.markup and doc.tree is not None:
        return fold(block_text(body_of(doc.tree), skip=boilerplate_of(doc.tree), cells=True))
    return fold(doc.text)


def find_title(text: str) -> Title | None:
    """The results title in the opening of the text, English or Chinese, or None."""
    head = _CJK_GAP.sub("", text[:TITLE_WINDOW])
    m = _EN_TITLE.search(head)
    if m:
        try:
            end = parse_english_date(m.group("date"))
            q = quarter_ending(end)
        except PeriodError:
            return None
        annual = bool(m.group("annual")) or m.group("span").upper() == "YEAR"
        return Title(re.sub(r"\s+", " ", m.group(0)), end, q, annual)
    m = _ZH_TITLE.search(head)
    if m:
        try:
            end = parse_chinese_date(m.group("date"))
            q = quarter_ending(end)
        except PeriodError:
            return None
        annual = bool(m.group("annual")) or "年度" in m.group("span")
        return Title(re.sub(r"\s+", "", m.group(0)), end, q, annual)
    return None


def decoy_reason(text: str) -> str | None:
    """Why an HKEX document from the issuer is not a results announcement, when it says so up front."""
    head = text[:TITLE_WINDOW]
    decoy = _DECOYS.search(head)
    if not decoy:
        return None
    results = _EN_TITLE.search(head) or _ZH_TITLE.search(head)
    if results and results.start() < decoy.start():
        return None
    return f"HKEX {decoy.group(0).strip().lower()} document, not a results announcement"


def sniff(doc: Document) -> bool:
    """True for Tencent results announcements and for the issuer's other HKEX filings (rejected as decoys)."""
    text = fold(doc.text)
    opening = text[:TITLE_WINDOW]
    if _PEER_ISSUER.search(opening) and not _ISSUER.search(opening):
        return False  # a peer's announcement: its own parser reads it
    from_hkex = doc.format != "json" and (doc.meta.source == "hkex" or "hkexnews" in (doc.meta.url or ""))
    if find_title(text) is not None:
        return from_hkex or bool(_HIGHLIGHTS.search(text))
    if from_hkex:
        return bool(_DECOYS.search(text[:TITLE_WINDOW]))
    head = text[:FORM_WINDOW]
    return bool(_FORM_DECOYS.search(head)) and bool(_ISSUER.search(head))


@dataclass(slots=True)
class _Lines:
    """The text split into lines with their start offsets."""

    text: str
    lines: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        pos = 0
        for line in self.text.split("\n"):
            self.lines.append(line)
            self.starts.append(pos)
            pos += len(line) + 1


_HEADING_WORDS = re.compile(
    r"[〇零一二三四五六七八九十\d]+\s*[年月日]|\d{1,2}\s+[a-z]+|\d{4}|"
    r"\b(?:unaudited|audited|three|six|nine|twelve|months?|ended|year|quarter|on|change|as|at|and|for|the|"
    r"period|of|in)\b|未经审核|经审核|截至|以下日期|下列日期|日期|止|个月|三|六|九|年度|"
    r"同比|环比|变动|于|期间|之|及|[\s\-|:]"
)


def _is_heading_line(line: str) -> bool:
    """A line that belongs to a table heading (dates, years, change markers, `Unaudited`, `as at` ...)."""
    s = to_simplified(fold(line)).lower().strip()
    if not s:
        return False
    rest = _HEADING_WORDS.sub("", s)
    return len(rest) <= 2


def _lines_above(lines: _Lines, index: int, limit: int, stop: Callable[[str], bool]) -> list[int]:
    """Indexes, top first, of up to `limit` non-blank lines just above `index`, ending at the first line `stop` accepts."""
    out: list[int] = []
    i = index - 1
    while i >= 0 and len(out) < limit:
        line = lines.lines[i]
        if line.strip():
            if stop(line):
                break
            out.append(i)
        i -= 1
    out.reverse()
    return out


def _heading_before(lines: _Lines, unit_index: int) -> list[str]:
    """The heading lines just above a unit line."""
    return [lines.lines[i] for i in _lines_above(lines, unit_index, 12, lambda line: not _is_heading_line(line))]


def _section_name(lines: _Lines, index: int) -> str:
    """The table's name for locators, from the heading above it (not past the table before it)."""
    for i in range(index, max(-1, index - 40), -1):
        s = to_simplified(fold(lines.lines[i])).lower()
        if i < index and (_RMB_UNIT.match(s.strip()) or _COUNT_UNIT.match(s.strip())):
            break
        if "financial performance highlights" in s or "财务表现摘要" in s:
            return "financial_performance_highlights"
        if "operating information" in s or "经营资料" in s:
            return "operating_information"
        if "income statement" in s or "收益表" in s:
            return "income_statement"
    return f"table@line{index + 1}"


def _caption_lines(lines: _Lines, unit_index: int, heading_lines: int, count: int = 3) -> list[str]:
    """Up to `count` non-blank lines above a table's heading (its caption and section title)."""
    out: list[str] = []
    i, skipped = unit_index - 1, 0
    while i >= 0 and len(out) < count:
        line = lines.lines[i]
        if line.strip():
            if skipped >= heading_lines:
                if _RMB_UNIT.match(to_simplified(fold(line)).strip().lower()):
                    break
                out.append(line)
            skipped += 1
        i -= 1
    return out


def _caption_says_revenue(lines: _Lines, unit_index: int, heading_lines: int) -> bool:
    """True when the caption line above a table's heading speaks of revenues, not costs."""
    i = unit_index - 1
    skipped = 0
    while i >= 0:
        line = lines.lines[i]
        if line.strip():
            if skipped >= heading_lines:
                s = to_simplified(fold(line)).lower()
                return bool(re.search(r"revenue|收入", s)) and not re.search(r"cost|成本|expense|开支", s)
            skipped += 1
        i -= 1
    return False


@dataclass(slots=True)
class _Builder:
    """Collects facts and held values for one document, refusing conflicting repeats."""

    text: str
    title: Title
    facts: list[Fact] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    seen: dict[tuple, float] = field(default_factory=dict)

    def hold(self, reason: str, reported: str, locator: str) -> None:
        """Keep a value back with the reason."""
        self.held.append(Held(reason, reported, locator))

    def add(self, fact: Fact) -> None:
        """Add a fact unless the same key already carries another value."""
        key = (fact.entity, fact.metric, fact.segment, fact.basis, fact.measure, fact.period.label)
        if key in self.seen and self.seen[key] != fact.value:
            self.hold(f"conflicts with an earlier figure {self.seen[key]}", fact.reported_text, fact.locator)
            return
        if key in self.seen:
            return
        self.seen[key] = fact.value
        self.facts.append(fact)

    def snippet(self, cell: Cell) -> str:
        """Context around a cell."""
        return make_snippet(self.text, cell.start, cell.end)


def column_period(column: Column, header: Header) -> Period:
    """The period an amount column covers; as-at columns are recorded with their quarter."""
    assert column.when is not None
    if header.span in ("quarter", "instant"):
        return quarter_ending(column.when)
    if header.span == "year":
        if (column.when.month, column.when.day) != (12, 31):
            raise PeriodError(f"year column ending {column.when} is not a calendar year")
        return year(column.when.year)
    if header.span == "half":
        return span_ending(column.when, 6)
    if header.span == "nine_months":
        return span_ending(column.when, 9)
    raise PeriodError("the heading does not say what span its dates close")


def _current_period(header: Header, title: Title) -> Period:
    """The table's current period (its first dated column), checked against the title."""
    first = next(c for c in header.columns if c.kind == "date")
    period = column_period(first, header)
    expected = {title.quarter.label}
    if title.annual:
        expected.add(year(title.end.year).label)
    if header.span in ("half", "nine_months"):
        expected.add(span_ending(title.end, 6 if header.span == "half" else 9).label)
    if period.label not in expected:
        raise PeriodError(f"first column {period.label} is not the reporting period {title.quarter.label}")
    return period


_RowKey = texttable.RowKey


def _financial_key(
    label: str, eps_group: str | None, segments: bool = False
) -> tuple[_RowKey | None, str | None]:
    """The key of a row in an RMB table, and the EPS group a label-only row opens."""
    norm = _LEAD_DASH.sub("", normalise_label(label))
    non_ifrs = is_non_ifrs_label(norm)
    core = mend_dropped_character(_NON_IFRS_PREFIX.sub("", norm))
    if _EPS_LABEL.match(core):
        rest = _EPS_LABEL.sub("", core)
        rest = re.sub(r"\([^)]*\)", "", rest).strip(" -\u2013\u2014\u2212")
        group = "non_ifrs" if non_ifrs else "ifrs"
        if rest in EPS_ROWS:
            metric = EPS_ROWS[rest]
            return _RowKey(
                "tencent", metric, "total", basis_for(metric, non_ifrs), "CNY_per_share", 1.0
            ), group
        return None, group
    if core in EPS_ROWS:
        if eps_group is None:
            return None, None
        metric = EPS_ROWS[core]
        return _RowKey(
            "tencent", metric, "total", basis_for(metric, eps_group == "non_ifrs"), "CNY_per_share", 1.0
        ), eps_group
    m = re.match(r"^(basic|diluted) (?:eps|earnings per share)", core)
    if m:
        metric = EPS_ROWS[m.group(1)]
        return _RowKey("tencent", metric, "total", basis_for(metric, non_ifrs), "CNY_per_share", 1.0), None
    if core in FINANCIAL_ROWS:
        metric = FINANCIAL_ROWS[core]
        return _RowKey("tencent", metric, "total", basis_for(metric, non_ifrs), "CNY", 1e6), None
    segment = segment_for(core) if segments else None
    if segment is not None and not non_ifrs:
        return _RowKey("tencent", "revenue", segment, "na", "CNY", 1e6), None
    return None, None


# Chinese labels a copy extracted from a PDF may print with one character dropped (`每股盈`, `本公权益持有人应占盈利`).
_MENDABLE_LABELS: tuple[str, ...] = tuple(
    k for k in (*FINANCIAL_ROWS, *UNMAPPED_ROWS, *ATTRIBUTABLE_ROWS, "每股盈利") if re.fullmatch(r"[\u3400-\u9fff]{4,}", k)
)
_LABEL_HEAD = re.compile(r"[\u3400-\u9fff]{3,}(?=[(\-]|$)")


def mend_dropped_character(core: str) -> str:
    """A Chinese label (before any bracket or dash) one character short of exactly one known label, restored."""
    m = _LABEL_HEAD.match(core)
    if m is None or m.group(0) in _MENDABLE_LABELS:
        return core
    head = m.group(0)
    fits = {k for k in _MENDABLE_LABELS if len(k) == len(head) + 1 and _drops_one(k, head)}
    if len(fits) != 1:
        return core
    return fits.pop() + core[m.end() :]


def _drops_one(label: str, short: str) -> bool:
    """Whether `short` is `label` with one character left out."""
    return any(label[:i] + label[i + 1 :] == short for i in range(len(label)))


def _operating_key(label: str) -> _RowKey | None:
    """The key of a row in the operating information table."""
    hit = OPERATING_ROWS.get(normalise_label(label))
    if hit is None:
        return None
    return _RowKey(hit[0], hit[1], hit[2], "na", "count", 1e6)


def _emit_row(b: _Builder, row: Row, key: _RowKey, header: Header, table: str, line_no: int) -> None:
    """Facts for the cells of one row, or Held values when the row does not fit its heading."""
    where = f"table={table};row={row.label};line={line_no}"
    pairs = map_cells(row, header)
    if pairs is None:
        for cell in row.cells:
            b.hold(f"row has {len(row.cells)} cells for {len(header.columns)} columns", cell.text, where)
        return
    try:
        current = _current_period(header, b.title)
    except (PeriodError, StopIteration) as exc:
        for cell in row.cells:
            b.hold(f"column periods uncertain: {exc}", cell.text, where)
        return
    for column, cell in pairs:
        if cell.value is None:
            continue
        if column.kind == "date":
            if cell.is_pct:
                b.hold("a percentage in an amount column", cell.text, where)
                continue
            try:
                period = column_period(column, header)
            except PeriodError as exc:
                b.hold(f"column period uncertain: {exc}", cell.text, where)
                continue
            measure, value, unit = "value", scaled(_digits(cell), key.scale), key.unit
            locator = f"{where};column={period.label}"
        else:
            if not cell.is_pct:
                b.hold("a change column cell without a percent sign", cell.text, where)
                continue
            if column.kind == "qoq" and current.type != "quarter":
                b.hold("quarter-on-quarter change outside a quarterly table", cell.text, where)
                continue
            period = current
            measure, value, unit = f"{column.kind}_pct", cell.value, "pct"
            locator = f"{where};column={column.kind}_change"
        if cell.mark.startswith("*"):
            locator += ";restated"
        elif cell.mark:
            locator += f";note={cell.mark}"
        b.add(
            Fact(
                entity=key.entity,
                metric=key.metric,
                segment=key.segment,
                basis=key.basis,
                measure=measure,
                period=period,
                value=value,
                unit=unit,
                reported_text=cell.text,
                locator=locator,
                snippet=b.snippet(cell),
            )
        )


def _digits(cell: Cell) -> str:
    """The number part of a cell, without marks."""
    text = cell.text
    if cell.mark and text.endswith(cell.mark):
        text = text[: -len(cell.mark)]
    return text


MAX_WRAPPED_LABEL_LINES = 2


def _row_key(
    label: str, eps_group: str | None, operating: bool, segments: bool
) -> tuple[_RowKey | None, str | None]:
    """The key of a row label in an operating or a money table (segment rows only under a revenue caption)."""
    if operating:
        return _operating_key(label), None
    return _financial_key(label, eps_group, segments)


def _read_table(b: _Builder, lines: _Lines, unit_index: int, operating: bool) -> None:
    """Read the table whose unit line is at `unit_index`."""
    table = _section_name(lines, unit_index)
    heading = _heading_before(lines, unit_index)
    header: Header | None = None
    problem = ""
    try:
        header = read_header(heading, context=_caption_lines(lines, unit_index, len(heading)))
    except UncertainHeader as exc:
        problem = str(exc)
    segments = _caption_says_revenue(lines, unit_index, len(heading))
    eps_group: str | None = None
    attributable = False
    pending: list[str] = []
    i = unit_index + 1
    while i < len(lines.lines):
        line = lines.lines[i]
        i += 1
        if not line.strip():
            continue
        row = split_row(line, lines.starts[i - 1])
        if not operating and not row.cells and _ATTRIBUTABLE_LEAD.match(normalise_label(row.label)):
            attributable, pending = True, []
            continue
        joined = " ".join([*pending, row.label])
        key, group = _row_key(joined, eps_group, operating, segments)
        if key is None and pending and row.cells:
            key, group = _row_key(row.label, eps_group, operating, segments)
        elif pending and row.cells:
            row = Row(joined, row.cells, row.start, row.end)
        if key is None and row.cells and not operating:
            label = normalise_label(row.label)
            if label in UNMAPPED_ROWS:
                _hold_row(b, row, UNMAPPED_ROWS[label], f"table={table};row={row.label};line={i}")
                pending = []
                continue
            if attributable and label in ATTRIBUTABLE_ROWS:
                metric = ATTRIBUTABLE_ROWS[label]
                key = _RowKey("tencent", metric, "total", basis_for(metric, False), "CNY", 1e6)
        if key is not None and key.metric != "profit_attributable":
            attributable = False
        if not row.cells:
            if group is not None:
                eps_group, pending = group, []
                continue
            if len(pending) >= MAX_WRAPPED_LABEL_LINES:
                break
            pending.append(row.label)
            continue
        pending = []
        if key is None:
            continue
        if group is None and not operating and key.metric not in ("eps_basic", "eps_diluted"):
            eps_group = None
        if header is None:
            where = f"table={table};row={row.label};line={i}"
            for cell in row.cells:
                if cell.value is not None:
                    b.hold(f"column order uncertain: {problem}", cell.text, where)
            continue
        _emit_row(b, row, key, header, table, i)


def _hold_row(b: _Builder, row: Row, reason: str, where: str) -> None:
    """Hold back every valued cell of a row with one reason."""
    for cell in row.cells:
        if cell.value is not None:
            b.hold(reason, cell.text, where)


# The non-IFRS reconciliation: `As reported` first, adjustments between, the non-IFRS figure last.

_AS_REPORTED = re.compile(r"as\s+reported|如所呈报|^\s*as\s*$", re.IGNORECASE)
_REPORTED_WORD = re.compile(r"as\s+reported|reported|如所呈报", re.IGNORECASE)
_NON_IFRS_WORD = re.compile(r"non-?\s?(?:ifrs|gaap)|非国际财务报告准则|非通用会计准则", re.IGNORECASE)
RECONCILIATION_WINDOW = 8


def _ends_recon_heading(line: str) -> bool:
    """True for a table row or an RMB unit line: what a reconciliation's heading cannot reach past."""
    is_row = bool(split_row(line).cells) and not _is_heading_line(line)
    return is_row or bool(_RMB_UNIT.match(to_simplified(fold(line)).strip().lower()))


def _recon_heading(lines: _Lines, unit_index: int) -> list[int]:
    """Indexes of the non-blank lines just above a unit line that may head a reconciliation."""
    return _lines_above(lines, unit_index, RECONCILIATION_WINDOW, _ends_recon_heading)


def _is_reconciliation(lines: _Lines, unit_index: int) -> bool:
    """True when the column labels under a dated caption put `As reported` left of a non-IFRS column."""
    indexes = _recon_heading(lines, unit_index)
    dated = [n for n, i in enumerate(indexes) if heading_atoms(lines.lines[i])]
    if not dated:
        return False
    labels = indexes[dated[-1] + 1 :]
    heading = [to_simplified(fold(lines.lines[i])).lower() for i in labels]
    reported = [m.start() for h in heading for m in _REPORTED_WORD.finditer(h)]
    non_ifrs = [m.start() for h in heading for m in _NON_IFRS_WORD.finditer(h)]
    return bool(reported) and bool(non_ifrs) and min(reported) < max(non_ifrs)


def _recon_period(lines: _Lines, unit_index: int, title: Title) -> Period:
    """The one period a reconciliation covers, from the nearest dated caption above its column headings."""
    dated: list[str] = []
    for i in reversed(_recon_heading(lines, unit_index)):
        if heading_atoms(lines.lines[i]):
            dated.insert(0, lines.lines[i])
        elif dated:
            break
    header = read_header(dated)
    dates = [c for c in header.columns if c.kind == "date"]
    if len(dates) != 1 or len(header.columns) != 1:
        raise UncertainHeader(f"reconciliation caption names {len(dates)} dates")
    period = column_period(dates[0], header)
    if period.end > title.end:
        raise PeriodError(f"reconciliation period {period.label} ends after the reporting period")
    return period


def _read_reconciliation(b: _Builder, lines: _Lines, unit_index: int) -> None:
    """Read the As reported and Non-IFRS columns of a reconciliation; hold the adjustment columns."""
    table = "non_ifrs_reconciliation"
    try:
        period: Period | None = _recon_period(lines, unit_index, b.title)
        problem = ""
    except (UncertainHeader, PeriodError) as exc:
        period, problem = None, str(exc)
    pending: list[str] = []
    i = unit_index + 1
    while i < len(lines.lines):
        line = lines.lines[i]
        i += 1
        if not line.strip():
            continue
        row = split_row(line, lines.starts[i - 1])
        if not row.cells:
            if len(pending) >= MAX_WRAPPED_LABEL_LINES:
                break
            pending.append(row.label)
            continue
        key, _ = _financial_key(" ".join([*pending, row.label]), None)
        if key is None:
            key, _ = _financial_key(row.label, None)
        else:
            row = Row(" ".join([*pending, row.label]), row.cells, row.start, row.end)
        pending = []
        if key is None or key.unit != "CNY" or key.basis != "ifrs":
            continue
        where = f"table={table};row={row.label};line={i}"
        if period is None:
            _hold_row(b, row, f"reconciliation period uncertain: {problem}", where)
            continue
        if len(row.cells) < 2:
            _hold_row(b, row, "reconciliation row without both reported and non-IFRS columns", where)
            continue
        *adjustments, last = row.cells[1:]
        columns = [(row.cells[0], "ifrs", "as_reported"), (last, "non_ifrs", "non_ifrs")]
        for cell in adjustments:
            if cell.value is not None:
                b.hold("adjustment column outside the vocabulary", cell.text, where)
        for cell, basis, column in columns:
            if cell.value is None or cell.is_pct:
                if cell.value is not None:
                    b.hold("a percentage in an amount column", cell.text, where)
                continue
            b.add(
                Fact(
                    entity=key.entity,
                    metric=key.metric,
                    segment=key.segment,
                    basis=basis,
                    measure="value",
                    period=period,
                    value=scaled(_digits(cell), key.scale),
                    unit=key.unit,
                    reported_text=cell.text,
                    locator=f"{where};column={column};period={period.label}",
                    snippet=b.snippet(cell),
                )
            )


def _published(text: str) -> date | None:
    """The sign-off date (`Hong Kong, 14 May 2024` / `香港,二零二四年五月十四日`), if present."""
    m = _SIGN_OFF.search(text)
    if not m:
        return None
    try:
        return parse_english_date(m.group(1)) if m.group(1) else parse_chinese_date(m.group(2))
    except PeriodError:
        return None


def stream_key(label: str, group: str | None, unit: str) -> tuple[texttable.RowKey | None, str | None]:
    """The key of a row read from a flattened table: an RMB statement row or an operating-information row."""
    if len(label) > 120:
        return None, None
    if unit == "count":
        key = _operating_key(label)
        return (key, None)
    key, next_group = _financial_key(label, group)
    if key is None and next_group is None:
        key, next_group = _row_before_group(label, group)
    return key, next_group


def _row_before_group(label: str, group: str | None) -> tuple[_RowKey | None, str | None]:
    """A money row whose label runs into an EPS group heading before its cells: the row's key and the group."""
    for m in _GROUP_HEADING.finditer(label):
        if m.start() == 0:
            continue
        key, _ = _financial_key(label[: m.start()], group)
        tail_key, tail_group = _financial_key(label[m.start() :], group)
        if key is not None and key.unit == "CNY" and tail_key is None and tail_group is not None:
            return key, tail_group
    return None, None


def merge_readings(lines: list[Fact], stream: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Facts of the line reader and the stream reader together; a key the two read differently is held."""
    def key(f: Fact) -> tuple[str, ...]:
        return (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)

    by_key: dict[tuple[str, ...], list[Fact]] = {}
    for f in lines + stream:
        by_key.setdefault(key(f), []).append(f)
    facts: list[Fact] = []
    held: list[Held] = []
    for group in by_key.values():
        if len({round(f.value, 6) for f in group}) > 1:
            held.extend(Held("two statements of the same figure in the document disagree", f.reported_text, f.locator)
                        for f in group)
            continue
        facts.append(group[0])
    return facts, held


def parse(doc: Document) -> ParseResult:
    """Facts of a Tencent HKEX results announcement; decoy HKEX filings raise DecoyDocument."""
    try:
        return _parse(doc)
    except ParseError:
        raise
    except (ValueError, LookupError, AttributeError, TypeError) as exc:
        raise UnsupportedDocument(f"{doc.name}: unreadable results announcement: {exc}") from exc


def _parse(doc: Document) -> ParseResult:
    text = document_text(doc)
    reason = decoy_reason(text)
    if reason:
        raise DecoyDocument(f"{doc.name}: {reason}")
    title = find_title(text)
    if title is None:
        raise UnsupportedDocument(f"{doc.name}: no HKEX results announcement title")
    lines = _Lines(text)
    b = _Builder(text, title)
    tables = 0
    for idx, line in enumerate(lines.lines):
        s = to_simplified(fold(line)).strip().lower()
        if _RMB_UNIT.match(s) and _is_reconciliation(lines, idx):
            _read_reconciliation(b, lines, idx)
            tables += 1
        elif _RMB_UNIT.match(s):
            _read_table(b, lines, idx, operating=False)
            tables += 1
        elif _COUNT_UNIT.match(s):
            _read_table(b, lines, idx, operating=True)
            tables += 1
    stream_facts, stream_held = texttable.read_tables(text, stream_key, title.end)
    b.facts, merged_held = merge_readings(b.facts, stream_facts)
    b.held.extend(merged_held if tables and not stream_facts else stream_held + merged_held)
    if tables == 0 and not stream_facts:
        raise UnsupportedDocument(f"{doc.name}: results announcement without a table in RMB millions")
    published = doc.meta.published_at or _published(text)
    events = []
    if published is not None:
        events.append(
            Event(
                published,
                "tencent",
                "results",
                f"results announcement for {title.quarter.label}",
                title.text[:SNIPPET_MAX],
            )
        )
    return ParseResult(KIND, b.facts, events, b.held, title.text, published)


PARSER = Parser(kind=KIND, version=VERSION, sniff=sniff, parse=parse)
