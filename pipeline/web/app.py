"""The web app: Flask views over the search index and the tables, rendered with Jinja2.

Pages: Search (``/``), Meetings (``/meetings``), one meeting (``/meetings/<id>``), Themes
(``/themes``) and the annual report's downloads. Every route is a GET; the app opens the
index read-only and reads the tables through DuckDB, so it cannot change them. Templates
escape everything (minutes are untrusted text); SQL values are always bound; a bad query
parameter gets a 400 page naming it.

>>> import tempfile
>>> client = create_app(tempfile.mkdtemp()).test_client()
>>> client.get("/").status_code, client.get("/?fy=abc").status_code
(503, 400)
"""

from __future__ import annotations

import io
import logging
import threading
import tomllib
from collections import OrderedDict
from functools import cache
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

import jinja2
import matplotlib_fontja
from flask import Flask, Response, abort, g, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from .. import __version__
from ..report.data import NoMeetings, Scope, build_report
from ..report.render import (
    Labels,
    render_html,
    report_context,
    report_name,
    template_loader,
    write_workbook,
)
from ..search.engine import Hit, Searcher
from ..search.index import IndexMissing, tables_key
from ..search.query import parse_query
from ..search.render import speaker
from ..search.snippet import match_spans, pieces
from ..store.schema import ROLES
from .params import (
    LANGS,
    MAX_QUERY_CHARS,
    PAGE_SIZE,
    BadParameter,
    SearchParams,
    int_arg,
    lang_arg,
    text_arg,
    year_arg,
)
from .tables import Tables

log = logging.getLogger(__name__)

MEETINGS_PAGE = 50
REPORT_CACHE = 8  # reports (with their charts) kept per app
# Pages load only their own stylesheets and fonts; charts are data: URIs; nothing is framed.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@cache
def ui_words(lang: str) -> SimpleNamespace:
    """The app's own words in ``lang`` (``pipeline/data/web_labels.toml``), as attributes:
    a dict would answer ``ui.clear`` or ``ui.items`` with its own methods."""
    raw = resources.files("pipeline").joinpath("data/web_labels.toml").read_text("utf-8")
    return SimpleNamespace(**tomllib.loads(raw)[lang])


class _App(Flask):
    def select_jinja_autoescape(self, filename: str) -> bool:
        return True  # every template, whatever its name: minutes are untrusted text


def page_count(total: int, size: int) -> int:
    """Pages of ``size`` rows for ``total`` rows (one, empty, when there are none).

    >>> page_count(0, 20), page_count(20, 20), page_count(21, 20)
    (1, 1, 2)
    """
    return max(1, -(-total // size))


class Site:
    """What the views share: the tables folder, its readers and the report cache."""

    def __init__(self, data_dir: Path, default_lang: str):
        self.data_dir = Path(data_dir)
        self.default_lang = default_lang
        self.tables = Tables(self.data_dir)
        self._reports: OrderedDict[tuple, tuple] = OrderedDict()
        self._report_lock = threading.Lock()  # matplotlib draws one figure at a time

    def searcher(self) -> Searcher:
        return Searcher(self.data_dir)

    def report(self, scope: Scope, lang: str):
        """``(AnnualReport, context)`` for ``scope``, rebuilt when the tables change."""
        key = (scope, lang, tables_key(self.data_dir))
        with self._report_lock:
            if key in self._reports:
                self._reports.move_to_end(key)
                return self._reports[key]
            report = build_report(self.data_dir, scope)
            value = (report, report_context(report, Labels.load(lang)))
            self._reports[key] = value
            while len(self._reports) > REPORT_CACHE:
                self._reports.popitem(last=False)
            return value


def create_app(data_dir: Path | str, default_lang: str = "ja") -> Flask:
    """The app over the tables (and ``search.sqlite``) in ``data_dir``."""
    if default_lang not in LANGS:
        raise ValueError(f"default_lang must be one of {LANGS}")
    app = _App(__name__)
    app.jinja_loader = jinja2.ChoiceLoader(
        [jinja2.PackageLoader("pipeline.web", "templates"), template_loader()]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    site = Site(Path(data_dir), default_lang)
    app.extensions["kaigiroku"] = site

    @app.before_request
    def _language() -> None:
        g.lang = lang_arg(request.args, site.default_lang)
        g.ui = ui_words(g.lang)
        g.labels = Labels.load(g.lang)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    @app.context_processor
    def _helpers() -> dict:
        return {
            "ui": g.get("ui") or ui_words(site.default_lang),
            "lang": g.get("lang", site.default_lang),
            "href": href,
            "switch_lang_href": switch_lang_href,
            "theme_name": g.labels.theme if "labels" in g else str,
            "subtheme_name": g.labels.subtheme if "labels" in g else str,
            "role_name": g.labels.role if "labels" in g else str,
            "version": __version__,
        }

    def href(endpoint: str, _anchor: str | None = None, **args) -> str:
        """A link within the app, keeping the page's language when it is not the default."""
        args = {k: v for k, v in args.items() if v not in (None, "")}
        if g.get("lang", site.default_lang) != site.default_lang:
            args["lang"] = g.lang
        return url_for(endpoint, _anchor=_anchor, **args)

    def switch_lang_href() -> str:
        args = request.args.to_dict()
        other = "en" if g.get("lang", site.default_lang) == "ja" else "ja"
        args.pop("lang", None)
        if other != site.default_lang:
            args["lang"] = other
        return url_for(request.endpoint or "search", **(request.view_args or {}), **args)

    def hit_view(hit: Hit, text: str) -> dict:
        t = hit.turn
        snippet = hit.snippet
        return {
            "hit": hit,
            "turn": t,
            "speaker": speaker(t),
            "snippet": pieces(snippet.text, snippet.highlights),
            "left_cut": snippet.truncated_left,
            "right_cut": snippet.truncated_right,
            "href": href(
                "meeting",
                meeting_id=t.meeting_id,
                turn=t.turn_id,
                q=text,
                _anchor=f"t-{t.turn_id}",
            ),
        }

    @app.get("/")
    def search():
        themes = site.tables.themes()
        params = SearchParams.parse(request.args, themes)
        result = None
        with site.searcher() as searcher:  # opened even for the empty form: no index, a 503
            if not params.empty:
                result = searcher.search(
                    params.text, params.filters, limit=PAGE_SIZE, offset=params.offset
                )
        pages = page_count(result.total if result else 0, PAGE_SIZE)
        return render_template(
            "search.html.j2",
            params=params,
            result=result,
            hits=[hit_view(h, params.text) for h in result.hits] if result else [],
            stale=bool(result and result.stale),
            pages=pages,
            prev_href=href("search", **params.query_args(params.page - 1))
            if params.page > 1
            else None,
            next_href=href("search", **params.query_args(params.page + 1))
            if result and params.page < pages
            else None,
            themes=themes,
            roles=ROLES,
            fiscal_years=site.tables.fiscal_years(),
            bodies=site.tables.bodies(),
            max_query=MAX_QUERY_CHARS,
        )

    @app.get("/meetings")
    def meetings():
        fiscal_year = year_arg(request.args)
        body = text_arg(request.args, "body")
        page = int_arg(request.args, "page", 1, 10_000, "a page number") or 1
        rows, total = site.tables.meetings(
            fiscal_year, body, limit=MEETINGS_PAGE, offset=(page - 1) * MEETINGS_PAGE
        )
        pages = page_count(total, MEETINGS_PAGE)
        scope = {"fy": fiscal_year, "body": body}
        return render_template(
            "meetings.html.j2",
            rows=rows,
            total=total,
            page=page,
            pages=pages,
            fiscal_year=fiscal_year,
            body=body,
            fiscal_years=site.tables.fiscal_years(),
            bodies=site.tables.bodies(),
            prev_href=href("meetings", **scope, page=page - 1) if page > 1 else None,
            next_href=href("meetings", **scope, page=page + 1) if page < pages else None,
        )

    @app.get("/meetings/<meeting_id>")
    def meeting(meeting_id: str):
        if len(meeting_id) > 64:
            raise BadParameter("meeting id: too long")
        record = site.tables.meeting(meeting_id)
        if record is None:
            abort(404, description=f"no meeting {meeting_id!r} in the tables")
        chosen = text_arg(request.args, "turn")
        text = text_arg(request.args, "q", MAX_QUERY_CHARS) or ""
        hit = record.turn(chosen) if chosen else None
        if chosen and hit is None:
            raise BadParameter(f"turn: {chosen!r} is not a turn of this meeting")
        marks: dict[str, list[tuple[str, bool]]] = {}
        if hit is not None:
            query = parse_query(text)
            spans = match_spans([hit.text], query)[0] if query else []
            marks[hit.turn_id] = pieces(hit.text, spans)
        return render_template(
            "meeting.html.j2",
            m=record.meeting,
            record=record,
            hit_id=hit.turn_id if hit else None,
            marks=marks,
            query=text,
        )

    def scope_from_args() -> Scope:
        body, municipality = text_arg(request.args, "body"), text_arg(request.args, "municipality")
        fiscal_year = year_arg(request.args)
        if fiscal_year is None:  # the latest year with meetings of the body asked for
            years = site.tables.fiscal_years(body, municipality)
            if not years:
                abort(404, description="no meetings with a date" + (f" of {body}" if body else ""))
            fiscal_year = years[0]
        return Scope(fiscal_year, body, municipality)

    def report_or_404(scope: Scope):
        try:
            return site.report(scope, g.lang)
        except NoMeetings as exc:
            abort(404, description=str(exc))

    @app.get("/themes")
    def themes():
        scope = scope_from_args()
        _, context = report_or_404(scope)
        where = {"fy": scope.fiscal_year, "body": scope.body, "municipality": scope.municipality}

        def turn_href(meeting_id: str, turn_id: str) -> str:
            return href("meeting", meeting_id=meeting_id, turn=turn_id, _anchor=f"t-{turn_id}")

        def turns_href(**f) -> str:
            return href(
                "search",
                fy=f.pop("fiscal_year", scope.fiscal_year),
                body=scope.body,
                municipality=scope.municipality,
                **f,
            )

        return render_template(
            "themes.html.j2",
            **context,
            scope=scope,
            fiscal_years=site.tables.fiscal_years(),
            bodies=site.tables.bodies(),
            download_html=href("themes_download", fmt="html", **where),
            download_xlsx=href("themes_download", fmt="xlsx", **where),
            meeting_href=lambda mid: href("meeting", meeting_id=mid),
            turn_href=turn_href,
            turns_href=turns_href,
        )

    @app.get("/themes/report.<fmt>")
    def themes_download(fmt: str):
        if fmt not in ("html", "xlsx"):
            abort(404)
        scope = scope_from_args()
        report, _ = report_or_404(scope)
        labels = Labels.load(g.lang)
        name = report_name(scope, g.lang)
        if fmt == "html":
            body = io.BytesIO(render_html(report, labels).encode("utf-8"))
            mimetype = "text/html; charset=utf-8"
        else:
            body = io.BytesIO()
            write_workbook(report, labels, body)
            body.seek(0)
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return send_file(body, mimetype=mimetype, as_attachment=True, download_name=f"{name}.{fmt}")

    @app.get("/css/report.css")
    def report_css():
        css, _, _ = template_loader().get_source(app.jinja_env, "report.css")
        return Response(css, mimetype="text/css", headers={"Cache-Control": "max-age=3600"})

    @app.get("/font/ipaexgothic.ttf")
    def font():
        # The pages name it after the machine's own Japanese fonts: a browser fetches it only
        # when it has none (a bare Linux desktop, headless Chromium).
        return send_file(matplotlib_fontja.get_font_ttf_path(), mimetype="font/ttf", max_age=86400)

    def error_page(code: int, message: str):
        words = g.get("ui") or ui_words(site.default_lang)
        title = getattr(words, f"error_{code}", str(code))
        return render_template("error.html.j2", code=code, title=title, message=message), code

    @app.errorhandler(BadParameter)
    def _bad_parameter(exc: BadParameter):
        return error_page(400, str(exc))

    @app.errorhandler(IndexMissing)
    def _no_index(exc: IndexMissing):
        return error_page(503, str(exc))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return error_page(exc.code or 500, exc.description or "")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("error serving %s", request.path)
        return error_page(500, "")

    return app
