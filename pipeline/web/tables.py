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
import pandas as pd

from ..report.data import Scope
from ..textutil import speaker_shown


@dataclass
class TurnRow:
    turn_id: str
    seq: int
    kind: str  # speech or note
    speaker: str  # the resolved name, else the label as written
    speaker_label: str | None
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

    def _path(self, name: str) -> str:
        return str(self.data_dir / name / "part-0.parquet")

    def _has(self, name: str) -> bool:
        return (self.data_dir / name / "part-0.parquet").exists()

    def _rows(self, sql: str, params: list | None = None, **tables: str) -> list[dict]:
        """``sql`` with each ``{name}`` replaced by that table's Parquet file, as dicts."""
        # The folder is the app's own setting, not a request's; quotes are doubled all the same.
        sources = {
            key: "read_parquet('{}')".format(self._path(name).replace("'", "''"))
            for key, name in tables.items()
        }
        with self._lock:
            cursor = self._con.cursor()
        try:
            result = cursor.execute(sql.format(**sources), params or [])
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            cursor.close()

    def meeting(self, meeting_id: str) -> MeetingRecord | None:
        if not self._has("meetings"):
            return None
        found = self._rows("SELECT * FROM {m} WHERE meeting_id = ?", [meeting_id], m="meetings")
        if not found:
            return None
        meeting = found[0]
        participants = self._optional(
            "participants", "SELECT * FROM {t} WHERE meeting_id = ? ORDER BY seq", meeting_id
        )
        agenda = self._optional(
            "agenda_items", "SELECT * FROM {t} WHERE meeting_id = ? ORDER BY seq", meeting_id
        )
        themes: dict[str, list[tuple[str, str | None]]] = {}
        for row in self._optional(
            "turn_themes",
            "SELECT DISTINCT turn_id, theme, subtheme FROM {t} WHERE meeting_id = ? "
            "ORDER BY turn_id, theme, subtheme NULLS FIRST",
            meeting_id,
        ):
            themes.setdefault(row["turn_id"], []).append((row["theme"], row["subtheme"]))
        turns = [
            TurnRow(
                turn_id=r["turn_id"],
                seq=r["seq"],
                kind=r["kind"],
                speaker=speaker_shown(r["speaker_name"], r["speaker_label"]),
                speaker_label=r["speaker_label"],
                role=r["role"],
                text=r["text"] or "",
                themes=_collapse(themes.get(r["turn_id"], [])),
            )
            for r in self._optional(
                "turns", "SELECT * FROM {t} WHERE meeting_id = ? ORDER BY seq", meeting_id
            )
        ]
        document = self._optional(
            "documents", "SELECT source_path, warnings FROM {t} WHERE doc_id = ?", meeting["doc_id"]
        )
        warnings = list(meeting.get("warnings") or [])
        source_path = None
        if document:
            source_path = document[0]["source_path"]
            warnings += [w for w in document[0]["warnings"] or [] if w not in warnings]
        return MeetingRecord(meeting, participants, agenda, turns, source_path, warnings)

    def _optional(self, name: str, sql: str, value) -> list[dict]:
        return self._rows(sql, [value], t=name) if self._has(name) else []

    def meetings(
        self,
        fiscal_year: int | None = None,
        body: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict], int]:
        """Meetings, newest first, with the total before paging."""
        if not self._has("meetings"):
            return [], 0
        where, params = ["1 = 1"], []
        if fiscal_year is not None:
            where.append("fiscal_year = ?")
            params.append(fiscal_year)
        if body:
            where.append("body = ?")
            params.append(body)
        condition = " AND ".join(where)
        count = f"SELECT count(*) AS n FROM {{m}} WHERE {condition}"
        total = self._rows(count, params, m="meetings")[0]["n"]
        rows = self._rows(
            "SELECT meeting_id, date, title, body, municipality, fiscal_year, n_speech, n_notes "
            f"FROM {{m}} WHERE {condition} "
            "ORDER BY date DESC NULLS LAST, meeting_id LIMIT ? OFFSET ?",
            [*params, limit, offset],
            m="meetings",
        )
        return rows, total

    def fiscal_years(self, body: str | None = None, municipality: str | None = None) -> list[int]:
        """Fiscal years with meetings, newest first; with ``body`` or ``municipality``, of
        the meetings whose body or municipality contains it (as the report's scope does)."""
        if not self._has("meetings"):
            return []
        rows = self._rows(
            "SELECT body, municipality, fiscal_year FROM {m} WHERE fiscal_year IS NOT NULL",
            m="meetings",
        )
        frame = pd.DataFrame(rows, columns=["body", "municipality", "fiscal_year"])
        chosen = frame[Scope(0, body, municipality).selects(frame)]
        return sorted({int(y) for y in chosen["fiscal_year"]}, reverse=True)

    def bodies(self) -> list[str]:
        if not self._has("meetings"):
            return []
        rows = self._rows(
            "SELECT DISTINCT body FROM {m} WHERE body IS NOT NULL ORDER BY body", m="meetings"
        )
        return [r["body"] for r in rows]

    def themes(self) -> dict[str, list[str]]:
        """Every theme in the tables with its sub-themes."""
        if not self._has("turn_themes"):
            return {}
        out: dict[str, list[str]] = {}
        for r in self._rows(
            "SELECT DISTINCT theme, subtheme FROM {t} ORDER BY theme, subtheme NULLS FIRST",
            t="turn_themes",
        ):
            subs = out.setdefault(r["theme"], [])
            if r["subtheme"] is not None:
                subs.append(r["subtheme"])
        return out


def _collapse(tags: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """One badge per sub-theme, and one for a theme only when no sub-theme names it."""
    with_sub = {theme for theme, sub in tags if sub is not None}
    return [(theme, sub) for theme, sub in tags if sub is not None or theme not in with_sub]
