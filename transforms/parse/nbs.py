"""NBS retail-sales releases, their reprints and MOFCOM briefings: cumulative online retail sales, growth, share."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from transforms.lexicon import Lexicon, load_lexicon
from transforms.model import EmptyDocument, Fact, Held, ParseResult, Period, UnsupportedDocument, make_snippet
from transforms.normalise import periods as P
from transforms.normalise.markup import (
    Element,
    block_text,
    body_of,
    boilerplate_of,
    descendants,
    in_boilerplate,
    node_text,
)
from transforms.normalise.numbers import NumberFormatError, parse_number, printed_tolerance, scaled
from transforms.normalise.text import cell_span
from transforms.parse import Parser
from transforms.parse.article import html_article, parse_date_text, tree_of
from transforms.parse.claims import (
    CHANGE_BEFORE,
    YEAR,
    PeriodMention,
    Value,
    build_period,
    drop_conflicts,
    find_periods,
    find_values,
    matching_text,
    paragraphs,
    sentences,
    year_from_published,
)
from transforms.parse.document import Document

_ROW_ENTITY = (("实物商品网上零售额", "china_online_retail_goods"), ("网上零售额", "china_online_retail"))
_HOSTS = re.compile(r"^https?://(?:www\.)?stats\.gov\.cn/", re.I)
_TITLE = re.compile(r"(\d{4})\s*年\s*(?:1\s*[-—–~至]\s*)?(\d{1,2})\s*月份?\s*社会消费品零售总额")
_CUMULATIVE_HEAD = re.compile(r"1\s*[-—–~至]\s*(\d{1,2})\s*月|全年")

# Subjects of online retail statements: physical goods, all goods and services, and "of goods" (unclear which).
_SUBJECT = re.compile(
    r"(?P<goods>实物商品(?:的)?网[上络]零售额?|online (?:retail )?sales of physical (?:goods|commodities|products)"
    r"|physical (?:goods|commodities|products)['’] online retail sales)"
    r"|(?P<unsure>online retail sales of goods(?! and services))"
    r"|(?P<total>网[上络]零售额|online retail sales(?: of goods and services)?|online retail spending(?!\s+(?:by|among|per)\b))",
    re.I,
)
_SUBJECT_ENTITY = {"goods": "china_online_retail_goods", "total": "china_online_retail", "unsure": "unsure"}
# What may stand right before a Chinese subject: a clause start, 全国/我国, or the end of a period phrase.
_ZH_LEFT = re.compile(r"(?:^|[\s,;:。、()\"'!?|>]|全国|我国|中国|其中|[份度年月期])$")
# A breakdown frame (在实物商品网上零售额中) or a modifier (rural, B2C, "of the") makes a subject another series.
_ZH_FRAME_RIGHT = re.compile(r"\s*中")
_EN_LEFT_OTHER = re.compile(
    r"\b(?:rural|urban|cross-border|agricultural|county|B2C|B2B|regional|provincial|among|of|in|to|than)\s+"
    r"(?:the\s+)?(?:(?:national|country's|nation's|China's)\s+)?$"
    r"|\b(?!(?:China|country|nation)'s)[A-Za-z]+'s\s+$",
    re.I,
)
# "online retail sales of agricultural products / in rural areas": another series unless a period follows.
_EN_RIGHT_OTHER = re.compile(
    r"\s+(?:of|in|for|from|on)\s+(?!(?:the\s+)?(?:first|second|third|fourth|same|whole|full|year|\d"
    r"|January|February|March|April|May|June|July|August|September|October|November|December|H[12]\b|Q[1-4]\b"
    r"|this|last|goods and services|physical))",
    re.I,
)
# Other series whose figures follow them (total retail, catering, categories): they end an online clause.
_OTHER_SUBJECT = re.compile(
    r"社会消费品零售总额|社零(?:总额)?|消费品零售额|商品零售额?|餐饮收入|零售额|销售额|贡献率|吃类|穿类|用类"
    r"|交易额|成交额|进出口额|出口额|进口额|总额|规模|用户|人数|业务量|B2C"
    r"|\b(?:total\s+)?retail sales\b|\bsales\b|\bcatering\b|\bproportion\b|\bexports?\b|\bimports?\b"
    r"|\btransactions?\b|\bturnover\b|\bGMV\b|\busers\b|\bparcels\b",
    re.I,
)
# A series named as the whole a share is taken of (占社会消费品零售总额的比重, "of the total retail sales").
_ZH_DENOMINATOR = re.compile(r"占[^,;。]*$")
_EN_DENOMINATOR = re.compile(r"\b(?:of|to|than)\s+(?:the\s+)?$", re.I)
_FIGURE_AFTER = re.compile(r"[^。;!?\n]{0,80}?\d(?:[\d,.]*\d)?\s*(?:%|亿|万亿|元|percent|per cent|billion|trillion)",
                           re.I)
_ANCHOR = re.compile(r"社会消费品零售总额|统计局|商务部|total retail sales of (?:social )?consumer goods"
                     r"|National Bureau of Statistics|Ministry of Commerce|MOFCOM|\bMOC\b", re.I)
_NBS_FRIENDLY = frozenset({"china_online_retail", "china_online_retail_goods", "china_ecommerce",
                           "china_offline_retail"})
# A period named as a comparison base (比1—9月份, than the first quarter, up ... from the first quarter).
_BASE_BEFORE = re.compile(
    r"(?:比|较|相比|相较于?|than(?:\s+(?:that|those))?(?:\s+(?:of|in))?|\bover|compared\s+(?:with|to)|versus|vs\.?"
    r"|(?:points?|%|percent|increase|decrease|rise|fall|up|down|higher|lower|faster|slower|improvement)\s+from)"
    r"\s*(?:the\s+)?(?:同期)?(?:(?:19|20)\d{2}\s*年)?\s*$",
    re.I,
)
_YEAR_AFTER = re.compile(r"\s*(?:of|in|,)?\s*((?:19|20)\d{2})(?!\d)", re.I)
_RIGHT_AFTER = re.compile(r"\s*(?:in|during|for|of)?\s*(?:the\s+)?$", re.I)
_PARENS = re.compile(r"\([^()]*\)")
_SAME_PERIOD_REF = re.compile(r"(?<![去上])同期")
_CATEGORY = re.compile(r"分别|respectively|吃、穿|吃类|穿类|用类|\bfood\b|\bclothing\b", re.I)
_CONTRIBUTION = re.compile(r"贡献|contribut", re.I)
_NOT_NOMINAL_YOY = re.compile(r"两年平均|平均增|实际增长|\baverage\b|\breal\b", re.I)
_SHARE_CUE = re.compile(r"占|比重|accounting for|accounted for|accounts? for|\bshare\b|proportion", re.I)
_TOTAL_RETAIL = re.compile(r"社会消费品零售总额|社零|total (?:retail )?sales of (?:social )?consumer goods"
                           r"|total retail sales|social zero", re.I)
_YOY_CUE = re.compile(r"同比|year[- ]on[- ]year|\bYoY\b|比上年|from (?:a|the same period (?:of )?last) year", re.I)
_OTHER_BASE_YEAR = re.compile(r"(?:比|较|compared with|than)\s*(?:the same period (?:of|in)\s+)?((?:19|20)\d{2})", re.I)
_CLAUSE_END = re.compile(r"[,;。]")
# "percentage points" read as a percentage: a change of a rate, never a level.
_POINTS = re.compile(r"percentage points?|个百分点|百分点|\bpp\b", re.I)
MAX_YEARLESS_DAYS = 120
# A release table flattened to text: period group headers, unit headers, and value or placeholder cells.
_PERIOD_HEAD = re.compile(r"(?:1[-—–~至])?\d{1,2}月份?")
_UNIT_HEAD = re.compile(r"(?:绝对量|\(亿元\)|同比增长|\(%\)|比上年增长)+")
_UNIT_ORDER = re.compile(r"绝对量|增长")
_TABLE_CELL = re.compile(r"-?\d[\d,]*(?:\.\d+)?|[-—–…]")
_ROW_LABEL = re.compile(r"(?:其中:?)?(?:全国)?(?:实物商品)?网上零售额")
_TABLE_CELL_MAX = 40
_SPACES = re.compile(r"\s+")
_CELL_SPLIT = re.compile(r"[\n|]")
_TRANSLATION_GAP = re.compile(r"\s*\(\s*(?:about|approximately|约)?\s*")
_RESPECTIVELY_AFTER = re.compile(r"[^,;。]*respectively", re.I)


_RETAIL_WORD = re.compile(r"零售|retail", re.I)


def sniff(doc: Document) -> bool:
    """An NBS page, a titled release, or a reprint or briefing with national online retail figures and no platform."""
    if doc.format not in ("html", "text"):
        return False
    if doc.meta.source != "nbs" and not _RETAIL_WORD.search(doc.text):
        return False  # no retail figure at all: not worth a closer look
    probe = matching_text(doc.text)
    if doc.meta.source == "nbs" or _HOSTS.match(doc.meta.url or ""):
        return "零售" in probe
    if _TITLE.search(probe[:400]) and "国家统计局" in probe:
        return True
    if doc.meta.source == "article":
        return False
    return states_online_retail(probe) and bool(_ANCHOR.search(probe)) and not names_other_markets(probe)


def states_online_retail(probe: str) -> bool:
    """Whether a (matching-text) document gives a figure right after a national online retail subject."""
    for m in _SUBJECT.finditer(probe):
        if _subject_entity(probe, m) and _FIGURE_AFTER.match(probe, m.end()):
            return True
    return False


def names_other_markets(probe: str) -> bool:
    """Whether a text names a platform, a company or another e-commerce market (an industry article)."""
    return any(t.alias.key not in _NBS_FRIENDLY for t in _lexicon().find("entities", probe))


def _lexicon() -> Lexicon:
    """The shared article lexicon."""
    return load_lexicon()


def release_month(title: str | None, published: date | None) -> tuple[int, int] | None:
    """(year, month) of the data a release covers, from its title, else the month before publication."""
    if title:
        m = _TITLE.search(matching_text(title))
        if m:
            return int(m.group(1)), int(m.group(2))
    if published is not None:
        return (published.year, published.month - 1) if published.month > 1 else (published.year - 1, 12)
    return None


def cumulative_period(year: int, header: str) -> Period | None:
    """The year-to-date period a cumulative column header names (1-10月 -> 2024-01..2024-10, 全年 -> year)."""
    m = _CUMULATIVE_HEAD.search(matching_text(header))
    if not m:
        return None
    last = 12 if m.group(0) == "全年" else int(m.group(1))
    if not 2 <= last <= 12:
        return None
    try:
        return P.months(year, 1, last)
    except P.PeriodError:
        return None


def _visible(elements: Iterable[Element], marked: set[Element]) -> list[Element]:
    """The elements that are not boilerplate and not inside boilerplate (`marked`)."""
    return [el for el in elements if not in_boilerplate(el, marked)]


def _grid(table: Element, marked: set[Element]) -> list[list[str]]:
    """Cell texts of a table with row and column spans expanded (boilerplate elements `marked` left out)."""
    grid: list[list[str | None]] = []
    for r, tr in enumerate(_visible(descendants(table, ("tr",)), marked)):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for cell in _visible(descendants(tr, ("td", "th")), marked):
            row = grid[r]
            while c < len(row) and row[c] is not None:
                c += 1
            text = re.sub(r"\s+", "", node_text(cell, " ", strip=True, skip=marked))
            rowspan, colspan = cell_span(cell.get("rowspan")), cell_span(cell.get("colspan"))
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                while len(target) < c + colspan:
                    target.append(None)
                for dc in range(colspan):
                    target[c + dc] = text
            c += colspan
    return [[cell or "" for cell in row] for row in grid]


def table_facts(table: Element, years: tuple[int | None, date | None, int | None], table_no: int,
                marked: set[Element] | None = None) -> tuple[list[Fact], list[Held]]:
    """Cumulative online-retail rows of a release table (`years`: see _column_period); `marked`: boilerplate."""
    grid = _grid(table, marked or set())
    facts: list[Fact] = []
    held: list[Held] = []
    header_rows = [row for row in grid if row and not any(_is_number(c) for c in row[1:])]
    width = max((len(row) for row in grid), default=0)
    headers = ["".join(row[i] for row in header_rows if i < len(row)) for i in range(width)]
    for row in grid:
        if not row or row in header_rows:
            continue
        entity = row_entity(row[0])
        if entity is None:
            continue
        for i, cell in enumerate(row[1:], start=1):
            if not _is_number(cell):
                continue
            header = matching_text(headers[i] if i < len(headers) else "")
            locator = f"table{table_no}/row={row[0]}/col={headers[i] if i < len(headers) else i}"
            period = _column_period(header, *years)
            if period is None:
                held.append(Held("not a year-to-date column (NBS gives online retail only cumulatively)", cell,
                                 locator))
                continue
            fact = _cell_fact(entity, header, cell, period, locator, f"{row[0]} {headers[i]} {cell}")
            if fact is None:
                held.append(Held("column unit is neither 亿元 nor %", cell, locator))
            else:
                facts.append(fact)
    return facts, held


def row_entity(label: str) -> str | None:
    """The online retail entity a table row label names (非实物商品网上零售额 names none)."""
    probe = _SPACES.sub("", matching_text(label))
    if "非实物" in probe:
        return None
    return next((e for word, e in _ROW_ENTITY if word in probe), None)


def text_table_facts(text: str, years: tuple[int | None, date | None, int | None]
                     ) -> tuple[list[Fact], list[Held]]:
    """Cumulative online-retail rows of a release table flattened to text (a cell per line, or cells split by |)."""
    raw = [c for c in (_SPACES.sub("", c) for c in _CELL_SPLIT.split(text)) if c]
    cells = [matching_text(c) for c in raw]
    facts: list[Fact] = []
    held: list[Held] = []
    for start in (i for i, c in enumerate(cells) if c == "指标"):
        header = _text_header(cells, start)
        if header is None:
            continue
        groups, first_row = header
        caption = _TITLE.search("".join(cells[max(0, start - 3) : start]))
        table_years = (int(caption.group(1)), *years[1:]) if caption else years
        for j in range(first_row, len(cells)):
            if len(cells[j]) > _TABLE_CELL_MAX:
                break
            entity = row_entity(cells[j]) if _ROW_LABEL.fullmatch(cells[j]) else None
            if entity is None:
                continue
            width = len(list(itertools.takewhile(_TABLE_CELL.fullmatch, cells[j + 1 : j + 1 + 2 * len(groups)])))
            row_facts, row_held = _text_row(entity, raw[j], raw[j + 1 : j + 1 + width], groups, table_years)
            facts += row_facts
            held += row_held
    return facts, held


def _text_header(cells: list[str], start: int) -> tuple[list[str], int] | None:
    """The period groups after a 指标 cell, each with an amount and a growth column, and where rows begin."""
    groups, units, i = [], "", start + 1
    while i < len(cells) and (_PERIOD_HEAD.fullmatch(cells[i]) or _UNIT_HEAD.fullmatch(cells[i])):
        if _PERIOD_HEAD.fullmatch(cells[i]):
            groups.append(cells[i])
        else:
            units += cells[i]
        i += 1
    if not groups or _UNIT_ORDER.findall(units) != ["绝对量", "增长"] * len(groups):
        return None
    return groups, i


def _text_row(entity: str, label: str, values: list[str], groups: list[str],
              years: tuple[int | None, date | None, int | None]) -> tuple[list[Fact], list[Held]]:
    """Facts of one flattened table row: an amount and a growth cell per period group, cumulative groups only."""
    locator = f"texttable/row={label}"
    if len(values) != 2 * len(groups):
        return [], [Held("table row does not have a cell for every column", label, locator)]
    facts: list[Fact] = []
    held: list[Held] = []
    for g, head in enumerate(groups):
        period = _column_period(head, *years)
        for cell, unit in ((values[2 * g], "绝对量(亿元)"), (values[2 * g + 1], "同比增长(%)")):
            if not _is_number(cell):
                continue
            if period is None:
                held.append(Held("not a year-to-date column (NBS gives online retail only cumulatively)", cell,
                                 f"{locator}/col={head}"))
                continue
            fact = _cell_fact(entity, head + unit, cell, period, f"{locator}/col={head}{unit}",
                              f"{label} {head}{unit} {cell}")
            if fact is not None:
                facts.append(fact)
    return facts, held


def _column_period(head: str, caption_year: int | None, published: date | None, title_year: int | None
                   ) -> Period | None:
    """A column's year-to-date period: caption year, else latest ended soon before publication, else title year."""
    if caption_year is not None:
        return cumulative_period(caption_year, head)
    if published is None:
        return cumulative_period(title_year, head) if title_year is not None else None
    for year in (published.year, published.year - 1):
        period = cumulative_period(year, head)
        if period is not None and period.end <= published:
            return period if (published - period.end).days <= MAX_YEARLESS_DAYS else None
    return None


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except NumberFormatError:
        return False
    return True


def _cell_fact(entity: str, header: str, cell: str, period: Period, locator: str, context: str) -> Fact | None:
    snippet = make_snippet(context, context.rfind(cell), context.rfind(cell) + len(cell))
    if "亿元" in header or "绝对量" in header:
        value, measure, unit = scaled(cell, 1e8), "value", "CNY"
    elif "%" in header or "增长" in header:
        value, measure, unit = parse_number(cell), "yoy_pct", "pct"
    elif "比重" in header:
        value, measure, unit = parse_number(cell), "share_pct", "pct"
    else:
        return None
    return Fact(entity, "sales", "total", "na", measure, period, float(value), unit, cell, locator, snippet)


def parse(doc: Document) -> ParseResult:
    """Cumulative online retail facts of an NBS release or its reprint, from its text and its table."""
    if doc.format == "html" and doc.markup is not None:
        tree = tree_of(doc)
        title, when, body = html_article(doc.markup, tree)
        marked = boilerplate_of(tree)
        tables = _visible(descendants(tree, ("table",)), marked)
        prose = _text_without_tables(tree, marked) if tables else body
    elif doc.format == "text":
        lines = [line for line in doc.text.splitlines() if line.strip()]
        title, when, body, tables = (lines[0] if lines else None), None, "\n".join(lines[1:]), []
        for line in lines[1:4]:
            when = when or (parse_date_text(line) if len(line) < 40 else None)
        prose, marked = "\n".join(lines), set()
    else:
        raise UnsupportedDocument(f"NBS parser reads HTML or text, not {doc.format}")
    if not (body.strip() or prose.strip()):
        raise EmptyDocument("NBS release has no text")
    title = title or doc.meta.title
    published = when or doc.meta.published_at
    covered = release_month(title, published)
    title_year = _title_year(title)
    found, prose_held = read_statements(prose, published, title_year)
    facts, held = cumulative_only(found)
    held = [*prose_held, *held]
    if covered is None and not facts and not held:
        raise UnsupportedDocument("NBS release names no month and has no publication date")
    titled = _TITLE.search(matching_text(title or ""))
    years = (int(titled.group(1)) if titled else None, published, title_year)
    if doc.format == "text":
        t_facts, t_held = text_table_facts(doc.text, years)
        facts += t_facts
        held += t_held
    for n, table in enumerate(tables, start=1):
        t_facts, t_held = table_facts(table, years, n, marked)
        facts += t_facts
        held += t_held
    facts, disagreeing = agreeing(facts)
    return ParseResult(kind="nbs_retail", facts=facts, held=[*held, *disagreeing], events=[], title=title,
                       published_at=published)


def _title_year(title: str | None) -> int | None:
    """The one year a title names, if it names exactly one."""
    years = set(YEAR.findall(matching_text(title or "")))
    return int(years.pop()) if len(years) == 1 else None


def agreeing(facts: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Hold every fact of a key stated with values that differ beyond their printed rounding (text vs table)."""
    by_key: dict[tuple, list[Fact]] = {}
    for f in facts:
        by_key.setdefault((f.entity, f.metric, f.measure, f.period.label, f.qualifier), []).append(f)
    kept, held = [], []
    for group in by_key.values():
        low = max(f.value - printed_tolerance(f.reported_text, f.value) for f in group)
        high = min(f.value + printed_tolerance(f.reported_text, f.value) for f in group)
        if low <= high + 1e-9 * max(1.0, abs(high)):
            kept += group
        else:
            held += [Held("the document gives this key two different values", f.reported_text, f.locator)
                     for f in group]
    return kept, held


# ---------------------------------------------------------------- statements in prose


@dataclass(frozen=True, slots=True)
class _Subject:
    """A series named in a sentence: an online retail entity, "unsure", or None for another series."""

    start: int
    end: int
    entity: str | None


@dataclass(frozen=True, slots=True)
class _When:
    """A period phrase of a sentence: whether it is a comparison base and the brackets it stands in."""

    mention: PeriodMention
    base: bool
    parens: tuple[int, int] | None


def read_statements(text: str, published: date | None, title_year: int | None) -> tuple[list[Fact], list[Held]]:
    """Online retail figures of a text: each figure belongs to the subject it follows within its clause."""
    facts: list[Fact] = []
    held: list[Held] = []
    paras = paragraphs(text)
    owners: list[int] = []
    for pi, para in enumerate(paras, start=1):
        probe_para = matching_text(para)
        carried: _When | None = None
        for si, (off, sent) in enumerate(sentences(para), start=1):
            probe = probe_para[off : off + len(sent)]
            whens = _whens(probe, published)
            _read_sentence(_Context(para, pi, si, off, probe, whens, carried, published, title_year), facts, held)
            plain = [w for w in whens if not w.base and w.parens is None]
            carried = plain[-1] if plain else carried
        owners += [pi] * (len(facts) - len(owners))
    facts, unnamed = _unnamed_goods(facts, owners, paras)
    held += unnamed
    kept, bounds = exact_over_bounds(facts)
    kept, conflicts = drop_conflicts(kept)
    return kept, [*held, *bounds, *conflicts]


# Online sales said to be a share of total retail: only the physical-goods series has one.
_SHARE_OF_TOTAL = re.compile(
    r"(?:网[上络]|线上|\bonline\b)[^。;!?]{0,40}?(?:占|accounted for|accounting for|accounts? for|made up)"
    r"[^。;!?]{0,30}?(?:社会消费品零售总额|社零|total (?:retail )?sales of (?:social )?consumer goods"
    r"|total retail sales)",
    re.I,
)
_GOODS_NAMED = re.compile(r"实物|physical", re.I)


def _unnamed_goods(facts: list[Fact], owners: list[int], paras: list[str]) -> tuple[list[Fact], list[Held]]:
    """Hold all-online figures beside a share of total retail given for online sales with physical goods unnamed."""
    probes = [matching_text(p) for p in paras]
    shares = {i + 1 for i, p in enumerate(probes)
              if ("占" in p or "ccount" in p or "made up" in p) and _SHARE_OF_TOTAL.search(p)}
    if not shares:
        return facts, []
    kept: list[Fact] = []
    held: list[Held] = []
    for f, pi in zip(facts, owners, strict=True):
        group = {pi - 1, pi, pi + 1} & shares
        named = any(_GOODS_NAMED.search(probes[i - 1]) for g in group for i in (g - 1, g, g + 1)
                    if 0 < i <= len(probes))
        if f.entity == "china_online_retail" and group and not named:
            held.append(Held("online sales given a share of total retail (a physical-goods ratio) without naming "
                             "physical goods: the figures beside it may be the physical-goods series",
                             f.reported_text, f.locator))
        else:
            kept.append(f)
    return kept, held


def exact_over_bounds(facts: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Hold a bound or an approximation (超5万亿元) of a key that one exact figure states and agrees with."""
    exact: dict[tuple, set[float]] = {}
    for f in facts:
        if f.qualifier == "eq":
            exact.setdefault(_key(f), set()).add(f.value)
    kept, held = [], []
    for f in facts:
        values = exact.get(_key(f), set())
        if f.qualifier != "eq" and len(values) == 1 and _within(f, next(iter(values))):
            held.append(Held("a rounded or bounded figure beside the exact one", f.reported_text, f.locator))
        else:
            kept.append(f)
    return kept, held


def _key(f: Fact) -> tuple:
    """The natural key of a fact."""
    return (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)


def _within(bound: Fact, exact: float) -> bool:
    """Whether an exact value satisfies a bound (gt, gte, lt, lte) or lies within 10% of an approximation."""
    checks = {"gt": exact > bound.value, "gte": exact >= bound.value, "lt": exact < bound.value,
              "lte": exact <= bound.value, "approx": abs(exact - bound.value) <= 0.1 * abs(exact)}
    return checks.get(bound.qualifier, False)


@dataclass(frozen=True, slots=True)
class _Context:
    """One sentence being read, with what it inherits from its paragraph and document."""

    para: str
    pi: int
    si: int
    offset: int
    probe: str
    whens: list[_When]
    carried: _When | None
    published: date | None
    title_year: int | None


def _whens(probe: str, published: date | None) -> list[_When]:
    """Period phrases of a sentence, a trailing "of 2019" joined to a yearless one, bases and brackets marked."""
    mentions = find_periods(probe, published)
    joined: list[PeriodMention] = []
    skip: set[int] = set()
    for i, m in enumerate(mentions):
        if i in skip:
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        tail = _YEAR_AFTER.match(probe, m.end)
        if m.year is None and m.kind != "year" and nxt is not None and nxt.kind == "year" and tail \
                and tail.start(1) == nxt.start:
            joined.append(PeriodMention(m.start, nxt.end, m.kind, nxt.year, m.a, m.b))
            skip.add(i + 1)
        else:
            joined.append(m)
    parens = [(p.start(), p.end()) for p in _PARENS.finditer(probe)]
    out = []
    for m in joined:
        inside = next((p for p in parens if p[0] < m.start and m.end <= p[1]), None)
        out.append(_When(m, bool(_BASE_BEFORE.search(probe[: m.start])), inside))
    return out


def _subject_entity(probe: str, m: re.Match[str]) -> str | None:
    """The entity a subject match names, or None when its context makes it another series."""
    before = probe[max(0, m.start() - 40) : m.start()]
    if m.group(0).isascii():
        other = _EN_LEFT_OTHER.search(before) or (m.lastgroup == "total" and _EN_RIGHT_OTHER.match(probe, m.end()))
        return None if other else _SUBJECT_ENTITY[m.lastgroup or "total"]
    if not _ZH_LEFT.search(before) or _ZH_FRAME_RIGHT.match(probe, m.end()):
        return None
    return _SUBJECT_ENTITY[m.lastgroup or "total"]


def _subjects(probe: str) -> list[_Subject]:
    """Online retail subjects and the other series that end their clauses, in order."""
    found = [_Subject(m.start(), m.end(), _subject_entity(probe, m)) for m in _SUBJECT.finditer(probe)]
    for m in _OTHER_SUBJECT.finditer(probe):
        if any(m.start() < s.end and s.start < m.end() for s in found):
            continue
        before = probe[: m.start()]
        if _ZH_DENOMINATOR.search(before) or _EN_DENOMINATOR.search(before):
            continue
        found.append(_Subject(m.start(), m.end(), None))
    return sorted(found, key=lambda s: s.start)


def _read_sentence(ctx: _Context, facts: list[Fact], held: list[Held]) -> None:
    """Place each figure of a sentence under the subject whose clause holds it; hold what cannot be placed."""
    subjects = _subjects(ctx.probe)
    values = find_values(ctx.probe)
    for v in values:
        owner = next((s for s in reversed(subjects) if s.end <= v.start), None)
        reported, locator = ctx.para[ctx.offset + v.start : ctx.offset + v.end], f"p{ctx.pi}.s{ctx.si}.c{v.start}"
        if owner is None or owner.entity is None:
            if not _is_translation(ctx.probe, values, v):
                held.append(Held("no entity", reported, locator))
            continue
        clause_values = [w for w in values if owner.end <= w.start and w.end <= v.start]
        start = clause_values[-1].end if clause_values else owner.end
        outcome = _figure(ctx, owner, v, values, start)
        if isinstance(outcome, Fact):
            facts.append(outcome)
        elif outcome:
            held.append(Held(outcome, reported, locator))


def _is_translation(probe: str, values: list[Value], v: Value) -> bool:
    """A USD or HKD amount in brackets right after a yuan amount."""
    if v.kind != "money" or v.unit == "CNY":
        return False
    before = [w for w in values if w.end <= v.start and w.kind == "money" and w.unit == "CNY"]
    return bool(before) and _TRANSLATION_GAP.fullmatch(probe[before[-1].end : v.start]) is not None


def _figure(ctx: _Context, owner: _Subject, v: Value, values: list[Value], start: int) -> Fact | str | None:
    """The fact a figure of an online retail clause states, or why it is held (None: skip silently)."""
    window = ctx.probe[start : v.start]
    after = _clause_after(ctx.probe, v.end)
    if v.kind in ("points", "ambiguous_multiple", "unreadable"):
        return v.note or "not a level"
    if _POINTS.search(ctx.probe, v.start, v.end):
        return "a change in percentage points is not a level"
    if _is_translation(ctx.probe, values, v):
        return None
    if owner.entity == "unsure":
        return "online retail 'of goods' says neither physical goods nor goods and services"
    if _lexicon().words("estimate", _lexicon().estimate_words).search(ctx.probe[: v.start]):
        return "a forecast or target, not a reported figure"
    measure = _measure(v, window, after, owner.entity or "")
    if measure.startswith("!"):
        return measure[1:]
    period = _period(ctx, v, owner)
    if isinstance(period, str):
        return period
    if measure == "yoy_pct":
        base = _OTHER_BASE_YEAR.search(window + " " + after)
        if base and int(base.group(1)) != period.start.year - 1:
            return "growth against a year other than the year before"
    value = v.value
    if measure == "yoy_pct" and v.kind == "pct" and not v.signed and _is_down(window, after):
        value = -abs(value)
    qual_start, qualifier = _qualifier(window)
    begin = ctx.offset + (start + qual_start if qual_start is not None else v.start)
    end = ctx.offset + v.end
    reported = ctx.para[begin:end]
    unit = v.unit if measure == "value" else "pct"
    locator = f"p{ctx.pi}.s{ctx.si}.c{v.start}"
    return Fact(owner.entity or "", "sales", "total", "na", measure, period, float(value), unit, reported, locator,
                make_snippet(ctx.para, begin, end), qualifier=qualifier or "eq")


def _measure(v: Value, window: str, after: str, entity: str) -> str:
    """The measure of a clause figure, or "!reason" when it is not one NBS states for this entity."""
    if v.kind == "money":
        if v.unit != "CNY":
            return "!an amount not in yuan"
        if CHANGE_BEFORE.search(window):
            return "!a change in level, not a level"
        return "value"
    if v.kind == "growth_multiple":
        return "yoy_pct"
    if v.kind != "pct":
        return "!a count, not sales"
    if _CATEGORY.search(window) or _RESPECTIVELY_AFTER.match(after):
        return "!category growth within online retail"
    if _CONTRIBUTION.search(window):
        return "!a contribution to growth, not growth"
    if _NOT_NOMINAL_YOY.search(window):
        return "!an average or real growth rate, not nominal year-on-year growth"
    if _SHARE_CUE.search(window):
        if entity != "china_online_retail_goods":
            return "!a share of all online retail: NBS states a share of total retail only for physical goods"
        if not _TOTAL_RETAIL.search(window + " " + after):
            return "!a share of something other than total retail sales"
        return "share_pct"
    lex = _lexicon()
    cue = window + " " + after
    if lex.words("qoq", lex.qoq_words).search(cue):
        return "!not year-on-year"
    if lex.words("growth", lex.growth_up + lex.growth_down).search(cue) or _YOY_CUE.search(cue):
        return "yoy_pct"
    return "!percentage without a growth or share cue"


def _clause_after(probe: str, pos: int) -> str:
    """The rest of a figure's clause (up to the next comma or stop, at most 30 characters)."""
    m = _CLAUSE_END.search(probe, pos)
    return probe[pos : m.start() if m else pos + 30][:30]


def _is_down(window: str, after: str) -> bool:
    """True when the last growth word before the figure (else the first after it) says down."""
    lex = _lexicon()
    up, down = lex.words("up", lex.growth_up), lex.words("down", lex.growth_down)
    ups, downs = list(up.finditer(window)), list(down.finditer(window))
    if not ups and not downs:
        first_up, first_down = up.search(after), down.search(after)
        return bool(first_down) and (not first_up or first_down.start() < first_up.start())
    return bool(downs) and (not ups or downs[-1].start() >= ups[-1].start())


def _qualifier(window: str) -> tuple[int | None, str | None]:
    """Where a qualifier word right before a figure starts in `window`, and the qualifier it gives."""
    best: tuple[int, str] | None = None
    for qual, words in _lexicon().qualifiers.items():
        for w in words:
            m = re.search(re.escape(w) + r"\s*(?:为|达到?|至|是|到)?\s*$", window, re.I if w.isascii() else 0)
            if m is None or (w.isascii() and m.start() > 0 and window[m.start() - 1].isalpha()):
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), qual)
    return best if best else (None, None)


def _period(ctx: _Context, v: Value, owner: _Subject) -> Period | str:
    """A clause figure's period (bracketed, right after, before, sole later, carried), else why it is held."""
    whens = [w for w in ctx.whens if not w.base]
    paren = next((p.span() for p in _PARENS.finditer(ctx.probe) if p.start() < v.start and v.end <= p.end()), None)
    own = [w for w in whens if paren is not None and w.parens == paren]
    plain = [w for w in whens if w.parens is None]
    right_after = [w for w in plain if w.mention.start >= v.end
                   and _RIGHT_AFTER.fullmatch(ctx.probe[v.end : w.mention.start])]
    before = [w for w in plain if w.mention.end <= v.start]
    later = plain if len(plain) == 1 and plain[0].mention.start >= v.end else []
    chosen = own[0] if own else right_after[0] if right_after else before[-1] if before else \
        later[0] if later else ctx.carried
    if chosen is None:
        return "no period"
    if _SAME_PERIOD_REF.search(ctx.probe[: owner.start]) and chosen is ctx.carried:
        return "period named only as 同期"
    return _resolve(ctx, chosen)


def _resolve(ctx: _Context, when: _When) -> Period | str:
    """A period phrase with its year: its own, else from publication (checked), else the sentence's or title's."""
    mention = when.mention
    sentence_year = _only_year(ctx.whens)
    try:
        if mention.year is not None:
            return _year_to_date(build_period(mention, mention.year))
        if ctx.published is None:
            year = sentence_year or ctx.title_year
            return _year_to_date(build_period(mention, year)) if year is not None else "no year"
        year = year_from_published(mention, ctx.published)
        period = build_period(mention, year)
    except (P.PeriodError, ValueError):
        return "a period phrase that names no calendar period"
    if sentence_year is not None and sentence_year != year:
        return "the year of a period phrase is unclear"
    if sentence_year is None and ctx.title_year != year and (ctx.published - period.end).days > MAX_YEARLESS_DAYS:
        return "a period without a year, long before publication"
    return _year_to_date(period)


def _only_year(whens: list[_When]) -> int | None:
    """The year named by the non-base period phrases, when exactly one is named."""
    years = {w.mention.year for w in whens if not w.base and w.mention.year is not None}
    return years.pop() if len(years) == 1 else None


def _year_to_date(period: Period) -> Period | str:
    """A period that runs from January (NBS online figures are year-to-date), else the reason it is held."""
    if period.start.month != 1 or period.start.day != 1:
        return "not a year-to-date period (NBS gives online retail only cumulatively)"
    return period


def cumulative_only(facts: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Keep year-to-date facts; a single-month online figure is held (NBS publishes none, so it is misread)."""
    kept, held = [], []
    for f in facts:
        if f.period.type == "month":
            held.append(Held("single-month online figure: NBS publishes online retail only year-to-date",
                             f.reported_text, f.locator))
        else:
            kept.append(f)
    return kept, held


def _text_without_tables(tree: Element, marked: set[Element]) -> str:
    """Visible text of a release page without its tables, headline and boilerplate (`marked`)."""
    return block_text(body_of(tree), skip=marked | set(descendants(tree, ("table", "h1"))))


PARSER = Parser(kind="nbs_retail", version="7", sniff=sniff, parse=parse)

