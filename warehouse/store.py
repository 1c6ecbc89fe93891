"""Content-addressed raw store: immutable source bytes under raw/<sha256[:2]>/<sha256>.<ext>."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from warehouse.errors import StoreError

EXTENSIONS: frozenset[str] = frozenset({"pdf", "html", "txt", "json", "bin"})
_CONTENT_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "application/json": "json",
    "text/json": "json",
}
_SHA = re.compile(r"^[0-9a-f]{64}$")
_RELPATH = re.compile(r"^raw/([0-9a-f]{2})/([0-9a-f]{64})\.([a-z0-9]+)$")


def ext_for_content_type(content_type: str | None) -> str:
    """The raw file extension for a content type (`text/html; charset=gbk` -> `html`); `bin` if unknown."""
    if not content_type:
        return "bin"
    return _CONTENT_TYPES.get(content_type.split(";", 1)[0].strip().lower(), "bin")


def sha256_hex(data: bytes) -> str:
    """The sha256 hex digest of some bytes: the document's id."""
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class RawStore:
    """Immutable source bytes, addressed by their sha256, under `<data_dir>/raw/`."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / "raw"

    def relpath(self, sha: str, ext: str) -> str:
        """The relative path bytes with this sha and extension live at."""
        if not _SHA.match(sha):
            raise StoreError(f"not a sha256 hex digest: {sha!r}")
        if ext not in EXTENSIONS:
            raise StoreError(f"extension {ext!r} is not one of {', '.join(sorted(EXTENSIONS))}")
        return f"raw/{sha[:2]}/{sha}.{ext}"

    def find(self, sha: str) -> str | None:
        """The relative path of the stored bytes with this sha, or None."""
        if not _SHA.match(sha):
            raise StoreError(f"not a sha256 hex digest: {sha!r}")
        folder = self.root / sha[:2]
        for ext in sorted(EXTENSIONS):
            if (folder / f"{sha}.{ext}").is_file():
                return f"raw/{sha[:2]}/{sha}.{ext}"
        return None

    def has(self, sha: str) -> bool:
        """Whether bytes with this sha are stored."""
        return self.find(sha) is not None

    def put(self, data: bytes, ext: str) -> tuple[str, str]:
        """Store bytes once (temp file + os.replace); return (sha256 hex, relpath). Present bytes are kept."""
        sha = sha256_hex(data)
        rel = self.relpath(sha, ext)
        existing = self.find(sha)
        if existing is not None:
            return sha, existing
        target = self.data_dir / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{sha}.", suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _fsync_dir(target.parent)
        except OSError as exc:
            raise StoreError(f"cannot store {rel}: {exc.strerror or exc}") from exc
        return sha, rel

    def path(self, relpath: str) -> Path:
        """The absolute path of a stored relpath (`raw/ab/<sha>.<ext>`); StoreError for any other path."""
        m = _RELPATH.match(relpath)
        if not m or m.group(1) != m.group(2)[:2] or m.group(3) not in EXTENSIONS:
            raise StoreError(f"not a raw store path: {relpath!r}")
        return self.data_dir / relpath

    def read(self, relpath: str) -> bytes:
        """The stored bytes at a relpath; StoreError when absent."""
        p = self.path(relpath)
        try:
            return p.read_bytes()
        except FileNotFoundError as exc:
            raise StoreError(f"not in the raw store: {relpath}") from exc
