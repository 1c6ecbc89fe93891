"""Tencent's English results press release in every rendering: PR Newswire HTML, IR PDF, text reprints."""

from __future__ import annotations

import re
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
    make_snippet,
)
from transforms.normalise.markup import Element, descendants, find_previous, node_text
from transforms.normalise.numbers import NumberFormatError, parse_money, parse_number
from transforms.normalise.periods import (
    PeriodError,
    from_release_code,
    half,
    parse_english_date,
    prior_quarter,
    prior_year,
    quarter,
    quarter_ending,
    span_ending,
    year,
)
from transforms.normalise.text import cell_span, fold
from transforms.normalise.vocabulary import basis_for, segment_for
from transforms.parse import Parser
from transforms.parse.document import Document
from transforms.parse.release_text import BULLET, clean_release_text, written_form, written_snippet

KIND = "results_release_en"
VERSION = "6"

# ---------------------------------------------------------------- recognising the document

TITLE_RE = re.compile(r"tencent\s+announces\s+(?:its\s+)?(?P<year>\d{4})\s+(?P<what>[a-z ,\-]{0,60}?)\s*results\b", re.I)
NOTICE_RE = re.compile(
    r"results\s+announcement\s+date|date\s+of\s+(?:the\s+)?board\s+meeting|will\s+(?:announce|release)\b[^.]{0,80}\bresults",
    re.I,
)
NOTICE_TITLE_RE = re.compile(r"tencent[\w .,]{0,40}\d{4}[\w ,]{0,60}results\s+announcement\s+date", re.I)
DATELINE_RE = re.compile(
    r"(?:hong\s*kong|shenzhen(?:\s*,\s*china)?)\s*,\s*(?P<date>[A-Za-z]{3,9}\.?\s*\d{1,2}\s*,\s*\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\s*,?\s*\d{4})"
    r"\s*(?:/\s*PRNewswire\s*/)?\s*(?:--|[-–—?])",
    re.I,
)
ANNOUNCED_RE = re.compile(r"tencent\s+holdings\s+limited.{0,400}?announced\s+the\s+(?:unaudited|audited)", re.I | re.S)
SPUN_RE = re.compile(
    r"\bfairness\s+holders\b|\bworking\s+(?:revenue|revenues|profit|earnings)\b|\bof\s+the\s+Firm\b|\bthe\s+Firm\s+(?:today|introduced)",
)
STANDARD_LABEL_RE = re.compile(r"\brevenues?\b.{0,400}|\bequity\s+holders\b", re.I | re.S)
CODE_RE = re.compile(r"\(\s*\"?\s*((?:[1-4]Q|[12]H|FY|9M)\d{4})\s*\"?\s*\)")
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def sniff(doc: Document) -> bool:
    """True for a Tencent English results release, or one of its decoys (notices, spun copies)."""
    head = fold(doc.text[:4000])
    titles = len(TITLE_RE.findall(head)) + len(NOTICE_TITLE_RE.findall(head))
    if titles >= 3:
        return False  # a listing of releases, not a release
    if titles:
        return True
    if SPUN_RE.search(head) and re.search(r"\bTencent\b", head):
        return True  # a synonym-spun copy of a release: read here to be refused with its reason
    return bool(DATELINE_RE.search(head) and ANNOUNCED_RE.search(head))


def reject_decoy(text: str) -> None:
    """Raise DecoyDocument for a results date notice or a synonym-spun copy."""
    head = text[:3000]
    if NOTICE_TITLE_RE.search(head) or (NOTICE_RE.search(head) and not CODE_RE.search(head)):
        raise DecoyDocument("results announcement date notice, not a results release")
    spun = SPUN_RE.search(text)
    if spun:
        raise DecoyDocument(f"synonym-spun copy (label {spun.group(0)!r} instead of the release's own)")
    if re.search(r"RMB\s*\d", text) and not STANDARD_LABEL_RE.search(text):
        raise DecoyDocument("amounts without the standard release labels (revenues, equity holders): not a faithful copy")


# ---------------------------------------------------------------- context: periods and sections


@dataclass(slots=True)
class Heading:
    """A line that opens a section for one period (`1Q2024 Key Highlights`, `4Q2023 Management Discussion`)."""

    start: int
    end: int
    period: Period
    highlights: bool


@dataclass(slots=True)
class Context:
    """What the whole release tells every extractor: text, period codes, headings, the quarter."""

    text: str
    codes: dict[str, Period] = field(default_factory=dict)
    quarter: Period | None = None
    headings: list[Heading] = field(default_factory=list)


HEADING_RE = re.compile(
    r"^[ \t]*(?:" + BULLET + r"[ \t]*)?(?P<code>(?:[1-4]Q|[12]H|FY|9M)\d{4})\b(?P<rest>[^\n]{0,80})$",
    re.M,
)
HIGHLIGHTS_RE = re.compile(r"^\s*(?:key\s+|financial\s+)?highlights\b", re.I)
BLOCK_END_RE = re.compile(
    r"^[ \t]*(?:Mr\.|Operating Information|About Tencent|Management Discussion|Non-IFRS Financial Measures|"
    r"Forward-Looking|Safe Harbor|Other Highlights|Strategic Highlights|Business Review)",
    re.M | re.I,
)


def period_codes(text: str) -> dict[str, Period]:
    """Period codes the first paragraph defines in quotes: ("1Q2024"), ("4Q2023") and ("FY2023")."""
    dateline = DATELINE_RE.search(text)
    start = dateline.start() if dateline else 0
    para = text[start : start + 1500]
    codes: dict[str, Period] = {}
    for m in CODE_RE.finditer(para):
        code = m.group(1).upper()
        try:
            codes[code] = from_release_code(code)
        except PeriodError:
            continue
    return codes


def title_period(text: str) -> Period | None:
    """The quarter a release title names (`Tencent Announces 2024 First Quarter Results`)."""
    m = TITLE_RE.search(text[:3000])
    if not m:
        return None
    words = m.group("what").lower()
    for word, q in _QUARTER_WORDS.items():
        if re.search(rf"\b{word}\s+quarter\b", words):
            return quarter(int(m.group("year")), q)
    return None


def release_date(text: str) -> date | None:
    """The date in the dateline (`HONG KONG, March 20, 2024 /PRNewswire/ --`)."""
    m = DATELINE_RE.search(text[:5000])
    if not m:
        return None
    try:
        return parse_english_date(m.group("date").replace(",", ", "))
    except PeriodError:
        return None


def find_headings(text: str, codes: dict[str, Period]) -> list[Heading]:
    """Section headings led by a period code; only codes the release defines (or well-formed ones) count."""
    out = []
    for m in HEADING_RE.finditer(text):
        code = m.group("code").upper()
        rest = m.group("rest")
        if rest.strip().startswith((")", '"', ",")) or "RMB" in rest or "%" in rest:
            continue
        try:
            period = codes.get(code) or from_release_code(code)
        except PeriodError:
            continue
        out.append(Heading(m.start(), m.end(), period, bool(HIGHLIGHTS_RE.match(rest))))
    for m in WORDED_HIGHLIGHTS_RE.finditer(text):
        y = int(m.group("yq") or m.group("yh") or m.group("yy"))
        p = quarter(y, _QUARTER_WORDS[m.group("q").lower()]) if m.group("q") else half(y, 1) if m.group("yh") else year(y)
        out.append(Heading(m.start(), m.end(), p, True))
    for m in WORDED_QUARTER_HEADING_RE.finditer(text):
        out.append(Heading(m.start(), m.end(), quarter(int(m.group("y")), _QUARTER_WORDS[m.group("q").lower()]), False))
    for m in WORDED_YEAR_HEADING_RE.finditer(text):
        out.append(Heading(m.start(), m.end(), year(int(m.group("y"))), False))
    return sorted(out, key=lambda h: h.start)


# Older releases: `Highlights of the first quarter of 2013:`, `Highlights of 2013 full year:`, `Highlights of the
# First Half of 2012:`.
WORDED_HIGHLIGHTS_RE = re.compile(
    r"^[ \t]*Highlights\s+of\s+(?:the\s+)?(?:(?P<q>first|second|third|fourth)\s+quarter\s+(?:of\s+)?(?P<yq>(?:19|20)\d\d)|"
    r"first\s+half(?:\s+year)?\s+(?:of\s+)?(?P<yh>(?:19|20)\d\d)|"
    r"(?:year\s+)?(?P<yy>(?:19|20)\d\d)(?:\s+(?:full\s+year|annual))?)\s*:?[ \t]*$",
    re.I | re.M,
)
WORDED_QUARTER_HEADING_RE = re.compile(
    r"^[ \t]*(?P<q>first|second|third|fourth)\s+quarter\s+(?:of\s+)?(?P<y>20\d\d)\b[^\n.]{0,60}$", re.I | re.M
)
WORDED_YEAR_HEADING_RE = re.compile(
    r"^[ \t]*(?:the\s+)?year\s+ended\s+(?:\d{1,2}\s+)?december\s+(?:31\s*,\s*)?(?P<y>20\d\d)\b[^\n.]{0,60}$", re.I | re.M
)


def build_context(text: str) -> Context:
    """Read period codes, the release's quarter and its section headings."""
    codes = period_codes(text)
    quarters = [p for p in codes.values() if p.type == "quarter"]
    q = quarters[0] if quarters else title_period(text)
    return Context(text=text, codes=codes, quarter=q, headings=find_headings(text, codes))


YEAR_IN_SENTENCE = re.compile(r"\b(?:in|for|during|throughout)\s+(?:the\s+(?:full\s+)?year\s+(?:of\s+)?)?(20\d\d)\b", re.I)
QUARTER_IN_SENTENCE = re.compile(r"\b(?:for|in|during)\s+(?:the|this)\s+(?:first\s+|second\s+|third\s+|fourth\s+)?quarter\b", re.I)
FULL_YEAR_IN_SENTENCE = re.compile(r"\b(?:for|in|during)\s+the\s+(?:full\s+)?year\b", re.I)


def period_at(ctx: Context, offset: int, sentence: str, *, in_section: bool = False) -> Period | None:
    """The period a figure at `offset` belongs to: the sentence first, then its section, else None.

    With `in_section`, a heading only counts when no block end (a quote, `About Tencent`) lies between.
    """
    years = {p.start.year for c, p in ctx.codes.items() if p.type == "year"}
    m = YEAR_IN_SENTENCE.search(sentence)
    if m and int(m.group(1)) in years:
        return year(int(m.group(1)))
    if QUARTER_IN_SENTENCE.search(sentence) and ctx.quarter is not None:
        return ctx.quarter
    if FULL_YEAR_IN_SENTENCE.search(sentence) and len(years) == 1:
        return year(years.pop())
    before = [h for h in ctx.headings if h.start <= offset]
    if before and not (in_section and BLOCK_END_RE.search(ctx.text, before[-1].end, offset)):
        return before[-1].period
    if len(ctx.codes) == 1:
        return next(iter(ctx.codes.values()))
    if not ctx.codes and ctx.quarter is not None:
        return ctx.quarter
    return None


# ---------------------------------------------------------------- shared pieces of extraction

AMOUNT = r"RMB\s*\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s*(?:trillion|billion|million|bn|mn)\b)?"
AMOUNT_RE = re.compile(AMOUNT)
PCT = r"(\d+(?:\.\d+)?)%"
GROWTH_RE = re.compile(
    r"an?\s+(?P<d1>increase|decrease|growth|decline|rise|drop)\s+of\s+" + PCT.replace("(", "(?P<p1>", 1)
    + r"|\b(?P<d2>up|down)\s+(?:by\s+)?" + PCT.replace("(", "(?P<p2>", 1)
    + r"|\b(?P<d3>increased|decreased|grew|declined|rose|fell|dropped)\s+(?:by\s+)?" + PCT.replace("(", "(?P<p3>", 1)
    + r"|(?P<p4>[+\-−]\d+(?:\.\d+)?)%\s*(?:YoY|year-on-year|QoQ|quarter-on-quarter)"
    + r"|\brepresenting\s+an?\s+" + PCT.replace("(", "(?P<p5>", 1) + r"\s+(?:YoY\s+|year-on-year\s+)?(?P<d5>increase|decrease|growth|decline)",
    re.I,
)
_NEGATIVE = {"decrease", "decline", "drop", "down", "decreased", "declined", "fell", "dropped"}
SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z" + BULLET + r"])|(?<=[a-z)])\.(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Growth:
    """A stated growth rate: value in percent, YoY or QoQ, and where it is written."""

    value: float
    measure: str
    text: str
    start: int
    end: int


def read_growth(text: str, start: int, end: int) -> Growth | None:
    """The first stated growth in text[start:end] (`an increase of 26%`, `down 7%`, `-2% YoY`)."""
    m = GROWTH_RE.search(text, start, end)
    if not m:
        return None
    for i in range(1, 6):
        if m.group(f"p{i}"):
            raw = m.group(f"p{i}").replace("−", "-")
            direction = (m.groupdict().get(f"d{i}") or "").lower()
            break
    value = float(raw)
    if direction in _NEGATIVE:
        value = -abs(value)
    clause_end = _clause_end(text, m.end(), end)
    after = text[m.end() : clause_end]
    tag = re.search(r"\b(?:YoY|year-on-year|QoQ|quarter-on-quarter)\b", m.group(0) + after, re.I)
    if tag:
        measure = "qoq_pct" if tag.group(0).lower() in ("qoq", "quarter-on-quarter") else "yoy_pct"
    else:
        compared = COMPARED_QUARTER_RE.match(after)
        measure = "compared" if compared else "yoy_pct"
        if compared:
            return Growth(value, f"vs {compared.group('q').lower()} {compared.group('y')}", m.group(0).strip(),
                          m.start(), m.end())
    return Growth(value, measure, m.group(0).strip(), m.start(), m.end())


# `an increase of 11.5% over the fourth quarter of 2012` without a YoY/QoQ tag: the quarter compared decides.
COMPARED_QUARTER_RE = re.compile(
    r"\s*(?:over|from|compared\s+(?:with|to))\s+the\s+(?P<q>first|second|third|fourth)\s+quarter\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"\s+or\s+|[,;]|\.(?:\s|$)|\s+(?:an?\s+)?(?:increase|decrease|up|down)\b", re.I)


def _clause_end(text: str, start: int, end: int) -> int:
    """Where the clause of a growth figure ends: the next `or`, comma, sentence end or growth word (60 chars at most)."""
    limit = min(end, start + 60)
    m = _CLAUSE_BREAK.search(text, start, limit)
    return m.start() if m else limit


def growth_measure(growth: Growth, period: Period) -> str | None:
    """yoy_pct or qoq_pct of a growth; a comparison with a named quarter is placed against the figure's period."""
    if not growth.measure.startswith("vs "):
        return growth.measure
    _, word, y = growth.measure.split()
    named = quarter(int(y), _QUARTER_WORDS[word])
    if period.type != "quarter":
        return None
    if named.label == prior_year(period).label:
        return "yoy_pct"
    if named.label == prior_quarter(period).label:
        return "qoq_pct"
    return None


def read_growths(text: str, start: int, end: int) -> list[Growth]:
    """The first stated YoY and the first stated QoQ growth in text[start:end]."""
    out: list[Growth] = []
    pos = start
    while pos < end:
        g = read_growth(text, pos, end)
        if g is None:
            break
        if all(o.measure != g.measure for o in out):
            out.append(g)
        pos = g.end
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences in text[start:end]."""
    spans, cur = [], start
    for m in SENTENCE_END.finditer(text, start, end):
        spans.append((cur, m.start()))
        cur = m.end()
    spans.append((cur, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


class Collector:
    """Facts and held values of one release, with snippets cut from the cleaned text.

    `original` is the document's own text: a figure the cleaned (folded) text changed is reported as written there.
    """

    def __init__(self, text: str, original: str = "") -> None:
        self.text = text
        self.original = original
        self.facts: list[Fact] = []
        self.held: list[Held] = []
        self._seen: set[tuple] = set()

    def add(self, *, entity: str, metric: str, segment: str, basis: str, measure: str, period: Period,
            value: float, unit: str, reported: str, start: int, end: int, locator: str,
            qualifier: str = "eq", snippet: str | None = None) -> None:
        """Record one fact; the same key with the same value is kept once."""
        key = (entity, metric, segment, basis, measure, period.label, value, qualifier)
        if key in self._seen:
            return
        self._seen.add(key)
        reported = reported.replace("\n", " ")
        snip = snippet if snippet is not None else make_snippet(self.text, start, end)
        reported, snip = self._as_written(reported, snip, start, end)
        self.facts.append(
            Fact(entity, metric, segment, basis, measure, period, float(value), unit, reported, locator, snip, qualifier)
        )

    def _as_written(self, reported: str, snip: str, start: int, end: int) -> tuple[str, str]:
        """The figure and its snippet in the document's own characters when folding changed them."""
        if not self.original or reported in self.original:
            return reported, snip
        at = -1 if start >= 0 else _cell_at(snip, reported)
        if start >= 0:
            before, after = self.text[max(0, start - 200) : start], self.text[end : end + 200]
        else:  # a table cell: its row is the context, without the column separators
            before, after = (snip[:at], snip[at + len(reported) :]) if at >= 0 else ("", "")
            before, after = before.replace("|", ""), after.replace("|", "")
        found = written_form(self.original, reported, before, after)
        if found is None or _ascii_spaced(found[0]) == _ascii_spaced(reported):
            return reported, snip  # only wraps or stray ASCII spaces differ: the cleaned figure reads better
        written, a, b = found
        row = snip[:at] + written + snip[at + len(reported) :] if at >= 0 else ""
        return written, row if 0 < len(row) <= SNIPPET_MAX else written_snippet(self.original, a, b)

    def hold(self, reason: str, reported: str, locator: str) -> None:
        """Keep a value back with the reason it cannot be placed."""
        self.held.append(Held(reason, reported.replace("\n", " "), locator))


def _cell_at(row: str, cell: str) -> int:
    """Offset of a whole cell in a row snippet (`label | 1,202.5 | 8.2%`), or -1."""
    return ("| " + row + " |").find("| " + cell + " |")


_ASCII_SPACE = re.compile(r"[ \t\r\n]+")


def _ascii_spaced(text: str) -> str:
    """Text without ASCII spaces and line breaks (other spaces and zero-width characters kept)."""
    return _ASCII_SPACE.sub("", text)


def money(reported: str) -> tuple[float, str] | None:
    """Value in base units and unit of an RMB amount; None when it cannot be read."""
    try:
        amount = parse_money(reported)
    except NumberFormatError:
        return None
    return amount.value, amount.unit


SCALED_RE = re.compile(r"(?:trillion|billion|million|bn|mn)$", re.I)
TRANSLATION_RE = re.compile(r"\s*\(\s*USD\s*(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>million|billion)\b", re.I)
# RMB per USD a release's convenience translation may use: far from the 1e3-1e9 a wrong scale would give.
RATE_RANGE = (5.5, 8.5)


def level_money(text: str, reported: str, end: int) -> tuple[float, str] | None:
    """Value and unit of a level amount; one without a scale word takes its USD translation's scale if the rate fits."""
    if SCALED_RE.search(reported):
        return money(reported)
    m = TRANSLATION_RE.match(text, end)
    if m is None:
        return None
    try:
        rmb, usd = parse_number(reported[3:].strip()), parse_number(m.group("n"))
    except NumberFormatError:
        return None
    if usd <= 0 or not RATE_RANGE[0] <= rmb / usd <= RATE_RANGE[1]:
        return None
    scale = 1e9 if m.group("scale").lower() == "billion" else 1e6
    return float(round(rmb * scale)), "CNY"


# ---------------------------------------------------------------- highlights bullets

# Reprints glue words at markup boundaries: "On anIFRS basis:".
LEAD_NON_IFRS = re.compile(r"^on\s+an?\s*non-?\s?(?:ifrs|gaap)\s*basis", re.I)
LEAD_IFRS = re.compile(r"^on\s+an?\s*(?:ifrs|gaap)\s*basis", re.I)
BASIS_WORD = r"(?:(?P<basis>non-?\s?ifrs|non-?\s?gaap|ifrs|gaap)\s+)?"
_FOOTNOTE = r"(?:\(\d\))?"  # a footnote number glued to the label ("Non-GAAP operating profit(2) was")
VERB = r"\s+(?:was|were|amounted\s+to|reached|increased\s+by\s+[\d.]+%\s+(?:YoY\s+)?to|decreased\s+by\s+[\d.]+%\s+(?:YoY\s+)?to)\s+"
LEVEL_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (metric, re.compile(r"^(?:the\s+)?" + BASIS_WORD + label + _FOOTNOTE + VERB, re.I))
    for metric, label in (
        ("revenue", r"(?:total\s+)?revenues?"),
        ("gross_profit", r"gross\s+profit"),
        ("operating_profit", r"operating\s+profit"),
        ("profit_for_period", r"(?:net\s+)?profit\s+for\s+the\s+(?:period|quarter|year)"),
        ("profit_attributable", r"(?:net\s+)?profit\s+attributable\s+to\s+(?:the\s+)?equity\s+holders(?:\s+of\s+the\s+Company)?"
                                r"(?:\s*for\s+the\s+(?:period|quarter|year))?"),  # "Companyfor": glued at a bold edge
        ("total_cash", r"total\s+cash"),
    )
)
EPS_RE = re.compile(
    r"\b" + BASIS_WORD + r"(?P<kind>basic|diluted)(?:\s+and\s+(?P<kind2>diluted))?\s+(?:EPS|earnings\s+per\s+share)\s+(?:was|were)\s+"
    r"(?P<amt>RMB\s*\d+\.\d+)(?:\s+and\s+(?P<amt2>RMB\s*\d+\.\d+))?",
    re.I,
)
MARGIN_RE = re.compile(
    r"\b" + BASIS_WORD + r"(?P<kind>operating|net|gross)\s+margin\s+"
    r"(?P<phrase>(?:(?:slightly|marginally)\s+)?(?:increased|decreased|rose|fell|improved|declined|expanded|contracted)\s+to|"
    r"(?:was\s+|remained\s+)?(?:broadly\s+|largely\s+)?(?:stable|flat)\s+(?:(?:YoY|year-on-year)\s+)?at|was|stood\s+at)\s+"
    + PCT.replace("(", "(?P<p>", 1),
    re.I,
)
MARGIN_METRIC = {"operating": "operating_profit", "net": "profit_for_period", "gross": "gross_profit"}
# The earlier margin a change is measured from: `increased to 26% from 25% last year`, `was 38%, up from 37% last
# year`, `decreased to 56.1% from 56.6% last quarter`, `to 28% from 31% of the third quarter of 2013`.
PRIOR_MARGIN_RE = re.compile(
    r"(?P<updown>\s*,?\s*(?:up|down)\s+)?\s*from\s+" + PCT.replace("(", "(?P<p>", 1)
    + r"\s+(?:(?P<lastq>last\s+quarter|the\s+(?:previous|preceding)\s+quarter)|"
    r"(?:of|in|for)\s+the\s+(?P<q>first|second|third|fourth)\s+quarter\s+(?:of\s+)?(?P<qy>(?:19|20)\d\d)|"
    r"last\s+year|a\s+year\s+(?:ago|earlier)|in\s+the\s+same\s+(?:period|quarter)\s+(?:of\s+)?last\s+year|"
    r"(?:in|for)\s+(?:the\s+)?(?:same\s+(?:period|quarter)\s+(?:of\s+)?)?(?P<year>(?:19|20)\d\d)|"
    r"(?:in|for)\s+the\s+first\s+half\s+of\s+(?P<hy>(?:19|20)\d\d))\b",
    re.I,
)
CHANGE_PHRASE_RE = re.compile(
    r"(?:(?:slightly|marginally)\s+)?(?:increased|decreased|rose|fell|improved|declined|expanded|contracted)\s+to", re.I
)


@dataclass(slots=True)
class Pending:
    """A figure whose basis waits for the whole block to be read (a lead-in line may be missing)."""

    kwargs: dict
    basis_word: str | None
    mode: str | None
    after_non_ifrs_label: bool = False


def _explicit_basis(word: str | None) -> str | None:
    if not word:
        return None
    return "non_ifrs" if word.lower().startswith("non") else "ifrs"


def highlight_blocks(ctx: Context) -> list[tuple[int, int, Period]]:
    """Spans of the highlights sections and the period each one reports."""
    text = ctx.text
    blocks = []
    heads = ctx.headings
    for i, h in enumerate(heads):
        if not h.highlights:
            continue
        end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        stop = BLOCK_END_RE.search(text, h.end, end)
        blocks.append((h.end, stop.start() if stop else end, h.period))
    return blocks


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the lines in text[start:end]."""
    out, pos = [], start
    for line in text[start:end].split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


SUMMARY_LINE_RE = re.compile(r"^(?:total\s+)?revenues?\s*:\s*[+\-−]?\d", re.I)
SUMMARY_ITEM_RE = re.compile(
    r"(?P<label>[A-Za-z][A-Za-z\- ]*?)\s*\*?\s*:\s*(?P<p>[+\-−]?\d+(?:\.\d+)?)%\s*(?P<m>YoY|QoQ|year-on-year|quarter-on-quarter)",
    re.I,
)
SUMMARY_METRICS = (
    ("profit_attributable", re.compile(r"profit\s+attributable", re.I)),
    ("profit_for_period", re.compile(r"profit\s+for\s+the", re.I)),
    ("operating_profit", re.compile(r"operating\s+profit", re.I)),
    ("gross_profit", re.compile(r"gross\s+profit", re.I)),
    ("revenue", re.compile(r"^(?:total\s+)?revenues?$", re.I)),
)


def read_summary_line(col: Collector, text: str, start: int, end: int, period: Period, name: str) -> None:
    """Growth rates of the summary line under a highlights heading (`Revenues: +6% YoY, non-IFRS ...: +54% YoY`)."""
    for m in SUMMARY_ITEM_RE.finditer(text, start, end):
        label = m.group("label").strip()
        metric = next((name_ for name_, pat in SUMMARY_METRICS if pat.search(label)), None)
        if metric is None:
            continue
        word = re.match(r"(non-?\s?ifrs|non-?\s?gaap|ifrs|gaap)\b", label, re.I)
        reported = text[m.start("p") : m.end("m")]
        measure = "qoq_pct" if m.group("m").lower() in ("qoq", "quarter-on-quarter") else "yoy_pct"
        loc = f"{name}; summary {metric} {measure}; chars {m.start('p')}-{m.end('m')}"
        basis = _explicit_basis(word.group(1) if word else None)
        if basis_for(metric, False) != "na" and basis is None:
            col.hold("basis (IFRS or non-IFRS) not stated", reported, loc)
            continue
        col.add(entity="tencent", metric=metric, segment="total", basis=basis_for(metric, basis == "non_ifrs"),
                measure=measure, period=period, value=float(m.group("p").replace("−", "-")), unit="pct",
                reported=reported, start=m.start("p"), end=m.end("m"), locator=loc)


def read_block(ctx: Context, col: Collector, start: int, end: int, period: Period, name: str) -> None:
    """Extract the figures of one highlights block; resolve bases once the lead-ins are known."""
    text = ctx.text
    mode: str | None = None
    seen_non = seen_ifrs = False
    pending: list[Pending] = []
    for ls, le in _lines(text, start, end):
        body_start = ls + len(text[ls:le]) - len(text[ls:le].lstrip(" \t" + BULLET))
        body = text[body_start:le]
        if SUMMARY_LINE_RE.match(body):
            read_summary_line(col, text, body_start, le, period, name)
            continue
        labelled_non = False
        for ss, se in sentences(text, body_start, le):
            lead = text[ss:se].lstrip(" \t" + BULLET)
            if LEAD_NON_IFRS.match(lead):
                mode, seen_non = "non_ifrs", True
            elif LEAD_IFRS.match(lead):
                mode, seen_ifrs = "ifrs", True
            found = _read_sentence(ctx, col, ss, se, period, name, mode)
            for p in found:
                p.after_non_ifrs_label = labelled_non
            labelled_non = labelled_non or any(_explicit_basis(p.basis_word) == "non_ifrs" for p in found)
            pending.extend(found)
    paired = not (seen_non or seen_ifrs) and labels_each_non_ifrs_line(pending)
    for p in pending:
        basis = _explicit_basis(p.basis_word) or p.mode
        if basis is None:
            if seen_non and not seen_ifrs:
                basis = "ifrs"
            elif seen_ifrs and not seen_non:
                basis = "non_ifrs"
            elif paired and not p.after_non_ifrs_label:
                basis = "ifrs"
        if basis is None:
            col.hold("basis (IFRS or non-IFRS) not stated", p.kwargs["reported"], p.kwargs["locator"])
            continue
        kwargs = dict(p.kwargs)
        kwargs["basis"] = basis_for(kwargs["metric"], basis == "non_ifrs")
        col.add(**kwargs)


def labels_each_non_ifrs_line(pending: list[Pending]) -> bool:
    """True when an unlabelled level is followed by a `Non-GAAP` level of its metric: unlabelled lines are IFRS."""
    last: dict[str, str | None] = {}
    for p in pending:
        if p.kwargs["measure"] != "value":
            continue
        metric, basis = p.kwargs["metric"], _explicit_basis(p.basis_word)
        if basis == "non_ifrs" and metric in last and last[metric] is None:
            return True
        last[metric] = basis
    return False


def _read_sentence(ctx: Context, col: Collector, ss: int, se: int, period: Period, name: str,
                   mode: str | None) -> list[Pending]:
    """Figures of one highlights sentence: a level with its growth, EPS, margins."""
    text = ctx.text
    sentence = text[ss:se].lstrip(" \t" + BULLET)
    offset = ss + (len(text[ss:se]) - len(text[ss:se].lstrip(" \t" + BULLET)))
    out: list[Pending] = []
    for metric, pattern in LEVEL_LABELS:
        m = pattern.match(sentence)
        if not m:
            continue
        amt = AMOUNT_RE.search(text, offset + m.end() - 1, se)
        if not amt:
            if re.search(r"USD\s*\d", sentence):
                col.hold("only a USD amount given", sentence[:60], f"{name}; chars {ss}-{se}")
            break
        reported = amt.group(0)
        loc = f"{name}; {metric}; chars {amt.start()}-{amt.end()}"
        read = level_money(text, reported, amt.end())
        if read is None:
            col.hold("amount without a scale word", reported, loc)
            break
        value, unit = read
        base = dict(entity="tencent", metric=metric, segment="total", period=period, unit=unit,
                    locator=loc)
        level = dict(base, measure="value", value=value, reported=reported, start=amt.start(), end=amt.end())
        following = AMOUNT_RE.search(text, amt.end(), se)
        growths = read_growths(text, amt.end(), following.start() if following else se) or read_growths(
            text, offset, amt.start()
        )
        if metric == "total_cash" and period.type != "quarter":
            if ctx.quarter is None or ctx.quarter.end != period.end:
                col.hold("total cash outside a quarter block", reported, loc)
                break
            period = ctx.quarter
            base["period"] = period
            level["period"] = period
        items = [level] + _growth_items(col, base, growths, period, f"{name}; {metric}")
        out.extend(_basis_items(col, items, m.group("basis"), mode))
        break
    seg = SEGMENT_LEVEL_RE.match(sentence)
    if seg:
        segment = segment_for(" ".join(re.sub(r"\([^)]*\)", " ", seg.group("label")).split()))
        amt = AMOUNT_RE.search(text, offset + seg.end() - 1, se)
        read = level_money(text, amt.group(0), amt.end()) if amt and segment else None
        if read is None and amt is not None and segment is not None:
            col.hold("amount without a scale word", amt.group(0), f"{name}; revenue {segment}; chars {amt.start()}-{amt.end()}")
        if read is not None and amt is not None and segment is not None:
            loc = f"{name}; revenue {segment}; chars {amt.start()}-{amt.end()}"
            base = dict(entity="tencent", metric="revenue", segment=segment, period=period, locator=loc)
            col.add(basis="na", measure="value", value=read[0], unit=read[1], reported=amt.group(0),
                    start=amt.start(), end=amt.end(), **base)
            for item in _growth_items(col, base, read_growths(text, amt.end(), se), period, loc):
                col.add(basis="na", **item)
    for m in EPS_RE.finditer(text, offset, se):
        pairs = [(m.group("kind"), "amt")]
        if m.group("kind2") and m.group("amt2"):
            pairs.append((m.group("kind2"), "amt2"))
        for kind, group in pairs:
            reported = m.group(group)
            metric = "eps_basic" if kind.lower() == "basic" else "eps_diluted"
            item = dict(entity="tencent", metric=metric, segment="total", period=period, unit="CNY_per_share",
                        measure="value", value=parse_number(reported[3:]), reported=reported,
                        start=m.start(group), end=m.end(group), locator=f"{name}; {metric}; chars {m.start(group)}-{m.end(group)}")
            out.extend(_basis_items(col, [item], m.group("basis"), mode))
    for m in MARGIN_RE.finditer(text, offset, se):
        metric = MARGIN_METRIC[m.group("kind").lower()]
        reported = m.group("p") + "%"
        start = m.start("p")
        item = dict(entity="tencent", metric=metric, segment="total", period=period, unit="pct", measure="margin_pct",
                    value=float(m.group("p")), reported=reported, start=start, end=start + len(reported),
                    locator=f"{name}; {metric} margin; chars {start}-{start + len(reported)}")
        items = [item]
        prior = _prior_margin(text, m, se, period)
        if prior is not None:
            p_start, p_value, p_period = prior
            p_reported = text[p_start : text.index("%", p_start) + 1]
            items.append(dict(item, value=p_value, period=p_period, reported=p_reported, start=p_start,
                              end=p_start + len(p_reported),
                              locator=f"{name}; {metric} margin {p_period.label}; chars {p_start}-{p_start + len(p_reported)}"))
        out.extend(_basis_items(col, items, m.group("basis"), mode))
    return out


def _prior_margin(text: str, m: re.Match[str], end: int, period: Period) -> tuple[int, float, Period] | None:
    """The earlier margin after `increased to X%` or `was X%, up`: its offset, value and period; None if absent."""
    change = bool(CHANGE_PHRASE_RE.fullmatch(m.group("phrase")))
    stated = m.group("phrase").lower() in ("was", "stood at")
    if not (change or stated):
        return None
    prior = PRIOR_MARGIN_RE.match(text, m.end(), end)
    if prior is None or (stated and not prior.group("updown")) or (change and prior.group("updown")):
        return None
    earlier = _margin_period(prior, period)
    return None if earlier is None else (prior.start("p"), float(prior.group("p")), earlier)


def _margin_period(prior: re.Match[str], period: Period) -> Period | None:
    """The period of an earlier margin: the quarter before, the named quarter, or the same period a year earlier."""
    try:
        if prior.group("lastq"):
            return prior_quarter(period) if period.type == "quarter" else None
        if prior.group("q"):
            named = quarter(int(prior.group("qy")), _QUARTER_WORDS[prior.group("q").lower()])
            ok = period.type == "quarter" and named.label in (prior_year(period).label, prior_quarter(period).label)
            return named if ok else None
        if prior.group("hy") and period.type != "half":
            return None  # "from 65.4% for the first half of 2011" is a half's margin
        earlier = prior_year(period)
    except PeriodError:
        return None
    if (prior.group("year") or prior.group("hy")) and int(prior.group("year") or prior.group("hy")) != earlier.start.year:
        return None
    return earlier


SEGMENT_LEVEL_RE = re.compile(r"^revenues\s+from\s+(?P<label>[^.;:]{3,80}?)\s+(?:were|was)\s+(?=RMB)", re.I)


def _growth_items(col: Collector, base: dict, growths: list[Growth], period: Period, name: str) -> list[dict]:
    """Fact arguments for the growth rates of a level; a growth compared with an unclear quarter is held."""
    items = []
    for growth in growths:
        measure = growth_measure(growth, period)
        loc = f"{name} growth; chars {growth.start}-{growth.end}"
        if measure is None:
            col.hold("growth compared with a quarter that is neither a year nor a quarter earlier", growth.text, loc)
            continue
        items.append(dict(base, measure=measure, value=growth.value, unit="pct", reported=growth.text,
                          start=growth.start, end=growth.end, locator=loc))
    return items


def _basis_items(col: Collector, items: list[dict], word: str | None, mode: str | None) -> list[Pending]:
    """Add basis-free items now; return those of profit lines for the block to settle."""
    pending = []
    for item in items:
        if basis_for(item["metric"], False) == "na":
            col.add(basis="na", **item)
        else:
            pending.append(Pending(item, word, mode))
    return pending


# ---------------------------------------------------------------- segment sentences

_LABEL = r"(?P<label>(?:[A-Za-z&][\w&\-]*\s+){0,4}?[A-Za-z&][\w&\-]*)"
_USD_PAREN = r"(?:\s*\([^()]*\))?"
SEGMENT_PATTERNS = (
    re.compile(_LABEL + r"\s+revenues?\s+(?P<g>(?:increased|decreased|grew|declined|rose|fell)\s+by\s+" + PCT.replace("(", "(?P<p>", 1)
               + r")(?:\s+(?:YoY|year-on-year))?\s+to\s+(?P<amt>" + AMOUNT + ")"),
    re.compile(_LABEL + r"\s+revenues?\s+(?:were|was)\s+(?P<amt>" + AMOUNT + ")" + _USD_PAREN
               + r"(?:\s+for\s+the\s+(?:quarter|year))?,?\s+(?:up|down|representing)"),
    re.compile(r"Revenues\s+from\s+" + _LABEL + r"\s+(?P<g>(?:increased|decreased|grew|declined)\s+by\s+" + PCT.replace("(", "(?P<p>", 1)
               + r")(?:\s+(?:YoY|year-on-year))?\s+to\s+(?P<amt>" + AMOUNT + ")"),
)


def label_segment(label: str) -> str | None:
    """The segment a free label ends with (`In the quarter VAS` -> vas), longest match first."""
    words = label.split()
    for i in range(len(words)):
        seg = segment_for(" ".join(words[i:]))
        if seg:
            return seg
    return None


def read_segment_sentences(ctx: Context, col: Collector, highlight_spans: list[tuple[int, int, Period]]) -> None:
    """Segment revenue sentences anywhere in the release, with their stated growth."""
    text = ctx.text
    for pattern in SEGMENT_PATTERNS:
        for m in pattern.finditer(text):
            segment = label_segment(m.group("label"))
            if segment is None:
                continue
            if segment == "total" and any(s <= m.start() < e for s, e, _ in highlight_spans):
                continue
            s_start, s_end = _sentence_around(text, m.start(), m.end())
            sentence = text[s_start:s_end]
            period = period_at(ctx, m.start(), sentence)
            reported = m.group("amt")
            loc = f"segment sentence {segment}; chars {m.start('amt')}-{m.end('amt')}"
            if period is None:
                col.hold("period of segment sentence not certain", reported, loc)
                continue
            read = level_money(text, reported, m.end("amt"))
            if read is None:
                col.hold("amount without a scale word", reported, loc)
                continue
            col.add(entity="tencent", metric="revenue", segment=segment, basis="na", measure="value", period=period,
                    value=read[0], unit=read[1], reported=reported, start=m.start("amt"), end=m.end("amt"), locator=loc)
            growth = read_growth(text, m.start(), s_end) if "p" not in m.groupdict() else None
            if "p" in m.groupdict():
                sign = -1.0 if re.search(r"\b(?:decreased|declined|fell)\s+by", m.group(0)) else 1.0
                growth = Growth(sign * float(m.group("p")), "yoy_pct", m.group("g"), m.start("g"), m.end("g"))
            measure = growth_measure(growth, period) if growth else None
            if growth and measure:
                col.add(entity="tencent", metric="revenue", segment=segment, basis="na", measure=measure,
                        period=period, value=growth.value, unit="pct", reported=growth.text, start=growth.start,
                        end=growth.end, locator=f"segment sentence {segment} {measure}; chars {growth.start}-{growth.end}")


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (bounded by '. ', a line break or a bullet) that holds text[start:end]."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return left, right


# ---------------------------------------------------------------- KPI sentences

KPI_SENTENCE_RE = re.compile(
    r"(?P<label>combined\s+MAU\s+of\s+Weixin\s+and\s+WeChat|(?:mobile\s+device\s+|smart\s+device\s+)?MAU\s+of\s+QQ|"
    r"fee-based\s+VAS\s+(?:registered\s+)?subscriptions)"
    r"(?:\s*\([^)]{0,40}\))?\s+(?:was|were|reached|increased\s+to|grew\s+to|rose\s+to|decreased\s+to|declined\s+to|"
    r"amounted\s+to|stood\s+at|totall?ed)\s+(?:approximately\s+|about\s+|over\s+|more\s+than\s+)?"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>million|billion|mn|bn)\b",
    re.I,
)
_KPI_QUALIFIER = {"approximately": "approx", "about": "approx", "over": "gt", "more than": "gt"}


TOTAL_QQ_RE = re.compile(r"(?<!device )(?<!devices )\bMAU\s+of\s+QQ\b", re.I)
SMART_QQ_RE = re.compile(r"\bsmart\s+devices?\s+MAU\s+of\s+QQ\b", re.I)
SMART_QQ_HELD = "QQ smart-device MAU beside the total QQ MAU: one QQ series per key"


def has_total_qq(text: str) -> bool:
    """True when the release gives the total QQ MAU (2018-2019 releases also give the smart-device series)."""
    return bool(TOTAL_QQ_RE.search(text))


def read_kpi_sentences(ctx: Context, col: Collector) -> None:
    """MAU and subscription figures written as sentences (`Combined MAU of Weixin and WeChat was 1,359 million`)."""
    text = ctx.text
    total_qq = has_total_qq(text)
    for m in KPI_SENTENCE_RE.finditer(text):
        target = _row_target(m.group("label"), True, None)
        if target is None:
            continue
        entity, metric, segment = target
        s_start, s_end = _sentence_around(text, m.start(), m.end())
        reported = text[m.start("num") : m.end("scale")]
        loc = f"kpi sentence {entity} {metric}; chars {m.start('num')}-{m.end('scale')}"
        if total_qq and SMART_QQ_RE.match(m.group("label")):
            col.hold(SMART_QQ_HELD, reported, loc)
            continue
        period = period_at(ctx, m.start(), text[s_start:s_end])
        if period is None or period.type != "quarter":
            col.hold("period of KPI sentence not certain", reported, loc)
            continue
        lead = re.search(r"(approximately|about|over|more\s+than)\s+$", text[m.start() : m.start("num")], re.I)
        qualifier = _KPI_QUALIFIER.get(re.sub(r"\s+", " ", lead.group(1).lower()), "eq") if lead else "eq"
        value = float(round(parse_number(m.group("num")) * (1e9 if m.group("scale").lower() in ("billion", "bn") else 1e6)))
        col.add(entity=entity, metric=metric, segment=segment, basis="na", measure="value", period=period, value=value,
                unit="count", reported=reported, start=m.start("num"), end=m.end("scale"), locator=loc, qualifier=qualifier)
        growth = read_growth(text, m.end(), s_end)
        measure = growth_measure(growth, period) if growth else None
        if growth and measure:
            col.add(entity=entity, metric=metric, segment=segment, basis="na", measure=measure, period=period,
                    value=growth.value, unit="pct", reported=growth.text, start=growth.start, end=growth.end,
                    locator=f"kpi sentence {entity} {metric} {measure}; chars {growth.start}-{growth.end}")


# ---------------------------------------------------------------- Video Accounts / Channels statements

CHANNELS_RE = re.compile(r"\b(?:Video\s+Accounts|(?:Weixin\s+|WeChat\s+)?Channels)\b")
CHANNELS_METRICS = (
    (re.compile(r"time\s+spent", re.I), "user_time_spent"),
    (re.compile(r"video\s+views", re.I), "video_views"),
    (re.compile(r"\bDAU\b|daily\s+active\s+users", re.I), "dau"),
    (re.compile(r"(?:marketing\s+services|advertising|ads?)\s+revenues?", re.I), "ad_revenue"),
)
GROWTH_WORDS = re.compile(
    r"(?P<q>more\s+than|over|nearly|almost|about|approximately|at\s+least)?\s*"
    r"(?P<w>doubled|tripled|quadrupled)"
    r"|(?P<q2>more\s+than|over|nearly|almost|about|approximately|at\s+least)?\s*(?P<n>\d+(?:\.\d+)?|two|three|four|five)\s+times"
    r"|(?:grew|increased|rose|jumped|surged|climbed|up)\s+(?:by\s+)?(?P<q3>more\s+than|over|nearly|almost|about|approximately|at\s+least)?\s*" + PCT.replace("(", "(?P<p>", 1),
    re.I,
)
QUALIFIER_WORDS = {"more than": "gt", "over": "gt", "nearly": "approx", "almost": "approx", "about": "approx",
                   "approximately": "approx", "at least": "gte"}
MULTIPLE_WORDS = {"doubled": 100.0, "tripled": 200.0, "quadrupled": 300.0}
NUMBER_WORDS = {"two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0}


def read_growth_words(phrase: re.Match[str]) -> tuple[float, str]:
    """Percent growth and qualifier of `more than doubled`, `three times`, `grew over 80%`."""
    if phrase.group("w"):
        value, q = MULTIPLE_WORDS[phrase.group("w").lower()], phrase.group("q")
    elif phrase.group("n"):
        n = phrase.group("n").lower()
        value, q = (NUMBER_WORDS.get(n) or float(n)) * 100.0 - 100.0, phrase.group("q2")
    else:
        value, q = float(phrase.group("p")), phrase.group("q3")
    key = re.sub(r"\s+", " ", q.lower()) if q else ""
    return value, QUALIFIER_WORDS.get(key, "eq")


def read_channels(ctx: Context, col: Collector) -> None:
    """Growth statements about Video Accounts (Channels): time spent, views, DAU, ad revenue."""
    text = ctx.text
    done: set[tuple[int, int]] = set()
    for m in CHANNELS_RE.finditer(text):
        s_start, s_end = _sentence_around(text, m.start(), m.end())
        if (s_start, s_end) in done:
            continue
        done.add((s_start, s_end))
        sentence = text[s_start:s_end]
        metric = next((name for pat, name in CHANNELS_METRICS if pat.search(sentence)), None)
        phrase = GROWTH_WORDS.search(text, m.end(), s_end) or GROWTH_WORDS.search(text, s_start, s_end)
        if metric is None or phrase is None:
            continue
        value, qualifier = read_growth_words(phrase)
        reported = phrase.group(0).strip()
        r_start = phrase.start() + (len(phrase.group(0)) - len(phrase.group(0).lstrip()))
        loc = f"video accounts {metric}; chars {r_start}-{r_start + len(reported)}"
        period = period_at(ctx, m.start(), sentence, in_section=True)
        if period is None:
            col.hold("period of Video Accounts statement not certain", reported, loc)
            continue
        col.add(entity="wechat_channels", metric=metric, segment="total", basis="na", measure="yoy_pct",
                period=period, value=value, unit="pct", reported=reported, start=r_start,
                end=r_start + len(reported), locator=loc, qualifier=qualifier)


# ---------------------------------------------------------------- tables (KPI and segment revenue)

KPI_ROWS = (
    (re.compile(r"^combined\s+mau\s+of\s+weixin\s+and\s+wechat", re.I), "weixin", "mau", "total"),
    (re.compile(r"^(?:mobile\s+device\s+|smart\s+device\s+)?mau\s+of\s+qq", re.I), "qq", "mau", "total"),
    (re.compile(r"^fee-based\s+vas\s+(?:registered\s+)?subscriptions", re.I), "tencent", "subscriptions", "vas"),
)
CELL_RE = re.compile(r"\(?-?\d[\d,]*(?:\.\d+)?\)?%?\*?|[-–—](?=\s|$)")
ROW_RE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z&\-,() ]*?[A-Za-z)])(?:\s{2,}|\t+)(?P<cells>(?:" + CELL_RE.pattern + r")(?:\s+(?:" + CELL_RE.pattern + r"))*)\s*$")
SPAN_PHRASES = (("three months ended", 3), ("six months ended", 6), ("nine months ended", 9), ("year ended", 12))


@dataclass(slots=True)
class Cell:
    """One value cell: its text, and where a snippet for it comes from."""

    text: str
    start: int = -1
    end: int = -1
    snippet: str | None = None


@dataclass(slots=True)
class Table:
    """A table as read from text or markup: column header texts, the text around it, labelled rows."""

    columns: list[str]
    header: str
    caption: str
    rows: list[tuple[str, list[Cell]]]
    name: str
    spans: list[int | None] = field(default_factory=list)


def _join_header_parts(parts: list[str]) -> str:
    """Join header pieces top to bottom, closing hyphenated breaks (`Year-` + `on-year`)."""
    joined = ""
    for part in parts:
        joined = joined + part if joined.endswith("-") else (joined + " " + part).strip()
    return joined


def header_columns_at(lines: list[str], anchors: list[tuple[int, int]]) -> list[str]:
    """Column texts of a header whose words are placed over the value columns (`anchors`, by position)."""
    if not anchors:
        return []
    cols: list[list[str]] = [[] for _ in anchors]
    label_edge = anchors[0][0]
    for line in lines:
        if not line.strip() or line.strip().startswith("("):
            continue
        for w in re.finditer(r"\S+", line):
            if w.end() <= label_edge - 2 and w.start() < label_edge - 12:
                continue
            overlaps = [min(w.end(), e) - max(w.start(), s) for s, e in anchors]
            best = max(range(len(anchors)), key=lambda i: overlaps[i])
            if overlaps[best] <= 0:
                best = min(range(len(anchors)), key=lambda i: min(abs(w.start() - anchors[i][0]), abs(w.end() - anchors[i][1])))
            cols[best].append(w.group(0))
    return [_join_header_parts(parts) for parts in cols]


_HEADER_TOKEN = re.compile(
    r"(?P<date>\d{1,2}\s+[A-Z][a-z]+\.?\s*,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2}\s*,\s*\d{4})"
    r"|(?P<yoy>year-on-year|\byoy\b)|(?P<qoq>quarter-on-quarter|\bqoq\b)",
    re.I,
)


def header_columns_in_order(header: str) -> list[str]:
    """Column texts read left to right from a one-line header (`As at 31 March 2024 As at ... Year-on-year change`)."""
    flat = re.sub(r"\s+", " ", header)
    return [m.group(0) for m in _HEADER_TOKEN.finditer(flat)]


def text_tables(text: str) -> list[Table]:
    """Fixed-width tables in the text: a header block above rows of `label  n  n  n%`."""
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        m = _row_match(lines[i])
        if not m or not _known_row(m.group("label")):
            i += 1
            continue
        first = i
        rows: list[tuple[str, list[Cell]]] = []
        spans: list[list[tuple[int, int]]] = []
        while i < len(lines):
            m = _row_match(lines[i])
            if m:
                base = offsets[i] + m.start("cells")
                found = list(CELL_RE.finditer(m.group("cells")))
                rows.append((m.group("label").strip(), [Cell(c.group(0), base + c.start(), base + c.end()) for c in found]))
                spans.append([(m.start("cells") + c.start(), m.start("cells") + c.end()) for c in found])
            elif lines[i].strip():
                break
            i += 1
        header_lines: list[str] = []
        j = first - 1
        while j >= 0 and len(header_lines) < 8:
            line = lines[j]
            if line.strip() and not _is_header_line(line):
                break
            header_lines.insert(0, line)
            j -= 1
        if not any(line.strip() for line in header_lines):
            continue
        width = max(len(c) for c in spans)
        full = [r for r in spans if len(r) == width]
        anchors = [(min(r[k][0] for r in full), max(r[k][1] for r in full)) for k in range(width)]
        columns = header_columns_at(header_lines, anchors)
        if not all(column_meaning(c, "")[0] != "unknown" for c in columns):
            in_order = header_columns_in_order("\n".join(header_lines))
            if len(in_order) == width:
                columns = in_order
        caption = "\n".join(lines[max(0, j - 4) : j + 1])
        spans_by_column = column_spans_at(header_lines, anchors)
        tables.append(Table(columns, "\n".join(header_lines), caption, rows, f"table at line {first + 1}", spans_by_column))
    return tables


KNOWN_ROW_LABEL = (
    r"Combined\s+MAU\s+of\s+Weixin\s+and\s+WeChat|(?:Mobile|Smart)\s+device\s+MAU\s+of\s+QQ|MAU\s+of\s+QQ|"
    r"Fee-based\s+VAS\s+(?:registered\s+)?subscriptions|VAS|Online\s+Advertising|Marketing\s+Services|"
    r"FinTech\s+and\s+Business\s+Services|Others|Total"
)
KNOWN_ROW_RE = re.compile(r"^(?P<label>(?:" + KNOWN_ROW_LABEL + r"))\s+(?P<cells>(?:" + CELL_RE.pattern + r")(?:\s+(?:" + CELL_RE.pattern + r"))*)\s*$", re.I)


def _row_match(line: str) -> re.Match[str] | None:
    """A table row: a label, two spaces (or a known label and one), then only value cells."""
    return ROW_RE.match(line) or KNOWN_ROW_RE.match(line)


_HEADER_WORDS = re.compile(r"\bas\s+at\b|months\s+ended|year\s+ended|year-on-year|quarter-on-quarter|\bunaudited\b|in\s+millions", re.I)


def _is_header_line(line: str) -> bool:
    """A header line of a fixed-width table: indented cells, a units line or header words, not prose."""
    s = line.strip()
    if s.startswith("(") or (_HEADER_WORDS.search(s) and len(s) < 160 and not s.endswith(".")):
        return True
    return line.startswith("  ") and (bool(re.search(r"\S {2,}\S", s)) or len(s) < 40)


def _known_row(label: str) -> bool:
    """True for row labels the release tables use (KPI rows, segment names)."""
    return any(p.match(label.strip()) for p, *_ in KPI_ROWS) or segment_for(label) is not None


def html_tables(tree: Element) -> list[Table]:
    """Tables of an HTML release: header rows give column texts, labelled rows give cells."""
    out = []
    for n, table in enumerate(descendants(tree, ("table",))):
        grid = []
        for tr in descendants(table, ("tr",)):
            row: list[str] = []
            for td in descendants(tr, ("td", "th")):
                span = cell_span(td.get("colspan"))
                row.extend([fold(node_text(td, " ", strip=True))] * max(1, min(span, 12)))
            grid.append(row)
        data_start = next((k for k, r in enumerate(grid) if r and _known_row(r[0]) and len(r) > 1), None)
        if data_start is None:
            continue
        width = max(len(r) for r in grid[data_start:])
        cols = [""] * (width - 1)
        group = []
        for r in grid[:data_start]:
            if len(r) == width:
                for k in range(1, width):
                    cols[k - 1] = (cols[k - 1] + " " + r[k]).strip()
            elif len(r) == width - 1 and sum(1 for c in r if c) >= 2:
                for k in range(width - 1):
                    cols[k] = (cols[k] + " " + r[k]).strip()
            else:
                group.extend(c for c in r if c)
        header = " ".join(group + cols)
        cols = [(" ".join(group) + " " + c).strip() if c else c for c in cols]
        prev = find_previous(table, ("p", "div", "h2", "h3", "h4"))
        caption = fold(node_text(prev, " ", strip=True))[-400:] if prev is not None else ""
        rows = []
        for r in grid[data_start:]:
            if not r or not r[0]:
                continue
            row_text = " | ".join(x for x in r if x)[:SNIPPET_MAX]
            rows.append((r[0], [Cell(c, snippet=row_text) for c in r[1:] if c != ""]))
        out.append(Table(cols, header, caption, rows, f"html table {n + 1}"))
    return out


def column_meaning(col: str, header: str) -> tuple[str, object]:
    """('date', date) / ('change', 'yoy_pct'|'qoq_pct') / ('unknown', None) for a column header text."""
    low = col.lower()
    if "year-on-year" in low or "yoy" in low:
        return "change", "yoy_pct"
    if "quarter-on-quarter" in low or "qoq" in low:
        return "change", "qoq_pct"
    try:
        return "date", parse_english_date(col)
    except PeriodError:
        return "unknown", None


def column_spans_at(lines: list[str], anchors: list[tuple[int, int]]) -> list[int | None]:
    """Months each column covers, from span phrases placed over the columns (rightmost phrase starting before it)."""
    placed: list[tuple[int, int]] = []
    for line in lines:
        low = line.lower()
        for phrase, n in SPAN_PHRASES:
            for m in re.finditer(re.escape(phrase), low):
                if phrase == "year ended" and low[max(0, m.start() - 5) : m.start()].strip().endswith("the"):
                    continue
                placed.append((m.start(), n))
    out: list[int | None] = []
    for _start, end in anchors:
        before = [(pos, n) for pos, n in placed if pos < end]
        out.append(max(before)[1] if before else None)
    return out


def column_span(col: str, header: str) -> int | None:
    """Months a column covers: from its own text, else from a single span phrase of the whole header."""
    low = col.lower()
    own = [n for phrase, n in SPAN_PHRASES if phrase in low]
    if len(own) == 1:
        return own[0]
    found = {n for phrase, n in SPAN_PHRASES if phrase in header.lower()}
    return found.pop() if len(found) == 1 else None


def read_table(col: Collector, table: Table, *, total_qq: bool = False) -> None:
    """Facts of a KPI table (as-at quarter ends, in millions) or a segment revenue table (RMB in millions).

    With `total_qq` (the release gives total QQ MAU), smart-device QQ rows are held, not a second QQ series.
    """
    kpi = any(any(p.match(label) for p, *_ in KPI_ROWS) for label, _ in table.rows)
    header_low = table.header.lower()
    meanings = [column_meaning(c, table.header) for c in table.columns]
    if kpi:
        scale = 1e6 if "in millions" in header_low or "in millions" in table.caption.lower() else None
        metric_of_table = None
    else:
        scale = 1e6 if re.search(r"rmb\s+in\s+millions|in\s+millions\s+of\s+rmb", header_low + table.caption.lower()) else None
        cap = (table.caption + " " + table.header).lower()
        metric_of_table = "gross_profit" if "gross profit" in cap else "revenue" if "revenue" in cap else None
    periods: list[Period | None] = []
    for c, (kind, what) in zip(table.columns, meanings, strict=False):
        if kind != "date":
            periods.append(None)
            continue
        try:
            if kpi:
                periods.append(quarter_ending(what))
            else:
                k = len(periods)
                n = table.spans[k] if k < len(table.spans) and table.spans[k] else column_span(c, table.header)
                periods.append(span_ending(what, n) if n else None)
        except PeriodError:
            periods.append(None)
    current = next((p for p in periods if p is not None), None)
    for label, cells in table.rows:
        target = _row_target(label, kpi, metric_of_table)
        if target is None:
            continue
        entity, metric, segment = target
        if total_qq and SMART_QQ_RE.match(label):
            for cell in cells:
                col.hold(SMART_QQ_HELD, cell.text, f"{table.name}; row {label}")
            continue
        if len(cells) != len(table.columns):
            for cell in cells:
                col.hold("row cells do not match the header columns", cell.text, f"{table.name}; row {label}")
            continue
        for k, cell in enumerate(cells):
            loc = f"{table.name}; row {label}; column {k + 1} ({table.columns[k][:40]})"
            if re.fullmatch(r"[-–—]", cell.text):
                continue
            kind, what = meanings[k]
            if kind == "change":
                if current is None or not cell.text.endswith("%"):
                    col.hold("change column without a readable current period", cell.text, loc)
                    continue
                value = parse_number(cell.text.rstrip("%"))
                col.add(entity=entity, metric=metric, segment=segment, basis="na", measure=str(what), period=current,
                        value=value, unit="pct", reported=cell.text, start=cell.start, end=cell.end, locator=loc,
                        snippet=cell.snippet)
                continue
            period = periods[k]
            if period is None or scale is None:
                reason = "column date not readable" if period is None else "table unit not stated"
                col.hold(reason, cell.text, loc)
                continue
            try:
                number = parse_number(cell.text.rstrip("*"))
            except NumberFormatError:
                col.hold("cell is not a number", cell.text, loc)
                continue
            value = float(round(number * scale))
            col.add(entity=entity, metric=metric, segment=segment, basis="na", measure="value", period=period,
                    value=value, unit="count" if kpi else "CNY", reported=cell.text, start=cell.start, end=cell.end,
                    locator=loc, snippet=cell.snippet)


def _row_target(label: str, kpi: bool, metric: str | None) -> tuple[str, str, str] | None:
    """(entity, metric, segment) a table row reports, or None for rows this parser does not read."""
    if kpi:
        for pattern, entity, m, segment in KPI_ROWS:
            if pattern.match(label):
                return entity, m, segment
        return None
    segment = segment_for(label)
    if segment is None or metric is None:
        return None
    return "tencent", metric, segment


# ---------------------------------------------------------------- the parser


def parse(doc: Document) -> ParseResult:
    """Read every figure the release states, with provenance; raise DecoyDocument for decoys."""
    try:
        return _parse(doc)
    except ParseError:
        raise
    except (ValueError, KeyError, IndexError) as exc:
        raise ParseError(f"{doc.name}: results release could not be read: {exc.__class__.__name__}: {exc}") from exc


def _parse(doc: Document) -> ParseResult:
    """The parse itself, on the cleaned text."""
    text = clean_release_text(doc.text)
    reject_decoy(text)
    ctx = build_context(text)
    col = Collector(text, doc.text)
    blocks = highlight_blocks(ctx)
    for start, end, period in blocks:
        read_block(ctx, col, start, end, period, f"highlights {period.label}")
    read_segment_sentences(ctx, col, blocks)
    read_channels(ctx, col)
    read_kpi_sentences(ctx, col)
    tables = text_tables(text)
    if doc.format == "html" and doc.tree is not None:
        tables = html_tables(doc.tree) + tables
    total_qq = has_total_qq(text)
    for table in tables:
        read_table(col, table, total_qq=total_qq)
    title_match = TITLE_RE.search(text[:3000])
    published = release_date(text) or doc.meta.published_at
    title = title_match.group(0) if title_match else doc.meta.title
    events = []
    if published is not None and ctx.quarter is not None:
        snippet = (title or f"{ctx.quarter.label} results")[:SNIPPET_MAX]
        events.append(Event(published, "tencent", "results", f"Tencent releases {ctx.quarter.label} results", snippet))
    return ParseResult(kind=KIND, facts=col.facts, events=events, held=col.held, title=title, published_at=published)


PARSER = Parser(kind=KIND, version=VERSION, sniff=sniff, parse=parse)
