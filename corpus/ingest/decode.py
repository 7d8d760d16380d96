"""Bytes from the wild -> text.

Order of attempts, first success wins:

1. A byte-order mark says what the file is: UTF-8 (the BOM is dropped), UTF-32 or UTF-16
   (little or big endian).
2. Many NUL bytes without a BOM: UTF-16 without a BOM when the NULs sit in every other byte
   (the shape Latin-script UTF-16 has), otherwise the file is binary and not text at all.
3. Strict UTF-8, which is what almost every file is; pure ASCII is UTF-8 too. A file of
   UTF-8 with a few invalid bytes (a Windows-1252 "é" pasted into it, a truncated character)
   is still UTF-8 when its valid multi-byte characters outnumber its invalid bytes: each
   invalid byte is read as Windows-1252 (or U+FFFD where that has none), not the whole file
   as another encoding ("CafÃ©").
4. Windows-1252 when the bytes read as Western text in it (see `_western`): a legacy-encoded
   Indonesian or English news text is almost always Windows-1252 or Latin-1 (of which
   Windows-1252 is a superset for text), and detectors guess poorly on short Western text
   (they see cp1250, cp864 or EBCDIC in "Café").
5. charset-normalizer, a maintained encoding detector, for everything else (Cyrillic, Greek,
   Central European, East Asian legacy encodings). Only ASCII-compatible guesses count, and
   among equally good candidates a Western one is preferred.

Line endings are left as they are (CRLF, CR); callers that need "\\n" use `normalize_newlines`.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Latin-1 symbols that Central European letters turn into when read as cp1252 (ż -> ¿,
# ł -> ³, ą -> ¹ ...), between two letters; "25°C", "©AFP" and «quotes» do not count.
_MISREAD = r"\u00a1-\u00a9\u00ac-\u00af\u00b1-\u00b4\u00b6-\u00b9\u00bc-\u00bf"
_SYMBOL_IN_WORD = re.compile(rf"(?<=[^\W\d_])[{_MISREAD}](?=[^\W\d_])")
_PROBE = bytes(range(0x20, 0x7F)) + b"\n\r\t"
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_ESCAPED = re.compile("[\udc80-\udcff]")
_NOT_ASCII = re.compile("[^\x00-\x7f]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can recognise; the message says why."""


def _utf16_without_bom(data: bytes) -> str | None:
    """Latin-script UTF-16 without a BOM: NUL in (nearly) every odd or every even byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            # NULs in both halves (a file of zeros) decode to U+0000s: binary, not text
            return text if text.count("\0") <= len(text) // 100 else None
    return None


def _western(data: bytes) -> str | None:
    """`data` as Windows-1252 when that reads as Western text: accented letters are a minority
    of the letters (in Cyrillic or Greek read as cp1252 nearly all are) and no Latin-1 symbol
    sits inside a word (Central European text read as cp1252 gives "Za¿ó³æ")."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252
        return None
    letters = sum(ch.isalpha() for ch in text)
    accented = sum(ch.isalpha() and not ch.isascii() for ch in text)
    if accented > max(2, 0.25 * letters) or _SYMBOL_IN_WORD.search(text):
        return None
    return text


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: the invalid bytes as Windows-1252, U+FFFD for its five holes."""
    if not isinstance(error, UnicodeDecodeError):  # a decoding handler only, like surrogateescape's
        raise error
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("kabar-cp1252", _cp1252_bytes)


def _mostly_utf8(data: bytes) -> str | None:
    """`data` as UTF-8 when its valid multi-byte characters outnumber its invalid bytes."""
    text = data.decode("utf-8", errors="surrogateescape")  # an invalid byte: U+DC80-U+DCFF
    invalid = len(_ESCAPED.findall(text))
    valid = len(_NOT_ASCII.findall(text)) - invalid
    if valid <= invalid:
        return None
    return data.decode("utf-8", errors="kabar-cp1252")


def _ascii_compatible(encoding: str) -> bool:
    try:
        return _PROBE.decode(encoding) == _PROBE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported late: only legacy files need it

    # Only ASCII-compatible encodings: in a file from the wild, an ASCII byte is that letter.
    matches = [m for m in from_bytes(data) if _ascii_compatible(m.encoding)]
    if not matches:
        try:  # too short or too odd for the detector: the Western default, if it fits
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise DecodeError("not text in any encoding recognised") from None
    best = matches[0]
    for match in matches:
        if (
            match.encoding in _WESTERN
            and match.chaos <= best.chaos + 0.01
            and match.coherence >= best.coherence - 0.01
        ):
            return str(match)
    return str(best)


def decode(data: bytes) -> str:
    """The text in `data`; raises DecodeError when there is none (binary data, unknown encoding)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}"
                ) from exc
    nuls = data.count(0)
    if nuls > len(data) // 100:  # a stray NUL in a text file is tolerated, many are not
        text = _utf16_without_bom(data)
        if text is None:
            raise DecodeError("binary data, not text")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if (mostly := _mostly_utf8(data)) is not None:
        return mostly
    if nuls:
        raise DecodeError("binary data, not text")
    western = _western(data)
    return western if western is not None else _detect(data)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
