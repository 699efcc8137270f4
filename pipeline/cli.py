"""The ``kaigiroku`` command line: thin wrappers over library functions."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .run import Outcome, freeze_at_exit, run_corpus, use_jemalloc
from .store.parquet import TablesLocked, read_table
from .store.schema import ROLES
from .textutil import UNKNOWN_SPEAKER
from .themes.taxonomy import Taxonomy, TaxonomyError, load_taxonomy

if TYPE_CHECKING:  # pandas loads in the commands that print tables, not before every run
    import pandas as pd

DEFAULT_OUT = "data/processed"


def _tables_folder(flag: str, dest: str, help: str):
    return click.option(
        flag,
        dest,
        default=DEFAULT_OUT,
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help,
    )


data_option = _tables_folder("--data", "data_dir", "Folder holding the processed tables.")


def _existing_file(flag: str, dest: str, help: str):
    return click.option(
        flag, dest, type=click.Path(exists=True, dir_okay=False, path_type=Path), help=help
    )


taxonomy_option = _existing_file(
    "--taxonomy", "taxonomy_path", "Theme taxonomy TOML file (default: the built-in one)."
)
model_option = _existing_file(
    "--model",
    "model_path",
    "A theme model from `kaigiroku train`: adds method='model' tags. Load only models you "
    "made or trust (they are pickles).",
)


def gold_options(f):
    """``--gold FILE``, ``--data DIR`` and ``--meeting ID``: annotated turns and where they are."""
    f = click.option(
        "--meeting", "meeting_id", help="Meeting id (prefix); default: the best match."
    )(f)
    f = data_option(f)
    return click.option(
        "--gold",
        "gold_path",
        required=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Annotated turns (JSON Lines, the format of ../shared/gold/seed_turns.jsonl).",
    )(f)


def _taxonomy(path: Path | None) -> Taxonomy | None:
    try:
        return load_taxonomy(path) if path else None
    except TaxonomyError as exc:
        raise click.ClickException(str(exc)) from None


def _model(path: Path | None):
    if path is None:
        return None  # and scikit-learn, a second to import, is not imported
    from .themes.model import ThemeModel

    try:
        return ThemeModel.load(path)
    except Exception as exc:  # unpickling reports many kinds of failure
        raise click.ClickException(f"cannot load model {path}: {exc}") from None


def lang_option(help: str):
    """``--lang ja|en``: Japanese by default, as the minutes are."""
    return click.option(
        "--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True, help=help
    )


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
    import pandas as pd

    return (
        ""
        if value is None or (not isinstance(value, list | tuple) and pd.isna(value))
        else str(value)
    )


def print_rows(df: pd.DataFrame, fmt: str) -> None:
    import pandas as pd

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
    freeze_at_exit()
    use_jemalloc()


@main.command()
@click.argument("input_dir", default="data/raw", type=click.Path(exists=True, path_type=Path))
@_tables_folder("--out", "out_dir", "Where the tables go.")
@taxonomy_option
@model_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the machine's cores",
    help="Processes working on documents in parallel.",
)
@click.option("--full", is_flag=True, help="Process every document, even unchanged ones.")
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where documents are processed: local processes, or Dask's distributed scheduler.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --executor dask: the scheduler (tcp://host:8786); default: a local cluster.",
)
@click.option(
    "--no-index", "no_index", is_flag=True, help="Do not update the search index (search.sqlite)."
)
@click.option("--strict", is_flag=True, help="Exit 1 when any document failed or has warnings.")
@click.option("--quiet", "-q", is_flag=True, help="No per-document progress lines.")
def run(
    input_dir: Path,
    out_dir: Path,
    taxonomy_path: Path | None,
    model_path: Path | None,
    workers: int,
    full: bool,
    executor: str,
    scheduler: str | None,
    no_index: bool,
    strict: bool,
    quiet: bool,
) -> None:
    """Process every minutes file under INPUT_DIR (default data/raw) into tables."""
    taxonomy, model = _taxonomy(taxonomy_path), _model(model_path)

    def progress(i: int, n: int, outcome: Outcome) -> None:
        if quiet:
            return
        detail = outcome.error or "; ".join(outcome.warnings)
        click.echo(
            f"[{i}/{n}] {outcome.status:7} {outcome.rel_path}"
            + (" (unchanged)" if outcome.reused else "")
            + (f"  {detail}" if detail else ""),
            err=True,
        )

    try:
        summary = run_corpus(
            input_dir,
            out_dir,
            progress,
            taxonomy,
            model,
            workers=workers,
            full=full,
            executor=executor,
            scheduler=scheduler,
            index=not no_index,
        )
    except TablesLocked as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(3)
    except RuntimeError as exc:  # the Dask extra is missing
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"documents: {summary.documents} (ok {summary.ok}, warning {summary.warning}, "
        f"failed {summary.failed}; {summary.reused} unchanged since the last run; "
        f"{summary.duplicates} duplicate file(s), "
        f"{len(summary.skipped)} unsupported file(s) skipped)\n"
        f"meetings: {summary.meetings}  turns: {summary.turns}  notes: {summary.notes}\n"
        + (f"tables written to {out_dir}/" if summary.written else f"{out_dir}/ is up to date")
    )
    if summary.index is not None:
        click.echo(_index_line(summary.index, out_dir))
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
    tags = read_table(data_dir, "turn_themes", [("meeting_id", "==", mid)])
    marks = {tid: _theme_marks(group) for tid, group in tags.groupby("turn_id")}
    click.echo("")
    for _, t in turns.iterrows():
        if t["kind"] == "note":
            note = str(t["text"])
            # 〔…〕 marks a note; one already written that way keeps its own brackets
            click.echo(f"[{t['seq']:>3}]   " + (note if note.startswith("〔") else f"〔{note}〕"))
            continue
        who = _s(t["speaker_label"]) or UNKNOWN_SPEAKER
        resolved = f" → {_s(t['speaker_name'])}" if _s(t["speaker_name"]) else ""
        head = f"[{t['seq']:>3}] {who}{resolved} ({t['role']})"
        click.echo(head + (f"  {marks[t['turn_id']]}" if t["turn_id"] in marks else ""))
        for para in str(t["text"]).split("\n"):
            click.echo(
                textwrap.fill(
                    para, width=width // 2, initial_indent="      ", subsequent_indent="      "
                )
            )


def _theme_marks(tags: pd.DataFrame) -> str:
    """``《security 0.99: encryption_network, governance | pii 0.60 context》``"""
    parts = []
    for (theme, method), g in tags.groupby(["theme", "method"], sort=False):
        subs = ", ".join(s for s in g["subtheme"].dropna().unique())
        how = "" if method == "lexicon" else f" {method}"
        parts.append(f"{theme} {g['score'].max():.2f}{how}" + (f": {subs}" if subs else ""))
    return "《" + " | ".join(parts) + "》"


@main.command()
@data_option
@taxonomy_option
@model_option
def tag(data_dir: Path, taxonomy_path: Path | None, model_path: Path | None) -> None:
    """Re-tag the stored turns with a taxonomy (and model) without re-tokenizing."""
    from .tag import retag_corpus

    n = retag_corpus(data_dir, _taxonomy(taxonomy_path), _model(model_path))
    click.echo(f"turn_themes: {n} row(s) written to {data_dir}/turn_themes")


@main.command()
@gold_options
@taxonomy_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def evaluate(
    gold_path: Path, data_dir: Path, meeting_id: str | None, taxonomy_path: Path | None, fmt: str
) -> None:
    """Precision, recall and F1 per theme, and turn segmentation, against gold turns.

    Scores the stored tags, or with --taxonomy re-tags the meeting with that file first.
    """
    from .evaluate import evaluate as run_evaluation
    from .evaluate import load_gold, stored_meeting_turns
    from .tag import retag

    try:
        tags = None
        if taxonomy_path is not None:  # find the meeting once, then re-tag only it
            gold = load_gold(gold_path)
            meeting_id = stored_meeting_turns(data_dir, gold, meeting_id)["meeting_id"].iloc[0]
            tags = retag(data_dir, _taxonomy(taxonomy_path), meeting_ids=[meeting_id])
        result = run_evaluation(data_dir, gold_path, meeting_id, tags=tags)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        payload = {
            "meeting_id": result.meeting_id,
            "segmentation": result.segmentation,
            "themes": result.themes.to_dict("records"),
            "macro_f1": result.macro_f1,
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(result.report())


@main.command()
@data_option
@click.option("--n-topics", default=8, show_default=True, help="How many topics to find.")
@click.option("--method", type=click.Choice(["nmf", "lda"]), default="nmf", show_default=True)
@click.option("--terms", "n_terms", default=10, show_default=True, help="Words kept per topic.")
@output_options
def topics(data_dir: Path, n_topics: int, method: str, n_terms: int, fmt: str) -> None:
    """Discover topics in the stored turns; writes the topics and turn_topics tables."""
    from .themes.topics import TopicModel
    from .topics import discover_topics

    try:
        result = discover_topics(data_dir, TopicModel(n_topics, method, n_terms))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    df = result.topics.assign(terms=result.topics["terms"].map(" ".join))
    print_rows(df[["topic_id", "n_turns", "terms"]], fmt)
    click.echo(f"{result.n_turns} turns modelled; tables topics, turn_topics written", err=True)


@main.command()
@gold_options
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to save the model (joblib).",
)
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds.")
def train(
    gold_path: Path, data_dir: Path, meeting_id: str | None, out_path: Path, folds: int
) -> None:
    """Train the supervised theme model from gold turns; print cross-validated scores."""
    from .evaluate import training_data

    try:
        docs, labels, ambiguous = training_data(data_dir, gold_path, meeting_id)
        from .themes.model import ThemeModel

        model = ThemeModel()
        scores = model.cross_validate(docs, labels, ambiguous, folds=folds)
        model.fit(docs, labels, ambiguous)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    import pandas as pd

    df = pd.DataFrame([{"theme": t, **s} for t, s in scores.items()])
    click.echo(f"{len(docs)} annotated speech turns; cross-validated (stratified folds):")
    click.echo(df.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    click.echo(f"macro-F1 {df['f1'].mean():.3f}")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    model.save(out_path)
    click.echo(f"model saved to {out_path}")


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


def _date_option(flag: str, dest: str, end: bool, help: str):
    def convert(ctx, param, value):
        from .search.engine import parse_date

        if value is None:
            return None
        try:
            return parse_date(value, end=end)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.option(flag, dest, metavar="DATE", callback=convert, help=help)


def _stale_warning(data_dir: Path) -> None:
    click.echo(
        f"warning: the tables in {data_dir}/ changed after the search index was updated; "
        "`kaigiroku index` brings it up to date",
        err=True,
    )


@main.command()
@click.argument("query", nargs=-1)
@data_option
@click.option("--theme", help="Only turns tagged with this theme (security, disclosure, pii).")
@click.option("--subtheme", help="Only turns tagged with this sub-theme.")
@_date_option(
    "--from", "date_from", False, "Meetings on or after DATE (2019-04-01, 2019, 令和元年4月1日)."
)
@_date_option("--to", "date_to", True, "Meetings on or before DATE (a year or month: its end).")
@click.option("--fiscal-year", type=int, help="Meetings of this fiscal year (April to March).")
@click.option(
    "--body", help="Part of the body's name (情報公開 finds 情報公開・個人情報保護審査会)."
)
@click.option("--municipality", help="Part of the municipality's name.")
@click.option("--speaker", "speaker", metavar="NAME", help="Part of the speaker's name or label.")
@click.option("--role", type=click.Choice(ROLES), help="The speaker's role.")
@click.option("--meeting", metavar="MEETING_ID", help="Only this meeting's turns.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, help="Skip this many hits (paging)."
)
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=0,
    metavar="K",
    help="Also show the K turns before and after each hit.",
)
@click.option("--synonyms", is_flag=True, help="Also find the words' synonyms (漏えい ~ 流出).")
@click.option(
    "--synonyms-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Synonym groups (TOML, the format of pipeline/data/synonyms.toml); implies --synonyms.",
)
@click.option("--width", default=120, show_default=True, help="Snippet length in characters.")
@output_options
def search(
    query: tuple[str, ...],
    data_dir: Path,
    limit: int,
    offset: int,
    context: int,
    synonyms: bool,
    synonyms_file: Path | None,
    width: int,
    fmt: str,
    **filter_values,
) -> None:
    """Find the turns that discuss QUERY, best first, with who said it, where and when.

    Words are matched on lemmas and normalised spellings (暗号化した finds 暗号化, サーバ finds
    サーバー); turns with every word rank first. "…" or 「…」 quote a phrase. With filters
    and no words, lists the matching turns by date.
    """
    from .search.engine import Filters, Searcher
    from .search.index import IndexMissing
    from .search.query import Synonyms
    from .search.render import to_csv, to_dict, to_text

    filters = Filters(**filter_values)
    text = " ".join(query)
    if not text.strip() and not filters:
        raise click.UsageError("give words to search for, or at least one filter")
    try:
        groups = Synonyms.load(synonyms_file) if synonyms or synonyms_file else None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        searcher = Searcher(data_dir, groups, snippet_width=width)
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from None
    with searcher:
        result = searcher.search(text, filters, limit=limit, offset=offset, context=context)
        empty_index = not result.hits and searcher.count() == 0
    if result.stale:
        _stale_warning(data_dir)
    if fmt == "json":
        click.echo(json.dumps(to_dict(result), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(to_csv(result), nl=False)
    else:
        click.echo(to_text(result, color=sys.stdout.isatty()))
    if empty_index:
        click.echo(f"the search index in {data_dir}/ holds no turns", err=True)
    elif not result.hits and fmt != "table":  # the table's heading says so already
        click.echo("no turns match", err=True)


@main.command()
@click.argument("term")
@data_option
@click.option("--window", default=20, show_default=True, help="Characters on each side.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option(
    "--sort",
    type=click.Choice(["date", "left", "right"]),
    default="date",
    show_default=True,
    help="Order: by date, or by the text right or left of the term.",
)
@output_options
def kwic(term: str, data_dir: Path, window: int, limit: int, sort: str, fmt: str) -> None:
    """Keyword in context: every occurrence of TERM with the text on either side."""
    from .search.kwic import concordance, to_frame
    from .search.render import kwic_text

    lines = concordance(data_dir, term, window=window, limit=limit, sort=sort)
    if not lines:
        click.echo(f"「{term}」 does not occur in the tables in {data_dir}/", err=fmt != "table")
        if fmt == "table":
            return
    if fmt == "table":
        click.echo(kwic_text(lines, window))
    else:
        print_rows(to_frame(lines), fmt)


@main.command()
@data_option
@click.option("--rebuild", is_flag=True, help="Build the index anew instead of updating it.")
def index(data_dir: Path, rebuild: bool) -> None:
    """Bring the search index (search.sqlite) in step with the tables; `run` does this too."""
    from .search.index import IndexMissing, sync_index

    try:
        summary = sync_index(data_dir, rebuild=rebuild)
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from None
    except TablesLocked as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(3)
    click.echo(_index_line(summary, data_dir))


def _index_line(summary, data_dir: Path) -> str:
    if not summary.changed:
        return f"search index: {summary.turns} turns, up to date ({data_dir}/search.sqlite)"
    how = "built" if summary.rebuilt else "updated"
    return (
        f"search index {how}: {summary.turns} turns ({summary.added} document(s) indexed, "
        f"{summary.removed} removed"
        + (", themes reloaded" if summary.themes_reloaded else "")
        + f") in {data_dir}/search.sqlite"
    )


@main.command()
@click.option("--fiscal-year", type=int, required=True, help="The fiscal year (April to March).")
@click.option("--body", help="Only bodies whose name contains this.")
@click.option("--municipality", help="Only municipalities whose name contains this.")
@data_option
@click.option(
    "--out",
    "out_dir",
    default="reports",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the HTML and Excel files.",
)
@lang_option("The report's language.")
def report(
    fiscal_year: int,
    body: str | None,
    municipality: str | None,
    data_dir: Path,
    out_dir: Path,
    lang: str,
) -> None:
    """Write the annual theme report (HTML with charts, and Excel) for a fiscal year."""
    from .report.data import NoMeetings, Scope
    from .report.render import write_report

    try:
        paths = write_report(data_dir, Scope(fiscal_year, body, municipality), out_dir, lang)
    except NoMeetings as exc:
        click.echo(f"error: {exc}; no report written", err=True)
        sys.exit(1)
    for path in paths:
        click.echo(f"wrote {path}")


@main.command()
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@lang_option("The interface's default language (every page links to the other).")
@click.option("--threads", type=click.IntRange(min=1), default=4, show_default=True)
def serve(data_dir: Path, host: str, port: int, lang: str, threads: int) -> None:
    """Start the local web app over the tables: search, meetings and theme dashboards."""
    import waitress

    from .search.index import IndexMissing, connect
    from .web.app import create_app

    try:
        connect(data_dir).close()
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can read the "
            "minutes; there is no login",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kaigiroku: serving {data_dir}/ at http://{shown}:{port}/ (Ctrl-C stops)")
    waitress.serve(create_app(data_dir, lang), host=host, port=port, threads=threads)


if __name__ == "__main__":  # pragma: no cover
    main()
