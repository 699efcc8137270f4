"""Finding the input files: order, hidden files and folders, links, hashes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pipeline.ingest.discover import iter_source_files, unsupported_files
from pipeline.registrations import populate_registry


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    populate_registry()
    root = tmp_path / "raw"
    files = {
        "a/y.txt": "会議録 y",
        "a-b/x.txt": "会議録 x",  # "a-b" < "a/" as strings, but folder "a" sorts first
        "a/deeper/z.md": "# z",
        "top.html": "<p>top</p>",
        ".hidden.txt": "hidden file",
        ".drafts/inside.txt": "in a hidden folder",
        "a/.cache/inside.txt": "in a nested hidden folder",
        "notes.docx": "not a supported format",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_text("behind a folder link", encoding="utf-8")
    os.symlink(elsewhere, root / "folder-link")
    os.symlink(root / "top.html", root / "file-link.html")
    return root


def test_files_in_path_order_without_hidden_ones_or_linked_folders(tree):
    found = [s.rel_path for s in iter_source_files(tree)]
    assert found == ["a/deeper/z.md", "a/y.txt", "a-b/x.txt", "file-link.html", "top.html"]
    assert unsupported_files(tree) == [tree / "notes.docx"]


def test_each_file_carries_its_hash_size_and_path(tree):
    sources = list(iter_source_files(tree))
    for source in sources:
        data = source.path.read_bytes()
        assert source.path == tree / source.rel_path
        assert (source.sha256, source.size) == (hashlib.sha256(data).hexdigest(), len(data))
        assert source.doc_id == source.sha256[:16]
    # a file link is the same bytes as its target: the run makes them one document
    assert len({s.sha256 for s in sources}) == len(sources) - 1
    # one record per input file for the whole run: no per-file dict or Path is kept
    assert all(s.root is sources[0].root for s in sources)
    assert not hasattr(sources[0], "__dict__")


def test_a_single_file_is_its_own_corpus(tree):
    (source,) = iter_source_files(tree / "a" / "y.txt")
    assert (source.rel_path, source.suffix, source.path) == ("y.txt", ".txt", tree / "a" / "y.txt")
    assert list(iter_source_files(tree / ".hidden.txt")) == []
    assert unsupported_files(tree / "notes.docx") == []
