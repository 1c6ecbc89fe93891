"""Snapshot mode: listing pages written from the indexes, bundled documents always discoverable."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sources.discovery import DISCOVERABLE, discover
from sources.discovery.hkex import classify_records, parse_title_search
from sources.discovery.snapshot import INDEX_SOURCE
from sources.discovery.tencent_ir import parse_financial_news
from sources.http import HttpClient
from sources.replay import SNAPSHOT_DIR, ReplayAdapter, load_snapshot, snapshot_as_of
from sources.snapshot_listings import build_listings, write_listings

IR_PDF = "https://static.www.tencent.com/uploads/2024/05/14/a1b2c3d4e5f60718293a4b5c6d7e8f90.pdf"
HK_PDF = "https://www1.hkexnews.hk/listedco/listconews/sehk/2024/0514/2024051400999.pdf"
HK_ZH_REPRINT = "https://www.values.fun/reports/00700/2024Q1.sc.html"
PRN = "https://www.prnewswire.com/news-releases/tencent-announces-2024-first-quarter-results-302140000.html"
ART = "https://36kr.com/p/2760000000000001"
OLD = "https://www.100ec.cn/detail--6400001.html"


def bundle(root: Path) -> Path:
    (root / "snapshot.json").write_text('{"as_of": "2025-11-30"}')
    fam = root / "docs"
    fam.mkdir(parents=True)
    entries = [
        (IR_PDF, "tencent_ir", "Tencent Announces 2024 First Quarter Results", "2024-05-14", "application/pdf"),
        (HK_PDF, "hkex", "ANNOUNCEMENT OF THE RESULTS FOR THE THREE MONTHS ENDED 31 MARCH 2024", "2024-05-14",
         "application/pdf"),
        (HK_ZH_REPRINT, "hkex", "截至二零二四年三月三十一日止三个月业绩公布", "2024-05-14", "text/html; charset=utf-8"),
        (PRN, "prnewswire", "Tencent Announces 2024 First Quarter Results", "2024-05-14", "text/html; charset=utf-8"),
        (ART, "article", "腾讯发布2024年第一季度财报", "2024-05-14", "text/html; charset=utf-8"),
        (OLD, "article", "旧文", "2016-06-01", "text/html; charset=utf-8"),
    ]
    index = []
    for i, (url, source, title, day, ctype) in enumerate(entries):
        name = f"doc{i}.bin"
        (fam / name).write_bytes(f"document {i}".encode())
        index.append({"url": url, "file": name, "content_type": ctype, "source": source, "title": title,
                      "published_at": day})
    (fam / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    return root


def test_generated_listings_list_the_bundled_official_documents(tmp_path):
    root = bundle(tmp_path)
    files = {f.file: f for f in build_listings(load_snapshot(root), date(2025, 11, 30))}
    kept, rejected = parse_financial_news(files["tencent_ir_financial_news.html"].body)
    assert [c.url for c in kept] == [IR_PDF] and rejected == []
    hk, _ = classify_records(parse_title_search(files["hkex_titlesearch_2024.json"].body))
    assert [(c.url, c.period_code, c.published_at) for c in hk] == [(HK_PDF, "1Q2024", date(2024, 5, 14))]
    assert parse_title_search(files["hkex_titlesearch_2023.json"].body) == []
    assert "toDate=20251130" in files["hkex_titlesearch_2025.json"].url


def test_snapshot_discovery_goes_through_listings_and_adds_bundled(tmp_path):
    root = bundle(tmp_path)
    write_listings(root)
    client = HttpClient("snapshot", snapshot_dir=root)
    since, as_of = date(2018, 1, 1), date(2025, 11, 30)
    ir, _ = discover("tencent_ir", client, since=since, as_of=as_of)
    assert [(c.url, c.period_code) for c in ir] == [(IR_PDF, "1Q2024")]
    hk, _ = discover("hkex", client, since=since, as_of=as_of)
    assert [c.url for c in hk] == [HK_PDF, HK_ZH_REPRINT]
    assert hk[0].period_code == "1Q2024"
    prn, _ = discover("prnewswire", client, since=since, as_of=as_of)
    assert [c.url for c in prn] == [PRN]
    config = tmp_path / "sources.yaml"
    config.write_text("articles: []\nfeeds: []\n", encoding="utf-8")
    arts, rejected = discover("articles", client, since=since, as_of=as_of, config_path=config)
    assert [c.url for c in arts] == [ART]
    assert [(r.url, r.reason) for r in rejected] == [(OLD, "published 2016-06-01, before 2018-01-01")]
    nbs, _ = discover("nbs", client, since=since, as_of=as_of)
    assert nbs == []
    served = [u for u in client.adapter.served if "titleSearchServlet" in u]
    assert len(served) == 2025 - 2018 + 1


def test_snapshot_without_listings_still_finds_bundled(tmp_path):
    client = HttpClient("snapshot", snapshot_dir=bundle(tmp_path))
    ir, _ = discover("tencent_ir", client, since=date(2018, 1, 1), as_of=date(2025, 11, 30))
    assert [c.url for c in ir] == [IR_PDF]


def test_stale_listing_items_are_rejected_not_fetched(tmp_path):
    root = bundle(tmp_path)
    write_listings(root)
    page = root / "listings" / "tencent_ir_financial_news.html"
    stale = "https://static.www.tencent.com/uploads/2023/05/17/00000000000000000000000000000000.pdf"
    page.write_text(page.read_text().replace(
        "</div>\n</div>",
        f'<a class="ten_finance_item" href="{stale}"><div>2023.05.17</div>'
        "<div>Tencent Announces 2023 First Quarter Results</div></a>\n  </div>\n</div>",
    ))
    client = HttpClient("snapshot", snapshot_dir=root)
    ir, rejected = discover("tencent_ir", client, since=date(2018, 1, 1), as_of=date(2025, 11, 30))
    assert [c.url for c in ir] == [IR_PDF]
    assert [(r.url, r.reason) for r in rejected] == [(stale, "listed but not in the snapshot")]


@pytest.fixture(scope="module")
def bundled_client() -> HttpClient:
    return HttpClient("snapshot")


@pytest.mark.parametrize("source", DISCOVERABLE)
def test_every_bundled_document_is_discovered_and_served(bundled_client, source):
    as_of = snapshot_as_of()
    since = date(2018, 1, 1)
    found, _ = discover(source, bundled_client, since=since, as_of=as_of)
    urls = {c.url for c in found}
    adapter = bundled_client.adapter
    assert isinstance(adapter, ReplayAdapter)
    for entry in adapter.entries:
        if entry.source in INDEX_SOURCE[source] and entry.family != "listings" and entry.published_at \
                and since <= entry.published_at <= as_of:
            assert entry.url in urls, entry.url
    for url in urls:
        assert adapter.lookup(url) is not None, url
    assert all(c.source in INDEX_SOURCE[source] for c in found)


def test_bundled_listings_parse():
    folder = SNAPSHOT_DIR / "listings"
    if not (folder / "index.json").exists():
        pytest.skip("no listings bundled")
    kept, _ = parse_financial_news((folder / "tencent_ir_financial_news.html").read_bytes())
    assert all(c.source == "tencent_ir" for c in kept)
    for path in sorted(folder.glob("hkex_titlesearch_*.json")):
        records = parse_title_search(path.read_bytes())
        hk, rejected = classify_records(records)
        assert rejected == [] and len(hk) == len(records)


README = SNAPSHOT_DIR / "README.md"
CONFIG = SNAPSHOT_DIR.parent / "config" / "sources.yaml"


def checked_urls() -> dict[str, str]:
    """The README's record: every checked url (as the table writes it) and how it was checked."""
    record: dict[str, str] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1].startswith("<") and cells[1].endswith(">"):
            record[cells[1][1:-1]] = cells[2]
    return record


def configured_urls() -> list[str]:
    """Every url the source configuration lists, in any section."""
    import yaml

    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return [e["url"] for section in config.values() if isinstance(section, list) for e in section
            if isinstance(e, dict) and "url" in e]


def test_every_bundled_and_configured_url_is_recorded_as_checked():
    record = checked_urls()
    endpoints = {u.split("?")[0] for u in record}
    raw = [e for family in SNAPSHOT_DIR.iterdir() if (family / "index.json").is_file()
           for e in json.loads((family / "index.json").read_text(encoding="utf-8"))]
    urls = [e["url"] for e in raw if e["url"]] + configured_urls()
    assert len(urls) > 20
    for url in urls:
        if "/search/" in url or url.endswith("financial-news.html"):
            assert url.split("?")[0] in endpoints, url
            continue
        assert record.get(url), f"{url} is not in the README's record of checked urls"
        assert "left empty" not in record[url]


def test_bundled_documents_without_a_checked_page_are_keyed_locally():
    entries = [e for e in load_snapshot() if e.family != "listings"]
    local = [e for e in entries if e.url.startswith("https://snapshot.invalid/")]
    assert local and all(e.url == f"https://snapshot.invalid/{e.family}/{e.file}" for e in local)
    record = checked_urls()
    assert all(record.get(e.url) for e in entries if e not in local)
