"""A document as parsers see it: bytes sniffed into PDF, HTML, JSON or text, decoded once."""

from __future__ import annotations

import contextvars
import io
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Literal

from transforms.model import DocMeta, EmptyDocument, ParseError
from transforms.normalise.markup import Element, html_to_text, html_tree
from transforms.normalise.text import decode_bytes, strip_pinyin
from transforms.parse.pages import wire_release_markup

Format = Literal["pdf", "html", "json", "text"]

MAX_PDF_PAGES = 200
# pypdf stops one stream at 75 MB of output by default; a results PDF's streams are a few hundred KB, and
# pypdf parses content at a few MB a second, so these also bound the time a PDF can take.
MAX_PDF_STREAM_BYTES = 8 * 1024 * 1024  # one stream, decompressed
MAX_PDF_DECODED_BYTES = 32 * 1024 * 1024  # all streams of one PDF, decompressed
MAX_PDF_OBJECTS = 50_000  # objects the cross-reference sections may declare (pypdf checks each one on open)
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


_PDF_SIZE = re.compile(rb"/Size\s+(\d{1,15})")
_PDF_INDEX = re.compile(rb"/Index\s*\[([\d\s]{0,4000})\]")
_PDF_XREF_ROW = re.compile(rb"\d{10} \d{5} [nf]")


def pdf_declared_objects(data: bytes) -> int:
    """The most objects a PDF's cross-reference sections declare: trailer /Size, xref-stream /Index, table rows."""
    counts = [int(m.group(1)) for m in _PDF_SIZE.finditer(data)]
    for m in _PDF_INDEX.finditer(data):
        numbers = [int(n) for n in m.group(1).split()]
        counts.append(sum(numbers[1::2]))
    counts.append(sum(1 for _ in _PDF_XREF_ROW.finditer(data)))
    return max(counts)


_DECODED: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("pdf_decoded_bytes", default=None)
_HOOK_LOCK = threading.Lock()


def _count_decoded_streams() -> None:
    """Make pypdf's stream decoder count its output against the decoding budget of the PDF being read."""
    import pypdf.filters

    with _HOOK_LOCK:
        inner = pypdf.filters.decode_stream_data
        if getattr(inner, "counts_decoded_bytes", False):
            return

        def decode_stream_data(stream):  # type: ignore[no-untyped-def]
            out = inner(stream)
            left = _DECODED.get()
            if left is not None:
                left[0] -= len(out)
                if left[0] < 0:
                    raise DocumentTooLarge(_decoded_message())
            return out

        decode_stream_data.counts_decoded_bytes = True  # type: ignore[attr-defined]
        pypdf.filters.decode_stream_data = decode_stream_data


def _decoded_message() -> str:
    """The one-line message of a PDF over the decompression budget."""
    return f"PDF streams decompress to more than the limit of {MAX_PDF_DECODED_BYTES} bytes"


def _pdf_limits() -> dict[str, int]:
    """pypdf's own decompression limits, set to the project's."""
    return {
        name: MAX_PDF_STREAM_BYTES
        for name in (
            "maximum_declared_stream_length",
            "array_based_stream_maximum_output_length",
            "zlib_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "jbig2_maximum_output_length",
            "brotli_maximum_output_length",
            "image_maximum_buffer_size",
            "stream_decoding_work_maximum_length",
        )
    }


def pdf_pages(data: bytes, max_pages: int = MAX_PDF_PAGES, max_chars: int = MAX_TEXT_CHARS) -> list[str]:
    """Text of each PDF page, in layout order as pypdf extracts it, within the page, object, stream and text limits."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damage is reported once, as PdfProblem
    declared = pdf_declared_objects(data)
    if declared > MAX_PDF_OBJECTS:
        raise PdfProblem(f"PDF declares {declared} objects, more than the limit of {MAX_PDF_OBJECTS}")
    _count_decoded_streams()
    budget = [MAX_PDF_DECODED_BYTES]
    token = _DECODED.set(budget)
    try:
        with apply_configuration(**_pdf_limits()):
            reader = PdfReader(io.BytesIO(data), strict=False)
            if budget[0] < 0:
                raise DocumentTooLarge(_decoded_message())
            if reader.is_encrypted:
                raise PdfProblem("PDF is encrypted")
            if len(reader.pages) > max_pages:
                raise PdfProblem(f"PDF has {len(reader.pages)} pages, more than the limit of {max_pages}")
            pages: list[str] = []
            total = 0
            for page in reader.pages:
                text = page.extract_text() or ""
                if budget[0] < 0:  # pypdf swallows errors inside form XObjects: check after each page too
                    raise DocumentTooLarge(_decoded_message())
                total += len(text)
                if total > max_chars:
                    raise DocumentTooLarge(f"PDF text is longer than the limit of {max_chars} characters")
                pages.append(text)
            return pages
    except (PdfProblem, DocumentTooLarge):
        raise
    except LimitReachedError as exc:
        if "decompress" in str(exc).lower() or "decoding work" in str(exc).lower():
            raise DocumentTooLarge(f"a PDF stream decompresses to more than the limit of {MAX_PDF_STREAM_BYTES} bytes") from exc
        detail = " ".join(str(exc).split())[:200]
        raise PdfProblem(f"PDF exceeds a reading limit: {detail}") from exc
    except Exception as exc:  # pypdf raises many types on damaged files; all mean "cannot be read"
        detail = " ".join(str(exc).split())[:200]
        raise PdfProblem(f"PDF cannot be read: {exc.__class__.__name__}: {detail}") from exc
    finally:
        _DECODED.reset(token)


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
    if head[:1] in (b"{", b"[") and _is_json(data):
        return "json"
    return "text"


def _is_json(data: bytes) -> bool:
    """True when the bytes parse as JSON (a text that merely opens with a bracket, like '[ad_1]', does not)."""
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


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
        release = wire_release_markup(decoded)  # a wire-service page: its header and release column only
        tree = html_tree(release if release is not None else decoded)
        return Document(meta, data, "html", strip_pinyin(html_to_text(tree)), markup=decoded, tree=tree)
    return Document(meta, data, fmt, strip_pinyin(decoded))
