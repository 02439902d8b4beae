"""The forms of a child's journey. Their messages are in the child's language (the
journey's words); the templates draw them as GOV.UK radios, checkboxes and text areas.

Every form that writes carries a honeypot, ``website``: hidden from people by a class (and
labelled "Leave this empty" for anyone who meets it), filled in by form-filling robots. A
filled honeypot saves nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms

from cypp.voice.models import Question
from cypp.voice.selectors_journey import QuestionWords
from cypp.voice.services_journey import FREE_TEXT_LIMIT

HONEYPOT = "website"


class _Honeypot(forms.Form):
    website = forms.CharField(required=False, max_length=200)

    def robot(self) -> bool:
        """Did a robot fill the field nobody can see?"""
        return bool(self.data.get(HONEYPOT, "").strip())


class ChoiceForm(forms.Form):
    """One radio question of the journey's own (the language, who you are, your age)."""

    choice = forms.ChoiceField()

    def __init__(self, *args: Any, choices: list[tuple[str, str]], error: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.error_messages = {"required": error, "invalid_choice": error}


class ConsentForm(_Honeypot):
    """Agreeing to take part (a tick, unless a setting runs the survey), and on a named survey
    the respondent's name."""

    agree = forms.BooleanField(required=False)
    name = forms.CharField(required=False, max_length=200)

    def __init__(
        self, *args: Any, tick: bool, named: bool, words: dict[str, str], error: str, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.tick, self.named, self.words, self.error = tick, named, words, error
        if not tick:
            del self.fields["agree"]
        if not named:
            del self.fields["name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.tick and not data.get("agree"):
            self.add_error("agree", self.error)
        if self.named and not str(data.get("name", "")).strip():
            self.add_error("name", self.words["name_error"])
        return data


def field_name(question: Question) -> str:
    return f"q-{question.key}"


def rank_name(question: Question, position: int) -> str:
    return f"q-{question.key}-{position}"


class AnswersForm(_Honeypot):
    """The answers to one question, or to every question on one page. Checks what a page can
    check (a required answer given, the text not too long); the service checks the rest."""

    def __init__(self, *args: Any, shown: list[QuestionWords], words: dict[str, str], **kw: Any):
        super().__init__(*args, **kw)
        self.shown, self.words = shown, words
        for item in shown:
            question = item.question
            required = {"required": words["error_required"]}
            if question.kind == Question.Kind.FREE_TEXT:
                self.fields[field_name(question)] = forms.CharField(
                    required=question.required,
                    max_length=FREE_TEXT_LIMIT,
                    strip=True,
                    error_messages={
                        **required,
                        "max_length": words["error_too_long"].format(n=f"{FREE_TEXT_LIMIT:,}"),
                    },
                )
            elif question.kind == Question.Kind.RANKING:
                values = [("", words["rank_choose"])] + [(o.value, o.label) for o in item.options]
                for position in range(1, len(item.options) + 1):
                    self.fields[rank_name(question, position)] = forms.ChoiceField(
                        required=False,
                        choices=values,
                        error_messages={"invalid_choice": words["error_choice"]},
                    )
            else:
                self.fields[field_name(question)] = forms.ChoiceField(
                    required=question.required,
                    choices=[(o.value, o.label) for o in item.options],
                    error_messages={**required, "invalid_choice": words["error_choice"]},
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in self.shown:
            question = item.question
            if question.kind != Question.Kind.RANKING:
                continue
            picked = [data.get(rank_name(question, p), "") for p in range(1, len(item.options) + 1)]
            chosen = [p for p in picked if p]
            if not chosen and question.required:
                self.add_error(rank_name(question, 1), self.words["error_required"])
            elif chosen and (len(chosen) != len(picked) or len(set(chosen)) != len(chosen)):
                self.add_error(rank_name(question, 1), self.words["error_rank"])
        return data

    def answers(self) -> dict[str, str]:
        """Question key to value, as ``answers_save`` takes them ("" for no answer)."""
        data = self.cleaned_data
        found: dict[str, str] = {}
        for item in self.shown:
            question = item.question
            if question.kind == Question.Kind.RANKING:
                picked = [
                    data.get(rank_name(question, p), "") for p in range(1, len(item.options) + 1)
                ]
                found[question.key] = "\n".join(picked) if all(picked) else ""
            else:
                found[question.key] = str(data.get(field_name(question)) or "")
        return found

    def initial_from(self, answers: dict[str, str]) -> None:
        """Show the answers given before (a child who comes back, or goes Back)."""
        for item in self.shown:
            question = item.question
            value = answers.get(question.key, "")
            if question.kind == Question.Kind.RANKING:
                for position, picked in enumerate(value.splitlines(), start=1):
                    self.initial[rank_name(question, position)] = picked
            else:
                self.initial[field_name(question)] = value


class ResumeForm(forms.Form):
    code = forms.CharField(max_length=100)

    def __init__(self, *args: Any, words: dict[str, str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["code"].error_messages = {
            "required": words["resume_empty"],
            "max_length": words["resume_error"],
        }
