"""Substring gates skip only scans that cannot match: the same matches with and without them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.parse import claims
from transforms.parse.gates import may_match, required_literals, scan

PATTERNS: list[re.Pattern[str]] = [
    *(p for p, _ in claims._ZH_PERIODS), *(p for p, _ in claims._EN_PERIODS), claims._MULT_BASE,
    claims._MULT_GROWTH, claims._DOUBLE_ZH, claims._MULT_BARE, claims._MONEY_ZH, claims._MONEY_EN, claims._PCT,
    claims._COUNT, claims._FULL_DATE, claims._BASE, claims._ZH_DAY, claims._ISO_DAY, claims._EN_DAY,
]
# Pieces of the forms these patterns read, so that generated text often matches and often nearly does.
PIECES = ["2024", "年", "第三", "季度", "前三季度", "上半年", "全年", "前5个月", "1-5", "月", "今年", "去年", "同比",
          "增长", "1.5", "倍", "翻了一番", "亿元", "美元", "%", "个百分点", "万", "million", "billion", "RMB", "US$",
          "Q3", "3Q", "21Q4", "first", "half", "H1", "quarter", "March", "between", " and ", "-", "to", "end of",
          "in ", ", ", "FY2023", "this year", "per cent", "pp", "是", "的", " ", "。", "x", "ı", "İ", "8", "日",
          "2024-05-28", "Aug 25, 2024", "较", "than a year earlier"]


def test_a_sequence_of_literals_and_a_branch_are_required():
    assert required_literals(re.compile(r"\d+\s*(?:亿|万)元")) == (frozenset({"元"}), frozenset({"亿", "万"}))
    assert required_literals(re.compile(r"(?:约)?\d+倍")) == (frozenset({"倍"}),)


def test_optional_and_case_blind_parts_require_nothing():
    assert required_literals(re.compile(r"(?:约)?\d+")) == ()
    assert required_literals(re.compile(r"quarter", re.I)) == ()
    assert required_literals(re.compile(r"x(?i:in)")) == (frozenset({"x"}),)
    assert may_match(re.compile(r"quarter", re.I), "QUARTER")


def test_text_without_a_required_literal_is_not_scanned():
    pattern = re.compile(r"(\d+)\s*倍")
    assert not may_match(pattern, "增长了3成")
    assert list(scan(pattern, "增长了3成")) == []
    assert [m.group(1) for m in scan(pattern, "增长了3倍")] == ["3"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_every_pattern_finds_the_same_matches_with_its_gate(pieces):
    text = "".join(pieces)
    for pattern in PATTERNS:
        expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in scan(pattern, text)] == expected
        if expected:
            assert may_match(pattern, text)
