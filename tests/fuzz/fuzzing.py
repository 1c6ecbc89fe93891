"""Fuzzing helpers: seed documents per parser, byte/line/character mutators, hostile fragments, an oracle."""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from transforms.model import DocMeta, ParseError
from transforms.parse import ParserCrash, ParseTimeout, parse_document
from transforms.parse.document import load_document

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
SNAPSHOT = ROOT / "sources" / "snapshot"

# The families every fuzz run covers, with the folders holding their real-layout documents.
SEED_DIRS: dict[str, tuple[Path, ...]] = {
    "results_release_en": (CASES / "results_en", SNAPSHOT / "prnewswire", SNAPSHOT / "tencent_ir"),
    "results_release_zh": (CASES / "results_zh", SNAPSHOT / "tencent_zh"),
    "hkex_announcement": (CASES / "hkex", SNAPSHOT / "hkex"),
    "article": (CASES / "articles", SNAPSHOT / "articles"),
    "nbs_retail": (CASES / "nbs", SNAPSHOT / "nbs"),
}
KINDS: tuple[str, ...] = tuple(SEED_DIRS)
SEED_SUFFIXES = (".txt", ".html", ".pdf")
FUZZ_TIME_LIMIT = 10.0
SLOW_SECONDS = 2.0
PUBLISHED = date(2024, 5, 20)

# Fragments of the real layouts (labels, units, markup) that steer random documents into parser paths.
FRAGMENTS: tuple[str, ...] = (
    "Tencent Announces 2024 First Quarter Results\n",
    "TENCENT ANNOUNCES 2023 ANNUAL AND FOURTH QUARTER RESULTS\n",
    "HONG KONG, May 14, 2024 /PRNewswire/ -- Tencent Holdings Limited (\"Tencent\", 00700.HK), ",
    "today announced the unaudited consolidated results for the first quarter of 2024 (\"1Q2024\").\n",
    "1Q2024 Key Highlights\n", "    --  ", "\u2022 ", "\u25aa ", " - ", "\u2013 ",
    "Total revenues were ", "RMB", "USD", "billion", "million", " (", ")", "[1]", "([2])", "1)",
    "an increase of ", "a decrease of ", "% year-on-year", "% YoY", "% quarter-on-quarter",
    "more than doubled", "tripled", " times ", "about ", "over ", "nearly ",
    "Marketing Services", "Online Advertising", "VAS", "FinTech and Business Services", "Others",
    "Gross profit", "Operating profit", "Profit attributable to equity holders of the Company",
    "non-IFRS", "Non-IFRS", "IFRS", "EPS (RMB per share)", "- basic", "- diluted",
    "Combined MAU of Weixin and WeChat", "Channels", "Video Accounts", "total user time spent",
    "ANNOUNCEMENT OF THE RESULTS FOR THE THREE MONTHS ENDED 31 MARCH 2024\n",
    "FINANCIAL PERFORMANCE HIGHLIGHTS\n", "(RMB in millions, unless specified)\n",
    "Unaudited\nThree months ended\n31 March 2024 31 March 2023 Year-on-year change\n",
    "Revenues 159,501 149,986 6%\n", "Gross profit 79,093 -7%\n", "(1,234)", "38,042*", " - ", " \u2013 ",
    "\u622a\u81f3\u4e8c\u96f6\u4e8c\u56db\u5e74\u4e09\u6708\u4e09\u5341\u4e00\u65e5\u6b62\u4e09\u500b\u6708\u696d\u7e3e\u516c\u4f48\n",
    "\u8d22\u52a1\u8868\u73b0\u6458\u8981", "\u540c\u6bd4\u53d8\u52a8", "\u73af\u6bd4\u53d8\u52a8",
    "(\u4eba\u6c11\u5e01\u767e\u4e07\u5143,\u53e6\u6709\u6307\u660e\u8005\u9664\u5916)",
    "\u817e\u8baf\u63a7\u80a1\u53d1\u5e032024\u5e74\u7b2c\u4e00\u5b63\u5ea6\u8d22\u62a5", "\u8425\u6536",
    "\u4ebf\u5143", "\u5104\u5143", "\u4e07\u4ebf\u5143", "\u767e\u842c", "\u4eba\u6c11\u5e01",
    "\u540c\u6bd4\u589e\u957f", "\u540c\u6bd4\u4e0b\u964d", "\u540c\u6bd4\u6301\u5e73", "\u589e\u5e45",
    "\u7ea6", "\u8fd1", "\u8d85\u8fc7", "\u4ee5\u4e0a", "\u5c06\u8fbe", "\u9884\u8ba1",
    "\u89c6\u9891\u53f7", "\u5fae\u4fe1\u5c0f\u5e97", "\u6708\u6d3b", "\u5fae\u4fe1\u53caWeChat\u7684\u5408\u5e76\u6708\u6d3b\u8dc3\u8d26\u6237\u6570",
    "\u8425\u9500\u670d\u52a1", "\u589e\u503c\u670d\u52a1", "\u91d1\u878d\u79d1\u6280\u53ca\u4f01\u4e1a\u670d\u52a1",
    "\u4e00\u5b63\u5ea6", "\u524d\u4e09\u5b63\u5ea6", "\u4e0a\u534a\u5e74", "1-6\u6708",
    "\u5168\u56fd\u7f51\u4e0a\u96f6\u552e\u989d", "\u5b9e\u7269\u5546\u54c1\u7f51\u4e0a\u96f6\u552e\u989d",
    "\u793e\u4f1a\u6d88\u8d39\u54c1\u96f6\u552e\u603b\u989d", "\u56fd\u5bb6\u7edf\u8ba1\u5c40",
    "\u76f4\u64ad\u7535\u5546", "\u5feb\u624b", "\u6296\u97f3\u7535\u5546", "GMV", "\u4ea4\u6613\u989d",
    "<html>", "<body>", "<p>", "</p>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>",
    "<td colspan=\"3\">", "<div id=\"artibody\" class=\"article\">", "<h1 class=\"main-title\">",
    "<span class=\"date\">2024\u5e745\u670814\u65e5</span>", "<br>", "<b>", "</b>", "&nbsp;", "&#x2f;",
    "<script>window.initialState={\"articleDetail\":{\"articleDetailData\":{\"data\":{\"widgetContent\":\"",
    "\"}}}}</script>", "<meta charset=\"gbk\">", "<meta charset=\"base64\">",
    "0", "1", "7", "9", ",", ".", "%", "-", "\n", "\n\n\n", "  ", "\t", "\u3000", "\uff11\uff10\uff05",
    "\u00a0", "\u200b", "\ufeff", "\u202e", "\x00", "\ufffd", "159,501", "660.3", "1,359", "13.59\u4ebf",
    "1400.93\u4ebf\u5143", "26.4%", "(3)", "9" * 60, "1e308", "NaN", "\u4e8c\u96f6\u4e8c\u56db\u5e74",
)

HOSTILE_INSERTS: tuple[bytes, ...] = (
    b"\x00" * 64, b"\xff\xfe", b"\xef\xbb\xbf", b"\xe4\xb8", b"<table>" * 300, b"</td>" * 50,
    b"<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>&b;",
    b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;", b"<![CDATA[", b"]]>", b"<!--", b"-->",
    b"%PDF-1.7\n", b"%%EOF", b"stream\n", b"endstream", b"obj <<", b"9" * 500, b"(" * 200, b"RMB" * 50,
    b"\r", b"\r\n" * 100, b"\xe4\xba\xbf\xe5\x85\x83" * 30, b"\xa3\xac", b"&#0;", b"&#x110000;", b"&#9999999999;",
)


@dataclass(slots=True)
class Tally:
    """What a fuzz run saw: inputs per outcome, crashes and hangs with their messages, slowest time."""

    inputs: int = 0
    outcomes: Counter = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    contract: list[str] = field(default_factory=list)
    guard_held: int = 0
    guard_examples: list[str] = field(default_factory=list)
    facts: int = 0
    slowest: float = 0.0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the test log."""
        top = ", ".join(f"{k}={v}" for k, v in self.outcomes.most_common(6))
        return (
            f"{self.inputs} inputs in {self.seconds:.1f} s, {self.facts} facts, crashes={len(self.crashes)}, "
            f"hangs={len(self.hangs)}, contract={len(self.contract)}, held_by_guard={self.guard_held}, "
            f"slowest={self.slowest:.2f} s; {top}"
        )


def seed_files(kind: str) -> list[Path]:
    """The real-layout documents of a family (never the holdout corpus)."""
    files: list[Path] = []
    for folder in SEED_DIRS[kind]:
        files += sorted(p for p in folder.glob("*") if p.suffix in SEED_SUFFIXES and p.is_file())
    return files


def all_seeds() -> dict[str, list[bytes]]:
    """Seed bytes per family."""
    return {kind: [p.read_bytes() for p in seed_files(kind)] for kind in KINDS}


def _flip(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(HOSTILE_INSERTS) + data[at:]


def _delete(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 2000) :]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    chunk = data[at : at + rng.randint(1, 4000)]
    where = rng.randint(0, len(data))
    return data[:where] + chunk * rng.randint(1, 4) + data[where:]


def _lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    op = rng.randrange(4)
    if op == 0:
        rng.shuffle(lines)
    elif op == 1 and lines:
        i = rng.randrange(len(lines))
        lines[i:i] = [lines[i]] * rng.randint(1, 5)
    elif op == 2 and lines:
        del lines[rng.randrange(len(lines))]
    elif lines:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def _chars(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        op = rng.randrange(4)
        if op == 0 and chars[i].isdigit():
            chars[i] = rng.choice("0123456789")
        elif op == 1:
            chars.insert(i, rng.choice(FRAGMENTS))
        elif op == 2:
            del chars[i]
        else:
            chars[i] = chr(rng.choice((rng.randrange(32, 127), rng.randrange(0x4E00, 0x9FA5), rng.randrange(0xFF01, 0xFF5E))))
    out = "".join(chars)
    codec = rng.choice(("utf-8", "utf-8", "gb18030", "utf-16"))
    return out.encode(codec, "replace")


def _splice(rng: random.Random, data: bytes, donors: list[bytes]) -> bytes:
    donor = rng.choice(donors)
    a, b = rng.randint(0, len(data)), rng.randint(0, len(donor))
    return data[:a] + donor[b:]


def _digits(rng: random.Random, data: bytes) -> bytes:
    return re.sub(rb"\d", lambda m: str(rng.randrange(10)).encode(), data, count=rng.randint(1, 200))


MUTATORS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    _flip, _insert, _delete, _truncate, _duplicate, _lines, _chars, _digits,
)


def mutate(rng: random.Random, data: bytes, donors: list[bytes]) -> bytes:
    """Apply one to four random mutations (byte, line, character, splice) to a document."""
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.1:
            data = _splice(rng, data, donors)
        else:
            data = rng.choice(MUTATORS)(rng, data)
    return data


def mutated_inputs(kind: str, count: int, seed: int, seeds: dict[str, list[bytes]]) -> Iterator[bytes]:
    """`count` mutated documents, mostly of the family's own seeds, some of the others'."""
    rng = random.Random(f"{kind}:{seed}")
    own = seeds[kind]
    donors = [d for docs in seeds.values() for d in docs]
    for _ in range(count):
        base = rng.choice(own) if rng.random() < 0.8 else rng.choice(donors)
        yield mutate(rng, base, donors)


def no_space(text: str) -> str:
    """Text without any whitespace."""
    return re.sub(r"\s+", "", text)


def check_one(data: bytes, kind: str, tally: Tally, *, published: date | None = PUBLISHED) -> None:
    """Parse one input as `kind` and record whether it met the contract: ParseError only, in time, honest facts."""
    meta = DocMeta(url="fuzz://input", source="inbox", published_at=published)
    tally.inputs += 1
    start = time.perf_counter()
    try:
        result = parse_document(data, meta, kind=kind, time_limit=FUZZ_TIME_LIMIT)
    except ParseTimeout as exc:
        tally.hangs.append(f"{kind}: {exc} ({len(data)} bytes)")
        tally.outcomes["ParseTimeout"] += 1
        return
    except ParserCrash as exc:
        tally.crashes.append(f"{kind}: {exc}")
        tally.outcomes["ParserCrash"] += 1
        return
    except ParseError as exc:
        message = str(exc)
        if "\n" in message or not message:
            tally.contract.append(f"{kind}: {type(exc).__name__} message not one line: {message!r}")
        tally.outcomes[type(exc).__name__] += 1
        return
    except BaseException as exc:  # the contract breach this harness exists to find
        tally.crashes.append(f"{kind}: escaped {type(exc).__name__}: {exc}")
        tally.outcomes["escaped"] += 1
        return
    finally:
        tally.slowest = max(tally.slowest, time.perf_counter() - start)
    tally.outcomes["parsed"] += 1
    tally.facts += len(result.facts)
    for held in result.held:
        if held.reason == "reported_text is not in the document":
            tally.guard_held += 1
            tally.guard_examples.append(f"{kind}: {held.reported_text!r} at {held.locator}")
    if result.facts:
        doc = load_document(data, meta)
        written = no_space(doc.text) + "\x00" + no_space(doc.markup or "")
        for fact in result.facts:
            if no_space(fact.reported_text) not in written:
                tally.contract.append(f"{kind}: reported_text {fact.reported_text!r} not in the input")
            if fact.reported_text not in fact.snippet or len(fact.snippet) > 240:
                tally.contract.append(f"{kind}: snippet {fact.snippet!r} lacks {fact.reported_text!r}")
            if fact.value != fact.value or fact.value in (float("inf"), float("-inf")):
                tally.contract.append(f"{kind}: value {fact.value!r} for {fact.reported_text!r}")
