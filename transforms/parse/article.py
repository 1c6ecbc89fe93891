"""Industry articles (36Kr, Sina Finance, 100ec, LatePost-, Yicai-, Jiemian-style, English news pages): claims."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from bs4 import BeautifulSoup, Tag

from transforms.lexicon import load_lexicon
from transforms.model import DecoyDocument, EmptyDocument, ParseResult, UnsupportedDocument
from transforms.normalise import periods as P
from transforms.normalise.markup import (
    BOILERPLATE_TAGS,
    Element,
    block_text,
    body_of,
    boilerplate_marks,
    descendants,
    html_tree,
    node_text,
    strip_boilerplate,
    xml_safe,
)
from transforms.parse import Parser
from transforms.parse.claims import (
    ClaimContext,
    blank_bases,
    data_firm,
    drop_conflicts,
    extract,
    find_periods,
    matching_text,
    names_only,
    preview_title,
    title_context,
    title_entity,
)
from transforms.parse.document import Document
from transforms.parse.pages import page_state, soup_of, wire_release_markup
from transforms.parse.pipetable import read_pipe_tables
from transforms.parse.scrambled import scrambled_reason

_CJK = re.compile(r"[\u4e00-\u9fff]")
_EN_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
_BODY_SELECTORS = (
    "div#artibody",
    "section.art_content",
    "div.art_content",
    "div.article-content",
    "div.articleDetailContent",
    "div.common-width.content",
    "div.article-main",
    "div.news_content",
    "div.detail-content",
    "div.content",
    "article",
    "div.article",
    "div.main-text",
)
_DATE_SELECTORS = ("span.date", "time", "span.time", "span.pubtime", "div.date", "span.publish-time", "p.date",
                   "span.article-time", "div.time", "span.item-time")
_BEIJING = timezone(timedelta(hours=8))
_INITIAL_STATE = re.compile(r"window\.initialState\s*=\s*(\{.*?\})\s*;?\s*(?:</script>|$)", re.S)


def _has_prose(text: str) -> bool:
    return len(_CJK.findall(text)) >= 40 or len(_EN_WORD.findall(text)) >= 30


def sniff(doc: Document) -> bool:
    """Any HTML or text page with prose in Chinese or English: the registry's last resort, so no document with
    figures is refused for its layout."""
    if doc.format not in ("html", "text"):
        return False
    if doc.format == "html" and doc.markup and _INITIAL_STATE.search(doc.markup):
        return True
    return _has_prose(doc.text)


def parse_date_text(text: str) -> date | None:
    """A publication date from a page's date string (2024-01-12 10:30, 2024年01月12日, Jan 12, 2024)."""
    s = text.strip()
    m = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", s)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if re.fullmatch(r"\d{12,13}", s):
        return datetime.fromtimestamp(int(s) / (1000 if len(s) == 13 else 1), tz=_BEIJING).date()
    try:
        return P.parse_english_date(s)
    except (P.PeriodError, ValueError):
        return None


def initial_state_article(markup: str) -> tuple[str | None, date | None, str | None]:
    """Title, publication date and body HTML from 36Kr's `window.initialState={...}` blob (decrypted when the page
    encrypts it: `{"state": "<base64>", "isEncrypt": true}`), its article or newsflash detail read first."""
    if not _INITIAL_STATE.search(markup):
        return None, None, None
    state = page_state(markup)
    node = _detail_node(state)
    if node is None:
        return None, None, None
    title = node.get("widgetTitle") or node.get("title")
    content = node.get("widgetContent") or node.get("content")
    stamp = node.get("publishTime") or node.get("published_at") or node.get("publishedAt")
    when = parse_date_text(str(stamp)) if stamp is not None else None
    return (str(title) if title else None), when, (str(content) if content else None)


def _detail_node(state) -> dict | None:
    """The article node under the state's page-detail entries (articleDetail, newsflashDetail ...), else anywhere
    (lists of other items, such as a hot list, come after the page's own detail)."""
    if isinstance(state, dict):
        for key, value in state.items():
            if isinstance(key, str) and key.endswith("Detail"):
                found = _find_article_node(value)
                if found is not None:
                    return found
    return _find_article_node(state)


def _find_article_node(obj, depth: int = 0) -> dict | None:
    if depth > 12:
        return None
    if isinstance(obj, dict):
        if ("widgetContent" in obj or "content" in obj) and ("widgetTitle" in obj or "title" in obj):
            content = obj.get("widgetContent") or obj.get("content")
            if isinstance(content, str) and len(content) > 40:
                return obj
        for value in obj.values():
            found = _find_article_node(value, depth + 1)
            if found is not None:
                return found
    elif isinstance(obj, list):
        for value in obj:
            found = _find_article_node(value, depth + 1)
            if found is not None:
                return found
    return None


def tree_of(doc: Document) -> Element:
    """The document's parsed HTML tree (parsed here when the document was built without one)."""
    return doc.tree if doc.tree is not None else html_tree(doc.markup or "")


def _row_cells(tr: Element) -> list[str]:
    return [re.sub(r"\s+", " ", node_text(cell, " ", strip=True)) for cell in descendants(tr, ("th", "td"))]


def table_lines(table: Element) -> list[str]:
    """A table as one line per body row, cells apart, each cell after its column header (period, growth, metric)."""
    rows = [r for r in (_row_cells(tr) for tr in descendants(table, ("tr",))) if any(r)]
    if len(rows) < 2:
        return [" ".join(r) for r in rows]
    head, lines = rows[0], []
    for row in rows[1:]:
        parts = [f"{head[i]} {cell}" if cell and i < len(head) and head[i] and head[i] != cell else cell
                 for i, cell in enumerate(row)]
        lines.append(" ".join(p for p in parts if p) + "。")
    return lines


def flatten_tables(root: Element) -> None:
    """Replace each innermost table by one paragraph per row, so cells never run together into one number."""
    for table in reversed(list(descendants(root, ("table",)))):
        if next(descendants(table, ("table",)), None) is not None:
            continue
        replacement = table.makeelement("div", {})
        for line in table_lines(table):
            para = table.makeelement("p", {})
            para.text = xml_safe(line)
            replacement.append(para)
        replacement.tail = xml_safe(table.tail) if table.tail else table.tail
        table.getparent().replace(table, replacement)


def html_article(markup: str, tree: Element | None = None) -> tuple[str | None, date | None, str]:
    """Title, publication date and body text of an HTML article page, its parts found with BeautifulSoup (a wire
    release page reduced to its own parts first); `tree` is unused (kept for callers that hold one)."""
    title, when, content = initial_state_article(markup)
    page = soup_of(wire_release_markup(markup) or markup)
    if title is None:
        title = page_title(page)
    if when is None:
        when = _page_date(page)
    if content is not None:
        body_tree = html_tree(content)
        flatten_tables(body_tree)
        return title, when, block_text(body_of(strip_boilerplate(body_tree)))
    _drop(t for t in page.find_all(True) if _soup_boilerplate(t))
    _drop(_outside_tables(_matching_any(page, _HEADLINES)))
    body = None
    for candidates in _by_priority(page, _BODY):
        body = next(_outside_tables(candidates), None)
        if body is not None and body.get_text(strip=True):
            break
    node = body if body is not None else (page.body or page)
    _drop(_outside_tables(_matching_any(node, _DATES)))
    rendered = html_tree(f"<html><body>{node.decode() if node is not page else page.decode()}</body></html>")
    flatten_tables(rendered)
    return title, when, block_text(body_of(rendered))


def _soup_boilerplate(tag: Tag) -> bool:
    """is_boilerplate for a BeautifulSoup tag: by tag name, or by an id or class hint."""
    if tag.name in BOILERPLATE_TAGS:
        return True
    if tag.name in ("body", "html"):
        return False
    classes = tag.get("class")
    return boilerplate_marks(tag.get("id"), " ".join(classes) if isinstance(classes, list) else classes)


def _outside_tables(tags) -> Iterator[Tag]:
    """The tags not inside a table (table cells are read as flattened rows, never as page parts)."""
    return (t for t in tags if t.find_parent("table") is None and not t.decomposed)


def _drop(tags) -> None:
    """Remove tags from their page (an outer one first; those inside it go with it)."""
    for tag in list(tags):
        if not tag.decomposed:
            tag.decompose()


_TITLE_SELECTORS = ("h1.main-title", "h1", ".article-header-title", ".article-title", ".post_title", ".title")


_SIMPLE = re.compile(r"(?P<tag>[a-z0-9]+)?(?:#(?P<id>[\w-]+))?(?P<classes>(?:\.[\w-]+)*)")


@dataclass(frozen=True, slots=True)
class _Simple:
    """A selector of a tag name, an id and classes ("div#artibody", "div.common-width.content", ".title")."""

    tag: str | None
    id: str | None
    classes: frozenset[str]

    @classmethod
    def parse(cls, selector: str) -> _Simple:
        """Read one simple selector; anything richer is a programming error."""
        m = _SIMPLE.fullmatch(selector)
        if m is None:
            raise ValueError(f"not a simple selector: {selector}")
        return cls(m["tag"], m["id"], frozenset(c for c in m["classes"].split(".") if c))

    def matches(self, tag: Tag) -> bool:
        """Whether a tag has this selector's name, id and classes."""
        if self.tag is not None and tag.name != self.tag:
            return False
        if self.id is not None and tag.get("id") != self.id:
            return False
        if self.classes:
            have = tag.get("class") or ()
            return self.classes.issubset(have if isinstance(have, list) else str(have).split())
        return True


def _selectors(selectors: tuple[str, ...]) -> tuple[_Simple, ...]:
    """Selectors in priority order, read once."""
    return tuple(_Simple.parse(s) for s in selectors)


def _by_priority(page: BeautifulSoup | Tag, selectors: tuple[_Simple, ...]) -> Iterator[list[Tag]]:
    """For each selector in priority order, the tags of the page it matches, in page order (one pass over the page)."""
    tags = page.find_all(True)
    for one in selectors:
        yield [t for t in tags if one.matches(t)]


def _matching_any(page: BeautifulSoup | Tag, selectors: tuple[_Simple, ...]) -> list[Tag]:
    """The tags below a page or tag that any of the selectors matches, in page order."""
    return [t for t in page.find_all(True) if any(one.matches(t) for one in selectors)]


_TITLES = _selectors(_TITLE_SELECTORS)
_HEADLINES = _TITLES[1:4]
_BODY = _selectors(_BODY_SELECTORS)
_DATES = _selectors(_DATE_SELECTORS)


def page_title(page: BeautifulSoup | Tag) -> str | None:
    """The headline of a page: its h1 or a headline block, else og:title, else <title> less the site name."""
    for tags in _by_priority(page, _TITLES):
        tag = tags[0] if tags else None
        if tag is not None and tag.get_text(strip=True):
            return tag.get_text(" ", strip=True)
    meta = _meta(page, "og:title")
    if meta:
        return meta
    head = page.find("title")
    if head is not None and head.get_text(strip=True):
        return re.split(r"\s+[|\-–]\s+|_", head.get_text(" ", strip=True))[0]
    return None


def _meta(page: BeautifulSoup | Tag, *names: str) -> str | None:
    """meta_content for a BeautifulSoup page: the content of the first <meta property|name=...> of the names."""
    metas = page.find_all("meta")
    for name in names:
        tag = next((m for m in metas if m.get("property") == name), None) or next(
            (m for m in metas if m.get("name") == name), None)
        content = tag.get("content") if tag is not None else None
        if isinstance(content, str) and content.strip():
            return content.strip()
    return None


def _page_date(page: BeautifulSoup | Tag) -> date | None:
    stamp = _meta(page, "article:published_time", "publishdate", "pubdate", "publish_date", "og:release_date")
    if stamp:
        found = parse_date_text(stamp)
        if found:
            return found
    for tags in _by_priority(page, _DATES):
        if not tags:
            continue
        tag = tags[0]
        stamp = tag.get("datetime")
        found = parse_date_text(stamp if isinstance(stamp, str) and stamp else tag.get_text(" ", strip=True))
        if found:
            return found
    return None


def page_soup(doc: Document) -> BeautifulSoup:
    """A document's page for the readers of page parts: parsed with BeautifulSoup, a wire release reduced first."""
    markup = doc.markup or ""
    return soup_of(wire_release_markup(markup) or markup)


TITLE_MAX = 160
# A sentence end inside a line, or a Chinese full stop ending a long line (decimal points allowed): prose, which a
# headline never is.
_PROSE_LINE = re.compile(r"[。！？](?!\s*$)|(?:[^.]|(?<=\d)\.(?=\d)){40,}。\s*$")


_CRUMB_SEP = re.compile(r"\s*[>›»]\s*")
_CRUMB_PART_MAX = 16  # characters of one step of a page's path ("Biz Updates", "新闻中心", "当前位置: 首页")


def is_breadcrumb(line: str) -> bool:
    """Whether a line is a page's path of short steps joined by '>' ("Home > News", "首页 » 资讯 » 正文")."""
    if not _CRUMB_SEP.search(line) or any(c.isdigit() for c in line):
        return False
    parts = [p for p in _CRUMB_SEP.split(line.strip()) if p.strip()]
    return len(parts) >= 2 and all(len(p.strip()) <= _CRUMB_PART_MAX for p in parts)


def text_article(text: str) -> tuple[str | None, date | None, str]:
    """Title (first line), publication date (a date line near the top) and body of a plain-text article."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and is_breadcrumb(lines[0]):
        lines = lines[1:]  # "Home > News" above the headline: the site's path, not the title
    if not lines:
        return None, None, ""
    if len(lines[0].strip()) > TITLE_MAX:  # a first line that long is the text itself, not its title
        return None, None, "\n".join(lines)
    title, rest = lines[0].strip(), lines[1:]
    if _PROSE_LINE.search(title):  # a lead paragraph on the first line: the title's context and the text's start
        rest = lines
    when = None
    for i, line in enumerate(rest[:3]):
        if len(line.strip()) <= 40:
            found = parse_date_text(line)
            if found:
                when = found
                rest = rest[:i] + rest[i + 1 :]
                break
    return title, when, "\n".join(rest)


def article_parts(doc: Document, reader: str) -> tuple[str | None, date | None, str]:
    """Title, publication date and non-empty body of an HTML or text document, for the parser named `reader`."""
    if doc.format == "html" and doc.markup is not None:
        title, when, body = html_article(doc.markup, doc.tree)
    elif doc.format == "text":
        title, when, body = text_article(doc.text)
    else:
        raise UnsupportedDocument(f"{reader} parser reads HTML or text, not {doc.format}")
    if not body.strip():
        raise EmptyDocument(f"{reader} has no body text")
    return title, when, body


def parse(doc: Document) -> ParseResult:
    """Claims, held-back values and events of an article, with its title and publication date."""
    title, when, body = article_parts(doc, "article")
    title = title or doc.meta.title
    scrambled = scrambled_reason(body, title)
    if scrambled:
        raise DecoyDocument(scrambled)
    published = when or doc.meta.published_at
    title_year, title_period = title_context(title, published)
    named = tuple(find_periods(blank_bases(matching_text(title)), published)) if title else ()
    if title_period is not None and _PROSE_LINE.search(title) and not names_only(body.splitlines(), title_period, published):
        title_period = None  # a lead paragraph's period is its own figures', not the whole text's when others are named
    subject = title_entity(title)
    found = extract(body, ClaimContext(published=published, title_year=title_year, title_period=title_period,
                                       title_entity=subject, measured_by=data_firm(load_lexicon(), title),
                                       title_mentions=named, preview=preview_title(title)))
    tabled, untabled = read_pipe_tables(body, load_lexicon(), published, subject)
    facts, conflicts = drop_conflicts(found.facts + tabled) if tabled else (found.facts, [])
    return ParseResult(kind="article", facts=facts, events=found.events, held=found.held + untabled + conflicts,
                       title=title, published_at=published)


PARSER = Parser(kind="article", version="16", sniff=sniff, parse=parse)
