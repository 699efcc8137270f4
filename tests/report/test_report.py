"""The annual report: its numbers against the tables, the HTML, the workbook, an empty year,
the rendered page, and the analysis notebook run top to bottom."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.report.data import NoMeetings, Scope, build_report
from pipeline.report.render import Labels, render_html, workbook_sheets, write_report

FIXTURES = Path(__file__).parent.parent / "fixtures"
ROOT = Path(__file__).parent.parent.parent


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    """The search fixtures: 青空町 2016, 若葉市 2019 (審査会) and 2021 (総務常任委員会)."""
    from pipeline.run import run_corpus

    out = tmp_path_factory.mktemp("report")
    run_corpus(FIXTURES / "search", out)
    return out


def sql(data: Path, query: str) -> list[tuple]:
    for table in ("meetings", "turns", "turn_themes", "documents"):
        query = query.replace(f"{{{table}}}", f"read_parquet('{data / table}/*.parquet')")
    return duckdb.sql(query).fetchall()


def test_theme_numbers_match_the_tables(processed):
    report = build_report(processed, Scope(2019))
    expected = sql(
        processed,
        """
        SELECT g.theme, count(*) AS turns, sum(length(t.text)) AS chars
        FROM (SELECT DISTINCT turn_id, theme FROM {turn_themes}) g
        JOIN {turns} t USING (turn_id) JOIN {meetings} m USING (meeting_id)
        WHERE m.fiscal_year = 2019 AND t.kind = 'speech' GROUP BY ALL ORDER BY ALL
        """,
    )
    got = sorted(report.themes[["theme", "turns", "chars"]].itertuples(index=False, name=None))
    assert got == expected
    ((speech, chars),) = sql(
        processed,
        "SELECT count(*), sum(length(t.text)) FROM {turns} t JOIN {meetings} m USING (meeting_id) "
        "WHERE m.fiscal_year = 2019 AND t.kind = 'speech'",
    )
    assert report.totals["turns"] == speech == 108 and report.totals["chars"] == chars
    shares = dict(zip(report.themes["theme"], report.themes["share_chars"], strict=True))
    assert shares == {theme: n / chars for theme, _, n in expected}


def test_subthemes_roles_and_meetings_match_the_tables(processed):
    report = build_report(processed, Scope(2019))
    expected = sql(
        processed,
        """
        SELECT g.theme, g.subtheme, count(*) FROM (
            SELECT DISTINCT turn_id, theme, subtheme FROM {turn_themes} WHERE subtheme IS NOT NULL
        ) g JOIN {turns} t USING (turn_id) JOIN {meetings} m USING (meeting_id)
        WHERE m.fiscal_year = 2019 GROUP BY ALL ORDER BY ALL
        """,
    )
    got = report.subthemes[["theme", "subtheme", "turns"]].itertuples(index=False, name=None)
    assert sorted(got) == expected
    roles = sql(
        processed,
        """
        SELECT g.theme, t.role, count(*) FROM (SELECT DISTINCT turn_id, theme FROM {turn_themes}) g
        JOIN {turns} t USING (turn_id) JOIN {meetings} m USING (meeting_id)
        WHERE m.fiscal_year = 2019 GROUP BY ALL ORDER BY ALL
        """,
    )
    assert sorted(report.roles.itertuples(index=False, name=None)) == roles
    assert report.meetings["n_speech"].tolist() == [108]
    assert report.meetings["title"].str.contains("四街道市").all()


def test_trend_covers_earlier_years_with_shares_of_their_turns(three_years):
    report = build_report(three_years, Scope(2021, municipality="若葉"))
    assert sorted(report.trend["fiscal_year"].unique()) == [2019, 2021]  # 青空町 is elsewhere
    row = report.trend[(report.trend["fiscal_year"] == 2019) & (report.trend["theme"] == "pii")]
    # 2019: 10 speech turns, two on personal information (the leak question and its answer)
    assert row[["meetings", "turns", "share"]].values.tolist() == [[1, 2, 0.2]]
    # five fiscal years back: 2016 is in 2019's trend, not in 2021's
    assert sorted(build_report(three_years, Scope(2019)).trend["fiscal_year"].unique()) == [
        2016,
        2019,
    ]
    assert 2016 not in set(build_report(three_years, Scope(2021)).trend["fiscal_year"])


def test_filters_select_bodies_and_a_theme_nobody_raised_shows_zero(three_years):
    report = build_report(three_years, Scope(2021, body="総務"))
    assert report.meetings["body"].tolist() == ["若葉市議会総務常任委員会"]
    zero = report.themes.set_index("theme").loc["pii"]
    assert (zero["turns"], zero["chars"]) == (0, 0)


def test_exchanges_pair_a_question_with_its_answer(three_years):
    report = build_report(three_years, Scope(2019))
    pii = report.exchanges[report.exchanges["theme"] == "pii"].iloc[0]
    assert pii["question_text"] == "個人情報が流出した場合の対応を教えてください。"
    assert pii["answer_text"] == "漏洩が判明した場合は、直ちに本人へ通知いたします。"
    assert (pii["question_speaker"], pii["answer_speaker"]) == ("北野", "田中")
    # the question and the answer both scored: the exchange is listed once
    assert len(report.exchanges[report.exchanges["theme"] == "pii"]) == 1


def test_evidence_terms_are_counted_once_per_place(three_years):
    report = build_report(three_years, Scope(2019))
    security = report.evidence[report.evidence["theme"] == "security"]
    counts = dict(zip(security["term"], security["count"], strict=True))
    assert counts["バックアップ"] == 2 and counts["クラウド"] == 2  # question and answer


def test_html_has_the_numbers_escapes_text_and_links_turns(tmp_path):
    from pipeline.run import run_corpus

    raw = tmp_path / "raw"
    raw.mkdir()
    minutes = (FIXTURES / "search" / "wakaba_shinsakai_2019.txt").read_text("utf-8")
    minutes = minutes.replace(
        "国内のデータセンターです。", "<script>alert('x')</script>のデータセンターです。"
    )
    (raw / "wakaba.txt").write_text(minutes, "utf-8")
    run_corpus(raw, tmp_path / "out")
    report = build_report(tmp_path / "out", Scope(2019))
    page = render_html(report, Labels.load("ja"))
    assert "<script>" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "2019年度 会議録テーマ報告" in page and "情報セキュリティ" in page
    turns = report.themes.set_index("theme")["turns"]
    assert f'<td class="num">{turns["security"]}</td>' in page
    for turn_id in report.turns["turn_id"]:
        assert f'id="t-{turn_id}"' in page
    assert page.count('src="data:image/png;base64,') == 4
    assert "@font-face { font-family: 'kaigiroku-ja'; src: url(data:font/woff;base64," in page
    assert "http://" not in page and "https://" not in page  # nothing to fetch: opens offline


def test_english_labels(three_years):
    page = render_html(build_report(three_years, Scope(2019)), Labels.load("en"))
    assert "Minutes theme report, fiscal year 2019" in page and "Notable exchanges" in page


def test_workbook_has_the_same_tables(three_years, tmp_path):
    html, xlsx = write_report(three_years, Scope(2019), tmp_path)
    assert html.name == "report_FY2019_ja.html" and html.exists()
    book = openpyxl.load_workbook(xlsx)
    labels = Labels.load("ja")
    report = build_report(three_years, Scope(2019))
    sheets = workbook_sheets(report, labels)
    assert book.sheetnames == list(sheets)
    themes = book[labels.text["sheet_themes"]]
    header = [c.value for c in themes[1]]
    assert header[:3] == ["テーマ", "発言数", "文字数"]
    rows = {r[0]: r[1] for r in themes.iter_rows(min_row=2, values_only=True)}
    expected = report.themes.set_index("theme")["turns"]
    assert rows == {labels.theme(t): int(n) for t, n in expected.items()}
    meetings = book[labels.text["sheet_meetings"]]
    assert meetings.max_row == 1 + len(report.meetings)
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_a_year_without_meetings_writes_nothing_and_says_so(three_years, tmp_path):
    with pytest.raises(NoMeetings, match="fiscal years with meetings: 2016, 2019, 2021"):
        build_report(three_years, Scope(2030))
    r = CliRunner().invoke(
        main,
        ["report", "--fiscal-year", "2030", "--data", str(three_years), "--out", str(tmp_path)],
    )
    assert r.exit_code == 1 and "no meetings in fiscal year 2030" in r.stderr
    assert "no report written" in r.stderr and list(tmp_path.iterdir()) == []


def test_report_command(three_years, tmp_path):
    r = CliRunner().invoke(
        main,
        ["report", "--fiscal-year", "2019", "--data", str(three_years), "--out", str(tmp_path),
         "--body", "審査会", "--lang", "en"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "report_FY2019_審査会_en.html",
        "report_FY2019_審査会_en.xlsx",
    ]


@pytest.mark.skipif(
    __import__("pipeline.report.screenshot", fromlist=["chromium"]).chromium() is None,
    reason="Chromium is not installed (apt-get install chromium)",
)
def test_the_page_renders_in_chromium(three_years, tmp_path):
    from PIL import Image

    from pipeline.report.screenshot import screenshot

    html, _ = write_report(three_years, Scope(2019), tmp_path)
    png = screenshot(html, tmp_path / "report.png", width=1000, height=1400)
    image = Image.open(png).convert("L")
    assert image.size == (1000, 1400)
    dark = sum(image.histogram()[:128])
    assert dark > 10_000  # text and charts drawn, not a blank page


def test_the_notebook_runs_top_to_bottom(processed):
    import nbformat
    from nbclient import NotebookClient

    path = ROOT / "notebooks" / "cross_meeting_analysis.ipynb"
    notebook = nbformat.read(path, as_version=4)
    os.environ["KAIGIROKU_DATA"] = str(processed)
    try:
        NotebookClient(
            notebook, timeout=180, kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()  # fmt: skip
    finally:
        del os.environ["KAIGIROKU_DATA"]
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.source.startswith("# ") for c in code), "each cell says in one line what it shows"
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    topics = code[-2].outputs[0]["data"]["text/plain"]
    assert "Empty DataFrame" not in topics  # the processed fixture has discovered topics


def test_a_year_of_many_meetings_is_charted_month_by_month(three_years):
    """120 meetings once made a 21,000-pixel-wide chart: past 15 they are grouped by month."""
    import base64
    import datetime as dt
    import io
    from dataclasses import replace

    import pandas as pd
    from PIL import Image

    from pipeline.report import charts

    report = build_report(three_years, Scope(2019))
    days = [dt.date(2019, 4, 1) + dt.timedelta(days=9 * i) for i in range(40)]
    meetings = pd.DataFrame(
        {"meeting_id": [f"m{i}" for i in range(40)], "date": days, "speech_chars": 100}
    )
    by_meeting = pd.DataFrame(
        {"meeting_id": meetings["meeting_id"], "theme": "pii", "chars": 25, "share": 0.25}
    )
    many = replace(report, meetings=meetings, by_meeting=by_meeting)
    uri = charts.meeting_shares(many, str, "%")
    png = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert png.size[0] < 2500  # 12 months of bars, not 40 meetings
    few = replace(report, meetings=meetings.head(3), by_meeting=by_meeting.head(3))
    assert (
        Image.open(
            io.BytesIO(base64.b64decode(charts.meeting_shares(few, str, "%").split(",", 1)[1]))
        ).size[0]
        < png.size[0]
    )
