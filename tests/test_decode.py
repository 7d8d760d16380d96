"""Bytes to text when a file is almost, but not quite, UTF-8 (issue 11)."""

from __future__ import annotations

from corpus.ingest.decode import decode


def test_one_invalid_byte_in_a_utf8_file_costs_that_byte_only():
    data = "Kafe di Jakarta: café, résumé, naïve. ".encode() + b"Menu caf\xe9 murah. " + "Harga – Rp 5.000".encode()
    assert decode(data) == "Kafe di Jakarta: café, résumé, naïve. Menu café murah. Harga – Rp 5.000"


def test_a_truncated_character_at_the_end_becomes_a_replacement_character():
    data = "Presiden Jokowi berkata “kita siap”".encode() + "é".encode()[:1]
    text = decode(data)
    assert (text.startswith("Presiden Jokowi berkata “kita siap”")
            and len(text) == len("Presiden Jokowi berkata “kita siap”") + 1)


def test_a_windows_1252_file_is_still_read_whole_as_windows_1252():
    assert decode("Café “Jakarta” – résumé".encode("cp1252")) == "Café “Jakarta” – résumé"


def test_a_file_of_nul_bytes_is_binary_not_utf16():
    import pytest

    from corpus.ingest.decode import DecodeError

    for data in (b"\x00" * 4096, b"\x00\x00\x00\x00"):
        with pytest.raises(DecodeError, match="binary data"):
            decode(data)
    assert decode("Berita".encode("utf-16-le")) == "Berita"  # UTF-16 without a mark still reads
