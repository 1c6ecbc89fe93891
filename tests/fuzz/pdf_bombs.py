"""Hostile PDFs built in memory: decompression bombs and object-count bombs (never committed as files)."""

from __future__ import annotations

import zlib

_TEXT = b"BT /F1 12 Tf 72 720 Td (Revenues) Tj ET\n"
_CHUNK = 1 << 20
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def assemble(objects: list[bytes], *, size: int | None = None) -> bytes:
    """A PDF of the given object bodies (object 1 is the catalog) with a classic cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size or len(objects) + 1, xref)
    return bytes(out)


def inflating_stream(total: int, filler: bytes = b" ") -> bytes:
    """A valid zlib stream of a text operator then `total` bytes of filler, built in well under a second.

    Each 1 MiB block is compressed once after a full flush, so the same bytes repeat; no large buffer is ever made.
    """
    chunk = filler * (_CHUNK // len(filler))
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(_TEXT) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.flush()
    blocks = max(1, total // len(chunk))
    checksum = zlib.adler32(_TEXT)
    for _ in range(blocks):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + head + block * blocks + tail + checksum.to_bytes(4, "big")


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    """A FlateDecode stream object body."""
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def decompression_bomb(inflated: int = 400 * 1024 * 1024) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated` bytes."""
    return assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(inflating_stream(inflated)),
        _FONT,
    ])


def many_streams_bomb(pages: int, inflated: int) -> bytes:
    """A PDF of `pages` pages, each with its own content stream inflating to `inflated` bytes."""
    stream = _stream(inflating_stream(inflated))
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    font = 3 + 2 * pages
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font)
        )
        objects.append(stream)
    objects.append(_FONT)
    return assemble(objects)


def form_xobject_bomb(forms: int, inflated: int) -> bytes:
    """A one-page PDF that draws `forms` form XObjects, each inflating to `inflated` bytes."""
    names = b" ".join(b"/X%d %d 0 R" % (i, 6 + i) for i in range(forms))
    draw = b"".join(b"/X%d Do\n" % i for i in range(forms))
    form = _stream(inflating_stream(inflated), b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> ")
    return assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << %s >> >> >>" % names,
        _stream(zlib.compress(draw)),
        _FONT,
        *([form] * forms),
    ])


def xref_stream_bomb(entries: int) -> bytes:
    """A one-page PDF whose compressed cross-reference stream lists `entries` objects (a few KB on disk)."""
    content = zlib.compress(_TEXT)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        _FONT,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)

    def row(kind: int, offset: int, gen: int) -> bytes:
        return bytes([kind]) + offset.to_bytes(4, "big") + gen.to_bytes(2, "big")

    deflate = zlib.compressobj(9)
    parts = [deflate.compress(row(0, 0, 65535) + b"".join(row(1, o, 0) for o in offsets) + row(1, xref_at, 0))]
    rest = entries - len(offsets) - 2
    filler = row(1, offsets[0], 0) * 100_000
    while rest > 0:
        k = min(rest, 100_000)
        parts.append(deflate.compress(filler[: 7 * k]))
        rest -= k
    parts.append(deflate.flush())
    data = b"".join(parts)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [0 %d] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
        b"stream\n" % (len(objects) + 1, entries, entries, len(data))
    )
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def huge_page_count() -> bytes:
    """A one-page PDF whose page tree claims a billion pages."""
    return assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(zlib.compress(_TEXT)),
        _FONT,
    ])
