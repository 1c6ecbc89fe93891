"""Tencent IR financial-news listing: results release PDFs, current and 2019-era page layouts."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

from sources.discovery.model import Candidate, Rejected, apply_window, dedupe, listing_date
from sources.errors import ListingError
from sources.http import HttpClient
from transforms.model import ParseError
from transforms.normalise.markup import Element, html_tree, node_strings, node_text, select, select_one
from transforms.normalise.text import decode_bytes

SOURCE = "tencent_ir"
KIND_HINT = "results_release_en"
FINANCIAL_NEWS_URL = "https://www.tencent.com/en-us/investors/financial-news.html"

_YEAR = r"((?:19|20)\d{2})"
_ANNUAL = re.compile(
    _YEAR + r"\s+(?:annual\s+and\s+fourth\s+quarter|fourth\s+quarter\s+and\s+annual)\s+results\b", re.I
)
_SECOND_AND_INTERIM = re.compile(_YEAR + r"\s+second\s+quarter\s+and\s+interim\s+results\b", re.I)
_INTERIM = re.compile(_YEAR + r"\s+interim\s+results\b", re.I)
_QUARTER = re.compile(_YEAR + r"\s+(first|second|third|fourth)\s+quarter\s+results\b", re.I)
_DATE_NOTICE = re.compile(r"announcement\s+date|date\s+of\s+board\s+meeting|board\s+meeting", re.I)
_NOT_RELEASE = re.compile(r"presentation|webcast|conference\s+call|transcript|slides", re.I)
_PDF_SUFFIX = re.compile(r"\s*[\[(]\s*pdf(?:\s+file)?\s*[\])]\s*$", re.I)
_UPLOAD_DATE = re.compile(r"/uploads/(\d{4})/(\d{2})/(\d{2})/")
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def clean_title(text: str) -> str:
    """A listing title with whitespace squeezed and a trailing [PDF file] marker removed."""
    return _PDF_SUFFIX.sub("", " ".join(text.split())).strip()


def release_code(title: str) -> str | None:
    """The release a results title announces (1Q2024, 2Q2024, FY2024, 1H2024), or None."""
    m = _ANNUAL.search(title)
    if m:
        return f"FY{m.group(1)}"
    m = _SECOND_AND_INTERIM.search(title)
    if m:
        return f"2Q{m.group(1)}"
    m = _QUARTER.search(title)
    if m:
        return f"{_ORDINAL[m.group(2).lower()]}Q{m.group(1)}"
    m = _INTERIM.search(title)
    if m:
        return f"1H{m.group(1)}"
    return None


def title_rejection(title: str) -> str | None:
    """Why a listing title is not a results release, or None when it is one."""
    if not title:
        return "item has no title"
    if _DATE_NOTICE.search(title):
        return "results announcement date notice, not a results release"
    if _NOT_RELEASE.search(title):
        return "results-related material, not the results release"
    if release_code(title) is None:
        return "not a results release"
    return None


def upload_date(url: str) -> date | None:
    """The /uploads/YYYY/MM/DD/ date in a Tencent static URL, or None."""
    m = _UPLOAD_DATE.search(urlsplit(url).path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _item(href: str | None, title: str, published: date | None, base_url: str) -> Candidate | Rejected:
    """One listing item judged: a results-release candidate or a rejection with its reason."""
    url = urljoin(base_url, href.strip()) if href else ""
    if not url:
        return Rejected(base_url, title or None, "item has no link")
    reason = title_rejection(title)
    if reason is not None:
        return Rejected(url, title or None, reason)
    if not urlsplit(url).path.lower().endswith(".pdf"):
        return Rejected(url, title, "link is not a PDF")
    return Candidate(
        url=url,
        source=SOURCE,
        title=title,
        published_at=published or upload_date(url),
        kind_hint=KIND_HINT,
        period_code=release_code(title),
        language="en",
    )


def _current_items(root: Element, base_url: str) -> list[Candidate | Rejected]:
    """Items of the current layout: <a class="...ten_finance_item..."> with a date line then the title."""
    out: list[Candidate | Rejected] = []
    for anchor in select(root, 'a[class*="ten_finance_item"]'):
        published: date | None = None
        parts: list[str] = []
        for line in (s.strip() for s in node_strings(anchor) if s.strip()):
            found = listing_date(line) if published is None else None
            if found is not None and len(line) <= 24:
                published = found
            else:
                parts.append(line)
        href = anchor.get("href")
        out.append(_item(href if isinstance(href, str) else None, clean_title(" ".join(parts)), published, base_url))
    return out


def _legacy_items(root: Element, base_url: str) -> list[Candidate | Rejected]:
    """Items of the 2019-era layout: li.item > span.date + span.title > a."""
    out: list[Candidate | Rejected] = []
    for item in select(root, "li.item"):
        date_el = select_one(item, "span.date")
        link = select_one(item, "span.title a")
        if link is None:
            continue
        published = listing_date(node_text(date_el, " ", strip=True)) if date_el is not None else None
        href = link.get("href")
        title = clean_title(node_text(link, " ", strip=True))
        out.append(_item(href if isinstance(href, str) else None, title, published, base_url))
    return out


def parse_financial_news(
    page: str | bytes, base_url: str = FINANCIAL_NEWS_URL, charset: str | None = None
) -> tuple[list[Candidate], list[Rejected]]:
    """Results-release candidates and rejected items of an IR listing page (either layout)."""
    try:
        root = html_tree(decode_bytes(page, charset) if isinstance(page, bytes) else page)
    except ParseError as exc:
        raise ListingError(base_url, str(exc)) from exc
    items = _current_items(root, base_url) + _legacy_items(root, base_url)
    kept = dedupe(i for i in items if isinstance(i, Candidate))
    rejected = [i for i in items if isinstance(i, Rejected)]
    return kept, rejected


def discover_tencent_ir(
    client: HttpClient, *, since: date, as_of: date, url: str = FINANCIAL_NEWS_URL
) -> tuple[list[Candidate], list[Rejected]]:
    """Fetch the IR financial-news listing and keep results releases published in [since, as_of]."""
    resp = client.get(url)
    kept, rejected = parse_financial_news(resp.content, resp.url, resp.charset)
    if not kept and not rejected:
        raise ListingError(resp.url, "no financial-news items found")
    in_window, outside = apply_window(kept, since, as_of)
    return in_window, rejected + outside
