"""End to end: `kaigiroku serve` in a child process, driven by headless Chromium (Debian's
package, through Playwright): search from the form, open a hit's meeting, and see the hit
turn highlighted and scrolled into view. Screenshots go to $KAIGIROKU_SCREENSHOTS (or the
test's temporary folder).

Skipped when Chromium is missing, unless KAIGIROKU_REQUIRE_CHROMIUM=1 (set by .ci/run,
which installs it), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.report.screenshot import chromium

FIXTURES = Path(__file__).parent.parent / "fixtures"
REQUIRED = os.environ.get("KAIGIROKU_REQUIRE_CHROMIUM") == "1"

pytestmark = pytest.mark.skipif(
    chromium() is None and not REQUIRED,
    reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from pipeline.run import run_corpus

    raw = tmp_path_factory.mktemp("raw")
    for path in (FIXTURES / "search").iterdir():
        shutil.copy(path, raw)
    data = tmp_path_factory.mktemp("tables")
    run_corpus(raw, data)
    port = _free_port()
    child = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--data", str(data), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                if child.poll() is not None:
                    raise RuntimeError(child.stdout.read().decode()) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("kaigiroku serve did not answer")
        yield base
    finally:
        child.terminate()
        child.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    exe = chromium()
    assert exe, "KAIGIROKU_REQUIRE_CHROMIUM=1 but no Chromium is installed"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        yield launched
        launched.close()


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("KAIGIROKU_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _not_blank(png: Path) -> bool:
    from PIL import Image

    image = Image.open(png).convert("L")
    return sum(image.histogram()[:128]) > 5_000  # text drawn, not an empty page


def test_search_open_the_meeting_and_see_the_highlighted_turn(server, browser, tmp_path):
    shots = _shots(tmp_path)
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(server + "/")
    page.fill("input[name=q]", "暗号化")
    page.select_option("select[name=theme]", "security")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("li.hit")
    assert "q=%E6%9A%97%E5%8F%B7%E5%8C%96" in page.url and "theme=security" in page.url
    assert page.inner_text("#summary").startswith("1 件の発言")
    assert page.inner_text("li.hit .snippet mark") == "暗号化"
    page.screenshot(path=str(shots / "search.png"))

    page.click("li.hit .meeting-link")
    page.wait_for_selector(".turn.hit")
    hit = page.locator(".turn.hit")
    assert page.url.endswith("#" + hit.get_attribute("id"))
    assert "暗号化したうえで" in hit.inner_text()
    assert page.locator(".turn.hit mark").first.inner_text() == "暗号化"
    # scrolled into view below the sticky header, and drawn in the highlight colour
    box = hit.bounding_box()
    assert box is not None and 0 < box["y"] < 800
    assert page.evaluate("scrollY") > 0
    colour = hit.evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 246, 213)"
    page.screenshot(path=str(shots / "meeting.png"))

    page.click("header.site nav a >> text=テーマ別集計")
    page.wait_for_selector("img.chart")
    page.screenshot(path=str(shots / "themes.png"), full_page=True)
    for name in ("search.png", "meeting.png", "themes.png"):
        assert _not_blank(shots / name)


def test_english_and_a_bad_parameter_in_the_browser(server, browser, tmp_path):
    page = browser.new_page()
    page.goto(server + "/?q=バックアップ")
    page.click("a.lang")
    page.wait_for_selector("#summary")
    assert page.inner_text("#summary").startswith("4 turns match")
    response = page.goto(server + "/?fy=abc&lang=en")
    assert response.status == 400
    assert "fy: not a year" in page.inner_text(".error-message")
    page.screenshot(path=str(_shots(tmp_path) / "bad-request.png"))
