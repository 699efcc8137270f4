"""A request's query string, checked: every page's parameters become typed values or a
:class:`BadParameter` that the app answers with a 400 page.

Parameters are the search command's options under short names (``q``, ``theme``,
``subtheme``, ``from``, ``to``, ``fy``, ``body``, ``municipality``, ``speaker``, ``role``,
``meeting``) plus ``page`` and ``lang``; a search URL carries all of them, so it can be shared.

>>> p = SearchParams.parse({"q": "暗号化", "fy": "2019", "page": "2"}, themes={})
>>> p.text, p.filters.fiscal_year, p.offset
('暗号化', 2019, 20)
>>> p.query_args()
{'q': '暗号化', 'fy': 2019, 'page': 2}
>>> SearchParams.parse({"fy": "twenty"}, themes={})
Traceback (most recent call last):
...
pipeline.web.params.BadParameter: fy: not a year: 'twenty'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..search.engine import Filters, parse_date
from ..store.schema import ROLES

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper than anyone reads; keeps OFFSET bounded
MAX_QUERY_CHARS = 200
MAX_TEXT_CHARS = 100  # a body, municipality or speaker name
LANGS = ("ja", "en")


class BadParameter(ValueError):
    """A query parameter the app cannot use; the message names it."""


def text_arg(args: Mapping[str, str], name: str, limit: int = MAX_TEXT_CHARS) -> str | None:
    """A stripped text value, None when absent or blank."""
    value = args.get(name)
    if value is None:
        return None
    value = value.strip()
    if len(value) > limit:
        raise BadParameter(f"{name}: longer than {limit} characters")
    if "\x00" in value:
        raise BadParameter(f"{name}: contains a NUL character")
    return value or None


def int_arg(args: Mapping[str, str], name: str, low: int, high: int, what: str) -> int | None:
    value = text_arg(args, name)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit():
        raise BadParameter(f"{name}: not {what}: {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise BadParameter(f"{name}: {what} must be between {low} and {high}")
    return number


def year_arg(args: Mapping[str, str], name: str = "fy") -> int | None:
    return int_arg(args, name, 1868, 2200, "a year")


def lang_arg(args: Mapping[str, str], default: str = "ja") -> str:
    value = text_arg(args, "lang") or default
    if value not in LANGS:
        raise BadParameter(f"lang: one of {', '.join(LANGS)}, not {value!r}")
    return value


def choice_arg(args: Mapping[str, str], name: str, choices) -> str | None:
    value = text_arg(args, name)
    if value is not None and value not in choices:
        raise BadParameter(f"{name}: unknown value {value!r}")
    return value


@dataclass
class SearchParams:
    text: str
    filters: Filters
    page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    @property
    def empty(self) -> bool:
        return not self.text and not self.filters

    @classmethod
    def parse(cls, args: Mapping[str, str], themes: dict[str, list[str]]) -> SearchParams:
        """``themes`` (theme → sub-themes) are the values ``theme`` and ``subtheme`` accept."""
        theme = choice_arg(args, "theme", themes)
        subthemes = themes.get(theme, []) if theme else [s for v in themes.values() for s in v]
        dates = {}
        for name, end in (("from", False), ("to", True)):
            value = text_arg(args, name)
            try:
                dates[name] = parse_date(value, end=end) if value else None
            except ValueError as exc:
                raise BadParameter(f"{name}: {exc}") from None
        if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
            raise BadParameter("from: after to")
        filters = Filters(
            theme=theme,
            subtheme=choice_arg(args, "subtheme", subthemes),
            date_from=dates["from"],
            date_to=dates["to"],
            fiscal_year=year_arg(args),
            body=text_arg(args, "body"),
            municipality=text_arg(args, "municipality"),
            speaker=text_arg(args, "speaker"),
            role=choice_arg(args, "role", ROLES),
            meeting=text_arg(args, "meeting"),
        )
        text = text_arg(args, "q", MAX_QUERY_CHARS) or ""
        return cls(text, filters, int_arg(args, "page", 1, MAX_PAGE, "a page number") or 1)

    def query_args(self, page: int | None = None) -> dict:
        """The URL parameters that give this search again (on ``page``)."""
        f = self.filters
        values = {
            "q": self.text,
            "theme": f.theme,
            "subtheme": f.subtheme,
            "from": f.date_from and f.date_from.isoformat(),
            "to": f.date_to and f.date_to.isoformat(),
            "fy": f.fiscal_year,
            "body": f.body,
            "municipality": f.municipality,
            "speaker": f.speaker,
            "role": f.role,
            "meeting": f.meeting,
            "page": page or self.page,
        }
        return {k: v for k, v in values.items() if v not in (None, "") and (k, v) != ("page", 1)}
