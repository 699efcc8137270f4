"""Compare the tables with hand annotations: turn segmentation and theme tags.

The gold format (``../shared/gold/README.md``) is JSON Lines, one object per turn or note in
document order: ``i``, ``kind``, ``label``, ``speaker_name``, ``role``, ``text_head`` (the
turn's first characters), ``themes`` and ``ambiguous``. Gold turns are aligned to stored turns
by their text heads, in order; themes listed as ambiguous are left out of theme scoring.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .store.parquet import read_table
from .textutil import compact
from .topics import stored_content_words

_LOOKAHEAD = 10  # how far past the last match a gold turn's head is searched for


@dataclass(frozen=True)
class GoldTurn:
    i: int
    kind: str
    label: str | None
    speaker_name: str | None
    role: str | None
    text_head: str
    themes: frozenset[str]
    ambiguous: frozenset[str]


def load_gold(path: Path | str) -> list[GoldTurn]:
    turns = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                turns.append(
                    GoldTurn(
                        i=int(row["i"]),
                        kind=row.get("kind", "speech"),
                        label=row.get("label"),
                        speaker_name=row.get("speaker_name"),
                        role=row.get("role"),
                        text_head=row["text_head"],
                        themes=frozenset(row.get("themes", ())),
                        ambiguous=frozenset(row.get("ambiguous", ())),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a gold turn ({exc})") from None
    if not turns:
        raise ValueError(f"{path}: no gold turns")
    return turns


def align(gold: list[GoldTurn], texts: list[str]) -> list[int | None]:
    """For each gold turn, the index of the stored turn starting with its text head, or None.

    >>> g = [GoldTurn(0, "speech", None, None, None, "開会します", frozenset(), frozenset()),
    ...      GoldTurn(1, "speech", None, None, None, "はい", frozenset(), frozenset())]
    >>> align(g, ["開会 します。", "異議なし", "はい。"])
    [0, 2]
    """
    heads = [compact(g.text_head) for g in gold]
    bodies = [compact(t) for t in texts]
    out: list[int | None] = []
    pos = 0
    for head in heads:
        found = None
        for k in range(pos, min(len(bodies), pos + _LOOKAHEAD)):
            if head and bodies[k][: len(head)] == head[: len(bodies[k])] and bodies[k]:
                found = k
                break
        out.append(found)
        if found is not None:
            pos = found + 1
    return out


@dataclass
class Evaluation:
    meeting_id: str
    segmentation: dict[str, float]
    themes: pd.DataFrame  # one row per theme: support, tp, fp, fn, precision, recall, f1

    @property
    def macro_f1(self) -> float:
        return float(self.themes["f1"].mean()) if len(self.themes) else 0.0

    def report(self) -> str:
        s = self.segmentation
        lines = [
            f"meeting {self.meeting_id}",
            "",
            "turn segmentation",
            f"  gold turns {s['gold_turns']}, stored turns {s['stored_turns']}, "
            f"matched {s['matched']}",
            f"  precision {s['precision']:.3f}  recall {s['recall']:.3f}  f1 {s['f1']:.3f}",
            f"  speaker labels agree {s['label_agreement']:.3f}, roles agree "
            f"{s['role_agreement']:.3f} (of matched turns)",
            "",
            "themes (ambiguous annotations left out)",
            self.themes.to_string(index=False, float_format=lambda x: f"{x:.3f}"),
            f"macro-F1 {self.macro_f1:.3f}",
        ]
        return "\n".join(lines)


def stored_meeting_turns(data_dir: Path, gold: list[GoldTurn], meeting_id: str | None):
    """The stored turns of ``meeting_id``, or of the meeting the gold turns align with best."""
    turns = read_table(data_dir, "turns").sort_values(["meeting_id", "seq"])
    if turns.empty:
        raise ValueError(f"no turns in {data_dir}: run `kaigiroku run` first")
    if meeting_id is not None:
        chosen = turns[turns["meeting_id"].str.startswith(meeting_id)]
        if chosen["meeting_id"].nunique() != 1:
            raise ValueError(f"{chosen['meeting_id'].nunique()} meetings match {meeting_id!r}")
        return chosen.reset_index(drop=True)
    best, best_hits = None, 0
    for _, group in turns.groupby("meeting_id", sort=False):
        hits = sum(k is not None for k in align(gold, group["text"].tolist()))
        if hits > best_hits:
            best, best_hits = group, hits
    if best is None or best_hits < len(gold) / 2:
        raise ValueError("no stored meeting matches the gold turns (pass --meeting)")
    return best.reset_index(drop=True)


def evaluate(
    data_dir: Path,
    gold_path: Path,
    meeting_id: str | None = None,
    tags: pd.DataFrame | None = None,
    themes: list[str] | None = None,
) -> Evaluation:
    """Score the stored turns and theme tags (or ``tags``, e.g. from a re-tag) against gold."""
    gold = load_gold(gold_path)
    turns = stored_meeting_turns(data_dir, gold, meeting_id)
    mid = turns["meeting_id"].iloc[0]
    alignment = align(gold, turns["text"].tolist())
    if tags is None:
        tags = read_table(data_dir, "turn_themes", [("meeting_id", "==", mid)])
    predicted = tags.groupby("turn_id")["theme"].agg(set).to_dict()
    if themes is None:
        themes = sorted({t for g in gold for t in g.themes | g.ambiguous})
    rows = []
    for theme in themes:
        tp = fp = fn = 0
        for g, k in zip(gold, alignment, strict=True):
            if theme in g.ambiguous:
                continue
            said = k is not None and theme in predicted.get(turns["turn_id"].iloc[k], set())
            truth = theme in g.themes
            tp += said and truth
            fp += said and not truth
            fn += truth and not said
        rows.append(
            {"theme": theme, "support": tp + fn, "tp": tp, "fp": fp, "fn": fn, **_prf(tp, fp, fn)}
        )
    return Evaluation(mid, _segmentation(gold, turns, alignment), pd.DataFrame(rows))


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _segmentation(gold: list[GoldTurn], turns: pd.DataFrame, alignment) -> dict[str, float]:
    matched = [(g, turns.iloc[k]) for g, k in zip(gold, alignment, strict=True) if k is not None]
    n = len(matched)
    scores = _prf(n, len(turns) - n, len(gold) - n)
    same_label = sum(
        compact(g.label or "") == compact(_text(t["speaker_label"])) for g, t in matched
    )
    same_role = sum(g.kind == "note" or g.role == t["role"] for g, t in matched)
    return {
        "gold_turns": len(gold),
        "stored_turns": len(turns),
        "matched": n,
        **scores,
        "label_agreement": same_label / n if n else 0.0,
        "role_agreement": same_role / n if n else 0.0,
    }


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def training_data(data_dir: Path, gold_path: Path, meeting_id: str | None = None):
    """Content words, themes and ambiguous themes of the stored speech turns gold covers."""
    gold = load_gold(gold_path)
    turns = stored_meeting_turns(data_dir, gold, meeting_id)
    alignment = align(gold, turns["text"].tolist())
    pairs = [
        (g, turns["turn_id"].iloc[k])
        for g, k in zip(gold, alignment, strict=True)
        if k is not None and g.kind == "speech"
    ]
    ids = [tid for _, tid in pairs]
    words = stored_content_words(data_dir, ids)
    docs = [words.get(tid, []) for tid in ids]
    return docs, [set(g.themes) for g, _ in pairs], [set(g.ambiguous) for g, _ in pairs]
