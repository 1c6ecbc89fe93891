"""Periods: quarters, halves, nine months, years, months, instants; their contract labels and spans."""

from __future__ import annotations

import calendar
import re
from datetime import date

import cn2an

from transforms.model import Period


class PeriodError(ValueError):
    """A period that cannot be resolved with certainty."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


MIN_YEAR, MAX_YEAR = 1990, 2100


def _check_year(y: int) -> int:
    """A year the data can be about; PeriodError for anything else (a damaged or misread number)."""
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise PeriodError(f"year {y} out of range")
    return y


def quarter(year: int, q: int) -> Period:
    """The calendar quarter `q` of `year`, labelled `2024Q1`."""
    _check_year(year)
    if not 1 <= q <= 4:
        raise PeriodError(f"quarter {q} out of range")
    start_month = 3 * (q - 1) + 1
    return Period("quarter", date(year, start_month, 1), _month_end(year, start_month + 2), f"{year}Q{q}")


def half(year: int, h: int = 1) -> Period:
    """The first or second half of `year`, labelled `2024H1`."""
    _check_year(year)
    if h == 1:
        return Period("half", date(year, 1, 1), date(year, 6, 30), f"{year}H1")
    if h == 2:
        return Period("half", date(year, 7, 1), date(year, 12, 31), f"{year}H2")
    raise PeriodError(f"half {h} out of range")


def nine_months(year: int) -> Period:
    """January to September of `year`, labelled `2024Q1-Q3`."""
    _check_year(year)
    return Period("nine_months", date(year, 1, 1), date(year, 9, 30), f"{year}Q1-Q3")


def year(y: int) -> Period:
    """The calendar year, labelled `2024`."""
    _check_year(y)
    return Period("year", date(y, 1, 1), date(y, 12, 31), f"{y}")


def month(y: int, m: int) -> Period:
    """One calendar month, labelled `2024-03`."""
    _check_year(y)
    if not 1 <= m <= 12:
        raise PeriodError(f"month {m} out of range")
    return Period("month", date(y, m, 1), _month_end(y, m), f"{y}-{m:02d}")


def months(y: int, first: int, last: int) -> Period:
    """A run of months inside one year, labelled `2024-01..2024-02`; a single month is a `month`."""
    _check_year(y)
    if first == last:
        return month(y, first)
    if not 1 <= first < last <= 12:
        raise PeriodError(f"months {first}-{last} out of range")
    if first == 1 and last == 12:
        return year(y)
    if first == 1 and last == 6:
        return half(y, 1)
    if first == 1 and last == 9:
        return nine_months(y)
    if last - first == 2 and first in (1, 4, 7, 10):
        return quarter(y, (first - 1) // 3 + 1)
    return Period("months", date(y, first, 1), _month_end(y, last), f"{y}-{first:02d}..{y}-{last:02d}")


def instant(d: date) -> Period:
    """An as-at date, labelled `2024-03-31`."""
    return Period("instant", d, d, d.isoformat())


def from_label(label: str) -> Period:
    """Rebuild a Period from its contract label."""
    m = re.fullmatch(r"(\d{4})Q([1-4])", label)
    if m:
        return quarter(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})H([12])", label)
    if m:
        return half(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})Q1-Q3", label)
    if m:
        return nine_months(int(m.group(1)))
    if re.fullmatch(r"\d{4}", label):
        return year(int(label))
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    if m:
        return month(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", label)
    if m and m.group(1) == m.group(3):
        return months(int(m.group(1)), int(m.group(2)), int(m.group(4)))
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", label)
    if m:
        return instant(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    raise PeriodError(f"unknown period label {label!r}")


# "将于本周三公布截至去年12月底止第四季及全年业绩": results a text says are still to be announced (simplified text).
RESULTS_TO_COME_ZH = r"(?:将于|将在|将会|即将|定于|将)[^。\n;!?]{0,30}?(?:公布|发布|披露)[^。\n;!?]{0,30}?(?:业绩|财报)"

_CODE = re.compile(r"^(?:([1-4])Q(\d{4})|([12])H(\d{4})|FY(\d{4})|9M(\d{4}))$", re.IGNORECASE)


def from_release_code(code: str) -> Period:
    """Read a release's period code: `1Q2024`, `1H2024`, `FY2024`, `9M2024`."""
    m = _CODE.match(code.strip())
    if not m:
        raise PeriodError(f"not a period code: {code!r}")
    if m.group(1):
        return quarter(int(m.group(2)), int(m.group(1)))
    if m.group(3):
        return half(int(m.group(4)), int(m.group(3)))
    if m.group(5):
        return year(int(m.group(5)))
    return nine_months(int(m.group(6)))


def quarter_ending(d: date) -> Period:
    """The calendar quarter whose last day is `d`; PeriodError when `d` ends no quarter."""
    if (d.month, d.day) not in {(3, 31), (6, 30), (9, 30), (12, 31)}:
        raise PeriodError(f"{d} does not end a quarter")
    return quarter(d.year, d.month // 3)


def span_ending(d: date, n_months: int) -> Period:
    """The period of `n_months` months ending on `d` (3 -> quarter, 6 -> half, 9, 12 -> year)."""
    if d != _month_end(d.year, d.month):
        raise PeriodError(f"{d} is not a month end")
    first = d.month - n_months + 1
    if first < 1:
        raise PeriodError(f"{n_months} months ending {d} cross a year")
    return months(d.year, first, d.month)


def prior_year(p: Period) -> Period:
    """The same period one year earlier."""
    if p.type == "instant":
        try:
            return instant(p.start.replace(year=p.start.year - 1))
        except ValueError:
            return instant(date(p.start.year - 1, p.start.month, 28))
    if p.type in ("month", "months"):
        return months(p.start.year - 1, p.start.month, p.end.month)
    return from_label(re.sub(r"^\d{4}", str(p.start.year - 1), p.label))


def prior_quarter(p: Period) -> Period:
    """The quarter before a quarter."""
    if p.type != "quarter":
        raise PeriodError(f"{p.label} is not a quarter")
    q = (p.start.month - 1) // 3 + 1
    return quarter(p.start.year - 1, 4) if q == 1 else quarter(p.start.year, q - 1)


MONTHS_EN = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
MONTHS_EN["sept"] = 9
MONTHS_EN["sept."] = 9

_EN_DMY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9}\.?)\s*,?\s+(\d{4})\b")
_EN_MDY = re.compile(r"\b([A-Za-z]{3,9}\.?)\s+(\d{1,2})\s*,\s*(\d{4})\b")


def parse_english_date(text: str) -> date:
    """Read `31 March 2024`, `March 31, 2024`, `Nov. 16, 2022` (the first date in `text`)."""
    for m in _EN_MDY.finditer(text):
        mon = MONTHS_EN.get(m.group(1).lower())
        if mon:
            return date(int(m.group(3)), mon, int(m.group(2)))
    for m in _EN_DMY.finditer(text):
        mon = MONTHS_EN.get(m.group(2).lower())
        if mon:
            return date(int(m.group(3)), mon, int(m.group(1)))
    raise PeriodError(f"no English date in {text[:60]!r}")


_ZH_DIGITS = "〇零一二三四五六七八九"
_ZH_DATE = re.compile(r"([〇零一二三四五六七八九\d]{4})\s*年\s*([一二三四五六七八九十\d]{1,3})\s*月\s*(?:([一二三四五六七八九十\d]{1,3})\s*日)?")


def zh_year(text: str) -> int:
    """Digit-wise Chinese year (`二零二四` -> 2024) or Arabic digits."""
    s = text.strip()
    if s.isdigit():
        return int(s)
    out = ""
    for ch in s:
        idx = _ZH_DIGITS.find(ch)
        if idx < 0:
            raise PeriodError(f"not a Chinese year: {text!r}")
        out += "0" if idx <= 1 else str(idx - 1)
    return int(out)


def zh_small_number(text: str) -> int:
    """A month or day in Chinese numerals or digits (`十二` -> 12, `三十一` -> 31)."""
    s = text.strip()
    if s.isdigit():
        return int(s)
    try:
        return int(cn2an.cn2an(s, "normal"))
    except (ValueError, KeyError) as exc:
        raise PeriodError(f"not a Chinese number: {text!r}") from exc


_NUMERIC_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d)")


def blank_dates(text: str) -> str:
    """The text with every date that names a day (Mar 25, 2021; 25 March 2021; 2021年3月25日; 2021-03-25) blanked."""

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    def named(month_group: int):
        return lambda m: blank(m) if m.group(month_group).lower() in MONTHS_EN else m.group(0)

    text = _EN_MDY.sub(named(1), text)
    text = _EN_DMY.sub(named(2), text)
    text = _ZH_DATE.sub(lambda m: blank(m) if m.group(3) else m.group(0), text)
    return _NUMERIC_DATE.sub(blank, text)


def parse_chinese_date(text: str) -> date:
    """Read `二零二四年三月三十一日` or `2024年3月31日` (the first such date in `text`)."""
    m = _ZH_DATE.search(text)
    if not m or not m.group(3):
        raise PeriodError(f"no Chinese date in {text[:60]!r}")
    return date(zh_year(m.group(1)), zh_small_number(m.group(2)), zh_small_number(m.group(3)))
