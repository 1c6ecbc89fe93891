"""Scrambled copies: pages whose headline words a content farm has cut up and scattered through the text."""

from __future__ import annotations

import re

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SENTENCE_END = re.compile(r"[。!?！？]")
# A growth verb, then at once a comparison and another growth verb (增长同比增长33%): one word pasted before another.
_DOUBLED_GROWTH = re.compile(
    r"(?:增长|上涨|上升|下降|下跌|减少)[ \t]*(?:同比|环比|按年|按季)[ \t]*(?:增长|上涨|上升|下降|下跌|减少)"
)
# A count of people that "breaks through" an amount of money (用户首次突破486.4亿元): a noun pasted before a money figure.
_COUNT_AS_MONEY = re.compile(
    r"(?:用户|用户数|人数|月活|日活)[ \t]*(?:首次|首度|已)?[ \t]*(?:突破|超过|超|达到|达)[ \t]*\d[\d.,]*[ \t]*(?:万亿|亿|万)?元"
)
_FRAGMENT_MIN, _FRAGMENT_MAX = 2, 8


def _is_subsequence(part: str, whole: str) -> bool:
    """Whether the characters of `part` occur in `whole` in the same order."""
    it = iter(whole)
    return all(ch in it for ch in part)


def headline_fragments(text: str, headline: str) -> list[str]:
    """Tails of paragraphs (not the first or the last) left after their last sentence: short runs of the headline's
    own characters with no punctuation (。视频时长 closing a paragraph)."""
    letters = "".join(_CJK_RUN.findall(headline))
    if len(letters) < 4:
        return []
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    found = []
    for paragraph in paragraphs[1:-1]:
        ends = list(_SENTENCE_END.finditer(paragraph))
        if not ends:
            continue
        tail = paragraph[ends[-1].end():].strip()
        if _FRAGMENT_MIN <= len(tail) <= _FRAGMENT_MAX and _CJK_RUN.fullmatch(tail) and _is_subsequence(tail, letters):
            found.append(tail)
    return found


def scrambled_reason(text: str, headline: str | None) -> str | None:
    """Why a Chinese page reads as a scrambled copy (two kinds of pasted-in words at least), else None."""
    signs = []
    fragments = headline_fragments(text, headline or "")
    if fragments:
        signs.append(f"headline words closing paragraphs ({'/'.join(fragments[:3])})")
    doubled = _DOUBLED_GROWTH.search(text)
    if doubled:
        signs.append(f"doubled growth words ({doubled.group(0)})")
    money = _COUNT_AS_MONEY.search(text)
    if money:
        signs.append(f"a count of people given in money ({money.group(0)})")
    if len(signs) < 2:
        return None
    return "scrambled copy: " + "; ".join(signs)
