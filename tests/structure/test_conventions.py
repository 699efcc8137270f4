"""Each speaker-label convention the issue lists, on small fictional minutes."""

from __future__ import annotations

import pytest

from pipeline.ingest.readers import read_html
from pipeline.lexicon import load_lexicon
from pipeline.records import Participant
from pipeline.structure.minutes import parse_minutes, structure
from pipeline.structure.speakers import SpeakerResolver

HEADER = (
    "令和4年度第3回緑川町情報公開審査会会議録\n日時 令和4年10月5日（水）午後2時～午後3時\n"
    "出席者 大森会長、北川副会長、南委員\n事務局 東総務課長\n\n"
)


def speeches(text: str):
    m = parse_minutes(HEADER + text)
    return [
        (t.speaker_label, t.speaker_name, t.role, t.text) for t in m.turns if t.kind == "speech"
    ], m


CASES = {
    "colon_fullwidth": "大森会長：開会します。\n南委員：質問があります。\n",
    "colon_halfwidth": "大森会長:開会します。\n南委員: 質問があります。\n",
    "semicolon": "大森会長；開会します。\n南委員；質問があります。\n",
    "marker_u25cb": "○大森会長　開会します。\n○南委員　質問があります。\n",
    "marker_u3007": "〇大森会長　開会します。\n〇南委員 質問があります。\n",
    "marker_u25ef": "◯大森会長　開会します。\n◯南委員　質問があります。\n",
    "marker_double": "◎大森会長　開会します。\n◎南委員　質問があります。\n",
    "marker_diamond": "◆大森会長 開会します。\n◆南委員 質問があります。\n",
    "lenticular": "【大森会長】開会します。\n【南委員】質問があります。\n",
    "angle_alone": "<大森会長>\n開会します。\n<南委員>\n質問があります。\n",
    "paren_alone": "(大森会長)\n開会します。\n（南委員）\n質問があります。\n",
    "alone_blank": "大森会長\n\n開会します。\n\n南委員\n\n質問があります。\n",
    "alone_indented": "大森会長\n　　開会します。\n南委員\n　　質問があります。\n",
    "alone_colon": "大森会長:\n開会します。\n南委員：\n質問があります。\n",
    "no_marker_space": "大森会長 開会します。\n南委員　質問があります。\n",
    "flattened": "大森会長：開会します。南委員：質問があります。\n",
    "flattened_marker": "○大森会長　開会します。 ○南委員　質問があります。\n",
    # Markdown keeps its syntax in the source: bold labels and list items
    "markdown_bold": "**大森会長**：開会します。\n\n**南委員**：質問があります。\n",
    "markdown_bold_colon": "**大森会長：** 開会します。\n__南委員__　質問があります。\n",
    "markdown_list": "- 大森会長：開会します。\n* 南委員：質問があります。\n",
    "markdown_table": (
        "| 発言者 | 発言内容 |\n|:---|---|\n"
        "| 大森会長 | 開会します。 |\n|南委員|質問があります。|\n"
    ),
    # summaries (会議要旨) bullet each turn with a nakaguro, spaced or not
    "nakaguro_list": "・大森会長：開会します。\n・ 南委員：質問があります。\n",
    # a transcript that stamps each turn with the time (speech recognition, a recording)
    "time_stamped": "[00:00:05] 大森会長：開会します。\n【14:06】南委員　質問があります。\n",
    "time_stamped_bare": "14:05　大森会長　開会します。\n１４：０６ 南委員：質問があります。\n",
    "time_after_label": "大森会長　00:00:05\n開会します。\n南委員 (00:01:10)\n質問があります。\n",
    # a word processor's list, copied out of a PDF or a page, keeps its bullet (U+2022)
    "typeset_bullet": "• 大森会長：開会します。\n  •南委員：質問があります。\n",
    "angle_close": "大森会長＞開会します。\n南委員>　質問があります。\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_convention(name):
    got, _ = speeches(CASES[name])
    assert [(label, who, role, text) for label, who, role, text in got] == [
        ("大森会長", "大森", "chair", "開会します。"),
        ("南委員", "南", "member", "質問があります。"),
    ]


def test_a_markdown_tables_turns_keep_the_pipes_in_the_source():
    source = HEADER + "| 発言者 | 発言内容 |\n|---|---|\n| 大森会長 | 開会します。 |\n"
    turn = parse_minutes(source).turns[0]
    assert source[turn.label_start : turn.label_end] == "大森会長"
    assert source[turn.char_start : turn.char_end] == "| 大森会長 | 開会します。 |"
    assert turn.text == "開会します。"


def test_a_bracketed_label_may_hold_brackets_of_its_own():
    got, _ = speeches(
        "【大森会長】開会します。\n【事務局（東）】\n説明します。\n〔委員（南）〕伺います。\n"
    )
    assert got == [
        ("大森会長", "大森", "chair", "開会します。"),
        ("事務局（東）", "東", "secretariat", "説明します。"),
        ("委員（南）", "南", "member", "伺います。"),
    ]


def test_markdown_bold_header_keys():
    m = parse_minutes(
        "# 第1回ほしぞら町情報公開審査会会議録\n- **日時**: 令和6年5月14日（火）\n"
        "- **出席委員**: 中川 誠（会長）、小島 陽子\n**事務局：** 総務課 吉田課長\n\n"
        "**中川会長**: 開会します。\n"
    )
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("中川 誠", "会長", "chair"),
        ("小島 陽子", None, "member"),
        ("吉田", "総務課長", "secretariat"),
    ]
    assert (m.turns[0].speaker_name, m.turns[0].resolution) == ("中川 誠", "exact")


def test_markdown_labels_keep_exact_offsets():
    source = HEADER + "- **大森会長**：開会します。\n"
    turn = parse_minutes(source).turns[0]
    assert source[turn.label_start : turn.label_end] == "大森会長"
    assert source[turn.char_start : turn.char_end] == "- **大森会長**：開会します。"


@pytest.mark.parametrize(
    "label",
    [
        "◯委員長（北川二郎君）",
        "◯委員長(北川二郎君)",
        "◯委員長 ( 北川二郎君 )",
        "◯委員長北川二郎君）",
    ],
)
def test_parenthesised_names(label):
    m = parse_minutes(
        "令和4年度第1回緑川町議会総務委員会会議録\n" + label + "　ただいまから開会します。\n"
        "◯南委員　質問します。\n"
    )
    first = next(t for t in m.turns if t.kind == "speech")
    assert first.speaker_name == "北川二郎"
    assert first.role == "chair"
    assert first.text == "ただいまから開会します。"


def test_title_only_labels_resolve_by_title():
    got, _ = speeches("会長\n開会します。\n事務局\n資料を配布します。\n副会長：確認します。\n")
    assert [(label, who, role) for label, who, role, _ in got] == [
        ("会長", "大森", "chair"),
        ("事務局", None, "secretariat"),
        ("副会長", "北川", "vice_chair"),
    ]


def test_groups_get_role_and_no_name():
    got, _ = speeches("大森会長：よろしいですか。\n委員全員：～異議なし～\n")
    assert got[1][:3] == ("委員全員", None, "collective")


def test_every_group_label_has_a_role(lexicon):
    """A group (事務局, 所管課) names nobody but has a role: its ending is a role's, which
    is also how a summary's narration (事務局から説明があった。) knows who acted."""
    assert {
        g: lexicon.role_of_title(g) for g in lexicon.groups if not lexicon.role_of_title(g)
    } == {}


def test_unknown_label_is_kept_and_not_attached():
    got, m = speeches("大森会長：どうぞ。\n西田参考人：説明します。\nカメラマン：撮影します。\n")
    assert got[1][:3] == ("西田参考人", "西田", "guest")
    assert got[2][:3] == ("カメラマン", None, "unknown")
    assert any(w.startswith("W209") for w in m.warnings)


@pytest.mark.parametrize(
    "note",
    [
        "～実施機関退室～",
        "《担当課説明》",
        "―辞令交付―",
        "（「異議なし」と呼ぶ者あり）",
        "午後2時10分 休憩",
        "（午後2時20分再開）",
    ],
)
def test_stage_directions_are_notes(note):
    m = parse_minutes(HEADER + f"大森会長：休憩します。\n{note}\n大森会長：再開します。\n")
    kinds = [(t.kind, t.text) for t in m.turns]
    assert kinds == [("speech", "休憩します。"), ("note", note), ("speech", "再開します。")]


def test_inline_time_does_not_start_a_turn():
    got, _ = speeches("大森会長：開会します。(10:05) 続けます。\n")
    assert len(got) == 1 and "(10:05)" in got[0][3]


def test_headings_are_not_turns():
    m = parse_minutes(
        "令和4年度緑川町議会会議録\n○会議に付した事件\n議案第1号\n〇出席者\n大森議長\n"
        "● 議事\n○大森議長　開議します。\n"
    )
    speech = [t for t in m.turns if t.kind == "speech"]
    assert [(t.speaker_label, t.text) for t in speech] == [("大森議長", "開議します。")]


def test_text_continues_across_lines_and_page_breaks():
    text = (
        "大森会長：本日は個人情報の取扱いについて\n審議します。\n\n- 2 -\n\n"
        "資料をご覧ください。\n南委員：漏えい対策は十分\n\n3/12\n\nですか。\n"
    )
    got, m = speeches(text)
    assert got[0][3] == "本日は個人情報の取扱いについて審議します。\n資料をご覧ください。"
    assert got[1][3] == "漏えい対策は十分ですか。"
    assert any("joined" in r for r in m.turns[1].repairs)


def test_the_title_repeated_at_the_top_of_a_page_is_a_page_break():
    # HEADER's title, as a PDF prints it on every page (spacing may differ)
    head = "令和4年度 第3回 緑川町情報公開審査会会議録"
    got, m = speeches(f"南委員：漏えい対策は十分\n\n- 2 -\n\n{head}\nですか。\n")
    assert got[0][3] == "漏えい対策は十分ですか。"
    assert any("joined" in r for r in m.turns[0].repairs)


def test_no_labels_is_a_warning_with_paragraphs_kept():
    m = parse_minutes(
        "緑川町審査会 会議要旨\n日時 令和4年10月5日\n\n委員から質問があった。\n\n"
        "事務局から回答があった。\n"
    )
    assert any(w.startswith("W203") for w in m.warnings)
    assert [t.text for t in m.turns] == ["委員から質問があった。", "事務局から回答があった。"]
    assert {t.role for t in m.turns} == {"unknown"}


def test_spaced_roster_names(lexicon):
    m = parse_minutes(
        "緑川町審査会会議録\n日時 令和4年10月5日\n出席委員 田 中   実（弁護士）、"
        "大森会長\n\n大森会長：開会します。\n田中委員：はい。\n"
    )
    people = {p.name: p for p in m.participants}
    assert people["田中 実"].title == "弁護士"
    assert m.turns[1].speaker_name == "田中 実"


def test_a_roster_line_holding_several_sections():
    m = parse_minutes(
        "ひばり町個人情報保護審議会会議要旨\n日時 令和4年6月3日\n"
        "出席者　委員：佐野正（会長）、井上明美、平田健　"
        "事務局：企画課長　中島、情報政策係長　小西\n\n佐野会長：開会します。\n"
    )
    people = [(p.name, p.title, p.role, p.section) for p in m.participants]
    assert people == [
        ("佐野正", "会長", "chair", "attendees"),
        ("井上明美", "委員", "member", "attendees"),  # titled by their key, 委員：
        ("平田健", "委員", "member", "attendees"),
        ("中島", "企画課長", "secretariat", "secretariat"),
        ("小西", "情報政策係長", "secretariat", "secretariat"),
    ]


def test_a_section_key_after_a_slash_in_a_roster_line_and_the_unit_the_list_began_with():
    m = parse_minutes(
        "こはる町個人情報保護審議会会議概要\n日時 令和5年7月4日\n"
        "出席者　委員：大西会長、松尾委員、今井委員／事務局：総務課 小山課長、村井主事、"
        "森課長\n\n大西会長：開会します。\n今井委員：伺います。\n"
    )
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("大西", "会長", "chair"),
        ("松尾", "委員", "member"),
        ("今井", "委員", "member"),  # was the title 委員 and the note 今井委員／事務局：総務課長
        ("小山", "総務課長", "secretariat"),
        ("村井", "総務課主事", "secretariat"),  # of the unit the list began with
        ("森", "課長", "secretariat"),  # a second 課長 heads another unit
    ]
    assert (m.turns[1].speaker_name, m.turns[1].resolution) == ("今井", "exact")


@pytest.mark.parametrize(
    ("line", "section"),
    [("　説明員：情報政策係長　小西\n", "agency"), ("　　　　情報政策係長　小西\n", "secretariat")],
    ids=["own_key", "continued"],
)
def test_a_roster_goes_on_by_post_on_the_next_line(line, section):
    m = parse_minutes(
        "ひばり町個人情報保護審議会会議要旨\n日時 令和4年6月3日\n"
        "出席者　委員：佐野正（会長）、井上明美　事務局：企画課長　中島\n"
        + line
        + "\n佐野会長：開会します。\n"
    )
    assert (m.participants[-1].name, m.participants[-1].section) == ("小西", section)
    assert [(t.speaker_label, t.text) for t in m.turns] == [("佐野会長", "開会します。")]


def test_a_transcript_tables_header_row_starts_the_body():
    # An HTML table of 発言者 | 発言内容 arrives as one line per row, cells spaced apart.
    m = parse_minutes(
        "みなと市審査会会議録\n日時 令和5年8月10日\n出席委員 青山会長、森田委員\n"
        "事務局 総務課　木村主査\n\n発言者　発言内容\n\n会長　開会します。\n"
        "森田委員　質問します。\n"
    )
    secretariat = [(p.name, p.title) for p in m.participants if p.role == "secretariat"]
    assert secretariat == [("木村", "総務課主査")]  # the unit is part of the post
    assert [(t.speaker_label, t.text) for t in m.turns] == [
        ("会長", "開会します。"),
        ("森田委員", "質問します。"),
    ]


ROSTER_BY_POST = {
    # 役職　氏名 entries, on the field's line and the next, or one per line under the key
    "continued": "事務局 総務課長　木村一郎\n　　　 総務課主査　小西二郎\n\n",
    "one_per_line": "事務局\n　総務課長　木村一郎\n　総務課主査　小西二郎\n\n会議の内容\n",
    "one_per_line_no_heading": "事務局\n　総務課長　木村一郎\n　総務課主査　小西二郎\n\n",
}


@pytest.mark.parametrize("roster", ROSTER_BY_POST.values(), ids=ROSTER_BY_POST)
def test_roster_lines_of_post_then_name_are_not_speech(roster):
    m = parse_minutes(
        "みなと市審査会会議録\n日時 令和5年8月10日\n出席委員 青山会長、森田委員\n"
        + roster
        + "会長　開会します。\n森田委員　質問します。\n"
    )
    assert [(p.name, p.title) for p in m.participants if p.role == "secretariat"] == [
        ("木村一郎", "総務課長"),
        ("小西二郎", "総務課主査"),
    ]
    assert [(t.speaker_label, t.text) for t in m.turns if t.kind == "speech"] == [
        ("会長", "開会します。"),
        ("森田委員", "質問します。"),
    ]


ROSTER_BY_UNIT = {
    # 所属　氏名: the department, then who came from it (no post)
    "unit_and_name": ("事務局：企画課　長谷川", [("長谷川", "企画課")]),
    "unit_and_names": ("事務局：企画課　長谷川、高田", [("長谷川", "企画課"), ("高田", None)]),
    "unit_name_post": ("事務局：企画課　長谷川主査", [("長谷川", "企画課主査")]),
    "units_alone": ("事務局：情報政策課、総務課", [(None, "情報政策課"), (None, "総務課")]),
    "surname_like_a_unit": ("事務局：長谷部　一郎", [("長谷部 一郎", None)]),
}


@pytest.mark.parametrize("line, people", ROSTER_BY_UNIT.values(), ids=ROSTER_BY_UNIT)
def test_roster_lines_of_unit_then_names_are_not_speech(line, people):
    m = parse_minutes(
        "青葉町審議会　会議要旨\n日時：令和5年11月2日\n出席委員：大森会長、川村委員\n"
        + line
        + "\n\n会長：開会を宣言した。\n川村委員：質問があった。\n"
    )
    assert [(p.name, p.title) for p in m.participants if p.role == "secretariat"] == people
    assert [(t.speaker_label, t.text) for t in m.turns] == [
        ("会長", "開会を宣言した。"),
        ("川村委員", "質問があった。"),
    ]


def test_a_bulleted_list_inside_a_turn_is_not_a_speaker():
    # A nakaguro bullet introduces a speaker only with a label that surely is one.
    got, _ = speeches(
        "大森会長：説明をお願いします。\n東総務課長：対策は次のとおりです。\n"
        "・漏えい対策：暗号化\n・持ち出し：禁止\n・南委員：了解しました。\n"
    )
    assert [(label, text) for label, _, _, text in got] == [
        ("大森会長", "説明をお願いします。"),
        ("東総務課長", "対策は次のとおりです。\n・漏えい対策：暗号化\n・持ち出し：禁止"),
        ("南委員", "了解しました。"),
    ]


def test_an_anonymised_roster_with_the_chair_in_brackets():
    m = parse_minutes(
        "白鷺市情報公開審査会会議録\n日時　令和6年7月10日\n"
        "出席者　Ａ委員（会長）、Ｂ委員、Ｃ委員\n\n"
        "会長　開会します。\nＡ委員　確認します。\nＢ委員　質問します。\n"
    )
    assert [(p.title, p.role) for p in m.participants] == [
        ("Ａ委員", "chair"),
        ("Ｂ委員", "member"),
        ("Ｃ委員", "member"),
    ]
    assert [(t.speaker_label, t.role, t.resolution) for t in m.turns] == [
        ("会長", "chair", "title"),
        ("Ａ委員", "chair", "title"),
        ("Ｂ委員", "member", "title"),
    ]


def test_numbered_section_headings_and_their_items_are_notes():
    # No agenda in the header: 「２　議事」 is known as a section word, its items by following it
    got, m = speeches(
        "会長：開会します。\n２　議事\n（１）個人情報の取扱いについて\n（２）その他\n"
        "南委員：質問します。\n１　委員から次の点について質問がありました\n３　閉会\n"
        "会長：閉会します。\n"
    )
    notes = [(t.note_type, t.text) for t in m.turns if t.kind == "note"]
    assert notes == [
        ("heading", "２　議事"),
        ("heading", "（１）個人情報の取扱いについて"),
        ("heading", "（２）その他"),
        ("heading", "３　閉会"),
    ]
    # a numbered line that is not under a heading stays in the turn
    assert got[1][3] == "質問します。\n１　委員から次の点について質問がありました"
    assert [g[3] for g in got[::2]] == ["開会します。", "閉会します。"]


def test_a_group_label_naming_its_speaker_with_their_post():
    got, _ = speeches("○大森会長　どうぞ。\n○事務局（東総務課長）　お答えします。\n")
    assert got[1] == ("事務局（東総務課長）", "東", "secretariat", "お答えします。")


@pytest.mark.parametrize(
    "label", ["委員Ａ", "委員A", "Ｂ委員", "委員1", "委員②", "委員　Ａ", "委 員 A"]
)
def test_anonymised_member_labels(label):
    got, _ = speeches(f"大森会長：どうぞ。\n{label}：開示請求の件数を伺います。\n")
    assert got[1][:3] == (label, None, "member")
    assert got[1][3] == "開示請求の件数を伺います。"


def test_a_bracketed_justified_anonymised_label():
    got, _ = speeches("（会　　長）　どうぞ。\n（委 員 A） 開示請求の件数を伺います。\n")
    assert [g[:3] for g in got] == [("会　　長", "大森", "chair"), ("委 員 A", None, "member")]


def test_numbers_are_still_not_labels():
    got, _ = speeches("大森会長：件数は次のとおりです。\n2019：12件\n")
    assert len(got) == 1 and "2019：12件" in got[0][3]


def test_assembly_layout(fictional_dir):
    """Seat-numbered members, justified names, 〔…登壇〕 and 君 labels (fictional 市議会)."""
    m = parse_minutes((fictional_dir / "midorikawa_gikai.txt").read_text("utf-8"))
    assert (m.body, m.municipality, m.session_no, m.date.isoformat()) == (
        "緑川市議会定例会",
        "緑川市",
        2,
        "2023-06-12",
    )
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("大森 太郎", "１番", "member"),
        ("北川 花子", "２番", "member"),
        ("南 一郎", "３番", "member"),
        ("東山 二郎", "市長", "agency"),
        ("西田 三郎", "総務部長", "agency"),
    ]
    speech = [(t.speaker_name, t.role, t.resolution) for t in m.turns if t.kind == "speech"]
    assert speech == [
        ("大森 太郎", "chair", "exact"),
        ("北川 花子", "member", "exact"),
        ("大森 太郎", "chair", "exact"),
        ("東山 二郎", "agency", "exact"),
        ("西田 三郎", "agency", "exact"),
    ]
    notes = [t.text for t in m.turns if t.kind == "note"]
    # the opening time after the header's last field is the body's first note
    assert notes == ["午前１０時開議", "〔２番\u3000北川花子君登壇〕", "午前１１時３０分散会"]


@pytest.mark.parametrize(
    "line",
    [
        "　１番　青山　正人　　２番　赤井　里美　　３番　黒田浩二",
        "出席議員：1番 青山正人  2番 赤井里美  3番 黒田浩二",
    ],
)
def test_an_assembly_roster_line_holds_one_member_per_seat_number(line):
    text = (
        "令和５年第２回若葉町議会定例会会議録\n令和５年６月１４日（水曜日）\n出席議員（３名）\n"
        f"{line}\n\n〇議長（黒田浩二）　開会します。\n〇２番（赤井里美）　伺います。\n"
    )
    m = parse_minutes(text)
    people = [(p.name.replace(" ", ""), p.title, p.role) for p in m.participants]
    assert people == [
        ("青山正人", "１番" if "１" in line else "1番", "member"),
        ("赤井里美", "２番" if "２" in line else "2番", "member"),
        ("黒田浩二", "３番" if "３" in line else "3番", "member"),
    ]
    for p in m.participants:  # each span is its own seat number and name
        assert "".join(text[p.char_start : p.char_end].split()) == p.title + p.name.replace(" ", "")
    assert [(t.speaker_name.replace(" ", ""), t.resolution) for t in m.turns] == [
        ("黒田浩二", "exact"),
        ("赤井里美", "exact"),
    ]


def test_a_unit_with_its_people_in_brackets():
    # 市民課（課長　石田、主査　森）: each person's title is the post in that unit
    text = (
        "あおば市情報公開審査会会議録\n日時 令和5年8月10日\n出席委員 青山会長、森田委員\n"
        "事務局 市民課（課長　石田、主査　森）、事務局（局長　山田　花子）、"
        "総務課（説明のため出席）\n\n"
        "会長　開会します。\n市民課長　説明します。\n森主査　補足します。\n"
    )
    m = parse_minutes(text)
    secretariat = [
        (p.name, p.title, p.note, text[p.char_start : p.char_end])
        for p in m.participants
        if p.role == "secretariat"
    ]
    assert secretariat == [
        ("石田", "市民課長", None, "課長　石田"),
        ("森", "市民課主査", None, "主査　森"),
        ("山田 花子", "事務局長", None, "局長　山田　花子"),
        (None, "総務課", "説明のため出席", "総務課（説明のため出席）"),
    ]
    assert [(t.speaker_label, t.speaker_name, t.role) for t in m.turns] == [
        ("会長", "青山", "chair"),
        ("市民課長", "石田", "secretariat"),
        ("森主査", "森", "secretariat"),
    ]


@pytest.mark.parametrize(
    "key, role",
    [
        ("職務のため出席した議会事務局職員", "secretariat"),
        ("職務のため議場に出席した者", "secretariat"),
        ("地方自治法第１２１条第１項の規定により説明のため出席した者", "agency"),
        ("地方自治法第百二十一条の規定により説明のため出席した者", "agency"),
        ("説明のため出席した理事者", "agency"),
    ],
)
def test_an_assemblys_lists_of_officials(key, role):
    # the list's heading is a header key (its legal basis read past), not a person
    text = (
        "みどり町議会定例会会議録\n令和６年９月１０日\n出席議員\n　１番　青木　一郎君\n"
        f"{key}\n　奈良　俊君\n\n○議長（青木一郎君）　開議します。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("青木 一郎", "１番", "member"),
        ("奈良 俊", None, role),
    ]


def test_surnames_that_unidic_reads_as_place_names():
    # 千葉, 長野, 奈良 are tagged 地名: spaced after a unit or before a given name, in a
    # roster, they are still people, and labels by surname find them
    text = (
        "かえで市情報公開審査会会議録\n日時　令和５年１１月２０日\n"
        "出席委員　千葉　学（会長）、長野　花子、神戸　亮\n事務局　総務課　奈良\n\n"
        "千葉会長：開会します。\n長野委員：質問します。\n神戸委員：賛成です。\n"
        "奈良：お答えします。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("千葉 学", "会長", "chair"),
        ("長野 花子", None, "member"),
        ("神戸 亮", None, "member"),
        ("奈良", "総務課", "secretariat"),
    ]
    assert [(t.speaker_name, t.role, t.resolution) for t in m.turns] == [
        ("千葉 学", "chair", "exact"),
        ("長野 花子", "member", "exact"),
        ("神戸 亮", "member", "exact"),
        ("奈良", "secretariat", "exact"),
    ]


def test_labels_with_a_post_or_a_name_in_brackets():
    text = (
        "ひばり市個人情報保護審議会　議事録\n日時：令和６年７月３日\n"
        "出席者：委員　山田太郎（会長）、ジョン・スミス\n"
        "事務局　総務課　佐々木課長、大手課長補佐\n\n"
        "山田太郎（会長）：始めます。\n事務局（総務課長）：説明します。\n"
        "事務局（大手課長補佐）：補足します。\nスミス委員：質問します。\n"
    )
    m = parse_minutes(text)
    # 委員 before the list is its section key, as 委員： is: everyone after it is a 委員
    assert ("ジョン・スミス", "委員", "member") in [
        (p.name, p.title, p.role) for p in m.participants
    ]
    assert [(t.speaker_name, t.role, t.resolution) for t in m.turns] == [
        ("山田太郎", "chair", "exact"),
        ("佐々木", "secretariat", "title"),  # the post in the brackets, nobody named
        ("大手", "secretariat", "exact"),
        ("ジョン・スミス", "member", "exact"),  # one part of the name
    ]
    # a roster without these people (HEADER's): the name outside the brackets is the
    # speaker's; the post inside is the one roster person with it (東総務課長)
    got, _ = speeches("山田太郎（会長）：始めます。\n事務局（総務課長）：説明します。\n")
    assert [g[:3] for g in got] == [
        ("山田太郎（会長）", "山田太郎", "chair"),
        ("事務局（総務課長）", "東", "secretariat"),
    ]


@pytest.mark.parametrize("first", ["委員：", "委員（問）：", "参考人："])
def test_a_summarys_generic_labels_that_are_also_header_keys(first):
    # 委員 and 参考人 are header keys (a roster's sections) and speakers in the body
    text = (
        "あさひ町情報公開審査会　会議要旨\n日時：令和６年１０月８日\n"
        "出席委員：田村会長、木下委員、堀委員\n事務局：総務課　石井課長\n\n"
        f"{first}クラウドのバックアップはどこに保管していますか。\n"
        "事務局（答）：国内のデータセンターに保管しています。\n"
        "委員（意見）：暗号化の方式も確認してください。\n会長：閉会します。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.role) for p in m.participants] == [
        ("田村", "chair"),
        ("木下", "member"),
        ("堀", "member"),
        ("石井", "secretariat"),
    ]
    role = "guest" if first == "参考人：" else "member"
    assert [(t.speaker_label, t.speaker_name, t.role, t.resolution) for t in m.turns] == [
        (first.rstrip("："), None, role, "role"),
        ("事務局（答）", None, "secretariat", "group"),
        ("委員（意見）", None, "member", "role"),
        ("会長", "田村", "chair", "title"),
    ]


def test_a_question_and_answer_summary():
    """問 and 答 (Ｑ, Ａ) start turns that name nobody, once a document uses both; the numbered
    item first under the heading the body starts after is a heading too."""
    text = (
        "さくら台市情報公開審査会　会議要旨\n日時　令和６年１０月８日\n"
        "出席者　委員　北村和彦（会長）、南田恵子\n５　審議の概要\n（１）諮問第１２号について\n"
        "実施機関から説明があった。\n（問）クラウドに保存しているのか。\n"
        "（答）庁内サーバで管理している。\nバックアップは暗号化している。\n"
        "Ｑ１：通知はいつか。\nＡ１：答申後に通知する。\n問　件数は。\n答　２割増えた。\n"
    )
    m = parse_minutes(text)
    assert [(t.kind, t.note_type) for t in m.turns[:2]] == [("note", "heading"), ("note", "text")]
    got = [(t.speaker_label, t.speaker_name, t.role, t.resolution, t.text) for t in m.turns[2:]]
    assert got == [
        ("問", None, "unknown", "qa", "クラウドに保存しているのか。"),
        ("答", None, "unknown", "qa", "庁内サーバで管理している。\nバックアップは暗号化している。"),
        ("Ｑ１", None, "unknown", "qa", "通知はいつか。"),
        ("Ａ１", None, "unknown", "qa", "答申後に通知する。"),
        ("問", None, "unknown", "qa", "件数は。"),
        ("答", None, "unknown", "qa", "２割増えた。"),
    ]
    assert not m.warnings


@pytest.mark.parametrize(
    ("question", "answer"),
    [("Ｑ．", "Ａ．"), ("Q1. ", "A1. "), ("問１．", "答１．"), ("Q. ", "A. ")],
)
def test_question_and_answer_markers_with_a_full_stop(question, answer):
    got, _ = speeches(f"{question}件数は何件か。\n{answer}３件です。\n1. 内訳は別紙のとおり。\n")
    assert [(g[0], g[2], g[3]) for g in got] == [
        (question.strip(" ．."), "unknown", "件数は何件か。"),
        (answer.strip(" ．."), "unknown", "３件です。\n1. 内訳は別紙のとおり。"),  # 1. is no marker
    ]


def test_a_question_or_answer_marker_before_who_says_it():
    got, _ = speeches(
        "Ｑ１　委員：処理期間の平均は何日ですか。\nＡ１　事務局：平均で１２日です。\n"
        "Ｑ２　南委員　延長は何件ですか。\nＡ２　３件です。\n"
    )
    assert [(g[0], g[1], g[2], g[3]) for g in got] == [
        ("委員", None, "member", "処理期間の平均は何日ですか。"),
        ("事務局", None, "secretariat", "平均で１２日です。"),
        ("南委員", "南", "member", "延長は何件ですか。"),
        ("Ａ２", None, "unknown", "３件です。"),  # no one named: the marker alone
    ]


def test_a_marker_with_a_full_stop_is_text_outside_a_question_and_answer_summary():
    got, _ = speeches("大森会長：開会します。\nＡ．３件です。\n")
    assert [(g[0], g[3]) for g in got] == [("大森会長", "開会します。\nＡ．３件です。")]


@pytest.mark.parametrize(
    "body",
    [
        "大森会長：質問：件数は何件か。\n南委員：問：なぜか。\n",  # no answer marker
        "大森会長：開会します。\n問：件数\n南委員：伺います。\n",
    ],
)
def test_question_words_stay_text_outside_a_question_and_answer_summary(body):
    got, _ = speeches(body)
    assert [g[0] for g in got] == ["大森会長", "南委員"]
    assert "問：" in got[0][3] + got[1][3]


@pytest.mark.parametrize(
    ("roster", "last"),
    [
        (
            "出席委員\n　会　長　　北村　和彦\n",
            ("北村 和彦", "会長", "chair", "会　長　　北村　和彦"),
        ),
        (
            "出席委員\n　委　員　長　　北村　和彦\n",
            ("北村 和彦", "委員長", "chair", "委　員　長　　北村　和彦"),
        ),
        # 委員 here is also the section's key, and the title of the people after it
        (
            "出席委員\n　会　長　北村　和彦\n　委　員　　東山　健二\n",
            ("東山 健二", "委員", "member", "東山　健二"),
        ),
        # a section key that is a title titles its people in brackets too
        ("出席者　（委員）北村和彦、西野美和\n", ("西野美和", "委員", "member", "西野美和")),
        # a spaced given name of one character is not an affiliation
        ("出席者　北村和彦会長、委員　岩田　恵\n", ("岩田 恵", "委員", "member", "委員　岩田　恵")),
        (
            "出席者　（委員）北村和彦\n　　　　（事務局）総務課長　佐野誠\n",
            ("佐野誠", "総務課長", "secretariat", "総務課長　佐野誠"),
        ),
    ],
)
def test_justified_titles_and_bracketed_section_keys_in_a_roster(roster, last):
    """会　長　　北村　和彦: a title spread over its column; （事務局）: a section key."""
    text = f"ひばりが丘市個人情報保護審議会　会議録\n開催日時　令和５年１１月２１日\n{roster}\n"
    m = parse_minutes(text + "議事の経過\n北村会長　開会します。\n")
    person = m.participants[-1]
    assert (person.name, person.title, person.role) == last[:3]
    assert text[person.char_start : person.char_end] == last[3]
    assert (m.turns[0].speaker_name.replace(" ", ""), m.turns[0].resolution) == (
        "北村和彦",
        "exact",
    )


@pytest.mark.parametrize(
    "table",
    [
        "役職　氏名　所属\n会長　長尾 智子　なぎさ大学教授\n委員　福田 修　弁護士\n",
        "| 役職 | 氏名 | 所属 |\n|---|---|---|\n| 会長 | 長尾 智子 | なぎさ大学教授 |\n"
        "| 委員 | 福田 修 | 弁護士 |\n",
    ],
)
def test_a_roster_laid_out_as_a_table_before_the_body_heading(table):
    """Its header row names columns, not a person; its rows are people, not speech, the
    last cell an affiliation; the body starts at 議事の内容."""
    m = parse_minutes(
        "なぎさ市個人情報保護審議会会議録\n日時：令和5年12月4日\n出席委員\n"
        f"{table}事務局：総務課 高野課長\n\n議事の内容\n長尾会長　開会します。\n"
        "福田氏　伺います。\n"
    )
    assert [(p.name, p.title, p.role, p.note) for p in m.participants] == [
        ("長尾 智子", "会長", "chair", "なぎさ大学教授"),
        ("福田 修", "委員", "member", "弁護士"),  # like the chair's row, titled by 委員
        ("高野", "総務課長", "secretariat", None),
    ]
    assert [(t.speaker_name, t.resolution, t.text) for t in m.turns] == [
        ("長尾 智子", "exact", "開会します。"),
        ("福田 修", "exact", "伺います。"),
    ]


def test_a_marked_line_no_speaker_says_is_a_note():
    got, m = speeches(
        "大森会長：意見はありますか。\n南委員：ありません。\n○審議の結果、承認した。\n"
    )
    assert [g[3] for g in got] == ["意見はありますか。", "ありません。"]
    assert (m.turns[-1].kind, m.turns[-1].note_type, m.turns[-1].text) == (
        "note",
        "text",
        "○審議の結果、承認した。",
    )


def test_a_header_under_a_bare_title_with_asides_on_its_keys():
    """会議録 alone as the title is not the body's heading; 出席者（事務局） lists the
    secretariat; 配布資料 is a field, and the body starts after 会議経過."""
    m = parse_minutes(
        "会議録\n\n会議名：令和６年度第２回もみじ市情報公開審議会\n開催日時：令和６年９月１０日\n"
        "出席者（委員）：河野洋平会長、大西拓也委員\n出席者（事務局）：総務課長　中島浩\n"
        "配布資料：資料１　個人情報ファイル簿\n\n会議経過\n河野会長：開会します。\n"
        "事務局（説明）：資料１を説明します。\n事務局（中島課長）：補足します。\n"
    )
    assert (m.body, m.date.isoformat()) == ("もみじ市情報公開審議会", "2024-09-10")
    assert [(p.name, p.role) for p in m.participants] == [
        ("河野洋平", "chair"),
        ("大西拓也", "member"),
        ("中島浩", "secretariat"),
    ]
    assert [(t.speaker_name, t.role, t.resolution) for t in m.turns] == [
        ("河野洋平", "chair", "exact"),
        (None, "secretariat", "group"),  # 説明 in brackets names nobody
        ("中島浩", "secretariat", "exact"),
    ]


def test_a_speaker_who_lists_points_with_a_marker_keeps_them():
    got, m = speeches(
        "南委員：\n○安全性を伺う。\n○バックアップはどうか。\n大森会長：\n○承知した。\n"
    )
    assert [(g[0], g[3]) for g in got] == [
        ("南委員", "○安全性を伺う。\n○バックアップはどうか。"),
        ("大森会長", "○承知した。"),
    ]
    assert all(t.kind == "speech" for t in m.turns)


def test_minutes_without_labels_that_name_the_speaker_at_the_end_of_each_opinion():
    source = (
        "かすみ市情報公開審査会　会議要旨\n日時　令和６年６月１７日\n"
        "出席者　委員　北村和彦（会長）、南田恵子、東山健二\n事務局　総務課　西川課長\n\n"
        "主な意見\n・委託先の監査を徹底すべきである。（委員）\n"
        "・バックアップの保管場所を示してほしい。（南田委員）\n・定期的に報告する。【事務局】\n"
        "・答申案は次回審議する。\n"
    )
    m = parse_minutes(source)
    got = [(t.kind, t.speaker_label, t.speaker_name, t.role, t.resolution, t.text) for t in m.turns]
    assert got == [
        ("note", None, None, None, None, "主な意見"),
        # 委員 alone is any member: three in the roster, so nobody in particular
        ("speech", "委員", None, "member", "role", "・委託先の監査を徹底すべきである。"),
        (
            "speech",
            "南田委員",
            "南田恵子",
            "member",
            "exact",
            "・バックアップの保管場所を示してほしい。",
        ),
        ("speech", "事務局", None, "secretariat", "group", "・定期的に報告する。"),
        ("note", None, None, None, None, "・答申案は次回審議する。"),
    ]
    assert [source[t.label_start : t.label_end] for t in m.turns if t.kind == "speech"] == [
        "委員",
        "南田委員",
        "事務局",
    ]
    assert source[m.turns[1].char_start : m.turns[1].char_end].endswith("である。（委員）")
    assert not any(w.startswith("W203") for w in m.warnings)


def test_a_stage_direction_naming_a_post_and_rules_drawn_between_turns():
    """〔市長　…君登壇〕 is a stage direction, not 〔市長 speaking; a rule line is layout."""
    got, m = speeches(
        "○大森会長　市長の答弁を求めます。\n"
        "　　〔市長　東山二郎君登壇〕\n"
        "─────────────\n"
        "○南委員　質問があります。\n"
        "＝＝＝＝＝＝\n"
        "　続けて伺います。\n"
    )
    assert [(label, text) for label, _, _, text in got] == [
        ("大森会長", "市長の答弁を求めます。"),
        ("南委員", "質問があります。\n続けて伺います。"),
    ]
    assert [(t.note_type, t.text) for t in m.turns if t.kind == "note"] == [
        ("stage", "〔市長\u3000東山二郎君登壇〕")
    ]


def test_the_attestation_closing_the_minutes_keeps_its_signatories_out_of_the_last_turn():
    got, m = speeches(
        "大森会長：以上で閉会します。\n\n"
        "上記会議録の内容に相違ないことを証するため、ここに署名する。\n"
        "令和4年10月20日\n"
        "会長　大森\n"
        "委員　南\n"
    )
    assert [(label, text) for label, _, _, text in got] == [("大森会長", "以上で閉会します。")]
    (note,) = [t for t in m.turns if t.kind == "note"]
    assert note.note_type == "text"
    assert note.text.startswith("上記会議録の内容に相違ないことを証する")
    assert note.text.endswith("委員\u3000南")


def test_a_speaker_may_still_speak_after_an_attestation_and_sign_nothing_in_a_sentence():
    got, m = speeches(
        "大森会長：会議録に署名する委員を指名します。\n"
        "南委員：承知しました。\n"
        "以上のとおり相違ないことを認め、署名する。\n"
        "南委員：追加で一点、申し上げます。\n"
    )
    assert [label for label, *_ in got] == ["大森会長", "南委員", "南委員"]
    assert [t.note_type for t in m.turns if t.kind == "note"] == ["text"]


def test_a_colon_label_spaced_out_is_one_label_and_words_after_a_label_are_not():
    got, _ = speeches(
        "大森会長：開会します。\n"
        "南 委員：質問があります。\n"
        "大 森 会 長：お答えします。\n"
        "南委員　資料の件：確認します。\n"
    )
    assert [(label, who, text) for label, who, _, text in got] == [
        ("大森会長", "大森", "開会します。"),
        ("南 委員", "南", "質問があります。"),
        ("大 森 会 長", "大森", "お答えします。"),
        ("南委員", "南", "資料の件：確認します。"),
    ]


def test_a_guests_roster_entry_may_begin_with_their_organisation():
    m = parse_minutes(
        "令和6年度第2回ひかり市個人情報保護審議会会議録\n日時　令和6年9月3日（火）午後2時\n"
        "出席委員　会長　山田太郎\n"
        "参考人　株式会社ひかりシステム　営業部長　石井　誠\n\n"
        "議事の経過\n山田会長：開会します。\n石井様：弊社のシステムについて説明します。\n"
    )
    assert [(p.name, p.title, p.role, p.note) for p in m.participants][1:] == [
        ("石井 誠", "営業部長", "guest", "株式会社ひかりシステム")
    ]
    assert [(t.speaker_name, t.role) for t in m.turns] == [
        ("山田太郎", "chair"),
        ("石井 誠", "guest"),
    ]


def test_what_a_summary_calls_a_turn_before_the_speaker_in_brackets():
    """問（南委員）, 答（事務局）, 意見（大森会長）: the speaker is the bracket's, with a space,
    a colon or nothing before the text; a word and a bracket that name nobody stay text."""
    got, m = speeches(
        "問（南委員）　クラウドの所在地はどこか。\n"
        "答（事務局）：国内のデータセンターです。\n"
        "意見（大森会長）委託先の監査を求める。\n"
        "資料（別紙）について事務局が説明した。\n"
    )
    assert [(label, who, role, text) for label, who, role, text in got] == [
        ("問（南委員）", "南", "member", "クラウドの所在地はどこか。"),
        ("答（事務局）", None, "secretariat", "国内のデータセンターです。"),
        (
            "意見（大森会長）",
            "大森",
            "chair",
            "委託先の監査を求める。\n資料（別紙）について事務局が説明した。",
        ),
    ]
    assert [t.resolution for t in m.turns] == ["exact", "group", "exact"]


def test_a_transcript_table_with_a_row_number_column():
    """Rows numbered 1, 2, 3 before their speakers are turns; the numbers stay in the source
    and in the turn's span, not in its text. Numbered header fields are no such run."""
    text = (
        "第3回もみじ町情報公開審査会会議録\n１　日時　令和5年11月9日（木）午前10時\n"
        "２　出席者　森田会長、青木委員、西村委員\n３　事務局　総務課長　松本誠\n"
        "審議の経過\nNo.　発言者　発言内容\n"
        "1　会長　開会します。\n2　事務局　概要を説明します。\n"
        "3　青木委員　不開示は妥当と考えます。\n4　西村委員　部分開示はできないのか。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.role) for p in m.participants][:3] == [
        ("森田", "chair"),
        ("青木", "member"),
        ("西村", "member"),
    ]
    assert [(t.kind, t.speaker_name, t.role, t.text) for t in m.turns] == [
        ("speech", "森田", "chair", "開会します。"),
        ("speech", None, "secretariat", "概要を説明します。"),
        ("speech", "青木", "member", "不開示は妥当と考えます。"),
        ("speech", "西村", "member", "部分開示はできないのか。"),
    ]
    third = m.turns[2]
    assert text[third.char_start : third.char_end] == "3　青木委員　不開示は妥当と考えます。"


def test_numbered_lines_that_do_not_run_on_keep_their_numbers():
    body = "大森会長：議事に入ります。\n1　南委員　質問します。\n3　南委員　続けます。\n"
    got, _ = speeches(body)
    assert [(label, text) for label, _, _, text in got] == [
        ("大森会長", "議事に入ります。\n1　南委員　質問します。\n3　南委員　続けます。")
    ]


def test_an_html_transcript_table_with_a_row_number_column():
    from pipeline.ingest.readers import read_html

    rows = "".join(
        f"<tr><td>{n}</td><td>{who}</td><td>{said}</td></tr>"
        for n, who, said in [
            (1, "会長", "開会します。"),
            (2, "事務局", "請求の概要を説明します。"),
            (3, "西村委員", "マスキングはできないのでしょうか。"),
        ]
    )
    page = (
        "<html><body><h1>第3回もみじ町情報公開審査会 会議録</h1>"
        "<p>日時：令和5年11月9日（木）午前10時</p>"
        "<p>出席委員：森田 直樹（会長）、西村 健（委員）</p>"
        "<h2>審議の経過</h2><table><tr><th>No.</th><th>発言者</th><th>発言内容</th></tr>"
        f"{rows}</table></body></html>"
    )
    m = parse_minutes(read_html(page.encode()).text)
    assert [(t.kind, t.speaker_name, t.text) for t in m.turns] == [
        ("speech", "森田 直樹", "開会します。"),
        ("speech", None, "請求の概要を説明します。"),
        ("speech", "西村 健", "マスキングはできないのでしょうか。"),
    ]


def test_unmarked_labels_with_a_name_or_post_in_brackets():
    """会長（大森）　本文 and 事務局（東課長）　本文 without a marker, and 南委員（質問）:
    the bracket's person or what the turn is; 会長（案）について… is no label."""
    got, m = speeches(
        "会長（大森）　開会します。\n"
        "事務局（東課長）　諮問について説明します。\n"
        "南委員（質問）　件数は何件か。\n"
        "事務局　１２件です。\n"
        "会長（案）について事務局から説明があった。\n"
    )
    assert [(label, who, role) for label, who, role, _ in got] == [
        ("会長（大森）", "大森", "chair"),
        ("事務局（東課長）", "東", "secretariat"),
        ("南委員（質問）", "南", "member"),
        ("事務局", None, "secretariat"),
    ]
    # a summary's narration, no label and not the last speaker's: a note
    assert got[-1][3] == "１２件です。"
    assert (m.turns[-1].kind, m.turns[-1].text) == (
        "note",
        "会長（案）について事務局から説明があった。",
    )


def test_a_line_saying_only_that_the_minutes_end_is_a_note():
    m = parse_minutes(HEADER + "大森会長：閉会します。\n\n以上\n")
    assert [(t.kind, t.note_type, t.text) for t in m.turns] == [
        ("speech", None, "閉会します。"),
        ("note", "text", "以上"),
    ]


@pytest.mark.parametrize(
    ("title", "date"),
    [
        ("2024年（令和6年）7月18日　くすのき町個人情報保護審議会　会議要旨", "2024-07-18"),
        ("くすのき町個人情報保護審議会（令和6年7月18日（木）開催）会議録", "2024-07-18"),
        (
            "2024年度（令和6年度）第1回くすのき町個人情報保護審議会（7月18日（木）開催）",
            "2024-07-18",
        ),
    ],
)
def test_the_body_and_place_of_a_title_with_the_meetings_date_in_it(title, date):
    m = parse_minutes(f"{title}\n出席委員：松田会長\n松田会長：開会します。\n")
    assert (m.body, m.municipality, str(m.date)) == (
        "くすのき町個人情報保護審議会",
        "くすのき町",
        date,
    )


@pytest.mark.parametrize(
    ("header", "place"),
    [
        ("場所　しらかわ町役場２階会議室", "しらかわ町"),
        ("開催場所：千葉県みどり野市役所本館３階", "千葉県みどり野市"),
        ("場所　市役所本庁舎３階", None),  # no place before the office
        ("場所　東地区センター", None),
        ("事務局　つばき町議会事務局　議事係長　小池", "つばき町"),
    ],
)
def test_a_title_without_its_place_takes_the_place_whose_office_the_header_names(header, place):
    m = parse_minutes(f"令和６年度第１回情報公開審査会　会議録\n{header}\n松田会長：開会します。\n")
    assert (m.body, m.municipality) == ("情報公開審査会", place)


@pytest.mark.parametrize(
    ("written", "date", "start"),
    [
        ("7月18日（木）午後2時から", "2024-07-18", "14:00"),
        ("２月６日（木）午後２時", "2025-02-06", "14:00"),
    ],
)
def test_a_date_without_its_year_under_a_title_naming_the_fiscal_year(written, date, start):
    m = parse_minutes(
        f"令和6年度第2回くすのき町個人情報保護審議会会議録\n日時　{written}\n"
        "出席委員：松田会長\n松田会長：開会します。\n"
    )
    assert (str(m.date), m.fiscal_year, m.start_time, m.weekday_text) == (date, 2024, start, "木")
    assert [w[:4] for w in m.warnings] == ["W210"]


def test_a_date_without_its_year_and_no_fiscal_year_is_still_no_date():
    m = parse_minutes("くすのき町審議会会議録\n日時　7月18日（木）\n松田会長：開会します。\n")
    assert m.date is None
    assert [w[:4] for w in m.warnings] == ["W204"]


def test_markdown_headings_that_are_speaker_labels():
    """### 大森会長 over what they said is a label; headings naming no speaker, or only
    starting with one, stay headings."""
    text = HEADER + (
        "## 議事の経過\n\n### 大森会長\n開会します。\n\n### 事務局（東総務課長）\n"
        "説明します。\n\n### 南委員からの質問\n件数は何件か。\n\n## 閉会\n"
    )
    m = parse_minutes(text)
    got = [(t.kind, t.note_type, t.speaker_name, t.role, t.text) for t in m.turns]
    assert got == [
        ("speech", None, "大森", "chair", "開会します。"),
        ("speech", None, "東", "secretariat", "説明します。"),
        ("note", "heading", None, None, "### 南委員からの質問"),
        ("note", "text", None, None, "件数は何件か。"),  # not 東's: a heading came between
        ("note", "heading", None, None, "## 閉会"),
    ]
    assert m.turns[0].char_start == text.index("### 大森会長")


@pytest.mark.parametrize(
    "roster",
    [
        "| 役職 | 氏名 | 出欠 |\n|---|---|---|\n| 会長 | 松井 恒夫 | 出席 |\n"
        "| 委員 | 小西 聡 | 欠席 |\n| 委員 | 丸山 直子 | ○ |\n",
        "会長　松井 恒夫\n委員　小西 聡（欠席）\n委員　丸山 直子\n",
    ],
)
def test_a_rosters_attendance_column_says_who_attended(roster):
    m = parse_minutes(
        "令和6年度第3回あじさい市情報公開審査会会議録\n日時：令和6年11月7日（木）午前10時\n"
        f"出席者\n{roster}\n議事の経過\n松井会長：開会します。\n"
    )
    assert [(p.name, p.title, p.present, p.note) for p in m.participants] == [
        ("松井 恒夫", "会長", True, None),
        ("小西 聡", "委員", False, None),
        ("丸山 直子", "委員", True, None),
    ]


def test_posts_named_after_their_unit_are_not_surnames():
    m = parse_minutes(
        "第２回みなと区情報セキュリティ委員会　会議概要\n開催日　令和４年８月３０日\n"
        "出席者　甲委員長、乙委員、情報政策課長\n事務局　総務課長、総務課文書係長、大手課長補佐\n\n"
        "【甲委員長】　開会します。\n【情報政策課長】　訓練の結果を報告します。\n"
    )
    assert [(p.name, p.title) for p in m.participants] == [
        ("甲", "委員長"),
        ("乙", "委員"),
        (None, "情報政策課長"),
        (None, "総務課長"),
        (None, "総務課文書係長"),
        ("大手", "課長補佐"),  # a surname that is also a common noun, then a post
    ]
    assert [(t.speaker_name, t.role, t.resolution) for t in m.turns] == [
        ("甲", "chair", "exact"),
        (None, "agency", "title"),
    ]


@pytest.mark.parametrize("heading", ["＜議事＞", "〈議事〉", "《議事》", "〔議事〕"])
def test_a_heading_in_angle_brackets_ends_the_roster(heading):
    m = parse_minutes(
        "第２回みなと区情報セキュリティ委員会　会議概要\n開催日　令和４年８月３０日\n"
        f"出席者　甲委員長、乙委員\n\n{heading}\n【甲委員長】　開会します。\n"
    )
    assert [p.title for p in m.participants] == ["委員長", "委員"]
    assert [t.speaker_name for t in m.turns if t.kind == "speech"] == ["甲"]


def test_a_summary_with_arrows_before_the_answers_and_text_under_a_heading():
    m = parse_minutes(
        "令和５年度第２回もみじ台市個人情報保護審議会　会議要旨\n日時　令和５年９月１２日\n"
        "出席者　岡本会長、森委員\n\n４　会議の内容\n（１）運用状況について\n"
        "・委員：開示請求の件数はどの程度か。\n→事務局：昨年度は４２件であった。\n"
        "⇒ 事務局：委託先は年１回検査している。\n→対応：次回までに検討する。\n"
        "（２）その他\n特になし。\n"
    )
    got = [(t.kind, t.note_type, t.speaker_label, t.role, t.text) for t in m.turns]
    assert got == [
        ("note", "heading", None, None, "（１）運用状況について"),
        ("speech", None, "委員", "member", "開示請求の件数はどの程度か。"),
        ("speech", None, "事務局", "secretariat", "昨年度は４２件であった。"),
        # an arrow before what is no speaker is the answer's next point
        (
            "speech",
            None,
            "事務局",
            "secretariat",
            "委託先は年１回検査している。\n→対応：次回までに検討する。",
        ),
        ("note", "heading", None, None, "（２）その他"),
        ("note", "text", None, None, "特になし。"),  # under a new heading, not 事務局's
    ]


def test_a_summarys_narration_between_the_turns_is_a_note():
    m = parse_minutes(
        "令和６年度第１回ふじみ野原市個人情報保護審議会　会議要旨\n日時　令和６年７月２日\n"
        "出席者　原田会長、岸委員\n\n議事の経過\n"
        "岸委員：委託先の監査は毎年行っているのか。\n事務局：毎年度、実地で確認している。\n"
        "続いて、議題２について事務局より説明を行った。\n"
        "事務局：漏えい時は所管課から直ちに報告する。\n職員が誤って送付した事例はない。\n"
        "会長：ただいま事務局から説明がありました。\n審議の結果、原案のとおり了承された。\n"
    )
    got = [(t.kind, t.speaker_label, t.text) for t in m.turns]
    assert got == [
        ("speech", "岸委員", "委託先の監査は毎年行っているのか。"),
        ("speech", "事務局", "毎年度、実地で確認している。"),
        ("note", None, "続いて、議題２について事務局より説明を行った。"),
        # what someone did, said in the answer, and a chair's polite words stay theirs
        (
            "speech",
            "事務局",
            "漏えい時は所管課から直ちに報告する。\n職員が誤って送付した事例はない。",
        ),
        ("speech", "会長", "ただいま事務局から説明がありました。"),
        ("note", None, "審議の結果、原案のとおり了承された。"),
    ]


def test_a_numbered_item_ending_in_a_bracket_is_a_heading_not_a_stage_direction():
    m = parse_minutes(
        HEADER + "議事の経過\n２　議事\n(1) 電子申請システムへの個人情報の登録について（諮問）\n"
        "大森会長：説明をお願いします。\n（午後２時１０分　休憩）\n〔市長（山田）登壇〕\n"
    )
    assert [(t.kind, t.note_type) for t in m.turns] == [
        ("note", "heading"),
        ("note", "heading"),
        ("speech", None),
        ("note", "time"),
        ("note", "stage"),
    ]


def test_a_roster_in_columns_holds_several_people_a_line():
    text = (
        "令和6年度第1回かえで市個人情報保護審議会会議録\n日時　令和6年6月3日（月）午後2時\n"
        "出席委員\n　会　長　山田　太郎　　　副会長　鈴木　花子\n"
        "　委　員　田中　一郎　　　委　員　佐藤　次郎\n"
        "　委　員　　長尾　智子　　なぎさ大学教授\n"
        "事務局\n　総務課長　伊藤　誠　　　総務課主査　渡辺　恵\n\n"
        "会議の経過\n山田会長：開会します。\n伊藤総務課長：説明します。\n"
    )
    m = parse_minutes(text)
    got = [(p.name, p.title, p.role, text[p.char_start : p.char_end]) for p in m.participants]
    assert got == [
        ("山田 太郎", "会長", "chair", "会　長　山田　太郎"),
        ("鈴木 花子", "副会長", "vice_chair", "副会長　鈴木　花子"),
        ("田中 一郎", "委員", "member", "田中　一郎"),  # after the key 委　員
        ("佐藤 次郎", "委員", "member", "委　員　佐藤　次郎"),
        # one person, whose affiliation is in the next column (read as 長尾 智子（…）, a
        # note, the title from the key 委　員 before them)
        ("長尾 智子", "委員", "member", "長尾　智子　　なぎさ大学教授"),
        ("伊藤 誠", "総務課長", "secretariat", "総務課長　伊藤　誠"),
        ("渡辺 恵", "総務課主査", "secretariat", "総務課主査　渡辺　恵"),
    ]
    assert [t.speaker_name for t in m.turns] == ["山田 太郎", "伊藤 誠"]


def test_roster_columns_of_names_alone_or_with_a_title_a_wide_gap_before_the_name():
    text = (
        "令和6年度第1回かえで市個人情報保護審議会会議録\n日時　令和6年6月3日（月）午後2時\n"
        "出席委員　山田　太郎（会長）　　　鈴木　花子（副会長）\n"
        "　　　　　田中　一郎　　　佐藤　次郎\n"
        "事務局　　議事係長　　　小池　涼君　　　庶務係長　　　原　一君\n\n"
        "会議の経過\n山田会長：開会します。\n佐藤委員：質問します。\n"
    )
    m = parse_minutes(text)
    got = [(p.name, p.title, text[p.char_start : p.char_end]) for p in m.participants]
    assert got == [
        ("山田 太郎", "会長", "山田　太郎（会長）"),
        ("鈴木 花子", "副会長", "鈴木　花子（副会長）"),
        ("田中 一郎", None, "田中　一郎"),  # members by the key: 出席委員
        ("佐藤 次郎", None, "佐藤　次郎"),
        ("小池 涼", "議事係長", "議事係長　　　小池　涼君"),
        ("原 一", "庶務係長", "庶務係長　　　原　一君"),
    ]
    assert [t.speaker_name for t in m.turns] == ["山田 太郎", "佐藤 次郎"]


def test_a_roster_entry_of_a_post_then_a_name_with_another_post():
    # 委員長　松岡副市長: listed as 委員長, holding 副市長 besides; under a group (事務局) the
    # post is the person's own title and the group gives the role
    text = (
        "第４回あさひ台市情報セキュリティ委員会　会議録\n日時　令和4年11月15日（火）午後3時\n"
        "出席者　委員長　松岡副市長、委員　桑原総務部長、事務局　情報政策課長　岡部\n\n"
        "議事録\n委員長：開会します。\n桑原委員：質問します。\n事務局：お答えします。\n"
    )
    m = parse_minutes(text)
    got = [(p.name, p.title, p.role, p.note) for p in m.participants]
    assert got == [
        ("松岡", "委員長", "chair", "副市長"),
        ("桑原", "委員", "member", "総務部長"),
        ("岡部", "情報政策課長", "secretariat", None),
    ]
    assert [(t.speaker_name, t.resolution) for t in m.turns if t.kind == "speech"] == [
        ("松岡", "title"),
        ("桑原", "exact"),
        (None, "group"),
    ]


def test_roster_keys_inside_a_markdown_list_title_their_people():
    # an internal committee: its members are department heads, listed under 委員長 and 委員
    text = (
        "# 令和6年度 第2回 さくら台市情報化推進委員会 議事録\n\n"
        "- 日時：令和6年9月12日（木）午前10時～正午\n- 出席者：\n"
        "  - 委員長：石原副市長\n  - 委員：中川総務部長、福井企画部長\n"
        "  - 事務局：デジタル推進課（課長 小松、主査 今井）\n"
        "  - 委員　長谷部　ゆかり（職務代理者）、野口　真理（代理出席）\n\n"
        "## 議事\n\n**委員長**：始めます。\n\n**中川委員**：伺います。\n\n"
        "**長谷部委員**：意見です。\n"
    )
    m = parse_minutes(text)
    got = [(p.name, p.title, p.role, p.note) for p in m.participants]
    assert got == [
        ("石原", "委員長", "chair", "副市長"),
        ("中川", "委員", "member", "総務部長"),
        ("福井", "委員", "member", "企画部長"),
        ("小松", "デジタル推進課長", "secretariat", None),
        ("今井", "デジタル推進課主査", "secretariat", None),
        ("長谷部 ゆかり", "職務代理者", "vice_chair", None),  # a post in brackets
        ("野口 真理", "委員", "member", "代理出席"),  # a note in brackets
    ]
    assert [(t.speaker_name, t.role) for t in m.turns if t.kind == "speech"] == [
        ("石原", "chair"),
        ("中川", "member"),
        ("長谷部 ゆかり", "vice_chair"),
    ]


def test_an_assembly_committees_header_ends_at_its_opening_time():
    text = (
        "令和５年第２回みなと市議会定例会　総務常任委員会会議録\n\n"
        "１　開会日時　令和５年６月１５日（木）午前１０時\n"
        "２　出席委員（２名）\n　　委員長　　青山　正人君　　　委　員　　黒田　浩二君\n"
        "３　職務のため出席した議会事務局職員\n　　議事係長　　小池　涼君\n"
        "４　付託案件\n　　議案第３５号　みなと市個人情報保護法施行条例の一部を改正する条例\n\n"
        "　　　午前１０時００分　開会\n"
        "◯委員長（青山正人君）　ただいまから総務常任委員会を開会いたします。\n"
        "◯黒田委員　開示請求の手続を伺います。\n"
    )
    m = parse_minutes(text)
    assert m.body == "みなと市議会総務常任委員会"  # not the session it met in
    assert [p.name for p in m.participants] == ["青山 正人", "黒田 浩二", "小池 涼"]
    assert [a.title for a in m.agenda] == [
        "議案第３５号　みなと市個人情報保護法施行条例の一部を改正する条例"
    ]
    assert [(t.kind, t.note_type, t.text) for t in m.turns][:2] == [
        ("note", "time", "午前１０時００分　開会"),
        ("speech", None, "ただいまから総務常任委員会を開会いたします。"),
    ]


def test_times_under_the_date_key_stay_in_the_header():
    text = (
        "ひばり町個人情報保護審議会会議録\n日時　令和5年6月15日（木）\n"
        "　　午前10時00分　開会\n　　午前11時30分　閉会\n"
        "出席者　山田会長、佐藤委員\n\n山田会長：開会します。\n"
    )
    m = parse_minutes(text)
    assert [p.name for p in m.participants] == ["山田", "佐藤"]
    assert [(t.kind, t.speaker_name) for t in m.turns] == [("speech", "山田")]


def test_a_review_boards_hearing_with_the_deciding_agency_and_a_numbered_order():
    text = (
        "令和６年度第４回やまぶき市情報公開・個人情報保護審査会会議録\n\n"
        "日時：令和6年10月8日（火）午後2時00分～午後3時20分\n"
        "出席委員：増田会長、川口委員\n"
        "処分庁：やまぶき市教育委員会事務局学校教育課　課長　岸本、主査　平野\n"
        "事務局：総務課情報公開係　係長　荒井\n\n"
        "１　開会\n２　審査請求人による口頭意見陳述\n\n"
        "会長：開会します。\n審査請求人：黒塗りの部分を公開してほしい。\n"
        "処分庁（岸本課長）：個人が特定されるおそれがあります。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.role) for p in m.participants] == [
        ("増田", "chair"),
        ("川口", "member"),
        ("岸本", "agency"),
        ("平野", "agency"),
        ("荒井", "secretariat"),
    ]
    # the order of business after the roster opens the body: headings, not more people
    assert [(t.kind, t.note_type, t.speaker_name, t.role) for t in m.turns] == [
        ("note", "heading", None, None),
        ("note", "heading", None, None),
        ("speech", None, "増田", "chair"),
        ("speech", None, None, "guest"),
        ("speech", None, "岸本", "agency"),
    ]


def test_roster_keys_naming_names_and_the_same_unit_said_again():
    text = (
        "会　議　録\n会議の名称      第２回いちょう市個人情報保護審議会\n"
        "開催日時        令和６年７月９日（火）　午後２時から午後３時まで\n"
        "出席者氏名      （委員）佐々木　隆（会長）、本田　恵子\n"
        "                （事務局）情報推進課長　松下　聡、同課主査　内田　瞳\n"
        "欠席者氏名      なし\n\n審議の内容\n会長　　　開会します。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("佐々木 隆", "会長", "chair"),
        ("本田 恵子", "委員", "member"),
        ("松下 聡", "情報推進課長", "secretariat"),
        ("内田 瞳", "情報推進課主査", "secretariat"),  # 同課: the unit of the entry before
    ]  # 欠席者氏名　なし: nobody absent, not a participant


def test_a_bracket_saying_who_people_work_for_ends_the_titled_section_before():
    # （構成員） titles the members; （町） opens the town's officials, who keep their posts
    text = (
        "令和4年度第1回つばき町デジタル化推進懇話会会議記録\n日　時：令和4年8月30日（火）19時00分\n"
        "出席者：（構成員）青木構成員（座長）、井上構成員\n　　　　（町）企画政策課　遠藤課長\n"
        "　　　　（総務課）木村課長\n\n"
        "【議事】\n座長\n　始めます。\n企画政策課長\n　説明します。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("青木", "構成員", "chair"),
        ("井上", "構成員", "member"),
        ("遠藤", "企画政策課長", "agency"),
        ("木村", "総務課長", "agency"),  # a unit in brackets joins the post
    ]
    assert [(t.speaker_name, t.resolution) for t in m.turns if t.kind == "speech"] == [
        ("青木", "title"),
        ("遠藤", "title"),
    ]


def test_an_agenda_of_numbered_sections_stays_the_agenda():
    text = (
        "ひばり町審議会会議録\n日時　令和5年6月15日\n出席者　山田会長、佐藤委員\n"
        "会議次第\n１　開会\n２　議事\n（１）個人情報の取扱いについて\n３　閉会\n\n"
        "山田会長：開会します。\n"
    )
    m = parse_minutes(text)
    assert [(a.item_no, a.title) for a in m.agenda] == [
        ("1", "開会"),
        ("2", "議事"),
        ("2(1)", "個人情報の取扱いについて"),
        ("3", "閉会"),
    ]
    assert [(t.kind, t.speaker_name) for t in m.turns] == [("speech", "山田")]


@pytest.mark.parametrize(
    ("label", "resolved"),
    [
        ("梶中委員", ("畠中", "fuzzy")),  # a slip: 梶中 is no name the dictionary knows
        ("斉藤委員", ("斎藤", "fuzzy")),  # the same name, written with a variant kanji
        ("今井委員", ("今井", "label")),  # a surname of its own: not 村井 misspelt
    ],
)
def test_a_label_one_kanji_from_a_roster_name_is_that_person_only_when_it_is_a_slip(
    label, resolved, lexicon
):
    roster = [Participant(name, "委員", "member") for name in ("畠中", "斎藤", "村井")]
    got = SpeakerResolver(roster, lexicon).resolve(label)
    assert (got.speaker_name, got.resolution) == resolved


def test_a_roster_line_of_a_group_a_unit_posts_and_spaced_names_is_not_a_turn():
    m = parse_minutes(
        "第６回ゆうなぎ町情報セキュリティ対策委員会　議事録\n"
        "１．日時　　令和５年１１月２８日（火）　１５：００～１６：００\n"
        "３．出席者　委員長　副町長　宮崎　健\n"
        "　　　　　　事務局　情報管理係　係長　福田　誠、主事　三浦　咲\n"
        "４．議事\n（１）情報セキュリティ監査の結果について\n\n"
        "５．議事概要\n（１）情報セキュリティ監査の結果について\n"
        "　事務局から資料１に基づき説明。\n"
        "【委員長】外部監査で指摘された事項は何件あったか。\n"
        "【事務局（福田）】３件です。\n"
    )
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("宮崎 健", "委員長", "chair"),
        ("福田 誠", "情報管理係長", "secretariat"),  # was the text of a 事務局 turn
        ("三浦 咲", "情報管理係主事", "secretariat"),
    ]
    assert [item.title for item in m.agenda] == ["情報セキュリティ監査の結果について"]
    # 議事概要 opens the body: the heading and the narration before the first label are notes
    assert [(t.kind, t.speaker_name, t.text) for t in m.turns] == [
        ("note", None, "（１）情報セキュリティ監査の結果について"),
        ("note", None, "事務局から資料１に基づき説明。"),
        ("speech", "宮崎 健", "外部監査で指摘された事項は何件あったか。"),
        ("speech", "福田 誠", "３件です。"),
    ]


@pytest.mark.parametrize("second_line", ["会議録", "議事要旨", "【会議録】"])
def test_a_heading_under_the_title_that_header_fields_follow_does_not_open_the_body(
    second_line,
):
    m = parse_minutes(
        f"第1回そよかぜ市審議会\n{second_line}\n日時 令和5年7月4日（火）\n"
        "出席者 山田会長、佐藤委員\n\n山田会長：開会します。\n"
    )
    assert (m.title, str(m.date)) == ("第1回そよかぜ市審議会", "2023-07-04")
    assert [p.name for p in m.participants] == ["山田", "佐藤"]  # were notes of the body
    assert [(t.kind, t.text) for t in m.turns] == [("speech", "開会します。")]


@pytest.mark.parametrize(
    "body",
    [
        "○委員長　山田　開会します。\n○委員　佐藤　伺います。\n",
        "会長　山田：開会します。\n委員　佐藤：伺います。\n",
        "山田　会長　開会します。\n佐藤　委員　伺います。\n",
    ],
)
def test_a_post_and_a_roster_name_set_apart_by_a_space_are_one_label(body):
    m = parse_minutes(
        "第1回そよかぜ市審議会会議録\n日時 令和5年7月4日（火）\n"
        f"出席者 会長　山田一郎、委員　佐藤花子\n\n{body}"
    )
    got = [(t.speaker_name, t.role, t.resolution, t.text) for t in m.turns]
    assert got == [
        ("山田一郎", "chair", "exact", "開会します。"),
        ("佐藤花子", "member", "exact", "伺います。"),
    ]


def test_a_word_after_a_post_that_is_no_roster_name_stays_text():
    got, _ = speeches("会長　大森委員の御意見を伺います。\n委員　南さん　の件です。\n")
    assert [(g[0], g[3]) for g in got] == [
        ("会長", "大森委員の御意見を伺います。"),
        ("委員", "南さん\u3000の件です。"),
    ]


def test_a_label_closed_by_an_angle_bracket_may_hold_brackets_of_its_own():
    got, _ = speeches("大森会長＞開会します。\n事務局（東）＞　説明します。\n")
    assert [(g[0], g[2], g[3]) for g in got] == [
        ("大森会長", "chair", "開会します。"),
        ("事務局（東）", "secretariat", "説明します。"),
    ]


def test_a_label_before_a_quote_keeps_the_quote_in_the_turn():
    got, _ = speeches(
        "大森会長「開会します。」\n南委員「質問があります。」\n資料「別紙」を配布。\n"
    )
    assert [(g[0], g[1], g[3]) for g in got] == [
        ("大森会長", "大森", "「開会します。」"),
        ("南委員", "南", "「質問があります。」\n資料「別紙」を配布。"),  # 資料 names nobody
    ]


def test_what_a_turn_is_in_brackets_then_who_says_it():
    source = (
        "第1回そよかぜ市審議会会議要旨\n日時 令和5年7月4日（火）\n出席者 山田会長、佐藤委員\n\n"
        "（質問）佐藤委員\n件数は何件か。\n【回答】事務局　３件です。\n【意見】管理を徹底すべき。\n"
    )
    m = parse_minutes(source)
    got = [(t.speaker_label, t.speaker_name, t.role, t.text) for t in m.turns]
    assert got == [
        ("佐藤委員", "佐藤", "member", "件数は何件か。"),  # was 質問, the text 佐藤委員件数は…
        (
            "事務局",
            None,
            "secretariat",
            "３件です。\n【意見】管理を徹底すべき。",
        ),  # 意見 names nobody
    ]
    assert source[m.turns[0].char_start :].startswith("（質問）佐藤委員")  # the bracket in its span


def test_a_group_with_its_unit_in_brackets_names_nobody():
    got, _ = speeches(
        "事務局（総務課）：３件です。\n実施機関（市民課）　はい。\n事務局（東）：以上です。\n"
    )
    assert [(g[0], g[1], g[2]) for g in got] == [
        ("事務局（総務課）", None, "secretariat"),  # was the name 総務課
        ("実施機関（市民課）", None, "agency"),
        ("事務局（東）", "東", "secretariat"),  # a name in the brackets still names
    ]


@pytest.mark.parametrize(
    ("label", "resolved"),
    [
        ("文書係長", ("内田", "title")),  # the roster's 総務課文書係長, its unit left out
        ("係長", ("内田", "title")),
        ("課長", (None, "role")),  # 総務課長 or 情報課長: two of them
        ("委員長", (None, "role")),  # 副委員長 is no 委員長 in a unit called 副
    ],
)
def test_a_post_said_without_its_unit_is_the_one_roster_person_holding_it(label, resolved, lexicon):
    roster = [
        Participant("木村", "副委員長", "vice_chair"),
        Participant("石原", "総務課長", "secretariat"),
        Participant("林", "情報課長", "secretariat"),
        Participant("内田", "総務課文書係長", "secretariat"),
    ]
    got = SpeakerResolver(roster, lexicon).resolve(label)
    assert (got.speaker_name, got.resolution) == resolved


@pytest.mark.parametrize(
    "roster",
    [
        "出席者　委員　長谷川会長、小島委員、岡田委員　事務局　総務課　西田課長、平野主査\n",
        "出席者　委員　長谷川会長　小島委員　岡田委員\n"
        "　　　　事務局　総務課　西田課長、平野主査\n",
    ],
)
def test_roster_sections_set_apart_by_spaces_and_people_by_single_spaces(roster):
    m = parse_minutes(
        "第１回みずほ町情報公開審査会　会議要旨\n日時　令和６年２月９日（金）午前１０時から\n"
        f"{roster}\n会長　開会します。\n文書係長　説明します。\n"
    )
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("長谷川", "会長", "chair"),
        ("小島", "委員", "member"),
        ("岡田", "委員", "member"),  # was lost, 西田 titled 岡田委員
        ("西田", "総務課長", "secretariat"),
        ("平野", "総務課主査", "secretariat"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "【発言者】大森会長\n【発言内容】開会します。\n【発言者】南委員\n【発言内容】質問があります。\n",
        "発言者：大森会長\n発言内容：開会します。\n発言者：南委員\n発言内容：質問があります。\n",
        # a table of field rows, each row a line with its cells spaced (as HTML's are read)
        "発言者　大森会長　\n発言内容　開会します。　\n"
        "発言者　南委員　\n発言内容　質問があります。　\n",
        # both fields in one row; the text on the lines after the speaker's field
        "発言者　大森会長　発言内容　開会します。\n"
        "【発言者】南委員\n【発言内容】\n質問があります。\n",
    ],
)
def test_minutes_laid_out_as_speaker_and_text_fields(body):
    got, m = speeches(body)
    assert [(g[0], g[1], g[3]) for g in got] == [
        ("大森会長", "大森", "開会します。"),
        ("南委員", "南", "質問があります。"),
    ]
    assert not [t for t in m.turns if t.kind == "note"]


def test_a_text_field_heading_before_the_turns_still_opens_the_body():
    got, _ = speeches("５　発言内容\n\n大森会長　開会します。\n")
    assert [g[:2] for g in got] == [("大森会長", "大森")]


def test_anonymised_labels_with_a_letter_or_number_in_brackets_name_nobody():
    got, _ = speeches("委員（Ａ）：質問です。\n委員（１）：確認です。\n委員（２）　意見です。\n")
    assert [g[:3] for g in got] == [
        ("委員（Ａ）", None, "member"),  # was named Ａ
        ("委員（１）", None, "member"),  # was text
        ("委員（２）", None, "member"),
    ]


def test_turns_in_a_markdown_block_quote():
    got, m = speeches("> 大森会長：開会します。\n> 続けます。\n>\n> 南委員：質問があります。\n")
    assert [(g[1], g[3]) for g in got] == [
        ("大森", "開会します。\n続けます。"),
        ("南", "質問があります。"),
    ]
    # the turn's span starts at the quote mark, as a table row's does at its first |
    assert m.turns[0].char_start == len(HEADER)


@pytest.mark.parametrize(
    "roster",
    [
        "出席者\n　（委員）　１０名中８名出席\n　　　　　　山田　太郎（会長）、佐藤　花子\n",
        "出席委員　定数７名中６名　山田　太郎（会長）、佐藤　花子\n",
        "出席委員　２名出席　山田　太郎（会長）、佐藤　花子\n",
    ],
)
def test_how_many_members_came_is_no_participant(roster):
    m = parse_minutes(
        f"第２回なぎさ市情報公開審議会　会議録\n開催日時　令和５年１０月１７日（火）\n{roster}\n"
        "６　会議の概要\n（会長）\n　開会します。\n"
    )
    assert [(p.name, p.role) for p in m.participants] == [
        ("山田 太郎", "chair"),
        ("佐藤 花子", "member"),
    ]


def test_an_assembly_committees_roster_in_columns_with_titles_spread_over_them():
    text = (
        "こもれび市議会総務常任委員会会議録\n\n"
        "１　開会日時　令和６年６月１２日（水）午前１０時\n"
        "２　出席委員（４人）\n"
        "　　委 員 長　山本　一郎　　　副委員長　田中　花子\n"
        "　　委　　員　佐藤　次郎　　　委　　員　鈴木　三郎\n"
        "３　説明のため出席した者\n"
        "　　総務部長　木村　太一　　　情報政策課長　林　和子\n"
        "　　情報政策課長補佐　森　直樹\n"
        "４　職務のため出席した者\n"
        "　　議会事務局次長　高橋　誠\n\n"
        "○委員長（山本一郎君）　ただいまから総務常任委員会を開会いたします。\n"
        "○情報政策課長（林和子君）　議案第３０号について御説明申し上げます。\n"
        "○佐藤委員　個人情報ファイル簿は、どこで閲覧できるのですか。\n"
    )
    m = parse_minutes(text)
    got = [(p.name, p.title, p.role, text[p.char_start : p.char_end]) for p in m.participants]
    assert got == [
        ("山本 一郎", "委員長", "chair", "委 員 長　山本　一郎"),
        ("田中 花子", "副委員長", "vice_chair", "副委員長　田中　花子"),
        # 委　　員: one title spread over its column, not a column of its own
        ("佐藤 次郎", "委員", "member", "佐藤　次郎"),  # after the key 委　　員
        ("鈴木 三郎", "委員", "member", "委　　員　鈴木　三郎"),
        # two officials a line, post then name, are the roster's, not the body's first turn
        ("木村 太一", "総務部長", "agency", "総務部長　木村　太一"),
        ("林 和子", "情報政策課長", "agency", "情報政策課長　林　和子"),  # 林: also a word
        ("森 直樹", "情報政策課長補佐", "agency", "情報政策課長補佐　森　直樹"),
        ("高橋 誠", "議会事務局次長", "secretariat", "議会事務局次長　高橋　誠"),
    ]
    assert [(t.speaker_name, t.resolution) for t in m.turns] == [
        ("山本 一郎", "exact"),
        ("林 和子", "exact"),
        ("佐藤 次郎", "exact"),
    ]


def test_a_header_key_in_lenticular_brackets_with_its_value_right_after_it():
    text = (
        "令和６年度第１回こもれび市情報公開・個人情報保護審査会　会議要旨\n\n"
        "【日時】令和６年８月２０日（火）午後３時\n"
        "【出席委員】岡本会長、上田委員、川口委員\n"
        "【事務局】総務課　西村課長\n\n"
        "【審議の概要】\n"
        "【上田委員】\n　再発防止策はどうなっていますか。\n"
        "【事務局】\n　確認の手順を改めました。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("岡本", "会長", "chair"),
        ("上田", "委員", "member"),
        ("川口", "委員", "member"),
        ("西村", "総務課長", "secretariat"),
    ]
    assert [(t.speaker_label, t.speaker_name, t.text) for t in m.turns if t.kind == "speech"] == [
        ("上田委員", "上田", "再発防止策はどうなっていますか。"),
        ("事務局", None, "確認の手順を改めました。"),
    ]


def test_roster_lines_of_a_post_a_name_and_a_bracket_and_a_time_in_brackets_opening_the_body():
    text = (
        "こもれび市情報セキュリティ委員会（令和７年度第２回）会議録\n\n"
        "日時：令和７年７月１日（火）１０：００～１１：００\n出席者：\n"
        "　委員長　　西川　亮介（副市長）\n　委員　　　大石　直子（総務部長）\n"
        "　事務局　　デジタル推進課\n\n"
        "【10:02】\n西川亮介：始めます。\n大石直子：訓練結果を報告します。\n"
    )
    m = parse_minutes(text)
    assert [(p.name, p.title, p.note) for p in m.participants] == [
        ("西川 亮介", "委員長", "副市長"),
        ("大石 直子", "委員", "総務部長"),
        (None, "デジタル推進課", None),
    ]
    assert [(t.kind, t.note_type, t.speaker_name, t.text) for t in m.turns] == [
        ("note", "time", None, "【10:02】"),
        ("speech", None, "西川 亮介", "始めます。"),
        ("speech", None, "大石 直子", "訓練結果を報告します。"),
    ]


@pytest.mark.parametrize(
    "roster",
    [
        "出席者　委員３名（熊谷会長、小野委員、白石）、事務局２名",
        "出席委員　３名（熊谷会長、小野委員、白石委員）",
    ],
)
def test_how_many_came_then_who_in_brackets(roster):
    m = parse_minutes(
        "こもれび市行政不服審査会　第２回会議記録\n開催日　令和７年２月１４日（金）\n"
        + roster
        + "\n\n熊谷会長：開会します。\n白石委員：質問します。\n"
    )
    people = [(p.name, p.title, p.role) for p in m.participants if p.name]
    assert people == [
        ("熊谷", "会長", "chair"),
        ("小野", "委員", "member"),
        ("白石", "委員", "member"),
    ]
    assert [t.speaker_name for t in m.turns] == ["熊谷", "白石"]


def test_numbered_sections_a_headcount_and_the_results_heading_that_opens_the_body():
    # A summary laid out as numbered sections (１　日時 … ４　会議の結果): the body is what
    # follows 会議の結果, the list's headcount after the last name is nobody's note, and a
    # surname UniDic reads as a place before a given name it reads as a word is one name.
    m = parse_minutes(
        "令和５年度第２回みずほ台市個人情報保護審議会　会議録\n\n１　日時\n\n"
        "令和５年８月２日(水曜日) 午後２時～３時\n\n２　出席者\n\n"
        "委員:北村一郎、南野二葉、東山三郎(3名)\n\n事務局:総務課長　西田四郎\n\n"
        "３　配布資料\n\n資料1 取組状況\n\n４　会議の結果\n\n1.開会\n\n2.議題\n"
        "(1)個人情報の保護に関する取組について\n\n-資料1に基づき、事務局から説明-\n\n"
        "  • 今年度は、取扱状況の点検を全課で行う。\n\n-質疑-\n\n"
        "  • 委員：クラウドに保存するデータの暗号化はどうしているのか。\n"
        "  • 事務局：保存時も通信時も暗号化している。\n\n3.閉会\n"
    )
    assert [(p.name, p.title, p.role, p.note) for p in m.participants] == [
        ("北村一郎", "委員", "member", None),
        ("南野二葉", "委員", "member", None),
        ("東山三郎", "委員", "member", None),
        ("西田四郎", "総務課長", "secretariat", None),
    ]
    got = [(t.kind, t.note_type, t.speaker_label, t.role) for t in m.turns]
    assert got == [
        ("note", "heading", None, None),
        ("note", "heading", None, None),
        ("note", "heading", None, None),
        ("note", "stage", None, None),
        ("note", "text", None, None),
        ("note", "stage", None, None),
        ("speech", None, "委員", "member"),
        ("speech", None, "事務局", "secretariat"),
        ("note", "heading", None, None),
    ]
    assert m.turns[3].text == "-資料1に基づき、事務局から説明-"


@pytest.mark.parametrize(
    ("entry", "name", "title"),
    [
        ("南野二葉", "南野二葉", "委員"),  # 南野 a place too, 二葉 a word too
        ("北村若葉", "北村若葉", "委員"),
        ("南野地区", None, "南野地区"),  # a place and what it names
        ("千葉市", None, "千葉市"),
    ],
)
def test_a_roster_entry_of_a_surname_and_a_given_name_unidic_reads_as_a_word(entry, name, title):
    m = parse_minutes(
        "第１回みずほ台市情報公開審査会会議録\n日時　令和６年２月９日\n"
        f"委員：{entry}\n\n委員：開会します。\n"
    )
    assert [(p.name, p.title) for p in m.participants] == [(name, title)]


def test_a_time_stamp_stays_in_the_turns_span_and_only_a_sure_label_follows_it():
    text = HEADER + "[00:00:05] 大森会長：開会します。\n14:05　開会\n"
    m = parse_minutes(text)
    first = m.turns[0]
    assert text[first.char_start : first.label_start] == "[00:00:05] "
    assert (first.speaker_label, first.text) == ("大森会長", "開会します。")
    assert [(t.kind, t.speaker_label, t.text) for t in m.turns[1:]] == [
        ("note", None, "14:05　開会")
    ]
    # a time in what is said is not a label's colon, nor stripped from the text
    got, _ = speeches("大森会長：10:00に開会します。\n")
    assert [(label, text) for label, _, _, text in got] == [("大森会長", "10:00に開会します。")]


def test_a_post_and_a_roster_name_in_brackets_need_no_space_before_the_text():
    got, _ = speeches(
        "会長（大森）開会します。\n委員（南）質問があります。\n会長（案）について説明します。\n"
    )
    assert got == [
        ("会長（大森）", "大森", "chair", "開会します。"),
        # 会長（案）について: no name the roster holds, so the line goes on 南's turn
        ("委員（南）", "南", "member", "質問があります。\n会長（案）について説明します。"),
    ]


@pytest.mark.parametrize(
    ("roster", "people"),
    [
        (
            "出席委員　上田・木下・斎藤各委員",
            [("上田", "委員"), ("木下", "委員"), ("斎藤", "委員")],
        ),
        ("出席委員　上田委員・木下委員", [("上田", "委員"), ("木下", "委員")]),
        (
            "出席委員　上田、木下、斎藤の各委員",
            [("上田", "委員"), ("木下", "委員"), ("斎藤", "委員")],
        ),
        ("出席委員　（上田、木下）２名", [("上田", None), ("木下", None)]),
        ("出席者\n委員 (上田・木下各委員)2名 (50音順)", [("上田", "委員"), ("木下", "委員")]),
        ("オブザーバー　ジョン・スミス", [("ジョン・スミス", "オブザーバー")]),
    ],
)
def test_names_set_apart_by_nakaguro_and_a_title_said_once_for_the_list(roster, people):
    header = "第１回みずほ台市情報公開審査会会議録\n日時　令和６年２月９日\n"
    m = parse_minutes(f"{header}{roster}\n\n会長：開会します。\n")
    assert [(p.name, p.title) for p in m.participants] == people


def test_a_groups_people_in_brackets_then_how_many():
    m = parse_minutes(
        "第１回みずほ台市情報公開審査会会議録\n日時　令和６年２月９日\n出席者\n"
        "委員 (上田・木下各委員)2名 (50音順)\n事務局(森部長、村井課長)2名\n\n会長：開会します。\n"
    )
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("上田", "委員", "member"),
        ("木下", "委員", "member"),
        ("森", "部長", "secretariat"),
        ("村井", "課長", "secretariat"),
    ]


def test_a_page_of_minutes_with_numbered_sections_named_by_their_business():
    # A city's page: a quoted body name, its place only in the venue, people in brackets with
    # a count, <label> lines, and sections numbered 1, 2, 3 whatever they are called.
    m = parse_minutes(
        "「情報公開・個人情報保護委員会」会議録(令和5年度第2回)\n\n最終更新日 2024年3月1日\n\n"
        "会議概要\n日時 令和6年2月20日(火曜日)午後6時00分から午後7時10分まで\n"
        "場所 あおば市職員会館3階6号室\n出席者\n\n委員 (上田・木下各委員)2名 (50音順)\n\n"
        "事務局(森部長、村井課長)2名\n\n傍聴者の数 0名\n\n1 開会\n\n<事務局>\n"
        "それでは委員会を始めます。\n\n2 個人情報の取扱いについて\n\n(1)市民課案件\n\n<会長>\n"
        "審議に入ります。\n\n<木下委員>\n保存期間は。\n\n1 保存期間\n2 利用目的\n\n3 閉会\n"
    )
    assert (m.body, m.municipality, str(m.date), m.audience) == (
        "情報公開・個人情報保護委員会",
        "あおば市",
        "2024-02-20",
        0,
    )
    assert [(t.note_type, t.speaker_label) for t in m.turns] == [
        ("heading", None),
        (None, "事務局"),
        ("heading", None),  # 2, after 1 開会
        ("heading", None),  # (1), under it
        (None, "会長"),
        (None, "木下委員"),
        ("heading", None),  # 3 閉会
    ]
    # a list of the speaker's own in the same style stays in what they say
    assert m.turns[5].text == "保存期間は。\n1 保存期間\n2 利用目的"


def test_kaikai_alone_after_the_header_opens_the_body_and_its_agenda_heading_follows():
    m = parse_minutes(
        "令和5年度第3回みどり野市個人情報保護審査会会議録\n\n会議開催日時 令和5年10月26日\n"
        "出席者 会長及び委員4人、行政総務課長\n説明者 情報公開係長\n\n開会\n\n案件\n\n"
        "条例の運用について\n\n 《事務局説明》\n\n北条会長\n\n 御意見を伺いたい。\n"
    )
    assert [p.title for p in m.participants] == ["会長及び委員", "行政総務課長", "情報公開係長"]
    assert m.agenda == []
    assert [(t.kind, t.note_type, t.text) for t in m.turns][:2] == [
        ("note", "stage", "開会"),
        ("note", "text", "案件"),
    ]
    assert m.turns[-1].speaker_label == "北条会長"


def test_a_summary_without_speakers_under_a_heading_with_to():
    m = parse_minutes(
        "令和4年度第2回さくら台市個人情報保護審議会　会議録\n\n日時\n令和4年12月14日\n\n"
        "出席委員\n片山会長、山口委員\n\n審議等の内容\n\n1 答申書の確認\n\n"
        "事務局から答申案が提案され、承認された。\n\n2 新規諮問事項\n\n"
        "実施機関から説明があった。\n\n3 その他\n\n次回の日程を確認した。\n"
    )
    assert [p.name for p in m.participants] == ["片山", "山口"]
    headings = [t.text for t in m.turns if t.note_type == "heading"]
    assert headings == ["1 答申書の確認", "2 新規諮問事項", "3 その他"]


@pytest.mark.parametrize(
    "line",
    [
        "審議会委員 : 森川会長、北島会長代理、青田委員",
        "審査会委員：森川会長、北島会長代理、青田",
        "委員会委員　森川会長、北島会長代理、青田",
    ],
)
def test_a_roster_key_naming_the_board_before_its_members_title(line):
    """審議会委員 : is the members' key as 委員： is; 青田, which UniDic reads as a word (a
    green rice field), listed under it is a member's surname."""
    m = parse_minutes(
        "第３回みずほ台県個人情報保護審議会　会議の概要\n日時　令和５年３月１４日\n"
        f"出席者\n{line}\n事務局 : 総務部法務文書課 杉野課長補佐\n\n会長：開会します。\n"
    )
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("森川", "会長", "chair"),
        ("北島", "会長代理", "vice_chair"),
        ("青田", "委員", "member"),
        ("杉野", "総務部法務文書課長補佐", "secretariat"),
    ]
    assert [(t.speaker_name, t.role) for t in m.turns] == [("森川", "chair")]


def test_a_prefectural_panel_with_bracketed_roster_groups(layouts_dir):
    """Keys alone on their lines, 【専門委員】-style groups over lines of names (座長代理 among
    them), a 議事次第, ≪…≫ section marks and ○ labels (a fictional 県 panel)."""
    m = parse_minutes((layouts_dir / "mizuhono_senmon_chosakai.txt").read_text("utf-8"))
    assert (m.body, m.municipality, m.date.isoformat()) == (
        "みずほ野県情報セキュリティ専門調査会",
        "みずほ野県",
        "2024-07-26",
    )
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("長谷部", "座長", "chair"),
        ("藤野", "座長代理", "vice_chair"),
        ("宇田", "委員", "member"),
        ("臼木", "委員", "member"),
        ("大沢", "委員", "member"),
        ("川端", "委員", "member"),
        ("國分", "みずほ野県デジタル推進課室長", "agency"),
        ("千早", "みずほ野県デジタル推進課長補佐", "agency"),
        ("齋藤", "審議官", "secretariat"),
        ("原口", "事務局長", "secretariat"),
    ]
    assert [a.title for a in m.agenda] == [
        "開会",
        "情報セキュリティポリシーの改定について",
        "閉会",
    ]
    assert [(t.note_type, t.text) for t in m.turns if t.kind == "note"] == [
        ("heading", "≪1.開会≫"),
        ("heading", "≪2.情報セキュリティポリシーの改定について≫"),
        ("heading", "≪3.閉会≫"),
    ]
    speech = [(t.speaker_name, t.role) for t in m.turns if t.kind == "speech"]
    assert speech == [
        ("原口", "secretariat"),
        ("長谷部", "chair"),
        ("國分", "agency"),
        ("宇田", "member"),
        ("千早", "agency"),
        ("長谷部", "chair"),
    ]


def test_a_roster_sentence_saying_who_did_not_come_and_a_given_name_unidic_splits():
    m = parse_minutes(
        "第５回個人情報保護制度検討委員会議事録\n1 日 時:令和6年4月21日(金)14時〜17時\n"
        "2 出席者:\n園田一夫委員長、上谷清委員、\n西谷剛委員は所用により欠席\n(事務局)\n"
        "藤井昭夫総務部長、小川登美夫情報政策課長\n5 審議経過\n"
        "【園田委員長】開会します。\n【小川情報政策課長】御説明します。\n"
    )
    assert [(p.name, p.title, p.role, p.present, p.note) for p in m.participants] == [
        ("園田一夫", "委員長", "chair", True, None),
        ("上谷清", "委員", "member", True, None),
        ("西谷剛", "委員", "member", False, "所用により"),
        ("藤井昭夫", "総務部長", "secretariat", True, None),
        ("小川登美夫", "情報政策課長", "secretariat", True, None),
    ]
    assert [t.speaker_name for t in m.turns] == ["園田一夫", "小川登美夫"]


@pytest.mark.parametrize(
    ("opening", "note_type"),
    [("（開会）", "stage"), ("≪1.開会≫", "heading"), ("【開会】", "heading")],
)
def test_an_opening_in_brackets_after_the_roster_opens_the_body(opening, note_type):
    """Not the roster's last entry: in round brackets what happens (a stage direction), in
    others a section's heading."""
    m = parse_minutes(
        "第２回みどり野市個人情報保護審査会会議録\n日時　令和６年２月９日\n"
        f"出席者　北条会長、南委員\n\n{opening}\n会長　はじめます。\n"
    )
    assert [p.name for p in m.participants] == ["北条", "南"]
    first = m.turns[0]
    assert (first.kind, first.note_type, first.text) == ("note", note_type, opening)


@pytest.mark.parametrize(
    "text",
    [
        "【委員からの質問】\nクラウドの件はどうか。\n【事務局からの回答】\n暗号化している。\n",
        "（委員の意見）\nクラウドの件はどうか。\n（事務局回答）\n暗号化している。\n",
        "委員より：クラウドの件はどうか。\n事務局より：暗号化している。\n",
        "委員意見：クラウドの件はどうか。\n事務局回答：暗号化している。\n",
    ],
)
def test_a_label_reporting_who_spoke_and_what_they_said(text):
    """委員からの質問, 事務局より: the member and the secretariat speak, their words follow."""
    got, _ = speeches(text)
    assert [(g[2], g[3]) for g in got] == [
        ("member", "クラウドの件はどうか。"),
        ("secretariat", "暗号化している。"),
    ]


def test_a_report_of_what_was_done_with_no_words_after_it_is_a_stage_direction():
    m = parse_minutes(HEADER + "（事務局から説明）\n南委員　質問です。\n大森会長　どうぞ。\n")
    assert [(t.kind, t.note_type, t.speaker_label) for t in m.turns] == [
        ("note", "stage", None),
        ("speech", None, "南委員"),
        ("speech", None, "大森会長"),
    ]
    assert m.turns[0].text == "（事務局から説明）"


def test_a_summary_whose_roster_ends_its_lists_with_oyobi_and_whose_body_opens_at_gijiyoshi():
    m = parse_minutes(
        "令和6年3月29日開催分 あおば市情報公開・個人情報保護審議会会議録\n1 開催日時\n"
        "令和6年3月29日(金曜日)午後3時~5時\n3 出席者\n(1) 委員\n"
        "梅原会長、土井副会長、藤川委員及び守口委員\n(2) 事務局\n"
        "鬼塚総務部長、田島統括リーダー及び井出主事補\n5 議題\n(1)審査請求について\n"
        "6 議事(要旨)\n事務局から当該案件の概要を説明した。\nイ 質疑\n"
        "(梅原会長) 実施機関の見解はどうか。\n(井出主事補) 部分開示としたものである。\n"
    )
    assert m.body == "あおば市情報公開・個人情報保護審議会"
    assert [(p.name, p.title) for p in m.participants] == [
        ("梅原", "会長"),
        ("土井", "副会長"),
        ("藤川", "委員"),
        ("守口", "委員"),
        ("鬼塚", "総務部長"),
        ("田島", "統括リーダー"),
        ("井出", "主事補"),
    ]
    assert [a.title for a in m.agenda] == ["審査請求について"]
    assert [(t.kind, t.speaker_name, t.text) for t in m.turns] == [
        ("note", None, "事務局から当該案件の概要を説明した。"),
        ("note", None, "イ 質疑"),
        ("speech", "梅原", "実施機関の見解はどうか。"),
        ("speech", "井出", "部分開示としたものである。"),
    ]


def test_an_office_and_its_members_joined_by_oyobi_stay_one_entry():
    m = parse_minutes(
        "第３回みどり野市個人情報保護審査会会議録\n日時　令和5年10月26日\n"
        "出席者 個人情報保護審査会会長及び委員4人、行政総務課長\n\n開会\n"
    )
    assert [p.title for p in m.participants] == ["個人情報保護審査会会長及び委員", "行政総務課長"]


def test_a_summary_record_with_justified_names_and_a_line_saying_no_questions(layouts_dir):
    """会議要録 ends the title; 会 長  森 本   健(弁護士) rows; 質問なし records silence."""
    m = parse_minutes((layouts_dir / "kaededai_shinsakai_yoroku.txt").read_text("utf-8"))
    assert m.body == "かえで台市情報公開審査会"
    assert [(p.name, p.title, p.note) for p in m.participants][:2] == [
        ("森本 健", "会長", "弁護士"),
        ("井口 寛", "副会長", "弁護士"),
    ]
    turns = [(t.kind, t.note_type, t.speaker_name, t.text) for t in m.turns]
    assert turns[3:5] == [
        (
            "speech",
            None,
            "森本 健",
            "事務局からの報告が終わりました。委員の方から質問はありますか。",
        ),
        ("note", "stage", None, "質問なし"),
    ]


def test_a_city_page_whose_roster_names_the_board_and_whose_rows_say_whom_to_ask(layouts_dir):
    """出席者: 情報公開審査会 on a line over its members; 問い合わせ先 among the rows, whose
    担当課 and telephone are nobody's."""
    page = read_html((layouts_dir / "hanamizuki_shinsakai.html").read_bytes())
    (m,) = structure(page, load_lexicon())
    assert (m.body, m.municipality, m.session_no) == ("情報公開審査会", "はなみずき市", 31)
    assert [(p.name, p.title, p.role) for p in m.participants] == [
        ("稲村", "会長", "chair"),
        ("小泉", "委員", "member"),
        ("須田", "委員", "member"),
        ("杉浦", "委員", "member"),
        ("中島", "総務部長", "secretariat"),
        ("関口", "行政管理課長", "secretariat"),
        ("狩野", "行政管理課長補佐", "secretariat"),
    ]
    assert [(t.speaker_name, t.role) for t in m.turns if t.kind == "speech"] == [
        ("小泉", "member"),
        ("関口", "secretariat"),
    ]


def test_a_summary_numbered_like_its_header_with_labels_in_brackets_over_wrapped_text(
    layouts_dir,
):
    """３　… after ２　出席者 goes on with the header's numbering: a section of the body, whose
    sections follow in that style. Names UniDic cuts short (安西公+爾) or spaced before the
    title (谷本 昌委員) stay whole."""
    m = parse_minutes((layouts_dir / "sakuranomiya_konwakai.txt").read_text("utf-8"))
    assert [(p.name, p.title) for p in m.participants][:5] == [
        ("今泉光代", "委員"),
        ("安西公爾", "委員"),
        ("川端美智子", "委員"),
        ("谷本 昌", "委員"),
        ("足利 巖", "委員"),
    ]
    assert len(m.participants) == 10
    assert [(t.kind, t.note_type, t.speaker_name) for t in m.turns] == [
        ("note", "heading", None),
        ("speech", None, "足利 巖"),
        ("speech", None, "松原"),
        ("speech", None, "足利 巖"),
        ("note", "stage", None),
        ("note", "heading", None),
        ("note", "text", None),
        ("note", "heading", None),
        ("speech", None, "足利 巖"),
        ("speech", None, "松原"),
    ]
    assert m.turns[1].text.startswith("前回の懇話会で、「提言内容は、審議した過程をそのまま提言")


def test_a_page_publishing_minutes_whose_agenda_names_the_unit_in_charge_of_an_item():
    m = parse_minutes(
        "令和5年度第5回やまぶき市個人情報保護運営審議会会議録を公表\n\n日時\n\n"
        "令和6年1月20日(土曜日)\n\n出席委員\n\n片岡会長、山根委員\n\n会議の議題\n\n"
        "  1. 諮問事項の審議\n\n      [担当課:総務部 法務ガバナンス室]\n\n  2.  その他\n\n"
        "審議等の内容\n\n事務局:答申案を確認いただきたい。\n\n片岡会長:了解した。\n"
    )
    assert m.body == "やまぶき市個人情報保護運営審議会"
    assert [(p.name, p.title) for p in m.participants] == [("片岡", "会長"), ("山根", "委員")]
    assert [(a.item_no, a.title) for a in m.agenda] == [("1", "諮問事項の審議"), ("2", "その他")]
    assert [t.speaker_label for t in m.turns] == ["事務局", "片岡会長"]


def test_a_paragraph_opening_with_a_reference_mark_is_the_editors_note():
    got, m = speeches(
        "事務局：答申案を確認いただきたい。\n\n※ 本件は実施機関と事務局が同一であるため、"
        "表記を「事務局」に統一しています。\n\n南委員：了解した。\n"
    )
    assert [g[3] for g in got] == ["答申案を確認いただきたい。", "了解した。"]
    assert [(t.kind, t.note_type) for t in m.turns] == [
        ("speech", None),
        ("note", "text"),
        ("speech", None),
    ]
