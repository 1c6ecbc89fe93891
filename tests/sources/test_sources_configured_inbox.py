"""Configured (YAML) discovery and the inbox."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sources.discovery import discover
from sources.discovery.configured import (
    CONFIG_PATH,
    configured_allowed_hosts,
    discover_configured,
    load_config,
)
from sources.errors import ConfigError, FetchError, TooLarge
from sources.http import HttpClient
from sources.inbox import inbox_candidates, inbox_content_type, inbox_path, read_inbox_file, scan_inbox

CONFIG = """\
# test list
prnewswire:
  - url: https://www.prnewswire.com/news-releases/tencent-announces-2024-first-quarter-results-302145678.html
    title: Tencent Announces 2024 First Quarter Results
    published_at: 2024-05-14
    kind: results_release_en
  - url: https://www.prnewswire.com/apac/news-releases/tencent-announces-2019-first-quarter-results-300851234.html
    published_at: "2019-05-15"
articles:
  - url: https://36kr.com/p/2765432109876543
    title: 腾讯一季度财报
  - https://www.100ec.cn/detail--6634567.html
  - url: https://unlisted-blog.example.com/post/1
nbs: []
allowed_hosts:
  - Unlisted-Blog.example.com
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_bundled_config_has_the_three_sections():
    data = load_config(CONFIG_PATH)
    assert {"prnewswire", "articles", "nbs"} <= set(data)
    assert CONFIG_PATH.read_text(encoding="utf-8").startswith("#")
    for section in ("prnewswire", "articles", "nbs"):
        discover_configured(section)


def test_configured_entries_become_candidates(config):
    prn = discover_configured("prnewswire", config)
    assert prn[0].source == "prnewswire"
    assert prn[0].title == "Tencent Announces 2024 First Quarter Results"
    assert prn[0].published_at == date(2024, 5, 14)
    assert prn[0].kind_hint == "results_release_en"
    assert prn[1].published_at == date(2019, 5, 15) and prn[1].title is None and prn[1].kind_hint is None
    arts = discover_configured("articles", config)
    assert [a.source for a in arts] == ["article"] * 3
    assert arts[1].url == "https://www.100ec.cn/detail--6634567.html"
    assert arts[0].kind_hint == "article"
    assert discover_configured("nbs", config) == []


def test_configured_allowed_hosts(config):
    assert configured_allowed_hosts(config) == frozenset({"unlisted-blog.example.com"})


def test_discover_configured_applies_window_and_allowlist(config):
    client = HttpClient("live")
    kept, rejected = discover("prnewswire", client, since=date(2020, 1, 1), as_of=date(2025, 11, 30), config_path=config)
    assert [c.published_at for c in kept] == [date(2024, 5, 14)]
    assert rejected[0].reason.startswith("published 2019-05-15, before")
    kept, rejected = discover("articles", client, since=date(2020, 1, 1), as_of=date(2025, 11, 30), config_path=config)
    assert len(kept) == 2
    assert rejected[0].url == "https://unlisted-blog.example.com/post/1"
    assert "allowlist" in rejected[0].reason


@pytest.mark.parametrize(
    "text",
    [
        "prnewswire: {url: x}\n",
        "prnewswire:\n  - title: no url\n",
        "prnewswire:\n  - url: ftp://example.com/a\n",
        "prnewswire:\n  - url: https://www.prnewswire.com/a.html\n    published_at: 14 May 2024\n",
        "- just a list\n",
        "prnewswire: [\n",
    ],
)
def test_bad_config_raises_config_error(tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        discover_configured("prnewswire", path)
    assert isinstance(info.value, FetchError) and "\n" not in str(info.value)


def test_missing_config_and_unknown_section(tmp_path):
    with pytest.raises(ConfigError):
        discover_configured("nbs", tmp_path / "nope.yaml")
    with pytest.raises(ValueError):
        discover_configured("tencent_ir")


def test_empty_config_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n")
    assert discover_configured("articles", path) == []


# --- inbox -----------------------------------------------------------------------------------


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "b_release.PDF").write_bytes(b"%PDF-1.4 stub")
    (box / "a_article.html").write_bytes(b"<html>a</html>")
    (box / "c_page.htm").write_bytes(b"<html>c</html>")
    (box / "d_notes.txt").write_bytes("腾讯".encode())
    (box / "e_sheet.xlsx").write_bytes(b"PK\x03\x04")
    (box / "f_big.txt").write_bytes(b"x" * 2048)
    (box / "g_empty.html").write_bytes(b"")
    (box / ".DS_Store").write_bytes(b"junk")
    (box / "sub").mkdir()
    return box


def test_inbox_candidates_accepts_pdf_html_htm_txt(inbox):
    cands = inbox_candidates(inbox, max_bytes=1024)
    assert [c.url for c in cands] == ["inbox:a_article.html", "inbox:b_release.PDF", "inbox:c_page.htm", "inbox:d_notes.txt"]
    assert all(c.source == "inbox" and c.published_at is None for c in cands)
    assert cands[0].title == "a_article"


def test_inbox_rejections_have_reasons(inbox):
    _, rejected = scan_inbox(inbox, max_bytes=1024)
    reasons = {r.url: r.reason for r in rejected}
    assert reasons["inbox:e_sheet.xlsx"] == "unsupported file type '.xlsx'"
    assert "exceeds the 1024-byte cap" in reasons["inbox:f_big.txt"]
    assert reasons["inbox:g_empty.html"] == "empty file"
    assert reasons["inbox:sub"] == "not a regular file"
    assert "inbox:.DS_Store" not in reasons


def test_missing_inbox_is_empty(tmp_path):
    assert inbox_candidates(tmp_path / "absent") == []


def test_read_inbox_file_is_capped(inbox):
    assert read_inbox_file(inbox / "d_notes.txt") == "腾讯".encode()
    with pytest.raises(TooLarge) as info:
        read_inbox_file(inbox / "f_big.txt", max_bytes=1024)
    assert "inbox:f_big.txt" in str(info.value)
    with pytest.raises(FetchError):
        read_inbox_file(inbox / "absent.txt")


def test_inbox_path_and_types(inbox):
    assert inbox_path(inbox, "inbox:a_article.html") == inbox / "a_article.html"
    for bad in ("inbox:../secret.txt", "inbox:", "https://x/y", "inbox:a/b.txt"):
        with pytest.raises(FetchError):
            inbox_path(inbox, bad)
    assert inbox_content_type("X.PDF") == "application/pdf"
    assert inbox_content_type("x.htm") == "text/html"
    assert inbox_content_type("x.doc") is None
