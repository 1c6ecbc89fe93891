"""`make eval`: parse the saved copies of real documents and score them against the committed expectations."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from evals.expectations import CACHE_DIR, FAMILIES, EvalDoc, ExpectationError, load_all
from evals.score import DocScore, score_document, tally, target_lines
from transforms.model import DocMeta, ParseError
from transforms.parse import fact_rows, parse_document


def extract(doc: EvalDoc, path: Path) -> tuple[list[dict[str, Any]], str | None]:
    """Parse one saved copy as `tencent-etl extract --published` would; the fact records, or the refusal."""
    meta = DocMeta(url=doc.url, source="inbox", published_at=doc.published,
                   content_type="text/plain; charset=utf-8")
    try:
        result = parse_document(path.read_bytes(), meta)
    except ParseError as exc:
        return [], f"{type(exc).__name__}: {exc}"
    rows = fact_rows(result, doc_id=doc.id, source="inbox", published_at=doc.published,
                     parser_version=result.kind, extracted_at=_NOW)
    return rows, None


def score_all(docs: list[EvalDoc], cache: Path) -> list[DocScore]:
    """Score every document whose saved copy is in the cache; a missing copy scores as refused."""
    scores = []
    for doc in docs:
        path = doc.copy_path(cache)
        if not path.exists():
            s = score_document(doc, [], refused="no saved copy")
            s.missing_copy = True
        else:
            rows, refused = extract(doc, path)
            s = score_document(doc, rows, refused)
        scores.append(s)
    return scores


def _figure(row: dict[str, Any]) -> str:
    """A printed fact on one line."""
    est = " est" if row.get("is_estimate") else ""
    return (f"{row['entity']}/{row['metric']}/{row['segment']}/{row['basis']}/{row['measure']}/{row['period_label']}"
            f" = {row['value']:g} {row['qualifier']}{est} [{row.get('reported_text', '')}]")


def details(scores: list[DocScore]) -> list[str]:
    """Per document: refusal, misses, contradictions, traps and unmatched facts, for review by hand."""
    lines = []
    for s in scores:
        if not (s.refused or s.misses or s.contradicted or s.trapped or s.unmatched):
            continue
        lines.append(f"== {s.doc.family} {s.doc.id} ({s.doc.url})")
        if s.refused:
            lines.append(f"  refused: {s.refused}")
        for exp in s.misses:
            lines.append(f"  missed: {'/'.join(exp.key)} = {exp.value:g} {exp.qualifier} [{exp.text}]")
        for row, exps in s.contradicted:
            want = ", ".join(f"{e.value:g} {e.qualifier}" for e in exps)
            lines.append(f"  WRONG: {_figure(row)} expected {want}")
        for row, trap in s.trapped:
            lines.append(f"  WRONG (must not print: {trap.note}): {_figure(row)}")
        for row in s.unmatched:
            lines.append(f"  unmatched: {_figure(row)}  | {row.get('snippet', '')[:120]}")
    return lines


def table(scores: list[DocScore]) -> list[str]:
    """The per-family table and the targets."""
    tallies = tally(scores)
    head = (f"{'family':<20} {'docs':>4} {'refused':>7} {'expected':>8} {'found':>6} {'recall':>7} "
            f"{'printed':>7} {'wrong':>5} {'unmatched':>9}")
    lines = [head, "-" * len(head)]
    for family in (*FAMILIES, "all"):
        t = tallies.get(family)
        if t is None:
            continue
        lines.append(f"{family:<20} {t.documents:>4} {t.refused:>7} {t.expected:>8} {t.hits:>6} {t.recall:>7.1%} "
                     f"{t.printed:>7} {t.wrong:>5} {t.unmatched:>9}")
    missing = tallies["all"].missing if "all" in tallies else 0
    if missing:
        lines.append(f"({missing} documents have no saved copy in the cache and count as refused)")
    lines.append("")
    for text, met in target_lines(tallies):
        lines.append(f"{'MET ' if met else 'GAP '} {text}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Score the saved copies; print the table (and with --details what to review); 2 on unusable input."""
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument("--docs", type=Path, default=CACHE_DIR, help="folder of saved copies (<family>/<id>.txt)")
    parser.add_argument("--family", action="append", choices=FAMILIES, help="score only this family (repeatable)")
    parser.add_argument("--details", action="store_true", help="list misses, wrong and unmatched facts per document")
    parser.add_argument("--doc", action="append", help="score only this document id (repeatable)")
    args = parser.parse_args(argv)
    try:
        docs = load_all()
    except ExpectationError as exc:
        print(f"evals: {exc}", file=sys.stderr)
        return 2
    if args.family:
        docs = [d for d in docs if d.family in args.family]
    if args.doc:
        docs = [d for d in docs if d.id in args.doc]
    if not docs:
        print("evals: no documents to score", file=sys.stderr)
        return 2
    if not any(d.copy_path(args.docs).exists() for d in docs):
        print(f"evals: no saved copy of any document in {args.docs} (see evals/README.md to save them)", file=sys.stderr)
        return 2
    scores = score_all(docs, args.docs)
    if args.details:
        print("\n".join(details(scores)))
        print()
    print("\n".join(table(scores)))
    return 0


_NOW = __import__("datetime").datetime(2000, 1, 1)

if __name__ == "__main__":
    raise SystemExit(main())
