"""Listing pages read with BeautifulSoup (lxml builder): decoding, a nesting limit, one-line texts."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from sources.errors import ListingError
from transforms.normalise.markup import MAX_HTML_DEPTH
from transforms.normalise.text import decode_bytes


def nesting_depth(soup: BeautifulSoup) -> int:
    """How many elements deep the page nests at its deepest point."""
    depth: dict[int, int] = {id(soup): 0}
    deepest = 0
    for tag in soup.find_all(True):
        level = depth.get(id(tag.parent), 0) + 1
        depth[id(tag)] = level
        deepest = max(deepest, level)
    return deepest


def listing_soup(page: str | bytes, url: str, charset: str | None = None) -> BeautifulSoup:
    """A listing page as a BeautifulSoup tree (lxml builder); hostile nesting is a ListingError."""
    text = decode_bytes(page, charset) if isinstance(page, bytes) else page
    soup = BeautifulSoup(text, "lxml")
    if nesting_depth(soup) > MAX_HTML_DEPTH:
        raise ListingError(url, f"HTML is nested more than {MAX_HTML_DEPTH} elements deep")
    return soup


def squeezed(node: Tag | None, separator: str = " ") -> str:
    """The text of an element with its whitespace squeezed to single spaces ('' for None)."""
    if node is None:
        return ""
    return " ".join(node.get_text(separator).split())


def href_of(node: Tag) -> str | None:
    """The href attribute of an element as one string, or None."""
    value = node.get("href")
    return value.strip() if isinstance(value, str) and value.strip() else None


def date_in_path(url: str, pattern: re.Pattern[str]) -> date | None:
    """The year, month and day a pattern's three groups find in a URL's path, or None."""
    m = pattern.search(urlsplit(url).path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
