"""A document as parsers see it: bytes sniffed into PDF, HTML, JSON or text, decoded once."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import Literal

from transforms.model import DocMeta, EmptyDocument, ParseError
from transforms.normalise.markup import Element, html_to_text, html_tree
from transforms.normalise.text import decode_bytes

Format = Literal["pdf", "html", "json", "text"]

MAX_PDF_PAGES = 200
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_TEXT_CHARS = 20_000_000
_HTML_HINT = re.compile(r"<\s*(!doctype\s+html|html|head|body|div|p|table|meta)\b", re.IGNORECASE)


class PdfProblem(ParseError):
    """A PDF that is damaged, encrypted or too large to read."""


class DocumentTooLarge(ParseError):
    """The document's bytes or extracted text exceed the size limits."""


@dataclass(slots=True)
class Document:
    """Decoded document: `markup` the HTML source and `tree` its lxml tree (None unless HTML), `text` readable text."""

    meta: DocMeta
    data: bytes
    format: Format
    text: str
    markup: str | None = None
    pages: list[str] = field(default_factory=list)
    tree: Element | None = None

    @property
    def name(self) -> str:
        """How errors name this document: its URL or file name."""
        return self.meta.url or "<document>"


def pdf_pages(data: bytes, max_pages: int = MAX_PDF_PAGES, max_chars: int = MAX_TEXT_CHARS) -> list[str]:
    """Text of each PDF page, in layout order as pypdf extracts it, within the page and text limits."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damage is reported once, as PdfProblem
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfProblem("PDF is encrypted")
        if len(reader.pages) > max_pages:
            raise PdfProblem(f"PDF has {len(reader.pages)} pages, more than the limit of {max_pages}")
        pages: list[str] = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > max_chars:
                raise DocumentTooLarge(f"PDF text is longer than the limit of {max_chars} characters")
            pages.append(text)
        return pages
    except (PdfProblem, DocumentTooLarge):
        raise
    except Exception as exc:  # pypdf raises many types on damaged files; all mean "cannot be read"
        detail = " ".join(str(exc).split())[:200]
        raise PdfProblem(f"PDF cannot be read: {exc.__class__.__name__}: {detail}") from exc


def sniff_format(data: bytes, content_type: str | None = None) -> Format:
    """Tell PDF, HTML, JSON and plain text apart by magic bytes first, the declared type second."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:1] in (b"{", b"[") and (content_type or "").endswith("json"):
        return "json"
    try:
        probe = head.decode("utf-8", "ignore")
    except Exception:  # pragma: no cover - decode with ignore never raises
        probe = ""
    if _HTML_HINT.search(probe) or "html" in (content_type or ""):
        return "html"
    if head[:1] in (b"{", b"["):
        return "json"
    return "text"


def load_document(data: bytes, meta: DocMeta) -> Document:
    """Sniff and decode bytes into a Document; raise a ParseError subclass when there is nothing to read."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge(f"document of {len(data)} bytes exceeds the limit of {MAX_DOCUMENT_BYTES} bytes")
    if not data or not data.strip():
        raise EmptyDocument("document is empty")
    fmt = sniff_format(data, meta.content_type)
    if fmt == "pdf":
        pages = pdf_pages(data)
        text = "\n".join(pages)
        if not text.strip():
            raise EmptyDocument("PDF has no extractable text")
        return Document(meta, data, "pdf", text, pages=pages)
    decoded = decode_bytes(data, meta.charset)
    if len(decoded) > MAX_TEXT_CHARS:
        raise DocumentTooLarge(f"document text is longer than the limit of {MAX_TEXT_CHARS} characters")
    if fmt == "html":
        tree = html_tree(decoded)
        return Document(meta, data, "html", html_to_text(tree), markup=decoded, tree=tree)
    return Document(meta, data, fmt, decoded)
