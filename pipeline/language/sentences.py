"""Sentence spans of a turn's text.

A sentence ends at 。．！？!? (full- or half-width), never inside 「」『』（）【】, and keeps its
closing quotes and brackets (``「はい。」`` is one sentence). A line break ends a sentence only
when the line ends like one (after 。, a closing bracket or ～); a wrapped line does not.
"""

from __future__ import annotations

import re

from ..textutil import PARAGRAPH_END

ENDERS = frozenset("。．！？!?")
OPENERS = {
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "【": "】",
    "〔": "〕",
    "［": "］",
    "《": "》",
}
CLOSERS = frozenset(OPENERS.values())
# After a closing quote these continue the sentence: 「はい。」と答えた。
_CONTINUES = frozenset("と、，,っのもはがをにで")
_MAX_DEPTH_SPAN = 300  # an opening bracket never closed stops counting after this


_SPECIAL = re.compile(
    "[" + re.escape("".join(ENDERS) + "".join(OPENERS) + "".join(CLOSERS)) + "\n]"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each sentence, white space trimmed.

    Only the characters that can matter (enders, brackets, line breaks) are visited.

    >>> t = "本日は開会します。「はい。」と答えた。「そうです。」以上！\\n次の行"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['本日は開会します。', '「はい。」と答えた。', '「そうです。」', '以上！', '次の行']
    """
    spans: list[tuple[int, int]] = []
    start, depth, opened_at, n = 0, 0, 0, len(text)
    skip_to = 0
    for m in _SPECIAL.finditer(text):
        i = m.start()
        if i < skip_to:
            continue
        ch = text[i]
        end = None
        if depth and i - opened_at > _MAX_DEPTH_SPAN:
            depth = 0  # an opening bracket that never closes stops counting
        if ch in OPENERS:
            if depth == 0:
                opened_at = i
            depth += 1
        elif ch in CLOSERS:
            depth = max(0, depth - 1)
        elif ch == "\n":
            depth = 0
            prev = text[start:i].rstrip()
            if prev and prev[-1] in PARAGRAPH_END:
                end = i
        else:  # a sentence ender
            j = i + 1
            while j < n and text[j] in ENDERS:
                j += 1
            skip_to = j
            if depth == 0:
                end = j
            else:
                # 「はい。」: a sentence that ends as its quote closes
                k, d = j, depth
                while k < n and text[k] in CLOSERS and d:
                    k, d = k + 1, d - 1
                if d == 0 and (k >= n or text[k] not in _CONTINUES):
                    end, depth, skip_to = k, 0, k
        if end is not None:
            _add(spans, text, start, end)
            start = end
    _add(spans, text, start, n)
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        spans.append((start, end))  # the usual case: nothing to trim
        return
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        lead = len(segment) - len(segment.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
