"""HTML, PDF and Diet API JSON readers, and their failures."""

from __future__ import annotations

import io
import json

import pytest

from pipeline.errors import DocumentError
from pipeline.ingest.readers import read_diet_json, read_html, read_pdf
from pipeline.structure.minutes import structure

HTML = """<!DOCTYPE html><html><head><meta charset="Shift_JIS"><title>会議録</title>
<script>var menu = "山田会長：これはスクリプト";</script><style>p{color:red}</style></head>
<body><nav><ul><li>ホーム</li><li>市政情報</li></ul></nav>
<header>桜ケ丘市公式サイト</header>
<h1>令和3年度第2回桜ケ丘市情報公開審査会会議録</h1>
<p>日時　令和3年8月3日（火）午後1時30分～午後3時</p>
<p>山川会長：開会します。<br>本日は<span>開示請求</span>について審議します。</p>
<p>森委員：不開示決定の理由を伺います。</p>
<footer>Copyright 桜ケ丘市</footer></body></html>"""


def test_html_keeps_visible_text_and_lines_only():
    extracted = read_html(HTML.encode("cp932"))
    assert extracted.encoding == "cp932"
    text = extracted.text
    for hidden in ("スクリプト", "color", "ホーム", "公式サイト", "Copyright"):
        assert hidden not in text
    assert "山川会長：開会します。\n本日は開示請求について審議します。" in text
    meeting = structure(extracted)[0]
    assert [t.speaker_label for t in meeting.turns if t.kind == "speech"] == ["山川会長", "森委員"]
    assert meeting.date.isoformat() == "2021-08-03"


CMS_PAGE = """<html><head><meta charset="utf-8"><title>会議録</title></head><body>
<div id="Header"><p>こもれび市公式ホームページ</p></div>
<div class="pankuzu"><a href="/">トップ</a> &gt; 会議録</div>
<div class="contents"><h1>第5回こもれび市情報セキュリティ委員会議事録</h1>
<ul><li>出席者：<ul><li>委員長　石原 克也</li><li>委員　岡田 隆之</li></ul></li></ul>
<p><strong>石原委員長</strong>　開会します。</p></div>
<div class="side menu"><a href="#">くらし</a></div>
<div id="footer">こもれび市役所　電話 0000-00-0000</div></body></html>"""


def test_html_drops_a_sites_header_footer_menus_and_breadcrumbs_by_id_or_class():
    extracted = read_html(CMS_PAGE.encode("utf-8"))
    for chrome in ("公式ホームページ", "トップ", "くらし", "電話"):
        assert chrome not in extracted.text
    meeting = structure(extracted)[0]
    assert meeting.body == "こもれび市情報セキュリティ委員会"
    assert [(p.name, p.title) for p in meeting.participants] == [
        ("石原 克也", "委員長"),  # title, full-width space, name with a half-width one
        ("岡田 隆之", "委員"),  # 委員 is a section key as well as a title
    ]
    assert [(t.speaker_name, t.text) for t in meeting.turns] == [("石原 克也", "開会します。")]


NOTICE_PAGE = """<html><head><meta charset="utf-8"><title>会議録</title></head><body><main>
<h1>第１回こがね台市情報公開審査会　会議録</h1><p>日時　令和５年１１月８日</p>
<dl><dt>大川会長</dt><dd>開会します。</dd><dt>森田委員</dt><dd>PDFファイルを開示した件です。</dd></dl>
<div class="box"><h2>このページに関するお問い合わせ</h2><p>総務課　電話 0000-00-0000</p>
<p>PDFファイルを開くにはAdobe Readerが必要です。</p></div>
<p>PDFファイルをご覧いただくには、Adobe Acrobat Readerが必要です。</p>
<div id="page-contact">総務課文書係</div>
</main></body></html>"""


def test_html_drops_what_the_site_says_of_the_page_after_the_minutes():
    extracted = read_html(NOTICE_PAGE.encode("utf-8"))
    for notice in ("お問い合わせ", "電話", "Adobe", "文書係"):
        assert notice not in extracted.text
    turns = structure(extracted)[0].turns
    # the last turn ends with what was said; a sentence that begins like a notice stays
    assert [(t.speaker_label, t.text) for t in turns] == [
        ("大川会長", "開会します。"),
        ("森田委員", "PDFファイルを開示した件です。"),
    ]


ASSEMBLY_PAGE = """<html><head><meta charset="utf-8"><title>会議録詳細</title></head><body>
<div id="header">ひなた市議会 会議録検索システム</div>
<div class="title">令和５年１２月　総務常任委員会（第２日目）</div>
<div class="body"><p><span class="speaker">○委員長（青木一郎君）</span>　開会します。</p></div>
</body></html>"""


def test_a_pages_title_and_site_header_are_its_context_and_name_the_place():
    extracted = read_html(ASSEMBLY_PAGE.encode("utf-8"))
    assert "検索システム" not in extracted.text
    assert extracted.context == "会議録詳細\nひなた市議会 会議録検索システム"
    meeting = structure(extracted)[0]
    assert (meeting.body, meeting.municipality) == ("総務常任委員会", "ひなた市")
    # the page's own header wins over its site's
    other_site = ASSEMBLY_PAGE.replace("総務常任", "みどり町議会総務常任")
    assert structure(read_html(other_site.encode("utf-8")))[0].municipality == "みどり町"


def _pdf(pages: list[list[str]]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for lines in pages:
        c.setFont("HeiseiMin-W3", 11)
        for i, line in enumerate(lines):
            c.drawString(50, 800 - 18 * i, line)
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p><strong>杉山会長</strong>開会します。</p>", "杉山会長\u3000開会します。\n"),
        ("<p>○<b>杉山会長</b>開会します。</p>", "○杉山会長\u3000開会します。\n"),
        ('<p><span class="speaker">小島課長</span>はい。</p>', "小島課長\u3000はい。\n"),
        ("<p><strong>会長</strong> 開会します。</p>", "会長 開会します。\n"),
        ("<p><strong>個人情報</strong>の取扱い。</p>", "個人情報の取扱い。\n"),
        ("<p>本日は<strong>重要</strong>です。</p>", "本日は重要です。\n"),
        ("<p><strong>注意。必ず読む</strong>こと。</p>", "注意。必ず読むこと。\n"),
    ],
)
def test_html_sets_a_label_in_bold_apart_from_the_text_it_opens(html, text):
    """A label that only its markup sets apart (<strong>杉山会長</strong>開会します。) gets
    the space a plain-text label has; bold words inside or at the start of a sentence do not."""
    assert read_html(f"<html><body>{html}</body></html>".encode()).text == text


def test_minutes_whose_labels_are_in_bold_with_the_text_right_after_them():
    page = (
        "<html><body><h1>令和5年度第1回つばき市個人情報保護審議会会議録</h1>"
        "<p>日時：令和5年6月1日（木）午後2時</p><p>出席委員：杉山会長、岩田委員</p>"
        "<p>事務局：総務課　小島課長</p><h2>会議の内容</h2>"
        "<p><strong>杉山会長</strong>開会します。</p>"
        "<p><b>岩田委員</b>特定個人情報保護評価は実施済みですか。</p>"
        "<p><span>小島課長</span>はい、昨年度に実施しました。</p></body></html>"
    )
    meeting = structure(read_html(page.encode("euc_jp")))[0]
    assert [(t.speaker_name, t.role, t.text) for t in meeting.turns] == [
        ("杉山", "chair", "開会します。"),
        ("岩田", "member", "特定個人情報保護評価は実施済みですか。"),
        ("小島", "secretariat", "はい、昨年度に実施しました。"),
    ]


def test_pdf_pages_in_order_and_page_breaks_repaired():
    data = _pdf(
        [
            [
                "令和3年度第3回桜ケ丘市審査会会議録",
                "日時 令和3年11月2日（火）",
                "山川会長：個人情報の取扱いについて",
            ],
            ["- 2 -", "審議します。", "森委員：暗号化は行っていますか。"],
        ]
    )
    extracted = read_pdf(data)
    assert extracted.pages == 2
    meeting = structure(extracted)[0]
    speech = [t for t in meeting.turns if t.kind == "speech"]
    assert [t.text for t in speech] == [
        "個人情報の取扱いについて審議します。",
        "暗号化は行っていますか。",
    ]


def test_scanned_pdf_without_text_fails_clearly():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 400, 600, fill=1)  # a page with only graphics, as a scan has only an image
    c.showPage()
    c.save()
    with pytest.raises(DocumentError) as info:
        read_pdf(buf.getvalue())
    assert str(info.value).startswith("E104")
    assert "OCR" in str(info.value)


def test_truncated_pdf_fails_clearly():
    data = _pdf([["山川会長：開会します。"]])
    with pytest.raises(DocumentError) as info:
        read_pdf(data[: len(data) // 3])
    assert str(info.value)[:4] in ("E104", "E105")


def _speech(order: int, speaker: str, speech: str, **fields) -> dict:
    """One fictional speechRecord of a 衆議院総務委員会 meeting."""
    return {
        "speechID": str(order),
        "issueID": "X1",
        "session": 999,
        "nameOfHouse": "衆議院",
        "nameOfMeeting": "総務委員会",
        "issue": "第3号",
        "date": "2021-04-06",
        "speechOrder": order,
        "speaker": speaker,
        "speech": speech,
        **fields,
    }


DIET = {
    "numberOfRecords": 3,
    "speechRecord": [
        _speech(0, "会議録情報", "令和三年四月六日（火曜日）\n午前九時開議"),
        _speech(
            1,
            "山川一郎",
            "○委員長（山川一郎君）　これより会議を開きます。",
            speakerYomi="やまかわいちろう",
            speakerGroup="架空党",
            speakerPosition="委員長",
            speakerRole=None,
        ),
        _speech(
            2,
            "森花子",
            "○参考人（森花子君）　個人情報保護について申し上げます。",
            speakerYomi="もりはなこ",
            speakerGroup=None,
            speakerPosition=None,
            speakerRole="参考人",
        ),
    ],
}


def test_diet_api_json_records_are_turns():
    extracted = read_diet_json(json.dumps(DIET, ensure_ascii=False).encode("utf-8"))
    meeting = structure(extracted)[0]
    assert meeting.body == "衆議院総務委員会" and meeting.session_no == 3
    assert meeting.date.isoformat() == "2021-04-06" and meeting.fiscal_year == 2021
    t1, t2 = meeting.turns
    assert (t1.speaker_name, t1.role, t1.speaker_position, t1.speaker_yomi) == (
        "山川一郎",
        "chair",
        "委員長",
        "やまかわいちろう",
    )
    assert t1.text == "これより会議を開きます。"
    assert (t2.role, t2.speaker_role_source) == ("guest", "参考人")
    assert extracted.text[t2.char_start : t2.char_end].startswith("○参考人")


def test_meeting_api_shape_is_read_too():
    payload = {
        "meetingRecord": [
            {
                "issueID": "X1",
                "nameOfHouse": "参議院",
                "nameOfMeeting": "内閣委員会",
                "issue": "第1号",
                "date": "2020-03-10",
                "session": 201,
                "speechRecord": DIET["speechRecord"][1:],
            }
        ]
    }
    extracted = read_diet_json(json.dumps(payload, ensure_ascii=False).encode())
    assert len(extracted.records) == 2


@pytest.mark.parametrize(("payload", "code"), [(b"{not json", "E106"), (b'{"a": 1}', "E107")])
def test_bad_json(payload, code):
    with pytest.raises(DocumentError) as info:
        read_diet_json(payload)
    assert str(info.value).startswith(code)


def test_html_tables_are_kept_as_rows_of_cell_spans_and_leave_the_text_as_it_was():
    page = """<html><body><p>前文</p><table><tr><td>
<table><tr><th>質問</th><th> 回答 </th></tr>
<tr><td>期間は。</td><td><p>３０日です。</p><p>以上です。</p></td></tr></table>
</td><td></td></tr></table><p>後文</p></body></html>"""
    extracted = read_html(page.encode())
    text = extracted.text
    # the text the reader gave before it kept tables (cells set apart by a full-width space)
    assert text == (
        "前文\n\n質問　 回答 　\n\n期間は。　\n３０日です。\n\n以上です。\n\n　\n\n　　\n\n後文\n"
    )
    inner, outer = extracted.tables
    assert [[text[a:b] for a, b in row] for row in inner] == [
        ["質問", "回答"],
        ["期間は。", "３０日です。\n\n以上です。"],
    ]
    # the layout table around it: one row, its first cell holding the inner table, one empty
    (cells,) = outer
    assert text[slice(*cells[0])] == "質問　 回答 　\n\n期間は。　\n３０日です。\n\n以上です。"
    assert cells[1][0] == cells[1][1]
    assert read_html(b"<p>no tables</p>").tables is None


def test_a_pages_own_private_use_characters_survive_reading_its_tables():
    # 外字: a CP932 page's user-defined character decodes to U+E000, which stays in the text
    gaiji = b"\xf0\x40"
    assert gaiji.decode("cp932") == "\ue000"
    page = (
        "<html><head><meta charset='Shift_JIS'></head><body><p>前文</p><table>"
        "<tr><th>質問</th><th>回答</th></tr><tr><td>髙橋の".encode("cp932")
        + gaiji
        + "について。</td><td>はい。</td></tr></table></body></html>".encode("cp932")
    )
    extracted = read_html(page)
    assert "髙橋の\ue000について。" in extracted.text
    (table,) = extracted.tables
    assert [[extracted.text[a:b] for a, b in row] for row in table] == [
        ["質問", "回答"],
        ["髙橋の\ue000について。", "はい。"],
    ]
