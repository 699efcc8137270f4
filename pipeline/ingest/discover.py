"""Walk the input folder and identify each file by the SHA-256 of its bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from ..records import SourceFile
from ..registry import readers


def supported_suffixes() -> set[str]:
    """File endings with a registered reader (``kaigiroku.reader.<ext>.v1``)."""
    return {"." + name.split(".")[2] for name in readers.names()}


def iter_source_files(root: Path) -> Iterator[SourceFile]:
    """Yield every file with a supported ending below ``root``, sorted, hidden ones skipped.

    ``root`` may also be a single file.
    """
    root = Path(root)
    suffixes = supported_suffixes()
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in paths:
        rel = path.name if path == root else path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        if path.suffix.lower() not in suffixes:
            continue
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        yield SourceFile(
            path=path, rel_path=rel, sha256=digest.hexdigest(), size=path.stat().st_size
        )


def unsupported_files(root: Path) -> list[Path]:
    root = Path(root)
    if root.is_file():
        return []
    suffixes = supported_suffixes()
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower() not in suffixes
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
