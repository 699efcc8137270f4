"""Japanese era dates, times and the header's date warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.structure.dates import find_date, find_fiscal_year, find_times
from pipeline.structure.minutes import parse_minutes


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("明治45年7月29日", dt.date(1912, 7, 29)),
        ("大正元年8月1日", dt.date(1912, 8, 1)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("平成元年1月8日", dt.date(1989, 1, 8)),
        ("平成十四年五月三十一日", dt.date(2002, 5, 31)),
        ("平成３１年４月３０日", dt.date(2019, 4, 30)),
        ("令和元年7月16日", dt.date(2019, 7, 16)),
        ("令和 元 年 ７ 月 １６ 日", dt.date(2019, 7, 16)),
        ("令和二年十二月二十五日", dt.date(2020, 12, 25)),
        ("R1.7.16", dt.date(2019, 7, 16)),
        ("H14.5.31", dt.date(2002, 5, 31)),
        ("Ｒ５．６．２８", dt.date(2023, 6, 28)),  # full-width initial, digits and stops
        ("２０２３／０６／２８", dt.date(2023, 6, 28)),
        ("2019年7月16日", dt.date(2019, 7, 16)),
        ("２０１９年７月１６日", dt.date(2019, 7, 16)),
        ("二〇一九年七月十六日", dt.date(2019, 7, 16)),
        ("2019/07/16", dt.date(2019, 7, 16)),
        ("開催日：2019-07-16", dt.date(2019, 7, 16)),
        # the year in the other calendar too, in brackets after the year or after 年
        ("2023年（令和5年）4月20日（木曜日）", dt.date(2023, 4, 20)),
        ("令和5年（2023年）4月20日", dt.date(2023, 4, 20)),
        ("令和５（２０２３）年４月２０日", dt.date(2023, 4, 20)),
        ("2019(平成31)年4月30日", dt.date(2019, 4, 30)),
    ],
)
def test_dates(text, want):
    assert find_date(text).date == want


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("令和2年2月30日", "does not exist"),
        ("平成35年1月1日", "outside the 平成 era"),
        ("昭和64年1月8日", "outside the 昭和 era"),
    ],
)
def test_dates_that_do_not_exist_or_leave_their_era(text, warning):
    assert warning in find_date(text).warning


def test_unknown_era_is_no_date():
    assert find_date("安政3年5月1日") is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("午後1時30分～午後3時", ("13:30", "15:00")),
        ("午後1時30分～3時", ("13:30", "15:00")),
        ("午前10時から正午まで", ("10:00", "12:00")),
        ("午前９時３０分～１１時", ("09:30", "11:00")),
        ("14:00～15:30", ("14:00", "15:30")),
        ("午後２時半開会", ("14:30", None)),
    ],
)
def test_times(text, want):
    assert find_times(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [("令和元年度第2回", 2019), ("平成30年度", 2018), ("２０２１年度", 2021), ("第3回", None)],
)
def test_fiscal_year(text, want):
    assert find_fiscal_year(text) == want


def test_fiscal_year_from_date_when_the_title_has_none():
    m = parse_minutes(
        "第1回緑川町審査会会議録\n日時 令和5年2月10日（金）\n\n大森会長：開会します。\n"
    )
    assert m.fiscal_year == 2022


def test_weekday_contradicting_the_date_is_a_warning():
    m = parse_minutes(
        "緑川町審査会会議録\n日時 令和元年7月16日（月）午後1時\n\n大森会長：開会します。\n"
    )
    assert m.date == dt.date(2019, 7, 16)
    assert [w for w in m.warnings if w.startswith("W206")] == [
        "W206: 令和元年7月16日（月） is a 火曜日, not 月曜日"
    ]


def test_swapped_labels_still_find_date_and_venue():
    m = parse_minutes(
        "緑川町審査会会議録\n場所 令和元年7月16日（火）午後1時30分～午後3時\n"
        "日時 緑川町役場 第1会議室\n\n大森会長：開会します。\n"
    )
    assert (m.date, m.start_time, m.end_time) == (dt.date(2019, 7, 16), "13:30", "15:00")
    assert m.venue == "緑川町役場 第1会議室"


def test_missing_date_label_and_unparseable_date():
    found = parse_minutes(
        "緑川町審査会会議録\n令和元年7月16日（火）開催\n\n大森会長：開会します。\n"
    )
    assert found.date == dt.date(2019, 7, 16)
    bad = parse_minutes("緑川町審査会会議録\n日時 令和元年13月40日\n\n大森会長：開会します。\n")
    assert bad.date is None and any(w.startswith("W205") for w in bad.warnings)
    none = parse_minutes("緑川町審査会会議録\n\n大森会長：開会します。\n")
    assert none.date is None and any(w.startswith("W204") for w in none.warnings)


@pytest.mark.parametrize(
    ("written", "shown"),
    [("光文3年4月1日", "光文3年4月1日"), ("令話6年4月1日（月）", "令話6年4月1日")],
)
def test_a_date_in_an_unknown_era_says_so(written, shown):
    m = parse_minutes(f"緑川町審査会会議録\n日時 {written}\n\n大森会長：開会します。\n")
    assert m.date is None
    assert [w[:4] for w in m.warnings] == ["W211"]
    assert shown in m.warnings[0]


def test_the_date_a_page_was_updated_on_is_not_the_meetings():
    m = parse_minutes(
        "令和5年度第3回みどり野市個人情報保護審査会会議録\n\n更新日:2023年11月15日\n\n"
        "会議概要\n会議開催日時 令和5年10月26日(木曜日)午後2時から午後4時まで\n"
        "会議開催場所 みどり野市役所本庁舎5階\n\n北条会長：開会します。\n"
    )
    assert (m.date, m.start_time, m.end_time) == (dt.date(2023, 10, 26), "14:00", "16:00")
    assert m.venue == "みどり野市役所本庁舎5階"
    # with no other date in the header, none is found rather than the page's
    m = parse_minutes(
        "第1回みどり野市情報公開審査会会議録\n最終更新日：2023年11月15日\n\n会長：開会します。\n"
    )
    assert m.date is None
