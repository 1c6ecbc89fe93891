"""Text as parsers want it: decoded bytes, glyphs folded, simplified Chinese (HTML text: normalise/markup.py)."""

from __future__ import annotations

import codecs
import re
import unicodedata

import zhconv
from charset_normalizer import from_bytes

from transforms.model import EncodingProblem

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


_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")


def strip_pinyin(text: str) -> str:
    """Drop pinyin readings a mirror inserted after Chinese characters (`財(cái)報(bào)` -> `財報`)."""
    return _PINYIN.sub("", text) if "(" in text or "（" in text else text


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified ones."""
    return zhconv.convert(text, "zh-cn")


MAX_CELL_SPAN = 50


def cell_span(raw: object) -> int:
    """A table cell's rowspan/colspan: a whole number from 1 to MAX_CELL_SPAN, else 1."""
    text = str(raw or "1").strip()
    if not text.isdigit():
        return 1
    return max(1, min(int(text), MAX_CELL_SPAN))
