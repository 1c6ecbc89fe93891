"""Every English-release test document, its figures rewritten with full-width, zero-width and odd-space characters."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from transforms.model import DocMeta, ParseResult
from transforms.parse import parse_document
from transforms.parse.document import load_document

CASES = Path(__file__).resolve().parents[1] / "cases" / "results_en"
DOCUMENTS = sorted(p.name for p in CASES.iterdir() if p.suffix in (".txt", ".html") and "decoy" not in p.name)
NOT_IN_DOCUMENT = "reported_text is not in the document"


def full_width(text: str) -> str:
    """ASCII letters, digits and signs as their full-width forms (U+FF01-FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def zero_width(text: str) -> str:
    """A zero-width space in the middle."""
    return text[: len(text) // 2] + "\u200b" + text[len(text) // 2 :]


def no_break(text: str) -> str:
    """Spaces as no-break spaces (a figure without spaces stays as it is: a space inside a number splits it)."""
    return text.replace(" ", "\u00a0")


MUTATIONS: dict[str, Callable[[str], str]] = {"full-width": full_width, "zero-width": zero_width, "no-break": no_break}


def ctype_of(name: str) -> str:
    """The content type a test document is served with."""
    return "text/html; charset=utf-8" if name.endswith(".html") else "text/plain; charset=utf-8"


def parse(name: str, text: str) -> ParseResult:
    """Parse text as the named test document."""
    return parse_document(text.encode("utf-8"), DocMeta(url=name, content_type=ctype_of(name)))


def keyed(result: ParseResult) -> dict[tuple, tuple[float, str]]:
    """Facts by natural key and qualifier -> (value, reported_text)."""
    return {
        (f.entity, f.metric, f.segment, f.basis, f.measure, f.period.label, f.qualifier): (f.value, f.reported_text)
        for f in result.facts
    }


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("name", DOCUMENTS)
def test_rewritten_figures_give_the_same_facts_as_written(name, mutation):
    source = (CASES / name).read_text(encoding="utf-8")
    before = parse(name, source)
    if not before.facts:
        pytest.skip("no facts to rewrite")
    rewrite = MUTATIONS[mutation]
    figures = sorted({f.reported_text for f in before.facts if f.reported_text in source}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(f) for f in figures))
    mutated = pattern.sub(lambda m: rewrite(m.group(0)), source)  # one pass: a rewritten figure is not rewritten again
    after = parse(name, mutated)
    old, new = keyed(before), keyed(after)
    assert {k: v for k, (v, _) in new.items()} == {k: v for k, (v, _) in old.items()}
    assert not [h for h in after.held if h.reason == NOT_IN_DOCUMENT]
    text = load_document(mutated.encode("utf-8"), DocMeta(url=name, content_type=ctype_of(name))).text
    unwrapped = re.sub(r"[ \t]*\n\s*", " ", text)
    changeable = [k for k, (_, r) in old.items() if r in figures and rewrite(r) != r]
    as_written = [k for k in changeable if new[k][1] == rewrite(old[k][1])]
    for key, (_, reported) in old.items():
        # the parser may read a copy the rewrite did not reach (a wrapped line): then the cleaned figure stays
        assert new[key][1] in (reported, rewrite(reported)), key
    assert len(as_written) * 2 >= len(changeable), f"{len(as_written)} of {len(changeable)} figures as written"
    for fact in after.facts:
        assert fact.reported_text in fact.snippet and len(fact.snippet) <= 240
        assert fact.reported_text in unwrapped or fact.reported_text.replace(" ", "") in unwrapped.replace(" ", "")
