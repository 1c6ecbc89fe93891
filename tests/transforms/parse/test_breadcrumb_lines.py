"""A page's path ("Home > Business") above a plain-text story's headline: the headline is the title."""

from __future__ import annotations

from datetime import date

from transforms.model import DocMeta
from transforms.parse import parse_document
from transforms.parse.article import is_breadcrumb, text_article

STORY = ("Home > Business News\n"
         "Online shopping keeps its pace in H1\n"
         "The ministry said online sales of physical goods climbed 12.4 percent year-on-year.\n"
         "Shoppers bought more groceries and home appliances through apps, while delivery networks reached more "
         "villages than before, according to officials who spoke at a briefing in Beijing on Tuesday.\n"
         "Analysts said the trend should hold through the rest of the year as incomes recover and platforms keep "
         "expanding their services in smaller cities.\n")


def test_a_path_of_short_steps_is_a_breadcrumb() -> None:
    assert is_breadcrumb("Home>Business")
    assert is_breadcrumb("当前位置: 首页 » 科技 » 正文")


def test_a_headline_with_a_figure_after_an_arrow_is_no_breadcrumb() -> None:
    assert not is_breadcrumb("Q1 Online Sales > 11%")
    assert not is_breadcrumb("您的位置:首页>数据>前三季度网上零售额增长9.7%")


def test_a_long_step_is_no_breadcrumb() -> None:
    assert not is_breadcrumb("Home > Livestreaming keeps unleashing consumption potential across the country")


def test_the_headline_under_a_breadcrumb_is_the_title() -> None:
    title, _, body = text_article(STORY)
    assert title == "Online shopping keeps its pace in H1"
    assert "Home" not in body


def test_the_headlines_half_year_dates_a_figure_that_names_no_period() -> None:
    meta = DocMeta(url="https://example.com/story", published_at=date(2021, 7, 28),
                   content_type="text/plain; charset=utf-8")
    result = parse_document(STORY.encode(), meta)
    assert {(f.entity, f.measure, f.period.label, f.value) for f in result.facts} == {
        ("china_online_retail_goods", "yoy_pct", "2021H1", 12.4)}
