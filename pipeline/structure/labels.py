"""Speaker-label conventions and the judge that decides whether a candidate is a speaker.

Each convention is a small registered function ``(text) -> LabelHit | None`` that only
recognises the *shape* of a label at the start of ``text``:

==========  ===========================================================
marker      ``○山田会長　本文``, ``◯委員長（山田太郎君）　本文``, ``● 議事`` (a heading)
bracket     ``【山田委員長】本文``, ``<事務局>``, ``(委員)`` alone on a line
paren       ``委員長（原田）　本文``, ``問（斉藤委員）本文`` (no marker, a bracketed part)
colon       ``酒井会長：本文`` (full/half-width colon or semicolon)
alone       ``山本会長`` / ``会長:`` alone on a line, the text on the next lines
space       ``佐藤委員 本文`` (no marker)
delimiter   ``山田会長＞本文``, ``山田会長「本文」`` (the quote stays in the text)
exchange    ``Ｑ．本文``, ``A1. 本文``: a question or answer marker and a full stop
==========  ===========================================================

A field that names who speaks (``【発言者】山田会長``, ``発言者：山田会長``, a table's row
``発言者　山田会長``) is read by the judge as the label ``field``: the speaker after it, and
the text after the field that holds what they say (``【発言内容】本文``, on this line or the next).

:class:`LabelJudge` then scores the label text: *strong* when it is a group (事務局),
ends in a known title (会長, 委員, 課長, 君…) or starts with a roster name; *weak* when it is
merely short and label-like (``ワザサーバー``), which only the colon and marker shapes accept.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..lexicon import Lexicon, is_designation, strip_designator
from ..registry import label_conventions
from ..textutil import INLINE_SPACE, compact

MARKERS = "○〇◯◎◆◇●■□☆★▲△▼▽"
_SP = INLINE_SPACE
_MARKER = re.compile(
    rf"(?P<marker>[{MARKERS}]){_SP}*"
    rf"(?P<label>[^\s{MARKERS}（(：:;；、。「」]{{1,20}}{_SP}*[（(]{_SP}*[^\s（()）]{{1,12}}"
    rf"(?:{_SP}[^\s（()）]{{1,8}})?{_SP}*[）)]"  # 委員長（山田太郎君）
    rf"|[^\s{MARKERS}（(）)：:;；、。「」]{{1,24}}[）)](?={_SP}|$)"  # lost opening bracket
    rf"|[^\s{MARKERS}（(：:;；、。「」]{{1,24}})"
    rf"(?P<sep>{_SP}*[：:;；]{_SP}*|{_SP}+|$)"
)
_BRACKETS = {
    "【": "】",
    "<": ">",
    "＜": "＞",
    "〈": "〉",
    "(": ")",
    "（": "）",
    "[": "]",
    "［": "］",
    "〔": "〕",
    "《": "》",
}
_BRACKET = re.compile(
    r"(?P<open>[【<＜〈(（\[［〔《])"
    + _SP
    # a label may hold a bracketed part of its own: 【事務局（鈴木）】
    + r"*(?P<label>(?:[^】>＞〉)）\]］〕》\n（(]|[（(][^（()）\n]{1,12}[）)]){1,24}?)"
    + _SP
    + r"*(?P<close>[】>＞〉)）\]］〕》])(?P<sep>"
    + _SP
    + r"*[：:]?"
    + _SP
    + "*)"
)
# Brackets other than round ones enclose a whole label (the bracket convention) or a stage
# direction (〔市長　海野太郎君登壇〕), never part of a label the other conventions read.
_LABEL_STOP = r"\s：:;；、。，,「」『』" + re.escape("【】〔〕［］[]《》〈〉<>＜＞")
# A colon label may be spaced out (鈴木 次郎 委員：, 鈴 木 委 員：), one space at a time; such a
# label must end with a title or be a roster name (see _spaced_colon).
_COLON = re.compile(
    rf"(?P<label>[^{_LABEL_STOP}](?:{_SP}?[^{_LABEL_STOP}]){{0,23}}?){_SP}*(?P<sep>[：:;；]){_SP}*"
)
# A label with a bracketed part and no marker: 委員長（原田）　本文, 事務局（東）＞本文, or what a
# summary calls a turn and the speaker in brackets, either way round: 問（斉藤委員）本文,
# 斉藤委員（質問）　本文.
_PAREN = re.compile(
    rf"(?P<label>[^{_LABEL_STOP}（()）]{{1,4}}?{_SP}*[（(]{_SP}*"
    rf"[^{_LABEL_STOP}（()）]{{1,16}}?{_SP}*[）)])"
    rf"(?P<sep>{_SP}*[：:＞>]?{_SP}*)(?=\S|$)"
)
_INNER_SPACE = re.compile(_SP)
# A word of a label (white space stops it too: _LABEL_STOP holds \s), and a label that may
# end in a bracketed part of its own (事務局（宮本課長）).
_WORD = rf"[^{_LABEL_STOP}（()）]"
_BRACKETED_PART = rf"(?:[（(]{_WORD}{{1,12}}[）)])?"
# The word after a label, and the space or colon that ends it (see _with_name_or_title).
_NEXT_WORD = re.compile(rf"(?P<word>{_WORD}{{1,8}})(?:{_SP}*[：:]{_SP}*|{_SP}+)(?=\S)")
_ALONE = re.compile(rf"(?P<label>[^{_LABEL_STOP}]{{1,20}}?){_SP}*(?P<sep>[：:]?){_SP}*$")
_SPACE = re.compile(rf"(?P<label>[^{_LABEL_STOP}（()）]{{1,16}})(?P<sep>{_SP}+)(?=\S)")
# Who speaks, after what the turn is in brackets: （質問）佐藤委員, 【回答】事務局　本文.
_SPEAKER_AFTER = re.compile(
    rf"(?P<word>{_WORD}{{1,16}}{_BRACKETED_PART})(?:{_SP}*[：:]{_SP}*(?=\S)|{_SP}+(?=\S)|{_SP}*$)"
)
# A label closed by an angle bracket or followed by a quote: 山田会長＞本文,
# 事務局（宮本課長）＞本文, 山田会長「本文」.
_DELIMITER = re.compile(
    rf"(?P<label>{_WORD}{{1,16}}?{_BRACKETED_PART})(?:(?P<sep>{_SP}*[＞>]{_SP}*)(?=\S)|(?=「))"
)
# Ｑ．, A1.: only a question or answer marker of a Q&A summary is strong enough to be read so.
_FULL_STOP = re.compile(
    rf"(?P<label>[^\s{_LABEL_STOP}.．]{{1,2}}[0-9０-９]{{0,2}})(?P<sep>[.．]{_SP}*)(?=\S)"
)
# The shapes a field naming who speaks comes in: 【発言者】山田会長, 発言者：山田会長,
# 発言者　山田会長.
_FIELD_SHAPES = ("bracket", "colon", "space")
_BAD_LABEL_CHARS = re.compile(r"[、。，．,.「」『』!?！？…=＝/／%％&＆*＊~～〜#＃+＋]")
_DIGIT = re.compile(r"[0-9０-９]")
# 「２番（北川花子君）」: assembly members speak under their seat number.
_SEAT_LABEL = re.compile(r"^[0-9０-９]{1,3}番[（(][^（()）0-9０-９]+[）)]$")
_PAREN_LABEL = re.compile(r"^[^（()）]+[（(][^（()）]+[）)]$")
_LABEL_CHARS = re.compile(
    r"^[\u3400-\u9fff\u3005\u3006\u3041-\u309f\u30a0-\u30ffA-Za-zＡ-Ｚａ-ｚ・･（()）]+$"
)

WEAK, STRONG = 1, 2

# A line opening with a question or answer marker: 「（問）…」, 「【答】…」, 「Ｑ１：…」, 「問　…」
_EXCHANGE_LINE = re.compile(
    rf"^{_SP}*(?:[-*・･]{_SP}*)?(?P<open>[（(【［\[〔<＜])?{_SP}*"
    rf"(?P<word>[^\s（()）【】［］\[\]〔〕<>＜＞：:.．0-9０-９]{{1,2}})[0-9０-９]{{0,2}}{_SP}*"
    rf"(?(open)[）)】］\]〕>＞]|(?:[：:.．]|{_SP}))",
    re.MULTILINE,
)


def is_exchange_summary(text: str, lexicon: Lexicon) -> bool:
    """Whether lines of ``text`` open with both a question and an answer marker (the
    lexicon's ``questions`` and ``answers``): a summary written as 問 and 答.

    >>> from pipeline.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> is_exchange_summary("（問）件数は。\\n（答）３件です。\\n", lex)
    True
    >>> is_exchange_summary("Q. 件数は。\\nA. ３件です。\\n", lex)
    True
    >>> is_exchange_summary("会長：質問：件数は。\\n問題はない。\\n", lex)
    False
    """
    found = {compact(m["word"]) for m in _EXCHANGE_LINE.finditer(text)}
    return bool(found & lexicon.questions) and bool(found & lexicon.answers)


class LabelHit(NamedTuple):
    """A label-shaped span at the start of a text (offsets relative to that text).

    A named tuple: every line of every document is tried against the conventions, and a
    tuple is made several times faster than a frozen dataclass.
    """

    convention: str
    start: int  # where the label begins, marker or bracket included
    label_start: int
    label_end: int
    text_start: int  # where the spoken text begins
    label: str
    marker: str | None = None

    def shifted(self, offset: int) -> LabelHit:
        return LabelHit(
            self.convention,
            self.start + offset,
            self.label_start + offset,
            self.label_end + offset,
            self.text_start + offset,
            self.label,
            self.marker,
        )


def _between_digits(m: re.Match) -> bool:
    """Whether the colon ``m`` found has digits either side: a time's (会長　00:00:05) or a
    ratio's, not the end of a label."""
    before, after = m.start("sep") - 1, m.end("sep")
    return (
        _DIGIT.match(m.string, before) is not None
        and after < len(m.string)
        and _DIGIT.match(m.string, after) is not None
    )


def _spaced_colon(hit: LabelHit) -> bool:
    """Whether ``hit`` is a colon label with spaces inside (鈴木 次郎 委員：)."""
    return hit.convention == "colon" and bool(_INNER_SPACE.search(hit.label))


_EMPHASES = ("**", "__")  # longest first: "*" alone is also a list bullet


def _matcher(convention: str, pattern: re.Pattern, marker_group: str | None = None, valid=None):
    """A convention's function: ``pattern`` matched at ``pos``, as a :class:`LabelHit`."""

    def match(text: str, pos: int = 0) -> LabelHit | None:
        m = pattern.match(text, pos)
        if not m or (valid is not None and not valid(m)):
            return None
        label_start, label_end, text_start = m.start("label"), m.end("label"), m.end()
        # Markdown emphasis around the label: **会長**：本文, or **会長：**本文
        if m["label"].startswith(_EMPHASES):
            mark = next(e for e in _EMPHASES if m["label"].startswith(e))
            if m["label"].endswith(mark) and len(m["label"]) > 2 * len(mark):
                label_start, label_end = label_start + len(mark), label_end - len(mark)
            elif text.startswith(mark, text_start) and len(m["label"]) > len(mark):
                label_start, text_start = label_start + len(mark), text_start + len(mark)
                while text_start < len(text) and text[text_start] in " \t\u3000":
                    text_start += 1
        return LabelHit(
            convention,
            m.start(),
            label_start,
            label_end,
            text_start,
            text[label_start:label_end],
            m[marker_group] if marker_group else None,
        )

    match.__name__ = match.__qualname__ = f"match_{convention}"
    return match


match_marker = _matcher("marker", _MARKER, "marker")
match_bracket = _matcher(
    "bracket", _BRACKET, "open", valid=lambda m: _BRACKETS[m["open"]] == m["close"]
)
match_paren = _matcher("paren", _PAREN)
match_colon = _matcher("colon", _COLON, valid=lambda m: not _between_digits(m))
match_alone = _matcher("alone", _ALONE)
match_space = _matcher("space", _SPACE)
match_delimiter = _matcher("delimiter", _DELIMITER)
match_exchange = _matcher("exchange", _FULL_STOP)


# The order conventions are tried in at the start of a line.
LINE_CONVENTIONS = (
    "kaigiroku.label.marker.v1",
    "kaigiroku.label.bracket.v1",
    "kaigiroku.label.paren.v1",
    "kaigiroku.label.colon.v1",
    "kaigiroku.label.alone.v1",
    "kaigiroku.label.space.v1",
    "kaigiroku.label.delimiter.v1",
    "kaigiroku.label.exchange.v1",
)
# Inside a line (records flattened by PDF or HTML extraction) only unambiguous shapes.
INLINE_CONVENTIONS = (
    "kaigiroku.label.marker.v1",
    "kaigiroku.label.colon.v1",
    "kaigiroku.label.bracket.v1",
)
# A list item: Markdown's (- 会長：本文) or a typeset bullet, spaced or not (・会長：本文,
# • 委員：本文 from a word processor's list), or the arrow a summary puts before an answer
# (→事務局：本文). After such a bullet or an arrow only a sure label counts: ・漏えい対策：暗号化
# is a point being listed.
_BULLETS = "・･•◦‣→⇒⇨➡"
_LIST_BULLET = re.compile(rf"[-*+][ \t]+(?=\S)|[{_BULLETS}][ \t\u3000]*(?=\S)")
_MD_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")
# The time a transcript stamps a turn with, before its label: 【14:05】会長：本文,
# [00:12:34] 委員　本文, 14:05　会長　本文. Like a bullet, it stays in the turn's span and out
# of its text, and only a sure label counts after it.
_CLOCK = r"[0-9０-９]{1,2}[:：][0-9０-９]{2}(?:[:：][0-9０-９]{2})?"
_BRACKETED_CLOCK = rf"[【\[［(（]{_CLOCK}[】\]］)）]"
_TRAILING_TIME = re.compile(rf"(?:{_BRACKETED_CLOCK}|{_CLOCK})[ \t\u3000]*")
_TIME_STAMP = re.compile(rf"(?:{_BRACKETED_CLOCK}|{_CLOCK}(?=[ \t\u3000]))[ \t\u3000]*(?=\S)")
_COLONS = "：:;；"  # every colon convention's separator is one of these
_INLINE_FIRST = frozenset(MARKERS + "".join(_BRACKETS))
_INLINE_START = re.compile(rf"(?<=[。．！？!?」』）)～〜]){_SP}*(?=\S)|{_SP}+(?=[{MARKERS}【])")


class LabelJudge:
    """Decide whether label text names a speaker, knowing the roster once it is parsed."""

    def __init__(
        self, lexicon: Lexicon, roster_names: set[str] | None = None, exchange: bool = False
    ):
        self.lexicon = lexicon
        self.roster_names = {n for n in (roster_names or set()) if n}
        # In a Q&A summary (:func:`is_exchange_summary`) 問 and 答 start turns.
        self.exchange = exchange
        # 日時, 出席委員: header keys, never speakers; but a key that is a title as it stands
        # (委員, 参考人) is a speaker in the body, where the header's lines no longer are.
        keys = {k for k, _ in lexicon.header_keys}
        self._header_words = (
            keys - lexicon.groups - {k for k in keys if lexicon.title_suffix(k) == k}
        )

    def strength(self, label: str) -> int:
        """0 (not a speaker), WEAK or STRONG.

        >>> from pipeline.lexicon import load_lexicon
        >>> judge = LabelJudge(load_lexicon())
        >>> [judge.strength(s) for s in ["酒井会長", "事務局", "ワザサーバー", "日時", "注", "10"]]
        [2, 2, 1, 0, 0, 0]
        """
        key = compact(label)
        if not key or len(key) > 24 or _BAD_LABEL_CHARS.search(key):
            return 0
        if self.exchange and self.lexicon.is_exchange_marker(key):
            return STRONG
        if _DIGIT.search(strip_designator(key)) and not _SEAT_LABEL.match(key):
            return 0
        if key in self.lexicon.not_speakers or key in self._header_words:
            return 0
        if ("（" in key or "(" in key) and not _PAREN_LABEL.match(key):
            return 0
        if key in self.lexicon.groups or self.lexicon.title_suffix(key):
            return STRONG
        if "・" not in key and self.lexicon.reported_speaker(key):  # 委員からの質問, 事務局より
            return STRONG  # (委員の意見・質問, several things said, heads a table's column)
        if _PAREN_LABEL.match(key) or key.endswith(("君)", "君）")):
            return STRONG
        if any(key.startswith(name) for name in self.roster_names if len(name) >= 2):
            return STRONG
        if len(key) <= 12 and _LABEL_CHARS.match(key) and not key.isascii():
            return WEAK
        return 0

    def line_label(self, text: str) -> tuple[LabelHit, int] | None:
        """The first convention whose label at the start of ``text`` a speaker could have.

        Returns the hit and its strength; a marker line whose label is no speaker comes back
        with strength 0 (a heading such as ``○会議に付した事件``).
        """
        body = text.lstrip(" \t\u3000")
        offset = len(text) - len(body)
        bullet = _LIST_BULLET.match(body) or _MD_HEADING.match(body) or _TIME_STAMP.match(body)
        if bullet:
            body = body[bullet.end() :]
        found = self._line_label(body)
        if found is None:
            return None
        hit, strength = found
        if _TRAILING_TIME.fullmatch(body, hit.text_start):
            hit = hit._replace(text_start=len(body))  # 会長　00:00:05: when the turn began
        sure_only = bullet and (bullet.re is _TIME_STAMP or bullet.group()[0] in _BULLETS)
        if sure_only and strength < STRONG:
            return None  # ・漏えい対策：暗号化 is a list item of what is being said
        heading = bullet is not None and bullet.group()[0] == "#"
        if heading and (
            strength < STRONG or hit.text_start < len(body) or not self._whole_label(hit.label)
        ):
            return None  # a Markdown heading is a label only when it is one alone: ### 山田会長
        hit = hit.shifted(offset + (bullet.end() if bullet else 0))
        return hit._replace(start=offset) if bullet else hit, strength  # the turn has its bullet

    def _line_label(self, body: str) -> tuple[LabelHit, int] | None:
        for name in LINE_CONVENTIONS:
            hit = label_conventions.get(name)(body)
            if hit is None:
                continue
            if _spaced_colon(hit) and not self._whole_label(hit.label):
                continue  # 佐藤委員　資料の件：確認します is 佐藤委員 speaking
            if hit.convention == "paren":
                if self._paren_label(hit):
                    return hit, STRONG
                continue  # 資料（別紙）について: a word and a bracket, nobody speaking
            if hit.convention == "bracket" and self.lexicon.is_speech_act(hit.label):
                speaker = self._speaker_after(body, hit)
                if speaker is not None:
                    return speaker, STRONG
            if self.exchange and self.lexicon.is_exchange_marker(hit.label):
                speaker = self._speaker_after(body, hit)  # Ｑ１　委員：本文: 委員 asks
                if speaker is not None:
                    return speaker, STRONG
            field = compact(hit.label) in self.lexicon.speaker_fields
            if field and hit.convention in _FIELD_SHAPES:
                speaker = self._speaker_after(body, hit)
                if speaker is None:
                    return None  # 発言者：(blank), 発言者　発言内容: a table's header row
                text_start = self.text_field_end(body, speaker.text_start)
                return speaker._replace(convention="field", text_start=text_start), STRONG
            strength = self.strength(hit.label)
            needed = WEAK if hit.convention in ("colon", "marker") else STRONG
            if hit.convention == "marker" and strength < needed:
                return hit, 0
            if hit.convention == "marker" and strength == WEAK and hit.text_start >= len(body):
                return hit, 0  # ○出席者 alone: a heading
            if strength >= needed:
                return self._with_name_or_title(body, hit), strength
        return None

    def _speaker_after(self, body: str, hit: LabelHit) -> LabelHit | None:
        """What a turn is in brackets, then who says it: 「（質問）佐藤委員」 (the text on the
        next lines) or 「【回答】事務局　本文」. The speaker is the label; the bracket stays in the
        turn's span, as a marker does."""
        m = _SPEAKER_AFTER.match(body, hit.text_start)
        if m is None or self.strength(m["word"]) != STRONG or not self._whole_label(m["word"]):
            return None
        return hit._replace(
            label_start=m.start("word"),
            label_end=m.end("word"),
            text_start=m.end(),
            label=m["word"],
        )

    def text_field_end(self, text: str, pos: int = 0) -> int:
        """Where the text begins after a field that holds what a speaker says, at ``pos`` in
        ``text`` (「【発言内容】本文」, 「発言内容：本文」); ``pos`` when there is none.

        >>> from pipeline.lexicon import load_lexicon
        >>> judge = LabelJudge(load_lexicon())
        >>> [judge.text_field_end(s) for s in ["【発言内容】本文", "発言要旨　本文", "本文です"]]
        [6, 5, 0]
        """
        for shape in (_BRACKET, _COLON, _SPACE):
            m = shape.match(text, pos)
            if m and compact(m["label"]) in self.lexicon.text_fields:
                return m.end()
        return pos

    def _with_name_or_title(self, body: str, hit: LabelHit) -> LabelHit:
        """``hit`` with the word after it when the two are one label, a post and a roster name
        or a roster name and a post set apart by a space: 「委員長　山田　本文」,
        「会長　山田：本文」, 「山田　会長　本文」."""
        if hit.convention not in ("marker", "colon", "space") or not self.roster_names:
            return hit
        m = _NEXT_WORD.match(body, hit.text_start)
        if m is None:
            return hit
        label, word = compact(hit.label), compact(m["word"])
        post = self.lexicon.title_suffix(label) == label or label in self.lexicon.groups
        named = label in self.roster_names and self.lexicon.title_suffix(word) == word
        if not ((post and word in self.roster_names) or named):
            return hit
        return hit._replace(
            label_end=m.end("word"), text_start=m.end(), label=body[hit.label_start : m.end("word")]
        )

    def _paren_label(self, hit: LabelHit) -> bool:
        """Whether an unmarked label with a bracketed part names a speaker: what a turn is and
        who speaks, either way round (問（斉藤委員）, 斉藤委員（質問）), or, before a space or
        a colon, a speaker and their name or post (委員長（原田）, 事務局（福田課長）); before
        anything, a speaker and a name the roster holds (会長（原田）本文).

        >>> from pipeline.lexicon import load_lexicon
        >>> judge = LabelJudge(load_lexicon(), roster_names={"原田"})
        >>> labels = ["問（斉藤委員）本文", "委員（意見）本文", "委員長（原田）　本文",
        ...           "資料（別紙）　本文", "問（１）本文", "会長（案）について",
        ...           "会長（原田）本文"]
        >>> [judge._paren_label(match_paren(s)) for s in labels]
        [True, True, True, False, False, False, True]
        """
        head, _, inner = hit.label.replace("(", "（").partition("（")
        inner = inner.rstrip(" \t\u3000）)")
        act = self.lexicon.is_speech_act
        if act(head):
            return self.strength(inner) == STRONG
        if self.strength(head) != STRONG:
            return False
        if act(inner):
            return True
        if compact(inner) in self.roster_names:
            return True
        spaced = hit.text_start > hit.label_end  # 会長（案）について is no label
        return spaced and (self.strength(inner) > 0 or is_designation(inner))  # 委員（２）

    def _whole_label(self, label: str) -> bool:
        """Whether ``label`` is a speaker's label from end to end, spaces aside: a group, a
        title ending (鈴木 次郎 委員), a post or name in brackets, or a roster name (鈴木 次郎);
        not 鈴木委員からの質問 or 佐藤委員　資料の件, which only start with one."""
        key = compact(label)
        return (
            key in self.lexicon.groups
            or bool(self.lexicon.title_suffix(key) or _PAREN_LABEL.match(key))
            or key in self.roster_names
        )

    def inline_labels(self, text: str) -> list[LabelHit]:
        """Labels inside ``text`` after a sentence end: records flattened onto one line."""
        hits = []
        conventions = [label_conventions.get(name) for name in INLINE_CONVENTIONS]
        # Where no convention's first character (a marker, an opening bracket) is, nor any
        # colon further on, none can match: most turns have no colon at all.
        last_colon = max(map(text.rfind, _COLONS))
        for m in _INLINE_START.finditer(text):
            pos = m.end()
            if pos > last_colon and text[pos] not in _INLINE_FIRST:
                continue
            for convention in conventions:
                hit = convention(text, pos)
                if (
                    hit
                    and hit.text_start < len(text)
                    and not _spaced_colon(hit)  # within a line, a colon label only unspaced
                    and self.strength(hit.label) == STRONG
                ):
                    hits.append(hit)
                    break
        return hits
