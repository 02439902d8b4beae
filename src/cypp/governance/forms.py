"""Forms for the governance pages. They check what a person typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from cypp.accounts.models import Organisation, Partnership, Person
from cypp.forms.dates import GovukDateField
from cypp.governance.models import Action, BoardPack, Body, BodyRelation, Meeting
from cypp.plans.selectors import partnership_organisations


def organisations_for(partnership: Partnership) -> Any:
    """The partnership's own organisations (``partnership_organisations``: members, those its
    people work for, owners of its measures and commitments) and those already owning one of
    its actions. A choice from this list only: a posted organisation of another partnership
    is refused."""
    owners = Action.objects.filter(body__partnership=partnership).values("owner_organisation_id")
    return (
        partnership_organisations(partnership_id=partnership.pk)
        | Organisation.objects.filter(pk__in=owners)
    ).order_by("name")


def people_for(partnership: Partnership) -> Any:
    return (
        Person.objects.filter(user__partnership_roles__partnership=partnership)
        .select_related("user")
        .order_by("display_name", "user__username")
    )


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        person = obj
        org = f" ({person.organisation})" if person.organisation_id else ""
        return f"{person}{org}"


class BodyForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name")
    key = forms.SlugField(
        max_length=80,
        required=False,
        label="Short name for the address (optional)",
        help_text="Letters, numbers and hyphens, e.g. staying-safe. Made from the name if empty.",
    )
    kind = forms.ChoiceField(choices=Body.Kind.choices, label="Kind of body")
    chair = PersonChoiceField(
        queryset=Person.objects.none(), required=False, label="Chair (optional)"
    )
    chair_name = forms.CharField(
        max_length=200,
        required=False,
        label="Or the chair's name or role",
        help_text="When the chair has no account, e.g. Cabinet member for children and families",
    )
    terms_of_reference = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label="Terms of reference"
    )
    order = forms.IntegerField(min_value=0, max_value=999, initial=0, label="Order on the page")

    def __init__(self, *args: Any, partnership: Partnership, editing: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["chair"].queryset = people_for(partnership)  # type: ignore[attr-defined]
        self.fields["chair"].widget.attrs["autocomplete"] = "off"
        if editing:
            del self.fields["key"]


class MemberForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), required=False, label="Person")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Organisation"
    )
    role = forms.CharField(
        max_length=200, required=False, label="Role on the body", help_text="e.g. Vice-chair"
    )

    def __init__(self, *args: Any, partnership: Partnership, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["person"].queryset = people_for(partnership)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations_for(partnership)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not data.get("organisation"):
            raise forms.ValidationError("Choose a person or an organisation")
        return data


class RelationForm(forms.Form):
    from_body = forms.ModelChoiceField(queryset=Body.objects.none(), label="This body")
    kind = forms.ChoiceField(choices=BodyRelation.Kind.choices, label="Relation")
    to_body = forms.ModelChoiceField(queryset=Body.objects.none(), label="That body")
    two_way = forms.BooleanField(
        required=False,
        label="Two-way: the other body reports or gives feedback back",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kw: Any):
        super().__init__(*args, **kw)
        bodies = Body.objects.filter(partnership=partnership)
        self.fields["from_body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["to_body"].queryset = bodies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_body") and data.get("from_body") == data.get("to_body"):
            raise forms.ValidationError("Choose two different bodies")
        return data


class MeetingForm(forms.Form):
    date = GovukDateField(label="Date of the meeting")
    start_time = forms.TimeField(
        required=False,
        label="Start time (optional)",
        help_text="For example, 14:00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the start time like 14:00"},
    )
    location = forms.CharField(max_length=200, required=False, label="Location (optional)")
    status = forms.ChoiceField(choices=Meeting.Status.choices, label="Status")


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Meeting.Status.choices, label="Status of the meeting")


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=300, label="Title")
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Purpose"
    )
    presenter = forms.CharField(max_length=200, required=False, label="Presented by")
    minutes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Minutes of this item"
    )


class ResolutionForm(forms.Form):
    label = forms.CharField(
        max_length=10, required=False, label="Label (optional)", help_text="As minuted, e.g. (a)"
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Resolution")


class PaperForm(forms.Form):
    title = forms.CharField(max_length=300, label="Title of the paper")
    file = forms.FileField(
        required=False,
        label="Upload a file",
        help_text="PDF, Word, OpenDocument, Excel or HTML, up to 20 MB",
        error_messages={"empty": "The selected file is empty"},
    )
    board_pack = forms.ModelChoiceField(
        queryset=BoardPack.objects.none(),
        required=False,
        label="Or a board pack made in CYPP",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["board_pack"].queryset = (  # type: ignore[attr-defined]
            BoardPack.objects.filter(
                plan__partnership=partnership, status__in=["ready", "published"]
            ).select_related("plan")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("file")) == bool(data.get("board_pack")):
            self.add_error("file", "Choose a file to upload or a board pack, not both")
        return data


class OwnerFields(forms.Form):
    """Who owns an action: one of a person, an organisation, or a role in words."""

    owner_person = PersonChoiceField(
        queryset=Person.objects.none(), required=False, label="Owner: a person"
    )
    owner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Or an organisation"
    )
    owner_role = forms.CharField(
        max_length=200,
        required=False,
        label="Or a role, in words",
        help_text="e.g. Director of children's services",
    )

    def set_partnership(self, partnership: Partnership) -> None:
        self.fields["owner_person"].queryset = people_for(partnership)  # type: ignore[attr-defined]
        self.fields["owner_organisation"].queryset = organisations_for(partnership)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [
            bool(data.get("owner_person")),
            bool(data.get("owner_organisation")),
            bool((data.get("owner_role") or "").strip()),
        ]
        if sum(given) == 0:
            self.add_error(
                "owner_role", "Say who owns the action: a person, an organisation or a role"
            )
        elif sum(given) > 1:
            self.add_error(
                "owner_role", "Give one owner only: a person, or an organisation, or a role"
            )
        return data


class ActionForm(OwnerFields):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Action")
    resolution = forms.ChoiceField(required=False, label="Raised under the resolution (optional)")
    due_date = GovukDateField(required=False, label="Due date (optional)")
    due_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, label="Due at the meeting (optional)"
    )
    due_at_future_meeting = forms.BooleanField(
        required=False,
        label="Due at a future meeting, not yet chosen (it goes on the forward plan)",
    )
    field_order = [
        "text",
        "resolution",
        "owner_person",
        "owner_organisation",
        "owner_role",
        "due_date",
        "due_meeting",
        "due_at_future_meeting",
    ]

    def __init__(
        self,
        *args: Any,
        body: Body,
        resolutions: list[tuple[str, str]] | None = None,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self.set_partnership(body.partnership)
        self.fields["due_meeting"].queryset = Meeting.objects.filter(body=body).order_by("date")  # type: ignore[attr-defined]
        if resolutions:
            self.fields["resolution"].choices = [("", "None"), *resolutions]  # type: ignore[attr-defined]
        else:
            del self.fields["resolution"]
        self.order_fields(self.field_order)


CHANGES = [
    ("progress", "Progress: the action is under way"),
    ("done", "Done"),
    ("drop", "Drop it (give the reason)"),
    ("reopen", "Reopen it"),
]


class ActionUpdateForm(forms.Form):
    change = forms.ChoiceField(label="What has changed", choices=CHANGES)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Update",
        help_text="What has been done, or why the action is dropped",
    )

    def __init__(self, *args: Any, action: Action, officer: bool, **kw: Any):
        super().__init__(*args, **kw)
        closed = action.status in (Action.Status.DONE, Action.Status.DROPPED)
        allowed = {"reopen"} if closed else {"progress", "done"} | ({"drop"} if officer else set())
        if closed and not officer:
            allowed = set()
        self.fields["change"].choices = [c for c in CHANGES if c[0] in allowed]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("text") or "").strip()
        if data.get("change") == "drop" and not text:
            self.add_error("text", "Enter the reason for dropping the action")
        if data.get("change") == "progress" and not text:
            self.add_error("text", "Enter what has been done")
        return data


class MinutesForm(forms.Form):
    """The first step of the minutes review: a pasted page or a saved file."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        # The browser stops a paste at this length; Django refuses bigger requests anyway.
        max_length=2_000_000,
        error_messages={"max_length": "The pasted text must be smaller than 2 MB"},
        label="Paste the minutes page",
        help_text="The text of one agenda item's page, from the words Agenda item to Supporting documents",
    )
    file = forms.FileField(
        required=False,
        label="Or upload the page saved as text or HTML",
        help_text="A .txt or .html file, up to 2 MB",
        error_messages={"empty": "The selected file is empty"},
        # The file chooser offers text and HTML files first; the form still checks the type.
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.htm,.html,text/plain,text/html"}),
    )
