"""Topic discovery over the stored tables: fit a :class:`TopicModel`, write two tables.

``topics`` holds each topic's heaviest words; ``turn_topics`` each speech turn's share of
every topic that makes up at least ``min_share`` of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .store.parquet import read_table, write_tables
from .themes.features import content_words
from .themes.topics import TopicModel


@dataclass
class TopicsResult:
    model: TopicModel
    topics: pd.DataFrame
    turn_topics: pd.DataFrame
    n_turns: int  # speech turns with enough content words to be modelled


def stored_content_words(data_dir: Path, turn_ids) -> dict[str, list[str]]:
    """The content words of stored turns, from the tokens table: what topic discovery and
    the supervised theme model count."""
    tokens = read_table(
        data_dir,
        "tokens",
        [("turn_id", "in", list(turn_ids))],
        columns=["turn_id", "tok_idx", "norm", "pos"],
    )
    return {
        tid: content_words(g["norm"].tolist(), g["pos"].tolist())
        for tid, g in tokens.sort_values(["turn_id", "tok_idx"]).groupby("turn_id")
    }


def discover_topics(
    data_dir: Path,
    model: TopicModel | None = None,
    min_words: int = 3,
    min_share: float = 0.2,
    write: bool = True,
) -> TopicsResult:
    """Fit ``model`` (NMF, 8 topics by default) on every speech turn with at least
    ``min_words`` content words and, with ``write``, replace the two topic tables."""
    model = model or TopicModel()
    turns = read_table(data_dir, "turns", columns=["turn_id", "kind"])
    words = stored_content_words(data_dir, turns.loc[turns["kind"] == "speech", "turn_id"])
    docs = {tid: w for tid, w in sorted(words.items()) if len(w) >= min_words}
    if len(docs) < 2:
        raise ValueError(
            f"only {len(docs)} turn(s) with {min_words}+ content words: too few for topics"
        )
    turn_ids = list(docs)
    model.fit(list(docs.values()))
    shares = model.transform(list(docs.values()))
    dominant = shares.argmax(axis=1)
    topics = pd.DataFrame(
        [
            {
                "topic_id": k,
                "label": "・".join(term for term, _ in terms[:3]),
                "terms": [term for term, _ in terms],
                "weights": [round(w, 4) for _, w in terms],
                "n_turns": int(((dominant == k) & (shares.max(axis=1) > 0)).sum()),
                "method": model.method,
            }
            for k, terms in enumerate(model.top_terms())
        ]
    )
    turn_topics = pd.DataFrame(
        [
            {"turn_id": tid, "topic_id": k, "share": round(float(shares[i, k]), 4)}
            for i, tid in enumerate(turn_ids)
            for k in range(shares.shape[1])
            if shares[i, k] >= min_share
        ],
        columns=["turn_id", "topic_id", "share"],
    )
    if write:
        write_tables(
            data_dir,
            {"topics": topics.to_dict("records"), "turn_topics": turn_topics.to_dict("records")},
            names=["topics", "turn_topics"],
        )
    return TopicsResult(model, topics, turn_topics, len(turn_ids))
