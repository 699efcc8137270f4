"""The ``kaigiroku`` command line: thin wrappers over library functions."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import click
import pandas as pd

from .records import DocumentResult
from .run import run_corpus
from .store.parquet import read_table

DEFAULT_OUT = "data/processed"


def data_option(f):
    return click.option(
        "--data",
        "data_dir",
        default=DEFAULT_OUT,
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder holding the processed tables.",
    )(f)


def output_options(f):
    """``--format table|json|csv``, shared by every command that prints rows."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv"]),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)


def _s(value) -> str:
    """A table cell as display text: missing values (None, NaN, NA) print as nothing."""
    return (
        ""
        if value is None or (not isinstance(value, list | tuple) and pd.isna(value))
        else str(value)
    )


def print_rows(df: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        click.echo(df.to_json(orient="records", force_ascii=False, date_format="iso"))
    elif fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    else:
        with pd.option_context(
            "display.max_rows",
            None,
            "display.max_columns",
            None,
            "display.width",
            200,
            "display.max_colwidth",
            40,
        ):
            click.echo(df.to_string(index=False) if len(df) else "(no rows)")


@click.group()
@click.version_option(package_name="kaigiroku")
def main() -> None:
    """kaigiroku: Japanese council and committee minutes (会議録) to Parquet tables."""


@main.command()
@click.argument("input_dir", default="data/raw", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default=DEFAULT_OUT,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the tables go.",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any document failed or has warnings.")
@click.option("--quiet", "-q", is_flag=True, help="No per-document progress lines.")
def run(input_dir: Path, out_dir: Path, strict: bool, quiet: bool) -> None:
    """Process every minutes file under INPUT_DIR (default data/raw) into tables."""

    def progress(i: int, n: int, result: DocumentResult) -> None:
        if quiet:
            return
        detail = result.error or "; ".join(result.warnings)
        click.echo(
            f"[{i}/{n}] {result.status:7} {result.source.rel_path}"
            + (f"  {detail}" if detail else ""),
            err=True,
        )

    summary = run_corpus(input_dir, out_dir, progress)
    click.echo(
        f"documents: {summary.documents} (ok {summary.ok}, warning {summary.warning}, "
        f"failed {summary.failed}; {summary.duplicates} duplicate file(s), "
        f"{len(summary.skipped)} unsupported file(s) skipped)\n"
        f"meetings: {summary.meetings}  turns: {summary.turns}  notes: {summary.notes}\n"
        f"tables written to {out_dir}/"
    )
    if summary.nothing_read:
        click.echo("error: no document could be read", err=True)
        sys.exit(2)
    if strict and (summary.failed or summary.warning):
        sys.exit(1)


@main.command()
@data_option
@output_options
def meetings(data_dir: Path, fmt: str) -> None:
    """List the meetings in the tables."""
    df = read_table(data_dir, "meetings")
    print_rows(df[["meeting_id", "date", "body", "session_no", "n_speech", "n_notes"]], fmt)


@main.command()
@click.argument("meeting_id")
@data_option
@click.option("--width", default=100, show_default=True, help="Wrap turn text at this width.")
def show(meeting_id: str, data_dir: Path, width: int) -> None:
    """Print a meeting's header and turns readably (MEETING_ID may be a unique prefix)."""
    all_meetings = read_table(data_dir, "meetings")
    match = all_meetings[all_meetings["meeting_id"].str.startswith(meeting_id)]
    if len(match) != 1:
        known = ", ".join(all_meetings["meeting_id"].head(10)) or "none"
        raise click.ClickException(f"{len(match)} meetings match {meeting_id!r} (known: {known})")
    m = match.iloc[0]
    mid = m["meeting_id"]
    click.echo(
        f"{_s(m['title'])}\n{_s(m['body'])}  {_s(m['date']) or '日付不明'}  "
        f"{_s(m['start_time'])}–{_s(m['end_time'])}  {_s(m['venue'])}"
    )
    people = read_table(data_dir, "participants", [("meeting_id", "==", mid)])
    for _, p in people.iterrows():
        click.echo(
            f"  {p['role']:<12} {_s(p['name'])}{_s(p['title'])}"
            + (f"（{_s(p['note'])}）" if _s(p["note"]) else "")
            + ("" if p["present"] else " [欠席]")
        )
    turns = read_table(data_dir, "turns", [("meeting_id", "==", mid)]).sort_values("seq")
    click.echo("")
    for _, t in turns.iterrows():
        if t["kind"] == "note":
            click.echo(f"[{t['seq']:>3}]   〔{t['text']}〕")
            continue
        who = _s(t["speaker_label"]) or "(話者不明)"
        resolved = f" → {_s(t['speaker_name'])}" if _s(t["speaker_name"]) else ""
        head = f"[{t['seq']:>3}] {who}{resolved} ({t['role']})"
        click.echo(head)
        for para in str(t["text"]).split("\n"):
            click.echo(
                textwrap.fill(
                    para, width=width // 2, initial_indent="      ", subsequent_indent="      "
                )
            )


@main.command()
@click.argument("table")
@data_option
@output_options
@click.option("--limit", default=20, show_default=True)
def head(table: str, data_dir: Path, fmt: str, limit: int) -> None:
    """Print the first rows of TABLE (documents, meetings, participants, agenda_items, turns)."""
    try:
        df = read_table(data_dir, table)
    except KeyError as exc:
        raise click.ClickException(str(exc)) from None
    df = df.head(limit)
    if table == "sources":  # whole documents: show their size, not their text
        df = df.assign(n_chars=df["text"].str.len()).drop(columns=["text"])
    print_rows(df, fmt)


if __name__ == "__main__":  # pragma: no cover
    main()
