"""Write tables as Parquet dataset directories, atomically; read them back.

Each table is ``<out>/<table>/part-0.parquet``. A run writes every table into a staging
folder inside ``<out>`` and then swaps each directory in with ``os.replace``; an interrupted
run leaves the previous tables untouched and only a ``.staging-*`` folder to clean up.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .schema import SCHEMA_VERSION, TABLES


def to_table(name: str, rows) -> pa.Table:
    """Rows (a list of dicts, a dict of columns, or a batch with ``to_table``) as a table."""
    schema = TABLES[name]
    if hasattr(rows, "to_table"):
        table = rows.to_table()
    elif isinstance(rows, dict):
        table = pa.Table.from_pydict({f: rows.get(f, []) for f in schema.names}, schema=schema)
    else:
        table = pa.Table.from_pylist(rows, schema=schema)
    return table.replace_schema_metadata(
        {"kaigiroku.schema_version": str(SCHEMA_VERSION), "kaigiroku.table": name}
    )


def write_tables(
    out: Path, rows: dict[str, list[dict] | dict[str, list]], names: list[str] | None = None
) -> None:
    """Write ``names`` (every table by default) from ``rows``; a table without rows is
    written empty, so no stale rows survive."""
    names = list(TABLES) if names is None else names
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = out / f".staging-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        for name in names:
            (staging / name).mkdir()
            pq.write_table(
                to_table(name, rows.get(name, [])),
                staging / name / "part-0.parquet",
                compression="zstd",
            )
        for name in names:
            target, trash = out / name, staging / f"{name}.old"
            if target.exists():
                os.replace(target, trash)
            os.replace(staging / name, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_table(out: Path, name: str, filters: list[tuple] | None = None) -> pd.DataFrame:
    """A table as a DataFrame (an empty one with the schema's columns if never written).

    ``filters`` are pyarrow's (``[("meeting_id", "==", mid)]``): only matching rows are read.
    """
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    path = Path(out) / name
    if not path.exists():
        return TABLES[name].empty_table().to_pandas()
    return pd.read_parquet(path, filters=filters)
