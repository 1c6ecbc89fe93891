"""Clean-up of press-release text as reprints damage it: bullets, wrapped lines, footnote markers, gaps."""

from __future__ import annotations

import functools
import re

from transforms.model import SNIPPET_MAX, flatten, make_snippet
from transforms.normalise.text import fold

BULLET = "•"

# Bullet glyphs as renderings write them; "?" is what a PDF extraction leaves of an unmapped square bullet.
_BULLET_LINE = re.compile(r"^[ \t]*(?:--|[•▪■◦●·\-–—?])[ \t]+(?=\S)")
# A Wingdings circle bullet a text copy renders as a letter o, often glued to its line: `  oTotal revenues were`.
_LETTER_O_BULLET = re.compile(r"^[ \t]*o[ \t]*(?=[A-Z][a-z])")
_HEADING = re.compile(
    r"^\s*(?:(?:[1-4]Q|[12]H|FY|9M)\d{4}\b|About Tencent|Operating Information|For Immediate Release|"
    r"Management Discussion|(?:first|second|third|fourth)\s+quarter\s+of\s+\d{4}\s+compared|year\s+ended\s+.{0,30}compared)",
    re.I,
)
_TABLE_GAP = re.compile(r"\S {2,}(?=\S)")
_DATELINE_START = re.compile(r"^\s*(?:hong\s*kong|shenzhen)\s*,", re.I)
_NUMERIC_TAIL = re.compile(r"(?:\s[-(]?\d[\d,.]*%?\)?\*?){2,}\s*$")
_UNIT_LINE = re.compile(r"^\((?:RMB\b|in millions|unaudited)", re.I)


def unify_bullets(text: str) -> str:
    """Turn every line-leading bullet glyph (--, •, ▪, -, –, —, a lost-glyph ?) into one bullet token."""
    return "\n".join(_LETTER_O_BULLET.sub(BULLET + " ", _BULLET_LINE.sub(BULLET + " ", line)) for line in text.split("\n"))


def _is_table_line(line: str) -> bool:
    """A line laid out in fixed-width columns: several space gaps, a gap before a number, or a deep indent."""
    s = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    return (
        len(_TABLE_GAP.findall(s)) >= 2
        or bool(re.search(r"\S {2,}[\d(\-–]", s) or _NUMERIC_TAIL.search(s))
        or indent >= 20
    )


def _caps_line(s: str) -> bool:
    """An upper-case title line (not a short upper-case token such as `RMB2.999.`)."""
    return s.isupper() and sum(c.isalpha() for c in s) >= 8


def _joinable(prev: str, line: str) -> bool:
    """True when `line` continues the wrapped sentence of `prev`."""
    p, s = prev.strip(), line.strip()
    if not p or not s or s.startswith(BULLET) or _UNIT_LINE.match(s) or _UNIT_LINE.match(p):
        return False
    if p.endswith((".", ":", ";")) or _caps_line(p) or _caps_line(s):
        return False
    if _HEADING.match(s) or _HEADING.match(p) or _DATELINE_START.match(s):
        return False
    return not (_is_table_line(prev) or _is_table_line(line))


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped continuation lines (8-space indents, PDF line breaks) onto their sentence."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and _joinable(out[-1], line):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


_RUN_TOGETHER = re.compile(r"(?<=[:;.])[ \t]*(?:--|[-–—])[ \t]+(?=[A-Z])|[ \t]{2,}(?:--|[-–—])[ \t]{2,}(?=[A-Z])")


_GLUED_SUB_BULLET = re.compile(r"(?<=\w:)[ \t]*(?=(?:Operating|Profit|Net|Basic|Diluted|Gross|Total)\s+[a-z])")


_MID_LINE_BULLET = re.compile(r"[ \t]+[•▪■●◦][ \t]*(?=\S)")
# A bullet a PDF extraction rendered as a lone full stop: `... 2018 ("YoY"). . On a non-IFRS basis`.
_DOT_BULLET = re.compile(r"(?:^|(?<=[.:;)])[ \t]+)[ \t]*\.[ \t]+(?=[A-Z])", re.M)
_GLUED_HIGHLIGHTS = re.compile(r"\b((?:[1-4]Q|[12]H|FY|9M)\d{4})(?=(?:Key|Financial)?\s*Highlights\b)")
_HIGHLIGHTS_RUN_ON = re.compile(r"(?<=Highlights)[ \t]+(?=[A-Z][a-z]+(?:\s+[a-z]+)*\s*:)")


def split_run_together_bullets(text: str) -> str:
    """Put bullets a reprint ran onto one line (`▪ Total revenues ... ▪ On a non-IFRS basis:`, `...items:-  Operating
    profit`, `basis:Operating`) and a highlights heading glued to its summary line on lines of their own."""
    text = _GLUED_HIGHLIGHTS.sub(r"\1 ", text)
    text = _HIGHLIGHTS_RUN_ON.sub("\n", text)
    text = _MID_LINE_BULLET.sub("\n" + BULLET + " ", text)
    text = _DOT_BULLET.sub("\n" + BULLET + " ", text)
    text = _RUN_TOGETHER.sub("\n" + BULLET + " ", text)
    return _GLUED_SUB_BULLET.sub("\n" + BULLET + " ", text)


_MARKER_PAREN = re.compile(r"\(\s*\[\s*\d{1,2}\s*\]\s*\)")
_MARKER_BRACKET = re.compile(r"[ \t]*\[\s*\d{1,2}\s*\]")
_GLUED_DIGIT = re.compile(r"(?:(?<=million)|(?<=billion)|(?<=IFRS)|(?<=GAAP))\d{1,2}(?![\d,]|\.\d)")
# A note digit glued onto a label word before a space or a clause end: `per share2 were`, `non-GAAP basis3,`.
_GLUED_LABEL_DIGIT = re.compile(
    r"(?:(?<=share)|(?<=quarter)|(?<=year)|(?<=period)|(?<=basis))\d{1,2}(?=[\s:;)]|[.,](?:\s|$))"
)
# An asterisk footnote marker after a label word: `Operating profit* was`, `Operating margin * increased`.
_ASTERISK_MARKER = re.compile(r"(?<=[A-Za-z])[ \t]*\*(?=[\s:,.)])")


def strip_footnote_markers(text: str) -> str:
    """Remove footnote markers: [1], ([1]), ([1] ), spaced [2], asterisks after words, and glued digits (`share2`)."""
    text = _MARKER_PAREN.sub("", text)
    text = _MARKER_BRACKET.sub("", text)
    text = _ASTERISK_MARKER.sub("", text)
    text = _GLUED_LABEL_DIGIT.sub("", text)
    return _GLUED_DIGIT.sub("", text)


def close_number_gaps(text: str) -> str:
    """Close spaces inside decimals (`RMB50 .1`) and inside parentheses (`( USD7.1 billion )`)."""
    text = re.sub(r"(?<=\d)[ \t]+\.[ \t]*(?=\d)|(?<=\d)\.[ \t]+(?=\d)", ".", text)
    text = re.sub(r"\([ \t]+(?=\S)", "(", text)
    return re.sub(r"(?<=\S)[ \t]+\)", ")", text)


_LOST_SPACE_RULES = (
    (re.compile(r"(?<=[A-Za-z])(?=(?:RMB|USD|HKD)\d)"), " "),
    (re.compile(r"(?<=[A-Za-z\d\]])\((?=(?:RMB|USD|HKD)\d)"), " ("),
    (re.compile(r"\b(revenues|profit|margin|cash|EPS|share|period|quarter|year|Company|holders)(were|was)\b"), r"\1 \2"),
    (re.compile(r"(?<=[A-Za-z.]),(?=[A-Za-z])|(?<=\d),(?=[A-Za-z])"), ", "),
    (re.compile(r"(?<=[a-z]),(?=\d{4}\b)|(?<=\d{1}),(?=\d{4}\s)"), ", "),
)


def restore_lost_spaces(text: str) -> str:
    """Put back spaces reprints lost at bold boundaries and after commas (`revenueswereRMB`, `KONG,March`)."""
    for pattern, repl in _LOST_SPACE_RULES:
        text = pattern.sub(repl, text)
    return text


_KEYWORDS = (
    "revenues", "revenue", "profit", "operating", "attributable", "equity", "holders", "earnings",
    "diluted", "basic", "margin", "increase", "decrease", "billion", "million", "services", "advertising",
    "subscriptions", "announced", "quarter", "gross", "total", "period",
)


def _split_word_pattern() -> re.Pattern[str]:
    """One pattern matching any keyword with a single space inserted somewhere inside it."""
    variants = [re.escape(w[:i]) + " " + re.escape(w[i:]) for w in _KEYWORDS for i in range(1, len(w))]
    variants.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(variants) + r")\b", re.I)


_SPLIT_WORD = _split_word_pattern()
_ENGLISH_WORDS = frozenset({"a", "i", "an", "as", "at", "be", "by", "in", "is", "it", "of", "on", "or", "to", "up", "we", "us"})


def join_split_words(text: str) -> str:
    """Rejoin release keywords split by a bold boundary (`r evenues` -> `revenues`)."""

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(0).split(" ", 1)
        if left.lower() in _ENGLISH_WORDS and len(left) > 1:
            return m.group(0)
        if left.lower() == "a" or right.lower() in _ENGLISH_WORDS:
            return m.group(0)
        return left + right

    return _SPLIT_WORD.sub(fix, text)


_HOLLOW = re.compile(r"\(\s*\)")
_HAS_AMOUNT = re.compile(r"(?:RMB|USD)\s*\d")


_SENTENCE_BREAK = re.compile(r"(?<=\.)[ \t]+(?=[A-Z])")


def _hollow(sentence: str) -> bool:
    """True for a sentence whose bold amounts were lifted out: empty parentheses and no amount left."""
    return bool(_HOLLOW.search(sentence)) and not _HAS_AMOUNT.search(sentence)


def drop_hollow_fragments(text: str) -> str:
    """Drop sentences that repeat a bullet with its bold amounts lifted out (`( ), up 39%`); the rest of the line stays."""
    keep = []
    for line in text.split("\n"):
        if not _HOLLOW.search(line):
            keep.append(line)
            continue
        parts = [p for p in _SENTENCE_BREAK.split(line) if not _hollow(p)]
        if parts:
            keep.append(" ".join(parts))
    return "\n".join(keep)


def dedupe_lines(text: str, min_length: int = 40) -> str:
    """Drop a long line that repeats an earlier line word for word (bullets printed twice)."""
    seen: set[str] = set()
    out = []
    for line in text.split("\n"):
        key = re.sub(r"\s+", " ", line.strip())
        if len(key) >= min_length and key in seen:
            continue
        seen.add(key)
        out.append(line)
    return "\n".join(out)


def clean_release_text(text: str) -> str:
    """All clean-up steps in order: the text every results-release extraction reads."""
    text = fold(text).replace("\r\n", "\n").replace("\r", "\n")
    text = unify_bullets(text)
    text = split_run_together_bullets(text)
    text = unwrap_lines(text)
    text = strip_footnote_markers(text)
    text = close_number_gaps(text)
    text = restore_lost_spaces(text)
    text = join_split_words(text)
    text = drop_hollow_fragments(text)
    return dedupe_lines(text)


# ---------------------------------------------------------------- figures as the document writes them

# Context compared on each side of a candidate, in non-space folded characters.
_CONTEXT_KEY = 40
_CONTEXT_RAW = 200
_MAX_CANDIDATES = 200
_LINE_BREAK_RUN = re.compile(r"[ \t]*[\r\n]\s*")
_EXTRA_RANGES = ((0x1D400, 0x1D800),)  # mathematical letters and digits that fold to ASCII


@functools.cache
def _fold_sources() -> tuple[dict[str, str], str]:
    """Characters that fold to each single character, and those that fold to nothing or a space."""
    sources: dict[str, list[str]] = {}
    ignorable: list[str] = []
    ranges = ((0x80, 0xD800), (0xE000, 0x10000), *_EXTRA_RANGES)
    for low, high in ranges:
        for code in range(low, high):
            ch = chr(code)
            folded = fold(ch)
            if folded == ch:
                continue
            if not folded.strip():
                ignorable.append(ch)
            elif len(folded) == 1:
                sources.setdefault(folded, []).append(ch)
    return {k: "".join(v) for k, v in sources.items()}, "".join(ignorable)


def _written_pattern(folded: str) -> re.Pattern[str] | None:
    """A pattern matching every way a document may write `folded` (full-width forms, odd or zero-width spaces)."""
    sources, ignorable = _fold_sources()
    chars = [ch for ch in folded if not ch.isspace()]
    if not chars:
        return None
    gap = r"[\s" + re.escape(ignorable) + r"]*"
    parts = ["[" + re.escape(ch + sources.get(ch, "")) + "]" for ch in chars]
    return re.compile(gap.join(parts))


def _key(text: str) -> str:
    """Folded text without whitespace: what two renderings of one passage have in common."""
    return "".join(ch for ch in fold(text) if not ch.isspace())


def _common_prefix(a: str, b: str) -> int:
    """Length of the common start of two strings."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _squeeze_breaks(text: str) -> str:
    """A line break with the spaces around it read as one space (a hard-wrapped line)."""
    return _LINE_BREAK_RUN.sub(" ", text)


def written_form(original: str, folded: str, before: str = "", after: str = "") -> tuple[str, int, int] | None:
    """Where the document writes a figure read from folded text: (its own characters, start, end), or None.

    `before` and `after` are the folded text around the figure; they pick the right one of several copies.
    Line wraps inside the figure read as one space.
    """
    pattern = _written_pattern(folded)
    if pattern is None:
        return None
    want_before, want_after = _key(before)[-_CONTEXT_KEY:], _key(after)[:_CONTEXT_KEY]
    best: tuple[int, int, int] | None = None
    for n, m in enumerate(pattern.finditer(original)):
        if n >= _MAX_CANDIDATES:
            break
        got_before = _key(original[max(0, m.start() - _CONTEXT_RAW) : m.start()])[-_CONTEXT_KEY:]
        got_after = _key(original[m.end() : m.end() + _CONTEXT_RAW])[:_CONTEXT_KEY]
        score = _common_prefix(want_before[::-1], got_before[::-1]) + _common_prefix(want_after, got_after)
        if best is None or score > best[0]:
            best = (score, m.start(), m.end())
    if best is None:
        return None
    _, start, end = best
    return flatten(_squeeze_breaks(original[start:end])), start, end


def written_snippet(original: str, start: int, end: int) -> str:
    """A snippet of the document around original[start:end], line wraps read as one space."""
    left = max(0, start - 2 * SNIPPET_MAX)
    right = min(len(original), end + 2 * SNIPPET_MAX)
    head = _squeeze_breaks(original[left:start])
    body = _squeeze_breaks(original[start:end])
    tail = _squeeze_breaks(original[end:right])
    return make_snippet(head + body + tail, len(head), len(head) + len(body))
