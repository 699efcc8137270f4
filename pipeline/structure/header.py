"""The header of a set of minutes: title, date and times, venue, roster, agenda.

Header lines are ``key value`` pairs whose keys (日時, 場所, 出席者, 事務局, 会議次第…) come
from the lexicon; keys may be spaced (日 時), numbered, bulleted or bracketed, and their values
may run over the following lines. Dates are searched where they are, not only under 日時.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from ..errors import Code, message
from ..lexicon import Lexicon
from ..records import AgendaItem, Meeting, Participant
from ..textutil import (
    INLINE_SPACE,
    SMALL_NUMBER,
    SPACE_CHARS,
    Line,
    compact,
    fold,
    parse_number,
)
from ..unidic import tagger
from .dates import (
    FoundDate,
    find_date,
    find_fiscal_year,
    find_month_day,
    find_times,
    find_unknown_era,
    fiscal_year_of,
    weekday_mismatch,
)
from .names import (
    bare_surname,
    is_title,
    names_only,
    split_name_title,
    spread_title_length,
    strip_trailing_parens,
    unit_title,
)

_SP = INLINE_SPACE
_NUM = SMALL_NUMBER
_LEAD = re.compile(
    rf"^(?:#+{_SP}*|[-*+・]{_SP}+|[{'○◯〇●■□◆◇▲△★☆'}]{_SP}*|"
    rf"{_NUM}(?:[.．、]|{_SP})+{_SP}*|"
    rf"[(（]{_NUM}[)）]{_SP}*|[【［\[〔＜<〈《]{_SP}*|\*\*|__)*"  # ** or __: Markdown's bold key
)
# What ends a key: a colon, white space, the line's end, or its closing bracket
# (【出席委員】岡本会長).
_KEY_END = re.compile(
    rf"^{_SP}*(?:\*\*|__)?(?:[】］\]）)〕＞>〉》]{_SP}*)?(?:[（(](?P<aside>[^（()）]{{0,12}})[）)]{_SP}*)?"
    rf"(?:[：:](?:\*\*|__)?{_SP}*|{_SP}+|$|(?<=[】］\]〕＞>〉》]))"
)
# 地方自治法第121条（第1項）の規定により: the law an assembly's list of officials cites first.
_LEGAL_BASIS = re.compile(
    rf"(?:\S{{1,12}}法)?第{_SP}*[0-9０-９一二三四五六七八九十百]+{_SP}*条"
    rf"(?:{_SP}*第{_SP}*[0-9０-９一二三四五六七八九十]+{_SP}*項)?{_SP}*の規定により{_SP}*"
)
_RULE = re.compile(r"^[―ー—－\-─━=＝*＊・~～〜]{3,}$")
_SENTENCE_MARK = re.compile(r"[、。，．,.：:]")
_SUBKEY = re.compile(rf"(?P<key>[^：:、，,。]{{1,14}}?){_SP}*[：:]{_SP}*")
_HEADCOUNT = rf"{_NUM}{_SP}*[人名]"  # ３名, 10人
_COUNT = re.compile(rf"(?P<org>.*?){_SP}*(?P<n>{_NUM}){_SP}*[人名]$")
# What may come before the list's headcount after its last entry: （3名）, （以上５名）.
_HEADCOUNT_WORDS = ("", "以上", "計", "合計", "全")
# How many of the members came (「１０名中８名出席」, 「定数７名中６名」, 「８名出席」): nobody's
# entry, alone or before the names on the line. A count alone (傍聴者　２名) is not this.
_TURNOUT = (
    rf"(?:定数{_SP}*)?{_HEADCOUNT}{_SP}*中{_SP}*{_HEADCOUNT}(?:{_SP}*(?:出席|欠席))?"
    rf"|{_HEADCOUNT}{_SP}*(?:出席|欠席)"
)
_TURNOUT_ALONE = re.compile(rf"{_SP}*(?:{_TURNOUT}){_SP}*")
_LEADING_TURNOUT = re.compile(rf"{_SP}*(?:{_TURNOUT}){_SP}+(?=\S)")
# A sentence in a list of who came, saying one of them did not: 西谷剛委員は所用により欠席
_ABSENCE_SAID = re.compile(
    rf"(?P<who>[^、。はが]+?){_SP}*[はが]、?{_SP}*(?P<why>[^。]*?(?:により|のため|で))?{_SP}*"
    r"(?:欠席|欠課)(?:しました|した|です|となりました)?。?"
)
_NONE = {"なし", "無し", "無", "ない", "該当なし", "なし。", "-", "－", "―"}
_NOTE_WORDS = (
    "出席",
    "欠席",
    "退席",
    "途中",
    "のみ",
    "遅刻",
    "早退",
    "議事",
    "から",
    "まで",
    "退室",
    "入室",
    "代理",
    "オンライン",
    "Web",
    "WEB",
)
_SESSION = re.compile(r"第\s*(?P<n>[0-9０-９]+|[一二三四五六七八九十百]+)\s*回")
_PUBLIC = re.compile(r"(一部)?非公開|公開")


@dataclass
class Field:
    name: str
    key: str
    value: str
    value_start: int  # offset of the value in the source
    lines: list[Line] = field(default_factory=list)  # continuation lines


@cache
def _key_pattern(keys: tuple[tuple[str, str], ...]) -> re.Pattern:
    alternatives = []
    for key, name in keys:
        spaced = f"{_SP}*".join(re.escape(ch) for ch in key)
        alternatives.append(f"(?P<k_{len(alternatives)}_{name}>{spaced})")
    return re.compile("|".join(alternatives))


_NAMES_OF = re.compile(rf"{_SP}*の?{_SP}*氏{_SP}*名")
_SPREAD_ON = re.compile(rf"{_SP}+(?P<char>\S)(?:{_SP}|$)")


def match_key(content: str, lexicon: Lexicon) -> tuple[str, str, int] | None:
    """``(field, key, value_offset)`` when ``content`` starts with a header key."""
    lead = _LEAD.match(content)
    pos = lead.end() if lead else 0
    basis = _LEGAL_BASIS.match(content, pos)
    pos = basis.end() if basis else pos
    m = _key_pattern(lexicon.header_keys).match(content, pos)
    if not m:
        return None
    name = m.lastgroup.split("_", 2)[2]
    spread = _SPREAD_ON.match(content, m.end())
    if spread and is_title(compact(m.group(0)) + spread["char"], lexicon):
        return None  # 「委　員　長　　南田　恵子」: a title spread over its column, not 委員
    after = m.end()
    if name in _ROSTER_SECTIONS and (names := _NAMES_OF.match(content, after)):
        after = names.end()  # 欠席者氏名, 出席委員の氏名: the key still
    if name in _ROSTER_SECTIONS and (listed := _LIST_AFTER_KEY.match(content, after)):
        # 事務局（森部長、村井課長）３名: the people in brackets are the value, not an aside
        return name, content[m.start() : after], listed.end()
    end = _KEY_END.match(content[after:])
    if end is None:
        if name != "date" or not re.match(r"[0-9０-９令平昭大明RHS]", content[m.end() :]):
            return None
        return name, m.group(0), m.end()
    aside = end["aside"] and _key_pattern(lexicon.header_keys).fullmatch(compact(end["aside"]))
    if aside and name == "attendees":  # 出席者（事務局）: who attended, from the secretariat
        name = aside.lastgroup.split("_", 2)[2]
    return name, content[m.start() : after], after + end.end()


def body_start_heading(content: str, lexicon: Lexicon) -> bool:
    """``### 会議の内容``, ``【議事の経過】``, ``3 審議内容``: the body begins after this line."""
    lead = _LEAD.match(content)
    rest = content[lead.end() :] if lead else content
    key = compact(rest).strip("】］]〕＞>〉》:：")
    bracketed = "(" in key or "（" in key or key.endswith((")", "）"))
    if bracketed and not _balanced(key):
        key = key.rstrip("）)")  # 【会議の内容）: a bracket that closes nothing
    headings = lexicon.body_start_headings
    if key in headings or key.replace("等", "") in headings:
        return True  # 審議等の内容 too
    if bracketed and (m := _ASIDE.fullmatch(key)):  # 議事(要旨), 会議の経過（概要）
        summary = m[1] in headings and m[2] in _SUMMARY_WORDS
        return summary or bool({m[1] + m[2], f"{m[1]}の{m[2]}"} & headings)
    # A transcript table's header row, its cells on one line: 「発言者　発言内容」 (or
    # 「No.　発言者　発言内容」). Not a title's ending (「第2回　会議録」 is a title), and the
    # cells before it are short words.
    *before, last = rest.split() or [""]
    last = compact(last)
    return (
        bool(before)
        and last in lexicon.body_start_headings
        and not last.endswith(lexicon.title_suffixes)
        and all(len(cell) <= 6 and not _SENTENCE_MARK.search(cell.rstrip(".．")) for cell in before)
    )


# A key and its value together in brackets, a line of its own: 「［担当課：法務室］」
_ASIDE_FIELD = re.compile(r"[\[［【〔（(][^\]］】〕）)：:]+[：:][^\]］】〕）)]+[\]］】〕）)]$")


def opens_field(current: str | None, key: str) -> bool:
    """Whether a line with the key of field ``key`` starts that field inside ``current``:
    not inside an agenda, whose 「2 議事」 is an item, nor among materials, whose 議事次第
    is a paper, nor in whom to ask about the page, whose 担当課 is theirs."""
    if current == "contact":
        return key != "agency"
    return not (current in ("agenda", "materials") and key == "agenda")


_ASIDE = re.compile(r"(.+?)[（(](.+?)[）)]")
_SUMMARY_WORDS = ("概要", "要旨", "要約", "抜粋", "要点", "全文", "抄録")


def _balanced(key: str) -> bool:
    return key.count("（") + key.count("(") == key.count("）") + key.count(")")


def collect_fields(lines: list[Line], lexicon: Lexicon) -> tuple[list[Field], int | None]:
    """Header fields with their continuation lines, and the index of the title line."""
    fields: list[Field] = []
    title_idx = None
    current: Field | None = None
    for i, line in enumerate(lines):
        content = line.stripped
        if not content:
            continue
        if _RULE.match(content):
            current = None
            continue
        hit = match_key(content, lexicon)
        if hit and current is not None and not opens_field(current.name, hit[0]):
            hit = None
        if hit and current is not None and current.name == "agenda" and _ASIDE_FIELD.match(content):
            hit = None  # an item's aside: ［担当課：総務部 法務ガバナンス室］
        if hit:
            name, key, value_offset = hit
            start = line.content_start + value_offset
            current = Field(name, compact(key), content[value_offset:].rstrip(SPACE_CHARS), start)
            fields.append(current)
        elif body_start_heading(content, lexicon):
            current = None
        elif current is not None:
            current.lines.append(line)
        elif title_idx is None and len(compact(content)) >= 4:
            title_idx = i
    return fields, title_idx


def parse_header(
    text: str, lines: list[Line], lexicon: Lexicon, context: str | None = None
) -> Meeting:
    """A :class:`Meeting` filled from the header ``lines`` (no turns yet); ``context`` is
    the page's :attr:`~pipeline.records.Extracted.context`."""
    meeting = Meeting()
    fields, title_idx = collect_fields(lines, lexicon)
    by_name: dict[str, list[Field]] = {}
    for f in fields:
        by_name.setdefault(f.name, []).append(f)

    if title_idx is not None:
        meeting.title = re.sub(r"^#+\s*", "", lines[title_idx].stripped).strip()
    elif by_name.get("title"):
        meeting.title = by_name["title"][0].value
    if not meeting.title:
        meeting.warnings.append(message(Code.NO_TITLE))
    header_text = "\n".join(line.text for line in lines)
    fiscal_year = find_fiscal_year(meeting.title or "") or find_fiscal_year(header_text)
    _set_date(meeting, by_name, header_text, text, fiscal_year)
    if meeting.title:
        meeting.body = body_from_title(meeting.title, lexicon)
    meeting.fiscal_year = fiscal_year
    if meeting.fiscal_year is None and meeting.date:
        meeting.fiscal_year = fiscal_year_of(meeting.date)
    session = _SESSION.search(meeting.title or "") or _SESSION.search(header_text)
    meeting.session_no = parse_number(session["n"]) if session else None
    meeting.venue = _venue(by_name)
    # A title without the place (第３回情報公開審査会 on the city's own site): the place the
    # site names, or whose office the meeting was held in or the header otherwise names.
    meeting.municipality = (
        municipality_of(meeting.body or meeting.title or "")
        or _place_named(_SITE_PLACE, context or "")
        or _place_named(_OFFICE_PLACE, "\n".join(filter(None, [meeting.venue, header_text])))
    )
    if by_name.get("publicity"):
        meeting.publicity = _joined_value(by_name["publicity"][0])
        meeting.is_public = is_public(meeting.publicity)
    if by_name.get("audience"):
        meeting.audience = audience_count(_joined_value(by_name["audience"][0]))
    for f in fields:
        if f.name in ("attendees", "absent", "secretariat", "agency", "guest"):
            meeting.participants.extend(parse_participants(f, lexicon))
    for f in by_name.get("agenda", []):
        meeting.agenda.extend(parse_agenda(f))
    return meeting


def _date_in_fiscal_year(
    meeting: Meeting, by_name, header_text: str, fiscal_year: int
) -> FoundDate | None:
    """A date written without its year (日時　7月18日（木）) under a title or header that
    names ``fiscal_year`` (令和6年度第2回…): the year is the fiscal year's, with a warning."""
    values = [_joined_value(f) for f in by_name.get("date", [])]
    for value in [*values, header_text]:
        found = find_month_day(value, fiscal_year)
        if found:
            line_end = value.find("\n", found.end)
            meeting.start_time, meeting.end_time = find_times(
                value[found.end : line_end if line_end >= 0 else None]
            )
            meeting.warnings.append(
                message(Code.DATE_YEAR_FROM_FISCAL_YEAR, f"{found.written}: {fiscal_year}年度")
            )
            return found
    return None


def _venue(by_name: dict[str, list[Field]]) -> str | None:
    """場所's value, unless the labels are swapped: then the dateless 日時 value is the venue."""
    venue = _joined_value(by_name["venue"][0]) if by_name.get("venue") else None
    dates = [_joined_value(f) for f in by_name.get("date", [])]
    if venue and find_date(venue) and dates and not find_date(dates[0]):
        return dates[0] or None
    return venue or None


def _joined_value(f: Field) -> str:
    return " ".join([f.value, *(line.stripped for line in f.lines)]).strip()


def _set_date(
    meeting: Meeting, by_name, header_text: str, text: str, fiscal_year: int | None
) -> None:
    found = None
    for f in by_name.get("date", []):
        value = _joined_value(f)
        found = find_date(value)
        if found:
            meeting.start_time, meeting.end_time = find_times(value[found.end :])
            break
    if found is None:
        # Not the date a page was published or updated on (更新日:2023年11月15日)
        page_dates = [_joined_value(f) for f in by_name.get("page_dates", [])]
        for source in (header_text, meeting.title or "", text[:3000]):
            for value in page_dates:
                source = source.replace(value, " " * len(value))
            found = find_date(source)
            if found:
                line_end = source.find("\n", found.end)
                meeting.start_time, meeting.end_time = find_times(
                    source[found.end : line_end if line_end >= 0 else None]
                )
                break
    if found is None and fiscal_year is not None:
        found = _date_in_fiscal_year(meeting, by_name, header_text, fiscal_year)
    if found is None:
        unknown = find_unknown_era(header_text) or find_unknown_era(meeting.title or "")
        meeting.warnings.append(
            message(Code.UNKNOWN_ERA, unknown) if unknown else message(Code.NO_DATE)
        )
        return
    if found.date is None:
        meeting.warnings.append(message(Code.BAD_DATE, found.written))
        return
    meeting.date = found.date
    meeting.weekday_text = found.weekday_text
    if found.warning:
        meeting.warnings.append(message(Code.DATE_OUTSIDE_ERA, found.warning))
    mismatch = weekday_mismatch(found)
    if mismatch:
        meeting.warnings.append(message(Code.WEEKDAY_MISMATCH, mismatch))


def is_public(value: str) -> bool | None:
    """公開 -> True, 非公開 -> False, 一部非公開 -> True (the meeting was open in part)."""
    m = _PUBLIC.search(value or "")
    if not m:
        return None
    return m.group(0) == "公開" or bool(m.group(1))


def audience_count(value: str) -> int | None:
    """傍聴人 0人 -> 0; なし -> 0; ３名 -> 3."""
    value = fold(value or "")
    m = re.search(r"([0-9]+|[一二三四五六七八九十百]+)\s*(?:人|名)", value) or re.search(
        r"^\s*([0-9]+)\s*$", value
    )
    if m:
        return parse_number(m.group(1))
    if any(word in value for word in ("なし", "無し", "いない", "おりません", "ありません")):
        return 0
    return None


def body_from_title(title: str, lexicon: Lexicon) -> str | None:
    """The board or committee in a title: strip the year, 第N回 and 会議録-like endings.

    >>> from pipeline.lexicon import load_lexicon
    >>> body_from_title("令和元年度第2回四街道市情報公開・個人情報保護審査会会議録（会議概要）",
    ...                 load_lexicon())
    '四街道市情報公開・個人情報保護審査会'
    >>> body_from_title("2024年（令和6年）7月18日　くすのき町個人情報保護審議会　会議要旨",
    ...                 load_lexicon())
    'くすのき町個人情報保護審議会'
    >>> body_from_title("2024年度（令和6年度）第1回かえで市審議会（7月3日（水）開催）",
    ...                 load_lexicon())
    'かえで市審議会'
    >>> body_from_title("令和５年第２回みなと市議会定例会　総務常任委員会会議録", load_lexicon())
    'みなと市議会総務常任委員会'
    >>> body_from_title("令和５年１２月　総務常任委員会（第２日目）", load_lexicon())
    '総務常任委員会'
    >>> body_from_title("「情報公開・個人情報保護委員会」会議録(令和5年度第2回)", load_lexicon())
    '情報公開・個人情報保護委員会'
    """
    title = _PUBLISHED.sub("", title.rstrip())  # …会議録を公表: what the page does with it
    found = find_date(title)  # the meeting's date, wherever the title has it
    if found is not None:
        title = title[: found.start] + title[found.end :]
    body = compact(title)
    year = r"(?:(?:明治|大正|昭和|平成|令和)(?:元|\d+)|\d{4})年(?:度)?"
    body = re.sub(rf"^{year}(?:\({year}\))?(?:\d{{1,2}}月)?", "", body)  # 令和5年12月
    body = re.sub(r"^(?:第\d+回|\(?第\d+回\)?)", "", body)
    body = re.sub(r"^(?:定例|臨時)(?:会)?", "", body)
    body = re.sub(r"^開催(?:分|の)?", "", body)  # 令和6年3月29日開催分　あおば市…
    changed = True
    while changed and body:
        changed = False
        stripped = re.sub(r"[（(](?:[^（()）]|[（(][^（()）]*[）)])*[）)]$", "", body)
        if stripped != body:
            body, changed = stripped, True
        for suffix in lexicon.title_suffixes:
            if body.endswith(suffix) and len(body) > len(suffix):
                body, changed = body[: -len(suffix)], True
                break
        stripped = re.sub(r"(?:第\d+回)$", "", body).rstrip("・ 　-－")
        if stripped != body:
            body, changed = stripped, True
    # みなと市議会定例会総務常任委員会: the session a committee met in is not its name (a
    # plenary's body stays 緑川市議会定例会)
    body = re.sub(rf"(議会)(?:{year})?(?:第\d+回)?(?:定例|臨時)会(?=.)", r"\1", body)
    if body[:1] in "「『" and body[-1:] in "」』" and not re.search("[「『」』]", body[1:-1]):
        body = body[1:-1]  # 「情報公開・個人情報保護委員会」会議録: the name, quoted
    return body or None


_PUBLISHED = re.compile(
    r"(?<=録|旨|要)\s*(?:を|の)\s*(?:公表|公開|掲載)(?:します|しました|いたします)?$"
)


def municipality_of(text: str) -> str | None:
    """The leading place name of a body: 四街道市情報公開… -> 四街道市 (UniDic 地名 + 市区町村).

    >>> municipality_of("千葉県四街道市情報公開審査会"), municipality_of("町田市議会")
    ('千葉県四街道市', '町田市')
    >>> municipality_of("みずほ野県個人情報保護審議会"), municipality_of("都市計画審議会")
    ('みずほ野県', None)
    """
    words = list(tagger()(text[:40]))
    found, pos, i = None, 0, 0
    while i < len(words) - 1:
        w, nxt = words[i], words[i + 1]
        if w.feature.pos3 == "地名" and nxt.surface in (
            "都",
            "道",
            "府",
            "県",
            "市",
            "区",
            "町",
            "村",
        ):
            pos += len(w.surface) + len(nxt.surface)
            found = text[:pos]
            i += 2
            continue
        if found is None and w.feature.pos3 == "地名" and nxt.feature.pos3 == "地名":
            pos += len(w.surface)
            i += 1
            continue
        break
    if found is None:
        m = re.match(r"^(.{1,4}?[都道府県])?(.{1,5}?[市区町村])", text)
        found = m.group(0) if m and len(m.group(0)) <= 8 and _is_place(m.group(0)) else None
    if found is None and (m := _PREFECTURE.match(text)):
        found = m.group(0) if _is_place(m.group(0)) else None  # みずほ野県個人情報保護審議会
    return found


_PREFECTURE = re.compile(r"[^\s\d、。・（()）「」]{1,4}?[都道府県](?=\S{2})")


def _is_place(text: str) -> bool:
    """A place UniDic knows (北海道), or a name ending in 市, 県… as a word of its own
    (みずほ野県); not a word that ends like one (都市, 政府, 下水道)."""
    words = list(tagger()(text))
    if len(words) == 1:
        return words[0].feature.pos3 == "地名"
    return words[-1].surface in "都道府県市区町村" and words[-1].feature.pos1 == "名詞"


# A place name: an optional prefecture, then a city, ward, town or village (never a word that
# merely ends in one of them, such as 地区 or 都市: see _place_named).
_PLACE = (
    r"(?:[^\s\d０-９、。，,・（()）「」『』：:｜|/／<＜>＞]{1,4}?[都道府県])?"
    r"[^\s\d０-９、。，,・（()）「」『』：:｜|/／<＜>＞都道府県市区町村]{1,6}?[市区町村]"
)
_AFTER_BREAK = r"(?:^|(?<=[\s、，,：:（(｜|/／>＞\-－–—]))"
# In the header: a place whose office or assembly it names (みどり野市役所本館, つばき町議会).
_OFFICE_PLACE = re.compile(
    rf"{_AFTER_BREAK}(?P<place>{_PLACE})(?=役所|役場|議会|(?:本|総合|第.)?庁舎|職員会館)", re.M
)
# In a page's title or site header: the place standing alone or naming its site
# (みなと市議会 会議録検索システム, 会議録｜つばき市).
_SITE_PLACE = re.compile(
    rf"{_AFTER_BREAK}(?P<place>{_PLACE})"
    r"(?=議会|役所|役場|公式|ホームページ|$|[\s｜|/／<＜\-－–—])",
    re.M,
)


def _place_named(pattern: re.Pattern, text: str) -> str | None:
    """The first place ``pattern`` finds in ``text`` that is a place name, not one word
    of the dictionary that ends like one (地区, 都市, 市町村).

    >>> _place_named(_SITE_PLACE, "会議録詳細｜みなと市"), _place_named(_SITE_PLACE, "地区 一覧")
    ('みなと市', None)
    >>> _place_named(_OFFICE_PLACE, "場所 しらかわ町役場２階")
    'しらかわ町'
    """
    for m in pattern.finditer(text):
        place = m["place"]
        words = list(tagger()(place))
        if len(words) > 1 or words[0].feature.pos3 == "地名":
            return place
    return None


def parse_participants(f: Field, lexicon: Lexicon) -> list[Participant]:
    # A key that is a title as it stands (委員　小西 聡, 説明員：甲、乙) titles its people.
    state = (f.name, _key_title(f.key, lexicon))
    people: list[Participant] = []
    chunks = [(f.value, f.value_start)] + [(line.text, line.start) for line in f.lines]
    for chunk, base in chunks:
        cells = chunk.split()
        if cells and all(compact(cell) in lexicon.roster_columns for cell in cells):
            continue  # 役職　氏名　所属: the header row of a roster table
        if _BOARD.fullmatch(compact(chunk)):
            state = (state[0], None)
            continue  # 情報公開審査会 on a line of its own: its members follow
        parts, state = _roster_parts(chunk, state, lexicon)
        for part_section, key_title, pos, end in parts:
            # 上田、木下の各委員: a title said once for the list's people
            shared = _SHARED_TITLE.search(chunk, pos, end)
            if shared and is_title(shared["title"], lexicon) and shared.start() > pos:
                end, key_title = shared.start(), key_title or shared["title"]
            items = _columns(chunk[:end], pos, part_section, lexicon, key_title)
            unit = None  # the unit the part's entries so far were listed under
            for item, start in _split_and(items or _split_items(chunk[:end], pos), lexicon):
                leading = _leading_unit(item, lexicon)
                unit = leading or unit
                for person, offset, length in _roster_entry(item, part_section, lexicon):
                    _title_by_key(person, key_title, lexicon)
                    if people:
                        person.title = same_unit(person.title, people[-1].title)
                    if leading is None and unit is not None:
                        person.title = _post_in_unit(person.title, unit, lexicon)
                    person.char_start = base + start + offset
                    person.char_end = person.char_start + length
                    people.append(person)
    return people


def _leading_unit(item: str, lexicon: Lexicon) -> str | None:
    """The unit a roster entry opens with: ``総務課　小山課長``, ``（総務課）木村課長``."""
    cells = item.split()
    if len(cells) > 1 and lexicon.is_unit(cells[0]):
        return compact(cells[0])
    lead = _bracketed_unit(item, lexicon)
    return compact(lead["key"]) if lead else None


def _bracketed_unit(item: str, lexicon: Lexicon) -> re.Match | None:
    """A unit in brackets opening a roster entry: ``（総務課）木村課長``."""
    lead = _BRACKET_SUBKEY.match(item)
    return lead if lead and lexicon.is_unit(lead["key"]) else None


# Posts that name a unit of their own level (部長, 事務局長, 室長…): never another unit's.
_UNIT_LEVELS = re.compile(r"[局部課室所館]")


def _post_in_unit(title: str | None, unit: str, lexicon: Lexicon) -> str | None:
    """``主事`` after ``総務課　小山課長`` in one list: the same unit's 主事. Only a staff post
    with no unit in it below the unit's head: a second 課長 heads another unit, and 部長 is
    not the 課's.

    >>> from pipeline.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> _post_in_unit("主事", "総務課", lex), _post_in_unit("課長補佐", "総務課", lex)
    ('総務課主事', '総務課長補佐')
    >>> _post_in_unit("課長", "総務課", lex), _post_in_unit("部長", "総務課", lex)
    ('課長', '部長')
    >>> _post_in_unit("委員", "総務課", lex), _post_in_unit("情報課主査", "総務課", lex)
    ('委員', '情報課主査')
    """
    if not title or lexicon.title_suffix(title) != title or title == unit[-1] + "長":
        return title
    if lexicon.role_of_title(title) not in ("agency", "secretariat"):
        return title
    below_head = title.startswith(unit[-1] + "長")  # 課長補佐 in a 課
    return unit_title(unit, title) if below_head or not _UNIT_LEVELS.search(title) else title


_SAME_UNIT = re.compile(r"^同(?P<unit>[課部室係局班])")


def same_unit(title: str | None, before: str | None) -> str | None:
    """``同課主査`` after ``情報推進課長``: the unit the entry before names, said again.

    >>> same_unit("同課主査", "情報推進課長"), same_unit("同係長", "総務課文書係主任")
    ('情報推進課主査', '総務課文書係長')
    >>> same_unit("同課主査", "会長"), same_unit("主査", "情報推進課長")
    ('同課主査', '主査')
    """
    m = _SAME_UNIT.match(title or "")
    if not m or not before or m["unit"] not in before:
        return title
    return before[: before.rindex(m["unit"]) + 1] + title[m.end() :]


def _key_title(key: str, lexicon: Lexicon) -> str | None:
    """The title a roster key gives its people when it is a title as it stands: 委員,
    委員長, 説明員 (not 事務局, a group, nor 出席者)."""
    lead = _LEAD.match(key)
    key = compact(key[lead.end() :] if lead else key)
    title = lexicon.title_suffix(key)
    if title and title != key and _BOARD.fullmatch(key[: -len(title)]):
        key = title  # 審議会委員: the body's members
    return key if key and is_title(key, lexicon) and key not in lexicon.groups else None


# A board's name: alone on a roster line, heading its members' names (情報公開審査会), or
# before the title a roster key gives them (審議会委員, 審査会委員, 委員会委員).
_BOARD = re.compile(
    r"[^\s、，,・（()）]{0,20}"
    r"(?:審査会|審議会|委員会|協議会|部会|懇話会|懇談会|調査会|検討会|分科会|会議)"
)


def _title_by_key(person: Participant, key_title: str | None, lexicon: Lexicon) -> None:
    """Title ``person`` by the key they are listed under. A presiding post or 委員 wins over
    a post of their own, which becomes a note (委員：中川総務部長 is a member, 総務部長)."""
    if not key_title:
        return
    if not person.name and person.title and bare_surname(person.title, lexicon):
        person.name = person.family_name = person.title  # 委員：森川会長、青田: 青田 is a name
        person.title = None
    if not person.name:
        return
    key_role = lexicon.role_of_title(key_title)
    own_role = lexicon.role_of_title(person.title)
    if person.title is None:
        person.title = key_title
    elif key_role in (*_PRESIDING, "member") and own_role not in (*_PRESIDING, "member"):
        person.note = "；".join(filter(None, [person.title, person.note]))
        person.title = key_title
    else:
        return
    if person.section not in _SECTION_ROLE and key_role:
        person.role = key_role


# 市民課（課長　石田、主査　森）: a unit, then who came from it in brackets, post and name each;
# 事務局（森部長、村井課長）３名: and how many they were
_UNIT_MEMBERS = re.compile(
    rf"(?P<unit>[^（()）]+?)[（(](?P<members>[^（()）]+)[）)](?:{_SP}*{_HEADCOUNT})?"
)
# （上田・木下各委員）５名 (50音順): who came, in brackets, then how many, and maybe a note
_COUNTED_LIST = re.compile(
    rf"[（(](?P<members>[^（()）]+)[）)]{_SP}*{_HEADCOUNT}{_SP}*(?:[（(][^（()）]*[）)])?"
)
# What sets listed people apart: 上田・木下, 上田、木下
_SEPARATORS = "・･、，,"
_NAME_SEPARATORS = re.compile(f"[{_SEPARATORS}]")
_NAME_PART = re.compile(f"[^{_SEPARATORS}]+")
# People in brackets right after a roster key: 事務局（森部長、村井課長）, 委員 (上田・木下各委員);
# not an aside before a colon (出席者（委員・事務局）：…)
_LIST_AFTER_KEY = re.compile(
    rf"{_SP}*(?=[（(][^（()）]*[{_SEPARATORS}][^（()）]*[）)](?!{_SP}*[：:]))"
)
# The title a list's people share, said once after it: 上田・木下各委員, 上田、木下の各委員
_SHARED_TITLE = re.compile(rf"{_SP}*の?{_SP}*各{_SP}*(?P<title>[^\s、，,・（()）]{{1,6}}){_SP}*$")
_LIST_HINT = re.compile(r"[・･（(各]")
_KANJI = re.compile(r"[\u3400-\u9fff\u3005]")


def _roster_entry(item: str, section: str, lexicon: Lexicon) -> list[tuple[Participant, int, int]]:
    """The people of one roster entry, each with its span (offset, length) in ``item``: one
    person, or the people of a unit listed with them in brackets (:func:`_unit_members`)."""
    members = _unit_members(item, section, lexicon) or _listed_people(item, section, lexicon)
    if members:
        return members
    person = parse_person(item, section, lexicon)
    return [] if person is None else [(person, 0, len(item))]


def _listed_people(item: str, section: str, lexicon: Lexicon) -> list[tuple[Participant, int, int]]:
    """Several people in one roster entry: names set apart by ``・`` (上田・木下・斎藤, 上田委員・
    木下委員), maybe sharing a title said once after them (各委員), maybe all in brackets before
    how many they were (（上田・木下各委員）２名). Empty unless every part is a person's name:
    ジョン・スミス is one name (no kanji in its parts), 情報・政策課 no name at all.

    >>> from pipeline.lexicon import load_lexicon
    >>> people = _listed_people("（上田・木下各委員）２名 (50音順)", "attendees", load_lexicon())
    >>> [(p.name, p.title, start, length) for p, start, length in people]
    [('上田', '委員', 1, 2), ('木下', '委員', 4, 2)]
    """
    if not _LIST_HINT.search(item):
        return []  # most entries: one person, no ・, bracket or 各
    counted = _COUNTED_LIST.fullmatch(item)
    base, members = (counted.start("members"), counted["members"]) if counted else (0, item)
    shared = _SHARED_TITLE.search(members)
    title = shared["title"] if shared and is_title(shared["title"], lexicon) else None
    if shared and (title or shared["title"] == "氏"):  # 各氏: each of them, no title
        members = members[: shared.start()]
    parts = [(m.start(), m.group()) for m in _NAME_PART.finditer(members)]
    if not (counted or title or len(parts) > 1):
        return []
    people = []
    for start, raw in parts:
        text = raw.strip(SPACE_CHARS)
        if not _KANJI.search(text) or len(compact(text)) > 12:
            return []
        person = parse_person(text, section, lexicon)
        if person is None or person.name is None:
            return []
        if person.title is None and title:
            person.title = title
            if section not in _SECTION_ROLE:
                person.role = lexicon.role_of_title(title) or person.role
        offset = base + start + len(raw) - len(raw.lstrip(SPACE_CHARS))
        people.append((person, offset, len(text)))
    return people


def _unit_members(item: str, section: str, lexicon: Lexicon) -> list[tuple[Participant, int, int]]:
    """``市民課（課長　石田、主査　森）``: a unit (or a group such as 事務局) and, in brackets,
    each post and name; each person is titled by the post in that unit. Or how many came,
    then who, in brackets (``委員３名（熊谷会長、小野、白石）``, ``３名（…）``): each keeps a post
    of their own, else has the one counted. Empty unless every bracketed part is a person
    (with a post, in a unit: 事務局（説明のため出席） is a note).

    >>> from pipeline.lexicon import load_lexicon
    >>> people = _unit_members("委員３名（熊谷会長、小野）", "attendees", load_lexicon())
    >>> [(p.name, p.title, p.role, start, length) for p, start, length in people]
    [('熊谷', '会長', 'chair', 5, 4), ('小野', '委員', 'member', 10, 2)]
    """
    m = _UNIT_MEMBERS.fullmatch(item)
    unit = compact(m["unit"]) if m else ""
    counted = _COUNT.match(unit)  # 委員３名, ３名: how many came, as what
    joined = lexicon.is_unit(unit)  # a group (事務局) keeps only a post of its own
    if counted:
        title = counted["org"] if is_title(counted["org"], lexicon) else None
        if counted["org"] and title is None:
            return []  # 株式会社ディー1人（…）: a firm's people, counted
    elif not unit or not (joined or unit in lexicon.groups):
        return []
    members = []
    for part in re.finditer(r"[^、，,]+", m["members"]):
        raw = part.group()
        text = raw.strip(SPACE_CHARS)
        person = parse_person(text, section, lexicon)
        if person is None or person.name is None or (person.title is None and not counted):
            return []
        if not counted:
            person.title = unit_title(unit, person.title, joined=joined)
        elif person.title is None:
            person.title = title
        if section not in _SECTION_ROLE or counted:
            person.role = lexicon.role_of_title(person.title) or person.role
        if unit in lexicon.groups and not counted:  # 事務局（森部長）: the secretariat's 部長
            person.role = lexicon.role_of_title(unit) or person.role
        offset = m.start("members") + part.start() + len(raw) - len(raw.lstrip(SPACE_CHARS))
        members.append((person, offset, len(text)))
    return members


_ROSTER_SECTIONS = ("attendees", "absent", "secretariat", "agency", "guest")
# A section key in brackets opening a roster line: 「（委員）甲、乙」, 「【事務局】丙」.
_BRACKET_SUBKEY = re.compile(
    rf"{_SP}*[（(【［〔<＜]{_SP}*(?P<key>[^\s（()）【】［］〔〕<>＜＞]{{1,14}}){_SP}*[）)】］〕>＞]{_SP}*"
)
# A section key further on in a roster line, after white space or a separator:
# 「委員：甲、乙　事務局：丙」, 「委員：甲、乙／事務局：丙」; or, a roster section only, set
# apart by spaces alone: 「委員　甲、乙　事務局　総務課　丙」 (the spaces are left to the part;
# after a comma, 「、委員　丙」 is an entry).
_LATER_SUBKEY = re.compile(
    rf"(?:{_SP}*[／/；;、，,]{_SP}*|{_SP}+)(?P<key>[^\s：:、，,。（()）／/；;]{{1,14}}?)"
    rf"(?:{_SP}*[：:]{_SP}*|(?P<spaced>(?={_SP}+\S)))"
)
# The same, opening the line: 「委員　甲、乙」.
_SPACED_SUBKEY = re.compile(rf"(?P<key>[^\s：:、，,。（()）／/；;]{{1,14}}?)(?={_SP}+\S)")


def _roster_parts(
    content: str, state: tuple[str, str | None], lexicon: Lexicon
) -> tuple[list[tuple[str, str | None, int, int]], tuple[str, str | None]]:
    """``(section, key_title, start, end)`` of each part of a roster line, and the section and
    title the next line continues: a line may open with a key and hold further ones. A key
    is a roster section (委員：, （事務局）) or a title (委員長：石原副市長)."""

    def state_of(key: str, section_only: bool = False) -> tuple[str, str | None] | None:
        if _NAME_SEPARATORS.search(key):
            return None  # 上田・木下各委員: people, not a key
        title = _key_title(key, lexicon)
        # 審議会委員: a section as its title alone (委員) would be
        found = match_key(key + "：", lexicon) or (title and match_key(title + "：", lexicon))
        if found and found[0] in _ROSTER_SECTIONS:
            return found[0], title
        return (state[0], title) if title and not section_only else None

    pos = 0
    sub = _SUBKEY.match(content) or _BRACKET_SUBKEY.match(content)
    if sub and _NAME_SEPARATORS.search(sub["key"]):
        sub = None  # （上田・木下各委員）２名: people in brackets, not a key nor a unit
    spaced = None if sub else _SPACED_SUBKEY.match(content)
    if sub and (opened := state_of(sub["key"])):
        state, pos = opened, sub.end()
    elif spaced and (opened := state_of(spaced["key"], section_only=True)):
        state, pos = opened, spaced.end()
    elif sub and sub.re is _BRACKET_SUBKEY and lexicon.is_unit(sub["key"]):
        state = (state[0], None)  # （総務課）木村課長: untitled by the key before; the unit
        # stays in the entry, whose post it joins
    elif sub and sub.re is _BRACKET_SUBKEY and _names_a_side(sub["key"], lexicon):
        state, pos = (state[0], None), sub.end()  # （町）: the town's people
    elif sub and sub.re is _BRACKET_SUBKEY and (title := lexicon.title_suffix(sub["key"])):
        state, pos = (state[0], title), sub.end()  # 【担当委員】: members, each titled 委員
    if turnout := _LEADING_TURNOUT.match(content, pos):
        pos = turnout.end()  # 定数７名中６名　山田会長、…: the count says nobody's name
    parts = []
    for m in _LATER_SUBKEY.finditer(content, pos):
        if m["spaced"] is not None and content[m.start() : m.start("key")].strip(SPACE_CHARS):
            continue  # 、委員　岩田　恵: after a comma, a post and a name of the list
        opened = state_of(m["key"], section_only=m["spaced"] is not None)
        if opened is not None:
            parts.append((*state, pos, m.start()))
            state, pos = opened, m.end()
    parts.append((*state, pos, len(content)))
    return parts, state


def _names_a_side(key: str, lexicon: Lexicon) -> bool:
    """（町）, （市）, （教育委員会事務局）: a bracket opening a roster line with who the
    people after it work for, though it is no section key nor a unit."""
    key = compact(key)
    return lexicon.title_suffix(key) in lexicon.groups or key[-1:] in "市区町村都道府県国"


# A seat number starting a roster entry: 「１番　青山　正人」, 「12 番　黒田浩二」
_SEAT = re.compile(rf"(?:^|(?<=[{SPACE_CHARS}：:]))[0-9０-９]{{1,3}}[{SPACE_CHARS}]*番")


_WHITE_RUN = re.compile(r"[ \t\u3000]+")


def _columns(
    content: str, pos: int, section: str, lexicon: Lexicon, key_title: str | None = None
) -> list | None:
    """A roster laid out in columns, several people a line with a wide gap between them
    (「会　長　山田　太郎　　　副会長　鈴木　花子」), as ``(item, start)`` for each; None
    unless there are several and each is a person: a post and a name (the first may have its
    post from the key before it, ``key_title``: 「委　員　田中　一郎　　　委　員　佐藤　次郎」),
    or a surname and a given name under a key that says who they are (「田中　一郎　　佐藤　次郎」).

    A gap is white space at least two full-width spaces wide. A cell joins the one before
    while that is no person yet (「会　長」 then 「山田　太郎」), or when it neither starts with
    a title nor is a person on its own (「会長　山田 太郎」 then 「なぎさ大学教授」).
    """
    if re.search(r"[、，,]", content[pos:]) or _assembly_ends(content, pos):
        return None  # a list, or an assembly's members split by 君 or seat number
    cells = column_spans(content, pos, lexicon)
    if len(cells) < 2:
        return _named_cells(content, pos, section, lexicon)
    for begin, end in cells:
        letters = content[begin:end].split()
        spread = len(letters) > 1 and max(map(len, letters)) == 1
        if spread and not is_title("".join(letters), lexicon):
            return None  # 東　山　　二　郎　君: a name spread letter by letter, not columns
    memo: dict[str, Participant | None] = {}  # each cell and joined cell parsed once

    def parsed(text: str) -> Participant | None:
        if text not in memo:
            memo[text] = parse_person(text, section, lexicon)
        return memo[text]

    entries: list[list[int]] = []
    for begin, end in cells:
        previous = content[entries[-1][0] : entries[-1][1]] if entries else ""
        if entries and _joins(parsed(previous), content[begin:end], parsed, lexicon):
            entries[-1][1] = end
        else:
            entries.append([begin, end])
    items = [(content[b:e], b) for b, e in entries]
    if len(items) < 2 or not all(
        _is_person(parsed(item), key_title if i == 0 else None) for i, (item, _) in enumerate(items)
    ):
        return None
    return items


def column_spans(content: str, pos: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """The spans of a roster line's columns from ``pos`` on: white space at least two
    full-width spaces wide (a tab counts as two) sets them apart, not the gaps inside a title
    spread over its column (委　　員). One span when there is no such gap.

    >>> from pipeline.lexicon import load_lexicon
    >>> line = "委　　員　佐藤　次郎　　　委　　員　鈴木　三郎"
    >>> [line[a:b] for a, b in column_spans(line, 0, load_lexicon())]
    ['委　　員　佐藤　次郎', '委　　員　鈴木　三郎']
    """
    start = len(content) - len(content[pos:].lstrip(SPACE_CHARS))  # past the indent
    titles = _spread_titles(content, start, lexicon)
    cells = []
    for gap in _WHITE_RUN.finditer(content, start):
        width = sum(2 if ch == "\u3000" else 4 if ch == "\t" else 1 for ch in gap.group())
        inside = any(a < gap.start() < b for a, b in titles)  # 委　　員: one word spread out
        if width >= 4 and gap.start() > start and not inside:
            cells.append((start, gap.start()))
            start = gap.end()
    end = len(content.rstrip(SPACE_CHARS))
    if start < end:
        cells.append((start, end))
    return cells


# Single characters set apart by white space: a word spread out to fill a column (委　　員).
_SPREAD = re.compile(r"(?<!\S)\S(?:[ \t\u3000]+\S)+(?!\S)")


def _spread_titles(content: str, pos: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans of titles spread out a character at a time (``委　　員``, ``委 員 長``) in a roster
    line, so that the gaps inside them do not split it into columns.

    >>> from pipeline.lexicon import load_lexicon
    >>> line = "委　　員　佐藤　次郎　　　委　　員　鈴木　三郎"
    >>> [line[a:b] for a, b in _spread_titles(line, 0, load_lexicon())]
    ['委　　員', '委　　員']
    """
    spans = []
    for m in _SPREAD.finditer(content, pos):
        letters = list(re.finditer(r"\S", m.group()))
        n = spread_title_length([x.group() for x in letters], lexicon)
        if n:
            spans.append((m.start(), m.start() + letters[n - 1].end()))
    return spans


def _named_cells(content: str, pos: int, section: str, lexicon: Lexicon) -> list | None:
    """People a line set apart by single spaces, each a name and a title of its own
    (「長谷川会長　小島委員　岡田委員」), as ``(item, start)`` for each; None unless every cell
    is one (「会長　山田　太郎」 is one person).

    >>> from pipeline.lexicon import load_lexicon
    >>> _named_cells("長谷川会長　小島委員", 0, "attendees", load_lexicon())
    [('長谷川会長', 0), ('小島委員', 6)]
    >>> _named_cells("会長　山田　太郎", 0, "attendees", load_lexicon()) is None
    True
    """
    cells = [(m.group(), m.start()) for m in re.finditer(r"\S+", content[pos:])]
    if len(cells) < 2:
        return None
    for cell, _ in cells:
        person = parse_person(cell, section, lexicon)
        if person is None or not person.name or not person.title:
            return None
        if lexicon.title_suffix(cell) is None:
            return None  # 山田太郎（会長）: a title in brackets, read by the list's own rules
    return [(cell, pos + start) for cell, start in cells]


def _joins(before: Participant | None, cell: str, parsed, lexicon: Lexicon) -> bool:
    """Whether a roster column ``cell`` belongs to the person ``before`` it (``parsed``
    reads a cell as a roster entry)."""
    if before is None or not before.name:
        return True  # 会　長 | 山田　太郎: no person yet
    if _starts_with_title(cell, lexicon):
        return False  # 会長　山田　太郎 | 副会長　鈴木　花子
    person = parsed(cell)
    if person is None or not person.name:
        return True  # 長尾 智子 | なぎさ大学教授: an affiliation
    if person.title:
        return False  # 山田　太郎（会長） | 鈴木　花子（副会長）
    # A full name alone (田中　一郎 | 佐藤　次郎) is the next person, unless what came before
    # has no full name of its own: 議事係長 (read as 議事 + 係長) | 小池　涼君
    return " " not in person.name or " " not in before.name


def _starts_with_title(cell: str, lexicon: Lexicon) -> bool:
    """``会　長　山田``, ``総務課長　伊藤``: a title comes first, its ending two characters
    or more (not 君, which ends a name: 小池　涼君)."""
    key = compact(cell)
    return any(
        len(lexicon.title_suffix(key[:n]) or "") >= 2 for n in range(2, min(len(key), 12) + 1)
    )


def _is_person(person: Participant | None, title: str | None = None) -> bool:
    """Whether a roster cell read as ``person`` is one: a name and a title (or ``title``
    given), or a full name (田中 一郎) alone."""
    if person is None or not person.name:
        return False
    return bool(person.title or title) or " " in person.name


def _assembly_ends(content: str, pos: int) -> list[int]:
    """Where each entry of an assembly's list ends, several members a line: 「１番　大　森　太
    郎　君　　２番　北　川　花　子　君」, one entry per 君, or 「１番　青山　正人　　２番　赤井
    里美」, one per seat number. Empty for any other line."""
    if re.search(r"[、，,]", content):
        return []
    if content.count("君") > 1:
        return [m.end() for m in re.finditer("君", content)]
    seats = [m.start() for m in _SEAT.finditer(content, pos)]
    return [*seats[1:], len(content)] if len(seats) > 1 else []


def _split_and(items: Iterable[tuple[str, int]], lexicon: Lexicon) -> Iterator[tuple[str, int]]:
    """Roster entries with the last one joined by 及び (藤川委員及び守口委員) cut in two:
    where a person is named on either side, not inside a unit's name (公開及び保護課) nor
    between offices (審査会会長及び委員4人)."""
    for item, start in items:
        for m in _AND.finditer(item):
            left = item[: m.start()].rstrip(SPACE_CHARS)
            right = item[m.end() :].lstrip(SPACE_CHARS)
            if (
                right
                and lexicon.title_suffix(left)
                and _named(left, lexicon)
                and _named(right, lexicon)
            ):
                yield left, start
                yield right, start + len(item) - len(right)
                break
        else:
            yield item, start


_AND = re.compile(r"及び|および|並びに|ならびに")


def _named(entry: str, lexicon: Lexicon) -> bool:
    return split_name_title(entry, lexicon, expect_name=True).name is not None


def _split_items(content: str, pos: int):
    ends = _assembly_ends(content, pos)
    if ends:
        start = pos
        for end in ends:
            raw = content[start:end]
            item = raw.strip(SPACE_CHARS)
            if item:
                yield item, start + (len(raw) - len(raw.lstrip(SPACE_CHARS)))
            start = end
        return
    depth, start = 0, pos
    for i in range(pos, len(content) + 1):
        ch = content[i] if i < len(content) else "、"
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif ch in "、，," and depth == 0:
            raw = content[start:i]
            item = raw.strip(SPACE_CHARS)
            if item:
                yield item, start + (len(raw) - len(raw.lstrip(SPACE_CHARS)))
            start = i + 1


_SECTION_ROLE = {"secretariat": "secretariat", "agency": "agency", "guest": "guest"}
_PRESIDING = ("chair", "vice_chair")


def _split_affiliation(core: str, lexicon: Lexicon) -> tuple[str, str | None]:
    """A roster table's row, its cells spaced on one line, may end with the person's
    affiliation: 「会長　長尾 智子　なぎさ大学教授」 -> 「会長　長尾 智子」 and 「なぎさ大学教授」,
    read as if it were in brackets. Only when the cells before it end with a name. An entry
    may begin with it instead, before a post and a name.

    >>> from pipeline.lexicon import load_lexicon
    >>> _split_affiliation("会長　長尾 智子　なぎさ大学教授", load_lexicon())
    ('会長　長尾 智子', 'なぎさ大学教授')
    >>> _split_affiliation("株式会社みなとシステム　営業部長　石井　誠", load_lexicon())
    ('営業部長　石井　誠', '株式会社みなとシステム')
    >>> _split_affiliation("みどり自治会　会長　山田太郎", load_lexicon())[1] is None
    True
    >>> _split_affiliation("総務課　長谷川　主査", load_lexicon())
    ('総務課　長谷川　主査', None)
    >>> _split_affiliation("委員　岩田　恵", load_lexicon())
    ('委員　岩田　恵', None)
    """
    cells = core.split()
    if len(cells) >= 3 and _affiliation_first(cells, lexicon):
        return core[core.index(cells[1]) :], cells[0]
    last = cells[-1] if len(cells) >= 3 else ""
    if not last or lexicon.title_suffix(last) or names_only(last):
        return core, None
    # The cells before the last must end with a name (after a title or not) that the last
    # does not complete: 田 中   実 and 委員　岩田　恵 are names spaced out, nothing after.
    if any(names_only("".join(cells[first:])) for first in (0, 1)):
        return core, None
    if not any(names_only("".join(cells[first:-1])) for first in (0, 1)):
        return core, None
    return core[: core.rindex(last)].rstrip(SPACE_CHARS), last


def _affiliation_first(cells: list[str], lexicon: Lexicon) -> bool:
    """``株式会社みなとシステム　営業部長　石井　誠``: an organisation that is neither a post,
    a unit (企画課　主査　森: the unit joins the post) nor a name, then a post, then a name.

    Not when the post presides: in ``みどり自治会　会長　山田太郎`` it is the association's
    chair, and taken as the meeting's it would give the roster a second chair.
    """
    first, post = cells[0], cells[1]
    if lexicon.title_suffix(first) or lexicon.is_unit(first) or names_only(first):
        return False
    if not lexicon.title_suffix(post) or lexicon.role_of_title(post) in _PRESIDING:
        return False
    return names_only("".join(cells[2:]))


def parse_person(item: str, section: str, lexicon: Lexicon) -> Participant | None:
    """One roster entry: ``岩井総務課長``, ``田 中   実（弁護士）``, ``株式会社ディー1人（…）``."""
    core, parens = strip_trailing_parens(item)
    lead = _bracketed_unit(core, lexicon)  # （総務課）木村課長: the unit joins the post
    unit = compact(lead["key"]) if lead else None
    if lead:
        core = core[lead.end() :]
    if compact(core) in _NONE or not compact(core):
        return None
    if _TURNOUT_ALONE.fullmatch(core):
        return None
    present = section != "absent"
    if said := _ABSENCE_SAID.fullmatch(core):  # 西谷剛委員は所用により欠席
        core, present = said["who"], False
        if said["why"]:
            parens = [said["why"], *parens]
    core, affiliation = _split_affiliation(core, lexicon)
    parens = [affiliation, *parens] if affiliation else parens
    notes, extra = [], []
    for p in parens:
        key = compact(p)
        headcount = _COUNT.fullmatch(fold(key))
        if headcount and headcount["org"] in _HEADCOUNT_WORDS:
            continue  # 東山三郎（3名）, 西田（以上５名）: how many the list holds, not of this one
        if key in lexicon.absent or key in lexicon.attended:  # an attendance column: 欠席
            present = present and key not in lexicon.absent
        else:
            # （代理出席） is a note, （職務代理者） a post
            noted = any(w in p for w in _NOTE_WORDS) and not is_title(key, lexicon)
            (notes if noted else extra).append(p)
    count = group_role = None
    m = _COUNT.match(fold(core))
    if m:
        count = parse_number(m["n"])
        name, title, family = None, (m["org"].strip() or None), None
    else:
        split = split_name_title(core, lexicon)
        name, title, family = split.name, split.title, split.family_name
        if split.other_post and title in lexicon.groups:
            # 事務局　情報政策課長　岡部: the group says who they are, the post is their own
            group_role = lexicon.role_of_title(title)
            title = unit_title(title, split.other_post, joined=False)
        elif split.other_post:  # 委員長　松岡副市長: listed as 委員長, 副市長 besides
            notes.insert(0, split.other_post)
    if unit:
        title = unit_title(unit, title) if title else unit
    if extra:
        if title is None:
            title = "、".join(extra)
        else:
            notes = extra + notes
    title_role = group_role or lexicon.role_of_title(title)
    # Ａ委員（会長）: the post in brackets says more than the title before it
    posts = [r for p in extra if (r := lexicon.role_of_title(p)) in _PRESIDING]
    if posts and title_role in (None, "member"):
        title_role = posts[0]
    if section in _SECTION_ROLE:
        role = _SECTION_ROLE[section]
        if section == "agency" and title_role == "secretariat":
            role = "secretariat"
    else:
        role = title_role or "member"
    return Participant(
        name=name,
        title=title,
        role=role,
        present=present,
        note="；".join(notes) or None,
        section=section,
        family_name=family,
        count=count,
    )


# Agenda numbering styles: each pattern's group 1 is the number or mark.
_NUMBERING = [
    ("paren", re.compile(rf"[(（]{_SP}*({_NUM}){_SP}*[)）]{_SP}*")),
    ("paren", re.compile(rf"([⑴-⒇]){_SP}*")),
    ("circled", re.compile(rf"([①-⑳]){_SP}*")),
    ("dai", re.compile(rf"第{_SP}*({_NUM})(?:[.．、]|{_SP})+")),
    ("num", re.compile(rf"([0-9０-９]+)(?:[.．、)）]|{_SP})+")),
    ("kanji", re.compile(rf"([一二三四五六七八九十]+)(?:[.．、]|{_SP})+")),
    ("kata", re.compile(rf"([アイウエオカキクケコサシスセソタチツテト])(?:[.．、)）]|{_SP})+")),
    ("roman", re.compile(rf"([ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])(?:[.．、]|{_SP})*")),
]
_BULLET = re.compile(rf"(?:[-*+・]{_SP}+|[○◯〇●■□◆◇]{_SP}*)")


def _mark(style: str, raw: str) -> str:
    value = fold(raw)
    if style == "paren":
        n = parse_number(value) if value[0] not in "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽" else "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽".index(raw) + 1
        return f"({n})"
    if style in ("num",):
        return str(int(value))
    if style == "dai":
        return f"第{parse_number(value)}"
    return raw


def parse_agenda(f: Field) -> list[AgendaItem]:
    """Agenda items with hierarchical numbers: ``2`` then ``(1)`` gives ``2(1)``."""
    chunks = []
    if f.value.strip():
        chunks.append((f.value, f.value_start))
    chunks += [(line.text, line.start) for line in f.lines]
    items: list[AgendaItem] = []
    stack: list[tuple[str, str]] = []  # (style, mark) per level
    for chunk, base in chunks:
        content = chunk.strip(SPACE_CHARS)
        if not content or _ASIDE_FIELD.match(content):
            continue  # ［担当課：法務室］: who is in charge of the item, not an item
        offset = base + chunk.index(content[0])
        bullet = _BULLET.match(content)
        pos = bullet.end() if bullet else 0
        for style, pattern in _NUMBERING:
            m = pattern.match(content, pos)
            if m:
                styles = [s for s, _ in stack]
                if style in styles:
                    del stack[styles.index(style) :]
                stack.append((style, _mark(style, m.group(1))))
                title = content[m.end() :].strip(SPACE_CHARS)
                items.append(
                    AgendaItem(
                        "".join(mk for _, mk in stack),
                        title,
                        len(stack),
                        offset,
                        offset + len(content),
                    )
                )
                break
        else:
            title = content[pos:].strip(SPACE_CHARS)
            if title:
                items.append(
                    AgendaItem(None, title, max(1, len(stack)), offset, offset + len(content))
                )
    return items
