"""The numbers of an annual theme report, computed from the tables.

Every figure counts speech turns (notes are not discussion). A turn counts for a theme when
``turn_themes`` tags it with that theme by any method; a turn can carry several themes, so
theme shares do not add up to one. Characters are the length of the turn's ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..store.parquet import read_table
from ..textutil import compact, speaker_shown

TREND_YEARS = 5  # the report's fiscal year and the four before it
TOP_TERMS = 10
TOP_EXCHANGES = 3
# A chair's turn this short between a question and its answer only gives the floor (「市長。」).
FLOOR_CHARS = 20


class NoMeetings(LookupError):
    """No meeting in the tables matches the report's fiscal year and filters."""


@dataclass(frozen=True)
class Scope:
    fiscal_year: int
    body: str | None = None  # part of the body's name
    municipality: str | None = None  # part of the municipality's name

    def selects(self, meetings: pd.DataFrame) -> pd.Series:
        """Which ``meetings`` rows fall under the body and municipality filters."""
        keep = pd.Series(True, index=meetings.index)
        for column, value in (("body", self.body), ("municipality", self.municipality)):
            if value:
                keep &= (
                    meetings[column]
                    .fillna("")
                    .map(compact)
                    .str.contains(compact(value), regex=False)
                )
        return keep


@dataclass
class AnnualReport:
    scope: Scope
    meetings: pd.DataFrame  # meeting_id, date, title, body, municipality, n_speech, speech_chars
    themes: pd.DataFrame  # theme, turns, chars, share_turns, share_chars
    subthemes: pd.DataFrame  # theme, subtheme, turns, chars
    by_meeting: pd.DataFrame  # meeting_id, date, title, theme, chars, share
    trend: pd.DataFrame  # fiscal_year, meetings, theme, turns, share
    roles: pd.DataFrame  # theme, role, turns
    evidence: pd.DataFrame  # theme, rank, term, count
    exchanges: pd.DataFrame  # theme, rank, turn, score, answer (see _exchanges)
    documents: pd.DataFrame  # source_path, status, warnings: documents in scope not ok
    unresolved: pd.DataFrame  # meeting_id, date, turn_id, speaker_label, resolution
    turns: pd.DataFrame  # every speech turn in scope with its themes (the appendix)
    failed_documents: int = 0  # unreadable documents in the tables (no year: not in scope)
    totals: dict = field(default_factory=dict)  # turns, chars, meetings, first and last date


def build_report(data_dir: Path, scope: Scope) -> AnnualReport:
    """The report's tables for ``scope`` (``NoMeetings`` when nothing falls under it)."""
    all_meetings = read_table(data_dir, "meetings")
    in_scope = all_meetings[scope.selects(all_meetings)]
    meetings = in_scope[in_scope["fiscal_year"] == scope.fiscal_year]
    if meetings.empty:
        years = sorted(int(y) for y in in_scope["fiscal_year"].dropna().unique())
        held = ", ".join(map(str, years)) or "none"
        raise NoMeetings(
            f"no meetings in fiscal year {scope.fiscal_year}"
            + _filters_text(scope)
            + f" in {data_dir}/ (fiscal years with meetings: {held})"
        )
    trend_ids = in_scope.loc[
        in_scope["fiscal_year"].between(scope.fiscal_year - TREND_YEARS + 1, scope.fiscal_year),
        "meeting_id",
    ].tolist()
    turns = read_table(
        data_dir,
        "turns",
        [("meeting_id", "in", trend_ids), ("kind", "==", "speech")],
        ["meeting_id", "turn_id", "doc_id", "seq", "speaker_label", "speaker_name", "role",
         "resolution", "text"],
    )  # fmt: skip
    turns["chars"] = turns["text"].str.len().astype("int64")
    turns = turns.merge(in_scope[["meeting_id", "fiscal_year", "date", "title"]], on="meeting_id")
    tags = read_table(data_dir, "turn_themes", [("meeting_id", "in", trend_ids)])
    tags = tags.merge(turns[["turn_id", "chars", "role", "fiscal_year"]], on="turn_id")

    # Every theme the tables know, so a theme nobody raised this year shows as 0.
    theme_names = sorted(read_table(data_dir, "turn_themes", columns=["theme"])["theme"].unique())
    ids = set(meetings["meeting_id"])
    year_turns = turns[turns["meeting_id"].isin(ids)].sort_values(["date", "meeting_id", "seq"])
    year_tags = tags[tags["meeting_id"].isin(ids)]
    per_turn = year_tags.drop_duplicates(["turn_id", "theme"])

    meeting_rows = _meetings(meetings, year_turns)
    total_turns, total_chars = len(year_turns), int(year_turns["chars"].sum())
    themes = (
        per_turn.groupby("theme")
        .agg(turns=("turn_id", "size"), chars=("chars", "sum"))
        .reindex(theme_names, fill_value=0)
        .rename_axis("theme")
        .reset_index()
        .sort_values(["turns", "theme"], ascending=[False, True], ignore_index=True)
    )
    themes["share_turns"] = themes["turns"] / total_turns if total_turns else 0.0
    themes["share_chars"] = themes["chars"] / total_chars if total_chars else 0.0
    subthemes = (
        year_tags.dropna(subset=["subtheme"])
        .drop_duplicates(["turn_id", "theme", "subtheme"])
        .groupby(["theme", "subtheme"])
        .agg(turns=("turn_id", "size"), chars=("chars", "sum"))
        .reset_index()
        .sort_values(["theme", "turns", "subtheme"], ascending=[True, False, True])
        .reset_index(drop=True)
    )
    documents = read_table(data_dir, "documents")
    return AnnualReport(
        scope=scope,
        meetings=meeting_rows,
        themes=themes,
        subthemes=subthemes,
        by_meeting=_by_meeting(meeting_rows, per_turn),
        trend=_trend(in_scope, turns, tags, theme_names),
        roles=(
            per_turn.groupby(["theme", "role"])
            .size()
            .rename("turns")
            .reset_index()
            .sort_values(["theme", "turns", "role"], ascending=[True, False, True])
            .reset_index(drop=True)
        ),
        evidence=_evidence(year_tags),
        exchanges=_exchanges(year_tags, year_turns),
        documents=_documents(documents, set(meetings["doc_id"])),
        unresolved=(
            year_turns[
                year_turns["resolution"].isin(["unresolved"]) | (year_turns["role"] == "unknown")
            ][["meeting_id", "date", "turn_id", "speaker_label", "resolution"]].reset_index(
                drop=True
            )
        ),
        turns=_appendix(year_turns, year_tags),
        failed_documents=int((documents["status"] == "failed").sum()),
        totals={
            "meetings": len(meeting_rows),
            "turns": total_turns,
            "chars": total_chars,
            "first": meeting_rows["date"].min(),
            "last": meeting_rows["date"].max(),
        },
    )


def _filters_text(scope: Scope) -> str:
    parts = [
        f"{k} containing {v!r}"
        for k, v in (("body", scope.body), ("municipality", scope.municipality))
        if v
    ]
    return (" for " + " and ".join(parts)) if parts else ""


def _meetings(meetings: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    stats = turns.groupby("meeting_id").agg(
        n_speech=("turn_id", "size"), speech_chars=("chars", "sum")
    )
    out = meetings[["meeting_id", "doc_id", "date", "title", "body", "municipality"]].merge(
        stats, left_on="meeting_id", right_index=True, how="left"
    )
    out[["n_speech", "speech_chars"]] = out[["n_speech", "speech_chars"]].fillna(0).astype("int64")
    out["date"] = pd.to_datetime(out["date"]).dt.date
    return out.sort_values(["date", "meeting_id"], na_position="last", ignore_index=True)


def _by_meeting(meetings: pd.DataFrame, per_turn: pd.DataFrame) -> pd.DataFrame:
    chars = per_turn.groupby(["meeting_id", "theme"])["chars"].sum().rename("chars").reset_index()
    out = meetings[["meeting_id", "date", "title", "speech_chars"]].merge(chars, on="meeting_id")
    out["share"] = np.where(out["speech_chars"] > 0, out["chars"] / out["speech_chars"], 0.0)
    return out.drop(columns="speech_chars").sort_values(
        ["date", "meeting_id", "theme"], ignore_index=True
    )


def _trend(in_scope, turns: pd.DataFrame, tags: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    """Per fiscal year with meetings: how many meetings, and per theme the tagged turns and
    their share of that year's speech turns."""
    years = turns.groupby("fiscal_year").agg(all_turns=("turn_id", "size"))
    held = in_scope.groupby("fiscal_year")["meeting_id"].nunique().rename("meetings")
    per = tags.drop_duplicates(["turn_id", "theme"]).groupby(["fiscal_year", "theme"]).size()
    rows = []
    for year in sorted(years.index):
        for theme in themes:
            n = int(per.get((year, theme), 0))
            rows.append(
                {
                    "fiscal_year": int(year),
                    "meetings": int(held.get(year, 0)),
                    "theme": theme,
                    "turns": n,
                    "share": n / years.loc[year, "all_turns"],
                }
            )
    return pd.DataFrame(rows, columns=["fiscal_year", "meetings", "theme", "turns", "share"])


def _evidence(tags: pd.DataFrame) -> pd.DataFrame:
    """The terms that fired most often per theme (each evidence item counts once)."""
    items = tags[["theme", "turn_id", "evidence"]].explode("evidence").dropna(subset=["evidence"])
    if items.empty:
        return pd.DataFrame(columns=["theme", "rank", "term", "count"])
    items["term"] = items["evidence"].map(lambda e: e["term"])
    items["start"] = items["evidence"].map(lambda e: e["char_start"])
    # a turn tagged with several sub-themes repeats its evidence: count each place once
    items = items.drop_duplicates(["theme", "turn_id", "term", "start"])
    counts = items.groupby(["theme", "term"]).size().rename("count").reset_index()
    counts = counts.sort_values(["theme", "count", "term"], ascending=[True, False, True])
    counts["rank"] = counts.groupby("theme").cumcount() + 1
    return counts[counts["rank"] <= TOP_TERMS][["theme", "rank", "term", "count"]].reset_index(
        drop=True
    )


def _speaker(row) -> str:
    return speaker_shown(row.get("speaker_name"), row.get("speaker_label"))


ANSWERING_ROLES = ("agency", "secretariat")  # who answers the board's or members' questions


def _exchanges(tags: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    """Per theme the highest-scoring turns found in their own words (not by context), each
    as an exchange: the turn with the answer that followed it, or, when the scored turn is
    itself an answer (by the agency or the secretariat, after someone else's turn), the
    question before it with the turn."""
    columns = [
        "theme", "rank", "score", "turn_id", "meeting_id", "date", "title",
        "question_turn_id", "question_speaker", "question_role", "question_text",
        "answer_turn_id", "answer_speaker", "answer_role", "answer_text",
    ]  # fmt: skip
    own = tags[tags["method"] != "context"].drop_duplicates(["turn_id", "theme"])
    if own.empty:
        return pd.DataFrame(columns=columns)
    own = own.assign(n_evidence=own["evidence"].map(lambda e: 0 if e is None else len(e)))
    by_id = turns.set_index("turn_id", drop=False)
    rows = []
    for theme, group in own.groupby("theme"):
        best = group.merge(turns[["turn_id", "date"]], on="turn_id").sort_values(
            ["score", "n_evidence", "date", "turn_id"], ascending=[False, False, False, True]
        )
        seen: set[tuple] = set()
        for tag in best.itertuples():
            if len(seen) == TOP_EXCHANGES:
                break
            turn = by_id.loc[tag.turn_id]
            before = _partner(turns, turn, -1) if turn["role"] in ANSWERING_ROLES else None
            if before is not None and before["role"] not in ANSWERING_ROLES:
                question, answer = before, turn
            else:
                question, answer = turn, _partner(turns, turn, +1)
            pair = tuple(None if t is None else t["turn_id"] for t in (question, answer))
            if pair in seen:  # the question and its answer both scored: one exchange
                continue
            seen.add(pair)
            row = {
                "theme": theme,
                "rank": len(seen),
                "score": float(tag.score),
                "turn_id": tag.turn_id,
                "meeting_id": turn["meeting_id"],
                "date": turn["date"],
                "title": turn["title"],
            }
            for prefix, part in (("question", question), ("answer", answer)):
                row[f"{prefix}_turn_id"] = None if part is None else part["turn_id"]
                row[f"{prefix}_speaker"] = None if part is None else _speaker(part)
                row[f"{prefix}_role"] = None if part is None else part["role"]
                row[f"{prefix}_text"] = None if part is None else part["text"]
            rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _partner(turns: pd.DataFrame, turn: pd.Series, step: int) -> pd.Series | None:
    """The nearest turn after (``step=1``) or before (``-1``) ``turn`` in its meeting by
    another speaker, passing over a chair's few words giving the floor."""
    same = turns[turns["meeting_id"] == turn["meeting_id"]]
    side = same[same["seq"] > turn["seq"]] if step > 0 else same[same["seq"] < turn["seq"]]
    for _, row in side.sort_values("seq", ascending=step > 0).iterrows():
        if _speaker(row) == _speaker(turn):
            if step > 0:
                continue
            return None  # the same speaker before: no question of someone else's
        if row["role"] == "chair" and row["chars"] <= FLOOR_CHARS:
            continue
        return row
    return None


def _documents(documents: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
    docs = documents[documents["doc_id"].isin(doc_ids) & (documents["status"] != "ok")]
    out = docs[["source_path", "status"]].copy()
    out["warnings"] = docs["warnings"].map(lambda w: "; ".join(w) if w is not None else "")
    return out.reset_index(drop=True)


def _appendix(turns: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    themes = tags.drop_duplicates(["turn_id", "theme"]).groupby("turn_id")["theme"].agg(list)
    out = turns[
        ["meeting_id", "turn_id", "seq", "speaker_label", "speaker_name", "role", "text"]
    ].copy()
    out["speaker"] = [_speaker(r) for r in out.to_dict("records")]
    out["themes"] = out["turn_id"].map(themes).map(lambda t: t if isinstance(t, list) else [])
    return out.reset_index(drop=True)
