"""Article pages: layouts, boilerplate, encodings, 36Kr JSON; every snapshot article and NBS release
parsed and each fact checked against the reference figures."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from transforms.model import DocMeta, EmptyDocument, Fact, ParseError
from transforms.normalise.numbers import half_unit
from transforms.parse import detect_kind, parse_document
from transforms.parse.article import PARSER, html_article, initial_state_article, parse_date_text
from transforms.parse.document import load_document

ROOT = Path(__file__).resolve().parents[3]
SNAPSHOT = ROOT / "sources" / "snapshot"
CASES = ROOT / "tests" / "cases" / "articles"
REFERENCE = ROOT / "tests" / "reference" / "industry_metrics.csv"


def _meta(entry: dict) -> DocMeta:
    ctype = entry["content_type"]
    charset = ctype.split("charset=")[1] if "charset=" in ctype else None
    return DocMeta(url=entry["url"], source=entry["source"], title=entry["title"],
                   published_at=date.fromisoformat(entry["published_at"]), content_type=ctype, charset=charset)


def _entries(family: str, feeds: bool = False) -> list[dict]:
    """Index entries of a snapshot family; the recorded feeds served beside the articles only when asked."""
    entries = json.loads((SNAPSHOT / family / "index.json").read_text(encoding="utf-8"))
    return [e for e in entries if feeds or e.get("source") != "feed"]


def _parse_case(name: str, content_type: str = "text/html; charset=utf-8", published: date | None = None):
    data = (CASES / name).read_bytes()
    charset = content_type.split("charset=")[1] if "charset=" in content_type else None
    meta = DocMeta(url=f"https://example.test/{name}", source="article", content_type=content_type,
                   charset=charset, published_at=published)
    doc = load_document(data, meta)
    assert PARSER.sniff(doc)
    return PARSER.parse(doc)


def _keys(facts: list[Fact]) -> set[tuple]:
    return {(f.entity, f.metric, f.measure, f.period.label, f.value, f.qualifier) for f in facts}


# ---------------------------------------------------------------- page layouts


def test_boilerplate_is_removed_before_claims() -> None:
    res = _parse_case("boilerplate_page.html")
    assert _keys(res.facts) == {("kuaishou", "gmv", "value", "2023Q4", 403900000000.0, "eq")}
    assert res.title == "快手四季度电商GMV"
    assert res.published_at == date(2024, 3, 20)


def test_gbk_page_is_decoded_from_its_declared_charset() -> None:
    res = _parse_case("gbk_page.html", content_type="text/html; charset=gbk")
    assert res.title == "尼尔森IQ:快消品线上渠道增长"
    assert _keys(res.facts) == {("china_ecommerce", "sales", "yoy_pct", "2023", 5.7, "eq")}
    assert res.facts[0].segment == "fmcg"


def test_gbk_page_without_a_header_charset_uses_the_meta_tag() -> None:
    res = _parse_case("gbk_page.html", content_type="text/html")
    assert res.title == "尼尔森IQ:快消品线上渠道增长"


def test_36kr_initial_state_gives_title_date_and_body() -> None:
    markup = (CASES / "36kr_page.html").read_text(encoding="utf-8")
    title, when, content = initial_state_article(markup)
    assert title == "微信小店一年成绩单"
    assert when == date(2025, 1, 10)
    assert content is not None and "1.92倍" in content
    res = _parse_case("36kr_page.html")
    assert _keys(res.facts) == {("wechat_channels", "gmv", "yoy_pct", "2024", 92.0, "eq")}
    assert res.published_at == date(2025, 1, 10)


def test_malformed_initial_state_is_a_parse_error() -> None:
    bad = b"<html><body><script>window.initialState={\"a\": [1, }</script><p>x</p></body></html>"
    doc = load_document(bad, DocMeta(url="https://36kr.com/p/1", content_type="text/html"))
    with pytest.raises(ParseError, match="initialState"):
        PARSER.parse(doc)


def test_plain_text_article_takes_title_and_date_from_its_head() -> None:
    res = _parse_case("text_article.txt", content_type="text/plain; charset=utf-8")
    assert res.title == "视频号一季度"
    assert res.published_at == date(2024, 5, 14)
    assert _keys(res.facts) == {("wechat_channels", "user_time_spent", "yoy_pct", "2024Q1", 80.0, "gt")}


def test_publication_date_falls_back_to_the_document_meta() -> None:
    res = _parse_case("no_date_page.html", published=date(2024, 6, 3))
    assert res.published_at == date(2024, 6, 3)
    assert {f.period.label for f in res.facts} == {"2024Q1"}


@pytest.mark.parametrize(
    ("text", "when"),
    [("2024年03月20日 18:35", date(2024, 3, 20)), ("2025/03/19 19:02", date(2025, 3, 19)),
     ("2024-01-11T19:40:00+08:00", date(2024, 1, 11)), ("January 16, 2024", date(2024, 1, 16)),
     ("1736474400000", date(2025, 1, 10)), ("no date here", None)],
)
def test_page_date_strings(text: str, when: date | None) -> None:
    assert parse_date_text(text) == when


def test_sniff_rejects_pdf_and_short_pages_and_empty_body_is_an_error() -> None:
    short = load_document(b"<html><body><p>hi</p></body></html>", DocMeta(content_type="text/html"))
    assert not PARSER.sniff(short)
    with pytest.raises(EmptyDocument):
        PARSER.parse(load_document(b"<html><body><nav>menu only</nav></body></html>",
                                   DocMeta(content_type="text/html")))


# ---------------------------------------------------------------- the snapshot against the reference

UNIT_SCALE = {"CNY_billion": 1e9, "CNY_trillion": 1e12, "CNY_100m": 1e8, "count_million": 1e6, "CNY": 1.0}

# Reference (entity, metric) -> fact (entity, metric, segment, measure of the value column).
REF_MAP: dict[tuple[str, str], tuple[str, str, str]] = {
    ("wechat_channels", "total_user_time_spent_yoy"): ("wechat_channels", "user_time_spent", "total"),
    ("wechat_channels", "ecommerce_gmv_growth"): ("wechat_channels", "gmv", "total"),
    ("wechat_channels", "ecommerce_order_growth"): ("wechat_channels", "orders", "total"),
    ("wechat_channels", "ecommerce_gmv"): ("wechat_channels", "gmv", "total"),
    ("wechat_channels", "ad_revenue"): ("wechat_channels", "ad_revenue", "total"),
    ("wechat_channels", "ad_revenue_growth"): ("wechat_channels", "ad_revenue", "total"),
    ("wechat_channels", "total_video_views_growth"): ("wechat_channels", "video_views", "total"),
    ("wechat_shop", "gmv_multiple_yoy"): ("wechat_channels", "gmv", "total"),
    ("wechat_shop", "order_multiple_yoy"): ("wechat_channels", "orders", "total"),
    ("tencent", "weixin_wechat_mau"): ("weixin", "mau", "total"),
    ("tencent_marketing_services", "revenue"): ("tencent", "revenue", "marketing_services"),
    ("china_live_ecommerce", "livestream_sales_key_platforms"): ("china_live_ecommerce", "sales", "total"),
    ("douyin_ecommerce", "gmv"): ("douyin_ecommerce", "gmv", "total"),
    ("kuaishou", "ecommerce_gmv"): ("kuaishou", "gmv", "total"),
    ("nielseniq_china_fmcg", "fmcg_all_channel_growth"): ("china_fmcg", "sales", "total"),
    ("nielseniq_china_fmcg", "fmcg_online_growth"): ("china_ecommerce", "sales", "fmcg"),
    ("nielseniq_china_fmcg", "fmcg_offline_growth"): ("china_offline_retail", "sales", "fmcg"),
    ("nielseniq_china_fmcg", "fmcg_douyin_growth"): ("douyin_ecommerce", "sales", "fmcg"),
    ("nielseniq_china_fmcg", "fmcg_comprehensive_ecom_growth"): ("china_comprehensive_ecommerce", "sales", "fmcg"),
    ("china_online_retail", "online_retail_sales_total"): ("china_online_retail", "sales", "total"),
    ("china_online_retail", "online_retail_physical_goods"): ("china_online_retail_goods", "sales", "total"),
    ("china_online_retail", "online_retail_physical_goods_growth"): ("china_online_retail_goods", "sales", "total"),
}

# How the reference words its qualifier -> the qualifiers a fact may carry for that row's figure.
QUALIFIERS = {
    "": {"eq"},
    "more than": {"gt"},
    "over": {"gt"},
    "more than doubled": {"gt"},
    "nearly": {"approx"},
    "about": {"approx"},
    "approximately": {"approx"},
    "almost doubled; approximately (yoy)": {"approx"},
    "nearly tripled; approximately (yoy)": {"approx"},
    "approximately (yoy)": {"eq", "approx"},
    "expected to reach / about": {"approx"},
}


def _ref_label(period: str) -> str:
    return period


def _reference_candidates() -> list[dict]:
    """Reference rows as (fact key, value, tolerance, allowed qualifiers, grade) candidates."""
    out = []
    with REFERENCE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            mapped = REF_MAP.get((row["entity"], row["metric"]))
            if mapped is None:
                continue
            entity, metric, segment = mapped
            base = dict(entity=entity, metric=metric, segment=segment, period=_ref_label(row["period"]),
                        grade=row["confidence"], row=f"{row['entity']},{row['metric']},{row['period']}")
            qual = QUALIFIERS.get(row["qualifier"])
            if row["value"] and row["unit"] in UNIT_SCALE:
                scale = UNIT_SCALE[row["unit"]]
                out.append(dict(base, measure="value", value=float(row["value"]) * scale,
                                tol=half_unit(row["value"], scale), quals=qual))
            if row["yoy_pct"]:
                primary = not row["value"]
                out.append(dict(base, measure="yoy_pct", value=float(row["yoy_pct"]), tol=half_unit(row["yoy_pct"]),
                                quals=qual if primary else {"eq", "approx"}))
            if entity == "china_online_retail":
                out += _physical_goods_note(row, base)
    return out


_PHYSICAL_NOTE = re.compile(r"physical ([\d,.]+)(tn|bn) \+([\d.]+)%, ([\d.]+)%")


def _physical_goods_note(row: dict, base: dict) -> list[dict]:
    """The physical-goods figures an NBS total row carries in its note ("physical 5.9596tn +8.8%, 25.3%")."""
    m = _PHYSICAL_NOTE.search(row["note"])
    if not m:
        return []
    scale = 1e12 if m.group(2) == "tn" else 1e9
    goods = dict(base, entity="china_online_retail_goods", quals={"eq"})
    number = m.group(1).replace(",", "")
    return [dict(goods, measure="value", value=float(number) * scale, tol=half_unit(number, scale)),
            dict(goods, measure="yoy_pct", value=float(m.group(3)), tol=half_unit(m.group(3))),
            dict(goods, measure="share_pct", value=float(m.group(4)), tol=half_unit(m.group(4)))]


TENCENT_REFERENCE = ROOT / "tests" / "reference" / "tencent_quarterly.csv"
TENCENT_SEGMENTS = {
    "vas_revenue": "vas", "marketing_services_revenue": "marketing_services",
    "fintech_business_services_revenue": "fintech_business_services", "social_networks_revenue": "social_networks",
    "domestic_games_revenue": "domestic_games", "international_games_revenue": "international_games",
}
TENCENT_SCALE = {"RMB_mn": 1e6, "RMB_bn": 1e9, "RMB_100mn": 1e8}


def _tencent_candidates() -> list[dict]:
    """Segment revenue rows of the Tencent quarterly reference, for the articles on Tencent's own results."""
    out = []
    with TENCENT_REFERENCE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            segment = TENCENT_SEGMENTS.get(row["metric"])
            if segment is None or row["unit"] not in TENCENT_SCALE:
                continue
            base = dict(entity="tencent", metric="revenue", segment=segment, period=row["period"],
                        grade=row["confidence"], row=f"tencent,{row['metric']},{row['period']}", quals={"eq"})
            if row["value"]:
                scale = TENCENT_SCALE[row["unit"]]
                out.append(dict(base, measure="value", value=float(row["value"]) * scale,
                                tol=half_unit(row["value"], scale)))
            if row["yoy_pct"]:
                out.append(dict(base, measure="yoy_pct", value=float(row["yoy_pct"]), tol=half_unit(row["yoy_pct"])))
    return out

def _match(f: Fact, candidates: list[dict]) -> dict | None:
    for c in candidates:
        if (c["entity"], c["metric"], c["segment"], c["measure"], c["period"]) != (
                f.entity, f.metric, f.segment, f.measure, f.period.label):
            continue
        if abs(f.value - c["value"]) <= c["tol"] + 1e-9 * max(1.0, abs(c["value"])):
            return c
    return None


# Facts that match no reference row, each with its reason (must stay empty or be explained here).
EXPECTED_UNMATCHED: set[tuple[str, str, str, str, str, float]] = set()

SNAPSHOT_KINDS = {"articles": "article", "nbs": "nbs_retail"}


def _snapshot_results() -> list[tuple[str, dict, object]]:
    out = []
    for family in SNAPSHOT_KINDS:
        for entry in _entries(family):
            data = (SNAPSHOT / family / entry["file"]).read_bytes()
            out.append((family, entry, parse_document(data, _meta(entry))))
    return out


@pytest.fixture(scope="module")
def snapshot_results() -> list[tuple[str, dict, object]]:
    return _snapshot_results()


def test_snapshot_indexes_are_complete() -> None:
    articles = _entries("articles")
    assert len(articles) >= 10
    for family, source in (("articles", "article"), ("nbs", "nbs")):
        for entry in _entries(family, feeds=True):
            if entry["source"] == "feed":
                assert entry["content_type"].startswith("application/rss+xml")
                continue
            assert entry["source"] == source
            assert (SNAPSHOT / family / entry["file"]).is_file()
            date.fromisoformat(entry["published_at"])
            assert entry["url"] == "" or entry["url"].startswith("https://")
    gbk = [e for e in articles if e["content_type"].endswith("charset=gbk")]
    assert gbk and b'charset=gbk' in (SNAPSHOT / "articles" / gbk[0]["file"]).read_bytes()[:300]
    assert all(e["url"] == "" or "stats.gov.cn/sj/zxfb/" in e["url"] for e in _entries("nbs"))


# Chinese coverage of Tencent's own results is read by the Chinese results parser, first in the registry;
# a reprint of Kuaishou's own release by the Kuaishou release parser.
READ_BY_RESULTS_ZH = {"jiemian_tencent_4q2024.html", "thepaper_tencent_1q2024.html"}
READ_BY_KUAISHOU = {"etnet_kuaishou_1q2024.html"}


def _expected_kind(family: str, name: str) -> str:
    if name in READ_BY_KUAISHOU:
        return "kuaishou_results"
    return "results_release_zh" if name in READ_BY_RESULTS_ZH else SNAPSHOT_KINDS[family]


def test_every_snapshot_document_is_read_by_its_parser(snapshot_results) -> None:
    for family, entry, result in snapshot_results:
        assert result.kind == _expected_kind(family, entry["file"]), entry["file"]
        assert result.facts, entry["file"]
        assert result.published_at == date.fromisoformat(entry["published_at"]), entry["file"]


def test_every_snapshot_fact_matches_an_a_or_b_reference_figure(snapshot_results) -> None:
    candidates = _reference_candidates() + _tencent_candidates()
    unmatched = set()
    for _family, entry, result in snapshot_results:
        for f in result.facts:
            assert f.reported_text in f.snippet
            c = _match(f, candidates)
            if c is None:
                unmatched.add((entry["file"], f.entity, f.metric, f.measure, f.period.label, f.value))
                continue
            assert c["grade"] in ("A", "B"), (entry["file"], c["row"])
            assert c["quals"] is not None and f.qualifier in c["quals"], (entry["file"], c["row"], f.qualifier)
    assert unmatched == EXPECTED_UNMATCHED


def test_snapshot_covers_the_claims_it_was_written_for(snapshot_results) -> None:
    facts = [f for _fam, _e, r in snapshot_results for f in r.facts]
    have = {(f.entity, f.metric, f.measure, f.period.label) for f in facts}
    assert {
        ("wechat_channels", "gmv", "value", "2023"),
        ("wechat_channels", "gmv", "yoy_pct", "2024"),
        ("wechat_channels", "user_time_spent", "yoy_pct", "2023"),
        ("douyin_ecommerce", "gmv", "value", "2023-01..2023-10"),
        ("kuaishou", "gmv", "value", "2023Q4"),
        ("china_fmcg", "sales", "yoy_pct", "2023"),
        ("china_online_retail", "sales", "value", "2024"),
        ("china_online_retail", "sales", "value", "2024H1"),
        ("china_live_ecommerce", "sales", "value", "2023H1"),
    } <= have
    estimates = [f for f in facts if f.is_estimate]
    assert [(f.entity, f.value, f.qualifier) for f in estimates] == [("wechat_channels", 1e11, "approx")]
    assert "publisher=LatePost" in estimates[0].locator


def test_snapshot_holds_back_what_it_cannot_place(snapshot_results) -> None:
    held = {(e["file"], h.reason) for _fam, e, r in snapshot_results for h in r.held}
    assert ("technode_douyin_2023_10m.html", "'grew N times' may mean N or N+1") in held
    assert ("36kr_wechat_open_class_2025.html", "another measure is named between the subject and the figure (价格)") in held
    assert ("nbs_retail_2024_12.html", "no entity") in held


def test_snapshot_events(snapshot_results) -> None:
    events = {(e.event_date.isoformat(), e.entity, e.kind) for _f, _e, r in snapshot_results for e in r.events}
    assert {
        ("2024-08-25", "wechat_channels", "rename"),
        ("2024-12-18", "wechat_channels", "launch"),
        ("2024-11-13", "tencent", "rename"),
        ("2024-01-11", "weixin", "event"),
        ("2025-08-13", "tencent", "results"),
        ("2025-01-09", "weixin", "event"),
        ("2024-01-29", "tencent", "event"),
    } <= events
    assert all(e.event_date.year >= 2019 for _f, _e, r in snapshot_results for e in r.events)


def test_registry_routes_snapshot_documents_to_these_parsers() -> None:
    for family in SNAPSHOT_KINDS:
        for entry in _entries(family):
            doc = load_document((SNAPSHOT / family / entry["file"]).read_bytes(), _meta(entry))
            assert detect_kind(doc) == _expected_kind(family, entry["file"]), entry["file"]


# ---------------------------------------------------------------- robustness

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from transforms.parse import nbs  # noqa: E402

_PIECES = ["<p>", "</p>", "<h1>", "</h1>", "<div id=\"artibody\">", "</div>", "<span class=\"date\">",
           "</span>", "<script>window.initialState=", "{\"a\":{\"widgetTitle\":\"t\",\"widgetContent\":\"",
           "\"}}", "</script>", "2024年3月20日", "快手第四季度电商GMV为人民币4,039亿元。", "增长29.3%",
           "國家統計局", "1—12月份全国网上零售额155225亿元", "<table><tr><td>1—12月</td></tr>", "<tr><td>网上零售额</td><td>7.2</td></tr></table>",
           "text ", "Douyin GMV up 60% in 2023. "]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.lists(st.sampled_from(_PIECES), max_size=30).map(lambda p: "".join(p).encode())))
def test_bad_input_raises_only_parse_errors(data: bytes) -> None:
    meta = DocMeta(url="https://www.stats.gov.cn/sj/zxfb/z.html", source="nbs", content_type="text/html")
    for parser in (PARSER, nbs.PARSER):
        try:
            doc = load_document(data, meta)
            if parser.sniff(doc):
                for f in parser.parse(doc).facts:
                    f.validate()
        except ParseError:
            pass


def test_table_cells_never_run_together_and_headers_give_growth_and_period() -> None:
    markup = ("<html><head><title>t</title></head><body><div class='article-content'><p>intro</p><table>"
              "<tr><th>年份</th><th>快手电商GMV</th><th>同比</th></tr>"
              "<tr><td>2023</td><td>11844亿元</td><td>31.4%</td></tr></table></div></body></html>")
    _title, _when, body = html_article(markup)
    assert "年份 2023 快手电商GMV 11844亿元 同比 31.4%。" in body
    doc = load_document(markup.encode("utf-8"), DocMeta(url="https://example.org/t", content_type="text/html"))
    facts = {(f.entity, f.metric, f.measure, f.period.label, f.value) for f in PARSER.parse(doc).facts}
    assert facts == {("kuaishou", "gmv", "value", "2023", 11844e8), ("kuaishou", "gmv", "yoy_pct", "2023", 31.4)}
