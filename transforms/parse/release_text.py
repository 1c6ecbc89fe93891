"""Clean-up of press-release text as reprints damage it: bullets, wrapped lines, footnote markers, gaps."""

from __future__ import annotations

import re

from transforms.normalise.text import fold

BULLET = "•"

# Bullet glyphs as renderings write them; "?" is what a PDF extraction leaves of an unmapped square bullet.
_BULLET_LINE = re.compile(r"^[ \t]*(?:--|[•▪■◦●·\-–—?])[ \t]+(?=\S)")
_HEADING = re.compile(
    r"^\s*(?:(?:[1-4]Q|[12]H|FY|9M)\d{4}\b|About Tencent|Operating Information|For Immediate Release|"
    r"Management Discussion|(?:first|second|third|fourth)\s+quarter\s+of\s+\d{4}\s+compared|year\s+ended\s+.{0,30}compared)",
    re.I,
)
_TABLE_GAP = re.compile(r"\S {2,}(?=\S)")
_DATELINE_START = re.compile(r"^\s*hong\s*kong\s*,", re.I)
_NUMERIC_TAIL = re.compile(r"(?:\s[-(]?\d[\d,.]*%?\)?\*?){2,}\s*$")
_UNIT_LINE = re.compile(r"^\((?:RMB\b|in millions|unaudited)", re.I)


def unify_bullets(text: str) -> str:
    """Turn every line-leading bullet glyph (--, •, ▪, -, –, —, a lost-glyph ?) into one bullet token."""
    return "\n".join(_BULLET_LINE.sub(BULLET + " ", line) for line in text.split("\n"))


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


def split_run_together_bullets(text: str) -> str:
    """Put sub-bullets that a reprint ran onto one line (`...items:-  Operating profit`, `basis:Operating`) on lines of their own."""
    text = _RUN_TOGETHER.sub("\n" + BULLET + " ", text)
    return _GLUED_SUB_BULLET.sub("\n" + BULLET + " ", text)


_MARKER_PAREN = re.compile(r"\(\s*\[\s*\d{1,2}\s*\]\s*\)")
_MARKER_BRACKET = re.compile(r"[ \t]*\[\s*\d{1,2}\s*\]")
_GLUED_DIGIT = re.compile(r"(?:(?<=million)|(?<=billion)|(?<=IFRS)|(?<=GAAP))\d{1,2}(?![\d,]|\.\d)")


def strip_footnote_markers(text: str) -> str:
    """Remove footnote markers: [1], ([1]), ([1] ), spaced [2], and digits glued onto million/billion/IFRS."""
    text = _MARKER_PAREN.sub("", text)
    text = _MARKER_BRACKET.sub("", text)
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


def drop_hollow_fragments(text: str) -> str:
    """Drop lines that repeat a bullet with its bold amounts lifted out (`( ), an increase of 39%`)."""
    keep = [line for line in text.split("\n") if not (_HOLLOW.search(line) and not _HAS_AMOUNT.search(line))]
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
