"""Content-addressed raw store: immutable source bytes under raw/<sha256[:2]>/<sha256>.<ext>.

The store's location is a local folder or an fsspec URL (memory://, s3://, file://, ...); relpaths are the
same wherever the bytes live.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from common import write_atomic
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


def is_url(location: str | os.PathLike[str]) -> bool:
    """Whether a store location is an fsspec URL rather than a local path."""
    return isinstance(location, str) and "://" in location


def _local_path(url: str) -> Path | None:
    """The local folder a file:// or local:// URL names, else None."""
    for prefix in ("file://", "local://"):
        if url.startswith(prefix):
            return Path(url.removeprefix(prefix))
    return None


class RawStore:
    """Immutable source bytes, addressed by their sha256, under `<location>/raw/` (a folder or fsspec URL)."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.fs = None
        self.base = ""
        if is_url(data_dir):
            local = _local_path(str(data_dir))
            if local is None:
                self._open_fs(str(data_dir))
                data_dir = "."
            else:
                data_dir = local
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / "raw"

    def _open_fs(self, url: str) -> None:
        """Open the fsspec filesystem of a URL; StoreError when its protocol is unknown or unavailable."""
        try:
            import fsspec
        except ImportError as exc:
            raise StoreError(f"fsspec is needed for a raw store at {url}") from exc
        try:
            self.fs, path = fsspec.core.url_to_fs(url)
        except (ValueError, ImportError) as exc:
            raise StoreError(f"cannot open raw store {url}: {exc}") from exc
        self.base = path.rstrip("/")

    @property
    def remote(self) -> bool:
        """Whether the bytes live on an fsspec filesystem other than the local disk."""
        return self.fs is not None

    def _remote_path(self, relpath: str) -> str:
        return f"{self.base}/{relpath}" if self.base else relpath

    def _exists(self, relpath: str) -> bool:
        if self.fs is not None:
            return bool(self.fs.isfile(self._remote_path(relpath)))
        return (self.data_dir / relpath).is_file()

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
        for ext in sorted(EXTENSIONS):
            rel = f"raw/{sha[:2]}/{sha}.{ext}"
            if self._exists(rel):
                return rel
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
        if self.fs is not None:
            return sha, self._put_remote(data, rel)
        target = self.data_dir / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{sha}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            write_atomic(target, data, Path(tmp))
            _fsync_dir(target.parent)
        except OSError as exc:
            raise StoreError(f"cannot store {rel}: {exc.strerror or exc}") from exc
        return sha, rel

    def _put_remote(self, data: bytes, rel: str) -> str:
        """Write bytes to the fsspec filesystem in one call (object stores make a single PUT atomic)."""
        target = self._remote_path(rel)
        try:
            parent = target.rsplit("/", 1)[0]
            self.fs.makedirs(parent, exist_ok=True)
            self.fs.pipe_file(target, data)
        except OSError as exc:
            raise StoreError(f"cannot store {rel}: {exc.strerror or exc}") from exc
        return rel

    def _check(self, relpath: str) -> str:
        """The relpath itself when it is a raw store path; StoreError for any other."""
        m = _RELPATH.match(relpath)
        if not m or m.group(1) != m.group(2)[:2] or m.group(3) not in EXTENSIONS:
            raise StoreError(f"not a raw store path: {relpath!r}")
        return relpath

    def url(self, relpath: str) -> str:
        """Where a stored relpath lives: an fsspec URL for a remote store, else the absolute local path."""
        self._check(relpath)
        if self.fs is not None:
            return self.fs.unstrip_protocol(self._remote_path(relpath))
        return str(self.data_dir / relpath)

    def path(self, relpath: str) -> Path:
        """The absolute path of a stored relpath (`raw/ab/<sha>.<ext>`); StoreError for any other path."""
        self._check(relpath)
        if self.fs is not None:
            raise StoreError(f"{relpath} is not on the local disk (store {self.url(relpath)})")
        return self.data_dir / relpath

    def read(self, relpath: str) -> bytes:
        """The stored bytes at a relpath; StoreError when absent."""
        if self.fs is not None:
            return self._read_remote(self._check(relpath))
        p = self.path(relpath)
        try:
            return p.read_bytes()
        except FileNotFoundError as exc:
            raise StoreError(f"not in the raw store: {relpath}") from exc

    def _read_remote(self, relpath: str) -> bytes:
        """The bytes of a relpath on the fsspec filesystem; StoreError when absent or unreadable."""
        try:
            return bytes(self.fs.cat_file(self._remote_path(relpath)))
        except FileNotFoundError as exc:
            raise StoreError(f"not in the raw store: {relpath}") from exc
        except OSError as exc:
            raise StoreError(f"cannot read {relpath}: {exc.strerror or exc}") from exc
