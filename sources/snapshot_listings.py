"""Write the snapshot's listing pages (IR financial news, HKEX look-up and title search) from its indexes.

Run `python -m sources.snapshot_listings` after adding documents to sources/snapshot/<family>/ so the
listing pages in sources/snapshot/listings/ list them the way the live sites would.
"""

from __future__ import annotations

import html
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sources.discovery.hkex import (
    PREFIX_URL,
    TITLE_SEARCH_URL,
    is_chinese_link,
    prefix_params,
    results_release_code,
)
from sources.discovery.tencent_ir import FINANCIAL_NEWS_URL, release_code
from sources.replay import SNAPSHOT_DIR, SnapshotEntry, load_snapshot, snapshot_as_of

LISTINGS = "listings"
STOCK_ID = 7609
IR_HOSTS = frozenset({"static.www.tencent.com", "www.tencent.com"})
HKEX_HOSTS = frozenset({"www1.hkexnews.hk", "www.hkexnews.hk", "www3.hkexnews.hk"})


@dataclass(frozen=True, slots=True)
class ListingFile:
    """One listing response to bundle: the URL it answers, its file name, type and bytes."""

    url: str
    file: str
    content_type: str
    body: bytes


def _host(url: str) -> str:
    """Lower-cased host of a URL."""
    return (urlsplit(url).hostname or "").lower()


def ir_entries(entries: list[SnapshotEntry]) -> list[SnapshotEntry]:
    """Bundled Tencent IR results releases (dated, titled, on Tencent's hosts), newest first."""
    found = [
        e
        for e in entries
        if e.source == "tencent_ir" and _host(e.url) in IR_HOSTS and e.title and e.published_at
        and release_code(e.title)
    ]
    return sorted(found, key=lambda e: (e.published_at, e.url), reverse=True)


def hkex_entries(entries: list[SnapshotEntry]) -> list[SnapshotEntry]:
    """Bundled English HKEX results announcements on hkexnews, newest first."""
    found = [
        e
        for e in entries
        if e.source == "hkex" and _host(e.url) in HKEX_HOSTS and e.title and e.published_at
        and not is_chinese_link(e.url) and results_release_code(e.title)
    ]
    return sorted(found, key=lambda e: (e.published_at, e.url), reverse=True)


def render_financial_news(entries: list[SnapshotEntry]) -> str:
    """The IR financial-news page (current layout) listing the given releases."""
    items = "\n".join(
        f'    <a class="ten_finance_item" href="{html.escape(e.url)}" target="_blank">\n'
        f'      <div class="ten_finance_item_date">{e.published_at:%Y.%m.%d}</div>\n'
        f'      <div class="ten_finance_item_title">{html.escape(e.title or "")}</div>\n'
        "    </a>"
        for e in entries
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Financial News - Investors - Tencent</title>\n</head>\n<body>\n"
        '<div class="ten_main">\n  <h2 class="ten_title">Financial News</h2>\n'
        f'  <div class="ten_finance_list">\n{items}\n  </div>\n</div>\n</body>\n</html>\n'
    )


def render_prefix() -> str:
    """The prefix.do JSONP answer for 700 (stockId of 00700)."""
    info = {"more": "0", "stockInfo": [{"stockId": STOCK_ID, "code": "00700", "name": "TENCENT"}]}
    return f"callback({json.dumps(info, separators=(',', ':'))});\n"


def _category(title: str) -> str:
    """The LONG_TEXT category HKEXnews gives a results announcement with this headline."""
    code = results_release_code(title) or ""
    if code.startswith("FY"):
        return "Announcements and Notices - [Final Results &#x2f; Dividend or Distribution]"
    if code.startswith("2Q") or code.startswith("1H"):
        return "Announcements and Notices - [Interim Results]"
    return "Announcements and Notices - [Quarterly Results]"


def _record(entry: SnapshotEntry, seq: int) -> dict[str, str]:
    """A titleSearchServlet record for one bundled announcement."""
    assert entry.published_at is not None
    return {
        "FILE_INFO": "",
        "NEWS_ID": str(seq),
        "SHORT_TEXT": "Announcements and Notices",
        "TOTAL_COUNT": "0",
        "DOD_WEB_PATH": "",
        "STOCK_NAME": "TENCENT",
        "TITLE": entry.title or "",
        "FILE_TYPE": "PDF",
        "DATE_TIME": f"{entry.published_at:%d/%m/%Y}",
        "LONG_TEXT": _category(entry.title or ""),
        "STOCK_CODE": "00700",
        "FILE_LINK": urlsplit(entry.url).path,
    }


def render_title_search(entries: list[SnapshotEntry], year: int) -> str:
    """The titleSearchServlet.do body for one calendar year (result as a JSON string)."""
    records = [_record(e, 10_000_000 + i) for i, e in enumerate(entries) if e.published_at and e.published_at.year == year]
    body = {
        "result": json.dumps(records, ensure_ascii=False),
        "hasNextRow": False,
        "rowRange": 100,
        "loadedRecord": len(records),
        "recordCnt": len(records),
    }
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _year_end(year: int, as_of: date) -> date:
    """The toDate discovery sends for a year: 31 December, or the snapshot date in its own year."""
    return min(date(year, 12, 31), as_of)


def build_listings(
    entries: list[SnapshotEntry], as_of: date, first_year: int = 2018
) -> list[ListingFile]:
    """The listing responses that list the bundled IR and HKEX documents."""
    files = [
        ListingFile(FINANCIAL_NEWS_URL, "tencent_ir_financial_news.html", "text/html; charset=utf-8",
                    render_financial_news(ir_entries(entries)).encode("utf-8")),
        ListingFile(f"{PREFIX_URL}?{urlencode(prefix_params())}", "hkex_prefix.jsonp",
                    "text/javascript; charset=utf-8", render_prefix().encode("utf-8")),
    ]
    hkex = hkex_entries(entries)
    for year in range(first_year, as_of.year + 1):
        query = urlencode({"stockId": STOCK_ID, "toDate": f"{_year_end(year, as_of):%Y%m%d}", "lang": "EN"})
        files.append(
            ListingFile(f"{TITLE_SEARCH_URL}?{query}", f"hkex_titlesearch_{year}.json",
                        "application/json; charset=utf-8", render_title_search(hkex, year).encode("utf-8"))
        )
    return files


def write_listings(snapshot_dir: Path | None = None) -> list[Path]:
    """Rewrite <snapshot>/listings/ (files and index.json) from the other folders' indexes."""
    root = Path(snapshot_dir) if snapshot_dir is not None else SNAPSHOT_DIR
    entries = [e for e in load_snapshot(root) if e.family != LISTINGS]
    files = build_listings(entries, snapshot_as_of(root))
    folder = root / LISTINGS
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in files:
        (folder / item.file).write_bytes(item.body)
        written.append(folder / item.file)
    index = [
        {"url": f.url, "file": f.file, "content_type": f.content_type, "title": f.file}
        for f in files
    ]
    (folder / "index.json").write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    return written + [folder / "index.json"]


def main() -> int:
    """Write the listings of the bundled snapshot and say how many files."""
    paths = write_listings()
    sys.stdout.write(f"wrote {len(paths)} files to {paths[-1].parent}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
