"""HTML read once with lxml: the tree, its visible text, boilerplate, simple CSS selectors, table cells."""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from transforms.model import ParseError

# An element of a parsed page (plain lxml elements: no per-element Python class lookup).
Element = etree._Element

# Real pages nest a few dozen levels; deeper markup is hostile and makes tree walks deep.
MAX_HTML_DEPTH = 256

BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "svg")
_BOILERPLATE_TAG_SET = frozenset(BOILERPLATE_TAGS)
_BOILERPLATE_HINTS = re.compile(
    r"(^|[-_ ])(nav|menu|footer|breadcrumb|related|recommend|share|sidebar|comment|copyright|advert|ad-|hot-?list)",
    re.IGNORECASE,
)
BLOCK_TAGS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section",
                        "article", "ul", "ol", "pre", "blockquote", "dd", "dt"})
# Elements whose text is script, style or ruby annotation rather than reading text (left out of visible text).
_HIDDEN_TEXT = frozenset({"script", "style", "template", "rt", "rp"})
_CELL_TAGS = frozenset({"td", "th"})
# Outside these, a text node of nothing but ASCII whitespace reads as one line break or one space.
_KEEP_SPACE = frozenset({"pre", "textarea"})
_ASCII_SPACE = " \t\n\r\f"
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"\s+")
# Characters an lxml tree cannot hold in text set through its API.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TOO_DEEP = etree.XPath("/" + "/".join(["*"] * (MAX_HTML_DEPTH + 1)))


class MarkupTooDeep(ParseError):
    """HTML nested deeper than the limit: refused before its text is read."""


class MarkupProblem(ParseError):
    """HTML that lxml cannot read into a tree, or that exceeds one of its parser limits."""


_LOCAL = threading.local()


def _parser() -> etree.HTMLParser:
    """This thread's HTML parser: no network, no huge-document mode, comments kept as string boundaries."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(no_network=True, huge_tree=False, encoding="utf-8", remove_comments=False,
                                  remove_pis=False, recover=True)
        _LOCAL.parser = parser
    return parser


def html_tree(html: str) -> Element:
    """Parse decoded HTML into an lxml tree (no network, no entity expansion), within the depth limit."""
    parser = _parser()
    try:
        root = etree.fromstring(html.encode("utf-8", "replace"), parser)
    except (etree.LxmlError, ValueError) as exc:
        raise MarkupProblem(f"HTML cannot be read: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from exc
    _check_limits(parser.error_log)
    if root is None:  # nothing but whitespace, comments or a doctype
        return etree.Element("html")
    if _TOO_DEEP(root.getroottree()):
        raise MarkupTooDeep(f"HTML is nested more than {MAX_HTML_DEPTH} elements deep")
    return _one_root(root)


def _one_root(root: Element) -> Element:
    """The root, or one <html> holding every top-level node when markup goes on after </html>."""
    before = list(root.itersiblings(preceding=True))[::-1]
    after = list(root.itersiblings())
    if not any(isinstance(node.tag, str) for node in (*before, *after)):
        return root
    holder = root.makeelement("html", {})
    for node in (*before, root, *after):
        holder.append(node)
    return holder


def _check_limits(log: etree._ListErrorLog) -> None:
    """Raise when the parser stopped at one of its resource limits (it then returns a cut-off tree)."""
    for entry in log:
        if entry.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            if "depth" in entry.message.lower():
                raise MarkupTooDeep(f"HTML is nested more than {MAX_HTML_DEPTH} elements deep")
            raise MarkupProblem(f"HTML exceeds a parser limit: {' '.join(entry.message.split())[:200]}")


def body_of(root: Element) -> Element:
    """The page's first <body>, else the root itself."""
    return next(root.iter("body"), root)


def is_boilerplate(el: Element) -> bool:
    """Navigation, footers, related links, scripts and styles: by tag, or by an id or class hint."""
    tag = el.tag
    if tag in _BOILERPLATE_TAG_SET:
        return True
    if not isinstance(tag, str) or tag in ("body", "html"):
        return False
    return boilerplate_marks(el.get("id"), el.get("class"))


def boilerplate_marks(ident: str | None, classes: str | None) -> bool:
    """True when an element's id or class names it navigation, a footer, related links, sharing or an advert."""
    if not ident and not classes:
        return False
    marks = " ".join([ident or "", *(classes or "").split()])
    return bool(marks) and _BOILERPLATE_HINTS.search(marks) is not None


def boilerplate_of(root: Element) -> set[Element]:
    """The boilerplate elements under `root` (nested ones included), for the text walkers to skip."""
    return {el for el in root.iterdescendants(etree.Element) if is_boilerplate(el)}


def in_boilerplate(el: Element, marked: Collection[Element]) -> bool:
    """True when the element or one of its ancestors is among the `marked` boilerplate elements."""
    return el in marked or any(a in marked for a in el.iterancestors())


def remove_element(el: Element) -> None:
    """Take an element out of its tree, keeping its tail and a boundary between the strings around it."""
    parent = el.getparent()
    if parent is None:
        return
    mark = etree.Comment()
    mark.tail = xml_safe(el.tail) if el.tail else el.tail  # the parser keeps characters its API refuses
    parent.replace(el, mark)


def strip_boilerplate(root: Element) -> Element:
    """Remove boilerplate elements from a tree in place (use it on a copy: the document's tree is shared)."""
    for el in boilerplate_of(root):
        remove_element(el)
    return root


def xml_safe(text: str) -> str:
    """Text with each control character an lxml tree refuses through its API replaced, offsets kept."""
    return _NOT_XML.sub("\ufffd", text)


def _hidden_context(el: Element) -> str | None:
    """The innermost script/style/template/ruby-annotation element around `el` (itself included), if any."""
    node: Element | None = el
    while node is not None:
        if node.tag in _HIDDEN_TEXT:
            return node.tag
        node = node.getparent()
    return None


def _keeps_space(el: Element) -> bool:
    """True inside <pre> or <textarea> (the element itself included), where whitespace is kept as written."""
    return el.tag in _KEEP_SPACE or any(a.tag in _KEEP_SPACE for a in el.iterancestors())


def _spaced(text: str, keep_space: bool) -> str:
    """A text node as read: one of only ASCII whitespace becomes a line break (if it has one) or a space."""
    if keep_space or text.strip(_ASCII_SPACE):
        return text
    return "\n" if "\n" in text else " "


def node_strings(el: Element, skip: Collection[Element] | None = None) -> list[str]:
    """The text nodes under an element in document order, leaving out skipped subtrees and hidden text."""
    want = el.tag if el.tag in _HIDDEN_TEXT else None
    out: list[str] = []
    _collect(el, _hidden_context(el), _keeps_space(el), want, skip, out)
    return out


def _collect(el: Element, ctx: str | None, pre: bool, want: str | None, skip: Collection[Element] | None,
             out: list[str]) -> None:
    """Append the text nodes under `el` whose hidden context is `want`."""
    keep = ctx == want
    if keep and el.text:
        out.append(_spaced(el.text, pre))
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and (skip is None or child not in skip):
            _collect(child, tag if tag in _HIDDEN_TEXT else ctx, pre or tag in _KEEP_SPACE, want, skip, out)
        if keep and child.tail:
            out.append(_spaced(child.tail, pre))


def node_text(el: Element, sep: str = "", *, strip: bool = False, skip: Collection[Element] | None = None) -> str:
    """An element's text nodes joined by `sep`, each stripped and empty ones dropped when `strip`."""
    strings = node_strings(el, skip)
    if strip:
        strings = [s for s in (s.strip() for s in strings) if s]
    return sep.join(strings)


def cell_text(cell: Element, skip: Collection[Element] | None = None) -> str:
    """A table cell's text on one line, words one space apart."""
    return _SPACES.sub(" ", node_text(cell, " ", skip=skip)).strip()


def block_text(el: Element, *, skip: Collection[Element] | None = None, cells: bool = False) -> str:
    """Visible text under an element with a line break after each block; with `cells`, each cell on one line."""
    out: list[str] = []
    _blocks(el, _hidden_context(el), _keeps_space(el), skip, cells, out)
    return _BLANK_LINES.sub("\n\n", "".join(out))


def _blocks(el: Element, ctx: str | None, pre: bool, skip: Collection[Element] | None, cells: bool, out: list[str]) -> None:
    """Append the visible text under `el`, a line break after each block element and in place of <br>."""
    keep = ctx is None
    if keep and el.text:
        out.append(_spaced(el.text, pre))
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or (skip is not None and child in skip):
            pass
        elif tag == "br":
            out.append("\n")
        elif cells and tag in _CELL_TAGS:
            out.append(cell_text(child, skip))
            out.append("  ")
        else:
            _blocks(child, tag if tag in _HIDDEN_TEXT else ctx, pre or tag in _KEEP_SPACE, skip, cells, out)
            if tag in BLOCK_TAGS:
                out.append("\n")
        if keep and child.tail:
            out.append(_spaced(child.tail, pre))


def html_to_text(html: str | Element, *, boilerplate: bool = True) -> str:
    """Visible text of an HTML page (markup or parsed tree), boilerplate left out unless asked to keep it."""
    root = html_tree(html) if isinstance(html, str) else html
    return block_text(body_of(root), skip=boilerplate_of(root) if boilerplate else None)


_SIMPLE = re.compile(r"""\.(?P<cls>[\w-]+)|\#(?P<id>[\w-]+)|\[(?P<attr>[\w-]+)\*=["'](?P<sub>[^"']+)["']\]""")
_TAG = re.compile(r"[a-zA-Z][\w-]*")


@dataclass(frozen=True, slots=True)
class Compound:
    """One compound selector: an optional tag name, classes, an id and [attr*="text"] tests, all required."""

    tag: str | None
    classes: tuple[str, ...] = ()
    ident: str | None = None
    contains: tuple[tuple[str, str], ...] = ()

    def matches(self, el: Element) -> bool:
        """True when the element meets every test of the selector."""
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.ident is not None and el.get("id") != self.ident:
            return False
        if self.classes:
            have = (el.get("class") or "").split()
            if any(c not in have for c in self.classes):
                return False
        for attr, text in self.contains:
            value = el.get(attr) or ""
            if text not in (" ".join(value.split()) if attr == "class" else value):
                return False
        return True


def _compound(text: str) -> Compound:
    """Parse one compound selector: tag, .class, #id and [attr*="text"] parts."""
    m = _TAG.match(text)
    tag, pos = (m.group(0).lower(), m.end()) if m else (None, 0)
    classes: list[str] = []
    ident = None
    contains: list[tuple[str, str]] = []
    while pos < len(text):
        part = _SIMPLE.match(text, pos)
        if part is None:
            raise ValueError(f"unsupported selector {text!r}")
        if part.group("cls"):
            classes.append(part.group("cls"))
        elif part.group("id"):
            ident = part.group("id")
        else:
            contains.append((part.group("attr").lower(), part.group("sub")))
        pos = part.end()
    return Compound(tag, tuple(classes), ident, tuple(contains))


@lru_cache(maxsize=256)
def parse_selector(selector: str) -> tuple[Compound, ...]:
    """A simple CSS selector (compound selectors joined by descendant combinators), parsed."""
    return tuple(_compound(part) for part in selector.split())


def _has_ancestors(el: Element, chain: tuple[Compound, ...]) -> bool:
    """True when ancestors of `el`, nearest first, match the chain from its right end."""
    i = len(chain) - 1
    for anc in el.iterancestors():
        if i < 0:
            break
        if chain[i].matches(anc):
            i -= 1
    return i < 0


def iter_select(el: Element, selector: str) -> Iterator[Element]:
    """Descendants of `el` matching a simple CSS selector, lazily, in document order."""
    *chain, last = parse_selector(selector)
    candidates = el.iterdescendants(last.tag) if last.tag else el.iterdescendants(etree.Element)
    for node in candidates:
        if last.matches(node) and (not chain or _has_ancestors(node, tuple(chain))):
            yield node


def select(el: Element, selector: str) -> list[Element]:
    """Descendants of `el` matching a simple CSS selector, in document order."""
    return list(iter_select(el, selector))


def select_one(el: Element, selector: str) -> Element | None:
    """The first descendant of `el` matching a simple CSS selector, or None."""
    return next(iter_select(el, selector), None)


def descendants(el: Element, tags: Iterable[str]) -> Iterator[Element]:
    """Descendants of `el` (not `el` itself) with one of the tag names, in document order."""
    return el.iterdescendants(*tags)


def find_previous(el: Element, tags: tuple[str, ...]) -> Element | None:
    """The nearest element starting before `el` in document order (ancestors included) with one of the tags."""
    top = el
    while (parent := top.getparent()) is not None:
        top = parent
    found = None
    for node in top.iter(el.tag, *tags):
        if node is el:
            return found
        if node.tag in tags:
            found = node
    return found


def meta_content(root: Element, *names: str) -> str | None:
    """The content of the first <meta property=...> or <meta name=...> naming one of `names`, stripped."""
    for name in names:
        for attr in ("property", "name"):
            tag = next((m for m in root.iter("meta") if m.get(attr) == name), None)
            if tag is not None:
                break
        if tag is not None and tag.get("content"):
            return tag.get("content").strip()
    return None
