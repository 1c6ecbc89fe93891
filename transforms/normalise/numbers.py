"""Numbers and units as documents write them: separators, scales (million, 亿, 万亿, 百萬), currencies."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import cn2an


class NumberFormatError(ValueError):
    """A string that should hold a number does not."""


SCALES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "千": 1e3,
    "万": 1e4,
    "萬": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "百萬": 1e6,
    "千万": 1e7,
    "千萬": 1e7,
    "亿": 1e8,
    "億": 1e8,
    "十亿": 1e9,
    "十億": 1e9,
    "百亿": 1e10,
    "百億": 1e10,
    "千亿": 1e11,
    "千億": 1e11,
    "万亿": 1e12,
    "萬億": 1e12,
    "万億": 1e12,
    "萬亿": 1e12,
}

CURRENCIES: dict[str, str] = {
    "rmb": "CNY",
    "cny": "CNY",
    "人民币": "CNY",
    "人民幣": "CNY",
    "元": "CNY",
    "usd": "USD",
    "us$": "USD",
    "美元": "USD",
    "hkd": "HKD",
    "hk$": "HKD",
    "港元": "HKD",
    "港币": "HKD",
    "港幣": "HKD",
}

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def scale_factor(word: str) -> float:
    """Multiplier for a scale word (million, bn, 亿, 万亿, 百萬 ...); 1.0 for an empty word."""
    key = word.strip().lower()
    if not key:
        return 1.0
    try:
        return SCALES[key]
    except KeyError as exc:
        raise NumberFormatError(f"unknown scale {word!r}") from exc


def currency_code(word: str) -> str:
    """ISO code for a currency word (RMB, 人民幣, US$, 港元 ...)."""
    try:
        return CURRENCIES[word.strip().lower()]
    except KeyError as exc:
        raise NumberFormatError(f"unknown currency {word!r}") from exc


def clean_number_text(text: str) -> str:
    """Fold full-width digits, unicode minus signs and stray spaces out of a number string."""
    s = unicodedata.normalize("NFKC", text).strip()
    for d in _DASHES:
        s = s.replace(d, "-")
    s = re.sub(r"(?<=\d)\s*([.,])\s*(?=\d)", r"\1", s)
    return s.replace(" ", "")


def parse_number(text: str) -> float:
    """Parse `1,401`, `140.1`, `(1,234)`, `-7`, `50 .1`, `１２３`; raise NumberFormatError otherwise."""
    s = clean_number_text(text)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if not _NUMBER.match(s):
        raise NumberFormatError(f"not a number: {text!r}")
    value = float(s.replace(",", ""))
    return -value if negative else value


def scaled(num_text: str, scale: float) -> float:
    """`num_text` times `scale` without binary noise (257.2 x 1e8 is exactly 25,720,000,000)."""
    value = parse_number(num_text)
    return float(Decimal(repr(value)) * Decimal(repr(scale)))


def decimals(text: str) -> int:
    """How many decimal places a written number carries (`140.1` -> 1, `1,401` -> 0)."""
    s = clean_number_text(text).strip("()")
    return len(s.split(".", 1)[1]) if "." in s else 0


@dataclass(frozen=True, slots=True)
class Amount:
    """A money or count figure in base units, with the text it was read from."""

    value: float
    unit: str
    text: str
    decimals: int


_EN_MONEY = re.compile(
    r"(?P<cur>RMB|USD|HKD|US\$|HK\$)\s*(?P<num>\d[\d,]*(?:\s?\.\s?\d+)?)\s*(?P<scale>trillion|billion|million|bn|mn)?\b",
    re.IGNORECASE,
)
_ZH_MONEY = re.compile(
    r"(?P<cur>人民币|人民幣)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<scale>万亿|萬億|千亿|千億|百亿|百億|百万|百萬|亿|億|万|萬)?\s*(?P<ccy>美元|港元|元)"
)


def parse_money(text: str) -> Amount:
    """Read the first money amount in `text` (`RMB140.1 billion`, `人民幣1,401億元`, `4.9万亿元`)."""
    m = _EN_MONEY.search(text)
    if m:
        num = m.group("num")
        value = scaled(num, scale_factor(m.group("scale") or ""))
        return Amount(value, currency_code(m.group("cur")), m.group(0).strip(), decimals(num))
    m = _ZH_MONEY.search(text)
    if m:
        num = m.group("num")
        value = scaled(num, scale_factor(m.group("scale") or ""))
        return Amount(value, currency_code(m.group("ccy")), m.group(0).strip(), decimals(num))
    raise NumberFormatError(f"no money amount in {text!r}")


def half_unit(value_text: str, scale: float = 1.0) -> float:
    """Half of the last written digit, in base units: the rounding a printed figure carries."""
    return 0.5 * 10.0 ** (-decimals(value_text)) * scale


_PRINTED_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SEPARATOR_SPACES = re.compile(r"(?<=\d)\s*([.,])\s*(?=\d)")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # zero-width characters a figure may carry
_POWER_OF_TEN_SLACK = 1e-6


@dataclass(frozen=True, slots=True)
class Printed:
    """How a figure was printed: decimals of the written number and the scale to base units."""

    decimals: int
    scale: float


def printed(reported_text: str, value: float) -> Printed | None:
    """The written number in `reported_text` that `value` was read from, as decimals and scale; None if none."""
    text = _SEPARATOR_SPACES.sub(r"\1", unicodedata.normalize("NFKC", _INVISIBLE.sub("", reported_text or "")))
    best: tuple[float, Printed] | None = None
    for m in _PRINTED_NUMBER.finditer(text):
        token = m.group(0).rstrip(",")
        try:
            number = abs(parse_number(token))
        except NumberFormatError:
            continue
        if number == 0 or value == 0:
            if number == 0 and value == 0:
                candidate = (0.0, Printed(decimals(token), 1.0))
                best = candidate if best is None or candidate[0] < best[0] else best
            continue
        ratio = abs(value) / number
        if not math.isfinite(ratio) or ratio == 0:
            continue  # an overflowing number ("1" followed by hundreds of digits) was not what value was read from
        exponent = math.log10(ratio)
        miss = abs(exponent - round(exponent))
        scale = 10.0 ** round(exponent) if miss < _POWER_OF_TEN_SLACK else ratio
        candidate = (miss, Printed(decimals(token), scale))
        if best is None or candidate[0] < best[0]:
            best = candidate
    return best[1] if best else None


def printed_tolerance(reported_text: str, value: float) -> float:
    """Half a unit of the last printed digit, in the value's base units (`1,401億元` -> 0.5e8); 0 if no digits."""
    p = printed(reported_text, value)
    if p is None:
        return 0.0
    return 0.5 * 10.0 ** (-p.decimals) * p.scale


_LOOSE_MIN_DIGITS = 2  # a loose level written with one significant digit ("more than 1 billion") spans too wide a range


def loosely_restates(rough_text: str, rough_value: float, qualifier: str, value: float, places: int) -> bool:
    """Whether `value`, written with `places` decimals, lies where a loose figure's qualifier and last digit put it."""
    p = printed(rough_text, rough_value)
    if p is None or places <= p.decimals or rough_value <= 0:
        return False
    if len(str(round(rough_value / p.scale * 10**p.decimals))) < _LOOSE_MIN_DIGITS:
        return False
    step = p.scale * 10.0 ** -p.decimals
    if qualifier in ("gt", "gte"):
        return rough_value <= value < rough_value + step
    if qualifier in ("lt", "lte"):
        return rough_value - step < value <= rough_value
    return abs(value - rough_value) <= step / 2 + 1e-6 * step


# A figure a space splits: `RMB97\u2009236 million` (a thin or no-break space as a digit-group separator),
# `约为1 000亿元` (a space before the thousands of a Chinese amount), `RMB2.54 8` (a decimal broken by a space).
_SPLIT_GROUP = re.compile(r"[\u00a0\u2009\u202f]\d{3}(?![\d]|[.,]\d)|[ \t]\d{3}(?![\d]|[.,]\d)\s*(?:万亿|亿|万|千|百)")
_SPLIT_DECIMAL = re.compile(r"[ \t\u00a0\u2009\u202f]\d{1,2}(?![\d%]|[.,]\d)")


def split_by_a_space(written: str, after: str) -> bool:
    """Whether a written figure goes on after a space (`after` is the text right after it), so that the figure as
    read is only part of the number."""
    tail = re.search(r"(\d[\d,]*)(\.\d+)?$", written)
    if tail is None:
        return False
    if tail.group(2):
        return _SPLIT_DECIMAL.match(after) is not None
    return _SPLIT_GROUP.match(after) is not None


# The characters of a number written in Chinese numerals (九十六, 六百七十六, 二〇二三).
ZH_NUMERALS = "零〇一二两三四五六七八九十百千"


def zh_numeral(text: str) -> float:
    """A number written in Chinese numerals (`九十六` -> 96, `八亿五千万` -> 850000000); NumberFormatError otherwise."""
    try:
        return float(cn2an.cn2an(text.strip(), "normal"))
    except (ValueError, KeyError) as exc:
        raise NumberFormatError(f"not a Chinese numeral: {text!r}") from exc


def zh_tenths(whole: str, tenth: str = "") -> float:
    """A percentage written in tenths (`四`,`八` for 四成八 -> 48; `五`,`半` -> 55); NumberFormatError otherwise."""
    extra = 5.0 if tenth == "半" else zh_numeral(tenth) if tenth else 0.0
    if not 0 <= extra <= 9:
        raise NumberFormatError(f"not a tenth digit: {tenth!r}")
    return zh_numeral(whole) * 10 + extra


def zh_decimal(whole: str, digits: str = "") -> float:
    """A number in Chinese numerals with decimals read digit by digit (`十二`,`五` -> 12.5); NumberFormatError otherwise."""
    if not digits:
        return zh_numeral(whole)
    tail = "".join(str(int(zh_numeral(ch))) for ch in digits)
    return float(Decimal(repr(zh_numeral(whole))) + Decimal("0." + tail))
