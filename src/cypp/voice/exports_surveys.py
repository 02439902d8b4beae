"""A survey as its survey file (``cypp voice survey export``, the survey page's download):
as loaded, defaults left out, so it can be changed and loaded again."""

from __future__ import annotations

import json
from typing import Any

import yaml
from pydantic import ValidationError

from cypp.voice.definitions import SurveyFile
from cypp.voice.models import Survey


def survey_export(*, survey: Survey) -> str:
    """The survey as a survey file, as loaded (defaults left out), to change and load again."""
    # A survey made some other way than from a file (the tests' worlds) is written from its
    # rows; one loaded from a file, as the file said it.
    definition = survey.definition or _definition_from_rows(survey)
    try:
        checked = SurveyFile.model_validate_json(json.dumps(definition))
    except ValidationError:
        # Rows no file could have made (the tests' worlds): written as they are.
        document: dict[str, Any] = definition
    else:
        document = checked.model_dump(mode="python", exclude_defaults=True)
    heading = (
        f"# {survey.title}: the survey file of {survey.key}, exported by CYPP.\n"
        "# Change it and load it again: cypp voice survey load FILE (docs/voice.md).\n"
    )
    return heading + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=88)


def _definition_from_rows(survey: Survey) -> dict[str, Any]:
    head = {
        "key": survey.key,
        "partnership": survey.partnership.key,
        "title": survey.title,
        "summary": survey.summary,
        "anonymous": survey.anonymous,
        "consent": survey.consent_basis,
        "setting_name": survey.setting_name,
        "privacy_notice": survey.privacy_notice,
        "retention_days": survey.retention_days,
        "languages": survey.languages or ["en"],
        "one_question_per_page": survey.one_question_per_page,
        "help": survey.help_text,
        "safeguarding": {
            "words": survey.safeguarding_words,
            "contact": survey.safeguarding_contact.username if survey.safeguarding_contact else "",
            "escalation": survey.escalation_contact.username if survey.escalation_contact else "",
            "acknowledge_within_hours": survey.acknowledge_within_hours,
        },
        "synthetic": survey.synthetic,
    }
    waves = [
        {
            "key": w.key,
            "label": w.label,
            "opens": w.opens.isoformat(),
            "closes": w.closes and w.closes.isoformat(),
        }
        for w in survey.waves.all()
    ]
    audiences = [
        {
            "key": a.key,
            "label": a.label,
            "kind": a.kind,
            "age_min": a.age_min,
            "age_max": a.age_max,
            "translations": a.translations,
            "questions": [
                {
                    "key": q.key,
                    "kind": q.kind,
                    "text": q.text,
                    "hint": q.hint,
                    "options": q.options,
                    "required": q.required,
                    "show_if": q.show_if or None,
                    "safeguarding_answers": q.safeguarding_answers,
                    "area": q.is_area,
                    "scale_item": q.scale_item,
                    "translations": q.translations,
                }
                for q in a.questions.all()
            ],
        }
        for a in survey.audiences.all()
    ]
    return {"survey": head, "waves": waves, "audiences": audiences}
