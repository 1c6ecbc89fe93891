"""`python -m bench`: every figure against a baseline measured in the same run, with PASS/GAP per target."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from bench.timing import Figure

CORPUS_SMALL, CORPUS_LARGE = 1_000, 10_000
CORPUS_TIME_LIMIT = 600.0
CORPUS_MEMORY_MIB = 1024.0
LINEAR_TOLERANCE = 1.15
PROFILE_PER_FAMILY = 5


@dataclass(frozen=True, slots=True)
class Plan:
    """How much to measure: repeats per figure, corpus sizes and time limits."""

    repeats: int
    full_repeats: int
    parse_repeats: int
    task_counts: tuple[int, ...]
    corpus_sizes: tuple[int, ...]
    corpus_deadline: float | None
    inbox: int


def plan_for(args: argparse.Namespace) -> Plan:
    """The measurement plan of the command line (`--quick` keeps the whole run under 3 minutes)."""
    if args.quick:
        return Plan(1, 1, 2, (), (CORPUS_SMALL,), args.deadline or 20.0, args.inbox)
    return Plan(3, 2, 5, (60, 240), (CORPUS_SMALL, CORPUS_LARGE), args.deadline or CORPUS_TIME_LIMIT, args.inbox)


def section(title: str) -> None:
    """Print a section heading."""
    print(f"\n== {title}", flush=True)


def show(figures: list[Figure], verdicts: list[Figure]) -> None:
    """Print figures and keep those with a target for the summary."""
    for f in figures:
        print(f.line(), flush=True)
        if f.target is not None:
            verdicts.append(f)


def bench_flow(plan: Plan, verdicts: list[Figure]) -> None:
    """Full run and rerun of the pipeline on the snapshot against the trivial flow; Prefect cost per task."""
    from bench.flow_bench import FULL_TARGET, RERUN_TARGET, run_flow_bench, stage_table

    section("pipeline on the snapshot (flows.pipeline.pipeline) against a trivial Prefect flow, same process")
    r = run_flow_bench(plan.repeats, plan.full_repeats, plan.task_counts)
    print(f"temporary Prefect server start-up (first flow call, excluded below): {r.server_start:.2f} s")
    show([
        Figure("trivial flow (1 no-op task)", r.trivial),
        *[Figure(f"flow mapping {n} no-op tasks", t, r.trivial) for n, t in r.mapped.items()],
        Figure(f"full run ({r.docs} docs, fresh data dir) vs trivial", r.full, r.trivial,
               target=FULL_TARGET, target_text=f"<= {FULL_TARGET:g}x"),
        Figure("rerun (nothing new) vs trivial", r.rerun, r.trivial,
               target=RERUN_TARGET, target_text=f"<= {RERUN_TARGET:g}x"),
        Figure("rerun vs full run", r.rerun, r.full),
    ], verdicts)
    print("process CPU time (all threads) of the best runs: "
          + ", ".join(f"{k} {v:.2f} s" for k, v in r.cpu.items()))
    for n, t in r.mapped.items():
        print(f"Prefect cost per task run (mapping {n}): {(t - r.trivial) / n * 1e3:.1f} ms")
    print(f"full run outcome: {r.full_outcome.get('status')}, {r.full_outcome.get('docs_new')} parsed, "
          f"{r.full_outcome.get('facts_written')} facts; rerun: {r.rerun_outcome.get('docs_unchanged')} unchanged, "
          f"{r.rerun_outcome.get('docs_new')} parsed")
    print(f"where the full run's {r.full:.2f} s go:")
    print(stage_table(r.full_stages, r.full))
    print(f"where the rerun's {r.rerun:.2f} s go:")
    print(stage_table(r.rerun_stages, r.rerun))


def bench_inbox(plan: Plan) -> None:
    """The full pipeline with --source inbox over generated articles (optional)."""
    from bench.flow_bench import run_inbox_pipeline, stage_table

    section(f"pipeline with --source inbox over {plan.inbox} generated articles")
    wall, outcome, stages = run_inbox_pipeline(plan.inbox)
    print(f"inbox run: {wall:.2f} s, {plan.inbox / wall:.1f} docs/s, status {outcome.get('status')}, "
          f"{outcome.get('docs_new')} parsed, {outcome.get('facts_written')} facts")
    print(stage_table(stages, wall))


def bench_parse(plan: Plan, verdicts: list[Figure]) -> None:
    """Per-document parse time of the snapshot against lxml or pypdf alone; profile when a target is missed."""
    from bench.docs import snapshot_docs
    from bench.parse_bench import family_figures, profile_parse, profile_report, time_snapshot

    section(f"parse_document per snapshot document (best of {plan.parse_repeats}) against lxml / pypdf alone")
    timings = time_snapshot(plan.parse_repeats)
    figures = family_figures(timings)
    show(figures, verdicts)
    slowest = sorted(timings, key=lambda t: t.parse_s, reverse=True)[:5]
    print("slowest documents: " + "; ".join(f"{t.doc.family}/{t.doc.name} {t.parse_s * 1e3:.0f} ms ({t.kind})"
                                           for t in slowest))
    gaps = {f.name.split()[1] for f in figures if f.verdict == "GAP"}
    families = sorted({t.doc.family for t in timings} & gaps)
    for family in families:
        docs = [d for d in snapshot_docs() if d.family == family]
        print(f"cProfile of parsing {family} ({len(docs)} docs):")
        print(profile_report(profile_parse(docs), top=PROFILE_PER_FAMILY))


def corpus_run(n: int, deadline: float | None) -> dict:
    """Parse n generated articles in a fresh interpreter; its JSON measurement."""
    cmd = [sys.executable, "-m", "bench.corpus", "--n", str(n)]
    if deadline is not None:
        cmd += ["--deadline", str(deadline)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def projected_seconds(m: dict) -> float:
    """Parse time of the whole corpus: measured when complete, else extrapolated from the rate so far."""
    if m["complete"] or not m["done"]:
        return m["parse_s"]
    return m["parse_s"] * m["n"] / m["done"]


def lxml_rate(n: int = 200) -> float:
    """Documents per second lxml alone builds trees for over the same generated articles."""
    import lxml.html

    from bench.corpus import articles

    docs = [a.data for a in articles(n)]
    t0 = time.perf_counter()
    for data in docs:
        lxml.html.fromstring(data)
    return n / (time.perf_counter() - t0)


def bench_corpus(plan: Plan, verdicts: list[Figure]) -> None:
    """Synthetic Chinese articles through the article parser: rate, peak memory, growth from 1k to 10k."""
    section("synthetic Chinese articles through the article parser (fresh process per size, fixed seed)")
    baseline_rate = lxml_rate()
    runs: dict[int, dict] = {}
    for n in plan.corpus_sizes:
        deadline = plan.corpus_deadline if n == max(plan.corpus_sizes) or n == CORPUS_LARGE else None
        if n == CORPUS_SMALL and len(plan.corpus_sizes) == 1:
            deadline = plan.corpus_deadline
        m = corpus_run(n, deadline)
        runs[n] = m
        status = "complete" if m["complete"] else f"stopped at the {deadline:g} s limit after {m['done']} docs"
        print(f"{n} articles: {status}; parse {m['parse_s']:.1f} s wall, {m['cpu_s']:.1f} s CPU, "
              f"{m['docs_per_s']:.1f} docs/s, {m['mean_bytes'] / 1024:.1f} KiB/doc, {m['facts']} facts, "
              f"{m['held']} held, {m['failed']} failed, peak RSS {m['peak_rss_mib']:.0f} MiB", flush=True)
        if m["done"]:
            print(f"    at the CPU rate ({m['done'] / max(m['cpu_s'], 1e-9):.1f} docs/s of CPU) {n} articles take "
                  f"{m['cpu_s'] * n / m['done']:.0f} s of CPU")
        if m["done"]:
            show([Figure(f"{n} articles: time per doc vs lxml alone", m["parse_s"] / m["done"], 1 / baseline_rate)],
                 verdicts)
    large = runs.get(CORPUS_LARGE)
    small = runs.get(CORPUS_SMALL)
    if large is not None:
        total = projected_seconds(large)
        label = "" if large["complete"] else " (projected)"
        show([
            Figure(f"10,000 articles parse time{label}", total, target=CORPUS_TIME_LIMIT,
                   target_text=f"<= {CORPUS_TIME_LIMIT:g} s"),
            Figure("10,000 articles peak RSS", large["peak_rss_mib"], small["peak_rss_mib"] if small else None,
                   unit="MiB", target=None),
        ], verdicts)
        verdicts.append(Figure("10,000 articles peak RSS (MiB)", large["peak_rss_mib"], unit="MiB",
                               target=CORPUS_MEMORY_MIB, target_text=f"<= {CORPUS_MEMORY_MIB:g} MiB"))
        print(verdicts[-1].line())
        if small is not None:
            growth = _growth(small, large)
            if growth is not None:
                show([Figure("time(10k)/time(1k), per document", growth, unit="x", target=LINEAR_TOLERANCE,
                             target_text=f"<= {LINEAR_TOLERANCE:g}x")], verdicts)
                print(f"time(10k)/time(1k) = {growth * 10:.2f} (10.0 is linear)")
            cpu_growth = _growth(small, large, "cpu_s")
            if cpu_growth is not None:
                show([Figure("time(10k)/time(1k), per document, CPU time", cpu_growth, unit="x",
                             target=LINEAR_TOLERANCE, target_text=f"<= {LINEAR_TOLERANCE:g}x")], verdicts)
    elif small is not None:
        print(f"10,000 articles projected from 1,000: {projected_seconds(small) * 10:.0f} s "
              f"(target {CORPUS_TIME_LIMIT:g} s; run without --quick to measure)")


def _growth(small: dict, large: dict, key: str = "parse_s") -> float | None:
    """Per-document time (wall, or CPU with key="cpu_s") at 10k over that at 1k (1.0 is linear)."""
    if not small["done"] or not large["done"] or not small["complete"]:
        return None
    per_small = small[key] / small["done"]
    per_large = large[key] / large["done"]
    return per_large / per_small


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark sections and print a PASS/GAP summary."""
    from flows.settings import quiet_prefect_env

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k articles only, fewer repeats (under 3 minutes)")
    parser.add_argument("--only", choices=("flow", "parse", "corpus"), action="append",
                        help="run only these sections (repeatable)")
    parser.add_argument("--deadline", type=float, default=None,
                        help="seconds of parsing after which a corpus run stops and is projected")
    parser.add_argument("--inbox", type=int, default=0, metavar="N",
                        help="also run the full pipeline with --source inbox over N generated articles")
    args = parser.parse_args(argv)
    # The temporary server logs shutdown tracebacks of its event flush at process exit; keep them off the figures.
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")
    quiet_prefect_env()
    plan = plan_for(args)
    sections = args.only or ["flow", "parse", "corpus"]

    from bench.machine import describe

    print(describe(), flush=True)
    started = time.perf_counter()
    verdicts: list[Figure] = []
    errors: list[str] = []
    steps = {"flow": bench_flow, "parse": bench_parse, "corpus": bench_corpus}
    for name in sections:
        guarded(name, lambda fn=steps[name]: fn(plan, verdicts), errors)
        if name == "flow" and plan.inbox:
            guarded("inbox", lambda: bench_inbox(plan), errors)
    section("summary")
    for f in verdicts:
        print(f"{f.verdict:<4}  {f.name}")
    for line in errors:
        print(f"ERROR {line}")
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    return 1 if errors else 0


def guarded(name: str, fn, errors: list[str]) -> None:
    """Run one section; a failure is printed and listed, and the other sections still run."""
    try:
        fn()
    except Exception as exc:  # a section that breaks must not hide the others' figures
        line = f"section {name} failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        print(line, flush=True)
        errors.append(line)


if __name__ == "__main__":
    sys.exit(main())
