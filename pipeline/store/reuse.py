"""Incremental runs: keep the rows of documents whose bytes and paths have not changed.

Every table's rows belong to one document through a key column whose first 16 characters
are the ``doc_id`` (``doc_id`` itself, a ``meeting_id`` or a ``turn_id``). A re-run copies the
rows of unchanged documents from the previous tables into the new ones, batch by batch, and
processes only the rest; documents that disappeared are simply not copied.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..records import DOC_ID_LENGTH
from .parquet import TableWriter, table_file, table_metadata
from .schema import DICTIONARY_COLUMNS, TABLES, dictionary_schema

# The column that ties each table's rows to a document (topics describe the whole corpus
# and are rebuilt by `kaigiroku topics`, so they are never reused).
DOC_KEYS = {
    "documents": "doc_id",
    "sources": "doc_id",
    "meetings": "doc_id",
    "participants": "meeting_id",
    "agenda_items": "meeting_id",
    "turns": "doc_id",
    "sentences": "turn_id",
    "tokens": "turn_id",
    "turn_themes": "turn_id",
}


def previous_documents(out: Path, build: str) -> dict[str, dict]:
    """The last run's documents: each ``documents`` row by ``doc_id``, with its meetings'
    ``n_speech`` and ``n_notes`` summed; none when the tables cannot be reused (missing,
    written with other schemas, or by another ``build`` of kaigiroku).

    Read with pyarrow alone (not its datasets, which load pandas): a re-run's copy starts
    once this is known.
    """
    if table_metadata(out, "documents").get("kaigiroku.build") != build:
        return {}
    for name in DOC_KEYS:
        path = table_file(out, name)
        if not path.exists():
            return {}
        if not pq.read_schema(path).remove_metadata().equals(TABLES[name]):
            return {}
    meetings = pq.ParquetFile(table_file(out, "meetings")).read(["doc_id", "n_speech", "n_notes"])
    counts: dict[str, dict[str, int]] = {}
    for meeting in meetings.to_pylist():  # a few per document: no group-by engine needed
        sums = counts.setdefault(meeting.pop("doc_id"), {"n_speech": 0, "n_notes": 0})
        for column, n in meeting.items():
            sums[column] += n or 0
    docs = {}
    for row in pq.ParquetFile(table_file(out, "documents")).read().to_pylist():
        docs[row["doc_id"]] = row | counts.get(row["doc_id"], {"n_speech": 0, "n_notes": 0})
    return docs


def copy_documents(
    out: Path,
    writer: TableWriter,
    doc_ids: set[str],
    skip: tuple[str, ...] = (),
    stop: threading.Event | None = None,
    threads: int = 2,
) -> None:
    """Stream the rows of ``doc_ids`` from the tables in ``out`` (but ``skip``) into
    ``writer``; when ``stop`` is set, return after the current batch.

    Tables are copied on ``threads`` threads, largest first: reading, filtering and writing
    Parquet run in Arrow without the GIL, and each table has its own file.
    """
    if not doc_ids:
        return
    wanted = pa.array(sorted(doc_ids), pa.string())
    names = sorted(
        (name for name in DOC_KEYS if name not in skip),
        key=lambda name: -table_file(out, name).stat().st_size,
    )
    with ThreadPoolExecutor(max(1, threads), thread_name_prefix="kaigiroku-copy") as pool:
        copies = [pool.submit(_copy_table, out, writer, n, wanted, stop) for n in names]
        for copy in copies:
            copy.result()


def _copy_table(
    out: Path, writer: TableWriter, name: str, wanted: pa.Array, stop: threading.Event | None
) -> None:
    # Reading and filtering the next batch overlaps writing this one (both are Arrow's).
    with ThreadPoolExecutor(1, thread_name_prefix="kaigiroku-read") as reader:
        for kept in _prefetched(_kept_rows(out, name, wanted, stop), reader):
            writer.write(name, kept)


def _kept_rows(
    out: Path, name: str, wanted: pa.Array, stop: threading.Event | None
) -> Iterator[pa.Table]:
    # Row group by row group: each keeps its own Parquet dictionaries, which the writer
    # takes as they are for the DICTIONARY_COLUMNS (other columns are decoded as usual).
    key = DOC_KEYS[name]
    dictionaries = DICTIONARY_COLUMNS.get(name, ())
    schema = dictionary_schema(name) if dictionaries else TABLES[name]
    parquet = pq.ParquetFile(table_file(out, name), read_dictionary=[key, *dictionaries])
    for group in range(parquet.num_row_groups):
        if stop is not None and stop.is_set():
            return
        table = parquet.read_row_group(group)
        kept_rows = of_documents(table.column(key).combine_chunks(), wanted)
        if not pc.all(kept_rows).as_py():  # most groups keep every row: no copy then
            table = table.filter(kept_rows)
        yield table.cast(schema)


def of_documents(
    keys: pa.DictionaryArray, doc_ids: pa.Array, prefix: int = DOC_ID_LENGTH
) -> pa.BooleanArray:
    """Which rows' key (a ``doc_id`` or an id that starts with one) belongs to ``doc_ids``.

    Keys read as a dictionary (``read_dictionary``) are tested once per distinct id, not
    once per row (a turn has tens of tokens).

    >>> keys = pa.array(["aaaa-1", "bbbb-1", "aaaa-2", "aaaa-1"]).dictionary_encode()
    >>> of_documents(keys, pa.array(["aaaa"]), prefix=4).to_pylist()
    [True, False, True, True]
    """
    docs = pc.utf8_slice_codeunits(keys.dictionary, 0, prefix)
    return pc.take(pc.is_in(docs, value_set=doc_ids), keys.indices)


def _prefetched(items: Iterator, pool: ThreadPoolExecutor) -> Iterator:
    """``items``, each next one computed on ``pool`` while the caller handles this one."""
    end = object()
    future = pool.submit(next, items, end)
    while (item := future.result()) is not end:
        future = pool.submit(next, items, end)
        yield item
