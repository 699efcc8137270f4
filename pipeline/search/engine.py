"""Ranked search over the index: BM25, filters, snippets and the surrounding exchange.

Turns that contain every word of the query come first, ranked by FTS5's BM25 (ties: the
more recent meeting first); turns that contain only some of the words follow, ranked the
same way. A query with no words lists the turns the filters select, oldest first, in the
order they were spoken.

>>> where, params = Filters(role="chair", fiscal_year=2019).where()
>>> where, params
('t.fiscal_year = ? AND t.role = ?', [2019, 'chair'])
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..structure.dates import find_date
from ..textutil import compact
from .index import connect, is_stale
from .query import Query, Synonyms, parse_query
from .snippet import Snippet, Span, make_snippet, match_spans


@dataclass
class Filters:
    """What a turn must be to count, besides containing the query's words."""

    theme: str | None = None
    subtheme: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    fiscal_year: int | None = None
    body: str | None = None  # part of the body's name (情報公開 finds 情報公開・個人情報保護審査会)
    municipality: str | None = None  # part of the municipality's name
    speaker: str | None = None  # part of the speaker's name or label
    role: str | None = None
    meeting: str | None = None  # one meeting's id

    def __bool__(self) -> bool:
        return any(v is not None for v in vars(self).values())

    def where(self) -> tuple[str, list]:
        """The SQL condition on ``turns t`` and its parameters (always bound, never pasted)."""
        clauses, params = [], []
        if self.theme or self.subtheme:
            cond = " AND ".join(
                f"th.{col} = ?"
                for col, v in (("theme", self.theme), ("subtheme", self.subtheme))
                if v
            )
            clauses.append(f"EXISTS (SELECT 1 FROM turn_themes th WHERE th.id = t.id AND {cond})")
            params += [v for v in (self.theme, self.subtheme) if v]
        if self.date_from:
            clauses.append("t.date >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to:
            clauses.append("t.date <= ?")
            params.append(self.date_to.isoformat())
        if self.fiscal_year is not None:
            clauses.append("t.fiscal_year = ?")
            params.append(self.fiscal_year)
        for column, value in (
            ("body_key", self.body),
            ("municipality_key", self.municipality),
            ("speaker_key", self.speaker),
        ):
            if value:
                clauses.append(f"instr(t.{column}, ?) > 0")
                params.append(compact(value))
        for column, value in (("role", self.role), ("meeting_id", self.meeting)):
            if value:
                clauses.append(f"t.{column} = ?")
                params.append(value)
        return " AND ".join(clauses) or "1", params


def parse_date(text: str, end: bool = False) -> dt.date:
    """A date bound as users write it: 2019-07-16, 2019-07, 2019, 令和元年7月16日, R1.7.16.

    A year or a month means its first day, or its last with ``end``.

    >>> parse_date("2019"), parse_date("2019-02", end=True), parse_date("令和元年7月16日")
    (datetime.date(2019, 1, 1), datetime.date(2019, 2, 28), datetime.date(2019, 7, 16))
    """
    value = text.strip()
    m = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2}))?", value)
    if m:
        year = int(m[1])
        month = int(m[2]) if m[2] else (12 if end else 1)
        if 1 <= month <= 12:
            day = calendar.monthrange(year, month)[1] if end else 1
            return dt.date(year, month, day)
    found = find_date(value)
    if found is not None and found.date is not None:
        return found.date
    raise ValueError(f"not a date: {text!r} (use 2019-07-16, 2019-07, 2019 or 令和元年7月16日)")


@dataclass
class TurnView:
    """A turn as search shows it."""

    turn_id: str
    meeting_id: str
    doc_id: str
    seq: int
    title: str | None
    date: str | None
    fiscal_year: int | None
    body: str | None
    municipality: str | None
    speaker_label: str | None
    speaker_name: str | None
    role: str | None
    text: str
    char_start: int | None  # the turn's span (label included) in the source's text
    char_end: int | None

    @classmethod
    def of(cls, row: sqlite3.Row) -> TurnView:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


@dataclass
class Hit:
    rank: int
    turn: TurnView
    score: float | None  # BM25 (higher is better); None when the query has no words
    matched_all: bool  # contains every word of the query
    themes: list[dict] = field(default_factory=list)  # {theme, subtheme, score}
    matches: list[Span] = field(default_factory=list)  # into turn.text
    snippet: Snippet | None = None
    before: list[TurnView] = field(default_factory=list)
    after: list[TurnView] = field(default_factory=list)


@dataclass
class SearchResult:
    query: Query
    filters: Filters
    total: int  # turns that match, over all pages
    hits: list[Hit]
    stale: bool  # the tables changed after the index was last brought in step


# A turn's fields, and its position among its meeting's speech turns (for --context).
_COLUMNS = ", ".join(f"t.{name}" for name in [*TurnView.__dataclass_fields__, "pos"])


class Searcher:
    """Queries over one tables folder's index.

    >>> import tempfile
    >>> Searcher(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    pipeline.search.index.IndexMissing: no search index in ...
    """

    def __init__(
        self, data_dir: Path | str, synonyms: Synonyms | None = None, snippet_width: int = 120
    ):
        self.data_dir = Path(data_dir)
        self.synonyms = synonyms
        self.snippet_width = snippet_width
        self.con = connect(self.data_dir)

    def close(self) -> None:
        self.con.close()

    def count(self) -> int:
        """Turns in the index."""
        return self.con.execute("SELECT count(*) FROM turns").fetchone()[0]

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def search(
        self,
        text: str = "",
        filters: Filters | None = None,
        limit: int = 10,
        offset: int = 0,
        context: int = 0,
    ) -> SearchResult:
        filters = filters or Filters()
        query = parse_query(text, self.synonyms)
        where, params = filters.where()
        if query:
            rows, total = self._ranked(query, where, params, limit, offset)
        elif text.strip():  # words were given, but none the index could hold
            rows, total = [], 0
        else:
            rows, total = self._listed(where, params, limit, offset)
        hits = [
            Hit(offset + i + 1, TurnView.of(row), _score(row["score"]), bool(row["matched_all"]))
            for i, row in enumerate(rows)
        ]
        self._decorate(hits, [row["pos"] for row in rows], query, context)
        stale = is_stale(self.con, self.data_dir)
        return SearchResult(query, filters, total, hits, stale)

    def _ranked(self, query: Query, where: str, params: list, limit: int, offset: int):
        tiers = [(query.match_all(), 1)]
        if len(query.terms) > 1:  # then the turns with only some of the words
            tiers.append((f"({query.match_any()}) NOT ({query.match_all()})", 0))
        rows, total = [], 0
        for match, matched_all in tiers:
            want, skip = limit - len(rows), max(0, offset - total)
            found = self._tier(match, matched_all, where, params, max(want, 1), skip)
            if found:
                n = found[0]["n"]
            else:  # past the last page of this tier: count it alone
                n = self.con.execute(
                    f"WITH m AS MATERIALIZED (SELECT rowid AS id FROM fts WHERE fts MATCH ?) "
                    f"SELECT count(*) FROM m JOIN turns t ON t.id = m.id WHERE {where}",
                    [match, *params],
                ).fetchone()[0]
            if want > 0:
                rows += found
            total += n
        return rows, total

    def _tier(self, match: str, matched_all: int, where: str, params: list, limit, offset):
        # The full-text match runs once, first (MATERIALIZED): left to itself, SQLite may walk
        # a date or theme index instead and run the match again for every turn it meets. Only
        # ids and sort keys are ranked; the page's turns are read afterwards.
        return self.con.execute(
            "WITH m AS MATERIALIZED "
            "(SELECT rowid AS id, bm25(fts) AS score FROM fts WHERE fts MATCH ?), "
            "r AS (SELECT m.id, m.score, t.date AS date, count(*) OVER () AS n "
            f"FROM m JOIN turns t ON t.id = m.id WHERE {where} "
            "ORDER BY m.score, t.date DESC, m.id LIMIT ? OFFSET ?) "
            f"SELECT {_COLUMNS}, r.score, {matched_all} AS matched_all, r.n "
            "FROM r JOIN turns t ON t.id = r.id ORDER BY r.score, r.date DESC, r.id",
            [match, *params, limit, offset],
        ).fetchall()

    def _listed(self, where: str, params: list, limit: int, offset: int):
        total = self.con.execute(f"SELECT count(*) FROM turns t WHERE {where}", params).fetchone()
        rows = self.con.execute(
            f"SELECT {_COLUMNS}, NULL AS score, 1 AS matched_all FROM turns t WHERE {where} "
            "ORDER BY t.date, t.meeting_id, t.seq LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return rows, total[0]

    def _decorate(self, hits: list[Hit], positions: list[int], query: Query, context: int) -> None:
        """Themes, highlighted snippets and, with ``context``, the neighbouring turns."""
        if not hits:
            return
        ids = [h.turn.turn_id for h in hits]
        marks = ",".join("?" * len(ids))
        themes: dict[str, list[dict]] = {}
        for row in self.con.execute(
            "SELECT t.turn_id, th.theme, th.subtheme, th.score FROM turn_themes th "
            f"JOIN turns t ON t.id = th.id WHERE t.turn_id IN ({marks}) "
            "ORDER BY th.score DESC, th.theme, th.subtheme",
            ids,
        ):
            themes.setdefault(row[0], []).append(
                {"theme": row[1], "subtheme": row[2], "score": round(row[3], 4)}
            )
        spans = match_spans([h.turn.text for h in hits], query)
        for hit, pos, found in zip(hits, positions, spans, strict=True):
            hit.themes = themes.get(hit.turn.turn_id, [])
            hit.matches = found
            hit.snippet = make_snippet(hit.turn.text, found, self.snippet_width)
            if context > 0:
                hit.before, hit.after = self._around(hit.turn, pos, context)

    def _around(self, turn: TurnView, p: int, k: int) -> tuple[list[TurnView], list[TurnView]]:
        rows = self.con.execute(
            f"SELECT {_COLUMNS} FROM turns t WHERE t.meeting_id = ? "
            "AND t.pos BETWEEN ? AND ? AND t.pos != ? ORDER BY t.pos",
            [turn.meeting_id, p - k, p + k, p],
        ).fetchall()
        before = [TurnView.of(r) for r in rows if r["pos"] < p]
        after = [TurnView.of(r) for r in rows if r["pos"] > p]
        return before, after


def _score(bm25: float | None) -> float | None:
    # FTS5's bm25() is lower for better matches; shown negated, so higher is better.
    return None if bm25 is None else round(-bm25, 4)
