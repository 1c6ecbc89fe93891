"""NBS monthly retail-sales release (stats.gov.cn): cumulative online retail sales, growth and share."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

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
from transforms.normalise.numbers import NumberFormatError, parse_number, scaled
from transforms.normalise.text import cell_span
from transforms.parse import Parser
from transforms.parse.article import html_article, parse_date_text, tree_of
from transforms.parse.claims import ClaimContext, extract, matching_text
from transforms.parse.document import Document

ENTITIES = frozenset({"china_online_retail", "china_online_retail_goods"})
_ROW_ENTITY = (("实物商品网上零售额", "china_online_retail_goods"), ("网上零售额", "china_online_retail"))
_HOSTS = re.compile(r"^https?://(?:www\.)?stats\.gov\.cn/", re.I)
_TITLE = re.compile(r"(\d{4})\s*年\s*(?:1\s*[-—–~至]\s*)?(\d{1,2})\s*月份?\s*社会消费品零售总额")
_CUMULATIVE_HEAD = re.compile(r"1\s*[-—–~至]\s*(\d{1,2})\s*月|全年")


def sniff(doc: Document) -> bool:
    """An NBS page (by source or host), or a page whose title names a monthly retail-sales release."""
    if doc.format not in ("html", "text"):
        return False
    if doc.meta.source == "nbs" or _HOSTS.match(doc.meta.url or ""):
        return "零售" in matching_text(doc.text)
    head = matching_text(doc.text[:400])
    return bool(_TITLE.search(head)) and "国家统计局" in matching_text(doc.text)


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


def table_facts(table: Element, year: int, table_no: int, marked: set[Element] | None = None
                ) -> tuple[list[Fact], list[Held]]:
    """Cumulative online-retail rows of a release table: value (亿元) and YoY growth (%); `marked`: boilerplate."""
    grid = _grid(table, marked or set())
    facts: list[Fact] = []
    held: list[Held] = []
    header_rows = [row for row in grid if row and not any(_is_number(c) for c in row[1:])]
    width = max((len(row) for row in grid), default=0)
    headers = ["".join(row[i] for row in header_rows if i < len(row)) for i in range(width)]
    for row in grid:
        if not row or row in header_rows:
            continue
        label = matching_text(row[0])
        entity = next((e for word, e in _ROW_ENTITY if word in label), None)
        if entity is None:
            continue
        for i, cell in enumerate(row[1:], start=1):
            if not _is_number(cell):
                continue
            header = matching_text(headers[i] if i < len(headers) else "")
            locator = f"table{table_no}/row={row[0]}/col={headers[i] if i < len(headers) else i}"
            period = cumulative_period(year, header)
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
    """Cumulative online retail facts of an NBS release, from its text and its table."""
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
        prose, marked = body, set()
    else:
        raise UnsupportedDocument(f"NBS parser reads HTML or text, not {doc.format}")
    if not body.strip():
        raise EmptyDocument("NBS release has no text")
    title = title or doc.meta.title
    published = when or doc.meta.published_at
    covered = release_month(title, published)
    if covered is None:
        raise UnsupportedDocument("NBS release names no month and has no publication date")
    year, _month = covered
    found = extract(prose, ClaimContext(published=published, title_year=year, title_period=None,
                                            entity_filter=ENTITIES))
    facts, held = cumulative_only(found.facts)
    held = [*found.held, *held]
    for n, table in enumerate(tables, start=1):
        t_facts, t_held = table_facts(table, year, n, marked)
        facts += t_facts
        held += t_held
    return ParseResult(kind="nbs_retail", facts=facts, held=held, events=[], title=title, published_at=published)


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


PARSER = Parser(kind="nbs_retail", version="2", sniff=sniff, parse=parse)

