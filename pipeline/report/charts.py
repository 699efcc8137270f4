"""The report's charts as PNG data URIs, drawn with matplotlib in the bundled Japanese font.

matplotlib-fontja ships IPAexGothic inside the package, so charts render the same on every
machine, whatever fonts it has; PNGs embedded as ``data:`` URIs keep the HTML one file that
opens offline and pastes into a word processor.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")  # no screen: draw to files only
import matplotlib.pyplot as plt
import matplotlib_fontja
import pandas as pd

from .data import AnnualReport

matplotlib_fontja.japanize()  # registers the bundled font with matplotlib, once
FONT = "IPAexGothic"
# One colour per theme, in the order themes are first seen; colour-blind-safe (Okabe–Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


def _data_uri(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=144, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _style():
    return plt.rc_context(
        {
            "font.family": FONT,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": 10,
        }
    )


def _colours(themes: list[str]) -> dict[str, str]:
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(themes)}


def theme_bars(report: AnnualReport, name: Callable[[str], str], xlabel: str) -> str:
    """Turns per theme, horizontal bars with the count at each bar's end."""
    df = report.themes.iloc[::-1]
    colours = _colours(sorted(report.themes["theme"]))
    with _style():
        fig, ax = plt.subplots(figsize=(7, 0.5 + 0.55 * len(df)))
        bars = ax.barh(
            [name(t) for t in df["theme"]], df["turns"], color=[colours[t] for t in df["theme"]]
        )
        ax.bar_label(bars, padding=3)
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)
        return _data_uri(fig)


MAX_BAR_GROUPS = 15  # more meetings than this are drawn month by month


def meeting_shares(report: AnnualReport, name: Callable[[str], str], ylabel: str) -> str:
    """Each meeting's share of speech per theme as grouped bars by meeting date; with more
    than :data:`MAX_BAR_GROUPS` meetings, each month's (the table keeps every meeting)."""
    themes = sorted(report.themes["theme"])
    colours = _colours(themes)
    meetings = report.meetings.assign(
        key=[
            (str(d)[:7] if len(report.meetings) > MAX_BAR_GROUPS else str(d))
            if pd.notna(d)
            else mid[:8]
            for d, mid in zip(report.meetings["date"], report.meetings["meeting_id"], strict=True)
        ]
    )
    chars = report.by_meeting.merge(meetings[["meeting_id", "key"]], on="meeting_id")
    theme_chars = chars.pivot_table(index="key", columns="theme", values="chars", aggfunc="sum")
    speech = meetings.groupby("key", sort=False)["speech_chars"].sum()
    share = (
        theme_chars.reindex(index=speech.index, columns=themes)
        .fillna(0)
        .div(speech.where(speech > 0), axis=0)
        .fillna(0)
    )
    groups = list(share.index)
    width = 0.8 / max(len(themes), 1)
    with _style():
        fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(groups) + 2), 3.6))
        for i, theme in enumerate(themes):
            xs = [x + (i - (len(themes) - 1) / 2) * width for x in range(len(groups))]
            ax.bar(xs, share[theme] * 100, width, label=name(theme), color=colours[theme])
        tilted = len(groups) > 4
        ax.set_xticks(range(len(groups)), groups, rotation=30 if tilted else 0,
                      ha="right" if tilted else "center")  # fmt: skip
        ax.set_ylabel(ylabel)
        ax.legend(frameon=False, ncols=len(themes), loc="upper center", bbox_to_anchor=(0.5, 1.15))
        ax.grid(axis="x", visible=False)
        return _data_uri(fig)


def trend_lines(report: AnnualReport, name: Callable[[str], str], xlabel: str, ylabel: str) -> str:
    """Share of speech turns per theme over the fiscal years, one line per theme."""
    themes = sorted(report.themes["theme"])
    colours = _colours(themes)
    df = report.trend
    with _style():
        fig, ax = plt.subplots(figsize=(7, 3.6))
        for theme in themes:
            rows = df[df["theme"] == theme]
            ax.plot(
                rows["fiscal_year"],
                rows["share"] * 100,
                marker="o",
                label=name(theme),
                color=colours[theme],
            )
        years = sorted(df["fiscal_year"].unique())
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_ylim(0, max(float(df["share"].max()) * 115, 1.0))  # headroom for markers
        ax.legend(frameon=False)
        return _data_uri(fig)


def role_bars(
    report: AnnualReport, name: Callable[[str], str], role_name: Callable[[str], str], xlabel: str
) -> str:
    """Turns per theme by the speaker's role, stacked horizontal bars."""
    df = report.roles.pivot_table(index="theme", columns="role", values="turns", fill_value=0)
    df = df.reindex(sorted(report.themes["theme"]), fill_value=0).iloc[::-1]
    with _style():
        fig, ax = plt.subplots(figsize=(7, 0.8 + 0.55 * len(df)))
        left = pd.Series(0, index=df.index)
        for i, role in enumerate(df.columns):
            ax.barh(
                [name(t) for t in df.index],
                df[role],
                left=left,
                label=role_name(role),
                color=PALETTE[(i + 3) % len(PALETTE)],
            )
            left = left + df[role]
        ax.set_xlabel(xlabel)
        ax.legend(
            frameon=False,
            ncols=min(len(df.columns), 4),
            loc="upper center",
            bbox_to_anchor=(0.5, 1.25),
        )
        ax.grid(axis="y", visible=False)
        return _data_uri(fig)
