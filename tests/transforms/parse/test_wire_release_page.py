"""A PR Newswire release page as the site serves it: title and date from its header, the body from its release
column, and never the list of the issuer's other releases that follows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from transforms.model import DocMeta
from transforms.parse import parse_document
from transforms.parse.document import load_document
from transforms.parse.pages import wire_release_markup

CASES = Path(__file__).resolve().parents[2] / "cases" / "results_en"
PAGE = CASES / "prnewswire_page_4q2024.html"
META = DocMeta(url="https://www.prnewswire.com/news-releases/tencent-announces-2024-annual-and-fourth-quarter-results.html",
               source="prnewswire", content_type="text/html; charset=utf-8", charset="utf-8")


def _facts(result) -> set[tuple]:
    return {(f.metric, f.basis, f.measure, f.period.label, f.value) for f in result.facts}


def test_text_keeps_the_header_title_and_date_and_drops_the_other_releases():
    text = load_document(PAGE.read_bytes(), META).text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0] == "Tencent Announces 2024 Annual and Fourth Quarter Results"
    assert "Mar 19, 2025, 06:30 ET" in lines[:5]
    assert "Also from this source" not in text
    assert "Third Quarter Results" not in text and "RMB167.2 billion" not in text
    assert "SOURCE Tencent Holdings Limited" in text
    assert "Share this article" not in text and "Products" not in text


def test_the_page_is_read_as_a_release_with_its_own_quarter_only():
    result = parse_document(PAGE.read_bytes(), META)
    assert result.kind == "results_release_en"
    assert result.title == "Tencent Announces 2024 Annual and Fourth Quarter Results"
    assert result.published_at == date(2025, 3, 19)
    facts = _facts(result)
    assert ("revenue", "na", "value", "2024Q4", 172_400_000_000.0) in facts
    assert ("profit_attributable", "non_ifrs", "value", "2024Q4", 55_300_000_000.0) in facts
    assert {p for _, _, _, p, _ in facts} == {"2024Q4"}  # nothing from the cards of the other quarters


def test_a_list_of_other_releases_inside_the_column_is_cut_too():
    page = PAGE.read_text("utf-8")
    body_end = page.index("<p>SOURCE Tencent Holdings Limited</p>") + len("<p>SOURCE Tencent Holdings Limited</p>")
    more = page.index('<div class="row">\n          <div class="col-sm-12"><h3 class="mb-md-0">Also from this source')
    cards_end = page.index("</section>", more)
    inside = page[:body_end] + page[more:cards_end] + page[body_end:more] + page[cards_end:]
    markup = wire_release_markup(inside)
    assert markup is not None and "SOURCE Tencent Holdings Limited" in markup
    assert "Also from this source" not in markup and "RMB159.5 billion" not in markup


def test_pages_of_other_layouts_are_left_to_the_general_reader():
    assert wire_release_markup("<html><body><div class=\"release-body\"><p>x</p></div></body></html>") is None
    assert wire_release_markup("<html><body><p>no release here</p></body></html>") is None


def test_the_article_reader_reads_only_the_release_column_too():
    from transforms.parse.article import html_article

    title, when, body = html_article(PAGE.read_text("utf-8"))
    assert title == "Tencent Announces 2024 Annual and Fourth Quarter Results"
    assert "RMB172.4 billion" in body and "SOURCE Tencent Holdings Limited" in body
    assert "Also from this source" not in body and "RMB161.1 billion" not in body
