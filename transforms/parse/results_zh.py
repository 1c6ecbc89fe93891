"""Chinese Tencent results: the 美通社 release (traditional) and news reports of the results (simplified)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from transforms.model import (
    SNIPPET_MAX,
    DecoyDocument,
    EmptyDocument,
    Event,
    Fact,
    Held,
    ParseError,
    ParseResult,
    Period,
    UnsupportedDocument,
    flatten,
    make_snippet,
)
from transforms.normalise import periods
from transforms.normalise.numbers import (
    ZH_NUMERALS,
    NumberFormatError,
    loosely_restates,
    parse_number,
    scale_factor,
    scaled,
    zh_decimal,
    zh_numeral,
    zh_tenths,
)
from transforms.normalise.text import fold, to_simplified
from transforms.normalise.vocabulary import BASIS_METRICS, basis_for, segment_for
from transforms.parse import Parser
from transforms.parse.document import Document
from transforms.parse.scrambled import scrambled_reason

KIND = "results_release_zh"
VERSION = "14"

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
    """Simplify and fold `original` (dropping pinyin glosses), keeping a map back to the original offsets."""
    simplified = to_simplified(original)
    if len(simplified) != len(original):
        simplified = "".join(_one_char(to_simplified(ch), ch) for ch in original)
    dropped = {i for m in _PINYIN.finditer(original) for i in range(m.start(), m.end())}
    dropped |= {
        i for m in _SOFT_WRAP.finditer(original) if _is_soft_wrap(original, m) for i in range(*m.span())
    }
    dropped |= {i for m in _SPLIT_DECIMAL.finditer(original) for i in range(*m.span())}
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(simplified):
        if i in dropped:
            continue
        folded = fold(ch).lower()
        for out in folded:
            chars.append(out)
            origin.append(i)
    return Working(original, "".join(chars), tuple(origin))


# A space a copy put after a decimal point (12. 68 亿, 5. 52億): dropped, the number is one.
_SPLIT_DECIMAL = re.compile(r"(?<=\d\.)[ \t\u00a0\u2009\u202f]+(?=\d+[ \t]*(?:万亿|萬億|亿|億|万|萬|元|%))")
# A line break inside a sentence of a hard-wrapped copy (with the next line's indentation).
_SOFT_WRAP = re.compile(r"[ \t]*\n[ \t]*")
_WRAP_WIDTH = 30
# A short heading line (二零一八年第四季度業績摘要, 財務分析): never the tail of a wrapped sentence.
_HEADER_END = re.compile(r"(?:摘要|分析|業績|业绩|要點|要点)$")
_HEADER_LINE = re.compile(r"[^\n。,,:]{0,28}(?:摘要|分析|業績|业绩|要點|要点)[ \t]*(?:\r?\n|$)")
_SENTENCE_FINAL = "。！？；：!?;:"
_BULLETS = "-–—•·▪*"
_SUB_BULLETS = ("-", "–", "—")
# A clause giving the level its metric reached, after a clause with the metric's growth (…增长4.6%,达到人民币55.6亿元).
_LINKED_AMOUNT = re.compile(
    r"[ \t]*(?:并|且)?(?:达到|达|增至|升至|降至|至)[ \t]*(?:人民币)?[ \t]*(?:逾|超过|约|近)?[ \t]*[\d一二两三四五六七八九十]"
)
_HEADLINE_WIDTH = 30
_LINE_OPENER = re.compile(r"[\s\-–—•·▪*]*(?:于|在)?")
_CLOSING_QUOTES = "」』”’\"')）"


def _is_soft_wrap(text: str, m: re.Match[str]) -> bool:
    """A break after a long line that does not end a sentence, before a line that starts no bullet."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = text[line_start : m.start()].strip()
    after = text[m.end() : m.end() + 1]
    if len(before) < _WRAP_WIDTH or not after or after in "\n\r" + _BULLETS:
        return False
    if _HEADER_LINE.match(text, m.end()) or (_HEADER_END.search(before) and after not in _SENTENCE_FINAL + ",,"):
        return False
    next_end = text.find("\n", m.end())
    if len(text[m.end() : next_end if next_end >= 0 else len(text)].strip()) > 2 * len(before):
        return False  # the next line runs far past this one: this one was not wrapped at a width
    if before[-1:] in "%0123456789" and _starts_with_metric(text[m.end() : m.end() + 16]):
        return False  # a figure, then a line naming a metric: two statements, not one wrapped sentence
    return before.rstrip(_CLOSING_QUOTES)[-1:] not in _SENTENCE_FINAL


# Pinyin glosses some mirrors print after each character (財(cái)報(bào)); dropped from the working text.
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńň]{1,6}[)）]")


def _starts_with_metric(text: str) -> bool:
    """Whether a line opens with a metric or segment word of the vocabulary (总收入为..., 经营盈利...)."""
    head = fold(to_simplified(text)).lower().lstrip(" \t" + _BULLETS)
    return any(head.startswith(word) for word, _ in _METRIC_WORDS) or any(head.startswith(w) for w in _SEGMENT_WORDS)


def _one_char(converted: str, fallback: str) -> str:
    """The one-character conversion of a character, or the character itself when conversion changes length."""
    return converted if len(converted) == 1 else fallback


# ---------------------------------------------------------------------------------------------------------
# Vocabulary of the documents (simplified, lower-case).

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]*\d)"
_SCALE = r"万亿|千亿|百亿|十亿|亿|千万|百万|万"
_YUAN = ("元", "人民币")
_ZH_SCALES = frozenset({"万亿", "亿"})
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_ZH_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ZH_MONTHS = {"三": 3, "六": 6, "九": 9, "十二": 12, "3": 3, "6": 6, "9": 9, "12": 12}
_ZH_N = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True, slots=True)
class Subject:
    """What a figure is about: entity, metric, segment and (for profit lines) an explicit basis."""

    entity: str
    metric: str
    segment: str = "total"
    basis: str | None = None
    kind: str = "money"  # money | plain | per_share | count | growth_only | blocked | after_line
    formal: bool = False  # named by its line in the IFRS statements (权益持有人应占盈利, 每股基本盈利)


_METRIC_WORDS: tuple[tuple[str, str], ...] = (
    ("本公司权益持有人应占盈利", "profit_attributable"),
    ("归属于本公司权益持有人的盈利", "profit_attributable"),
    ("权益持有人应占盈利", "profit_attributable"),
    ("归母净利润", "profit_attributable"),
    ("归属股东的净利润", "profit_attributable"),
    ("归属于股东的净利润", "profit_attributable"),
    ("归属于本公司权益持有人的净利润", "profit_attributable"),
    ("权益持有人应占利润", "profit_attributable"),
    ("权益持有人应占溢利", "profit_attributable"),
    ("权益持有人归属盈利", "profit_attributable"),
    ("每股基本盈利", "eps_basic"),
    ("基本每股盈利", "eps_basic"),
    ("每股摊薄盈利", "eps_diluted"),
    ("摊薄每股盈利", "eps_diluted"),
    ("基本每股纯益", "eps_basic"),  # Taiwan papers: 純益 for 盈利
    ("稀释每股纯益", "eps_diluted"),
    ("经营盈利", "operating_profit"),
    ("经营利润", "operating_profit"),
    ("期内盈利", "profit_for_period"),
    ("年度盈利", "profit_for_period"),
    ("总收入", "revenue"),
    ("营业额", "revenue"),
    ("营业收入", "revenue"),
    ("总营收", "revenue"),
    ("营收", "revenue"),
    ("收入", "revenue"),
    ("毛利润", "gross_profit"),
    ("毛利", "gross_profit"),
    ("总现金", "total_cash"),
    ("资本开支", "capex"),
    ("资本支出", "capex"),
)

# The IFRS statements' own names of the attributable profit and EPS: the release labels every non-IFRS figure of
# these lines, so a report that copies one without a basis word is quoting the IFRS line.
_FORMAL_WORDS = frozenset({
    "本公司权益持有人应占盈利", "归属于本公司权益持有人的盈利", "权益持有人应占盈利", "权益持有人应占利润",
    "权益持有人应占溢利", "每股基本盈利", "基本每股盈利", "每股摊薄盈利", "摊薄每股盈利",
    "基本每股纯益", "稀释每股纯益",
})

# Bare words for revenue: after a named line in the same sentence they may be that line's revenue.
_PLAIN_WORDS = frozenset({"收入", "营收", "营业额"})
# What may stand before a bare revenue word that means the total (else it names an unknown line's revenue).
# A clause about a line of the business right before a bare revenue word opening the next one (海外游戏市场竞争激烈,收入…).
_LINE_CLAUSE_BEFORE = re.compile(r"(?:游戏|广告|金融科技|企业服务|云业务|视频号|小程序)[^,，。;；!?\n]{0,24}[,，][ \t]*$")
_TOTAL_BEFORE = re.compile(
    r"(?:^|[^\u4e00-\u9fff]|实现|全年|年|年度|季度|季|腾讯|控股|公司|集团|期内|本季|当季|整体|累计|一份)[ \t]*$"
)

# The last year whose results have one online games line (domestic and international games after it).
_LAST_ONLINE_GAMES_YEAR = 2020

# Balances and KPIs stated as at a quarter end, recorded with the quarter they close.
_AS_AT_METRICS = frozenset({"mau", "total_cash", "subscriptions"})

_SEGMENT_WORDS: tuple[str, ...] = (
    "金融科技及企业服务",
    "本土市场游戏",
    "国际市场游戏",
    "国际游戏",
    "国内游戏",
    "增值服务",
    "增值业务",
    "网络广告",
    "营销服务",
    "营销业务",
    "社交网络",
    "社群网络",
    "网络游戏",
)

_BASIS_WORDS: tuple[tuple[str, str], ...] = (
    (r"非国际财务报告准则(?:下(?![降跌滑]))?", "non_ifrs"),  # 准则下: "under the standards"
    (r"非通用会计准则", "non_ifrs"),
    (r"non[-–— ]?(?:ifrs|gaap)", "non_ifrs"),
    (r"非国际财务报告[ \t]*\((?:non[-–— ]?ifrs)\)[ \t]*准则", "non_ifrs"),
    (r"国际财务报告准则", "ifrs"),
    (r"(?:撇除|排除|剔除)若干(?:一次性|非现金)", "non_ifrs"),
    # 经调整每股基本盈利 (Hong Kong papers): "adjusted" right before an EPS line's own name is its non-IFRS figure.
    (r"(?:经调整|调整后)(?:的)?(?=每股(?:基本|摊薄)盈利|(?:基本|摊薄)每股盈利)", "non_ifrs"),
)

# Phrases that name something outside the vocabulary; a figure after one of them is never attached elsewhere.
_BLOCKERS: tuple[str, ...] = (
    r"预计|预期|预测|预估|一致预期|市场预期|有望",  # a forecast, not a result
    r"(?:互联网|移动及电信|社区及开放平台|移动)增值服务",
    r"(?:互联网|移动|电信|无线)增值业务",
    r"(?:该|此|这一|这个)(?:业务|板块|分部)",  # a line named before (该业务2022年收入): not the total
    r"毛利率",
    r"经营利润率",
    r"利润率",
    r"净利率",
    r"净利润",
    r"纯利",
    r"自由现金流",
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
    r"月活跃(?:账户|帐户|用户)数?",
    r"视频号",
    r"会员",
    r"(?:收入|营业|销售)?成本",  # 收入成本, 营业成本: the cost of a line, not its revenue
)

# A monthly active user count (月活跃账户数, 月活用户, 月活跃量).
_MAU_WORD = r"月活(?:跃)?(?:账户|帐户|用户)?(?:数量|数|量)?"
# Fee-based VAS subscriptions (收费增值服务注册账户数, 付费会员数, 订阅数).
_SUBSCRIPTIONS = r"收费增值服务(?:的)?(?:注册账户数?|订阅会员数|订阅数|订阅账户数|付费会员数)"

_SPECIAL_SUBJECTS: tuple[tuple[str, Subject], ...] = (
    (r"微信[ \t]*及[ \t]*wechat[ \t]*(?:的)?合并" + _MAU_WORD, Subject("weixin", "mau", kind="count")),
    (r"微信(?:[ \t]*及[ \t]*wechat[ \t]*)?(?:的)?(?:合并)?" + _MAU_WORD, Subject("weixin", "mau", kind="count")),
    (r"qq(?:的)?移动(?:终端|端)?(?:的)?" + _MAU_WORD, Subject("qq", "mau", kind="count")),
    (r"qq(?:的)?月活跃(?:账户|帐户|用户)数?", Subject("qq", "mau", kind="count")),
    # QQ的智能终端月活跃账户数: QQ's smart-device MAU, the QQ count the releases of 2016-2020 report.
    (r"qq(?:的)?智能终端(?:的)?" + _MAU_WORD, Subject("qq", "mau", kind="count")),
    (_SUBSCRIPTIONS, Subject("tencent", "subscriptions", "vas", kind="count")),
    (r"金融科技(?:与|和)企业服务", Subject("tencent", "revenue", "fintech_business_services")),
    (r"本土(?:市场)?游戏(?=(?:业务)?收入)|本土市场(?=收入)", Subject("tencent", "revenue", "domestic_games")),
    # 国际/海外游戏收入 on its own; after 国内及/和/、 it is the second of a pair whose figures follow as a list.
    (r"(?<![及和与、/])(?:国际|海外)(?:市场)?游戏(?=(?:业务)?收入)|国际市场(?=收入)",
     Subject("tencent", "revenue", "international_games")),
    # 国内游戏业务营收, 国际游戏业务的表现: the games lines named as businesses (a bare 营收 after one is not the total).
    (r"(?:本土|国内)(?:市场)?游戏业务(?:营收|收入)?", Subject("tencent", "revenue", "domestic_games")),
    (r"(?:国际|海外)(?:市场)?游戏业务(?:营收|收入)?", Subject("tencent", "revenue", "international_games")),
    (
        r"视频号(?:的)?(?:总用户使用时长|用户总使用时长|总使用时长|用户使用时长|使用时长|总使用者使用时间|使用者使用时间)",
        Subject("wechat_channels", "user_time_spent", kind="growth_only"),
    ),
    (r"视频号(?:的)?广告收入", Subject("wechat_channels", "ad_revenue")),
    (r"视频号(?:的)?(?:视频)?(?:总)?播放量", Subject("wechat_channels", "video_views", kind="growth_only")),
    (r"视频号(?:的)?日活跃(?:账户|用户)数?", Subject("wechat_channels", "dau", kind="growth_only")),
    # 净利(公司权益持有人应占盈利): a plain profit word glossed with the statements' own name of the line.
    (r"(?:净利润|净利|纯利)\((?:本?公司)?权益持有人应占(?:盈利|溢利|利润)\)",
     Subject("tencent", "profit_attributable", formal=True)),
    (r"其他(?=(?:业务|分部)?收入)", Subject("tencent", "revenue", "others")),
    # Tencent's advertising business is its marketing services line (another product's 视频号广告业务 is not).
    (r"(?:(?<![\u4e00-\u9fff])|(?<=腾讯))广告业务(?=(?:营收|收入))", Subject("tencent", "revenue", "marketing_services")),
    # 广告收入 after nothing but a period code (25Q2广告收入): the advertising line; 视频号广告收入 and the like are not.
    (r"(?<=q[1-4])广告收入", Subject("tencent", "revenue", "marketing_services")),
    # 广告收入 opening a sentence or clause, or right after 腾讯: the advertising line, unless the sentence named a
    # subject before it (视频号…,四季度广告收入…; see _sentence_ad_words).
    (r"(?:(?<![\u4e00-\u9fff])|(?<=腾讯))广告收入", Subject("tencent", "revenue", "marketing_services")),
)

_MERGE_GAP = re.compile(r"^(?:\s|\)|\[\d{1,2}\]|业务|分部|板块|的|下的|下|计算的|口径|实现|录得|期内|本期|(?:在|于)(?:本季度|本季|期内))*$")  # 营销服务业务期内收入
# A period between a segment and its revenue word (增值服务业务2021年四季度收入): the revenue of that segment.
_DATED_GAP = re.compile(
    r"^(?:业务|板块)?\s*(?:\d{4}\s*年\s*)?(?:第?[一二三四1-4]\s*季度?|上半年|下半年|全年|前三季度)?\s*(?:的)?$"
    r"|^(?:业务|板块)?\s*q[1-4]\s*$"
    r"|^(?:业务|板块)?\s*截至\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*止\s*(?:年度|(?:三|六|九|十二)个月)\s*(?:的)?$"
)

# The basis of a sentence after a line labelled non-IFRS in brackets (经营利润(Non-IFRS)为...): that label is the
# line's own, so the sentence's other lines have no basis stated beside one that had.
_LABELLED = "labelled"

# Stands for "two different periods named before the figure": such a figure is held back.
_UNCLEAR = Period("unclear", date.min, date.min, "unclear")

# Text allowed between a subject and its figures, and around a bare growth clause.
_FILLER = re.compile(
    r"^(?:\s|同比|按年|年比|(?:较|比)?(?:去年同期|上年同期)的?低基数|较|较去年同期|较上年同期|与去年同期相比|比去年同期|环比|按季|较上季度|较上一季度|"
    r"比上一季度|比上季度|按|为|是|达到|达|录得|录|增至|升至|降至|至|到|约合|约|近|超过|超|逾|人民币|人民|的|了|亦|也|则|并|且|而|实现|共|合计|总计|"
    r"业务|分部|板块|版块|期内|本季度|本季|该季度|当季|单季度|单季|季度|其中|当中|此外|另外|方面|腾讯控股|腾讯|集团|公司|原|即|累计|其|金额|个|"
    r"首次突破|突破|户|略有(?:增长|增加|上升)(?=至)|(?:再次|再度|再)?创(?:下)?历史新高|"
    r"\(\d{4,5}(?:\.hk)?\)|\((?:按|以)固定汇率计算[^()]{0,12}\)|\(人民币,下同\)|\(约?新台币(?:[\d,.]+(?:兆|亿|万)?元)?\)|"
    r"\[\d+\]|\([a-z\s]*\)|[()\[\]「」\"'、:\-–—•·▪*/])*$"
)

_MONEY = re.compile(
    rf"(?<![\d.,])(?P<cur>人民币[ \t]*)?(?P<num>{_NUM})[ \t]*(?P<scale>{_SCALE})?[ \t]*(?P<ccy>美元|港元|元|人民币)"
)
# An amount in Chinese numerals with its scale (九十六亿元, 逾一千亿元, 八亿五千万个); never a vague one (一百八十几亿).
_ZH_AMOUNT = re.compile(
    rf"(?<![{ZH_NUMERALS}几万亿])(?P<zh>[{ZH_NUMERALS}]+(?:亿(?:[{ZH_NUMERALS}]+万)?|万))(?![{ZH_NUMERALS}几多余])"
    r"[ \t]*(?P<ccy>元|人民币|美元|港元|港币)?"
)
# A currency word before an amount in 元 that is not the renminbi (约新台币5,100亿元).
_FOREIGN_YUAN = re.compile(r"(?:新台币|台币|港币|美金)[ \t]*$")
_BARE = re.compile(
    rf"(?<![\d.,])(?P<cur>人民币[ \t]*)?(?P<num>{_NUM})[ \t]*(?P<scale>{_SCALE}|million\b|billion\b)(?![\d元美港])"
)

_DIR_PRE = (
    r"同比|按年|年比|(?<!全)年(?=[增减])|(?<![\u4e00-\u9fff\d])季(?=[增减])|环比|按季|相较(?:于)?(?:去年同期|上年同期)|较去年同期|较上年同期|与去年同期相比|比去年同期|较上季度|较上一季度|比上季度|比上一季度"
)
_UP = r"增幅|涨幅|增长|成长|增加|上升|上涨|提升|增|升幅|升|(?:(?<=[,;])|(?<=按年)|(?<=同比))多(?=[ \t]*\d)"
_DOWN = "降幅|跌幅|下降|减少|下跌|下滑|降低|跌|降|减"
_DOWN_SHORT = r"(?:(?<=同比)|(?<=按年))下(?=[ \t]*\d)"  # 同比下4%: 下 alone, right after the comparison
_GROWTH_PCT = re.compile(
    rf"(?P<pre>{_DIR_PRE})?[ \t]*(?:大幅|显著|稳步|稳定|稳健|强劲|快速|小幅|略微|略|仅|飙|急|攀|回|大(?=升))?[ \t]*(?P<verb>{_UP}|{_DOWN}|{_DOWN_SHORT})[ \t]*(?:了|为|达到|达)?[ \t]*(?P<q>超过|超|逾|近|约|接近|将近|大约)?[ \t]*"
    rf"(?P<sign>[-+])?(?P<num>{_NUM})[ \t]*%[ \t]*(?P<post>以上|左右|多)?"
)
# Growth in tenths (升五成七 57%, 增长近两成 about 20%, 升五成半 55%) or 百分之N (减少百分之五), as Hong Kong papers write it.
_TENTHS_VERB = rf"(?:{_UP}|{_DOWN}|急升|大升|回升|升)"
_GROWTH_TENTHS = re.compile(
    rf"(?P<pre>{_DIR_PRE})?[ \t]*(?:也|亦)?(?P<verb>{_TENTHS_VERB})[ \t]*(?:了)?[ \t]*(?P<q>超过|超|逾|近|约|接近)?[ \t]*"
    r"(?P<n>[一二两三四五六七八九])成(?:(?P<d>[一二三四五六七八九])(?![十百千万亿成])|(?P<half>半))?"
    r"(?P<post>以上|左右|多)?(?![为功本交长员熟果就立效])"
)
_GROWTH_ZH_PCT = re.compile(
    rf"(?P<pre>{_DIR_PRE})?[ \t]*(?:也|亦)?(?P<verb>{_TENTHS_VERB})[ \t]*(?:了)?[ \t]*(?P<q>超过|超|逾|近|约|接近)?[ \t]*"
    r"百分之(?P<n>[零一二两三四五六七八九十百]+)(?:点(?P<d>[零一二三四五六七八九]+))?(?P<post>以上|左右|多)?"
)
# 同/环比增8%/4%, 同环比+8%/+4%: a year-on-year and a quarter-on-quarter growth paired by their place, as broker notes
# write them.
_GROWTH_PAIR = re.compile(
    rf"(?:同比?/环比|同环比)[ \t]*(?P<verb>{_UP}|{_DOWN})?[ \t]*(?P<s1>[-+])?(?P<a>{_NUM})[ \t]*%[ \t]*/[ \t]*"
    rf"(?P<s2>[-+])?(?P<b>{_NUM})[ \t]*%"
)
# A growth written with its code and sign, as broker notes write it (YoY+11.7%, QoQ-3%).
_GROWTH_CODE = re.compile(rf"(?<![a-z])(?P<pre>yoy|qoq)[ \t]*[:]?[ \t]*(?P<sign>[+\-−])?[ \t]*(?P<num>{_NUM})[ \t]*%")
_GROWTH_DOUBLE = re.compile(
    rf"(?P<pre>{_DIR_PRE})?[ \t]*(?:(?P<q1>超过|超|逾|近)?[ \t]*翻(?:了)?(?:一)?(?:倍|番)|"
    r"(?:增长|增加)[ \t]*(?P<q2>超过|超|逾|近)?[ \t]*一倍[ \t]*(?P<post>以上|多)?)"
)
_GROWTH_TIMES = re.compile(
    r"(?:为|是|达到|达)(?:去年同期|上年同期|去年|上年)(?:的)?[ \t]*(?P<q>近|约|超过|逾)?[ \t]*"
    r"(?P<n>[两二三四五六七八九十]|\d+(?:\.\d+)?)[ \t]*倍"
)
_GROWTH_AMBIGUOUS = re.compile(
    r"(?:增长|增加)[ \t]*(?:了)?[ \t]*(?:[两二三四五六七八九十]|\d+(?:\.\d+)?)[ \t]*倍"
)
_FLAT = re.compile(rf"(?:{_DIR_PRE})?[ \t]*(?:大致|基本)?持平")
_QUALITATIVE = re.compile(
    rf"(?:{_DIR_PRE})?[ \t]*(?:显著|快速|迅速|稳健|强劲|大幅|稳步)(?:增长|提升|上升)"
    r"|(?:则|也|亦|同样)?[ \t]*出现(?:了)?(?:较大|明显|显著|一定)?(?:的)?(?:增长|下滑|下降)"
)
# The level a growth reached, right after it in the same clause (同比增长32%至177.13亿元).
_REACHED_GAP = re.compile(r"^[ \t]*(?:至|达到|达|增至|降至|升至)[ \t]*$")

_MARGIN_WORD = r"(?P<word>经营利润率|净利润率|净利率|毛利率)"
_MARGIN_PRIOR = r"(?P<ref>去年同期|上年同期|去年|上年|上一季度|上季度)"
_PCT = r"(?P<{}>\d{{1,3}}(?:\.\d+)?)[ \t]*%"
# 经营利润率由去年同期的28%下降到23%: the margin of the period and of the period it is compared with.
_MARGIN_CHANGE = re.compile(
    _MARGIN_WORD + r"[ \t]*由[ \t]*" + _MARGIN_PRIOR + r"(?:的)?[ \t]*" + _PCT.format("prior")
    + r"[ \t]*(?:略为|略微|轻微|大幅)?(?:上升|下降|增长|增加|减少|降低|提升|回升|下滑|升|降)(?:至|到)[ \t]*"
    + _PCT.format("current")
)
# 经营利润率维持稳定,与去年同期的32%一致: both periods at one margin.
_MARGIN_SAME = re.compile(
    _MARGIN_WORD + r"[ \t]*(?:维持稳定|保持稳定|保持不变)[ \t]*,?[ \t]*与" + _MARGIN_PRIOR + r"(?:的)?[ \t]*"
    + _PCT.format("both") + r"[ \t]*(?:一致|相同|持平)"
)
# 经营利润率与去年同期持平为29%: the margin of the period.
_MARGIN_FLAT = re.compile(
    _MARGIN_WORD + r"[ \t]*与" + _MARGIN_PRIOR + r"(?:的)?[ \t]*持平[ \t]*(?:为|于|在)[ \t]*" + _PCT.format("current")
)
# 占总收入的52%, 占总营收比重32%: the share of total revenue a line makes.
_SHARE = re.compile(
    r"占[ \t]*(?:总收入|总营收|总营业收入)[ \t]*(?:的)?[ \t]*(?:比重|比例)?[ \t]*(?:为|达)?[ \t]*(?P<num>\d{1,3}(?:\.\d+)?)[ \t]*%"
)
# 毛利率提升至53%, 毛利率同比提升3.6个百分点至57%: the margin the period reached (the change is not read).
_MARGIN_REACH = re.compile(
    _MARGIN_WORD + r"[ \t]*(?:同比|按年)?[ \t]*(?:提升|上升|增长|增加|回升|下降|降低|下滑|优化|改善)"
    r"(?:[ \t]*\d{1,2}(?:\.\d+)?[ \t]*个百分点)?[ \t]*(?:至|到)[ \t]*" + _PCT.format("current")
)
# 毛利率达到56%, 毛利率为56%: the margin of the period, stated as a level (not a change in points).
_MARGIN_LEVEL = re.compile(
    _MARGIN_WORD + r"[ \t]*(?:为|达到|达|录得)?[ \t]*" + _PCT.format("current") + r"(?![ \t]*[-~至到][ \t]*\d)"
)
# What may stand before a level margin in its clause for it to be the group's: the company, the period, nothing.
_GROUP_BEFORE_MARGIN = re.compile(
    r"(?:腾讯(?:控股)?|集团|公司|整体|总体|期内|本季度?|当季|单季度?|\d{4}[ \t]*年|第?[一二三四1-4][ \t]*季度?|全年|上半年|的|\s)*"
)
# A forecast earlier in the sentence or bullet (预计..., 预期...): its margins are not results.
_FORECAST_BEFORE = re.compile(r"预计|预期|预测|预估|有望")
# A forecast opening its clause with the period and the line it is of (预计25Q2营业收入, 预计2025年第二季度总收入): its
# figures are estimates; a forecast after a subject (市场预计, 公司预计) or without a period stays unread.
_FORECAST_LEAD = re.compile(
    r"(?<![\u4e00-\u9fff])预计[ \t]*(?:\d{2}q[1-4]|\d{4}[ \t]*年?[ \t]*q[1-4]|q[1-4]|(?:\d{4}[ \t]*年[ \t]*)?第?[一二三四1-4][ \t]*季度?)"
    r"[ \t]*(?:的)?[ \t]*(?=营业收入|总收入|营收|收入|毛利|广告收入|游戏收入)"
)
_PASSAGE_END = re.compile(r"[。!?;\n\]]|\s-\s")
_MARGIN_METRICS = {"经营利润率": "operating_profit", "净利润率": "profit_for_period", "净利率": "profit_for_period",
                   "毛利率": "gross_profit"}

_MARK_ENDING = re.compile(
    rf"截至[ \t]*(?P<y>{_YEAR})[ \t]*年[ \t]*(?P<m>[一二三四五六七八九十\d]{{1,3}})[ \t]*月[ \t]*(?P<d>[一二三四五六七八九十\d]{{1,3}})[ \t]*日[ \t]*"
    r"止[ \t]*(?:(?P<n>三|六|九|十二|3|6|9|12)[ \t]*个月|(?P<fy>年度|财政年度))"
)
_MARK_ASAT = re.compile(
    rf"截至[ \t]*(?P<y>{_YEAR})[ \t]*年[ \t]*(?P<m>[一二三四五六七八九十\d]{{1,3}})[ \t]*月[ \t]*(?P<d>[一二三四五六七八九十\d]{{1,3}})[ \t]*日(?![ \t]*止)"
)
# 截至六月底, 截至2017年6月末: the close of a month, for balances and user counts.
_MARK_MONTH_END = re.compile(
    rf"截至[ \t]*(?:(?P<y>{_YEAR})[ \t]*年[ \t]*)?(?P<m>[一二三四五六七八九十\d]{{1,3}})[ \t]*月[ \t]*(?:底|末)"
)
# 截至6月底的3个月, 截至九月末止三个月: the months up to the close of a month (a quarter, a half, nine months).
_MARK_MONTH_SPAN = re.compile(
    rf"截至[ \t]*(?:(?P<y>{_YEAR})[ \t]*年[ \t]*)?(?P<m>[一二三四五六七八九十\d]{{1,3}})[ \t]*月[ \t]*(?:底|末)[ \t]*(?:的|止)?[ \t]*"
    r"(?P<n>三|六|九|十二|3|6|9|12)[ \t]*个月"
)
_MARK_QUARTER = re.compile(
    rf"(?:(?P<y>{_YEAR})[ \t]*年[ \t]*(?:度)?[ \t]*)?(?:第[ \t]*(?P<q>[一二三四1-4])[ \t]*季(?:度)?|(?<![上下])(?P<q2>[一二三四]|(?<![\d.])[1-4])[ \t]*季度|"
    r"(?<![本此这该每一])(?P<first>首)季(?:度)?(?![节风]))"
)
_MARK_CODE = re.compile(
    r"(?<![a-z0-9])(?:(?P<q>[1-4])q(?P<y>\d{4})|fy(?P<fy>\d{4})|(?:(?P<y2>\d{4})[ \t]*年?[ \t]*)?q(?P<q2>[1-4])"
    r"|(?P<yy>\d{2})q(?P<q3>[1-4]))(?![0-9])"
)
# 上季 in a report on the results (腾讯上季收入...): the quarter before the one it is published in.
_MARK_LAST_QUARTER = re.compile(r"(?<![较比与按])上季(?!度)")
# 去年第四季 in a report on the results: that quarter of the year before publication.
_MARK_LAST_YEAR_QUARTER = re.compile(
    r"(?<![较与比])去年[ \t]*(?:第[ \t]*(?P<q>[一二三四1-4])[ \t]*季度?|(?P<q2>[一二三四])[ \t]*季度)"
)
# 本季度 in a report on the results: the one quarter it reports.
_MARK_THIS_QUARTER = re.compile(r"本季度?")
_MARK_HALF = re.compile(rf"(?:(?P<y>{_YEAR})[ \t]*年[ \t]*)?(?:上半年|中期)")
_MARK_NINE = re.compile(rf"(?:(?P<y>{_YEAR})[ \t]*年[ \t]*)?(?:(?:前|首)[ \t]*(?:三|3)[ \t]*季度?|(?:前|首)?[ \t]*(?:九|9)[ \t]*个月)")
_MARK_YEAR = re.compile(
    rf"(?P<y>{_YEAR})[ \t]*年(?:度|[ \t]*全年度?|[ \t]*财政年度)|(?P<y4>{_YEAR})[ \t]*财年|全年度|全年|年度|(?P<y2>{_YEAR})[ \t]*年(?=[ \t]*[,:])"
    r"|(?<![\d.])(?P<y3>(?:19|20)\d{2})[ \t]*年(?![ \t]*(?:\d|[一二三四五六七八九十]+月|第|[一二三四]季|上半|下半|前三|中期|起|以来|至今|底|末|初|前|后|以后|以前))"
)
_COMPARISON = re.compile(r"(?:较|与|比|相比|对比|去年|上年)[ \t]*$")
_COMPARISON_AFTER = re.compile(r"^[ \t]*(?:相比|同期)")
# A marker inside a clause naming what a figure leaves out (排除汇率影响及二零二一年第四季与…相关的调整后).
_EXCLUSION_BEFORE = re.compile(r"(?:排除|剔除|撇除|不包括|不计及?)[^,,。;:\n]*$")
_EXCLUSION_AFTER = re.compile(r"^[^,,。;:\n]*的")
# A line listing the parts of the sentence before it (其中,增值服务业务收入…).
_PARTS_OPENER = re.compile(r"[\s\-–—•·▪*]*(?:其中|当中)\s*[,,:]")

_ANNOUNCE = re.compile(r"(?:公布|发布|披露)[^\n]*?(?:业绩|财报|季报|年报)[^\n]*")
_SENTENCE_END = re.compile(r"[。!?;\n]")
_CLAUSE_END = re.compile(r"[、:]|(?<!\d)(?<!人民币),|,(?!\d)(?!下同)")
# Clauses also end where a flattened copy joins a heading to its text with a space between Chinese characters.
_CLAUSE_BREAK = re.compile(_CLAUSE_END.pattern + r"|(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")
_DATELINE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*/?\s*美通社")
# A bullet or a sentence glued to the previous one on the same line by a flattened copy.
# In a flattened summary a bullet also starts at " - " and a citation marker ([1]) ends one.
_RUN_TOGETHER = re.compile(
    r"(?<=[。!?])[ \t]+(?=\S)|(?<=\S)[ \t]+(?=[*•▪][ \t])"
    r"|(?<=\S)[ \t]+(?=-[ \t]+(?:[^\d\s]|\d{4}[ \t]*年))|(?<=\d\])[ \t]+(?=[^\s\[的])"
    r"|(?<=[:：])[ \t]+(?=-[\u4e00-\u9fff])"  # a lead-in's colon, then its list of `-期内盈利为…` bullets
)
# What is left of a lead-in line that says nothing but its basis (按国际财务报告准则, • 非国际财务报告准则[1]).
_LEAD_ONLY = re.compile(r"[\s\-–—•·▪*按\[\]\d:]*")
_BASIS_NAME = re.compile(r"非?(?:国际财务报告准则|通用会计准则)|non[-–— ]?(?:ifrs|gaap)")
_FIGURE_KINDS = frozenset({"money", "bare", "growth", "flat", "ambiguous", "foreign", "margin", "margin_prior"})
_PROFIT_METRICS = frozenset({"operating_profit", "profit_for_period", "profit_attributable"})
# Lines of a basis list: the profit lines and their margins.
_LIST_METRICS = frozenset(
    {"operating_profit", "profit_for_period", "profit_attributable", "eps_basic", "eps_diluted"}
)


# ---------------------------------------------------------------------------------------------------------
# Tokens.


@dataclass(slots=True)
class Token:
    """A recognised span of the working text."""

    kind: str  # subject | basis | money | foreign (USD, HKD) | bare | growth | flat | qualitative | ambiguous | marker
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
    excluded: bool = False  # a marker inside an exclusion clause (排除…二零二一年第四季…的调整后)


def _non_overlapping(tokens: list[Token]) -> list[Token]:
    """Keep the leftmost-longest tokens, dropping any that overlap one already kept."""
    kept: list[Token] = []
    taken_until = -1
    for tok in sorted(tokens, key=lambda t: (t.start, -(t.end - t.start))):
        if tok.start >= taken_until:
            kept.append(tok)
            taken_until = tok.end
    return kept


# 游戏同比+13%/社交+4%/金融企服+2%/广告+17%: broker notes list the lines' growths as label+N% joined by slashes.
_SLASH_ITEM = r"[\u4e00-\u9fff]{1,8}(?:同比)?[ \t]*[+\-−][ \t]*\d+(?:\.\d+)?[ \t]*%"
_SLASH_GROWTHS = re.compile(rf"{_SLASH_ITEM}(?:[ \t]*/[ \t]*{_SLASH_ITEM})+")
_SLASH_PART = re.compile(r"(?P<label>[\u4e00-\u9fff]+?)(?P<yoy>同比)?[ \t]*(?P<sign>[+\-−])[ \t]*(?P<num>\d+(?:\.\d+)?)[ \t]*%")
# The short names broker notes give the lines in such lists (beside the segment names of the statements).
_BROKER_LABELS = {"社交": "social_networks", "广告": "marketing_services", "金融企服": "fintech_business_services",
                  "本土游戏": "domestic_games", "海外游戏": "international_games"}
_LIST_OPENER = re.compile(r"^(?:其中|当中)")


def _slash_segment(label: str) -> str | None:
    """The segment a label of a slash list names exactly (社交, 金融企服, 网络广告收入), or None."""
    label = re.sub(r"(?:业务)?收入$", "", label)
    return _BROKER_LABELS.get(label) or segment_for(label)


def slash_growth_tokens(text: str) -> list[Token]:
    """Each line of a slash list of year-on-year growths (其中社交+7%/广告+9%) as a subject and a growth token (an
    unknown label as a blocker). Only where 同比 is written in the list, or before a list opened by 其中 in its
    sentence, and the sentence names no quarter-on-quarter change."""
    out: list[Token] = []
    for run in _SLASH_GROWTHS.finditer(text):
        window = max(0, run.start() - 300)
        sentence = text[max((m.end() for m in _SENTENCE_END.finditer(text, window, run.start())), default=window)
                        : run.start()]
        parts = list(_SLASH_PART.finditer(text, run.start(), run.end()))
        first = _LIST_OPENER.sub("", parts[0].group("label"))
        yearly = any(p.group("yoy") for p in parts) or (first != parts[0].group("label") and "同比" in sentence)
        end = _SENTENCE_END.search(text, run.end())
        if not yearly or "环比" in sentence or "环比" in text[run.start() : end.start() if end else len(text)]:
            continue
        for i, p in enumerate(parts):
            label = first if i == 0 else p.group("label")
            seg = _slash_segment(label)
            a = p.start() + (len(p.group("label")) - len(label))
            subject = Subject("", "", kind="blocked") if seg is None else Subject("tencent", "revenue", seg)
            out.append(Token("subject", a, p.end("label"), subject=subject))
            sign = -1.0 if p.group("sign") in ("-", "−") else 1.0
            out.append(Token("growth", p.start("sign"), p.end(), num=p.group("num"),
                             value=sign * float(p.group("num")), measure="yoy_pct"))
    return out


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
            if word in _PLAIN_WORDS:
                kind = "plain" if _TOTAL_BEFORE.search(text, max(0, m.start() - 8), m.start()) \
                    and not _LINE_CLAUSE_BEFORE.search(text, max(0, m.start() - 40), m.start()) else "after_line"
            subject = Subject("tencent", metric, kind=kind, formal=word in _FORMAL_WORDS)
            raw.append(Token("subject", m.start(), m.end(), subject=subject))
    raw.extend(_games_market_tokens(text))
    for word in _SEGMENT_WORDS:
        seg = segment_for(word)
        for m in re.finditer(re.escape(word), text):
            if _PAIR_BEFORE.search(text, max(0, m.start() - 6), m.start()):
                # 国内及国际游戏收入: the second of a pair whose figures follow as a list; which is whose is not read
                raw.append(Token("subject", m.start(), m.end(), subject=Subject("", "", kind="blocked")))
                continue
            raw.append(
                Token("segment", m.start(), m.end(), subject=Subject("tencent", "revenue", seg or "total"))
            )
    for pattern, basis in _BASIS_WORDS:
        for m in re.finditer(pattern, text):
            raw.append(Token("basis", m.start(), m.end(), basis=basis))
    for pattern in _BLOCKERS:
        for m in re.finditer(pattern, text):
            if _FORECAST_LEAD.match(text, m.start()):
                continue  # 预计25Q2营业收入...: a forecast of a named period and line, read as an estimate
            raw.append(Token("subject", m.start(), m.end(), subject=Subject("", "", kind="blocked")))
    asides = [(m.start(), m.end()) for m in _INCLUSION_ASIDE.finditer(text)]
    raw = [t for t in raw if not any(a <= t.start and t.end <= b for a, b in asides)]
    return _merge_subjects(_non_overlapping(raw), _blanked(text, asides))


# A word joining a segment to the one before it (国内及, 本土和, 游戏、).
_PAIR_BEFORE = re.compile(r"(?:国内|本土|国际|海外|市场|游戏|业务|服务)\s*(?:及|和|与|、|/)\s*$")


# What a line includes, in parentheses after it (增值服务业务(包含游戏及社交网络等)): an aside naming no subject.
_INCLUSION_ASIDE = re.compile(r"\((?:包含|包括|含)[^()\n\d]{1,30}\)")


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans written as spaces (offsets kept)."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


# The games lines as a games sentence names them by market (游戏收入…,其中国内市场402.4亿元,海外市场164.4亿元;
# 國際市場錄208億元): the market word right before its amount.
_GAMES_MARKET = re.compile(
    r"(?:(?P<dom>国内|本土)|(?P<intl>海外|国际))市场(?=[ \t]*(?:录得|录|为|达到|达)?[ \t]*(?:人民币)?[ \t]*\d)"
)


def _games_market_tokens(text: str) -> list[Token]:
    """Domestic and international games named by market in a sentence that speaks of games (none in a forecast
    that is not read as an estimate)."""
    out: list[Token] = []
    for m in _GAMES_MARKET.finditer(text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。!?\n") + 1
        if "游戏" not in text[sentence_start : m.start()]:
            continue
        if _forecast_before(text, m.start()) and not forecast_led(text, m.start()):
            continue
        segment = "domestic_games" if m.group("dom") else "international_games"
        out.append(Token("subject", m.start(), m.end(), subject=Subject("tencent", "revenue", segment)))
    return out + _market_topic_games_tokens(text)


# A market named as the topic of the clause before its games revenue (国际市场方面, 游戏收入同比增长20%至113亿元).
_MARKET_TOPIC_GAMES = re.compile(
    r"(?:(?P<dom>国内|本土)|(?P<intl>海外|国际))市场方面[ \t]*,[ \t]*(?P<games>游戏收入)"
)


def _market_topic_games_tokens(text: str) -> list[Token]:
    """The games revenue of the market the clause before names as its topic (none in an unread forecast)."""
    out: list[Token] = []
    for m in _MARKET_TOPIC_GAMES.finditer(text) if "市场方面" in text else ():
        if _forecast_before(text, m.start()) and not forecast_led(text, m.start()):
            continue
        segment = "domestic_games" if m.group("dom") else "international_games"
        out.append(Token("subject", m.start("games"), m.end("games"), subject=Subject("tencent", "revenue", segment)))
    return out


def _merge_subjects(tokens: list[Token], text: str) -> list[Token]:
    """Join basis + segment + metric words that stand together into one subject."""
    out: list[Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        adjacent = prev is not None and _MERGE_GAP.match(text[prev.end : tok.start]) is not None
        if prev is not None and adjacent and _mergeable(prev, tok):
            out[-1] = _merged(prev, tok)
            continue
        dated = prev is not None and prev.kind == "segment" and _DATED_GAP.match(text[prev.end : tok.start])
        if dated and _mergeable(prev, tok):
            out[-1] = Token("subject", tok.start, tok.end, subject=_merged(prev, tok).subject)  # 增值服务业务2021年四季度收入
            continue
        out.append(tok)
    return [_as_subject(t) for t in out]


def _mergeable(prev: Token, tok: Token) -> bool:
    """Whether `tok` continues the phrase `prev` (basis before segment/metric, segment before metric)."""
    if tok.subject is None or tok.kind not in ("segment", "subject") or tok.subject.kind == "blocked":
        return False
    if prev.kind == "basis":
        return True
    return (
        prev.kind == "segment" and tok.kind == "subject" and tok.subject.metric in ("revenue", "gross_profit")
    )


def _merged(prev: Token, tok: Token) -> Token:
    """One token for two adjacent words of one phrase."""
    assert tok.subject is not None
    if prev.kind == "basis":
        subject = Subject(
            tok.subject.entity, tok.subject.metric, tok.subject.segment, prev.basis, tok.subject.kind
        )
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
    """Amounts, foreign-currency amounts, bare scaled numbers and growth phrases, leftmost-longest."""
    raw: list[Token | None] = []
    for m in _MONEY.finditer(text):
        kind = {"美元": "foreign", "港元": "foreign"}.get(m.group("ccy"), "money")
        if _FOREIGN_YUAN.search(text, max(0, m.start() - 6), m.start()):
            kind = "foreign"  # 新台币5,100亿元: a translation into another currency of yuan
        raw.append(
            Token(
                kind,
                m.start(),
                m.end(),
                num=m.group("num"),
                scale=m.group("scale") or "",
                currency=m.group("ccy"),
            )
        )
    raw.extend(_zh_amount(m) for m in _ZH_AMOUNT.finditer(text))
    for m in _BARE.finditer(text):
        raw.append(
            Token(
                "foreign" if _FOREIGN_YUAN.search(text, max(0, m.start() - 6), m.start()) else "bare",
                m.start(),
                m.end(),
                num=m.group("num"),
                scale=m.group("scale"),
                currency="人民币" if m.group("cur") else "",
            )
        )
    for m in _GROWTH_PCT.finditer(text):
        raw.append(_pct_growth(m))
    for m in _GROWTH_DOUBLE.finditer(text):
        raw.append(_double_growth(m))
    for m in _GROWTH_CODE.finditer(text):
        raw.append(_code_growth(m))
    for m in _GROWTH_PAIR.finditer(text):
        raw.extend(_paired_growth(m))
    raw.extend(_zh_growth(m, tenths=True) for m in _GROWTH_TENTHS.finditer(text))
    raw.extend(_zh_growth(m, tenths=False) for m in _GROWTH_ZH_PCT.finditer(text))
    for m in _GROWTH_TIMES.finditer(text):
        raw.append(_times_growth(m))
    if "月底" in text:
        raw.extend(_since_month_end_growth(m) for m in _SINCE_MONTH_END.finditer(text))
    for m in _GROWTH_AMBIGUOUS.finditer(text):
        raw.append(Token("ambiguous", m.start(), m.end()))
    for m in _FLAT.finditer(text):
        raw.append(Token("flat", m.start(), m.end()))
    for m in _QUALITATIVE.finditer(text):
        raw.append(Token("qualitative", m.start(), m.end()))
    return _constant_currency_marked(_translations_marked(_non_overlapping([t for t in raw if t is not None]), text), text)


def _zh_amount(m: re.Match[str]) -> Token | None:
    """An amount in Chinese numerals as a money (with 元) or bare token in 亿 or 万 (None when unreadable)."""
    try:
        value = Decimal(repr(zh_numeral(m.group("zh"))))
    except NumberFormatError:
        return None
    scale = "亿" if "亿" in m.group("zh") else "万"
    num = format((value / Decimal(repr(scale_factor(scale)))).normalize(), "f")
    end = m.end() if m.group("ccy") else m.end("zh")
    if m.group("ccy"):
        kind = "money" if m.group("ccy") in _YUAN else "foreign"
        return Token(kind, m.start(), end, num=num, scale=scale, currency=m.group("ccy"))
    return Token("bare", m.start(), end, num=num, scale=scale)


# A growth at constant exchange rates in brackets after the reported one (按年升9%(按固定汇率计算增长11%)).
_CONSTANT_CURRENCY_ASIDE = re.compile(r"\((?:按|以)固定汇率(?:计算)?[^()]{0,16}\)")


def _constant_currency_marked(tokens: list[Token], text: str) -> list[Token]:
    """Figures inside a constant-currency aside are no reported figure: marked qualitative, so nothing reads them."""
    asides = [(m.start(), m.end()) for m in _CONSTANT_CURRENCY_ASIDE.finditer(text)] if "固定汇率" in text else []
    for tok in tokens:
        if any(a <= tok.start and tok.end <= b for a, b in asides):
            tok.kind = "qualitative"
    return tokens


# What stands between an amount and a bracketed translation of it (人民币848.96亿元(123.70亿美元)).
_TRANSLATION_GAP = re.compile(r"[ \t]*[(][ \t]*(?:约|相当于)?[ \t]*")


def _translations_marked(tokens: list[Token], text: str) -> list[Token]:
    """A bare amount opening the brackets right after an amount in yuan is its translation (its currency lost)."""
    for prev, tok in zip(tokens, tokens[1:], strict=False):
        if (prev.kind == "money" and tok.kind == "bare" and not tok.currency
                and _TRANSLATION_GAP.fullmatch(text, prev.end, tok.start)):
            tok.kind = "foreign"
    return tokens


def margin_tokens(text: str) -> tuple[list[Token], list[tuple[int, int]]]:
    """Margins of the period (kind margin) and of the period compared with (margin_prior), and their spans."""
    out: list[Token] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_MARGIN_CHANGE, _MARGIN_SAME, _MARGIN_FLAT, _MARGIN_REACH, _MARGIN_LEVEL):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            if _forecast_before(text, m.start()) and not forecast_led(text, m.start()):
                continue
            if not _group_margin(text, m.start()):
                continue
            spans.append(m.span())
            subject = Subject("tencent", _MARGIN_METRICS[m.group("word")], kind="margin")
            prior = "quarter" if "季" in (m.groupdict().get("ref") or "") else "year"
            for group, kind in (("current", "margin"), ("prior", "margin_prior"), ("both", "margin"),
                                ("both", "margin_prior")):
                if group in m.re.groupindex and m.group(group) is not None:
                    out.append(_margin_token(m, group, kind, subject, prior))
    return out, spans


def _group_margin(text: str, start: int) -> bool:
    """Whether nothing but the company or the period stands before a margin in its clause (no segment's margin)."""
    clause_start = max((text.rfind(c, 0, start) for c in ",。;:!?、\n"), default=-1) + 1
    clause_start = max([clause_start] + [m.end() for m in _FIGURE_BREAK.finditer(text, clause_start, start)])
    return _GROUP_BEFORE_MARGIN.fullmatch(text[clause_start:start]) is not None and not _line_headed(text, start)


# A sentence or list item opening with one line of the business (2、营销服务(广告等)占比约19%,…): its figures are the line's.
_LINE_HEAD = re.compile(
    r"[ \t]*(?:[-–—•·▪*][ \t]*)?(?:\d{1,2}[ \t]*[、.．)）]|[(（][ \t]*\d{1,2}[ \t]*[)）]|[一二三四五六七八九十]{1,2}[ \t]*[、.．])?"
    r"[ \t]*(?:" + "|".join(_SEGMENT_WORDS) + r"|游戏|广告|金融科技|企业服务|云业务|云服务|视频号|小程序)"
)


def _line_headed(text: str, start: int) -> bool:
    """Whether the sentence or list item holding `start` opens with one line of the business."""
    opening = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    return _LINE_HEAD.match(text, opening, start) is not None


# A figure closed by a space, or a bullet dash, ends a clause in a note written without commas ("增长22% 毛利率...").
_FIGURE_BREAK = re.compile(r"%[ \t]+|[ \t]-[ \t]")


def _forecast_before(text: str, start: int) -> bool:
    """Whether the sentence or bullet before `start` names a forecast."""
    window = max(0, start - 300)
    opening = max((m.end() for m in _PASSAGE_END.finditer(text, window, start)), default=window)
    return _FORECAST_BEFORE.search(text, opening, start) is not None


def forecast_led(text: str, start: int) -> bool:
    """Whether the sentence or bullet before `start` opens a clause with a forecast of a named period (预计25Q2...)."""
    window = max(0, start - 300)
    opening = max((m.end() for m in _PASSAGE_END.finditer(text, window, start)), default=window)
    return any(m.start() < start for m in _FORECAST_LEAD.finditer(text, opening, start))


_YEARED_LEAD = re.compile(r"\d{4}|\d{2}q")


# Days after a quarter's end before which its results are never out, and after which they always are.
_RESULTS_SOONEST, _RESULTS_LATEST = 45, 90


def _quarter_ahead(q: int, default: Period | None, published: date | None) -> Period | None:
    """Quarter q with no year in a forecast: the first after the quarter the report covers, else the one whose results
    were surely not out at publication; None when publication falls where they may or may not have been."""
    if default is not None and default.type == "quarter":
        candidate = periods.quarter(default.end.year, q)
        return candidate if candidate.end > default.end else periods.quarter(default.end.year + 1, q)
    if published is None:
        return None
    for year_ in (published.year - 1, published.year, published.year + 1):
        candidate = periods.quarter(year_, q)
        days = (published - candidate.end).days
        if days < _RESULTS_SOONEST:
            return candidate
        if days < _RESULTS_LATEST:
            return None
    return None


def forecast_quarter(text: str, start: int, period: Period, ctx: PeriodContext) -> Period | None:
    """The quarter a forecast led by a quarter without its year (预计4季度收入...) is of (see _quarter_ahead); the
    period as read when the lead names its year or is of no quarter."""
    window = max(0, start - 300)
    opening = max((m.end() for m in _PASSAGE_END.finditer(text, window, start)), default=window)
    leads = [m for m in _FORECAST_LEAD.finditer(text, opening, start) if m.start() < start]
    if not leads or _YEARED_LEAD.search(leads[-1].group(0)) or period.type != "quarter":
        return period
    return _quarter_ahead(int(period.label[-1]), ctx.default, ctx.published)


# A short heading naming a line of the business before a bullet dash (金融科技与企业服务 - 预计...).
_LINE_HEADING = re.compile(r"(?:游戏|广告|营销|金融科技|企业服务|增值服务|社交|云|视频号|小程序)[^\n\]。;!?]{0,16}\s-\s*$")


_RANGE_AFTER = re.compile(r"[ \t]*(?:[-–~至到])[ \t]*\d")
_RANGE_BEFORE = re.compile(r"\d[ \t]*%?[ \t]*(?:[-–~至到])[ \t]*$")


def _in_range(text: str, tok: Token) -> bool:
    """Whether a figure is one end of a range (增长10%-15%, 1800-1850亿元)."""
    return bool(_RANGE_AFTER.match(text, tok.end)) or bool(_RANGE_BEFORE.search(text[max(0, tok.start - 12) : tok.start]))


def _heading_segment(text: str, start: int) -> str | None:
    """The segment a heading names when it is nothing but that segment (金融科技与企业服务 - ...), else None."""
    label = _heading_label(text, start)
    if label is None:
        return None
    tokens = [t for t in subject_tokens(label) if t.kind in ("subject", "basis")]
    if len(tokens) != 1 or tokens[0].subject is None or tokens[0].subject.kind != "money":
        return None
    subject = tokens[0].subject
    if subject.metric != "revenue" or subject.segment == "total":
        return None
    rest = label[: tokens[0].start] + label[tokens[0].end :]
    return subject.segment if re.fullmatch(r"[\s*•·\-]*(?:业务|板块)?\s*", rest) else None


def _heading_label(text: str, start: int) -> str | None:
    """The short heading right before the bullet dash that opens the bullet holding `start`, if any."""
    window = max(0, start - 300)
    dash = max((m.start() for m in re.finditer(r"\s-\s", text[window:start])), default=-1)
    if dash < 0:
        return None
    dash += window
    label_start = max((text.rfind(c, 0, dash) for c in "\n]。;!?"), default=-1) + 1
    label = text[label_start:dash].strip()
    return label if 0 < len(label) <= 20 else None


def _line_heading_before(text: str, start: int) -> bool:
    """Whether the bullet holding `start` comes right under a heading naming a line of the business."""
    window = max(0, start - 300)
    dash = max((m.start() for m in re.finditer(r"\s-\s", text[window:start])), default=-1)
    if dash < 0:
        return False
    dash += window
    label_start = max((text.rfind(c, 0, dash) for c in "\n]。;!?"), default=-1) + 1
    return _LINE_HEADING.search(text, label_start, dash + 3) is not None


def share_tokens(text: str) -> list[Token]:
    """A line's share of total revenue (占总收入的52%), read like a growth figure of the line before it."""
    out: list[Token] = []
    for m in _SHARE.finditer(text):
        try:
            value = scaled(m.group("num"), 1.0)
        except NumberFormatError:
            continue
        out.append(Token("growth", m.start(), m.end(), num=m.group("num"), value=value, measure="share_pct"))
    return out


def _margin_token(m: re.Match[str], group: str, kind: str, subject: Subject, prior: str) -> Token:
    """One margin figure: its number with the percent sign, the metric, and which prior period it names."""
    end = m.string.index("%", m.end(group)) + 1
    return Token(kind, m.start(group), end, subject=subject, num=m.group(group),
                 value=scaled(m.group(group), 1.0), measure="margin_pct", basis=prior)


def _measure(pre: str | None) -> str:
    """yoy_pct unless the phrase says quarter on quarter."""
    return "qoq_pct" if pre and (pre == "季" or any(w in pre for w in ("环比", "按季", "上季度", "上一季度"))) else "yoy_pct"


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
    sign = -1.0 if re.fullmatch(_DOWN, m.group("verb")) or m.group("verb") == "下" else 1.0
    if m.group("sign") == "-":
        sign = -sign
    try:
        value = sign * scaled(m.group("num"), 1.0)
    except NumberFormatError:
        return None
    return Token(
        "growth",
        m.start(),
        m.end(),
        num=m.group("num"),
        value=value,
        qualifier=_qualifier(m.group("q"), m.group("post")),
        measure=_measure(m.group("pre")),
    )


# A change since the end of a month (较6月底时增加0.8%): against the quarter before when that month closed it.
_SINCE_MONTH_END = re.compile(
    rf"较[ \t]*(?P<month>\d{{1,2}})[ \t]*月底(?:时)?[ \t]*(?:也)?[ \t]*(?P<verb>增加|增长|上升|减少|下降|下跌)[ \t]*(?P<num>{_NUM})[ \t]*%"
)


def _since_month_end_growth(m: re.Match[str]) -> Token | None:
    """A change since a month end, read as quarter on quarter (its month is checked against the period later)."""
    try:
        value = (-1.0 if m.group("verb") in ("减少", "下降", "下跌") else 1.0) * scaled(m.group("num"), 1.0)
    except NumberFormatError:
        return None
    return Token("growth", m.start(), m.end(), num=m.group("num"), value=value, qualifier="eq", measure="qoq_pct")


def _since_month_doubt(text: str, tok: Token, period: Period) -> str | None:
    """Why a change since a month end is not the quarter's change on the quarter before, or None."""
    m = _SINCE_MONTH_END.match(text, tok.start)
    if m is None:
        return None
    if period.type != "quarter" or int(m.group("month")) != (period.end.month - 4) % 12 + 1:
        return f"a change since the end of month {m.group('month')}, which did not close the quarter before"
    return None


def _paired_growth(m: re.Match[str]) -> list[Token]:
    """The year-on-year and quarter-on-quarter growths of a 同/环比 pair (none when a number cannot be read)."""
    verb = -1.0 if m.group("verb") and re.fullmatch(_DOWN, m.group("verb")) else 1.0
    out = []
    for group, sign, start, end, measure in (("a", "s1", m.start(), m.string.index("%", m.end("a")) + 1, "yoy_pct"),
                                            ("b", "s2", m.start("s2") if m.group("s2") else m.start("b"), m.end(),
                                             "qoq_pct")):
        try:
            value = verb * (-1.0 if m.group(sign) == "-" else 1.0) * scaled(m.group(group), 1.0)
        except NumberFormatError:
            return []
        out.append(Token("growth", start, end, num=m.group(group), value=value, qualifier="eq", measure=measure))
    return out


def _code_growth(m: re.Match[str]) -> Token | None:
    """A growth written YoY+11.7% or QoQ-3% (None when the number cannot be read)."""
    try:
        value = scaled(m.group("num"), 1.0)
    except NumberFormatError:
        return None
    sign = -1.0 if m.group("sign") in ("-", "−") else 1.0
    measure = "qoq_pct" if m.group("pre") == "qoq" else "yoy_pct"
    return Token("growth", m.start(), m.end(), num=m.group("num"), value=sign * value, qualifier="eq", measure=measure)


def _zh_growth(m: re.Match[str], *, tenths: bool) -> Token | None:
    """A growth in Chinese numerals: N成M (tenths) or 百分之N点M (None when the numerals cannot be read)."""
    try:
        if tenths:
            value = zh_tenths(m.group("n"), "半" if m.group("half") else m.group("d") or "")
        else:
            value = zh_decimal(m.group("n"), m.group("d") or "")
    except NumberFormatError:
        return None
    verb = m.group("verb")
    sign = -1.0 if re.fullmatch(_DOWN, verb) else 1.0
    return Token("growth", m.start(), m.end(), value=sign * value,
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
    return Token(
        "growth",
        m.start(),
        m.end(),
        value=round((n - 1) * 100, 6),
        qualifier=_qualifier(m.group("q"), None, times=True),
    )


# ---------------------------------------------------------------------------------------------------------
# Periods.


@dataclass(slots=True)
class PeriodContext:
    """What the document says about time: publication date and a default period, if there is one."""

    published: date | None
    default: Period | None
    head_year: int | None = None  # the one year the title and lead name, for periods written without one
    head_quarter: Period | None = None  # the one quarter the title and lead name (本季度 in the text)
    head_end: date | None = None  # the one date every period of the title and lead ends on (as-at figures)


def _year(text: str | None) -> int | None:
    """A year written in digits or Chinese numerals, or None."""
    return periods.zh_year(text) if text else None


def marker_tokens(text: str, ctx: PeriodContext | None) -> list[Token]:
    """Period markers (quarters, halves, years, 截至...止 spans, as-at dates) with their periods."""
    raw: list[Token] = []
    for m in _MARK_ENDING.finditer(text):
        n = 12 if m.group("fy") else _ZH_MONTHS.get(m.group("n"), 0)
        period = _guarded(lambda m=m, n=n: periods.span_ending(_zh_date(m), n))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_ASAT.finditer(text):
        period = _guarded(lambda m=m: periods.instant(_zh_date(m)))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_MONTH_SPAN.finditer(text):
        period = _guarded(lambda m=m: _months_to_month_end(m, ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_MONTH_END.finditer(text):
        period = _guarded(lambda m=m: _month_end(_year(m.group("y")), periods.zh_small_number(m.group("m")), ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_QUARTER.finditer(text):
        q = 1 if m.group("first") else _ZH_Q[m.group("q") or m.group("q2")]
        period = _guarded(lambda m=m, q=q: _quarter_period(_year(m.group("y")), q, ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_CODE.finditer(text):
        if m.group("fy"):
            period = _guarded(lambda m=m: periods.year(int(m.group("fy"))))
        elif m.group("q"):
            period = _guarded(lambda m=m: periods.quarter(int(m.group("y")), int(m.group("q"))))
        elif m.group("yy"):  # 25Q2, as broker notes write it: the quarter of 2025
            period = _guarded(lambda m=m: periods.quarter(2000 + int(m.group("yy")), int(m.group("q3"))))
        else:
            period = _guarded(lambda m=m: _quarter_period(_year(m.group("y2")), int(m.group("q2")), ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_LAST_QUARTER.finditer(text):
        raw.append(Token("marker", m.start(), m.end(), period=_guarded(lambda: _last_quarter(ctx))))
    for m in _MARK_LAST_YEAR_QUARTER.finditer(text):
        q = _ZH_Q[m.group("q") or m.group("q2")]
        raw.append(Token("marker", m.start(), m.end(), period=_guarded(lambda q=q: _last_year_quarter(ctx, q))))
    this_quarter = _this_quarter(ctx)
    if this_quarter is not None:
        raw.extend(Token("marker", m.start(), m.end(), period=this_quarter) for m in _MARK_THIS_QUARTER.finditer(text))
    for m in _MARK_HALF.finditer(text):
        period = _guarded(lambda m=m: _span_period(_year(m.group("y")), 6, ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_NINE.finditer(text):
        period = _guarded(lambda m=m: _span_period(_year(m.group("y")), 9, ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    for m in _MARK_YEAR.finditer(text):
        period = _guarded(lambda m=m: _span_period(_year(m.group("y") or m.group("y2") or m.group("y3") or m.group("y4")), 12, ctx))
        raw.append(Token("marker", m.start(), m.end(), period=period))
    out = _year_close_as_year(_non_overlapping(raw), text)
    for tok in out:
        tok.comparison = bool(_COMPARISON.search(text[max(0, tok.start - 3) : tok.start])) or bool(
            _COMPARISON_AFTER.match(text[tok.end : tok.end + 3])
        )
        if _in_exclusion(text, tok):
            tok.excluded, tok.period = True, None
    return out


def _year_close_as_year(markers: list[Token], text: str) -> list[Token]:
    """The closing date a year names in brackets right after it (2018财年(截至2018年12月31日)) marks that year."""
    out: list[Token] = []
    for tok in markers:
        prev = out[-1] if out else None
        if (prev is not None and prev.period is not None and tok.period is not None and prev.period.type == "year"
                and tok.period.type == "instant" and tok.period.end == prev.period.end
                and re.fullmatch(r"[ \t]*\([ \t]*", text[prev.end : tok.start])):
            tok.period = prev.period
        out.append(tok)
    return out


def _in_exclusion(text: str, tok: Token) -> bool:
    """Whether a marker sits in a clause naming what a figure leaves out (排除…二零二一年第四季…的调整后)."""
    before = _EXCLUSION_BEFORE.search(text[max(0, tok.start - 40) : tok.start])
    return before is not None and _EXCLUSION_AFTER.match(text[tok.end : tok.end + 40]) is not None


def _names_period(tok: Token) -> bool:
    """Whether a token names the period of the figures of its line (no comparison, no exclusion)."""
    return tok.kind == "marker" and not tok.comparison and not tok.excluded


def _inside(part: Period, whole: Period | None) -> bool:
    """Whether `part` is a shorter period within `whole` (a quarter of the half or year a report is about)."""
    if whole is None or part is _UNCLEAR or part == whole or part.type == "instant":
        return False
    return whole.start <= part.start and part.end <= whole.end


def _month_end(y: int | None, month: int, ctx: PeriodContext | None) -> Period | None:
    """The close of a month of year y, or of the head's year, or the latest such close before publication."""
    if y is None and ctx is not None and ctx.head_year is not None:
        y = ctx.head_year
    if y is not None:
        return periods.instant(periods.month(y, month).end)
    if ctx is None or ctx.published is None:
        return None
    for year_ in (ctx.published.year, ctx.published.year - 1):
        close = periods.month(year_, month).end
        if close < ctx.published:
            return periods.instant(close)
    return None


def _months_to_month_end(m: re.Match[str], ctx: PeriodContext | None) -> Period | None:
    """The months a 截至…月底的N个月 phrase names, its year from the phrase, the head or the publication date."""
    close = _month_end(_year(m.group("y")), periods.zh_small_number(m.group("m")), ctx)
    return periods.span_ending(close.start, _ZH_MONTHS[m.group("n")]) if close is not None else None


def _this_quarter(ctx: PeriodContext | None) -> Period | None:
    """The quarter a report is about: its default period if a quarter, else the one quarter its head names."""
    if ctx is None:
        return None
    if ctx.default is not None and ctx.default.type == "quarter":
        return ctx.default
    return ctx.head_quarter


def _last_year_quarter(ctx: PeriodContext | None, q: int) -> Period | None:
    """Quarter q of the year before the document's publication, or None without a publication date."""
    if ctx is None or ctx.published is None:
        return None
    return periods.quarter(ctx.published.year - 1, q)


def _last_quarter(ctx: PeriodContext | None) -> Period | None:
    """The quarter before the one the document is published in, or None without a publication date."""
    if ctx is None or ctx.published is None:
        return None
    current = (ctx.published.month - 1) // 3 + 1
    if current == 1:
        return periods.quarter(ctx.published.year - 1, 4)
    return periods.quarter(ctx.published.year, current - 1)


def _zh_date(m: re.Match[str]) -> date:
    """The date of a match with year, month and day groups in digits or Chinese numerals."""
    return date(
        periods.zh_year(m.group("y")),
        periods.zh_small_number(m.group("m")),
        periods.zh_small_number(m.group("d")),
    )


def _guarded(build: Callable[[], Period | None]) -> Period | None:
    """A period, or None when the written date is impossible (year 0000, 2月30日 ...)."""
    try:
        return build()
    except (periods.PeriodError, ValueError, OverflowError):
        return None


def _span_period(y: int | None, n_months: int, ctx: PeriodContext | None) -> Period | None:
    """The first n months (6, 9, 12) of y; without a year, those the default period ends, else the latest ended."""
    if y is not None:
        return _first_months(y, n_months)
    if ctx is None:
        return None
    if ctx.default is not None:
        d = ctx.default.end
        return _first_months(d.year, n_months) if d == _first_months(d.year, n_months).end else None
    if ctx.head_year is not None:
        return _first_months(ctx.head_year, n_months)
    if ctx.published is not None:
        for year_ in (ctx.published.year, ctx.published.year - 1):
            candidate = _first_months(year_, n_months)
            if candidate.end < ctx.published:
                return candidate
    return None


def _first_months(y: int, n_months: int) -> Period:
    """January to month n of year y (a half, nine months or the year)."""
    return periods.months(y, 1, n_months)


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
    if ctx.head_year is not None:
        return periods.quarter(ctx.head_year, q)
    if ctx.published is not None:
        for year_ in (ctx.published.year, ctx.published.year - 1):
            candidate = periods.quarter(year_, q)
            if candidate.end < ctx.published:
                return candidate
    return None


def period_context(work: Working, title: str | None, published: date | None) -> PeriodContext:
    """Publication date (meta or dateline), and the one period (or year) the title and lead speak of."""
    m = _DATELINE.search(work.text[:800])
    if published is None and m:
        try:
            published = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            published = None
    ctx = PeriodContext(published, None)
    head = fold(to_simplified(title or "")).lower() + "\n" + _lead(work.text)
    if _PREVIEW_HEAD.search(head):
        return ctx  # a preview names the quarter still to be reported: it dates nothing the text states as done
    marks = [t for t in marker_tokens(head, ctx) if not t.comparison]
    found = {t.period for t in marks if t.period is None or t.period.type != "instant"}
    if len(found) == 1 and None not in found:
        ctx.default = found.pop()
    years = {p.end.year for p in found if p is not None}
    if len(years) == 1:
        ctx.head_year = years.pop()
    quarters = {p for p in found if p is not None and p.type == "quarter"}
    ctx.head_quarter = quarters.pop() if len(quarters) == 1 else None
    ends = {t.period.end if t.period is not None else None for t in marks}
    ctx.head_end = ends.pop() if len(ends) == 1 else None
    return ctx


_TO_BE_ANNOUNCED = re.compile(periods.RESULTS_TO_COME_ZH)


def periods_to_come(text: str, ctx: PeriodContext) -> frozenset[Period]:
    """Periods whose results the text says are still to be announced: its figures of them are forecasts."""
    if "将" not in text:
        return frozenset()
    found = set()
    for m in _TO_BE_ANNOUNCED.finditer(text):
        found |= {t.period for t in marker_tokens(m.group(0), ctx) if t.period is not None and not t.comparison}
    return frozenset(found)


# "第四季度业绩预期", "Q3业绩前瞻", "财报预览": the period a preview names has not been reported yet.
_PREVIEW_HEAD = re.compile(r"(?:季度?|年度?|中期|业绩|财报)\s*(?:业绩)?\s*(?:预期|前瞻|预览|预测|展望|preview)")


def _lead(text: str) -> str:
    """The opening of the text up to the line announcing the results, or the first figure if that comes first."""
    first = min(
        (t.start for t in value_tokens(text[:1500]) if t.kind in ("money", "bare", "growth")), default=600
    )
    head = text[: min(first, 600)]
    announced = _ANNOUNCE.search(head)
    return head[: announced.end()] if announced else head


# ---------------------------------------------------------------------------------------------------------
# Sniffing.

# Tencent itself, not a listed affiliate or a product that carries its name (腾讯音乐 reports its own results).
_TENCENT = r"腾讯(?!音乐|视频|游戏|云|新闻|地图|会议|文档|体育|动漫|健康|看点|广告|智慧|安全|大厦|(?:科技|财经|网|证券)\s*讯|财经|自选股)"
_RESULTS_LEAD = re.compile(
    _TENCENT
    + r"(?:控股)?(?:有限公司)?[^。\n]{0,24}?(?:公布|发布|披露|公告|揭晓|交出)[^。\n]{0,30}?(?:业绩|财报|季报|年报|财务报告|成绩单)"
)
_TITLE = re.compile(
    _TENCENT + r"(?:控股)?[^。\n]{0,12}?(?:公布|发布)?[^。\n]{0,20}?(?:季|年|中期)(?:[^。\n]{0,6}?(?:业绩|财报)|绩)"
)
# The release's opening sentence, as its copies keep it: the company (by name or HKEX code) announces its results.
_RELEASE_OPENING = re.compile(
    r"(?:腾讯控股有限公司|控股有限公司[ \t]*\((?:港交所代码?|香港联交所股票编号)[ \t]*:[ \t]*00700)"
    r"[^。\n]{0,160}?今[天日][ \t]*公布?[^。\n]{0,60}?(?:业绩|截至[^。\n]{0,30}?止)"
)
# A report that opens with Tencent's revenue for a named period (腾讯公司第二季度总收入为...).
_FIGURE_OPENING = re.compile(
    _TENCENT + r"(?:控股|公司)?[^。\n]{0,6}?(?:第[一二三四1-4]季度?|[一二三四]季度|上季(?!度)|上半年|全年|去年|\d{4}[ \t]*年)"
    r"[^。\n]{0,8}?(?:总收入|总营收|营收|收入|净利润)(?:为|超|逾)?[ \t]*(?:人民币)?[ \t]*\d"
)
# A report that opens with the growth of Tencent's profit or revenue for a named period (腾讯中期纯利增长六成四).
_GROWTH_OPENING = re.compile(
    _TENCENT + r"(?:控股)?(?:[ \t]*\(0?0700(?:\.hk)?\))?[^。\n]{0,6}?"
    r"(?:第[一二三四1-4]季度?|[一二三四]季度|上半年|中期|全年|\d{4}[ \t]*年)[^。\n]{0,4}?"
    r"(?:纯利|盈利|营业额|总收入|营收|收入|净利润)[ \t]*(?:按年|同比)?[ \t]*(?:增长|上升|升|下降|跌|减少)"
)
# Another company a roundup reports beside Tencent; Tencent by name, whose figures follow again.
_OTHER_COMPANY = re.compile(r"网易|京东|阿里巴巴|阿里|美团|百度|拼多多|快手|哔哩哔哩|小米|字节跳动|携程|腾讯音乐|netease|alibaba")
_TENCENT_NAMED = re.compile(_TENCENT)
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
    if _FIGURE_OPENING.search(simple[:300]) or _GROWTH_OPENING.search(simple[:300]):
        return True
    return bool(_RESULTS_LEAD.search(simple[:1200]) or _RELEASE_OPENING.search(simple[:1500]))


# ---------------------------------------------------------------------------------------------------------
# Parsing.


@dataclass(slots=True)
class _Attached:
    """One figure of a clause with the subject it belongs to (or the reason it belongs to none)."""

    token: Token
    subject: Subject | None
    subject_at: int | None
    reason: str | None
    period: Period | None


@dataclass(slots=True)
class _Clause:
    """A clause's tokens and what the sentence around it says."""

    start: int
    end: int
    tokens: list[Token]
    clean: bool
    blocked: bool


@dataclass(frozen=True, slots=True)
class _Lead:
    """A lead-in line naming a basis: its basis, indentation and bullet glyph."""

    basis: str
    indent: int
    bullet: str


def _pieces(line: str) -> list[tuple[int, int]]:
    """Spans of the logical lines of one physical line (bullets or sentences run together by a flattened copy)."""
    bounds = [0, *(m.end() for m in _RUN_TOGETHER.finditer(line)), len(line)]
    return [(x, y) for x, y in zip(bounds, bounds[1:], strict=False) if x < y] or [(0, len(line))]


def _opening_period(line: str, offset: int, tokens: list[Token]) -> Period | None:
    """The period a paragraph opens with (第二季度,腾讯...), which its later sentences keep."""
    first = tokens[0] if tokens else None
    if first is None or first.kind != "marker" or first.comparison or first.period is None:
        return None
    before = line[: first.start - offset]
    after = line[first.end - offset : first.end - offset + 1]
    return first.period if _LINE_OPENER.fullmatch(before) and after == "," else None


def _headline_period(line: str, offset: int, tokens: list[Token]) -> Period | None:
    """The period of a short heading that opens with it and states one figure (第四季度净利润593亿元)."""
    first = tokens[0] if tokens else None
    if first is None or first.kind != "marker" or first.comparison or first.period is None:
        return None
    if len(line.strip()) > _HEADLINE_WIDTH or _SENTENCE_END.search(line) or _CLAUSE_END.search(line):
        return None
    named = {t.period for t in tokens if t.kind == "marker" and not t.comparison}
    if named != {first.period} or not _LINE_OPENER.fullmatch(line[: first.start - offset]):
        return None
    return first.period


def _running_period(tokens: list[Token], running: Period | None) -> Period | None:
    """After a sentence: the one period its figures were named with, unclear for several, else the one before."""
    if not any(t.kind in _FIGURE_KINDS for t in tokens):
        return running
    named = {t.period or _UNCLEAR for t in tokens if _names_period(t)}
    if not named:
        return running
    return named.pop() if len(named) == 1 else _UNCLEAR


def _bullet_of(line: str) -> str:
    """The bullet glyph a line starts with, or ""."""
    stripped = line.lstrip()
    return stripped[0] if stripped and stripped[0] in _BULLETS else ""


def _is_lead_in(line: str) -> bool:
    """A line that introduces a list under a basis: it ends with a colon, or says nothing but the basis."""
    if line.strip().endswith(":"):
        return True
    return _LEAD_ONLY.fullmatch(_BASIS_NAME.sub("", line)) is not None


def _continues(lead: _Lead, line: str, indent: int, tokens: list[Token]) -> bool:
    """Whether a line belongs to the list a lead-in opened: deeper, a sub-bullet, or another profit line."""
    bullet = _bullet_of(line)
    if indent > lead.indent or (bullet and bullet != lead.bullet):
        return True
    first = next((t for t in tokens if t.kind in ("subject", "margin")), None)
    return first is not None and first.subject is not None and first.subject.metric in _LIST_METRICS


class _Reader:
    """Reads one document line by line, sentence by sentence, clause by clause."""

    def __init__(self, work: Working, ctx: PeriodContext, result: ParseResult) -> None:
        self.work = work
        self.ctx = ctx
        self.result = result
        self.section: Period | None = None
        self.lead: _Lead | None = None  # set by a lead-in line naming a basis, for the lines it introduces
        self.after_non_ifrs = False  # a non-IFRS list ended without a new section or lead-in
        self.line_period: Period | None = None  # a period opening a paragraph (第二季度,...) for its sentences
        self.running: Period | None = None  # the one period the paragraph's sentences with figures named so far
        self.line_running: Period | None = None  # the running period at the end of the last non-blank line
        self.implicit_ifrs = True  # a profit line with no basis is IFRS (in the release itself)
        self.opened: Period | None = None  # the report's quarter, opening a paragraph, for the paragraphs after it
        self.opened_ended = False  # a later line named another period: no paragraph keeps the opening's quarter
        self.default_ended = False  # a line named a part of the head's period: later lines keep the head's no more
        self.to_come: frozenset[Period] = frozenset()  # periods whose results the text says are still to come

    def read(self) -> None:
        """Tokenise the whole text once, then read it line by line."""
        text = self.work.text
        margins, spans = margin_tokens(text)
        shares = share_tokens(text)
        margins += shares
        spans += [(t.start, t.end) for t in shares]
        slash = slash_growth_tokens(text) if "%/" in text or "% /" in text else []
        spans += [(t.start, t.end) for t in slash]
        others = [
            t
            for t in subject_tokens(text) + value_tokens(text) + marker_tokens(text, self.ctx)
            if not any(a < t.end and t.start < b for a, b in spans)
        ]
        tokens = sorted(others + margins + slash, key=lambda t: t.start)
        line_start = 0
        for line in text.split("\n"):
            indent = len(line) - len(line.lstrip())
            for a, b in _pieces(line):
                start, end = line_start + a, line_start + b
                self.read_line(start, line[a:b], indent, [t for t in tokens if start <= t.start and t.end <= end])
            line_start += len(line) + 1

    @property
    def lead_basis(self) -> str | None:
        """The basis the current lead-in gives its lines, "unclear" after a non-IFRS list has ended."""
        if self.lead is not None:
            return self.lead.basis
        return "unclear" if self.after_non_ifrs else None

    def read_line(self, offset: int, line: str, indent: int, tokens: list[Token]) -> None:
        """Update the section period and lead-in basis from a line, then read its sentences."""
        figures = [t for t in tokens if t.kind in _FIGURE_KINDS]
        named = {t.period or _UNCLEAR for t in tokens if _names_period(t)}
        self.update_lead(line, indent, tokens, bool(figures))
        if not figures and named and len(line.strip()) <= 60:
            self.section = next(iter(named)) if len(named) == 1 else _UNCLEAR
            self.after_non_ifrs = False
        elif figures and _headline_period(line, offset, tokens) is not None:
            self.section = _headline_period(line, offset, tokens)
            self.after_non_ifrs = False
        carried = self.lead_basis
        if carried is None and _bullet_of(line) in _SUB_BULLETS:
            carried = "unclear"
        self.line_period = _opening_period(line, offset, tokens)
        self.update_opened(named)
        if any(_inside(p, self.ctx.default) for p in named):
            self.default_ended = True
        self.running = self.parts_period(line)
        start = 0
        for m in [*_SENTENCE_END.finditer(line), None]:
            end = m.start() if m else len(line)
            a, b = offset + start, offset + end
            inner = [t for t in tokens if a <= t.start and t.end <= b]
            final = self.read_sentence(a, b, inner, carried)
            if any(_names_period(t) and t.period != self.line_period for t in inner):
                self.line_period = _UNCLEAR if self.line_period is not None else None
            self.running = _running_period(inner, self.running)
            if m is not None and m.group() == ";":
                carried = final
            elif final in ("non_ifrs", "unclear", _LABELLED) and final != self.lead_basis:
                carried = "unclear"
            start = end + 1
        if line.strip():
            self.line_running = self.running

    def parts_period(self, line: str) -> Period | None:
        """For a line listing parts (其中,...): the period the line before named for its own figures."""
        before = self.line_running
        if _PARTS_OPENER.match(line) and before is not None and before != _UNCLEAR:
            return before
        return None

    def head_instant(self, x: _Attached) -> Period | None:
        """The date all periods of the head end on, for an as-at figure no marker of its paragraph dates."""
        if x.period is not None or self.line_period is not None or self.running is not None:
            return None
        return periods.instant(self.ctx.head_end) if self.ctx.head_end is not None else None

    def update_opened(self, named: set[Period]) -> None:
        """Keep the report's one quarter after a paragraph opening with it, until a line names another period."""
        if self.opened is not None and named and named != {self.opened}:
            self.opened, self.opened_ended = None, True
        elif self.opened is None and not self.opened_ended and self.line_period is not None:
            quarter = self.ctx.head_quarter
            if self.line_period == quarter and named == {quarter}:
                self.opened = quarter

    def carried_period(self) -> Period | None:
        """The period of a figure no marker of its clause names: the paragraph's, else the heading's or the head's."""
        return self.running or self.opened or self.section or (None if self.default_ended else self.ctx.default)

    def update_lead(self, line: str, indent: int, tokens: list[Token], has_figures: bool) -> None:
        """Start, keep or end the lead-in basis for this line (blank lines keep it)."""
        if not line.strip():
            return
        bases = [t for t in tokens if t.kind == "basis"]
        if bases and not has_figures and _is_lead_in(line):
            self.lead = _Lead(bases[-1].basis or "", indent, _bullet_of(line))
            self.after_non_ifrs = False
            return
        if self.lead is None or _continues(self.lead, line, indent, tokens):
            return
        self.after_non_ifrs = self.lead.basis == "non_ifrs"
        self.lead = None

    def read_sentence(self, start: int, end: int, tokens: list[Token], basis: str | None) -> str | None:
        """Read the clauses of a sentence, carrying its period, basis and last clean subject along."""
        period: Period | None = None
        previous: Subject | None = None
        named_line = False
        topic: Subject | None = None
        grown: Subject | None = None  # a segment the sentence says grew (金融科技及企业服务业务稳健增长,...)
        pos = start
        _sentence_ad_words(self.work.text, tokens)
        for m in [*_CLAUSE_BREAK.finditer(self.work.text, start, end), None]:
            stop = m.start() if m else end
            clause = self.clause(pos, stop, [t for t in tokens if pos <= t.start and t.end <= stop])
            if topic is not None:
                _take_topic(clause.tokens, topic)
            topic = topic or _topic_of(self.work.text, clause)
            if grown is not None:
                _take_grown_topic(self.work.text, clause, grown)
            grown = grown or _grown_topic_of(self.work.text, clause) or _driven_topic_of(self.work.text, clause)
            if named_line and not _opens_with_company(self.work.text, clause):
                _mark_plain_revenue(clause.tokens)
            named_line = named_line or any(_names_a_line(t) for t in clause.tokens)
            clause_basis = basis
            labelled = False
            for t in clause.tokens:
                if t.kind != "basis":
                    continue
                if _labels_subject_before(self.work.text, t, clause.tokens):
                    clause_basis, labelled = t.basis, True  # `经营利润(Non-IFRS)`: the label of that line only
                    if basis is None and t.basis == "non_ifrs":
                        basis = _LABELLED
                else:
                    basis = clause_basis = t.basis
            before = previous
            previous = self.read_clause(clause, previous, clause_basis, period)
            if previous is None and before is not None and _estimate_aside(self.work.text, clause):
                previous = before  # 营收1552亿元,预估1574.2亿元,同比增长7%: the growth is the reported level's
            if labelled and previous is not None and previous.basis is None and clause_basis:
                previous = replace(previous, basis=clause_basis)  # its growth in the next clause keeps the label
            named = {t.period or _UNCLEAR for t in clause.tokens if t.kind == "marker" and not t.comparison}
            if named:
                period = named.pop() if len(named) == 1 else _UNCLEAR
            if basis is None and any(
                t.subject is not None and t.subject.basis == "non_ifrs" for t in clause.tokens
            ):
                basis = "unclear"
            pos = stop + 1
        return basis

    def clause(self, start: int, end: int, tokens: list[Token]) -> _Clause:
        """A clause with its cleanliness (nothing but tokens and filler) and whether it blocks attachment."""
        text = self.work.text
        clean = _FILLER.match(_strip_tokens(text, start, end, tokens)) is not None
        comparison = any(t.kind == "marker" and t.comparison for t in tokens)
        return _Clause(start, end, tokens, clean, comparison or "分别" in text[start:end])

    def read_clause(
        self, clause: _Clause, previous: Subject | None, basis: str | None, period: Period | None
    ) -> Subject | None:
        """Emit the facts of one clause; return the subject a following bare-growth clause may continue."""
        attached = self.attach(clause, previous, period)
        levels = [x.subject_at for x in attached if x.reason is None and x.token.kind in ("money", "bare")]
        for x in attached:
            if x.reason is None and x.token.kind in ("money", "bare") and levels.count(x.subject_at) > 1:
                x.reason = "several amounts for one metric in one clause"
            self.emit(x, basis)
        subjects = [t for t in clause.tokens if t.kind == "subject"]
        if not clause.clean or any(t.measure == "share_pct" for t in clause.tokens):
            return None  # a growth after a share clause may be the share's
        if not subjects:
            return previous
        last = subjects[-1].subject
        distinct = {t.subject for t in subjects}
        return last if len(distinct) == 1 and last is not None and last.kind != "blocked" else None

    def attach(self, clause: _Clause, previous: Subject | None, period: Period | None) -> list[_Attached]:
        """Pair each figure of a clause with the metric before it, if exactly one metric is there."""
        out: list[_Attached] = []
        current: Token | None = None
        ambiguous = last_was_subject = False
        last_end: int | None = None
        marks: set[Period] = set()
        for tok in clause.tokens:
            if tok.kind == "marker":
                if not tok.comparison:
                    marks.add(tok.period or _UNCLEAR)
                    period = (tok.period or _UNCLEAR) if len(marks) == 1 else _UNCLEAR
                continue
            if tok.kind == "basis":
                continue
            if tok.kind == "subject":
                ambiguous = last_was_subject and current is not None and current.subject != tok.subject
                current, last_end, last_was_subject = tok, tok.end, True
                continue
            gap = _gap(self.work.text, last_end, tok.start, clause.tokens) if last_end is not None else None
            last_end, last_was_subject = tok.end, False
            if tok.kind in ("foreign", "qualitative"):
                continue
            if tok.kind in ("margin", "margin_prior"):
                out.append(_Attached(tok, tok.subject, tok.start, None, period))
                continue
            out.append(self.pair(clause, tok, current, previous, ambiguous, gap, period))
        return out

    def pair(
        self,
        clause: _Clause,
        tok: Token,
        current: Token | None,
        previous: Subject | None,
        ambiguous: bool,
        gap: str | None,
        period: Period | None,
    ) -> _Attached:
        """The subject of one figure, or the reason it has none."""
        if current is None:
            alone = not any(t.kind == "subject" for t in clause.tokens)
            linked = tok.kind in ("money", "bare") and (
                _LINKED_AMOUNT.match(self.work.text, clause.start) is not None
                or _reached_after_growth(self.work.text, clause, tok)
            )
            continues = previous is not None and clause.clean and alone and (tok.kind in ("growth", "flat") or linked)
            subject = previous if continues else None
            reason = None if continues else "no metric in the same clause"
            at = -1 if continues else None
        else:
            subject, at, reason = current.subject, current.start, None
            if ambiguous:
                reason = "several metrics precede the figure"
            elif gap is None or _FILLER.match(gap) is None:
                reason = "figure not clearly attached to the metric"
        if clause.blocked and not self.compared_with_year_before(clause, tok, period):
            reason = "clause lists several figures or compares periods"
        return _Attached(tok, subject, at, reason, period)

    def compared_with_year_before(self, clause: _Clause, tok: Token, period: Period | None) -> bool:
        """A year-on-year growth compared with the same period a year before, named (较2023年第二季度同比增长8%)."""
        if tok.kind != "growth" or tok.measure != "yoy_pct" or "分别" in self.work.text[clause.start : clause.end]:
            return False
        current = period or self.line_period or self.carried_period()
        if current is None or current is _UNCLEAR or current.type == "instant":
            return False
        compared = {t.period for t in clause.tokens if t.kind == "marker" and t.comparison}
        return compared == {_prior(current, "year")}

    def emit(self, x: _Attached, basis: str | None) -> None:
        """Turn one attached figure into a Fact, or hold it back with the reason."""
        tok, subject, reason = x.token, x.subject, x.reason
        if tok.kind == "flat":
            return
        a, b = self.work.span(tok.start, tok.end)
        reported = flatten(self.work.original[a:b]).strip()
        locator = f"line {self.work.original.count(chr(10), 0, a) + 1} chars {a}-{b}"
        if reason is None and subject is not None and subject.kind == "blocked":
            reason = "metric outside the vocabulary"
        if reason is None and subject is not None and subject.kind == "after_line":
            reason = "bare revenue word after a named line: which line is unclear"
        if reason is None and _other_company_before(self.work.text, tok.start):
            reason = "another company is the last one named before the figure"
        if reason is None and tok.kind == "ambiguous":
            reason = "增长N倍 may mean N or N+1 times; not placed"
        if reason is None and subject is not None:
            period = x.period or self.line_period or self.carried_period()
            if subject.metric in _AS_AT_METRICS and period in (None, _UNCLEAR) and self.head_instant(x):
                period = self.head_instant(x)
            fact, reason = _fact(self.work, subject, tok, basis, period, reported, locator, a, b,
                                 implicit_ifrs=self.implicit_ifrs)
            if fact is not None and forecast_led(self.work.text, tok.start):
                heading = _heading_segment(self.work.text, tok.start) if fact.segment == "total" else None
                if _in_range(self.work.text, tok):
                    fact, reason = None, "a forecast range (10%-15%, 1800-1850亿元): no one figure"
                elif heading is not None and subject.kind == "plain" and fact.metric == "revenue":
                    fact = replace(fact, segment=heading, is_estimate=True)  # 金融科技与企业服务 - 预计25Q2收入...
                elif fact.segment == "total" and _line_heading_before(self.work.text, tok.start):
                    fact, reason = None, "a forecast under a heading that names a line of the business"
                else:
                    fact = replace(fact, is_estimate=True)
            if fact is not None and not fact.is_estimate and fact.period in self.to_come:
                fact, reason = None, "a figure of a period whose results the text says are still to come: a forecast"
            if fact is not None and fact.is_estimate:
                ahead = forecast_quarter(self.work.text, tok.start, fact.period, self.ctx)
                if ahead is None:
                    fact, reason = None, "a forecast of a quarter named without its year: which year's is not certain"
                else:
                    fact = replace(fact, period=ahead)
            if fact is not None:
                self.result.facts.append(fact)
                return
        self.result.held.append(Held(reason or "not placed", reported, locator))


def parse(doc: Document) -> ParseResult:
    """Facts of a Chinese Tencent results release or news report."""
    try:
        return _parse(doc)
    except ParseError:
        raise
    except (ValueError, KeyError, IndexError, ArithmeticError) as exc:
        raise ParseError(f"{doc.name}: unreadable results text ({exc.__class__.__name__}: {exc})") from exc


def _parse(doc: Document) -> ParseResult:
    """Read a sniffed document and drop conflicting repeats."""
    if not doc.text.strip():
        raise EmptyDocument(f"{doc.name}: no text")
    if not sniff(doc):
        raise UnsupportedDocument(f"{doc.name}: not a Chinese report of Tencent's results")
    scrambled = scrambled_reason(doc.text, doc.meta.title or _first_line(doc.text))
    if scrambled:
        raise DecoyDocument(f"{doc.name}: {scrambled}")
    work = working_text(doc.text)
    ctx = period_context(work, doc.meta.title, doc.meta.published_at)
    result = ParseResult(kind=KIND, title=doc.meta.title or _first_line(doc.text), published_at=ctx.published)
    reader = _Reader(work, ctx, result)
    reader.implicit_ifrs = is_release(work.text)
    reader.to_come = periods_to_come(work.text, ctx)
    reader.read()
    _year_list_forecasts(work, result)
    _year_list_growths(work, result, ctx.published)
    _drop_conflicts(result)
    _drop_loose_restatements(result, work.text)
    _drop_totals_below_profit(result)
    event = _results_event(result)
    if event is not None:
        result.events.append(event)
    return result


# A forecast for a run of years with one figure each (上调25-27年Non-IFRS归母净利润预测至2556.8/2884.0/3222.6亿元,
# 预计2024-2026年营业收入分别为6600亿元、7200亿元、7800亿元): the line named between the years and the figures.
_YEAR_LIST = re.compile(
    r"(?<![\d.])(?P<y1>\d{4}|\d{2})[ \t]*年?[ \t]*[-–~至到][ \t]*(?P<y2>\d{4}|\d{2})[ \t]*年(?:度)?"
    r"(?P<label>[^,;。!?\n\d]{1,30}?)(?:预测|预期|预计)?[ \t]*(?:分别)?[ \t]*(?:为|至|达到|达|是)[ \t]*"
    rf"(?P<nums>{_NUM}[ \t]*(?:亿元|亿)?(?:[ \t]*[/、][ \t]*{_NUM}[ \t]*(?:亿元|亿)?)+)(?:[ \t]*人民币)?"
)
_YEAR_LIST_NUM = re.compile(rf"(?P<num>{_NUM})[ \t]*(?P<unit>亿元|亿)?")
_FORECAST_WORD = re.compile(r"预测|预计|预期|预估")


def _year_list_runs(text: str, pattern: re.Pattern[str], number: re.Pattern[str],
                    word_inside: bool) -> Iterator[tuple[re.Match[str], Subject, list[int], list[re.Match[str]]]]:
    """The year-run forecasts a pattern finds in a passage opened by a forecast word (before the run, or inside it
    when `word_inside`), each with its one subject, its years and one figure a year."""
    for m in pattern.finditer(text):
        opening = max((e.end() for e in _PASSAGE_END.finditer(text, max(0, m.start() - 200), m.start())), default=0)
        if not _FORECAST_WORD.search(text, opening, m.end() if word_inside else m.start()):
            continue
        subject = _year_list_subject(m.group("label"))
        years = _year_run(m.group("y1"), m.group("y2"))
        nums = list(number.finditer(text, m.start("nums"), m.end("nums")))
        if subject is not None and years is not None and len(nums) == len(years):
            yield m, subject, years, nums


def _year_estimate(work: Working, subject: Subject, year: int, n: re.Match[str], measure: str, value: float,
                   unit: str) -> Fact:
    """One year's figure of a year-run forecast, as an estimate of that year."""
    a, b = work.span(n.start("num"), n.end())
    locator = f"line {work.original.count(chr(10), 0, a) + 1} chars {a}-{b}"
    return Fact(
        subject.entity, subject.metric, subject.segment, basis_for(subject.metric, subject.basis == "non_ifrs"),
        measure, periods.year(year), value, unit, flatten(work.original[a:b]).strip(), locator,
        make_snippet(work.original, a, b), "eq", is_estimate=True,
    )


def _year_list_forecasts(work: Working, result: ParseResult) -> None:
    """Estimates from a forecast for a run of years, one figure a year, all in 亿元 (the unit after the last)."""
    for _, subject, years, nums in _year_list_runs(work.text, _YEAR_LIST, _YEAR_LIST_NUM, word_inside=True):
        if nums[-1].group("unit") != "亿元" or any(n.group("unit") not in (None, "亿元") for n in nums):
            continue
        for year, n in zip(years, nums, strict=True):
            try:
                value = scaled(n.group("num"), scale_factor("亿"))
            except NumberFormatError:
                break
            result.facts.append(_year_estimate(work, subject, year, n, "value", value, "CNY"))


# A forecast of growth rates for a run of years (预计2025/26年收入增8.6%/7.7%, 预计2026-28年营收增速分别为11%/9%/8%).
_YEAR_LIST_GROWTH = re.compile(
    r"(?<![\d.])(?P<y1>\d{4}|\d{2})[ \t]*年?[ \t]*(?P<sep>[-–~至到/])[ \t]*(?P<y2>\d{4}|\d{2})[ \t]*年(?:度)?"
    r"(?P<label>[^,;。!?\n\d%]{1,12}?)[ \t]*(?:同比)?[ \t]*(?:增速|增长率|增幅|增长|增)[ \t]*(?:分别)?[ \t]*(?:为|达到|达|是)?[ \t]*"
    rf"(?P<nums>{_NUM}[ \t]*%(?:[ \t]*/[ \t]*{_NUM}[ \t]*%)+)(?![ \t]*/)"
)
_YEAR_LIST_PCT = re.compile(rf"(?P<num>{_NUM})[ \t]*%")


def _year_list_growths(work: Working, result: ParseResult, published: date | None) -> None:
    """Estimates from a forecast of year-on-year growth for a run of years not yet reported, one rate a year."""
    for m, subject, years, nums in _year_list_runs(work.text, _YEAR_LIST_GROWTH, _YEAR_LIST_PCT, word_inside=False):
        if published is None or years[0] < published.year or (m.group("sep") == "/" and len(years) != 2):
            continue
        for year, n in zip(years, nums, strict=True):
            result.facts.append(_year_estimate(work, subject, year, n, "yoy_pct", parse_number(n.group("num")), "pct"))


def _year_list_subject(label: str) -> Subject | None:
    """The one line of the vocabulary a year-run forecast names (its basis stated for a profit line), else None."""
    tokens = [t for t in subject_tokens(label) if t.kind == "subject" and t.subject is not None]
    named = [t.subject for t in tokens if t.subject.kind != "blocked" or not _FORECAST_WORD.fullmatch(label[t.start:t.end])]
    if len(named) != 1 or named[0].kind not in ("money", "plain"):
        return None
    subject = named[0]
    if subject.metric in BASIS_METRICS and subject.basis is None:
        return None
    return subject


def _year_run(first: str, last: str) -> list[int] | None:
    """The years from `first` to `last` (two-digit years in the 2000s), or None when they run backwards or far."""
    y1 = int(first) + (2000 if len(first) == 2 else 0)
    y2 = int(last) + (2000 if len(last) == 2 else 0)
    if not 2 <= y2 - y1 + 1 <= 5 or y1 < 2000:
        return None
    return list(range(y1, y2 + 1))


# Marks of the company's own release (as 美通社 and its copies carry it), not a report about it.
_RELEASE_MARK = re.compile(r"美通社|業績摘要|业绩摘要|本公司權益持有人|本公司权益持有人|今[天日][ \t]*公")


# The company's own older report (腾讯公司第二季度总收入为...), which names itself 腾讯公司.
_OWN_REPORT = re.compile(r"腾讯公司[^。\n]{0,12}?(?:第[一二三四1-4]季度?|上半年|全年)[^。\n]{0,8}?总收入")


def _labels_subject_before(text: str, basis: Token, tokens: list[Token]) -> bool:
    """Whether a basis word stands in brackets right after a line's subject (`经营利润(Non-IFRS)`)."""
    return any(t.kind == "subject" and t.end <= basis.start and re.fullmatch(r"\s*[(（]?\s*", text[t.end : basis.start])
               for t in tokens)


def is_release(text: str) -> bool:
    """Whether a text is the company's own results release (or a copy of it), not a report about the results."""
    head = fold(to_simplified(text[:3000])).lower()
    return bool(_RELEASE_MARK.search(text[:6000]) or _RELEASE_OPENING.search(head) or _OWN_REPORT.search(head[:300]))


def _results_event(result: ParseResult) -> Event | None:
    """The publication of the results, dated by the document, described by its title."""
    if result.published_at is None or not result.title or not result.facts:
        return None
    title = flatten(result.title.strip())[:SNIPPET_MAX]
    return Event(result.published_at, "tencent", "results", title, title)


def _first_line(text: str) -> str | None:
    """The first non-empty line of a text."""
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), None)


def _other_company_before(text: str, start: int) -> bool:
    """Whether the last company named before a position is another than Tencent (a roundup's other report)."""
    other = max((m.end() for m in _OTHER_COMPANY.finditer(text, 0, start)), default=-1)
    if other < 0:
        return False
    return max((m.end() for m in _TENCENT_NAMED.finditer(text, 0, start)), default=-1) < other


def _names_a_line(tok: Token) -> bool:
    """A subject naming one line of the business (a segment or a word outside the vocabulary)."""
    return tok.kind == "subject" and tok.subject is not None and (
        tok.subject.segment != "total" or tok.subject.kind == "blocked"
    )


# What may stand around a segment that a sentence opens with as its topic (在金融科技及企业服务业务板块,...).
_TOPIC_GAP = re.compile(r"^\s*在?\s*(?:业务|板块|方面|领域|\s)*$")


def _topic_of(text: str, clause: _Clause) -> Subject | None:
    """The segment a clause names as the topic of its sentence: alone after 在, or with its share of revenue."""
    subjects = [t for t in clause.tokens if t.kind == "subject"]
    if len(subjects) != 1 or subjects[0].subject is None:
        return None
    subject = subjects[0].subject
    if subject.entity != "tencent" or subject.metric != "revenue" or subject.segment == "total":
        return None
    if len(clause.tokens) == 2 and clause.clean and clause.tokens[1].measure == "share_pct":
        return subject  # 增值服务占总收入的52%,收入金额为...
    if len(clause.tokens) != 1 or not text[clause.start : clause.end].lstrip().startswith("在"):
        return None
    return subject if _TOPIC_GAP.match(_strip_tokens(text, clause.start, clause.end, subjects)) else None


# A product whose own advertising a bare 广告收入 written shortly after it may be (视频号…。广告收入…).
_AD_PRODUCT_BEFORE = re.compile(r"视频号|小程序|小游戏|朋友圈|搜一搜|腾讯视频|腾讯音乐|腾讯新闻|qq空间|微信搜索")


_AD_AFTER_CODE = re.compile(r"q[1-4]$")  # 25Q2广告收入: read as the advertising line wherever it stands


def _sentence_ad_words(text: str, tokens: list[Token]) -> None:
    """A bare 广告收入 after another subject of its sentence (视频号…,广告收入…), or shortly after a product of
    Tencent's (视频号…。广告收入…), may be that product's: not placed."""
    seen = False
    for tok in tokens:
        if tok.kind != "subject" or tok.subject is None:
            continue
        ad_word = text.startswith("广告收入", tok.start) and tok.subject.segment == "marketing_services" \
            and _AD_AFTER_CODE.search(text, max(0, tok.start - 2), tok.start) is None
        product = ad_word and not text.endswith("腾讯", 0, tok.start) \
            and _AD_PRODUCT_BEFORE.search(text, max(0, tok.start - 60), tok.start) is not None
        if ad_word and (seen or product):
            tok.subject = Subject("", "", kind="blocked")
        seen = True


def _take_topic(tokens: list[Token], topic: Subject) -> None:
    """Bare revenue words of a sentence opened by a segment topic are that segment's revenue."""
    for tok in tokens:
        if tok.kind == "subject" and tok.subject is not None and tok.subject.kind in ("plain", "after_line"):
            tok.subject = replace(topic, kind="money")


# A clause saying only that a segment grew (其中,公司金融科技及企业服务业务稳健成长): the sentence's topic.
_GROWN_CLAUSE = re.compile(
    r"^\s*(?:其中|当中|此外|另外)?\s*(?:腾讯|公司|集团)?\s*(?:的)?\s*(?:业务|板块)?\s*(?:收入)?\s*(?:保持|实现|维持)?\s*(?:了)?\s*"
    r"(?:稳健|稳步|稳定|强劲|快速|持续|显著|大幅)?\s*(?:成长|增长|发展)?\s*$"
)
# A clause saying only that a segment did well (国际游戏业务的表现更为强劲): the sentence's topic too.
_STRONG_CLAUSE = re.compile(
    r"^\s*(?:其中|当中|此外|另外)?\s*(?:业务|板块)?\s*(?:的)?\s*表现\s*(?:更为|更加|尤为|尤其|十分|非常|依然|依旧|持续)?\s*"
    r"(?:强劲|亮眼|突出|出色|稳健)\s*$"
)
# What may stand before a bare revenue word for it to be the grown segment's (第二季实现营收...).
_GROWN_REVENUE_GAP = re.compile(r"^\s*(?:实现|录得)?\s*(?:的)?\s*$")
# A clause opening with the company itself (腾讯2024年Q3 营收...): its bare revenue word is the company's total.
_COMPANY_OPENING = re.compile(r"^\s*(?:\d{1,2}\s*[、.]\s*)?腾讯(?:控股)?\s*(?:\(\d{4,5}(?:\.hk)?\))?\s*(?:的)?\s*$")


def _grown_topic_of(text: str, clause: _Clause) -> Subject | None:
    """The segment a clause says grew, with nothing else in it (金融科技及企业服务业务稳健增长), else None."""
    subjects = [t for t in clause.tokens if t.kind == "subject"]
    if len(subjects) != 1 or subjects[0].subject is None or subjects[0].subject.kind != "money":
        return None
    subject = subjects[0].subject
    if subject.entity != "tencent" or subject.metric != "revenue" or subject.segment == "total":
        return None
    if any(t.kind not in ("subject", "qualitative") for t in clause.tokens):
        return None
    rest = _strip_tokens(text, clause.start, clause.end, clause.tokens)
    worded = any(t.kind == "qualitative" for t in clause.tokens) or re.search(r"成长|增长|发展", rest)
    return subject if (worded and _GROWN_CLAUSE.match(rest)) or _STRONG_CLAUSE.match(rest) else None


# A segment opening its sentence, then what drove it (网络广告业务在视频号、小程序等推动下,营收同比增长15%).
_DRIVEN_ASIDE = re.compile(r"\s*(?:业务|板块)?\s*在[^。;!?\n\d%]{1,40}?(?:推动|带动|驱动|拉动|助力)下\s*,")
_SEGMENT_OPENING = re.compile(r"\s*(?:腾讯(?:控股)?|公司|集团)?\s*(?:的)?\s*")


def _driven_topic_of(text: str, clause: _Clause) -> Subject | None:
    """The segment a clause opens with when what drove it follows (在…推动下,), with no figure in between, else None."""
    subjects = [t for t in clause.tokens if t.kind == "subject"]
    if not subjects or subjects[0].subject is None or subjects[0].subject.kind != "money" \
            or any(t.kind not in ("subject", "marker") for t in clause.tokens):
        return None  # the segment first; what else the clause names stands inside the aside
    tok, subject = subjects[0], subjects[0].subject
    if subject.entity != "tencent" or subject.metric != "revenue" or subject.segment == "total":
        return None
    if not _SEGMENT_OPENING.fullmatch(_gap(text, clause.start, tok.start, clause.tokens)):
        return None
    return subject if _DRIVEN_ASIDE.match(text, tok.end) else None


def _take_grown_topic(text: str, clause: _Clause, topic: Subject) -> None:
    """A bare revenue word opening a clause after a segment's growth (…稳健成长,第二季实现营收555亿元) is its revenue."""
    for tok in clause.tokens:
        if tok.kind != "subject" or tok.subject is None or tok.subject.kind not in ("plain", "after_line"):
            continue
        if _GROWN_REVENUE_GAP.match(_gap(text, clause.start, tok.start, clause.tokens)):
            tok.subject = replace(topic, kind="money")
        return


# A clause giving only the forecast a reported level is set against (营收1552亿元,市场预估1574.2亿元,同比增长7%).
_ESTIMATE_ASIDE_WORD = re.compile(r"(?:市场|彭博|分析师)?(?:一致)?(?:预估|预期)")
_ESTIMATE_ASIDE_REST = re.compile(r"^\s*(?:市场|彭博|分析师)?\s*(?:为|是)?\s*(?:人民币)?\s*$")


def _estimate_aside(text: str, clause: _Clause) -> bool:
    """Whether a clause is nothing but an estimate word and one amount, set beside the level the clause before gave."""
    kinds = [t.kind for t in clause.tokens if t.kind != "marker"]
    if kinds != ["subject", "money"] or any(t.kind == "marker" for t in clause.tokens):
        return False
    word = clause.tokens[0]
    if word.subject is None or word.subject.kind != "blocked" or not _ESTIMATE_ASIDE_WORD.fullmatch(text, word.start, word.end):
        return False
    return _ESTIMATE_ASIDE_REST.match(_strip_tokens(text, clause.start, clause.end, clause.tokens)) is not None


def _opens_with_company(text: str, clause: _Clause) -> bool:
    """Whether a clause names the company right before its first bare revenue word (腾讯2024年Q3 营收...)."""
    plain = [t for t in clause.tokens if t.kind == "subject" and t.subject is not None and t.subject.kind == "plain"]
    return bool(plain) and _COMPANY_OPENING.match(_gap(text, clause.start, plain[0].start, clause.tokens)) is not None


def _reached_after_growth(text: str, clause: _Clause, tok: Token) -> bool:
    """Whether an amount is the level a growth figure just before it in the clause reached."""
    before = [t for t in clause.tokens if t.end <= tok.start and t.kind != "marker"]
    return bool(before) and before[-1].kind == "growth" and _REACHED_GAP.match(text[before[-1].end : tok.start]) is not None


def _mark_plain_revenue(tokens: list[Token]) -> None:
    """Bare revenue words of a clause that follows a named line no longer stand for total revenue."""
    for tok in tokens:
        if tok.kind == "subject" and tok.subject is not None and tok.subject.kind == "plain":
            tok.subject = replace(tok.subject, kind="after_line")


def _strip_tokens(text: str, a: int, b: int, tokens: list[Token]) -> str:
    """The text of [a, b) with the given tokens cut out (what is left must be filler for a clean clause)."""
    out, pos = [], a
    for t in sorted(tokens, key=lambda t: t.start):
        out.append(text[pos : t.start])
        pos = max(pos, t.end)
    out.append(text[pos:b])
    return "".join(out)


def _gap(text: str, a: int, b: int, tokens: list[Token]) -> str:
    """Text between two items with period markers, basis words and foreign-currency amounts removed."""
    inner = [
        t
        for t in tokens
        if a <= t.start and t.end <= b and t.kind in ("marker", "basis", "foreign", "qualitative")
    ]
    return _strip_tokens(text, a, b, inner)


# 环比, 按季, 与上一季度相比: a sentence comparing with the quarter before speaks of a quarter.
_QUARTERLY_CUE = re.compile(r"环比|按季|季度?环比|(?:较|与|比)上一?(?:个)?季度?")


# 经调整每股基本盈利, 调整后, Non-IFRS: the sentence's figures are adjusted ones, whatever line they are named by.
_ADJUSTED_WORD = re.compile(r"经调整|调整后|非国际财务报告准则|non[-–— ]?ifrs", re.I)


# 网络广告收入…,其中,媒体广告…,社交网络收入…: the parts listed after an advertising total are advertising lines.
_ADVERTISING_PARTS = re.compile(r"广告(?:(?!增值服务|游戏|金融科技|企业服务)[^。!?;\n])*?(?:其中|当中)")


def _sentence_before(text: str, tok: Token) -> str:
    """The part of a token's sentence before it."""
    return text[max(text.rfind(c, 0, tok.start) for c in "。!?;\n") + 1 : tok.start]


_YEARLY_CUE = re.compile(r"同比|按年|年比|去年同期|上年同期")


def _line_of(text: str, tok: Token) -> str:
    """The line (paragraph) a token stands in."""
    end = text.find("\n", tok.end)
    return text[text.rfind("\n", 0, tok.start) + 1 : end if end >= 0 else len(text)]


def _sentence_of(text: str, tok: Token) -> str:
    """The sentence a token stands in."""
    start = max(text.rfind(c, 0, tok.start) for c in "。!?;\n") + 1
    end = _SENTENCE_END.search(text, tok.end)
    return text[start : end.start() if end else len(text)]


def _fact(
    work: Working,
    subject: Subject,
    tok: Token,
    basis: str | None,
    period: Period | None,
    reported: str,
    locator: str,
    a: int,
    b: int,
    *,
    implicit_ifrs: bool = True,
) -> tuple[Fact | None, str | None]:
    """Build the fact for a figure attached to a subject, or say why it cannot be one.

    `implicit_ifrs`: a profit line with no basis is IFRS (the company's own release, whose IFRS block may carry
    no label); in a report about the results it is held.
    """
    if period is None:
        return None, "period not stated"
    if period is _UNCLEAR:
        return None, "period named before the figure is unclear or not one"
    if subject.segment == "online_games" and period.end.year > _LAST_ONLINE_GAMES_YEAR:
        return None, "online games is no segment of periods after 2020"
    if subject.metric in _AS_AT_METRICS:
        period = _as_quarter(period)
        if period is None:
            return None, "as-at figure whose quarter is not clear"
    elif period.type == "instant":
        return None, "as-at date for a flow figure"
    measure, unit = "value", "CNY"
    if tok.kind == "margin_prior":
        period = _prior(period, tok.basis or "")
        if period is None:
            return None, "the period a margin is compared with is not clear"
    if tok.kind in ("margin", "margin_prior"):
        measure, unit, value, qualifier = "margin_pct", "pct", tok.value, "eq"
    elif tok.kind == "growth":
        if tok.measure == "share_pct" and (subject.metric != "revenue" or subject.segment == "total"):
            return None, "a share of total revenue stated for no single line"
        measure, unit, value, qualifier = tok.measure, "pct", tok.value, tok.qualifier
        doubt = _since_month_doubt(work.text, tok, period) if tok.measure == "qoq_pct" else None
        if doubt:
            return None, doubt
    else:
        if subject.kind == "growth_only":
            return None, "only growth is read for this metric"
        if tok.kind == "bare" and not tok.currency and not work.text[tok.end :].strip():
            return None, "an amount cut off at the end of the copy: its unit may be lost"
        if tok.kind == "bare" and not tok.currency and work.text[max(0, tok.start - 3) : tok.start].rstrip().endswith("("):
            return None, "a bracketed amount without its currency (a translation or an aside)"
        unit_or_reason = _level_unit(subject, tok)
        if unit_or_reason[0] is None:
            return None, unit_or_reason[1]
        unit = unit_or_reason[0]
        try:
            value = scaled(tok.num, scale_factor(tok.scale))
        except NumberFormatError as exc:
            return None, f"unreadable number: {exc}"
        qualifier = _level_qualifier(work, tok)
    if period.type == "year" and (measure == "qoq_pct" or _QUARTERLY_CUE.search(_sentence_of(work.text, tok))):
        return None, "a quarter-on-quarter measure in the figure's sentence: its figures are a quarter's, not the year's"
    chosen = subject.basis or basis
    if tok.kind == "growth" and measure == "yoy_pct" and not re.search(_DIR_PRE, work.text[tok.start : tok.end]) \
            and _QUARTERLY_CUE.search(_line_of(work.text, tok)) and not _YEARLY_CUE.search(_line_of(work.text, tok)):
        return None, "a growth with no stated base where the paragraph compares only with the quarter before"
    if subject.segment == "social_networks" and _ADVERTISING_PARTS.search(_sentence_before(work.text, tok)):
        return None, "social networks named among the parts of advertising (其中): social advertising, not the line"
    if chosen in (None, _LABELLED) and subject.formal and _ADJUSTED_WORD.search(_sentence_of(work.text, tok)):
        return None, "an adjusted (non-IFRS) word in the sentence of a line named as in the IFRS statements"
    if chosen in (None, _LABELLED) and subject.formal:
        chosen = "ifrs"  # the statements' own name, unlabelled (beside lines that carry their own labels)
    if chosen in ("unclear", _LABELLED) and subject.metric in BASIS_METRICS:
        return None, "basis not certain: no basis stated for this line where another one was"
    if chosen is None and subject.metric in BASIS_METRICS and not implicit_ifrs:
        return None, "basis not stated in a report about the results (not the release itself)"
    fact_basis = basis_for(subject.metric, chosen == "non_ifrs")
    snippet = make_snippet(work.original, a, b)
    fact = Fact(
        subject.entity,
        subject.metric,
        subject.segment,
        fact_basis,
        measure,
        period,
        value,
        unit,
        reported,
        locator,
        snippet,
        qualifier,
    )
    return fact, None


def _prior(period: Period, step: str) -> Period | None:
    """The period a year (or, for step quarter, a quarter) before `period`, or None when that is not clear."""
    try:
        if step == "quarter":
            return periods.prior_quarter(period) if period.type == "quarter" else None
        return periods.prior_year(period)
    except (periods.PeriodError, ValueError):
        return None


def _level_unit(subject: Subject, tok: Token) -> tuple[str | None, str]:
    """The unit of a level figure, or None with a reason when the written unit does not fit the metric."""
    if subject.kind == "count":
        if tok.kind == "bare" and not tok.currency:
            return "count", ""
        return None, "MAU written with a currency"
    if subject.kind == "per_share":
        if tok.kind == "money" and tok.currency in _YUAN and not tok.scale:
            return "CNY_per_share", ""
        return None, "per-share figure not in yuan"
    if tok.kind == "money" and tok.currency in _YUAN and tok.scale:
        return "CNY", ""
    if tok.kind == "bare" and tok.currency:
        return "CNY", ""
    if tok.kind == "bare" and tok.scale in _ZH_SCALES and subject.entity == "tencent":
        return "CNY", ""  # 营收5546亿: a Chinese report writes the company's yuan amounts with the scale word alone
    return None, "amount without a stated currency and scale"


def _level_qualifier(work: Working, tok: Token) -> str:
    """approx / gt when the amount is introduced by 约 / 近 / 超过."""
    before = work.text[max(0, tok.start - 4) : tok.start]
    if re.search(r"(?:超过|超|逾|突破)(?:了)?\s*$", before):
        return "gt"
    if re.search(r"(?:约|近|接近)(?:为|是|达)?\s*$", before):
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
    """Keep the first of repeated facts; hold back every fact whose key got two different values.

    A figure that is the rounding of a more precise one of its key (5601亿元 beside 5601.12亿元) is held as a
    rounded repeat, and the precise one is kept.
    """
    _drop_rounded_repeats(result)
    by_key: dict[tuple, set[tuple[float, str]]] = {}
    for f in result.facts:
        key = (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)
        by_key.setdefault(key, set()).add((f.value, f.qualifier))
    kept, seen = [], set()
    for f in result.facts:
        key = (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label)
        if len(by_key[key]) > 1:
            result.held.append(
                Held("two different values for one key in the document", f.reported_text, f.locator)
            )
        elif key not in seen:
            seen.add(key)
            kept.append(f)
    result.facts = kept


# A story rounds a growth rate as it rounds an amount (增长1% beside the release's 增长0.5%).
_ROUNDED_MEASURES = frozenset({"value", "yoy_pct", "qoq_pct"})


def _drop_rounded_repeats(result: ParseResult) -> None:
    """Hold an exact amount or growth rate that only rounds a more precise exact one of the same key."""
    by_key: dict[tuple, list[Fact]] = {}
    for f in result.facts:
        if f.measure in _ROUNDED_MEASURES and f.qualifier == "eq":
            by_key.setdefault((f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label), []).append(f)
    rounded: set[int] = set()
    for group in by_key.values():
        for f in group:
            if any(g.value != f.value and _rounds_to(g, f) for g in group):
                rounded.add(id(f))
    for f in result.facts:
        if id(f) in rounded:
            result.held.append(Held("a rounded repeat of a more precise figure", f.reported_text, f.locator))
    result.facts = [f for f in result.facts if id(f) not in rounded]


_LOOSE_QUALIFIERS = frozenset({"gt", "gte", "lt", "lte", "approx"})


def _drop_loose_restatements(result: ParseResult, text: str) -> None:
    """Hold a loose level (突破13亿大关, 超过13亿, 约13亿) that the text also states more precisely (13.43亿)."""
    loose = [f for f in result.facts if f.measure == "value" and f.qualifier in _LOOSE_QUALIFIERS]
    if not loose:
        return
    precise: list[tuple[float, int]] = []
    for tok in value_tokens(text):
        if tok.kind in ("money", "bare") and tok.num:
            try:
                precise.append((scaled(tok.num, scale_factor(tok.scale)), len(tok.num.partition(".")[2])))
            except NumberFormatError:
                continue
    restated = [f for f in loose if any(loosely_restates(f.reported_text, f.value, f.qualifier, value, places) for value, places in precise)]
    for f in restated:
        result.held.append(Held("a loose restatement (突破, 超过, 约) of a figure the text states more precisely",
                                f.reported_text, f.locator))
    result.facts = [f for f in result.facts if not any(f is g for g in restated)]


def _rounds_to(precise: Fact, rough: Fact) -> bool:
    """Whether `rough` is `precise` rounded to the last digit `rough` is written with (and has fewer decimals)."""
    m_rough, m_precise = _DECIMALS.search(rough.reported_text), _DECIMALS.search(precise.reported_text)
    if m_rough is None or m_precise is None:
        return False
    places = len(m_rough.group(1) or "")
    if places >= len(m_precise.group(1) or ""):
        return False
    try:
        written = float(parse_number(m_rough.group(0)))
    except NumberFormatError:
        return False
    if written <= 0:
        return False
    step = (rough.value / written) * 10**-places
    return abs(precise.value - rough.value) <= step / 2 + 1e-6 * step


# A written number and its decimals.
_DECIMALS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _drop_totals_below_profit(result: ParseResult) -> None:
    """Hold a total below a profit it must exceed in its period (revenue: any; gross profit: non-IFRS)."""
    floors: dict[tuple[str, str], float] = {}
    for f in result.facts:
        if f.measure == "value" and f.metric in _PROFIT_METRICS:
            for metric in ("revenue", "gross_profit") if f.basis == "non_ifrs" else ("revenue",):
                key = (metric, f.period.label)
                floors[key] = max(floors.get(key, 0.0), f.value)
    kept = []
    for f in result.facts:
        total = f.segment == "total" and f.measure == "value"
        if total and f.value < floors.get((f.metric, f.period.label), 0.0):
            result.held.append(Held("total smaller than a profit of the same period", f.reported_text, f.locator))
        else:
            kept.append(f)
    result.facts = kept


PARSER = Parser(kind=KIND, version=VERSION, sniff=sniff, parse=parse)
