"""The bundled snapshot documents as (family, name, bytes, DocMeta), read from each family's index.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from transforms.model import DocMeta

SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "sources" / "snapshot"
SKIP_FOLDERS = ("listings",)


@dataclass(frozen=True, slots=True)
class SnapshotDoc:
    """One bundled document and what its index entry says about it."""

    family: str
    name: str
    data: bytes
    meta: DocMeta

    @property
    def is_pdf(self) -> bool:
        """Whether the bytes are a PDF."""
        return self.data.lstrip()[:4] == b"%PDF"


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a content type, if any."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip().strip('"')
    return None


def snapshot_docs(root: Path = SNAPSHOT_DIR) -> list[SnapshotDoc]:
    """Every document listed in a family index of the snapshot, family by family."""
    out: list[SnapshotDoc] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name not in SKIP_FOLDERS):
        index = folder / "index.json"
        if not index.is_file():
            continue
        for entry in json.loads(index.read_text(encoding="utf-8")):
            published = entry.get("published_at")
            meta = DocMeta(
                url=entry["url"],
                source=entry.get("source", folder.name),
                title=entry.get("title"),
                published_at=date.fromisoformat(published) if published else None,
                content_type=entry.get("content_type"),
                charset=charset_of(entry.get("content_type")),
            )
            out.append(SnapshotDoc(folder.name, entry["file"], (folder / entry["file"]).read_bytes(), meta))
    return out
