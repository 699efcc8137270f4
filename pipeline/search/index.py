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
from collections.abc import Iterable
from contextlib import closing, nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..store.parquet import folder_lock, table_file, table_metadata
from ..store.reuse import of_documents
from ..textutil import compact
from .query import searchable

INDEX_NAME = "search.sqlite"
INDEX_VERSION = "2"
_SOURCES = ("documents", "meetings", "turns", "tokens", "turn_themes")
_BATCH = 5_000  # turns per batch: rows become Python tuples for SQLite, so memory follows it

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
CREATE TABLE turn_themes (id INTEGER NOT NULL, theme TEXT, subtheme TEXT, score REAL);
CREATE VIRTUAL TABLE fts USING fts5 (terms, tokenize = 'ascii', detail = 'full');
"""
# Made after a new index's first rows are in: sorting them once is faster than keeping each
# index in order row by row.
_INDEXES = (
    "CREATE INDEX turns_by_date ON turns (date, meeting_id, seq)",
    "CREATE INDEX turns_by_meeting ON turns (meeting_id, pos)",
    "CREATE INDEX turns_by_doc ON turns (doc_id)",
    "CREATE INDEX turns_by_fiscal_year ON turns (fiscal_year, date)",
    "CREATE INDEX turn_themes_by_theme ON turn_themes (theme, subtheme, id)",
    "CREATE INDEX turn_themes_by_id ON turn_themes (id, theme, subtheme)",
)


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
        path = table_file(data_dir, name)
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
    if not table_file(data_dir, "documents").exists():
        raise IndexMissing(f"no tables in {data_dir}/ to index; run `kaigiroku run` first")
    with folder_lock(data_dir) if lock else nullcontext():
        path = index_path(data_dir)
        _remove_stale(data_dir)
        build = table_metadata(data_dir, "documents").get("kaigiroku.build", "")
        if not rebuild and path.exists():
            with closing(sqlite3.connect(path)) as con:
                meta = _meta(con)
                if meta.get("version") == INDEX_VERSION and meta.get("build") == build:
                    return _update(con, data_dir, meta)
        tmp, con = _new_file(path)
        try:
            with closing(con):
                _set_meta(con, version=INDEX_VERSION, build=build)
                summary = _update(con, data_dir, _meta(con), new_indexes=_INDEXES)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        summary.rebuilt = True
        return summary


def _remove_stale(data_dir: Path) -> None:
    for stale in data_dir.glob(f".{INDEX_NAME}.*"):  # left by a build that was killed
        stale.unlink(missing_ok=True)


def _new_file(path: Path) -> tuple[Path, sqlite3.Connection]:
    """An empty index under a temporary name next to ``path``, to be renamed over it once
    complete: readers see the old index or the new one (so the new file needs no journal: a
    crash leaves only a temporary file behind)."""
    tmp = path.with_name(f".{INDEX_NAME}.{uuid.uuid4().hex[:8]}")
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.executescript(_SCHEMA)
    return tmp, con


class IndexBuild:
    """A new index filled while a run writes the tables, from each batch of rows it writes.

    A run that processes every document calls :meth:`add` with the tables of each chunk of
    documents as it writes them (each chunk holds whole documents), and :meth:`finish` once
    the tables are in place: the index is then ready as soon as the tables are, instead of
    being read back from them afterwards, on one core. :meth:`finish` renames the new file
    over the old index; leaving the block without it removes the file, so the index on disk
    stays the old one.
    """

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.path = index_path(self.data_dir)
        _remove_stale(self.data_dir)
        self._tmp, self._con = _new_file(self.path)

    def __enter__(self) -> IndexBuild:
        return self

    def __exit__(self, *exc) -> None:
        self._con.close()
        self._tmp.unlink(missing_ok=True)

    def add(self, tables: dict[str, pa.Table]) -> None:
        """Index the documents of a chunk of a run's rows (a dict of its tables by name)."""
        _add_tables(self._con, tables)

    def finish(self) -> IndexSummary:
        """Index the rows added so far as the tables now in ``data_dir`` (which must hold
        exactly those rows) and put the index in place."""
        con = self._con
        _analyze(con, _INDEXES)
        _set_meta(
            con,
            version=INDEX_VERSION,
            build=table_metadata(self.data_dir, "documents").get("kaigiroku.build", ""),
            **_tables_stamp(self.data_dir),
        )
        con.commit()
        turns, documents = (
            con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("turns", "documents")
        )
        con.close()
        os.replace(self._tmp, self.path)
        return IndexSummary(turns=turns, added=documents, rebuilt=True)


class IndexUpdate:
    """The index brought in step with a re-run while it writes the tables.

    A re-run keeps some documents' rows and processes the others. When the index is in step
    with the tables the run starts from, :meth:`open` deletes from it every document the run
    does not keep, :meth:`add` indexes each chunk of processed documents as it arrives (while
    the kept rows are still being copied), and :meth:`finish`, once the new tables are in
    place, records them and commits. It is all one transaction: leaving the block without
    :meth:`finish` (the run failed) leaves the index as it was, in step with the old tables.
    """

    def __init__(self, con: sqlite3.Connection, data_dir: Path, kept: set[str]):
        self._con, self.data_dir = con, data_dir
        held = [doc_id for (doc_id,) in con.execute("SELECT doc_id FROM documents")]
        self._removed = [doc_id for doc_id in held if doc_id not in kept]
        self._added = 0
        _delete(con, self._removed)

    @classmethod
    def open(cls, data_dir: Path, kept: set[str], tagging: str) -> IndexUpdate | None:
        """An update of the index in ``data_dir`` keeping the documents ``kept``, or None when
        the index is missing or not in step with the tables now there (or with ``tagging``,
        the run's theme settings): :func:`sync_index` then reads the new tables instead."""
        data_dir = Path(data_dir)
        path = index_path(data_dir)
        if not path.exists():
            return None
        con = sqlite3.connect(path)
        meta = _meta(con)
        build = table_metadata(data_dir, "documents").get("kaigiroku.build", "")
        if (meta.get("version"), meta.get("build"), meta.get("tables"), meta.get("tagging")) != (
            INDEX_VERSION,
            build,
            tables_key(data_dir),
            tagging,
        ):
            con.close()
            return None
        return cls(con, data_dir, kept)

    def __enter__(self) -> IndexUpdate:
        return self

    def __exit__(self, *exc) -> None:
        self._con.close()  # uncommitted changes are rolled back

    def add(self, tables: dict[str, pa.Table]) -> None:
        """Index the documents of a chunk of a run's rows (a dict of its tables by name)."""
        _add_tables(self._con, tables)
        self._added += tables["documents"].num_rows

    def finish(self) -> IndexSummary:
        """Record the tables now in ``data_dir`` (which must hold the kept and the added rows)
        and commit."""
        con = self._con
        _set_meta(con, **_tables_stamp(self.data_dir))
        _analyze(con)
        con.commit()
        turns = con.execute("SELECT count(*) FROM turns").fetchone()[0]
        return IndexSummary(turns=turns, added=self._added, removed=len(self._removed))


def _add_tables(con: sqlite3.Connection, tables: dict[str, pa.Table]) -> None:
    """Index the documents whose rows (all of them) are ``tables``, a dict by table name."""
    documents = tables["documents"]
    con.executemany(
        "INSERT INTO documents VALUES (?, ?)",
        zip(*(documents.column(c).to_pylist() for c in ("doc_id", "sha256")), strict=True),
    )
    if "turns" not in tables:
        return
    turns = _speech_turns(tables["turns"], tables["meetings"])
    _insert_turns(con, [turns], _next_id(con))
    if "tokens" in tables:
        norms = _norms(tables["tokens"])
        _insert_terms(con, _turn_terms(norms, _run_starts(norms.column("turn_id"))))
    if "turn_themes" in tables:
        _insert_theme_rows(con, tables["turn_themes"])


def _meta(con: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError:  # not an index of ours (or damaged): build a new one
        return {}


def _tables_stamp(data_dir: Path) -> dict[str, str]:
    """What the index records of the tables it was made from: their files' key and the theme
    settings that tagged them."""
    return {
        "tables": tables_key(data_dir),
        "tagging": table_metadata(data_dir, "turn_themes").get("kaigiroku.tagging", ""),
    }


def _set_meta(con: sqlite3.Connection, **values: str) -> None:
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())


def _update(
    con: sqlite3.Connection, data_dir: Path, meta: dict[str, str], new_indexes: tuple[str, ...] = ()
) -> IndexSummary:
    """Sync the index in ``con`` with the tables; ``new_indexes`` (CREATE INDEX statements)
    run once the rows are in, before ``ANALYZE``."""
    stamp = _tables_stamp(data_dir)
    summary = IndexSummary()
    if meta.get("tables") != stamp["tables"]:
        docs = pq.ParquetFile(table_file(data_dir, "documents")).read(["doc_id", "sha256"])
        now = dict(zip(*(docs.column(c).to_pylist() for c in docs.column_names), strict=True))
        held = dict(con.execute("SELECT doc_id, sha256 FROM documents").fetchall())
        gone = [d for d, sha in held.items() if now.get(d) != sha]
        new = [d for d, sha in now.items() if held.get(d) != sha]
        reload_themes = meta.get("tagging") != stamp["tagging"]
        with con:  # one transaction: all of this sync or none of it
            _delete(con, gone)
            _insert(con, data_dir, {d: now[d] for d in new})
            if reload_themes:
                con.execute("DELETE FROM turn_themes")
            _insert_themes(con, data_dir, None if reload_themes else new)
            _set_meta(con, **stamp)
            _analyze(con, new_indexes)
        summary.added, summary.removed = len(new), len(gone)
        summary.themes_reloaded = reload_themes and bool(held)
    summary.turns = con.execute("SELECT count(*) FROM turns").fetchone()[0]
    return summary


def _analyze(con: sqlite3.Connection, new_indexes: tuple[str, ...] = ()) -> None:
    """Make ``new_indexes`` (one by one: executescript would commit first), then statistics
    for the query planner's choice of index, from a bounded sample of each index (a full
    ANALYZE reads the whole index on every update)."""
    for statement in new_indexes:
        con.execute(statement)
    con.execute("PRAGMA analysis_limit = 1000")
    con.execute("ANALYZE")


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


# What the index keeps of the turns and meetings tables.
_TURN_READ = ["turn_id", "meeting_id", "doc_id", "seq", "kind", "speaker_label", "speaker_name"]
_TURN_READ += ["role", "text", "char_start", "char_end"]
_MEETING_READ = ["meeting_id", "date", "fiscal_year", "title", "body", "municipality"]
_TURN_COLUMNS = 20


def _insert(con: sqlite3.Connection, data_dir: Path, documents: dict[str, str]) -> None:
    """Index the speech turns of ``documents`` (``doc_id`` → ``sha256``), streaming them from
    the tables in batches: the turns first, then their token norms into the FTS table."""
    if not documents:
        return
    con.executemany("INSERT INTO documents VALUES (?, ?)", documents.items())
    first_id = _next_id(con)
    wanted = pa.array(list(documents), pa.string())
    meetings = pq.ParquetFile(table_file(data_dir, "meetings")).read(["doc_id", *_MEETING_READ])
    meetings = meetings.filter(pc.is_in(meetings.column("doc_id"), wanted))
    turns = pq.ParquetFile(table_file(data_dir, "turns"))
    batches = (
        _speech_turns(batch.filter(pc.is_in(batch.column("doc_id"), wanted)), meetings)
        for batch in turns.iter_batches(_BATCH, columns=_TURN_READ)
    )
    _insert_turns(con, batches, first_id)
    # The tokens in file order: a run writes each turn's tokens together, so a turn's norms
    # are one stretch of rows.
    tokens = pq.ParquetFile(str(table_file(data_dir, "tokens")), read_dictionary=["turn_id"])
    # Only row groups holding the documents' tokens are read in full (a re-run writes the
    # documents it processed last, so they are usually a few row groups at the end).
    groups = [
        i
        for i in range(tokens.num_row_groups)
        if pc.any(of_documents(_turn_ids(tokens, i), wanted)).as_py()
    ]
    pending: list[tuple[str, str]] = []
    carry = None  # the last turn of a batch may go on in the next one
    batches = tokens.iter_batches(_BATCH * 4, row_groups=groups, columns=["turn_id", "norm"])
    for batch in batches:
        kept = batch.filter(of_documents(batch.column("turn_id"), wanted))
        rows = _norms(kept)
        if carry is not None:
            rows = pa.concat_tables([carry, rows])
        starts = _run_starts(rows.column("turn_id"))
        if not starts:
            continue
        pending += _turn_terms(rows.slice(0, starts[-1]), starts[:-1])
        carry = rows.slice(starts[-1])
        if len(pending) >= _BATCH:
            _insert_terms(con, pending)
            pending = []
    if carry is not None:
        pending += _turn_terms(carry, [0])
    _insert_terms(con, pending)


def _speech_turns(turns: pa.Table | pa.RecordBatch, meetings: pa.Table) -> pa.Table:
    """The speech turns among ``turns``, in order, with their meeting's ISO date, fiscal year,
    title, body and municipality: the ``turns`` rows of the index, but for ids, positions and
    the filter keys."""
    speech = turns.filter(pc.equal(turns.column("kind"), "speech"))
    meeting = meetings.take(pc.index_in(speech.column("meeting_id"), meetings.column("meeting_id")))
    columns = {name: speech.column(name) for name in ("turn_id", "meeting_id", "doc_id", "seq")}
    columns["date"] = meeting.column("date").cast(pa.string())
    columns |= {name: meeting.column(name) for name in _MEETING_READ[2:]}
    columns |= {name: speech.column(name) for name in _TURN_READ[5:]}
    return pa.table(columns)


def _next_id(con: sqlite3.Connection) -> int:
    return con.execute("SELECT coalesce(max(id), 0) + 1 FROM turns").fetchone()[0]


def _insert_turns(con: sqlite3.Connection, batches: Iterable[pa.Table], first_id: int) -> None:
    """Rows of ``turns`` from batches of :func:`_speech_turns`, numbered from ``first_id``."""
    next_id = first_id
    for batch in batches:
        n = batch.num_rows
        speaker = pc.binary_join_element_wise(
            batch.column("speaker_name").fill_null(""),
            batch.column("speaker_label").fill_null(""),
            "|",
        )
        columns = [
            pa.array(range(next_id, next_id + n), pa.int64()),
            *batch.columns[:4],  # turn_id, meeting_id, doc_id, seq
            pa.nulls(n),  # pos: set below, once the meeting's turns are all in
            *batch.columns[4:],  # date … char_end
            _per_distinct(compact, batch.column("body")),
            _per_distinct(compact, batch.column("municipality")),
            _per_distinct(compact, speaker),
        ]
        rows = zip(*(c.to_pylist() for c in columns), strict=True)
        con.executemany(f"INSERT INTO turns VALUES ({','.join('?' * _TURN_COLUMNS)})", rows)
        next_id += n
    # A turn's place among its meeting's speech turns (for the turns around a hit). Documents
    # are indexed whole, so all of a new meeting's turns are among the rows just inserted.
    con.execute(
        "UPDATE turns SET pos = r.pos FROM (SELECT id, row_number() OVER "
        "(PARTITION BY meeting_id ORDER BY seq) - 1 AS pos FROM turns WHERE id >= ?) r "
        "WHERE turns.id = r.id",
        [first_id],
    )


def _norms(tokens: pa.Table | pa.RecordBatch) -> pa.Table:
    """``turn_id`` (as plain strings) and ``norm`` of token rows."""
    turn_ids = tokens.column("turn_id")
    if pa.types.is_dictionary(turn_ids.type):
        turn_ids = turn_ids.cast(pa.string())
    return pa.table({"turn_id": turn_ids, "norm": tokens.column("norm")})


def _turn_ids(parquet: pq.ParquetFile, row_group: int) -> pa.DictionaryArray:
    return parquet.read_row_group(row_group, ["turn_id"]).column(0).combine_chunks()


def _per_distinct(function, values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``function`` of every string (null as ''), called once per distinct value: bodies,
    places, speakers and norms repeat."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    codes = pc.dictionary_encode(values.fill_null(""))
    forms = [function(v) for v in codes.dictionary.to_pylist()]
    return pc.take(pa.array(forms, pa.string()), codes.indices)


def _run_starts(turn_ids: pa.ChunkedArray) -> list[int]:
    """Rows where a new turn begins."""
    ids = turn_ids.combine_chunks()
    if not len(ids):
        return []
    changed = pc.not_equal(ids.slice(1), ids.slice(0, len(ids) - 1)).to_numpy(False)
    return [0, *(np.flatnonzero(changed) + 1).tolist()]


def _turn_terms(rows: pa.Table, starts: list[int]) -> list[tuple[str, str]]:
    """(turn_id, terms) for runs of rows starting at ``starts``: each turn's searchable
    norms joined by spaces, computed once per distinct norm and joined in Arrow."""
    if not starts:
        return []
    words = _per_distinct(searchable, rows.column("norm"))
    keep = pc.not_equal(words, "").to_numpy(False)
    kept_before = np.concatenate([[0], np.cumsum(keep)])
    offsets = kept_before[[*starts, len(rows)]].astype(np.int32)
    terms = pc.binary_join(pa.ListArray.from_arrays(offsets, words.filter(keep)), " ")
    turn_ids = rows.column("turn_id").take(starts)
    return list(zip(turn_ids.to_pylist(), terms.to_pylist(), strict=True))


def _insert_terms(con: sqlite3.Connection, pending: list[tuple[str, str]]) -> None:
    """FTS rows for the speech turns among ``pending`` (``turn_id``, terms); notes have
    tokens too, but no row in ``turns``."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS pending (turn_id TEXT, terms TEXT)")
    con.executemany("INSERT INTO pending VALUES (?, ?)", pending)
    try:
        con.execute(
            "INSERT INTO fts (rowid, terms) "
            "SELECT t.id, p.terms FROM pending p JOIN turns t ON t.turn_id = p.turn_id"
        )
    except sqlite3.IntegrityError:
        raise RuntimeError(
            "the tokens table does not hold each turn's tokens together; rebuild the tables "
            "with `kaigiroku run --full`"
        ) from None
    con.execute("DELETE FROM pending")


def _insert_themes(con: sqlite3.Connection, data_dir: Path, doc_ids: list[str] | None) -> None:
    """The theme rows of ``doc_ids`` (every document's when None) for turns in the index."""
    if doc_ids is not None and not doc_ids:
        return
    path = table_file(data_dir, "turn_themes")
    if not path.exists():
        return
    wanted = None if doc_ids is None else pa.array(doc_ids, pa.string())
    themes = pq.ParquetFile(path, read_dictionary=["turn_id"])
    for batch in themes.iter_batches(batch_size=_BATCH, columns=_THEME_COLUMNS):
        if wanted is not None:
            batch = batch.filter(of_documents(batch.column("turn_id"), wanted))
        _insert_theme_rows(con, batch)


_THEME_COLUMNS = ["turn_id", "theme", "subtheme", "score"]


def _insert_theme_rows(con: sqlite3.Connection, themes: pa.Table | pa.RecordBatch) -> None:
    """Rows of ``turn_themes`` (the table's columns) for the turns in the index."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS new_themes (turn_id, theme, subtheme, score)")
    values = zip(*(themes.column(c).to_pylist() for c in _THEME_COLUMNS), strict=True)
    con.executemany("INSERT INTO new_themes VALUES (?, ?, ?, ?)", values)
    con.execute(
        "INSERT INTO turn_themes SELECT t.id, n.theme, n.subtheme, n.score "
        "FROM new_themes n JOIN turns t ON t.turn_id = n.turn_id"
    )
    con.execute("DELETE FROM new_themes")
