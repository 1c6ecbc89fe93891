"""The IR listing read with lxml: encodings, odd markup, and hostile pages as listing errors."""

from __future__ import annotations

from datetime import date

import pytest

from sources.discovery.tencent_ir import FINANCIAL_NEWS_URL, parse_financial_news
from sources.errors import ListingError

ITEM = (
    '<a class="ten_finance_item" href="https://static.www.tencent.com/uploads/2024/05/14/'
    'aaaabbbbccccddddeeeeffff00001111.pdf"><div>2024.05.14</div><div>{title}</div></a>'
)


def test_listing_bytes_in_a_declared_charset():
    page = ("<html><head><meta charset='gbk'></head><body><p>财务新闻</p>"
            + ITEM.format(title="Tencent Announces 2024 First Quarter Results") + "</body></html>")
    (cand,), rejected = parse_financial_news(page.encode("gbk"), FINANCIAL_NEWS_URL, "gbk")
    assert (cand.period_code, cand.published_at, rejected) == ("1Q2024", date(2024, 5, 14), [])


def test_title_split_by_markup_and_comments_reads_as_words():
    page = ITEM.format(title="Tencent Announces <b>2024</b> First<!-- x -->Quarter Results [PDF file]")
    (cand,), _ = parse_financial_news(page)
    assert cand.title == "Tencent Announces 2024 First Quarter Results"


def test_items_after_the_closing_html_tag_are_read():
    page = "<html><body></body></html>" + ITEM.format(title="Tencent Announces 2024 First Quarter Results")
    kept, _ = parse_financial_news(page)
    assert [c.period_code for c in kept] == ["1Q2024"]


def test_hostile_nesting_is_a_listing_error():
    page = "<div>" * 400 + ITEM.format(title="Tencent Announces 2024 First Quarter Results") + "</div>" * 400
    with pytest.raises(ListingError) as info:
        parse_financial_news(page)
    assert "nested more than 256 elements deep" in str(info.value) and "\n" not in str(info.value)
