"""Survey results as indicators in the evidence store, so plan measures can use them ("the
share of children who feel safe at home"), like any other indicator.

``survey_indicators_publish`` writes, for each wave and each choice or scale question (not
the area question, which says who answered rather than what), one indicator per option: the
percentage of the wave's finished responses that answered the question which chose it,
with its numerator and denominator (``QuestionResult.answered``: "c" where the "no answer"
cell is withheld, since the number who answered would give it back). The counts are the results page's (``cypp.voice.results``), so a count hidden
there, small or hidden to protect a small one, is status "c" here too, and no figure here
lets one be worked out; the disclosure rule (``cypp.disclosure``) then treats the
percentages as worked out from local counts, as it does any tidy import's. They go in as a
tidy CSV (docs/data-formats.md) for the partnership's area through ``observations_import``:
batches, revisions and rollback as for any import, and a re-publish with nothing changed is
recognised and changes nothing.

The period of a wave is the academic year in which it opens (``2024/25``, 1 September to 31
August): surveys of children are run in school years, and a plan's measures are yearly. One
indicator has one type of period (ADR 0014), so two waves of one survey in the same school
year are refused, naming both, rather than published under one label.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.text import slugify

from cypp.disclosure import MARK
from cypp.errors import ApplicationError
from cypp.indicators.services import ImportReport, observations_import
from cypp.voice.models import Question, Survey, Wave
from cypp.voice.results import survey_results
from cypp.voice.results_trend import percent

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SOURCE_KEY = "voice"
UNIT = "% of those who answered"
COLUMNS = [
    "indicator",
    "area",
    "period",
    "period_type",
    "value",
    "numerator",
    "denominator",
    "status",
    "note",
    "title",
    "unit",
    "value_type",
    "multiplier",
    "polarity",
    "decimals",
    "definition",
]
PUBLISHED_KINDS = (Question.Kind.CHOICE, Question.Kind.SCALE)


class WavesShareAYear(ApplicationError):
    """Two waves of the survey open in the same academic year: one period each is needed."""


def academic_year(wave: Wave) -> str:
    """The academic year (September to August) in which the wave opens: ``2024/25``."""
    first = wave.opens.year if wave.opens.month >= 9 else wave.opens.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def indicator_code(survey: Survey, question_key: str, option: str) -> str:
    """``voice.<survey>.<question>.<option>``, shortened with a hash past 100 characters."""
    code = f"voice.{survey.key}.{question_key}.{slugify(option) or 'option'}"
    if len(code) <= 100:
        return code
    return f"{code[:91]}.{hashlib.sha256(code.encode()).hexdigest()[:8]}"


def _periods(survey: Survey) -> list[tuple[Wave, str]]:
    seen: dict[str, Wave] = {}
    periods = []
    for wave in survey.waves.order_by("opens", "key"):
        year = academic_year(wave)
        if year in seen:
            raise WavesShareAYear(
                f"The waves {seen[year].label!r} and {wave.label!r} of the survey "
                f"{survey.key!r} both open in the academic year {year}: results are published "
                "as one figure a school year, so publish a survey with one wave a year."
            )
        seen[year] = wave
        periods.append((wave, year))
    return periods


def survey_rows(survey: Survey) -> list[dict[str, Any]]:
    """The tidy CSV's rows: one per wave, question and option; a percentage or status c."""
    area_keys = set(
        Question.objects.filter(audience__survey=survey, is_area=True).values_list("key", flat=True)
    )
    code = survey.partnership.area.code
    rows = []
    for wave, year in _periods(survey):
        results = survey_results(survey=survey, wave=wave)
        for question in results.questions:
            if question.kind not in PUBLISHED_KINDS or question.key in area_keys:
                continue
            # Of those who answered: a parents' version without the question, or a child the
            # skip logic did not ask, would otherwise make every share look smaller than it is.
            answered = question.answered
            for cell in question.cells[:-1]:  # the last cell is "no answer"
                share = None if answered == MARK else percent(cell.count, answered)
                shown = share is not None
                rows.append(
                    {
                        "indicator": indicator_code(survey, question.key, cell.option),
                        "area": code,
                        "period": year,
                        "period_type": "academic",
                        "value": f"{share:.1f}" if shown else "",
                        "numerator": str(cell.count) if shown else "",
                        "denominator": str(answered) if shown else "",
                        "status": "" if shown else MARK,
                        "note": "Made-up answers for the demonstration" if survey.synthetic else "",
                        "title": f"{survey.title}: {question.text} ({cell.label})"[:300],
                        "unit": UNIT,
                        "value_type": "proportion",
                        "multiplier": "100",
                        "polarity": "none",
                        "decimals": "1",
                        "definition": (
                            f"Of the people who finished the survey {survey.title!r} in the "
                            f"wave and answered {question.text!r}, the percentage who answered "
                            f"{cell.label!r}, across every version of the survey that asks it."
                        ),
                    }
                )
    return rows


def survey_indicators_publish(*, survey: Survey, by: User | None) -> ImportReport | None:
    """Publish every wave's percentages to the evidence store for the partnership's area,
    through the tidy importer. None when there is nothing to publish."""
    rows = survey_rows(survey)
    if not rows:
        return None
    folder = Path(settings.VAR_DIR) / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="voice-", dir=folder))
    try:
        path = work / f"voice-{survey.key}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        partnership = survey.partnership
        return observations_import(
            importer="tidy",
            path=path,
            options={
                "source": SOURCE_KEY,
                "source_name": "Surveys of children, young people and families (voice)",
                "credit": f"Source: {partnership.name}, its own surveys",
            },
            by=by,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
