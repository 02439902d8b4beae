"""A SurveyMonkey CSV export ("all responses data", expanded): two header rows. The first
has each question's text above its first column; the second names each column's answer:
"Response" or "Open-Ended Response" for a one-column question, an option's label for each
column of a question that spans several (a ranking: the rank given to each option; a
choice: the option ticked), "Other (please specify)" for a write-in. The leading columns
(Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address, First Name,
Last Name, Custom Data 1...) identify who answered: they are dropped here, unread."""

from __future__ import annotations

import re

from cypp.voice.importers import Column, Table, name_normalised, records

IDENTIFYING = frozenset(
    name_normalised(h)
    for h in (
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
    )
)
_CUSTOM = re.compile(r"custom data( \d+)?$")


def identifying(heading: str) -> bool:
    name = name_normalised(heading)
    return name in IDENTIFYING or bool(_CUSTOM.match(name))


def surveymonkey_read(data: bytes, file: str) -> Table:
    table = Table(file)
    read, table.problems = records(data, file)
    if not read:
        return table
    if len(read) < 2:
        table.problem("a SurveyMonkey export has two header rows; this file has one", row=1)
        return table
    (_, top), (_, second) = read[0], read[1]
    keep: list[int] = []
    heading = ""
    dropping = False
    seen: set[tuple[str, str]] = set()
    for index, (above, below) in enumerate(zip(top, second, strict=True)):
        above, below = " ".join(above.split()), " ".join(below.split())
        if above:
            heading, dropping = above, identifying(above)
        if dropping:
            # Custom Data and the like can span columns under one heading: all dropped.
            if above:
                table.dropped.append(above)
            continue
        if not heading:
            table.problem(
                "this column has no question above it", row=1, column=f"column {index + 1}"
            )
            continue
        key = (name_normalised(heading), name_normalised(below))
        if key in seen:
            table.problem("two columns have this heading", row=2, column=f"{heading} / {below}")
            continue
        seen.add(key)
        keep.append(index)
        table.columns.append(Column(len(table.columns), heading, below))
    table.rows = [(line, [cells[i] for i in keep]) for line, cells in read[2:]]
    return table
