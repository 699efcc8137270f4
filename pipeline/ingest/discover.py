"""Walk the input folder and identify each file by the SHA-256 of its bytes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

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
    if root.is_file():
        folder, names = root.parent, [] if root.name.startswith(".") else [root.name]
    else:
        folder, names = root, _listing(root)
    suffixes = supported_suffixes()
    for rel in names:
        if PurePosixPath(rel).suffix.lower() not in suffixes:
            continue
        digest = hashlib.sha256()
        with open(os.path.join(folder, rel), "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
            size = os.fstat(fh.fileno()).st_size
        yield SourceFile(root=folder, rel_path=rel, sha256=digest.hexdigest(), size=size)


def unsupported_files(root: Path) -> list[Path]:
    root = Path(root)
    if root.is_file():
        return []
    suffixes = supported_suffixes()
    return [
        root / rel for rel in _listing(root) if PurePosixPath(rel).suffix.lower() not in suffixes
    ]


def _listing(root: Path) -> list[str]:
    """``/``-separated paths, relative to ``root``, of the files below it, leaving out hidden
    files and everything in hidden folders, in the order of their parts (as sorted Paths are).

    Only strings are made: a corpus has hundreds of thousands of files. Links to folders are
    not followed; a folder that cannot be read is skipped.
    """
    found: list[str] = []

    def visit(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                found.append(prefix + entry.name)

    visit(os.fspath(root), "")
    found.sort(key=lambda rel: rel.split("/"))
    return found
