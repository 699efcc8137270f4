"""Typed records passed between the stages.

ingest produces :class:`SourceFile` and :class:`Extracted`; structure produces
:class:`Meeting` with its :class:`Participant`, :class:`AgendaItem` and :class:`Turn` records;
the language and theme stages add :class:`TurnLanguage` and :class:`ThemeTag` records to each
turn; run wraps them in a :class:`DocumentResult`, which store turns into table rows.
Character offsets always index :attr:`Extracted.text`, the document's extracted source text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

# A document's id is the start of its bytes' SHA-256; its rows' other ids start with it.
DOC_ID_LENGTH = 16

# A table of the source as its rows, each row its cells' spans in the text: the cell's
# content is ``text[start:end]`` (empty when start == end).
TableRows = list[list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found under the input folder, identified by the hash of its bytes.

    A run holds one for every input file from start to end, so it is kept small: all of a
    run's files share one ``root`` (the input folder) and the file's own path is made when it
    is read.
    """

    root: Path
    rel_path: str
    sha256: str
    size: int

    @property
    def path(self) -> Path:
        return self.root / self.rel_path

    @property
    def doc_id(self) -> str:
        return self.sha256[:DOC_ID_LENGTH]

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.rel_path).suffix.lower()


@dataclass
class Extracted:
    """The text a reader got out of a file, before any structure is found.

    ``text`` is the source every offset points into: decoded, with line ends normalised to
    ``\\n`` and, for PDF and HTML, the text layer or visible text, nothing else changed.
    ``records`` is set for structured sources (Diet API JSON): one dict per speech with
    its ``char_start``/``char_end`` in ``text``. ``context`` is what a page says about where
    it comes from but is not part of ``text`` (an HTML page's ``<title>`` and the site header
    the reader leaves out): read for metadata the minutes themselves omit, never for turns.
    ``tables`` are the page's tables (HTML), where ``text`` alone cannot tell one cell from
    the next: a table that gives each speaker a column is read by its cells.
    """

    format: str
    text: str
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] | None = None
    pages: int | None = None
    context: str | None = None
    tables: list[TableRows] | None = None


@dataclass
class Participant:
    """A person (or a counted group, such as an observer firm) listed in the header."""

    name: str | None
    title: str | None
    role: str
    present: bool = True
    note: str | None = None
    section: str | None = None
    family_name: str | None = None
    count: int | None = None
    char_start: int | None = None
    char_end: int | None = None


@dataclass
class AgendaItem:
    item_no: str | None
    title: str
    level: int
    char_start: int
    char_end: int


@dataclass(slots=True)  # one per turn, made by the hundred thousand
class TurnLanguage:
    """Sentences and tokens of one turn's text (offsets index that text)."""

    sentences: list[tuple[int, int]]
    tokens: Any  # pipeline.language.analyzer.TokenColumns: columns, not one object per token
    sent_idx: Any  # numpy int32 array: each token's sentence


@dataclass(frozen=True)
class Evidence:
    """What made a theme tag: the text as written and its offsets into the turn's text."""

    term: str
    char_start: int
    char_end: int
    weight: float


@dataclass
class ThemeTag:
    """A theme (and sub-theme) on a turn, with its score, how it was found and why.

    ``score`` is the (turn, theme) score the threshold was applied to; ``subtheme_score`` the
    score of this sub-theme's evidence alone. Context tags carry the question's ``context_seq``.
    """

    theme: str
    subtheme: str | None
    score: float
    subtheme_score: float
    method: str  # "lexicon", "context" or "model"
    evidence: list[Evidence] = field(default_factory=list)
    context_seq: int | None = None


@dataclass
class Turn:
    """A speaker turn (``kind='speech'``) or a standalone note (``kind='note'``)."""

    kind: str
    text: str
    char_start: int
    char_end: int
    note_type: str | None = None
    speaker_label: str | None = None
    speaker_name: str | None = None
    role: str | None = None
    resolution: str | None = None
    repairs: list[str] = field(default_factory=list)
    label_start: int | None = None
    label_end: int | None = None
    # Fields kept from the National Diet Library API (None elsewhere).
    speaker_yomi: str | None = None
    speaker_group: str | None = None
    speaker_position: str | None = None
    speaker_role_source: str | None = None
    language: TurnLanguage | None = None
    themes: list[ThemeTag] = field(default_factory=list)


@dataclass
class Meeting:
    title: str | None = None
    body: str | None = None
    municipality: str | None = None
    fiscal_year: int | None = None
    session_no: int | None = None
    date: dt.date | None = None
    weekday_text: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    venue: str | None = None
    is_public: bool | None = None
    publicity: str | None = None
    audience: int | None = None
    header_start: int = 0
    header_end: int = 0
    participants: list[Participant] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # National Diet Library API fields (None elsewhere).
    house: str | None = None
    diet_session: int | None = None
    issue: str | None = None


@dataclass
class DocumentResult:
    """Everything one source document produced, or why it produced nothing."""

    source: SourceFile
    status: str
    format: str | None = None
    encoding: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    text: str | None = None
    meetings: list[Meeting] = field(default_factory=list)
    duplicate_paths: list[str] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.source.doc_id
