"""Chinese Tencent results: the 美通社 release (traditional) and news reports of the results (simplified)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from transforms.model import (
    EmptyDocument,
    Fact,
    Held,
    ParseError,
    ParseResult,
    Period,
    UnsupportedDocument,
    make_snippet,
)
from transforms.normalise import periods
from transforms.normalise.numbers import NumberFormatError, parse_number, scale_factor, scaled
from transforms.normalise.text import fold, to_simplified
from transforms.normalise.vocabulary import BASIS_METRICS, basis_for, segment_for
from transforms.parse import Parser
from transforms.parse.document import Document

KIND = "results_release_zh"
VERSION = "1"

# ---------------------------------------------------------------------------------------------------------
# Working text: simplified, NFKC-folded, lower-cased Latin, with a map back to the original offsets.


@dataclass(frozen=True, slots=True)
class Working:
    """Normalised text with, for each character, the offset of the original character it came from."""

    original: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the working span [start, end)."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def reported(self, start: int, end: int) -> str:
        """The original text behind a working span, exactly as written."""
        a, b = self.span(start, end)
        return self.original[a:b]


def working_text(original: str) -> Working:
    """Simplify and fold `original` character by character, keeping offsets; phrase conversion when it keeps length."""
    simplified = to_simplified(original)
    if len(simplified) != len(original):
        simplified = "".join(_one_char(to_simplified(ch), ch) for ch in original)
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(simplified):
        folded = fold(ch).lower()
        for out in folded:
            chars.append(out)
            origin.append(i)
    return Working(original, "".join(chars), tuple(origin))


def _one_char(converted: str, fallback: str) -> str:
    """The one-character conversion of a character, or the character itself when conversion changes length."""
    return converted if len(converted) == 1 else fallback


# ---------------------------------------------------------------------------------------------------------
# Vocabulary of the documents (simplified, lower-case).

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]*\d)"
_SCALE = r"万亿|千亿|百亿|十亿|亿|千万|百万|万"
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_ZH_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ZH_N = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True, slots=True)
class Subject:
    """What a figure is about: entity, metric, segment and (for profit lines) an explicit basis."""

    entity: str
    metric: str
    segment: str = "total"
    basis: str | None = None
    kind: str = "money"  # money | per_share | count | growth_only | blocked


_METRIC_WORDS: tuple[tuple[str, str], ...] = (
    ("本公司权益持有人应占盈利", "profit_attributable"),
    ("归属于本公司权益持有人的盈利", "profit_attributable"),
    ("权益持有人应占盈利", "profit_attributable"),
    ("归母净利润", "profit_attributable"),
    ("每股基本盈利", "eps_basic"),
    ("基本每股盈利", "eps_basic"),
    ("每股摊薄盈利", "eps_diluted"),
    ("摊薄每股盈利", "eps_diluted"),
    ("经营盈利", "operating_profit"),
    ("经营利润", "operating_profit"),
    ("期内盈利", "profit_for_period"),
    ("总收入", "revenue"),
    ("营业收入", "revenue"),
    ("总营收", "revenue"),
    ("营收", "revenue"),
    ("收入", "revenue"),
    ("毛利", "gross_profit"),
    ("总现金", "total_cash"),
)

# Balances and KPIs stated as at a quarter end, recorded with the quarter they close.
_AS_AT_METRICS = frozenset({"mau", "total_cash"})

_SEGMENT_WORDS: tuple[str, ...] = (
    "金融科技及企业服务",
    "本土市场游戏",
    "国际市场游戏",
    "增值服务",
    "网络广告",
    "营销服务",
    "社交网络",
    "网络游戏",
)

_BASIS_WORDS: tuple[tuple[str, str], ...] = (
    ("非国际财务报告准则", "non_ifrs"),
    ("非通用会计准则", "non_ifrs"),
    ("non-ifrs", "non_ifrs"),
    ("non ifrs", "non_ifrs"),
    ("non-gaap", "non_ifrs"),
    ("国际财务报告准则", "ifrs"),
)

# Phrases that name something outside the vocabulary; a figure after one of them is never attached elsewhere.
_BLOCKERS: tuple[str, ...] = (
    r"毛利率",
    r"经营利润率",
    r"利润率",
    r"净利率",
    r"净利润",
    r"自由现金流",
    r"资本开支",
    r"研发开支",
    r"研发投入",
    r"现金",
    r"股息",
    r"回购",
    r"小程序",
    r"小游戏",
    r"流水",
    r"搜索",
    r"微信小店",
    r"广告收入",
    r"广告",
    r"游戏收入",
    r"金融科技",
    r"企业服务",
    r"云",
    r"占比",
    r"qq(?:的)?智能终端月活跃(?:账户|用户)数?",
    r"月活跃(?:账户|用户)数?",
    r"视频号",
)

_SPECIAL_SUBJECTS: tuple[tuple[str, Subject], ...] = (
    (r"微信及wechat(?:的)?合并月活跃(?:账户|用户)数?", Subject("weixin", "mau", kind="count")),
    (r"微信(?:的)?月活跃(?:账户|用户)数?", Subject("weixin", "mau", kind="count")),
    (r"qq(?:的)?移动终端月活跃(?:账户|用户)数?", Subject("qq", "mau", kind="count")),
    (r"视频号(?:的)?(?:总用户使用时长|用户总使用时长|总使用时长|用户使用时长|使用时长)",
     Subject("wechat_channels", "user_time_spent", kind="growth_only")),
    (r"视频号(?:的)?广告收入", Subject("wechat_channels", "ad_revenue", kind="growth_only")),
    (r"视频号(?:的)?(?:视频)?(?:总)?播放量", Subject("wechat_channels", "video_views", kind="growth_only")),
    (r"视频号(?:的)?日活跃(?:账户|用户)数?", Subject("wechat_channels", "dau", kind="growth_only")),
    (r"其他(?=(?:业务|分部)?收入)", Subject("tencent", "revenue", "others")),
)

_MERGE_GAP = re.compile(r"^(?:\s|\)|业务|分部|板块|的|下的|下|计算的|口径)*$")

# Stands for "two different periods named before the figure": such a figure is held back.
_UNCLEAR = Period("unclear", date.min, date.min, "unclear")

# Text allowed between a subject and its figures, and around a bare growth clause.
_FILLER = re.compile(
    r"^(?:\s|同比|按年|年比|较去年同期|较上年同期|与去年同期相比|比去年同期|环比|按季|较上季度|较上一季度|"
    r"为|是|达到|达|录得|增至|升至|降至|至|约|近|超过|超|逾|人民币|的|了|亦|也|则|并|且|而|实现|共|合计|总计|"
    r"业务|分部|板块|期内|本季度|本季|该季度|当季|其中|此外|另外|方面|腾讯控股|腾讯|公司|原|即|"
    r"\[\d+\]|\([a-z\s]*\)|[()\[\]「」\"'、:\-–—•·▪*])*$"
)

_MONEY = re.compile(
    rf"(?<![\d.,])(?P<cur>人民币[ \t]*)?(?P<num>{_NUM})[ \t]*(?P<scale>{_SCALE})?[ \t]*(?P<ccy>美元|港元|元)"
)
_BARE = re.compile(rf"(?<![\d.,])(?P<cur>人民币[ \t]*)?(?P<num>{_NUM})[ \t]*(?P<scale>{_SCALE})(?![\d元美港])")

_DIR_PRE = r"同比|按年|年比|环比|按季|较去年同期|较上年同期|与去年同期相比|比去年同期|较上季度|较上一季度"
_UP = "增长|增加|上升|上涨|提升|增"
_DOWN = "下降|减少|下跌|下滑|降低|跌|降"
_GROWTH_PCT = re.compile(
    rf"(?P<pre>{_DIR_PRE})?[ \t]*(?P<verb>{_UP}|{_DOWN})[ \t]*了?[ \t]*(?P<q>超过|超|逾|近|约|接近|将近|大约)?[ \t]*"
    rf"(?P<num>{_NUM})[ \t]*%[ \t]*(?P<post>以上|左右|多)?"
)
_GROWTH_DOUBLE = re.compile(
    rf"(?P<pre>{_DIR_PRE})?[ \t]*(?:(?P<q1>超过|超|逾|近)?[ \t]*翻(?:了)?(?:一)?(?:倍|番)|"
    r"(?:增长|增加)[ \t]*(?P<q2>超过|超|逾|近)?[ \t]*一倍[ \t]*(?P<post>以上|多)?)"
)
_GROWTH_TIMES = re.compile(
    r"(?:为|是|达到|达)(?:去年同期|上年同期|去年|上年)(?:的)?[ \t]*(?P<q>近|约|超过|逾)?[ \t]*"
    r"(?P<n>[两二三四五六七八九十]|\d+(?:\.\d+)?)[ \t]*倍"
)
_GROWTH_AMBIGUOUS = re.compile(r"(?:增长|增加)[ \t]*(?:了)?[ \t]*(?:[两二三四五六七八九十]|\d+(?:\.\d+)?)[ \t]*倍")
_FLAT = re.compile(rf"(?:{_DIR_PRE})?[ \t]*(?:大致|基本)?持平")
_QUALITATIVE = re.compile(rf"(?:{_DIR_PRE})?[ \t]*(?:显著|快速|迅速|稳健|强劲|大幅|稳步)(?:增长|提升|上升)")

_MARK_ENDING = re.compile(
    rf"截至[ \t]*(?P<y>{_YEAR})[ \t]*年[ \t]*(?P<m>[一二三四五六七八九十\d]{{1,3}})[ \t]*月[ \t]*(?P<d>[一二三四五六七八九十\d]{{1,3}})[ \t]*日[ \t]*"
    r"止[ \t]*(?:(?P<n>三|六|九|十二|3|6|9|12)[ \t]*个月|(?P<fy>年度|财政年度))"
)
_MARK_ASAT = re.compile(
    rf"截至[ \t]*(?P<y>{_YEAR})[ \t]*年[ \t]*(?P<m>[一二三四五六七八九十\d]{{1,3}})[ \t]*月[ \t]*(?P<d>[一二三四五六七八九十\d]{{1,3}})[ \t]*日(?![ \t]*止)"
)
_MARK_QUARTER = re.compile(
    rf"(?:(?P<y>{_YEAR})[ \t]*年[ \t]*(?:度)?[ \t]*)?(?:第[ \t]*(?P<q>[一二三四1-4])[ \t]*季(?:度)?|(?P<q2>[一二三四])[ \t]*季度)"
)
_MARK_CODE = re.compile(r"(?<![a-z0-9])(?:(?P<q>[1-4])q(?P<y>\d{4})|fy(?P<fy>\d{4}))(?![0-9])")
_MARK_HALF = re.compile(rf"(?:(?P<y>{_YEAR})[ \t]*年[ \t]*)?(?:上半年|中期)")
_MARK_YEAR = re.compile(rf"(?:(?P<y>{_YEAR})[ \t]*年[ \t]*)?(?:全年度|全年|年度)|(?P<y2>{_YEAR})[ \t]*年(?=[ \t]*[,，:])")
_COMPARISON = re.compile(r"(?:较|与|比|相比|对比|去年|上年)[ \t]*$")
_COMPARISON_AFTER = re.compile(r"^[ \t]*(?:相比|同期|的)")

_SENTENCE_END = re.compile(r"[。!?;\n]")
_CLAUSE_END = re.compile(r"[、:]|(?<!\d),|,(?!\d)")
_DATELINE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*/?\s*美通社")
_BULLET = re.compile(r"^\s*[-–—]\s*")


# ---------------------------------------------------------------------------------------------------------
# Tokens.


@dataclass(slots=True)
class Token:
    """A recognised span of the working text."""

    kind: str  # subject | basis | money | usd | bare | growth | flat | qualitative | ambiguous | marker
    start: int
    end: int
    subject: Subject | None = None
    basis: str | None = None
    num: str = ""
    scale: str = ""
    currency: str = ""
    value: float = 0.0
    qualifier: str = "eq"
    measure: str = "yoy_pct"
    period: Period | None = None
    comparison: bool = False


def _non_overlapping(tokens: list[Token]) -> list[Token]:
    """Keep the leftmost-longest tokens, dropping any that overlap one already kept."""
    kept: list[Token] = []
    taken_until = -1
    for tok in sorted(tokens, key=lambda t: (t.start, -(t.end - t.start))):
        if tok.start >= taken_until:
            kept.append(tok)
            taken_until = tok.end
    return kept


def subject_tokens(text: str) -> list[Token]:
    """Subjects (merged basis + segment + metric phrases), bases and blockers, in order."""
    raw: list[Token] = []
    for pattern, subject in _SPECIAL_SUBJECTS:
        kind = "segment" if subject.entity == "tencent" else "subject"
        for m in re.finditer(pattern, text):
            raw.append(Token(kind, m.start(), m.end(), subject=subject))
    for word, metric in _METRIC_WORDS:
        for m in re.finditer(re.escape(word), text):
            kind = "per_share" if metric.startswith("eps") else "money"
            raw.append(Token("subject", m.start(), m.end(), subject=Subject("tencent", metric, kind=kind)))
    for word in _SEGMENT_WORDS:
        seg = segment_for(word)
        for m in re.finditer(re.escape(word), text):
            raw.append(Token("segment", m.start(), m.end(), subject=Subject("tencent", "revenue", seg or "total")))
    for word, basis in _BASIS_WORDS:
        for m in re.finditer(re.escape(word), text):
            raw.append(Token("basis", m.start(), m.end(), basis=basis))
    for pattern in _BLOCKERS:
        for m in re.finditer(pattern, text):
            raw.append(Token("subject", m.start(), m.end(), subject=Subject("", "", kind="blocked")))
    return _merge_subjects(_non_overlapping(raw), text)


def _merge_subjects(tokens: list[Token], text: str) -> list[Token]:
    """Join basis + segment + metric words that stand together into one subject."""
    out: list[Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        adjacent = prev is not None and _MERGE_GAP.match(text[prev.end : tok.start]) is not None
        if prev is not None and adjacent and _mergeable(prev, tok):
            out[-1] = _merged(prev, tok)
            continue
        out.append(tok)
    return [_as_subject(t) for t in out]


def _mergeable(prev: Token, tok: Token) -> bool:
    """Whether `tok` continues the phrase `prev` (basis before segment/metric, segment before metric)."""
    if tok.subject is None or tok.kind not in ("segment", "subject") or tok.subject.kind == "blocked":
        return False
    if prev.kind == "basis":
        return True
    return prev.kind == "segment" and tok.kind == "subject" and tok.subject.metric in ("revenue", "gross_profit")


def _merged(prev: Token, tok: Token) -> Token:
    """One token for two adjacent words of one phrase."""
    assert tok.subject is not None
    if prev.kind == "basis":
        subject = Subject(tok.subject.entity, tok.subject.metric, tok.subject.segment, prev.basis, tok.subject.kind)
        return Token(tok.kind, prev.start, tok.end, subject=subject)
    assert prev.subject is not None
    subject = Subject("tencent", tok.subject.metric, prev.subject.segment, prev.subject.basis, "money")
    return Token("subject", prev.start, tok.end, subject=subject)


def _as_subject(tok: Token) -> Token:
    """A lone segment word is the segment's revenue."""
    if tok.kind == "segment":
        tok.kind = "subject"
    return tok


def value_tokens(text: str) -> list[Token]:
    """Amounts, USD amounts, bare scaled numbers and growth phrases, leftmost-longest."""
    raw: list[Token | None] = []
    for m in _MONEY.finditer(text):
        kind = {"美元": "usd", "港元": "usd"}.get(m.group("ccy"), "money")
        raw.append(Token(kind, m.start(), m.end(), num=m.group("num"), scale=m.group("scale") or "",
                         currency=m.group("ccy")))
    for m in _BARE.finditer(text):
        raw.append(Token("bare", m.start(), m.end(), num=m.group("num"), scale=m.group("scale"),
                         currency="人民币" if m.group("cur") else ""))
    for m in _GROWTH_PCT.finditer(text):
        raw.append(_pct_growth(m))
    for m in _GROWTH_DOUBLE.finditer(text):
        raw.append(_double_growth(m))
    for m in _GROWTH_TIMES.finditer(text):
        raw.append(_times_growth(m))
    raw = [t for t in raw if t is not None]
    for m in _GROWTH_AMBIGUOUS.finditer(text):
        raw.append(Token("ambiguous", m.start(), m.end()))
    for m in _FLAT.finditer(text):
        raw.append(Token("flat", m.start(), m.end()))
    for m in _QUALITATIVE.finditer(text):
        raw.append(Token("qualitative", m.start(), m.end()))
    return _non_overlapping([t for t in raw if t is not None])


def _measure(pre: str | None) -> str:
    """yoy_pct unless the phrase says quarter on quarter."""
    return "qoq_pct" if pre and any(w in pre for w in ("环比", "按季", "上季度", "上一季度")) else "yoy_pct"


def _qualifier(pre_q: str | None, post: str | None, *, times: bool = False) -> str:
    """Qualifier from the words around a growth figure (以上 is gte for percentages, gt for 一倍以上)."""
    if pre_q in ("超过", "超", "逾"):
        return "gt"
    if pre_q in ("近", "接近", "将近"):
        return "approx"
    if pre_q in ("约", "大约"):
        return "approx"
    if post == "多":
        return "gt"
    if post == "以上":
        return "gt" if times else "gte"
    if post == "左右":
        return "approx"
    return "eq"


def _pct_growth(m: re.Match[str]) -> Token | None:
    """A growth written with a percentage (None when the number cannot be read)."""
    sign = -1.0 if re.fullmatch(_DOWN, m.group("verb")) else 1.0
    try:
        value = sign * scaled(m.group("num"), 1.0)
    except NumberFormatError:
        return None
    return Token("growth", m.start(), m.end(), num=m.group("num"), value=value,
                 qualifier=_qualifier(m.group("q"), m.group("post")), measure=_measure(m.group("pre")))


def _double_growth(m: re.Match[str]) -> Token:
    """Doubled (100) with its qualifier."""
    q = _qualifier(m.group("q1") or m.group("q2"), m.group("post"), times=True)
    return Token("growth", m.start(), m.end(), value=100.0, qualifier=q, measure=_measure(m.group("pre")))


def _times_growth(m: re.Match[str]) -> Token | None:
    """`为去年同期的三倍`: N times last year's level is (N-1) x 100 (None when N cannot be read)."""
    n_text = m.group("n")
    try:
        n = float(_ZH_N[n_text]) if n_text in _ZH_N else parse_number(n_text)
    except NumberFormatError:
        return None
    return Token("growth", m.start(), m.end(), value=round((n - 1) * 100, 6),
                 qualifier=_qualifier(m.group("q"), None, times=True))


# ---------------------------------------------------------------------------------------------------------
# Periods.


@dataclass(slots=True)
class PeriodContext:
    """What the document says about time: publication date and a default period, if there is one."""

    published: date | None
    default: Period | None
    years_of_quarter: dict[int, int] = field(default_factory=dict)


def _year(text: str | None) -> int | None:
    """A year written in digits or Chinese numerals, or None."""
    return periods.zh_year(text) if text else None


def marker_tokens(text: str, ctx: PeriodContext | None) -> list[Token]:
    """Period markers (quarters, halves, years, 截至...止 spans, as-at dates) with their periods."""
    raw: list[Token] = []
    for m in _MARK_ENDING.finditer(text):
        try:
            d = date(periods.zh_year(m.group("y")), periods.zh_small_number(m.group("m")),
                     periods.zh_small_number(m.group("d")))
            n = 12 if m.group("fy") else periods.zh_small_number(m.group("n"))
            raw.append(Token("marker", m.start(), m.end(), period=periods.span_ending(d, n)))
        except (periods.PeriodError, ValueError):
            raw.append(Token("marker", m.start(), m.end(), period=None))
    for m in _MARK_ASAT.finditer(text):
        try:
            d = date(periods.zh_year(m.group("y")), periods.zh_small_number(m.group("m")),
                     periods.zh_small_number(m.group("d")))
            raw.append(Token("marker", m.start(), m.end(), period=periods.instant(d)))
        except (periods.PeriodError, ValueError):
            raw.append(Token("marker", m.start(), m.end(), period=None))
    for m in _MARK_QUARTER.finditer(text):
        q = _ZH_Q[m.group("q") or m.group("q2")]
        period = _guarded(lambda m=m, q=q: _quarter_period(_year(m.group("y")), q, ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_CODE.finditer(text):
        if m.group("fy"):
            period = _guarded(lambda m=m: periods.year(int(m.group("fy"))))
        else:
            period = _guarded(lambda m=m: periods.quarter(int(m.group("y")), int(m.group("q"))))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_HALF.finditer(text):
        period = _guarded(lambda m=m: _span_period(_year(m.group("y")), 6, ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_YEAR.finditer(text):
        period = _guarded(lambda m=m: _span_period(_year(m.group("y") or m.group("y2")), 12, ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    out = _non_overlapping(raw)
    for tok in out:
        tok.comparison = bool(_COMPARISON.search(text[max(0, tok.start - 3) : tok.start])) or bool(
            _COMPARISON_AFTER.match(text[tok.end : tok.end + 3])
        )
    return out


def _guarded(build: Callable[[], Period | None]) -> Period | None:
    """A period, or None when the written date is impossible (year 0000, 2月30日 ...)."""
    try:
        return build()
    except (periods.PeriodError, ValueError, OverflowError):
        return None


def _span_period(y: int | None, n_months: int, ctx: PeriodContext | None) -> Period | None:
    """First half (6) or year (12) of y; without a year, the one the default period ends, else the latest ended."""
    if y is not None:
        return periods.span_ending(date(y, n_months, 31 if n_months == 12 else 30), n_months)
    if ctx is None:
        return None
    if ctx.default is not None:
        d = ctx.default.end
        if (d.month, d.day) == ((12, 31) if n_months == 12 else (6, 30)):
            return periods.span_ending(d, n_months)
        return None
    if ctx.published is not None:
        for year_ in (ctx.published.year, ctx.published.year - 1):
            candidate = periods.span_ending(date(year_, n_months, 31 if n_months == 12 else 30), n_months)
            if candidate.end < ctx.published:
                return candidate
    return None


def _quarter_period(y: int | None, q: int, ctx: PeriodContext | None) -> Period | None:
    """Quarter q of year y, or of the year the context implies (the latest such quarter before publication)."""
    if y is not None:
        return periods.quarter(y, q)
    if ctx is None:
        return None
    if ctx.default is not None and ctx.default.type in ("quarter", "year", "half"):
        candidate = periods.quarter(ctx.default.end.year, q)
        if candidate.end <= ctx.default.end:
            return candidate
    if ctx.published is not None:
        for year_ in (ctx.published.year, ctx.published.year - 1):
            candidate = periods.quarter(year_, q)
            if candidate.end < ctx.published:
                return candidate
    return None


def period_context(work: Working, title: str | None, published: date | None) -> PeriodContext:
    """Publication date (meta or dateline) and the one period the title and lead speak of, if only one."""
    m = _DATELINE.search(work.text[:800])
    if published is None and m:
        try:
            published = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            published = None
    ctx = PeriodContext(published, None)
    head = fold(to_simplified(title or "")).lower() + "\n" + _lead(work.text)
    marks = [t for t in marker_tokens(head, ctx) if not t.comparison]
    found = {t.period for t in marks if t.period is None or t.period.type != "instant"}
    if len(found) == 1 and None not in found:
        ctx.default = found.pop()
    return ctx


def _lead(text: str) -> str:
    """The opening of the text up to the first figure (where the release names its period)."""
    first = min((t.start for t in value_tokens(text[:1500]) if t.kind in ("money", "bare", "growth")), default=600)
    return text[: min(first, 600)]


# ---------------------------------------------------------------------------------------------------------
# Sniffing.

_RESULTS_LEAD = re.compile(
    r"腾讯(?:控股)?(?:有限公司)?[^。\n]{0,24}?(?:公布|发布|披露|公告)[^。\n]{0,30}?(?:业绩|财报|季报|年报|财务报告)"
)
_TITLE = re.compile(r"腾讯(?:控股)?[^。\n]{0,12}?(?:公布|发布)?[^。\n]{0,20}?(?:季|年|中期)[^。\n]{0,6}?(?:业绩|财报)")
_HKEX_TABLE = re.compile(r"财务表现摘要|人民币百万元|同比变动")


def sniff(doc: Document) -> bool:
    """A Chinese document about Tencent's own quarterly or annual results (release or news report)."""
    head = doc.text[:3000]
    if not re.search(r"[\u4e00-\u9fff]", head):
        return False
    simple = fold(to_simplified(head)).lower()
    title = fold(to_simplified(doc.meta.title or "")).lower()
    if _HKEX_TABLE.search(simple) and "人民币百万元" in simple:
        return False
    if _TITLE.search(title) or _TITLE.search(simple[:200]):
        return True
    return bool(_RESULTS_LEAD.search(simple[:1200]))


# ---------------------------------------------------------------------------------------------------------
# Parsing.


@dataclass(slots=True)
class _State:
    """Running state while reading the document."""

    section: Period | None = None
    lead_basis: str | None = None  # basis announced by a lead-in line ending in a colon, for its sub-bullets


def parse(doc: Document) -> ParseResult:
    """Facts of a Chinese Tencent results release or news report."""
    try:
        return _parse(doc)
    except ParseError:
        raise
    except (ValueError, KeyError, IndexError, ArithmeticError) as exc:
        raise ParseError(f"{doc.name}: unreadable results text ({exc.__class__.__name__}: {exc})") from exc


def _parse(doc: Document) -> ParseResult:
    """Read a sniffed document line by line."""
    if not doc.text.strip():
        raise EmptyDocument(f"{doc.name}: no text")
    if not sniff(doc):
        raise UnsupportedDocument(f"{doc.name}: not a Chinese report of Tencent's results")
    work = working_text(doc.text)
    ctx = period_context(work, doc.meta.title, doc.meta.published_at)
    result = ParseResult(kind=KIND, title=doc.meta.title or _first_line(doc.text), published_at=ctx.published)
    subjects = subject_tokens(work.text)
    values = value_tokens(work.text)
    markers = marker_tokens(work.text, ctx)
    state = _State()
    line_start = 0
    for line_no, line in enumerate(work.text.split("\n"), start=1):
        line_end = line_start + len(line)
        in_line = [t for t in subjects + values + markers if line_start <= t.start and t.end <= line_end]
        _read_line(work, line_no, line_start, line, sorted(in_line, key=lambda t: t.start), ctx, state, result)
        line_start = line_end + 1
    _drop_conflicts(result)
    return result


def _first_line(text: str) -> str | None:
    """The first non-empty line of a text."""
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), None)


def _read_line(
    work: Working, line_no: int, offset: int, line: str, tokens: list[Token], ctx: PeriodContext,
    state: _State, result: ParseResult,
) -> None:
    """Update section and basis context from a line, then read its sentences."""
    figures = [t for t in tokens if t.kind in ("money", "bare", "growth", "flat", "ambiguous", "usd")]
    marks = [t for t in tokens if t.kind == "marker" and not t.comparison and t.period is not None]
    if not figures and marks and len(line.strip()) <= 60:
        state.section = marks[-1].period if len({m.period for m in marks}) == 1 else None
    is_sub_bullet = bool(_BULLET.match(line))
    if not is_sub_bullet and line.strip():
        state.lead_basis = None
    bases = [t for t in tokens if t.kind == "basis"]
    if bases and not figures and line.strip().endswith(":"):
        state.lead_basis = bases[-1].basis
    start = 0
    for m in list(_SENTENCE_END.finditer(line)) + [None]:
        end = m.start() if m else len(line)
        sent_tokens = [t for t in tokens if offset + start <= t.start and t.end <= offset + end]
        _read_sentence(work, line_no, offset + start, work.text[offset + start : offset + end], sent_tokens,
                       ctx, state, result)
        start = end + 1


def _read_sentence(
    work: Working, line_no: int, offset: int, sentence: str, tokens: list[Token], ctx: PeriodContext,
    state: _State, result: ParseResult,
) -> None:
    """Attach the figures of each clause to the subject of that clause (or of a clean clause just before)."""
    sentence_basis = state.lead_basis
    sentence_period: Period | None = None
    comparison_in_clause = False
    previous: Subject | None = None
    start = 0
    for m in list(_CLAUSE_END.finditer(sentence)) + [None]:
        end = m.start() if m else len(sentence)
        a, b = offset + start, offset + end
        clause_tokens = [t for t in tokens if a <= t.start and t.end <= b]
        for t in clause_tokens:
            if t.kind == "basis":
                sentence_basis = t.basis
        comparison_in_clause = any(t.kind == "marker" and t.comparison for t in clause_tokens)
        marks = [t for t in clause_tokens if t.kind == "marker" and not t.comparison]
        clean = _FILLER.match(_strip_tokens(work.text, a, b, clause_tokens)) is not None
        respectively = "分别" in work.text[a:b]
        previous = _read_clause(
            work, line_no, a, clause_tokens, previous, clean, respectively or comparison_in_clause,
            sentence_basis, sentence_period, ctx, state, result,
        )
        if marks:
            sentence_period = marks[-1].period if len({t.period for t in marks}) == 1 else _UNCLEAR
        if sentence_basis is None and any(
            t.kind == "subject" and t.subject is not None and t.subject.basis == "non_ifrs" for t in clause_tokens
        ):
            sentence_basis = "unclear"
        start = end + 1


def _strip_tokens(text: str, a: int, b: int, tokens: list[Token]) -> str:
    """The clause text with every recognised token cut out (what is left must be filler for a clean clause)."""
    out, pos = [], a
    for t in sorted(tokens, key=lambda t: t.start):
        out.append(text[pos : t.start])
        pos = max(pos, t.end)
    out.append(text[pos:b])
    return "".join(out)


def _read_clause(
    work: Working, line_no: int, a: int, tokens: list[Token], previous: Subject | None, clean: bool,
    blocked: bool, basis: str | None, sentence_period: Period | None, ctx: PeriodContext, state: _State,
    result: ParseResult,
) -> Subject | None:
    """Emit the facts of one clause; return the subject a following bare-growth clause may continue."""
    current: Subject | None = None
    ambiguous = False
    last_end: int | None = None
    last_was_subject = False
    clause_period = sentence_period
    clause_marks: set[Period] = set()
    subjects_seen = 0
    levels: list[tuple[Subject, Token]] = []
    pending: list[tuple[Subject | None, Token, str | None, Period | None]] = []
    for tok in tokens:
        if tok.kind == "marker":
            if not tok.comparison and tok.period is not None:
                clause_marks.add(tok.period)
                clause_period = tok.period if len(clause_marks) == 1 else _UNCLEAR
            continue
        if tok.kind == "basis":
            continue
        if tok.kind == "subject":
            subjects_seen += 1
            ambiguous = last_was_subject and current is not None and current != tok.subject
            current = tok.subject
            last_end, last_was_subject = tok.end, True
            continue
        last_was_subject = False
        gap_ok = last_end is not None and _FILLER.match(_gap(work.text, last_end, tok.start, tokens)) is not None
        last_end = tok.end
        if tok.kind in ("usd", "qualitative"):
            continue
        subject: Subject | None
        reason: str | None = None
        if current is None:
            continuation = previous is not None and clean and tok.kind in ("growth", "flat") and subjects_seen == 0
            subject = previous if continuation else None
            if subject is None:
                reason = "no metric in the same clause"
        else:
            subject = current
            if ambiguous:
                reason = "several metrics precede the figure"
            elif not gap_ok:
                reason = "figure not clearly attached to the metric"
        if blocked:
            reason = "clause lists several figures or compares periods"
        pending.append((subject, tok, reason, clause_period))
        if subject is not None and tok.kind in ("money", "bare") and reason is None:
            levels.append((subject, tok))
    repeated = {id(s) for s, _ in levels if sum(1 for s2, _ in levels if s2 is s) > 1}
    for subject, tok, reason, period in pending:
        if reason is None and subject is not None and id(subject) in repeated and tok.kind in ("money", "bare"):
            reason = "several amounts for one metric in one clause"
        _emit(work, line_no, subject, tok, reason, basis, period, ctx, state, result)
    if current is not None and not ambiguous and clean and current.kind != "blocked":
        return current
    if current is None and clean and previous is not None:
        return previous
    return None


def _gap(text: str, a: int, b: int, tokens: list[Token]) -> str:
    """Text between two items with period markers and basis words removed."""
    inner = [t for t in tokens if a <= t.start and t.end <= b and t.kind in ("marker", "basis", "usd", "qualitative")]
    return _strip_tokens(text, a, b, inner)


def _emit(
    work: Working, line_no: int, subject: Subject | None, tok: Token, reason: str | None, basis: str | None,
    period: Period | None, ctx: PeriodContext, state: _State, result: ParseResult,
) -> None:
    """Turn one attached figure into a Fact, or hold it back with the reason."""
    a, b = work.span(tok.start, tok.end)
    reported = work.original[a:b].strip()
    locator = f"line {line_no} chars {a}-{b}"
    if tok.kind == "flat":
        return
    if reason is None and subject is not None and subject.kind == "blocked":
        reason = "metric outside the vocabulary"
    if tok.kind == "ambiguous" and reason is None:
        reason = "增长N倍 may mean N or N+1 times; not placed"
    if reason is None and subject is not None:
        period = period or state.section or ctx.default
        fact, reason = _fact(work, subject, tok, basis, period, reported, locator, a, b)
        if fact is not None:
            result.facts.append(fact)
            return
    result.held.append(Held(reason or "not placed", reported, locator))


def _fact(
    work: Working, subject: Subject, tok: Token, basis: str | None, period: Period | None, reported: str,
    locator: str, a: int, b: int,
) -> tuple[Fact | None, str | None]:
    """Build the fact for a figure attached to a subject, or say why it cannot be one."""
    if period is None:
        return None, "period not stated"
    if period is _UNCLEAR:
        return None, "two periods named before the figure"
    if subject.metric in _AS_AT_METRICS:
        period = _as_quarter(period)
        if period is None:
            return None, "as-at figure whose quarter is not clear"
    elif period.type == "instant":
        return None, "as-at date for a flow figure"
    measure, unit = "value", "CNY"
    if tok.kind == "growth":
        measure, unit, value, qualifier = tok.measure, "pct", tok.value, tok.qualifier
    else:
        if subject.kind == "growth_only":
            return None, "only growth is read for this metric"
        unit_or_reason = _level_unit(subject, tok)
        if unit_or_reason[0] is None:
            return None, unit_or_reason[1]
        unit = unit_or_reason[0]
        try:
            value = scaled(tok.num, scale_factor(tok.scale))
        except NumberFormatError as exc:
            return None, f"unreadable number: {exc}"
        qualifier = _level_qualifier(work, tok)
    chosen = subject.basis or basis
    if chosen == "unclear" and subject.metric in BASIS_METRICS:
        return None, "basis unclear: a non-IFRS figure came earlier in the sentence"
    fact_basis = basis_for(subject.metric, chosen == "non_ifrs")
    snippet = make_snippet(work.original, a, b)
    fact = Fact(subject.entity, subject.metric, subject.segment, fact_basis, measure, period, value, unit,
                reported, locator, snippet, qualifier)
    return fact, None


def _level_unit(subject: Subject, tok: Token) -> tuple[str | None, str]:
    """The unit of a level figure, or None with a reason when the written unit does not fit the metric."""
    if subject.kind == "count":
        if tok.kind == "bare" and not tok.currency:
            return "count", ""
        return None, "MAU written with a currency"
    if subject.kind == "per_share":
        if tok.kind == "money" and tok.currency == "元" and not tok.scale:
            return "CNY_per_share", ""
        return None, "per-share figure not in yuan"
    if tok.kind == "money" and tok.currency == "元" and tok.scale:
        return "CNY", ""
    if tok.kind == "bare" and tok.currency:
        return "CNY", ""
    return None, "amount without a stated currency and scale"


def _level_qualifier(work: Working, tok: Token) -> str:
    """approx / gt when the amount is introduced by 约 / 近 / 超过."""
    before = work.text[max(0, tok.start - 3) : tok.start]
    if re.search(r"(?:超过|超|逾)\s*$", before):
        return "gt"
    if re.search(r"(?:约|近|接近)\s*$", before):
        return "approx"
    return "eq"


def _as_quarter(period: Period) -> Period | None:
    """The quarter an as-at or year-end KPI belongs to."""
    if period.type == "quarter":
        return period
    try:
        return periods.quarter_ending(period.end)
    except periods.PeriodError:
        return None


def _drop_conflicts(result: ParseResult) -> None:
    """Keep the first of repeated facts; hold back every fact whose key got two different values."""
    by_key: dict[tuple, set[tuple[float, str]]] = {}
    for f in result.facts:
        key = (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)
        by_key.setdefault(key, set()).add((f.value, f.qualifier))
    kept, seen = [], set()
    for f in result.facts:
        key = (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)
        if len(by_key[key]) > 1:
            result.held.append(Held("two different values for one key in the document", f.reported_text, f.locator))
        elif key not in seen:
            seen.add(key)
            kept.append(f)
    result.facts = kept


PARSER = Parser(kind=KIND, version=VERSION, sniff=sniff, parse=parse)
