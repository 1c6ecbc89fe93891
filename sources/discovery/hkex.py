"""HKEXnews: stock id look-up (prefix.do JSONP) and title search (titleSearchServlet.do JSON)."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from sources.discovery.model import Candidate, Rejected, apply_window, dedupe
from sources.errors import ListingError
from sources.http import HttpClient

SOURCE = "hkex"
KIND_HINT = "hkex_announcement"
BASE_URL = "https://www1.hkexnews.hk"
PREFIX_URL = f"{BASE_URL}/search/prefix.do"
TITLE_SEARCH_URL = f"{BASE_URL}/search/titleSearchServlet.do"
STOCK_CODE = "00700"

_JSONP = re.compile(r"^\s*[\w$.]+\s*\((.*)\)\s*;?\s*$", re.S)
_BR = re.compile(r"<br\s*/?>", re.I)
_RESULTS_CATEGORY = re.compile(r"\[\s*(Quarterly Results|Interim Results|Final Results)\b", re.I)
_RESULTS_TITLE = re.compile(
    r"ANNOUNCEMENT\s+OF\s+THE\s+(?:ANNUAL\s+|INTERIM\s+|QUARTERLY\s+)?RESULTS\s+FOR\s+THE\s+"
    r"(?P<span>THREE\s+MONTHS|THREE\s+AND\s+SIX\s+MONTHS|THREE\s+AND\s+NINE\s+MONTHS|SIX\s+MONTHS|"
    r"NINE\s+MONTHS|YEAR)\s+ENDED\s+(?P<day>\d{1,2})\s+(?P<month>[A-Z]+)\s+(?P<year>\d{4})",
    re.I,
)
_ZH_RESULTS_TITLE = re.compile(r"(?:業績公佈|业绩公布|業績公告|业绩公告)")
_MONTH_QUARTER = {"MARCH": 1, "JUNE": 2, "SEPTEMBER": 3, "DECEMBER": 4}


def prefix_params(code: str = STOCK_CODE) -> dict[str, str]:
    """Query parameters of the prefix.do stock look-up for a stock code."""
    return {
        "callback": "callback",
        "lang": "EN",
        "type": "A",
        "name": code.lstrip("0") or code,
        "market": "SEHK",
    }


def parse_prefix(body: str | bytes, code: str = STOCK_CODE) -> int:
    """The internal stockId of `code` from a prefix.do JSONP body."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    m = _JSONP.match(text)
    if not m or not m.group(1).strip():
        raise ListingError(PREFIX_URL, "empty or non-JSONP stock look-up")
    try:
        data = json.loads(m.group(1))
    except json.JSONDecodeError as exc:
        raise ListingError(PREFIX_URL, "stock look-up is not JSON") from exc
    infos = data.get("stockInfo") if isinstance(data, dict) else None
    for info in infos or []:
        if isinstance(info, dict) and str(info.get("code", "")).strip() == code:
            try:
                return int(info["stockId"])
            except (KeyError, TypeError, ValueError) as exc:
                raise ListingError(PREFIX_URL, f"stock {code} has no numeric stockId") from exc
    raise ListingError(PREFIX_URL, f"stock code {code} not in the look-up")


def search_params(
    stock_id: int, from_date: date, to_date: date, lang: str = "EN", t1code: str = "10000"
) -> dict[str, str]:
    """Query parameters of one titleSearchServlet.do request (all results categories of a stock)."""
    return {
        "sortDir": "0",
        "sortByOptions": "DateTime",
        "category": "0",
        "market": "SEHK",
        "stockId": str(stock_id),
        "documentType": "-1",
        "fromDate": from_date.strftime("%Y%m%d"),
        "toDate": to_date.strftime("%Y%m%d"),
        "title": "",
        "searchType": "0",
        "t1code": t1code,
        "t2Gcode": "-2",
        "t2code": "-2",
        "rowRange": "100",
        "lang": lang,
    }


def year_windows(since: date, as_of: date) -> list[tuple[date, date]]:
    """One (from, to) pair per calendar year from `since` to `as_of`, clipped to both ends."""
    return [
        (max(since, date(y, 1, 1)), min(as_of, date(y, 12, 31))) for y in range(since.year, as_of.year + 1)
    ]


def parse_title_search(body: str | bytes) -> list[dict[str, Any]]:
    """The records of a titleSearchServlet.do body, whose 'result' is a JSON array serialised as a string."""
    text = body.decode("utf-8-sig", "replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ListingError(TITLE_SEARCH_URL, "title search body is not JSON") from exc
    if not isinstance(data, dict) or "result" not in data:
        raise ListingError(TITLE_SEARCH_URL, "title search body has no 'result'")
    result = data["result"]
    if isinstance(result, str):
        if not result.strip() or result.strip() == "null":
            return []
        try:
            result = json.loads(result)
        except json.JSONDecodeError as exc:
            raise ListingError(TITLE_SEARCH_URL, "'result' is not a JSON array string") from exc
    if result is None:
        return []
    if not isinstance(result, list) or not all(isinstance(r, dict) for r in result):
        raise ListingError(TITLE_SEARCH_URL, "'result' is not a list of records")
    return result


def is_truncated(body: str | bytes) -> bool:
    """True when a title-search body says more rows exist than it returned (hasNextRow)."""
    try:
        data = json.loads(body.decode("utf-8-sig", "replace") if isinstance(body, bytes) else body)
    except json.JSONDecodeError:
        return False
    return isinstance(data, dict) and data.get("hasNextRow") in (True, "true", "1", 1)


def stock_codes(value: object) -> list[str]:
    """The stock codes of a record's STOCK_CODE field ("00700<br/>80700")."""
    return [c.strip() for c in _BR.split(html.unescape(str(value or ""))) if c.strip()]


def hk_date(value: object) -> date | None:
    """The calendar date (Hong Kong time, as given) of a DATE_TIME "dd/mm/yyyy HH:MM"."""
    text = str(value or "").strip()
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def results_release_code(title: str) -> str | None:
    """The release code (1Q2024, 2Q2024, 3Q2024, FY2024, 1H2024) of an English results headline."""
    m = _RESULTS_TITLE.search(title)
    if not m:
        return None
    span = " ".join(m.group("span").upper().split())
    year, month = m.group("year"), m.group("month").upper()
    if span == "YEAR":
        return f"FY{year}" if month == "DECEMBER" else None
    if span == "SIX MONTHS":
        return f"1H{year}" if month == "JUNE" else None
    quarter = _MONTH_QUARTER.get(month)
    return f"{quarter}Q{year}" if quarter else None


def is_chinese_link(url: str) -> bool:
    """True when a HKEX document URL is the Chinese version (_c.pdf / _C.pdf)."""
    stem = urlsplit(url).path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.lower().endswith("_c")


def chinese_twin(url: str) -> str:
    """The Chinese version of an English HKEX PDF URL: same name with _c (or _C for upper-case LTN names)."""
    parts = urlsplit(url)
    folder, _, name = parts.path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    suffix = "_C" if stem.isupper() else "_c"
    new_name = f"{stem}{suffix}{dot}{ext}"
    return parts._replace(path=f"{folder}/{new_name}").geturl()


def _record_title(record: dict[str, Any]) -> str:
    """The record's headline, unescaped and squeezed."""
    return " ".join(html.unescape(str(record.get("TITLE") or "")).split())


def classify_record(
    record: dict[str, Any], code: str = STOCK_CODE, base_url: str = BASE_URL
) -> Candidate | Rejected:
    """A title-search record judged: a results announcement of `code`, or a rejection with its reason."""
    title = _record_title(record)
    link = str(record.get("FILE_LINK") or "").strip()
    url = urljoin(base_url + "/", link) if link else ""
    if not url:
        return Rejected(f"{base_url}/?NEWS_ID={record.get('NEWS_ID', '')}", title or None, "record has no FILE_LINK")
    codes = stock_codes(record.get("STOCK_CODE"))
    if code not in codes:
        return Rejected(url, title or None, f"other issuer or counter (stock code {'/'.join(codes) or 'none'})")
    category = html.unescape(str(record.get("LONG_TEXT") or ""))
    if not _RESULTS_CATEGORY.search(category):
        return Rejected(url, title or None, f"not a results category ({' '.join(category.split()) or 'none'})")
    period_code = results_release_code(title)
    if period_code is None and not _ZH_RESULTS_TITLE.search(title):
        return Rejected(url, title or None, "headline is not a results announcement (e.g. a dividend form)")
    if str(record.get("FILE_TYPE") or "PDF").strip().upper() != "PDF":
        return Rejected(url, title or None, f"not a PDF ({record.get('FILE_TYPE')})")
    return Candidate(
        url=url,
        source=SOURCE,
        title=title,
        published_at=hk_date(record.get("DATE_TIME")),
        kind_hint=KIND_HINT,
        period_code=period_code,
        language="zh" if is_chinese_link(url) else "en",
    )


def classify_records(
    records: list[dict[str, Any]], *, include_chinese: bool = False, code: str = STOCK_CODE
) -> tuple[list[Candidate], list[Rejected]]:
    """Results announcements among title-search records (plus each Chinese twin on request), and rejections."""
    kept: list[Candidate] = []
    rejected: list[Rejected] = []
    for record in records:
        judged = classify_record(record, code)
        if isinstance(judged, Rejected):
            rejected.append(judged)
            continue
        if judged.language == "zh" and not include_chinese:
            rejected.append(Rejected(judged.url, judged.title, "Chinese version (include_chinese is off)"))
            continue
        kept.append(judged)
        if include_chinese and judged.language == "en":
            kept.append(
                Candidate(
                    url=chinese_twin(judged.url),
                    source=SOURCE,
                    title=judged.title,
                    published_at=judged.published_at,
                    kind_hint=KIND_HINT,
                    period_code=judged.period_code,
                    language="zh",
                )
            )
    return dedupe(kept), rejected


def lookup_stock_id(client: HttpClient, code: str = STOCK_CODE) -> int:
    """The HKEXnews internal stockId of a stock code."""
    resp = client.get(PREFIX_URL, params=prefix_params(code))
    return parse_prefix(resp.content, code)


def discover_hkex(
    client: HttpClient, *, since: date, as_of: date, include_chinese: bool = False, code: str = STOCK_CODE
) -> tuple[list[Candidate], list[Rejected]]:
    """Results announcements of `code` filed in [since, as_of], one title search per calendar year."""
    stock_id = lookup_stock_id(client, code)
    records: list[dict[str, Any]] = []
    truncated: list[Rejected] = []
    for start, end in year_windows(since, as_of):
        resp = client.get(TITLE_SEARCH_URL, params=search_params(stock_id, start, end))
        records.extend(parse_title_search(resp.content))
        if is_truncated(resp.content):
            truncated.append(Rejected(resp.url, None, f"search {start:%Y%m%d}-{end:%Y%m%d} has more rows than returned",
                                      failure=True))
    kept, rejected = classify_records(records, include_chinese=include_chinese, code=code)
    in_window, outside = apply_window(kept, since, as_of)
    return in_window, truncated + rejected + outside
