"""HKEXnews: stock id look-up (prefix.do JSONP) and title search (titleSearchServlet.do JSON).

The search asks for one headline category, the results group (searchType=1, t1code=10000 "Announcements
and Notices", t2Gcode=3 results, t2code=-2 every results sub-type), one calendar year at a time (the servlet
answers windows over 12 months with nothing). `rowRange` is cumulative: while the answer says hasNextRow,
ask again with rowRange=recordCnt; a search that still holds back rows is a TruncatedSearch. The Chinese
filings are separate records with their own sequence numbers, found by searching with lang=ZH.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from sources.discovery.model import Candidate, Rejected, apply_window, dedupe
from sources.discovery.page import date_in_path
from sources.errors import FetchError, ListingError, ReplayMiss, TruncatedSearch
from sources.http import HttpClient
from transforms.normalise.periods import PeriodError, parse_chinese_date

SOURCE = "hkex"
KIND_HINT = "hkex_announcement"
BASE_URL = "https://www1.hkexnews.hk"
PREFIX_URL = f"{BASE_URL}/search/prefix.do"
TITLE_SEARCH_URL = f"{BASE_URL}/search/titleSearchServlet.do"
STOCK_CODE = "00700"
# The results group of headline categories: every results sub-type (final, interim, quarterly).
RESULTS_CATEGORY = {"searchType": "1", "t1code": "10000", "t2Gcode": "3", "t2code": "-2"}
FIRST_ROWS = 100
# The servlet clamps rowRange here and has no offset: more rows in one window cannot be asked for.
ROW_MAX = 10_000
# The `lang` the servlet echoes for each language it honours (an unknown one falls back to English).
LANG_ECHO = {"EN": "E", "ZH": "C"}

_JSONP = re.compile(r"^\s*[\w$.]+\s*\((.*)\)\s*;?\s*$", re.S)
_BR = re.compile(r"<br\s*/?>", re.I)
_CATEGORY_GROUP = re.compile(r"\[([^\]]*)\]")
_RESULTS_LABELS = frozenset({"quarterly results", "interim results", "final results",
                             "季度業績", "中期業績", "末期業績", "季度业绩", "中期业绩", "末期业绩"})
_RESULTS_TITLE = re.compile(
    r"ANNOUNCEMENT\s+OF\s+THE\s+(?:ANNUAL\s+|INTERIM\s+|QUARTERLY\s+)?RESULTS\s+FOR\s+THE\s+"
    r"(?P<span>THREE\s+MONTHS|THREE\s+AND\s+SIX\s+MONTHS|THREE\s+AND\s+NINE\s+MONTHS|SIX\s+MONTHS|"
    r"NINE\s+MONTHS|YEAR)\s+ENDED\s+(?P<day>\d{1,2})\s+(?P<month>[A-Z]+)\s+(?P<year>\d{4})",
    re.I,
)
_ZH_RESULTS_TITLE = re.compile(r"(?:業績公佈|业绩公布|業績公告|业绩公告)")
_ZH_RESULTS_SPAN = re.compile(
    r"截至\s*(?P<date>[〇零一二三四五六七八九\d]{4}\s*年[^日]{1,8}日)\s*止\s*(?P<span>[^業业]{0,16}?)\s*(?:業績|业绩)"
)
# A filing withdrawn for a replacement filed as its own record ("(Cancelled since Headlines Superseded ...)").
_CANCELLED = re.compile(r"^\s*\(\s*cancelled\b", re.I)
_FILING_PATH = re.compile(r"/listconews/[a-z]+/(\d{4})/(\d{2})(\d{2})/", re.I)
_MONTH_QUARTER = {"MARCH": 1, "JUNE": 2, "SEPTEMBER": 3, "DECEMBER": 4}


@dataclass(frozen=True, slots=True)
class Issuer:
    """A listed company whose results filings are searched: stock code, parser family, first filing day, languages."""

    name: str
    code: str
    kind_hint: str
    listed: date
    languages: tuple[str, ...]


# Peers whose results are read from their HKEX filings. Kuaishou files in both languages; its Chinese filing
# ("截至2024年3月31日止三個月的業績公告") is the one its parser reads. It listed on 5 February 2021.
PEERS: tuple[Issuer, ...] = (Issuer("Kuaishou", "01024", "kuaishou_results", date(2021, 2, 5), ("ZH",)),)


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
    stock_id: int, from_date: date, to_date: date, lang: str = "EN", row_range: int = FIRST_ROWS
) -> dict[str, str]:
    """Query parameters of one titleSearchServlet.do request: the results category of one stock."""
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
        **RESULTS_CATEGORY,
        "rowRange": str(row_range),
        "lang": lang,
    }


def year_windows(since: date, as_of: date) -> list[tuple[date, date]]:
    """One (from, to) pair per calendar year from `since` to `as_of`, clipped to both ends."""
    return [
        (max(since, date(y, 1, 1)), min(as_of, date(y, 12, 31))) for y in range(since.year, as_of.year + 1)
    ]


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One title-search answer: its records and what the envelope says about the rows left."""

    records: list[dict[str, Any]]
    has_next: bool
    record_count: int | None
    lang: str | None


def _envelope(body: str | bytes) -> dict[str, Any]:
    """The outer JSON object of a title-search body."""
    text = body.decode("utf-8-sig", "replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ListingError(TITLE_SEARCH_URL, "title search body is not JSON") from exc
    if not isinstance(data, dict) or "result" not in data:
        raise ListingError(TITLE_SEARCH_URL, "title search body has no 'result'")
    return data


def _records(result: object) -> list[dict[str, Any]]:
    """The records of a 'result' field, itself a JSON array serialised as a string."""
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


def _count(value: object) -> int | None:
    """A record count from the envelope (number or numeric string), or None."""
    try:
        return int(str(value).strip()) if value is not None and str(value).strip() else None
    except ValueError:
        return None


def parse_search_page(body: str | bytes) -> SearchPage:
    """A titleSearchServlet.do body: records, hasNextRow, recordCnt and the language echoed."""
    data = _envelope(body)
    lang = data.get("lang")
    return SearchPage(
        records=_records(data["result"]),
        has_next=data.get("hasNextRow") in (True, "true", "1", 1),
        record_count=_count(data.get("recordCnt")),
        lang=str(lang) if lang is not None else None,
    )


def parse_title_search(body: str | bytes) -> list[dict[str, Any]]:
    """The records of a titleSearchServlet.do body, whose 'result' is a JSON array serialised as a string."""
    return parse_search_page(body).records


def next_row_range(page: SearchPage, row_range: int, url: str) -> int:
    """The rowRange that asks for every row of a search that says it has more (its recordCnt)."""
    count = page.record_count
    if count is None or count <= row_range:
        raise TruncatedSearch(url, f"hasNextRow with recordCnt {count} at rowRange {row_range}")
    if count > ROW_MAX:
        raise TruncatedSearch(url, f"{count} records, more than the {ROW_MAX} one search can return")
    return count


def search_window(
    client: HttpClient, stock_id: int, start: date, end: date, lang: str = "EN", first_rows: int = FIRST_ROWS
) -> list[dict[str, Any]]:
    """Every results record of one window; asks again with rowRange=recordCnt, and fails when rows stay back."""
    row_range = first_rows
    for _ in range(3):
        resp = client.get(TITLE_SEARCH_URL, params=search_params(stock_id, start, end, lang, row_range))
        page = parse_search_page(resp.content)
        if page.lang is not None and page.lang != LANG_ECHO.get(lang, page.lang):
            raise ListingError(resp.url, f"asked lang={lang}, the search answered lang={page.lang}")
        if not page.has_next:
            return page.records
        row_range = next_row_range(page, row_range, resp.url)
    raise TruncatedSearch(resp.url, f"search {start:%Y%m%d}-{end:%Y%m%d} still short at rowRange {row_range}")


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


def zh_results_release_code(title: str) -> str | None:
    """The release code of a Chinese results headline (截至二零二四年三月三十一日止三個月業績公佈 -> 1Q2024)."""
    m = _ZH_RESULTS_SPAN.search("".join(title.split()))
    if not m:
        return None
    try:
        end = parse_chinese_date(m.group("date"))
    except PeriodError:
        return None
    span = m.group("span")
    if "年度" in span or "全年" in span:
        return f"FY{end.year}" if end.month == 12 else None
    if ("六個月" in span or "六个月" in span) and "三個月" not in span and "三个月" not in span:
        return f"1H{end.year}" if end.month == 6 else None
    return f"{end.month // 3}Q{end.year}" if end.month in (3, 6, 9, 12) else None


def is_results_category(long_text: str) -> bool:
    """True when a bracketed headline category of a LONG_TEXT is a results one, wherever it is listed."""
    for group in _CATEGORY_GROUP.findall(html.unescape(long_text)):
        if any(" ".join(part.split()).lower() in _RESULTS_LABELS for part in group.split("/")):
            return True
    return False


def filing_date(url: str) -> date | None:
    """The filing day in a HKEX document path (/listconews/sehk/2026/0318/...), or None."""
    return date_in_path(url, _FILING_PATH)


def _record_title(record: dict[str, Any]) -> str:
    """The record's headline, unescaped and squeezed."""
    return " ".join(html.unescape(str(record.get("TITLE") or "")).split())


def classify_record(
    record: dict[str, Any], code: str = STOCK_CODE, base_url: str = BASE_URL, language: str = "en",
    kind_hint: str = KIND_HINT,
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
    if _CANCELLED.search(html.unescape(str(record.get("SHORT_TEXT") or ""))) or _CANCELLED.search(title):
        return Rejected(url, title or None, "cancelled filing (its replacement is filed as its own record)")
    category = html.unescape(str(record.get("LONG_TEXT") or ""))
    if not is_results_category(category):
        return Rejected(url, title or None, f"not a results category ({' '.join(category.split()) or 'none'})")
    period_code = zh_results_release_code(title) if language == "zh" else results_release_code(title)
    if period_code is None and not (language == "zh" and _ZH_RESULTS_TITLE.search(title)):
        return Rejected(url, title or None, "headline is not a results announcement (e.g. a dividend form)")
    is_pdf = str(record.get("FILE_TYPE") or "PDF").strip().upper() == "PDF"
    if not is_pdf or not urlsplit(url).path.lower().endswith(".pdf"):
        return Rejected(url, title or None, f"not a PDF ({record.get('FILE_TYPE') or 'multi-file'})")
    return Candidate(
        url=url,
        source=SOURCE,
        title=title,
        published_at=hk_date(record.get("DATE_TIME")),
        kind_hint=kind_hint,
        period_code=period_code,
        language=language,
    )


def classify_records(
    records: list[dict[str, Any]], *, code: str = STOCK_CODE, language: str = "en", kind_hint: str = KIND_HINT
) -> tuple[list[Candidate], list[Rejected]]:
    """Results announcements among the records of one language's search, and the records turned away."""
    kept: list[Candidate] = []
    rejected: list[Rejected] = []
    for record in records:
        judged = classify_record(record, code, language=language, kind_hint=kind_hint)
        if isinstance(judged, Rejected):
            rejected.append(judged)
        else:
            kept.append(judged)
    return dedupe(kept), rejected


def pair_twins(english: list[Candidate], chinese: list[Candidate]) -> list[Candidate]:
    """Chinese filings given the release code of their English twin (filed the same day) when their headline has none."""
    by_day: dict[date, list[Candidate]] = {}
    for cand in english:
        if cand.published_at is not None:
            by_day.setdefault(cand.published_at, []).append(cand)
    out: list[Candidate] = []
    for cand in chinese:
        twins = by_day.get(cand.published_at, []) if cand.published_at is not None else []
        if cand.period_code is None and len(twins) == 1:
            cand = replace(cand, period_code=twins[0].period_code)
        out.append(cand)
    return out


def lookup_stock_id(client: HttpClient, code: str = STOCK_CODE) -> int:
    """The HKEXnews internal stockId of a stock code."""
    resp = client.get(PREFIX_URL, params=prefix_params(code))
    return parse_prefix(resp.content, code)


def search_language(
    client: HttpClient, stock_id: int, windows: list[tuple[date, date]], lang: str, code: str = STOCK_CODE,
    kind_hint: str = KIND_HINT,
) -> tuple[list[Candidate], list[Rejected]]:
    """Results announcements of `code` in one language over the windows (every window searched in full)."""
    records: list[dict[str, Any]] = []
    for start, end in windows:
        records.extend(search_window(client, stock_id, start, end, lang))
    whole_years = [start.year for start, end in windows if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)]
    if not records and whole_years:
        raise ListingError(TITLE_SEARCH_URL, f"no results filing of stock {code} ({lang}) in all of {whole_years[0]}: "
                           "the search was refused or its parameters no longer apply")
    return classify_records(records, code=code, language="zh" if lang == "ZH" else "en", kind_hint=kind_hint)


def discover_hkex(
    client: HttpClient, *, since: date, as_of: date, include_chinese: bool = False, code: str = STOCK_CODE
) -> tuple[list[Candidate], list[Rejected]]:
    """Results announcements of `code` filed in [since, as_of] (and the Chinese filings on request)."""
    stock_id = lookup_stock_id(client, code)
    windows = year_windows(since, as_of)
    kept, rejected = search_language(client, stock_id, windows, "EN", code)
    if include_chinese:
        chinese, refused = search_language(client, stock_id, windows, "ZH", code)
        kept, rejected = dedupe(kept + pair_twins(kept, chinese)), rejected + refused
    in_window, outside = apply_window(kept, since, as_of)
    return in_window, rejected + outside


def discover_issuer(
    client: HttpClient, issuer: Issuer, *, since: date, as_of: date
) -> tuple[list[Candidate], list[Rejected]]:
    """Results filings of one peer in [since, as_of] (never before it listed), in each of its languages."""
    start = max(since, issuer.listed)
    if start > as_of:
        return [], []
    stock_id = lookup_stock_id(client, issuer.code)
    windows = year_windows(start, as_of)
    kept: list[Candidate] = []
    rejected: list[Rejected] = []
    for lang in issuer.languages:
        found, refused = search_language(client, stock_id, windows, lang, issuer.code, issuer.kind_hint)
        kept, rejected = kept + found, rejected + refused
    in_window, outside = apply_window(dedupe(kept), since, as_of)
    return in_window, rejected + outside


def discover_peers(
    client: HttpClient, *, since: date, as_of: date, peers: tuple[Issuer, ...] = PEERS
) -> tuple[list[Candidate], list[Rejected]]:
    """Every peer's results filings; a peer whose search fails is a failed listing item, a replay without its
    search is skipped (the recording does not carry that peer)."""
    kept: list[Candidate] = []
    rejected: list[Rejected] = []
    for issuer in peers:
        try:
            found, refused = discover_issuer(client, issuer, since=since, as_of=as_of)
        except ReplayMiss:
            continue
        except FetchError as exc:
            rejected.append(Rejected(TITLE_SEARCH_URL, None, f"{issuer.name} ({issuer.code}) results search: {exc}",
                                     failure=True))
            continue
        kept, rejected = kept + found, rejected + refused
    return kept, rejected
