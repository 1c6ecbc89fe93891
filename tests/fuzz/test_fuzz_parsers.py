"""Every parser fed random and mutated documents raises only ParseError subclasses, in time, with honest facts.

Fast mode (part of `make test`): FAST_MUTATIONS mutated real-layout documents and FAST_RANDOM generated
ones per parser. Slow mode (`pytest -m slow tests/fuzz -s`): SLOW_MUTATIONS + SLOW_RANDOM per parser.
"""

from __future__ import annotations

import time

import pytest
from fuzzing import FRAGMENTS, KINDS, Tally, check_one, mutated_inputs, seed_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.model import DocMeta, ParseError
from transforms.parse import kinds
from transforms.parse.document import load_document

FAST_MUTATIONS, FAST_RANDOM = 100, 200
SLOW_MUTATIONS, SLOW_RANDOM = 6000, 4000

PREFIXES = (b"", b"%PDF-1.4\n", b"<html><body>", b"<?xml version=\"1.0\" encoding=\"utf-16\"?>", b"\xef\xbb\xbf",
            b"{", b"[", b"\xff\xfe", b"<meta charset=\"gbk\">", b"<meta charset=\"rot13\">")

documents = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=120).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
    st.tuples(st.sampled_from(PREFIXES), st.lists(st.sampled_from(FRAGMENTS), max_size=80)).map(
        lambda pair: pair[0] + "".join(pair[1]).encode(("utf-8", "gb18030")[len(pair[1]) % 2], "replace")
    ),
)


def _report(kind: str, tally: Tally) -> None:
    """Print the tally and fail with the first problems when the contract was broken."""
    print(f"\nfuzz {kind}: {tally.summary()}")
    for example in tally.guard_examples[:5]:
        print(f"  held by the registry guard: {example}")
    problems = tally.crashes + tally.hangs + tally.contract
    assert not problems, f"{len(problems)} problems, first: " + " | ".join(p[:300] for p in problems[:10])


def test_the_five_families_are_registered_and_seeded():
    assert set(KINDS) <= set(kinds())
    for kind in KINDS:
        assert len(seed_files(kind)) >= 3, kind


def _run_mutations(kind: str, count: int, seed: int, seeds: dict[str, list[bytes]]) -> Tally:
    tally = Tally()
    start = time.perf_counter()
    for i, data in enumerate(mutated_inputs(kind, count, seed, seeds)):
        check_one(data, kind, tally, published=None if i % 5 == 0 else tally_date())
    tally.seconds = time.perf_counter() - start
    return tally


def tally_date():
    from fuzzing import PUBLISHED

    return PUBLISHED


def _run_random(kind: str, count: int, derandomize: bool) -> Tally:
    tally = Tally()
    start = time.perf_counter()

    @settings(max_examples=count, deadline=None, derandomize=derandomize, database=None,
              suppress_health_check=list(HealthCheck))
    @given(documents)
    def run(data: bytes) -> None:
        check_one(data, kind, tally)

    run()
    tally.seconds = time.perf_counter() - start
    return tally


@pytest.mark.parametrize("kind", KINDS)
def test_mutated_documents(kind, seeds):
    _report(kind, _run_mutations(kind, FAST_MUTATIONS, 0, seeds))


@pytest.mark.parametrize("kind", KINDS)
def test_generated_documents(kind):
    _report(kind, _run_random(kind, FAST_RANDOM, derandomize=True))


@given(st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=2000)).map(lambda p: p[0] + p[1]),
       st.sampled_from((None, "text/html", "application/pdf", "application/json", "text/plain; x")),
       st.sampled_from((None, "gbk", "utf-8", "base64", "no-such-charset", "utf-16")))
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_load_document_raises_only_parse_errors(data, content_type, charset):
    meta = DocMeta(url="fuzz://input", content_type=content_type, charset=charset)
    try:
        doc = load_document(data, meta)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert doc.format in ("pdf", "html", "json", "text") and isinstance(doc.text, str)


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_mutated_documents_slow(kind, seeds):
    _report(kind, _run_mutations(kind, SLOW_MUTATIONS, 1, seeds))


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_generated_documents_slow(kind):
    _report(kind, _run_random(kind, SLOW_RANDOM, derandomize=False))
