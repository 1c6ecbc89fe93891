"""Wholes of shares, owners a sentence names itself, categories after a metric and date-only lines: each with a near
miss."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, ClaimResult, extract

PUBLISHED = date(2024, 1, 19)


def run(text: str) -> ClaimResult:
    return extract(text, ClaimContext(published=PUBLISHED))


def values(result: ClaimResult) -> dict[tuple[str, str, str, str], float]:
    return {(f.entity, f.metric, f.measure, f.period.label): f.value for f in result.facts}


# ---------------------------------------------------------------- the whole a share is taken of

def test_an_amount_in_brackets_after_the_whole_of_a_share_is_not_the_subjects() -> None:
    result = run("According to one broker, livestream e-commerce in China was worth about $50 billion in 2020, close "
                 "to 8% of all online sales in the country that year ($640 billion).")
    assert 640e9 not in values(result).values()
    assert any(h.reported_text == "$640 billion" and "whole a share" in h.reason for h in result.held)


def test_an_amount_reached_after_a_growth_is_still_the_subjects() -> None:
    result = run("According to one broker, livestream e-commerce sales in China grew 8% in 2020 to $640 billion.")
    assert values(result)[("china_live_ecommerce", "sales", "value", "2020")] == 640e9


# ---------------------------------------------------------------- owners a sentence names itself

def test_a_shopping_event_keeps_a_carried_platform_from_its_figure() -> None:
    result = run("Douyin is a short video app.\nDuring the Double 11 festival of 2021, sales reached 100 billion yuan.")
    assert not result.facts
    assert any("Double 11" in h.reason for h in result.held)


def test_another_companys_possessive_keeps_a_carried_platform_from_its_figure() -> None:
    result = run("Douyin is a short video app.\nDuring Suning's anniversary sale of 2021, sales reached 100 billion "
                 "yuan.")
    assert not result.facts
    assert any("Suning's" in h.reason for h in result.held)


def test_a_sentence_referring_back_to_the_platform_keeps_it() -> None:
    result = run("Douyin is a short video app.\nIn 2021, its sales reached 100 billion yuan.")
    assert values(result)[("douyin_ecommerce", "sales", "value", "2021")] == 100e9


# ---------------------------------------------------------------- categories after a metric

def test_sales_of_a_category_of_products_do_not_take_the_carried_market() -> None:
    result = run("Online retail sales of physical goods rose 8% in 2023.\n"
                 "Online sales of handicraft products more than doubled in 2023.")
    assert set(values(result)) == {("china_online_retail_goods", "sales", "yoy_pct", "2023")}
    assert any("handicraft products" in h.reason for h in result.held)


def test_sales_of_physical_goods_are_the_market_itself() -> None:
    result = run("Online retail sales rose 11% in 2023.\nOnline sales of physical goods more than doubled in 2022.")
    assert values(result)[("china_online_retail_goods", "sales", "yoy_pct", "2022")] == 100.0


# ---------------------------------------------------------------- a market named after its amount

def test_an_amount_in_online_retail_sales_is_the_whole_online_market() -> None:
    result = run("Online retail sales of physical goods rose 8% in 2023.\n"
                 "Figures for H1 2024 show ¥7.1 trillion in online retail sales.")
    assert values(result)[("china_online_retail", "sales", "value", "2024H1")] == 7.1e12
    assert ("china_online_retail_goods", "sales", "value", "2024H1") not in values(result)


def test_an_amount_in_online_sales_of_physical_goods_stays_with_the_goods() -> None:
    result = run("Online retail sales rose 11% in 2023.\n"
                 "Figures for H1 2024 show ¥6.1 trillion in online retail sales of physical goods.")
    assert values(result)[("china_online_retail_goods", "sales", "value", "2024H1")] == 6.1e12


# ---------------------------------------------------------------- a page's date on a line of its own

def test_a_line_holding_only_a_date_dates_no_figure_below_it() -> None:
    result = run("Online retail sales rose 11 percent to CNY15.42 trillion last year.\n19/1 2024 13:45\n"
                 "Online retail sales of physical goods rose by 8 percent.")
    assert ("china_online_retail_goods", "sales", "yoy_pct", "2024") not in values(result)
    assert any(h.reported_text == "8 percent" for h in result.held)


def test_a_heading_naming_a_year_dates_the_figures_below_it() -> None:
    result = run("Online retail sales rose 11 percent to CNY15.42 trillion last year.\nFull year 2024\n"
                 "Online retail sales of physical goods rose by 8 percent.")
    assert values(result)[("china_online_retail_goods", "sales", "yoy_pct", "2024")] == 8.0


# ---------------------------------------------------------------- lists whose items carry asides

def test_a_list_with_bracketed_asides_and_an_owner_carries_no_platform() -> None:
    result = run("The biggest venues are Kuaishou (Kwai) and ByteDance's Douyin (TikTok).\n"
                 "In 2021, sales reached 100 billion yuan.")
    assert not result.facts


def test_one_platform_with_its_owner_and_aside_is_carried() -> None:
    result = run("This note looks at ByteDance's Douyin (TikTok).\nIn 2021, sales reached 100 billion yuan.")
    assert values(result)[("douyin_ecommerce", "sales", "value", "2021")] == 100e9


# ---------------------------------------------------------------- a market narrowed to a category

def test_a_market_narrowed_to_a_category_is_not_carried_to_the_next_sentence() -> None:
    result = run("In 2021, online retail sales of farm products climbed 15% from a year before. Seafood did best, with "
                 "online sales up 60% year-on-year.")
    assert not result.facts


def test_a_market_named_whole_is_carried_to_the_next_sentence() -> None:
    result = run("In 2021, online retail sales climbed 15% from a year before. The ministry said online sales "
                 "reached 13 trillion yuan.")
    assert values(result)[("china_online_retail", "sales", "value", "2021")] == 13e12


def test_an_amount_a_seller_handled_in_online_retail_sales_is_not_the_market() -> None:
    result = run("Online retail sales of physical goods rose 8% in 2023.\n"
                 "In H1 2024 the leading platforms handled ¥3.1 trillion in online retail sales.")
    assert not any(period == "2024H1" for _, _, _, period in values(result))
