"""Format sniffing: a bracket at the start of a text is JSON only when the whole text parses as JSON."""

from __future__ import annotations

from transforms.parse.document import sniff_format


def test_text_opening_with_a_bracketed_tag_is_text() -> None:
    """A news copy whose first line is an ad placeholder in brackets is read as text."""
    data = b"[ad_1]\nTencent said on Wednesday its revenue rose 11% to 149.2 billion yuan.\n"
    assert sniff_format(data) == "text"


def test_valid_json_array_is_json() -> None:
    """A real JSON array with no declared type is still JSON."""
    assert sniff_format(b'[{"title": "results", "value": 1}]') == "json"
    assert sniff_format(b' {"a": [1, 2]}') == "json"


def test_broken_object_is_text() -> None:
    """An opening brace followed by prose is not JSON."""
    assert sniff_format(b"{Updated} Tencent results beat estimates") == "text"
