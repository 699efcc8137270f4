"""Split a person entry or a speaker label into name and title.

``岩井総務課長`` -> (岩井, 総務課長); ``田 中   実（弁護士）`` -> (田中 実, 弁護士);
``委員長（山田太郎君）`` -> (山田太郎, 委員長). UniDic's 人名 tags find names; a title lexicon
(:mod:`pipeline.lexicon`) finds where the title starts when UniDic does not know the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon, is_designation
from ..textutil import compact, fold
from ..unidic import is_person_name, is_place_name, tagger

_HONORIFIC = re.compile(r"(君|さん|氏|様)$")
_PAREN_NAME = re.compile(r"^(?P<title>[^（(]+?)\s*[（(]\s*(?P<name>[^）)]+?)\s*[）)]$")
_LOST_BRACKET = re.compile(r"^(?P<body>[^（()）]{3,24}?(?:君|さん|氏)?)\s*[）)]$")
_TRAILING_PARENS = re.compile(r"[（(]([^（()）]*(?:[（(][^（()）]*[）)][^（()）]*)*)[）)]\s*$")
# ジョン・スミス: a name from another language, its parts joined by a middle dot or ＝.
_DOTTED_NAME = re.compile(r"[ァ-ヴー]+(?:[・＝=][ァ-ヴー]+)+")
_NAME_CHARS = re.compile(r"^[\u3400-\u9fff\u3005\u3041-\u309f\u30a0-\u30ffA-Za-z]+$")


@dataclass(frozen=True)
class NameTitle:
    name: str | None
    title: str | None
    family_name: str | None = None
    # 委員長　松岡副市長: the post the person holds besides the title they are listed under
    other_post: str | None = None


def strip_trailing_parens(text: str) -> tuple[str, list[str]]:
    """Trailing bracketed notes, nested ones included.

    >>> strip_trailing_parens("安永係長（2議事（1）のみ出席）")
    ('安永係長', ['2議事（1）のみ出席'])
    """
    notes = []
    while True:
        m = _TRAILING_PARENS.search(text)
        if not m or m.start() == 0:
            return text.strip(), notes[::-1]
        notes.append(m.group(1).strip())
        text = text[: m.start()].rstrip()


def display_name(raw: str) -> str:
    """Justified names lose their padding; the widest gap between the parts stays one space.

    >>> display_name("田 中   実"), display_name("大　森　　太　郎"), display_name("田中 実")
    ('田中 実', '大森 太郎', '田中 実')
    """
    raw = _HONORIFIC.sub("", raw.strip()).strip()
    parts = re.split(r"([ \t\u3000]+)", raw)
    words, gaps = parts[::2], [len(g.replace("\u3000", "  ")) for g in parts[1::2]]
    if len(words) <= 1:
        return raw
    if max(len(w) for w in words) > 1:
        return " ".join(words)  # already words: 田中 実
    if len(set(gaps)) == 1 and len(words) > 2:
        return "".join(words)  # evenly spaced letters: no gap to read

    widest = max(gaps)
    out = words[0]
    for gap, word in zip(gaps, words[1:], strict=True):
        out += (" " if gap == widest else "") + word
    return out


def split_name_title(text: str, lexicon: Lexicon, *, expect_name: bool = True) -> NameTitle:
    """Split ``text`` (no brackets) into a leading name and a trailing title.

    ``expect_name`` is True for roster entries, where a leading common noun is still a
    surname (大手課長補佐), and False for speaker labels, where it is an office (総務部長).

    >>> from pipeline.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> split_name_title("岩井総務課長", lex)
    NameTitle(name='岩井', title='総務課長', family_name='岩井', other_post=None)
    >>> split_name_title("古東窓口サービス課長補佐", lex).name
    '古東'
    >>> split_name_title("総務部長", lex, expect_name=False)
    NameTitle(name=None, title='総務部長', family_name=None, other_post=None)
    >>> split_name_title("情報政策課長", lex)
    NameTitle(name=None, title='情報政策課長', family_name=None, other_post=None)
    >>> split_name_title("事務局", lex)
    NameTitle(name=None, title='事務局', family_name=None, other_post=None)
    >>> split_name_title("企画課　長谷川主査", lex)
    NameTitle(name='長谷川', title='企画課主査', family_name='長谷川', other_post=None)
    >>> split_name_title("千葉　学", lex)
    NameTitle(name='千葉 学', title=None, family_name='千葉', other_post=None)
    >>> split_name_title("青木一郎君", lex)
    NameTitle(name='青木一郎', title=None, family_name='青木', other_post=None)
    >>> split_name_title("委員長　松岡副市長", lex)
    NameTitle(name='松岡', title='委員長', family_name='松岡', other_post='副市長')
    >>> split_name_title("事務局　情報政策課長　岡部", lex).other_post
    '情報政策課長'
    """
    spaced = text.strip()
    if expect_name:  # 青木一郎君 in a roster: 君 is courtesy, not a post
        spaced = _HONORIFIC.sub("", spaced).rstrip() or spaced
    compacted = re.sub(r"\s+", "", spaced)
    if not compacted:
        return NameTitle(None, None)
    # Title first, separated by a space: 委員長 山田太郎, also when justified (会　長　北村　和彦)
    spaced = _joined_spaced_title(spaced, lexicon)
    head, rest = _at_first_space(spaced)
    if rest and is_designation(rest) and is_title(head, lexicon):
        return NameTitle(None, compacted)  # 委員　Ａ, 委 員 A: a letter standing for a name
    if rest and lexicon.title_suffix(head) and not _starts_with_name(head):
        inner = split_name_title(rest, lexicon) if expect_name else None
        if inner and inner.name and inner.title:  # 委員長　松岡副市長, 事務局　情報政策課長　岡部
            return NameTitle(inner.name, head, inner.family_name, inner.title)
        name = display_name(rest)
        return NameTitle(name, head, _family(name))
    # A unit first: 企画課 長谷川, 企画課 長谷川主査 (the unit joins the title)
    if rest and lexicon.is_unit(head) and not names_only(head):
        inner = split_name_title(rest, lexicon, expect_name=expect_name)
        if inner.name:
            title = unit_title(head, inner.title) if inner.title else head
            return NameTitle(inner.name, title, inner.family_name)
        if expect_name and surname_alone(rest):  # 総務課　千葉
            return NameTitle(rest, head, rest)
    if compacted in lexicon.groups or is_title(compacted, lexicon):
        return NameTitle(None, compacted)
    if expect_name and (spaced_titled := _spaced_name_then_title(spaced, lexicon)):
        return spaced_titled
    if expect_name and spaced_full_name(spaced):
        name = display_name(spaced)
        return NameTitle(name, None, _family(name))
    words = list(tagger()(compacted))
    name_len = _name_length(words, lexicon, expect_name)
    whole = expect_name and _surname_and_given_word(words, lexicon)
    if whole:
        name_len = len(compacted)
    dotted = _DOTTED_NAME.match(compacted)
    if dotted and (is_person_name(words[0]) or words[0].is_unk):
        name_len = max(name_len, dotted.end())
    name_part, title = compacted[:name_len], compacted[name_len:] or None
    person = whole or any(is_person_name(w) for w in words) or bool(_HONORIFIC.search(compacted))
    if (
        name_len == 0
        or (title is not None and not lexicon.title_suffix(title))
        or (title is None and not person)
        or name_part.isascii()  # Ｂ委員: an anonymising letter, not a name
    ):
        return NameTitle(None, compacted)  # a word or an office, not a name: ワザサーバー
    name_part = _HONORIFIC.sub("", name_part) or name_part
    name = display_name(spaced) if title is None and re.search(r"\s", spaced) else name_part
    return NameTitle(name, title, _family(name))


def _spaced_name_then_title(spaced: str, lexicon: Lexicon) -> NameTitle | None:
    """谷本 昌委員: a surname and a given name with a space between, the title after them."""
    parts = spaced.split()
    title = lexicon.title_suffix(parts[-1]) if len(parts) == 2 else None
    if not title or title == parts[-1] or not is_title(title, lexicon):
        return None
    person = f"{parts[0]} {parts[1][: -len(title)]}"
    if not spaced_full_name(person):
        return None
    name = display_name(person)
    return NameTitle(name, title, _family(name))


def unit_title(unit: str, post: str, joined: bool = True) -> str:
    """The title of ``post`` in ``unit``: the unit's last character said once.

    A group that is not a unit's name (``joined=False``: 実施機関, 事務局) keeps only a post
    of its own (事務局長).

    >>> unit_title("市民課", "課長"), unit_title("市民課", "主査"), unit_title("企画課", "課長補佐")
    ('市民課長', '市民課主査', '企画課長補佐')
    >>> unit_title("事務局", "局長", joined=False), unit_title("実施機関", "課長", joined=False)
    ('事務局長', '課長')
    """
    if post[:1] == unit[-1:]:
        return unit + post[1:]
    return unit + post if joined else post


def spaced_full_name(text: str) -> bool:
    """千葉　学, 神戸　亮: a surname and a given name with a space between (a surname that is
    a place name leaves the given name alone to read as a common word or a suffix: 千葉+学)."""
    parts = text.split()
    return (
        len(parts) == 2
        and all(len(p) <= 3 and _NAME_CHARS.match(p) for p in parts)
        and surname_alone(parts[0])
    )


def _may_start_with_name(text: str) -> bool:
    """The first word may be a surname: a proper noun, a word UniDic does not know, or one
    character (木村総務課長, 千葉総務課長, 東総務課長); 総務課長 starts with a common word."""
    words = tagger()(text)
    if not words:
        return False
    first = words[0]
    return first.feature.pos2 == "固有名詞" or first.is_unk or len(first.surface) == 1


def _at_first_space(text: str) -> tuple[str, str]:
    """``text`` split at its first run of spaces, half- or full-width (委員長　石原 克也)."""
    head, *rest = re.split(r"[ \u3000]+", text, maxsplit=1)
    return head, rest[0] if rest else ""


_SPACED_CHARS = re.compile(r"\S(?:[ \u3000]+\S(?=[ \u3000]))+")


def _joined_spaced_title(text: str, lexicon: Lexicon) -> str:
    """``会　長　　北村　和彦`` -> ``会長 北村　和彦``: a title spread out one character at a
    time to fill a column, written whole, when a name follows it.

    >>> from pipeline.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> _joined_spaced_title("委　員　長　山田　太郎", lex), _joined_spaced_title("田　中　実", lex)
    ('委員長 山田　太郎', '田　中　実')
    """
    m = _SPACED_CHARS.match(text)
    if not m:
        return text
    chars = m.group().split()
    n = spread_title_length(chars, lexicon)
    if not n:
        return text
    rest = text[m.start() :].split(None, n)[-1]
    return "".join(chars[:n]) + " " + rest


def spread_title_length(letters: list[str], lexicon: Lexicon) -> int:
    """How many of ``letters`` (a word spread out a character at a time) make the longest
    title they start with; 0 for none.

    >>> from pipeline.lexicon import load_lexicon
    >>> [spread_title_length(list(w), load_lexicon()) for w in ["委員長山", "委員", "田中実"]]
    [3, 2, 0]
    """
    for n in range(len(letters), 1, -1):
        if is_title("".join(letters[:n]), lexicon):
            return n
    return 0


def _starts_with_name(text: str) -> bool:
    """山田委員 starts with a name; 総務部長 and １番 do not."""
    words = list(tagger()(re.sub(r"\s+", "", text)))
    return bool(words) and is_person_name(words[0]) and len(words) > 1


def bare_surname(word: str, lexicon: Lexicon) -> bool:
    """A few kanji in a list of people (委員：森川会長、青田) that are no post, unit or group:
    a surname, though UniDic may read it as a common word (青田).

    >>> from pipeline.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [bare_surname(w, lex) for w in ["青田", "委員", "総務課", "事務局", "千葉市", "あおた"]]
    [True, False, False, False, False, False]
    """
    return bool(
        _KANJI_WORD.fullmatch(word)
        and not word.endswith((*_PLACE_ENDINGS, "地区", "地域"))
        and not lexicon.title_suffix(word)
        and not lexicon.is_unit(word)
        and word not in lexicon.groups
    )


_KANJI_WORD = re.compile(r"[\u3400-\u9fff\u3005]{1,3}")  # most surnames; 4: a full name


def is_title(text: str, lexicon: Lexicon) -> bool:
    """``text`` is exactly a known title: 会長, 委員長, 事務局長 (not 総務課長)."""
    return lexicon.title_suffix(text) == re.sub(r"\s+", "", text)


def _name_length(words, lexicon: Lexicon, expect_name: bool) -> int:
    """How many leading characters of the analysed text are a person's name."""
    length = 0
    for i, w in enumerate(words):
        surface = w.surface
        rest = "".join(x.surface for x in words[i:])
        if i == 0:
            if not _NAME_CHARS.match(surface):
                return 0
            office = not is_person_name(w) and not w.is_unk and len(words) > 1
            if office and (not expect_name or lexicon.names_a_field(rest)):
                return 0  # 総務部長: an office word, no name; in a roster, 総務課長 too
        elif is_title(rest, lexicon) or not _continues_name(w, rest, length, lexicon):
            break
        length += len(surface)
    return length


# Last characters of a place's or a building's name after a place name (千葉市, 南野地区,
# 北村会館), never a given name's.
_PLACE_ENDINGS = tuple("都道府県市区町村郡館院校園場署駅")


def _surname_and_given_word(words, lexicon: Lexicon) -> bool:
    """A roster entry of two words, a surname and a given name UniDic reads as a common noun
    (南野+二葉: 南野 is also a place, 二葉 a word): one person's full name, not an office.

    >>> from pipeline.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> entries = ["南野二葉", "南野課長", "千葉市", "南野地区"]
    >>> [_surname_and_given_word(list(tagger()(s)), lex) for s in entries]
    [True, False, False, False]
    """
    if len(words) != 2:
        return False
    surname, given = words
    return (  # the words' own checks first, the dictionary's features last
        len(surname.surface) <= 3
        and len(given.surface) <= 2
        and bool(_NAME_CHARS.match(given.surface))
        and not lexicon.title_suffix(given.surface)
        and given.surface not in lexicon.groups
        and not given.surface.endswith(_PLACE_ENDINGS + lexicon.unit_suffixes)
        and given.feature.pos1 == "名詞"
        and (is_person_name(surname) or is_place_name(surname))
    )


def _continues_name(word, rest: str, length: int, lexicon: Lexicon) -> bool:
    if is_person_name(word) or word.is_unk or word.surface in ("君", "さん", "氏"):
        return True
    # One more character after a short surname is still the name (古+東, 梶+中);
    # a longer common word starts the title (岩井+総務課長).
    if len(word.surface) != 1 or not _NAME_CHARS.match(word.surface):
        return False
    if word.surface in _POST_PREFIXES:
        return False  # 佐藤+前委員長, 鈴木+両委員: the post's own first character
    if length + 1 <= 3 and lexicon.title_suffix(rest):
        return True
    # The last character of a given name UniDic leaves alone (小川登美+夫, 安西公+爾) before a
    # post (委員), or a unit's post (情報政策課長: opening with what the unit is named after)
    after = rest[1:]
    return (
        length + 1 <= 6
        and (is_title(after, lexicon) or lexicon.names_a_field(after))
        and bool(lexicon.title_suffix(after))
    )


_POST_PREFIXES = frozenset("副新元前旧兼総主両各全同本代")


def surname_alone(text: str) -> bool:
    """One word that UniDic tags as a person's name or, as it does many surnames, a place's.

    >>> surname_alone("千葉"), surname_alone("小西"), surname_alone("総務"), surname_alone("千葉県")
    (True, True, False, False)
    """
    words = list(tagger()(text))
    return len(words) == 1 and (is_person_name(words[0]) or is_place_name(words[0]))


def names_only(text: str) -> bool:
    """``木村一郎``, ``小西``: a person's name and nothing else, as UniDic tags it (人名).

    >>> names_only("木村一郎"), names_only("はい"), names_only("開会します")
    (True, False, False)
    """
    key = compact(text)
    if not 2 <= len(key) <= 10:
        return False
    words = tagger()(key)
    return bool(words) and all(is_person_name(w) for w in words)


def _family(name: str | None) -> str | None:
    """The surname of a name: UniDic's 人名-姓, else the part before a space, else all."""
    if not name:
        return None
    if " " in name:
        return name.split(" ")[0]
    words = list(tagger()(name))
    if (
        len(words) > 1
        and is_person_name(words[0])
        and words[0].feature.pos4 == "姓"
        and all(_given(w) for w in words[1:2])
        and all(_given(w) or len(w.surface) == 1 for w in words[2:])  # 小川+登美+夫
    ):
        return words[0].surface
    return name


def _given(word) -> bool:
    return is_person_name(word) and word.feature.pos4 == "名"


def parse_label(label: str, lexicon: Lexicon) -> NameTitle:
    """A speaker label (marker and brackets already removed) as name and title.

    >>> from pipeline.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> parse_label("委員長（山田太郎君）", lex)
    NameTitle(name='山田太郎', title='委員長', family_name='山田', other_post=None)
    >>> parse_label("委員長山田太郎君）", lex).name
    '山田太郎'
    >>> parse_label("酒井会長", lex)
    NameTitle(name='酒井', title='会長', family_name='酒井', other_post=None)
    >>> parse_label("事務局（木村総務課長）", lex)
    NameTitle(name='木村', title='総務課長', family_name='木村', other_post=None)
    >>> parse_label("事務局（総務課長）", lex), parse_label("山田太郎（会長）", lex).name
    (NameTitle(name=None, title='総務課長', family_name=None, other_post=None), '山田太郎')
    >>> parse_label("事務局（総務課）", lex)
    NameTitle(name=None, title='事務局', family_name=None, other_post=None)
    >>> parse_label("委員（Ｃ）", lex).name is None
    True
    """
    text = fold(label).strip()
    m = _PAREN_NAME.match(text)
    if m:
        outside = re.sub(r"\s+", "", m["title"])
        inside = _HONORIFIC.sub("", re.sub(r"\s+", "", m["name"]))
        if compact(inside) in lexicon.not_speakers:  # 委員（問）, 事務局（答）: what it is
            return NameTitle(None, outside)
        if lexicon.is_unit(inside):  # 事務局（総務課）: where from, nobody named
            return NameTitle(None, outside)
        if is_designation(inside):  # 委員（Ａ）: anonymised, nobody named
            return NameTitle(None, outside)
        if lexicon.title_suffix(inside):  # a post in the brackets
            inner = split_name_title(inside, lexicon, expect_name=_may_start_with_name(inside))
            if inner.name and inner.title:  # 事務局（木村総務課長）: the person's own post
                return inner
            person = split_name_title(outside, lexicon)
            if person.name and not person.title:  # 山田太郎（会長）: the name outside
                return NameTitle(person.name, inside, person.family_name)
            if not inner.name:  # 事務局（総務課長）: a post, nobody named
                return NameTitle(None, inside)
        return NameTitle(inside, outside, _family(inside))
    m = _LOST_BRACKET.match(text)
    if m:  # 委員長山田太郎君） : the longest leading title, then the name
        body = re.sub(r"\s+", "", m["body"])
        for k in range(len(body) - 2, 0, -1):
            if is_title(body[:k], lexicon) or lexicon.title_suffix(body[:k]):
                name = _HONORIFIC.sub("", body[k:])
                return NameTitle(name, body[:k], _family(name))
    return split_name_title(text, lexicon, expect_name=False)
