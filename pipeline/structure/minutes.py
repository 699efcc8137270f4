"""One document's extracted text to :class:`~pipeline.records.Meeting` records."""

from __future__ import annotations

from collections import Counter

from ..errors import Code, message
from ..lexicon import Lexicon, load_lexicon
from ..records import Extracted, Meeting, TableRows, Turn
from ..registrations import populate_registry
from ..textutil import compact, split_lines, table_cells, unquoted
from .columns import column_layout, split_at_cells, text_tables
from .diet import diet_meetings
from .header import body_start_heading, parse_header
from .labels import LabelJudge, is_exchange_summary
from .segment import BodySegmenter, continues_key_numbering, find_body_start, unnumbered_rows
from .speakers import SpeakerResolver


def structure(extracted: Extracted, lexicon: Lexicon | None = None) -> list[Meeting]:
    """Meetings in a document: one for minutes text, one per meeting for Diet API JSON."""
    populate_registry()
    lexicon = lexicon or load_lexicon()
    if extracted.records is not None:
        return diet_meetings(extracted, lexicon)
    return [parse_minutes(extracted.text, lexicon, extracted.context, extracted.tables)]


def parse_minutes(
    text: str,
    lexicon: Lexicon | None = None,
    context: str | None = None,
    tables: list[TableRows] | None = None,
) -> Meeting:
    """Header, roster, agenda, turns and notes of one set of minutes (``context``: the
    page's :attr:`~pipeline.records.Extracted.context`, for metadata only; ``tables``: the
    page's tables, when its reader found them; else those ``text`` writes out itself).

    >>> m = parse_minutes("第1回審査会会議録\\n日時 令和2年4月1日（水）\\n"
    ...                   "出席者 山田会長、佐藤委員\\n"
    ...                   "山田会長：開会します。\\n佐藤委員：はい。\\n")
    >>> [(t.speaker_name, t.role, t.text) for t in m.turns]
    [('山田', 'chair', '開会します。'), ('佐藤', 'member', 'はい。')]
    """
    populate_registry()
    lexicon = lexicon or load_lexicon()
    raw_lines = split_lines(text)
    lines = table_cells(unquoted(raw_lines))
    judge = LabelJudge(lexicon, exchange=is_exchange_summary(text, lexicon))
    lines = unnumbered_rows(lines, judge)
    columns = column_layout(text, text_tables(raw_lines, text) if tables is None else tables, judge)
    lines = split_at_cells(lines, columns)
    body_idx = find_body_start(lines, judge, lexicon)
    if columns:  # turns a table's cells say are the body's, a header row of speakers' too
        starts = columns.headers | columns.turns.keys()
        body_idx = min(body_idx, next(i for i, line in enumerate(lines) if line.start in starts))
    meeting = parse_header(text, lines[:body_idx], lexicon, context)
    resolver = SpeakerResolver(meeting.participants, lexicon)
    judge.roster_names = resolver.names()
    agenda_titles = {compact(item.title) for item in meeting.agenda if len(item.title) >= 2}
    title = compact(meeting.title or "")
    heads = {title} if len(title) >= 6 else set()  # a title PDFs repeat on every page
    after_heading = (
        body_idx > 0 and body_start_heading(lines[body_idx - 1].stripped, lexicon)
    ) or continues_key_numbering(lines, body_idx, lexicon)
    segmenter = BodySegmenter(text, judge, agenda_titles, heads, after_heading, columns)
    segments = segmenter.run(lines[body_idx:])
    has_speech = any(s.kind == "speech" for s in segments)
    for seg in segments:
        turn = Turn(
            kind=seg.kind,
            text=seg.text,
            char_start=seg.start,
            char_end=seg.end,
            note_type=seg.note_type,
            repairs=seg.repairs,
        )
        if seg.kind == "speech" and seg.hit is not None:
            turn.speaker_label = seg.hit.label
            turn.label_start, turn.label_end = seg.hit.label_start, seg.hit.label_end
            res = resolver.resolve(seg.hit.label)
            turn.speaker_name, turn.role, turn.resolution = (
                res.speaker_name,
                res.role,
                res.resolution,
            )
            if seg.continued:
                turn.label_start = turn.label_end = None
                turn.resolution = "continued"
                turn.repairs.append("text after a note; speaker carried over")
        elif not has_speech and seg.note_type == "text":
            turn.kind, turn.note_type, turn.role, turn.resolution = (
                "speech",
                None,
                "unknown",
                "none",
            )
        meeting.turns.append(turn)
    meeting.header_start = 0
    meeting.header_end = segments[0].start if segments else len(text.rstrip())
    meeting.header_end = len(text[: meeting.header_end].rstrip())
    if not has_speech:
        meeting.warnings.append(message(Code.NO_SPEAKER_LABELS))
    unresolved = Counter(
        t.speaker_label for t in meeting.turns if t.resolution == "unresolved" and t.speaker_label
    )
    if unresolved and meeting.participants:
        meeting.warnings.append(
            message(
                Code.UNRESOLVED_SPEAKERS,
                ", ".join(f"{label} ({n})" for label, n in unresolved.most_common()),
            )
        )
    return meeting
