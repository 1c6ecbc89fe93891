"""Chinese lists paired in order: broker-note forecasts over a run of years with slash-aligned figures
("预计2026-28年营收分别为A/B/C亿元"), 分别 over a quarter and the year, and a clause with its own line after a 分别
list; each reading with a near miss that stays held."""

from __future__ import annotations

from datetime import date

from transforms.parse.claims import ClaimContext, extract

_AFTER_RESULTS = ClaimContext(published=date(2026, 3, 20))


def facts(text: str, ctx: ClaimContext = _AFTER_RESULTS) -> dict[tuple, tuple[float, bool]]:
    return {(f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label): (f.value, f.is_estimate)
            for f in extract(text, ctx).facts}


def _key(metric: str, basis: str, measure: str, year: int) -> tuple:
    return ("tencent", metric, "total", basis, measure, str(year))


def test_a_year_range_pairs_each_year_with_its_figure_of_every_run() -> None:
    text = "某券商研报指出,预计腾讯2026-2028年营收分别为7420/8010/8590亿元,经调整归母净利润分别为2710/3050/3380亿元。"
    got = facts(text)
    assert got[_key("revenue", "na", "value", 2026)] == (7420e8, True)
    assert got[_key("revenue", "na", "value", 2027)] == (8010e8, True)
    assert got[_key("revenue", "na", "value", 2028)] == (8590e8, True)
    assert got[_key("profit_attributable", "non_ifrs", "value", 2027)] == (3050e8, True)


def test_a_short_range_of_growth_rates_reads_each_year() -> None:
    got = facts("研报预计腾讯2026-28年收入增速分别为11%/9%/8%,利润增速快于收入。")
    assert got[_key("revenue", "na", "yoy_pct", 2026)] == (11.0, True)
    assert got[_key("revenue", "na", "yoy_pct", 2027)] == (9.0, True)
    assert got[_key("revenue", "na", "yoy_pct", 2028)] == (8.0, True)


def test_slashed_years_read_like_a_range() -> None:
    got = facts("该行预计腾讯2026/27年收入增速为11%/9%,维持买入评级。")
    assert got[_key("revenue", "na", "yoy_pct", 2026)] == (11.0, True)
    assert got[_key("revenue", "na", "yoy_pct", 2027)] == (9.0, True)


def test_a_run_with_fewer_figures_than_years_stays_held() -> None:
    got = facts("研报预计腾讯2026-2028年营收分别为7420/8010亿元。")
    assert not any(k[5] in ("2026", "2027", "2028") for k in got)


def test_a_run_whose_first_year_is_already_reported_stays_held() -> None:
    got = facts("研报预计腾讯2025-2027年营收分别为6600/7420/8010亿元。")
    assert not any(k[5] in ("2025", "2026", "2027") for k in got)


def test_a_run_after_two_companies_stays_held() -> None:
    got = facts("研报预计2026-2028年腾讯和网易营收分别为7420/1200/8590亿元。")
    assert not any(k[5] in ("2026", "2027", "2028") for k in got)


def test_past_years_without_a_forecast_word_are_not_paired() -> None:
    got = facts("腾讯2023-2025年营收分别为6090/6600/7420亿元,增长稳健。")
    assert not any(k[5] in ("2023", "2024", "2025") for k in got)


# ---------------------------------------------------------------- 分别 pairing periods, and clauses after a 分别 list

def test_respectively_pairs_a_quarter_and_the_year_in_order() -> None:
    got = facts("腾讯第四季及全年毛利率分别为56.4%及56.3%。")
    assert got[("tencent", "gross_profit", "total", "na", "margin_pct", "2025Q4")] == (56.4, False)
    assert got[("tencent", "gross_profit", "total", "na", "margin_pct", "2025")] == (56.3, False)


def test_respectively_over_two_metrics_each_with_its_own_period_stays_held() -> None:
    got = facts("腾讯第四季毛利率及全年经营利润率分别为56.4%及36.3%。")
    assert not any(k[4] == "margin_pct" for k in got)


def test_a_clause_naming_its_own_line_after_a_respectively_list_is_read() -> None:
    got = facts("腾讯第四季社交网络及增值服务收入分别增长5%及10%,营销服务收入增长21%。")
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q4")] == (21.0, False)
    assert not any(k[2] in ("social_networks", "vas") for k in got)


def test_growth_after_a_respectively_list_of_levels_stays_held() -> None:
    got = facts("腾讯第四季营销服务及社交网络收入分别为362亿元及323亿元,增长21%及5%。")
    assert not got


# ---------------------------------------------------------------- the two games lines paired by 分别

def _games(got: dict[tuple, tuple[float, bool]], quarter: str) -> tuple:
    return (got.get(("tencent", "revenue", "domestic_games", "na", "yoy_pct", quarter)),
            got.get(("tencent", "revenue", "international_games", "na", "yoy_pct", quarter)))


def test_local_and_international_under_games_take_their_figures_in_order() -> None:
    got = facts("腾讯第四季游戏业务本地及国际收入分别按年升15%及22%,营销服务收入升20%。")
    assert _games(got, "2025Q4") == ((15.0, False), (22.0, False))
    assert got[("tencent", "revenue", "marketing_services", "na", "yoy_pct", "2025Q4")] == (20.0, False)


def test_a_slashed_markets_pair_after_the_games_growth_takes_its_figures() -> None:
    got = facts("腾讯2025年第四季度游戏收入录得12%的同比增长,国内/海外市场分别增长13%/8%。")
    assert _games(got, "2025Q4") == ((13.0, False), (8.0, False))


def test_a_markets_pair_of_another_line_named_after_the_games_stays_held() -> None:
    got = facts("腾讯第四季游戏收入增长15%,广告业务国内及海外市场收入分别增长20%及9%。")
    assert _games(got, "2025Q4") == (None, None)


def test_a_pair_given_three_figures_stays_held() -> None:
    got = facts("腾讯第四季游戏业务本土及国际收入分别增长15%、22%及9%。")
    assert _games(got, "2025Q4") == (None, None)
