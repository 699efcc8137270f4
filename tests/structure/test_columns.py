"""Tables that give each speaker a column (委員の意見 | 事務局の回答), on fictional minutes."""

from __future__ import annotations

from pipeline.ingest.readers import read_html
from pipeline.structure.minutes import parse_minutes, structure

HEADER = (
    "第２回こもれび市個人情報保護審議会会議要旨\n日時　令和６年７月３日（水）午後２時\n"
    "出席者　松田会長、大野委員、北原委員\n事務局　総務課　島田課長、村井主査\n\n"
)

PAGE = """<html><head><meta charset="Shift_JIS"><title>会議要旨</title></head><body>
<h1>第２回こもれび市個人情報保護審議会会議要旨</h1>
<p>日時　令和６年７月３日（水）午後２時</p>
<p>出席者　松田会長、大野委員、北原委員</p>
<p>事務局　総務課　島田課長、村井主査</p>
<h2>主な意見等</h2>
<table border="1">
<tr><th>No.</th><th>委員の意見・質問</th><th>事務局の回答</th></tr>
<tr><td>1</td><td>防犯カメラの録画データの保存期間は。</td>
<td><p>原則として３０日間です。</p><p>期間を過ぎたものは上書きされます。</p></td></tr>
<tr><td>2</td><td>委託先への立入検査は行っているか。</td><td></td></tr>
<tr><td>3</td><td></td><td>補足すると、委託先には年１回の報告を求めています。</td></tr>
</table>
<p>以上</p>
</body></html>"""


def turns_of(meeting):
    return [(t.kind, t.speaker_label, t.role, t.resolution, t.text) for t in meeting.turns]


def test_an_html_table_of_questions_and_answers_gives_each_cell_its_columns_speaker():
    extracted = read_html(PAGE.encode("cp932"))
    meeting = structure(extracted)[0]
    source = extracted.text
    speech = [t for t in meeting.turns if t.kind == "speech"]
    assert [(t.speaker_label, t.role, t.resolution, t.text) for t in speech] == [
        ("委員", "member", "role", "防犯カメラの録画データの保存期間は。"),
        (
            "事務局",
            "secretariat",
            "group",
            "原則として３０日間です。\n期間を過ぎたものは上書きされます。",
        ),
        ("委員", "member", "role", "委託先への立入検査は行っているか。"),
        ("事務局", "secretariat", "group", "補足すると、委託先には年１回の報告を求めています。"),
    ]
    # the label is where the source says it: in the table's header row
    header_row = source.index("委員の意見・質問")
    assert speech[0].label_start == speech[2].label_start == header_row
    assert source[speech[1].label_start : speech[1].label_end] == "事務局"
    # each turn's span starts with its row (the row number is in it, not in its text)
    assert source[speech[0].char_start :].startswith("1")
    assert source[speech[1].char_start :].startswith("原則として")
    notes = [(t.note_type, t.text) for t in meeting.turns if t.kind == "note"]
    assert ("heading", "No.　委員の意見・質問　事務局の回答") in notes
    assert [p.name for p in meeting.participants] == ["松田", "大野", "北原", "島田", "村井"]


def test_a_markdown_table_of_questions_and_answers():
    meeting = parse_minutes(
        HEADER + "| 委員からの質問 | 事務局回答 |\n|---|---|\n"
        "| 開示請求の件数はどう推移しているか。 | 前年度より１割増えています。 |\n"
    )
    assert turns_of(meeting) == [
        ("note", None, None, None, "委員からの質問   事務局回答"),
        ("speech", "委員", "member", "role", "開示請求の件数はどう推移しているか。"),
        ("speech", "事務局", "secretariat", "group", "前年度より１割増えています。"),
    ]


def test_columns_headed_by_question_and_answer_markers_name_nobody():
    meeting = parse_minutes(
        HEADER + "| 質問 | 回答 |\n|---|---|\n| 再委託は認めているか。 | 認めていません。 |\n"
    )
    assert [t[1:] for t in turns_of(meeting) if t[0] == "speech"] == [
        ("質問", "unknown", "qa", "再委託は認めているか。"),
        ("回答", "unknown", "qa", "認めていません。"),
    ]


def test_a_speaker_in_brackets_after_what_the_column_holds():
    meeting = parse_minutes(
        HEADER + "| 質問（委員） | 回答（実施機関） |\n|---|---|\n"
        "| ログは何年保存するか。 | ５年間保存します。 |\n"
    )
    assert [t[1:3] for t in turns_of(meeting) if t[0] == "speech"] == [
        ("委員", "member"),
        ("実施機関", "agency"),
    ]


def test_rows_of_tab_separated_cells_in_plain_text():
    meeting = parse_minutes(
        HEADER + "委員の意見\t事務局の回答\n"
        "クラウドのバックアップは国内か。\t国内のデータセンターです。\n"
    )
    assert [t[1:] for t in turns_of(meeting) if t[0] == "speech"] == [
        ("委員", "member", "role", "クラウドのバックアップは国内か。"),
        ("事務局", "secretariat", "group", "国内のデータセンターです。"),
    ]


def test_a_table_of_names_under_speakers_columns_is_not_read_as_turns():
    # who came, by side: the header row names speakers, but nobody says anything
    page = """<html><body><h1>第２回こもれび市個人情報保護審議会会議要旨</h1>
<p>日時　令和６年７月３日（水）</p>
<table><tr><th>委員</th><th>事務局</th></tr>
<tr><td>松田会長</td><td>島田総務課長</td></tr><tr><td>大野委員</td><td>村井主査</td></tr></table>
<p>松田会長：開会します。</p></body></html>"""
    meeting = structure(read_html(page.encode()))[0]
    assert [(t.speaker_label, t.text) for t in meeting.turns if t.kind == "speech"] == [
        ("松田会長", "開会します。")
    ]


def test_a_table_with_a_column_that_names_nobody_is_read_as_before():
    # 備考 is no speaker: the rows stay what they were, a speaker's label in the first cell
    meeting = parse_minutes(
        HEADER + "| 発言者 | 発言内容 | 備考 |\n|---|---|---|\n"
        "| 大野委員 | 保存期間は。 | |\n| 島田課長 | ３０日です。 | |\n"
    )
    assert [(t[1], t[4]) for t in turns_of(meeting) if t[0] == "speech"] == [
        ("大野委員", "保存期間は。"),
        ("島田課長", "３０日です。"),
    ]


def test_a_transcript_tables_speaker_cell_on_two_lines_is_one_label():
    page = """<html><body><h1>第２回こもれび市情報公開審査会会議録</h1>
<p>日時　令和７年５月２３日（金）</p><p>出席者　長谷川会長、今井委員</p>
<p>事務局　総務課長　宇野　誠</p><h2>会議の経過</h2>
<table><tr><th>発言者</th><th>発言内容</th></tr>
<tr><td>会長<br>（長谷川）</td><td>開会します。</td></tr>
<tr><td>事務局<br>（宇野課長）</td><td>諮問第８号を説明します。<br>部分開示の決定です。</td></tr>
<tr><td>今井委員</td><td>不開示の部分は何ですか。</td></tr></table></body></html>"""
    extracted = read_html(page.encode())
    meeting = structure(extracted)[0]
    source = extracted.text
    assert [
        (t.speaker_label, t.speaker_name, t.role, t.text)
        for t in meeting.turns
        if t.kind == "speech"
    ] == [
        ("会長\n（長谷川）", "長谷川", "chair", "開会します。"),
        (
            "事務局\n（宇野課長）",
            "宇野 誠",
            "secretariat",
            "諮問第８号を説明します。\n部分開示の決定です。",
        ),
        ("今井委員", "今井", "member", "不開示の部分は何ですか。"),  # on one line, as before
    ]
    first = meeting.turns[0]
    assert source[first.label_start : first.label_end] == "会長\n（長谷川）"
    assert source[first.char_start : first.char_end] == "会長\n（長谷川）　開会します。"


def test_a_numbered_transcript_rows_speaker_cell_on_two_lines():
    page = """<html><body><h1>第２回こもれび市情報公開審査会会議録</h1>
<p>日時　令和７年５月２３日（金）</p><p>出席者　長谷川会長、今井委員</p><h2>会議の経過</h2>
<table><tr><th>No.</th><th>発言者</th><th>発言内容</th></tr>
<tr><td>1</td><td>会長<br>（長谷川）</td><td>開会します。</td></tr>
<tr><td>2</td><td>委員<br>（今井）</td><td>質問します。</td></tr></table></body></html>"""
    meeting = structure(read_html(page.encode()))[0]
    assert [(t.speaker_name, t.role, t.text) for t in meeting.turns if t.kind == "speech"] == [
        ("長谷川", "chair", "開会します。"),
        ("今井", "member", "質問します。"),
    ]
