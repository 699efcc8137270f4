"""The web app over HTTP (Flask's test client): every page, its links and numbers checked
against the library and the tables, escaping of hostile minutes, and bad input.

The tables hold the three search fixtures (青空町 2016, 若葉市 2019 and 2021) and a fictional
2022 meeting whose title, agenda and turns carry HTML and template syntax.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from bs4 import BeautifulSoup

from pipeline.report.data import Scope, build_report
from pipeline.search.engine import Filters, Searcher, parse_date
from pipeline.search.index import index_path
from pipeline.web.app import create_app
from pipeline.web.params import PAGE_SIZE

FIXTURES = Path(__file__).parent.parent / "fixtures"
WAKABA = "8f460d1f1cc5769a-0"  # 若葉市情報公開・個人情報保護審査会, 2019-07-10
SOMU = "90b9bb7bda83118c-0"  # 若葉市議会総務常任委員会, 2021-06-15
HOSTILE = "3eba4e569f7d7ae0-0"  # 若葉市 2022, with <script> in its title, agenda and turns


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    from pipeline.run import run_corpus

    raw = tmp_path_factory.mktemp("raw")
    for path in [*(FIXTURES / "search").iterdir(), *(FIXTURES / "web").iterdir()]:
        shutil.copy(path, raw)
    out = tmp_path_factory.mktemp("web")
    run_corpus(raw, out)
    return out


@pytest.fixture(scope="module")
def client(data):
    return create_app(data).test_client()


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def hit_ids(soup: BeautifulSoup) -> list[str]:
    return [
        parse_qs(urlsplit(a["href"]).query)["turn"][0] for a in soup.select("li.hit .meeting-link")
    ]


def library_ids(data: Path, text: str, filters: Filters | None = None, **kw) -> list[str]:
    with Searcher(data) as searcher:
        return [h.turn.turn_id for h in searcher.search(text, filters, **kw).hits]


def test_the_empty_search_page_offers_every_filter(client):
    soup = page(client, "/")
    form = soup.select_one("form.search")
    assert form["method"] == "get"
    names = {e["name"] for e in form.select("[name]")}
    assert {"q", "theme", "subtheme", "from", "to", "fy", "body", "municipality", "speaker",
            "role"} <= names  # fmt: skip
    themes = [o["value"] for o in form.select("select[name=theme] option") if o["value"]]
    assert themes == ["pii", "security"]
    assert [o.text for o in form.select("select[name=theme] option")][1:] == [
        "個人情報",
        "情報セキュリティ",
    ]
    assert soup.select_one("p.intro") and not soup.select("li.hit")


def test_results_are_the_search_commands_with_highlights_and_citations(client, data):
    soup = page(client, "/?q=暗号化する")
    assert hit_ids(soup) == library_ids(data, "暗号化する", limit=PAGE_SIZE)
    first = soup.select_one("li.hit")
    assert [m.text for m in first.select(".snippet mark")] == ["暗号化"]
    cite = first.select_one(".cite").get_text(" ", strip=True)
    assert "2022-05-18" in cite or "2019-07-10" in cite
    assert soup.select_one("#summary").text.startswith(f"{len(hit_ids(soup))} 件の発言")
    link = urlsplit(first.select_one(".meeting-link")["href"])
    assert link.path.startswith("/meetings/") and link.fragment.startswith("t-")
    assert parse_qs(link.query)["q"] == ["暗号化する"]
    assert "情報セキュリティ · 暗号化・通信回線" in [b.text for b in first.select(".badge")]


@pytest.mark.parametrize(
    ("args", "filters"),
    [
        ("theme=pii", Filters(theme="pii")),
        ("theme=security&subtheme=backup_continuity",
         Filters(theme="security", subtheme="backup_continuity")),
        ("subtheme=leakage", Filters(subtheme="leakage")),
        ("from=2019-01-01&to=令和3年12月31日",
         Filters(date_from=parse_date("2019-01-01"), date_to=parse_date("2021-12-31"))),
        ("from=2021", Filters(date_from=parse_date("2021"))),
        ("fy=2016", Filters(fiscal_year=2016)),
        ("body=総務", Filters(body="総務")),
        ("municipality=青空", Filters(municipality="青空")),
        ("speaker=田中", Filters(speaker="田中")),
        ("role=chair", Filters(role="chair")),
        (f"meeting={WAKABA}&theme=security", Filters(meeting=WAKABA, theme="security")),
        ("q=バックアップ&theme=security&from=2021-01-01",
         Filters(theme="security", date_from=parse_date("2021-01-01"))),
    ],
)  # fmt: skip
def test_every_filter_selects_what_the_library_does(client, data, args, filters):
    soup = page(client, "/?" + args)
    text = parse_qs(args).get("q", [""])[0]
    expected = library_ids(data, text, filters, limit=PAGE_SIZE)
    assert expected and hit_ids(soup) == expected
    # the form shows the search it made, so it can be changed and sent again (dates as parsed)
    form = soup.select_one("form.search")
    dates = {"from": filters.date_from, "to": filters.date_to}
    for name, (value,) in parse_qs(args).items():
        field = form.select_one(f"[name={name}]")
        selected = field.select_one("option[selected]") if field.name == "select" else None
        shown = selected["value"] if selected else field["value"]
        assert shown == (dates[name].isoformat() if name in dates else value)


def test_pages_of_results_and_shareable_urls(client, data):
    everything = library_ids(data, "", Filters(date_from=parse_date("1900")), limit=1000)
    assert len(everything) > PAGE_SIZE
    first = page(client, "/?from=1900")
    assert hit_ids(first) == everything[:PAGE_SIZE]
    assert first.select_one("a[rel=prev]") is None
    next_url = first.select_one("a[rel=next]")["href"]
    assert parse_qs(urlsplit(next_url).query) == {"from": ["1900-01-01"], "page": ["2"]}
    second = page(client, next_url)
    assert hit_ids(second) == everything[PAGE_SIZE : 2 * PAGE_SIZE]
    assert second.select_one("ol.hits")["start"] == str(PAGE_SIZE + 1)
    assert second.select_one("a[rel=next]") is None
    assert parse_qs(urlsplit(second.select_one("a[rel=prev]")["href"]).query) == {
        "from": ["1900-01-01"]
    }
    past = page(client, "/?from=1900&page=9")
    assert not hit_ids(past) and "このページに該当する発言はありません" in past.text


def test_no_match_says_so(client):
    soup = page(client, "/?q=宇宙船")
    assert "該当する発言はありません" in soup.select_one("#summary").text
    assert not soup.select("li.hit")


def test_meeting_page_has_header_attendees_agenda_and_every_turn(client, data):
    soup = page(client, f"/meetings/{WAKABA}")
    header = soup.select_one("dl.header").get_text(" ", strip=True)
    assert "2019-07-10" in header and "若葉市情報公開・個人情報保護審査会" in header
    assert "若葉市役所" in header and "wakaba_shinsakai_2019.txt" in header
    attendees = [r.get_text(" ", strip=True) for r in soup.select("table.attendees tr")]
    assert any("大川" in a and "会長・委員長" in a for a in attendees)
    assert len(attendees) == 5
    assert [li.get_text(" ", strip=True) for li in soup.select("ol.agenda li")] == [
        "(1) クラウドサービスの利用について（報告）"
    ]
    turns = soup.select(".turns .turn")
    assert len(turns) == 11  # ten turns and the closing note
    second = soup.select_one(f"#t-{WAKABA}-0001")
    assert second.select_one(".who").text == "北野"  # the roster's name for 北野委員
    badges = [b.text for b in second.select(".badge")]
    assert badges[0] == "委員"
    assert "情報セキュリティ · バックアップ・継続性" in badges
    assert not soup.select(".turn.hit")


def test_the_hit_turn_is_marked_and_its_words_highlighted(client):
    turn_id = f"{WAKABA}-0002"
    soup = page(client, f"/meetings/{WAKABA}?turn={turn_id}&q=暗号化+サーバー")
    hits = soup.select(".turn.hit")
    assert [h["id"] for h in hits] == [f"t-{turn_id}"]
    assert [m.text for m in hits[0].select("mark")] == ["暗号化", "サーバ"]
    assert hits[0].select_one(".text").text.startswith("バックアップデータは暗号化したうえで")


def test_themes_page_numbers_are_the_reports_and_link_to_their_turns(client, data):
    report = build_report(data, Scope(2019))
    soup = page(client, "/themes?fy=2019")
    assert soup.h1.text == "2019年度 会議録テーマ報告"
    assert len(soup.select("img.chart[src^='data:image/png;base64,']")) == 4
    rows = soup.select_one("h2#themes").find_next("table").select("tr")[1:]
    shown = {r.td.text: r.select("td")[1] for r in rows}
    for theme in report.themes.itertuples():
        cell = shown[{"security": "情報セキュリティ", "pii": "個人情報"}[theme.theme]]
        assert cell.text == str(theme.turns)
        if theme.turns:  # the link lists exactly the turns behind the number
            listed = page(client, cell.a["href"])
            assert f"{theme.turns} 件の発言が該当しました" in listed.select_one("#summary").text
            assert set(hit_ids(listed)) == set(
                report.turns[report.turns["themes"].map(lambda t, th=theme.theme: th in t)][
                    "turn_id"
                ]
            )
    for sub in report.subthemes.itertuples():
        link = soup.find("a", href=lambda h, s=sub: h and f"subtheme={s.subtheme}" in h)
        listed = page(client, link["href"])
        assert link.text == str(sub.turns)
        assert listed.select_one("#summary").text.startswith(f"{sub.turns} 件")


def test_themes_links_cover_meetings_roles_trend_and_turns(client, data):
    soup = page(client, "/themes?fy=2021")
    hrefs = [a["href"] for a in soup.select("a[href]")]
    assert any(h.startswith(f"/meetings/{SOMU}") for h in hrefs)
    role_link = next(h for h in hrefs if "role=agency" in h)
    assert parse_qs(urlsplit(role_link).query) == {
        "fy": ["2021"], "theme": ["security"], "role": ["agency"]
    }  # fmt: skip
    trend = [h for h in hrefs if "fy=2019" in h and "theme=" in h]
    assert trend, "earlier fiscal years link to their own turns"
    exchange = soup.select_one(".exchange a[href*='turn=']")["href"]
    assert urlsplit(exchange).fragment == "t-" + parse_qs(urlsplit(exchange).query)["turn"][0]
    assert page(client, exchange).select(".turn.hit")


def test_themes_page_for_a_body_and_the_report_downloads(client):
    soup = page(client, "/themes?fy=2019&body=審査会")
    assert "審査会" in soup.select_one("p.meta").text
    html_link = soup.select_one("a.download[href*='report.html']")["href"]
    response = client.get(html_link)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "report_FY2019_" in response.headers["Content-Disposition"]
    assert "2019年度 会議録テーマ報告" in response.get_data(as_text=True)
    xlsx = client.get(soup.select_one("a.download[href*='report.xlsx']")["href"])
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert "テーマ" in book.sheetnames


def test_the_latest_fiscal_year_is_the_default(client):
    assert page(client, "/themes").h1.text.startswith("2022年度")
    # of the body asked for: 総務 met last in 2021, 青空町 in 2016
    assert page(client, "/themes?body=総務").h1.text.startswith("2021年度")
    assert page(client, "/themes?municipality=青空").h1.text.startswith("2016年度")
    assert "no meetings with a date of 教育" in page(client, "/themes?body=教育", 404).text


def test_meetings_list_newest_first_and_filters(client):
    soup = page(client, "/meetings")
    dates = [td.text for td in soup.select("table.meetings td.date")]
    assert dates == ["2022-05-18", "2021-06-15", "2019-07-10", "2016-11-02"]
    only = page(client, "/meetings?fy=2016")
    assert [td.text for td in only.select("table.meetings td.date")] == ["2016-11-02"]


def test_english_interface_keeps_its_language_in_links(client):
    soup = page(client, "/?q=バックアップ&lang=en")
    assert soup.html["lang"] == "en"
    assert soup.select_one("#summary").text.startswith("4 turns match")
    assert all("lang=en" in a["href"] for a in soup.select("li.hit .meeting-link"))
    assert soup.select_one("input[name=lang]")["value"] == "en"
    switch = soup.select_one("a.lang")
    assert switch.text == "日本語" and "lang" not in parse_qs(urlsplit(switch["href"]).query)
    themes = page(client, "/themes?fy=2019&lang=en")
    assert themes.h1.text == "Minutes theme report, fiscal year 2019"


HOSTILE_TEXT = ["<script>alert('x')</script>", '"><img src=x onerror=alert(1)>', "<b>"]


@pytest.mark.parametrize(
    "url",
    [
        "/?q=個人情報",
        "/?q=暗号化&theme=security",
        f"/meetings/{HOSTILE}",
        f"/meetings/{HOSTILE}?turn={HOSTILE}-0002&q=暗号化",
        "/meetings",
        "/themes?fy=2022",
        "/?body=<script>",
        "/?q=<script>alert(1)</script>",
    ],
)
def test_minutes_text_is_shown_as_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<script" not in body and "<img src=x" not in body and "<b>" not in body
    assert "&lt;script&gt;" in body


def test_template_syntax_in_minutes_is_not_run(client):
    soup = page(client, f"/meetings/{HOSTILE}")
    assert soup.select_one(f"#t-{HOSTILE}-0003 .text").text == "{{ 7*7 }}のような記号も同様ですか。"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/?fy=abc", "fy: not a year"),
        ("/?fy=99999", "fy: a year must be between"),
        ("/?page=0", "page: a page number must be between"),
        ("/?page=-1", "page: not a page number"),
        ("/?page=abc", "page: not a page number"),
        ("/?page=100000", "page: a page number must be between"),
        ("/?from=2019-13-45", "from: not a date"),
        ("/?from=2021&to=2019", "from: after to"),
        ("/?theme=nope", "theme: unknown value 'nope'"),
        ("/?theme=pii&subtheme=malware", "subtheme: unknown value 'malware'"),
        ("/?role=king", "role: unknown value 'king'"),
        ("/?lang=fr", "lang: one of ja, en"),
        ("/?q=" + "あ" * 201, "q: longer than 200 characters"),
        ("/?q=%00", "q: contains a NUL character"),
        ("/?body=" + "x" * 101, "body: longer than 100 characters"),
        ("/meetings?fy=1", "fy: a year must be between"),
        (f"/meetings/{WAKABA}?turn=nope", "turn: 'nope' is not a turn of this meeting"),
        ("/themes?fy=twenty", "fy: not a year"),
    ],
)
def test_bad_parameters_get_a_400_page_naming_them(client, url, message):
    soup = page(client, url, 400)
    assert message in soup.select_one(".error-message").text
    assert "Traceback" not in soup.text


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/meetings/0000000000000000-0", "no meeting '0000000000000000-0'"),
        ("/themes?fy=1999", "no meetings in fiscal year 1999"),
        ("/themes/report.pdf?fy=2019", ""),
        ("/no-such-page", ""),
    ],
)
def test_what_is_not_there_gets_a_404_page(client, url, message):
    soup = page(client, url, 404)
    assert message in soup.text and soup.h1.text.startswith("404")


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(", "' OR 1=1; --", "a AND", "「", "😀", ")(", "^暗号化", "-- ;"]
)
def test_hostile_queries_are_searched_as_text(client, query):
    assert client.get("/", query_string={"q": query}).status_code == 200


def test_nothing_but_get(client):
    assert client.post("/").status_code == 405
    assert client.delete(f"/meetings/{WAKABA}").status_code == 405


def test_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_app_changes_nothing_in_the_tables_folder(data):
    def fingerprint() -> dict[str, str]:
        return {
            str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data.rglob("*"))
            if p.is_file()
        }

    before = fingerprint()
    client = create_app(data).test_client()
    for url in ["/?q=暗号化", f"/meetings/{WAKABA}", "/themes?fy=2019", "/meetings",
                "/themes/report.xlsx?fy=2019", "/?q=' OR 1=1; --"]:  # fmt: skip
        assert client.get(url).status_code == 200
    assert fingerprint() == before


def test_a_folder_without_an_index_gets_a_503_page(tmp_path):
    soup = page(create_app(tmp_path).test_client(), "/", 503)
    assert "no search index" in soup.text and "kaigiroku index" in soup.text


def test_a_stale_index_is_announced(data, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    turns = copy / "turns" / "part-0.parquet"
    turns.write_bytes(turns.read_bytes())  # rewritten: the index no longer matches its stamp
    assert index_path(copy).exists()
    soup = page(create_app(copy).test_client(), "/?q=暗号化")
    assert "kaigiroku index" in soup.select_one(".warning").text


def test_the_font_and_stylesheets_are_served(client):
    font = client.get("/font/ipaexgothic.ttf")
    assert font.status_code == 200 and font.mimetype == "font/ttf" and len(font.data) > 1_000_000
    assert client.get("/css/report.css").mimetype == "text/css"
    assert client.get("/static/app.css").status_code == 200
