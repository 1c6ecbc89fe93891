"""Per-document parse time of the snapshot against lxml (HTML, text) or pypdf alone (PDF) on the same bytes."""

from __future__ import annotations

import cProfile
import io
import pstats
from collections import defaultdict
from dataclasses import dataclass

from bench.docs import SnapshotDoc, snapshot_docs
from bench.timing import Figure, best_of

PDF_TARGET = 3.0
HTML_TARGET = 20.0


@dataclass(slots=True)
class DocTiming:
    """Best parse time and best baseline time of one document."""

    doc: SnapshotDoc
    parse_s: float
    baseline_s: float
    kind: str
    decode_s: float = 0.0


def lxml_alone(data: bytes) -> object:
    """The HTML baseline: lxml building a tree from the bytes."""
    import lxml.html

    return lxml.html.fromstring(data)


def pypdf_alone(data: bytes) -> list[str]:
    """The PDF baseline: pypdf extracting the text of every page."""
    import io as _io

    from pypdf import PdfReader

    reader = PdfReader(_io.BytesIO(data), strict=False)
    return [page.extract_text() or "" for page in reader.pages]


def baseline_for(doc: SnapshotDoc):
    """The baseline function of a document: pypdf for PDFs, lxml for everything else."""
    return pypdf_alone if doc.is_pdf else lxml_alone


def time_document(doc: SnapshotDoc, repeats: int) -> DocTiming:
    """Best-of-N parse and baseline times of one document."""
    from transforms.parse import load_document, parse_document

    result = parse_document(doc.data, doc.meta)  # warm: lazy imports, lexicon, caches
    base = baseline_for(doc)
    parse_s = best_of(lambda: parse_document(doc.data, doc.meta), repeats)
    baseline_s = best_of(lambda: base(doc.data), repeats)
    decode_s = best_of(lambda: load_document(doc.data, doc.meta), repeats)
    return DocTiming(doc, parse_s, baseline_s, result.kind, decode_s)


def time_snapshot(repeats: int) -> list[DocTiming]:
    """Timings of every snapshot document."""
    return [time_document(doc, repeats) for doc in snapshot_docs()]


def pool_against_thread(docs: list[SnapshotDoc], repeats: int = 2) -> tuple[float, float, int]:
    """Wall time to parse `docs` on the worker processes (one share per core, as the flow's batches) and on
    this thread, best of `repeats` each, and the number of workers."""
    import threading

    from transforms.parse import PARSE_TIME_LIMIT, parse_document, parse_item, registry_key
    from transforms.parse.workers import shared_pool, usable_cores

    cores = usable_cores()
    items = [(d.data, d.meta, "auto") for d in sorted(docs, key=lambda d: -len(d.data))]
    shares = [items[i::cores] for i in range(cores)]

    def on_workers() -> None:
        threads = [threading.Thread(target=shared_pool().run, args=(parse_item, share),
                                    kwargs={"time_limit": PARSE_TIME_LIMIT, "key": registry_key()})
                   for share in shares]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    on_workers()  # fork and warm the workers
    pool_s = best_of(on_workers, repeats)
    thread_s = best_of(lambda: [parse_document(d.data, d.meta) for d in docs], repeats)
    return pool_s, thread_s, cores


def family_figures(timings: list[DocTiming]) -> list[Figure]:
    """Summed parse time against summed baseline time per family and over all documents; targets for PDF and HTML."""
    groups: dict[str, list[DocTiming]] = defaultdict(list)
    for t in timings:
        groups[t.doc.family].append(t)
    figures = []
    for family, items in sorted(groups.items()):
        base = "pypdf" if all(t.doc.is_pdf for t in items) else "lxml" if not any(t.doc.is_pdf for t in items) else "lxml/pypdf"
        figures.append(_figure(f"parse {family} ({len(items)} docs) vs {base}", items))
    figures.append(_figure(f"parse all ({len(timings)} docs)", timings))
    pdf = [t for t in timings if t.doc.is_pdf]
    html = [t for t in timings if not t.doc.is_pdf]
    if pdf:
        figures.append(_figure(f"parse PDF ({len(pdf)} docs) vs pypdf", pdf, PDF_TARGET))
    if html:
        figures.append(_figure(f"parse HTML/text ({len(html)} docs) vs lxml", html, HTML_TARGET))
        figures.append(Figure("  of which decoding to text (load_document)", sum(t.decode_s for t in html),
                              sum(t.baseline_s for t in html)))
    return figures


def _figure(name: str, items: list[DocTiming], target: float | None = None) -> Figure:
    return Figure(
        name,
        sum(t.parse_s for t in items),
        sum(t.baseline_s for t in items),
        target=target,
        target_text=f"<= {target:g}x" if target is not None else "",
    )


def _parse_unbounded(doc: SnapshotDoc):
    """parse_document on this thread (no watchdog thread), so a profile sees the parser's own calls."""
    import inspect

    from transforms.parse import parse_document

    if "time_limit" in inspect.signature(parse_document).parameters:
        return parse_document(doc.data, doc.meta, time_limit=None)
    return parse_document(doc.data, doc.meta)


def profile_parse(docs: list[SnapshotDoc], rounds: int = 1) -> cProfile.Profile:
    """cProfile of parsing `docs` `rounds` times after one warm-up pass."""
    for doc in docs:
        _parse_unbounded(doc)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for doc in docs:
            _parse_unbounded(doc)
    profiler.disable()
    return profiler


AREAS: tuple[tuple[str, str], ...] = (
    ("pypdf/", "pypdf"),
    ("site-packages/lxml", "lxml"),
    ("lxml.", "lxml"),
    ("zhconv/", "zhconv"),
    ("charset_normalizer/", "charset detection"),
    ("re/", "regex"),
    ("re.Pattern", "regex"),
    ("_sre", "regex"),
    ("unicodedata", "unicodedata"),
    ("transforms/lexicon/", "transforms/lexicon"),
    ("transforms/normalise/", "transforms/normalise"),
    ("transforms/parse/", "transforms/parse"),
)


def area_of(path: str, func: str) -> str:
    """The library or project area a profiled function belongs to."""
    probe = path if not path.startswith("~") else func
    for marker, area in AREAS:
        if marker in probe:
            return area
    if path.startswith("~"):
        return "builtins (str, dict, ...)"
    if "threading.py" in path:
        return "threading"
    return "other"


def profile_report(profiler: cProfile.Profile, top: int = 10) -> str:
    """Own time by area, then the project functions with the most cumulative time, as shares of the total."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt or 1e-9
    areas: dict[str, float] = defaultdict(float)
    rows = []
    for (path, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():
        areas[area_of(path, func)] += tt
        rows.append((ct, tt, short_path(path), line, func))
    lines = [f"    profiled {total:.2f} s; own time by area: " + ", ".join(
        f"{name} {100 * t / total:.0f}%" for name, t in sorted(areas.items(), key=lambda kv: -kv[1]) if t / total >= 0.01)]
    rows.sort(reverse=True)
    lines.append(f"    {'cum':>6} {'own':>6}  project function")
    shown = 0
    for ct, tt, path, line, func in rows:
        if not path.startswith("transforms/") or func in ("parse_document", "_guarded_parse"):
            continue
        lines.append(f"    {100 * ct / total:5.1f}% {100 * tt / total:5.1f}%  {path}:{line} {func}")
        shown += 1
        if shown >= top:
            break
    return "\n".join(lines)


def profile_table(profiler: cProfile.Profile, top: int) -> str:
    """Top functions by cumulative time, each with its share of the whole profiled time."""
    return profile_report(profiler, top)


def short_path(path: str) -> str:
    """A source path shortened to its package-relative part."""
    for marker in ("/site-packages/", "/transforms/", "/sources/", "/warehouse/", "/flows/", "/lib/python"):
        if marker in path:
            _head, _, tail = path.partition(marker)
            return (marker.strip("/") + "/" + tail) if marker not in ("/site-packages/", "/lib/python") else tail
    return path
