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
from ..records import Extracted
from ..textutil import normalize_newlines
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


_CHROME = {"nav", "header", "footer"}  # the site's own parts: kept as the page's context
# Enough of a header or menu to name the site (みなと市議会 会議録検索システム), not all of it.
_CONTEXT_CHARS = 200


def _is_site_chrome(tag: Tag) -> bool:
    words = [tag.get("id") or "", *(tag.get("class") or ())]
    return any(word.lower() in _SITE_CHROME for word in words)


def read_html(data: bytes) -> Extracted:
    """The visible text of a page with its line structure: one line per block element."""
    decoded = decode_bytes(data, html=True)
    soup = BeautifulSoup(decoded.text, "html.parser")
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
    parts: list[str] = []
    _walk(soup, parts, pre=False)
    text = "".join(parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
    if not text.strip():
        raise DocumentError(Code.NO_TEXT, "HTML")
    context = "\n".join(part for part in context if part) or None
    return Extracted("html", text, decoded.encoding, decoded.warnings, context=context)


def _walk(node: Tag, parts: list[str], pre: bool) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is not NavigableString:  # comments, doctype, CDATA
                continue
            text = str(child)
            if not pre:
                text = re.sub(r"[ \t\r\n]+", " ", text)
                if parts and parts[-1].endswith("\n"):
                    text = text.lstrip(" ")
            parts.append(text)
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name == "br":
                parts.append("\n")
                continue
            block = name in _BLOCK
            if block and parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            # nothing yet on the line, or a ○
            line_start = name in _EMPHASIS and len(_current_line(parts).strip()) <= 1
            _walk(child, parts, pre or name == "pre")
            if name in _CELL or (line_start and _label_before_text(child)):
                parts.append("　")
            if block and parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            if name in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table"}:
                parts.append("\n")


def _current_line(parts: list[str]) -> str:
    """The text of the line ``parts`` end in, so far."""
    line = []
    for part in reversed(parts):
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
