"""RSS 2.0 and Atom feeds an analyst lists (sources.yaml `feeds:`): their items as article candidates."""

from __future__ import annotations

from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from sources.discovery.configured import CONFIG_PATH, load_config
from sources.discovery.model import Candidate, Rejected, dedupe, listing_date
from sources.errors import ConfigError, ListingError

MAX_FEED_ITEMS = 500
_ATOM = "{http://www.w3.org/2005/Atom}"
_TRACKING = ("f", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "from", "spm")


def _parser() -> etree.XMLParser:
    """An XML parser that expands no entities, loads no DTD and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, recover=False)


def canonical_item_url(url: str) -> str:
    """An item link without the feed's tracking parameters (36Kr's `?f=rss`, utm_*), fragment dropped."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _TRACKING]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _feed_date(text: str | None) -> date | None:
    """A feed date: RFC 822 (RSS pubDate), ISO 8601 (Atom), or any date a listing line may carry."""
    if not text or not text.strip():
        return None
    try:
        return parsedate_to_datetime(text.strip()).date()
    except (TypeError, ValueError, IndexError):
        return listing_date(text)


def _text(node, tag: str) -> str | None:
    child = node.find(tag)
    if child is None or child.text is None:
        return None
    return " ".join(child.text.split()) or None


def _atom_link(entry) -> str | None:
    links = entry.findall(f"{_ATOM}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return links[0].get("href") if links and links[0].get("href") else None


_Row = tuple[str | None, str | None, str | None, str | None]


def _feed_rows(data: bytes, feed_url: str) -> list[_Row]:
    """(link, title, date, summary) of each item of an RSS 2.0 or Atom feed; ListingError when the bytes are no such feed."""
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ListingError(feed_url, f"feed is not well-formed XML ({exc.__class__.__name__})") from exc
    if root is None:
        raise ListingError(feed_url, "feed is empty")
    rows: list[_Row] = []
    if root.tag == "rss" or root.find("channel") is not None:
        for item in root.iter("item"):
            link = _text(item, "link") or _text(item, "guid")
            rows.append((link, _text(item, "title"), _text(item, "pubDate") or _text(item, "{http://purl.org/dc/elements/1.1/}date"),
                         _text(item, "description")))
    elif root.tag == f"{_ATOM}feed":
        for entry in root.iter(f"{_ATOM}entry"):
            rows.append((_atom_link(entry), _text(entry, f"{_ATOM}title"),
                         _text(entry, f"{_ATOM}published") or _text(entry, f"{_ATOM}updated"),
                         _text(entry, f"{_ATOM}summary")))
    else:
        raise ListingError(feed_url, f"not an RSS or Atom feed (root element {etree.QName(root).localname!r})")
    return rows[:MAX_FEED_ITEMS]


def _item_url(feed_url: str, link: str | None) -> str | None:
    """An item's absolute, canonical http(s) link, or None."""
    if not link:
        return None
    url = canonical_item_url(urljoin(feed_url, link))
    return url if urlsplit(url).scheme in ("http", "https") else None


def parse_feed(data: bytes, feed_url: str, source: str = "article", kind_hint: str | None = "article") -> list[Candidate]:
    """The items of an RSS 2.0 or Atom feed as candidates; ListingError when the bytes are no such feed."""
    out = []
    for link, title, when, _ in _feed_rows(data, feed_url):
        url = _item_url(feed_url, link)
        if url is not None:
            out.append(Candidate(url=url, source=source, title=title, published_at=_feed_date(when), kind_hint=kind_hint))
    return dedupe(out)


def on_topic(text: str) -> bool:
    """True when a feed item's title or summary names an entity of the lexicon (a tracked company, platform or market)."""
    from transforms.lexicon import load_lexicon

    return bool(text) and bool(load_lexicon().find("entities", text))


OFF_TOPIC = "feed item names no company, platform or market the lexicon tracks (not fetched)"


def feed_items(data: bytes, feed_url: str) -> tuple[list[Candidate], list[Rejected]]:
    """A feed's items split before any is fetched: those whose title or summary name a tracked entity, and the rest."""
    kept: list[Candidate] = []
    rejected: list[Rejected] = []
    for link, title, when, summary in _feed_rows(data, feed_url):
        url = _item_url(feed_url, link)
        if url is None:
            continue
        if not on_topic(" ".join(t for t in (title, summary) if t)):
            rejected.append(Rejected(url, title, OFF_TOPIC))
            continue
        kept.append(Candidate(url=url, source="article", title=title, published_at=_feed_date(when), kind_hint="article"))
    kept = dedupe(kept)
    urls = {c.url for c in kept}
    return kept, [r for r in rejected if r.url not in urls]


def configured_feeds(config_path: Path | None = None) -> list[str]:
    """The feed URLs listed under `feeds:` in sources.yaml."""
    path = Path(config_path) if config_path is not None else CONFIG_PATH
    entries = load_config(path).get("feeds") or []
    if not isinstance(entries, list):
        raise ConfigError(str(path), "section 'feeds' must be a list")
    urls = []
    for entry in entries:
        url = entry.get("url") if isinstance(entry, dict) else entry
        if not isinstance(url, str) or urlsplit(url.strip()).scheme not in ("http", "https"):
            raise ConfigError(str(path), f"feed entry {entry!r} has no http(s) url")
        urls.append(url.strip())
    return urls
