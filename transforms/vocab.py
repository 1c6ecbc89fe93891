"""The contract's vocabulary: Literal types with a runtime set beside each."""

from __future__ import annotations

from typing import Literal, get_args

Entity = Literal[
    "tencent",
    "weixin",
    "qq",
    "wechat_channels",
    "kuaishou",
    "douyin_ecommerce",
    "china_live_ecommerce",
    "china_comprehensive_ecommerce",
    "china_offline_retail",
    "china_online_retail",
    "china_online_retail_goods",
    "china_fmcg",
    "china_ecommerce",
]
ENTITIES: frozenset[str] = frozenset(get_args(Entity))

Metric = Literal[
    "revenue",
    "gross_profit",
    "operating_profit",
    "profit_for_period",
    "profit_attributable",
    "eps_basic",
    "eps_diluted",
    "total_cash",
    "capex",
    "mau",
    "subscriptions",
    "user_time_spent",
    "video_views",
    "dau",
    "ad_revenue",
    "gmv",
    "sales",
    "orders",
]
METRICS: frozenset[str] = frozenset(get_args(Metric))

Segment = Literal[
    "total",
    "vas",
    "domestic_games",
    "international_games",
    "online_games",
    "social_networks",
    "marketing_services",
    "fintech_business_services",
    "others",
    "live",
    "fmcg",
]
SEGMENTS: frozenset[str] = frozenset(get_args(Segment))

Basis = Literal["ifrs", "non_ifrs", "na"]
BASES: frozenset[str] = frozenset(get_args(Basis))

Measure = Literal["value", "yoy_pct", "qoq_pct", "margin_pct", "share_pct"]
MEASURES: frozenset[str] = frozenset(get_args(Measure))

PeriodType = Literal["quarter", "half", "nine_months", "year", "month", "months", "instant"]
PERIOD_TYPES: frozenset[str] = frozenset(get_args(PeriodType))

Unit = Literal["CNY", "USD", "HKD", "pct", "count", "CNY_per_share", "ratio"]
UNITS: frozenset[str] = frozenset(get_args(Unit))

Qualifier = Literal["eq", "approx", "gt", "gte", "lt", "lte"]
QUALIFIERS: frozenset[str] = frozenset(get_args(Qualifier))

DocSource = Literal["tencent_ir", "prnewswire", "hkex", "nbs", "article", "kuaishou_ir", "inbox"]
DOC_SOURCES: frozenset[str] = frozenset(get_args(DocSource))

DocOrigin = Literal["fetched", "inbox", "reconstructed"]
DOC_ORIGINS: frozenset[str] = frozenset(get_args(DocOrigin))

DocStatus = Literal["parsed", "failed", "quarantined", "skipped"]
DOC_STATUSES: frozenset[str] = frozenset(get_args(DocStatus))

EventKind = Literal["launch", "reorganisation", "policy", "results", "rename", "event"]
EVENT_KINDS: frozenset[str] = frozenset(get_args(EventKind))

RunStatus = Literal["ok", "partial", "failed"]
RUN_STATUSES: frozenset[str] = frozenset(get_args(RunStatus))

Severity = Literal["error", "warn"]
SEVERITIES: frozenset[str] = frozenset(get_args(Severity))
