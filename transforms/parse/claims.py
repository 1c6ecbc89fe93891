"""Numeric claims and dated events in article prose (Chinese and English), as pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache, partial
from itertools import pairwise

from transforms.lexicon import Alias, Lexicon, Term, load_lexicon
from transforms.model import Event, Fact, Held, Period, make_snippet
from transforms.normalise import periods as P
from transforms.normalise.numbers import (
    ZH_NUMERALS,
    NumberFormatError,
    loosely_restates,
    scale_factor,
    scaled,
    zh_decimal,
    zh_numeral,
    zh_tenths,
)
from transforms.normalise.text import fold, to_simplified
from transforms.normalise.vocabulary import BASIS_METRICS, last_stated_basis, net_profit_word_fits

# ---------------------------------------------------------------- text preparation


def matching_text(text: str) -> str:
    """Fold and simplify `text` character by character, so offsets match the original text (paragraphs cached: one
    is matched by the sentence splitter, the paragraph reader and the period scan)."""
    if len(text) <= MATCH_CACHE_CHARS:
        return _cached_matching_text(text)
    return text.translate(_MATCH_TABLE)


MATCH_CACHE_CHARS = 20_000  # longer texts (a whole document) are matched afresh, so the cache stays small


@lru_cache(maxsize=4096)
def _cached_matching_text(text: str) -> str:
    return text.translate(_MATCH_TABLE)


class _MatchTable(dict[int, str]):
    """str.translate's table of _match_char, filled in as characters are first seen."""

    def __missing__(self, code: int) -> str:
        self[code] = _match_char(chr(code))
        return self[code]


_MATCH_TABLE = _MatchTable()


_CHAR_CACHE: dict[str, str] = {}


def _match_char(c: str) -> str:
    if c not in _CHAR_CACHE:
        folded = fold(c)
        if len(folded) != 1:
            folded = c
        simple = to_simplified(folded)
        _CHAR_CACHE[c] = simple if len(simple) == 1 else folded
    return _CHAR_CACHE[c]


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of a text, each a paragraph, with spaces squeezed; hard-wrapped English lines joined."""
    out: list[str] = []
    for raw in text.splitlines():
        line = re.sub(r"[ \t\u3000]+", " ", raw).strip()
        if not line:
            continue
        if out and _wrapped(out[-1], line):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out


_WRAP_END = re.compile(r"[A-Za-z0-9,%)\-–]$")
_WRAP_START = re.compile(r"^[a-z0-9(\"“$]")


def _wrapped(previous: str, line: str) -> bool:
    """Whether `line` continues an English sentence a fixed-width copy broke (`revenue rise of 34` / `percent`)."""
    if len(previous) < 40 or not _WRAP_END.search(previous):
        return False
    return bool(_WRAP_START.match(line)) or previous.endswith((",", "-", "–"))


_SENTENCE_END = re.compile(
    r"[。！？!?；;]+|(?<![0-9A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])(?<!\bvs)\.(?=\s+[\"'A-Z0-9(\u4e00-\u9fff]|\s*$|\s+(?:#{1,6}|[-•*]|\*\*)\s*\S)"
    r"|(?<=\d)\.(?=\s+[A-Z][a-z])"
    r"|(?<=[A-Z]{2})\.(?=\s+[A-Z][a-z])"  # an acronym ending a sentence ("... one trillion GMV. Douyin ...")
)


def sentences(paragraph: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of a paragraph, split at 。！？；; and English full stops."""
    out, start = [], 0
    probe = matching_text(paragraph)
    for m in _SENTENCE_END.finditer(probe):
        end = m.end()
        if paragraph[start:end].strip():
            out.append((start, paragraph[start:end]))
        start = end
    if paragraph[start:].strip():
        out.append((start, paragraph[start:]))
    return out


# ---------------------------------------------------------------- periods


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period phrase in a sentence; `year` is None when the phrase leaves it open."""

    start: int
    end: int
    kind: str  # quarter, half, nine, months, month, year, relative_year, unclear
    year: int | None
    a: int = 0
    b: int = 0


_ZH_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_EN_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
_EN_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

_MONTH_WORDS = _MONTHS + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_MONTH_ABBR = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_DASH = r"\s*[-—–~至到]\s*"


def _led(first: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern behind a lookahead on the characters every match of it starts with, so a scan skips the rest fast."""
    return re.compile(rf"(?=[{first}]){pattern}", flags)


# The characters a Chinese period's optional year prefix ("2024年", "今年") starts with.
_ZH_YEAR_LEAD = r"\d今去上本"

_FULL_DATE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{4}/\d{1,2}/\d{1,2}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b"
    rf"|\b(?:{_MONTH_WORDS})\.?\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}\s+(?:{_MONTH_WORDS})\.?\s+\d{{4}}\b"
)
# Comparison bases ("比上年", "是2022年的", "from a year earlier") name no period of the figure; every form starts
# with one of the lead characters.
_BASE = _led(
    r"较比相对而但由从是为达高低快慢好不同\dftocvil",
    r"(?:(?:较|比|相比|相较于?|对比)\s*\d{4}\s*年?\s*(?:Q[1-4]|第?[一二三四1-4]\s*季度?)(?:同期)?(?:的)?"
    r"|(?:而|但)在?\s*\d{4}\s*年?\s*(?:Q[1-4]|第?[一二三四1-4]\s*季度?|上半年|下半年)?\s*(?:时|的)?[,，]?\s*"
    r"(?:这一|这个|该|此)(?:比例|比重|占比|比率|数字|数据|数值|指标)"
    r"|(?:较|比|相比|相较于?|对比)\s*(?:\d{4}\s*年|去年|上年|前一年|上一年)(?:同期)?(?:的)?"
    r"|(?:由|从)\s*(?:\d{4}\s*年|去年|上年)同期(?:的)?"
    r"|(?:是|为|达到?|相当于)\s*(?:\d{4}\s*年|去年|上年|前一年|上一年)(?:同期)?的"
    r"|(?:高于|低于|快于|慢于|好于|不及)\s*(?:去年|上年)(?:同期)?(?=\s*(?:的)?\s*(?:增速|增幅|增长率|水平))"
    r"|(?:from|than|over|compared with|compared to|versus|vs\.?)\s+(?:a year (?:earlier|ago)|last year|the previous year|"
    r"the prior year|the same period (?:of |in )?(?:last year|\d{4})|(?:in )?\d{4}(?:'s level)?)"
    r"|(?:\d{4}|last year)'s level|同比(?:\s*(?:\d{4}\s*年|去年|上年)(?:同期)?(?:的)?)?"
    r"|(?:较|比|相比)\s*(?:第?[一二三四1-4]\s*季度|上季度|上个?月|上半年)"
    r"|\b(?:in\s+)?the\s+same\s+(?:period|quarter)\s+(?:of\s+|in\s+)?last\s+year\b"
    r"|\b(?:than|from)\s+(?:in\s+)?(?:the\s+)?(?:Q[1-4]|(?:first|second|third|fourth)\s+quarter|previous\s+quarter)\b"
    r"|\bcompared\s+(?:with|to)\s+(?:[A-Za-z-]+\s+){1,4}?(?:in|during)\s+the\s+(?:first|second|third|fourth)\s+quarter"
    r"\s+of\s+\d{4})"
)


def blank_bases(probe: str) -> str:
    """The text with its comparison bases ("较2023年同期", "from a year earlier") blanked, offsets kept."""
    return _BASE.sub(lambda b: " " * len(b.group(0)), probe)


# 第三季, 第2季 (Hong Kong and Taiwan papers drop 度); never a show's season (《…》第二季) nor a run (连续第四季).
_ZH_SHORT_QUARTER = _led(
    _ZH_YEAR_LEAD + "第", r"(?:(\d{4})\s*年\s*(?:的)?|(今年|去年|上年|本年)\s*)?(?<!》)(?<!连续)第([一二三四1-4])\s*季(?![度节])")
_ZH_PERIODS: list[tuple[re.Pattern[str], str]] = [
    # "1-3季度", "一至三季度", "第一季度至第三季度": a run of quarters (1-3 is nine months), never its last quarter.
    (_led(_ZH_YEAR_LEAD + "第一二三四", r"(?:(\d{4})\s*年\s*(?:的)?|(今年|去年|上年|本年)\s*)?(第?([一二三四1-4])\s*(?:季度)?\s*(?:-|–|—|~|至|到)"
                r"\s*第?([一二三四1-4])\s*季度?)"), "quarter_range"),
    (_led(_ZH_YEAR_LEAD + "前首", r"(?:(\d{4})\s*年\s*(?:的)?|(今年|去年|上年|本年)\s*)?(前三季度|(?<!》)前三季(?![节赛])|首三季度?)"), "nine"),
    (_led(_ZH_YEAR_LEAD + "第一二三四", r"(?:(\d{4})\s*年\s*(?:的)?|(今年|去年|上年|本年)\s*)?第?([一二三四1-4])\s*季度"), "quarter"),
    (_ZH_SHORT_QUARTER, "quarter"),
    # "首季", "次季" (first, second quarter): quarters written without 第 or 度.
    (_led(_ZH_YEAR_LEAD + "首次", r"(?:(\d{4})\s*年\s*(?:度\s*)?(?:的)?|(今年|去年|上年|本年)\s*)?((?<![本此这该每一])[首次]季度?)"
                r"(?![节风])"), "quarter_word"),
    # 中期 before a results word (中期纯利, 中期多赚), as Hong Kong papers write the interim period: the first half.
    (_led(_ZH_YEAR_LEAD + "上下中", r"(?:(\d{4})\s*年\s*(?:的)?|(今年|去年|上年|本年)\s*)?(上半年|下半年|(?<![长短远近])中期(?=\s*(?:业绩|纯利|盈利|溢利|多赚|少赚|净利|收入|营收|营业额|亏损)))"), "half"),
    (_led(_ZH_YEAR_LEAD + "全", r"(?:(\d{4})\s*年\s*(?:的)?|(今年|去年|上年|本年)\s*)?(全年)"), "full"),
    (_led(_ZH_YEAR_LEAD + "前首", r"(?:(\d{4})\s*年\s*(?:的)?|(今年|去年|上年|本年)\s*)?((?:前|首)\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*个\s*月)"),
     "first_n_months"),
    (_led(_ZH_YEAR_LEAD, rf"(?:(\d{{4}})\s*年\s*|(今年|去年|上年|本年)\s*)?(1{_DASH}(\d{{1,2}}))\s*月份?"), "months"),
    (_led(_ZH_YEAR_LEAD, r"(?:(\d{4})\s*年\s*|(今年|去年|上年|本年)\s*)?(\d{1,2})\s*月份?(?![\d日号])(?!活)"), "month"),
    (re.compile(r"(\d{4})\s*年(?:度)?(?!\s*\d{1,2}\s*月)"), "year"),
    (re.compile(r"(今年|去年|上年|本年)(?!同期)"), "relative_year"),
]
_EN_PERIODS: list[tuple[re.Pattern[str], str]] = [
    # "Q1-Q3 2022", "1Q-3Q22": a run of quarters (Q1-Q3 is nine months), never its last quarter.
    (re.compile(r"(?<![A-Za-z0-9])(?:Q([1-4])\s*[-–~]\s*Q([1-4])|([1-4])Q\s*[-–~]\s*([1-4])Q)(?:\s*(\d{4}))?"
                r"(?![A-Za-z0-9])"), "quarter_range_en"),
    # "2024 Q3 year-to-date (YTD)", "Q2 YTD": January to the end of that quarter.
    (re.compile(r"(?<![A-Za-z0-9])(?:(\d{4})\s*Q([1-4])|Q([1-4])(?:\s*(\d{4}))?)\s+(?:year[- ]to[- ]date|YTD)\b"
                r"(?:\s*\(YTD\))?", re.I),
     "quarter_ytd_en"),
    (re.compile(r"\b(first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+quarter"
                r"(?:\s+(?:(?:financial\s+)?(?:results?|report|earnings)\s+(?=for|of))?(?:of\s+|for\s+)?(?:(\d{4})(?!\d)|"
                r"(this|last)\s+year\b))?", re.I),
     "quarter_en"),
    # A fiscal year's code then its quarter, or the quarter then the code: "FY25Q3", "FY2025 Q3", "Q3FY25".
    (re.compile(r"(?<![A-Za-z0-9])(?:FY\s?((?:20)?[1-3]\d)\s?Q([1-4])|Q([1-4])\s?FY\s?([1-3]\d))(?![A-Za-z0-9%])"),
     "quarter_fy_code"),
    # Quarter codes with a two-digit year: "21Q4", "21q4", "4Q21", "Q4'21".
    (re.compile(r"(?<![A-Za-z0-9'’])(?:([1-3]\d)\s?[Qq]([1-4])|([1-4])[Qq]\s?([1-3]\d)|[Qq]([1-4])\s?['’]([1-3]\d))"
                r"(?![A-Za-z0-9%])"),
     "quarter_code_short"),
    # Fiscal years with a two-digit year, actual or estimated: "FY23A", "FY24E", "FY25".
    # Not after a quarter ("first-quarter FY22", "Q1 FY22"): there the code is the quarter's year, not a period.
    (re.compile(r"(?<!quarter[\s-])(?<![Qq][1-4]\s)(?<![Qq][1-4])\bFY\s?([1-3]\d)[AEF]?(?![A-Za-z0-9%])"),
     "year_code_short"),
    # Half codes with a two-digit year: "1H21", "2H21".
    (re.compile(r"(?<![A-Za-z0-9'’])([12])H([12]\d)(?![A-Za-z0-9%])"), "half_code_short"),
    (re.compile(r"(?<![A-Za-z0-9])(?:Q([1-4])(?:\s*'?(?:FY\s*)?(\d{4}))?|([1-4])Q(?:\s*(\d{4}))?|(\d{4})\s*Q([1-4]))"
                r"(?![A-Za-z0-9])"),
     "quarter_code"),
    (re.compile(r"\b(first|second)\s+half(?:\s+of\s+(?:(\d{4})|(?:the\s+)?(this|last)\s+year\b))?|\bH([12])\s*(\d{4})?\b",
                re.I), "half_en"),
    (re.compile(r"\bfirst\s+(?:nine\s+months|three\s+quarters)(?:\s+of\s+(?:(\d{4})|(?:the\s+)?(this|last)\s+year\b))?",
                re.I), "nine_en"),
    (re.compile(r"\bfirst\s+(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+months"
                r"(?:\s+of\s+(?:(\d{4})|(?:the\s+)?(this|last)\s+year\b))?", re.I), "months_en"),
    # "the March quarter of 2021", "in the June quarter": a quarter named by the month it ends in.
    (re.compile(r"\b(March|Mar|June|Jun|September|Sept|Sep|December|Dec)\.?[\s-]+quarter\b"
                r"(?:\s+(?:of|in)\s+(?:((?:19|20)\d{2})\b|(?:the\s+)?(this|last)\s+year\b))?(?:\s+((?:19|20)\d{2})\b)?"),
     "month_quarter_en"),
    (re.compile(rf"\bbetween\s+({_MONTHS})\s+and\s+({_MONTHS})(?:\s+(\d{{4}})|\s+(this|last)\s+year\b)?"),
     "month_range_en"),
    (re.compile(rf"\b({_MONTHS})\s*(?:-|–|to|through)\s*({_MONTHS})(?:\s+(\d{{4}})|\s+(this|last)\s+year\b)?"),
     "month_range_en"),
    # "Jan–Oct 2025", "Jan.-Sept. 2024": the same span with the months abbreviated.
    (re.compile(rf"\b({_MONTH_ABBR})\.?\s*(?:-|–|to|through)\s*({_MONTH_ABBR})\b\.?(?:\s+(\d{{4}})\b|\s+(this|last)\s+year\b)?"),
     "month_range_en"),
    (re.compile(rf"\b({_MONTHS})\s+(\d{{4}})\b"), "month_en"),
    (re.compile(rf"\b(?:(?:by|at)\s+(?:the\s+)?end\s+of|as\s+(?:of|at)\s+(?:the\s+)?end\s+of)\s+({_MONTHS})\b"
                r"(?!\s*\d)"), "month_end_en"),
    # A month without its year ("in April this year", "January-February, March and April"); "May" only after a
    # preposition, never after a bare comma.
    (re.compile(rf"(?:\b(?i:in|during|for|and|or|of)\s+|,\s*(?!May\b))({_MONTHS})\b(?!\s*\d)"
                rf"(?!\s*(?:-|–|to|through)\s*(?:{_MONTHS}))(?:\s+(this|last)\s+year\b)?"), "bare_month_en"),
    (re.compile(r"\b(?:FY|full[- ]year\s+)?((?:19|20)\d{2})(?:[EF]\b|\b)(?!\s*[-/]\d)"), "year"),
    (re.compile(r"\b(?:so far this year|year[- ]to[- ]date|YTD)\b", re.I), "ytd"),
    (re.compile(r"\b(this year|last year)\b", re.I), "relative_year_en"),
    (re.compile(r"\b(?:for|in|over)\s+the\s+(?:full|whole)\s+year\b(?!\s+(?:of\s+)?\d)", re.I), "full_year_en"),
]
# "the quarter ended Dec. 31", "the three months through (to the end of) June": a quarter named by its last month (matched before
# full dates are masked, as "December 31, 2022" is one).
_QUARTER_ENDED = re.compile(rf"\b(?:quarter|three[\s-]+months)\s+(?:ended|ending|to|through(?:\s+to)?)\s+(?:the\s+end\s+of\s+)?"
                            rf"({_MONTH_WORDS})\b\.?(?:\s+\d{{1,2}}\b)?(?:,?\s+((?:19|20)\d{{2}})\b)?", re.I)
_ROLLING = re.compile(r"过去一年|过去12个月|截至.{0,12}的12个月|MAT\d{4}|past (?:year|twelve months|12 months)|"
                      r"trailing twelve|the year to|12 months to|(?:year|twelve months|12 months) (?:ending|ended) in\b", re.I)


def _rel_year(word: str | None, published: date | None) -> int | None:
    if not word or published is None:
        return None
    w = word.lower()
    if w in ("今年", "本年", "this year"):
        return published.year
    return published.year - 1


# A word each Chinese period form of a kind always writes: a sentence without it needs no search for that kind.
_ZH_PERIOD_NEEDS: dict[str, tuple[str, ...]] = {
    "quarter_range": ("季",), "nine": ("三季",), "quarter": ("季",), "quarter_word": ("季",), "half": ("半年", "中期"),
    "full": ("全年",), "first_n_months": ("月",), "months": ("月",), "month": ("月",), "year": ("年",),
    "relative_year": ("年",),
}
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The same for the English forms, in lower case (a bare year is looked for in every sentence).
_EN_PERIOD_NEEDS: dict[str, tuple[str, ...]] = {
    "quarter_range_en": ("q",), "quarter_ytd_en": ("q",), "quarter_en": ("quarter",), "quarter_code_short": ("q",),
    "year_code_short": ("fy",), "quarter_fy_code": ("fy",), "half_code_short": ("h",), "quarter_code": ("q",), "half_en": ("h",),
    "nine_en": ("first",), "months_en": ("first",), "month_quarter_en": ("quarter",), "month_range_en": _MONTH_STEMS,
    "month_en": _MONTH_STEMS, "month_end_en": _MONTH_STEMS, "bare_month_en": _MONTH_STEMS, "ytd": ("year", "ytd"),
    "relative_year_en": ("year",), "full_year_en": ("year",),
}


# "for the second quarter in a row", "the fourth quarter running": a count of quarters, no period.
_QUARTER_COUNT = re.compile(r"\b(?:second|third|fourth|2nd|3rd|4th)[\s-]+quarter(?=\s+(?:in\s+a\s+row|running)\b)", re.I)


def _quarter_counts(probe: str) -> list[re.Match[str]]:
    """The quarter counts of a sentence ("for the third quarter in a row")."""
    if "uarter" not in probe or (" row" not in probe and "running" not in probe):
        return []
    return list(_QUARTER_COUNT.finditer(probe))


# "vs late-2024", "versus early 2023", "vs. mid-2022": the time a comparison is made against, no period of the figure.
_VERSUS_TIME = re.compile(r"\b(?:vs\.?|versus)\s+(?:the\s+)?(?:late|early|mid|end)[\s-]+(?:of\s+)?(?:19|20)\d{2}\b", re.I)


def _versus_times(probe: str) -> list[re.Match[str]]:
    """The comparison times of a sentence ("moderated vs late-2024")."""
    if "vs" not in probe and "versus" not in probe:
        return []
    return list(_VERSUS_TIME.finditer(probe))


def find_periods(probe: str, published: date | None) -> list[PeriodMention]:
    """Period phrases in a (matching-text) sentence, comparison bases and full dates excluded."""
    bases = list(_BASE.finditer(probe))
    masked = _mask(probe, [*_FULL_DATE.finditer(probe), *bases, *_quarter_counts(probe), *_versus_times(probe)])
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], kind: str, year: int | None, a: int = 0, b: int = 0) -> None:
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(PeriodMention(m.start(), m.end(), kind, year, a, b))

    ended = _QUARTER_ENDED.finditer(_mask(probe, bases)) if "uarter" in probe or "onths" in probe else ()
    for m in ended:
        month = P.MONTHS_EN.get(m.group(1).lower())
        if month and month % 3 == 0:
            add(m, "quarter", int(m.group(2)) if m.group(2) else None, month // 3)
    for pattern, kind in _ZH_PERIODS:
        if pattern is _ZH_SHORT_QUARTER and "第" not in masked:
            continue  # the cheap test first: this form always writes 第
        needs = _ZH_PERIOD_NEEDS.get(kind)
        if needs is not None and not any(w in masked for w in needs):
            continue  # every form of this kind writes one of these words
        for m in pattern.finditer(masked):
            _zh_period(m, kind, published, add)
    if "上季" in masked and published is not None:
        for m in _LAST_QUARTER_ZH.finditer(masked):
            q = (published.month - 1) // 3 or 4
            add(m, "quarter", published.year - (q == 4), q)
    latin = _LATIN.search(masked) is not None
    lower = masked.lower() if latin else ""
    for pattern, kind in _EN_PERIODS:
        if not latin and kind != "year":
            continue  # every English period but a bare year is written with Latin letters
        needs = _EN_PERIOD_NEEDS.get(kind)
        if needs is not None and not any(w in lower for w in needs):
            continue  # every form of this kind writes one of these letters or words
        if kind == "quarter_ytd_en" and not _TO_DATE_WORDS.search(masked):
            continue
        for m in pattern.finditer(masked):
            _en_period(m, kind, published, add)
    if "月" in probe:
        found = [_broken_run(probe, p) for p in found]
    return sorted(found, key=lambda p: p.start)


# 上季 in a report on the results (上季网络广告收入升六成): the quarter before the one the text is published in; never a
# comparison base (较上季, 按上季) nor 上季度 (the quarter before the reported one).
_LAST_QUARTER_ZH = re.compile(r"(?<![较比与按和及])上季(?![度末初])")


# "1月剪切至8月": a month written as the end of a run whose start the run pattern could not read.
_RUN_BEFORE_MONTH = re.compile(r"\d{1,2}\s*月[^，,。;；\d月]{0,4}(?:至|到|-|—|~)\s*$")


def _broken_run(probe: str, p: PeriodMention) -> PeriodMention:
    """A lone month that ends an unread month run, as a phrase naming no certain period; else the mention."""
    if p.kind in ("month", "month_bare") and _RUN_BEFORE_MONTH.search(probe, max(0, p.start - 12), p.start):
        return replace(p, kind="unclear")
    return p


def _zh_period(m: re.Match[str], kind: str, published: date | None, add) -> None:
    if kind == "year":
        add(m, "year", int(m.group(1)))
        return
    if kind == "relative_year":
        add(m, "year", _rel_year(m.group(1), published))
        return
    y = int(m.group(1)) if m.group(1) else _rel_year(m.group(2), published)
    token = m.group(3)
    if kind == "quarter_range":
        _quarter_run(m, y, _ZH_NUM.get(m.group(4)) or int(m.group(4)), _ZH_NUM.get(m.group(5)) or int(m.group(5)), add)
        return
    if kind == "quarter":
        q = int(token) if token.isdigit() else _ZH_NUM[token]
        add(m, "quarter", y, q)
    elif kind == "quarter_word":
        add(m, "quarter", y, _ZH_QUARTER_WORD[token[0]])
    elif kind == "half":
        add(m, "half", y, 2 if token == "下半年" else 1)
    elif kind == "nine":
        add(m, "nine", y)
    elif kind == "full":
        add(m, "year_open", y)
    elif kind == "months":
        add(m, "months", y, 1, int(m.group(4)))
    elif kind == "first_n_months":
        try:
            n = int(_zh_int(m.group(4)))
        except P.PeriodError:
            n = 0  # numerals that are no number (`前十十个月`)
        _first_months(m, y, n, add)
    elif kind == "month":
        mo = int(token)
        if 1 <= mo <= 12:
            add(m, "month", y, mo)


_ZH_QUARTER_WORD = {"首": 1, "次": 2}


def _quarter_run(m: re.Match[str], year: int | None, first: int, last: int, add) -> None:
    """A run of quarters: the first three are nine months, the first two a half; any other run is unclear."""
    if (first, last) == (1, 3):
        add(m, "nine", year)
    elif (first, last) in ((1, 2), (3, 4)):
        add(m, "half", year, 1 if first == 1 else 2)
    else:
        add(m, "unclear", year)


def _first_months(m: re.Match[str], year: int | None, n: int, add) -> None:
    """January to month `n`; a count that is no such month claims the phrase as unclear, not its year alone."""
    if 2 <= n <= 12:
        add(m, "months", year, 1, n)
    else:
        add(m, "unclear", year)


def _en_period(m: re.Match[str], kind: str, published: date | None, add) -> None:
    g = m.groups()
    if kind == "quarter_range_en":
        _quarter_run(m, int(g[4]) if g[4] else None, int(g[0] or g[2]), int(g[1] or g[3]), add)
        return
    if kind == "quarter_en":
        year = int(g[1]) if g[1] else _rel_year(g[2].lower() + " year", published) if g[2] else None
        add(m, "quarter", year, _EN_ORD[g[0].lower()])
    elif kind == "quarter_code":
        if g[0]:
            add(m, "quarter", int(g[1]) if g[1] else None, int(g[0]))
        elif g[2]:
            add(m, "quarter", int(g[3]) if g[3] else None, int(g[2]))
        else:
            add(m, "quarter", int(g[4]), int(g[5]))
    elif kind == "quarter_code_short":
        yy, q = (g[0], g[1]) if g[0] else (g[3], g[2]) if g[2] else (g[5], g[4])
        add(m, "quarter", 2000 + int(yy), int(q))
    elif kind == "quarter_fy_code":
        yy, q = (g[0], g[1]) if g[0] else (g[3], g[2])
        add(m, "quarter", int(yy) if len(yy) == 4 else 2000 + int(yy), int(q))
    elif kind == "year_code_short":
        add(m, "year", 2000 + int(g[0]))
    elif kind == "half_code_short":
        add(m, "half", 2000 + int(g[1]), int(g[0]))
    elif kind == "half_en":
        if g[0]:
            add(m, "half", _stated_year(g[1], g[2], published), 1 if g[0].lower() == "first" else 2)
        else:
            add(m, "half", int(g[4]) if g[4] else None, int(g[3]))
    elif kind == "nine_en":
        add(m, "nine", _stated_year(g[0], g[1], published))
    elif kind == "months_en":
        _first_months(m, _stated_year(g[1], g[2], published),
                      int(g[0]) if g[0].isdigit() else _EN_COUNT[g[0].lower()], add)
    elif kind == "month_quarter_en":
        add(m, "quarter", _stated_year(g[1] or g[3], g[2], published), (P.MONTHS_EN.get(g[0].lower()) or 9) // 3)
    elif kind == "month_range_en":
        a, b = P.MONTHS_EN[g[0].lower()], P.MONTHS_EN[g[1].lower()]
        year = int(g[2]) if g[2] else _rel_year(f"{g[3]} year", published) if g[3] else None
        if a == 1:
            add(m, "months", year, 1, b)
        elif a % 3 == 1 and b == a + 2:  # "July-September": a calendar quarter
            add(m, "quarter", year, (a - 1) // 3 + 1)
        else:  # "March to June 2023": a span the contract has no period for, never its last month alone
            add(m, "unclear", year)
    elif kind == "bare_month_en":
        add(m, "month_bare", _rel_year(f"{g[1]} year", published) if g[1] else None, P.MONTHS_EN[g[0].lower()])
    elif kind == "month_en":
        add(m, "month", int(g[1]), P.MONTHS_EN[g[0].lower()])
    elif kind == "month_end_en":
        add(m, "month", None, P.MONTHS_EN[g[0].lower()])
    elif kind == "year":
        add(m, "year", int(g[0]))
    elif kind == "relative_year_en":
        add(m, "year", _rel_year(g[0], published))
    elif kind == "full_year_en":
        add(m, "year_open", None)
    elif kind == "quarter_ytd_en":
        _quarter_to_date(m, int(g[0] or g[3]) if (g[0] or g[3]) else None, int(g[1] or g[2]), add)
    elif kind == "ytd":
        add(m, "ytd", None)


_LATIN = re.compile(r"[A-Za-z]")


_TO_DATE_WORDS = re.compile(r"YTD|to[- ]date", re.I)


def _quarter_to_date(m: re.Match[str], year: int | None, q: int, add) -> None:
    """The year up to the end of quarter `q`: the first quarter, the first half, nine months or the whole year."""
    if q == 1:
        add(m, "quarter", year, 1)
    elif q == 2:
        add(m, "half", year, 1)
    elif q == 3:
        add(m, "nine", year)
    else:
        add(m, "year", year)


def _stated_year(year: str | None, relative: str | None, published: date | None) -> int | None:
    """The year a period phrase writes: four digits, "this year" or "last year" against the publication date."""
    if year:
        return int(year)
    return _rel_year(f"{relative.lower()} year", published) if relative else None


def _mask(text: str, matches) -> str:
    if isinstance(matches, list) and not matches:
        return text
    chars = list(text)
    for m in matches:
        for i in range(m.start(), m.end()):
            chars[i] = "\x00"
    return "".join(chars)


def build_period(p: PeriodMention, year: int) -> Period:
    """The contract Period of a mention once its year is known."""
    if p.kind == "quarter":
        return P.quarter(year, p.a)
    if p.kind == "half":
        return P.half(year, p.a)
    if p.kind == "nine":
        return P.nine_months(year)
    if p.kind in ("year", "year_open"):
        return P.year(year)
    if p.kind == "months":
        return P.months(year, 1, p.b)
    if p.kind in ("month", "month_bare"):
        return P.month(year, p.a)
    if p.kind == "unclear":
        raise P.PeriodError("a period phrase that names no calendar period")
    raise P.PeriodError(f"unknown period kind {p.kind}")


def year_from_published(p: PeriodMention, published: date, estimate: bool = False) -> int:
    """The year a yearless period has in a text published on `published`: the latest one already begun
    (estimates) or already ended (reported figures)."""
    y = published.year
    period = build_period(p, y)
    if estimate:
        return y if period.start <= published else y - 1
    return y if period.end <= published else y - 1


# ---------------------------------------------------------------- values

_NUM = r"\d[\d,]*(?:\.\d+)?"
_ZH_SCALE = r"万亿|萬億|千亿|百亿|十亿|亿|千万|百万|万"
_MONEY_ZH = re.compile(rf"(?:人民币|RMB\s?)?(?P<num>{_NUM})\s*(?P<scale>{_ZH_SCALE})?\s*(?P<ccy>元|美元|港元)")
# "RMB 144.188B", "$22.6B": a capital B or M glued to an amount with a currency is billion or million.
_MONEY_EN = re.compile(
    rf"(?P<cur>RMB|Rmb|CNY|US\$|USD|HKD|HK\$|\$|¥)\s?(?P<num>{_NUM})(?:\s*(?P<scale>(?i:trillion|billion|million|tn|bn|mn)|(?<=\d)[BM])\b)?"
    rf"|(?P<num2>{_NUM})\s*(?P<scale2>(?i:trillion|billion|million))\s+(?P<ccy2>(?:Chinese\s+)?yuan|RMB|CNY|renminbi|US dollars|dollars)\b"
)
_MULT_BASE = re.compile(
    r"(?:是|为|达到?|相当于)\s*(?:\d{4}\s*年|去年|上年|前一年|上一年)(?:同期)?的\s*"
    r"(?P<q>近|约|超过|超|接近|将近)?\s*(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*倍"
)
_MULT_GROWTH = re.compile(r"(?:增长|增加|提升|上涨)了?\s*(?P<q>近|约|超过|超|接近)?\s*(?P<num>\d+(?:\.\d+)?|[两三四五六七八九十]+)\s*倍")
_MULT_BARE = re.compile(r"(?:\d+(?:\.\d+)?|[两三四五六七八九十]+)\s*倍")
_DOUBLE_ZH = re.compile(r"(?P<q>超过|超|近|接近|几乎|将近|约)?\s*(?:翻了?一?番|翻倍|(?:增长|增加)了?(?P<q2>超过|超|近|约)?一倍)")
_MULT_EN = re.compile(
    r"(?P<q>more than |over |nearly |almost |about |roughly )?"
    r"(?P<word>doubled|tripled|trebled|quadrupled|doubling|tripling|trebling|quadrupling)\b(?!\s+down\b)"
    r"|(?P<q2>more than |over |nearly |almost |about )?(?P<num>\d+(?:\.\d+)?|two|three|four|five)\s*(?:times|x)\s+"
    r"(?:last year's|the (?:previous|prior) year's|that of (?:a year earlier|last year|the previous year|\d{4})|"
    r"the level of (?:a year (?:earlier|ago)|last year|the previous year))"
    r"(?:\s+level)?",
    re.I,
)
_EN_NUMBER = {"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0}
_MULT_EN_AMBIGUOUS = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?:times|fold)\b", re.I)
_PCT = re.compile(
    r"(?:(?P<sign>[-+])|(?:(?<=[\u4e00-\u9fff(（:：])|(?<=[\u4e00-\u9fff(（:：]\s))(?P<dash>[–−])\s?)?"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<pct>%|个百分点|percentage points?|per ?cent|pp\b)"
)
# Amounts and percentages in Chinese numerals (一百九十九亿元, 升四成八, 占收入七成二, 百分之十二点五); never a vague
# amount (数十亿元, 一百多亿元), a date or an ordinal, nor 成 inside a word (一成不变, 成本, 八成是).
_MONEY_ZH_NUMERAL = re.compile(
    rf"(?<![{ZH_NUMERALS}几数万亿第])(?P<num>[一二两三四五六七八九十][{ZH_NUMERALS}]*)(?P<scale>亿|万)"
    rf"(?![{ZH_NUMERALS}几多余])\s*(?P<ccy>元|美元|港元)"
)
_PCT_TENTHS = re.compile(
    r"(?:(?:升|增|长|加|涨|跌|降|减|少|滑|达|为|占[^，。,;；:：]{0,8}?)了?\s*(?:超过|超|逾|近|约|接近|将近)?|超过|逾|近|约|接近|将近)\s*"
    r"(?P<n>[一二两三四五六七八九])成(?:(?P<d>[一二三四五六七八九])(?![十百千万亿成季月年日个倍点])|(?P<half>半))?"
    r"(?![为功本交长员熟果就立效不])"
)
_TENTHS_GATE = re.compile(r"[一二两三四五六七八九]成")
_PCT_ZH_WORDS = re.compile(r"百分之(?P<n>[零一二两三四五六七八九十百]+)(?:点(?P<d>[零一二三四五六七八九]+))?(?!点|个?百分点)")
_COUNT = re.compile(
    rf"(?P<num>{_NUM})\s*(?P<scale>亿|万|千万|百万)(?P<cu>人|户|单|笔|场|个|件|次|名|用户|账户)?(?![元美港\d])"
    rf"|(?P<num2>{_NUM})\s*(?P<scale2>million|billion)\s+(?:(?:monthly|daily)\s+active\s+)?"
    r"(?P<cu2>users|orders|people|viewers|buyers|merchants|accounts)\b"
    rf"|(?<![$¥\w])(?P<num3>{_NUM})\s*(?P<scale3>million|billion)\b(?!\s*(?:yuan|RMB|CNY|US dollars|dollars|euros|won|yen))"
)
_EN_MULT_WORDS = {"doubled": 100.0, "tripled": 200.0, "trebled": 200.0, "quadrupled": 300.0, "doubling": 100.0,
                  "tripling": 200.0, "trebling": 200.0, "quadrupling": 300.0}


@dataclass(slots=True)
class Value:
    """A figure found in a sentence, before it is placed: kind, value, unit and where it is."""

    start: int
    end: int
    kind: str  # money, count, pct, growth_multiple, ambiguous_multiple, points
    value: float = 0.0
    unit: str = ""
    qualifier: str | None = None
    signed: bool = False
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _zh_int(token: str) -> float:
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    return float(_ZH_NUM[token]) if token in _ZH_NUM else float(P.zh_small_number(token))


def _q_word(word: str | None) -> str | None:
    if not word:
        return None
    w = word.strip().lower()
    if w in ("超过", "超", "more than", "over"):
        return "gt"
    return "approx"


def find_values(probe: str) -> list[Value]:
    """Figures in a (matching-text) sentence: money, counts, percentages and growth multiples."""
    found: list[Value] = []

    def free(s: int, e: int) -> bool:
        return not any(s < v.end and v.start < e for v in found)

    for m in _MULT_BASE.finditer(probe):
        try:
            n = _zh_int(m.group("num"))
        except (P.PeriodError, ValueError, KeyError):
            continue
        found.append(Value(m.start("q") if m.group("q") else m.start("num"), m.end(), "growth_multiple",
                           round((n - 1) * 100, 6), "pct", _q_word(m.group("q"))))
    for m in _MULT_GROWTH.finditer(probe):
        if free(m.start(), m.end()):
            found.append(Value(m.start("num") if not m.group("q") else m.start("q"), m.end(), "ambiguous_multiple",
                               note="增长N倍 may mean N or N+1 times the base"))
    for m in _DOUBLE_ZH.finditer(probe):
        if free(m.start(), m.end()):
            q = m.group("q") or m.group("q2")
            start = m.start() if m.group("q") else m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            found.append(Value(start, m.end(), "growth_multiple", 100.0, "pct", _q_word(q)))
    for m in _MULT_BARE.finditer(probe):
        if free(m.start(), m.end()):
            found.append(Value(m.start(), m.end(), "ambiguous_multiple", note="a multiple without a stated base"))
    for m in _MULT_EN.finditer(probe):
        if not free(m.start(), m.end()):
            continue
        if m.group("word"):
            value = _EN_MULT_WORDS[m.group("word").lower()]
            q = m.group("q")
        else:
            times = _EN_NUMBER.get(m.group("num").lower()) or float(m.group("num"))
            value = round((times - 1) * 100, 6)
            q = m.group("q2")
        found.append(Value(m.start(), m.end(), "growth_multiple", value, "pct", _q_word(q)))
    for m in _MULT_EN_AMBIGUOUS.finditer(probe):
        if free(m.start(), m.end()):
            found.append(Value(m.start("num"), m.end(), "ambiguous_multiple", note="'grew N times' may mean N or N+1"))
    for m in _MONEY_ZH.finditer(probe):
        if free(m.start(), m.end()):
            unit = {"元": "CNY", "美元": "USD", "港元": "HKD"}[m.group("ccy")]
            found.append(_scaled_value(m, m.group("num"), m.group("scale") or "", "money", unit))
    if "元" in probe:
        found.extend(v for v in _zh_money(probe) if free(v.start, v.end))
    for m in _MONEY_EN.finditer(probe):
        if not free(m.start(), m.end()):
            continue
        if m.group("num"):
            cur = m.group("cur").upper()
            unit = "USD" if cur in ("US$", "USD", "$") else "HKD" if cur in ("HK$", "HKD") else "CNY"
            found.append(_scaled_value(m, m.group("num"), m.group("scale") or "", "money", unit))
        else:
            unit = "USD" if "dollar" in m.group("ccy2").lower() else "CNY"
            found.append(_scaled_value(m, m.group("num2"), m.group("scale2"), "money", unit))
    for m in _PCT.finditer(probe):
        if not free(m.start(), m.end()):
            continue
        unit_word = m.group("pct").lower()
        if unit_word != "%" and (not unit_word.startswith("per") or unit_word.startswith("percentage")):
            found.append(Value(m.start(), m.end(), "points", note="a change in percentage points is not a level"))
            continue
        value = float(m.group("num"))
        signed = m.group("sign") == "-" or bool(m.group("dash"))  # a dash after a word is a minus ("至 – 2.7%")
        found.append(Value(m.start(), m.end(), "pct", -value if signed else value, "pct", signed=signed))
    if "百分之" in probe or ("成" in probe and _TENTHS_GATE.search(probe)):
        found.extend(v for v in _zh_percentages(probe) if free(v.start, v.end))
    for m in _COUNT.finditer(probe):
        if free(m.start(), m.end()):
            if m.group("num"):
                num, scale = m.group("num"), m.group("scale")
            elif m.group("num2"):
                num, scale = m.group("num2"), m.group("scale2")
            else:
                num, scale = m.group("num3"), m.group("scale3")
            found.append(_scaled_value(m, num, scale, "count", "count"))
    if "from" in probe:
        _from_amounts_in_currency(probe, found)
    return sorted(found, key=lambda v: v.start)


# "97.2 billion yuan, up 21% from 80.6 billion in the same period": the base after "from" drops the currency the
# amount before it in the same clause names; it ends the clause or is followed by its period, never by a noun.
_FROM_BARE = re.compile(r"\bfrom\s+$")
_FROM_BARE_END = re.compile(r"\s*(?:$|[,.;)]|(?:in|a|the|last|during|for|over|at|on|year)\b)")
_BARE_SCALE = re.compile(r"(?:million|billion|trillion)", re.I)


def _from_amounts_in_currency(probe: str, found: list[Value]) -> None:
    """Make a bare-scale base after 'from' money in the currency of the scaled amount before it in its clause."""
    for i, v in enumerate(found):
        if v.kind != "count" or not _FROM_BARE.search(probe, max(0, v.start - 12), v.start):
            continue
        if not _BARE_SCALE.search(probe, v.start, v.end) or not _FROM_BARE_END.match(probe, v.end):
            continue
        before = [w for w in found if w.end <= v.start and w.kind != "pct"]
        last = max(before, key=lambda w: w.end, default=None)
        if last is None or last.kind != "money" or not _BARE_SCALE.search(probe, last.start, last.end):
            continue
        found[i] = Value(v.start, v.end, "money", v.value, last.unit)


def _zh_money(probe: str) -> list[Value]:
    """Money in Chinese numerals with a scale word (六百七十六亿元), read as the same amount in digits would be."""
    out: list[Value] = []
    for m in _MONEY_ZH_NUMERAL.finditer(probe):
        try:
            num = format(zh_numeral(m.group("num")), "f").rstrip("0").rstrip(".")
        except NumberFormatError:
            continue
        unit = {"元": "CNY", "美元": "USD", "港元": "HKD"}[m.group("ccy")]
        out.append(_scaled_value(m, num, m.group("scale"), "money", unit))
    return out


def _zh_percentages(probe: str) -> list[Value]:
    """Percentages in Chinese numerals: tenths after a change or share word (升四成八 48) and 百分之N点M."""
    out: list[Value] = []
    for m in _PCT_TENTHS.finditer(probe):
        try:
            value = zh_tenths(m.group("n"), "半" if m.group("half") else m.group("d") or "")
        except NumberFormatError:
            continue
        out.append(Value(m.start("n"), m.end(), "pct", value, "pct"))
    for m in _PCT_ZH_WORDS.finditer(probe):
        try:
            value = zh_decimal(m.group("n"), m.group("d") or "")
        except NumberFormatError:
            continue
        out.append(Value(m.start(), m.end(), "pct", value, "pct"))
    return out


def _scaled_value(m: re.Match[str], num: str, scale: str, kind: str, unit: str) -> Value:
    try:
        value = scaled(num, scale_factor(scale))
    except NumberFormatError:
        return Value(m.start(), m.end(), "unreadable", note=f"unreadable number {num!r}")
    return Value(m.start(), m.end(), kind, value, unit)


# ---------------------------------------------------------------- claims


@dataclass(slots=True)
class ClaimContext:
    """What a sentence inherits: publication date, title period/year, entity and period carried over."""

    published: date | None = None
    title_year: int | None = None
    title_period: Period | None = None
    lexicon: Lexicon | None = None
    entity_filter: frozenset[str] | None = None
    quarter: PeriodMention | None = None  # the one quarter the text reports on ("this quarter" names it)
    study_segment: str | None = None  # the context segment of a retail-channel study ("" when it names none)
    measured_by: str | None = None  # a data firm whose report the text is (named in its title)
    title_entity: str | None = None  # the one company a headline names: the subject of a body opening without it
    title_mentions: tuple[PeriodMention, ...] = ()  # the period phrases of the title
    preview: bool = False  # the title announces results to come ("... to Report Q4 Earnings")
    span_and_quarter: bool = False  # the text names a half-year or nine months and the quarter that ends it
    span_check: Callable[[], bool] | None = None  # reads span_and_quarter from the text on first need
    to_come: frozenset[str] = frozenset()  # periods whose results the text says are still to be announced


@dataclass(slots=True)
class ClaimResult:
    """Facts, held-back values and events from a run of the extractor."""

    facts: list[Fact] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def title_context(title: str | None, published: date | None) -> tuple[int | None, Period | None]:
    """The year a title names (if one) and its period (if exactly one period is named)."""
    if not title:
        return None, None
    probe = blank_bases(P.blank_dates(matching_text(title)))  # a dateline's day is when the page was written, not a period;
    # a comparison base ("较2023年同期") is not the year the title speaks of
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", probe)}
    year = years.pop() if len(years) == 1 else None
    mentions = find_periods(probe, published)
    period = None
    if len(mentions) == 1:
        try:
            y = mentions[0].year or year
            if y is None and published is not None:
                y = year_from_published(mentions[0], published)
            period = build_period(mentions[0], y) if y is not None else None
        except (P.PeriodError, ValueError):
            period = None
    return year, period


_HEADLINE_MAX = 100
_DATELINE = re.compile(r"\s--\s|/PRNewswire/|\bBusiness Wire\b|\(SEHK|\bHKEX\b", re.I)


def title_entity(title: str | None, lex: Lexicon | None = None) -> str | None:
    """The one company a headline names ("China's Tencent beats Q2 revenue forecasts"), else None (also for a long
    first line or a wire dateline, which open a text rather than head it)."""
    if not title or len(title) > _HEADLINE_MAX or _DATELINE.search(title):
        return None
    lex = lex or load_lexicon()
    named = {t.alias.key for t in lex.find("entities", matching_text(title))}
    companies = [key for key in named if lex.entity_kind.get(key) == "company"]
    return companies[0] if len(companies) == 1 else None


_HEADING_MAX = 40


def is_heading(para: str) -> bool:
    """A short line with no figure and no sentence end: a section heading."""
    probe = matching_text(para).strip()
    return 0 < len(probe) <= _HEADING_MAX and not re.search(r"[。！？.!?；;,，:：]\s*$|[。；;]", probe) \
        and not find_values(probe)


# A picture's caption or placeholder on a line of its own (資料圖片, 网上图片, 图片来源: 新华社, upload_article_image).
_CAPTION = re.compile(r"(?:图片|截图|配图)\s*(?:来源|[:：]|[)）\s]*$)|^\W*(?:image|photo)s?\s*(?:[:：]|source|credit|$)|"
                      r"_image\b", re.I)


def is_caption(para: str) -> bool:
    """A short line naming a picture (its caption or placeholder), not a section heading."""
    return _CAPTION.search(matching_text(para)) is not None


def _is_page_chrome(lex: Lexicon, para: str) -> bool:
    """Whether a short line is a page's sign-up or link box ("Stay Informed", "Sign Up Today"), not a section heading."""
    probe = matching_text(para)
    if not _CHROME_GATE.search(probe):
        return False
    return lex.words("guard_page_chrome", lex.guards.get("page_chrome", [])).search(probe) is not None


_CHROME_GATE = re.compile(r"[Ss]ign|[Ss]ubscri|[Ii]nbox|[Nn]ewsletter|[Ss]tay|[Rr]elated|[Aa]dvert")


def _is_headline(para: str) -> bool:
    """A short line with a figure but no sentence punctuation ("直播电商市场规模超过2万亿元"): a headline."""
    probe = matching_text(para).strip()
    return 0 < len(probe) <= _HEADING_MAX and not re.search(r"[。！？.!?；;,，:：]", probe.rstrip("."))


_LIST_HEADING = re.compile(r"[:：]\s*$")


def _is_list_heading(para: str) -> bool:
    """A short line with no figure ending with a colon ("FY2024 highlights:", "Gaming:"): it opens a list."""
    probe = matching_text(para).strip()
    return 0 < len(probe) <= _HEADING_MAX and bool(_LIST_HEADING.search(probe)) and not find_values(probe)


_WORD_CHAR = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def _is_bullet_mark(para: str) -> bool:
    """A line with no letter, digit or Chinese character ("-", "•", "*"): a list's bullet rendered on its own line."""
    return _WORD_CHAR.search(para) is None


def _looks_ahead(lex: Lexicon, heading: str) -> bool:
    """Whether a heading opens a look ahead ("Outlook", "Looking ahead"), whose items the text's period does not date."""
    return lex.words("guard_outlook", lex.guards.get("outlook_heading", [])).search(matching_text(heading)) is not None


def _is_dateline(lex: Lexicon, para: str) -> bool:
    """Whether a line opens with a page's date word ("Updated 07/09/2023", "发布时间：2023-07-09"): the date of the
    page, not a period of the figures below it."""
    return lex.words("guard_dateline", lex.guards.get("dateline", [])).match(matching_text(para).strip()) is not None


def _label_keeps_period(lex: Lexicon, heading: str, whole: PeriodMention | None, ahead: bool) -> PeriodMention | None:
    """The text's one period under a heading made only of results-section words ("Earnings", "Key figures"), else
    None."""
    if whole is None or ahead:
        return None
    words = lex.words("guard_results_heading", lex.guards.get("results_heading", []))
    label = _HEADING_NUMBER.sub("", matching_text(heading), count=1)
    rest = words.sub(" ", label)
    return whole if rest != label and not re.search(r"\w", rest) else None


# A heading's number in an outline ("2.", "2.1", "II.", "b)"): no word of the heading.
_HEADING_NUMBER = re.compile(r"^\s*(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-h])[.)、]?\s+")


def heading_period(para: str, published: date | None) -> PeriodMention | None:
    """The one period a section heading names ("Second quarter 2025", "2024年第四季度"), else None."""
    mentions = find_periods(matching_text(para), published)
    return mentions[0] if len(mentions) == 1 and mentions[0].year is not None else None


def extract(text: str, ctx: ClaimContext | None = None) -> ClaimResult:
    """Claims and events of a text, paragraph by paragraph (each non-empty line is one paragraph)."""
    ctx = ctx or ClaimContext()
    lex = ctx.lexicon or load_lexicon()
    result = ClaimResult()
    paras = paragraphs(text)
    previous_entity: str | None = ctx.title_entity or segments_subject(lex, paras)
    if ctx.quarter is None and any(_THIS_QUARTER.search(matching_text(p)) for p in paras):
        ctx = replace(ctx, quarter=only_quarter(paras, ctx.published, lex))
    if ctx.study_segment is None:
        ctx = replace(ctx, study_segment=channel_study(lex, paras))
    if not ctx.span_and_quarter:
        ctx = replace(ctx, span_check=cache(partial(span_ending_with_quarter, paras, ctx.published)))
    section: PeriodMention | None = only_period(paras, ctx.published, lex)
    if section is not None and _title_names_other(ctx, section):
        section = None  # "released its second-quarter results" over a body whose one period phrase is a later aside
    section = section or results_quarter(paras, ctx.published, lex) or undated_results_quarter(paras, ctx.published, lex)
    if ctx.preview or any(_PREVIEW.search(matching_text(p)) for p in paras):
        # A preview of results to come: the quarter it looks ahead to dates no figure that names no period itself.
        ctx = replace(ctx, quarter=None, title_period=None, to_come=periods_to_come(paras, ctx.published))
        section = None
    whole, ahead, bulleted = section, False, False  # the text's one period; a look-ahead heading; a bullet line
    opening = _lead_start(paras)  # the story's first paragraph: headings above it are the page's, not sections
    for pi, para in enumerate(paras, start=1):
        if _is_bullet_mark(para):
            bulleted = True  # a list's bullet on a line of its own ("-", "•"): the next line is an item
            continue
        if is_heading(para) and (is_caption(para) or _is_page_chrome(lex, para)):
            continue  # a picture's caption (資料圖片, 网上图片) or a sign-up box opens no section: the paragraphs go on
        if is_heading(para) or _is_list_heading(para):
            ahead = _looks_ahead(lex, para)
            section = None if _is_dateline(lex, para) or is_date_only(para) else (
                heading_period(para, ctx.published) or _label_keeps_period(lex, para, whole, ahead)
                or (whole if pi < opening and not ahead else None))
            bulleted = False
            previous_entity = _paragraph(para, pi, ctx, lex, result, previous_entity)
            continue
        own = whole if section is None and bulleted and not ahead else section
        bulleted = False
        previous_entity = _paragraph(para, pi, ctx, lex, result, previous_entity, own)
    stated = list(result.facts)
    result.facts, slipped = drop_yi_slips(result.facts)
    result.held += slipped
    result.facts, converted = drop_conversions(result.facts)
    result.held += converted
    result.facts, conflicts = drop_conflicts(result.facts)
    result.held += conflicts
    result.facts, finer = drop_finer_than_millions(result.facts)
    result.held += finer
    result.facts, implausible = drop_profits_above_revenue(result.facts, stated)
    result.held += implausible
    result.facts, loose = drop_loose_restatements(result.facts, paras)
    result.held += loose
    return result


# Words of a half-year or nine months, cheap to look for before reading the periods of every paragraph.
_SPAN_WORDS = ("半年", "中期", "前三季", "首三季", "九个月", "六个月", "half", "nine months", "six months", "h1", "interim")


def _last_quarter_of(p: PeriodMention) -> int | None:
    """The quarter a half-year or a span of months ending at a quarter's end closes with; None for other periods."""
    if p.kind == "half" and p.a in (1, 2):
        return 2 * p.a
    if p.kind == "nine":
        return 3
    if p.kind == "months" and p.a == 1 and p.b in (6, 9):
        return p.b // 3
    return None


def _spans_and_quarter(ctx: ClaimContext) -> bool:
    """Whether the text names a half-year or nine months and the quarter that ends it (read once, when first asked)."""
    return ctx.span_and_quarter or (ctx.span_check is not None and ctx.span_check())


def span_ending_with_quarter(paras: list[str], published: date | None) -> bool:
    """Whether a text names a half-year or nine months and also the quarter that ends it (an interim report)."""
    probes = [matching_text(p) for p in paras]
    if not any(w in probe.lower() for probe in probes for w in _SPAN_WORDS):
        return False
    mentions = [m for probe in probes for m in find_periods(probe, published)]
    quarters = {m.a for m in mentions if m.kind == "quarter"}
    return any(_last_quarter_of(m) in quarters for m in mentions)


_FULL_STOP = re.compile(r"[。！？]|[.!?](?:\s|$)")


_YEAR_KINDS = frozenset({"year", "year_open"})


def _growth_after_comparative(s: _Sentence, v: Value) -> PeriodMention | None:
    """The later period of "<P>为A,<the year before>为B,同比增长g%": the growth is P's, the year before only its
    comparative; None when the figure follows no such pair."""
    before = [p for p in s.periods if p.end <= v.start and p.year is not None]
    if len(before) < 2:
        return None
    last = before[-1]
    earlier = [p for p in before[:-1] if p.year != last.year]
    if not earlier:
        return None
    first = earlier[-1]
    same_kind = (first.kind in _YEAR_KINDS and last.kind in _YEAR_KINDS) or \
        (first.kind == last.kind and first.kind in ("quarter", "half") and first.a == last.a)
    if not same_kind or last.year != first.year - 1:  # type: ignore[operator]
        return None
    levelled = any(w.kind in ("money", "count") and last.end <= w.start and w.end <= v.start for w in s.values)
    return first if levelled else None


def _span_in_full_sentence(para: str, offset: int, published: date | None) -> bool:
    """Whether a half-year or nine months is named earlier in the same full sentence (clauses split by ';')."""
    opening = max((m.end() for m in _FULL_STOP.finditer(para, 0, offset)), default=0)
    return any(_last_quarter_of(m) is not None for m in find_periods(matching_text(para[opening:offset]), published))


_SUBJECT_SEGMENTS = 2  # distinct segment lines of one company that make it the subject of a text with no headline


def segments_subject(lex: Lexicon, paras: list[str]) -> str | None:
    """Tencent, when a text names it and no other entity but its own platforms and states two of its segment lines
    (a results digest whose bullets never repeat the company's name); else None."""
    probe = matching_text("\n".join(paras))
    if "腾讯" not in probe and "Tencent" not in probe:
        return None
    own = set(lex.guards.get("tencent_platforms", [])) | {"tencent"}
    named = {t.alias.key for t in lex.find("entities", probe)}
    if "tencent" not in named or named - own:
        return None
    lines = {t.alias.key for t in lex.find("segments", probe)} & _SEGMENT_LINES
    return "tencent" if len(lines) >= _SUBJECT_SEGMENTS else None


_REPORTED_IN_CNY = frozenset({"tencent", "kuaishou"})  # companies that report in yuan
_CNY_PER = {"USD": (5.5, 8.0), "HKD": (0.75, 0.98)}  # yuan to one unit of another currency, at any rate since 2005


def drop_conversions(facts: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Hold an amount in another currency beside the same key's yuan amount of a company that reports in yuan, when
    it is that amount converted at a plausible rate ("$12.92 billion" beside "RMB88.82 billion")."""
    def key(f: Fact) -> tuple:
        return (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label, f.is_estimate)

    yuan: dict[tuple, set[float]] = {}
    for f in facts:
        if f.entity in _REPORTED_IN_CNY and f.measure == "value" and f.unit == "CNY" and f.value > 0:
            yuan.setdefault(key(f), set()).add(f.value)
    if not yuan:
        return facts, []

    def converted(f: Fact) -> bool:
        found, rate = yuan.get(key(f)), _CNY_PER.get(f.unit)
        if not found or rate is None or len(found) != 1 or f.value <= 0:
            return False
        return rate[0] <= next(iter(found)) / f.value <= rate[1]

    held = [Held("an amount converted into another currency beside the yuan amount the company reports",
                 f.reported_text, f.locator) for f in facts if converted(f)]
    return [f for f in facts if not converted(f)], held


_MILLIONS_STATED = frozenset({"tencent"})  # companies that state amounts in whole millions of yuan
_FINER_THAN_MILLIONS = re.compile(r"\d\.\d{3,}\s*[亿億]")
_WAN = re.compile(r"\d\s*[万萬](?![亿億])")


def drop_finer_than_millions(facts: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Hold an amount in 亿 with a fraction of a million (63.052亿元) of a company that states whole millions: its
    decimal point is misplaced."""
    kept, held = [], []
    for f in facts:
        if (f.entity in _MILLIONS_STATED and f.measure == "value" and f.unit == "CNY" and "." in f.reported_text
                and _FINER_THAN_MILLIONS.search(f.reported_text)):
            held.append(Held("an amount finer than the whole millions the company states: a misplaced decimal point",
                             f.reported_text, f.locator))
        elif (f.entity in _MILLIONS_STATED and f.measure == "value" and f.unit == "CNY"
              and not f.metric.startswith("eps") and _WAN.search(f.reported_text) and round(f.value) % 1_000_000):
            held.append(Held("an amount in 万 finer than the whole millions the company states: 万 written for 亿",
                             f.reported_text, f.locator))
        else:
            kept.append(f)
    return kept, held


_LOOSE_QUALIFIERS = frozenset({"gt", "gte", "lt", "lte", "approx"})
_FRACTION = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_DECIMAL_FIGURE = re.compile(r"\d\.\d")


def drop_loose_restatements(facts: list[Fact], paras: list[str]) -> tuple[list[Fact], list[Held]]:
    """Hold a loose level (突破13亿大关, more than 1.3 billion) that the text also states more precisely (13.43亿)."""
    loose = [f for f in facts if f.measure == "value" and f.qualifier in _LOOSE_QUALIFIERS]
    if not loose:
        return facts, []
    precise = []
    for para in paras:
        probe = matching_text(para)
        if not _DECIMAL_FIGURE.search(probe):
            continue  # a finer figure than a loose level is written with decimals
        for v in find_values(probe):
            m = _FRACTION.search(probe, v.start, v.end)
            if v.kind in ("money", "count") and m is not None:
                precise.append((v.value, len(m.group(1) or ""), "count" if v.kind == "count" else v.unit))
    restated = [f for f in loose if any(unit == f.unit and loosely_restates(f.reported_text, f.value, f.qualifier, value, places)
                                        for value, places, unit in precise)]
    held = [Held("a loose restatement (突破, 超过, about) of a figure the text states more precisely", f.reported_text,
                 f.locator) for f in restated]
    return [f for f in facts if not any(f is g for g in restated)], held


_PROFIT_METRICS = frozenset({"gross_profit", "operating_profit", "profit_for_period", "profit_attributable"})


def drop_profits_above_revenue(facts: list[Fact], stated: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Hold a profit or segment revenue level larger than the total revenue the same text states for the same
    entity and period."""
    revenue: dict[tuple[str, str, str], float] = {}
    for f in stated:
        if f.metric == "revenue" and f.segment == "total" and f.measure == "value" and not f.is_estimate:
            key = (f.entity, f.period.label, f.unit)
            revenue[key] = min(revenue.get(key, f.value), f.value)
    kept, held = [], []
    for f in facts:
        top = revenue.get((f.entity, f.period.label, f.unit))
        if f.metric in _PROFIT_METRICS and f.measure == "value" and top is not None and f.value > top:
            held.append(Held("a profit larger than the revenue the text states for the same period", f.reported_text,
                             f.locator))
            continue
        if (f.metric == "revenue" and f.segment != "total" and f.measure == "value" and top is not None
                and f.value > top):
            held.append(Held("a segment's revenue larger than the total revenue the text states for the same period",
                             f.reported_text, f.locator))
            continue
        kept.append(f)
    return kept, held


# "RMB 1891.39 billion": English copies of 1891.39亿 keep the digits and write billion (ten times too large).
_YI_AS_BILLIONS = re.compile(r"\d{4,}\.\d+\s*(?:billion|bn)\b|\d{1,3}(?:,\d{3})+\.\d+\s*(?:billion|bn)\b", re.I)
_PREVIEW = re.compile(r"\b(?:earnings|results)\s+preview\b|\b(?:will|(?:is|are)\s+(?:set|scheduled|due|slated|poised|"
                      r"expected)\s+to)\s+(?:announce|report|release|post|publish)\s+(?:its\s+)?"
                      r"[^.\n]{0,40}\b(?:results|earnings)\b|业绩前瞻|财报前瞻|业绩预览|" + P.RESULTS_TO_COME_ZH,
                      re.I)
# "Tencent to Report Q4 Earnings", "... Set to Post Third-Quarter Results": a headline announcing results to come.
_PREVIEW_TITLE = re.compile(r"\bto\s+(?:report|announce|release|post|publish)\s+(?:its\s+)?(?:Q[1-4]|[1-4]Q|first|second|third|"
                            r"fourth|full[- ]year|annual|interim|quarterly|fiscal)\b[^.\n]{0,30}\b(?:results|earnings)\b", re.I)


def preview_title(title: str | None) -> bool:
    """Whether a headline announces results to come ("Tencent to Report Q4 Earnings: What's in the Cards?")."""
    return bool(title) and _PREVIEW_TITLE.search(matching_text(title)) is not None


_STUDY_OPENING = 3  # paragraphs in which a text says it reports a retail-channel study
_RESULTS_PENDING_DAYS = 120  # a period that ended longer ago than this before publication has had its results out


def periods_to_come(paras: list[str], published: date | None) -> frozenset[str]:
    """Labels of the periods whose results a text says are still to be announced ("将于...公布第四季度业绩")."""
    labels: set[str] = set()
    for para in paras:
        for m in _PREVIEW.finditer(matching_text(para)):
            for mention in find_periods(m.group(0), published):
                try:
                    year = mention.year or (year_from_published(mention, published) if published else None)
                    period = build_period(mention, year) if year is not None else None
                except (P.PeriodError, ValueError):
                    continue
                if period is not None and (published is None
                                           or (published - period.end).days <= _RESULTS_PENDING_DAYS):
                    labels.add(period.label)
    return frozenset(labels)


def channel_study(lex: Lexicon, paras: list[str]) -> str | None:
    """A text whose opening names a retail-channel study (NielsenIQ, Kantar, FMCG across channels): the segment it
    studies ("" for none), else None."""
    opening = "\n".join(matching_text(p) for p in paras[:_STUDY_OPENING])
    if not _CHANNEL_STUDY.search(opening):
        return None
    context = [t.alias.key for t in lex.find("segments", opening) if t.alias.key in lex.context_segments]
    return context[0] if context else ""


_PART_YEAR_KINDS = ("quarter", "half", "nine")


def _title_names_other(ctx: ClaimContext, only: PeriodMention) -> bool:
    """Whether the title names a quarter or half and none of them is the body's only period phrase ("released its
    second quarter results" over a body that names only "the first quarter")."""
    named = [m for m in ctx.title_mentions if m.kind in _PART_YEAR_KINDS]
    if not named:
        return False
    return not any((m.kind, m.a) == (only.kind, only.a) and (m.year is None or m.year == only.year) for m in named)


def only_period(paras: list[str], published: date | None, lex: Lexicon | None = None) -> PeriodMention | None:
    """The one quarter, half or year a whole text speaks of (every period phrase but launch dates names it), else
    None."""
    found: dict[tuple, PeriodMention] = {}
    for para in paras:
        probe = blank_bases(matching_text(para))
        for m in find_periods(probe, published):
            if lex is not None and _launch_date(lex, probe, m):
                continue
            if m.kind not in ("quarter", "half", "nine", "year"):
                return None
            m = _with_published_year(m, published)
            found.setdefault((m.kind, m.year, m.a, m.b), m)
            if len(found) > 1:
                return None
    if len(found) != 1:
        return None
    only = next(iter(found.values()))
    return only if only.kind != "year" else None


def names_only(paras: list[str], period: Period, published: date | None) -> bool:
    """Whether every period phrase of a text (comparison bases aside) names `period`, its year read from the
    publication date when not written."""
    for para in paras:
        probe = blank_bases(matching_text(para))
        for m in find_periods(probe, published):
            try:
                year = m.year or (year_from_published(m, published) if published else period.start.year)
                if build_period(m, year) != period:
                    return False
            except (P.PeriodError, ValueError):
                return False
    return True


def _with_published_year(m: PeriodMention, published: date | None) -> PeriodMention:
    """A quarter or half written without its year ("Q3") with the year the publication date gives it."""
    if m.year is not None or published is None or m.kind not in ("quarter", "half"):
        return m
    try:
        return replace(m, year=year_from_published(m, published))
    except (P.PeriodError, ValueError):
        return m


_RESULTS_LEAD = 3  # opening paragraphs in which a story says which quarter's results it reports
_RESULTS_WINDOW_DAYS = 100  # results come out within this many days of a quarter's end


def results_quarter(paras: list[str], published: date | None, lex: Lexicon) -> PeriodMention | None:
    """The quarter whose results an English story's opening says were just released ("announced its second-quarter
    results", "said second-quarter net profit ..."), within the results window before publication; not the fourth
    quarter of a text that also speaks of the year; else None."""
    if published is None:
        return None
    verbs = lex.words("guard_results_verb", lex.guards.get("results_verb", []))
    nouns = lex.words("guard_results_noun", lex.guards.get("results_noun", []))
    found: set[tuple[int, int]] = set()
    for para in story_lead(paras):
        probe = matching_text(para)
        if _CJK_CHAR.search(probe):
            return None
        for m in find_periods(probe, published):
            gap = re.compile(r"[\s-]*").match(probe, m.end)
            if m.kind != "quarter" or not nouns.match(probe, gap.end()) \
                    or not verbs.search(probe, max(0, m.start - 30), m.start):
                continue
            try:
                year = m.year if m.year is not None else year_from_published(m, published)
                days = (published - build_period(m, year).end).days
            except (P.PeriodError, ValueError):
                return None
            if 0 <= days <= _RESULTS_WINDOW_DAYS:
                found.add((year, m.a))
    if len(found) != 1:
        return None
    year, q = found.pop()
    if q == 4 and any(_ANNUAL_OWN.search(matching_text(p)) or _FULL_YEAR_WORD.search(matching_text(p)) for p in paras):
        return None
    return PeriodMention(0, 0, "quarter", year, q)


# A story's opening saying results were just reported, without naming their period ("reporting earnings that rose").
_REPORTED_RESULTS = re.compile(r"\b(?:reported|reporting|posted|posting|announced)\s+(?:[^.;:]{0,30}?\s)?"
                               r"(?:earnings|results|profits?)\b", re.I)
_UNDATED_WINDOW_DAYS = (40, 100)  # days after a quarter's end in which results stories of that quarter come out
_UNDATED_YEAR_WORDS = re.compile(r"\b(?:annual(?:ly|ized|ised)?|full[- ]year|whole[- ]year|fiscal|(?:per|each|every|a)\s+"
                                 r"year(?![- ](?:on|over)[- ]year|\s+(?:earlier|ago|before))|for\s+the\s+year|CAGR|"
                                 r"compound)\b", re.I)  # figures of a year, or over years: not one quarter's
_UNDATED_KINDS = frozenset({"month", "month_bare"})  # period phrases a story of undated figures may still write


def undated_results_quarter(paras: list[str], published: date | None, lex: Lexicon) -> PeriodMention | None:
    """The first, second or third quarter an English results story is of when it names no quarter, half or year
    at all (only months and launch dates): the quarter that ended 40 to 100 days before publication, when its
    opening says results were reported; else None (never the fourth quarter: its story may give the year's)."""
    if published is None:
        return None
    lead = story_lead(paras)
    if not any(_REPORTED_RESULTS.search(matching_text(p)) for p in lead) \
            or any(_CJK_CHAR.search(matching_text(p)) for p in lead):
        return None
    for para in paras:
        probe = blank_bases(matching_text(para))
        if _THIS_QUARTER.search(probe) or _UNDATED_YEAR_WORDS.search(probe):
            return None
        for m in find_periods(probe, published):
            if m.kind not in _UNDATED_KINDS and not _launch_date(lex, probe, m):
                return None
    q = (published.month - 1) // 3  # the last quarter that ended before publication (0: the year before's fourth)
    if q == 0:
        return None
    ended = date(published.year, 3 * q, 30 if q in (2, 3) else 31)
    low, high = _UNDATED_WINDOW_DAYS
    return PeriodMention(0, 0, "quarter", published.year, q) if low <= (published - ended).days <= high else None


_LEAD_WORDS = 4  # words of letters that make a line prose rather than a page's ticker, price or menu line
_LETTER_WORD = re.compile(r"[A-Za-z\u4e00-\u9fff][A-Za-z'’-]*")


def _lead_start(paras: list[str]) -> int:
    """The 1-based number of a story's first prose paragraph (see story_lead), or 0 when it has none."""
    for pi, para in enumerate(paras, start=1):
        if _is_lead_line(para):
            return pi
    return 0


def _is_lead_line(para: str) -> bool:
    """Whether a paragraph has a few words and is no heading: prose or a headline, not a ticker, price or menu line."""
    return not is_heading(para) and len(_LETTER_WORD.findall(para)) >= _LEAD_WORDS


def story_lead(paras: list[str]) -> list[str]:
    """A story's opening paragraphs: the first ones with a few words that are not a heading, past a page's
    market-ticker lines, prices and menu headings above the story."""
    lead: list[str] = []
    for para in paras:
        if len(lead) == _RESULTS_LEAD:
            break
        if _is_lead_line(para):
            lead.append(para)
    return lead


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_FULL_YEAR_WORD = re.compile(r"\b(?:year|yearly|FY\s?\d{2,4}|full[- ]year)\b", re.I)


def only_quarter(paras: list[str], published: date | None, lex: Lexicon) -> PeriodMention | None:
    """The one quarter every quarter phrase of a text names (comparison bases and launch dates aside), its year
    read from the publication date when not written, else None."""
    found: set[tuple[int, int]] = set()
    for para in paras:
        probe = blank_bases(matching_text(para))
        for m in find_periods(probe, published):
            if m.kind != "quarter" or _launch_date(lex, probe, m):
                continue
            try:
                year = m.year if m.year is not None else year_from_published(m, published) if published else None
            except (P.PeriodError, ValueError):
                return None
            if year is None:
                return None
            found.add((year, m.a))
    if len(found) != 1:
        return None
    year, q = found.pop()
    return PeriodMention(0, 0, "quarter", year, q)


# "this quarter", "this season" (本季 translated), "in the quarter": the quarter the text reports on.
_THIS_QUARTER = re.compile(r"\bthis\s+(?:quarter|season)\b|\b(?:in|for|during|over)\s+the\s+quarter\b(?![-\s]+(?:on|over)\b)",
                           re.I)


def this_quarter_mentions(probe: str, taken: list[PeriodMention]) -> list[PeriodMention]:
    """Phrases that name the reported quarter without its number, outside the period phrases already found."""
    return [PeriodMention(m.start(), m.end(), "this_quarter", None) for m in _THIS_QUARTER.finditer(probe)
            if not any(m.start() < p.end and p.start < m.end() for p in taken)]


def _named_quarter(ctx: ClaimContext, p: PeriodMention | None, carried: PeriodMention | None) -> PeriodMention | None:
    """A period mention with "this quarter" read as the quarter it names (the text's one quarter, else a quarter
    carried from before), or None when it names none; other mentions as they are."""
    if p is None or p.kind != "this_quarter":
        return p
    meant = ctx.quarter or (carried if carried is not None and carried.kind == "quarter" else None)
    return PeriodMention(p.start, p.end, "quarter", meant.year, meant.a) if meant is not None else None


_SLIP_DIGITS = 3  # fewer significant digits ("3" and "30 billion") may agree by chance


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text).strip("0")


def drop_yi_slips(facts: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Hold an amount in yuan written with the same digits as, and ten times, another statement of the same key:
    亿 (100 million) written as billions ("1551.96 billion" beside "155.196 billion")."""
    def key(f: Fact) -> tuple:
        return (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label, f.is_estimate)

    money = [f for f in facts if f.measure == "value" and f.unit == "CNY"]
    slips = [f for f in money if any(key(g) == key(f) and abs(f.value - 10 * g.value) <= 1e-6 * f.value
                                     and len(_digits(g.reported_text)) >= _SLIP_DIGITS
                                     and _digits(f.reported_text) == _digits(g.reported_text) for g in money)]
    held = [Held("ten times another statement of the same figure with the same digits: 亿 written as billions",
                 f.reported_text, f.locator) for f in slips]
    return [f for f in facts if not any(f is g for g in slips)], held


def drop_conflicts(facts: list[Fact]) -> tuple[list[Fact], list[Held]]:
    """Hold back estimates beside a reported figure of the same key, then every key given two values."""
    def key(f: Fact) -> tuple:
        return (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)

    reported = {key(f) for f in facts if not f.is_estimate}
    held = [Held("an estimate or target beside a reported figure for the same key", f.reported_text, f.locator)
            for f in facts if f.is_estimate and key(f) in reported]
    facts = [f for f in facts if not (f.is_estimate and key(f) in reported)]
    facts, met = _drop_met_bounds(facts, key)
    held += met
    values: dict[tuple, set[tuple[float, str]]] = {}
    for f in facts:
        values.setdefault(key(f), set()).add((round(f.value, 6), f.qualifier))
    kept = []
    for f in facts:
        if len(values[key(f)]) > 1:
            held.append(Held("the text gives this key two different values", f.reported_text, f.locator))
        else:
            kept.append(f)
    return kept, held


_BOUND_SLACK = 1.25  # a milestone a figure "broke through" (首次突破200亿元 beside 208亿元) lies just below it


def _drop_met_bounds(facts: list[Fact], key: Callable[[Fact], tuple]) -> tuple[list[Fact], list[Held]]:
    """Hold a lower bound ("over 200") that the one exact figure of its key meets closely ("208"), keeping the exact
    figure; a bound the exact figure does not meet is left for the conflict check."""
    exact: dict[tuple, set[float]] = {}
    for f in facts:
        if f.qualifier == "eq":
            exact.setdefault(key(f), set()).add(f.value)

    def met(f: Fact) -> bool:
        found = exact.get(key(f), set())
        if f.qualifier not in ("gt", "gte") or len(found) != 1 or f.value <= 0:
            return False
        value = next(iter(found))
        return f.value <= value < _BOUND_SLACK * f.value and (f.qualifier == "gte" or value > f.value)

    held = [Held("a lower bound the exact figure of the same key meets", f.reported_text, f.locator)
            for f in facts if met(f)]
    return [f for f in facts if not met(f)], held


@dataclass(slots=True)
class _Sentence:
    index: int
    offset: int
    text: str
    probe: str
    entities: list[Term]
    metrics: list[Term]
    segments: list[Term]
    periods: list[PeriodMention]
    values: list[Value]
    publisher: str | None


def _paragraph(para: str, pi: int, ctx: ClaimContext, lex: Lexicon, result: ClaimResult,
               previous_entity: str | None, section: PeriodMention | None = None) -> str | None:
    probe_para = matching_text(para)
    own_years = blank_bases(probe_para)  # "较2023年同期" names the base, not the paragraph's year
    para_years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d)", own_years)]
    para_years += [p.year for p in find_periods(own_years, ctx.published)
                   if p.year and not _launch_date(lex, own_years, p)]
    para_publisher = _publisher(lex, probe_para)
    carried_entity = previous_entity
    carried_period: PeriodMention | None = section
    carried_metric: str | None = None
    last_entity_in_para: str | None = None
    previous_subject: str | None = previous_entity or None
    previous_segment = False
    for si, (off, sent) in enumerate(_bullet_items(sentences(para)), start=1):
        probe = probe_para[off : off + len(sent)]
        s = _read_sentence(si, off, sent, probe, ctx, lex, para_publisher)
        current = last_entity_in_para if last_entity_in_para is not None else carried_entity
        pronoun = _pronoun_subject(s)
        if pronoun:
            current = previous_subject  # "Its GMV ...": the previous sentence's subject, not its last-named entity
        if not pronoun and s.entities:
            previous_subject = _sentence_subject(lex, s)  # a sentence naming no entity goes on with the subject
        _events(s, para, pi, ctx, lex, result, current or None)
        unsure_whole = previous_segment and _bare_metric_after_segment(s)
        previous_segment = bool(s.segments)
        for item, v in _sentence_values(lex, s, para, pi, result, ctx.published):
            if unsure_whole:
                result.held.append(Held("'the revenue' right after a sentence on a segment: of the segment or of the "
                                        "whole, not certain", para[item.offset + v.start : item.offset + v.end],
                                        _locator(pi, item, v)))
                continue
            _claim(item, v, para, pi, ctx, lex, result, current or None,
                   carried_period, para_years, carried_metric)
        if s.metrics:
            last = s.metrics[-1].alias
            carried_metric = last.metric or last.key
        topics = _topic_entities(lex, s)
        if topics and "电商" in probe:
            topics = [t for t in topics if not _platform_format(lex, s, t, current)]
        if topics:
            last_entity_in_para = _NO_ENTITY if _enumerated(s, topics) or _listed_with_others(s, topics[-1]) \
                or enumerated_with_asides(s, topics) or category_after_metric(s, None, topics[-1]) is not None \
                else topics[-1].alias.key
        dated = [p for p in _outside_figured_asides(s, s.periods) if not _launch_date(lex, probe, p)]
        if dated:
            carried_period = _named_quarter(ctx, dated[-1], carried_period) or carried_period
        if dated and _ESTIMATE_CODED.search(probe, dated[-1].start, dated[-1].end):
            carried_period = _UNCLEAR  # "Earnings Forecasts (FY26E-FY28E)": a forecast year dates no later actual figure
        if _QUARTER_AND_SPAN.search(probe) or _QUARTER_AND_YEAR.search(probe):
            carried_period = _UNCLEAR  # a release of a quarter and a longer span: later figures may be of either
    return last_entity_in_para if last_entity_in_para is not None else carried_entity


_ESTIMATE_CODED = re.compile(r"(?<=\d)[EF]\b")


# "the revenue", "its income": a metric with no owner but the one a previous sentence names.
_BARE_METRIC = re.compile(r"\b(?:the|its)\s+(?:revenues?|income|sales)\b(?!\s+of\b)", re.I)


def _bare_metric_after_segment(s: _Sentence) -> bool:
    """Whether a sentence naming no entity and no segment speaks of "the revenue" (that of the segment the sentence
    before it names, or the whole's)."""
    return not s.segments and not s.entities and "the" in s.probe.lower() and _BARE_METRIC.search(s.probe) is not None


_NO_ENTITY = ""  # carried after a sentence that lists several entities: no later figure may take any of them
_ENUMERATION_GAP = re.compile(r"\s*(?:[、,，/]|\band\b|\bor\b|和|与|及)\s*", re.I)


def _enumerated(s: _Sentence, topics: list[Term]) -> bool:
    """Whether a sentence's last entity closes a list of different entities ("抖音、快手、淘宝", "Douyin and
    Kuaishou"), so that none of them is the subject later sentences go on with."""
    last = topics[-1]
    earlier = [t for t in topics[:-1] if t.alias.key != last.alias.key and t.end <= last.start]
    return bool(earlier) and _ENUMERATION_GAP.fullmatch(s.probe[earlier[-1].end : last.start]) is not None


# A list going on after an entity with names the lexicon may not know ("Video Accounts, Official Accounts and WeCom",
# "视频号、公众号").
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s*)*,?\s+(?:and|or)\s+[A-Z]"
                           r"|\s*、\s*[\u4e00-\u9fffA-Za-z]")


def _listed_with_others(s: _Sentence, last: Term) -> bool:
    """Whether a sentence's last entity is one item of a list that goes on after it, so that it is not the subject
    later sentences go on with."""
    return _LIST_GOES_ON.match(s.probe, last.end) is not None


def _topic_entities(lex: Lexicon, s: _Sentence) -> list[Term]:
    """The entities a sentence speaks of: those not named after a driver word of their clause ("helped by growth
    in ads on video accounts" names a cause, not the subject later sentences go on with)."""
    driver = lex.words("guard_driver", lex.guards.get("driver", []))
    return [t for t in s.entities if not driver.search(s.probe, _clause_start(s.probe, t.start), t.start)
            and t.alias is not _ECOMMERCE_CHANNEL  # the study's bare 电商 is read in its own sentence only
            and not _PRODUCT_AFTER.match(s.probe, t.end)]  # "WeChat search ads": a product, not the subject


# An app's name before one of its products ("WeChat search ads", "video account ads", "Weixin Pay"): the product's.
_PRODUCT_AFTER = re.compile(r"\s+(?:search\b|(?:search\s+)?(?:ads|advertising|adverts|pay|payments|mini[- ]?programs?|"
                            r"mini[- ]?games?)\b)", re.I)


# ---------------------------------------------------------------- slash-aligned lists

# "gaming/social network/fintech and corporate services/advertising ... RMB 51.8/30.9/53.1/30 billion, up
# 13%/4%/2%/17%": labels and figures paired by their place in the list.
_SLASH_LABELS = re.compile(r"[A-Za-z][A-Za-z&'’ -]*(?:\s*/\s*[A-Za-z][A-Za-z&'’ -]*)+")
_SLASH_NUM = r"\d[\d,]*(?:\.\d+)?"
_SLASH_MONEY = re.compile(rf"(?P<cur>RMB|CNY|US\$|HK\$|HKD|\$)?\s?(?P<nums>{_SLASH_NUM}(?:\s*/\s*{_SLASH_NUM})+)\s*"
                          r"(?P<scale>trillion|billion|million|bn|mn)\b(?:\s+(?P<ccy>yuan|RMB)\b)?", re.I)
_SLASH_PCT = re.compile(r"[-+]?\d+(?:\.\d+)?%?(?:\s*/\s*[-+]?\d+(?:\.\d+)?%?)+%")
_LIST_LABEL_WORDS = 5


@dataclass(frozen=True, slots=True)
class _ListItem:
    """One place of a slash-aligned list: its label's span and the lexicon term it names (None: unknown)."""

    start: int
    end: int
    metric: Alias | None
    segment: Alias | None


def _label_terms(lex: Lexicon, text: str) -> tuple[Alias | None, Alias | None] | None:
    """The (metric, segment) a list label names ("social network" is the social networks segment's revenue,
    "advertising" the advertising business), or None when the lexicon does not know it."""
    for cand in (text, f"{text} revenue", f"{text} business"):
        for group in ("segments", "metrics"):
            terms = lex.find(group, cand)
            if len(terms) == 1 and terms[0].start == 0 and terms[0].end == len(cand):
                alias = terms[0].alias
                if group == "segments":
                    return Alias(text, "revenue"), Alias(text, alias.key)
                return Alias(text, alias.key, alias.metric, alias.segment, alias.measure), None
    return None


def _edge_label(lex: Lexicon, chunk: str, offset: int, first: bool) -> tuple[int, int]:
    """The span of the first (or last) label of a list inside the words around it: the longest run of words next
    to the slash that the lexicon knows, else the one word next to it."""
    words = list(re.finditer(r"[A-Za-z&'’-]+", chunk))
    if not words:
        return offset, offset
    best = (words[-1] if first else words[0]).span()
    for n in range(1, min(_LIST_LABEL_WORDS, len(words)) + 1):
        span = (words[-n].start(), words[-1].end()) if first else (words[0].start(), words[n - 1].end())
        if _label_terms(lex, chunk[span[0] : span[1]]) is not None:
            best = span
    return offset + best[0], offset + best[1]


def slash_list(lex: Lexicon, probe: str) -> list[_ListItem]:
    """The labels of a slash-aligned list in a sentence, in order (empty when there is none, or more than one)."""
    runs = [m for m in _SLASH_LABELS.finditer(probe) if m.group(0).count("/") >= 1]
    if len(runs) != 1:
        return []
    run = runs[0]
    parts = list(re.finditer(r"[^/]+", run.group(0)))
    if any(len(p.group(0).split()) > _LIST_LABEL_WORDS + 1 for p in parts[1:-1]):
        return []
    items = []
    for i, part in enumerate(parts):
        start, end = run.start() + part.start(), run.start() + part.end()
        if i == 0:
            start, end = _edge_label(lex, part.group(0), start, first=True)
        elif i == len(parts) - 1:
            start, end = _edge_label(lex, part.group(0), start, first=False)
        else:
            text = part.group(0)
            start, end = start + len(text) - len(text.lstrip()), end - len(text) + len(text.rstrip())
        terms = _label_terms(lex, probe[start:end])
        items.append(_ListItem(start, end, *(terms or (None, None))))
    return items


def _list_values(probe: str, after: int) -> list[list[Value]]:
    """The slash-aligned runs of figures after a list's labels: each run as its Values in order."""
    runs: list[list[Value]] = []
    for m in _SLASH_MONEY.finditer(probe, after):
        if not (m.group("cur") or m.group("ccy")):
            continue
        cur = (m.group("cur") or m.group("ccy")).upper()
        unit = "USD" if cur in ("US$", "$") else "HKD" if cur in ("HK$", "HKD") else "CNY"
        nums = list(re.finditer(_SLASH_NUM, m.group("nums")))
        run = []
        for i, n in enumerate(nums):
            start = m.start("nums") + n.start()
            end = m.end() if i == len(nums) - 1 else m.start("nums") + n.end()
            try:
                value = scaled(n.group(0), scale_factor(m.group("scale")))
            except NumberFormatError:
                run.append(Value(start, end, "unreadable", note=f"unreadable number {n.group(0)!r}"))
                continue
            run.append(Value(start, end, "money", value, unit))
        runs.append(run)
    for m in _SLASH_PCT.finditer(probe, after):
        run = []
        for n in re.finditer(r"([-+])?(\d+(?:\.\d+)?)%?", m.group(0)):
            signed = n.group(1) == "-"
            value = float(n.group(2))
            run.append(Value(m.start() + n.start(), m.start() + n.end(), "pct", -value if signed else value, "pct",
                             signed=signed))
        runs.append(run)
    return runs


def _sentence_values(lex: Lexicon, s: _Sentence, para: str, pi: int,
                     result: ClaimResult, published: date | None = None) -> list[tuple[_Sentence, Value]]:
    """The figures of a sentence to read, each with the sentence it is read in: a slash-aligned list's figures
    each in the sentence cut down to its own label and figure."""
    if "/" in s.probe and "年" in s.probe:
        yearly = _year_list_values(s, para, pi, result, published)
        if yearly is not None:
            return yearly
    items = slash_list(lex, s.probe) if "/" in s.probe else []
    runs = _list_values(s.probe, items[-1].end) if items else []
    if not runs and "espectively" in s.probe:
        split = _respective_segments(s)
        if split is not None:
            return split
    if not runs and "分别" in s.probe and "游戏" in s.probe:
        split = _respective_zh_games(s)
        if split is not None:
            return split
    if not runs:
        return [(one, v) for v in s.values for one in _each_segment(s, v)]
    spans = [(run[0].start, run[-1].end) for run in runs]
    out = [(s, v) for v in s.values if not any(v.start < b and a < v.end for a, b in spans)]
    for run in runs:
        if len(run) != len(items):
            for v in run:
                result.held.append(Held("a slash-aligned list whose labels and figures do not pair up",
                                        para[s.offset + v.start : s.offset + v.end], _locator(pi, s, v)))
            continue
        for place, (item, v) in enumerate(zip(items, run, strict=True)):
            if item.metric is None:
                result.held.append(Held(f"a list item whose label names no known subject "
                                        f"({s.probe[item.start : item.end]})",
                                        para[s.offset + v.start : s.offset + v.end], _locator(pi, s, v)))
                continue
            out.append((_item_sentence(s, items, runs, place), v))
    return out


# A forecast over a run of years, with runs of figures aligned to it by "/" (a broker note's summary: "预计2025-27年
# 收入增速分别为14%/10%/8%", "预计公司2024-2026年营收分别为6545/6991/7479亿元,归母净利润为2233/2518/2750亿元").
_ZH_YEAR_RANGE = re.compile(r"(?:FY)?(?P<y0>(?:19|20)\d{2})\s*E?\s*[-–—~至]\s*(?:FY)?(?P<y1>(?:19|20)?\d{2})\s*E?\s*年")
_ZH_YEAR_SLASH = re.compile(r"(?:FY)?(?P<y0>(?:19|20)\d{2})\s*E?(?P<rest>(?:\s*/\s*(?:FY)?(?:(?:19|20)?\d{2})\s*E?)+)\s*年")
_ZH_FORECAST = re.compile(r"预计|预测|预期")
_ZH_SLASH_RUN = re.compile(r"(?<![\d.%/])(?P<nums>\d+(?:\.\d+)?%?(?:\s*/\s*\d+(?:\.\d+)?%?)+)"
                           r"(?P<unit>%|\s*(?:(?:万亿|亿)\s*元?|万元))?(?![\d/])")
_LIST_YEARS_MAX = 5
_ZH_LIST_JOIN_IN_LABEL = re.compile(r"[和与及、]")


def _listed_years(probe: str) -> tuple[int, int, list[int]] | None:
    """The span and the years of the one run of years a sentence names before its figures ("2025-27年", "2025/26年"),
    or None."""
    found = [(m, "range") for m in _ZH_YEAR_RANGE.finditer(probe)] + [(m, "slash") for m in _ZH_YEAR_SLASH.finditer(probe)]
    figures = next((m.start() for m in _ZH_SLASH_RUN.finditer(probe) if m.group("unit") or m.group("nums").endswith("%")),
                   len(probe))
    found = [(m, kind) for m, kind in found if m.start() < figures]  # "...,对应2024/2025/2026年PE为...": a later run's
    if len(found) != 1:
        return None
    m, kind = found[0]
    y0 = int(m.group("y0"))
    tails = [m.group("y1")] if kind == "range" else re.findall(r"\d+", m.group("rest"))
    ends = [int(t) if len(t) == 4 else y0 // 100 * 100 + int(t) for t in tails]
    years = list(range(y0, ends[0] + 1)) if kind == "range" else [y0, *ends]
    if len(years) < 2 or len(years) > _LIST_YEARS_MAX or any(b != a + 1 for a, b in pairwise(years)):
        return None
    return m.start(), m.end(), years


def _year_list_values(s: _Sentence, para: str, pi: int, result: ClaimResult,
                      published: date | None) -> list[tuple[_Sentence, Value]] | None:
    """A forecast sentence that pairs a run of years with slash-aligned runs of figures, cut into one sentence per
    year with that year's figure of each run; None for any other sentence."""
    listed = _listed_years(s.probe)
    if listed is None:
        return None
    start, end, years = listed
    forecast = next(reversed(list(_ZH_FORECAST.finditer(s.probe, 0, start))), None)  # the last before the years
    if forecast is None or _CLAUSE_PUNCT.search(s.probe, forecast.end(), start) is not None:
        return None
    stop = next((p.start for p in s.periods if p.start >= end), len(s.probe))  # another period: its own figures
    runs: list[list[Value]] = []
    spans: list[tuple[int, int]] = []
    for m in _ZH_SLASH_RUN.finditer(s.probe, end, stop):
        unit = (m.group("unit") or "").strip()
        nums = list(re.finditer(r"\d+(?:\.\d+)?", m.group("nums")))
        if not unit and not m.group("nums").endswith("%"):
            continue  # multiples, share prices: not a run this reads
        spans.append((m.start(), m.end()))
        label = _mask_spans(s.probe, [(t.start, t.end) for t in s.entities + s.metrics + s.segments])[
            max(end, _clause_start(s.probe, m.start())) : m.start()]
        if len(nums) != len(years) or published is None or years[0] < published.year \
                or _ZH_LIST_JOIN_IN_LABEL.search(label):  # 腾讯和网易营收分别为...: whose figures is not certain
            for n in nums:
                a = m.start("nums") + n.start()
                w = Value(a, a + len(n.group(0)), "pct")
                result.held.append(Held("a forecast list whose years and figures do not pair up, whose first year is "
                                        "already reported, or that follows several subjects",
                                        para[s.offset + w.start : s.offset + w.end],
                                        _locator(pi, s, w)))
            continue
        run = []
        for i, n in enumerate(nums):
            a = m.start("nums") + n.start()
            b = m.end() if i == len(nums) - 1 else a + len(n.group(0))
            if "元" in unit or "亿" in unit:
                money = scaled(n.group(0), scale_factor(unit.rstrip("元").strip()))
                run.append(Value(a, b, "money", money, "CNY"))
            else:
                run.append(Value(a, b, "pct", float(n.group(0)), "pct"))
        runs.append(run)
    if not spans:
        return None
    blank = [(start, end), *spans]
    out = [(s, v) for v in s.values if not any(v.start < b and a < v.end for a, b in blank)]
    for place, year in enumerate(years):
        own = [r[place] for r in runs]
        chars = list(s.probe)
        for a, b in blank:
            for i in range(a, b):
                if not any(w.start <= i < w.end for w in own):
                    chars[i] = " "
        label = f"{year}年"
        chars[start : start + len(label)] = list(label)
        probe = "".join(chars).replace("分别", "  ")
        periods = sorted([p for p in s.periods if not start <= p.start < end]
                         + [PeriodMention(start, start + len(label), "year", year)], key=lambda p: p.start)
        values = sorted([w for w in s.values if not any(w.start < b and a < w.end for a, b in blank)] + own,
                        key=lambda w: w.start)
        one = replace(s, probe=probe, periods=periods, values=values)
        out += [(one, w) for w in own]
    return out


# "Domestic and international games": two game segments sharing one noun.
_SHARED_GAMES = re.compile(r"\b(domestic|international|overseas)\s+and\s+(domestic|international|overseas)\s+"
                           r"(?:online\s+)?games?\b", re.I)
_RESPECTIVELY_END = re.compile(r"(?:\s*(?:YoY|year[- ](?:on|over)[- ]year))?\s*,?\s*respectively\s*[.;]?\s*$", re.I)
_GROUP_INNER = re.compile(r"\s+to\s+(?:about\s+|around\s+)?", re.I)


def _listed_segments(s: _Sentence, before: int) -> list[tuple[list[tuple[int, int]], Term]] | None:
    """The segments listed ("A, B and C", "domestic and international games") before a sentence's first figure: for
    each, the spans that name it and its term; None unless two or more and nothing but the list between them."""
    shared = _SHARED_GAMES.search(s.probe, 0, before)
    if shared is not None:
        noun = (shared.end(2), shared.end())
        return [([(shared.start(i), shared.end(i)), noun],
                 Term(shared.start(i), shared.end(), Alias(shared.group(0), _REGION_GAMES[shared.group(i).lower()])))
                for i in (1, 2)]
    listed = [t for t in s.segments if t.end <= before and t.alias.key in _SEGMENT_LINES]
    if len(listed) < 2 or len(listed) != len([t for t in s.segments if t.end <= before]):
        return None
    if any(not _LIST_SEP.fullmatch(s.probe, a.end, b.start) for a, b in pairwise(listed)):
        return None
    return [([(t.start, t.end)], t) for t in listed]


def _respective_segments(s: _Sentence) -> list[tuple[_Sentence, Value]] | None:
    """A sentence that pairs listed segments with as many groups of figures "respectively" ("Domestic and
    international games revenue fell 1.1% to X and 1.4% to Y, respectively"), cut into one sentence per segment with
    its own group; None for any other sentence."""
    end = _RESPECTIVELY_END.search(s.probe)
    values = [w for w in s.values if end is not None and w.end <= end.start()]
    listed = _listed_segments(s, values[0].start) if values else None
    if listed is None or len(values) % len(listed) or len(values) // len(listed) > 2:
        return None
    k = len(values) // len(listed)
    groups = [values[i : i + k] for i in range(0, len(values), k)]
    if any([w.kind for w in g] != [w.kind for w in groups[0]] for g in groups) \
            or any(not _GROUP_INNER.fullmatch(s.probe, g[0].end, g[1].start) for g in groups if k == 2) \
            or any(not _LIST_SEP.fullmatch(s.probe, a[-1].end, b[0].start) for a, b in pairwise(groups)):
        return None
    names = (listed[0][1].start, listed[-1][1].end)
    figures = (groups[0][0].start, groups[-1][-1].end)
    out = []
    for (keep, term), group in zip(listed, groups, strict=True):
        own = [*keep, (group[0].start, group[-1].end)]
        chars = list(s.probe)
        for a, b in (names, figures, (end.start(), len(s.probe))):
            for i in range(a, b):
                if not any(k0 <= i < k1 for k0, k1 in own):
                    chars[i] = " "
        probe = "".join(chars)
        outside = [t for t in s.segments if not names[0] <= t.start < names[1]]
        one = replace(s, probe=probe, segments=sorted([*outside, term], key=lambda t: t.start),
                      metrics=[t for t in s.metrics if not names[0] <= t.start < names[1] or t.end > names[1]],
                      values=[w for w in s.values if w in group or not figures[0] <= w.start < figures[1]])
        out += [(one, w) for w in group]
    return out


# 本土及国际(市场)游戏收入分别…, 国内/海外市场分别…: the two games lines sharing one noun, paired with two figures.
_ZH_GAMES_PAIR = re.compile(r"(?P<a>本土|本地|国内)(?:市场)?\s*(?:及|和|与|/|、)\s*(?P<b>国际|海外)(?:市场)?(?:游戏)?(?:业务)?"
                            r"(?:收入)?\s*分别")
_ZH_PAIR_VERB = re.compile(r"\s*(?:同比|按年)?\s*(?:增长|增加|上升|升|下降|下跌|下滑|跌|减少)?\s*(?:了|约)?\s*")
_ZH_PAIR_SEP = re.compile(r"\s*(?:及|和|与|、|/)\s*")
_GAMES_WORD = re.compile("游戏")
# Between 游戏 and the pair: nothing but the games' own revenue and its growth (游戏收入实现13%同比加速增长,国内/海外…).
_ZH_GAMES_TO_PAIR = re.compile(r"\s*(?:业务|板块)?\s*(?:收入|营收)?\s*(?:(?:实现|录得)?\s*\d+(?:\.\d+)?%\s*(?:的)?\s*"
                               r"(?:同比|按年)?\s*(?:加速|稳健|强劲)?\s*(?:增长|上升)\s*)?[,，]?\s*")


def _respective_zh_games(s: _Sentence) -> list[tuple[_Sentence, Value]] | None:
    """A sentence on games that pairs the domestic and international lines with two growth rates by 分别 ("游戏业务
    本地及国际收入分别按年升15%及22%"), cut into one sentence per line with its own figure; None for any other."""
    pairs = list(_ZH_GAMES_PAIR.finditer(s.probe))
    if len(pairs) != 1:
        return None
    m = pairs[0]
    games = s.probe.rfind("游戏", 0, m.end())
    if games < 0 or (games < m.start() and not _ZH_GAMES_TO_PAIR.fullmatch(s.probe, games + 2, m.start())):
        return None  # something else named after the games: the pair may be its markets
    after = [w for w in s.values if w.start >= m.end()]
    if len(after) < 2 or any(w.kind != "pct" for w in after[:2]) \
            or not _ZH_PAIR_VERB.fullmatch(s.probe, m.end(), after[0].start) \
            or not _ZH_PAIR_SEP.fullmatch(s.probe, after[0].end, after[1].start) \
            or (len(after) > 2 and _ZH_PAIR_SEP.fullmatch(s.probe, after[1].end, after[2].start)):
        return None
    out: list[tuple[_Sentence, Value]] = [(s, w) for w in s.values if w not in after[:2]]
    for own, other, word, key in ((after[0], after[1], "b", "domestic_games"), (after[1], after[0], "a", "international_games")):
        blank = [(other.start, other.end), m.span(word), (m.end() - 2, m.end()),
                 *[(g.start(), g.end()) for g in _GAMES_WORD.finditer(s.probe, games, m.start())]]  # the pair's own whole
        probe = "".join(" " if any(a <= i < b for a, b in blank) else c for i, c in enumerate(s.probe))
        noun = s.probe.rfind("收入", m.start(), m.end())
        term = Term(m.start(), noun if noun > 0 else m.end() - 2, Alias(m.group(0), key))
        segments = sorted([t for t in s.segments if not m.start() <= t.start < m.end()] + [term], key=lambda t: t.start)
        one = replace(s, probe=probe, segments=segments, values=[w for w in s.values if w is not other])
        out.append((one, own))
    return out


# "Social networks, fintech and business services revenues all grew by 30%": one figure said of each segment listed.
_EACH = re.compile(r"\b(?:all|both|each)\s+(?:grew|rose|increased|jumped|climbed|fell|declined|dropped|were\s+up|"
                   r"were\s+down|expanded|gained)\b", re.I)
_LIST_GLUE = re.compile(r"\s*(?:,|,?\s*and)\s*")


def _each_segment(s: _Sentence, v: Value) -> list[_Sentence]:
    """The sentence once per segment of a list the figure is said of with "all"/"both"/"each", else the sentence."""
    before = [t for t in s.segments if t.end <= v.start]
    if len(before) < 2 or not _EACH.search(s.probe, before[-1].end, v.start) \
            or _CLAUSE_PUNCT.search(s.probe, _EACH.search(s.probe, before[-1].end, v.start).end(), v.start):
        return [s]
    listed = [before[-1]]
    for t in reversed(before[:-1]):
        if not _LIST_GLUE.fullmatch(s.probe[t.end : listed[0].start]):
            break
        listed.insert(0, t)
    if len(listed) < 2:
        return [s]
    return [replace(s, probe=_mask_spans(s.probe, [(t.start, t.end) for t in listed if t is not one]).replace("\x00", " "),
                    segments=[t for t in s.segments if t not in listed or t is one]) for one in listed]


def _item_sentence(s: _Sentence, items: list[_ListItem], runs: list[list[Value]], place: int) -> _Sentence:
    """A sentence cut down to one place of a list: the other labels and figures blanked, the label's words as its
    metric and segment, the run's figure of that place as its figure."""
    item = items[place]
    own = [r[place] for r in runs if len(r) == len(items)]
    blank = [(items[0].start, items[-1].end)] + [(r[0].start, r[-1].end) for r in runs]
    keep = [(item.start, item.end)] + [(w.start, w.end) for w in own]
    chars = list(s.probe)
    for a, b in blank:
        for i in range(a, b):
            if not any(k0 <= i < k1 for k0, k1 in keep):
                chars[i] = " "
    probe = "".join(chars)

    def outside(t: Term) -> bool:
        return not any(a <= t.start < b for a, b in blank)

    metrics = sorted([t for t in s.metrics if outside(t)] + [Term(item.start, item.end, item.metric)],
                     key=lambda t: t.start)
    segments = [t for t in s.segments if outside(t)]
    if item.segment is not None:
        segments = sorted(segments + [Term(item.start, item.end, item.segment)], key=lambda t: t.start)
    values = sorted([w for w in s.values if not any(w.start < b and a < w.end for a, b in blank[1:])] + own,
                    key=lambda w: w.start)
    return _Sentence(s.index, s.offset, s.text, probe, [t for t in s.entities if outside(t)], metrics, segments,
                     s.periods, values, s.publisher)


# The end of an item of a run-together summary: its source markers ("[3][7]"), then an optional " - ".
_ITEM_END = re.compile(r"(?:\[\d{1,3}\])+(?:\s*[.;。]?\s*-\s+|\s*[.;。]\s*|\s+(?=[A-Z\u4e00-\u9fff]))")


def _bullet_items(parts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Sentences split further after the source markers that close the items of a run-together summary."""
    out: list[tuple[int, str]] = []
    for off, sent in parts:
        start = 0
        for m in _ITEM_END.finditer(sent):
            if sent[start : m.end()].strip():
                out.append((off + start, sent[start : m.end()]))
            start = m.end()
        if sent[start:].strip():
            out.append((off + start, sent[start:]))
    return out


def _read_sentence(si: int, off: int, sent: str, probe: str, ctx: ClaimContext, lex: Lexicon,
                   para_publisher: str | None) -> _Sentence:
    entities = lex.find("entities", probe)
    if ctx.study_segment is not None and "电商" in probe:
        entities = sorted(entities + study_ecommerce(probe, entities), key=lambda t: t.start)
    if ctx.study_segment is not None and "commerce" in probe:
        entities = sorted(entities + study_ecommerce_en(probe, entities), key=lambda t: t.start)
    if "FMCG" in probe or "consumer goods" in probe:
        entities = sorted(entities + fmcg_subject(probe, entities), key=lambda t: t.start)
    if "线" in probe and entities:
        entities = _without_channel_compounds(lex, probe, entities)
    metrics = lex.find("metrics", _mask_spans(probe, [(e.start, e.end) for e in entities]))
    metrics += [e for e in entities if e.alias.metric]
    metrics.sort(key=lambda t: t.start)
    periods = find_periods(probe, ctx.published)
    periods = sorted(periods + this_quarter_mentions(probe, periods), key=lambda p: p.start)
    return _Sentence(
        index=si,
        offset=off,
        text=sent,
        probe=probe,
        entities=entities,
        metrics=metrics,
        segments=lex.find("segments", probe),
        periods=periods,
        values=find_values(probe),
        publisher=_publisher(lex, probe) or para_publisher,
    )


def _without_channel_compounds(lex: Lexicon, probe: str, entities: list[Term]) -> list[Term]:
    """The entities but a channel's name that opens a longer noun ("线上营销收入" is online marketing revenue)."""
    words = lex.words("guard_channel_compound", lex.guards.get("channel_compound", []))
    return [e for e in entities if lex.entity_kind.get(e.alias.key) != "channel" or not words.match(probe, e.end)]


# In a retail-channel study, 电商 on its own (not 抖音电商, 跨境电商 ...) is the e-commerce channel.
_STUDY_ECOMMERCE = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[和与及而在]))电商(?:渠道)?")
_ECOMMERCE_CHANNEL = Alias("电商", "china_ecommerce")


def study_ecommerce(probe: str, entities: list[Term]) -> list[Term]:
    """The e-commerce channel written 电商 alone in a retail-channel study, where no other entity is named there."""
    return [Term(m.start(), m.end(), _ECOMMERCE_CHANNEL) for m in _STUDY_ECOMMERCE.finditer(probe)
            if not any(e.start < m.end() and m.start() < e.end for e in entities)]


# In a retail-channel study, "e-commerce" standing alone (not "cross-border e-commerce", "social e-commerce") is the
# e-commerce channel: at the start of a clause, or after a conjunction or an article.
_STUDY_ECOMMERCE_EN = re.compile(r"(?:^|(?<=[,;:]\s)|(?<=\bas\s)|(?<=\band\s)|(?<=\bwhile\s)|(?<=\bwhereas\s)|"
                                 r"(?<=\bbut\s)|(?<=\bthe\s)|(?<=\bthat\s))[Ee]-?commerce(?:\s+channels?)?\b"
                                 r"(?!\s+(?:platforms?|companies|firms|giants?|players?|sites?|apps?)\b)")


def study_ecommerce_en(probe: str, entities: list[Term]) -> list[Term]:
    """The e-commerce channel written "e-commerce" alone in an English retail-channel study."""
    return [Term(m.start(), m.end(), _ECOMMERCE_CHANNEL) for m in _STUDY_ECOMMERCE_EN.finditer(probe)
            if not any(e.start < m.end() and m.start() < e.end for e in entities)]


_FMCG_MARKET = Alias("FMCG", "china_fmcg")
# "FMCG posted positive growth of 8 percent in April": FMCG alone opening a sentence, right before its change verb.
_FMCG_SUBJECT = re.compile(r"^\s*(?:China['’]s\s+|[Tt]he\s+)?(FMCG|[Ff]ast[- ]moving\s+consumer\s+goods)"
                           r"(?=\s+(?:posted|recorded|registered|saw|grew|rose|increased|declined|fell|dropped|"
                           r"achieved|delivered|reported)\b)")


def fmcg_subject(probe: str, entities: list[Term]) -> list[Term]:
    """The FMCG market written "FMCG" alone as the subject opening a sentence, before the verb of its change."""
    m = _FMCG_SUBJECT.match(probe)
    if m is None or any(e.start < m.end(1) and m.start(1) < e.end for e in entities):
        return []
    return [Term(m.start(1), m.end(1), _FMCG_MARKET)]


def _mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        chars[a:b] = ["\x00"] * (b - a)
    return "".join(chars)


def _publisher(lex: Lexicon, probe: str) -> str | None:
    terms = lex.find("publishers", probe)
    return terms[0].alias.key if terms else None


def _locator(pi: int, s: _Sentence, v: Value) -> str:
    loc = f"p{pi}.s{s.index}.c{v.start}"
    return f"{loc};publisher={s.publisher}" if s.publisher else loc


def _claim(s: _Sentence, v: Value, para: str, pi: int, ctx: ClaimContext, lex: Lexicon, result: ClaimResult,
           carried_entity: str | None, carried_period: PeriodMention | None, para_years: list[int],
           carried_metric: str | None = None) -> None:
    start, end = s.offset + v.start, s.offset + v.end
    qual_start, qualifier = _qualifier_before(lex, s.probe, v)
    if qual_start is not None:
        start = s.offset + qual_start
    after_q, after_len = _qualifier_after(lex, s.probe, v)
    if after_q:
        end += after_len
        qualifier = qualifier or after_q
    qualifier = v.qualifier or qualifier or "eq"
    reported = para[start:end]
    locator = _locator(pi, s, v)

    def hold(reason: str) -> None:
        result.held.append(Held(reason, reported, locator))

    if v.kind in ("ambiguous_multiple", "points", "unreadable"):
        hold(v.note)
        return
    if _GLUED_BEFORE.search(s.probe[max(0, v.start - 3) : v.start]):
        hold("a number glued to another one (garbled): no value can be read")
        return
    if (_COMPARED_BEFORE.search(s.probe[max(0, v.start - 40) : v.start]) and not _beside_estimate_at(s.probe, v)) \
            or _COMPARED_AFTER.match(s.probe[v.end :]) or _estimated_before(s.probe, v):
        hold("an estimate the reported figure is compared with, not the reported figure")
        return
    if _versus_expected(s, v):
        hold("an estimate the reported figure is compared with, not the reported figure")
        return
    if " by " in s.probe[max(0, v.start - 20) : v.start] and _BEAT_BY.search(s.probe[max(0, v.start - 70) : v.start]):
        hold("the margin by which a figure beat or missed an expectation, not a level")
        return
    if _MEASURE_AFTER.match(s.probe[v.end :]) and v.kind == "money":
        hold("the amount is of a profit or loss named right after it")
        return
    if _is_translation(s, v):
        hold("currency translation of the figure before it")
        return
    if _translates_next(s, v):
        hold("currency translation of the yuan figure in brackets after it")
        return
    if v.kind == "money" and _YI_AS_BILLIONS.search(s.probe, v.start, v.end):
        hold("billions written with four whole digits and decimals: an amount in 亿 written as billions")
        return
    if _in_range(s.probe, v):
        hold("one end of a range ('between X and Y', 'X-Y', 'X至Y'): no one figure")
        return
    listed = value_run(s, v)
    listed_period = period_run(s, len(listed), lex) if len(listed) > 1 else None
    paired = figure_period_pairs(s, v) if len(listed) == 1 and len(s.periods) > 1 else None
    if paired is not None:
        listed, listed_period = paired
    if len(listed) > 1 and listed_period is None and not _RESPECTIVELY.search(s.probe):
        hold("a list of figures without as many periods: which subject or period each is of is not certain")
        return
    head = listed[0]  # the first figure of a list carries the growth or share cue for all of them
    prev_end = max([w.end for w in s.values if w.end <= head.start], default=0)
    window = s.probe[prev_end : head.start]
    if whole_of_share_amount(s, v, prev_end, window):
        hold("the amount of the whole a share is taken of ('9% of total sales ($723 billion)'), not the subject's")
        return
    after = _clause_after(s.probe, listed[-1].end)
    if _ROLLING.search(s.probe):
        hold("rolling window: no calendar period")
        return
    if _QUARTER_AND_SPAN.search(s.probe) and listed_period is None:
        hold("a quarter and a half-year or nine months named together: which one the figure is of is not certain")
        return
    pair_quarter = None
    if _QUARTER_AND_YEAR.search(s.probe):
        pair_quarter = _quarter_before_full_year(s, v, para)
        if pair_quarter is None:
            hold("a quarter and the full year named together: which one the figure is of is not certain")
            return
    metric_term = _last_before(_outside_asides(s), v.start) or _first_in_clause_after(s, v)
    metric_term = _head_metric(s, metric_term, v) or metric_term
    metric_term = _metric_measured_by(s, metric_term) or metric_term
    metric_term = _named_after_sold(s, metric_term, v) or metric_term
    metric_term = _growth_noun_metric(s, v) or metric_term
    metric_term = _respective_metric(s, v) or metric_term
    metric_term = _respective_zh_metric(s, v) or metric_term if "分别" in s.probe else metric_term
    metric_term = _line_of_revenue_share(lex, s, metric_term, v) or metric_term if "占比" in s.probe else metric_term
    margin = metric_term is not None and metric_term.alias.measure == "margin_pct" and metric_term.end <= v.start
    margin = margin or ("margin" in s.probe and _with_margin_of(s, metric_term, v))
    if margin and v.kind != "pct":
        hold("a figure that is not a percentage after a margin")
        return
    if v.kind == "pct" and not margin and _contributed(s, v):
        hold("a contribution (贡献 X%) to a whole the clause does not name: not a growth")
        return
    measure = "margin_pct" if margin else _measure(lex, v, window, after)
    if measure is None and not margin:
        measure = _share_to_end(lex, s, v)
    if measure is None:
        hold("percentage without a growth or share cue")
        return
    if measure == "change":
        hold("a change in level, not a level")
        return
    entity_term = _users_on_after(s, metric_term, v) or _owner_after(s, metric_term, v.start) \
        or _last_before(_outside_relative_asides(s, s.entities, v.start), v.start)
    if entity_term is None and (named_after := entity_named_after(s, metric_term, v)) is not None:
        if not quoted_by_source(s, v):
            hold("the figure's clause names a market after it whose seller is another subject: whose figure it is "
                 "is not certain")
            return
        entity_term = named_after
    entity = entity_term.alias.key if entity_term else carried_entity
    if entity_term is None and entity and (other := own_owner_named(lex, s, v)):
        hold(f"the sentence names its own owner or event ({other}), not the subject carried from before")
        return
    if entity_term is None and _EXAMPLE_CASE.search(s.probe, 0, v.start):
        hold("the sentence speaks of an example it names, not of an entity the text has named")
        return
    if _seller_unnamed(s, metric_term, entity_term) and not _market_platforms_sold(lex, s, metric_term, entity):
        hold("who sold the goods is not named in the clause: the seller is not certain")
        return
    own = _segment_right_before(s, metric_term) or _segment_labelling(s, v) or _segment_dated_before(s, metric_term)
    if entity_term is None and own is not None and own.alias.key in _TENCENT_SEGMENTS:
        entity = "tencent"
    if entity is None:
        hold("no entity")
        return
    if (owner := other_owner(lex, s, entity_term, v)) is not None:
        hold(owner)
        return
    stranger = _unknown_subject(s, v) if entity_term is None else None
    if stranger:
        hold(f"the sentence's subject is {stranger}, a name the lexicon does not know")
        return
    earlier = [t.alias.key for t in s.entities if entity_term is not None and t.end <= entity_term.start]
    doubt = attachment_doubt(lex, s, v, metric_term, entity_term, measure, prev_end,
                             earlier[-1] if earlier else carried_entity, entity)
    study = ctx.study_segment is not None or bool(_CHANNEL_STUDY.search(para))
    if doubt is None:
        doubt = _market_after_part(lex, s, entity_term, v)
    if doubt is None and (entity_term is None or lex.entity_kind.get(entity_term.alias.key) in ("market", "channel")):
        doubt = _metric_of_unnamed(s, metric_term, v)
    if doubt is None:
        doubt = _market_narrowed(lex, s, entity_term)
    if doubt is None:
        doubt = _other_window_or_measure(s, v)
    if doubt is None:
        doubt = _other_subject_between(s, entity_term, metric_term, v)
    if doubt is None:
        doubt = _cost_of_metric(s, metric_term)
    if doubt is None and (category := category_after_metric(s, metric_term, entity_term)):
        doubt = f"the metric is of a category named after it ({category}), a part of the subject"
    if doubt is None and entity_term is None and lex.entity_kind.get(entity or "") in ("market", "channel"):
        doubt = _unknown_zh_subject(s)
    if doubt is None and entity in _CHANNEL_STUDY_ENTITIES and not study:
        doubt = f"{entity} (online or offline channels) outside a retail-channel study: whose channel is not certain"
    if doubt is None and entity == "china_fmcg" and ctx.study_segment != "fmcg" and not _FMCG_WORD.search(para):
        doubt = "all channels named outside an FMCG study: whose market is not certain"
    if doubt is None and metric_term is not None and metric_term.end <= v.start:
        owner = _UNKNOWN_OWNER.search(s.probe, max(0, metric_term.start - 40), metric_term.start)
        if owner and not any(t.start < owner.end() and owner.start() < t.end for t in s.entities) \
                and not (entity_term is not None and owner.end() <= entity_term.start < metric_term.start) \
                and not _company_word_of(s, owner):
            doubt = f"the metric is of {owner.group(1)}, a subject the lexicon does not know"
        elif "'" in s.probe or "’" in s.probe:
            noun = _NOUN_OWNER.search(s.probe, max(0, metric_term.start - 50), metric_term.start)
            if noun and not any(t.start < noun.end() and noun.start() < t.end for t in s.entities):
                doubt = f"the metric is another owner's ({noun.group(1)}), not the subject's"
            elif (back := _REFERRING_OWNER.search(s.probe, max(0, metric_term.start - 50), metric_term.start)) \
                    and len({t.alias.key for t in s.entities}) > 1:
                doubt = f"'{back.group(0).strip()}' may be either subject the sentence names"
    if doubt is None and metric_term is not None and (entity_term is None or entity_term.end <= metric_term.start) \
            and (named := _WHICH_OF_A_NAME.search(s.probe, max(0, metric_term.start - 80), metric_term.start)) \
            and (entity_term is None or entity_term.start < named.start()):
        doubt = "the metric is of a title named right before it ('\"Honor of Kings\", which hit revenues of')"
    if doubt is None and entity_term is not None and _ALL_CHANNELS.fullmatch(entity_term.alias.text) \
            and _OWNED_BEFORE.search(s.probe[max(0, entity_term.start - 12) : entity_term.start]):
        doubt = "all channels of a subject named right before them (a brand, a category), not the market"
    if doubt:
        hold(doubt)
        return
    if ctx.entity_filter is not None and entity not in ctx.entity_filter:
        hold(f"entity {entity} not read from this document family")
        return
    metric = metric_term.alias.metric or metric_term.alias.key if metric_term else None
    anaphoric = metric is None and (_ANAPHOR.search(s.probe[: v.start]) or _ANAPHOR_NEXT.search(window)
                                    or _REPRESENTING_BEFORE.search(window))
    if anaphoric:
        metric = carried_metric or _last_figure_metric(result, entity)
    if (metric is None and measure in ("yoy_pct", "qoq_pct")
            and (_in_clause_before(s, entity_term, head) or _subject_goes_on(s, entity_term, head))
            and not _CHART_RUN.search(s.probe) and not _labels_figure_before(s, entity_term)):
        metric = _implied_metric(lex, entity, study)
    if (metric is None and measure == "yoy_pct" and _market_word_after(lex, s, entity_term)
            and (_in_clause_before(s, entity_term, head) or _subject_goes_on(s, entity_term, head))
            and not _CHART_RUN.search(s.probe) and not _labels_figure_before(s, entity_term)):
        metric = _market_size_metric(lex, entity)  # "the live commerce market grew 210%": growth of its size
    if metric is None and measure == "share_pct" and ctx.study_segment is not None \
            and lex.entity_kind.get(entity) == "channel" and _in_clause_before(s, entity_term, v) \
            and _CHANNEL_SHARE_WHOLE.search(s.probe, entity_term.end, v.start):
        metric = _implied_metric(lex, entity, study)  # a channel's share of the market in a study: of its sales
    if metric is None and entity_term is None and measure in ("yoy_pct", "qoq_pct") and v.kind == "pct" \
            and _bare_growth(s, v):
        metric = _previous_sentence_metric(result, pi, s.index, entity)
    if metric is None and measure == "value" and v.kind == "money" and lex.entity_kind.get(entity) == "market" \
            and _market_size(s, entity_term, carried_entity, v):
        metric = "gmv"  # "the live commerce market hit $680 billion": the size of a market is its GMV
    if metric is None and measure == "value" and v.kind == "money" and lex.entity_kind.get(entity) == "platform" \
            and _platform_sold_worth(s, entity_term, v):
        metric = "gmv"  # "Douyin sold nearly RMB 2 trillion worth of goods": what a platform sold is its GMV
    if metric is None and entity == "tencent" and measure in ("value", "yoy_pct", "qoq_pct") \
            and v.kind in ("money", "pct") and _segment_subject(s, v) is not None:
        metric = "revenue"  # "International games grew 43%", "Marketing Services: up 21%": a segment is a revenue line
    if metric is None:
        hold("no metric")
        return
    unknown = _unknown_business_of(s, metric_term, v)
    if unknown:
        hold(f"the metric is of a business the lexicon does not know ({unknown})")
        return
    firm = _user_figure_firm(lex, s, metric, ctx)
    if firm:
        hold(f"{metric} measured by a data firm ({firm}), not reported by the company")
        return
    if v.kind == "count" and metric not in ("orders", "mau", "dau", "video_views"):
        hold(f"a count for metric {metric}")
        return
    if v.kind == "money" and metric in ("orders", "mau", "dau", "video_views", "user_time_spent"):
        hold(f"an amount of money for metric {metric}")
        return
    if metric == "sales" and entity == "tencent" and _segment_line_sales(s, metric_term):
        metric = "revenue"  # "Social networks sales were flat at CNY29.2 billion": a segment's sales are its revenue
    if metric == "sales" and entity == "tencent" and v.kind == "money" and _company_sales(s, metric_term):
        metric = "revenue"  # "Sales barely rose to 135.5 billion yuan for the three months ended March"
    if metric == "sales" and entity == "tencent" and v.kind == "pct" and _company_sales(s, metric_term) \
            and _sales_change(s, metric_term, v):
        metric = "revenue"  # "In the second quarter, sales increased by 20% to $21.3 billion"
    if metric == "sales" and entity == "tencent" and v.kind in ("money", "pct") and _on_sales_of(s, metric_term, v):
        metric = "revenue"  # "reported a profit of 23.81 billion yuan on sales of 78.93 billion yuan, up 31 per cent"
    allowed = lex.entity_metrics.get(entity)
    if allowed is not None and metric not in allowed:
        via = _entity_via(lex, s, v, metric) or _owner_of_segment_line(lex, s, v, entity_term, entity, metric)
        if via is None:
            hold(f"{entity} carries no {metric}: the figure's subject is not certain")
            return
        entity = via
    if not net_profit_word_fits(metric, measure, entity):
        hold(f"'net profit' of {entity} may name either profit line")
        return
    if measure in ("yoy_pct", "qoq_pct") and _share_moved_to(s, v):
        hold("the level a share moved to ('占比提升至56.6%', 'its share rose to 56.6%'), not growth")
        return
    if measure in ("yoy_pct", "qoq_pct") and _POINTS_TO.search(s.probe, max(0, v.start - 16), v.start):
        hold("a level a ratio reached after a change in points ('提升0.7pcts至13.4%'), not growth")
        return
    if metric == "revenue" and _ecommerce_revenue(s, metric_term):
        hold("e-commerce revenue is one line of the platform's revenue, not its total")
        return
    loss = _net_loss_word(s, metric, measure, metric_term, v)
    if loss:
        hold(f"a loss word ({loss}) between the net profit and the figure: its sign is not certain")
        return
    value, signed = v.value, v.signed
    if measure in ("yoy_pct", "qoq_pct") and v.kind == "pct" and not signed and (
            _is_down(lex, window, after) or _joined_down(lex, s.probe, head.start, window, after)):
        value = -abs(value)
    if measure in ("yoy_pct", "qoq_pct") and v.kind == "pct" and _RISE_FROM_PCT.search(window) \
            and not _RATE_NAMED.search(window):
        hold("a percentage after 'rise from' is the level of a ratio the text does not name, not a growth")
        return
    estimate = is_estimate(lex, s, v, ctx.published) or bool(anaphoric and _last_is_estimate(result, pi))
    if not s.periods and _is_headline(para):
        hold("a headline figure that names no period")
        return
    if not s.periods and pair_quarter is None and not listed_period and _relative_period(s.probe):
        hold(f"a period named relative to another ({_relative_period(s.probe)}): not read")
        return
    if pair_quarter is None and listed_period is None and not s.periods \
            and carried_period is not None and _last_quarter_of(carried_period) is not None \
            and not _span_in_full_sentence(para, s.offset, ctx.published) and _spans_and_quarter(ctx):
        hold("a half-year or nine months carried from an earlier sentence of a text that also reports the quarter "
             "ending it: which one the figure is of is not certain")
        return
    period = pair_quarter or _period_for(s, v, ctx, carried_period, para_years, estimate, lex,
                                         listed_period[listed.index(v)] if listed_period else None)
    if measure == "yoy_pct" and period is not None and (later := _growth_after_comparative(s, v)) is not None:
        try:
            period = build_period(later, later.year) if later.year is not None else period
        except (P.PeriodError, ValueError):
            hold("a growth after a comparative's level whose own period cannot be read")
            return
    based = _base_year_after(s, v)
    if period is None and based is None:
        hold("no period")
        return
    moved = _from_to(s, v)
    if moved is not None:
        moved_period, moved_measure, reason = moved
        if reason is not None:
            hold(reason)
            return
        period = moved_period
        if measure in ("yoy_pct", "qoq_pct"):
            measure = moved_measure
    written = _period_written_after(s, v) or based
    if written is not None:
        try:
            period = build_period(written, written.year) if written.year is not None else None
        except (P.PeriodError, ValueError):
            period = None
        if period is None:
            hold("a level in 'from ... to ...' whose own period cannot be read")
            return
    if period.type == "year" and measure == "qoq_pct":
        hold("a quarter-on-quarter change is a quarter's, never a year's")
        return
    if period.type == "year" and _QUARTER_WORD.search(s.probe):
        hold("a quarter is named but the figure's quarter is not read")
        return
    if period.type == "year" and _unread_quarter(s, v):
        hold("the figure's clause names a quarter that is not read: not the year's figure")
        return
    if period.type in ("year", "month") and metric not in ("mau", "dau") and _unread_span(s, v):
        hold("the figure's clause names a span (nine months, year to date) that is not read: not the year's figure")
        return
    if metric in ("mau", "dau", "subscriptions") and period.type not in ("quarter", "month", "instant") \
            and not _year_average_dau(metric, period, s.probe):
        hold(f"{metric} is a count at a date, not over {period.label}")
        return
    if _CROSS_YEAR.search(s.probe):
        hold("a twelve-month window across two years: no calendar period")
        return
    if metric not in ("mau", "dau") and measure in ("value", "yoy_pct", "qoq_pct") and _flow_up_to(s, v):
        hold(f"{metric} up to a date ('截至', 'as of'): the span it covers is not stated")
        return
    if re.search(r"(?:较|比|由|从)(?:去年|上年)同期的?\s*$", window) and v.kind in ("money", "count"):
        period = P.prior_year(period)
    elif v.kind in ("money", "count") and "年" in window and (named := _named_base_year(window)) is not None:
        if named != period.start.year - 1:
            hold("a comparison base of a year other than the year before")
            return
        period = P.prior_year(period)
    if measure == "margin_pct" and (_PRIOR_ZH.search(window) or (_FROM_EN.search(window) and _LAST_YEAR_EN.match(after))):
        period = P.prior_year(period)
    basis = "na"
    if metric in BASIS_METRICS:
        stated = last_stated_basis(s.probe[: v.start])
        if stated is None:
            hold(f"basis (IFRS or non-IFRS) of {metric} not stated")
            return
        basis = stated
    period = kpi_period(metric, period, s.probe)
    compared = _compared_with_base(window, s.probe[v.end : v.end + 48]) and not any(p.start >= v.end for p in s.periods)
    if v.kind in ("money", "count") and measure == "value" and written is None and (_FROM_EN.search(window) or compared):
        base = _base_period(period, s.probe[v.end : v.end + 48] if compared else after)
        if base is None:
            hold("a comparison base ('from ...') whose period is not stated")
            return
        period = base
    segment = _segment(lex, s, entity_term, entity, v.start)
    if segment != "total" and entity not in lex.entity_segment and _segment_in_list(lex, s, segment, v.start):
        hold("a segment named as one item of a list before the figure: of which one, or of the whole, not certain")
        return
    if segment == "total" and entity == "tencent":
        segment = _regional_games(s, metric_term) or segment
    if segment == "total" and entity == "tencent" and "business" in s.probe:
        line = _line_named_business(s, entity_term, v)
        if line == "":
            hold("the figure is of a business named before the company ('games, Tencent's largest business, "
                 "contributed ...'), which names no known segment")
            return
        segment = line or segment
    if segment == "total" and (named := _words_before_owned_metric(s, metric_term, entity_term)):
        hold(f"'{named}' before a metric its owner follows ('... revenue of <company>'): of a part or the whole, "
             "not certain")
        return
    if segment == "total" and (named := _words_after_possessive_owner(s, metric_term, entity_term)):
        hold(f"'{named}' between a company's possessive and its revenue: of a part or the whole, not certain")
        return
    if measure == "share_pct" and lex.entity_kind.get(entity) in ("company", "platform") \
            and (market := _market_share_word(lex, s, v)):
        hold(f"a share of a market ({market}), not a share of the subject's own revenue")
        return
    if measure == "share_pct" and segment == "total" and lex.entity_kind.get(entity) in ("company", "platform") \
            and metric not in lex.metric_as_segment.get(entity, {}):
        hold("a share of a company's whole whose part is not read")
        return
    if v.kind == "pct" and measure in ("yoy_pct", "qoq_pct"):
        named_after = _growth_in(s, v)
        if named_after == "":
            hold("the growth is of what follows it ('growth in ...'), which names no known segment")
            return
        if named_after is not None:
            segment = named_after
    if segment == "total" and ctx.study_segment and lex.entity_kind.get(entity) == "channel":
        segment = ctx.study_segment  # a channel's figure in an FMCG study is FMCG sold through it
    owners = lex.segment_entities.get(segment)
    if owners is not None and entity not in owners:
        hold(f"segment {segment} is reported by {', '.join(owners)} only, not by {entity}")
        return
    if segment == "online_games" and period.start.year >= _ONLINE_GAMES_UNTIL:
        hold("'online games' after 2020 names no reported segment (domestic and international games)")
        return
    as_segment = lex.metric_as_segment.get(entity, {}).get(metric)
    if as_segment is not None:
        if segment not in ("total", as_segment):
            hold(f"{metric} of {entity} named with another segment ({segment})")
            return
        metric, segment = "revenue", as_segment
    if estimate and _estimated_past_level(lex, s, v, period, ctx.published):
        estimate, qualifier = False, "approx"  # "reached an estimated 200 billion yuan" in a year already over
    if estimate and _past_comparison_base(v, measure, window, period, ctx.published):
        estimate = False  # "will reach 1.05 trillion yuan this year, up from 433.8 billion yuan in 2019": what was
    if not estimate and period.label in ctx.to_come:
        hold("a figure of a period whose results the text says are still to come: a forecast, not a result")
        return
    unit = v.unit if measure == "value" else "pct"
    snippet = make_snippet(para, start, end)
    result.facts.append(
        Fact(entity, metric, segment, basis, measure, period, float(value), unit, reported, locator, snippet,
             qualifier=qualifier, is_estimate=estimate)
    )


# "sales are estimated to rise from 5% in 2019 to about 10%": the levels of a ratio (a share, a rate), not a growth.
_RISE_FROM_PCT = re.compile(r"\b(?:ris(?:e|es|en|ing)|rose|grow(?:s|n|ing)?|grew|increas(?:e|es|ed|ing)|climb(?:s|ed|ing)?|"
                            r"jump(?:s|ed|ing)?|fall(?:s|en|ing)?|fell|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|"
                            r"expand(?:s|ed|ing)?)\s+from\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?$", re.I)
_RATE_NAMED = re.compile(r"\b(?:growth|rate|pace|increase|rise|expansion)\b(?!\s+from\s+(?:about\s+|around\s+)?$)", re.I)
# "beating estimates of RMB 168.9 billion", "the 143.89 billion yuan estimated by FactSet": the estimate, not the result.
_COMPARED_BEFORE = re.compile(r"\b(?:estimates?|expectations?|forecasts?|consensus)\s+(?:of|at)\s+(?:about\s+|around\s+)?"
                              r"(?:RMB|CNY|US\$|HK\$|HKD|\$)?\s*$", re.I)
# "Revenue was slightly under the estimate at 155.20 billion yuan": the figure is the result set beside the estimate.
_BESIDE_ESTIMATE_AT = re.compile(r"\b(?:was|were|came\s+in|came)\s+(?:also\s+)?(?:slightly\s+|well\s+|just\s+)?(?:under|below|above|over|ahead\s+of)"
                                 r"\s+(?:the\s+)?(?:estimates?|expectations?|forecasts?|consensus)\s+at\s*$", re.I)


# "compared to an estimated 582.52 million", "with the estimate being 157.42 billion yuan": the estimate itself.
_ESTIMATED_BEFORE = re.compile(r"(?:\bthe\s+estimated|\b(?:compared\s+(?:to|with)|against|versus|vs\.?)\s+an\s+estimated|\b(?:estimates?|expectations?|forecasts?|consensus)\s+being)"
                               r"\s+(?:RMB|CNY|US\$|HK\$|HKD|\$)?\s*$", re.I)


def _estimated_before(probe: str, v: Value) -> bool:
    """Whether a figure is written as the estimate itself ("the estimated X", "with the estimate being X")."""
    head = probe[max(0, v.start - 40) : v.start]
    return "stimate" in head and bool(_ESTIMATED_BEFORE.search(head))


def _beside_estimate_at(probe: str, v: Value) -> bool:
    """Whether a figure after 'estimate at' is the result said to be under or over the estimate."""
    return " at" in probe[max(0, v.start - 4) : v.start] and bool(_BESIDE_ESTIMATE_AT.search(probe, max(0, v.start - 80), v.start))


_COMPARED_AFTER = re.compile(r"\s*(?:estimated|expected|forecast|projected)\s+by\b", re.I)
# "Revenue: 114.88 billion yuan vs 112.72 billion yuan expected": the figure after "vs" that is named the expectation.
_VERSUS_BEFORE = re.compile(r"\b(?:vs\.?|versus)\s+(?:an?\s+)?(?:RMB|CNY|US\$|HK\$|HKD|\$)?\s*$", re.I)
_EXPECTED_AFTER = re.compile(r"\s*(?:yuan\s+|RMB\s+|CNY\s+)?(?:\([^()]{0,30}\)\s*)?(?:(?:was\s+|were\s+)?(?:expected|estimated|"
                             r"forecast|projected|anticipated)|(?:analysts'?\s+|consensus\s+|average\s+)*"
                             r"(?:estimates?|expectations?|forecasts?|consensus))\b", re.I)

# "exceeding the market expectation by about CNY 2 billion", "missed estimates by 3%": the margin, not the figure.
_BEAT_BY = re.compile(r"\b(?:exceed|beat|top|surpass|miss|trail|lag)(?:s|ed|ing|ped|ping|ged|ging)?\s+(?:the\s+)?"
                      r"(?:(?:market|analysts?'?|consensus|average|street|Wall\s+Street)\s+)*(?:expectations?|estimates?|"
                      r"consensus|forecasts?|projections?)(?:\s+of\s+analysts)?\s+by\s+(?:about\s+|around\s+|roughly\s+|"
                      r"nearly\s+|almost\s+|some\s+|over\s+|more\s+than\s+)?(?:RMB|CNY|US\$|HK\$|HKD|\$|¥)?\s*$", re.I)


def _versus_expected(s: _Sentence, v: Value) -> bool:
    """Whether the figure follows "vs"/"versus" and is named an expectation or estimate right after it."""
    if "vs" not in s.probe and "versus" not in s.probe.lower():
        return False
    return bool(_VERSUS_BEFORE.search(s.probe[max(0, v.start - 12) : v.start]) and _EXPECTED_AFTER.match(s.probe[v.end :]))
# Between a figure and a later period: a clause or bullet break, or a comparison base, ends the figure's own clause.
_OTHER_CLAUSE = re.compile(r"[,，;；:：。]|\[\d{1,2}\]|\s[-–]\s|\b(?:from|than|compared|versus|vs)\b", re.I)
_QUARTER_AND_YEAR = re.compile(
    r"\b(?:(?:first|second|third|fourth|final)\s+quarter|Q[1-4])\s+and\s+(?:the\s+)?(?:full|whole)[- ]year\b"
    r"|\b(?:full|whole)[- ]year\s+and\s+(?:the\s+)?(?:(?:first|second|third|fourth|final)\s+quarter|Q[1-4])\b"
    r"|(?:第?[一二三四1-4]季度|Q[1-4])(?:及|和|与)全年|全年(?:及|和|与)(?:第?[一二三四1-4]季度|Q[1-4])", re.I)
# "second quarter and mid-year results", "第二季度及中期业绩": a quarter released with a half-year or nine months.
_QUARTER_AND_SPAN = re.compile(
    r"\b(?:(?:first|second|third|fourth|final)[\s-]+quarter|Q[1-4])\s+(?:and|&)\s+(?:the\s+)?(?:mid[- ]?year|half[- ]year|"
    r"interim|first[- ]half|H1|six[- ]months?|semi[- ]annual|(?:first\s+)?nine[- ]months?|year[- ]to[- ]date)\b"
    r"|\b(?:mid[- ]?year|half[- ]year|interim|first[- ]half|nine[- ]months?)\s+(?:and|&)\s+(?:the\s+)?"
    r"(?:(?:first|second|third|fourth|final)[\s-]+quarter|Q[1-4])\b"
    r"|(?:第?[一二三四1-4]季度?|[首次]季|Q[1-4])(?:及|暨|和|与|以及)(?:中期|半年|上半年|前三季度|首三季)"
    r"|(?:中期|半年度?|上半年|前三季度|首三季度?)(?:及|暨|和|与|以及)(?:第?[一二三四1-4]季度?|Q[1-4])", re.I)
_UNCLEAR = PeriodMention(0, 0, "unclear", None)
# ", which includes gaming,": what a segment is made of, not another subject the figure might belong to.
_INCLUDES = re.compile(r"[,，]\s*which\s+(?:includes?|including|comprises?|covers?)\b[^,，]*[,，]", re.I)
# The whole a share is taken of ("占社会消费品零售总额的比重", "of total retail sales of consumer goods"): not a part.
_SHARE_WHOLE = re.compile(r"占(?:全国)?[^,，。；;]{0,16}?总额(?:的)?(?:比重|比例|份额)?"
                          r"|\bof\s+(?:the\s+)?(?:(?:country|nation|China)['’]s\s+)?total\s+retail\s+sales"
                          r"(?:\s+of\s+consumer\s+goods)?", re.I)


# "accounting for 26.6% of the total retail sales of (social) consumer goods, reflecting a year-on-year increase of
# 10.8%": the whole of the share before the growth of the subject; not when a relative clause makes it the whole's.
_WHOLE_THEN_GROWTH = re.compile(r"(?<=%)\s*of\s+(?:the\s+)?(?:(?:country|nation|China)['’]s\s+)?total\s+retail\s+sales"
                                r"(?:\s+of\s+(?:social\s+)?consumer\s+goods)?(?=\s*,\s*(?:reflecting|marking|representing|"
                                r"registering|recording|showing|posting)\b)", re.I)


def _mask_whole_then_growth(probe: str, text: str, measure: str) -> str:
    """A text with the whole of a share stated right before a growth blanked, for a growth; others keep it."""
    if measure not in ("yoy_pct", "qoq_pct") or "total retail sales" not in probe.lower():
        return text
    chars = list(text)
    for m in _WHOLE_THEN_GROWTH.finditer(probe):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def _in_whole_then_growth(probe: str, at: int) -> bool:
    """Whether a place in the text lies in the whole of a share stated right before a growth."""
    if "total retail sales" not in probe.lower():
        return False
    return any(m.start() <= at < m.end() for m in _WHOLE_THEN_GROWTH.finditer(probe))


# The market a channel's share is taken of (电商占快速消费品市场份额的25.8%): the share itself, not another measure.
_CHANNEL_SHARE_WHOLE = re.compile(r"占(?:中国|全国)?[^,，。；;]{0,16}?市场(?:份额|销售额)(?:的)?(?:比重|比例)?")


def _channel_share_gap(lex: Lexicon, entity: str | None, gap: str, measure: str) -> str:
    """The text between a channel and its share with the market it is a share of blanked; other gaps as they are."""
    if measure != "share_pct" or lex.entity_kind.get(entity or "") != "channel":
        return gap
    return _CHANNEL_SHARE_WHOLE.sub(lambda m: " " * len(m.group(0)), gap)


def _mask_share_whole(text: str, measure: str) -> str:
    """A text with the whole a share is taken of blanked, for a share; other measures keep it."""
    return _SHARE_WHOLE.sub(lambda m: " " * len(m.group(0)), text) if measure == "share_pct" else text


# "booked a 33.1 billion yuan (US$4.8 billion) profit": the amount's own measure follows it.
_MEASURE_AFTER = re.compile(r"\s*(?:[(（][^)）]{0,40}[)）]\s*)?(?:(?:net|operating|gross|quarterly|annual)\s+)?"
                            r"(?:profit|profits|earnings|income|loss|losses)\b", re.I)
# Three or more percentages in a row with no words between: labels of a chart run together, not prose.
_CHART_RUN = re.compile(r"(?:[-+–]?\s?\d+(?:\.\d+)?%\s*){3,}")
# "- Gaming Business: Revenue was ...": a list item whose label names its subject (after an optional section title).
_ITEM_LABEL = re.compile(r"^[\s\-–•*]*(?:[A-Z][A-Za-z ]{0,30}\s[-–]\s)?(?P<label>[^:：,，.。;；\d]{2,50})[:：]\s")
# Revenue segments only Tencent reports: a figure of one whose company is carried from before is Tencent's.
_TENCENT_SEGMENTS = frozenset({"vas", "online_games", "domestic_games", "international_games", "social_networks",
                               "fintech_business_services"})
# "海外游戏收入贡献23%": a percentage a part contributed, of a whole the clause does not name (not a growth).
_CONTRIBUTED_BEFORE = re.compile(r"贡献(?:了|约|近|达|超过|逾)?\s*$")
# The whole named right after a contribution ("贡献23%的总收入"): a share of the company's total, read as such.
_TOTAL_WHOLE_AFTER = re.compile(r"\s*(?:的)?\s*(?:总收入|总营收|总营业收入|整体收入|集团收入)")
_CLAUSE_OPENING = re.compile(r"[,，;；:：。]")


def _contributed(s: _Sentence, v: Value) -> bool:
    """Whether a percentage is what a part contributed (贡献 X%) to a whole its clause does not name."""
    before = s.probe[max(0, v.start - 8) : v.start]
    return "贡献" in before and _CONTRIBUTED_BEFORE.search(before) is not None \
        and not _TOTAL_WHOLE_AFTER.match(s.probe, v.end)


def _market_share_word(lex: Lexicon, s: _Sentence, v: Value) -> str | None:
    """A market-share word (市占率, market share) in a percentage's clause before it, else None."""
    opening = max((m.end() for m in _CLAUSE_OPENING.finditer(s.probe, 0, v.start)), default=0)
    market = lex.words("guard_market_share", lex.guards.get("market_share", [])).search(s.probe, opening, v.start)
    return market.group(0) if market else None


# "contributing 30% to total revenue", "30% of total revenue": a share of the whole, whatever growth came before.
_SHARE_AFTER = re.compile(r"\s*(?:of|to)\s+(?:the\s+)?(?:company's\s+|its\s+)?(?:total|overall)\s+"
                          r"(?:revenue|revenues|sales|GMV)\b", re.I)
# A percentage followed by "of revenue" with no "total": a fraction of some revenue, whose whole is not named.
_FRACTION_AFTER = re.compile(r"\s*of\s+(?:the\s+|its\s+)?(?:revenue|revenues|sales|GMV)\b", re.I)
_PREVIOUS_QUARTER = re.compile(r"\s*(?:in\s+the\s+(?:previous|prior|preceding|last)\s+quarter|(?:a\s+quarter|three\s+months)\s+"
                               r"(?:earlier|ago|before))\b",
                               re.I)
_FESTIVAL = re.compile(r"网购节|购物节|电商节|消费节|shopping festival|shopping carnival", re.I)
_ASIDE = re.compile(r"[,，]\s*which\s+[^,，.]*[,，]", re.I)
# Tencent reported a single "online games" line until 2020; from 2021 on it reports domestic and international games.
_ONLINE_GAMES_UNTIL = 2021
_GLUED_BEFORE = re.compile(r"\d[.,]$")
# The end of a year ("截至2023年底", "at the end of 2021"): a count there is as at a date, not a year's average.
_YEAR_END_CUE = re.compile(r"年底|年末|year[- ]end|end of", re.I)


def _year_average_dau(metric: str, period: Period, probe: str) -> bool:
    """Whether a DAU figure dated by a year alone is the year's daily average ("had 500 million daily active users
    in 2021"): no as-at date or year end in its sentence."""
    return metric == "dau" and period.type == "year" and not _AS_AT_CUE.search(probe) \
        and not _YEAR_END_CUE.search(probe)


_AS_AT_CUE = re.compile(r"截至|截止|月底|月末|end of|as of|as at", re.I)
# A quarter named without its number ("for the quarter", 单季): a figure then dated by a year is not the year's.
_QUARTER_WORD = re.compile(r"\b(?:the|this|that|each)\s+quarter\b|\bquarterly\b|单季|本季度|当季|该季度", re.I)
# Any word for a quarter ("the last reported quarter", "次季", "季内"); fractions ("a quarter of") and
# quarter-on-quarter growth are not quarters.
_ANY_QUARTER = re.compile(r"(?<!\ba\s)(?<!\bone\s)(?<!\bthree\s)\bquarter(?:s|ly)?\b(?![\s-]+(?:on|over)[\s-]+quarter)"
                          r"(?!\s+of\s+(?:the|all|its|their|total)\b)|季度|季报|季内|[首次上本该当单末]季|第?[一二三四1-4]季", re.I)


# Words for a span of months shorter than the year or running to a date ("nine-month", "9M20", "year to date",
# "so far in 2020", "through September", "2020年以来", "1月至9月", "半年报").
_ANY_SPAN = re.compile(
    r"\b(?:two|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})[\s-]+months?\b|\b[1-9][MH]\s?(?:FY)?(?:\d{4}|\d{2})\b"
    r"|\byear[\s-]+to[\s-]+date\b|\bYTD\b|\bso\s+far\b|\bhalf[\s-]+year\b|\binterim\b|\bsemi[\s-]?annual\b"
    rf"|\b(?:{_MONTH_WORDS})\.?\s*(?:-|–|to|through)\s*(?:{_MONTH_WORDS})\b"
    r"|\bsince\s+the\s+(?:start|beginning)\s+of\b|\b(?:through|thru|until|till|up\s+to)\s+(?:the\s+end\s+of\s+)?"
    rf"(?:{_MONTH_WORDS})\b|以来|迄今|[前首]\s*(?:\d{{1,2}}|[一二两三四五六七八九十]{{1,3}})\s*个?月"
    r"|\d{1,2}\s*月份?\s*(?:至|到|-|—|–|~)\s*\d{1,2}\s*月|半年|中期", re.I)


def _unread_span(s: _Sentence, v: Value) -> bool:
    """Whether a word for a span of months shorter than the year stands in a sentence up to the end of the figure's
    clause outside every period phrase read from it: a span that is not the year (nor its last month)."""
    return _unread_words(s, v, _ANY_SPAN)


_NOT_READ = frozenset({"year", "ytd", "this_quarter"})


def _unread_words(s: _Sentence, v: Value, words: re.Pattern[str]) -> bool:
    """Whether `words` match in a sentence up to the end of the figure's clause outside every non-year period phrase
    read from it (a year, "year to date" or "the quarter" read leaves the span open) and every comparison base."""
    stop = _CLAUSE_OR_STOP.search(s.probe, v.end)
    end = stop.start() if stop else len(s.probe)
    bases = [(b.start(), b.end()) for b in _BASE.finditer(s.probe, 0, end)]
    spans = bases + [(p.start, p.end) for p in s.periods if p.kind not in _NOT_READ]
    return any(not any(a <= m.start() and m.end() <= b for a, b in spans) for m in words.finditer(s.probe, 0, end))


def _unread_quarter(s: _Sentence, v: Value) -> bool:
    """Whether a quarter word stands in a sentence up to the end of the figure's clause outside every period
    phrase read from it and every comparison base: a quarter whose number or year is not known."""
    return _unread_words(s, v, _ANY_QUARTER)


_CROSS_YEAR = re.compile(
    r"(?:from\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"((?:19|20)\d\d)\s+(?:to|through|until|-|–)\s+(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+((?:19|20)\d\d)|((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*(?:至|到|-|—|~)\s*"
    r"((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月",
    re.I,
)
# "相较2021年的170亿元", "比2021年同期的", "由2023年同期的": the amount right after is the base year's.
_NAMED_BASE_ZH = re.compile(r"(?:(?:较|比|相比|相较于?)\s*((?:19|20)\d{2})\s*年(?:同期)?|(?:由|从)\s*((?:19|20)\d{2})\s*年同期)"
                            r"的?\s*$")


def _named_base_year(window: str) -> int | None:
    """The year a Chinese comparison base right before a figure names ("相较2021年的"), else None."""
    m = _NAMED_BASE_ZH.search(window)
    return int(m.group(1) or m.group(2)) if m else None


_PRIOR_ZH = re.compile(r"(?:由|从|较|比)?(?:去年|上年)同期(?:的)?\s*$")
_FROM_EN = re.compile(r"\bfrom\s*$", re.I)
_LAST_YEAR_EN = re.compile(r"\s*(?:last\s+year|a\s+year\s+(?:earlier|ago)|in\s+the\s+same\s+(?:period|quarter)\s+(?:of\s+)?last\s+year)\b",
                           re.I)
_CLAUSE_PUNCT = re.compile(r"[,，;；:：]")
_CLAUSE_OR_STOP = re.compile(r"[,，;；:：。]|[.!?][\"”’]?\s")
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*年?\s*(?:-|–|—|~|至|到|to|and)\s*((?:19|20)\d\d)", re.I)
_MANY_YEARS = re.compile(r"\b(?:in|over|within)\s+(?:the\s+)?(?:past\s+|last\s+)?(?:\d+|two|three|four|five|six|seven|"
                         r"eight|nine|ten)\s+years\b|\d+\s*年(?:间|来|内)|[两三四五六七八九十]年(?:间|来|内)", re.I)
# "its fastest revenue growth in seven years", "the strongest pace recorded over the past four years": a record over
# several years, said of a figure that is still year-on-year.
_RECORD_IN_YEARS = re.compile(r"\b(?:fastest|slowest|strongest|weakest|highest|lowest|biggest|largest|smallest|best|"
                              r"worst)\b[^,.;:\d%]{0,40}?\b(?:in|over|within)\s+(?:the\s+)?(?:past\s+|last\s+)?"
                              r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+years\b", re.I)


def _mask_record_in_years(probe: str) -> str:
    """The text with English records over several years ("fastest growth in seven years") taken out."""
    return _RECORD_IN_YEARS.sub("", probe) if "years" in probe else probe


# "创近十年来的最低值", "创三年来新高": a record over several years, said of a figure that is still year-on-year.
_RECORD_SINCE = re.compile(r"创(?:下)?(?:近|过去)?(?:\d+|[两三四五六七八九十]+)年(?:来|以来)的?(?:新|最)[高低]")
_FUTURE_BY = re.compile(r"^\s*(?:[a-z\s]{0,20}\s)?by\s+((?:19|20)\d\d)\b|^[^,，。;；]{0,12}?(?:到|至)\s*((?:19|20)\d\d)\s*年", re.I)
_BARE_SCALE_LIMIT = 10_000.0
_ESTIMATE_AFTER = re.compile(r"\s*(?:的)?(?:目标(?!价)|预期|预测|预估|target(?!\s+price)|forecast)|\s*(?:\([^)]{0,30}\)\s*)?(?:yuan\s+|RMB\s+)?"
                            r"(?:average\s+|consensus\s+|mean\s+|analysts'?\s+)+(?:estimate|forecast|expectation)s?\b"
                            # a headline's "410 billion CNY in GMV predicted for Kuaishou in 2022"
                            r"|\s*(?:in\s+[A-Za-z]+\s+)?(?:predicted|projected|forecast|expected|estimated)\s+(?:for|in|by)\b",
                            re.I)
# Online and offline channels are series of retail-channel studies (NielsenIQ, Kantar, Syntun); elsewhere 线上
# is a company's own line of business (线上营销服务).
_CHANNEL_STUDY_ENTITIES = frozenset({"china_ecommerce", "china_offline_retail"})
_CHANNEL_STUDY = re.compile(r"快消|快速消费品|FMCG|NielsenIQ|尼尔森|凯度|Kantar|星图|Syntun|全渠道|all[- ]channel", re.I)
# "全渠道", "omni-channel" name the FMCG market only in a text about FMCG.
_FMCG_WORD = re.compile(r"快消|快速消费品|FMCG|fast[- ]moving consumer goods", re.I)
# A capitalised name with a possessive right before a metric ("Alibaba's annual GMV"): the metric's owner, unless it is
# the country or a known entity.
def _seller_unnamed(s: _Sentence, metric_term: Term | None, entity_term: Term | None) -> bool:
    """Whether "sold goods worth" has no entity named before it in its own clause ("one streamer sold goods worth
    ..." after a sentence on the market is the streamer's, not the market's)."""
    if metric_term is None or not metric_term.alias.text.lower().startswith("sold "):
        return False
    return entity_term is None or not (_clause_start(s.probe, metric_term.start) <= entity_term.start < metric_term.start)


def _named_after_sold(s: _Sentence, metric_term: Term | None, v: Value) -> Term | None:
    """The metric named after the figure when "sold goods worth" stands before it ("sold goods worth X in GMV"):
    the named metric is the more exact one; else None."""
    if metric_term is None or not metric_term.alias.text.lower().startswith("sold ") or metric_term.end > v.start:
        return None
    return _first_in_clause_after(s, v)


def _market_platforms_sold(lex: Lexicon, s: _Sentence, metric_term: Term | None, entity: str | None) -> bool:
    """Whether the sellers are a market's platforms taken together ("major livestreaming platforms sold goods
    worth ..." in a text on that market): the market's sales."""
    if metric_term is None or entity is None or lex.entity_kind.get(entity) != "market":
        return False
    return bool(re.search(r"\bplatforms\b", s.probe[_clause_start(s.probe, metric_term.start) : metric_term.start]))


_UNKNOWN_OWNER = re.compile(r"\b(?!China\b|Chinese\b|The\b|Its\b|This\b|That\b)([A-Z][A-Za-z0-9&.-]+)['’]s\s+"
                            r"(?:[a-z][a-z-]*\s+){0,3}$")
# "one streamer's sales", "the top seller's GMV": a possessor named by a common noun that is not the subject's kind.
_NOUN_OWNER = re.compile(r"\b(?:one|a|an|the|each|every|another|some)\s+(?:[a-z][a-z-]*\s+){0,2}?"
                         r"(?!(?:market|industry|sector|company|group|firm|platform|country|nation|year|quarter|month|"
                         r"half|period|segment|business|unit|app|service)['’])([a-z][a-z-]+)['’]s\s+"
                         r"(?:[a-z][a-z-]*\s+){0,3}$")
# '"Honor of Kings", which hit revenues of': a relative clause whose antecedent is a quoted title (a game, a show).
_WHICH_OF_A_NAME = re.compile(r"[\"”》」]\s*,?\s*(?:which|that)\s+(?:[A-Za-z-]+\s+){0,4}$")
# "the app's monthly users": a possessive pointing back at a subject named earlier in the sentence.
_REFERRING_OWNER = re.compile(r"\bthe\s+(?:app|platform|service|company|group|firm|business)['’]s\s+(?:[a-z][a-z-]*\s+){0,3}$",
                              re.I)
_COMPANY_WORD = re.compile(r"Group|Holdings?|Inc|Ltd|Limited|Corp|Corporation|Co")


def _company_word_of(s: _Sentence, owner: re.Match[str]) -> bool:
    """Whether a possessive owner is a company word right after an entity the sentence names ("Tencent Group's")."""
    return _COMPANY_WORD.fullmatch(owner.group(1).rstrip(".")) is not None \
        and any(t.end < owner.start(1) and not s.probe[t.end : owner.start(1)].strip() for t in s.entities)


# Bare words for all channels, and what may stand right before them when they name the market ("快消市场全渠道",
# "12月全渠道", ",全渠道"); any other word or a possessive before them owns them ("某品牌全渠道", "P&G's omni-channel").
_ALL_CHANNELS = re.compile(r"全渠道|omni-channel|all channels", re.I)
_OWNED_BEFORE = re.compile(r"[\u4e00-\u9fff]$(?<!快消)(?<!快消品)(?<!消费品)(?<!市场)(?<!行业)(?<!整体)(?<![年月度])"
                           r"|['’]s\s+$", re.I)
_FORMATS = frozenset({"china_comprehensive_ecommerce", "china_live_ecommerce", "china_ecommerce"})
_MARKET_WORD = re.compile(r"China's|China|Chinese|全国|我国|中国|market|市场|industry|行业|overall|整体|nationwide", re.I)
_ONE_DAY = re.compile(r"\bfirst day\b|首日|单日|当日|\bin a single day\b|\bon (?:a|one) day\b", re.I)
_NOT_A_FORECAST = re.compile(r"(?:超出|高于|低于|不及|符合|好于|超过|优于|逊于|胜于|超)(?:市场)?预期|than[\s-]+(?:expected|estimated|forecast|predicted)|"
                             r"\bas\s+(?:expected|predicted|forecast)\b|"
                             r"(?:forecast|estimate|expectation)s?[\s-]+(?:beating|topping|busting|defying)|"
                             r"expectations|estimates\s+of", re.I)
_BULLET_BREAK = re.compile(r"\[\d{1,2}\]|\n")
_SHARE_OF_PART = re.compile(r"在[^,，。]{1,12}?(?:收入|营收)[^,，。]{0,4}(?:中的)?占比|(?:of|in)\s+(?:the\s+)?(?:total\s+)?"
                            r"(?:game|games|gaming|advertising|ad)\s+revenues?", re.I)
# "accounting for nearly 30% of the total game revenue": the whole is a part of the company's revenue.
_SHARE_OF_PART_AFTER = re.compile(r"\s*of\s+(?:the\s+|its\s+)?(?:total\s+)?(?:game|games|gaming|advertising|ad)\s+revenues?\b",
                                  re.I)
# Metrics that are a line of revenue: "revenue" said of one of them is its revenue.
_REVENUE_LINES = frozenset({"ad_revenue"})
# "以东方甄选为例", "for example, X", "take X": the figures after it are of the example, not of the text's subject.
_EXAMPLE_CASE = re.compile(r"以[^,，。;；]{1,16}为例|\b(?i:for example|for instance),?\s+[A-Z]")
# "..., with revenue rising 20%": the metric is the sentence subject's, named before the first comma.
_WITH_METRIC = re.compile(r"[,，]\s*with\s+(?:its\s+|total\s+|overall\s+)?$", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b|分别", re.I)
# An aside between dashes or in brackets ("WeChat and Weixin – the names it uses outside and inside China,
# respectively – reached ..."): what it says pairs no figure.
_DASH_OR_BRACKET_ASIDE = re.compile(r"\s[–—]\s[^–—]*?\s[–—]\s|[(（][^()（）]*[)）]")


_PARENS = re.compile(r"\s*[(（][^()（）]*[)）]")


def _before_respective_list(s: _Sentence, v: Value) -> bool:
    """Whether a figure stands in a clause before the list of figures a later "respectively" pairs with other
    subjects ("earned 3.5 trillion, right after A and B, with 8 trillion and 5.2 trillion, respectively")."""
    resp = _RESPECTIVELY.search(s.probe, v.end)
    if resp is None or _RESPECTIVELY.search(s.probe, 0, v.start):
        return False
    if len({t.alias.key for t in s.entities if t.end <= v.start}) > 1:
        return False  # several subjects named before the figure: the list may pair with them too
    asides = [m.span() for m in _PARENS.finditer(s.probe)]
    outside = [w for w in s.values if w.end <= resp.start() and not any(a <= w.start < b for a, b in asides)]
    if not outside or outside[-1] is v:
        return False
    run = [outside[-1]]
    for w in reversed(outside[:-1]):
        if not _LIST_SEP.fullmatch(_PARENS.sub("", s.probe[w.end : run[0].start])):
            break
        run.insert(0, w)
    return len(run) >= 2 and v.end <= run[0].start and _CLAUSE_PUNCT.search(s.probe, v.end, run[0].start) is not None


# "广告收入与直播收入合计284亿元", "marketing and live streaming revenue together reached": the lines' sum.
_SUM_WORD = re.compile(r"合计|共计|总计|合共|\btogether\b|\bcombined\b|\baltogether\b", re.I)


def _sum_of_lines(lex: Lexicon, s: _Sentence, v: Value) -> bool:
    """Whether a figure follows a sum word right after two or more revenue lines (segments, or a metric that names
    one) named before it: their sum, no one line's figure."""
    if not ("合" in s.probe or "共" in s.probe or "总计" in s.probe or "ogether" in s.probe or "ombined" in s.probe):
        return False
    m = next((w for w in reversed(list(_SUM_WORD.finditer(s.probe, 0, v.start)))), None)
    if m is None:
        return False
    named = {line for table in lex.metric_as_segment.values() for line in table}
    terms = [t for t in s.segments] + [t for t in s.metrics if (t.alias.metric or t.alias.key) in named]
    if any(m.end() <= t.start < v.start for t in terms):
        return False  # a line named after the sum: the figure is that line's
    start = _clause_start(s.probe, m.start())
    lines = {t.alias.metric or t.alias.key for t in terms if start <= t.start and t.end <= m.start()}
    return len(lines) >= 2


_RESPECTIVELY_NEXT = re.compile(r"\s*,?\s*(?:respectively\b|分别)", re.I)


def _respective_metric(s: _Sentence, v: Value) -> Term | None:
    """The metric a percentage of a list closed by "respectively" pairs with, in order, when each metric named before
    the list has exactly one level ("DAU reached 408 million and MAU 714 million, up 5.4% and 4.3%, respectively")."""
    if "espectively" not in s.probe or v.kind != "pct":
        return None
    run = value_run(s, v)
    if len(run) < 2 or not _RESPECTIVELY_NEXT.match(s.probe, run[-1].end) or s.segments \
            or len({t.alias.key for t in s.entities}) > 1:
        return None
    groups: list[Term] = []
    for t in (t for t in _outside_asides(s) if t.end <= run[0].start):
        if not groups or groups[-1].alias.key != t.alias.key:
            groups.append(t)
    if not groups:
        return None
    ends = [g.start for g in groups[1:]] + [run[0].start]
    levels = [[w for w in s.values if g.end <= w.start and w.end <= e and w.kind != "pct"]
              for g, e in zip(groups, ends, strict=True)]
    if len(groups) != len(run) or len({g.alias.key for g in groups}) != len(groups) \
            or any(len(found) != 1 for found in levels) or any(w.start < groups[0].end for w in s.values):
        return None
    return groups[run.index(v)]


_ZH_LIST_JOIN = re.compile(r"\s*(?:和|及|与|以及|、)\s*(?:平均|月均|日均)?\s*")
_ZH_RESPECTIVE_VERB = re.compile(r"\s*分别\s*(?:达到了?|达|为|是|录得|实现|同比增长|同比增加|同比上升|同比下降|同比减少"
                                 r"|增长|增加|下降|减少)?\s*(?:了)?\s*$")


def _respective_zh_metric(s: _Sentence, v: Value) -> Term | None:
    """The metric a figure pairs with, in order, in "A和B分别达到X及Y,分别同比增长P%和Q%": each figure list after
    分别 has one figure per metric named right before the first 分别, and the list pairs with them in order."""
    if "分别" not in s.probe or s.segments or len({t.alias.key for t in s.entities}) > 1:
        return None
    terms = _outside_asides(s)
    firsts = [i for i, t in enumerate(terms) if i + 1 < len(terms)
              and _ZH_LIST_JOIN.fullmatch(s.probe[t.end : terms[i + 1].start])]
    if not firsts:
        return None
    first = firsts[0]
    names = terms[first : first + 2]
    while first + len(names) < len(terms) \
            and _ZH_LIST_JOIN.fullmatch(s.probe[names[-1].end : terms[first + len(names)].start]):
        names.append(terms[first + len(names)])
    if len({t.alias.key for t in names}) != len(names) or not s.probe.startswith("分别", names[-1].end):
        return None
    run = value_run(s, v)
    if len(run) != len(names) or run[0].start < names[-1].end \
            or any(names[-1].end <= t.start < run[-1].end for t in s.entities + s.metrics + s.segments):
        return None
    start = max(w.end for w in s.values if w.end <= run[0].start) if run[0] is not s.values[0] else names[-1].end
    before = s.probe[start : run[0].start]
    if not _ZH_RESPECTIVE_VERB.fullmatch(before.lstrip(",，")) and not before.lstrip(",，").startswith("分别"):
        return None
    return names[run.index(v)]


def _respective_zh_periods(lex: Lexicon, s: _Sentence, v: Value) -> bool:
    """Whether a figure is one of a list that 分别 pairs, in order, with a list of as many periods named before it
    ("第三季及全年毛利率分别为56.4%及56.3%"), with one metric and no entity or segment named between them."""
    if "分别" not in s.probe:
        return False
    run = value_run(s, v)
    periods = period_run(s, len(run), lex) if len(run) > 1 else None
    if periods is None or periods[-1].end > run[0].start:
        return False
    resp = s.probe.find("分别", periods[-1].end, run[0].start)
    if resp < 0 or _CLAUSE_PUNCT.search(s.probe, periods[0].start, run[0].start):
        return False
    between = [t for t in s.entities + s.segments + s.metrics if periods[0].start <= t.start < run[0].start]
    return len({t.alias.key for t in between}) <= 1 and not any(t in s.entities + s.segments for t in between)


def _own_clause_after_respective(s: _Sentence, v: Value) -> bool:
    """Whether a figure stands in a clause after the one whose list 分别 pairs, a clause that names its own metric or
    segment before it and has no 分别 ("A及B收入分别升15%及22%,广告收入升20%": 20% is the ads')."""
    start = _clause_start(s.probe, v.start)
    if start == 0 or "分别" in s.probe[start : v.end] or "分别" not in s.probe[:start]:
        return False
    if any(start <= w.start and w.end <= v.start for w in s.values):
        return False  # a second figure of the clause: it may go on with the list
    return any(start <= t.start and t.end <= v.start for t in s.metrics + s.segments)


_SHARE_LEVEL_AFTER = re.compile(r"占比\s*(?:为|达到?|约为?)?\s*")


def _line_of_revenue_share(lex: Lexicon, s: _Sentence, metric_term: Term | None, v: Value) -> Term | None:
    """The revenue line that opens a figure's clause when a plain "收入占比" follows it ("在线营销收入为176亿元,同比增长
    20%,收入占比56.6%": the marketing line's share), when it is the clause's only other metric; else None."""
    if metric_term is None or metric_term.alias.key != "revenue" or metric_term.end > v.start \
            or not _SHARE_LEVEL_AFTER.fullmatch(s.probe, metric_term.end, v.start) \
            or s.probe[max(0, metric_term.start - 1) : metric_term.start] not in (",", "，"):
        return None  # "收入占比56.6%" opening a clause of its own, not "海外业务收入占比" nor "收入占比提升至"
    start = max(s.probe.rfind(c, 0, metric_term.start) for c in "；;。") + 1
    head = [t for t in s.metrics if start <= t.start and t.end <= metric_term.start]
    lines = {m for table in lex.metric_as_segment.values() for m in table}
    if len(head) != 1 or (head[0].alias.metric or head[0].alias.key) not in lines:
        return None
    if any(start <= t.start < v.start for t in s.entities + s.segments if t.start > head[0].start):
        return None
    return head[0]


def _platform_format(lex: Lexicon, s: _Sentence, term: Term, carried: str | None) -> bool:
    """Whether an e-commerce format (货架电商, 直播电商) is named, with no market word, in a text going on about a
    platform or company: the platform's own business, not the market (the entity before it in its sentence, else the
    one carried, is the subject)."""
    earlier = [t.alias.key for t in s.entities if t.end <= term.start]
    previous = earlier[-1] if earlier else carried
    return (term.alias.key in _FORMATS and lex.entity_kind.get(previous or "") in ("platform", "company")
            and not _MARKET_WORD.search(s.probe[max(0, term.start - 24) : term.end + 12]))


# "Adjusted net profit reached 4.6 billion yuan, with a profit margin of 14%": the margin of the profit line before.
_WITH_MARGIN_OF = re.compile(r",\s*with\s+an?\s+(?:(?:net\s+)?profit\s+)?margin\s+of\s+(?:(?:about|around|approximately|"
                             r"nearly|almost|roughly)\s+)?$", re.I)
_PROFIT_LINES = frozenset({"profit_for_period", "operating_profit", "gross_profit"})


def _with_margin_of(s: _Sentence, metric_term: Term | None, v: Value) -> bool:
    """Whether a percentage is "with a (profit) margin of" the profit line whose level its clause just gave: that line's
    margin."""
    if v.kind != "pct" or metric_term is None or metric_term.alias.key not in _PROFIT_LINES \
            or metric_term.alias.measure is not None or metric_term.end > v.start:
        return False
    m = _WITH_MARGIN_OF.search(s.probe, metric_term.end, v.start)
    if m is None or m.end() != v.start:
        return False
    between = [w for w in s.values if metric_term.end <= w.start and w.end <= m.start()]
    return len(between) == 1 and between[0].kind == "money" \
        and not any(metric_term.end <= t.start < v.start for t in s.metrics + s.entities + s.segments)


def _mask_figureless_asides(probe: str) -> str:
    """A sentence with its asides that hold no digit blanked (same length)."""
    return _DASH_OR_BRACKET_ASIDE.sub(lambda m: m.group(0) if re.search(r"\d", m.group(0)) else " " * len(m.group(0)), probe)


_PART_LEAD = re.compile(r"(?:among\s+(?:this|these|them|which)|of\s+which|in\s+particular|其中|当中)[,，\s]*(?:[a-z'’\s]{0,12})$", re.I)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")  # a four-digit year on its own
# A year, not the whole part of an amount (1928.7亿元, 2025亿).
_YEAR_NOT_AMOUNT = re.compile(r"(?<!\d)(?<!\d[.,])((?:19|20)\d\d)(?!\d|[.,]\d|\s*(?:亿|億|万|萬|千|百))")


_SUBJECT_GAP = 40  # characters between a segment that opens its clause and the figure it is the subject of
_CLAUSE_BREAK = re.compile(r"[,，;；。]|\.(?=\s)")


def _segment_subject(s: _Sentence, v: Value) -> Term | None:
    """A Tencent revenue segment that opens the figure's clause with nothing named between it and the figure
    ("International games grew 43%", "Marketing Services (Ads): Up 21% YoY"), else None."""
    before = [t for t in s.segments if t.end <= v.start and t.alias.key in _SEGMENT_LINES]
    if not before:
        return None
    t = before[-1]
    gap = s.probe[t.end : v.start]
    opening = s.probe[max([m.end() for m in _CLAUSE_BREAK.finditer(s.probe, 0, t.start)], default=0) : t.start]
    if len(gap) > _SUBJECT_GAP or _CLAUSE_BREAK.search(gap) \
            or (_WORD_CHAR.search(opening) and _regional_games_under_games_label(s, v) != t):
        return None
    if any(t.end <= u.start and u.end <= v.start for u in s.metrics + s.entities):
        return None
    between = [u for u in s.values if t.end <= u.start and u.end <= v.start]
    if between and not _growth_then_level(s, between, v):
        return None
    return t


# "Sales rose 8% to ...", "In the second quarter, sales increased by 20% to ...", "Tencent's sales fell ...": bare
# sales leading the sentence or after the company's name, right before a change or level verb.
_LEAD_SALES = re.compile(r"(?:^\s*|^\s*(?:In|For|During)\s+the\s+[\w -]{3,30},\s*|\bTencent(?:['’]s)?\s+)$")
_SALES_VERB = re.compile(r"\s+(?:barely\s+|just\s+|only\s+)?(?:rose|increased|grew|climbed|jumped|fell|declined|dropped|"
                         r"slipped|reached|totalled|totaled|were|was)\b", re.I)


def _company_sales(s: _Sentence, metric_term: Term | None) -> bool:
    """Whether bare "sales" leads the sentence or follows Tencent's name, right before a change or level verb."""
    if metric_term is None or s.probe[metric_term.start : metric_term.end].lower() != "sales":
        return False
    return bool(_LEAD_SALES.search(s.probe[: metric_term.start]) and _SALES_VERB.match(s.probe, metric_term.end))


_SALES_CHANGE = re.compile(r"\s+(?:barely\s+|just\s+|only\s+)?(?:rose|increased|grew|climbed|jumped|fell|declined|dropped|"
                           r"slipped)(?:\s+by)?\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?$", re.I)
_ON_SALES = re.compile(r"\bon\s+$", re.I)
_OF_AMOUNT = re.compile(r"\s+of\s+$", re.I)
_AMOUNT_THEN_CHANGE = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?,\s*(?:up|down)\s+$", re.I)


def _sales_change(s: _Sentence, metric_term: Term, v: Value) -> bool:
    """Whether a percentage follows bare "sales" and its change verb right away ("sales increased by 20%")."""
    return _SALES_CHANGE.fullmatch(s.probe, metric_term.end, v.start) is not None


def _on_sales_of(s: _Sentence, metric_term: Term | None, v: Value) -> bool:
    """Whether bare "sales" is what a company reported a profit on ("a profit of X on sales of Y"): the amount right
    after "of", or the change written right after that amount (", up 31 per cent")."""
    if metric_term is None or s.probe[metric_term.start : metric_term.end].lower() != "sales" \
            or not _ON_SALES.search(s.probe, max(0, metric_term.start - 4), metric_term.start):
        return False
    amount = next((w for w in s.values if w.start >= metric_term.end), None)
    if amount is None or amount.kind != "money" or not _OF_AMOUNT.fullmatch(s.probe, metric_term.end, amount.start):
        return False
    return v is amount or (v.kind == "pct" and _AMOUNT_THEN_CHANGE.fullmatch(s.probe, amount.end, v.start) is not None)


def _segment_line_sales(s: _Sentence, metric_term: Term | None) -> bool:
    """Whether "sales" is written right after one of Tencent's segment lines ("Social networks sales")."""
    segment = _segment_right_before(s, metric_term)
    return segment is not None and segment.alias.key in _SEGMENT_LINES


_TO_LEVEL = re.compile(r"\s+(?:year[- ]on[- ]year\s+|YoY\s+)?to\s+", re.I)


def _growth_then_level(s: _Sentence, between: list[Value], v: Value) -> bool:
    """Whether the one figure between a segment and an amount is its growth leading to it ("Online advertising
    decreased 18 per cent to CNY18.6 billion")."""
    return (len(between) == 1 and between[0].kind == "pct" and v.kind == "money"
            and _TO_LEVEL.fullmatch(s.probe, between[0].end, v.start) is not None)


_SEGMENT_LINES = _TENCENT_SEGMENTS | {"marketing_services"}


_OF_BUSINESS = re.compile(r"\s+(?:from|of)\s+(?:the|its|their)\s+((?:[A-Za-z-]+\s+){1,3}(?:business|businesses|segment|unit))\b",
                          re.I)


def _unknown_business_of(s: _Sentence, metric_term: Term | None, v: Value) -> str | None:
    """The business a metric before the figure is said to be of when the lexicon knows no segment in it ("revenue
    from the local lifestyle business tripled"), else None."""
    if metric_term is None or metric_term.end > v.start:
        return None
    m = _OF_BUSINESS.match(s.probe, metric_term.end)
    if m is None or m.end() > v.start or any(m.start(1) <= t.start < m.end(1) for t in s.segments + s.metrics):
        return None
    return m.group(1).strip()


_LABELLED = re.compile(r"\s*[(（]\s*(?:RMB|CNY|US\$|\$)?\s*")


def _segment_labelling(s: _Sentence, v: Value) -> Term | None:
    """The segment a figure in parentheses right after it belongs to ("Social Networks (30.9 billion RMB)"), or None."""
    return next((t for t in s.segments if t.end <= v.start and _LABELLED.fullmatch(s.probe, t.end, v.start)), None)


# A games label over a list item ("Games:", "Gaming (VAS):"), right before the item's first words.
_GAMES_LABEL = re.compile(r"^\W*(?:gaming|games?|online\s+games)(?:\s*\((?:VAS|value[- ]added\s+services)\))?\s*:\s*",
                          re.I)


def _regional_games_under_games_label(s: _Sentence, v: Value) -> Term | None:
    """The regional games line that opens an item under a games label ("Games (VAS): Domestic games grew 15%"), or None."""
    m = _GAMES_LABEL.match(s.probe) if ":" in s.probe else None
    if m is None:
        return None
    return next((t for t in s.segments if t.start == m.end() and t.end <= v.start
                 and t.alias.key in ("domestic_games", "international_games")), None)


def _segment_right_before(s: _Sentence, metric_term: Term | None) -> Term | None:
    """The segment word written right before a metric ("domestic games revenue", 网络广告业务收入), or None."""
    if metric_term is None:
        return None
    for t in s.segments:
        if t.end <= metric_term.start and re.fullmatch(r"(?:['’]s)?\s*(?:业务|板块)?\s*", s.probe[t.end : metric_term.start]):
            return t
    return None


# Only the period between a segment and its metric (增值服务第三季的收入, 网络广告业务2021年四季度收入).
_DATED_SEGMENT_GAP = re.compile(r"\s*(?:业务|板块)?\s*(?:\d{4}\s*年\s*)?(?:第?[一二三四1-4]\s*季度?|上半年|下半年|全年)\s*(?:的)?\s*")


def _segment_dated_before(s: _Sentence, metric_term: Term | None) -> Term | None:
    """The segment word written before a metric with only a period between them, or None."""
    if metric_term is None:
        return None
    return next((t for t in s.segments if t.end <= metric_term.start
                 and _DATED_SEGMENT_GAP.fullmatch(s.probe, t.end, metric_term.start)), None)


def _part_right_before(lex: Lexicon, s: _Sentence, term: Term) -> str | None:
    """A part word written right before a subject ("农村网络零售额", "rural online retail sales"), or None."""
    head = s.probe[max(0, term.start - 16) : term.start]
    for m in lex.words("guard_part", lex.guards.get("part", [])).finditer(head):
        if re.fullmatch(r"\s*|[\u4e00-\u9fff]*", head[m.end() :]):
            return m.group(0).strip()
    return None


# "the game business revenue of Tencent": a revenue line whose owner is written after it.
_OWNER_AFTER_METRIC = re.compile(r"\s*(?:of|from|at)\s+(?:the\s+)?", re.I)
_NOUN_PHRASE_START = re.compile(r".*\b(?:the|its|their|that|and|as|while|when|which|of|in|for|during)\b|.*[,;:]",
                                re.I | re.S)
_PLAIN_BEFORE_METRIC = re.compile(r"(?:\b(?:total|overall|annual|quarterly|full[- ]year|fiscal|reported|global|"
                                  r"worldwide|group|consolidated)\b|\s)*", re.I)


def _words_before_owned_metric(s: _Sentence, metric_term: Term | None, entity_term: Term | None) -> str | None:
    """The words qualifying a revenue line whose owner follows it ("the game business revenue of Tencent") when they
    are more than "total" or a period; else None."""
    if metric_term is None or entity_term is None or entity_term.start < metric_term.end \
            or (metric_term.alias.metric or metric_term.alias.key) != "revenue" \
            or not _OWNER_AFTER_METRIC.fullmatch(s.probe, metric_term.end, entity_term.start):
        return None
    start = _clause_start(s.probe, metric_term.start)
    head = list(s.probe[start : metric_term.start])
    for p in s.periods:
        for i in range(max(p.start, start), min(p.end, metric_term.start)):
            head[i - start] = " "
    rest = "".join(head)
    cut = _NOUN_PHRASE_START.match(rest)
    words = " ".join(rest[cut.end() if cut else 0 :].split())
    return None if _PLAIN_BEFORE_METRIC.fullmatch(words) else words


_POSSESSIVE_TO_METRIC = re.compile(r"\s*(?:'s|’s|'|’)\s+(?P<words>[^,;:.()]*?)\s*", re.I)
# A clause, not a noun phrase, between the possessive and the metric ("Tencent's report shows a revenue of").
_NOT_A_QUALIFIER = re.compile(r"\b(?:a|an|the|its|their|shows?|showed|reports?|reported|posts?|posted|says?|said|sees?|"
                              r"saw|has|had|have|was|were|is|are|with|by|to|from)\b", re.I)


def _words_after_possessive_owner(s: _Sentence, metric_term: Term | None, entity_term: Term | None) -> str | None:
    """The words between a company's possessive and its revenue line ("Tencent's financial technology and corporate
    services revenue") when they are more than "total" or a period; else None."""
    if metric_term is None or entity_term is None or entity_term.end > metric_term.start \
            or (metric_term.alias.metric or metric_term.alias.key) != "revenue":
        return None
    m = _POSSESSIVE_TO_METRIC.fullmatch(s.probe, entity_term.end, metric_term.start)
    if m is None or not m.group("words") or _NOT_A_QUALIFIER.search(m.group("words")):
        return None
    start, end = m.span("words")
    head = list(s.probe[start:end])
    for p in s.periods:
        for i in range(max(p.start, start), min(p.end, end)):
            head[i - start] = " "
    words = " ".join("".join(head).split())
    return None if _PLAIN_BEFORE_METRIC.fullmatch(words) else words


def _opens_its_clause(probe: str, pos: int) -> bool:
    """Whether nothing but "and" stands between the start of the clause holding `pos` and `pos`."""
    start = _clause_start(probe, pos)
    return start > 0 and re.fullmatch(r"\s*(?:and\s+)?", probe[start:pos]) is not None


def _clause_start(probe: str, pos: int) -> int:
    """Where the clause holding `pos` begins (after the last comma, semicolon or colon before it)."""
    return max([m.end() for m in _CLAUSE_OR_STOP.finditer(probe, 0, pos)], default=0)


def _bullet_span(probe: str, v: Value) -> tuple[int, int]:
    """The bullet of a run-together summary (items closed by [n] markers) that holds a figure, else the sentence."""
    start = max([m.end() for m in _BULLET_BREAK.finditer(probe, 0, v.start)], default=0)
    end = next((m.start() for m in _BULLET_BREAK.finditer(probe, v.end)), len(probe))
    return start, end


def _label_names_no_other_subject(lex: Lexicon, s: _Sentence, label: re.Match[str], v: Value) -> bool:
    """Whether an item's label is a section word ("Profitability Metrics:") or is repeated by a metric or segment
    word before the figure ("Advertising: The advertising business grew ..."), so names no subject of its own."""
    text = label.group("label").strip()
    words = re.findall(r"[A-Za-z]+", text)
    section = {w.lower() for w in lex.guards.get("section_label", [])}
    if words and all(w.lower() in section for w in words):
        return True
    said = [s.probe[t.start : t.end].lower() for t in s.metrics + s.segments if label.end() <= t.start and t.end <= v.start]
    return bool(words) and any(re.search(rf"(?<![a-z]){re.escape(text.lower())}(?![a-z])", w) for w in said)


# A later sentence that opens on the full year ("For the full year, revenue grew 8%"): the figures before it are the
# quarter's.
_FULL_YEAR_OPENER = re.compile(r"(?:^|[.!?;。；])\s*(?:(?:for|in|over)\s+the\s+(?:full|whole)\s+year\b|"
                               r"(?:full|whole)[- ]year\s+(?:revenue|revenues|sales)\b)", re.I)


_ANNUAL_WORD = re.compile(r"\b(?:full|whole)[- ]year\b|\bannual\b|\bfor\s+the\s+year\b", re.I)


def _quarter_before_full_year(s: _Sentence, v: Value, para: str) -> Period | None:
    """The quarter of a sentence naming "the fourth quarter and full year of 2024" when a later sentence of the
    paragraph turns to the full year ("For the full year, ..."), else None (and None for a figure its own words
    call annual)."""
    if not _FULL_YEAR_OPENER.search(matching_text(para)[s.offset + len(s.text) :]):
        return None
    pair = _QUARTER_AND_YEAR.search(s.probe)
    if pair is None or pair.end() > v.start or _ANNUAL_WORD.search(s.probe, pair.end(), v.start):
        return None
    quarters = [p for p in s.periods if p.kind == "quarter"]
    years = {p.year for p in s.periods if p.kind in ("year", "quarter") and p.year is not None}
    if len(quarters) != 1 or len(years) != 1:
        return None
    try:
        return P.quarter(years.pop(), quarters[0].a)
    except (P.PeriodError, ValueError):
        return None


_VIA = re.compile(r"\b(?:through|via)\s+(?:the\s+|its\s+)?$", re.I)


def _entity_via(lex: Lexicon, s: _Sentence, v: Value, metric: str) -> str | None:
    """The platform a figure was made through, named after it ("100 billion yuan in GMV ... through WeChat
    Channels"), when it carries the metric the subject before it does not; else None."""
    for t in s.entities:
        if t.start >= v.end and _VIA.search(s.probe[: t.start]):
            return t.alias.key if metric in lex.entity_metrics.get(t.alias.key, []) else None
    return None


def _owner_of_segment_line(lex: Lexicon, s: _Sentence, v: Value, entity_term: Term | None, entity: str,
                           metric: str) -> str | None:
    """Tencent, for a figure of one of its segment lines ("Revenue from marketing services rose 21%") or of a
    company-level metric other than revenue ("Capex declined 57%") in a sentence naming no entity, when the platform
    carried from before (Weixin, QQ) is Tencent's and cannot carry the metric."""
    if entity_term is not None or entity not in lex.guards.get("tencent_platforms", []):
        return None
    if metric not in lex.entity_metrics.get("tencent", []):
        return None
    lines = [t for t in s.segments if t.end <= v.start and t.alias.key in _SEGMENT_LINES]
    return "tencent" if lines or metric != "revenue" else None


def _head_metric(s: _Sentence, metric_term: Term | None, v: Value) -> Term | None:
    """The business a sentence opens with when a plain "revenue" follows "..., with" ("Tencent's advertising business
    grew fast, with revenue rising 20%": advertising revenue), else None."""
    if metric_term is None or metric_term.alias.key != "revenue" or metric_term.end > v.start \
            or not _WITH_METRIC.search(s.probe[max(0, metric_term.start - 24) : metric_term.start]):
        return None
    head_end = next((m.start() for m in _CLAUSE_PUNCT.finditer(s.probe)), len(s.probe))
    head = [t for t in s.metrics if t.end <= head_end and t.alias.key != "revenue"]
    return head[-1] if head and head[-1].alias.key in _REVENUE_LINES else None


# "time spent on the platform by daily active users", "video views of the users": a metric, then whose it is.
_BY_WHOM = re.compile(r"^(?:\s+on\s+(?:the\s+|its\s+)?[A-Za-z-]+(?:\s+[A-Za-z-]+)?)?\s+(?:by|of|among|per)\s+"
                      r"(?:the\s+|its\s+|each\s+|their\s+)?$", re.I)


def _metric_measured_by(s: _Sentence, metric_term: Term | None) -> Term | None:
    """The metric a phrase opens with when the metric found is only whose it is ("time spent ... by daily active
    users": time spent), else None."""
    if metric_term is None:
        return None
    head = [t for t in s.metrics if t.end <= metric_term.start]
    if not head or not _BY_WHOM.match(s.probe[head[-1].end : metric_term.start]):
        return None
    return head[-1]


# "On May 22nd, Kuaishou released ...": a date or time phrase opening the sentence before its subject.
_OPENING_ADVERBIAL = re.compile(r"\s*(?:On|In|At|During|For|As\s+of|Last|This|Earlier|Later)\b[^,，;；:：]{0,30}", re.I)


def _unknown_owner_of_with_metric(s: _Sentence, metric_term: Term | None, v: Value) -> bool:
    """Whether the figure's metric follows "..., with" and the sentence's subject before it names nothing known
    ("The real economy grew steadily, with revenue up 15%")."""
    if metric_term is None or metric_term.end > v.start \
            or not _WITH_METRIC.search(s.probe[max(0, metric_term.start - 24) : metric_term.start]):
        return False
    head_end = next((m.start() for m in _CLAUSE_PUNCT.finditer(s.probe)
                     if not _OPENING_ADVERBIAL.fullmatch(s.probe, 0, m.start())), len(s.probe))
    return not any(t.end <= head_end for t in s.entities + s.metrics + s.segments)


def _metric_names_segment(lex: Lexicon, entity: str | None, metric_term: Term | None, v: Value) -> bool:
    """Whether the metric before a share names one of the entity's segments ("online marketing revenue ..., 56.6% of
    total revenue" is Kuaishou's marketing services)."""
    return (metric_term is not None and metric_term.end <= v.start and metric_term.alias.key is not None
            and (metric_term.alias.metric or metric_term.alias.key) in lex.metric_as_segment.get(entity or "", {}))


# "VAS, excluding domestic games, grew 16%", "剔除本土市场游戏后": a line with one of its parts taken out.
_EXCLUDING_BEFORE = re.compile(r"(?:\bexcluding|\bexcl\.|\bexcept(?:\s+for)?|\bother\s+than|\bapart\s+from"
                               r"|\bnot\s+including|\bex-|剔除|不含|不包括|扣除|除去?)\s*(?:the\s+|its\s+)?$", re.I)
_EXCLUDING_CUE = re.compile(r"xcl|xcept|other than|apart from|not including|\bex-|剔除|不含|不包括|扣除|除", re.I)


def _line_with_part_excluded(s: _Sentence, v: Value) -> Term | None:
    """The segment named after an exclusion word before the figure ("excluding domestic games"), or None."""
    if not _EXCLUDING_CUE.search(s.probe, 0, v.start):
        return None
    start = _bullet_span(s.probe, v)[0]
    return next((t for t in s.segments if start <= t.start and t.end <= v.start
                 and _EXCLUDING_BEFORE.search(s.probe[max(0, t.start - 16) : t.start])), None)


def attachment_doubt(lex: Lexicon, s: _Sentence, v: Value, metric_term: Term | None, entity_term: Term | None,
                     measure: str, prev_end: int, previous_entity: str | None = None,
                     entity: str | None = None) -> str | None:
    """Why a figure cannot be tied to its subject with certainty (a whole the subject drove, a part of it, another
    measure named in between, a share of an unnamed whole, growth over several years), or None."""
    label = _ITEM_LABEL.match(s.probe)
    if label and label.end() <= v.start and not _label_names_no_other_subject(lex, s, label, v) and not any(
            label.start("label") <= t.start and t.end <= label.end("label") for t in s.entities + s.metrics + s.segments) \
            and not any(label.end() <= t.start and t.end <= v.start for t in s.entities + s.segments):
        return f"the item is headed by a subject the lexicon does not know ({label.group('label').strip()})"
    if _unknown_owner_of_with_metric(s, metric_term, v):
        return "the metric is that of the sentence's subject, which names no known entity, segment or metric"
    if _RESPECTIVELY.search(_mask_figureless_asides(s.probe), *_bullet_span(s.probe, v)) \
            and not _before_respective_list(s, v) and _respective_metric(s, v) is None \
            and _respective_zh_metric(s, v) is None and not _respective_zh_periods(lex, s, v) \
            and not _own_clause_after_respective(s, v):
        return "figures listed 'respectively': which figure belongs to which subject is not certain"
    excluded = _line_with_part_excluded(s, v)
    if excluded is not None:
        return f"a line with one of its parts taken out ({excluded.alias.key} excluded) is neither the line nor the part"
    if _sum_of_lines(lex, s, v):
        return "the figure is the sum of several lines listed before it (合计, together), not one line's"
    if measure == "share_pct" and lex.entity_kind.get(entity or "") in ("company", "platform") and not s.segments \
            and not _metric_names_segment(lex, entity, metric_term, v):
        return "a share of a company's or platform's whole that names no segment"
    if measure == "share_pct" and entity in lex.guards.get("no_share", []):
        return f"{entity} has no share of a whole in its series (the share is stated for a part of it)"
    subject_end = max((t.end for t in (metric_term, entity_term) if t is not None and t.end <= v.start), default=0)
    gap = s.probe[subject_end : v.start] if _growth_noun_metric(s, v) is None else ""
    if _respective_metric(s, v) is not None:
        gap = s.probe[max(w.end for w in s.values if w.end <= value_run(s, v)[0].start) : v.start]
    if measure == "margin_pct" and "margin" in gap:
        gap = _WITH_MARGIN_OF.sub(lambda m: " " * len(m.group(0)), gap)  # "..., with a profit margin of" names it
    owner_end = entity_term.end if entity_term is not None and entity_term.end <= v.start else subject_end
    bullet_start = _bullet_span(s.probe, v)[0]
    part_end = owner_end
    if entity_term is None and metric_term is not None and metric_term.end <= v.start:
        part_end = max(_clause_start(s.probe, metric_term.start), bullet_start)
    if metric_term is not None and part_end < metric_term.start < metric_term.end <= v.start \
            and _opens_its_clause(s.probe, metric_term.start) and metric_term.alias.key in _REVENUE_LINES:
        part_end = metric_term.start  # ", advertising revenue to grow by 18%": a revenue line that opens its clause
    qualifier = _segment_right_before(s, metric_term)
    if qualifier is not None and qualifier.start > part_end and metric_term is not None and metric_term.end <= v.start:
        part_end = qualifier.start
    label = _segment_labelling(s, v)
    if label is not None and label.start > part_end:
        part_end = label.start  # "Gaming (51.8 billion), Social Networks (30.9 billion)": each figure has its label
    lead = _regional_games_under_games_label(s, v)
    if lead is not None and lead.start > part_end:
        part_end = lead.start  # "Games (VAS): Domestic games grew 15%": the label is the line's parent, not a part
    apposed = _appositive_end(s, entity_term) if entity_term is not None and part_end == owner_end else None
    if apposed is not None and apposed <= v.start:
        part_end = apposed  # "Tencent, the operator of ... the biggest gaming business, reported": what it is, no part
    masked = _mask_spans(s.probe, [(t.start, t.end) for t in s.metrics + s.segments]
                         + _sold_worth_spans(s, entity_term))
    owner_gap = masked[owner_end : v.start]
    checks = (
        ("driver", owner_gap, "the figure is of a whole the subject only drove"),
        ("part", _mask_whole_then_growth(s.probe, _mask_share_whole(_mask_including(_INCLUDES.sub(
            lambda m: " " * len(m.group(0)), masked)), measure), measure)[part_end : v.start],
         "a part or a neighbour of the subject is named before the figure"),
        ("other_measure", _channel_share_gap(lex, entity, gap, measure),
         "another measure is named between the subject and the figure"),
    )
    noun = _growth_noun_metric(s, v)
    if noun is not None and metric_term is noun:
        found = lex.words("guard_part", lex.guards.get("part", [])).search(masked, v.end, noun.start)
        if found:
            return f"a part is named between the growth and its metric ({found.group(0).strip()})"
    named = metric_term.alias.metric or metric_term.alias.key if metric_term is not None else None
    if named is not None and named not in BASIS_METRICS and last_stated_basis(gap) is not None:
        return f"a basis word (IFRS or non-IFRS) between {named} and the figure names a profit line"
    for name, text, reason in checks:
        found = lex.words(f"guard_{name}", lex.guards.get(name, [])).search(text)
        if found:
            return f"{reason} ({found.group(0).strip()})"
    if v.kind == "pct" and measure in ("yoy_pct", "qoq_pct"):
        tail = s.probe[v.end : v.end + 12]
        if re.match(r"\s*(?:" + "|".join(re.escape(w) for w in lex.guards.get("share_of", [])) + ")", tail, re.I):
            return "a share of an unnamed whole, not growth"
    if measure == "share_pct" and (_SHARE_OF_PART.search(s.probe[max(0, v.start - 30) : v.start])
                                   or _SHARE_OF_PART_AFTER.match(s.probe, v.end)):
        return "a share of a part (not of the whole) is stated"
    if (entity_term is not None and previous_entity is not None
            and lex.entity_kind.get(entity_term.alias.key) in ("market", "channel")
            and lex.entity_kind.get(previous_entity) in ("platform", "company")
            and _PART_LEAD.search(s.probe[max(0, entity_term.start - 16) : entity_term.start])):
        return "a platform's own business is named as a part of it (among them, 其中), not the market"
    if entity_term is not None and previous_entity is not None and _platform_format(lex, s, entity_term, previous_entity):
        return "an e-commerce format named after a platform is the platform's own business, not the market"
    clause_from = max([m.end() for m in _CLAUSE_PUNCT.finditer(s.probe, 0, v.start)] + [0])
    clause_to = next((m.start() for m in _CLAUSE_PUNCT.finditer(s.probe, v.end)), len(s.probe))
    other_basis = lex.words("guard_other_basis", lex.guards.get("other_basis", [])).search(s.probe, clause_from, clause_to)
    if other_basis and (measure in ("yoy_pct", "qoq_pct") or v.kind == "growth_multiple"):
        return f"growth on another basis ({other_basis.group(0).strip()}), not as reported"
    if _ONE_DAY.search(s.probe, clause_from, clause_to):
        return "a figure of one day (a festival's first day), not of a calendar period"
    if _FESTIVAL.search(s.probe):
        return "a figure of a shopping festival's window, not of a calendar period"
    part = _part_right_before(lex, s, entity_term) if entity_term is not None and entity_term.end <= v.start else None
    if part:
        return f"a part of the subject is named right before it ({part})"
    metric_part = _metric_part_before(lex, s, metric_term)
    if metric_part:
        return f"the metric is of a part named right before it ({metric_part})"
    opening_part = _opening_metric_part(lex, s, metric_term, v)
    if opening_part:
        return f"the sentence opens with a part's metric ({opening_part}): its later metrics are the part's too"
    activity = _activity_for_market(lex, s, entity_term, v)
    if activity:
        return f"the figure is of {activity} for the market, not of the market"
    unknown = _unknown_name_before(s, metric_term) if lex.entity_kind.get(entity or "") in ("market", "channel") else None
    if unknown:
        return f"the metric is of {unknown}, a name the lexicon does not know, not of the market"
    if measure in ("yoy_pct", "qoq_pct") or v.kind == "growth_multiple":
        for m in _YEAR_RANGE.finditer(s.probe):
            if int(m.group(2)) - int(m.group(1)) >= 2:
                return f"growth over several years ({m.group(0)}), not year-on-year"
        if _MANY_YEARS.search(_mask_record_in_years(_RECORD_SINCE.sub("", s.probe))):
            return "growth over several years, not year-on-year"
        years = sorted({int(y) for y in _YEAR_NOT_AMOUNT.findall(s.probe)})
        if len(years) >= 2 and years[-1] - years[0] >= 2 and not any(b - a == 1 for a, b in pairwise(years)):
            return "growth between years that are not consecutive, not year-on-year"
    if v.kind == "money" and abs(v.value) < _BARE_SCALE_LIMIT and measure == "value":
        written = s.probe[v.start : v.end]
        if not re.search(r"万|亿|億|萬|trillion|billion|million|\b(?:tn|bn|mn)\b", written, re.I):
            return "an amount without a scale word (cut off, or not a level)"
    clause_start = max([m.end() for m in _CLAUSE_PUNCT.finditer(s.probe, 0, v.start)] + [prev_end], default=0)
    kinds = {lex.entity_kind.get(t.alias.key) for t in s.entities if clause_start <= t.start and t.end <= v.start}
    keys = {t.alias.key for t in s.entities if clause_start <= t.start and t.end <= v.start}
    if len(keys) > 1 and kinds & {"market", "channel"} and kinds & {"platform", "company"}:
        return "a platform and a market are named together: whose figure it is is not certain"
    source = _revenue_source_after(s, metric_term, v)
    if source:
        return f"revenue from a source named after it ({source}), not the whole"
    return None


# ", the operator of China's largest social app and the world's biggest gaming business,": who the company is.
_APPOSITIVE = re.compile(r",\s*(?:the|a|an)\s+(?:[A-Za-z'’-]+\s+){0,2}?(?:operator|owner|parent|maker|developer|publisher|"
                         r"company|firm|giant|conglomerate)\s+(?:of|behind)\s+[^,;:.\d]{3,90},", re.I)


_COMPANY_TAIL = re.compile(r"(?:\s+(?:Holdings?|Group|Inc|Ltd|Limited|Corp)\.?)*")


def _appositive_end(s: _Sentence, entity_term: Term) -> int | None:
    """The end of a figureless description of the company set off by commas right after its name, else None."""
    name_end = _COMPANY_TAIL.match(s.probe, entity_term.end).end()
    if not s.probe.startswith(",", name_end):
        return None
    m = _APPOSITIVE.match(s.probe, name_end)
    return m.end() if m else None


# "revenues from video advertising grew 70%": revenue of the source named after it, not the company's whole.
_REVENUE_FROM = re.compile(r"\s+from\s+(?!(?:a|one)\s+year\b|(?:the|its)\s+(?:year|same|previous|prior|last|"
                           r"preceding|corresponding)\b|last\s+year\b|(?:RMB|Rmb|CNY|HKD|USD|US|HK|yuan)\b)"
                           r"(?:the\s+|its\s+|their\s+)?"
                           r"(?P<source>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,3})", re.I)


def _revenue_source_after(s: _Sentence, metric_term: Term | None, v: Value) -> str | None:
    """The source a revenue word names right after it, before the figure, that is no known segment, else None."""
    if metric_term is None or metric_term.end > v.start or (metric_term.alias.metric or metric_term.alias.key) != "revenue":
        return None
    if _OF_BUSINESS.match(s.probe, metric_term.end):
        return None  # "revenue from the local services business": the business rule reads it
    m = _REVENUE_FROM.match(s.probe, metric_term.end, v.start)
    if m is None or any(m.start("source") <= t.start < m.end("source") for t in s.segments):
        return None
    return m.group("source")


# "next quarter", "in the previous quarter", "in the coming months": a period the reader does not date; a base after
# "from", "than" or "compared with" ("up from 1.3 billion in the previous quarter") names the base's period only.
_RELATIVE_PERIOD = re.compile(r"\b(?:next|previous|prior|preceding|coming|following|upcoming)\s+(?:few\s+)?"
                              r"(?:quarters?|months?|year|half)\b|\blast\s+(?:few\s+)?(?:quarters?|months?|half)\b|"
                              r"\blater\s+(?:this|in\s+the)\s+year\b|"
                              r"\b(?:a\s+quarter|three\s+months)\s+(?:earlier|ago|before)\b", re.I)
_BASE_BEFORE = re.compile(r"\b(?:from|than|compared\s+(?:with|to)|versus|vs\.?|against)\b[^,;:]{0,60}$", re.I)


def _relative_period(probe: str) -> str | None:
    """A relative period phrase of a sentence outside a comparison base ("next quarter"), or None."""
    if "quarter" not in probe and "month" not in probe and "year" not in probe and "half" not in probe:
        return None
    for m in _RELATIVE_PERIOD.finditer(probe):
        if not _BASE_BEFORE.search(probe, max(0, m.start() - 72), m.start()):
            return m.group(0)
    return None


_GAMES_TOPIC = re.compile(r"^\W*(?:gaming|games?|online\s+games)\b", re.I)
_REGION_BEFORE = re.compile(r"\b(domestic|international|overseas)\s+$", re.I)
_REGION_GAMES = {"domestic": "domestic_games", "international": "international_games", "overseas": "international_games"}


# "value-added services remained Tencent's largest business, contributing ...": the line is the business it names.
_IS_BUSINESS_BEFORE = re.compile(r"\s*(?:,|(?:still\s+)?(?:remained|remains|was|is|became|becomes|stayed|stays))\s+$",
                                 re.I)
_BUSINESS_AFTER = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,3}?business\b(?:\s+(?:in|for|during)\s+[^,.;]{1,30}?)?\s*,?\s*"
                             r"(?:and\s+)?(?:contribut|generat|br(?:ing|ought)\s+in)", re.I)


_DATE_PHRASE_WORDS = frozenset({"in", "for", "during", "over", "the", "of", "year", "quarter", "and"})


# "Online gaming (including PC and mobile games) revenue": a figureless aside naming what the subject includes.
_INCLUDING_ASIDE = re.compile(r"[(（]\s*(?:including|incl\.|comprising)\s[^()（）\d]*[)）]", re.I)


def _mask_including(probe: str) -> str:
    """The text with figureless bracketed asides that list what its subject includes blanked (the parts of the
    subject itself, not another subject)."""
    if "ncl" not in probe and "ompris" not in probe:
        return probe
    return _INCLUDING_ASIDE.sub(lambda m: " " * len(m.group(0)), probe)


def _line_named_business(s: _Sentence, entity_term: Term | None, v: Value) -> str | None:
    """The Tencent segment line a clause names as the company's business that contributed the figure after it
    ("online games, Tencent's largest business, contributed ..."); "" when what it names is no known line; else
    None."""
    if entity_term is None or _BUSINESS_AFTER.match(s.probe, entity_term.end) is None:
        return None
    before = _IS_BUSINESS_BEFORE.search(s.probe, 0, entity_term.start)
    if before is None or before.end() != entity_term.start:
        return None
    subject = s.probe[: before.start()]
    for p in s.periods:
        if p.end <= before.start():
            subject = subject[: p.start] + " " * (p.end - p.start) + subject[p.end :]
    if not set(re.findall(r"[a-z]+", subject.lower())) - _DATE_PHRASE_WORDS:
        return None  # "In 2020, Tencent's business generated ...": no subject before the company
    if any(entity_term.end <= t.start and t.end <= v.start for t in s.segments + s.entities) \
            or re.search(r"[.;]\s|\b(?:total|overall|group)\b", s.probe[entity_term.end : v.start], re.I):
        return None
    lines = [t for t in s.segments if t.end <= entity_term.start and t.alias.key in _SEGMENT_LINES]
    return lines[-1].alias.key if lines and lines[-1].end == before.start() else ""


def _regional_games(s: _Sentence, metric_term: Term | None) -> str | None:
    """The games segment a region word right before a metric names in a sentence opening with games ("Gaming
    remained a key driver, with domestic revenue rising 17%"), else None."""
    if metric_term is None or not _GAMES_TOPIC.match(s.probe):
        return None
    m = _REGION_BEFORE.search(s.probe, max(0, metric_term.start - 16), metric_term.start)
    return _REGION_GAMES[m.group(1).lower()] if m else None


_PRICE_AFTER = re.compile(r"价|\s+price\b", re.I)  # 目标价, target price: a share price target
_AN_ESTIMATED = re.compile(r"(?:\ban\s+(?P<w>estimated)\s+"
                           # "KPMG estimated China's live commerce industry was worth about 1 trillion yuan"
                           r"|\b(?P<w2>estimated)\s+(?:that\s+)?[^,.;:!?]{0,60}?\s(?:was|were|had\s+been)\s+"
                           r"(?:worth\s+|valued\s+at\s+)?(?:(?:about|around|approximately|roughly|nearly|almost)\s+)?)"
                           r"(?:RMB\s?|CNY\s?|US\$|\$)?$", re.I)


def _past_comparison_base(v: Value, measure: str, window: str, period: Period, published: date | None) -> bool:
    """Whether an amount is the base ("up from ...") a forecast starts from, of a period over when the text appeared."""
    return v.kind in ("money", "count") and measure == "value" and published is not None \
        and period.end < published and bool(_FROM_EN.search(window))


def _estimated_past_level(lex: Lexicon, s: _Sentence, v: Value, period: Period, published: date | None) -> bool:
    """Whether "an estimated" right before a figure (or "estimated ... was" before it) is its only forecast cue and its
    period ended before the text was published: an approximate level, not a forecast."""
    cue = _AN_ESTIMATED.search(s.probe, 0, v.start)
    if cue is None or published is None or period.end >= published:
        return False
    word = "w" if cue.group("w") else "w2"
    blanked = s.probe[: cue.start(word)] + " " * (cue.end(word) - cue.start(word)) + s.probe[cue.end(word) :]
    return not is_estimate(lex, replace(s, probe=blanked), v, published)


# "2024E: RMB 127.70 billion": a year written with E (estimate) or F (forecast) labels the figure right after it.
_ESTIMATE_YEAR_LABEL = re.compile(r"(?<!\d)(?:19|20)\d{2}[EF]\s*[:：]?\s*(?:RMB|CNY|US\$|HK\$|\$)?\s*$")


_WHICH_ASIDE = re.compile(r"[,，]\s*which\s+(?:[^,，.]|\.(?=\d))*[,，]", re.I)


def _in_aside_before(probe: str, pos: int, end: int) -> bool:
    """True when `pos` lies in a ", which ...," aside that closes before `end`."""
    if "which" not in probe:
        return False
    return any(a.start() <= pos < a.end() <= end for a in _WHICH_ASIDE.finditer(probe, 0, end))


_ACTUAL_AFTER = re.compile(r"\s+(?:in|for)\s+FY\s?(?:19|20)?\d{2}A\b")
_ESTIMATE_CODE = re.compile(r"\bFY\s?(?:19|20)?\d{2}E\b|(?<![\d.])(?:19|20)\d{2}E\b")
_ESTIMATE_AFTER_CODE = re.compile(r"\s+(?:in|for)\s+(?:FY\s?(?:19|20)?\d{2}|(?:19|20)\d{2})E\b")


def is_estimate(lex: Lexicon, s: _Sentence, v: Value, published: date | None = None) -> bool:
    """Whether a figure is a forecast: an estimate word before it that is not another figure's own label
    (`预估1453.1亿元`), a target word right after it, or a future year after `by`."""
    if _ACTUAL_AFTER.match(s.probe, v.end):
        return False  # "from 48.1% in FY23A": the year's actual figure a forecast starts from
    if "E" in s.probe and (_ESTIMATE_CODE.search(s.probe, _clause_start(s.probe, v.start), v.start)
                           or _ESTIMATE_AFTER_CODE.match(s.probe, v.end)):
        return True  # "revenue for FY24E is RMB 655.9 billion", "53.2% in FY24E": a year written as estimated
    pattern = lex.words("estimate", lex.estimate_words)
    starts = [w.start for w in s.values]
    for m in pattern.finditer(s.probe, 0, v.start):
        if _NOT_A_FORECAST.search(s.probe[max(0, m.start() - 6) : m.end() + 6]):
            continue  # `超出市场预期`, `than expected`: a comparison with expectations, not a forecast
        if _BULLET_BREAK.search(s.probe, m.end(), v.start):
            continue
        if _in_aside_before(s.probe, m.start(), v.start):
            continue  # "..., which was expected to be 145.3 billion yuan, a rise of 8%": the aside's own figure
        nxt = next((st for st in starts if st >= m.end()), None)
        own = nxt is not None and nxt < v.start and not s.probe[m.end() : nxt].strip(" 为达到至是:：约")
        if nxt is not None and nxt < v.start and _PRICE_AFTER.match(s.probe, m.end()):
            continue  # "Target Price (HK$) $385.00 ... down 18%": a share price target labels its own figure only
        if not own:
            return True
    if _ESTIMATE_AFTER.match(s.probe[v.end :]) or _ESTIMATE_YEAR_LABEL.search(s.probe, 0, v.start):
        return True
    by = _FUTURE_BY.match(s.probe[v.end : v.end + 40])
    if by is None:
        return _by_end_of_open_year(s.probe, v, published)
    year = int(by.group(1) or by.group(2))
    return published is None or year > published.year


# "... 900 billion yuan by the end of 2020": the level a year that is not over yet ends at.
_BY_END_OF_YEAR = re.compile(r"\s*(?:[a-z\s]{0,20}\s)?by\s+the\s+end\s+of\s+((?:19|20)\d\d)\b", re.I)


def _by_end_of_open_year(probe: str, v: Value, published: date | None) -> bool:
    """Whether a figure is a level "by the end of" a year not over when the text appeared: a forecast."""
    if published is None or "end of" not in probe:
        return False
    m = _BY_END_OF_YEAR.match(probe, v.end, v.end + 50)
    return m is not None and int(m.group(1)) >= published.year


_FROM_MARK = re.compile(r"由|从")
_TO_MARK = re.compile(r"至|到")
_STOP = re.compile(r"[。；;]")
_SAME_PERIOD = re.compile(r"^\s*(?:的)?同期")


def _from_to(s: _Sentence, v: Value) -> tuple[Period | None, str | None, str | None] | None:
    """A figure inside "由<P1>的<A>增长X%至<P2>的<B>": the period of each level and, for the change between them, P2
    and year-on-year or quarter-on-quarter as P1 stands to P2 (or a reason to hold it); None outside that form."""
    for f in _FROM_MARK.finditer(s.probe, 0, v.end):
        t = _TO_MARK.search(s.probe, f.end(), min(len(s.probe), f.end() + 60))
        if t is None or _STOP.search(s.probe, f.end(), t.start()) or _FROM_MARK.search(s.probe, f.end(), t.start()):
            continue
        firsts = [p for p in s.periods if f.end() <= p.start < t.start()]
        seconds = [p for p in s.periods if t.end() <= p.start <= t.end() + 2]
        from_values = [w for w in s.values if f.end() <= w.start < t.start() and w.kind in ("money", "count")]
        to_values = [w for w in s.values if t.end() <= w.start < t.end() + 30 and w.kind in ("money", "count")]
        if not (firsts and seconds and len(from_values) == 1 and to_values):
            continue
        if not f.start() <= v.start < to_values[0].end:
            continue
        first, second = firsts[0], seconds[0]
        try:
            later = build_period(second, second.year) if second.year else None
            if later is None:
                return None, None, "a change between two periods whose later year is not stated"
            if _SAME_PERIOD.match(s.probe[first.end :]) and first.kind == "year":
                earlier = P.prior_year(later) if first.year == later.start.year - 1 else None
            else:
                earlier = build_period(first, first.year) if first.year else None
        except (P.PeriodError, ValueError):
            return None, None, "a change between two periods that cannot be read"
        if earlier is None:
            return None, None, "a change from a period that is not stated"
        if v.start == from_values[0].start:
            return earlier, None, None
        if v.start == to_values[0].start:
            return later, None, None
        if v.kind != "pct" or not from_values[0].end <= v.start < t.start():
            return None
        if earlier.label == P.prior_year(later).label:
            return later, "yoy_pct", None
        if later.type == "quarter" and earlier.label == P.prior_quarter(later).label:
            return later, "qoq_pct", None
        return None, None, "a change between two periods neither a year nor a quarter apart"
    return None


_FROM_OR_TO_BEFORE = re.compile(r"\b(?P<w>from|to)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|roughly\s+|"
                                r"more\s+than\s+|over\s+|the\s+)?$", re.I)
_IN_AFTER = re.compile(r"\s*(?:in|for|during)\s+(?:the\s+)?", re.I)


def _period_written_after(s: _Sentence, v: Value) -> PeriodMention | None:
    """In "from <A> in <P1> to <B> in <P2>", the period written right after the level (P1 for A, P2 for B; unclear
    for B when only A has its own), else None."""
    if " from " not in s.probe or " to " not in s.probe or v.kind not in ("money", "count", "pct"):
        return None
    before = _FROM_OR_TO_BEFORE.search(s.probe, max(0, v.start - 40), v.start)
    if before is None:
        return None
    own = _own_period(s, v)
    if before.group("w").lower() == "from":
        return own if own is not None and re.match(r"\s*,?\s*to\b", s.probe[own.end :]) else None
    frm = [m for m in re.finditer(r"\bfrom\s+", s.probe[: before.start()], re.I) if before.start() - m.end() <= 80]
    if not frm:
        return None
    first = next((w for w in s.values if w.start >= frm[-1].end() and w.end <= before.start()), None)
    if first is None or _own_period(s, first) is None:
        return None
    return own or _UNCLEAR


# "surging from the 59.6 billion yuan it made in all of 2019": a comparison base with its own year written after it.
_BASE_YEAR_AFTER = re.compile(r"\s*(?:(?:it|they|the\s+company)\s+(?:made|recorded|posted|generated|reported)\s+)?"
                              r"in\s+(?:all\s+of\s+|the\s+whole\s+of\s+)?((?:19|20)\d\d)\b(?!\s*(?:to\b|and\b|[-–—]))",
                              re.I)


_TO_IN_CLAUSE = re.compile(r"[^,，;；]*\bto\b", re.I)


def _base_year_after(s: _Sentence, v: Value) -> PeriodMention | None:
    """The year of an amount a figure grew "from", written right after it, when no "to" follows; else None."""
    if v.kind not in ("money", "count") or " from " not in s.probe or _TO_IN_CLAUSE.match(s.probe, v.end):
        return None
    before = _FROM_OR_TO_BEFORE.search(s.probe, max(0, v.start - 40), v.start)
    if before is None or before.group("w").lower() != "from":
        return None
    m = _BASE_YEAR_AFTER.match(s.probe, v.end)
    return PeriodMention(m.start(1), m.end(1), "year", int(m.group(1))) if m else None


def _own_period(s: _Sentence, v: Value) -> PeriodMention | None:
    """The period phrase right after a figure ("RMB 9.7 billion in 2018"), else None."""
    after = _IN_AFTER.match(s.probe, v.end)
    return next((p for p in s.periods if p.start == after.end()), None) if after else None


_UP_TO_BEFORE = re.compile(r"(?:截至|截止到?|as\s+of|as\s+at)\s*(?:the\s+end\s+of\s+|the\s+)?$", re.I)
_SPAN_AFTER = re.compile(r"^[^,，。;；]{0,14}?(?:止|个月|months|quarters)", re.I)


def _flow_up_to(s: _Sentence, v: Value) -> bool:
    """Whether the period before a figure is written as an end point ("截至2023年第二季度", "as of June") with no span
    ("止三个月"): a flow over an unstated span, not the figure of that quarter or month."""
    for p in s.periods:
        if p.end <= v.start and p.kind in ("quarter", "month", "month_bare", "half") \
                and _UP_TO_BEFORE.search(s.probe, max(0, p.start - 16), p.start) \
                and not _SPAN_AFTER.match(s.probe[p.end :]):
            return True
    return False


def kpi_period(metric: str, period: Period, probe: str) -> Period:
    """An as-at user count (MAU/DAU) at a quarter-end month joins the quarterly series (2024-09 -> 2024Q3)."""
    if metric not in ("mau", "dau") or period.type != "month" or period.end.month % 3:
        return period
    if not _AS_AT_CUE.search(probe):
        return period
    return P.quarter(period.end.year, period.end.month // 3)


_TRANSLATION_GAP = re.compile(r"\s*(?:yuan\s*)?[(（]\s*(?:约|about|approximately|around|roughly|or)?\s*(?:USD\s*)?", re.I)


def _is_translation(s: _Sentence, v: Value) -> bool:
    """A USD or HKD amount in brackets right after a CNY amount (a convenience translation)."""
    if v.kind != "money" or v.unit == "CNY":
        return False
    before = [w for w in s.values if w.end <= v.start and w.kind == "money" and w.unit == "CNY"]
    return bool(before) and _TRANSLATION_GAP.fullmatch(s.probe[before[-1].end : v.start]) is not None


def _translates_next(s: _Sentence, v: Value) -> bool:
    """A USD or HKD amount right before a CNY amount in brackets ("US$20.6 billion (149.2 billion yuan)")."""
    if v.kind != "money" or v.unit == "CNY":
        return False
    nxt = next((w for w in s.values if w.start >= v.end), None)
    return (nxt is not None and nxt.kind == "money" and nxt.unit == "CNY"
            and _TRANSLATION_GAP.fullmatch(s.probe[v.end : nxt.start]) is not None)


_GROWTH_IN = re.compile(r"\s*(?:[a-z-]+\s+)?(?:growth|increase|rise|surge|jump|gain|decline|drop|fall|decrease)\s+in\s+"
                        r"(?:the\s+|its\s+|their\s+)?", re.I)


def _growth_noun_metric(s: _Sentence, v: Value) -> Term | None:
    """The metric a growth rate names right after it ("a 48% rise in revenue", "a 244% surge in orders"): the
    figure's own, whatever other measure the sentence named before it; None when the form is absent."""
    m = _GROWTH_IN.match(s.probe, v.end) if v.kind == "pct" else None
    if m is None:
        return None
    return next((t for t in s.metrics if m.end() <= t.start and t.alias.measure is None
                 and re.fullmatch(r"(?:[\w-]+\s+){0,2}", s.probe[m.end() : t.start])), None)


# "a decline of 3.6% in average selling prices": a change noun, its figure, then what changed.
_CHANGE_OF = re.compile(r"\b(?:growth|increase|rise|surge|jump|gain|decline|drop|fall|decrease)\s+of\s+"
                        r"(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+)?$", re.I)
_CHANGE_IN_AFTER = re.compile(r"\s+in\s+(?:the\s+|its\s+|their\s+)?", re.I)


def _change_of_in(s: _Sentence, v: Value) -> re.Match[str] | None:
    """The " in " after a figure written "a decline of 3.6% in ...", or None when the form is absent."""
    if v.kind != "pct" or not _CHANGE_OF.search(s.probe, max(0, v.start - 40), v.start):
        return None
    return _CHANGE_IN_AFTER.match(s.probe, v.end)


_NARROWING_AFTER = re.compile(r"\s+(?:from|for|in|among|at|on|across|of)\s+(?!\d)", re.I)


def _period_at(s: _Sentence, pos: int) -> bool:
    """Whether a period phrase not narrowed after it starts at `pos` or holds it ("a 3.5% decline in September")."""
    return any(p.start <= pos < p.end and not _NARROWING_AFTER.match(s.probe, p.end) for p in s.periods)


def _growth_in(s: _Sentence, v: Value) -> str | None:
    """The segment a growth rate is of when the text names it after the figure ("15% growth in domestic games"):
    its key, "" when something unknown is named there, None when the form is absent."""
    m = _GROWTH_IN.match(s.probe, v.end) or _change_of_in(s, v)
    if m is None or _period_at(s, m.end()):
        return None
    after = [t for t in s.segments if m.end() <= t.start and re.fullmatch(r"(?:[\w-]+\s+){0,2}", s.probe[m.end() : t.start])]
    if after:
        return after[0].alias.key
    if any(m.end() <= t.start and re.fullmatch(r"(?:[\w-]+\s+){0,2}", s.probe[m.end() : t.start])
           for t in s.entities + s.metrics):
        return None  # "growth in revenue", "growth in Weixin MAU": the subject's own metric or an entity
    return ""


def _segment(lex: Lexicon, s: _Sentence, entity_term: Term | None, entity: str, pos: int) -> str:
    """The segment of a fact: fixed by the entity, else a segment word qualifying it, else total."""
    if entity in lex.entity_segment:
        return lex.entity_segment[entity]
    bullet_start = max([m.end() for m in _BULLET_BREAK.finditer(s.probe, 0, pos)], default=-1)
    lower = max(entity_term.start if entity_term is not None else -1, bullet_start)
    local = [t for t in s.segments if lower <= t.start and t.end <= pos and t.alias.key not in lex.context_segments]
    if len(local) > 1:
        local = _outside_line_asides(s, local)
    if local:
        return local[-1].alias.key
    context = [t for t in s.segments if t.alias.key in lex.context_segments]
    return context[0].alias.key if context else "total"


# "value-added services, which include domestic games, grew 16%": a figureless aside after a segment line that
# says what the line is made of; a segment named inside it is a part, never the figure's segment.
_PARTS_ASIDE = re.compile(r"(?:\s+(?:business|segment|division|unit))?[\"”’']?\s*(?:[,，]\s*[\"“]?\s*"
                          r"(?:primarily|mainly|mostly|largely|chiefly|encompassing|comprising|including"
                          r"|which\s+(?:includes?|covers?|comprises?))\s+[^,，.;()\d%]{1,60}[,，]"
                          r"|\s*[(（]\s*(?:primarily|mainly|including|incl\.|comprising)\s[^()（）\d%]{1,60}[)）])", re.I)
_PARTS_ASIDE_CUE = re.compile(r"rimarily|ainly|ostly|argely|hiefly|ncompass|ompris|ncl|which", re.I)


def _outside_line_asides(s: _Sentence, local: list[Term]) -> list[Term]:
    """The segment mentions that do not stand inside an aside naming the parts of the segment line before it."""
    if not _PARTS_ASIDE_CUE.search(s.probe):
        return local
    spans = [(m.start(), m.end()) for t in local if t.alias.key in _SEGMENT_LINES
             and (m := _PARTS_ASIDE.match(s.probe, t.end)) is not None]
    return [t for t in local if not any(a <= t.start < b for a, b in spans)] if spans else local


_LIST_GAP = re.compile(r"\s*(?:\([^()\d]{0,30}\)\s*)?(?:,\s*(?:and|or)?|、|，|\band\b|\bor\b|和|与|及)\s*", re.I)


# "Within VAS, social networks revenues rose": the segment before the comma is the scope of the next, not a list item.
_SCOPE_BEFORE = re.compile(r"\b(?:within|among|inside|under)\s+(?:the\s+|its\s+)?$|在\s*$", re.I)
_ITEM_BEFORE = re.compile(r"\b[A-Za-z-]+\s*,\s*$")
_ITEM_AFTER = re.compile(r"\s*(?:\([^()\d]{0,30}\)\s*)?,\s*(?:and|or)\s+[A-Za-z]", re.I)


def _segment_in_list(lex: Lexicon, s: _Sentence, segment: str, pos: int) -> bool:
    """Whether the segment a figure took is one item of a list of segments before it ("with gaming, marketing
    services (advertising), and cloud all contributing, while operating profit rose 18%")."""
    local = [t for t in s.segments if t.end <= pos and t.alias.key not in lex.context_segments]
    for i, t in reversed(list(enumerate(local))):
        if t.alias.key != segment:
            continue
        if _ITEM_BEFORE.search(s.probe, max(0, t.start - 30), t.start) and _ITEM_AFTER.match(s.probe, t.end):
            return True  # "with gaming, marketing services (advertising), and cloud ...": one item of a list
        near = [local[i - 1]] if i > 0 else []
        near += [local[i + 1]] if i + 1 < len(local) else []
        for other in near:
            a, b = (other, t) if other.end <= t.start else (t, other)
            if other.alias.key != segment and _LIST_GAP.fullmatch(s.probe, a.end, b.start) is not None \
                    and not _SCOPE_BEFORE.search(s.probe, max(0, a.start - 20), a.start):
                return True
        return False  # the segment's last mention before the figure decides
    return False


_ANAPHOR = re.compile(r"这一数字|该数字|此数字|这一规模|该规模|this figure|that figure|the figure", re.I)
# "This represents a 210% increase": the figure right after it measures the metric just named.
_ANAPHOR_NEXT = re.compile(r"^\s*(?:(?:this|which|that)\s+(?:represents|marks|means)\b|(?:that|this)(?:['’]s|\s+is|\s+was)\s+an?\s+$)",
                           re.I)
# "..., representing a 60% growth year-on-year": the growth of the figure the clause before stated.
_REPRESENTING_BEFORE = re.compile(r"[,，]\s*(?:representing|marking|which\s+(?:represents|marks))\s+(?:an?\s+)?$", re.I)
_OWNER = re.compile(r"\s+(?:on|of|at|for|from|in)\s+(?:the\s+)?$", re.I)


# "up 20 per cent compared with 114.9 billion yuan for the same quarter last year": a base after "compared with".
_COMPARED_EN = re.compile(r"\bcompared\s+(?:with|to)\s*$", re.I)
# "up from 134 billion yuan the previous year": the same period of the year before.
_PREVIOUS_YEAR_EN = re.compile(r"\s*(?:in\s+)?the\s+(?:previous|prior|preceding)\s+year\b(?!['’]s|\s+(?:to|before))", re.I)
_SAME_PERIOD_LAST_YEAR = re.compile(r"\s*for\s+the\s+same\s+(?:period|quarter)\s+(?:of\s+)?last\s+year\b", re.I)


def _compared_with_base(window: str, after: str) -> bool:
    """Whether a figure right after 'compared with' is a base dated to the same period a year before."""
    return "compared" in window and bool(_COMPARED_EN.search(window)) and bool(
        _LAST_YEAR_EN.match(after) or _SAME_PERIOD_LAST_YEAR.match(after))


def _base_period(period: Period, after: str) -> Period | None:
    """The period of a comparison base ("up from 1.3 billion in the previous quarter"), or None when not stated."""
    if _LAST_YEAR_EN.match(after) or _SAME_PERIOD_LAST_YEAR.match(after) or _PREVIOUS_YEAR_EN.match(after):
        return P.prior_year(period)
    if _PREVIOUS_QUARTER.match(after) and period.type == "quarter":
        q = int(period.label[-1])
        return P.quarter(period.start.year, q - 1) if q > 1 else P.quarter(period.start.year - 1, 4)
    return None


def _outside_asides(s: _Sentence) -> list[Term]:
    """The metric words of a sentence outside its asides (", which accounts for a third of total sales,")."""
    asides = [m.span() for m in _ASIDE.finditer(s.probe)]
    return [t for t in s.metrics if not any(a <= t.start and t.end <= b for a, b in asides)]


def _in_clause_before(s: _Sentence, term: Term | None, v: Value) -> bool:
    """Whether `term` stands before the figure in the figure's own clause."""
    return term is not None and term.end <= v.start and not _CLAUSE_PUNCT.search(s.probe, term.end, v.start)


# A clause that only goes on with the subject's change: ", rising at a faster pace of 2.4 percent", ", with a 3.5%
# decline in September".
_PARTICIPLE_LEAD = re.compile(r"\s*(?:rising|growing|increasing|climbing|expanding|falling|declining|dropping|shrinking)"
                              r"(?:\s+by|\s+at\s+an?\s+(?:[a-z]+\s+)?(?:pace|rate)\s+of)?\s*", re.I)
_WITH_LEAD = re.compile(r"\s*with\s+an?\s*", re.I)
_OPENS_CLAUSE = re.compile(r"\s*(?:[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3}\s+(?:said|says|reported|found|showed|shows)"
                           r"(?:\s+that)?\s+)?(?:[Tt]he\s+)?")


_OF_WHAT = re.compile(r"\s+of\s+(?:the\s+)?(?!(?:same|its|their|this|that|which|company|firm|group|platform|quarter|year|"
                      r"period|month|market|industry|sector)\b)([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})")


# "online retail spending on clothing": spending on one category, a part of the series.
_SPENDING_ON = re.compile(r"\s+on\s+((?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})", re.I)


def _metric_of_unnamed(s: _Sentence, metric_term: Term | None, v: Value) -> str | None:
    """Why a metric said of something the lexicon does not know ("the retail sales of automobiles") cannot take an
    entity carried from before or a market or channel named before it, or None."""
    if metric_term is None or metric_term.end > v.start:
        return None
    spent = _SPENDING_ON.match(s.probe, metric_term.end) if s.probe.endswith("spending", 0, metric_term.end) else None
    if spent is not None and spent.end() <= v.start:
        return f"the spending is on {spent.group(1)}, a part of the subject named before"
    m = _OF_WHAT.match(s.probe, metric_term.end)
    if m is None or m.end() > v.start or any(m.start() <= t.start < m.end() for t in s.entities + s.segments):
        return None
    if _in_whole_then_growth(s.probe, metric_term.start):
        return None  # the whole of a share stated before the subject's growth, not the figure's metric
    return f"the metric is of {m.group(1)}, which the lexicon does not know, not of the subject named before"


# Words after a market that make the figure another subject's ("FMCG companies", "FMCG spending per household"), a
# share of the market held by another subject before it, a region of the market after it.
_MARKET_OWNERS_AFTER = re.compile(r"\s*(?:companies|company|firms|brands|players|giants|leaders|makers|manufacturers|"
                                  r"producers|retailers|exports|imports|stocks|shares|prices|per)\b|\s*(?:企业|公司|品牌|出口)", re.I)
_SHARE_OF_BEFORE = re.compile(r"\bshare\s+of\s+(?:the\s+)?$", re.I)
_REGION_AFTER = re.compile(r"\s+in\s+(?!(?:urban\s+|mainland\s+)?China\b|the\s+(?:Chinese\s+mainland|country)\b)"
                           r"(?:the\s+)?(?:[A-Z][a-z]+|lower-tier|higher-tier|tier|rural|county|coastal|western|eastern)\b")


def _market_narrowed(lex: Lexicon, s: _Sentence, term: Term | None) -> str | None:
    """Why a figure named with a market is not the market's own (its companies, another subject's share of it, one
    region of it), or None."""
    if term is None or lex.entity_kind.get(term.alias.key) not in ("market", "channel"):
        return None
    if _MARKET_OWNERS_AFTER.match(s.probe, term.end):
        return "the figure is of what the market is said of (its companies, exports, a per-head measure), not the market"
    if _SHARE_OF_BEFORE.search(s.probe, max(0, term.start - 16), term.start):
        return "another subject's share of the market, not the market's own figure"
    if _REGION_AFTER.match(s.probe, term.end):
        return "a region of the market, not the whole market"
    return None


# Spans the contract has no period for ("in the 12 weeks ending ...", "during the Spring Festival"), and volume
# written right after a growth figure ("grew 3.4% in volume").
_WEEKS_WINDOW = re.compile(r"\b(?:\d+|twelve|four|eight)[\s-]+weeks?\b|\d+\s*周", re.I)
_HOLIDAY_WINDOW = re.compile(r"Spring Festival|Chinese New Year|Lunar New Year|Golden Week|春节期间|春节假期|黄金周|国庆假期")
_VOLUME_AFTER = re.compile(r"\s*(?:(?:year[- ]on[- ]year|YoY)\s+)?(?:in|by)\s+(?:terms\s+of\s+)?volume\b", re.I)


def _other_window_or_measure(s: _Sentence, v: Value) -> str | None:
    """Why a figure's window or measure is not one the contract has (weeks, a holiday, volume), or None."""
    if ("eek" in s.probe or "周" in s.probe) and _WEEKS_WINDOW.search(s.probe):
        return "a window of weeks: no calendar period"
    if _HOLIDAY_WINDOW.search(s.probe):
        return "a figure of a holiday's window, not of a calendar period"
    if v.kind == "pct" and _VOLUME_AFTER.match(s.probe, v.end):
        return "growth in volume, not in value"
    return None


# Between a subject and a figure: a subject it is compared with ("lagged the 7.2% rise of ..."), or, after a figure of
# the subject, a clause of another subject the lexicon does not know ("... 2.4% and social e-commerce grew 10%").
_COMPARED_WITH = re.compile(r"\b(?:lagged|lagging|trailed|trailing|outpaced|outpacing|outperformed|underperformed|"
                            r"behind|ahead\s+of)\b", re.I)
_OTHER_CLAUSE_SUBJECT = re.compile(r"(?:[,;]|\band\b|\bwhile\b|\bwhereas\b|\bbut\b)\s+(?:the\s+)?"
                                   r"(?P<np>[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2}?)\s+"
                                   r"(?:grew|rose|fell|increased|declined|dropped|jumped|climbed|surged|saw|posted|"
                                   r"recorded|gained|expanded|shrank|was|were)\b", re.I)
_SAME_SUBJECT = re.compile(r"(?:it|its|they|their|this|which|that|sales|growth)", re.I)


def _other_subject_between(s: _Sentence, entity_term: Term | None, metric_term: Term | None, v: Value) -> str | None:
    """Why a figure belongs to another subject named between its entity and it, or None."""
    subject_end = max((t.end for t in (entity_term, metric_term) if t is not None and t.end <= v.start), default=-1)
    if subject_end < 0:
        return None
    compared = _COMPARED_WITH.search(s.probe, subject_end, v.start)
    if compared:
        return f"the figure is of what the subject is compared with ({compared.group(0)})"
    for m in _OTHER_CLAUSE_SUBJECT.finditer(s.probe, subject_end, v.start):
        if not any(subject_end <= w.start and w.end <= m.start() for w in s.values):
            continue  # no figure of the subject before it: "WeChat in China and overseas rose ..." is one subject
        named = any(m.start("np") < t.end and t.start < m.end("np") for t in s.entities + s.metrics + s.segments)
        if not named and not _SAME_SUBJECT.fullmatch(m.group("np")):
            return f"another subject ({m.group('np')}) has a clause between the subject and the figure"
    return None


_IN_THE = re.compile(r"\bin\s+(?:the\s+)?$", re.I)


def _market_after_part(lex: Lexicon, s: _Sentence, term: Term | None, v: Value) -> str | None:
    """Why a market named after "in" behind a part of it ("beverages led growth in the FMCG market") is not the
    figure's subject, or None."""
    if term is None or term.end > v.start or lex.entity_kind.get(term.alias.key) not in ("market", "channel"):
        return None
    if not _IN_THE.search(s.probe, max(0, term.start - 8), term.start):
        return None
    part = lex.words("guard_part", lex.guards.get("part", [])).search(s.probe, _clause_start(s.probe, term.start),
                                                                     term.start)
    return f"a part of the market is the subject, the market only where it grew ({part.group(0).strip()})" if part else None


def _subject_goes_on(s: _Sentence, term: Term | None, v: Value) -> bool:
    """Whether the figure's clause goes on with the change of the one subject the sentence named in an earlier clause."""
    if term is None or term.end > v.start or any(t is not term and t.end <= v.start for t in s.entities):
        return False
    if not _OPENS_CLAUSE.fullmatch(s.probe, _clause_start(s.probe, term.start), term.start):
        return False  # "The beverage category led growth in the FMCG market": the market is not the subject
    start = _clause_start(s.probe, v.start)
    if start <= term.end or any(start <= t.start < v.start for t in s.metrics + s.segments):
        return False
    lead = s.probe[start : v.start]
    if _narrowed_after(s, v):
        return False
    if _PARTICIPLE_LEAD.fullmatch(lead):
        return True
    return _WITH_LEAD.fullmatch(lead) is not None and _OWN_DIRECTION.match(s.probe, v.end) is not None


_PLACE_AFTER = re.compile(r"\b(?:in|for|from|among|at|on|across)\s+(?!\x00)\w", re.I)
_PERIOD_PHRASE = re.compile(r"\b(?:in|for|during|over)\s+(?:the\s+)?\x00+", re.I)


def _narrowed_after(s: _Sentence, v: Value) -> bool:
    """Whether the rest of a figure's clause names where or for whom it holds ("rising 5% in hypermarkets"),
    periods aside."""
    end = next((m.start() for m in _CLAUSE_OR_STOP.finditer(s.probe, v.end)), len(s.probe))
    masked = _mask_spans(s.probe, [(p.start, p.end) for p in s.periods])[v.end : end]
    return _PLACE_AFTER.search(_PERIOD_PHRASE.sub(" ", masked)) is not None


def _labels_figure_before(s: _Sentence, term: Term | None) -> bool:
    """Whether a word stands right after another figure ("5.7% 线上渠道增速"): a chart label of that figure."""
    return term is not None and any(w.end <= term.start and not s.probe[w.end : term.start].strip() for w in s.values)


# "收入占比提升至56.6%", "占比同比下降至30%": the level a share moved to.
_SHARE_MOVED_TO = re.compile(r"占比[^,，;；。\d]{0,8}?(?:提升|提高|上升|增长|增加|升|增|下降|降低|下滑|回落|降|减少|减)了?\s*"
                             r"(?:至|到)\s*$")
_SHARE_MOVED_TO_EN = re.compile(r"\bshare\b(?:(?!\d)[^,;.])*?\b(?:rose|rising|climbed|climbing|increased|increasing|grew|"
                                r"growing|jumped|edged\s+up|went\s+up|fell|falling|dropped|declined|decreased|slipped|"
                                r"shrank)\s+to\s+(?:(?:about|around|nearly|almost|roughly)\s+)?$", re.I)


def _share_moved_to(s: _Sentence, v: Value) -> bool:
    """Whether a percentage is the level a share rose or fell to ("收入占比提升至56.6%", "its share of revenue rose to
    56.6%"): a share's level, not growth."""
    if "占比" in s.probe and _SHARE_MOVED_TO.search(s.probe, max(0, v.start - 24), v.start):
        return True
    return "share" in s.probe and _SHARE_MOVED_TO_EN.search(s.probe, max(0, v.start - 80), v.start) is not None


_POINTS_TO = re.compile(r"(?:pcts?|ppts?|pp|percentage points?|个百分点|百分点)\s*(?:至|到|达到?|to)\s*$", re.I)


def _ecommerce_revenue(s: _Sentence, metric_term: Term | None) -> bool:
    """Whether the revenue word is written right after 电商 with no entity ending there ('快手电商收入41.6亿元')."""
    if metric_term is None or not s.probe.endswith("电商", 0, metric_term.start):
        return False
    return not any(t.end == metric_term.start for t in s.entities)


_LOSS_WORD = re.compile(r"亏|虧|loss|deficit|narrow|收窄|转负|negative", re.I)


def _net_loss_word(s: _Sentence, metric: str, measure: str, metric_term: Term | None, v: Value) -> str | None:
    """A loss word between a net-profit word and its figure ('经调整净利润亏损35.7亿元'), else None."""
    if metric != "profit_for_period" or measure == "margin_pct" or metric_term is None or metric_term.end > v.start:
        return None
    found = _LOSS_WORD.search(s.probe, metric_term.end, v.start)
    if found is None and not v.signed and s.probe[: v.start].rstrip().endswith(("-", "−")):
        return "a minus sign"
    return found.group(0) if found else None


def _implied_metric(lex: Lexicon, entity: str, study: bool) -> str | None:
    """The metric a market's or channel's growth must be of: its only one, or sales in a retail-channel study."""
    if lex.entity_kind.get(entity) not in ("market", "channel"):
        return None
    allowed = lex.entity_metrics.get(entity, [])
    if len(allowed) == 1:
        return allowed[0]
    return "sales" if "sales" in allowed and study else None


# The word that makes a market's name the market as a whole ("the live commerce market grew 210%").
_MARKET_NOUN_AFTER = re.compile(r"\s*(?:market|industry|sector)\b(?!['’]s|\s+(?:share|penetration|users?|players?|"
                                r"participants|leaders?|companies|firms|brands|sellers|merchants|anchors|hosts)\b)",
                                re.I)


# What may open a clause before the market that is its subject ("In 2019, China's live commerce market grew ...").
_MARKET_SUBJECT_OPENING = re.compile(r"\s*(?:(?:the|China's|China|Chinese|overall|whole|entire|domestic)\s+)*", re.I)


def _market_word_after(lex: Lexicon, s: _Sentence, term: Term | None) -> bool:
    """Whether a market's name, opening its clause, stands right before "market", "industry" or "sector": the market
    as a whole is the subject ("Users of the live commerce market grew" is not)."""
    if term is None or lex.entity_kind.get(term.alias.key) != "market":
        return False
    opening = s.probe[_clause_start(s.probe, term.start) : term.start]
    return bool(_MARKET_NOUN_AFTER.match(s.probe, term.end)) and bool(_MARKET_SUBJECT_OPENING.fullmatch(opening))


def _market_size_metric(lex: Lexicon, entity: str) -> str | None:
    """The metric a market's own growth is of: its size (GMV) when it has one."""
    return "gmv" if "gmv" in lex.entity_metrics.get(entity, []) else None


# A clause that names only growth ("6月当月增幅达", "the year-on-year growth is", "Year-to-date growth is").
_BARE_GROWTH = re.compile(r"\s*(?:当月|累计|so\s+far\s*)?\s*(?:the\s+)?(?:(?:year[- ]on[- ]year|同比)\s*)?"
                          r"(?:growth(?:\s+rate)?|增速|增幅|增长率)\s*(?:is|was|of|达到?|为|reached)?\s*", re.I)


def _bare_growth(s: _Sentence, v: Value) -> bool:
    """Whether a figure's clause names nothing but growth and periods, in a sentence naming its own period and no
    entity or metric: the growth of the series the sentence before stated."""
    if s.entities or s.metrics or not s.periods:
        return False  # a sentence with no period of its own ("Growth was 5% in the previous quarter") may compare
    start = _clause_start(s.probe, v.start)
    masked = _mask_spans(s.probe, [(p.start, p.end) for p in s.periods if start <= p.start and p.end <= v.start])
    return bool(_BARE_GROWTH.fullmatch(masked[start : v.start].replace("\x00", "")))


def _previous_sentence_metric(result: ClaimResult, pi: int, si: int, entity: str) -> str | None:
    """The one metric the facts published from the sentence before (same paragraph) give `entity`, else None."""
    prefix = f"p{pi}.s{si - 1}."
    found = {(f.entity, f.metric) for f in result.facts if f.locator.startswith(prefix)}
    return found.pop()[1] if len(found) == 1 and next(iter(found))[0] == entity else None


def _locator_order(locator: str) -> tuple[int, ...]:
    """A locator's place in its text (paragraph, sentence, character), for ordering."""
    return tuple(int(n) for n in re.findall(r"\d+", locator.split(";")[0]))


def _last_figure_metric(result: ClaimResult, entity: str) -> str | None:
    """The metric of the last figure read ("this figure" refers back to it): the last published fact, when it is of
    `entity` and no figure was held after it (a currency translation aside)."""
    if not result.facts or result.facts[-1].entity != entity:
        return None
    last = _locator_order(result.facts[-1].locator)
    if any(_locator_order(h.locator) > last for h in result.held if not h.reason.startswith("currency translation")):
        return None
    return result.facts[-1].metric


# Between a market and an amount: the market reached, or was worth, that size.
_SIZE_VERB = (r"(?:has\s+|had\s+|will\s+|would\s+|(?:is|was)\s+(?:set|expected|projected|forecast|poised)\s+to\s+)?"
              r"(?:hit|hits|reached|reaches|reach|was\s+valued\s+at|is\s+valued\s+at|"
              r"was\s+worth|is\s+worth|be\s+worth|stood\s+at|totall?ed|amounted\s+to|"
              # "grew to", "doubled from 2019 to": the level the market came to
              r"(?:grew|grow|rose|rise|expanded|expand|increased|increase|climbed|jumped|surged|doubled|tripled)"
              r"(?:\s+from\s+(?:19|20)\d{2})?\s+to)\s+(?:an?\s+)?"
              r"(?:(?:about|around|approximately|roughly|nearly|almost|over|more\s+than|merely|only|just)\s+)?")
# "the live commerce market in China will reach ...": the country after the market word.
_MARKET_SIZE_NAMED = re.compile(r"\s*(?:market|industry|sector)\s+(?:in\s+(?:China|mainland\s+China|the\s+country)\s+)?"
                                + _SIZE_VERB + r"$", re.I)
_MARKET_SIZE_REFERRED = re.compile(r"\bthe\s+(?:market|industry|sector)\s+" + _SIZE_VERB + r"$"
                                   # "Its size was merely 19 billion RMB": the size of the market named before
                                   r"|\bits\s+(?:market\s+)?(?:size|scale)\s+(?:was|is|stood\s+at|reached|hit)\s+"
                                   r"(?:(?:about|around|approximately|roughly|nearly|almost|over|more\s+than|merely|only|"
                                   r"just)\s+)?$", re.I)


# "Douyin has reportedly sold nearly RMB 2 trillion ($274.2 billion) worth of goods": a platform's merchandise volume.
_SOLD_BEFORE = re.compile(r"\s*(?:has\s+|have\s+|had\s+)?(?:reportedly\s+|also\s+)?sold\s+"
                          r"(?:(?:about|around|approximately|roughly|nearly|almost|over|more\s+than|some)\s+)?$", re.I)
_WORTH_OF_GOODS = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?worth\s+of\s+(?:goods|merchandise|products)\b", re.I)


def _platform_sold_worth(s: _Sentence, entity_term: Term | None, v: Value) -> bool:
    """Whether an amount is what a platform named right before it sold ("Kuaishou sold X worth of goods")."""
    if entity_term is None or entity_term.end > v.start or "worth" not in s.probe:
        return False
    return bool(_SOLD_BEFORE.fullmatch(s.probe[entity_term.end : v.start])) and bool(_WORTH_OF_GOODS.match(s.probe, v.end))


def _sold_worth_spans(s: _Sentence, entity_term: Term | None) -> list[tuple[int, int]]:
    """The "worth of goods" phrases after what a platform sold: they name the platform's GMV, not a part of it."""
    if "worth" not in s.probe:
        return []
    spans = []
    for w in s.values:
        m = _WORTH_OF_GOODS.match(s.probe, w.end) if w.kind == "money" else None
        if m is not None and _platform_sold_worth(s, entity_term, w):
            spans.append((m.start(), m.end()))
    return spans


def _market_size(s: _Sentence, entity_term: Term | None, carried: str | None, v: Value) -> bool:
    """Whether an amount is a market's size: the market named right before it with a size verb ("the live commerce
    market hit a $680 billion value"), or referred to as "the market/industry" when no entity is named."""
    head = s.probe[: v.start]
    if entity_term is not None:
        return entity_term.end <= v.start and (bool(_MARKET_SIZE_NAMED.fullmatch(s.probe[entity_term.end : v.start]))
                                               or _market_size_base(s, entity_term, carried, v)
                                               or _market_with_size_of(s, entity_term, v))
    return carried is not None and bool(_MARKET_SIZE_REFERRED.search(head))


# Right before an amount the market's clause goes on to: "... grow rapidly with a scale of nearly 2 trillion yuan".
_WITH_SIZE_OF = re.compile(r"\bwith\s+an?\s+(?:total\s+)?(?:market\s+)?(?:scale|size)\s+of\s+(?:(?:about|around|"
                           r"approximately|roughly|nearly|almost|over|more\s+than)\s+)?$", re.I)


def _market_with_size_of(s: _Sentence, entity_term: Term, v: Value) -> bool:
    """Whether an amount is "a scale of" the market its clause is about, with no other figure or metric between."""
    if "with a" not in s.probe or _CLAUSE_PUNCT.search(s.probe, entity_term.end, v.start):
        return False
    if any(entity_term.end <= t.start < v.start for t in s.metrics) \
            or any(entity_term.end <= w.start < v.start for w in s.values):
        return False
    return bool(_WITH_SIZE_OF.search(s.probe, entity_term.end, v.start))


# Between a market's size and an earlier size it is compared with: "..., up from" (periods blanked).
_SIZE_BASE_BETWEEN = re.compile(r"[\s\x00]*(?:(?:in|for)[\s\x00]+)?,?\s*(?:up|down|rising|growing|increasing|falling|"
                                r"declining)\s+(?:sharply\s+|significantly\s+)?from\s+(?:(?:about|around|approximately|"
                                r"roughly|nearly|almost|over|more\s+than|just)\s+)?$", re.I)


def _market_size_base(s: _Sentence, entity_term: Term, carried: str | None, v: Value) -> bool:
    """Whether an amount is the earlier size a market's size is compared with ("the market will reach 1.05 trillion
    yuan this year, up from 433.8 billion yuan in 2019"): the market's size too."""
    if " from " not in s.probe:
        return False
    prev = [w for w in s.values if entity_term.end <= w.start and w.end <= v.start]
    if not prev or prev[-1].kind != "money" or not _market_size(s, entity_term, carried, prev[-1]):
        return False
    between = _mask_spans(s.probe, [(p.start, p.end) for p in s.periods])[prev[-1].end : v.start]
    return bool(_SIZE_BASE_BETWEEN.fullmatch(between))


def _last_is_estimate(result: ClaimResult, pi: int) -> bool:
    """Whether the last figure published from paragraph `pi` is an estimate (a figure referring back to it is one)."""
    same = [f for f in result.facts if f.locator.startswith(f"p{pi}.")]
    return bool(same) and same[-1].is_estimate


def _owner_after(s: _Sentence, metric_term: Term | None, pos: int) -> Term | None:
    """The entity an English metric names right after it ("time spent on Channels")."""
    if metric_term is None:
        return None
    for term in s.entities:
        if metric_term.end < term.start < pos and _OWNER.search(s.probe[metric_term.end : term.start]):
            return term
    return None


_USERS_ON = re.compile(r"\s+(?:on|of)\s+(?:the\s+)?$", re.I)
_MORE_NAMES = re.compile(r"\s*(?:,|&|/|\band\b|\bor\b|\bplus\b)\s*", re.I)


def _users_on_after(s: _Sentence, metric_term: Term | None, v: Value) -> Term | None:
    """The one app a user count names right after its metric ("963 million monthly active users on WeChat"), or
    None (no such form, or more apps named together)."""
    if metric_term is None or metric_term.alias.key not in ("mau", "dau") or metric_term.start < v.start \
            or s.probe[v.end : metric_term.start].strip():
        return None  # the count may take its metric words in ("963 million monthly active users")
    end = max(metric_term.end, v.end)
    term = next((t for t in s.entities if t.start > end), None)
    if term is None or not _USERS_ON.fullmatch(s.probe, end, term.start):
        return None
    gap = _MORE_NAMES.match(s.probe, term.end)
    if gap and any(t.start == gap.end() for t in s.entities):
        return None
    return term


def _first_in_clause_after(s: _Sentence, v: Value) -> Term | None:
    """A metric named after the figure in the same clause (`3 billion yuan in ad revenue`), or None."""
    after = [t for t in s.metrics if t.start >= v.start]
    if not after or _CLAUSE_PUNCT.search(s.probe, v.start, after[0].start):
        return None
    return after[0]


def _last_before(terms: list[Term], pos: int) -> Term | None:
    before = [t for t in terms if t.end <= pos]
    return before[-1] if before else None


def _clause_after(probe: str, pos: int) -> str:
    m = re.search(r"[,，。;；]", probe[pos:])
    return probe[pos : pos + (m.start() if m else 30)][:30]


# Words before an amount that make it a change in level ("增加了", "an increase of nearly").
CHANGE_BEFORE = re.compile(
    r"(?:(?:增长|增加|减少|下降|多了|少了|increased by|decreased by|grew by|fell by|rose by|up by|down by)\s*了?\s*(?:超过|超|近|约)?"
    r"|\b(?:an?\s+)?(?:increase|decrease|rise|drop|decline|gain)\s+of\s+(?:nearly\s+|about\s+|over\s+|more than\s+)?)"
    r"\s*(?:人民币|RMB\s?)?\s*$", re.I)


# "20%的增长", "20% growth": a growth word right after a percentage is that percentage's own.
_GROWTH_WORD_AFTER = re.compile(r"\s*(?:的)?\s*(?:增长|增幅|增速|涨幅|升幅|下降|下跌|降幅|跌幅|growth|increase|rise|gain|jump"
                                r"|decline|drop|fall|decrease|higher|lower|up\b|down\b)", re.I)


def _measure(lex: Lexicon, v: Value, window: str, after: str) -> str | None:
    if v.kind == "growth_multiple":
        return "yoy_pct"
    if v.kind in ("money", "count"):
        if CHANGE_BEFORE.search(window):
            return "change"
        return "value"
    if _SHARE_AFTER.match(after):
        return "share_pct"
    if "onth" in after and _MONTH_ON_MONTH_AFTER.match(after):
        return None  # "1% month on month": a change the contract has no measure for, never growth on a year
    share = lex.words("share", lex.share_words).search(window)
    growth = lex.words("growth", lex.growth_up + lex.growth_down).search(window + " " + after)
    if share and (not growth or share.start() > growth.start()
                  or (growth.start() > len(window) and not _GROWTH_WORD_AFTER.match(after))):
        return "share_pct"  # "占总收入20%的社交网络收入增长2%": the growth word after is the next figure's
    if _FRACTION_AFTER.match(after):
        return None  # "80% of revenue came from mobile": a fraction of the metric, never its growth
    if growth or _YOY.search(window + after) or _HIGHER_AFTER.match(after):
        return "qoq_pct" if _nearest_is_qoq(lex, window, after) else "yoy_pct"
    if _own_qoq_cue(lex, window):
        return "qoq_pct"
    return None


# "as a percentage of total revenue, from 95.3% in 2017 to 34.4% in 2023": the two ends of a share's change.
_FROM_PCT_BEFORE = re.compile(r"\bfrom\s+$", re.I)
_TO_AFTER_PCT = re.compile(r"\s*(?:in\s+(?:19|20)\d\d\s+)?to\s+$", re.I)


def _share_to_end(lex: Lexicon, s: _Sentence, v: Value) -> str | None:
    """"share_pct" for the "to" end of "from X% ... to Y%" when X is a share, else None."""
    if v.kind != "pct" or " to " not in s.probe:
        return None
    before = [w for w in s.values if w.end <= v.start]
    if not before or before[-1].kind != "pct" or not _TO_AFTER_PCT.fullmatch(s.probe[before[-1].end : v.start]):
        return None
    first = before[-1]
    if not _FROM_PCT_BEFORE.search(s.probe, 0, first.start):
        return None
    prev_end = before[-2].end if len(before) > 1 else 0
    window = s.probe[prev_end : first.start]
    return "share_pct" if _measure(lex, first, window, _clause_after(s.probe, first.end)) == "share_pct" else None


_MONTH_ON_MONTH_AFTER = re.compile(r"\s*month[- ](?:on|over)[- ]month\b", re.I)


def _own_qoq_cue(lex: Lexicon, window: str) -> bool:
    """Whether a quarter-on-quarter cue stands right before a signed figure ("(yoy +8.1%, qoq +3.8%)")."""
    cue = lex.words("qoq", lex.qoq_words).search(window)
    return cue is not None and re.fullmatch(r"\s*[:：]?\s*[-+]?\s*", window[cue.end() :]) is not None


# "11% higher Q2 revenue": growth written right after the figure ("higher than expected" is no growth).
_HIGHER_AFTER = re.compile(r"\s*(higher|lower)\b(?!\s+than)", re.I)
_YOY = re.compile(r"year[- ](?:on|over)[- ]year|YoY|y/y|y-o-y|同比|按年|年增", re.I)
# A comparison cue written right after a figure ("6% YoY and 3% QoQ", "1% y/y and 4% q/q") is that figure's own.
_OWN_CUE = re.compile(r"\s*(?=(?:YoY|QoQ|y/y|q/q|y-o-y|q-o-q|year[- ](?:on|over)[- ]year|quarter[- ](?:on|over)[- ]quarter)"
                      r"(?![A-Za-z0-9]))", re.I)


def _nearest_is_qoq(lex: Lexicon, window: str, after: str) -> bool:
    """Whether the comparison cue nearest a figure is quarter-on-quarter: the last cue before it, else the first after."""
    qoq = lex.words("qoq", lex.qoq_words)
    own = _OWN_CUE.match(after)
    if own:
        return bool(qoq.match(after, own.end()))
    before = [(m.end(), "qoq") for m in qoq.finditer(window)] + [(m.end(), "yoy") for m in _YOY.finditer(window)]
    if before:
        return max(before)[1] == "qoq"
    later = [(m.start(), "qoq") for m in qoq.finditer(after)] + [(m.start(), "yoy") for m in _YOY.finditer(after)]
    return bool(later) and min(later)[1] == "qoq"


# A change noun written right after the figure ("a 20% QoQ increase", "a 6% YoY decline") is that figure's own direction.
_OWN_DIRECTION = re.compile(r"\s*(?:(?:YoY|QoQ|y/y|q/q|y-o-y|q-o-q|year[- ](?:on|over)[- ]year|"
                            r"quarter[- ](?:on|over)[- ]quarter)\s+)?"
                            r"(?:(?P<up>increase|rise|gain|growth|jump|surge)|(?P<down>decline|drop|fall|decrease|dip))\b",
                            re.I)


# Only a comparison cue and "and" between two figures ("fell 4% YoY and 12% QoQ"): one verb governs both.
_JOINED_BY_AND = re.compile(r"^\s*(?:(?:YoY|QoQ|y/y|q/q|y-o-y|q-o-q|year[- ](?:on|over)[- ]year|"
                            r"quarter[- ](?:on|over)[- ]quarter)\s+)?and\s+$", re.I)


def _joined_down(lex: Lexicon, probe: str, start: int, window: str, after: str) -> bool:
    """True when a figure joined to the one before by "and" alone, with no direction of its own, shares a falling verb."""
    if not _JOINED_BY_AND.match(window) or _OWN_DIRECTION.match(after) or _HIGHER_AFTER.match(after):
        return False
    return _is_down(lex, probe[_clause_start(probe, start) : start])


def _is_down(lex: Lexicon, window: str, after: str = "") -> bool:
    """True when the last growth word before the figure (else the first one after it) says down."""
    higher = _HIGHER_AFTER.match(after)
    if higher:
        return higher.group(1).lower() == "lower"
    own = _OWN_DIRECTION.match(after) if after[:40].strip()[:1].isalpha() else None
    if own:
        return bool(own.group("down"))
    ups = list(lex.words("up", lex.growth_up).finditer(window))
    downs = list(lex.words("down", lex.growth_down).finditer(window))
    if not ups and not downs:
        first_up = lex.words("up", lex.growth_up).search(after)
        first_down = lex.words("down", lex.growth_down).search(after)
        return bool(first_down) and (not first_up or first_down.start() < first_up.start())
    if not downs:
        return False
    return not ups or downs[-1].start() >= ups[-1].start()


def _qualifier_before(lex: Lexicon, probe: str, v: Value) -> tuple[int | None, str | None]:
    head = probe[: v.start]
    folded = _case_blind(head)
    best: tuple[int, str] | None = None
    for qual, words in lex.qualifiers.items():
        for w in words:
            if (w.lower() not in folded) if w.isascii() else (w not in head):
                continue  # a match contains the word (case-blind when it is ASCII)
            m = re.search(re.escape(w) + r"\s*(?:为|达到?|至|是|到)?\s*(?:人民币|RMB\s?|US\$|\$)?\s*$", head,
                          re.I if w.isascii() else 0)
            if m and (best is None or m.start() < best[0]):
                if w.isascii() and m.start() > 0 and head[m.start() - 1].isalpha():
                    continue
                best = (m.start(), qual)
    return best if best else (None, None)


# Characters a case-blind pattern matches to an ASCII letter whose lower case is not that letter.
_CASE_BLIND_ODD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _case_blind(text: str) -> str:
    """Lower-cased text in which every ASCII word a case-blind pattern matches is found as its lower case."""
    return text.translate(_CASE_BLIND_ODD).lower()


def _qualifier_after(lex: Lexicon, probe: str, v: Value) -> tuple[str | None, int]:
    tail = probe[v.end :]
    for qual, words in lex.qualifiers_after.items():
        for w in words:
            if tail.startswith(w):
                return qual, len(w)
    return None, 0


def _launch_date(lex: Lexicon, probe: str, p: PeriodMention) -> bool:
    """Whether a date mention is when something was launched or founded, not the period of a figure."""
    before = probe[max(0, p.start - 24) : p.start]
    return bool(_launch_pattern(tuple(lex.guards.get("launch", []))).search(before))


@lru_cache(maxsize=8)
def _launch_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The launch words right before a date (with up to two words and `in`/`on` between), compiled once."""
    return re.compile(r"(?:" + "|".join(re.escape(w) for w in words) + r")(?:\s+[a-z]+){0,2}?\s*(?:in|on|于|在)?\s*$",
                      re.I)


# Between two items of a list: a comma or an enumeration comma, and/or ("33%, 32% and 43%", "1月、2月和3月").
_LIST_SEP = re.compile(r"\s*(?:[,，、]\s*(?:and\s+|or\s+|和|与|及|以及)?|\s+(?:and|or)\s+|和|与|及|以及)\s*")


def value_run(s: _Sentence, v: Value) -> list[Value]:
    """The list of figures of one kind, written one after another, that holds `v` (just [v] when it stands alone)."""
    runs: list[list[Value]] = []
    for w in s.values:
        if runs and runs[-1][-1].kind == w.kind and _LIST_SEP.fullmatch(s.probe[runs[-1][-1].end : w.start]):
            runs[-1].append(w)
        else:
            runs.append([w])
    return next((r for r in runs if v in r), [v])


def period_run(s: _Sentence, n: int, lex: Lexicon) -> list[PeriodMention] | None:
    """The one list of `n` periods written one after another in a sentence ("January-February, March and April"),
    which a list of `n` figures pairs with in order; None when there is no such list or more than one."""
    runs: list[list[PeriodMention]] = []
    for p in (p for p in s.periods if not _launch_date(lex, s.probe, p)):
        gap = s.probe[runs[-1][-1].end : p.start] if runs else ""
        if runs and (not gap.strip() or _LIST_SEP.fullmatch(gap)):
            runs[-1].append(p)
        else:
            runs.append([p])
    fits = [r for r in runs if len(r) == n]
    if not fits and (not runs or len(runs) == 1):
        return _respective_years(s, n)
    return fits[0] if len(fits) == 1 else None


def _respective_years(s: _Sentence, n: int) -> list[PeriodMention] | None:
    """The `n` years of the one span of years written before a list of `n` figures ("forecasts for 2024-2026 are X,
    Y and Z"), in order, else None."""
    spans = [m for m in _YEAR_RANGE.finditer(s.probe) if re.fullmatch(r"\s*[-–—~]\s*", m.group(0)[4:-4])]
    if len(spans) != 1 or not any(v.start >= spans[0].end() for v in s.values):
        return None
    a, b = int(spans[0].group(1)), int(spans[0].group(2))
    if b - a + 1 != n:
        return None
    return [PeriodMention(spans[0].start(), spans[0].end(), "year", y) for y in range(a, b + 1)]


_OWN_PERIOD_GAP = re.compile(r"\s+(?:in|for|during)\s+(?:the\s+)?", re.I)


def figure_period_pairs(s: _Sentence, v: Value) -> tuple[list[Value], list[PeriodMention]] | None:
    """A list of figures each written right before its own period ("2.0% in Q1, 1.6% in Q2 and -1.1% in Q3"): the
    figures and their periods in order, or None when `v` is not in such a list of two or more."""
    runs: list[list[tuple[Value, PeriodMention]]] = []
    for w in s.values:
        own = next((p for p in s.periods if p.start >= w.end and _OWN_PERIOD_GAP.fullmatch(s.probe, w.end, p.start)),
                   None)
        if own is None:
            runs.append([])
            continue
        last = runs[-1][-1] if runs and runs[-1] else None
        if last is not None and last[0].kind == w.kind and _LIST_SEP.fullmatch(s.probe, last[1].end, w.start):
            runs[-1].append((w, own))
        else:
            runs.append([(w, own)])
    run = next((r for r in runs if any(w is v for w, _ in r)), [])
    if len(run) < 2 or not _clause_ends(s, run[-1][1].end):
        return None
    return [w for w, _ in run], [p for _, p in run]


_REST_OF_PERIODS = re.compile(r"(?:\s|\x00|\bof\b|\bin\b)*(?:alone|only)?\s*[.。!?]?[\"”’]?\s*")


def _clause_ends(s: _Sentence, pos: int) -> bool:
    """Whether nothing but periods (and "alone") stands from `pos` to the end of its clause."""
    end = next((m.start() for m in _CLAUSE_OR_STOP.finditer(s.probe, pos)), len(s.probe))
    masked = _mask_spans(s.probe, [(p.start, p.end) for p in s.periods])
    return _REST_OF_PERIODS.fullmatch(masked, pos, end) is not None


def _own_change_period(s: _Sentence, v: Value, after: list[PeriodMention]) -> PeriodMention | None:
    """The period written right after a figure's own change noun ("a 3.5% decline in September"), else None."""
    m = _GROWTH_IN.match(s.probe, v.end) if after and v.kind == "pct" else None
    if m is None or not after[0].start <= m.end() < after[0].end or not _clause_ends(s, after[0].end):
        return None
    return after[0]


def _within_parentheses(probe: str, v: Value, periods: list[PeriodMention]) -> list[PeriodMention]:
    """The periods inside the parentheses a figure stands in ("(up from a 100 billion yuan milestone in 2023)"): the
    aside's own, which the periods outside it do not date; empty when the figure is not in parentheses."""
    opened = max(probe.rfind("(", 0, v.start), probe.rfind("（", 0, v.start))
    if opened < 0 or re.search(r"[)）]", probe[opened : v.start]):
        return []
    closed = re.search(r"[)）]", probe[v.end :])
    if closed is None:
        return []
    end = v.end + closed.start()
    return [p for p in periods if opened < p.start and p.end <= end]


# "3.6% growth and strong third-quarter recovery": a period used as the adjective of a noun joined by "and".
_JOINED_BEFORE = re.compile(r"\band\s+(?:(?:a|an|the|its|their|strong|weak|solid|robust|sharp|steady|modest|slight|"
                            r"further|continued|significant)\s+)*$", re.I)
_ATTRIBUTIVE_AFTER = re.compile(r"[\s-]+(?!(?:of|in|for|to|and|or|on|at|from|as|with|results?|earnings|figures?|"
                                r"numbers?|reports?)\b)[a-z]{3,}", re.I)


def _of_a_joined_noun(probe: str, v: Value, p: PeriodMention) -> bool:
    """Whether a period after a figure is the adjective of another noun joined by "and" ("... and strong
    third-quarter recovery"): it dates that noun, not the figure."""
    return bool(_JOINED_BEFORE.search(probe, v.end, p.start)) and bool(_ATTRIBUTIVE_AFTER.match(probe, p.end))


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    """The spans of balanced parentheses, outer ones whole ("(vs. +8% Price (HK$) $303 in 1Q)")."""
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    for i, c in enumerate(text):
        if c in "(（":
            opened.append(i)
        elif c in ")）" and opened:
            spans.append((opened.pop(), i + 1))
    return spans


def _outside_figured_asides(s: _Sentence, periods: list[PeriodMention], at: int = -1) -> list[PeriodMention]:
    """The periods not inside parentheses that hold another figure than the one at `at` ("down 18% (vs. -18% in
    1Q)": 1Q dates the aside's figure only)."""
    if "(" not in s.probe and "（" not in s.probe:
        return periods
    asides = [(a, b) for a, b in _bracket_spans(s.probe)
              if not a <= at < b and any(a <= w.start < b for w in s.values)]
    return [p for p in periods if not any(a <= p.start and p.end <= b for a, b in asides)]


def _ytd_months(ytd: PeriodMention, carried: PeriodMention | None) -> PeriodMention | None:
    """"Year to date" as January to the month the text named last ("... in April; so far this year ..."), else None."""
    if carried is None or carried.kind not in ("month", "month_bare", "months"):
        return None
    last = carried.b if carried.kind == "months" else carried.a
    if last < 2:
        return None
    return PeriodMention(ytd.start, ytd.end, "months", carried.year, 1, last)


_WHEN_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*,?\s+when\s+[^,，;；.。]*$", re.I)


# "the annual revenue", "full-year sales": the figure's own clause calls it the year's (not "annual active users").
_ANNUAL_OWN = re.compile(r"\b(?:annual|full[- ]year|whole[- ]year)\b(?!\s+(?:active|run|recurring|report|general|meeting|"
                         r"paying|subscription|fee))|\bfor\s+the\s+(?:full\s+|whole\s+)?year\b", re.I)
_WITHIN_YEAR = frozenset({"quarter", "half", "nine", "months", "month", "month_bare", "this_quarter"})
_ANNUAL = PeriodMention(0, 0, "year_open", None)
_ANNUAL_ADJECTIVE = re.compile(r"\b(?:annual|full[- ]year|whole[- ]year)\b(?!\s+(?:active|run|recurring|report|general|"
                               r"meeting|paying|subscription|fee|growth|rate|average))", re.I)


def _annual_clause(s: _Sentence, v: Value) -> bool:
    """True when a sentence that names no period calls the figure annual before it ("the annual game revenue was X,
    up 31%")."""
    if "nnual" not in s.probe and "ear" not in s.probe:
        return False
    return _ANNUAL_ADJECTIVE.search(s.probe, 0, v.start) is not None


def _annual_over_carried(s: _Sentence, v: Value, carried: PeriodMention) -> bool:
    """True when a figure's clause calls it annual while the period carried from an earlier sentence is part of a year."""
    if carried.kind not in _WITHIN_YEAR:
        return False
    return bool(_ANNUAL_OWN.search(s.probe, _clause_start(s.probe, v.start), v.start))


def _same_period(one: PeriodMention, other: PeriodMention) -> bool:
    """Whether two mentions name the same period, both with their year ("in 2021 ... in 2021")."""
    return one.year is not None and (one.kind, one.year, one.a, one.b) == (other.kind, other.year, other.a, other.b)


def _two_quarters(before: PeriodMention, after: PeriodMention) -> bool:
    """Whether the periods on either side of a figure are two different quarters (or halves) of the same sentence."""
    kinds = ("quarter", "half")
    return before.kind in kinds and after.kind in kinds and (before.kind, before.a) != (after.kind, after.a)


# "53.4% vs. 59.3% in 4Q17": a period written after a compared figure dates that figure, not the one before "vs.".
_RELATIVE_YEAR = re.compile(r"(?:this|last)\s+year", re.I)
_VERSUS_WORD = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:with|to)|against|from)(?=\s)", re.I)


# Between "from" and the figure it compares with ("from 47% in the third quarter"): no other words.
_FROM_GAP = re.compile(r"\s*(?:(?:about|around|roughly|nearly|almost)\s+)?")


def _periods_of_compared(s: _Sentence, v: Value, after: list[PeriodMention]) -> list[PeriodMention]:
    """The periods after a figure that follow a comparison word and another figure ("53.4% vs. 59.3% in 4Q17", "up
    38%, down from 47% in the third quarter")."""
    out: list[PeriodMention] = []
    for p in after:
        if _RELATIVE_YEAR.fullmatch(s.probe, p.start, p.end):
            continue  # "compared to X last year": the comparison base rules read it
        if any(_compares_with(s, word, p) for word in _VERSUS_WORD.finditer(s.probe, v.end, p.start)):
            out.append(p)
    return out


def _compares_with(s: _Sentence, word: re.Match[str], p: PeriodMention) -> bool:
    """Whether a comparison word is followed by another figure before a period ("vs. 59.3% in 4Q17"); after "from"
    that figure comes right away ("from 47% in the third quarter", not "from a year ago 1.31 billion in ...")."""
    near = word.group(0).lower() == "from"
    return any(word.end() <= w.start and w.end <= p.start
               and (not near or _FROM_GAP.fullmatch(s.probe, word.end(), w.start)) for w in s.values)


def _relative_year_of_compared(s: _Sentence, v: Value, after: list[PeriodMention]) -> list[PeriodMention]:
    """The "last year" after a comparison word and another figure ("X, compared to 32% last year"): that figure's base."""
    return [p for p in after if _RELATIVE_YEAR.fullmatch(s.probe, p.start, p.end)
            and any(_compares_with(s, word, p) for word in _VERSUS_WORD.finditer(s.probe, v.end, p.start))]


_LAST_YEAR_NEXT = re.compile(r"\s*(?:(?:billion|million|yuan|rmb|points?)\s*){0,2}(?:in\s+)?last\s+year\b", re.I)
_VERSUS_BEFORE = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:with|to)|against|from|than)\s+(?:rmb|us\$|\$)?\s*$", re.I)


def _compared_last_year(s: _Sentence, v: Value) -> bool:
    """Whether a figure is the base after a comparison word, dated only by "last year" ("compared to 47% last year")."""
    return _LAST_YEAR_NEXT.match(s.probe, v.end) is not None \
        and _VERSUS_BEFORE.search(s.probe[max(0, v.start - 30) : v.start]) is not None


# "Channels, which Tencent's chief executive called its hope, contributed X": a name inside a relative clause
# set off by commas is not the subject the figure belongs to.
_RELATIVE_ASIDE = re.compile(r",\s*(?:which|who|whom|whose)\b[^,;.]*,")


def _outside_relative_asides(s: _Sentence, terms: list[Term], at: int) -> list[Term]:
    """The terms before `at` outside a closed ", which/who ... ," aside that follows another named term."""
    if "which" not in s.probe and "who" not in s.probe:
        return terms
    asides = [(m.start(), m.end()) for m in _RELATIVE_ASIDE.finditer(s.probe, 0, at)
              if any(t.end <= m.start() for t in terms)]  # only when a name before the aside is its subject
    return [t for t in terms if not any(a < t.start and t.end < b for a, b in asides)]


# "56.5% last quarter", "X in the previous quarter": the quarter before the one the text reports, its number not written.
_PRIOR_QUARTER_AFTER = re.compile(r"\s*(?:(?:in|during|for|of)\s+)?(?:the\s+)?(?:last|previous|prior|preceding)\s+"
                                  r"(?:reported\s+)?quarter\b|\s*(?:a|one|the)\s+quarter\s+(?:earlier|ago|before)\b", re.I)


def _prior_quarter_after(s: _Sentence, v: Value) -> bool:
    """Whether a figure is followed right away by "last quarter", "in the previous quarter", "a quarter earlier"."""
    if "uarter" not in s.probe or _PRIOR_QUARTER_AFTER.match(s.probe, v.end) is None:
        return False
    base = _FROM_OR_TO_BEFORE.search(s.probe, max(0, v.start - 40), v.start)
    return base is None or base.group("w").lower() != "from"  # "up from X in the previous quarter": a dated base


def _period_for(s: _Sentence, v: Value, ctx: ClaimContext, carried: PeriodMention | None,
                para_years: list[int], estimate: bool, lex: Lexicon | None = None,
                listed: PeriodMention | None = None) -> Period | None:
    when = _WHEN_YEAR.search(s.probe, 0, v.start)
    if when is not None and any(p.start <= when.start(1) < p.end and p.kind != "year" for p in s.periods):
        when = None  # the year of a quarter or a month ("the third quarter of 2023, when ..."): that period stands
    if when is not None and listed is None:
        return P.year(int(when.group(1)))  # "from 2019, when the industry was valued at ...": the figure is 2019's
    periods = [p for p in s.periods if lex is None or not _launch_date(lex, s.probe, p)]
    if any(p.kind == "this_quarter" for p in periods) and estimate:
        return None  # in a forecast "this quarter" may be the quarter under way
    carried = _named_quarter(ctx, carried, None)
    periods = [q for q in (_named_quarter(ctx, p, carried) for p in periods) if q is not None]
    periods = _within_parentheses(s.probe, v, periods) or _outside_figured_asides(s, periods, v.start)
    before = [p for p in periods if p.end <= v.start]
    joined = [p for p in periods if p.start >= v.end and _of_a_joined_noun(s.probe, v, p)]
    after = [p for p in periods if p.start >= v.end and p not in joined]
    if listed is None and _prior_quarter_after(s, v):
        return None  # "56.5% last quarter": the quarter before the reported one, whose number is not written
    if listed is None and after and "year" in s.probe:
        based = _relative_year_of_compared(s, v, after)
        after = [p for p in after if p not in based]  # "X, compared to 32% last year": the year is 32%'s base
        if based and not before and not after and (carried is None or carried.kind not in ("quarter", "half")):
            return ctx.title_period  # the figure's own period is the one the text reports, never a carried year
    compared = _periods_of_compared(s, v, after) if listed is None and after else []
    if compared:
        after = [p for p in after if p not in compared]
        if not before and not after:
            return None  # "53.4% vs. 59.3% in 4Q17": the period written is the compared figure's, not this one's
    listed = listed or _own_change_period(s, v, after)
    if listed is None and before and after and _CLAUSE_PUNCT.search(s.probe, before[-1].end, v.start) \
            and not _OTHER_CLAUSE.search(s.probe[v.end : after[0].start]) and not _same_period(before[-1], after[0]):
        return None  # a period in an earlier clause and another in the figure's own clause: which one is not certain
    if listed is None and before and after and _two_quarters(before[-1], after[0]) \
            and not _CLAUSE_PUNCT.search(s.probe, v.end, after[0].start) and _from_to(s, v) is None:
        return None  # "the first-quarter revenue fell 3% to X in the June quarter": the text names two quarters for it
    if listed is None and "last year" in s.probe.lower() and _compared_last_year(s, v):
        base = ctx.title_period
        if base is None or base.type not in ("quarter", "half", "year"):
            return None  # "compared to 47% last year" with no reported period in the title: which year-earlier one is not certain
        return P.prior_year(base)  # in a quarterly story "last year" is the same quarter a year earlier
    mention = listed or (before[-1] if before else after[0] if after else carried)
    if joined and not _CLAUSE_PUNCT.search(s.probe, v.end, joined[0].start) \
            and (mention is None or mention.kind in ("year", "year_open")):
        return None  # "in 2022 with 3.6% growth and a strong third-quarter rebound": the year's figure is not certain
    if mention is None and _annual_clause(s, v):
        mention = _ANNUAL  # "the annual revenue was X" with no year written: the year the text is about
    if mention is None:
        return ctx.title_period
    if mention is carried and _annual_over_carried(s, v, mention):
        mention = PeriodMention(mention.start, mention.end, "year", mention.year)
    if mention.kind == "ytd":
        mention = _ytd_months(mention, carried)
        if mention is None:
            return None  # "so far this year" with no month named before it: up to when is not certain
    year = mention.year
    borrowed = False
    if year is None:
        sentence_years = [p.year for p in s.periods if p.year and p.kind == "year"]
        year = (sentence_years[-1] if sentence_years else None) or (para_years[0] if para_years else None)
        year = year or ctx.title_year
        borrowed = year is not None
    if year is None and mention.kind == "month_bare":
        return None  # "in June" with no year in the text: which June is not certain
    try:
        if year is None and ctx.published is not None:
            year = year_from_published(mention, ctx.published, estimate)
        if borrowed and ctx.published is not None and mention.kind in ("quarter", "half", "nine", "months", "month", "month_bare") \
                and year != year_from_published(mention, ctx.published, estimate) and year != ctx.title_year:
            return None  # the year came from another phrase and the publication date says otherwise
        return build_period(mention, year) if year is not None else None
    except (P.PeriodError, ValueError):
        return None


# ---------------------------------------------------------------- events

_ZH_DAY = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_EN_DAY = re.compile(rf"\b(?:{_MONTH_WORDS})\.?\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}\s+(?:{_MONTH_WORDS})\.?\s+\d{{4}}\b")


_AS_AT = re.compile(r"(?:截至|截止|截止到|至|ended|ending|as of|as at|through)\s*$", re.I)


def find_dates(probe: str) -> list[tuple[int, date]]:
    """Full dates in a sentence (2024年8月25日, 2024-05-28, Aug 25, 2024) with their offsets."""
    out: list[tuple[int, date]] = []
    for m in _ZH_DAY.finditer(probe):
        out.append((m.start(), _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _ISO_DAY.finditer(probe):
        out.append((m.start(), _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _EN_DAY.finditer(probe):
        try:
            out.append((m.start(), P.parse_english_date(m.group(0))))
        except (P.PeriodError, ValueError):
            continue
    return sorted((o, d) for o, d in out if d is not None and not _AS_AT.search(probe[max(0, o - 8) : o]))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def event_kind(lex: Lexicon, probe: str) -> str | None:
    """The event kind whose keyword comes first in the sentence (the lexicon's order breaks ties)."""
    best: tuple[int, int, str] | None = None
    for rank, (kind, words) in enumerate(lex.event_kinds.items()):
        m = lex.words(f"event:{kind}", words).search(probe)
        if m and (best is None or (m.start(), rank) < best[:2]):
            best = (m.start(), rank, kind)
    return best[2] if best else None


def _events(s: _Sentence, para: str, pi: int, ctx: ClaimContext, lex: Lexicon, result: ClaimResult,
            carried_entity: str | None) -> None:
    dates = find_dates(s.probe)
    if not dates:
        return
    kind = event_kind(lex, s.probe)
    if kind is None:
        return
    entity = s.entities[0].alias.key if s.entities else carried_entity
    if entity is None:
        return
    offset, when = dates[0]
    description = re.sub(r"\s+", " ", s.text.strip())[:200]
    snippet = make_snippet(para, s.offset, s.offset + len(s.text))
    if any(e.event_date == when and e.entity == entity and e.kind == kind for e in result.events):
        return
    result.events.append(Event(when, entity, kind, description, snippet))


# A range of two figures of one kind: "between 700 billion and 880 billion yuan", "700-880亿元", "10%至15%",
# "700 to 880 billion". A change ("from X to Y", "由X增长至Y", "增加200亿元至1511亿元") is not a range.
_RANGE_FIG = r"(?:rmb|cny|us\$|hk\$|\$|¥|人民币)?\s?\d[\d,]*(?:\.\d+)?\s*(?:trillion|billion|million|bn|万亿|亿|万)?"
_RANGE_PCT = r"\d+(?:\.\d+)?\s*%?"
_RANGE_UNIT = r"(?:\s*(?:yuan|rmb|元|%))?"
_RANGE_LINK = r"(?:[-–—~]|\s*(?:至|到)\s*)"  # a dash with spaces around it parts the items of a list
_RANGE_BEFORE = re.compile(
    rf"\bbetween\s+(?:{_RANGE_FIG}|{_RANGE_PCT}){_RANGE_UNIT}\s+and\s+$"
    rf"|(?<![\d.,])(?P<x>{_RANGE_FIG}{_RANGE_UNIT}|{_RANGE_PCT}){_RANGE_LINK}$"
    rf"|(?<![\d.,])(?P<bare>\d[\d,]*(?:\.\d+)?)\s+to\s+$",
    re.I,
)
# "1.6% in Q2, -1.1% in Q3": a minus sign after a list's comma starts an item, it links no range.
_LIST_MINUS = re.compile(r"[,，;；、]\s*[-–]$")
_RANGE_AFTER = re.compile(rf"^{_RANGE_UNIT}(?:\s+and|{_RANGE_LINK})\s*(?:{_RANGE_FIG}|{_RANGE_PCT})", re.I)
_RANGE_NEXT = re.compile(rf"{_RANGE_LINK}(?!(?:19|20)\d\d(?![\d.,%亿万]|\s*(?:trillion|billion|million|bn|yuan|元))|\d+\s*年)(?P<y>{_RANGE_FIG}{_RANGE_UNIT}|{_RANGE_PCT})", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)
_RANGE_FROM_BEFORE = re.compile(r"(?:\bfrom|\bby|由|从)\s*$", re.I)
_RANGE_CHANGE_BEFORE = re.compile(r"(?:\bfrom|\bby|由|从|增长|增加|减少|下降|上升|提升|上涨|下跌|降低|\brose|\bfell|\bgrew|"
                                  r"\bincreased|\bdecreased|\bdeclined|\bjumped|\bdropped|\bup|\bdown)\s*(?:了)?\s*$", re.I)


def _bare_not_range_end(before: str, start: int, x_text: str) -> bool:
    """Whether a bare number before 'to' is a period code's digit (Q4, H1) or ends a clause with a comma."""
    return x_text.endswith(",") or (start > 0 and before[start - 1].isalpha())


def _in_range(probe: str, v: Value) -> bool:
    """Whether a figure is one end of a range of two figures of its kind (no verb or 'from' making it a change)."""
    if v.kind not in ("money", "count", "pct"):
        return False
    cut = v.start + 1 if v.signed and probe[v.start : v.start + 1] in ("-", "–") else v.start  # "10%-15%"
    before = probe[max(0, cut - 48) : cut]
    if cut > v.start and _LIST_MINUS.search(before):
        return False
    m = _RANGE_BEFORE.search(before)
    if m is not None:
        if not (m.group("x") or m.group("bare")):
            return True
        x_text = (m.group("x") or m.group("bare")).strip()
        if m.group("bare") and _bare_not_range_end(before, m.start("bare"), x_text):
            return False  # "grew 8% in Q4 to", "in 2021, to": a period code or a clause end before "to"
        if re.fullmatch(r"(?:19|20)\d\d", x_text):
            return False  # a year before "to" or a dash ("in 2018 to ...", "2021-"), not a figure
        if ("%" in x_text) != (v.kind == "pct") and not re.fullmatch(r"[\d,.]+", x_text):
            return False  # "增长13%至1511亿元": a growth and a level, not two ends of one range
        x_start = m.start("x") if m.group("x") else m.start("bare")
        change = _RANGE_FROM_BEFORE if v.kind == "pct" else _RANGE_CHANGE_BEFORE  # "增长10%-15%" is a range of growth
        return not change.search(before[:x_start])
    if _BETWEEN_BEFORE.search(before):
        return bool(_RANGE_AFTER.match(probe[v.end : v.end + 40]))
    other = _RANGE_NEXT.match(probe, v.end)
    if other is None or ("%" in other.group("y")) != (v.kind == "pct"):
        return False
    change = _RANGE_FROM_BEFORE if v.kind == "pct" else _RANGE_CHANGE_BEFORE
    return not change.search(before)


def _metric_part_before(lex: Lexicon, s: _Sentence, metric_term: Term | None) -> str | None:
    """A part word right before a metric outside a known segment ("brand GMV", "自营收入", "domestic revenue"), or None."""
    if metric_term is None or any(t.start < metric_term.start < t.end or t.end == metric_term.start for t in s.segments):
        return None
    if _regional_games(s, metric_term) is not None:
        return None
    head = s.probe[max(0, metric_term.start - 24) : metric_term.start]
    found = [m for m in lex.words("guard_metric_part", lex.guards.get("metric_part", [])).finditer(head)
             if re.fullmatch(r"\s*的?\s*", head[m.end() :])]
    return found[-1].group(0).strip() if found else None


def _opening_metric_part(lex: Lexicon, s: _Sentence, metric_term: Term | None, v: Value) -> str | None:
    """The part word before a sentence's first metric when the figure's metric comes later with no entity or segment
    named between ("本地生活收入同比增长20%,GMV环比增长26%": the GMV is local services' too), else None."""
    if metric_term is None or not s.metrics or s.metrics[0].start >= metric_term.start or metric_term.end > v.start:
        return None
    first = s.metrics[0]
    if any(first.start <= t.start < v.start for t in s.entities + s.segments):
        return None
    if _WHOLE_BEFORE.search(s.probe, max(0, metric_term.start - 10), metric_term.start) \
            or _WHOLE_BEFORE.match(metric_term.alias.text + " "):
        return None  # "品牌GMV增长30%,总GMV增长14%": the later metric is said of the whole
    return _metric_part_before(lex, s, first)


_WHOLE_BEFORE = re.compile(r"(?:总|整体|全部|合计|\btotal|\boverall|\bwhole)\s*的?\s*$|^(?:总|total\s|overall\s)", re.I)


_USER_METRICS = frozenset({"mau", "dau", "user_time_spent"})


def data_firm(lex: Lexicon, text: str | None) -> str | None:
    """The data firm a text names (MoonFox, QuestMobile, 极光 ...), or None."""
    if not text:
        return None
    found = lex.words("guard_data_firm", lex.guards.get("data_firm", [])).search(matching_text(text))
    return found.group(0).strip() if found else None


def other_owner(lex: Lexicon, s: _Sentence, entity_term: Term | None, v: Value) -> str | None:
    """Why the figure is another owner's: a product opening at the subject or another company named before it."""
    if entity_term is not None:
        for name in ("tencent_product", "other_company"):
            own = lex.words(f"guard_{name}", lex.guards.get(name, [])).match(s.probe, entity_term.start)
            if own and own.end() > entity_term.end and not s.probe.startswith("号", own.end()):
                return f"the subject named is {own.group(0)}, not the entity it begins with"
    start = entity_term.end if entity_term is not None else 0
    probe = _mask_figureless_asides(s.probe)
    for t in s.entities:
        if (described := _NAME_DESCRIBED.match(probe, t.end)) is not None:
            probe = probe[: t.end] + " " * len(described.group(0)) + probe[described.end() :]
    other = lex.words("guard_other_company", lex.guards.get("other_company", [])).search(probe, start, v.start)
    return f"another company ({other.group(0)}) is named before the figure" if other else None


# ", the Chinese version of the ByteDance-owned TikTok video app,": a description of the name before it.
_NAME_DESCRIBED = re.compile(r",\s*(?:the|a|an)\s+[^,;:.\d]{3,90}?,", re.I)


def _user_figure_firm(lex: Lexicon, s: _Sentence, metric: str, ctx: ClaimContext) -> str | None:
    """The data firm a user count or time figure is measured by (named in its sentence or the text's title)."""
    if metric not in _USER_METRICS:
        return None
    return data_firm(lex, s.probe) or ctx.measured_by


# A sentence whose subject is a pronoun or "the platform" (after an opening phrase such as "In 2019,"), naming no
# entity before it: "Its gross merchandise value ...", "In 2019, the platform had ...", "其GMV ...".
_PRONOUN_SUBJECT = re.compile(
    r"^\s*(?:[^,，;；]{0,30}[,，]\s*)?(?:(?:in|during|for)\s+(?:q[1-4]\s+)?\d{4}\s+)?(?:(?:its|their)\b|the\s+(?:platform|company|firm|group)\b|"
    r"该(?:平台|公司|集团)|其(?![中他它余实次])|它)",
    re.I,
)
_SUBJECT_LEAD = re.compile(r"^\s*(?:[^-–:：,，]{0,30}\s[-–:：]\s+|[-–•*]\s*)?(?:(?:in|for|during)\s+(?:q[1-4]\s+)?\d{4}\s+)?"
                           r"(?:(?:the|china's|chinese|[\d\s年月季度]+)\s*)?$", re.I)


def _pronoun_subject(s: _Sentence) -> bool:
    """Whether a sentence opens with a pronoun subject ("Its ...", "the platform ...", "其") and names no entity
    before it."""
    m = _PRONOUN_SUBJECT.match(s.probe)
    return m is not None and not any(t.start < m.end() for t in s.entities)


def _sentence_subject(lex: Lexicon, s: _Sentence) -> str | None:
    """The entity a sentence opens with as its subject (after an opening phrase such as "In 2020,"), else None."""
    topics = _topic_entities(lex, s)
    opening = [t for t in topics if _SUBJECT_LEAD.match(s.probe[_clause_start(s.probe, t.start) : t.start])]
    if not opening or opening[0] is not topics[0] or _clause_start(s.probe, topics[0].start) > _first_clause_end(s.probe):
        return None
    if any(t.alias.key != topics[0].alias.key for t in opening[1:]):
        return None  # another clause opens with another subject ("市场规模扩大,快手是其中之一"): not certain
    return topics[0].alias.key


def _first_clause_end(probe: str) -> int:
    """Where the clause after a sentence's opening phrase ends (its second comma), or the sentence's end."""
    commas = [m.start() for m in _CLAUSE_PUNCT.finditer(probe)]
    return commas[1] if len(commas) > 1 else len(probe)


# A capitalised name right before a market's metric ("Shopee Live GMV"): a platform the lexicon does not know.
_NAME_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})\s*$")
_NOT_A_NAME = frozenset({"China", "Chinese", "The", "In", "For", "Its", "Their", "Total", "Overall", "Annual", "Gross",
                         "Online", "Offline", "Market", "Industry", "National", "Domestic", "Global", "According"})


# "NetEase posted revenue of ...", "Meanwhile, rival JD.com said its revenue ...": another company opens the sentence.
_NAMED_SUBJECT = re.compile(r"^\W*(?:(?:Meanwhile|Separately|Elsewhere|However|By\s+contrast|In\s+comparison|Similarly|"
                            r"Likewise),?\s+)?(?:(?:rival|peer|competitor|smaller\s+rival)\s+)?"
                            r"(?P<name>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3})\s+(?:also\s+)?(?:posted|reported|said|"
                            r"saw|recorded|booked|generated|earned|announced|delivered|logged|had|made|reaped)\b")
_PEOPLE_WORDS = frozenset({"Management", "Analysts", "Executives", "Investors", "Officials", "Chairman", "CEO",
                           "President", "Company", "Spokesperson", "It", "He", "She", "They", "We", "This", "That"})


def _unknown_subject(s: _Sentence, v: Value) -> str | None:
    """A capitalised name no term covers that opens the sentence before a reporting verb, before the figure, or None."""
    m = _NAMED_SUBJECT.match(s.probe, 0, v.start)
    if m is None or m.group("name").split()[0] in _NOT_A_NAME | _PEOPLE_WORDS:
        return None
    a, b = m.span("name")
    if any(t.start < b and a < t.end for t in s.entities + s.metrics + s.segments):
        return None
    return m.group("name")


def _unknown_name_before(s: _Sentence, metric_term: Term | None) -> str | None:
    """A capitalised name no term covers, written right before the metric ("Shopee Live GMV"), or None."""
    if metric_term is None:
        return None
    head_from = max(0, metric_term.start - 40)
    m = _NAME_BEFORE.search(s.probe[head_from : metric_term.start])
    if m is None or m.group(1).split()[0] in _NOT_A_NAME:
        return None
    a, b = head_from + m.start(1), head_from + m.end(1)
    if any(t.start < b and a < t.end for t in s.entities + s.metrics + s.segments):
        return None
    if _OBJECT_OF.search(s.probe, max(0, a - 60), a):
        return None  # "monitored by the Ministry of Commerce sold ...": a name inside a phrase, not the subject
    return m.group(1)


# "live streaming for the FMCG market": lower-case words right before "for the" and a market name.
_ACTIVITY_FOR = re.compile(r"\b([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\s+for\s+the\s+$")


def _activity_for_market(lex: Lexicon, s: _Sentence, entity_term: Term | None, v: Value) -> str | None:
    """Words no term covers right before "for the <market>" that precedes the figure (an activity within the
    market, not the market), or None."""
    if entity_term is None or entity_term.end > v.start or " for the " not in s.probe \
            or lex.entity_kind.get(entity_term.alias.key) not in ("market", "channel"):
        return None
    m = _ACTIVITY_FOR.search(s.probe, max(0, entity_term.start - 40), entity_term.start)
    if m is None:
        return None
    a, b = m.span(1)
    if any(t.start < b and a < t.end for t in s.entities + s.metrics + s.segments):
        return None
    neutral = [*lex.growth_up, *lex.growth_down, *lex.share_words, *lex.guards.get("for_market_neutral", [])]
    if lex.words("guard_for_market_neutral", neutral).search(m.group(1)):
        return None  # "growth for the FMCG market", "data for the FMCG market": the market's own figure
    return m.group(1)


_OBJECT_OF = re.compile(r"\b(?:by|of|from|at|to|with|on|in)\s+(?:the\s+)?(?:[A-Z][\w&.-]*\s+){0,3}$")


# "cost of revenues", "收入成本", "revenue costs": the cost of earning the revenue, not the revenue.
_COST_BEFORE = re.compile(r"\b(?:cost|costs)\s+of\s+(?:the\s+|its\s+)?$", re.I)
_COST_AFTER = re.compile(r"\s*(?:的)?(?:成本|支出|\b(?:cost|costs)\b)", re.I)


def _cost_of_metric(s: _Sentence, metric_term: Term | None) -> str | None:
    """Why the metric is a cost named with it ("cost of revenues", "收入成本"), or None."""
    if metric_term is None:
        return None
    if _COST_BEFORE.search(s.probe, max(0, metric_term.start - 16), metric_term.start) \
            or _COST_AFTER.match(s.probe, metric_term.end):
        return f"a cost of the metric is named with it ({s.probe[metric_term.start : metric_term.end]} cost), not the metric"
    return None


# A sentence that opens with a Chinese name and its metric (本地生活收入增长..., 某品类GMV...): the name is its subject.
_ZH_OPENING_NAME = re.compile(r"[\u4e00-\u9fff]{2,8}")
_NOT_A_SUBJECT_ZH = re.compile(r"据|显示|数据|表示|指出|报告|统计|其中|当中|同期|今年|去年|全年|本季|当季|此外|另外|同时|总体|整体|合计|累计|市场|行业|全国")


def _unknown_zh_subject(s: _Sentence) -> str | None:
    """Why a carried market or channel is not the subject: the sentence opens with a name the lexicon does not know
    right before its first metric ("本地生活收入增长2.5倍,GMV环比增长26%"), or None."""
    if not s.metrics or s.entities or s.segments:
        return None
    first = s.metrics[0]
    masked = _mask_spans(s.probe[: first.start], [(p.start, p.end) for p in s.periods if p.end <= first.start])
    head = masked.split("\x00")[-1].strip(" -–•*:：;；,，[]0123456789")
    if not _ZH_OPENING_NAME.fullmatch(head) or _NOT_A_SUBJECT_ZH.search(head):
        return None
    return f"the sentence opens with a subject the lexicon does not know ({head})"


# ---------------------------------------------------------------- wholes, owners and categories named beside a figure

# "almost 9% of the total e-commerce sales in China the same year ($723 billion)": the amount of the share's whole.
_WHOLE_OF_SHARE = re.compile(r"^\s*of\s+(?:the\s+|all\s+)?[^,;:()\d%]{1,80}?(?:\(\s*|\s(?:of|at|worth|valued\s+at|totall?ing|"
                             r"amounting\s+to)\s+)(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|some\s+|over\s+|"
                             r"more\s+than\s+)?(?:RMB|CNY|US\$|HK\$|HKD|USD|\$|¥|￥)?\s*$", re.I)


def whole_of_share_amount(s: _Sentence, v: Value, prev_end: int, window: str) -> bool:
    """Whether an amount is written right after "N% of <a whole>" as that whole's size, not the subject's."""
    if v.kind != "money" or not window.lstrip().lower().startswith("of"):
        return False
    share = [w for w in s.values if w.end == prev_end and w.kind == "pct"]
    return bool(share) and _WHOLE_OF_SHARE.match(window) is not None


# "Online sales of tourism products", "online retail sales of farm products": the sales of a category, a part.
_CATEGORY_AFTER = re.compile(r"\s+of\s+(?!(?:physical|consumer|social|the|its|their|our|all|total)\b)"
                             r"(?:[a-z][a-z&-]*\s+(?:and\s+)?){1,3}(?:products|goods|items|commodities)\b", re.I)


def category_after_metric(s: _Sentence, metric_term: Term | None, entity_term: Term | None) -> str | None:
    """The category a metric or market names right after it ("sales of tourism products"), or None."""
    for term in (metric_term, entity_term):
        if term is None or " of " not in s.probe[term.end : term.end + 5]:
            continue
        m = _CATEGORY_AFTER.match(s.probe, term.end)
        if m and not any(t.start < m.end() and m.start() < t.end for t in s.entities + s.segments):
            return m.group(0).strip()
    return None


# The subject of a sentence quoting a market's figure: its source ("MOFCOM data cites", "figures show").
_SOURCE_SUBJECT = re.compile(r"\b(?:data|figures|statistics|numbers|reports?|survey|ministry|bureau)\b", re.I)
_SELLER_SUBJECT = re.compile(r"\b(?:platforms?|company|companies|firms?|group|sellers?|merchants?|stores?|shops?|brands?|"
                             r"streamers?|apps?)\b", re.I)


def entity_named_after(s: _Sentence, metric_term: Term | None, v: Value) -> Term | None:
    """The market whose own words name the metric written after a figure in its clause ("¥7.1 trillion in online
    retail sales"), when no entity is named before the figure; else None."""
    if metric_term is None or metric_term.start < v.end or any(t.end <= v.start for t in s.entities):
        return None
    for term in s.entities:
        if term.alias.metric and term.start <= metric_term.start and metric_term.end <= term.end \
                and not _CLAUSE_PUNCT.search(s.probe, v.end, term.start):
            return term
    return None


def quoted_by_source(s: _Sentence, v: Value) -> bool:
    """Whether the words before a figure make its source the subject ("MOFCOM data cites ...") and name no seller
    ("the platforms handled ... in online retail sales": a seller's share, not the market)."""
    head = s.probe[: v.start]
    return bool(s.publisher or _SOURCE_SUBJECT.search(head)) and not _NAMED_OWNER.search(head) \
        and not _SELLER_SUBJECT.search(head)


# "during Alibaba's Singles' Day", "Taobao's top streamer": a sentence naming its own owner, not a carried subject.
_NAMED_OWNER = re.compile(r"\b(?!(?:China|Chinese|The|Its|This|That|Today|Yesterday|Tomorrow|Last|Next|Company|Group)['’])"
                          r"[A-Z][A-Za-z0-9&.-]+['’]s\b")


def own_owner_named(lex: Lexicon, s: _Sentence, v: Value) -> str | None:
    """The owner or shopping event a sentence names before a figure that takes a subject carried from before
    ("Alibaba's", "Singles' Day"), or None."""
    head = s.probe[: v.start]
    event = lex.words("guard_own_event", lex.guards.get("own_event", [])).search(head)
    if event:
        return event.group(0).strip()
    if "'" not in head and "’" not in head:
        return None
    for m in _NAMED_OWNER.finditer(head):
        if not any(t.start < m.end() and m.start() < t.end for t in s.entities + s.segments + s.metrics):
            return m.group(0)
    return None


# "19/1 2024 13:45", "2024-01-19", "2024年1月19日 10:30": a page's date on a line of its own.
_DATE_ONLY = re.compile(r"\d{1,4}\s*[/.\-年]\s*\d{1,2}(?:\s*[/.\-月]\s*\d{1,4}|\s+\d{4})?\s*[日号]?"
                        r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")


def is_date_only(para: str) -> bool:
    """Whether a line is only a date (and a time): the page's date, not a heading naming a period."""
    return _DATE_ONLY.fullmatch(matching_text(para).strip()) is not None


# "Kuaishou (Kwai) and ByteDance's Douyin (TikTok)": asides and an owner's possessive between listed entities.
_LIST_ASIDE = re.compile(r"\s*[(（][^()（）]{1,30}[)）]")
_LIST_OWNER = re.compile(r"\s*[A-Z][A-Za-z0-9&.-]*['’]s\s*$")


def enumerated_with_asides(s: _Sentence, topics: list[Term]) -> bool:
    """Whether a sentence's last entity closes a list whose items carry bracketed asides or an owner's possessive, so
    that none of them is the subject later sentences go on with."""
    last = topics[-1]
    earlier = [t for t in topics[:-1] if t.alias.key != last.alias.key and t.end <= last.start]
    if not earlier:
        return False
    gap = _LIST_ASIDE.sub("", s.probe[earlier[-1].end : last.start])
    gap = _LIST_OWNER.sub(" ", gap)
    return _ENUMERATION_GAP.fullmatch(gap) is not None
