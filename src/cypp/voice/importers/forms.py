"""A Microsoft Forms CSV export: a header row of ID, Start time, Completion time, Email,
Name (newer exports add Last modified time), then one column per question headed by its
text. The leading columns say who answered and when: they are dropped here, unread."""

from __future__ import annotations

from cypp.voice.importers import Column, Table, name_normalised, records

# What identifies a respondent, or the time of day they answered (docs/voice.md, "Imports").
IDENTIFYING = frozenset(
    name_normalised(h)
    for h in ("ID", "Start time", "Completion time", "Last modified time", "Email", "Name")
)


def forms_read(data: bytes, file: str) -> Table:
    table = Table(file)
    read, table.problems = records(data, file)
    if not read:
        return table
    _, header = read[0]
    keep: list[int] = []
    seen: set[str] = set()
    for index, heading in enumerate(header):
        text = " ".join(heading.split())
        if name_normalised(text) in IDENTIFYING:
            table.dropped.append(text)
            continue
        if not text:
            table.problem("this column has no heading", row=1, column=f"column {index + 1}")
            continue
        if name_normalised(text) in seen:
            table.problem("two columns have this heading", row=1, column=text)
            continue
        seen.add(name_normalised(text))
        keep.append(index)
        table.columns.append(Column(len(table.columns), text))
    table.rows = [(line, [cells[i] for i in keep]) for line, cells in read[1:]]
    return table
