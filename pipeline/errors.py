"""Every error and warning a document can receive, in one place.

A document's ``error`` and ``warnings`` columns hold strings made by :func:`message`,
``"<CODE>: <text>"``, so the same problem reads the same everywhere and can be filtered by
code (``WHERE error LIKE 'E103%'``).
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    # Errors: the document could not be turned into a meeting.
    EMPTY_FILE = "E101"
    BINARY_FILE = "E102"
    UNDECODABLE = "E103"
    PDF_NO_TEXT = "E104"
    PDF_UNREADABLE = "E105"
    BAD_JSON = "E106"
    NOT_DIET_JSON = "E107"
    NO_TEXT = "E108"
    READ_FAILED = "E109"
    INTERNAL = "E199"
    # Warnings: the document was processed, but something is missing or doubtful.
    REPLACED_BYTES = "W201"
    PDF_PAGE_FAILED = "W202"
    NO_SPEAKER_LABELS = "W203"
    NO_DATE = "W204"
    BAD_DATE = "W205"
    WEEKDAY_MISMATCH = "W206"
    DATE_OUTSIDE_ERA = "W207"
    NO_TITLE = "W208"
    UNRESOLVED_SPEAKERS = "W209"
    DATE_YEAR_FROM_FISCAL_YEAR = "W210"
    UNKNOWN_ERA = "W211"


_TEXT: dict[Code, str] = {
    Code.EMPTY_FILE: "the file is empty",
    Code.BINARY_FILE: "the file is binary, not text ({detail})",
    Code.UNDECODABLE: "no Japanese or Unicode encoding decodes this file",
    Code.PDF_NO_TEXT: "the PDF has {detail} page(s) but no text layer (scanned image?); OCR is "
    "not supported",
    Code.PDF_UNREADABLE: "the PDF cannot be read ({detail})",
    Code.BAD_JSON: "the file is not valid JSON ({detail})",
    Code.NOT_DIET_JSON: "the JSON has no 'speechRecord' list of the National Diet Library API",
    Code.NO_TEXT: "no text was found in the {detail} file",
    Code.READ_FAILED: "the file could not be read ({detail})",
    Code.INTERNAL: "internal error while processing ({detail})",
    Code.REPLACED_BYTES: "{detail} undecodable byte sequence(s) were replaced with U+FFFD",
    Code.PDF_PAGE_FAILED: "text could not be extracted from page(s) {detail}",
    Code.NO_SPEAKER_LABELS: "no speaker labels found; the body is kept as unattributed paragraphs",
    Code.NO_DATE: "no meeting date found in the header",
    Code.BAD_DATE: "the date {detail} does not exist",
    Code.WEEKDAY_MISMATCH: "{detail}",
    Code.DATE_OUTSIDE_ERA: "{detail}",
    Code.NO_TITLE: "no title line found",
    Code.UNRESOLVED_SPEAKERS: "speaker label(s) not found in the roster: {detail}",
    Code.DATE_YEAR_FROM_FISCAL_YEAR: "the date has no year; taken from the fiscal year ({detail})",
    Code.UNKNOWN_ERA: "the date {detail} is in an era this version does not know (明治 to 令和)",
}


def message(code: Code, detail: object = "") -> str:
    """Render ``code`` as the ``"CODE: text"`` string stored in the tables.

    >>> message(Code.EMPTY_FILE)
    'E101: the file is empty'
    """
    return f"{code.value}: {_TEXT[code].format(detail=detail)}"


class DocumentError(Exception):
    """Raised by a reader when a document cannot be processed at all."""

    def __init__(self, code: Code, detail: object = ""):
        self.code = code
        self.detail = detail
        super().__init__(message(code, detail))
