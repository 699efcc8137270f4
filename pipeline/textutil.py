"""Small text helpers shared by the stages: lines with offsets, numerals, width folding."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SPACE_CHARS = " \t\u3000\xa0"
# One character of space inside a line, as the structure stage's patterns write it.
INLINE_SPACE = r"[ \t\u3000]"
# A small count as minutes number items and people: Arabic (either width) or kanji digits.
SMALL_NUMBER = r"(?:[0-9０-９]+|[一二三四五六七八九十]+)"
SENTENCE_END = "。．！？!?"
# Characters after which a line break ends a paragraph rather than wrapping a sentence.
PARAGRAPH_END = SENTENCE_END + "」』）)】～〜~"


@dataclass(frozen=True)
class Line:
    """One line of a text: ``text`` is ``source[start:end]`` without the newline."""

    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip(SPACE_CHARS)

    @property
    def content_start(self) -> int:
        """Offset of the first non-space character (``end`` for a blank line)."""
        return self.start + (len(self.text) - len(self.text.lstrip(SPACE_CHARS)))


def split_lines(text: str) -> list[Line]:
    """Split on ``\\n`` only (``str.splitlines`` also splits on form feeds and U+2028)."""
    lines, pos = [], 0
    for part in text.split("\n"):
        lines.append(Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return lines


# A Markdown table's row (| a | b |) and the delimiter row under its header (|---|---|).
MD_TABLE_ROW = re.compile(r"^[ \t\u3000]*\|.*\|[ \t\u3000]*$")
MD_TABLE_DELIMITER = re.compile(r"^[ \t\u3000]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t\u3000]*$")


def table_cells(lines: list[Line]) -> list[Line]:
    """Markdown table rows read as their cells: each ``|`` a space, the ``|---|---|`` row
    blank. Offsets do not move (one character for one), and the source keeps its pipes.

    >>> [line.text for line in table_cells(split_lines("| 会長 | 開会します。 |\\n|---|---|"))]
    ['  会長   開会します。  ', '         ']
    """
    out = []
    for line in lines:
        text = line.text
        if "|" in text:  # most lines have none: no pattern to try
            if MD_TABLE_DELIMITER.match(text):
                line = Line(line.start, line.end, " " * len(text))
            elif MD_TABLE_ROW.match(text) and text.count("|") >= 3:
                line = Line(line.start, line.end, text.replace("|", " "))
        out.append(line)
    return out


_QUOTE_MARKS = re.compile(r"^[ \t\u3000]*>(?:[ \t]*>)*[ \t]?")


def unquoted(lines: list[Line]) -> list[Line]:
    """Markdown block quotes read without their ``>`` marks (each a space): a turn quoted as
    ``> 会長：本文`` is read as ``会長：本文``. Offsets do not move, and the source keeps them.

    >>> [line.text for line in unquoted(split_lines("> 会長：本文\\n>> 続き\\n会長＞本文"))]
    ['  会長：本文', '   続き', '会長＞本文']
    """
    out = []
    for line in lines:
        m = _QUOTE_MARKS.match(line.text) if ">" in line.text else None  # most have none
        if m:
            line = Line(line.start, line.end, " " * m.end() + line.text[m.end() :])
        out.append(line)
    return out


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fold(text: str) -> str:
    """NFKC for matching: full-width digits and Latin to ASCII, half-width kana to full."""
    return unicodedata.normalize("NFKC", text)


def compact(text: str) -> str:
    """NFKC and no white space: the form labels and names are compared in.

    >>> compact("　総務　課長 (ｱ)\\n")
    '総務課長(ア)'
    """
    if len(text) <= _SHORT:
        return _compact_short(text)
    return _compact(text)


def _compact(text: str) -> str:
    return "".join(fold(text).split())  # str.split() splits at what \s matches


# Labels, names and titles are compared over and over (every turn's label against every
# roster name); turn texts are long and seen once, so only short strings are remembered.
_SHORT = 32
_compact_short = lru_cache(maxsize=4096)(_compact)


_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "元": 1,
}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
KANJI_NUMERAL = "〇零一二三四五六七八九十百千元"


def display_width(text: str) -> int:
    """Terminal or spreadsheet columns ``text`` takes: wide (East Asian) characters count two.

    >>> display_width("会議録 ok")
    9
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


UNKNOWN_SPEAKER = "(話者不明)"


def speaker_shown(name, label) -> str:
    """Who a turn is by, as people read it: the resolved name, else the label as written.

    >>> speaker_shown(None, "事務局"), speaker_shown(float("nan"), None)
    ('事務局', '(話者不明)')
    """
    for value in (name, label):
        if isinstance(value, str) and value:  # missing values come as None or NaN
            return value
    return UNKNOWN_SPEAKER


def parse_number(token: str) -> int | None:
    """Arabic (half- or full-width) or kanji numerals, and 元 (the first year of an era).

    >>> [parse_number(s) for s in ["16", "１６", "十四", "三十一", "二〇一九", "元", "百二"]]
    [16, 16, 14, 31, 2019, 1, 102]
    """
    token = fold(token).strip()
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if any(ch not in _KANJI_DIGITS and ch not in _KANJI_UNITS for ch in token):
        return None
    if not any(ch in _KANJI_UNITS for ch in token):  # positional: 二〇一九
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in token))
    total, digit = 0, None
    for ch in token:
        if ch in _KANJI_UNITS:
            total += (digit if digit is not None else 1) * _KANJI_UNITS[ch]
            digit = None
        else:
            digit = _KANJI_DIGITS[ch]
    return total + (digit or 0)
