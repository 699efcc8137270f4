"""Incremental runs: keep the rows of documents whose bytes and paths have not changed.

Every table's rows belong to one document through a key column whose first 16 characters
are the ``doc_id`` (``doc_id`` itself, a ``meeting_id`` or a ``turn_id``). A re-run copies the
rows of unchanged documents from the previous tables into the new ones, batch by batch, and
processes only the rest; documents that disappeared are simply not copied.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .parquet import TableWriter, read_table, table_file, table_metadata
from .schema import TABLES

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
_BATCH_ROWS = 65_536


def previous_documents(out: Path, build: str) -> pd.DataFrame:
    """The last run's documents (indexed by ``doc_id``), or none when its tables cannot be
    reused (missing, written with other schemas, or by another ``build`` of kaigiroku)."""
    empty = TABLES["documents"].empty_table().to_pandas().set_index("doc_id")
    if table_metadata(out, "documents").get("kaigiroku.build") != build:
        return empty
    for name in DOC_KEYS:
        path = table_file(out, name)
        if not path.exists():
            return empty
        if not pq.read_schema(path).remove_metadata().equals(TABLES[name]):
            return empty
    docs = read_table(out, "documents").set_index("doc_id")
    meetings = read_table(out, "meetings").groupby("doc_id")[["n_speech", "n_notes"]].sum()
    return docs.join(meetings)


def copy_documents(
    out: Path, writer: TableWriter, doc_ids: set[str], skip: tuple[str, ...] = ()
) -> None:
    """Stream the rows of ``doc_ids`` from the tables in ``out`` (but ``skip``) into
    ``writer``."""
    if not doc_ids:
        return
    wanted = pa.array(sorted(doc_ids), pa.string())
    for name, key in DOC_KEYS.items():
        if name in skip:
            continue
        parquet = pq.ParquetFile(table_file(out, name))
        for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
            ids = pc.utf8_slice_codeunits(batch.column(key), 0, 16)
            kept = pa.Table.from_batches([batch]).filter(pc.is_in(ids, value_set=wanted))
            writer.write(name, kept.cast(TABLES[name]))
