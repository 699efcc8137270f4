"""Split the body of the minutes into speaker turns and standalone notes.

Works line by line over the source, so every segment keeps exact offsets. Segments partition
the body: each runs from its own start to just before the next one's, so header plus segments
cover every non-blank character of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..textutil import (
    INLINE_SPACE,
    PARAGRAPH_END,
    SENTENCE_END,
    SMALL_NUMBER,
    SPACE_CHARS,
    Line,
    compact,
    fold,
    parse_number,
)
from .columns import ColumnLayout
from .header import body_start_heading, column_spans, match_key, opens_field
from .labels import MARKERS, STRONG, LabelHit, LabelJudge
from .names import bare_surname, names_only, spaced_full_name, strip_trailing_parens, surname_alone
from .repair import Piece, is_page_artifact, join_pieces

_TILDE_NOTE = re.compile(r"^[～〜~]+.+[～〜~]+$")
_DASH_NOTE = re.compile(r"^[―─—‐－\-ー]+.+[―─—‐－\-ー]+$")
_OPENING = "（(【《〈〔［[<＜≪"
_CLOSING = "）)】》〉〕］]>＞≫"
_TIME_NOTE = re.compile(
    rf"^[（(〔［\[]?\s*(?:午前|午後)?\s*{SMALL_NUMBER}\s*[時:：]"
    rf"\s*(?:{SMALL_NUMBER}\s*分?)?\s*(?P<rest>.{{0,12}})$"
)
_MD_HEADING = re.compile(r"^#{1,6}\s")
# A speaker named in brackets at the end of what they said: 「…すべきである。（委員）」
_LABEL_AT_END = re.compile(
    rf"{INLINE_SPACE}*[（(【〔［](?P<label>[^\s（()）【】〔〕［］]{{1,16}})[）)】〕］]{INLINE_SPACE}*$"
)


@dataclass
class Segment:
    kind: str  # speech | note
    start: int
    note_type: str | None = None  # stage | time | heading | text
    hit: LabelHit | None = None
    pieces: list[Piece] = field(default_factory=list)
    awaiting_text: bool = False
    continued: bool = False  # unlabelled text after a note, same speaker as before
    end: int = 0
    text: str = ""
    repairs: list[str] = field(default_factory=list)


def classify_note(content: str, judge: LabelJudge, agenda_titles: set[str]) -> str | None:
    """The kind of standalone note a whole line is, or None for ordinary text."""
    if _MD_HEADING.match(content):
        return "heading"
    if len(content) >= 3 and (_TILDE_NOTE.match(content) or _DASH_NOTE.match(content)):
        return "stage"
    key = compact(_unbracketed(content))  # ≪2.報告≫: a heading in brackets is a heading
    if agenda_titles and _strip_numbering(key) in agenda_titles:
        return "heading"
    if _section_heading(content, judge.lexicon):
        return "heading"  # ３　閉会
    if _time_event(content, judge.lexicon):
        return "time"
    if _bracketed(content):
        inner = content[1:-1]
        if judge.strength(inner) == STRONG:
            return None
        return "time" if _TIME_NOTE.match(inner) else "stage"
    if key in judge.lexicon.note_events:
        return "stage"
    if key in judge.lexicon.nothing_said:
        return "stage"  # 質問なし, （意見なし）
    if key in judge.lexicon.end_marks:
        return "text"  # 以上: the minutes end here
    if content[0] in MARKERS:
        return "text"  # ○審議の結果、承認した。: a marker opens a line no speaker says
    return None


def _time_event(content: str, lexicon: Lexicon) -> bool:
    """``午前10時00分　開会``, ``（午後2時10分　休憩）``: a clock time and what happened."""
    m = _TIME_NOTE.match(content)
    return bool(m) and any(e in compact(m["rest"]) for e in lexicon.note_events)


# A paragraph opening with one of these is the editor's note (※ 本件は…), not the speaker's.
_EDITORS_MARKS = ("※", "(注)", "（注）", "注）", "注)")


def _bracketed(content: str) -> bool:
    """Whether one pair of brackets encloses the whole line: （休憩）, 〔市長（山田）登壇〕, but
    not ``(1) 登録について（諮問）``, whose first bracket closes early.

    >>> [_bracketed(s) for s in ["（休憩）", "〔市長（山田）登壇〕", "(1) 登録について（諮問）"]]
    [True, True, False]
    """
    if len(content) < 2 or content[0] not in _OPENING or content[-1] not in _CLOSING:
        return False
    depth = 0
    for ch in content[:-1]:
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            depth -= 1
            if depth == 0:
                return False
    return True


def _speaks(found: tuple[LabelHit, int] | None, text: str) -> bool:
    """Whether a line's label (``found`` by ``line_label``) opens something said: a
    sentence after it, not a name (``会長　山田一郎`` under the closing attestation)."""
    return bool(found and found[1] > 0 and _SENTENCE_END.search(text[found[0].text_start :]))


def _item_under_heading(content: str) -> str | None:
    """``（１）個人情報の取扱いについて`` right after a heading (２　議事): a numbered item of it,
    also a heading, when short and not a sentence."""
    key = compact(content)
    unnumbered = _strip_numbering(key)
    if unnumbered != key and unnumbered and len(key) <= 40 and not _SENTENCE_END.search(key):
        return "heading"
    return None


_SENTENCE_END = re.compile(f"[{SENTENCE_END}]")


_SECTION_NUMBER = re.compile(
    r"(?P<open>[(（]?)(?P<n>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
    r"(?P<close>[)）.．、]?)(?P<space>[ \t\u3000]*)(?=\S)"
)


def _section_number(content: str) -> tuple[str, int] | None:
    """The numbering style and number a line opens with: ``２　議事`` -> (style, 2).

    >>> [_section_number(s)[1] for s in ["２　議事", "(3) その他", "十　閉会"]]
    [2, 3, 10]
    >>> _section_number("2025年"), _section_number("本文")
    (None, None)
    """
    m = _SECTION_NUMBER.match(content)
    closed = m is not None and m["close"] in ("）", ")")
    if m is None or not (m["close"] or m["space"]) or bool(m["open"]) != closed:
        return None
    digits = m["n"]
    kind = "kanji" if digits[0] in "一二三四五六七八九十" else "wide" if digits > "9" else "ascii"
    n = parse_number(digits)
    return (f"{m['open']}|{m['close']}|{kind}|{bool(m['space'])}", n) if n else None


def _strip_numbering(key: str) -> str:
    return re.sub(
        r"^(?:[-*・]|[(（]?[0-9一二三四五六七八九十]+[)）.．、]?|[①-⑳]|第[0-9]+)+", "", key
    )


_ROW_NUMBER = re.compile(r"^[ \t\u3000]*(?P<n>[0-9０-９]{1,4})[.．]?[ \t\u3000]+(?=\S)")
_ROW_RUN = 3  # consecutive numbers on label lines that make a numbered transcript


def unnumbered_rows(lines: list[Line], judge: LabelJudge) -> list[Line]:
    """``lines``, with the row numbers of a numbered transcript read as spaces.

    A transcript table with a number column (``No.　発言者　発言内容``) gives lines such as
    ``3　青木委員　本文``. When at least three lines in a row (blank lines and lines without
    a number aside) carry consecutive numbers before a speaker's label, every numbered label
    line is read without its number. As with :func:`~pipeline.textutil.table_cells`, offsets
    do not move and the source keeps the numbers (the turn's span starts at its number).

    >>> from pipeline.lexicon import load_lexicon
    >>> from pipeline.registrations import populate_registry
    >>> from pipeline.textutil import split_lines
    >>> populate_registry()
    >>> judge = LabelJudge(load_lexicon())
    >>> rows = "1　会長　開会します。\\n2　事務局　説明します。\\n3　青木委員　質問です。"
    >>> [line.text.split()[0] for line in unnumbered_rows(split_lines(rows), judge)]
    ['会長', '事務局', '青木委員']
    >>> agenda = "1　会長　開会します。\\n3　議事\\n5　委員　質問です。"
    >>> [line.text.split()[0] for line in unnumbered_rows(split_lines(agenda), judge)]
    ['1', '3', '5']
    """
    numbered: dict[int, tuple[int, int]] = {}  # label line's index -> (number, where text starts)
    for i, line in enumerate(lines):
        m = _ROW_NUMBER.match(line.text)
        if m is None:
            continue
        blanked = " " * m.end() + line.text[m.end() :]
        found = judge.line_label(blanked)
        if found and found[1] == STRONG and found[0].text_start < len(blanked):
            numbered[i] = int(fold(m["n"])), m.end()
    run = best = 1
    previous = None
    for n, _ in numbered.values():
        run = run + 1 if previous is not None and n == previous + 1 else 1
        best, previous = max(best, run), n
    if best < _ROW_RUN:
        return lines
    out = list(lines)
    for i, (_, end) in numbered.items():
        line = lines[i]
        out[i] = Line(line.start, line.end, " " * end + line.text[end:])
    return out


def find_body_start(lines: list[Line], judge: LabelJudge, lexicon: Lexicon) -> int:
    """Index of the first body line: after a 会議の内容-style heading, or the first label."""
    # The first line is the title, even when it is only 会議録: never the body's heading.
    title_line = next((i for i, line in enumerate(lines) if line.stripped), len(lines))
    first_label = None
    first_heading = None  # of the body headings, looked for once a line needs it
    for i, line in enumerate(lines):
        content = line.stripped
        if not content:
            continue
        found = judge.line_label(line.text)
        if not found or found[1] == 0:
            continue
        hit = found[0]
        key = match_key(content, lexicon)
        rest = line.text[hit.text_start :]
        if not _SENTENCE_END.search(rest) and hit.convention != "field":
            # A body heading further on (議事の内容) ends the header: before it, a label must
            # be said, for a roster table's rows (会長　長尾 智子　大学教授) look alike; not a
            # field's (【発言者】山田会長), whose 【発言内容】 is no heading.
            if first_heading is None:
                first_heading = next(
                    (
                        j
                        for j in range(title_line + 1, len(lines))
                        if body_start_heading(lines[j].stripped, lexicon)
                    ),
                    -1,
                )
            if i < first_heading:
                continue
        if key and key[0] not in ("secretariat", "agency") and not _said(key[0], rest, lexicon):
            continue
        if rest.strip() and (
            looks_like_roster(rest, lexicon) or names_only(strip_trailing_parens(rest)[0])
        ):
            continue  # 「総務課長　木村一郎」, 「委員長　西川　亮介（副市長）」: a roster line
        if not _SENTENCE_END.search(rest) and _roster_columns(content, lexicon):
            continue  # 「総務部長　木村　太一　　　情報政策課長　林　和子」: two of them
        if hit.convention == "alone" and not _speech_follows(lines, i, lexicon):
            continue
        if (
            not rest.strip()
            and hit.convention != "alone"
            and not _speech_follows(lines, i, lexicon)
        ):
            continue
        first_label = i
        break
    limit = first_label if first_label is not None else len(lines)
    for i in range(limit - 1, title_line, -1):
        if body_start_heading(lines[i].stripped, lexicon) and not _fields_follow(
            lines, i, limit, lexicon
        ):
            return i + 1
    if first_label is not None:
        return _body_opening(lines, title_line, first_label, lexicon) or first_label
    return _after_last_field(lines, lexicon)


def _body_opening(lines: list[Line], title_line: int, limit: int, lexicon: Lexicon) -> int | None:
    """Where the body opens before the first label, after the header's last field: at a time
    note (``午前10時00分　開会``, ``【10:02】``) or a numbered section heading (``１　開会``)
    that is not an agenda's item, not the last field going on."""
    field = None  # the key of the field the line is in
    key_numbers: dict[str, int] = {}  # the last key's number in each style (２　出席者)
    for i in range(title_line + 1, limit):
        content = lines[i].stripped
        if not content:
            continue
        number = _section_number(content)
        if key := match_key(content, lexicon):
            if opens_field(field, key[0]):
                field = key[0]
                if number:
                    key_numbers[number[0]] = number[1]
            continue
        opening = content[1:-1] if _bracketed(content) else content  # （開会）, 【開会】
        heading = field != "agenda" and (
            _section_heading(content, lexicon)
            or compact(opening) in lexicon.opening_headings
            or _goes_on(key_numbers, number)  # ３　前回の議事録について after ２　出席者
        )
        if heading or _time_event(content, lexicon) or _clock_time(content):
            after = (line.stripped for line in lines[i + 1 : limit])
            if not any(text and _field_line(text, lexicon) for text in after):
                return i
    return None


def continues_key_numbering(lines: list[Line], body: int, lexicon: Lexicon) -> bool:
    """Whether the body's first line goes on with the numbering of the header's keys (３
    前回の議事録について after ２　出席者): a section's heading, as the keys were."""
    first = next((line.stripped for line in lines[body:] if line.stripped), "")
    key_numbers = {
        number[0]: number[1]
        for line in lines[:body]
        if (number := _section_number(line.stripped)) and match_key(line.stripped, lexicon)
    }
    return _goes_on(key_numbers, _section_number(first))


def _goes_on(key_numbers: dict[str, int], number: tuple[str, int] | None) -> bool:
    """Whether ``number`` is the next in its style after the last of the header's keys
    (``key_numbers``, the last number in each style: ２　出席者)."""
    return number is not None and key_numbers.get(number[0]) == number[1] - 1


def _field_line(content: str, lexicon: Lexicon) -> bool:
    """A header field's line: a key and its value, not a key alone that heads a part of the
    body (案件, 議題 on a line of its own after 開会)."""
    key = match_key(content, lexicon)
    return key is not None and (key[0] != "agenda" or bool(content[key[2] :].strip()))


def _clock_time(content: str) -> bool:
    """``【10:02】``, ``（午後２時）``: a time alone in brackets, as a record of the meeting
    marks the time it has reached."""
    m = _TIME_NOTE.match(content[1:-1]) if _bracketed(content) else None
    return m is not None and not m["rest"].strip()


def _section_heading(content: str, lexicon: Lexicon) -> bool:
    """``１　開会``, ``(2) 報告``: a numbered line saying only a section's name; in brackets
    (``≪1.開会≫``, ``【閉会】``), numbered or not."""
    inner = _unbracketed(content)
    key = compact(inner)
    unnumbered = _strip_numbering(key)
    return (unnumbered != key or inner != content) and unnumbered in lexicon.section_headings


def _unbracketed(content: str) -> str:
    """``content`` without one pair of heading brackets enclosing all of it (``≪1.開会≫``,
    ``【閉会】``); round ones, as in （閉会）, enclose what happens, a stage direction."""
    enclosed = _bracketed(content) and content[0] not in "（(〔"
    return content[1:-1].strip(SPACE_CHARS) if enclosed else content


_ROSTER_FIELDS = ("attendees", "absent", "guest")


def _said(field: str, rest: str, lexicon: Lexicon) -> bool:
    """``委員：クラウドのバックアップは？``: a key of the roster (委員) before a sentence, not
    a list of people, is a speaker's label."""
    return (
        field in _ROSTER_FIELDS
        and bool(_SENTENCE_END.search(rest))
        and not looks_like_roster(rest, lexicon)
    )


# Fields only a header holds: a heading they follow (第1回審議会 / 会議録 / 日時 …) is the
# title's second line, not the body's heading.
_HEADER_ONLY = ("date", "venue", "attendees")


def _fields_follow(lines: list[Line], heading: int, limit: int, lexicon: Lexicon) -> bool:
    for line in lines[heading + 1 : limit]:
        key = line.stripped and match_key(line.stripped, lexicon)
        if key and key[0] in _HEADER_ONLY:
            return True
    return False


def _after_last_field(lines: list[Line], lexicon: Lexicon) -> int:
    """Without labels or a body heading: the body starts after the header's fields."""
    last = -1
    for i, line in enumerate(lines[:80]):
        if line.stripped and match_key(line.stripped, lexicon):
            last = i
    if last < 0:
        return 0
    i = last + 1
    # the last field's value may run on (agenda lists): skip until a blank line
    while i < len(lines) and lines[i].stripped and len(lines[i].stripped) < 40:
        i += 1
    return i


def _speech_follows(lines: list[Line], i: int, lexicon: Lexicon) -> bool:
    for line in lines[i + 1 : i + 4]:
        content = line.stripped
        if not content:
            continue
        if match_key(content, lexicon) or looks_like_roster(content, lexicon):
            return False
        return any(ch in content for ch in "。？！?!～〜") or len(content) >= 20
    return False


def looks_like_roster(text: str, lexicon: Lexicon) -> bool:
    """``岩井総務課長、大手課長補佐`` is a list of attendees, not something said."""
    text = text.strip(SPACE_CHARS)
    if not text or "。" in text:
        return False
    previous = None
    while previous != text:  # nested brackets: （2議事（1）のみ出席）
        previous, text = text, re.sub(r"[（(][^（）()]*[）)]", "", text)
    items = [i for i in re.split(r"[、，,]", text) if i.strip()]
    if not items or not all(_roster_item(it, lexicon, i > 0) for i, it in enumerate(items)):
        return False
    return len(items) > 1 or len(compact(text)) <= 24


def _roster_columns(content: str, lexicon: Lexicon) -> bool:
    """Whether ``content`` is a roster line laid out in columns, a post and a name in each:
    ``総務部長　木村　太一　　　情報政策課長　林　和子``."""
    cells = column_spans(content, 0, lexicon)
    return len(cells) >= 2 and all(_post_then_name(content[a:b], lexicon) for a, b in cells)


_COUNTED = re.compile(r"[0-9０-９一二三四五六七八九十]+[人名]$")


def _roster_item(item: str, lexicon: Lexicon, after_first: bool) -> bool:
    """One entry of an attendee list: なし, a head count (3人), a title, a title or a unit
    before a name, a unit alone (担当課：情報政策課), or, after a first entry, a bare name
    (企画課　長谷川、高田: more of the same unit; 森川会長、青田: a surname UniDic reads as a
    word)."""
    key = compact(item)
    if key in ("なし", "無し") or _COUNTED.search(key):
        return True
    if (lexicon.title_suffix(key) and len(key) <= 24) or _post_then_name(item, lexicon):
        return True
    unit = lexicon.is_unit(key)
    if not (unit or after_first):
        return False
    name = names_only(key)  # 長谷部 ends like a unit but is a surname
    return (unit and not name) or (after_first and (name or bare_surname(key, lexicon)))


class BodySegmenter:
    """Turn body lines into :class:`Segment` objects (offsets into ``source``)."""

    def __init__(
        self,
        source: str,
        judge: LabelJudge,
        agenda_titles: set[str] | None = None,
        running_heads: set[str] | None = None,
        after_heading: bool = False,
        columns: ColumnLayout | None = None,
    ):
        self.source = source
        self.columns = columns or ColumnLayout()  # tables whose columns say who speaks
        # The body starts right after a heading (５　審議の概要): its numbered items come first.
        self.after_heading = after_heading
        self.judge = judge
        self.agenda_titles = agenda_titles or set()
        # Lines a PDF repeats at the top of every page (the minutes' title), compacted: like a
        # page number, such a line is a page break inside whatever is being said.
        self.running_heads = running_heads or set()
        self._head_length = max(map(len, self.running_heads), default=0) * 2
        self.flat = re.sub(r"\s+", "", source)
        self.segments: list[Segment] = []
        self.gap = 0
        self.prev_ended = True  # the previous content line ended a sentence
        self.closing: Segment | None = None  # the attestation that closes the minutes
        # The number of the last numbered heading in each numbering style (１　開会): the next
        # number in that style heads the next section, whatever it is called (２　個人情報の…).
        self.sections: dict[str, int] = {}

    @property
    def current(self) -> Segment | None:
        return self.segments[-1] if self.segments else None

    def run(self, lines: list[Line]) -> list[Segment]:
        for line in lines:
            self._line(line)
        self._finish()
        return self.segments

    def _line(self, line: Line) -> None:
        content = line.stripped
        if (
            not content.strip()  # a stray \r is blank too
            or is_page_artifact(content)
            or (len(content) <= self._head_length and compact(content) in self.running_heads)
        ):
            self.gap += 1
            return
        if self.columns and self._column_line(line, content):
            return
        cur = self.current
        found = self.judge.line_label(line.text)
        if cur is not None and cur is self.closing and not _speaks(found, line.text):
            self._add(line.content_start, content)  # its date and signatories: 会長　山田一郎
            return
        if found and found[1] == 0 and not (cur and cur.awaiting_text):
            self._open(Segment("note", found[0].start + line.start, note_type="heading"))
            self._add(line.content_start, content)
            self.prev_ended = True
            return
        if found and found[1] > 0 and self._accept(found[0], cur):
            hit = found[0].shifted(line.start)
            seg = Segment("speech", min(hit.start, self._row_start(line)), hit=hit)
            self._open(seg)
            rest = line.text[hit.text_start - line.start :]
            if rest.strip(SPACE_CHARS):
                self._add_text(hit.text_start, rest)
            else:
                seg.awaiting_text = True
            return
        if cur is not None and cur.awaiting_text:
            if cur.hit is not None and cur.hit.convention == "field":  # 【発言内容】本文
                skip = self.judge.text_field_end(content)
                self._add_text(line.content_start + skip, content[skip:])
            else:
                self._add_text(line.content_start, content)
            return
        if (
            self.closing is None
            and (self.prev_ended or self.gap)
            and self.judge.lexicon.is_attestation(content)
        ):
            self.closing = Segment("note", line.content_start, note_type="text")
            self._open(self.closing)
            self._add(line.content_start, content)
            return
        if (self.prev_ended or self.gap) and (
            self.judge.lexicon.is_narration(content) or content.startswith(_EDITORS_MARKS)
        ):
            # 議題２について、事務局から説明があった。: the summary's own words between turns
            self._open(Segment("note", line.content_start, note_type="text"))
            self._add(line.content_start, content)
            self.prev_ended = True
            return
        note_type = classify_note(content, self.judge, self.agenda_titles)
        if note_type == "text" and self._lists_with(cur, content[0]):
            note_type = None  # the speaker lists points with this marker: ○…。○…。
        if note_type is None and (
            # under a heading or the summary's own words (4 提言案検討 / 別紙により検討する。)
            cur.note_type in ("heading", "text") if cur is not None else self.after_heading
        ):
            note_type = _item_under_heading(content)
        number = _section_number(content)
        if note_type is None and number and number[0] in self.sections:
            if number[1] == self.sections[number[0]] + 1 and _item_under_heading(content):
                note_type = "heading"
            else:
                del self.sections[number[0]]  # a list of the speaker's own in that style
        if note_type == "heading" and number:
            self.sections[number[0]] = number[1]
        if note_type:
            self._open(Segment("note", line.content_start, note_type=note_type))
            self._add(line.content_start, content)
            self.prev_ended = True
            return
        if cur is None or cur.kind == "note":
            # Text after a stage direction goes on with the last speaker; after a heading it
            # starts a new part of the minutes (議事２: 特になし。) that nobody is said to say.
            under_heading = cur is not None and cur.note_type == "heading"
            previous = None if under_heading else self._last_speech()
            if previous is not None:
                seg = Segment("speech", line.content_start, hit=previous.hit, continued=True)
            else:
                seg = Segment("note", line.content_start, note_type="text")
            self._open(seg)
        elif cur.note_type == "text" and self.gap and self.prev_ended:
            self._open(Segment("note", line.content_start, note_type="text"))
        self._add_text(line.content_start, content)

    def _column_line(self, line: Line, content: str) -> bool:
        """Take ``line`` when a table's cells say what it is: a cell opening a turn, a further
        line of a speaker's cell or of what they say, or the header row of speakers' columns."""
        hit = self.columns.turns.get(line.start)
        if hit is not None:
            self._open(Segment("speech", self._row_start(line), hit=hit))
            if hit.text_start < line.end:  # else the text's cell starts on a later line
                self._add_text(hit.text_start, line.text[hit.text_start - line.start :])
        elif line.start in self.columns.headers:
            self._open(Segment("note", self._row_start(line), note_type="heading"))
            self._add(line.content_start, content)
            self.prev_ended = True
        elif self.columns.in_label(line.start):
            pass  # 会長 / （長谷川）: the rest of a speaker's cell, part of the label
        elif self.columns.in_cell(line.start) and self.current is not None:
            self._add_text(line.content_start, content)
        else:
            return False
        return True

    @staticmethod
    def _lists_with(seg: Segment | None, marker: str) -> bool:
        """Whether ``seg`` is speech whose text opens with ``marker``."""
        return (
            seg is not None
            and seg.kind == "speech"
            and bool(seg.pieces)
            and seg.pieces[0].text.startswith(marker)
        )

    def _row_start(self, line: Line) -> int:
        """Where ``line`` starts in the source: a table row's first ``|``, which its
        :func:`~pipeline.textutil.table_cells` line shows as a space, is part of the turn."""
        source = self.source[line.start : line.end]
        return line.end - len(source.lstrip(SPACE_CHARS))

    def _accept(self, hit: LabelHit, cur: Segment | None) -> bool:
        if hit.convention == "alone":
            # A short line that ends a wrapped sentence is not a label: ask for a boundary.
            return self.prev_ended or self.gap > 0 or cur is None or cur.kind == "note"
        # ``佐藤委員 本文`` has no marker: only trust it at a sentence or paragraph boundary.
        return hit.convention not in ("space", "paren") or self.prev_ended or bool(self.gap)

    def _last_speech(self) -> Segment | None:
        for seg in reversed(self.segments):
            if seg.kind == "speech":
                return seg
        return None

    def _open(self, seg: Segment) -> None:
        self.segments.append(seg)
        self.gap = 0

    def _add(self, start: int, text: str) -> None:
        seg = self.current
        seg.pieces.append(Piece(start, text, self.gap))
        seg.awaiting_text = False
        self.gap = 0

    def _add_text(self, start: int, text: str) -> None:
        """Add spoken text, splitting off any labels flattened into the same line."""
        lead = len(text) - len(text.lstrip(SPACE_CHARS))
        start, text = start + lead, text.strip(SPACE_CHARS)
        for hit in self.judge.inline_labels(text):
            if hit.start > 0:
                self._add(start, text[: hit.start])
            shifted = hit.shifted(start)
            self._open(Segment("speech", shifted.start, hit=shifted))
            text, start = text[hit.text_start :], shifted.text_start
            return self._add_text(start, text)
        if text:
            self._add(start, text)
        self.prev_ended = bool(text) and text[-1] in PARAGRAPH_END

    def _finish(self) -> None:
        if not any(seg.kind == "speech" for seg in self.segments):
            for seg in self.segments:  # a list of opinions, each saying whose it is at its end
                if seg.note_type == "text":
                    self._attribute_at_end(seg)
        for seg in self.segments:
            lexicon = self.judge.lexicon
            if (
                seg.kind == "speech"
                and not seg.pieces
                and seg.hit
                and lexicon.reports_an_act(seg.hit.label)
            ):
                # （事務局から説明） before the next label: that it happened, nothing said
                line_end = self.source.find("\n", seg.hit.label_end)
                line = self.source[seg.hit.start : line_end if line_end >= 0 else None]
                seg.kind, seg.note_type, seg.hit = "note", "stage", None
                seg.pieces = [Piece(seg.start, line.rstrip(SPACE_CHARS), 0)]
        body_end = len(self.source.rstrip())
        for i, seg in enumerate(self.segments):
            nxt = self.segments[i + 1].start if i + 1 < len(self.segments) else body_end
            seg.end = max(seg.start, len(self.source[:nxt].rstrip()))
            seg.text, seg.repairs = join_pieces(seg.pieces, self.flat)

    def _attribute_at_end(self, seg: Segment) -> None:
        """``・暗号化を徹底すべきである。（委員）``: a paragraph of minutes without labels that
        names its speaker in brackets at its end is that speaker's turn."""
        last = seg.pieces[-1]
        m = _LABEL_AT_END.search(last.text)
        if not m or self.judge.strength(m["label"]) != STRONG:
            return
        if len(seg.pieces) == 1 and not last.text[: m.start()].strip(SPACE_CHARS):
            return  # （委員） alone on a line: no text to attribute
        start = last.start + m.start("label")
        seg.kind, seg.note_type = "speech", None
        seg.hit = LabelHit(
            "end", last.start + m.start(), start, start + len(m["label"]), seg.start, m["label"]
        )
        seg.pieces[-1] = Piece(last.start, last.text[: m.start()], last.gap)


def _post_then_name(item: str, lexicon: Lexicon) -> bool:
    """``総務課長　木村一郎``, ``企画課　長谷川``, ``総務課　千葉``, ``情報管理係　係長　福田　誠``:
    a title or a unit, white space, then a name (rosters listed by post or by department)."""
    item = item.strip(SPACE_CHARS)
    cells = item.split()
    # 福田　誠, 林　和子 (a surname UniDic reads as a common word, a name with the given name)
    spaced = len(cells) > 2 and (
        spaced_full_name(" ".join(cells[-2:]))
        or (max(map(len, cells[-2:])) <= 3 and names_only(cells[-2] + cells[-1]))
    )
    parts = [" ".join(cells[:-2]), cells[-2] + cells[-1]] if spaced else item.rsplit(maxsplit=1)
    # a department's full name may be long: やまぶき市教育委員会事務局学校教育課　課長　岸本
    if len(parts) != 2 or len(compact(parts[0])) > 30:
        return False
    if not (spaced or names_only(parts[1]) or surname_alone(parts[1])):
        return False
    if lexicon.title_suffix(parts[0]):
        return True
    return lexicon.is_unit(parts[0]) and not names_only(parts[0])  # 長谷部 is a surname
