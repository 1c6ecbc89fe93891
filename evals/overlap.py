"""Committed test documents that repeat saved real copies word for word: `python -m evals.overlap [PATH ...]`.

The real documents are other people's writing and stay in the ignored cache; fixtures are written anew in the
same forms. This lists every committed file under tests/cases/ (or the paths given) that shares a run of more
than 60 characters (30 for Chinese) with a saved copy, whitespace ignored, for review by hand: sentences are
rewritten; an official title or heading, or a table's row label with its figures, may stay (labels and facts).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from evals.expectations import CACHE_DIR

_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_RUN = 60
CJK_RUN = 30


def longest_shared(text: str, corpus: str, limit: int) -> str:
    """The longest run of `text` longer than `limit` characters that `corpus` contains (whitespace removed)."""
    t = _SPACE.sub("", text)
    best = ""
    i = 0
    while i <= len(t) - limit - 1:
        if t[i : i + limit + 1] in corpus:
            j = i + limit + 1
            while j < len(t) and t[i : j + 1] in corpus:
                j += 1
            if j - i > len(best):
                best = t[i:j]
            i = j
        else:
            i += 1
    return best


def committed_cases(root: Path) -> list[Path]:
    """Text files under tests/cases/ that git tracks or would add."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "tests/cases"],
                         cwd=root, capture_output=True, text=True, check=True).stdout.split()
    return [root / p for p in out if p.endswith((".txt", ".html", ".json"))]


def main(argv: list[str] | None = None) -> int:
    """Print each file with a long shared run; exit 1 when there is one."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parent.parent
    copies = sorted(CACHE_DIR.glob("*/*.txt"))
    if not copies:
        print(f"no saved copies in {CACHE_DIR}", file=sys.stderr)
        return 2
    corpus = "\x00".join(_SPACE.sub("", p.read_text(encoding="utf-8")) for p in copies)
    found = 0
    for path in [Path(a) for a in args] or committed_cases(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        limit = CJK_RUN if _CJK.search(text) else LATIN_RUN
        run = longest_shared(text, corpus, limit)
        if run:
            found += 1
            print(f"{path}: {len(run)} characters shared with a saved copy: {run[:80]}...")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
