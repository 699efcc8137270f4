"""What the web app's pages read from the Parquet tables: one meeting with its attendees,
agenda and turns, the list of meetings, and the fiscal years and bodies to choose from.

Queries go through DuckDB over the Parquet files with every value bound; each call opens
its own cursor, so the app's threads can read at once. Nothing here writes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..report.data import Scope
from ..store.parquet import read_table, table_file
from ..textutil import speaker_shown


@dataclass
class TurnRow:
    turn_id: str
    seq: int
    kind: str  # speech or note
    speaker: str  # the resolved name, else the label as written
    role: str | None
    text: str
    themes: list[tuple[str, str | None]] = field(default_factory=list)  # (theme, subtheme)


@dataclass
class MeetingRecord:
    meeting: dict  # the meetings table's row
    participants: list[dict]
    agenda: list[dict]
    turns: list[TurnRow]
    source_path: str | None
    warnings: list[str]  # the meeting's and its document's

    def turn(self, turn_id: str) -> TurnRow | None:
        return next((t for t in self.turns if t.turn_id == turn_id), None)


_THEME_ORDER = "theme, subtheme NULLS FIRST"


class Tables:
    """Read-only access to one tables folder.

    >>> import tempfile
    >>> Tables(tempfile.mkdtemp()).meeting("nope") is None
    True
    """

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self._con = duckdb.connect()
        self._lock = threading.Lock()  # cursor() on one connection is not itself thread-safe
        self._cache: dict[tuple[str, str], tuple] = {}

    def _has(self, name: str) -> bool:
        return table_file(self.data_dir, name).exists()

    def _rows(self, sql: str, table: str, **params) -> list[dict]:
        """``sql`` over ``read_parquet($table)`` (the named table's file) as dicts; values are
        bound as named parameters. No rows when the table was never written."""
        if not self._has(table):
            return []
        with self._lock:
            cursor = self._con.cursor()
        try:
            result = cursor.execute(sql, {"table": str(table_file(self.data_dir, table)), **params})
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            cursor.close()

    def meeting(self, meeting_id: str) -> MeetingRecord | None:
        def of(table: str, select="*", order="seq", where="meeting_id", value=meeting_id):
            sql = f"SELECT {select} FROM read_parquet($table) WHERE {where} = $value"
            return self._rows(f"{sql} ORDER BY {order}", table, value=value)

        found = of("meetings", order="meeting_id")
        if not found:
            return None
        meeting = found[0]
        themes: dict[str, list[tuple[str, str | None]]] = {}
        tags = of("turn_themes", "DISTINCT turn_id, theme, subtheme", _THEME_ORDER)
        for row in tags:
            themes.setdefault(row["turn_id"], []).append((row["theme"], row["subtheme"]))
        turns = [
            TurnRow(
                turn_id=r["turn_id"],
                seq=r["seq"],
                kind=r["kind"],
                speaker=speaker_shown(r["speaker_name"], r["speaker_label"]),
                role=r["role"],
                text=r["text"] or "",
                themes=_collapse(themes.get(r["turn_id"], [])),
            )
            for r in of("turns")
        ]
        document = of(
            "documents",
            "source_path, warnings",
            where="doc_id",
            order="doc_id",
            value=meeting["doc_id"],
        )
        warnings = list(meeting.get("warnings") or [])
        source_path = None
        if document:
            source_path = document[0]["source_path"]
            warnings += [w for w in document[0]["warnings"] or [] if w not in warnings]
        return MeetingRecord(
            meeting, of("participants"), of("agenda_items"), turns, source_path, warnings
        )

    def meetings(
        self,
        fiscal_year: int | None = None,
        body: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict], int]:
        """Meetings, newest first, with the total before paging."""
        where = "($fy IS NULL OR fiscal_year = $fy) AND ($body IS NULL OR body = $body)"
        keys = {"fy": fiscal_year, "body": body}
        count = f"SELECT count(*) AS n FROM read_parquet($table) WHERE {where}"
        counted = self._rows(count, "meetings", **keys)
        rows = self._rows(
            "SELECT meeting_id, date, title, body, municipality, fiscal_year, n_speech, n_notes "
            f"FROM read_parquet($table) WHERE {where} "
            "ORDER BY date DESC NULLS LAST, meeting_id LIMIT $limit OFFSET $offset",
            "meetings",
            **keys,
            limit=limit,
            offset=offset,
        )
        return rows, counted[0]["n"] if counted else 0

    def fiscal_years(self, body: str | None = None, municipality: str | None = None) -> list[int]:
        """Fiscal years with meetings, newest first; with ``body`` or ``municipality``, of
        the meetings whose body or municipality contains it (as the report's scope does)."""

        def fiscal_years() -> list[int]:
            columns = ["body", "municipality", "fiscal_year"]
            meetings = read_table(self.data_dir, "meetings", columns=columns)
            chosen = meetings[Scope(0, body, municipality).selects(meetings)]["fiscal_year"]
            return sorted({int(y) for y in chosen.dropna()}, reverse=True)

        # every page's year menu asks for all of them: kept until the table changes
        return fiscal_years() if body or municipality else self._memo("meetings", fiscal_years)

    def _memo(self, table: str, compute):
        """``compute()``, again only once ``table``'s file has changed (pages ask on every
        request for the same lists of themes and bodies)."""
        path = table_file(self.data_dir, table)
        stat = path.stat() if path.exists() else None
        stamp = (stat.st_size, stat.st_mtime_ns) if stat else None
        key = (table, compute.__name__)
        if key not in self._cache or self._cache[key][0] != stamp:
            self._cache[key] = (stamp, compute())
        return self._cache[key][1]

    def bodies(self) -> list[str]:
        def bodies() -> list[str]:
            sql = "SELECT DISTINCT body FROM read_parquet($table) WHERE body IS NOT NULL"
            return sorted(r["body"] for r in self._rows(sql, "meetings"))

        return self._memo("meetings", bodies)

    def themes(self) -> dict[str, list[str]]:
        """Every theme in the tables with its sub-themes."""

        def themes() -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            sql = (
                f"SELECT DISTINCT theme, subtheme FROM read_parquet($table) ORDER BY {_THEME_ORDER}"
            )
            for r in self._rows(sql, "turn_themes"):
                subs = out.setdefault(r["theme"], [])
                if r["subtheme"] is not None:
                    subs.append(r["subtheme"])
            return out

        return self._memo("turn_themes", themes)


def _collapse(tags: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """One badge per sub-theme, and one for a theme only when no sub-theme names it."""
    with_sub = {theme for theme, sub in tags if sub is not None}
    return [(theme, sub) for theme, sub in tags if sub is not None or theme not in with_sub]
