"""Tables that give each speaker a column: every cell is a turn of its column's speaker.

Summaries of a board's meeting often set the questions and the answers side by side:

    | 委員の意見・質問               | 事務局の回答         |
    | 録画データの保存期間は。       | ３０日間です。       |

No cell names its speaker; the header row does, once for the whole column. A table is read
this way when its header row names a speaker in every column (``委員``, ``事務局の回答``,
``質問（委員）``, or the question and answer markers ``質問`` and ``回答``; a first column of row
numbers aside) and its rows hold sentences. Each cell's turn then has the column's label,
whose offsets point into the header row, where the source says it.

Other tables' rows are read line by line, a speaker's label in the first cell like any
line's, except where that cell runs over two lines (``会長<br>（長谷川）``): the cells say where
the label ends and what is said begins.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..records import TableRows
from ..textutil import (
    MD_TABLE_DELIMITER,
    MD_TABLE_ROW,
    SENTENCE_END,
    SPACE_CHARS,
    Line,
    compact,
)
from .labels import STRONG, LabelHit, LabelJudge

# What joins who speaks to what they say: 委員の意見, 事務局からの回答, 委員意見.
_ACT_BRACKETED = re.compile(r"(?P<act>[^（(]+)[（(](?P<who>[^（()）]+)[）)]")  # 質問（委員）
_NUMBER_COLUMN = re.compile(r"(?:no\.?|番号|項番|#|)", re.IGNORECASE)  # its header
_ROW_NUMBER = re.compile(r"[0-9]*[.．]?")  # its cells (compacted), or an empty cell
_SENTENCE = re.compile(f"[{SENTENCE_END}]")


@dataclass
class ColumnLayout:
    """Turns a table's cells say: ``turns`` by the offset of the line each begins on (a row's
    first cell opens on its row's line, a later cell on a line of its own), the lines of
    the header rows of speakers' columns (``headers``), the spans of the cells holding what
    is said (``cells``: each of their lines is their turn's text, whatever it looks like) and
    of speakers' cells that run over several lines (``labels``: their lines are the label)."""

    turns: dict[int, LabelHit] = field(default_factory=dict)
    headers: set[int] = field(default_factory=set)
    cells: list[tuple[int, int]] = field(default_factory=list)
    labels: list[tuple[int, int]] = field(default_factory=list)
    breaks: set[int] = field(default_factory=set)  # a turn or text cell starting mid-line

    def __bool__(self) -> bool:
        return bool(self.turns)

    def in_cell(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.cells)

    def in_label(self, offset: int) -> bool:
        return any(start < offset < end for start, end in self.labels)


def text_tables(lines: list[Line], text: str) -> list[TableRows]:
    """Tables a plain text or Markdown source writes with its own characters: consecutive
    Markdown rows (``| a | b |``, the ``|---|`` row left out) or rows of tab-separated cells.

    >>> src = "前文\\n| 質問 | 回答 |\\n|---|---|\\n| 期間は。 | 30日です。 |\\n"
    >>> from pipeline.textutil import split_lines
    >>> [[src[a:b] for a, b in row] for row in text_tables(split_lines(src), src)[0]]
    [['質問', '回答'], ['期間は。', '30日です。']]
    """
    tables: list[TableRows] = []
    if "|" not in text and "\t" not in text:  # most minutes: no line to look at
        return tables
    table: TableRows = []
    for line in lines:
        row = _row_cells(line, text)
        if row is None:
            if table:
                tables.append(table)
                table = []
            continue
        if row:
            table.append(row)
    if table:
        tables.append(table)
    return tables


def _row_cells(line: Line, text: str) -> list[tuple[int, int]] | None:
    """A table row's cells (spans in ``text``), [] for a Markdown delimiter row, None for a
    line that is no row."""
    raw = text[line.start : line.end]
    if "|" in raw and MD_TABLE_ROW.match(raw) and raw.count("|") >= 3:
        if MD_TABLE_DELIMITER.match(raw):
            return []
        first = raw.index("|")
        last = raw.rindex("|")
        bounds = [first + i for i, ch in enumerate(raw[first : last + 1]) if ch == "|"]
    elif "\t" in raw.strip(SPACE_CHARS):
        bounds = [-1, *(i for i, ch in enumerate(raw) if ch == "\t"), len(raw)]
    else:
        return None
    cells = []
    for left, right in itertools.pairwise(bounds):
        cell = raw[left + 1 : right]
        stripped = cell.strip(SPACE_CHARS)
        start = line.start + left + 1 + len(cell) - len(cell.lstrip(SPACE_CHARS))
        cells.append((start, start + len(stripped)))
    return cells


def column_layout(text: str, tables: list[TableRows], judge: LabelJudge) -> ColumnLayout:
    """The turns of every table in ``tables`` whose columns are speakers' (see the module),
    and of rows whose speaker's cell runs over several lines (``会長<br>（長谷川）``)."""
    layout = ColumnLayout()
    for table in tables:
        if not _read_table(text, table, judge, layout):
            for row in table:
                _read_speaker_cell(text, row, judge, layout)
    return layout


def _read_speaker_cell(
    text: str, row: list[tuple[int, int]], judge: LabelJudge, layout: ColumnLayout
) -> None:
    """A transcript table's row (``発言者 | 発言内容``) whose speaker's cell is on several
    lines, ``会長`` then ``（長谷川）``: one label, then what the next cell says. A label on one
    line is read as any line's label is."""
    cells = row[1:] if row and _ROW_NUMBER.fullmatch(compact(text[slice(*row[0])])) else row
    if len(cells) < 2:
        return
    (label_start, label_end), (start, end) = cells[:2]
    label = text[label_start:label_end]
    if "\n" not in label or start == end or judge.strength(label) != STRONG:
        return
    at = _line_start(text, row[0][0])
    layout.turns[at] = LabelHit("cell", at, label_start, label_end, start, label)
    layout.labels.append((label_start, label_end))
    layout.cells.append((start, end))
    layout.breaks.update((at, start))


def _read_table(text: str, table: TableRows, judge: LabelJudge, layout: ColumnLayout) -> bool:
    """Read ``table`` into ``layout`` if its columns are speakers'; whether they are."""
    for i, header in enumerate(table):
        speakers = _header_speakers(text, header, judge)
        if speakers is None:
            continue
        rows = [row for row in table[i + 1 :] if len(row) == len(header)]
        said = [row for row in rows if any(_SENTENCE.search(text[a:b]) for a, b in row)]
        if not rows or len(said) * 2 < len(rows):
            return False  # a list of names under 委員 and 事務局: no one says anything
        layout.headers.add(_line_start(text, header[0][0]))
        for row in rows:
            _read_row(text, row, speakers, layout)
        return True
    return False


def _read_row(
    text: str,
    row: list[tuple[int, int]],
    speakers: list[tuple[int, int] | None],
    layout: ColumnLayout,
) -> None:
    """Each non-empty cell of ``row`` under a speaker's column: a turn of that speaker."""
    first = True
    for (start, end), speaker in zip(row, speakers, strict=True):
        if speaker is None or start == end:
            continue
        # A row's first turn opens on the row's line (a number cell before it is in its span).
        at = _line_start(text, start) if first else start
        label_start, label_end = speaker
        layout.turns[at] = LabelHit(
            "column", at, label_start, label_end, start, text[label_start:label_end]
        )
        layout.cells.append((start, end))
        layout.breaks.add(at)
        first = False


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _header_speakers(
    text: str, header: list[tuple[int, int]], judge: LabelJudge
) -> list[tuple[int, int] | None] | None:
    """The span of each column's speaker in a header row (None for a first column of row
    numbers), or None when the row is not a header of speakers' columns."""
    if len(header) < 2:
        return None
    spans: list[tuple[int, int] | None] = []
    for i, (start, end) in enumerate(header):
        cell = text[start:end]
        if i == 0 and _NUMBER_COLUMN.fullmatch(compact(cell)):
            spans.append(None)
            continue
        found = _speaker_in(cell, judge)
        if found is None:
            return None
        spans.append((start + found[0], start + found[1]))
    return spans if sum(span is not None for span in spans) >= 2 else None


def _speaker_in(cell: str, judge: LabelJudge) -> tuple[int, int] | None:
    """Where a header cell names its column's speaker, or None: the whole cell for ``委員``
    or ``回答`` (a Q&A marker), the speaker for ``委員の意見・質問`` or ``質問（委員）``.

    >>> from pipeline.lexicon import load_lexicon
    >>> judge = LabelJudge(load_lexicon())
    >>> cells = ["委員の意見・質問", "事務局回答", "質問（委員）", "回答", "委 員", "備考", "意見"]
    >>> [c[slice(*span)] if (span := _speaker_in(c, judge)) else None for c in cells]
    ['委員', '事務局', '委員', '回答', '委 員', None, None]
    """
    key = compact(cell)
    lexicon = judge.lexicon
    if lexicon.is_exchange_marker(key):
        return _span_of(cell, key)
    m = _ACT_BRACKETED.fullmatch(key)
    if m and lexicon.says_acts(m["act"]) and judge.strength(m["who"]) == STRONG:
        return _span_of(cell, m["who"])
    if who := lexicon.reported_speaker(key):
        return _span_of(cell, who)
    if judge.strength(key) == STRONG and not lexicon.is_speech_act(key):
        return _span_of(cell, key)
    return None


def _span_of(cell: str, key: str) -> tuple[int, int] | None:
    """Where the compact ``key`` is in ``cell``, spaces inside it allowed (``委　員``)."""
    pattern = "[ \t\u3000]*".join(map(re.escape, key))
    m = re.search(pattern, cell)
    if m is None:  # folded by NFKC (full-width letters): the whole cell
        return (0, len(cell)) if compact(cell) == key else None
    return m.span()


def split_at_cells(lines: list[Line], layout: ColumnLayout) -> list[Line]:
    """``lines`` with a line break before every turn and cell of text of ``layout`` that
    starts inside a line (a row's later cells), offsets unchanged."""
    if not layout:
        return lines
    starts = sorted(layout.breaks)
    out: list[Line] = []
    k = 0
    for line in lines:
        while k < len(starts) and starts[k] <= line.start:
            k += 1
        cut = line
        while k < len(starts) and starts[k] < line.end:
            at = starts[k] - cut.start
            out.append(Line(cut.start, starts[k], cut.text[:at]))
            cut = Line(starts[k], cut.end, cut.text[at:])
            k += 1
        out.append(cut)
    return out
