"""The search index: SQLite FTS5 over the speech turns' token norms, kept in step with the
Parquet tables.

``<data>/search.sqlite`` holds one row per speech turn (its text, speaker, meeting and the
meeting's date, body and municipality, denormalised for filters), the turn's themes, and an
FTS5 table whose only column is the turn's token norms joined by spaces. A re-sync compares
the documents table with the documents the index holds: rows of documents that changed or
disappeared are deleted and new ones inserted in one transaction, so a reader never sees half
an update. A first build (or ``rebuild``) writes a new file and renames it over the old one.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from contextlib import closing, nullcontext
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from ..store.parquet import folder_lock, read_table, table_metadata
from ..textutil import compact
from .query import searchable

INDEX_NAME = "search.sqlite"
INDEX_VERSION = "2"
_SOURCES = ("documents", "meetings", "turns", "tokens", "turn_themes")
_BATCH = 20_000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL);
CREATE TABLE turns (
    id INTEGER PRIMARY KEY,          -- the FTS rowid
    turn_id TEXT NOT NULL UNIQUE,
    meeting_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    seq INTEGER,                     -- position among all the meeting's turns and notes
    pos INTEGER,                     -- position among the meeting's speech turns
    date TEXT,                       -- ISO date of the meeting
    fiscal_year INTEGER,
    title TEXT,
    body TEXT,
    municipality TEXT,
    speaker_label TEXT,
    speaker_name TEXT,
    role TEXT,
    text TEXT,
    char_start INTEGER,              -- the turn's span (label included) in sources.text
    char_end INTEGER,
    body_key TEXT,                   -- compact forms (NFKC, no spaces) for filters
    municipality_key TEXT,
    speaker_key TEXT
);
CREATE INDEX turns_by_date ON turns (date, meeting_id, seq);
CREATE INDEX turns_by_meeting ON turns (meeting_id, pos);
CREATE INDEX turns_by_doc ON turns (doc_id);
CREATE INDEX turns_by_fiscal_year ON turns (fiscal_year, date);
CREATE TABLE turn_themes (id INTEGER NOT NULL, theme TEXT, subtheme TEXT, score REAL);
CREATE INDEX turn_themes_by_theme ON turn_themes (theme, subtheme, id);
CREATE INDEX turn_themes_by_id ON turn_themes (id, theme, subtheme);
CREATE VIRTUAL TABLE fts USING fts5 (terms, tokenize = 'ascii', detail = 'full');
"""


class IndexMissing(RuntimeError):
    """There is no search index (or no tables to build one from)."""


@dataclass
class IndexSummary:
    turns: int = 0  # speech turns in the index afterwards
    added: int = 0  # documents indexed by this sync
    removed: int = 0  # documents whose rows were deleted
    rebuilt: bool = False
    themes_reloaded: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.rebuilt or self.themes_reloaded)


def index_path(data_dir: Path) -> Path:
    return Path(data_dir) / INDEX_NAME


def tables_key(data_dir: Path) -> str:
    """Size and modification time of every table the index reads: changes when a run,
    ``kaigiroku tag`` or anything else rewrites them."""
    parts = []
    for name in _SOURCES:
        path = Path(data_dir) / name / "part-0.parquet"
        stat = path.stat() if path.exists() else None
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}:-")
    return "|".join(parts)


def connect(data_dir: Path) -> sqlite3.Connection:
    """A read-only connection to the index (``IndexMissing`` when there is none)."""
    path = index_path(data_dir)
    if not path.exists():
        raise IndexMissing(
            f"no search index in {data_dir}/; `kaigiroku run` builds it, or `kaigiroku index`"
        )
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    return con


def is_stale(con: sqlite3.Connection, data_dir: Path) -> bool:
    return _meta(con).get("tables") != tables_key(data_dir)


def sync_index(data_dir: Path, rebuild: bool = False, lock: bool = True) -> IndexSummary:
    """Bring ``<data_dir>/search.sqlite`` in step with the tables; build it when missing.

    ``lock=False`` when the caller already holds the folder's writer lock (a run does).
    """
    data_dir = Path(data_dir)
    if not (data_dir / "documents" / "part-0.parquet").exists():
        raise IndexMissing(f"no tables in {data_dir}/ to index; run `kaigiroku run` first")
    with folder_lock(data_dir) if lock else nullcontext():
        path = index_path(data_dir)
        for stale in data_dir.glob(f".{INDEX_NAME}.*"):  # left by a build that was killed
            stale.unlink(missing_ok=True)
        build = table_metadata(data_dir, "documents").get("kaigiroku.build", "")
        if not rebuild and path.exists():
            with closing(sqlite3.connect(path)) as con:
                meta = _meta(con)
                if meta.get("version") == INDEX_VERSION and meta.get("build") == build:
                    return _update(con, data_dir, meta)
        # A new file, renamed over the old one: readers see the old index or the new one (so
        # the new file needs no journal: a crash leaves only a temporary file behind).
        tmp = path.with_name(f".{INDEX_NAME}.{uuid.uuid4().hex[:8]}")
        try:
            with closing(sqlite3.connect(tmp)) as con:
                con.execute("PRAGMA journal_mode = OFF")
                con.execute("PRAGMA synchronous = OFF")
                con.executescript(_SCHEMA)
                _set_meta(con, version=INDEX_VERSION, build=build)
                summary = _update(con, data_dir, _meta(con))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        summary.rebuilt = True
        return summary


def _meta(con: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:  # not an index of ours (or damaged): build a new one
        return {}


def _set_meta(con: sqlite3.Connection, **values: str) -> None:
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())


def _update(con: sqlite3.Connection, data_dir: Path, meta: dict[str, str]) -> IndexSummary:
    key = tables_key(data_dir)
    summary = IndexSummary()
    if meta.get("tables") != key:
        docs = read_table(data_dir, "documents", columns=["doc_id", "sha256"])
        now = dict(zip(docs["doc_id"], docs["sha256"], strict=True))
        held = dict(con.execute("SELECT doc_id, sha256 FROM documents").fetchall())
        gone = [d for d, sha in held.items() if now.get(d) != sha]
        new = [d for d, sha in now.items() if held.get(d) != sha]
        tagging = table_metadata(data_dir, "turn_themes").get("kaigiroku.tagging", "")
        reload_themes = meta.get("tagging") != tagging
        with con:  # one transaction: all of this sync or none of it
            _delete(con, gone)
            _insert(con, data_dir, {d: now[d] for d in new})
            if reload_themes:
                con.execute("DELETE FROM turn_themes")
            _insert_themes(con, data_dir, None if reload_themes else new)
            _set_meta(con, tables=key, tagging=tagging)
            con.execute("ANALYZE")  # statistics for the query planner's choice of index
        summary.added, summary.removed = len(new), len(gone)
        summary.themes_reloaded = reload_themes and bool(held)
    summary.turns = con.execute("SELECT count(*) FROM turns").fetchone()[0]
    return summary


def _chunks(values: list[str], size: int = 500):
    """``values`` in pieces with their ``?`` placeholders (SQLite caps bound parameters)."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def _delete(con: sqlite3.Connection, doc_ids: list[str]) -> None:
    for chunk, marks in _chunks(doc_ids):
        ids = f"SELECT id FROM turns WHERE doc_id IN ({marks})"
        con.execute(f"DELETE FROM fts WHERE rowid IN ({ids})", chunk)
        con.execute(f"DELETE FROM turn_themes WHERE id IN ({ids})", chunk)
        con.execute(f"DELETE FROM turns WHERE doc_id IN ({marks})", chunk)
        con.execute(f"DELETE FROM documents WHERE doc_id IN ({marks})", chunk)


def _parquet(data_dir: Path, name: str) -> str:
    return str(Path(data_dir) / name / "part-0.parquet")


_TURNS_SQL = """
WITH t AS (
    SELECT * FROM read_parquet($turns)
    WHERE kind = 'speech' AND doc_id IN (SELECT doc_id FROM wanted)
)
SELECT t.turn_id, t.meeting_id, t.doc_id, t.seq,
       row_number() OVER (PARTITION BY t.meeting_id ORDER BY t.seq) - 1 AS pos,
       strftime(m.date, '%Y-%m-%d') AS date, m.fiscal_year, m.title, m.body, m.municipality,
       t.speaker_label, t.speaker_name, t.role, t.text, t.char_start, t.char_end,
       k.norms
FROM t
JOIN read_parquet($meetings) m ON m.meeting_id = t.meeting_id
LEFT JOIN (
    SELECT turn_id, list(norm ORDER BY tok_idx) AS norms
    FROM read_parquet($tokens)
    WHERE turn_id IN (SELECT turn_id FROM t)
    GROUP BY turn_id
) k ON k.turn_id = t.turn_id
ORDER BY t.meeting_id, t.seq
"""


def _insert(con: sqlite3.Connection, data_dir: Path, documents: dict[str, str]) -> None:
    """Index the speech turns of ``documents`` (``doc_id`` → ``sha256``), streaming them from
    the tables in batches."""
    if not documents:
        return
    con.executemany("INSERT INTO documents VALUES (?, ?)", documents.items())
    duck = duckdb.connect()
    duck.register("wanted", pa.table({"doc_id": list(documents)}))
    params = {name: _parquet(data_dir, name) for name in ("turns", "meetings", "tokens")}
    cursor = duck.execute(_TURNS_SQL, params)
    names = [d[0] for d in cursor.description]
    next_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM turns").fetchone()[0]
    while batch := cursor.fetchmany(_BATCH):
        rows = [dict(zip(names, values, strict=True)) for values in batch]
        turn_rows, fts_rows = [], []
        for i, r in enumerate(rows, start=next_id):
            speaker = f"{r['speaker_name'] or ''}|{r['speaker_label'] or ''}"
            turn_rows.append(
                (
                    i,
                    r["turn_id"],
                    r["meeting_id"],
                    r["doc_id"],
                    r["seq"],
                    r["pos"],
                    r["date"],
                    r["fiscal_year"],
                    r["title"],
                    r["body"],
                    r["municipality"],
                    r["speaker_label"],
                    r["speaker_name"],
                    r["role"],
                    r["text"],
                    r["char_start"],
                    r["char_end"],
                    compact(r["body"] or ""),
                    compact(r["municipality"] or ""),
                    compact(speaker),
                )
            )
            terms = " ".join(f for f in map(searchable, r["norms"] or ()) if f)
            fts_rows.append((i, terms))
        next_id += len(rows)
        con.executemany(f"INSERT INTO turns VALUES ({','.join('?' * 20)})", turn_rows)
        con.executemany("INSERT INTO fts (rowid, terms) VALUES (?, ?)", fts_rows)


def _insert_themes(con: sqlite3.Connection, data_dir: Path, doc_ids: list[str] | None) -> None:
    """The theme rows of ``doc_ids`` (every document's when None) for turns in the index."""
    if doc_ids is not None and not doc_ids:
        return
    themes = read_table(
        data_dir,
        "turn_themes",
        None if doc_ids is None else [("turn_id", "in", _turn_ids(con, doc_ids))],
        ["turn_id", "theme", "subtheme", "score"],
    )
    if themes.empty:
        return
    con.execute("CREATE TEMP TABLE IF NOT EXISTS new_themes (turn_id, theme, subtheme, score)")
    con.execute("DELETE FROM new_themes")
    con.executemany(
        "INSERT INTO new_themes VALUES (?, ?, ?, ?)",
        themes.astype(object).where(themes.notna(), None).itertuples(index=False),
    )
    con.execute(
        "INSERT INTO turn_themes SELECT t.id, n.theme, n.subtheme, n.score "
        "FROM new_themes n JOIN turns t ON t.turn_id = n.turn_id"
    )
    con.execute("DELETE FROM new_themes")


def _turn_ids(con: sqlite3.Connection, doc_ids: list[str]) -> list[str]:
    return [
        row[0]
        for chunk, marks in _chunks(doc_ids)
        for row in con.execute(f"SELECT turn_id FROM turns WHERE doc_id IN ({marks})", chunk)
    ]
