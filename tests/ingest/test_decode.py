"""Encodings: each one the issue lists, detected and recorded; bad bytes reported."""

from __future__ import annotations

import codecs

import pytest

from pipeline.errors import DocumentError
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.readers import read_text

# CP932-only characters (①, ㈱, ～ as U+FF5E) must survive: Shift_JIS files are CP932.
TEXT_CP932 = "令和3年度第1回審査会会議録\n山川会長：①の資料を㈱桜ケ丘データ～から受領しました。\n"
TEXT_EUC = "令和3年度第1回審査会会議録\n山川会長：個人情報の漏えい対策について審議します。\n"


@pytest.mark.parametrize(
    ("encoding", "text", "want"),
    [
        ("utf_8", TEXT_CP932, "utf_8"),
        ("utf_8_sig", TEXT_CP932, "utf_8_sig"),
        ("utf_16", TEXT_CP932, "utf_16"),
        ("cp932", TEXT_CP932, "cp932"),
        ("shift_jis", TEXT_EUC, "cp932"),
        ("euc_jp", TEXT_EUC, "euc_jp"),
    ],
)
def test_detects_and_records_encoding(encoding, text, want):
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.encoding == want
    assert decoded.text.lstrip("\ufeff") == text
    assert decoded.warnings == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_normalised(newline):
    extracted = read_text(TEXT_EUC.replace("\n", newline).encode("cp932"))
    assert extracted.text == TEXT_EUC


def test_fictional_minutes_in_every_encoding(fictional_text):
    for encoding in ("utf_8", "utf_8_sig", "utf_16", "cp932", "euc_jp"):
        # EUC-JP has neither ① nor U+FF5E (its wave dash 0xA1C1 is U+301C), as in real files.
        text = fictional_text
        if encoding == "euc_jp":
            text = text.replace("～", "〜").replace("①", "1")
        assert read_text(text.encode(encoding, errors="strict")).text == text, encoding


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E101"),
        (b"   \n\n", "E101"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "E102"),
        (bytes([0x82, 0xA0, 0xFF, 0xFE, 0x81]) * 200 + b"\x85\xff" * 300, "E103"),
    ],
)
def test_bad_bytes_raise_coded_errors(data, code):
    with pytest.raises(DocumentError) as info:
        decode_bytes(data)
    assert str(info.value).startswith(code)


def test_a_few_bad_bytes_are_replaced_with_a_warning():
    # 0x81 starts a two-byte CP932 character; a space cannot end one.
    data = TEXT_EUC.encode("cp932") + b"\x81 " + "続きの文です。".encode("cp932")
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp932"
    assert "\ufffd" in decoded.text
    assert decoded.warnings and decoded.warnings[0].startswith("W201")


def test_utf16_without_bom_is_not_mistaken_for_binary_garbage():
    data = codecs.BOM_UTF16_LE + TEXT_EUC.encode("utf_16_le")
    assert decode_bytes(data).text == TEXT_EUC
