"""The language layer for turns: sentences, then tokens tagged with their sentence."""

from __future__ import annotations

import numpy as np

from ..records import TurnLanguage
from .analyzer import analyze_batch
from .sentences import split_sentences


def analyze_turns(texts: list[str]) -> list[TurnLanguage]:
    """Sentences and tokens of each text; every offset indexes its own text.

    Work is batched: tokens of all texts are analysed together and each token's sentence is
    found with one ``searchsorted`` over the batch.

    >>> lang = analyze_turns(["開会します。漏えいはありません。", "はい。"])[0]
    >>> lang.sentences, lang.sent_idx[:3].tolist(), int(lang.sent_idx[-1])
    ([(0, 6), (6, 16)], [0, 0, 0], 1)
    """
    batch = analyze_batch(texts)
    sentences = [split_sentences(text) for text in texts]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    text_base = np.concatenate([[0], np.cumsum(lengths)])[:-1]
    n_sents = np.fromiter(map(len, sentences), dtype=np.int64, count=len(texts))
    first_sent = np.concatenate([[0], np.cumsum(n_sents)])[:-1]
    sent_starts = np.array([start for spans in sentences for start, _ in spans], np.int64)
    sent_starts += np.repeat(text_base, n_sents)
    # Every offset as if the texts were one string, then a sentence lookup for all tokens.
    counts = np.diff(batch.bounds)
    token_starts = batch.start.astype(np.int64) + np.repeat(text_base, counts)
    idx = np.searchsorted(sent_starts, token_starts, "right") - 1
    idx -= np.repeat(first_sent, counts)
    idx = np.maximum(idx, 0).astype(np.int32)
    return [
        TurnLanguage(spans, tokens, idx[tokens.first : tokens.stop])
        for spans, tokens in zip(sentences, batch.views(), strict=True)
    ]


def analyze_turn(text: str) -> TurnLanguage:
    """One turn (see :func:`analyze_turns`)."""
    return analyze_turns([text])[0]
