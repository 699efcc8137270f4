"""An annual report as one self-contained HTML file and an Excel workbook of the same tables.

>>> labels = Labels.load("en")
>>> labels.theme("pii"), labels.subtheme("leakage"), labels.role("agency")
('Personal information', 'leakage', 'agency')
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
import uuid
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
import pandas as pd

from .. import __version__
from ..textutil import display_width
from . import charts
from .data import AnnualReport, Scope, build_report
from .fonts import font_face_css

LANGS = ("ja", "en")


@dataclass(frozen=True)
class Labels:
    """The report's words in one language (``pipeline/data/report_labels.toml``)."""

    lang: str
    text: dict
    columns: dict
    themes: dict
    subthemes: dict
    roles: dict

    @classmethod
    def load(cls, lang: str = "ja") -> Labels:
        return _labels(lang)

    def theme(self, name: str) -> str:
        return self.themes.get(name, name)

    def subtheme(self, name: str | None) -> str:
        return "" if name is None else self.subthemes.get(name, name)

    def role(self, name: str | None) -> str:
        return "" if name is None else self.roles.get(name, name)


@cache
def _labels(lang: str) -> Labels:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    raw = resources.files("pipeline").joinpath("data/report_labels.toml").read_text("utf-8")
    words = tomllib.loads(raw)[lang]
    return Labels(
        lang,
        {k: v for k, v in words.items() if isinstance(v, str)},
        words["columns"],
        words["theme_names"],
        words["subtheme_names"],
        words["role_names"],
    )


def scope_text(scope: Scope, labels: Labels) -> str:
    parts = [p for p in (scope.municipality, scope.body) if p]
    return " / ".join(parts) if parts else labels.text["scope_all"]


def summary_text(report: AnnualReport, labels: Labels) -> str:
    year = report.scope.fiscal_year
    return labels.text["summary_text"].format(
        year=year,
        start=f"{year}-04-01",
        end=f"{year + 1}-03-31",
        n=report.totals["meetings"],
        turns=f"{report.totals['turns']:,}",
        chars=f"{report.totals['chars']:,}",
    )


def report_context(report: AnnualReport, labels: Labels) -> dict:
    """What ``report_sections.html.j2`` shows: the report's tables as records, its charts as
    PNG data URIs, and the words and name lookups of ``labels``. The page that includes the
    sections adds the links (``meeting_href``, ``turn_href``, ``turns_href``)."""
    t, c = labels.text, labels.columns
    theme_order = sorted(report.themes["theme"])
    trend = [
        {
            "fiscal_year": year,
            "meetings": int(rows["meetings"].iloc[0]),
            "cells": {r.theme: f"{r.turns} ({r.share:.1%})" for r in rows.itertuples()},
        }
        for year, rows in report.trend.groupby("fiscal_year")
    ]
    for row in trend:
        for theme in theme_order:
            row["cells"].setdefault(theme, "")
    failed = report.failed_documents
    return dict(
        lang=labels.lang,
        title=t["title"].format(year=report.scope.fiscal_year),
        scope_text=scope_text(report.scope, labels),
        summary_text=summary_text(report, labels),
        t=t,
        c=c,
        theme_name=labels.theme,
        subtheme_name=labels.subtheme,
        role_name=labels.role,
        theme_order=theme_order,
        meetings=report.meetings.to_dict("records"),
        themes=report.themes.to_dict("records"),
        subthemes=report.subthemes.to_dict("records"),
        by_meeting=report.by_meeting.to_dict("records"),
        trend=trend,
        roles=report.roles.to_dict("records"),
        evidence=[(th, g.to_dict("records")) for th, g in report.evidence.groupby("theme")],
        exchanges=[(th, g.to_dict("records")) for th, g in report.exchanges.groupby("theme")],
        documents=report.documents.to_dict("records"),
        unresolved=report.unresolved.to_dict("records"),
        failed_text=t["quality_failed"].format(n=failed) if failed else "",
        charts={
            "themes": charts.theme_bars(report, labels.theme, c["turns"]),
            "by_meeting": charts.meeting_shares(report, labels.theme, f"{c['share']} (%)"),
            "trend": charts.trend_lines(
                report, labels.theme, c["fiscal_year"], f"{c['share_turns']} (%)"
            ),
            "roles": charts.role_bars(report, labels.theme, labels.role, c["turns"]),
        },
    )


def template_loader() -> jinja2.BaseLoader:
    """Where the report's templates (and its stylesheet) are, for pages that include them."""
    return jinja2.PackageLoader("pipeline.report", "templates")


def render_html(report: AnnualReport, labels: Labels, generated: dt.date | None = None) -> str:
    """The report as one HTML page: charts embedded, every piece of minutes text escaped."""
    env = jinja2.Environment(
        loader=template_loader(),
        autoescape=True,  # minutes are untrusted text
        trim_blocks=True,
        lstrip_blocks=True,
    )
    appendix = [
        {
            "meeting_id": m.meeting_id,
            "date": m.date,
            "title": m.title,
            "turns": report.turns[report.turns["meeting_id"] == m.meeting_id].to_dict("records"),
        }
        for m in report.meetings.itertuples()
    ]
    page = env.get_template("report.html.j2")
    values = dict(
        report_context(report, labels),
        version=__version__,
        generated=(generated or dt.date.today()).isoformat(),
        appendix=appendix,
        # Within one file: a meeting and a turn are anchors of the appendix.
        meeting_href=lambda meeting_id: f"#m-{meeting_id}",
        turn_href=lambda meeting_id, turn_id: f"#t-{turn_id}",
        turns_href=lambda **filters: None,
    )
    # Render once to learn which characters the page uses, then embed a font holding them.
    draft = page.render(**values, font_face="")
    return page.render(**values, font_face=jinja2.utils.markupsafe.Markup(font_face_css(draft)))


def workbook_sheets(report: AnnualReport, labels: Labels) -> dict[str, pd.DataFrame]:
    """The report's tables as the workbook's sheets, in order, with headings in ``labels``'
    language and themes, sub-themes and roles by name."""
    t, c = labels.text, labels.columns
    summary = pd.DataFrame(
        {
            "": [c["fiscal_year"], "", c["meetings"], c["turns"], c["chars"]],
            " ": [
                report.scope.fiscal_year,
                scope_text(report.scope, labels),
                report.totals["meetings"],
                report.totals["turns"],
                report.totals["chars"],
            ],
        }
    )

    def named(df: pd.DataFrame) -> pd.DataFrame:
        df = df.copy()
        for column, rename in (("theme", labels.theme), ("subtheme", labels.subtheme)):
            if column in df:
                df[column] = df[column].map(rename)
        for column in [col for col in df.columns if col == "role" or col.endswith("_role")]:
            df[column] = df[column].map(labels.role)
        return df.rename(columns={k: v for k, v in c.items() if k in df.columns})

    exchanges = report.exchanges.drop(columns=["turn_id"])
    return {
        t["sheet_summary"]: summary,
        t["sheet_meetings"]: named(report.meetings.drop(columns=["doc_id"])),
        t["sheet_themes"]: named(report.themes),
        t["sheet_subthemes"]: named(report.subthemes),
        t["sheet_by_meeting"]: named(report.by_meeting),
        t["sheet_trend"]: named(report.trend),
        t["sheet_roles"]: named(report.roles),
        t["sheet_evidence"]: named(report.evidence),
        t["sheet_exchanges"]: named(exchanges),
        t["sheet_documents"]: named(report.documents),
        t["sheet_unresolved"]: named(report.unresolved),
    }


def write_workbook(report: AnnualReport, labels: Labels, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, df in workbook_sheets(report, labels).items():
            df.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            for i, column in enumerate(df.columns, start=1):
                values = [str(column), *map(str, df[column].head(200))]
                width = max(map(display_width, values))
                sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(width + 2, 60)


def report_name(scope: Scope, lang: str) -> str:
    """``report_FY2019_ja``; filters add their text (``report_FY2019_青葉市_審査会_ja``)."""
    parts = [f"report_FY{scope.fiscal_year}"]
    parts += [
        "".join(ch if ch.isalnum() else "-" for ch in v)
        for v in (scope.municipality, scope.body)
        if v
    ]
    return "_".join([*parts, lang])


def write_report(
    data_dir: Path, scope: Scope, out_dir: Path = Path("reports"), lang: str = "ja"
) -> tuple[Path, Path]:
    """Write ``<out_dir>/<name>.html`` and ``.xlsx`` for ``scope``; returns their paths.

    Raises :class:`~pipeline.report.data.NoMeetings` (and writes nothing) when no meeting
    falls under the scope. Each file is written under a temporary name and renamed.
    """
    labels = Labels.load(lang)
    report = build_report(data_dir, scope)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report_name(scope, lang)
    html_path, xlsx_path = out_dir / f"{stem}.html", out_dir / f"{stem}.xlsx"
    token = uuid.uuid4().hex[:8]
    tmp_html, tmp_xlsx = out_dir / f".{stem}.{token}.html", out_dir / f".{stem}.{token}.xlsx"
    try:
        tmp_html.write_text(render_html(report, labels), "utf-8")
        write_workbook(report, labels, tmp_xlsx)
        os.replace(tmp_html, html_path)
        os.replace(tmp_xlsx, xlsx_path)
    finally:
        tmp_html.unlink(missing_ok=True)
        tmp_xlsx.unlink(missing_ok=True)
    return html_path, xlsx_path
