"""Bytes to text: BOMs, strict UTF-8, declared HTML charsets, then charset-normalizer.

Japanese minutes arrive as UTF-8 (with or without BOM), UTF-16 with BOM, Shift_JIS (really
Windows CP932: ①, ㈱ and ～ are CP932 extensions) and EUC-JP. Detection is charset-normalizer's
job; this module only narrows its candidates to those encodings and records what was used.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from ..errors import Code, DocumentError, message

# Candidates for detection; Shift_JIS is decoded as its superset CP932.
_CANDIDATES = ["utf_8", "cp932", "euc_jp", "iso2022_jp", "utf_16", "utf_32"]
# Python resolves most names; these are decoded as their superset or are unknown to it.
_SUPERSETS = {"shift_jis": "cp932", "euc_jis_2004": "euc_jp", "utf-8": "utf_8"}
_UNKNOWN_NAMES = {"x-sjis": "cp932", "windows-31j": "cp932"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
# Control characters other than tab, newlines, form feed and escape (ISO-2022-JP) mark binary.
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def canonical_encoding(name: str) -> str:
    """The codec a declared or detected name decodes with.

    >>> [canonical_encoding(n) for n in ["Shift_JIS", "Windows-31J", "EUC-JP", "UTF-8"]]
    ['cp932', 'cp932', 'euc_jp', 'utf_8']
    """
    if name.lower() in _UNKNOWN_NAMES:
        return _UNKNOWN_NAMES[name.lower()]
    codec = codecs.lookup(name).name
    return _SUPERSETS.get(codec, codec)


def decode_bytes(data: bytes, *, html: bool = False) -> Decoded:
    """Decode ``data``; raise :class:`DocumentError` for empty, binary or undecodable input.

    >>> decode_bytes("会議録".encode("cp932")).encoding
    'cp932'
    >>> decode_bytes(b"\\xef\\xbb\\xbf\\xe4\\xbc\\x9a").text
    '会'
    """
    if not data.strip():
        raise DocumentError(Code.EMPTY_FILE)
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf_32"),
        (codecs.BOM_UTF32_BE, "utf_32"),
        (codecs.BOM_UTF8, "utf_8_sig"),
        (codecs.BOM_UTF16_LE, "utf_16"),
        (codecs.BOM_UTF16_BE, "utf_16"),
    ):
        if data.startswith(bom):
            return _decode_with(data, enc)
    sample = data[:65536]
    if (
        b"\x00" in sample
        or sum(sample.count(bytes([b])) for b in _BINARY_BYTES) > len(sample) // 100
    ):
        raise DocumentError(Code.BINARY_FILE, "control bytes in the first 64 KiB")
    try:
        return Decoded(data.decode("utf_8"), "utf_8")
    except UnicodeDecodeError:
        pass
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                return _decode_with(data, canonical_encoding(declared.group(1).decode("ascii")))
            except LookupError:
                pass
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        # Nothing decodes cleanly: fall back to the Japanese encoding with fewest errors.
        scored = []
        for enc in ("cp932", "euc_jp", "utf_8"):
            text = data.decode(enc, errors="replace")
            scored.append((text.count("\ufffd"), enc))
        errors, enc = min(scored)
        if errors > max(8, len(data) // 50):
            raise DocumentError(Code.UNDECODABLE)
        return _decode_with(data, enc)
    return _decode_with(data, canonical_encoding(best.encoding))


def _decode_with(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    warnings = []
    bad = text.count("\ufffd")
    if bad:
        warnings.append(message(Code.REPLACED_BYTES, bad))
    return Decoded(text, encoding, warnings)
