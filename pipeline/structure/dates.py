"""Japanese era dates (明治 to 令和, 元年, kanji and full-width numerals), times and weekdays."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..textutil import INLINE_SPACE, KANJI_NUMERAL, fold, parse_number

# (era, first Western year - 1, first day of the era, first day of the next era)
ERAS = {
    "明治": (1867, dt.date(1868, 1, 25), dt.date(1912, 7, 30)),
    "大正": (1911, dt.date(1912, 7, 30), dt.date(1926, 12, 25)),
    "昭和": (1925, dt.date(1926, 12, 25), dt.date(1989, 1, 8)),
    "平成": (1988, dt.date(1989, 1, 8), dt.date(2019, 5, 1)),
    "令和": (2018, dt.date(2019, 5, 1), dt.date(9999, 12, 31)),
}
_ERA_INITIALS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
WEEKDAYS = "月火水木金土日"

_N = rf"(?:[0-9０-９]+|[{KANJI_NUMERAL}]+)"
_S = INLINE_SPACE + "*"
# The same year in the other calendar, in brackets: 2023年（令和5年）, 令和5（2023）年.
_ALIAS = rf"(?:[（(][^（()）\n]{{1,10}}[）)]{_S})?"
_ERA_DATE = re.compile(
    rf"(?P<era>明治|大正|昭和|平成|令和){_S}(?P<y>{_N}|元){_S}{_ALIAS}年{_S}{_ALIAS}"
    rf"(?P<m>{_N}){_S}月{_S}(?P<d>{_N}){_S}日"
)
_ERA_ABBR = re.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ])(?P<era>[MTSHRＭＴＳＨＲ])(?P<y>\d{1,2}|元)[.．/／](?P<m>\d{1,2})[.．/／]"
    r"(?P<d>\d{1,2})(?!\d)"
)
_WEST_DATE = re.compile(
    rf"(?P<y>[0-9０-９]{{4}}|[{KANJI_NUMERAL}]{{4}}){_S}{_ALIAS}年{_S}{_ALIAS}"
    rf"(?P<m>{_N}){_S}月{_S}(?P<d>{_N}){_S}日"
)
_ISO_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20|１９|２０)\d{2})[-/.－／．](?P<m>\d{1,2})[-/.－／．](?P<d>\d{1,2})(?!\d)"
)
# A date in an era the table above does not know (光文3年4月1日, or a typo: 令話6年…): two
# kanji that are not numerals, a year, a month and a day.
_OTHER_ERA_DATE = re.compile(
    rf"(?P<era>[^\W\d{KANJI_NUMERAL}年月日]{{2}}){_S}(?:{_N}){_S}年{_S}(?:{_N}){_S}月{_S}(?:{_N}){_S}日"
)
_WEEKDAY = re.compile(rf"{_S}[（(]{_S}(?P<w>[月火水木金土日])(?:曜日?)?{_S}[）)]")
_ERA_FY = re.compile(rf"(?P<era>明治|大正|昭和|平成|令和){_S}(?P<y>{_N}|元){_S}年度")
_WEST_FY = re.compile(r"(?P<y>(?:19|20)\d{2})年度")
_TIME = re.compile(
    rf"(?P<noon>正午)|(?P<ampm>午前|午後)?{_S}(?P<h>{_N}){_S}(?:時|:|：){_S}"
    rf"(?:(?P<half>半)|(?P<min>{_N}){_S}分?)?"
)
_RANGE_SEP = re.compile(rf"{_S}(?:[～〜~\-－―‐ー]|から|より|まで|ないし){_S}")


@dataclass(frozen=True)
class FoundDate:
    date: dt.date | None  # None when the written date does not exist (2月30日)
    start: int
    end: int
    written: str
    era: str | None = None
    weekday_text: str | None = None
    warning: str | None = None


def era_year(era: str, year: int) -> int:
    return ERAS[era][0] + year


def find_date(text: str) -> FoundDate | None:
    """The first date written in ``text``, era or Western, with a weekday in brackets after it.

    >>> find_date("日 時 令和元年7月16日（火）午後1時30分").date
    datetime.date(2019, 7, 16)
    >>> find_date("平成十四年五月三十一日").date
    datetime.date(2002, 5, 31)
    >>> find_date("開催 R1.7.16").date, find_date("Ｒ５．６．２８").date
    (datetime.date(2019, 7, 16), datetime.date(2023, 6, 28))
    >>> find_date("2023年（令和5年）4月20日（木曜日）").date
    datetime.date(2023, 4, 20)
    >>> find_date("令和5（2023）年4月20日").era
    '令和'
    """
    candidates = []
    for pattern, kind in (
        (_ERA_DATE, "era"),
        (_ERA_ABBR, "abbr"),
        (_WEST_DATE, "west"),
        (_ISO_DATE, "iso"),
    ):
        m = pattern.search(text)
        if m:
            candidates.append((m.start(), kind, m))
    if not candidates:
        return None
    _, kind, m = min(candidates, key=lambda c: c[0])
    era = None
    year = parse_number(m["y"])
    if kind in ("era", "abbr"):
        era = m["era"] if kind == "era" else _ERA_INITIALS[fold(m["era"])]
        year = era_year(era, year)
    month, day = parse_number(m["m"]), parse_number(m["d"])
    weekday = _WEEKDAY.match(text, m.end())
    weekday_text = weekday["w"] if weekday else None
    end = weekday.end() if weekday else m.end()
    try:
        date = dt.date(year, month, day)
    except (ValueError, TypeError):
        return FoundDate(
            None,
            m.start(),
            end,
            m.group(0),
            era,
            weekday_text,
            warning=f"{m.group(0)} does not exist",
        )
    warning = None
    if era:
        _, first, following = ERAS[era]
        if not first <= date < following:
            warning = f"{m.group(0)} ({date.isoformat()}) is outside the {era} era"
    return FoundDate(date, m.start(), end, m.group(0), era, weekday_text, warning)


def find_unknown_era(text: str) -> str | None:
    """A date written in ``text`` with an era that is not one of :data:`ERAS`, as written.

    >>> find_unknown_era("日時　光文3年4月1日（月）"), find_unknown_era("日時　令和6年4月1日")
    ('光文3年4月1日', None)
    """
    for m in _OTHER_ERA_DATE.finditer(text):
        if m["era"] not in ERAS and "\u4e00" <= m["era"][0] <= "\u9fff":
            return m.group(0)
    return None


_MONTH_DAY = re.compile(rf"(?<![0-9０-９{KANJI_NUMERAL}年])(?P<m>{_N}){_S}月{_S}(?P<d>{_N}){_S}日")


def find_month_day(text: str, fiscal_year: int) -> FoundDate | None:
    """The first date written without a year (７月18日), in ``fiscal_year``: April to December
    of that year, January to March of the next.

    >>> find_month_day("日時　7月18日（木）午後2時", 2024).date
    datetime.date(2024, 7, 18)
    >>> find_month_day("日時　２月６日（木）", 2024).date
    datetime.date(2025, 2, 6)
    >>> find_month_day("資料　第12月報", 2024) is None
    True
    """
    m = _MONTH_DAY.search(text)
    if m is None:
        return None
    month, day = parse_number(m["m"]), parse_number(m["d"])
    if month is None or day is None:
        return None
    year = fiscal_year if month >= 4 else fiscal_year + 1
    weekday = _WEEKDAY.match(text, m.end())
    end = weekday.end() if weekday else m.end()
    written, weekday_text = m.group(0), weekday["w"] if weekday else None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return FoundDate(None, m.start(), end, written, warning=f"{written} does not exist")
    return FoundDate(date, m.start(), end, written, weekday_text=weekday_text)


def weekday_mismatch(found: FoundDate) -> str | None:
    """A message when the weekday written next to a date is not that date's weekday."""
    if found.date is None or found.weekday_text is None:
        return None
    actual = WEEKDAYS[found.date.weekday()]
    if actual != found.weekday_text:
        return (
            f"{found.written}（{found.weekday_text}） is a {actual}曜日, not "
            f"{found.weekday_text}曜日"
        )
    return None


def find_fiscal_year(text: str) -> int | None:
    """令和元年度 -> 2019; 2019年度 -> 2019.

    >>> find_fiscal_year("令和元年度第2回四街道市情報公開・個人情報保護審査会")
    2019
    """
    m = _ERA_FY.search(text)
    if m:
        return era_year(m["era"], parse_number(m["y"]))
    m = _WEST_FY.search(fold(text))
    return int(m["y"]) if m else None


def fiscal_year_of(date: dt.date) -> int:
    """Japanese fiscal years run April to March."""
    return date.year if date.month >= 4 else date.year - 1


def _clock(m: re.Match, default_pm: bool | None) -> tuple[int, int, bool] | None:
    if m["noon"]:
        return 12, 0, False
    hour = parse_number(m["h"])
    minute = 30 if m["half"] else (parse_number(m["min"]) if m["min"] else 0)
    if hour is None or minute is None or minute > 59 or hour > 30:
        return None
    pm = m["ampm"] == "午後" if m["ampm"] else default_pm
    if pm and hour < 12:
        hour += 12
    return hour, minute, bool(pm)


def find_times(text: str) -> tuple[str | None, str | None]:
    """Start and end clock times as ``HH:MM``: 午後1時30分～午後3時 -> 13:30, 15:00.

    An end time without 午前/午後 inherits the start's half of the day.

    >>> find_times("令和元年7月16日（火）午後1時30分～3時")
    ('13:30', '15:00')
    >>> find_times("10:00～11:45")
    ('10:00', '11:45')
    """
    for m in _TIME.finditer(text):
        # A bare number followed by ":" inside a date or list is not a time; insist on 時 or
        # a two-digit minute.
        if not (
            m["noon"] or m["ampm"] or "時" in m.group(0) or (m["min"] and len(fold(m["min"])) == 2)
        ):
            continue
        start = _clock(m, None)
        if start is None:
            continue
        sep = _RANGE_SEP.match(text, m.end())
        end = None
        if sep:
            m2 = _TIME.match(text, sep.end())
            if m2:
                end = _clock(m2, start[2])
        return f"{start[0]:02d}:{start[1]:02d}", (f"{end[0]:02d}:{end[1]:02d}" if end else None)
    return None, None
