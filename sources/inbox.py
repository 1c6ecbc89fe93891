"""The inbox: documents an analyst drops into <data-dir>/inbox/ by hand."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sources.discovery.model import Candidate, Rejected
from sources.errors import FetchError, NotRegularFile, TooLarge

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


def safe_name(name: str) -> str:
    """A file name as text any table or terminal takes: bytes that are not UTF-8 read as GB18030 (the names of
    archives packed on Chinese Windows), else each such byte written %XX."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return _escaped(raw)


def _escaped(raw: bytes) -> str:
    """A byte string's UTF-8 runs as text, every other byte written %XX."""
    text = raw.decode("utf-8", "surrogateescape")
    return "".join(f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff" else c for c in text)


def on_disk(folder: Path, name: str) -> Path:
    """The file of the inbox folder that reads under `name` (its own name, or the safe name of an undecodable one)."""
    direct = Path(folder) / name
    if os.path.lexists(direct):
        return direct
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return direct
    return next((e for e in entries if e.name != name and safe_name(e.name) == name), direct)


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
    seen: set[str] = set()
    for path in sorted(folder.iterdir(), key=lambda p: os.fsencode(p.name)):
        if path.name.startswith("."):
            continue
        name = safe_name(path.name)
        url = inbox_url(name)
        if name in seen:
            rejected.append(Rejected(url, name, "another file of the inbox reads under the same name"))
            continue
        seen.add(name)
        if path.is_symlink() or not path.is_file():
            rejected.append(Rejected(url, name, "not a regular file"))
            continue
        media = inbox_content_type(name)
        if media is None:
            rejected.append(Rejected(url, name, f"unsupported file type {Path(name).suffix or '(none)'!r}"))
            continue
        size = path.stat().st_size
        if size > max_bytes:
            rejected.append(Rejected(url, name, f"file of {size} bytes exceeds the {max_bytes}-byte cap"))
            continue
        if size == 0:
            rejected.append(Rejected(url, name, "empty file"))
            continue
        kept.append(Candidate(url=url, source=SOURCE, title=Path(name).stem, published_at=None, kind_hint=None))
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
    return on_disk(Path(inbox_dir), name)


def read_inbox_file(path: Path, *, max_bytes: int = INBOX_MAX_BYTES) -> bytes:
    """The bytes of an inbox file (named as on disk or by its safe name), refusing files larger than the cap."""
    path = on_disk(Path(path).parent, Path(path).name)
    name = inbox_url(safe_name(path.name))
    if Path(path).is_symlink():
        raise FetchError(name, "inbox entry is a symbolic link, not a regular file")
    return read_regular_file(path, max_bytes=max_bytes, name=name, follow_links=False)


_FILE_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a stat mode names, in words (for a refusal)."""
    return next((word for test, word in _FILE_KINDS if test(mode)), "a special file")


def read_regular_file(path: Path, *, max_bytes: int, name: str | None = None, follow_links: bool = True) -> bytes:
    """The bytes of a regular file, never more than `max_bytes` read (TooLarge beyond); a FIFO, device, directory or
    socket is refused before any read can block or run on (NotRegularFile). `name` names the file in errors."""
    name = name or safe_name(str(path))
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_links:
            raise FetchError(name, "a symbolic link, not a regular file") from exc
        raise FetchError(name, f"cannot read ({exc.strerror or type(exc).__name__})") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFile(name, file_kind(mode))
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise FetchError(name, f"cannot read ({exc.strerror or type(exc).__name__})") from exc
    if len(data) > max_bytes:
        raise TooLarge(name, max_bytes)
    return data
