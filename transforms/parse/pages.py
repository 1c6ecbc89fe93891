"""Site layouts read with BeautifulSoup (lxml builder): a wire-service release page's own parts, a page's embedded state.

Each reader returns the markup or data a parser should read, or None when the page is not of its layout; the
text itself is then rendered by the one HTML-to-text path (transforms.normalise.markup).
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from typing import Any

from bs4 import BeautifulSoup, Tag

from transforms.model import UnsupportedDocument

# PR Newswire: the headline block, the release column, and the list of the issuer's other releases after it.
_RELEASE_HINT = "release-body"
_RELEASE_COLUMN = "section.release-body div.col-lg-10"
_RELEASE_HEADER = "header.release-header"
_MORE_RELEASES = re.compile(r"^\s*(?:also\s+from\s+this\s+source|more\s+news\s+from\s+this\s+source)\s*:?\s*$", re.I)


def soup_of(markup: str) -> BeautifulSoup:
    """A page parsed with the lxml builder."""
    return BeautifulSoup(markup, "lxml")


def _cut_from(node: Tag, stop: Tag) -> None:
    """Remove `node` and everything after it inside `stop` (its later siblings, and theirs at every level up)."""
    current: Tag | None = node
    while current is not None and current is not stop:
        for later in list(current.find_next_siblings()):
            later.decompose()
        parent = current.parent
        if current is node:
            current.decompose()
        current = parent


def _release_column(soup: BeautifulSoup) -> Tag | None:
    """The first release column with text, cut before any list of the issuer's other releases."""
    column = next((c for c in soup.select(_RELEASE_COLUMN) if c.get_text(strip=True)), None)
    if column is None:
        return None
    for text in column.find_all(string=_MORE_RELEASES):
        heading = text.parent if isinstance(text.parent, Tag) else None
        if heading is not None and heading is not column:
            _cut_from(heading, column)
            break
    return column


def _header_lines(soup: BeautifulSoup) -> list[str]:
    """The headline, subheadline, provider and date lines of a release header, in page order."""
    header = soup.select_one(_RELEASE_HEADER)
    if header is None:
        return []
    lines = []
    for tag in header.find_all(["h1", "h2", "p"]):
        if tag.name == "p" and "mb-no" not in (tag.get("class") or []):
            continue
        text = " ".join(tag.get_text(" ", strip=True).split())
        if text:
            lines.append(f"<{tag.name}>{html.escape(text)}</{tag.name}>")
    provider = header.select_one("a > strong")
    if provider is not None and provider.get_text(strip=True):
        lines.append(f"<p>{html.escape(provider.get_text(' ', strip=True))}</p>")
    return lines


def wire_release_markup(markup: str) -> str | None:
    """A PR Newswire release page reduced to its header (title, provider, date) and its release column, without the
    list of other releases that follows; None for any other page."""
    if _RELEASE_HINT not in markup:
        return None
    soup = soup_of(markup)
    column = _release_column(soup)
    if column is None:
        return None
    head = "".join(_header_lines(soup))
    return f"<html><body><div class=\"release-header\">{head}</div>{column}</body></html>"


# 36Kr: `window.initialState={"state":"<base64>","isEncrypt":true}`, the state AES-128-ECB encrypted (PKCS#7) under the
# site's public page key, the one every open 36Kr reader uses.
_STATE_SCRIPT = re.compile(r"window\.initialState\s*=")
_STATE_KEY = b"efabccee-b754-4c"


class EncryptedState(UnsupportedDocument):
    """A page whose embedded state is encrypted and could not be decrypted into JSON."""


def _state_source(markup: str) -> str | None:
    """The JSON text assigned to `window.initialState` in a page's scripts, or None."""
    if "initialState" not in markup:
        return None
    for script in soup_of(markup).find_all("script"):
        code = script.string or ""
        m = _STATE_SCRIPT.search(code)
        if m:
            return code[m.end() :].lstrip()
    return None


def decrypt_state(token: str) -> Any:
    """The JSON an encrypted page state holds (base64 of AES-128-ECB with PKCS#7 padding); EncryptedState if not."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    try:
        data = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EncryptedState("encrypted page state is not base64") from exc
    if not data or len(data) % 16:
        raise EncryptedState("encrypted page state is not whole AES blocks")
    decryptor = Cipher(algorithms.AES(_STATE_KEY), modes.ECB()).decryptor()  # noqa: S305 - the site's own scheme
    plain = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        plain = unpadder.update(plain) + unpadder.finalize()
        return json.loads(plain.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise EncryptedState("encrypted page state does not decrypt to JSON with the known page key") from exc


def page_state(markup: str) -> Any:
    """The object a page assigns to `window.initialState` (decrypted when the page encrypts it), or None."""
    source = _state_source(markup)
    if source is None:
        return None
    try:
        state, _ = json.JSONDecoder().raw_decode(source)  # the object only: more script may follow it
    except json.JSONDecodeError as exc:
        raise UnsupportedDocument(f"initialState JSON is malformed: {exc.msg}") from exc
    if isinstance(state, dict) and state.get("isEncrypt") is True:
        token = state.get("state")
        if not isinstance(token, str):
            raise EncryptedState("encrypted page state has no state string")
        return decrypt_state(token)
    return state
