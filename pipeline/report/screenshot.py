"""A page rendered by headless Chromium to PNG: how a report looks, checked by eye and in
tests (Debian's ``chromium`` package, ``/usr/bin/chromium``)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

# Chromium as the machine allows: no sandbox as root, and none of its calls home, which a
# closed network refuses (and which would make a screenshot wait).
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 4000) -> Path:
    """Render the HTML file ``page`` to ``png`` (``width`` × ``height`` CSS pixels)."""
    exe = chromium()
    if exe is None:
        raise FileNotFoundError("Chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                exe,
                *_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={Path(png).resolve()}",
                Path(page).resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return Path(png)
