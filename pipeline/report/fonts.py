"""The bundled Japanese font, cut down to the characters a page uses and embedded in it.

A report must read the same on a machine without Japanese fonts (a server, a fresh Linux
desktop, headless Chromium here), so the page carries its own: IPAexGothic from
matplotlib-fontja (the charts' font too), subset with fontTools to the page's characters
(a few hundred kilobytes instead of six megabytes) and embedded as a WOFF data URI.
"""

from __future__ import annotations

import base64
import io

import matplotlib_fontja
from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "kaigiroku-ja"


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule for :data:`FAMILY` holding the glyphs of ``text``.

    >>> css = font_face_css("会議録")
    >>> css.startswith("@font-face { font-family: 'kaigiroku-ja';"), len(css) < 20_000
    (True, True)
    """
    font = TTFont(matplotlib_fontja.get_font_ttf_path())
    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed; needs no extra package
    options.layout_features = ["*"]  # keep vertical and proportional forms the text may use
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + " ")
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f"@font-face {{ font-family: '{FAMILY}'; "
        f"src: url(data:font/woff;base64,{data}) format('woff'); }}"
    )
