"""The survey file's rules across entries (``cypp.voice.definitions`` checks its shape):
keys unique, waves in order, skip logic pointing at an earlier question's values, standard
items only for 16 and over, licensed scale items with their scores as option values, the
same question key meaning the same question in every audience. Each broken rule is a
(path, reason) pair, reported with the shape's problems at the path's line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cypp.voice.models import LANGUAGES
from cypp.voice.scales import SCALES, scale_of_item
from cypp.voice.standard_items import STANDARD_ITEMS, standard_item_allowed

if TYPE_CHECKING:
    from cypp.voice.definitions import AudienceEntry, QuestionEntry, SurveyFile

WITH_OPTIONS = ("choice", "scale", "ranking")
# Words of the survey pages' addresses (``<partnership>/surveys/upload/``), not survey keys.
RESERVED = frozenset({"upload"})


def across(survey: SurveyFile) -> list[tuple[str, str]]:
    """(path, reason) for each rule across entries the file breaks."""
    found: list[tuple[str, str]] = []
    head = survey.survey
    if head.key in RESERVED:
        found.append(("survey.key", f"{head.key!r} is a word of the survey pages' addresses"))
    if head.languages[0] != "en" or len(set(head.languages)) != len(head.languages):
        found.append(("survey.languages", "English (en) first, then each other language once"))
    for language in head.languages:
        if language not in LANGUAGES:
            known = ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())
            found.append(("survey.languages", f"{language!r} is not a language CYPP has: {known}"))
    if head.consent == "setting" and not head.setting_name.strip():
        found.append(
            ("survey.setting_name", 'name the setting for consent: setting, e.g. "your school"')
        )
    if not head.anonymous and not head.safeguarding.contact:
        found.append(
            (
                "survey.safeguarding.contact",
                "a named survey needs a safeguarding contact (a username)",
            )
        )
    found += _unique([w.key for w in survey.waves], "waves", "wave")
    for i, wave in enumerate(survey.waves):
        if wave.closes is not None and wave.closes < wave.opens:
            found.append((f"waves[{i}].closes", "closes before it opens"))
    found += _unique([a.key for a in survey.audiences], "audiences", "audience")
    first_seen: dict[str, tuple[str, list[str]]] = {}
    for i, audience in enumerate(survey.audiences):
        where = f"audiences[{i}]"
        found += _translated(audience.translations, head.languages, f"{where}.translations")
        low, high = audience.age_min, audience.age_max
        if low is not None and high is not None and high < low:
            found.append((f"{where}.age_max", "below age_min"))
        found += _unique([q.key for q in audience.questions], f"{where}.questions", "question")
        if sum(q.area for q in audience.questions) > 1:
            found.append((f"{where}.questions", "at most one question is the area (area: true)"))
        for j, question in enumerate(audience.questions):
            at = f"{where}.questions[{j}]"
            found += _question(question, at, audience, audience.questions[:j], head.languages)
            kind, values = question_fields(question)["kind"], _values(question)
            if question.key in first_seen and first_seen[question.key] != (kind, values):
                found.append(
                    (
                        f"{at}.key",
                        "the same key in another audience must be the same question: the "
                        "same kind and the same option values (results add up by key)",
                    )
                )
            first_seen.setdefault(question.key, (kind, values))
    return found


def _unique(keys: list[str], where: str, what: str) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    found = []
    for i, key in enumerate(keys):
        if key in seen:
            found.append((f"{where}[{i}].key", f"the same key as {what} {seen[key] + 1}"))
        seen.setdefault(key, i)
    return found


def _translated(
    translations: dict[str, Any], languages: list[str], at: str
) -> list[tuple[str, str]]:
    return [
        (f"{at}.{code}", f"{code!r} is not one of the survey's other languages")
        for code in translations
        if code == "en" or code not in languages
    ]


def _values(question: QuestionEntry) -> list[str]:
    return [o["value"] for o in question_fields(question)["options"]]


def _question(
    question: QuestionEntry,
    at: str,
    audience: AudienceEntry,
    earlier: list[QuestionEntry],
    languages: list[str],
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if question.standard:
        item = STANDARD_ITEMS.get(question.standard)
        if item is None:
            known = ", ".join(STANDARD_ITEMS)
            return [(f"{at}.standard", f"no standard item {question.standard!r}; known: {known}")]
        if not standard_item_allowed(item, kind=audience.kind, age_min=audience.age_min):
            found.append(
                (
                    f"{at}.standard",
                    f"{item.code} is asked of people aged {item.min_age} and over: use it "
                    f"only in a version whose age_min is {item.min_age} or more, or for adults",
                )
            )
        for name in ("text", "hint", "options", "scale_item"):
            if getattr(question, name):
                found.append((f"{at}.{name}", "leave it out: the standard item gives it"))
        if question.kind not in (None, "scale"):
            found.append((f"{at}.kind", "a standard item is a scale: leave kind out"))
    else:
        if question.kind is None:
            found.append((f"{at}.kind", "required: choice, scale, free_text or ranking"))
        if not question.text.strip():
            found.append((f"{at}.text", "required: the question in the audience's words"))
    if question.scale_item:
        scale = scale_of_item(question.scale_item)
        if scale is None:
            known = ", ".join(f"{s.items[0]} to {s.items[-1]}" for s in SCALES.values())
            found.append(
                (
                    f"{at}.scale_item",
                    f"no licensed scale item {question.scale_item!r}; known: {known}",
                )
            )
        else:
            allowed = {str(n) for n in range(scale.low, scale.high + 1)}
            if (
                question.kind not in ("choice", "scale")
                or {o.value for o in question.options} != allowed
            ):
                found.append(
                    (
                        f"{at}.options",
                        f"a {scale.name} item is a choice or scale whose option values are "
                        f"{scale.low} to {scale.high}, each once, so it can be scored",
                    )
                )
    values = [o.value for o in question.options]
    if question.kind in WITH_OPTIONS and not question.standard and len(values) < 2:
        found.append((f"{at}.options", "at least two options are needed"))
    if question.kind == "free_text" and values:
        found.append((f"{at}.options", "a free text question has no options"))
    for index, value in enumerate(values):
        if value in values[:index]:
            found.append((f"{at}.options[{index}].value", f"{value!r} is given twice"))
    given = set(_values(question))
    for answer in question.safeguarding_answers:
        if answer not in given:
            found.append(
                (f"{at}.safeguarding_answers", f"{answer!r} is not one of its option values")
            )
    if question.area and question.kind != "choice":
        found.append((f"{at}.area", "the area question is a choice (one of the places)"))
    if question.show_if is not None:
        target = next((q for q in earlier if q.key == question.show_if.question), None)
        if target is None:
            found.append(
                (
                    f"{at}.show_if.question",
                    f"{question.show_if.question!r} is not an earlier question in this audience",
                )
            )
        else:
            theirs = set(_values(target))
            for answer in question.show_if.answers:
                if answer not in theirs:
                    found.append(
                        (
                            f"{at}.show_if.answers",
                            f"{answer!r} is not one of {target.key}'s option values",
                        )
                    )
    found += _translated(question.translations, languages, f"{at}.translations")
    for code, words in question.translations.items():
        for value in words.options:
            if value not in given:
                found.append(
                    (
                        f"{at}.translations.{code}.options",
                        f"{value!r} is not one of its option values",
                    )
                )
    return found


def question_fields(question: QuestionEntry) -> dict[str, Any]:
    """What a question is asked as: its kind, text, hint and options, from the standard
    item where it names one (the published wording), else from the file."""
    if question.standard and question.standard in STANDARD_ITEMS:
        item = STANDARD_ITEMS[question.standard]
        return {"kind": "scale", "text": item.text, "hint": item.hint, "options": item.options()}
    return {
        "kind": question.kind or "",
        "text": question.text,
        "hint": question.hint,
        "options": [o.model_dump() for o in question.options],
    }
