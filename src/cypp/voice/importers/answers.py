"""Matching an export's columns to a survey's questions, and checking each answer as the
journey checks it: an option by its value or its words (in any of the survey's languages),
a ranking as options in order, free text as it is.

A column matches a question by the question's text in any language, or by its key, with
case and spacing ignored. Every column must match a question of one audience, or be named
to ignore (``--ignore``); an import that names no audience goes to the one audience whose
questions match every column, and is refused when none does or several do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cypp.indicators.importers.base import Problem
from cypp.voice.importers import Column, Table, name_normalised
from cypp.voice.models import Audience, Question
from cypp.voice.services_journey import FREE_TEXT_LIMIT

# A free-text answer's most characters: the journey's, so an imported answer is one a child
# could give.
MAX_TEXT = FREE_TEXT_LIMIT
SHOWN = 60  # the most characters of a choice's value shown in a problem


@dataclass(slots=True)
class Group:
    """A question's columns: one, or several for a SurveyMonkey ranking or choice."""

    heading: str
    columns: list[Column]
    question: Question | None = None


@dataclass(slots=True)
class Prepared:
    audience: Audience | None
    rows: list[tuple[int, dict[Question, str]]] = field(default_factory=list)
    empty: int = 0  # rows with no answer at all: not imported
    # Answers to a question the survey's skip logic would not have asked, given the row's
    # other answers: left out, as the journey leaves them out.
    skipped: int = 0
    # Every row's answers before the skip logic, for the safeguarding count: a worrying
    # answer the survey would not have asked for is still one somebody should follow up.
    given: list[dict[Question, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _names(question: Question) -> set[str]:
    names = {name_normalised(question.text), name_normalised(question.key)}
    for words in (question.translations or {}).values():
        if words.get("text"):
            names.add(name_normalised(words["text"]))
    return names


def _option_values(question: Question) -> dict[str, str]:
    """Every way an option may be written, normalised, to its value."""
    found: dict[str, str] = {}
    for option in question.options:
        found[name_normalised(str(option["value"]))] = str(option["value"])
        found[name_normalised(str(option.get("label", "")))] = str(option["value"])
    for words in (question.translations or {}).values():
        for value, label in (words.get("options") or {}).items():
            found[name_normalised(str(label))] = str(value)
    found.pop("", None)
    return found


def _groups(table: Table, ignore: list[str]) -> tuple[list[Group], list[str]]:
    """The columns grouped by heading, less those ignored; and the ignored names that named
    no column (a typing slip that would otherwise pass unnoticed)."""
    ignored = {name_normalised(n) for n in ignore}
    used: set[str] = set()
    groups: dict[str, Group] = {}
    for column in table.columns:
        names = {name_normalised(column.heading), name_normalised(column.name)}
        if column.sub:
            names.add(name_normalised(column.sub))
        if hit := names & ignored:
            used |= hit
            continue
        key = name_normalised(column.heading)
        groups.setdefault(key, Group(column.heading, [])).columns.append(column)
    return list(groups.values()), [n for n in ignore if name_normalised(n) not in used]


def _match(groups: list[Group], audience: Audience) -> list[Group]:
    """The groups this audience's questions do not match; the matched ones get a question."""
    by_name: dict[str, Question] = {}
    for question in audience.questions.all():
        for name in _names(question):
            by_name.setdefault(name, question)
    unmatched = []
    for group in groups:
        group.question = by_name.get(name_normalised(group.heading))
        if group.question is None:
            unmatched.append(group)
    return unmatched


def _audience(
    table: Table, groups: list[Group], audiences: list[Audience], chosen: Audience | None
) -> Audience | None:
    fits = [a for a in audiences if not _match(groups, a)] if chosen is None else []
    if chosen is None and len(fits) == 1:
        chosen = fits[0]
    elif chosen is None and len(fits) > 1:
        keys = ", ".join(a.key for a in fits)
        table.problem(
            f"the columns match the questions of more than one audience ({keys}): "
            "say which audience answered"
        )
        return None
    elif chosen is None:
        # Name the columns against the audience they match best.
        chosen = min(audiences, key=lambda a: len(_match(groups, a)), default=None)
        if chosen is None:
            table.problem("the survey has no audience to import into")
            return None
    for group in _match(groups, chosen):
        table.problem(
            f"matches no question of the audience {chosen.key!r} by its text or key; "
            "ignore the column if it is not an answer",
            row=1,
            column=group.heading,
        )
    return chosen


def _shown(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


def _one(question: Question, cell: str) -> tuple[str | None, str | None]:
    """(the value to store, or the reason it cannot be) for one cell of one question."""
    text = cell.strip()
    if question.kind == Question.Kind.FREE_TEXT:
        if len(text) > MAX_TEXT:
            return None, f"the answer is longer than {MAX_TEXT:,} characters"
        return text, None
    options = _option_values(question)
    if question.kind == Question.Kind.RANKING:
        parts = [p.strip() for p in text.replace("\n", ";").split(";") if p.strip()]
        values = []
        for part in parts:
            if name_normalised(part) not in options:
                return None, f"{_shown(part)!r} is not one of this question's options"
            values.append(options[name_normalised(part)])
        return _ranked(question, values)
    if name_normalised(text) not in options:
        return None, f"{_shown(text)!r} is not one of this question's options"
    return options[name_normalised(text)], None


def _ranked(question: Question, values: list[str]) -> tuple[str | None, str | None]:
    """A ranking as the journey takes it: every option, each in a different place."""
    if len(set(values)) != len(values):
        return None, "an option is ranked twice"
    if len(values) != len(question.options):
        return (
            None,
            f"{len(values)} of the {len(question.options)} options are ranked; rank them all",
        )
    return "\n".join(values), None


def _spanning(
    question: Question, columns: list[Column], cells: list[str]
) -> tuple[str | None, str | None]:
    """A question spread over several columns (SurveyMonkey): a ranking's ranks, one column
    an option; or a choice's ticked option."""
    given = [(c, cells[c.index].strip()) for c in columns if cells[c.index].strip()]
    if not given:
        return "", None
    if question.kind == Question.Kind.RANKING:
        options = _option_values(question)
        ranked = []
        for column, rank in given:
            if name_normalised(column.sub) not in options:
                return None, f"the column {column.sub!r} is not one of this question's options"
            if not rank.isdigit() or int(rank) < 1:
                return None, f"the rank {_shown(rank)!r} is not a whole number from 1"
            ranked.append((int(rank), options[name_normalised(column.sub)]))
        if len({r for r, _ in ranked}) != len(ranked):
            return None, "two options have the same rank"
        return _ranked(question, [v for _, v in sorted(ranked)])
    if question.kind == Question.Kind.FREE_TEXT:
        return None, "a free-text question is answered in one column"
    if len(given) > 1:
        return None, "more than one option is given; this question takes one"
    column, cell = given[0]
    options = _option_values(question)
    if name_normalised(column.sub) not in options and name_normalised(cell) not in options:
        # A write-in ("Other (please specify)") is the child's own words: not shown.
        return None, (
            f"the write-in column {column.sub!r} is not one of this question's options: "
            "ignore the column to leave write-ins out"
        )
    return _one(question, cell if name_normalised(cell) in options else column.sub)


def answers_prepare(
    table: Table,
    *,
    audiences: list[Audience],
    audience: Audience | None = None,
    ignore: Sequence[str] = (),
) -> Prepared:
    """Each row's answers, by question, checked; every problem in ``table.problems``."""
    groups, unused = _groups(table, list(ignore))
    for name in unused:
        table.problem(f"--ignore {name!r} names no column of the file", row=1)
    chosen = _audience(table, groups, audiences, audience) if groups else audience
    if not groups and not table.problems:
        table.problem("the file has no question columns to import", row=1)
    prepared = Prepared(chosen)
    if chosen is None:
        prepared.problems = table.problems
        return prepared
    # Every cell of the columns that matched is checked even when others did not match, so
    # one reading of the problems lists them all.
    groups = [g for g in groups if g.question is not None]
    for line, cells in table.rows:
        answers: dict[Question, str] = {}
        for group in groups:
            question = group.question
            assert question is not None  # the unmatched ones were left out above
            cell = cells[group.columns[0].index]
            if len(group.columns) > 1:
                value, reason = _spanning(question, group.columns, cells)
            else:
                value, reason = _one(question, cell) if cell.strip() else ("", None)
            if reason:
                table.problem(reason, row=line, column=group.heading)
            elif value:
                answers[question] = value
        prepared.given.append(answers)
        settled = _settled(answers)
        prepared.skipped += len(answers) - len(settled)
        if not settled:
            prepared.empty += 1
            continue
        for group in groups:
            question = group.question
            assert question is not None
            if question.required and question not in settled and _asked(question, settled):
                table.problem("this question must be answered", row=line, column=group.heading)
        prepared.rows.append((line, settled))
    prepared.problems = table.problems
    return prepared


def _asked(question: Question, answers: dict[Question, str]) -> bool:
    """Whether the journey would have asked the question, given the row's other answers
    (the journey's skip logic: ``selectors_journey.is_shown``)."""
    rule = question.show_if or {}
    if not rule.get("question"):
        return True
    by_key = {q.key: v for q, v in answers.items()}
    return by_key.get(str(rule["question"]), "") in [str(a) for a in rule.get("answers", [])]


def _settled(answers: dict[Question, str]) -> dict[Question, str]:
    """The answers kept after the skip logic, repeated until nothing more goes (dropping one
    answer can hide a question that depends on it), as the journey keeps them."""
    while True:
        kept = {q: v for q, v in answers.items() if _asked(q, answers)}
        if len(kept) == len(answers):
            return kept
        answers = kept
