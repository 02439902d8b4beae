"""Survey results: the one reader of answer counts, small numbers suppressed.

Everything that shows what children answered (the results pages, ``cypp voice results``,
the indicators ``cypp voice publish`` writes, the trend across waves) reads it here, so no
view can show a count this module has not judged.

Counts are by question key across audiences (the same key in two versions is the same
question). A question's cells are its options and "no answer" (asked but skipped, not asked
by skip logic or in that version, or an answer that is not one of the options), so they add
up to the wave's finished responses, which are published as the total: the cells are
suppressed with ``cypp.stats.suppress`` (``total_published=True``), which also hides the
cells a small one could be worked out from. A ranking's count is how many put the option
first. Free text shows no counts, only themes: how many responses had an answer given the
theme, primary suppression only (themes overlap, so they have no total). A wave with fewer
finished responses than the threshold shows "c" for everything. A true zero is "c" as well:
every count leaving this module is at least the threshold or "c" (the issue's contract),
while the suppression audits take zeros as known, as the DfE publishes them, so showing them
as "c" only hides more.

A breakdown (by audience or by area) is one two-dimensional table of groups by cells, with
each group's total and the whole survey's cells as its totals, suppressed with
``cypp.stats.suppress_table``. So that no view undoes another:

- the groups' totals are suppressed first as one set with the wave's total published: a
  group whose total is hidden shows "c" throughout, and the hidden groups are audited as
  one row (their sum per cell is what the other groups and the totals leave);
- a cell hidden on the whole survey's page is hidden for every group, and those cells are
  audited as one column (the page already gives their sum), so the groups never add up to
  a hidden whole;
- if the audit still warns that a small cell is exposed, the whole breakdown is "c".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from cypp.disclosure import MARK, DisclosureRule, disclosure_rule
from cypp.errors import ApplicationError
from cypp.voice.models import Answer, Audience, Question, Response, Survey, Tag, Theme, Wave

NO_ANSWER = "no answer"
NOT_GIVEN = "Not given"
BREAKDOWNS = {"audience": "version of the survey (audience)", "area": "area"}

Count = int | str  # a published count, or MARK ("c")


class NoSuchWave(ApplicationError):
    """The survey has no wave with the key asked for."""


class NoSuchBreakdown(ApplicationError):
    """Results can be broken down only by audience or by area."""


@dataclass(frozen=True, slots=True)
class Cell:
    option: str  # the option's value, or NO_ANSWER
    label: str
    count: Count


@dataclass(frozen=True, slots=True)
class QuestionResult:
    key: str
    text: str
    kind: str
    cells: list[Cell]  # empty for free text
    # How many answered it (the wave's responses less "no answer"), where that tells nothing
    # the published cells do not: "c" when the "no answer" cell is withheld (and in groups).
    answered: Count = MARK

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "answers": [{"option": c.option, "count": c.count} for c in self.cells],
        }


@dataclass(frozen=True, slots=True)
class OutcomeLink:
    title: str
    plan_key: str
    anchor: str  # the outcome's priority on the plan's page


@dataclass(frozen=True, slots=True)
class ThemeResult:
    name: str
    count: Count
    outcomes: list[OutcomeLink]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "count": self.count,
            "outcomes": [o.title for o in self.outcomes],
        }


@dataclass(frozen=True, slots=True)
class GroupResult:
    """One row of a breakdown: a version of the survey, or an area."""

    key: str
    label: str
    responses: Count
    questions: list[QuestionResult]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "responses": self.responses,
            "questions": [q.as_json() for q in self.questions],
        }


@dataclass(frozen=True, slots=True)
class SurveyResults:
    survey: Survey
    wave: Wave
    responses: Count
    questions: list[QuestionResult]
    themes: list[ThemeResult]
    rule: DisclosureRule
    by: str | None = None
    groups: list[GroupResult] = field(default_factory=list)

    @property
    def any_suppressed(self) -> bool:
        counts = [self.responses, *(t.count for t in self.themes)]
        for question in [*self.questions, *(q for g in self.groups for q in g.questions)]:
            counts += [c.count for c in question.cells]
        counts += [g.responses for g in self.groups]
        return MARK in counts

    def as_json(self) -> dict[str, Any]:
        """The issue's JSON (``cypp voice results --json``); a breakdown adds ``by`` and
        ``groups``."""
        data: dict[str, Any] = {
            "survey": self.survey.key,
            "wave": self.wave.key,
            "responses": self.responses,
            "questions": [q.as_json() for q in self.questions],
            "themes": [t.as_json() for t in self.themes],
        }
        if self.by:
            data["by"] = self.by
            data["groups"] = [g.as_json() for g in self.groups]
        return data


@dataclass(frozen=True, slots=True)
class _Question:
    """A question key across the survey's versions: its words from the first version that
    asks it, and every option any version offers, in order."""

    key: str
    text: str
    kind: str
    options: list[tuple[str, str]]  # (value, label)


def wave_chosen(survey: Survey, key: str | None = None) -> Wave:
    """The wave asked for, or else the latest one that has opened (the first if none has)."""
    waves = list(survey.waves.order_by("opens", "key"))
    if key:
        for wave in waves:
            if wave.key == key:
                return wave
        known = ", ".join(w.key for w in waves) or "none"
        raise NoSuchWave(f"The survey {survey.key!r} has no wave {key!r} (its waves: {known}).")
    if not waves:
        raise NoSuchWave(f"The survey {survey.key!r} has no waves yet.")
    today = timezone.localdate()
    opened = [w for w in waves if w.opens <= today]
    return opened[-1] if opened else waves[0]


def survey_questions(survey: Survey) -> list[_Question]:
    found: dict[str, _Question] = {}
    questions = Question.objects.filter(audience__survey=survey).order_by(
        "audience__order", "audience_id", "order"
    )
    for q in questions:
        options = [(str(o["value"]), str(o.get("label") or o["value"])) for o in q.options or []]
        if q.key not in found:
            found[q.key] = _Question(q.key, q.text, q.kind, options)
            continue
        known = {value for value, _ in found[q.key].options}
        found[q.key].options.extend(o for o in options if o[0] not in known)
    return list(found.values())


def _chosen(question: _Question, value: str) -> str:
    if question.kind == Question.Kind.RANKING:
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        return lines[0] if lines else ""
    return value.strip()


def _raw_counts(
    questions: Sequence[_Question], sizes: dict[str, int], answers: list[tuple[str, str, str, int]]
) -> dict[str, dict[str, Counter[str]]]:
    """Per question key, per group, how many chose each option (and NO_ANSWER the rest).

    ``answers`` are the database's counts of (group, question key, value): one row per
    distinct answer, not per child, so this costs the same for 100 children as 100,000."""
    counts: dict[str, dict[str, Counter[str]]] = {q.key: {} for q in questions}
    by_key = {q.key: q for q in questions}
    options = {q.key: {v for v, _ in q.options} for q in questions}
    for group, key, value, n in answers:
        question = by_key.get(key)
        if question is None or question.kind == Question.Kind.FREE_TEXT:
            continue
        chosen = _chosen(question, value)
        if chosen in options[key]:
            counts[key].setdefault(group, Counter())[chosen] += n
    for q in questions:
        for group, size in sizes.items():
            table = counts[q.key].setdefault(group, Counter())
            table[NO_ANSWER] = size - sum(n for o, n in table.items() if o != NO_ANSWER)
    return counts


def _cells(question: _Question) -> list[tuple[str, str]]:
    return [*question.options, (NO_ANSWER, "No answer")]


def _suppressed(counts: Sequence[int], rule: DisclosureRule, *, total: bool) -> list[Count]:
    from cypp import stats

    if not counts:
        return []
    result = stats.suppress(
        [float(c) for c in counts],
        rule.threshold,
        total_published=total,
        suppress_zeros=rule.suppress_zeros,
    )
    # A true zero is shown as "c" too (the contract: every count is at least the
    # threshold or "c"); the audit above took zeros as known, so this only hides more.
    return [
        MARK if mark == MARK or c == 0 else int(c)
        for c, mark in zip(counts, result.marks, strict=True)
    ]


def _whole(
    questions: Sequence[_Question], counts: dict[str, dict[str, Counter[str]]]
) -> dict[str, list[int]]:
    whole: dict[str, list[int]] = {}
    for q in questions:
        if q.kind == Question.Kind.FREE_TEXT:
            continue
        total: Counter[str] = Counter()
        for table in counts[q.key].values():
            total.update(table)
        whole[q.key] = [total[value] for value, _ in _cells(q)]
    return whole


def _question_results(
    questions: Sequence[_Question],
    shown: dict[str, list[Count]],
    answered: dict[str, Count] | None = None,
) -> list[QuestionResult]:
    return [
        QuestionResult(
            q.key,
            q.text,
            q.kind,
            []
            if q.kind == Question.Kind.FREE_TEXT
            else [
                Cell(value, label, count)
                for (value, label), count in zip(_cells(q), shown[q.key], strict=True)
            ],
            (answered or {}).get(q.key, MARK),
        )
        for q in questions
    ]


def _answered(
    whole: dict[str, list[int]], shown: dict[str, list[Count]], rule: DisclosureRule
) -> dict[str, Count]:
    """Per question, the responses that answered it, where the published cells already give
    it away: the "no answer" cell is published, or it is a true zero, which the suppression
    takes as known (unless zeros are suppressed too). Otherwise "c"."""
    answered: dict[str, Count] = {}
    for key, cells in whole.items():
        no_answer, total = cells[-1], sum(cells)
        known = shown[key][-1] != MARK or (no_answer == 0 and not rule.suppress_zeros)
        published = known and shown[key] and any(c != MARK for c in shown[key][:-1])
        answered[key] = total - no_answer if published and total - no_answer > 0 else MARK
    return answered


def _themes(survey: Survey, wave: Wave, rule: DisclosureRule, small: bool) -> list[ThemeResult]:
    tags = Tag.objects.filter(
        answer__response__wave=wave,
        answer__response__status=Response.Status.FINISHED,
        theme__partnership_id=survey.partnership_id,
    ).values_list("theme_id", "answer__response_id")
    responses: dict[int, set[int]] = {}
    for theme_id, response_id in tags:
        responses.setdefault(theme_id, set()).add(response_id)
    if not responses:
        return []
    themes = list(
        Theme.objects.filter(pk__in=responses)
        .prefetch_related("outcomes__priority__plan")
        .order_by("name")
    )
    raw = [len(responses[t.pk]) for t in themes]
    # Themes overlap (one answer may have several), so they have no total: primary only.
    counts = [MARK] * len(raw) if small else _suppressed(raw, rule, total=False)
    return [
        ThemeResult(
            t.name,
            count,
            [
                OutcomeLink(
                    o.title,
                    o.priority.plan.key,
                    f"{o.priority.plan.priority_word}-{o.priority.key}",
                )
                for o in t.outcomes.all()
            ],
        )
        for t, count in zip(themes, counts, strict=True)
    ]


def _group_labels(survey: Survey, by: str, questions: Sequence[_Question]) -> dict[str, str]:
    if by == "audience":
        return {a.key: a.label for a in Audience.objects.filter(survey=survey).order_by("order")}
    labels: dict[str, str] = {}
    for q in Question.objects.filter(audience__survey=survey, is_area=True).order_by(
        "audience__order", "order"
    ):
        for o in q.options or []:
            labels.setdefault(str(o["value"]), str(o.get("label") or o["value"]))
    return labels


def _breakdown(
    questions: Sequence[_Question],
    counts: dict[str, dict[str, Counter[str]]],
    sizes: dict[str, int],
    labels: dict[str, str],
    whole_shown: dict[str, list[Count]],
    rule: DisclosureRule,
    small: bool,
) -> list[GroupResult]:
    from cypp.voice.results_table import breakdown_shown

    groups = [g for g in labels if g in sizes] + sorted(g for g in sizes if g not in labels)
    if not small:
        group_totals = _suppressed([sizes[g] for g in groups], rule, total=True)
    else:
        group_totals = [MARK] * len(groups)
    shown_by_question: dict[str, list[list[Count]]] = {}
    for q in questions:
        if q.kind == Question.Kind.FREE_TEXT:
            continue
        table = [[counts[q.key][g][value] for value, _ in _cells(q)] for g in groups]
        shown_by_question[q.key] = breakdown_shown(
            table, [t == MARK for t in group_totals], [c == MARK for c in whole_shown[q.key]], rule
        )
    return [
        GroupResult(
            group,
            labels.get(group, NOT_GIVEN if group == "" else group),
            group_totals[i],
            _question_results(questions, {k: rows[i] for k, rows in shown_by_question.items()}),
        )
        for i, group in enumerate(groups)
    ]


def survey_results(
    *, survey: Survey, wave: Wave | None = None, by: str | None = None
) -> SurveyResults:
    """A wave's results (the latest wave that has opened by default), small numbers "c";
    ``by`` "audience" or "area" adds the breakdown's groups."""
    if by is not None and by not in BREAKDOWNS:
        raise NoSuchBreakdown(f"Results can be broken down by audience or by area, not {by!r}.")
    wave = wave or wave_chosen(survey)
    rule = disclosure_rule()
    finished = Response.objects.filter(wave=wave, status=Response.Status.FINISHED)
    group_of = ("audience__key" if by == "audience" else "area") if by else "wave__key"
    sizes: dict[str, int] = dict(
        finished.order_by()
        .values(group_of)
        .annotate(n=models.Count("pk"))
        .values_list(group_of, "n")
    )
    questions = survey_questions(survey)
    # Counted by the database: free text is never counted, and a ranking's distinct orders
    # are few (its first choice is read from each).
    answers = list(
        Answer.objects.filter(response__in=finished)
        .exclude(question__kind=Question.Kind.FREE_TEXT)
        .order_by()
        .values(f"response__{group_of}", "question__key", "value")
        .annotate(n=models.Count("pk"))
        .values_list(f"response__{group_of}", "question__key", "value", "n")
    )
    counts = _raw_counts(questions, sizes, answers)
    total = sum(sizes.values())
    small = total < rule.threshold
    whole = _whole(questions, counts)
    whole_shown: dict[str, list[Count]] = {
        key: [MARK] * len(cells) if small else _suppressed(cells, rule, total=True)
        for key, cells in whole.items()
    }
    groups: list[GroupResult] = []
    if by:
        labels = _group_labels(survey, by, questions)
        groups = _breakdown(questions, counts, sizes, labels, whole_shown, rule, small)
    return SurveyResults(
        survey=survey,
        wave=wave,
        responses=MARK if small else total,
        questions=_question_results(questions, whole_shown, _answered(whole, whole_shown, rule)),
        themes=_themes(survey, wave, rule, small),
        rule=rule,
        by=by,
        groups=groups,
    )
