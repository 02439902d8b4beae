"""Results across waves: for each question with options, the percentage of each wave's
finished responses that answered it which chose each option, the basis of the indicators
``cypp voice publish`` writes (``cypp.voice.results`` counts, so every figure rests on a
published count; "no answer" has a count, not a percentage).

A percentage is worked out only from a published count and a published total: a suppressed
count ("c") gives no percentage, since 3 of 40 is 7.5% and gives the 3 back. No chart:
``cypp.charts`` draws an area's series beside England and its comparators, styling each
line by what it is, and has no chart for several options of one question over time, so the
trend is a table (which a chart would have needed beside it anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

from cypp.disclosure import MARK
from cypp.voice.models import Survey, Wave
from cypp.voice.results import Count, SurveyResults, survey_results


@dataclass(frozen=True, slots=True)
class TrendCell:
    count: Count
    percent: float | None  # None where the count or the wave's total is not published


@dataclass(frozen=True, slots=True)
class TrendRow:
    option: str
    label: str
    cells: list[TrendCell]  # one a wave, in the order of ``SurveyTrend.waves``


@dataclass(frozen=True, slots=True)
class TrendQuestion:
    key: str
    text: str
    rows: list[TrendRow]


@dataclass(frozen=True, slots=True)
class SurveyTrend:
    waves: list[Wave]
    responses: list[Count]
    questions: list[TrendQuestion]

    def as_json(self) -> dict[str, object]:
        return {
            "waves": [w.key for w in self.waves],
            "responses": self.responses,
            "questions": [
                {
                    "key": q.key,
                    "text": q.text,
                    "answers": [
                        {
                            "option": r.option,
                            "percentages": [c.percent for c in r.cells],
                        }
                        for r in q.rows
                    ],
                }
                for q in self.questions
            ],
        }


def percent(count: Count, total: Count) -> float | None:
    """The percentage, to one decimal place, only when both figures are published."""
    if count == MARK or total == MARK or not total:
        return None
    return round(100 * int(count) / int(total), 1)


def survey_trend(*, survey: Survey) -> SurveyTrend:
    """Every wave's percentages, oldest wave first."""
    waves = list(survey.waves.order_by("opens", "key"))
    results: list[SurveyResults] = [survey_results(survey=survey, wave=w) for w in waves]
    questions: list[TrendQuestion] = []
    if results:
        for index, question in enumerate(results[0].questions):
            if not question.cells:
                continue
            rows = []
            last = len(question.cells) - 1  # "no answer"
            for row, cell in enumerate(question.cells):
                cells = []
                for result in results:
                    asked = result.questions[index]
                    count = asked.cells[row].count
                    share = None if row == last else percent(count, asked.answered)
                    cells.append(TrendCell(count, share))
                rows.append(TrendRow(cell.option, cell.label, cells))
            questions.append(TrendQuestion(question.key, question.text, rows))
    return SurveyTrend(waves=waves, responses=[r.responses for r in results], questions=questions)
