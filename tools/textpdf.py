"""Write a plain-text PDF (Helvetica, Latin-1) from lines of text: how snapshot PDFs are produced.

Usage: python tools/textpdf.py SOURCE.txt OUT.pdf

A line may carry superscripts as ^{1}: they are set raised and small, as in Tencent's releases,
so that text extraction flattens them onto the preceding word the way real copies do.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

PAGE_W, PAGE_H = 595, 842
MARGIN, LEADING, SIZE = 50, 13, 10
LINES_PER_PAGE = (PAGE_H - 2 * MARGIN) // LEADING


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _line_ops(line: str) -> str:
    """Content-stream operators for one line, superscripts raised and smaller."""
    ops = []
    for part in re.split(r"(\^\{[^}]*\})", line):
        if not part:
            continue
        if part.startswith("^{"):
            ops.append(f"/F1 6 Tf 4 Ts ({_escape(part[2:-1])}) Tj 0 Ts /F1 {SIZE} Tf")
        else:
            ops.append(f"({_escape(part)}) Tj")
    return " ".join(ops)


def build_pdf(lines: list[str]) -> bytes:
    """A PDF whose pages hold the given lines, top to bottom."""
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, max(len(lines), 1), LINES_PER_PAGE)]
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for page_lines in pages:
        body = [f"BT /F1 {SIZE} Tf {LEADING} TL {MARGIN} {PAGE_H - MARGIN} Td"]
        for line in page_lines:
            body.append(f"{_line_ops(line)} T*")
        body.append("ET")
        stream = zlib.compress("\n".join(body).encode("latin-1", "replace"))
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, PAGE_W, PAGE_H, font, content)
            )
        )
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def main(argv: list[str]) -> int:
    """Convert a text file to a PDF file."""
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    lines = Path(argv[1]).read_text(encoding="utf-8").splitlines()
    Path(argv[2]).write_bytes(build_pdf(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
