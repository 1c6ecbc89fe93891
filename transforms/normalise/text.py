"""Text as parsers want it: decoded bytes, HTML stripped of boilerplate, glyphs folded, simplified Chinese."""

from __future__ import annotations

import codecs
import re
import unicodedata
import warnings

import zhconv
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning
from charset_normalizer import from_bytes

from transforms.model import EncodingProblem, ParseError

# XHTML and text that looks like a file name are read as HTML on purpose; the warnings would only add
# stray lines to the one-line errors of `tencent-etl extract`.
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)

# GB2312 and GBK pages often carry characters only GB18030 names; decoding with the superset is safe.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
# Codecs a document may name but that are not character sets of web pages: refused like unknown names.
_NOT_CHARSETS = frozenset({"utf-7", "idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "mbcs"})


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset, or None when unknown or not a text character set."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().lower())
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("_", "-") in _NOT_CHARSETS:
        return None
    return _SUPERSETS.get(info.name, info.name)


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares for itself (meta tag or XML declaration), if any."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def decode_bytes(data: bytes, header_charset: str | None = None) -> str:
    """Decode with the HTTP charset, then the document's own declaration, then a BOM, then detection."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        try:
            return data.decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            pass  # a byte-order mark before bytes that are not UTF-8: decide from the other clues
    for name in (header_charset, declared_charset(data)):
        codec = _codec(name)
        if codec:
            try:
                return data.decode(codec)
            except (UnicodeError, LookupError):
                continue  # a wrong declaration: fall through to the next clue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        codec = _codec(best.encoding)
        try:
            if codec:
                return data.decode(codec)
        except (UnicodeError, LookupError):
            pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise EncodingProblem("bytes are not valid text in any plausible encoding") from exc


_BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "svg")
_BOILERPLATE_HINTS = re.compile(
    r"(^|[-_ ])(nav|menu|footer|breadcrumb|related|recommend|share|sidebar|comment|copyright|advert|ad-|hot-?list)",
    re.IGNORECASE,
)
_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section", "article", "ul", "ol", "pre", "blockquote", "dd", "dt")


# Real pages nest a few dozen levels; deeper markup is hostile and makes tree edits quadratic.
MAX_HTML_DEPTH = 256


class MarkupTooDeep(ParseError):
    """HTML nested deeper than the limit: refused before its text is read."""


def html_soup(html: str) -> BeautifulSoup:
    """Parse HTML with lxml (no network, no entity expansion beyond HTML's own), within the depth limit."""
    soup = BeautifulSoup(html, "lxml")
    if markup_depth(soup, MAX_HTML_DEPTH + 1) > MAX_HTML_DEPTH:
        raise MarkupTooDeep(f"HTML is nested more than {MAX_HTML_DEPTH} elements deep")
    return soup


def markup_depth(node: Tag, stop: int | None = None) -> int:
    """How many elements deep the tree under `node` goes (counting stops early at `stop`)."""
    deepest = 0
    stack: list[tuple[Tag, int]] = [(node, 0)]
    while stack:
        tag, depth = stack.pop()
        deepest = max(deepest, depth)
        if stop is not None and deepest >= stop:
            break
        stack.extend((child, depth + 1) for child in tag.contents if isinstance(child, Tag))
    return deepest


def strip_boilerplate(soup: BeautifulSoup) -> BeautifulSoup:
    """Remove navigation, footers, related links, scripts and styles from a parsed page, in place."""
    for tag in soup.find_all(_BOILERPLATE_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        marks = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if marks and _BOILERPLATE_HINTS.search(marks) and tag.name not in ("body", "html"):
            tag.decompose()
    return soup


def soup_text(node) -> str:
    """Visible text of a node with a line break after each block element."""
    for br in node.find_all("br"):
        br.replace_with("\n")
    for tag in node.find_all(_BLOCKS):
        tag.insert_after("\n")
    text = node.get_text("")
    return re.sub(r"\n\s*\n+", "\n\n", text)


def html_to_text(html: str, *, boilerplate: bool = True) -> str:
    """Visible text of an HTML page, boilerplate removed unless asked to keep it."""
    soup = html_soup(html)
    if boilerplate:
        strip_boilerplate(soup)
    body = soup.body or soup
    return soup_text(body)


_GLYPHS = str.maketrans(
    {
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u3000": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)


def fold(text: str) -> str:
    """NFKC-fold full-width forms and odd spaces, keeping one character per character where possible."""
    return unicodedata.normalize("NFKC", text.translate(_GLYPHS))


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified ones."""
    return zhconv.convert(text, "zh-cn")


def squeeze_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs (not line breaks)."""
    return re.sub(r"[ \t]+", " ", text)


MAX_CELL_SPAN = 50


def cell_span(raw: object) -> int:
    """A table cell's rowspan/colspan: a whole number from 1 to MAX_CELL_SPAN, else 1."""
    text = str(raw or "1").strip()
    if not text.isdigit():
        return 1
    return max(1, min(int(text), MAX_CELL_SPAN))
