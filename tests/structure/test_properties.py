"""Property: any text splits without crashing, with valid offsets that cover the body."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.structure.minutes import parse_minutes

PIECES = [
    "山田会長：",
    "○佐藤委員　",
    "【事務局】",
    "会長\n",
    "\n\n",
    "\n",
    "。",
    "、",
    "～休憩～",
    "（「異議なし」）",
    "- 3 -",
    "3/12",
    "個人情報",
    "漏えい",
    "日時 令和元年7月16日（火）",
    "出席者 山田会長、佐藤委員",
    "　",
    " ",
    "◯委員長（田中君）",
    "(10:05)",
    "：",
    "ア ",
    "(1)",
    "〇",
    "●",
    "#",
    "平成十四年五月三十一日",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60).map("".join),
)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never fails by chance
    suppress_health_check=[HealthCheck.too_slow],
)
@given(texts)
def test_splitter_never_crashes_and_covers_the_text(text):
    meeting = parse_minutes(text)
    spans = [(meeting.header_start, meeting.header_end)] + [
        (t.char_start, t.char_end) for t in meeting.turns
    ]
    covered = bytearray(len(text))
    for start, end in spans:
        assert 0 <= start <= end <= len(text)
        covered[start:end] = b"\x01" * (end - start)
    assert all(covered[i] or not ch.strip() for i, ch in enumerate(text))
    for a, b in zip(meeting.turns, meeting.turns[1:], strict=False):
        assert a.char_end <= b.char_start
    for t in meeting.turns:
        assert t.kind in ("speech", "note")
        if t.label_start is not None:
            assert text[t.label_start : t.label_end] == t.speaker_label


@pytest.mark.parametrize("text", ["\n\r", "a\n\r", "x\n\r\x0b", "\r"])
def test_stray_carriage_returns_make_no_inverted_spans(text):
    """Found by the property test above: a line holding only "\\r" made a turn ending
    before it started."""
    meeting = parse_minutes(text)
    for t in meeting.turns:
        assert 0 <= t.char_start <= t.char_end <= len(text)
