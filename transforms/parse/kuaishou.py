"""Kuaishou results releases (ir.kuaishou.com, PR Newswire / 美通社, reprints): the highlights of a quarter, half or year:
users, e-commerce GMV, revenue and its mix, gross profit and margin, profit for the period and adjusted net profit."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from transforms.model import Fact, Held, ParseResult, Period, UnsupportedDocument, make_snippet
from transforms.normalise import periods as P
from transforms.normalise.numbers import NumberFormatError, decimals, scaled
from transforms.parse import Parser
from transforms.parse.article import article_parts, page_soup, page_title
from transforms.parse.claims import (
    PeriodMention,
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
# The announcement itself names the issuer, then its stock codes and incorporation in brackets, then the headline:
# "快手科技(港币柜台股份代号:01024╱人民币柜台股份代号:81024)(于开曼群岛注册成立…)截至2024年3月31日止三个月的业绩公告".
_TITLE_HKEX = re.compile(r"快手(?:科技)?(?:\s*\([^()]{0,80}\)){0,3}\s*.{0,20}?截至\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*止\s*"
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
# A news report or broker note on Kuaishou's own results, by the report it covers. Strong cues tie the report to
# Kuaishou in their own words: "Kuaishou shares drop after Q1 financial results", "released its first-quarter financial
# results", "Kuaishou: ... (4Q22 Conference Call Summary)", "Kuaishou Technology (1024.HK) announced ... that its revenue
# in the first quarter". Weak cues ("公司发布2022Q3 财报", "24Q4业绩要点", "Kuaishou ... the platform posted ... in the
# second quarter") count only where the text also uses Kuaishou's own segment or app names.
_GAP = r"(?:[^.\n]|\.(?=\w))"
_EN_QUARTER_REPORT = (r"(?:\b(?P<ord>first|second|third|fourth)[- ]quarter|\bQ(?P<q>[1-4])|\b(?P<q2>[1-4])Q(?P<yy>\d{2}))\s+"
                      r"(?:financial\s+results|results|earnings|conference\s+call)\b")
_REPORT_STRONG = (
    re.compile(r"\bKuaishou\b" + _GAP + r"{0,160}?(?:\b(?:after|its)\s+|\(|:\s*)" + _EN_QUARTER_REPORT, re.I),
    re.compile(r"\bKuaishou(?: Technology)?(?:\s*\([^)]{0,12}\))?\s+(?:posted|announced|reported)\b" + _GAP
               + r"{0,40}?\bits\b" + _GAP + r"{0,40}?\bin the (?P<ord>first|second|third|fourth) quarter\b", re.I),
)
_REPORT_WEAK = (
    re.compile(r"(?:公司|快手(?:科技)?)[^。\n]{0,12}?发布了?\s*(?P<y>\d{4})\s*Q(?P<q>[1-4])\s*(?:财报|业绩)"),
    re.compile(r"(?<!\d)(?P<y>\d{4}|\d{2})\s*Q(?P<q>[1-4])\s*业绩(?:要点|点评|回顾|摘要)"),
    re.compile(r"\bKuaishou\b" + _GAP + r"{0,120}?\b(?:posted|announced|reported)\b" + _GAP
               + r"{0,80}?\bin the (?P<ord>first|second|third|fourth) quarter\b", re.I),
)
# A Chinese commentary headed as one on Kuaishou's results ("AI驱动下的快手财报:...", "快手业绩点评") whose opening names
# one quarter and no year ("一季度,快手总营收同比增长..."): that quarter, the last one before publication.
_ZH_REPORT_TITLE = re.compile(r"快手(?:科技)?(?:-W)?[^。\n]{0,4}?(?:财报|业绩)")
_ZH_BARE_QUARTER = re.compile(r"(?<![\d年])第?(?P<q>[一二三四])季度")
_ZH_YEAR_QUARTER = re.compile(r"\d{4}\s*年\s*第?[一二三四]季度|\d{2,4}\s*Q[1-4]|Q[1-4]\s*\d{2,4}")
_KUAISHOU_OWN_WORDS = re.compile(r"快手应用|线上营销|Kuaishou app\b|online marketing services", re.I)
_REPORT_NAME = re.compile(r"快手|Kuaishou", re.I)
_REPORT_LINES = 6
_REPORT_CHARS = 2400
# How long after a quarter's end a report on it may appear (Kuaishou reports within three months).
_REPORT_LAG_DAYS = 120
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
_SPAN_HALF = re.compile(r"six months|interim|六个月|中期")
_SPAN_NINE = re.compile(r"nine months|九个月")
_SPAN_YEAR = re.compile(r"full year|year ended|twelve months|全年|年度")

_GMV_ZH = re.compile(r"(?:电商)?商品交易总额|商品总交易额|电商\s*GMV|GMV")
_GMV_EN = re.compile(r"\b(?:total\s+)?e-?commerce\s+GMV\b|\bGMV\s+of\s+(?:our\s+)?e-?commerce\b|\bgross merchandise "
                     r"value\b", re.I)
_MONEY_ZH = re.compile(rf"(?:人民币?|RMB\s?)?(?<![\d.,])(?P<num>{_NUM})\s*(?P<scale>万亿|亿|百万|千万)元")
_MONEY_EN = re.compile(rf"(?:RMB|CNY)\s?(?P<num>{_NUM})\s*(?P<scale>trillion|billion|million)\b|(?<![\w$.])"
                       rf"(?P<num2>{_NUM})\s*(?P<scale2>trillion|billion|million)\s+(?:yuan|RMB)\b", re.I)
_COUNT_ZH = re.compile(rf"(?P<num>{_NUM})\s*(?P<scale>亿|百万|万)(?![元\d])")
_COUNT_EN = re.compile(rf"(?<![\w$.])(?P<num>{_NUM})\s*(?P<scale>billion|million)\b(?!\s+(?:yuan|RMB)\b)", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:RMB|US\$|HK\$|\$|人民币|港元|美元)\s?$", re.I)
_SCALES = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "trillion": 1e12, "billion": 1e9,
           "million": 1e6}
_PCT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|per ?cent(?!age))")
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
                  r"\b(?:from|than) a year (?:ago|earlier)\b|"
                  r"compared with .{0,30}same period", re.I)
# Growth measured against the quarter just before ("fell 3.5 percent from the first quarter" in a second-quarter
# report, "rose 5% from the previous quarter").
_FROM_QUARTER_EN = re.compile(r"\s*(?:from|over|compared with|compared to)\s+(?:the\s+)?(?:(?P<prev>previous|preceding|"
                              r"prior|last)|(?P<ord>first|second|third|fourth))\s+quarter\b", re.I)
_QOQ = re.compile(r"环比|quarter[- ]over[- ]quarter|quarter[- ]on[- ]quarter|sequential", re.I)
# Words that make the figure after them a change ("减少了700万", "an increase of RMB3.2 billion"), not a level.
_CHANGE_BEFORE = re.compile(r"(?:增加|减少|增长|下降|下滑|提升|上升|缩窄|收窄|扩大)了?\s*$|\b(?:increase|decrease|rise|fall|"
                            r"growth|increased|decreased|rose|fell|up|down)\s+(?:of|by)\s+$", re.I)
# Words that make the figure beside them a bound or an approximation ("超过4亿", "近15%", "over 50 percent", "1亿以上"),
# whose qualifier this reader does not carry: such a figure is held, never printed as an exact level.
_BOUND_BEFORE = re.compile(r"(?:超过|超|逾|近|约|接近|将近|突破|不足|不到|\bover|\bmore than|\bnearly|\babout|\balmost|"
                           r"\bapproximately|\baround|\bat least|\bless than|\bunder)\s*(?:人民币|RMB|CNY)?\s*$", re.I)
_BOUND_AFTER = re.compile(r"^\s*(?:以上|以下|左右|多|余|\+)")
_PROFIT_OR_LOSS = re.compile(r"亏损|利润|盈利|\bloss\b|\bprofit\b", re.I)
_LOSS = re.compile(r"亏损|loss", re.I)

# A highlight bullet opens with its metric: "快手应用平均日活跃用户为", "Average DAUs on Kuaishou APP were", "总收入为",
# "Total revenue", "毛利率", "Gross profit margin", "期内利润为", "Profit for the period", "经调整利润净额",
# "Adjusted net profit". A broker note may glue a short heading before "本季度" ("用户数创新高 本季度平均日活跃用户为").
_BULLET = (r"^[\s•·●▪*\-–—]*(?:(?:[^\d\s,，。;；:：()（）%]{1,12}\s){1,2}\s*(?=本季度|本期))?"
           r"(?:本季度|本年度|本期)?\s*")


@dataclass(frozen=True, slots=True)
class _Metric:
    """What a highlight's opening words name: the key fields, and whether its figures are CNY, counts or a margin."""

    metric: str
    segment: str
    basis: str
    unit: str  # CNY, count or pct


_GMV = _Metric("gmv", "total", "na", "CNY")
# What a news report may put before a metric at the start of a clause: "财报显示", the company, a period.
_NEWS_PREFIX = (r"(?:同时|此外|而且|并且|且|而)?\s*(?:财报显示\s*)?(?:\d{4}\s*Q[1-4]\s*)?(?:快手(?:科技)?|该公司|公司)?\s*"
                r"(?:在\s*)?(?:\d{4}\s*年\s*)?(?:第?[一二三四]季度|全年|Q[1-4])?\s*(?:快手(?:应用)?的?)?\s*(?:实现了?\s*)?")
# What an English news report may put before a metric at the start of a clause: a conjunction, a possessive, or the
# company announcing ("Kuaishou Technology (1024.HK) announced last Monday that its revenue").
_EN_PREFIX = (r"(?:(?:while|and|but)\s+)?(?:Kuaishou(?: Technology)?(?:\s*\([^)]{0,12}\))?\s+(?:announced|reported|said)"
              r"[^,;]{0,30}?\bthat\s+)?(?:(?:its|our|the company's|Kuaishou's)\s+)?")
# A company reporting a profit or loss: "Kuaishou reported a net loss of", "the company recorded an adjusted profit of",
# "leading to an 86% narrower net loss to".
_EN_REPORTED = (r"(?:(?:(?:Kuaishou|the company|it)\s+(?:reported|recorded|posted)|leading to|resulting in)\s+an?\s+"
                r"(?:\d+(?:\.\d+)?\s*(?:%|percent)\s+)?(?:(?:narrower|wider|smaller|bigger|larger)\s+)?)")
# A segment named after the share of revenue it brought: "Over 50 percent of the total revenues came from online
# marketing services, which grew by ...". The share itself, often a bound, is not read.
_SHARE_CAME_FROM = (r"(?:(?:over|more than|nearly|about|almost|around)\s+)?\d+(?:\.\d+)?\s*(?:%|percent)\s+of\s+"
                    r"(?:the\s+|its\s+)?(?:total\s+)?revenues?\s+came\s+from\s+")
_LEADS: tuple[tuple[re.Pattern[str], _Metric], ...] = (
    (re.compile(_BULLET + _NEWS_PREFIX + r"(?:平台上促成的)?电商(?:交易的)?\s*(?:商品交易总额|商品总交易额|交易总额|GMV)|"
                + _BULLET + _NEWS_PREFIX + r"GMV|" + _BULLET + r"(?:total\s+)?e-?commerce\s+(?:GMV|gross merchandise value)"
                r"\b", re.I), _GMV),
    (re.compile(_BULLET + _NEWS_PREFIX + r"平均日活跃用户(?:数)?\s*(?:\(DAU\))?\s*为|" + _BULLET + _NEWS_PREFIX
                + r"日活跃用户数|" + _BULLET + r"Average (?:DAUs|daily active users(?:\s*\(DAUs?\))?) on (?:the )?Kuaishou "
                r"App (?:were|increased to|reached|rose to)\b", re.I), _Metric("dau", "total", "na", "count")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"平均月活跃用户(?:数)?\s*(?:\(MAU\))?\s*为|" + _BULLET + r"Average MAUs on "
                r"(?:the )?Kuaishou App were\b", re.I), _Metric("mau", "total", "na", "count")),
    (re.compile(_BULLET + r"总收入为|" + _BULLET + _NEWS_PREFIX + r"(?:总?营收|营业收入|总收入)(?=\s*(?:为|达到?|突破|同比|约|"
                r"人民币|\d))|" + _BULLET + _EN_PREFIX + r"(?:Total\s+)?revenues?\b(?!\s+(?:growth|from)\b)", re.I),
     _Metric("revenue", "total", "na", "CNY")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"线上营销(?:服务|业务)收入|" + _BULLET + _EN_PREFIX + r"(?:revenues? from\s+)?"
                r"online marketing services\b|" + _BULLET + _EN_PREFIX + r"(?:revenues?|income) from\s+online marketing\b|"
                + _BULLET + _SHARE_CAME_FROM + r"online marketing services\b",
                re.I), _Metric("revenue", "marketing_services", "na", "CNY")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"直播(?:业务)?收入|" + _BULLET + _EN_PREFIX + r"(?:(?:revenues?|sales) from\s+)?"
                r"(?:its\s+)?live[- ]streaming(?:\s+business)?\b(?!\s+(?:accounted|contributed))", re.I),
     _Metric("revenue", "live", "na", "CNY")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"其他(?:服务|业务)收入", re.I), _Metric("revenue", "others", "na", "CNY")),
    (re.compile(_BULLET + r"毛利率|" + _BULLET + _EN_PREFIX + r"Gross (?:profit )?margin\b", re.I),
     _Metric("gross_profit", "total", "na", "pct")),
    (re.compile(_BULLET + r"毛利为|" + _BULLET + r"Gross profit\b(?!\s+margin)", re.I),
     _Metric("gross_profit", "total", "na", "CNY")),
    (re.compile(_BULLET + r"(?:期内|年内)(?:利润|亏损)为|" + _BULLET + r"(?:Profit|Loss) for the (?:period|year)\b|"
                + _BULLET + _EN_PREFIX + _EN_REPORTED + r"net (?:profit|loss)\b", re.I),
     _Metric("profit_for_period", "total", "ifrs", "CNY")),
    (re.compile(_BULLET + _NEWS_PREFIX + r"(?:经调整|调整后)净利润率|" + _BULLET + _EN_PREFIX + r"Adjusted net (?:profit )?"
                r"margin\b", re.I), _Metric("profit_for_period", "total", "non_ifrs", "pct")),
    (re.compile(_BULLET + r"经调整(?:利润|亏损)净额|" + _BULLET + _NEWS_PREFIX + r"(?:经调整|调整后)净(?:利润|亏损)|"
                + _BULLET + r"Adjusted net (?:profit|loss)\b|" + _BULLET + _EN_PREFIX + _EN_REPORTED
                + r"adjusted (?:net )?(?:profit|loss)\b", re.I),
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
_USERS_RESPECTIVELY = re.compile(r"(?:平均)?(?:日活跃用户(?:数)?|DAU)\s*(?:和|及|与|/)\s*(?:平均)?(?:月活跃用户(?:数)?|MAU)"
                                 r"分别(?:为|达到了?|达)\s*(?P<a>\d+(?:\.\d+)?\s*亿)\s*(?:和|及|与|/)\s*"
                                 r"(?P<b>\d+(?:\.\d+)?\s*亿)(?:的历史新高)?(?:\s*[,，]\s*同比(?:分别)?增长\s*"
                                 r"(?P<p>\d+(?:\.\d+)?%)\s*(?:和|及|与|/)\s*(?P<q>\d+(?:\.\d+)?%))?")
# The English form: "The DAUs and MAUs of our Kuaishou app reached a historic high of 366 million and 640 million,
# respectively, in Q4, up 13.3% and 10.7% year-over-year".
_USERS_RESPECTIVELY_EN = re.compile(r"\bDAUs? and MAUs? of (?:our |the )?Kuaishou app (?:reached|were)[^,\d]{0,30}?"
                                    r"(?P<a>\d+(?:\.\d+)?\s*million) and (?P<b>\d+(?:\.\d+)?\s*million),?\s*"
                                    r"respectively,?(?P<when>[^,]{0,30})(?:,\s*up (?P<p>\d+(?:\.\d+)?%) and "
                                    r"(?P<q>\d+(?:\.\d+)?%) year[- ](?:over|on)[- ]year)?", re.I)
_USER_SCALES = {"亿": 1e8, "million": 1e6}
# Shares of revenue stated respectively after two segment clauses: "Online marketing services jumped ... to CNY11
# billion, while live-streaming gained ... to CNY8.6 billion, accounting for 50.7 percent and 39.5 percent of total
# revenue, respectively".
_SHARES_RESPECTIVELY_EN = re.compile(r"\baccount(?:ing|ed) for (?P<a>\d+(?:\.\d+)?)\s*(?:%|percent) and "
                                     r"(?P<b>\d+(?:\.\d+)?)\s*(?:%|percent) of (?:the |its )?total revenues?,?\s*"
                                     r"respectively\b", re.I)
# A segment's share of total revenue in the clause right after its revenue, as broker notes and news write it:
# "线上营销业务收入为116亿元(...),业务占比下降为50.1%", "全年收入达到724亿元,同比增长20.1%,占总收入的57.1%". A change in
# the share ("占比下降2.1%") is not a share and does not match.
_SEGMENT_SHARE = re.compile(r"\s*[,，]\s*(?:该?业务|收入)?(?:占(?:总收入|总营收|收入|营收)的?(?:比重|比例)?|占比)\s*"
                            r"(?:(?:下降|上升|提升|增加|减少|降低)?\s*(?:为|至|到)|达到?)?\s*(?P<num>\d+(?:\.\d+)?)\s*%")
# One segment's share of revenue opening an English sentence, with the share a year before after it: "Live streaming
# accounted for 43 percent of the revenues, which stood at 72 percent in the first quarter of 2020".
_SHARE_EN = re.compile(r"\s*(?P<seg>online marketing(?: services)?|live[- ]streaming(?: business)?|other services)\s+"
                       r"(?:accounted for|contributed|made up)\s+(?P<num>\d+(?:\.\d+)?)\s*(?:%|percent)\s+of\s+"
                       r"(?:the\s+|its\s+)?(?:total\s+)?revenues?\b(?=\s*(?:[,.]|$))", re.I)
_SHARE_BEFORE_EN = re.compile(r"\s*,\s*(?:which|that|up from|down from|compared with)\s*(?:stood at|was)?\s*(?P<num>\d+(?:\.\d+)?)"
                              r"\s*(?:%|percent)\s+in\s+the\s+(?P<ord>first|second|third|fourth)\s+quarter\s+of\s+"
                              r"(?P<year>\d{4})\s*\.?\s*$", re.I)
_SHARE_SEGMENTS_EN = {"online": "marketing_services", "live": "live", "other": "others"}
_MIX_SEGMENTS = {"线上营销服务": "marketing_services", "直播业务": "live", "直播": "live", "其他服务": "others"}

# A section heading whose quarter lost its numeral ("2023年第季度业绩摘要"): the release's own quarter of that year.
_BARE_QUARTER = re.compile(r"(?P<year>\d{4})\s*年\s*第\s*季度")
_HEADING_STOP = re.compile(r"[。，,;；!?！？]")
_HEADING_KINDS = ("quarter", "half", "nine", "year", "year_open")

# A broker's forecast for consecutive years, paired by "分别": "预计2025 - 2026年营业收入分别为1413/1522亿元".
_FORECAST = re.compile(r"预计\s*(?P<y1>\d{4})\s*[-–—~至]\s*(?P<y2>\d{4})\s*年(?:公司)?\s*(?P<metric>营业收入|营收|总收入|"
                       r"经调整净利润|调整后净利润)分别为\s*(?P<values>\d+(?:\.\d+)?(?:\s*/\s*\d+(?:\.\d+)?)+)\s*亿元")
_FORECAST_VALUE = re.compile(r"\d+(?:\.\d+)?")
_FORECAST_METRICS = {"营业收入": _Metric("revenue", "total", "na", "CNY"), "营收": _Metric("revenue", "total", "na", "CNY"),
                     "总收入": _Metric("revenue", "total", "na", "CNY"),
                     "经调整净利润": _Metric("profit_for_period", "total", "non_ifrs", "CNY"),
                     "调整后净利润": _Metric("profit_for_period", "total", "non_ifrs", "CNY")}

# Growth tagged in brackets after a level, as broker notes write it: "3.63 亿(YoY+9.3%,QoQ+4.6%)".
_TAGGED_BRACKET = re.compile(r"\s*[(（](?P<body>[^()（）]{1,60})[)）]")
_TAGGED = re.compile(r"(?P<tag>YoY|QoQ)\s*(?P<sign>[+\-−])?\s*(?P<num>\d+(?:\.\d+)?)\s*%", re.I)
_TAG_MEASURES = {"yoy": "yoy_pct", "qoq": "qoq_pct"}

# Clauses of a sentence: split at commas that are not thousands separators.
_CLAUSE_END = re.compile(r"，|,(?!\d{3}(?!\d))|(?<!\d),")
# A clause that carries on the figure before it rather than naming a subject of its own.
_CONTINUES = re.compile(r"\s*(?:\d{4}\s*年\s*)?(?:第?[一二三四]季度\s*|全年\s*)?(?:同比|环比|较|比|相比|去年同期|上年同期|达到?|"
                        r"为|至|增长|增加|提升|上升|下降|减少|录得|人民币|\d|representing|an? (?:increase|decrease)|up\b|"
                        r"down\b|compared|improving|increasing|decreasing|slightly|from\b|versus)", re.I)
# A relative clause on the growth of the noun just before it: it carries on a metric only when the clause before ends
# with that metric's name ("...came from online marketing services, which grew by 161.5 percent"), never when another
# noun stands between ("Revenue was lifted by live streaming, which grew").
_WHICH_GREW = re.compile(r"\s*which\s+(?:grew|rose|increased|fell|declined|decreased|jumped)\b", re.I)
_BARE_PERIOD = re.compile(r"\s*(?:\d{4}\s*年\s*)?(?:第?[一二三四]季度|全年)\s*")
_CLAUSE_PERIOD = re.compile(r"\s*(?:\d{4}\s*年\s*)?(?:第?[一二三四]季度|全年)")

# A full stop after a figure that ends a sentence ("... for the same period of 2023. Gross profit ..."), which the
# shared splitter keeps whole because a digit precedes it.
_FIGURE_STOP = re.compile(r"(?<=\d)\.\s+(?=[A-Z])")
# A spaced dash that opens a bullet inside a run-together broker note ("24Q4业绩要点 - 2024Q4公司实现..."); not a range
# between figures ("2025 - 2026年").
_DASH_BULLET = re.compile(r"(?<![\d\s])\s+-\s+(?=\S)")


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


def report_periods(text: str, published: date | None) -> list[Period]:
    """The quarter a news report or broker note on Kuaishou's results covers, its year from the text or publication."""
    whole = matching_text(text)
    if not _REPORT_NAME.search(whole):
        return []
    head = matching_text("\n".join([line for line in text.splitlines() if line.strip()][:_REPORT_LINES]))
    patterns = _REPORT_STRONG + (_REPORT_WEAK if _KUAISHOU_OWN_WORDS.search(whole) else ())
    for pattern in patterns:
        m = pattern.search(head[:_REPORT_CHARS])
        if m:
            return _report_quarter(m, published)
    return _zh_commentary_quarter(head[:_REPORT_CHARS], published)


def _zh_commentary_quarter(head: str, published: date | None) -> list[Period]:
    """The one bare quarter a Chinese commentary on Kuaishou's results names in its opening, dated by publication."""
    first = head.split("\n", 1)[0]
    if not _ZH_REPORT_TITLE.search(first) or _ZH_YEAR_QUARTER.search(head):
        return []
    quarters = {_ZH_Q[m.group("q")] for m in _ZH_BARE_QUARTER.finditer(head)}
    if len(quarters) != 1:
        return []
    found = _latest_quarter(quarters.pop(), published)
    return [found] if found else []


def _report_quarter(m: re.Match[str], published: date | None) -> list[Period]:
    """The quarter a report cue names, its year written ("2022Q3", "4Q22") or the last before publication."""
    named = m.groupdict()
    year = named.get("y") or named.get("yy")
    token = named.get("ord")
    quarter = _ORD[token.lower()] if token else int(named.get("q") or named["q2"])
    if year:
        try:
            return [P.quarter(int(year) if len(year) == 4 else 2000 + int(year), quarter)]
        except P.PeriodError:
            return []
    found = _latest_quarter(quarter, published)
    return [found] if found else []


def _latest_quarter(quarter: int, published: date | None) -> Period | None:
    """The last quarter numbered `quarter` that ended shortly before `published`; None without a date."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            period = P.quarter(year, quarter)
        except P.PeriodError:  # a publication date no results can follow
            return None
        if 0 < (published - period.end).days <= _REPORT_LAG_DAYS:
            return period
    return None


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
        return page_title(page_soup(doc))
    first = next((line.strip() for line in doc.text.splitlines() if line.strip()), "")
    return first[:200] or None


def _title_line(text: str) -> str | None:
    """A short line near the top that is a results-release headline (a reprint below a page's own banner)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_TITLE_LINES]
    found = next((line for line in lines if len(line) <= _TITLE_MAX and release_periods(line)), None)
    return re.sub(r"^[•·●▪*\-–—\s]+", "", found) if found else None


_HEADLINE_WINDOW = 1500
_BRACKETED = re.compile(r"\s*[(（][^()（）]{0,80}[)）]")


def _announcement_headline(text: str) -> str | None:
    """The issuer line and headline of an HKEX announcement in the opening of its text, or None."""
    head = text[:_HEADLINE_WINDOW]
    m = _TITLE_HKEX.search(matching_text(head))
    return " ".join(_BRACKETED.sub("", head[m.start() : m.end()]).split()) if m else None


def _release_periods_of(doc: Document, title: str | None = None) -> tuple[str | None, list[Period]]:
    """The release headline and its periods: the title, else a headline line near the top, else the dateline lead."""
    candidates = [title, _title_of(doc)]
    if doc.format == "html" and doc.markup:
        candidates.append(page_title(page_soup(doc)))
    candidates += [_title_line(doc.text), _announcement_headline(doc.text)]
    for t in candidates:
        found = release_periods(t)
        if t and found:
            return t, found
    return title or _title_of(doc), lead_periods(doc.text) or report_periods(doc.text, doc.meta.published_at)


_NAMED = re.compile(r"快手|Kuaishou|KUAISHOU|1024\.HK", re.I)


def sniff(doc: Document) -> bool:
    """A Kuaishou results release: a headline or dateline lead names its results period, and it states GMV."""
    if doc.format not in ("html", "text", "pdf"):
        return False
    if not _NAMED.search(doc.text) and not _NAMED.search(doc.meta.title or ""):
        return False  # the company is not named at all
    if not _release_periods_of(doc)[1]:
        return False
    probe = matching_text(doc.text)
    if _GMV_ZH.search(probe) or _GMV_EN.search(probe) or _SUMMARY_HEAD.search(probe):
        return True
    return bool(lead_periods(doc.text) or report_periods(doc.text, doc.meta.published_at))


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
            named = m.groupdict()
            scale = _SCALES[(named.get("scale") or named["scale2"]).lower()]
            num = re.sub(r"\s", "", named.get("num") or named["num2"])
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


_COMPARISON = re.compile(r"(?:较|比|相比|对比|自|由)\s*(?:\d{4}\s*年|去年|上年)(?:同期)?(?:第?[一二三四1-4]\s*季度|全年)?|"
                         r"今年以来|年初至今|so far this year|year to date")


_ANNUAL_WORD = re.compile(r"年度|全年|\bfull[- ]year\b|\bfor the year\b|\bannual\b|\byearly\b", re.I)
_THIS_QUARTER = re.compile(r"本季度|该季度|当季|this quarter|the quarter", re.I)


def with_following_years(mentions: list[PeriodMention]) -> list[tuple[PeriodMention, int | None]]:
    """Each mention with its year: its own, or a year written right after it ("First Half 2024"), which is then
    not a mention of its own."""
    out: list[tuple[PeriodMention, int | None]] = []
    skip = -1
    for i, p in enumerate(mentions):
        if i == skip:
            continue
        year = p.year
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if year is None and nxt is not None and nxt.kind == "year" and 0 <= nxt.start - p.end <= 2:
            year, skip = nxt.year, i + 1
        out.append((p, year))
    return out


def _sentence_period(probe: str, defaults: list[Period], year: int | None = None) -> Period | None:
    """The period of a highlight sentence: the one it names outside comparisons, else the release's only one."""
    masked = _COMPARISON.sub(lambda m: "\x00" * len(m.group(0)), probe)
    mentions = [p for p in find_periods(masked, None) if p.kind in ("quarter", "year", "year_open")]
    if _THIS_QUARTER.search(probe):  # "本季度" outweighs a "今年" that names no year of its own
        mentions = [p for p in mentions if not (p.kind == "year" and p.year is None)]
    if any(p.kind == "year" and p.year is None for p in mentions):
        return None  # "今年", "去年", "this year": which year depends on when it was written
    default_year = defaults[0].end.year if defaults else year
    labels: dict[str, Period] = {}
    for p, year in with_following_years(mentions):
        year = year or default_year
        if year is not None:
            period = build_period(p, year)
            labels.setdefault(period.label, period)
    if len(labels) == 1:
        return next(iter(labels.values()))
    if labels:
        return None
    if _ANNUAL_WORD.search(probe) and not any(p.type == "year" for p in defaults):
        return None  # a year's figure in a report whose periods hold no year
    if len(defaults) == 1:
        return defaults[0]
    if defaults and _THIS_QUARTER.search(probe):
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
    for p, year in with_following_years(mentions):
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
        users = _USERS_RESPECTIVELY.search(probe) or _USERS_RESPECTIVELY_EN.search(probe)
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
        groups = _groups(probe)
        for gi, (start, end, metric) in enumerate(groups, start=1):
            text = probe[start:end]
            lead = _lead_of(text)
            m = lead[0] if lead and lead[1] == metric else re.match("", text)
            f, h = _highlight(text, para, off + start, f"{loc}.g{gi}", (m, metric), group_defaults, year)
            facts += f
            held += h
        for forecast in _FORECAST.finditer(probe):
            f, h = _forecast_facts(forecast, para, off, loc)
            facts += f
            held += h
        share = _SHARE_EN.match(probe)
        if share:
            f, h = _share_en_facts(share, probe, para, off, loc, section or defaults)
            facts += f
            held += h
        f, h = _segment_shares(probe, groups, para, off, loc, group_defaults, year)
        facts += f
        held += h
        shares = _SHARES_RESPECTIVELY_EN.search(probe)
        if shares:
            f, h = _paired_shares(shares, groups, para, off, loc, group_defaults)
            facts += f
            held += h
    return facts, held


def _forecast_facts(m: re.Match[str], para: str, off: int, loc: str) -> tuple[list[Fact], list[Held]]:
    """A forecast's estimates, one a year, when the years and the figures pair one to one."""
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    values = list(_FORECAST_VALUE.finditer(m.group("values")))
    base = off + m.start("values")
    if y2 <= y1 or y2 - y1 + 1 != len(values):
        return [], [Held("forecast years and figures do not pair one to one", para[base + v.start() : base + v.end()],
                         f"{loc}.c{base - off + v.start()}") for v in values]
    metric = _FORECAST_METRICS[m.group("metric")]
    out = []
    for year, v in zip(range(y1, y2 + 1), values, strict=True):
        end = off + m.end() if v is values[-1] else base + v.end()
        fact = _fact(metric, P.year(year), "value", scaled(v.group(0), 1e8), para, base + v.start(), end,
                     f"{loc}.c{base - off + v.start()};estimate")
        out.append(replace(fact, is_estimate=True))
    return out, []


def _paired_shares(m: re.Match[str], groups: list[tuple[int, int, _Metric]], para: str, off: int, loc: str,
                   defaults: list[Period]) -> tuple[list[Fact], list[Held]]:
    """Two shares of revenue stated respectively, paired in order with the two segment clauses just before them."""
    before = [metric for _, end, metric in groups if end <= m.start()]
    segments = [metric.segment for metric in before]
    spans = [(float(m.group(g)), off + m.start(g), off + _PCT.match(m.string, m.start(g)).end()) for g in "ab"]
    paired = (len(before) == 2 and all(x.metric == "revenue" for x in before) and "total" not in segments
              and len(set(segments)) == 2)
    if not paired or len(defaults) != 1:
        reason = "shares stated respectively without two segments to pair" if not paired else "shares of no single period"
        return [], [Held(reason, para[s0:s1], f"{loc}.c{s0 - off}") for _, s0, s1 in spans]
    return [_fact(_Metric("revenue", metric.segment, "na", "pct"), defaults[0], "share_pct", value, para, s0, s1,
                  f"{loc}.c{s0 - off}") for metric, (value, s0, s1) in zip(before, spans, strict=True)], []


def _segment_shares(probe: str, groups: list[tuple[int, int, _Metric]], para: str, off: int, loc: str,
                    defaults: list[Period], year: int | None) -> tuple[list[Fact], list[Held]]:
    """A segment's share of total revenue stated in the clause right after the segment's revenue group."""
    facts: list[Fact] = []
    held: list[Held] = []
    for start, end, metric in groups:
        m = _SEGMENT_SHARE.match(probe, end)
        if m is None or metric.metric != "revenue" or metric.segment == "total":
            continue
        s0, s1 = m.start("num"), m.end()
        if _bounded(probe, s0, s1):
            held.append(Held("share is a bound or an approximation", para[off + s0 : off + s1], f"{loc}.c{s0}"))
            continue
        period = _sentence_period(_without_comparatives(probe[start:end]), defaults, year)
        if period is None:
            held.append(Held("share names no single period of its own", para[off + s0 : off + s1], f"{loc}.c{s0}"))
            continue
        facts.append(_fact(_Metric("revenue", metric.segment, "na", "pct"), period, "share_pct", float(m.group("num")),
                           para, off + s0, off + s1, f"{loc}.c{s0}"))
    return facts, held


def _share_en_facts(m: re.Match[str], probe: str, para: str, off: int, loc: str,
                    defaults: list[Period]) -> tuple[list[Fact], list[Held]]:
    """A segment's share of revenue opening an English sentence, and the same quarter's share a year before."""
    key = _Metric("revenue", _SHARE_SEGMENTS_EN[m.group("seg").split()[0].split("-")[0].lower()], "na", "pct")
    period = _sentence_period(probe[: m.end()], defaults)
    s0, s1 = m.start("num"), m.end("num")
    if period is None:
        return [], [Held("share names no single period of its own", para[off + s0 : off + s1], f"{loc}.c{s0}")]
    facts = [_fact(key, period, "share_pct", float(m.group("num")), para, off + s0, off + s1, f"{loc}.c{s0}")]
    before = _SHARE_BEFORE_EN.match(probe, m.end())
    if before and period.type == "quarter":
        prior = P.quarter(int(before.group("year")), _ORD[before.group("ord").lower()])
        b0, b1 = before.start("num"), before.end("num")
        if prior.label == P.prior_year(period).label:
            facts.append(_fact(key, prior, "share_pct", float(before.group("num")), para, off + b0, off + b1,
                               f"{loc}.c{b0};comparative"))
    return facts, []


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
        if _inside_brackets(probe, m.start()):
            continue
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(probe)))
    return [(a, b) for a, b in out if probe[a:b].strip()]


def _inside_brackets(probe: str, pos: int) -> bool:
    """Whether `pos` lies inside an open round bracket of its clause ("(YoY+9.3%,QoQ+4.6%)")."""
    before = probe[max(0, pos - 60) : pos]
    opened = max(before.rfind("("), before.rfind("（"))
    closed = max(before.rfind(")"), before.rfind("）"))
    return opened > closed and bool(re.search(r"[)）]", probe[pos : pos + 60]))


def _groups(probe: str) -> list[tuple[int, int, _Metric]]:
    """Runs of clauses that state one metric: a clause opening with it, then the clauses that carry it on."""
    groups: list[list] = []
    current: list | None = None
    previous: tuple[int, int] | None = None
    for a, b in _clauses(probe):
        clause = probe[a:b]
        lead = _lead_of(clause)
        if lead is not None:
            current = [_bare_period_start(probe, previous) if previous else a, b, lead[1]]
            current[0] = a if current[0] is None else current[0]
            groups.append(current)
        elif current is not None and previous and _WHICH_GREW.match(clause) and _ends_with_lead(probe, previous):
            current[1] = b
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


def _ends_with_lead(probe: str, clause: tuple[int, int]) -> bool:
    """Whether a clause is only a metric's opening words, so a relative clause after it is about that metric."""
    lead = _lead_of(probe[clause[0] : clause[1]])
    return lead is not None and not probe[clause[0] + lead[0].end() : clause[1]].strip()


def _bare_period_start(probe: str, clause: tuple[int, int]) -> int | None:
    """Where a clause that is only a period begins, whole or after a colon ("...的答卷:一季度"); None if it is not one."""
    a, b = clause
    if _BARE_PERIOD.fullmatch(probe[a:b]):
        return a
    colon = max(probe.rfind(":", a, b), probe.rfind("：", a, b))
    return colon + 1 if colon >= 0 and _BARE_PERIOD.fullmatch(probe[colon + 1 : b]) else None


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
        number, unit = re.fullmatch(r"(\S+?)\s*(亿|million)", m.group(level)).groups()
        value = scaled(number, _USER_SCALES[unit])
        out.append(_fact(key, period, "value", value, para, off + m.start(level), off + m.end(level),
                         f"{loc}.c{m.start(level)}"))
        if m.group(growth):
            out.append(_fact(key, period, "yoy_pct", float(m.group(growth).rstrip("%")), para, off + m.start(growth),
                             off + m.end(growth), f"{loc}.c{m.start(growth)}"))
    return out, []


def _sentences(para: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of a paragraph, split also at a full stop after a figure and at a spaced bullet dash."""
    out = []
    for off, sent in sentences(para):
        start = 0
        probe = matching_text(sent)
        breaks = [(m.start() + 1, m.end()) for m in _FIGURE_STOP.finditer(probe)]
        breaks += [(m.start(), m.end()) for m in _DASH_BULLET.finditer(probe)]
        for cut, resume in sorted(breaks):
            out.append((off + start, sent[start:cut]))
            start = resume
        out.append((off + start, sent[start:]))
    return out


def _highlight(probe: str, para: str, off: int, loc: str, lead: tuple[re.Match[str], _Metric],
               defaults: list[Period], year: int | None = None) -> tuple[list[Fact], list[Held]]:
    """The facts of one sentence opening with a metric, or why its figures are held."""
    m, metric = lead
    amounts = [a for a in _amounts_of(metric.unit, probe) if a.start >= m.end()]
    if not amounts:
        return _growth_only(probe, para, off, loc, lead, defaults, year)
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
    if any(_bounded(probe, a.start, a.end) for a in current):
        return hold(f"{metric.metric} figure is a bound or an approximation, not an exact level")
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
    tagged = _tagged_growth(probe, cur) if metric.unit != "pct" else []
    found += [_fact(metric, period, measure_, value, para, off + s0, off + s1, f"{loc}.c{s0}")
              for measure_, value, s0, s1 in tagged]
    growth = _growth(probe, m.end()) if metric.unit != "pct" and not tagged else None
    if growth is not None:
        g, pct = growth
        if _bounded(probe, g.start(), g.end()):
            held.append(Held("growth is a bound or an approximation", para[off + g.start() : off + g.end()],
                             f"{loc}.c{g.start()}"))
        elif metric.metric == "profit_for_period" and _LOSS.search(probe):
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


def _growth_only(probe: str, para: str, off: int, loc: str, lead: tuple[re.Match[str], _Metric],
                 defaults: list[Period], year: int | None) -> tuple[list[Fact], list[Held]]:
    """The year-on-year growth of a clause that states no level ("快手电商GMV同比增长14.4%"), when its period is certain."""
    m, metric = lead
    growth = _growth(probe, m.end()) if metric.unit != "pct" else None
    if growth is None or (metric.metric == "profit_for_period" and _LOSS.search(probe)):
        return [], []
    g, pct = growth
    period = _sentence_period(_without_comparatives(probe), defaults, year)
    against_quarter = _FROM_QUARTER_EN.match(probe, g.end()) is not None
    if not (against_quarter or _YOY.search(probe)):
        return [], []
    if _bounded(probe, g.start(), g.end()):
        return [], [Held("growth is a bound or an approximation", para[off + g.start() : off + g.end()],
                         f"{loc}.c{g.start()}")]
    if period is None:
        return [], [Held("growth names no single period of its own", para[off + g.start() : off + g.end()],
                         f"{loc}.c{g.start()}")]
    if against_quarter and not _from_quarter_before(probe, g.end(), period):
        return [], [Held("growth against a quarter other than the one just before", para[off + g.start() : off + g.end()],
                         f"{loc}.c{g.start()}")]
    measure = "qoq_pct" if against_quarter else "yoy_pct"
    return [_fact(metric, period, measure, pct, para, off + g.start(), off + g.end(), f"{loc}.c{g.start()}")], []


def _from_quarter_before(probe: str, end: int, period: Period) -> bool:
    """Whether the growth ending at `end` is stated against the quarter just before the quarter `period`."""
    m = _FROM_QUARTER_EN.match(probe, end)
    if m is None or period.type != "quarter":
        return False
    if m.group("prev"):
        return True
    quarter = (period.start.month - 1) // 3 + 1
    return _ORD[m.group("ord").lower()] == (quarter - 1 or 4)


def _bounded(probe: str, start: int, end: int) -> bool:
    """Whether the figure at start..end is written as a bound or an approximation ("超过", "近", "以上", "over")."""
    return bool(_BOUND_BEFORE.search(probe[max(0, start - 16) : start]) or _BOUND_AFTER.match(probe[end : end + 4]))


def _tagged_growth(probe: str, cur: _Amount) -> list[tuple[str, float, int, int]]:
    """Year-on-year and quarter-on-quarter growth tagged in brackets right after a level: (measure, value, span)."""
    bracket = _TAGGED_BRACKET.match(probe, cur.end)
    if bracket is None:
        return []
    base = bracket.start("body")
    tags = list(_TAGGED.finditer(bracket.group("body")))
    names = [t.group("tag").lower() for t in tags]
    if len(set(names)) != len(names):
        return []
    return [_tagged(t, base) for t in tags]


def _tagged(t: re.Match[str], base: int) -> tuple[str, float, int, int]:
    """One tagged growth figure ("QoQ+4.6%"): its measure, signed value and span in the sentence."""
    value = float(t.group("num"))
    signed = -value if t.group("sign") in ("-", "−") else value
    start = t.start("sign") if t.group("sign") else t.start("num")
    return _TAG_MEASURES[t.group("tag").lower()], signed, base + start, base + t.end()


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
    if doc.format == "pdf":  # an HKEX announcement: its extracted text read as a text document
        doc = replace(doc, format="text")
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


PARSER = Parser(kind="kuaishou_results", version="11", sniff=sniff, parse=parse)
