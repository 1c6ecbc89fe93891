"""The inbox: documents an analyst drops into <data-dir>/inbox/ by hand."""

from __future__ import annotations

from pathlib import Path

from sources.discovery.model import Candidate, Rejected
from sources.errors import FetchError, TooLarge

SOURCE = "inbox"
URL_PREFIX = "inbox:"
INBOX_MAX_BYTES = 50 * 1024 * 1024
CONTENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}


def inbox_url(name: str) -> str:
    """The pseudo-URL of an inbox file."""
    return f"{URL_PREFIX}{name}"


def inbox_content_type(name: str) -> str | None:
    """The media type of an inbox file by its extension, or None when not accepted."""
    return CONTENT_TYPES.get(Path(name).suffix.lower())


def scan_inbox(
    inbox_dir: Path, *, max_bytes: int = INBOX_MAX_BYTES
) -> tuple[list[Candidate], list[Rejected]]:
    """Accepted inbox files (PDF, HTML, HTM, TXT within the cap) and the others with reasons, by name."""
    folder = Path(inbox_dir)
    if not folder.is_dir():
        return [], []
    kept: list[Candidate] = []
    rejected: list[Rejected] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        url = inbox_url(path.name)
        if path.is_symlink() or not path.is_file():
            rejected.append(Rejected(url, path.name, "not a regular file"))
            continue
        media = inbox_content_type(path.name)
        if media is None:
            rejected.append(Rejected(url, path.name, f"unsupported file type {path.suffix or '(none)'!r}"))
            continue
        size = path.stat().st_size
        if size > max_bytes:
            rejected.append(Rejected(url, path.name, f"file of {size} bytes exceeds the {max_bytes}-byte cap"))
            continue
        if size == 0:
            rejected.append(Rejected(url, path.name, "empty file"))
            continue
        kept.append(Candidate(url=url, source=SOURCE, title=path.stem, published_at=None, kind_hint=None))
    return kept, rejected


def inbox_candidates(inbox_dir: Path, *, max_bytes: int = INBOX_MAX_BYTES) -> list[Candidate]:
    """Candidates for the accepted files in the inbox folder, by name."""
    return scan_inbox(inbox_dir, max_bytes=max_bytes)[0]


def inbox_path(inbox_dir: Path, url: str) -> Path:
    """The file an inbox: URL names, refusing names that leave the folder."""
    if not url.startswith(URL_PREFIX):
        raise FetchError(url, "not an inbox URL")
    name = url[len(URL_PREFIX) :]
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise FetchError(url, "inbox URL must name a file in the inbox folder")
    return Path(inbox_dir) / name


def read_inbox_file(path: Path, *, max_bytes: int = INBOX_MAX_BYTES) -> bytes:
    """The bytes of an inbox file, refusing files larger than the cap."""
    name = inbox_url(Path(path).name)
    if Path(path).is_symlink():
        raise FetchError(name, "inbox entry is a symbolic link, not a regular file")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FetchError(name, f"cannot read ({type(exc).__name__})") from exc
    if len(data) > max_bytes:
        raise TooLarge(name, max_bytes)
    return data
