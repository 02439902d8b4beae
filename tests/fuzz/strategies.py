"""Hypothesis strategies for malformed input: byte-level damage to a sound file, and files
built cell by cell from plausible and implausible values."""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

# Cells an analyst or a broken export could write in a number column.
NUMBER_CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "1",
            "-1",
            "50",
            "100",
            "101",
            "12.5",
            "1,234",
            "1e3",
            "NaN",
            "inf",
            "-inf",
            "c",
            "x",
            "z",
            "u",
            "low",
            "k",
            "-",
            ":",
            "..",
            "abc",
            "=1+1",
            "99999999999",
            "1e308",
            "-0",
            "0x10",
            "١٢",
            "²",
            "5%",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(max_size=6),
)
AREA_CELLS = st.sampled_from(
    ["E06000019", "884", "E92000001", "970", "E10000034", "885", "E12000005", "", " ",
     "E99999999", "884.0", "e06000019", "999"]
)  # fmt: skip
TEXT_CELLS = st.one_of(
    st.sampled_from(["", " ", "x", "=cmd|' /C calc'!A0", "a,b", 'a"b', "line\nbreak", "é", "\t"]),
    st.text(max_size=12),
)


def csv_bytes(header: list[str], rows: list[list[str]], *, newline: str = "\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes with one to three kinds of damage: cut, spliced, overwritten, re-encoded."""
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["cut", "delete", "insert", "overwrite", "bom", "cp1252", "utf16", "nul",
                 "duplicate line", "semicolons", "quote", "crlf"]
            )
        )  # fmt: skip
        size = len(data)
        at = draw(st.integers(0, max(size - 1, 0)))
        if kind == "cut":
            data = data[:at]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=8))
            data = data[:at] + chunk + data[at + len(chunk) :]
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "cp1252":
            data = data.replace(b",", b",\xe9", 1)
        elif kind == "utf16":
            data = data.decode("utf-8", "replace").encode("utf-16")
        elif kind == "nul":
            data = data[:at] + b"\x00" + data[at:]
        elif kind == "duplicate line":
            lines = data.splitlines(keepends=True)
            if lines:
                index = draw(st.integers(0, len(lines) - 1))
                lines.insert(index, lines[index])
            data = b"".join(lines)
        elif kind == "semicolons":
            data = data.replace(b",", b";")
        elif kind == "quote":
            data = data[:at] + b'"' + data[at:]
        else:
            data = data.replace(b"\n", b"\r\n")
    return data
