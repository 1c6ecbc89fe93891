"""Save one stored page's text as a saved copy in the eval cache: `python -m evals.save FAMILY ID < page.json`."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from evals.expectations import CACHE_DIR, FAMILIES


def save_copy(family: str, doc_id: str, page: dict, cache: Path = CACHE_DIR) -> Path:
    """Write a page's text (`excerpt` or `text`) to <cache>/<family>/<id>.txt and return the path."""
    if family not in FAMILIES:
        raise SystemExit(f"unknown family {family!r}; one of {', '.join(FAMILIES)}")
    text = page.get("excerpt") or page.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SystemExit("the page object has no 'excerpt' or 'text'")
    folder = cache / family
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Read a JSON object with the page's url and excerpt on stdin and save it."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m evals.save FAMILY ID < page.json", file=sys.stderr)
        return 2
    page = json.loads(sys.stdin.read())
    path = save_copy(args[0], args[1], page)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{path} {len(path.read_text(encoding='utf-8'))} chars sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
