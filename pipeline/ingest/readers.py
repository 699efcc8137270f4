"""Readers: one function per source format, each ``bytes -> Extracted``.

Registered in :mod:`pipeline.registrations` as ``kaigiroku.reader.<ext>.v1``. A reader
raises :class:`~pipeline.errors.DocumentError` when the file cannot be used at all.
"""

from __future__ import annotations

import io
import json
import logging
import re
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from ..errors import Code, DocumentError, message
from ..records import Extracted, TableRows
from ..textutil import SPACE_CHARS, normalize_newlines
from .decode import decode_bytes


def read_text(data: bytes) -> Extracted:
    """Plain text and Markdown: decoded, line ends normalised, nothing else changed."""
    decoded = decode_bytes(data)
    text = normalize_newlines(decoded.text)
    if not text.strip():
        raise DocumentError(Code.NO_TEXT, "text")
    return Extracted("text", text, decoded.encoding, decoded.warnings)


def read_markdown(data: bytes) -> Extracted:
    extracted = read_text(data)
    extracted.format = "markdown"
    return extracted


# Elements whose text is never part of the minutes: scripts, styles, site navigation.
_DROP = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "template",
    "button",
    "select",
    "svg",
    "head",
)
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "thead",
    "tbody",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "address",
    "figure",
    "figcaption",
    "hr",
    "center",
    "caption",
    "body",
}
_CELL = {"td", "th"}
# Inline elements a page sets a speaker's label in: <p><strong>会長</strong>開会します。</p>.
_EMPHASIS = {"b", "strong", "em", "span", "font", "u", "label"}
_NO_SPEECH_START = "のをへ、。，．,."  # <strong>個人情報</strong>の取扱い: a word in bold
_LABEL_LIKE = re.compile(r"[^\s、。，．,.!?！？「」]{1,16}")
# ids and classes that mark a site's own header, footer, menus and breadcrumb trail (パンくず,
# トピックパス) in the pages municipal sites publish minutes in; matched as whole words.
_SITE_CHROME = frozenset(
    {
        "header",
        "footer",
        "nav",
        "gnav",
        "globalnav",
        "global-nav",
        "menu",
        "sidebar",
        "breadcrumb",
        "breadcrumbs",
        "pankuzu",
        "topicpath",
        "topic-path",
        "pagetop",
        "page-top",
        "skip",
    }
)
# Who to ask about the page, and the page's own questionnaire: parts of an id or a class
# (page-contact, inquiry_box), which name nothing else a page of minutes holds.
_NOTICE_WORDS = frozenset(
    {"contact", "inquiry", "toiawase", "otoiawase", "enquete", "questionnaire"}
)
_ID_PARTS = re.compile(r"[-_\s]+")
# What a site says of the page itself, set in a block of its own after the minutes: the
# section to ask about it, a page rating, how to open PDF files.
_SITE_NOTICE = re.compile(
    r"^\s*(?:(?:このページ|この記事|本ページ)(?:に関する|についての)?お問(?:い)?合(?:わ)?せ"
    r"|このページの(?:情報|内容)は(?:役に立ち|わかりやす|分かりやす)"
    r"|このページは見つけやす"
    r"|PDF(?:形式の)?ファイルを(?:ご覧|閲覧|開)"
    r"|Adobe\s*(?:Acrobat\s*)?Reader)"
)
_NOTICE_CHARS = 300  # a notice is short: a block with more text than this is the page's own
_NOTICE_BLOCKS = ["p", "div", "section", "aside", "dl", "ul"]


_CHROME = {"nav", "header", "footer"}  # the site's own parts: kept as the page's context
# Enough of a header or menu to name the site (みなと市議会 会議録検索システム), not all of it.
_CONTEXT_CHARS = 200


def _is_site_chrome(tag: Tag) -> bool:
    words = [w.lower() for w in [tag.get("id") or "", *(tag.get("class") or ())]]
    return any(
        word in _SITE_CHROME or not _NOTICE_WORDS.isdisjoint(_ID_PARTS.split(word))
        for word in words
    )


def _notice_block(string) -> Tag | None:
    """The widest block (``_NOTICE_BLOCKS``) that opens with ``string``, a notice of the
    site's (このページに関するお問い合わせ…), and holds no more than a notice's few words."""
    found = None
    for parent in string.parents:
        if parent.name not in _NOTICE_BLOCKS:
            continue
        if next(parent.stripped_strings, "") != string.strip():
            break  # the block holds more before the notice
        if len(parent.get_text(" ", strip=True)) > _NOTICE_CHARS:
            break
        found = parent
    return found


def read_html(data: bytes) -> Extracted:
    """The visible text of a page with its line structure: one line per block element."""
    decoded = decode_bytes(data, html=True)
    # A noncharacter is never text; one in the page would pass for a mark (below).
    soup = BeautifulSoup(_MARKS.sub("\ufffd", decoded.text), "html.parser")
    title = soup.find("title")
    context = [title.get_text(" ", strip=True)] if title else []
    for tag in soup.find_all(_DROP):
        if tag.name in _CHROME:
            context.append(tag.get_text(" ", strip=True)[:_CONTEXT_CHARS])
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        context.append(tag.get_text(" ", strip=True)[:_CONTEXT_CHARS])
        tag.decompose()
    for tag in soup.find_all(_is_site_chrome):
        context.append(tag.get_text(" ", strip=True)[:_CONTEXT_CHARS])
        tag.decompose()
    for string in soup.find_all(string=_SITE_NOTICE):
        if getattr(string, "parent", None) is None:
            continue  # in a notice already taken out
        notice = _notice_block(string)
        if notice is not None:
            context.append(notice.get_text(" ", strip=True)[:_CONTEXT_CHARS])
            notice.decompose()
    parts: list[str] = []
    _walk(soup, parts, pre=False)
    text = "".join(parts)
    # White space before a line end, and blank lines beyond one, go; the marks stay.
    text = _TRAILING_SPACE.sub(lambda m: _marks_in(m[0]) + "\n", text)
    text = _BLANK_LINES.sub(lambda m: "\n\n" + _marks_in(m[0]), text)
    text, tables = _tables(text)
    if not text.strip():
        raise DocumentError(Code.NO_TEXT, "HTML")
    context = "\n".join(part for part in context if part) or None
    return Extracted(
        "html", text, decoded.encoding, decoded.warnings, context=context, tables=tables or None
    )


# Where tables, rows and cells begin and end, marked in the text while it is put together and
# taken out once the white space is tidied, when the offsets they leave are final. The marks
# are Unicode noncharacters, kept for a program's internal use: not the private use area,
# where CP932 and EUC-JP pages' own characters (外字) decode to.
_TABLE_OPEN, _TABLE_CLOSE, _ROW_OPEN, _CELL_OPEN, _CELL_CLOSE = "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4"
_MARKS = re.compile("[\ufdd0-\ufdd4]")
_TRAILING_SPACE = re.compile("[ \t\ufdd0-\ufdd4]*[ \t][ \t\ufdd0-\ufdd4]*\n")
_BLANK_LINES = re.compile("\n(?:[\ufdd0-\ufdd4]*\n){2,}")


def _marks_in(text: str) -> str:
    return "".join(_MARKS.findall(text))


def _tables(marked: str) -> tuple[str, list[TableRows]]:
    """``marked`` without its marks, and the tables they mark: each row's cells as spans of
    the text returned (trimmed of white space), the text's leading blank lines dropped."""
    lead = len(marked) - len(marked.lstrip("\n"))
    out: list[str] = []
    size = 0  # length of the text so far, marks left out
    tables: list[TableRows] = []
    open_tables: list[TableRows] = []
    open_cells: list[int] = []
    last = lead
    for m in _MARKS.finditer(marked, lead):
        out.append(marked[last : m.start()])
        size += m.start() - last
        last = m.end()
        mark = m[0]
        if mark == _TABLE_OPEN:
            open_tables.append([])
        elif mark == _TABLE_CLOSE and open_tables:
            table = open_tables.pop()
            if table:
                tables.append(table)
        elif mark == _ROW_OPEN and open_tables:
            open_tables[-1].append([])
        elif mark == _CELL_OPEN:
            open_cells.append(size)
        elif mark == _CELL_CLOSE and open_cells:
            start = open_cells.pop()
            if open_tables and open_tables[-1]:
                open_tables[-1][-1].append((start, size))
    out.append(marked[last:])
    text = "".join(out).rstrip("\n") + "\n"
    for table in tables:
        for row in table:
            row[:] = [_trimmed(text, start, min(end, len(text))) for start, end in row]
    return text, [table for table in tables if any(table)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    cell = text[start:end]
    stripped = cell.strip(_CELL_SPACE)
    if not stripped:
        return start, start
    start += len(cell) - len(cell.lstrip(_CELL_SPACE))
    return start, start + len(stripped)


_CELL_SPACE = SPACE_CHARS + "\n"


def _walk(node: Tag, parts: list[str], pre: bool) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is not NavigableString:  # comments, doctype, CDATA
                continue
            text = str(child)
            if not pre:
                text = re.sub(r"[ \t\r\n]+", " ", text)
                if _last_text(parts).endswith("\n"):
                    text = text.lstrip(" ")
            parts.append(text)
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name == "br":
                parts.append("\n")
                continue
            block = name in _BLOCK
            if block and parts and not _last_text(parts).endswith("\n"):
                parts.append("\n")
            if name in _TABLE_MARKS:
                parts.append(_TABLE_MARKS[name])
            # nothing yet on the line, or a ○
            line_start = name in _EMPHASIS and len(_current_line(parts).strip()) <= 1
            _walk(child, parts, pre or name == "pre")
            if name in _CELL:
                parts.append(_CELL_CLOSE)
            elif name == "table":
                parts.append(_TABLE_CLOSE)
            if name in _CELL or (line_start and _label_before_text(child)):
                parts.append("　")
            if block and parts and not _last_text(parts).endswith("\n"):
                parts.append("\n")
            if name in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table"}:
                parts.append("\n")


_TABLE_MARKS = {"table": _TABLE_OPEN, "tr": _ROW_OPEN, "td": _CELL_OPEN, "th": _CELL_OPEN}
_ALL_MARKS = frozenset(_TABLE_OPEN + _TABLE_CLOSE + _ROW_OPEN + _CELL_OPEN + _CELL_CLOSE)


def _last_text(parts: list[str]) -> str:
    """The last of ``parts`` that is text, not a table's mark ('' when none)."""
    for part in reversed(parts):
        if part not in _ALL_MARKS:
            return part
    return ""


def _current_line(parts: list[str]) -> str:
    """The text of the line ``parts`` end in, so far (the marks left out)."""
    line = []
    for part in reversed(parts):
        if part in _ALL_MARKS:
            continue
        _, newline, tail = part.rpartition("\n")
        line.append(tail)
        if newline:
            break
    return "".join(reversed(line))


def _label_before_text(tag: Tag) -> bool:
    """Whether ``tag`` opens a line with a label set apart only by its markup, the text
    following at once (<strong>杉山会長</strong>ただいまから): it then gets a space after it, as
    a label written in plain text would have."""
    if not _LABEL_LIKE.fullmatch(tag.get_text().strip()):
        return False
    after = tag.next_sibling
    first = str(after)[:1] if isinstance(after, NavigableString) else ""
    return first.strip() != "" and first not in _NO_SPEECH_START


def read_pdf(data: bytes) -> Extracted:
    """The text layer, page by page, pages separated by a blank line. No OCR."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.strip():
        raise DocumentError(Code.EMPTY_FILE)
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(Code.PDF_UNREADABLE, f"{type(exc).__name__}: {exc}") from None
    texts, failed = [], []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(normalize_newlines(page.extract_text() or "").strip("\n"))
        except Exception:  # pypdf raises many types on damaged content streams
            texts.append("")
            failed.append(str(number))
    if not pages:
        raise DocumentError(Code.PDF_UNREADABLE, "no pages")
    if not any(t.strip() for t in texts):
        if failed:
            raise DocumentError(Code.PDF_UNREADABLE, f"{len(failed)} page(s) failed to parse")
        raise DocumentError(Code.PDF_NO_TEXT, len(pages))
    warnings = [message(Code.PDF_PAGE_FAILED, ", ".join(failed))] if failed else []
    return Extracted("pdf", "\n\n".join(texts) + "\n", None, warnings, pages=len(pages))


# Fields of a speechRecord kept on each turn (National Diet Library minutes API).
DIET_SPEECH_FIELDS = (
    "speechID",
    "speechOrder",
    "speaker",
    "speakerYomi",
    "speakerGroup",
    "speakerPosition",
    "speakerRole",
    "speech",
    "date",
    "nameOfHouse",
    "nameOfMeeting",
    "issue",
    "issueID",
    "session",
)


def read_diet_json(data: bytes) -> Extracted:
    """National Diet Library API JSON (``/api/speech`` or ``/api/meeting``).

    Each speech becomes a paragraph of the extracted text, so offsets work as for any other
    source; ``records`` carries the API fields and each speech's span.
    """
    decoded = decode_bytes(data)
    try:
        payload = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise DocumentError(Code.BAD_JSON, f"line {exc.lineno}: {exc.msg}") from None
    speeches = list(_diet_speeches(payload))
    if not speeches:
        raise DocumentError(Code.NOT_DIET_JSON)
    parts: list[str] = []
    records: list[dict[str, Any]] = []
    pos = 0
    for speech in speeches:
        body = normalize_newlines(str(speech.get("speech") or "")).strip("\n")
        record = {key: speech.get(key) for key in DIET_SPEECH_FIELDS}
        record["char_start"], record["char_end"] = pos, pos + len(body)
        records.append(record)
        parts.append(body)
        pos += len(body) + 2
    return Extracted(
        "diet_json", "\n\n".join(parts) + "\n", decoded.encoding, decoded.warnings, records=records
    )


def _diet_speeches(payload: Any):
    if not isinstance(payload, dict):
        return
    for meeting in payload.get("meetingRecord") or []:
        if isinstance(meeting, dict):
            for speech in meeting.get("speechRecord") or []:
                if isinstance(speech, dict):
                    yield {**{k: v for k, v in meeting.items() if k != "speechRecord"}, **speech}
    for speech in payload.get("speechRecord") or []:
        if isinstance(speech, dict):
            yield speech
