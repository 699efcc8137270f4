"""The language layer for one turn: sentences, then tokens tagged with their sentence."""

from __future__ import annotations

import numpy as np

from ..records import TurnLanguage
from .analyzer import analyze
from .sentences import split_sentences


def analyze_turn(text: str) -> TurnLanguage:
    """Sentences and tokens of a turn's ``text``; every offset indexes ``text``.

    >>> lang = analyze_turn("開会します。漏えいはありません。")
    >>> lang.sentences, lang.sent_idx[:3].tolist(), int(lang.sent_idx[-1])
    ([(0, 6), (6, 16)], [0, 0, 0], 1)
    """
    sentences = split_sentences(text)
    tokens = analyze(text)
    starts = np.array([s for s, _ in sentences] or [0], dtype=np.int32)
    sent_idx = np.searchsorted(starts, np.array(tokens.char_start, dtype=np.int32), "right") - 1
    return TurnLanguage(
        sentences=sentences, tokens=tokens, sent_idx=np.maximum(sent_idx, 0).astype(np.int32)
    )
