"""HTML read with lxml: tree limits, visible text, boilerplate, selectors, cells, one parse per document."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from transforms.model import DocMeta, ParseError
from transforms.normalise import markup as M
from transforms.normalise.markup import (
    MAX_HTML_DEPTH,
    MarkupProblem,
    MarkupTooDeep,
    block_text,
    body_of,
    boilerplate_of,
    find_previous,
    html_to_text,
    html_tree,
    in_boilerplate,
    meta_content,
    node_text,
    select,
    select_one,
    strip_boilerplate,
    xml_safe,
)
from transforms.parse import parse_document
from transforms.parse.document import load_document

ARTICLE = """<html><head><title>电商报告 | 网站</title>
<meta property="og:title" content=" OG 标题 "><meta name="pubdate" content="2024-03-20"></head>
<body class="menu-open"><nav><a href="/">首页</a></nav>
<div class="article-content"><h1>标题</h1><span class="date">2024-03-20</span>
<p>第一段<br>第二行</p><table><tr><td>期间</td><td>同比</td></tr><tr><td>GMV</td><td>10%</td></tr></table>
<div class="related-news">相关阅读</div></div>
<footer>版权所有</footer></body></html>"""


@pytest.mark.parametrize("markup", ["", "   \n", "<!-- only a comment -->", "<!DOCTYPE html>"])
def test_markup_without_elements_gives_an_empty_page(markup):
    root = html_tree(markup)
    assert root.tag == "html" and len(root) == 0
    assert html_to_text(root) == ""


def test_xml_declaration_in_decoded_text_is_accepted():
    root = html_tree('<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>腾讯 ü</p></body></html>')
    assert html_to_text(root).strip() == "腾讯 ü"


def test_nesting_deeper_than_the_limit_is_refused_in_one_line():
    deep = "<div>" * (MAX_HTML_DEPTH + 20) + "x" + "</div>" * (MAX_HTML_DEPTH + 20)
    with pytest.raises(MarkupTooDeep) as info:
        html_tree(deep)
    assert str(info.value) == f"HTML is nested more than {MAX_HTML_DEPTH} elements deep"


def _depth(node) -> int:
    """How many elements deep the tree under `node` goes, `node` counting as 1."""
    children = [child for child in node if isinstance(child.tag, str)]
    return 1 + max((_depth(child) for child in children), default=0)


def test_nesting_within_the_limit_is_read():
    n = MAX_HTML_DEPTH - 2  # html and body take two levels
    root = html_tree("<div>" * n + "deep" + "</div>" * n)
    assert _depth(root) == MAX_HTML_DEPTH
    assert html_to_text(root).strip() == "deep"


def test_a_text_node_beyond_the_parser_limit_is_a_parse_error_not_a_cut_text():
    with pytest.raises(MarkupProblem) as info:
        html_tree("<p>" + "a" * 11_000_000 + "</p>")
    assert "parser limit" in str(info.value) and "\n" not in str(info.value)


def test_markup_after_the_closing_html_tag_is_kept():
    root = html_tree("<html><body><p>a</p></body></html><table><tr><td>VAS</td></tr></table><p>b</p>")
    assert [el.tag for el in select(root, "td")] == ["td"]
    assert node_text(root, " ", strip=True) == "a VAS b"
    assert find_previous(select_one(root, "table"), ("p",)).text == "a"


def test_block_text_breaks_lines_after_blocks_and_at_br():
    root = html_tree("<body><div>营收<b>1,234</b>亿元<p>同比<br>增长</p>尾</div><li>x</li></body>")
    assert block_text(body_of(root)) == "营收1,234亿元同比\n增长\n尾\nx\n"


def test_script_style_template_and_ruby_annotations_are_not_text():
    root = html_tree("<body><p>a<script>var x=1</script>b<style>p{}</style><template><p>t</p></template>c"
                     "<ruby>漢<rt>han</rt><rp>(</rp></ruby></p></body>")
    assert node_text(body_of(root)) == "abc漢"
    assert block_text(body_of(root), skip=set()) == "ab\nc漢\n"  # a block inside <template> still ends a line


def test_whitespace_only_nodes_read_as_one_break_or_space_except_in_pre():
    root = html_tree("<body><div>\n   <p>a</p>\n\t  <span>b</span> \t <span>c</span></div><pre>  x\n\n  y</pre></body>")
    assert block_text(body_of(root)) == "\na\n\nb c\n  x\n\n  y\n"


def test_comments_keep_the_strings_around_them_apart():
    root = html_tree("<body><td>1,234<!-- note -->567</td></body>")
    assert node_text(body_of(root), " ") == "1,234 567"
    assert node_text(body_of(root)) == "1,234567"


def test_boilerplate_by_tag_and_by_id_or_class_hint_but_never_body_or_html():
    root = html_tree(ARTICLE)
    marked = boilerplate_of(root)
    assert {el.tag for el in marked} == {"nav", "footer", "div"}
    assert body_of(root) not in marked
    assert select_one(root, "div.related-news") in marked
    assert in_boilerplate(select_one(root, "nav a"), marked)
    assert not in_boilerplate(select_one(root, "p"), marked)
    text = html_to_text(root)
    assert "首页" not in text and "版权所有" not in text and "相关阅读" not in text
    assert "第一段\n第二行" in text
    assert "首页" in html_to_text(root, boilerplate=False)


def test_text_extraction_does_not_change_the_shared_tree():
    root = html_tree(ARTICLE)
    before = etree.tostring(root)
    html_to_text(root)
    block_text(body_of(root), skip=boilerplate_of(root), cells=True)
    assert etree.tostring(root) == before


def test_strip_boilerplate_on_a_copy_keeps_tails_and_boundaries():
    root = html_tree("<body><td>1<script>x</script>2</td><p>a<nav>n</nav>b</p></body>")
    page = strip_boilerplate(copy.deepcopy(root))
    assert node_text(select_one(page, "td"), " ") == "1 2"
    assert node_text(select_one(page, "p")) == "ab"
    assert select(root, "nav") and not select(page, "nav")


def test_cells_mode_puts_each_cell_on_one_line_with_two_spaces_after():
    root = html_tree("<body><table><tr><th>Revenues</th><td>159,501\n</td><td><p>6</p><p>%</p></td></tr>"
                     "<tr><td>VAS<nav>x</nav></td><td colspan=2>78,627</td></tr></table></body>")
    text = block_text(body_of(root), skip=boilerplate_of(root), cells=True)
    assert text == "Revenues  159,501  6 %  \nVAS  78,627  \n\n"


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("div.article-content", ["div"]),
        ("h1", ["h1"]),
        (".date", ["span"]),
        ("span.date", ["span"]),
        ("div.content", []),
        ("div.article-content p", ["p"]),
        ('div[class*="related"]', ["div"]),
        ("td", ["td", "td", "td", "td"]),
    ],
)
def test_simple_selectors(selector, expected):
    assert [el.tag for el in select(html_tree(ARTICLE), selector)] == expected


def test_selector_classes_need_every_class_and_whole_tokens():
    root = html_tree('<body><div class="common-width content" id="main"><p class="contents">x</p></div></body>')
    assert select_one(root, "div.common-width.content") is select_one(root, "div#main")
    assert select(root, ".content") == [select_one(root, "#main")]
    assert select_one(root, "div.common-width.other") is None


def test_unsupported_selector_is_a_programming_error():
    with pytest.raises(ValueError):
        select(html_tree("<p>x</p>"), "div > p")


def test_find_previous_counts_ancestors_and_earlier_elements():
    root = html_tree("<body><h3>Head</h3><div>intro<table><tr><td>x</td></tr></table></div>"
                     "<p>later</p><table><tr><td>y</td></tr></table></body>")
    first, second = select(root, "table")
    assert find_previous(first, ("p", "div", "h3")).tag == "div"
    assert find_previous(first, ("h3",)).text == "Head"
    assert find_previous(second, ("p", "div")).text == "later"
    assert find_previous(select_one(root, "h3"), ("p",)) is None


def test_meta_content_by_property_then_name():
    root = html_tree(ARTICLE)
    assert meta_content(root, "og:title") == "OG 标题"
    assert meta_content(root, "article:published_time", "pubdate") == "2024-03-20"
    assert meta_content(root, "description") is None


def test_xml_safe_keeps_offsets():
    assert xml_safe("a\x01b\x0bc\td") == "a\ufffdb\ufffdc\td"


def test_load_document_keeps_the_tree_for_html_only():
    doc = load_document(ARTICLE.encode("utf-8"), DocMeta(url="x", content_type="text/html"))
    assert doc.tree is not None and doc.tree.tag == "html"
    assert "第一段" in doc.text and "首页" not in doc.text
    text = load_document("纯文本,不是网页。".encode(), DocMeta(url="y"))
    assert text.format == "text" and text.tree is None


def test_an_html_document_is_parsed_once(monkeypatch):
    """One lxml tree and one BeautifulSoup (for the page parts) per page; the article's chosen body alone is rendered
    again from its own markup."""
    import transforms.parse.article as article_module
    import transforms.parse.pages as pages_module

    calls = []
    soups = []
    real = M.html_tree
    real_soup = pages_module.soup_of

    def counting(html):
        calls.append(len(html))
        return real(html)

    def counting_soup(markup):
        soups.append(len(markup))
        return real_soup(markup)

    monkeypatch.setattr(pages_module, "soup_of", counting_soup)
    monkeypatch.setattr(article_module, "soup_of", counting_soup)
    monkeypatch.setattr(M, "html_tree", counting)
    for module in ("transforms.parse.document", "transforms.parse.article", "transforms.parse.nbs",
                   "transforms.parse.kuaishou"):
        mod = __import__(module, fromlist=["x"])
        if hasattr(mod, "html_tree"):
            monkeypatch.setattr(mod, "html_tree", counting)
    page = ("<html><head><title>2024年直播电商报告 - 网站</title></head><body><div class='article-content'>"
            "<p>" + "据报告,2023年直播电商交易规模达4.9万亿元,同比增长35%。" * 3 + "</p></div></body></html>")
    result = parse_document(page.encode("utf-8"), DocMeta(url="https://example.org/a", content_type="text/html"),
                            time_limit=None)
    assert result.kind == "article"
    assert calls[0] == len(page) and soups == [len(page)]
    assert len(calls) == 2 and calls[1] < calls[0]


def test_every_markup_failure_is_a_parse_error():
    for markup in ("\x00" * 10, "<" * 1000, "<html><body>" + "</td>" * 500, "<![CDATA[", "<!--", "&#xD800;"):
        try:
            html_to_text(markup)
        except ParseError:
            pass


def test_control_characters_the_parser_keeps_do_not_break_tree_edits():
    # libxml2 in recover mode keeps \x0c and \x1c in text nodes, which lxml's API refuses to set again.
    page = ("<html><body><nav>menu</nav>\x0c tail\x1c after nav<table><tr><td>a</td></tr></table>\x0c tail"
            "<p>正文</p></body></html>").encode()
    meta = DocMeta(url="https://example.com/a.html", source="inbox", content_type="text/html")
    doc = load_document(page, meta)
    stripped = M.strip_boilerplate(copy.deepcopy(doc.tree))
    assert "menu" not in M.block_text(stripped) and "after nav" in M.block_text(stripped)
    try:
        parse_document(page, meta, kind="article")
    except ParseError:
        pass  # an outcome the contract allows; a ValueError from lxml is not
