"""Names as documents write them, mapped to the contract's vocabulary."""

from __future__ import annotations

import re

from transforms.vocab import Basis

# Segment labels in English and Chinese releases, lower-cased and simplified.
SEGMENT_ALIASES: dict[str, str] = {
    "vas": "vas",
    "value-added services": "vas",
    "value added services": "vas",
    "增值服务": "vas",
    "增值业务": "vas",
    "online advertising": "marketing_services",
    "marketing services": "marketing_services",
    "网络广告": "marketing_services",
    "营销服务": "marketing_services",
    "营销业务": "marketing_services",
    "fintech and business services": "fintech_business_services",
    "fintech & business services": "fintech_business_services",
    "金融科技及企业服务": "fintech_business_services",
    "others": "others",
    "其他": "others",
    "domestic games": "domestic_games",
    "domestic market games": "domestic_games",
    "本土市场游戏": "domestic_games",
    "international games": "international_games",
    "international market games": "international_games",
    "国际市场游戏": "international_games",
    "国际游戏": "international_games",
    "国内游戏": "domestic_games",
    "social networks": "social_networks",
    "社交网络": "social_networks",
    "社群网路": "social_networks",
    "社群网络": "social_networks",
    "online games": "online_games",
    "网络游戏": "online_games",
    "total": "total",
    "总计": "total",
    "合计": "total",
}

# Metrics that carry a basis (IFRS or non-IFRS); everything else is basis "na".
BASIS_METRICS = frozenset(
    {"operating_profit", "profit_for_period", "profit_attributable", "eps_basic", "eps_diluted"}
)


# Companies whose "adjusted net profit" is their profit for the period (Kuaishou has no minority-owned profit line
# its releases name so); for Tencent the words may name either profit line.
NET_PROFIT_ENTITIES = frozenset({"kuaishou"})


def net_profit_word_fits(metric: str, measure: str | None, entity: str | None) -> bool:
    """False when a net-profit word (not a margin) is read as profit for the period of a company it does not fit."""
    return metric != "profit_for_period" or measure == "margin_pct" or entity in NET_PROFIT_ENTITIES


def segment_for(label: str) -> str | None:
    """The contract segment for a segment label, or None when the label is not a known segment."""
    key = re.sub(r"\s+", " ", label.strip().lower()).rstrip(":")
    return SEGMENT_ALIASES.get(key)


def basis_for(metric: str, non_ifrs: bool) -> Basis:
    """The basis a fact of `metric` carries: ifrs / non_ifrs for profit lines, na otherwise."""
    if metric not in BASIS_METRICS:
        return "na"
    return "non_ifrs" if non_ifrs else "ifrs"


def is_non_ifrs_label(text: str) -> bool:
    """True when a label says non-IFRS or its former name non-GAAP (English or Chinese)."""
    return bool(re.search(r"non(?:[\s\-]?|\s[\-–—]\s)(ifrs|gaap)|非国际财务报告准则|非國際財務報告準則|非通用会计准则|非通用會計準則", text, re.I))


_BASIS_WORD = re.compile(
    r"(?P<non>non(?:[\s\-]?|\s[\-–—]\s)(?:ifrs|gaap)|非国际财务报告准则|非國際財務報告準則|非通用会计准则|非通用會計準則|"
    r"\badjusted\b|经调整|經調整|调整后|調整後)"
    r"|(?P<ifrs>(?<![\w\-])ifrs\b|(?<!非)国际财务报告准则|(?<!非)國際財務報告準則)",
    re.I,
)


def last_stated_basis(text: str) -> Basis | None:
    """The basis the last basis word of a text names (non-IFRS, adjusted, IFRS ...), or None when it names none."""
    last = None
    for m in _BASIS_WORD.finditer(text):
        last = "non_ifrs" if m.group("non") else "ifrs"
    return last
