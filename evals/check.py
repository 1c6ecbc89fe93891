"""Check the committed expectations against the vocabulary and the saved copies: `python -m evals.check [FAMILY]`."""

from __future__ import annotations

import sys

from evals.expectations import FAMILIES, ExpectationError, check, load_family


def main(argv: list[str] | None = None) -> int:
    """Print each problem on one line and a count per family; exit 1 when there is any problem."""
    args = sys.argv[1:] if argv is None else argv
    families = tuple(args) or FAMILIES
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        print(f"unknown family {unknown[0]!r}; one of {', '.join(FAMILIES)}", file=sys.stderr)
        return 2
    problems = check(families=families)
    for line in problems:
        print(line)
    for family in families:
        try:
            docs = load_family(family)
        except ExpectationError:
            continue
        if docs:
            facts = sum(len(d.facts) for d in docs)
            print(f"{family}: {len(docs)} documents, {facts} expected figures", file=sys.stderr)
    print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
