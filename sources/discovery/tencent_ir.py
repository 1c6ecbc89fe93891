"""Tencent IR listings of results releases: the 2026 results page, the financial-news page and the 2019 list.

The 2026 site (WordPress) lists each release under a heading ("Tencent Announces 2026 Second Quarter
Results") followed by its links ("Earnings Releases", "Earnings Presentation", the HKEX announcement); the
release PDF sits under wp-content/uploads/YYYY/MM/ or static.www.tencent.com/uploads/YYYY/MM/DD/. A section
with no release PDF yields its HKEX announcement, and when no IR page can be read the listing fails (HKEX,
discovered as its own source, stays the authoritative source of results).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from sources.discovery.hkex import filing_date
from sources.discovery.model import Candidate, Rejected, apply_window, dedupe, listing_date
from sources.discovery.page import date_in_path, href_of, listing_soup, squeezed
from sources.errors import HttpStatusError, LayoutChanged
from sources.http import HttpClient

SOURCE = "tencent_ir"
KIND_HINT = "results_release_en"
HKEX_SOURCE = "hkex"
HKEX_KIND_HINT = "hkex_announcement"
RESULTS_URL = "https://www.tencent.com/en-us/investors/results/"
FINANCIAL_NEWS_URL = "https://www.tencent.com/en-us/investors/financial-news.html"
LISTING_URLS: tuple[str, ...] = (RESULTS_URL, FINANCIAL_NEWS_URL)
TENCENT_HOSTS = frozenset({"www.tencent.com", "static.www.tencent.com"})
HKEX_HOSTS = frozenset({"www1.hkexnews.hk", "www.hkexnews.hk", "www3.hkexnews.hk"})

# Statuses saying a listing page is no longer there (so the page of another layout is tried).
GONE = frozenset({404, 410})

_HEADINGS = ["h1", "h2", "h3", "h4"]
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
_UPLOAD_MONTH = re.compile(r"/uploads/(\d{4})/(\d{2})/")
_RELEASE_LINK = re.compile(r"\b(?:earnings|press|results)\s+releases?\b|业绩新闻|業績新聞|新闻稿|新聞稿", re.I)
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
    return date_in_path(url, _UPLOAD_DATE)


def upload_month(url: str) -> tuple[int, int] | None:
    """The (year, month) of a /uploads/YYYY/MM/ path (WordPress media or Tencent static), or None."""
    m = _UPLOAD_MONTH.search(urlsplit(url).path)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)), int(m.group(2))


def month_outside_window(url: str, since: date, as_of: date) -> str | None:
    """Why an undated item's upload month lies wholly outside [since, as_of], or None."""
    month = upload_month(url)
    if month is None:
        return None
    first = date(month[0], month[1], 1)
    last = date(month[0] + month[1] // 12, month[1] % 12 + 1, 1) - timedelta(days=1)
    if last < since:
        return f"uploaded {first:%Y-%m}, before {since.isoformat()}"
    if first > as_of:
        return f"uploaded {first:%Y-%m}, after {as_of.isoformat()}"
    return None


def _host(url: str) -> str:
    """Lower-cased host of a URL."""
    return (urlsplit(url).hostname or "").lower()


def _is_pdf(url: str) -> bool:
    """True when the URL's path names a PDF."""
    return urlsplit(url).path.lower().endswith(".pdf")


def _item(href: str | None, title: str, published: date | None, base_url: str) -> Candidate | Rejected:
    """One listing item judged: a results-release candidate or a rejection with its reason."""
    url = urljoin(base_url, href.strip()) if href else ""
    if not url:
        return Rejected(base_url, title or None, "item has no link")
    reason = title_rejection(title)
    if reason is not None:
        return Rejected(url, title or None, reason)
    if not _is_pdf(url):
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


def _dated_lines(lines: list[str]) -> tuple[date | None, list[str]]:
    """The first short line that is a date, and the other lines."""
    published: date | None = None
    rest: list[str] = []
    for line in lines:
        found = listing_date(line) if published is None and len(line) <= 24 else None
        if found is not None:
            published = found
        else:
            rest.append(line)
    return published, rest


def _current_items(soup: BeautifulSoup, base_url: str) -> list[Candidate | Rejected]:
    """Items of the financial-news layout: <a class="...ten_finance_item..."> with a date line then the title."""
    out: list[Candidate | Rejected] = []
    for anchor in soup.select('a[class*="ten_finance_item"]'):
        lines = [" ".join(s.split()) for s in anchor.stripped_strings]
        published, parts = _dated_lines([line for line in lines if line])
        out.append(_item(href_of(anchor), clean_title(" ".join(parts)), published, base_url))
    return out


def _legacy_items(soup: BeautifulSoup, base_url: str) -> list[Candidate | Rejected]:
    """Items of the 2019-era layout: li.item > span.date + span.title > a."""
    out: list[Candidate | Rejected] = []
    for item in soup.select("li.item"):
        link = item.select_one("span.title a")
        if link is None:
            continue
        date_el = item.select_one("span.date")
        published = listing_date(squeezed(date_el)) if date_el is not None else None
        out.append(_item(href_of(link), clean_title(squeezed(link)), published, base_url))
    return out


def _release_heading(node: Tag) -> str | None:
    """The title of a results-release heading (h1-h4 naming a release), or None."""
    if node.name not in _HEADINGS:
        return None
    title = clean_title(squeezed(node))
    return title if release_code(title) and not _DATE_NOTICE.search(title) else None


def _ends_section(node: Tag, level: int) -> bool:
    """True when a node closes a release section: another release heading, a heading as high, or the footer."""
    if node.name == "footer":
        return True
    if node.name not in _HEADINGS:
        return False
    return _release_heading(node) is not None or int(node.name[1]) <= level


def _section(heading: Tag) -> tuple[list[Tag], date | None]:
    """The links after a release heading up to the section's end, and a date written among them."""
    level = int(str(heading.name)[1])
    links: list[Tag] = []
    lines: list[str] = []
    for node in heading.next_elements:
        if isinstance(node, Tag):
            if _ends_section(node, level):
                break
            if node.name == "a":
                links.append(node)
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            line = " ".join(node.split())
            if line:
                lines.append(line)
    published, _ = _dated_lines(lines)
    return links, published


def _link_kind(anchor: Tag, url: str, heading: Tag) -> str:
    """What a link of a release section points at: release, hkex, material or other."""
    label = f"{squeezed(anchor)} {anchor.get('title') or ''} {anchor.get('aria-label') or ''}"
    if _host(url) in HKEX_HOSTS and _is_pdf(url):
        return "hkex"
    named = _RELEASE_LINK.search(label) or any(parent is heading for parent in anchor.parents)
    if named and _host(url) in TENCENT_HOSTS and _is_pdf(url):
        return "release"
    if _NOT_RELEASE.search(label) or _NOT_RELEASE.search(urlsplit(url).path):
        return "material"
    return "other"


def _results_section(heading: Tag, title: str, base_url: str) -> list[Candidate | Rejected]:
    """One release of the results page: its release PDF, else the HKEX announcement it links to."""
    links, published = _section(heading)
    code = release_code(title)
    judged: dict[str, list[str]] = {"release": [], "hkex": [], "material": [], "other": []}
    for anchor in links:
        href = href_of(anchor)
        if href is None or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(base_url, href)
        judged[_link_kind(anchor, url, heading)].append(url)
    out: list[Candidate | Rejected] = []
    for url in judged["release"]:
        out.append(Candidate(url=url, source=SOURCE, title=title, published_at=published or upload_date(url),
                             kind_hint=KIND_HINT, period_code=code, language="en"))
    for url in judged["hkex"]:
        if judged["release"]:
            out.append(Rejected(url, title, "HKEX announcement of a release listed here (read from HKEX)"))
        else:
            out.append(Candidate(url=url, source=HKEX_SOURCE, title=title, published_at=published or filing_date(url),
                                 kind_hint=HKEX_KIND_HINT, period_code=code, language="en"))
    out += [Rejected(u, title, "results-related material, not the results release") for u in judged["material"]]
    out += [Rejected(u, title, "not the results release") for u in judged["other"]]
    if not judged["release"] and not judged["hkex"]:
        out.append(Rejected(base_url, title, "release heading without a release PDF or HKEX announcement"))
    return out


def _results_page_items(soup: BeautifulSoup, base_url: str) -> list[Candidate | Rejected]:
    """Items of the 2026 results page: a heading per release, then its Earnings Release / Presentation links."""
    out: list[Candidate | Rejected] = []
    for heading in soup.find_all(_HEADINGS):
        title = _release_heading(heading)
        if title is not None:
            out += _results_section(heading, title, base_url)
    return out


def parse_financial_news(
    page: str | bytes, base_url: str = FINANCIAL_NEWS_URL, charset: str | None = None
) -> tuple[list[Candidate], list[Rejected]]:
    """Results-release candidates and rejected items of an IR listing page (2026, current or 2019 layout)."""
    soup = listing_soup(page, base_url, charset)
    items = _results_page_items(soup, base_url) + _current_items(soup, base_url) + _legacy_items(soup, base_url)
    kept = dedupe(i for i in items if isinstance(i, Candidate))
    rejected = [i for i in items if isinstance(i, Rejected)]
    return kept, rejected


def _undated_window(kept: list[Candidate], since: date, as_of: date) -> tuple[list[Candidate], list[Rejected]]:
    """Undated candidates whose upload month lies outside the window, turned away."""
    inside: list[Candidate] = []
    outside: list[Rejected] = []
    for cand in kept:
        reason = month_outside_window(cand.url, since, as_of) if cand.published_at is None else None
        if reason is None:
            inside.append(cand)
        else:
            outside.append(Rejected(cand.url, cand.title, reason))
    return inside, outside


def discover_tencent_ir(
    client: HttpClient, *, since: date, as_of: date, urls: tuple[str, ...] = LISTING_URLS
) -> tuple[list[Candidate], list[Rejected]]:
    """Results releases published in [since, as_of]: the results page, else the older financial-news page."""
    problems: list[str] = []
    for url in urls:
        try:
            resp = client.get(url)
            kept, rejected = parse_financial_news(resp.content, resp.url, resp.charset)
        except HttpStatusError as exc:
            if exc.status not in GONE:
                raise
            problems.append(str(exc))
            continue
        except LayoutChanged as exc:
            problems.append(str(exc))
            continue
        if not kept and not rejected:
            problems.append(f"no results items: {resp.url}")
            continue
        in_window, outside = apply_window(kept, since, as_of)
        in_window, unmonthed = _undated_window(in_window, since, as_of)
        return in_window, rejected + outside + unmonthed
    found = "; ".join(problems)
    raise LayoutChanged(urls[0], f"no IR page lists results releases, HKEX stays the source of results: {found}")
