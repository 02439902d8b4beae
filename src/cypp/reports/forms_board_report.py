"""The board report form: the officer's words at the front of the pack."""

from __future__ import annotations

from typing import Any

from django import forms

from cypp.governance.models import Meeting
from cypp.reports.board_pack.front import IMPLICATION_KINDS, date_words, lines
from cypp.reports.models import BoardReport


class MeetingChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.body.name}, {date_words(obj.date)}"


class BoardReportForm(forms.Form):
    meeting = MeetingChoice(
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not chosen yet",
        label="Meeting",
        help_text="The board meeting the report goes to. Meetings from the start of the "
        "period to six months after its end are listed.",
    )
    lead_officer = forms.CharField(
        label="Lead officer",
        required=False,
        max_length=200,
        help_text="Name and job title, for example Jo Smith, Director of Children's Services",
    )
    author = forms.CharField(
        label="Author",
        required=False,
        max_length=200,
        help_text="Name, job title and how to contact them",
    )
    purpose = forms.CharField(
        label="Purpose of the report",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the report comes to the board. Left empty, the pack gives the "
        "drafted purpose shown below.",
    )
    recommendations = forms.CharField(
        label="The board is asked to",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One recommendation a line (blank lines between them are fine). Each completes the sentence "
        "“The board is asked to …”, for example “agree the key messages for publication”.",
    )
    key_messages = forms.CharField(
        label="Key messages",
        required=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="One plain sentence a line (blank lines between them are fine), each with "
        "its figure, unit and period.",
    )
    background = forms.CharField(
        label="Background",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the board needs to know to read the report: the plan, earlier "
        "decisions, what has changed since the last report.",
    )

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, MeetingChoice)
        # The listed meetings only; the order is the selector's (by date).
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related(
            "body"
        )
        field.choices = [("", "Not chosen yet")] + [
            (m.pk, field.label_from_instance(m)) for m in meetings
        ]
        for kind, label in IMPLICATION_KINDS:
            self.fields[f"implication_{kind}"] = forms.CharField(
                label=f"{label} implications",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"implication_{kind}_na"] = forms.BooleanField(
                label=f"No {label.lower()} implications (not applicable)",
                required=False,
            )

    def implication_fields(self) -> list[tuple[str, Any, Any]]:
        """Each implication's label, text field and "not applicable" box, for the template."""
        return [
            (label, self[f"implication_{kind}"], self[f"implication_{kind}_na"])
            for kind, label in IMPLICATION_KINDS
        ]

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as ``board_report_save`` takes it."""
        data = self.cleaned_data
        return {
            "meeting": data.get("meeting"),
            "lead_officer": data.get("lead_officer", ""),
            "author": data.get("author", ""),
            "purpose": data.get("purpose", ""),
            "background": data.get("background", ""),
            "recommendations": data.get("recommendations", ""),
            "key_messages": data.get("key_messages", ""),
            "implications": {
                kind: data.get(f"implication_{kind}", "") for kind, _label in IMPLICATION_KINDS
            },
            "implications_not_applicable": [
                kind for kind, _label in IMPLICATION_KINDS if data.get(f"implication_{kind}_na")
            ],
        }


def form_initial(report: BoardReport | None, drafts: Any) -> dict[str, Any]:
    """The form as the officer left it; the drafts where they have not edited."""
    initial: dict[str, Any] = {
        "recommendations": _shown(drafts.recommendations),
        "key_messages": _shown([m.text for m in drafts.key_messages]),
    }
    if report is None:
        return initial
    initial.update(
        meeting=report.meeting_id,
        lead_officer=report.lead_officer,
        author=report.author,
        purpose=report.purpose,
        background=report.background,
    )
    if report.recommendations_edited:
        initial["recommendations"] = _shown(lines(report.recommendations))
    if report.key_messages_edited:
        initial["key_messages"] = _shown(lines(report.key_messages))
    for kind, _label in IMPLICATION_KINDS:
        initial[f"implication_{kind}"] = (report.implications or {}).get(kind, "")
        initial[f"implication_{kind}_na"] = kind in (report.implications_not_applicable or [])
    return initial


def _shown(items: list[str]) -> str:
    # A blank line between items, so long ones that wrap are still told apart; blank lines
    # are not items (``lines``).
    return "\n\n".join(items)
