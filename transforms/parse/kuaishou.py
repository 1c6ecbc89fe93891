"""Kuaishou results releases (ir.kuaishou.com, PR Newswire / 美通社, reprints): quarterly and annual e-commerce GMV."""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.model import Fact, Held, ParseResult, Period, UnsupportedDocument, make_snippet
from transforms.normalise import periods as P
from transforms.normalise.numbers import NumberFormatError, scaled
from transforms.parse import Parser
from transforms.parse.article import article_parts, page_title, tree_of
from transforms.parse.claims import (
    build_period,
    find_periods,
    matching_text,
    paragraphs,
    sentences,
)
from transforms.parse.document import Document

ENTITY = "kuaishou"
METRIC = "gmv"
_NUM = r"\d[\d,]*(?:\s?\.\s?\d+)?"

_TITLE_ZH = re.compile(r"快手(?:科技)?\s*(?:发布|公布|宣布)?.{0,12}?(\d{4})\s*年\s*(?:第?([一二三四1-4])\s*季度|全年|年度)"
                       r".{0,12}?(?:业绩|财务业绩)")
_TITLE_EN = re.compile(r"Kuaishou(?: Technology)?\s+(?:Announces|Reports)\s+(?:Unaudited\s+)?(.{0,60}?)\s+"
                       r"(?:Financial\s+)?Results", re.I)
_EN_QUARTER = re.compile(r"\b(First|Second|Third|Fourth)\s+Quarter(?:(?:\s+of)?\s+(\d{4}))?|\b(\d{4})\s+(First|Second|Third|"
                         r"Fourth)\s+Quarter|\bQ([1-4])\s*(\d{4})", re.I)
_EN_ANNUAL = re.compile(r"\b(?:Full[- ]Year|Annual)\b", re.I)
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ZH_Q = {"一": 1, "二": 2, "三": 3, "四": 4}

_GMV_ZH = re.compile(r"(?:电商)?商品交易总额|电商GMV|GMV")
_GMV_EN = re.compile(r"\b(?:total\s+)?e-?commerce\s+GMV\b|\bGMV\s+of\s+(?:our\s+)?e-?commerce\b|\bgross merchandise "
                     r"value\b", re.I)
_MONEY_ZH = re.compile(rf"(?:人民币|RMB\s?)(?P<num>{_NUM})\s*(?P<scale>万亿|亿)元")
_MONEY_EN = re.compile(rf"RMB\s?(?P<num>{_NUM})\s*(?P<scale>trillion|billion|million)\b", re.I)
_PCT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|per ?cent)")
_PRIOR_ZH = re.compile(r"(?:(?:较|比|相比|对比)\s*(?:(?P<year>\d{4})\s*年|去年|上年)(?:同期)?的?|(?:去年|上年)同期(?:则)?(?:为|是))"
                       r"\s*$")
_PRIOR_EN = re.compile(r"(?:from|compared with|compared to|versus|vs\.?)\s*$", re.I)
_PRIOR_EN_TAIL = re.compile(r"^\s*(?:in|for)\s+(?:the\s+)?(?:same\s+(?:period|quarter)\s+(?:of|in)\s+(?P<year>\d{4})|"
                            r"same\s+(?:period|quarter)\s+(?:of\s+)?last\s+year|(?P<year2>\d{4})|"
                            r"(?P<ord>first|second|third|fourth)\s+quarter\s+of\s+(?P<year3>\d{4})|"
                            r"(?:the\s+)?(?:prior|previous)\s+year(?:'s\s+(?:same\s+)?(?:period|quarter))?)", re.I)
_UP = re.compile(r"增长|上升|增加|提升|increased|increase|grew|growth|up\b|rose", re.I)
_DOWN = re.compile(r"下降|减少|下滑|decreased|decrease|declined|decline|down\b|fell", re.I)
_YOY = re.compile(r"同比|year[- ]over[- ]year|year[- ]on[- ]year|较去年同期|较上年同期|from .{0,30}same period|"
                  r"compared with .{0,30}same period", re.I)
_QOQ = re.compile(r"环比|quarter[- ]over[- ]quarter|quarter[- ]on[- ]quarter|sequential", re.I)


def release_periods(title: str | None) -> list[Period]:
    """The periods a results-release title names: the quarter, and the year too for an annual release."""
    if not title:
        return []
    try:
        return _title_periods(matching_text(title))
    except P.PeriodError:  # a year no results can be about (a damaged title): no release periods
        return []


def _title_periods(probe: str) -> list[Period]:
    """The periods a (matching-text) Chinese or English results-release title names."""
    m = _TITLE_ZH.search(probe)
    if m:
        year = int(m.group(1))
        out: list[Period] = []
        q = re.search(rf"{year}\s*年\s*第?([一二三四1-4])\s*季度", probe)
        if q:
            token = q.group(1)
            out.append(P.quarter(year, int(token) if token.isdigit() else _ZH_Q[token]))
        if re.search(r"全年|年度业绩|年度财务|及年度", probe) or not out:
            out.append(P.year(year))
        return out
    m = _TITLE_EN.search(probe)
    if m:
        head = m.group(1)
        q = _EN_QUARTER.search(head)
        out = []
        year_m = re.search(r"(\d{4})", head)
        if q:
            if q.group(1) and (q.group(2) or year_m):
                out.append(P.quarter(int(q.group(2) or year_m.group(1)), _ORD[q.group(1).lower()]))
            elif q.group(3):
                out.append(P.quarter(int(q.group(3)), _ORD[q.group(4).lower()]))
            else:
                out.append(P.quarter(int(q.group(6)), int(q.group(5))))
        if year_m and (_EN_ANNUAL.search(head) or not out):
            out.append(P.year(int(year_m.group(1))))
        return out
    return []


def _title_of(doc: Document) -> str | None:
    """The headline of a document, from its metadata, its markup or its first line."""
    if doc.meta.title:
        return doc.meta.title
    if doc.format == "html" and doc.markup:
        return page_title(tree_of(doc))
    first = next((line.strip() for line in doc.text.splitlines() if line.strip()), "")
    return first[:200] or None


def sniff(doc: Document) -> bool:
    """A Kuaishou results release: its title names Kuaishou and a quarter or year of results, and it states GMV."""
    if doc.format not in ("html", "text"):
        return False
    titles = [_title_of(doc)]
    if doc.format == "html" and doc.markup:
        titles.append(page_title(tree_of(doc)))
    if not any(release_periods(t) for t in titles if t):
        return False
    probe = matching_text(doc.text)
    return bool(_GMV_ZH.search(probe) or _GMV_EN.search(probe))


@dataclass(frozen=True, slots=True)
class _Amount:
    start: int
    end: int
    value: float


def _amounts(probe: str) -> list[_Amount]:
    """RMB amounts of a sentence (亿元/万亿元 or billion/million), in order."""
    out = []
    for pattern in (_MONEY_ZH, _MONEY_EN):
        for m in pattern.finditer(probe):
            scale = {"万亿": 1e12, "亿": 1e8, "trillion": 1e12, "billion": 1e9, "million": 1e6}[m.group("scale").lower()]
            try:
                value = scaled(re.sub(r"\s", "", m.group("num")), scale)
            except NumberFormatError:
                continue
            out.append(_Amount(m.start(), m.end(), value))
    return sorted(out, key=lambda a: a.start)


@dataclass(frozen=True, slots=True)
class _Comparative:
    """How a sentence introduces an amount as a comparative: the year and quarter it names, and its span."""

    year: int | None
    quarter: int | None
    span: tuple[int, int]


def _comparative(probe: str, amount: _Amount) -> _Comparative | None:
    """The comparative wording around an amount ("较去年同期的", "from ... in the same period of 2023"), if any."""
    lead = max(0, amount.start - 24)
    m = _PRIOR_ZH.search(probe[lead : amount.start])
    if m:
        return _Comparative(int(m.group("year")) if m.group("year") else None, None, (lead + m.start(), amount.end))
    if _PRIOR_EN.search(probe[lead : amount.start]):
        tail = _PRIOR_EN_TAIL.match(probe[amount.end :])
        if tail:
            year = tail.group("year") or tail.group("year2") or tail.group("year3")
            quarter = _ORD[tail.group("ord").lower()] if tail.group("ord") else None
            return _Comparative(int(year) if year else None, quarter, (amount.start, amount.end + tail.end()))
    return None


_COMPARISON = re.compile(r"(?:较|比|相比|对比)\s*(?:\d{4}\s*年|去年|上年)(?:同期)?(?:第?[一二三四1-4]\s*季度|全年)?")


def _sentence_period(probe: str, defaults: list[Period]) -> Period | None:
    """The period of a GMV sentence: the one it names outside comparisons, else the release's only one."""
    masked = _COMPARISON.sub(lambda m: "\x00" * len(m.group(0)), probe)
    mentions = [p for p in find_periods(masked, None) if p.kind in ("quarter", "year", "year_open")]
    default_year = defaults[0].end.year if defaults else None
    labels: dict[str, Period] = {}
    skip: set[int] = set()
    for i, p in enumerate(mentions):
        if i in skip:
            continue
        year = p.year
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if year is None and nxt is not None and nxt.kind == "year" and 0 <= nxt.start - p.end <= 2:
            year = nxt.year
            skip.add(i + 1)
        year = year or default_year
        if year is not None:
            period = build_period(p, year)
            labels.setdefault(period.label, period)
    if len(labels) == 1:
        return next(iter(labels.values()))
    if labels:
        return None
    if len(defaults) == 1:
        return defaults[0]
    if defaults and re.search(r"本季度|该季度|当季|this quarter|the quarter", probe, re.I):
        return next((p for p in defaults if p.type == "quarter"), None)
    return None


def _prior_period(current: Period, year: int | None) -> Period:
    """The comparative period: the same span a year earlier (or in the year the text names)."""
    prior = P.prior_year(current)
    if year is None or year == prior.start.year:
        return prior
    shift = current.start.year - year
    out = current
    for _ in range(shift):
        out = P.prior_year(out)
    return out


def _fact(period: Period, measure: str, value: float, unit: str, para: str, start: int, end: int,
          locator: str) -> Fact:
    reported = para[start:end]
    return Fact(ENTITY, METRIC, "total", "na", measure, period, float(value), unit, reported, locator,
                make_snippet(para, start, end))


def _growth(probe: str, after: int) -> tuple[re.Match[str], float] | None:
    """The year-on-year percentage of a GMV sentence and its signed value, if the sentence states one."""
    for m in _PCT.finditer(probe, after):
        window = probe[max(after, m.start() - 30) : m.start()]
        tail = probe[m.end() : m.end() + 30]
        if _QOQ.search(window + tail):
            continue
        if not (_UP.search(window) or _DOWN.search(window) or _UP.search(tail[:12]) or _DOWN.search(tail[:12])):
            continue
        down = bool(_DOWN.search(window)) and not _UP.search(window[-12:])
        value = float(m.group("num"))
        return m, -value if down else value
    return None


def _same_span_a_year_before(period: Period, comp: _Comparative) -> bool:
    """Whether a comparative's wording fits the same span one year before `period`."""
    if comp.year is not None and comp.year != period.start.year - 1:
        return False
    if comp.quarter is not None:
        return period.type == "quarter" and (period.start.month - 1) // 3 + 1 == comp.quarter
    return True


def heading_period(para: str, defaults: list[Period]) -> Period | None:
    """The period a section heading names ("2023年第四季度財務摘要", "Full Year 2023 Highlights"), if it is one."""
    probe = matching_text(para)
    if len(probe) > 60 or _amounts(probe) or _PCT.search(probe):
        return None
    return _sentence_period(probe, []) if find_periods(probe, None) else None


def sentence_facts(para: str, pi: int, defaults: list[Period],
                   section: list[Period] | None = None) -> tuple[list[Fact], list[Held]]:
    """GMV facts of one paragraph: the level, the prior-year comparative and the stated growth."""
    facts: list[Fact] = []
    held: list[Held] = []
    probe_para = matching_text(para)
    for si, (off, sent) in enumerate(sentences(para), start=1):
        probe = probe_para[off : off + len(sent)]
        gmv = _GMV_ZH.search(probe) or _GMV_EN.search(probe)
        if gmv is None:
            continue
        amounts = [a for a in _amounts(probe) if a.start > gmv.start()]
        if not amounts:
            continue
        loc = f"p{pi}.s{si}"
        current: list[_Amount] = []
        prior: list[tuple[_Amount, _Comparative]] = []
        masked = probe
        for a in amounts:
            comp = _comparative(probe, a)
            if comp is not None:
                prior.append((a, comp))
                s0, s1 = comp.span
                masked = masked[:s0] + "\x00" * (s1 - s0) + masked[s1:]
            else:
                current.append(a)
        period = _sentence_period(masked, section or defaults)
        if period is not None and any(not _same_span_a_year_before(period, c) for _, c in prior):
            held += [Held("comparative of another period than a year earlier", para[off + a.start : off + a.end],
                          f"{loc}.c{a.start}") for a in amounts]
            continue
        if period is None:
            held += [Held("GMV sentence names no single period of its own", para[off + a.start : off + a.end],
                          f"{loc}.c{a.start}") for a in amounts]
            continue
        if len(current) != 1 or len(prior) > 1:
            held += [Held("GMV sentence gives more than one current or comparative amount",
                          para[off + a.start : off + a.end], f"{loc}.c{a.start}") for a in amounts]
            continue
        cur = current[0]
        growth = _growth(probe, gmv.end())
        found = [_fact(period, "value", cur.value, "CNY", para, off + cur.start, off + cur.end, f"{loc}.c{cur.start}")]
        if prior:
            p_amount, comp = prior[0]
            found.append(_fact(_prior_period(period, comp.year), "value", p_amount.value, "CNY", para,
                               off + p_amount.start, off + p_amount.end, f"{loc}.c{p_amount.start};comparative"))
        if growth is not None:
            m, pct = growth
            if _YOY.search(probe) or prior:
                found.append(_fact(period, "yoy_pct", pct, "pct", para, off + m.start(), off + m.end(),
                                   f"{loc}.c{m.start()}"))
            else:
                held.append(Held("growth without a year-on-year or comparative cue", para[off + m.start() : off + m.end()],
                                 f"{loc}.c{m.start()}"))
        problem = _inconsistent(found)
        if problem:
            held += [Held(problem, f.reported_text, f.locator) for f in found]
            continue
        facts += found
    return facts, held


def _inconsistent(found: list[Fact]) -> str | None:
    """Why a level, its comparative and its stated growth disagree beyond rounding (a spun or damaged copy)."""
    levels = [f for f in found if f.measure == "value"]
    growth = next((f for f in found if f.measure == "yoy_pct"), None)
    if len(levels) != 2 or growth is None or levels[1].value <= 0:
        return None
    computed = (levels[0].value / levels[1].value - 1) * 100
    step = 0.5e8 if "亿" in levels[0].reported_text or "億" in levels[0].reported_text else 0.05e9
    slack = 100 * step / levels[1].value * 2 + 0.05
    if abs(computed - growth.value) > slack + 0.05:
        return f"stated growth {growth.value}% disagrees with the levels ({computed:.1f}%)"
    return None


def parse(doc: Document) -> ParseResult:
    """GMV facts of a Kuaishou results release, with the periods its title names."""
    title, when, body = article_parts(doc, "Kuaishou release")
    title = title if release_periods(title) else (doc.meta.title or title)
    defaults = release_periods(title)
    if not defaults:
        raise UnsupportedDocument("title names no Kuaishou results period")
    facts: list[Fact] = []
    held: list[Held] = []
    section: list[Period] = []
    for pi, para in enumerate(paragraphs(body), start=1):
        heading = heading_period(para, defaults)
        if heading is not None:
            section = [heading]
            continue
        f, h = sentence_facts(para, pi, defaults, section)
        facts += f
        held += h
    return ParseResult(kind="kuaishou_results", facts=facts, held=held, title=title,
                       published_at=when or doc.meta.published_at)


PARSER = Parser(kind="kuaishou_results", version="1", sniff=sniff, parse=parse)
