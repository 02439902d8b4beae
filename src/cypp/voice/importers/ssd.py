"""The SSD ``ssd_voice_of_child`` object as CSV, one row a child, headed by its field names.

The Standard Safeguarding Dataset (Data to Insight, MIT licence: objects/ssd_voice_of_child.yml
in the SSD data model) has a row id, the child's person id and five answers from the
child's questionnaire, each ``nchar`` with no codes given. The two ids are dropped here,
unread. The five questions are the fields' descriptions, word for word; a partnership's
"SSD voice of the child" survey (``services_imports.ssd_survey_ensure``) asks them, each
answered yes, no or not sure. The SSD defines no codes for the answers (the fields are
``nchar``), so the answers read are Y, N and U (not sure, as "unknown"), and the options'
own words."""

from __future__ import annotations

from cypp.voice.importers import Column, Table, name_normalised, records

OBJECT = "ssd_voice_of_child"
IDENTIFYING = frozenset({"voch_table_id", "voch_person_id"})

# field: (question key, the SSD's description of the field, which is the question).
QUESTIONS: dict[str, tuple[str, str]] = {
    "voch_explained_worries": (
        "explained-worries",
        "Has someone explained to you why people are worried for your family in a way that "
        "you can understand?",
    ),
    "voch_story_help_understand": (
        "story-help-understand",
        "Does your story with words and pictures help you to understand what has happened in "
        "your family?",
    ),
    "voch_agree_worker": (
        "agree-worker",
        "Do you agree with what your worker says needs to happen to keep you safe?",
    ),
    "voch_plan_safe": (
        "plan-safe",
        "Do you think the plan tells everyone what they need to do to keep you safe?",
    ),
    "voch_tablet_help_explain": (
        "tablet-help-explain",
        "Did writing/ drawing on the tablet help you to explain what you were thinking and "
        "what you wanted to happen?",
    ),
}
OPTIONS = [
    {"value": "yes", "label": "Yes"},
    {"value": "no", "label": "No"},
    {"value": "not-sure", "label": "Not sure"},
]
# The single letters an nchar field may hold, read as the options' values.
CODES = {"y": "yes", "n": "no", "u": "not-sure"}


def ssd_read(data: bytes, file: str) -> Table:
    table = Table(file)
    read, table.problems = records(data, file)
    if not read:
        return table
    _, header = read[0]
    keep: list[int] = []
    seen: set[str] = set()
    for index, heading in enumerate(header):
        name = name_normalised(heading)
        if name in IDENTIFYING:
            table.dropped.append(name)
            continue
        if name in seen:
            table.problem("two columns have this heading", row=1, column=heading)
            continue
        seen.add(name)
        keep.append(index)
        # A field of the object is matched by its question's key; any other heading is
        # left as it is, to match a question or be refused.
        key = QUESTIONS[name][0] if name in QUESTIONS else " ".join(heading.split())
        table.columns.append(Column(len(table.columns), key))
    rows = []
    for line, cells in read[1:]:
        kept = [cells[i] for i in keep]
        rows.append((line, [CODES.get(c.strip().casefold(), c) for c in kept]))
    table.rows = rows
    return table
