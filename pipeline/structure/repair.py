"""Page-break repair: join what extraction split, drop what pagination added.

Works on the pieces of one turn (line fragments with their offsets). The source text is
never changed; the repaired ``text`` of a turn is built from the pieces, and each repair is
recorded in the turn's ``repairs`` list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..textutil import PARAGRAPH_END, SPACE_CHARS
from .labels import MARKERS

# Stray page numbers and running footers: "3/12", "- 4 -", "－４－", "p.5", "5頁".
_ARTIFACT = re.compile(
    r"^(?:[-－―—‐─ー~～\s]*[0-9０-９]{1,4}[-－―—‐─ー~～\s]*"
    r"|[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}"
    r"|[pPｐＰ]\.?\s*[0-9０-９]{1,4}"
    r"|第?\s*[0-9０-９]{1,4}\s*(?:ページ|頁)"
    r"|[-－―—]\s*[0-9０-９]{1,4}\s*/\s*[0-9０-９]{1,4}\s*[-－―—]"
    # a rule between records or sections: ─────, ＝＝＝, ＊＊＊, Markdown's ---
    r"|(?:[-－―—‐─━ー=＝_＿~～*＊]\s*){3,})$"
)
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
# A line that starts a list item (・暗号化, ① 保存期間, （２）その他, ２　利用目的, 3. 費用,
# - 項目) begins a new line of the text even when the line before it does not end a sentence;
# so does a marker (○, ◆) that did not start a label.
_ITEM_START = re.compile(
    rf"[・･•◦‣※①-⑳{MARKERS}]|[-*+][ \t]|[（(][0-9０-９一二三四五六七八九十]{{1,2}}[）)]"
    r"|[0-9０-９]{1,2}(?:[.．][ \t\u3000]?|[ \t\u3000])(?=\S)"
)


def is_page_artifact(content: str) -> bool:
    """A stray page number or footer line, or a rule drawn across the page.

    >>> [is_page_artifact(s) for s in ["3/12", "- 4 -", "－４－", "12", "第2回", "p.5"]]
    [True, True, True, True, False, True]
    >>> [is_page_artifact(s) for s in ["──────", "＝ ＝ ＝", "---", "―休憩―", "ーー"]]
    [True, True, True, False, False]
    """
    return bool(_ARTIFACT.match(content.strip(SPACE_CHARS)))


@dataclass
class Piece:
    start: int  # offset of ``text`` in the source
    text: str
    gap: int = 0  # blank or artifact lines between the previous piece and this one


def join_pieces(pieces: list[Piece], flat_source: str) -> tuple[str, list[str]]:
    """The turn's text: wrapped lines and page-broken sentences joined, paragraphs kept.

    ``flat_source`` is the whole document without white space; it tells a character
    repeated across a page break (``コンビニ\\n\\nニ交付``) from a real double (``会社\\n\\n社長``).
    """
    text, repairs = "", []
    for piece in pieces:
        chunk = piece.text.strip(SPACE_CHARS)
        if not chunk:
            continue
        if not text:
            text = chunk
            continue
        if text[-1] in PARAGRAPH_END or _ITEM_START.match(chunk):
            text += "\n" + chunk
            continue
        if _ASCII_WORD.match(text[-1]) and _ASCII_WORD.match(chunk[0]):
            text += " " + chunk
            continue
        if piece.gap:
            if _repeated_across_break(text, chunk, flat_source):
                repairs.append(
                    f"dropped {chunk[0]!r} repeated across a page break at {piece.start}"
                )
                chunk = chunk[1:]
            repairs.append(f"joined a sentence split by a break at {piece.start}")
        text += chunk
    return text, repairs


def _repeated_across_break(before: str, after: str, flat: str) -> bool:
    ch = before[-1]
    if ch != after[0] or not ch.strip() or ch.isascii() or ch in "々ゝゞヽヾー":
        return False
    joined = before[-2:] + after[1:3]
    doubled = before[-2:] + after[:2]
    return len(joined) >= 3 and flat.count(joined) >= 1 and flat.count(doubled) <= 1
