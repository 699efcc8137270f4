"""Re-tag stored turns with a taxonomy (and optionally a theme model) without re-tokenizing.

The tokens and sentences tables already hold everything the tagger needs (the same joined
matching Doc is built from them as in a run), so changing the
taxonomy costs a tagging pass, not a run: ``kaigiroku tag --taxonomy my.toml``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .records import Turn, TurnLanguage
from .search.index import sync_index
from .store.parquet import read_table, write_tables
from .store.rows import theme_rows
from .store.schema import TABLES
from .themes.model import ThemeModel
from .themes.tagger import ThemeTagger
from .themes.taxonomy import Taxonomy, tagging_fingerprint


def retag(
    data_dir: Path,
    taxonomy: Taxonomy | None = None,
    model: ThemeModel | None = None,
    meeting_ids: list[str] | None = None,
) -> pd.DataFrame:
    """``turn_themes`` rows for the stored turns (of ``meeting_ids``, or all), freshly tagged."""
    rows = retag_rows(data_dir, taxonomy, model, meeting_ids)
    return pd.DataFrame(rows, columns=TABLES["turn_themes"].names)


def retag_rows(
    data_dir: Path,
    taxonomy: Taxonomy | None = None,
    model: ThemeModel | None = None,
    meeting_ids: list[str] | None = None,
) -> list[dict]:
    filters = None if meeting_ids is None else [("meeting_id", "in", list(meeting_ids))]
    turns = read_table(data_dir, "turns", filters).sort_values(["meeting_id", "seq"])
    tagger = ThemeTagger(taxonomy, model=model)
    languages = _stored_languages(data_dir, turns.loc[turns["kind"] == "speech", "turn_id"])
    rows: list[dict] = []
    for mid, group in turns.groupby("meeting_id", sort=False):
        records = [
            Turn(
                kind=t.kind,
                text=t.text,
                char_start=t.char_start,
                char_end=t.char_end,
                speaker_label=None if pd.isna(t.speaker_label) else t.speaker_label,
                role=None if pd.isna(t.role) else t.role,
            )
            for t in group.itertuples()
        ]
        for tid, record in zip(group["turn_id"], records, strict=True):
            record.language = languages.get(tid)
        tagger.tag_turns(records)
        for tid, record in zip(group["turn_id"], records, strict=True):
            rows.extend(theme_rows(mid, tid, record.themes))
    return rows


_TOKEN_COLUMNS = ["turn_id", "tok_idx", "surface", "char_start", "char_end", "norm", "pos"]


def _stored_languages(data_dir: Path, turn_ids: pd.Series) -> dict[str, TurnLanguage]:
    """The stored tokens and sentences of ``turn_ids``, as the tagger reads a fresh analysis."""
    wanted = [("turn_id", "in", turn_ids.tolist())]
    tokens = read_table(data_dir, "tokens", wanted, columns=_TOKEN_COLUMNS)
    sentences = read_table(
        data_dir, "sentences", wanted, columns=["turn_id", "char_start", "char_end"]
    )
    spans = {
        tid: list(zip(g["char_start"], g["char_end"], strict=True))
        for tid, g in sentences.sort_values(["turn_id", "char_start"]).groupby("turn_id")
    }
    return {
        tid: TurnLanguage(
            sentences=spans.get(tid, []),
            tokens={c: g[c].tolist() for c in _TOKEN_COLUMNS[2:]},
            sent_idx=None,
        )
        for tid, g in tokens.sort_values(["turn_id", "tok_idx"]).groupby("turn_id")
    }


def retag_corpus(
    data_dir: Path, taxonomy: Taxonomy | None = None, model: ThemeModel | None = None
) -> int:
    """Rewrite the ``turn_themes`` table from the stored turns (and the search index's themes);
    returns the number of rows."""
    rows = retag_rows(data_dir, taxonomy, model)
    stamp = {"kaigiroku.tagging": tagging_fingerprint(taxonomy, model)}
    write_tables(data_dir, {"turn_themes": rows}, names=["turn_themes"], metadata=stamp)
    sync_index(data_dir)  # search filters and shows the new themes
    return len(rows)
