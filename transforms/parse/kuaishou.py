"""Kuaishou results releases (ir.kuaishou.com, PR Newswire / 美通社, reprints): the highlights of a quarter, half or year:
users, e-commerce GMV, revenue and its mix, gross profit and margin, profit for the period and adjusted net profit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from transforms.model import Fact, Held, ParseResult, Period, UnsupportedDocument, make_snippet
from transforms.normalise import periods as P
from transforms.normalise.numbers import NumberFormatError, decimals, scaled
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
_NUM = r"\d[\d,]*(?:\s?\.\s?\d+)?"

_TITLE_ZH = re.compile(r"快手(?:科技)?\s*(?:发布|公布|宣布)?.{0,12}?(\d{4})\s*年\s*(?:第?([一二三四1-4])\s*季度|全年|年度)"
                       r".{0,12}?(?:业绩|财务业绩|财报)")
_TITLE_EN = re.compile(r"Kuaishou(?: Technology)?\s+(?:Announces|Reports)\s+(?:Unaudited\s+)?(.{0,60}?)\s+"
                       r"(?:Financial\s+)?Results", re.I)
_EN_QUARTER = re.compile(r"\b(First|Second|Third|Fourth)\s+Quarter(?:(?:\s+of)?\s+(\d{4}))?|\b(\d{4})\s+(First|Second|Third|"
                         r"Fourth)\s+Quarter|\bQ([1-4])\s*(\d{4})", re.I)
_EN_ANNUAL = re.compile(r"\b(?:Full[- ]Year|Annual)\b", re.I)
# The headline of an HKEX results announcement: "快手-W:截至2024年3月31日止三个月的业绩公告".
_TITLE_HKEX = re.compile(r"快手.{0,20}?截至\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*止\s*"
                         r"(?P<span>三|六|九|十二)个月的?(?:未经审核)?(?:中期)?业绩公告")
_SPAN_MONTHS = {"三": 3, "六": 6, "九": 9, "十二": 12}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ZH_Q = {"一": 1, "二": 2, "三": 3, "四": 4}
_TITLE_LINES = 12
_TITLE_MAX = 80

# The dateline lead of a release that carries no headline: "HONG KONG, Aug. 21, 2025 /PRNewswire/ -- Kuaishou
# Technology ... today announced its unaudited consolidated results for the three months and six months ended June 30,
# 2025" or "香港2025年5月27日 /美通社/ -- ...快手科技...今日发布截至2025年3月31日止三个月的...第一季度合并业绩".
_LEAD_LINES = 6
_DATELINE = re.compile(r"/\s*(?:PRNewswire|美通社)\s*/", re.I)
_LEAD_ISSUER = re.compile(r"Kuaishou Technology|快手科技")
_LEAD_EN = re.compile(r"\btoday announced its (?:unaudited\s+)?(?:consolidated\s+)?(?:financial\s+)?results for the "
                      r"(?P<span>[^.]{0,120}?)\bended (?P<date>(?:January|February|March|April|May|June|July|August|"
                      r"September|October|November|December) \d{1,2}, \d{4})", re.I)
_LEAD_ZH = re.compile(r"今日发布截至\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*止?(?P<span>[^。]{0,40}?)"
                      r"(?:合并)?(?:财务)?业绩")
# A news report's opening that names the release it covers: "快手今日发布2021年第四季度及全年财报", "快手科技(...)发布了其
# 截至2024年12月31日的年度业绩报告".
_NEWS_LEAD = re.compile(r"快手(?:科技)?[^。]{0,30}?发布了?其?\s*(?:(?P<y>\d{4})\s*年\s*(?:第?(?P<q>[一二三四])\s*季度)?\s*"
                        r"(?P<full>及全年|全年)?|截至\s*(?P<ey>\d{4})\s*年\s*12\s*月\s*31\s*日的?年度)\s*(?:财报|(?:财务)?业绩)")
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
_SPAN_HALF = re.compile(r"six months|interim|六个月|中期")
_SPAN_NINE = re.compile(r"nine months|九个月")
_SPAN_YEAR = re.compile(r"full year|year ended|twelve months|全年|年度")

_GMV_ZH = re.compile(r"(?:电商)?商品交易总额|商品总交易额|电商\s*GMV|GMV")
_GMV_EN = re.compile(r"\b(?:total\s+)?e-?commerce\s+GMV\b|\bGMV\s+of\s+(?:our\s+)?e-?commerce\b|\bgross merchandise "
                     r"value\b", re.I)
_MONEY_ZH = re.compile(rf"(?:人民币?|RMB\s?)?(?<![\d.,])(?P<num>{_NUM})\s*(?P<scale>万亿|亿|百万|千万)元")
_MONEY_EN = re.compile(rf"RMB\s?(?P<num>{_NUM})\s*(?P<scale>trillion|billion|million)\b", re.I)
_COUNT_ZH = re.compile(rf"(?P<num>{_NUM})\s*(?P<scale>亿|百万|万)(?![元\d])")
_COUNT_EN = re.compile(rf"(?<![\w$.])(?P<num>{_NUM})\s*(?P<scale>billion|million)\b", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:RMB|US\$|HK\$|\$|人民币|港元|美元)\s?$", re.I)
_SCALES = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "trillion": 1e12, "billion": 1e9,
           "million": 1e6}
_PCT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|per ?cent)")
_PRIOR_ZH = re.compile(r"(?:(?:较|比|相比|对比|自|由)\s*(?:(?P<year>\d{4})\s*年|去年|上年)(?:同期)?的{0,2}|"
                       r"(?:去年|上年)同期(?:则)?(?:为|是|录得)[^\d,，。;；%]{0,12}?\d?)\s*$")
_PRIOR_EN = re.compile(r"(?:from|compared with|compared to|versus|vs\.?)\s*(?:an?\s+)?(?:(?:adjusted\s+)?(?:net\s+)?"
                       r"(?:loss|profit)(?:\s*\(\d\))?\s+of\s+)?$", re.I)
_PRIOR_EN_TAIL = re.compile(r"^\s*(?:in|for)\s+(?:the\s+)?(?:same\s+(?:period|quarter)\s+(?:of|in)\s+(?P<year>\d{4})|"
                            r"same\s+(?:period|quarter)\s+(?:of\s+)?last\s+year|(?P<year2>\d{4})|"
                            r"(?P<ord>first|second|third|fourth)\s+quarter\s+of\s+(?P<year3>\d{4})|"
                            r"(?:the\s+)?(?:prior|previous)\s+year(?:'s\s+(?:same\s+)?(?:period|quarter))?)", re.I)
_UP = re.compile(r"增长|上升|增加|提升|increased|increase|grew|growth|up\b|rose", re.I)
_DOWN = re.compile(r"下降|减少|下滑|decreased|decrease|declined|decline|down\b|fell", re.I)
_YOY = re.compile(r"同比|year[- ]over[- ]year|year[- ]on[- ]year|较去年同期|较上年同期|from .{0,30}same period|"
                  r"compared with .{0,30}same period", re.I)
_QOQ = re.compile(r"环比|quarter[- ]over[- ]quarter|quarter[- ]on[- ]quarter|sequential", re.I)
# Words that make the figure after them a change ("减少了700万", "an increase of RMB3.2 billion"), not a level.
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|下滑|提升|上升|缩窄|收窄|扩大)了?\s*$|\b(?:increase|decrease|rise|fall|"
                            r"growth|increased|decreased|rose|fell|up|down)\s+(?:of|by)\s+$", re.I)
_PROFIT_OR_LOSS = re.compile(r"亏损|利润|盈利|\bloss\b|\bprofit\b", re.I)
_LOSS = re.compile(r"亏损|loss", re.I)

# A highlight bullet opens with its metric: "快手应用平均日活跃用户为", "Average DAUs on Kuaishou APP were", "总收入为",
# "Total revenue", "毛利率", "Gross profit margin", "期内利润为", "Profit for the period", "经调整利润净额",
# "Adjusted net profit".
_BULLET = r"^[\s•·●▪*\-–—]*(?:本季度|本年度|本期)?\s*"


@dataclass(frozen=True, slots=True)
class _Metric:
    """What a highlight's opening words name: the key fields, and whether its figures are CNY, counts or a margin."""

    metric: str
    segment: str
    basis: str
    unit: str  # CNY, count or pct


_GMV = _Metric("gmv", "total", "na", "CNY")
# What a news report may put before a metric at the start of a clause: "财报显示", the company, a period.
_NEWS_PREFIX = (r"(?:财报显示\s*)?(?:快手(?:科技)?|该公司|公司)?\s*(?:在\s*)?(?:\d{4}\s*年\s*)?(?:第?[一二三四]季度|全年|"
                r"Q[1-4])?\s*(?:快手(?:应用)?的?)?\s*")
_LEADS: tuple[tuple[re.Pattern[str], _Metric], ...] = (
    (re.compile(_BULLET + _NEWS_PREFIX + r"(?:平台上促成的)?电商(?:交易的)?\s*(?:商品交易总额|商品总交易额|交易总额|GMV)|"
                + _BULLET + _NEWS_PREFIX + r"GMV|" + _BULLET + r"(?:total\s+)?e-?commerce\s+(?:GMV|gross merchandise value)"
                r"\b", re.I), _GMV),
    (re.compile(_BULLET + _NEWS_PREFIX + r"平均日活跃用户(?:数)?\s*(?:\(DAU\))?\s*为|" + _BULLET + r"Average DAUs on "
                r"(?:the )?Kuaishou App were\b", re.I), _Metric("dau", "total", "na", "count")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"平均月活跃用户(?:数)?\s*(?:\(MAU\))?\s*为|" + _BULLET + r"Average MAUs on "
                r"(?:the )?Kuaishou App were\b", re.I), _Metric("mau", "total", "na", "count")),
    (re.compile(_BULLET + r"总收入为|" + _BULLET + _NEWS_PREFIX + r"总?营收(?=\s*(?:为|达到?|突破|同比|约|人民币|\d))|"
                + _BULLET + r"Total revenues?\b", re.I), _Metric("revenue", "total", "na", "CNY")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"线上营销服务收入", re.I), _Metric("revenue", "marketing_services", "na", "CNY")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"直播(?:业务)?收入", re.I), _Metric("revenue", "live", "na", "CNY")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"其他服务收入", re.I), _Metric("revenue", "others", "na", "CNY")),
    (re.compile(_BULLET + r"毛利率|" + _BULLET + r"Gross (?:profit )?margin\b", re.I),
     _Metric("gross_profit", "total", "na", "pct")),
    (re.compile(_BULLET + r"毛利为|" + _BULLET + r"Gross profit\b(?!\s+margin)", re.I),
     _Metric("gross_profit", "total", "na", "CNY")),
    (re.compile(_BULLET + r"(?:期内|年内)(?:利润|亏损)为|" + _BULLET + r"(?:Profit|Loss) for the (?:period|year)\b", re.I),
     _Metric("profit_for_period", "total", "ifrs", "CNY")),
    (re.compile(_BULLET + r"经调整(?:利润|亏损)净额|" + _BULLET + _NEWS_PREFIX + r"(?:经调整|调整后)净(?:利润|亏损)|"
                + _BULLET + r"Adjusted net (?:profit|loss)\b", re.I),
     _Metric("profit_for_period", "total", "non_ifrs", "CNY")),
)

# The revenue mix of a highlight: "线上营销服务占比55.9%,直播业务占比30.9%,其他服务占比13.2%" or "Online marketing
# services and live streaming contributed 56.5% and 30.0%, respectively, to the total revenue. The other 13.5% came from
# other services."
_MIX_LEAD = re.compile(_BULLET + r"Online marketing services and live streaming contributed|" + _BULLET + r"The other \d",
                       re.I)
_MIX_ZH = re.compile(r"(?P<seg>线上营销服务|直播业务|直播|其他服务)(?:收入)?占比\s*(?P<num>\d+(?:\.\d+)?)\s*%")
_MIX_EN = re.compile(r"Online marketing services and live streaming contributed (?P<a>\d+(?:\.\d+)?)%\s*and\s*"
                     r"(?P<b>\d+(?:\.\d+)?)%,?\s*respectively,?\s*to (?:the )?total revenues?", re.I)
_MIX_EN_OTHER = re.compile(r"The other (?P<num>\d+(?:\.\d+)?)%\s*came from other services", re.I)
_MIX_RESPECTIVELY = re.compile(r"线上营销服务、直播(?:业务)?和其他服务(?:对(?:总)?收入的?)?(?:贡献)?占比分别为\s*(?P<a>\d+(?:\.\d+)?)%"
                               r"\s*、\s*(?P<b>\d+(?:\.\d+)?)%\s*(?:和|及)\s*(?P<c>\d+(?:\.\d+)?)%")
# Users stated together: "平均日活跃用户和平均月活跃用户分别为3.233亿及5.780亿,同比分别增长19.2%及21.5%".
_USERS_RESPECTIVELY = re.compile(r"(?:平均)?日活跃用户(?:数)?(?:和|及|与)(?:平均)?月活跃用户(?:数)?分别(?:为|达到了?|达)\s*"
                                 r"(?P<a>\d+(?:\.\d+)?\s*亿)\s*(?:和|及|与)\s*(?P<b>\d+(?:\.\d+)?\s*亿)(?:的历史新高)?"
                                 r"(?:\s*[,，]\s*同比分别增长\s*(?P<p>\d+(?:\.\d+)?%)\s*(?:和|及|与)\s*(?P<q>\d+(?:\.\d+)?%))?")
_MIX_SEGMENTS = {"线上营销服务": "marketing_services", "直播业务": "live", "直播": "live", "其他服务": "others"}

# A section heading whose quarter lost its numeral ("2023年第季度业绩摘要"): the release's own quarter of that year.
_BARE_QUARTER = re.compile(r"(?P<year>\d{4})\s*年\s*第\s*季度")
_HEADING_STOP = re.compile(r"[。，,;；!?！？]")
_HEADING_KINDS = ("quarter", "half", "nine", "year", "year_open")

# Clauses of a sentence: split at commas that are not thousands separators.
_CLAUSE_END = re.compile(r"，|,(?!\d{3}(?!\d))|(?<!\d),")
# A clause that carries on the figure before it rather than naming a subject of its own.
_CONTINUES = re.compile(r"\s*(?:\d{4}\s*年\s*)?(?:第?[一二三四]季度\s*|全年\s*)?(?:同比|环比|较|比|相比|去年同期|上年同期|达到?|"
                        r"为|至|增长|增加|提升|上升|下降|减少|录得|人民币|\d|representing|an? (?:increase|decrease)|up\b|"
                        r"down\b|compared|improving|increasing|decreasing|slightly|from\b|versus)", re.I)
_BARE_PERIOD = re.compile(r"\s*(?:\d{4}\s*年\s*)?(?:第?[一二三四]季度|全年)\s*")
_CLAUSE_PERIOD = re.compile(r"\s*(?:\d{4}\s*年\s*)?(?:第?[一二三四]季度|全年)")

# A full stop after a figure that ends a sentence ("... for the same period of 2023. Gross profit ..."), which the
# shared splitter keeps whole because a digit precedes it.
_FIGURE_STOP = re.compile(r"(?<=\d)\.\s+(?=[A-Z])")


def release_periods(title: str | None) -> list[Period]:
    """The periods a results-release title names: the quarter, and the year too for an annual release."""
    if not title:
        return []
    try:
        return _title_periods(matching_text(title))
    except (P.PeriodError, ValueError):  # a year or day no results can be about (a damaged title): no periods
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
    m = _TITLE_HKEX.search(probe)
    if m:
        return [_span_period(date(int(m.group("y")), int(m.group("m")), int(m.group("d"))), _SPAN_MONTHS[m.group("span")])]
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


def _span_period(end: date, months: int) -> Period:
    """The quarter, half, nine months or year of `months` months ending on `end`."""
    if months == 3:
        return P.quarter_ending(end)
    if (end.month, end.day) != (months, 30 if months in (6, 9) else 31):
        raise P.PeriodError(f"{months} months ending {end} are not a reporting period")
    if months == 6:
        return P.half(end.year, 1)
    return P.nine_months(end.year) if months == 9 else P.year(end.year)


def lead_periods(text: str) -> list[Period]:
    """The periods a release's dateline lead announces results for ("three months and six months ended June 30")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_LEAD_LINES]
    for line in lines:
        probe = matching_text(line)
        if not (_DATELINE.search(probe) and _LEAD_ISSUER.search(probe)):
            continue
        try:
            return _lead_periods(probe)
        except (P.PeriodError, ValueError):  # a date that ends no quarter, or no real date: no lead periods
            return []
    for line in lines[:3]:
        m = _NEWS_LEAD.search(matching_text(line))
        if m:
            try:
                return _news_periods(m)
            except P.PeriodError:
                return []
    return []


def _news_periods(m: re.Match[str]) -> list[Period]:
    """The quarter and the year a news report's opening says the release covers."""
    if m.group("ey"):
        return [P.year(int(m.group("ey")))]
    year = int(m.group("y"))
    out = [P.quarter(year, _ZH_Q[m.group("q")])] if m.group("q") else []
    return out + [P.year(year)] if m.group("full") or not out else out


def _lead_periods(probe: str) -> list[Period]:
    """The quarter ending on the lead's date, with the half, nine months or year the lead names beside it."""
    m = _LEAD_EN.search(probe)
    if m:
        month, day, year = re.match(r"(\w+) (\d{1,2}), (\d{4})", m.group("date")).groups()
        end = date(int(year), _MONTHS[month.lower()], int(day))
    else:
        m = _LEAD_ZH.search(probe)
        if not m:
            return []
        end = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    span = m.group(0).lower()
    out = [P.quarter_ending(end)]
    if _SPAN_HALF.search(span) and end.month == 6:
        out.append(P.half(end.year, 1))
    if _SPAN_NINE.search(span) and end.month == 9:
        out.append(P.nine_months(end.year))
    if _SPAN_YEAR.search(span) and end.month == 12:
        out.append(P.year(end.year))
    return out


def _title_of(doc: Document) -> str | None:
    """The headline of a document, from its metadata, its markup or its first line."""
    if doc.meta.title:
        return doc.meta.title
    if doc.format == "html" and doc.markup:
        return page_title(tree_of(doc))
    first = next((line.strip() for line in doc.text.splitlines() if line.strip()), "")
    return first[:200] or None


def _title_line(text: str) -> str | None:
    """A short line near the top that is a results-release headline (a reprint below a page's own banner)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_TITLE_LINES]
    found = next((line for line in lines if len(line) <= _TITLE_MAX and release_periods(line)), None)
    return re.sub(r"^[•·●▪*\-–—\s]+", "", found) if found else None


def _release_periods_of(doc: Document, title: str | None = None) -> tuple[str | None, list[Period]]:
    """The release headline and its periods: the title, else a headline line near the top, else the dateline lead."""
    candidates = [title, _title_of(doc)]
    if doc.format == "html" and doc.markup:
        candidates.append(page_title(tree_of(doc)))
    candidates.append(_title_line(doc.text))
    for t in candidates:
        found = release_periods(t)
        if t and found:
            return t, found
    return title or _title_of(doc), lead_periods(doc.text)


def sniff(doc: Document) -> bool:
    """A Kuaishou results release: a headline or dateline lead names its results period, and it states GMV."""
    if doc.format not in ("html", "text"):
        return False
    if not _release_periods_of(doc)[1]:
        return False
    probe = matching_text(doc.text)
    return bool(_GMV_ZH.search(probe) or _GMV_EN.search(probe) or _SUMMARY_HEAD.search(probe))


@dataclass(frozen=True, slots=True)
class _Amount:
    """A figure of a sentence: its span, its value in base units and the worth of its last written digit."""

    start: int
    end: int
    value: float
    step: float


def _money(probe: str) -> list[_Amount]:
    """RMB amounts of a sentence (亿元/百万元 or billion/million), in order."""
    return _scaled_amounts(probe, (_MONEY_ZH, _MONEY_EN))


def _counts(probe: str) -> list[_Amount]:
    """User counts of a sentence (3.825亿, 395.3 million), not money, in order."""
    out = _scaled_amounts(probe, (_COUNT_ZH, _COUNT_EN))
    return [a for a in out if not _CURRENCY_BEFORE.search(probe[max(0, a.start - 4) : a.start])]


def _percents(probe: str) -> list[_Amount]:
    """Percentages of a sentence, in order."""
    return [_Amount(m.start(), m.end(), float(m.group("num")), 10.0 ** -decimals(m.group("num")))
            for m in _PCT.finditer(probe)]


def _scaled_amounts(probe: str, patterns: tuple[re.Pattern[str], ...]) -> list[_Amount]:
    """Amounts the patterns find (a number and a scale word), in base units, in order."""
    out = []
    for pattern in patterns:
        for m in pattern.finditer(probe):
            scale = _SCALES[m.group("scale").lower()]
            num = re.sub(r"\s", "", m.group("num"))
            try:
                value = scaled(num, scale)
            except NumberFormatError:
                continue
            out.append(_Amount(m.start(), m.end(), value, scale * 10.0 ** -decimals(num)))
    return sorted(out, key=lambda a: a.start)


def _amounts_of(unit: str, probe: str) -> list[_Amount]:
    """The figures of a sentence in the unit its metric is written in."""
    if unit == "count":
        return _counts(probe)
    if unit == "pct":
        return _percents(probe)
    return _money(probe)


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
    lead = max(0, amount.start - 40)
    if _PRIOR_EN.search(probe[lead : amount.start]):
        tail = _PRIOR_EN_TAIL.match(probe[amount.end :])
        if tail:
            year = tail.group("year") or tail.group("year2") or tail.group("year3")
            quarter = _ORD[tail.group("ord").lower()] if tail.group("ord") else None
            return _Comparative(int(year) if year else None, quarter, (amount.start, amount.end + tail.end()))
    return None


_COMPARISON = re.compile(r"(?:较|比|相比|对比|自|由)\s*(?:\d{4}\s*年|去年|上年)(?:同期)?(?:第?[一二三四1-4]\s*季度|全年)?")


def _sentence_period(probe: str, defaults: list[Period], year: int | None = None) -> Period | None:
    """The period of a highlight sentence: the one it names outside comparisons, else the release's only one."""
    masked = _COMPARISON.sub(lambda m: "\x00" * len(m.group(0)), probe)
    mentions = [p for p in find_periods(masked, None) if p.kind in ("quarter", "year", "year_open")]
    default_year = defaults[0].end.year if defaults else year
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


def _fact(metric: _Metric, period: Period, measure: str, value: float, para: str, start: int, end: int,
          locator: str) -> Fact:
    """One Kuaishou fact of a highlight, its reported text and snippet cut from the paragraph."""
    unit = "pct" if measure != "value" else metric.unit
    return Fact(ENTITY, metric.metric, metric.segment, metric.basis, measure, period, float(value), unit,
                para[start:end], locator, make_snippet(para, start, end))


def _growth(probe: str, after: int) -> tuple[re.Match[str], float] | None:
    """The year-on-year percentage of a highlight sentence and its signed value, if the sentence states one."""
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
    """The period a section heading names ("2023年第四季度財務摘要", "First Half 2024 Key Highlights"), if it is one."""
    probe = re.sub(r"\s+", " ", matching_text(para))
    if len(probe) > 60 or _money(probe) or _PCT.search(probe) or _HEADING_STOP.search(probe):
        return None
    bare = _BARE_QUARTER.search(probe)
    if bare:
        quarters = [p for p in defaults if p.type == "quarter" and p.start.year == int(bare.group("year"))]
        return quarters[0] if len(quarters) == 1 else None
    squeezed = re.sub(r"(?<=[第一二三四季度年])\s+(?=[第一二三四季度])", "", probe)
    mentions = [p for p in find_periods(squeezed, None) if p.kind in _HEADING_KINDS]
    labels: dict[str, Period] = {}
    paired: set[int] = set()
    for i, p in enumerate(mentions):
        if i in paired:
            continue
        year = p.year
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if year is None and nxt is not None and nxt.kind == "year" and 0 <= nxt.start - p.end <= 2:
            year = nxt.year
            paired.add(i + 1)
        if year is None:  # "第四季度运营业绩", "...及全年": a period whose year the heading leaves open
            return None
        try:
            period = build_period(p, year)
        except P.PeriodError:
            return None
        labels.setdefault(period.label, period)
    return next(iter(labels.values())) if len(labels) == 1 else None


def _lead_of(probe: str) -> tuple[re.Match[str], _Metric] | None:
    """The metric a clause opens with (after a bullet, the company or a period), if it is one the family reports."""
    for pattern, metric in _LEADS:
        m = pattern.match(probe)
        if m:
            return m, metric
    return None


def _signed(metric: _Metric, probe: str, amount: _Amount) -> float:
    """A profit figure as a loss when the nearest profit-or-loss word before it is a loss."""
    if metric.metric != "profit_for_period":
        return amount.value
    words = list(_PROFIT_OR_LOSS.finditer(probe, 0, amount.start))
    return -amount.value if words and _LOSS.fullmatch(words[-1].group(0)) else amount.value


def sentence_facts(para: str, pi: int, defaults: list[Period],
                   section: list[Period] | None = None) -> tuple[list[Fact], list[Held]]:
    """Facts of one paragraph's highlight sentences: the level, the prior-year comparative and the stated growth."""
    facts: list[Fact] = []
    held: list[Held] = []
    probe_para = matching_text(para)
    for si, (off, sent) in enumerate(_sentences(para), start=1):
        probe = probe_para[off : off + len(sent)]
        loc = f"p{pi}.s{si}"
        if _MIX_LEAD.match(probe) or len(_MIX_ZH.findall(probe)) >= 2 or _MIX_RESPECTIVELY.search(probe):
            f, h = _mix_facts(probe, para, off, loc, section or defaults)
            facts += f
            held += h
            continue
        users = _USERS_RESPECTIVELY.search(probe)
        if users:
            f, h = _users_facts(users, probe, para, off, loc, section or defaults)
            facts += f
            held += h
            continue
        own = _without_comparatives(probe)
        years = {p.end.year for p in section or defaults}
        year = next(iter(years)) if len(years) == 1 else None
        sentence_default = _sentence_period(own, section or defaults)
        if sentence_default is not None:
            group_defaults = [sentence_default]
        else:  # a sentence naming several periods lends none to a clause that names none
            group_defaults = [] if _names_a_period(own) else section or defaults
        for gi, (start, end, metric) in enumerate(_groups(probe), start=1):
            text = probe[start:end]
            lead = _lead_of(text)
            m = lead[0] if lead and lead[1] == metric else re.match("", text)
            f, h = _highlight(text, para, off + start, f"{loc}.g{gi}", (m, metric), group_defaults, year)
            facts += f
            held += h
    return facts, held


def _names_a_period(probe: str) -> bool:
    """Whether a sentence names a quarter, half, nine months or year of its own."""
    return any(p.kind in _HEADING_KINDS for p in find_periods(probe, None))


def _without_comparatives(probe: str) -> str:
    """A sentence with every comparative figure and its wording blanked, so only its own periods remain."""
    masked = probe
    for unit in ("CNY", "count", "pct"):
        for amount in _amounts_of(unit, probe):
            comp = _comparative(probe, amount)
            if comp is not None:
                s0, s1 = comp.span
                masked = masked[:s0] + "\x00" * (s1 - s0) + masked[s1:]
    return _COMPARISON.sub(lambda m: "\x00" * len(m.group(0)), masked)


def _clauses(probe: str) -> list[tuple[int, int]]:
    """(start, end) of a sentence's clauses, split at commas that are not thousands separators."""
    out, start = [], 0
    for m in _CLAUSE_END.finditer(probe):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(probe)))
    return [(a, b) for a, b in out if probe[a:b].strip()]


def _groups(probe: str) -> list[tuple[int, int, _Metric]]:
    """Runs of clauses that state one metric: a clause opening with it, then the clauses that carry it on."""
    groups: list[list] = []
    current: list | None = None
    previous: tuple[int, int] | None = None
    for a, b in _clauses(probe):
        clause = probe[a:b]
        lead = _lead_of(clause)
        if lead is not None:
            current = [previous[0] if previous and _BARE_PERIOD.fullmatch(probe[previous[0] : previous[1]]) else a, b,
                       lead[1]]
            groups.append(current)
        elif current is not None and _CONTINUES.match(clause):
            if _CLAUSE_PERIOD.match(clause) and _amounts_of(current[2].unit, probe[current[0] : current[1]]):
                current = [a, b, current[2]]  # the same metric for another period ("全年...,第四季度同比增长...")
                groups.append(current)
            else:
                current[1] = b
        else:
            current = None
        previous = (a, b)
    return [(a, b, metric) for a, b, metric in groups]


def _users_facts(m: re.Match[str], probe: str, para: str, off: int, loc: str,
                 defaults: list[Period]) -> tuple[list[Fact], list[Held]]:
    """Daily and monthly users stated together, with their growth respectively, for the sentence's one period."""
    period = _sentence_period(probe, defaults)
    groups = ["a", "b"] + (["p", "q"] if m.group("p") else [])
    if period is None:
        return [], [Held("users sentence names no single period", para[off + m.start(g) : off + m.end(g)],
                         f"{loc}.c{m.start(g)}") for g in groups]
    out = []
    for metric, level, growth in (("dau", "a", "p"), ("mau", "b", "q")):
        key = _Metric(metric, "total", "na", "count")
        number = re.sub(r"\s*亿$", "", m.group(level))
        out.append(_fact(key, period, "value", scaled(number, 1e8), para, off + m.start(level), off + m.end(level),
                         f"{loc}.c{m.start(level)}"))
        if m.group(growth):
            out.append(_fact(key, period, "yoy_pct", float(m.group(growth).rstrip("%")), para, off + m.start(growth),
                             off + m.end(growth), f"{loc}.c{m.start(growth)}"))
    return out, []


def _sentences(para: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of a paragraph, split also at a full stop that follows a figure."""
    out = []
    for off, sent in sentences(para):
        start = 0
        for m in _FIGURE_STOP.finditer(matching_text(sent)):
            out.append((off + start, sent[start : m.start() + 1]))
            start = m.end()
        out.append((off + start, sent[start:]))
    return out


def _highlight(probe: str, para: str, off: int, loc: str, lead: tuple[re.Match[str], _Metric],
               defaults: list[Period], year: int | None = None) -> tuple[list[Fact], list[Held]]:
    """The facts of one sentence opening with a metric, or why its figures are held."""
    m, metric = lead
    amounts = [a for a in _amounts_of(metric.unit, probe) if a.start >= m.end()]
    if not amounts:
        return [], []
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
    if metric.unit == "pct":
        current = [a for a in current if not _QOQ.search(probe[max(0, a.start - 12) : a.start])]

    def hold(reason: str) -> tuple[list[Fact], list[Held]]:
        """Every figure of the sentence held back with one reason."""
        return [], [Held(reason, para[off + a.start : off + a.end], f"{loc}.c{a.start}") for a in amounts]

    if any(_CHANGE_BEFORE.search(probe[max(0, a.start - 12) : a.start]) for a in current):
        return hold(f"{metric.metric} sentence states a change in an amount, not a level")
    period = _sentence_period(masked, defaults, year)
    if period is not None and any(not _same_span_a_year_before(period, c) for _, c in prior):
        return hold("comparative of another period than a year earlier")
    if period is None:
        return hold(f"{metric.metric} sentence names no single period of its own")
    if len(current) != 1 or len(prior) > 1:
        return hold(f"{metric.metric} sentence gives more than one current or comparative figure")
    measure = "margin_pct" if metric.unit == "pct" else "value"
    cur = current[0]
    found = [_fact(metric, period, measure, _signed(metric, probe, cur), para, off + cur.start, off + cur.end,
                   f"{loc}.c{cur.start}")]
    if prior:
        p_amount, comp = prior[0]
        found.append(_fact(metric, _prior_period(period, comp.year), measure, _signed(metric, probe, p_amount), para,
                           off + p_amount.start, off + p_amount.end, f"{loc}.c{p_amount.start};comparative"))
    held: list[Held] = []
    growth = _growth(probe, m.end()) if metric.unit != "pct" else None
    if growth is not None:
        g, pct = growth
        if metric.metric == "profit_for_period" and _LOSS.search(probe):
            held.append(Held("growth of a figure that is or was a loss", para[off + g.start() : off + g.end()],
                             f"{loc}.c{g.start()}"))
        elif _YOY.search(probe) or prior:
            found.append(_fact(metric, period, "yoy_pct", pct, para, off + g.start(), off + g.end(),
                               f"{loc}.c{g.start()}"))
        else:
            held.append(Held("growth without a year-on-year or comparative cue", para[off + g.start() : off + g.end()],
                             f"{loc}.c{g.start()}"))
    problem = _inconsistent(found, [cur, *(a for a, _ in prior)])
    if problem:
        return [], held + [Held(problem, f.reported_text, f.locator) for f in found]
    return found, held


def _mix_facts(probe: str, para: str, off: int, loc: str,
               defaults: list[Period]) -> tuple[list[Fact], list[Held]]:
    """Shares of total revenue by segment that a highlight states ("线上营销服务占比55.9%")."""
    spans: list[tuple[str, int, int, float]] = []
    for m in _MIX_ZH.finditer(probe):
        spans.append((_MIX_SEGMENTS[m.group("seg")], m.start("num"), m.end(), float(m.group("num"))))
    m = _MIX_EN.search(probe)
    if m:
        spans += [("marketing_services", m.start("a"), m.end("a") + 1, float(m.group("a"))),
                  ("live", m.start("b"), m.end("b") + 1, float(m.group("b")))]
    m = _MIX_RESPECTIVELY.search(probe)
    if m:
        spans += [(seg, m.start(g), m.end(g) + 1, float(m.group(g)))
                  for seg, g in (("marketing_services", "a"), ("live", "b"), ("others", "c"))]
    m = _MIX_EN_OTHER.search(probe)
    if m:
        spans.append(("others", m.start("num"), m.end("num") + 1, float(m.group("num"))))
    if not spans:
        return [], []
    period = _sentence_period(probe, defaults)
    segments = [s for s, *_ in spans]
    if period is None or len(set(segments)) != len(segments):
        reason = "revenue mix names no single period" if period is None else "revenue mix names a segment twice"
        return [], [Held(reason, para[off + s : off + e], f"{loc}.c{s}") for _, s, e, _ in spans]
    return [_fact(_Metric("revenue", seg, "na", "pct"), period, "share_pct", value, para, off + s, off + e,
                  f"{loc}.c{s}") for seg, s, e, value in spans], []


def _inconsistent(found: list[Fact], amounts: list[_Amount]) -> str | None:
    """Why a level, its comparative and its stated growth disagree beyond rounding (a spun or damaged copy)."""
    levels = [f for f in found if f.measure == "value"]
    growth = next((f for f in found if f.measure == "yoy_pct"), None)
    if len(levels) != 2 or growth is None or levels[1].value <= 0 or levels[0].value <= 0:
        return None
    computed = (levels[0].value / levels[1].value - 1) * 100
    step = max(a.step for a in amounts[:2])
    slack = 100 * step / levels[1].value * 2 + 0.05
    if abs(computed - growth.value) > slack + 0.05:
        return f"stated growth {growth.value}% disagrees with the levels ({computed:.1f}%)"
    return None


def parse(doc: Document) -> ParseResult:
    """Highlight facts of a Kuaishou results release, with the periods its headline or dateline names."""
    title, when, body = article_parts(doc, "Kuaishou release")
    if doc.format == "text" and title and len(title) > _TITLE_MAX:  # an opening paragraph, not a headline
        body = f"{title}\n{body}"
    title, defaults = _release_periods_of(doc, title)
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
    f, h = summary_table_facts(doc.text, defaults)
    facts += f
    held += h
    return ParseResult(kind="kuaishou_results", facts=facts, held=held, title=title,
                       published_at=when or doc.meta.published_at)


# The summary table of an HKEX results announcement, rows run together and cells glued:
# "截至3月31日止三个月2024年2023年 金额占收入百分比金额占收入百分比同比变动 (人民币百万元,百分比除外)收入29,408100.025,217
# 100.016.6%毛利16,12054.811,71246.437.6%经营利润╱(亏损) 3,99413.6 (698) (2.8)不适用期内利润╱(亏损) ...".
_SUMMARY_HEAD = re.compile(r"截至\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*止\s*(?P<span>三|六|九|十二)个月(?:及年度)?\s*"
                           r"(?P<y1>\d{4})\s*年\s*(?P<y2>\d{4})\s*年\s*金额\s*占收入百分比\s*金额\s*占收入百分比\s*同比变动\s*"
                           r"\(人民币百万元,\s*百分比除外\)")
_ROW_LABELS: tuple[tuple[re.Pattern[str], _Metric | None], ...] = (
    (re.compile(r"收入"), _Metric("revenue", "total", "na", "CNY")),
    (re.compile(r"毛利"), _Metric("gross_profit", "total", "na", "CNY")),
    (re.compile(r"经营(?:利润╱\(亏损\)|利润|亏损)"), None),
    (re.compile(r"(?:期内|年内)(?:利润╱\(亏损\)|利润|亏损)"), _Metric("profit_for_period", "total", "ifrs", "CNY")),
    (re.compile(r"非国际财务报告(?:会计)?准则计量\s*[:：]"), None),
    (re.compile(r"经调整(?:利润╱\(亏损\)|利润|亏损)(?:╱\(亏损\))?净额\s*(?:\(\d\))?"),
     _Metric("profit_for_period", "total", "non_ifrs", "CNY")),
    (re.compile(r"经调整EBITDA\s*(?:\(\d\))?"), None),
)
_ROW_RUN = re.compile(r"\s*(?P<run>[\d(][\d,.%()\s]*?)\s*(?P<na>不适用)?(?=[^\d,.%()\s]|$)")
_NO_LABEL_RUN = re.compile(r"[\s(]*\d")
_CELL_AMOUNT = re.compile(r"\(?\d{1,3}(?:,\d{3})*\)?")
_CELL_SHARE = re.compile(r"\(?\d{1,3}\.\d\)?")
_CELL_CHANGE = re.compile(r"\(?\d{1,3}(?:,\d{3})*\.\d%\)?")
_SUMMARY_SCALE = 1e6
_SUMMARY_MAX_ROWS = 12


def summary_table_facts(text: str, defaults: list[Period]) -> tuple[list[Fact], list[Held]]:
    """Revenue, gross profit and profit rows of an announcement's summary table, where the cells split one way only."""
    probe = matching_text(text)
    head = _SUMMARY_HEAD.search(probe)
    if head is None:
        return [], []
    y1, y2 = int(head.group("y1")), int(head.group("y2"))
    try:
        end = date(y1, int(head.group("m")), int(head.group("d")))
        current = _span_period(end, _SPAN_MONTHS[head.group("span")])
    except (P.PeriodError, ValueError):
        return [], [Held("summary table heading names no reporting period", text[head.start() : head.end()], "table")]
    if y2 != y1 - 1 or (defaults and current not in defaults):
        return [], [Held("summary table columns are not the release period and the year before",
                         text[head.start() : head.end()], "table")]
    prior = P.prior_year(current)
    facts: list[Fact] = []
    held: list[Held] = []
    revenue: tuple[float, float] | None = None
    pos = head.end()
    for _ in range(_SUMMARY_MAX_ROWS):
        row = _summary_row(probe, pos)
        if row is None:
            break
        metric, label_end, run_start, run, has_na, pos = row
        if metric is None and revenue is not None:
            continue
        where = f"table;row={probe[label_end - 8 if label_end > 8 else 0 : label_end].strip()}"
        cells = _summary_cells(run, has_na, metric, revenue)
        if cells is None:
            held.append(Held("summary row cells do not split in one way that agrees with its shares and change",
                             text[run_start : run_start + len(run)].strip() or "row", where))
            if metric is not None and metric.metric == "revenue":
                break
            continue
        if metric is None:
            continue
        if metric.metric == "revenue":
            revenue = (cells[0][2], cells[2][2])
        facts += _summary_row_facts(text, metric, cells, run_start, current, prior, where)
    return facts, held


def _summary_row(probe: str, pos: int) -> tuple[_Metric | None, int, int, str, bool, int] | None:
    """The row at `pos` (metric or None, label end, run offset, run, n/a change, next row); None past the table."""
    start = len(probe) - len(probe[pos:].lstrip())
    for pattern, metric in _ROW_LABELS:
        m = pattern.match(probe, start)
        if m is None:
            continue
        if metric is None and not _NO_LABEL_RUN.match(probe, m.end()):
            return None, m.end(), m.end(), "", False, m.end()  # a group heading ("非国际财务报告准则计量:")
        run = _ROW_RUN.match(probe, m.end())
        if run is None:
            return None
        return metric, m.end(), run.start("run"), run.group("run"), bool(run.group("na")), run.end()
    return None


def _splits(run: str, patterns: list[re.Pattern[str]]) -> list[list[tuple[int, int]]]:
    """Every way `run` splits into one cell of each pattern in order, spaces between cells optional."""
    out: list[list[tuple[int, int]]] = []

    def walk(pos: int, i: int, acc: list[tuple[int, int]]) -> None:
        """Extend a partial split by the next cell, at every end its pattern allows."""
        while pos < len(run) and run[pos].isspace():
            pos += 1
        if i == len(patterns):
            if pos == len(run):
                out.append(list(acc))
            return
        for end in range(len(run), pos, -1):
            if patterns[i].fullmatch(run, pos, end):
                walk(end, i + 1, [*acc, (pos, end)])

    walk(0, 0, [])
    return out


def _cell(text: str) -> float:
    """The number a summary cell states, a bracketed one negative."""
    s = text.strip()
    value = float(s.strip("()%").replace(",", ""))
    return -value if s.startswith("(") else value


def _summary_cells(run: str, has_na: bool, metric: _Metric | None,
                   revenue: tuple[float, float] | None) -> list[tuple[int, int, float]] | None:
    """A row's cells (span, value) when exactly one split agrees with its shares of revenue and its change."""
    patterns = [_CELL_AMOUNT, _CELL_SHARE, _CELL_AMOUNT, _CELL_SHARE] + ([] if has_na else [_CELL_CHANGE])
    good: dict[tuple[float, ...], list[tuple[int, int, float]]] = {}
    for spans in _splits(run, patterns):
        cells = [(a, b, _cell(run[a:b])) for a, b in spans]
        if _summary_agrees([v for _, _, v in cells], metric, revenue):
            good.setdefault(tuple(v for _, _, v in cells), cells)
    return next(iter(good.values())) if len(good) == 1 else None


def _summary_agrees(values: list[float], metric: _Metric | None, revenue: tuple[float, float] | None) -> bool:
    """Whether a row's shares are its amounts over revenue and its change is its amounts' change, to rounding."""
    cur, cur_share, old, old_share = values[:4]
    rev = revenue or (cur, old)
    if rev[0] <= 0 or rev[1] <= 0:
        return False
    if abs(cur_share - 100 * cur / rev[0]) > 0.051 or abs(old_share - 100 * old / rev[1]) > 0.051:
        return False
    if len(values) == 5 and cur > 0 and old > 0:
        computed = (cur / old - 1) * 100
        slack = 100 * (0.5 / old + 0.5 * cur / old**2) + 0.051
        return abs(values[4] - computed) <= slack
    return len(values) == 4 or metric is None or cur < 0 or old < 0


def _summary_row_facts(text: str, metric: _Metric, cells: list[tuple[int, int, float]], run_start: int,
                       current: Period, prior: Period, where: str) -> list[Fact]:
    """Levels of both columns, margins (a row's share of revenue) and the year-on-year change of a summary row."""
    out = []

    def fact(i: int, measure: str, period: Period, value: float) -> Fact:
        """The fact of the row's i-th cell."""
        a, b, _ = cells[i]
        start, end = run_start + a, run_start + b
        unit = metric.unit if measure == "value" else "pct"
        return Fact(ENTITY, metric.metric, metric.segment, metric.basis, measure, period, value, unit,
                    text[start:end], f"{where};col={i}", make_snippet(text, start, end))

    out.append(fact(0, "value", current, scaled(str(cells[0][2]), _SUMMARY_SCALE)))
    out.append(fact(2, "value", prior, scaled(str(cells[2][2]), _SUMMARY_SCALE)))
    if metric.metric != "revenue":
        out.append(fact(1, "margin_pct", current, cells[1][2]))
        out.append(fact(3, "margin_pct", prior, cells[3][2]))
    if len(cells) == 5 and cells[0][2] > 0 and cells[2][2] > 0:
        out.append(fact(4, "yoy_pct", current, cells[4][2]))
    return out


PARSER = Parser(kind="kuaishou_results", version="2", sniff=sniff, parse=parse)
