"""Keyword in context: every occurrence of a term in the corpus, with the text either side.

The concordance researchers know from KH Coder, read straight from the Parquet tables with
DuckDB: the term is analysed like a query and found as a sequence of token norms in the
``tokens`` table, so 漏洩 finds 漏えい and 暗号化する finds 暗号化し; the context is cut from
the turn's original text by the tokens' character offsets.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ..language.analyzer import analyze
from ..store.parquet import table_file

SORTS = ("date", "left", "right")


@dataclass
class KwicLine:
    turn_id: str
    meeting_id: str
    date: str | None
    title: str | None
    speaker_name: str | None
    speaker_label: str | None
    role: str | None
    char_start: int  # of the keyword in the turn's text
    char_end: int
    left: str
    keyword: str
    right: str


def term_norms(term: str) -> tuple[str, ...]:
    """The token norms a term is found as (white space tokens dropped).

    >>> term_norms("漏洩した")
    ('漏えい', 'する', 'た')
    """
    return tuple(n for n in analyze(term).norm if n.strip())


def concordance(
    data_dir: Path, term: str, window: int = 20, limit: int | None = 100, sort: str = "date"
) -> list[KwicLine]:
    """Occurrences of ``term`` with ``window`` characters of context on each side.

    ``sort``: ``date`` (oldest meeting first, then in the order spoken), ``right`` (by the
    text after the keyword) or ``left`` (by the text before it, read backwards from the
    keyword, as concordances do).
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}, not {sort!r}")
    norms = term_norms(term)
    tokens_path = table_file(data_dir, "tokens")
    if not norms or not tokens_path.exists():
        return []
    params: dict = {
        "tokens": str(tokens_path),
        "turns": str(table_file(data_dir, "turns")),
        "meetings": str(table_file(data_dir, "meetings")),
        "w": window,
        **{f"n{i}": n for i, n in enumerate(norms)},
    }
    # One join per further token of the term; only positions are generated, values are bound.
    follow = "".join(
        f" JOIN tok k{i} ON k{i}.turn_id = k0.turn_id AND k{i}.tok_idx = k0.tok_idx + {i}"
        f" AND k{i}.norm = $n{i}"
        for i in range(1, len(norms))
    )
    last = f"k{len(norms) - 1}"
    order = {
        "date": "m.date, t.meeting_id, t.seq, s",
        "right": '"right", m.date, t.seq, s',
        "left": 'reverse("left"), m.date, t.seq, s',
    }[sort]
    sql = f"""
    WITH tok AS (SELECT turn_id, tok_idx, norm, char_start, char_end FROM read_parquet($tokens)),
    hits AS (
        SELECT k0.turn_id, k0.char_start AS s, {last}.char_end AS e
        FROM tok k0 {follow} WHERE k0.norm = $n0
    )
    SELECT h.turn_id, t.meeting_id, strftime(m.date, '%Y-%m-%d') AS date, m.title,
           t.speaker_name, t.speaker_label, t.role, h.s AS char_start, h.e AS char_end,
           substring(t.text, greatest(1, h.s + 1 - $w), h.s - greatest(0, h.s - $w)) AS "left",
           substring(t.text, h.s + 1, h.e - h.s) AS keyword,
           substring(t.text, h.e + 1, $w) AS "right"
    FROM hits h
    JOIN read_parquet($turns) t ON t.turn_id = h.turn_id
    JOIN read_parquet($meetings) m ON m.meeting_id = t.meeting_id
    ORDER BY {order}
    """
    if limit is not None:
        sql += " LIMIT $limit"
        params["limit"] = limit
    df = duckdb.connect().execute(sql, params).df()
    return [KwicLine(**_clean(r)) for r in df.to_dict("records")]


def _clean(record: dict) -> dict:
    return {
        k: None if not isinstance(v, str | int) and pd.isna(v) else v for k, v in record.items()
    }


def to_frame(lines: list[KwicLine]) -> pd.DataFrame:
    return pd.DataFrame([asdict(line) for line in lines], columns=list(KwicLine.__annotations__))
