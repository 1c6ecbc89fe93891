"""How the report writes one figure: missing values, qualifier signs, units and precision."""

from __future__ import annotations

import pandas as pd

QUALIFIER_SIGNS: dict[str, str] = {"eq": "", "approx": "~", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
CURRENCY_WORDS: dict[str, str] = {"CNY": "RMB", "USD": "USD", "HKD": "HKD"}


def blank(value: object) -> bool:
    """True for None, NaN, NaT, pandas NA and text of only spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return bool(result) if isinstance(result, bool) else False


def qualifier_sign(qualifier: object) -> str:
    """The sign written before a figure: '' for eq or missing, '~', '>', '>=', '<', '<=' or the word itself."""
    word = "eq" if blank(qualifier) else str(qualifier)
    return QUALIFIER_SIGNS.get(word, f"{word} ")


def readable(value: object, unit: object, qualifier: object = "eq", precise: bool = False) -> str:
    """A figure in readable units with its qualifier sign: '>80.0%', 'RMB 36.21 bn', '1,411 mn' (precise: more digits)."""
    if blank(value):
        return ""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    unit_text = "" if blank(unit) else str(unit)
    if unit_text == "pct":
        body = f"{number:,.{2 if precise else 1}f}%"
    elif unit_text in CURRENCY_WORDS:
        body = f"{CURRENCY_WORDS[unit_text]} {number / 1e9:,.{3 if precise else 2}f} bn"
    elif unit_text == "count":
        body = f"{number / 1e6:,.{1 if precise else 0}f} mn"
    elif unit_text == "CNY_per_share":
        body = f"RMB {number:,.3f} per share"
    elif unit_text == "ratio":
        body = f"{number:,.3f}x"
    else:
        body = f"{number:,.4g} {unit_text}".strip()
    return qualifier_sign(qualifier) + body
