"""Bad input to minutes extraction: a clear `MinutesError` naming the file, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cypp.governance.minutes import (
    MAX_MINUTES_BYTES,
    MinutesError,
    decode_minutes_bytes,
    extract_minutes,
    extract_minutes_file,
    read_minutes_file,
)

PAGES = Path(__file__).parent / "minutes_pages"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "the file is empty"),
        (
            "binary.dat",
            "it is a binary file, not a web page or text; save the agenda item's page as HTML "
            "or text",
        ),
    ],
)
def test_a_bad_page_is_refused_naming_the_file_and_the_reason(name: str, reason: str) -> None:
    path = PAGES / name
    with pytest.raises(MinutesError) as refused:
        extract_minutes_file(path)
    assert str(refused.value) == f"{path}: {reason}"
    assert refused.value.file == str(path)
    assert refused.value.reason == reason
    assert isinstance(refused.value, ValueError)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    line = b"<p>Agenda item</p><p>Early help</p><p>(a) the strategy be approved;</p>\n"
    huge.write_bytes(line * (MAX_MINUTES_BYTES // len(line) + 1))
    with pytest.raises(MinutesError, match=r"huge\.html: the file is [\d,]+ bytes; a minutes page"):
        read_minutes_file(huge)
    with pytest.raises(MinutesError, match="must be at most 2 MB"):
        decode_minutes_bytes(huge.read_bytes(), name="upload.html")


def test_a_page_just_under_the_limit_is_read(tmp_path: Path) -> None:
    page = tmp_path / "long.txt"
    head = b"Agenda item\nEarly help\nMinutes:\n"
    filler = b"The board discussed the strategy at length.\n"
    page.write_bytes(head + filler * ((MAX_MINUTES_BYTES - len(head)) // len(filler)))
    assert page.stat().st_size <= MAX_MINUTES_BYTES
    extract = extract_minutes_file(page)
    assert (extract.title, extract.has_decisions) == ("Early help", False)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b" \n\t\r\n ", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"%PDF-1.7\n...", "it is a PDF, not a web page"),
        (b"PK\x03\x04\x14\x00", "it is a zip file (perhaps a Word document)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "it is an Office document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is a binary file"),
        (b"Agenda item\x81\x8d\x8f\x90\x9d", "it is neither UTF-8 nor Windows-1252 text"),
        (bytes(range(1, 32)) * 10, "it is a binary file"),
    ],
)
def test_decoding_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(MinutesError) as refused:
        decode_minutes_bytes(data, name="upload.txt")
    assert str(refused.value).startswith(f"upload.txt: {reason}")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Agenda item – Children’s plan".encode(), "Agenda item – Children’s plan"),
        ("\ufeffAgenda item".encode(), "Agenda item"),
        ("Agenda item – Children’s plan".encode("cp1252"), "Agenda item – Children’s plan"),
        ("Agenda item – Children’s plan".encode("utf-16"), "Agenda item – Children’s plan"),
    ],
)
def test_decoding_reads_utf8_utf16_and_windows_1252(data: bytes, text: str) -> None:
    assert decode_minutes_bytes(data, name="upload.txt") == text


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(MinutesError, match=r"nowhere\.txt: no such file$"):
        read_minutes_file(tmp_path / "nowhere.txt")
    with pytest.raises(MinutesError, match=r"is a folder, not a file$"):
        read_minutes_file(tmp_path)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\xa0\n\t", "<html><head><title>Agenda item</title></head><body></body></html>"],
)
def test_nothing_readable(text: str) -> None:
    with pytest.raises(MinutesError):
        extract_minutes(text)


_FRAGMENTS = [
    "Agenda item",
    "Agenda item - ",
    "Minutes:",
    "RESOLVED",
    "THAT:",
    "(a)",
    "a)",
    "(i)",
    "1.",
    "·",
    "\t",
    "\xa0",
    "\n",
    "\n\n",
    " ",
    "It was resolved that:",
    "Resolved that",
    "It was agreed that ",
    " would ",
    " be asked to ",
    " by ",
    " 31 March 2017",
    "the next meeting",
    "Actions identified by the board included:",
    "Supporting documents:",
    "the director",
    " to report",
    " be presented",
    ";",
    ".",
    "<p>",
    "</p>",
    "<br>",
    "<ol type='a'><li>",
    "<ul><li>",
    "</li>",
    "<html>",
    "<script>",
    "<nav>",
    "</nav>",
    "<td>",
    "&nbsp;",
    "<ol start='x' style='list-style-type: lower-roman'>",
    "<![if !supportLists]>",
    "<![endif]>",
    "<![",
    "<!--",
    "&#",
]
_PAGES = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), max_size=60).map(
    "".join
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), _PAGES))
def test_extract_minutes_raises_nothing_but_minutes_error(text: str) -> None:
    try:
        extract = extract_minutes(text)
    except MinutesError as error:
        assert error.reason
        return
    assert extract.title
    assert all(a.source in {"resolution", "actions list", "agreement"} for a in extract.actions)
    json.dumps(extract.to_json_dict())
