"""Forms for every part of a plan. Validation lives here and in the models' rules; a form
that fails saves nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Model, QuerySet
from django.utils.text import slugify

from cypp.accounts.models import Organisation
from cypp.geography.selectors import UnknownArea, area_get
from cypp.indicators.models import Observation
from cypp.indicators.periods import PeriodError, period_parse
from cypp.indicators.selectors import UnknownIndicator, indicator_get
from cypp.plans.models import (
    BudgetLine,
    Commitment,
    CommitmentMilestone,
    DeliveryPrinciple,
    Measure,
    MeasureValue,
    Milestone,
    Outcome,
    Plan,
    Priority,
    ProgressNote,
    StrategyLink,
    Subgroup,
)
from cypp.web.forms import GovukDateField

if TYPE_CHECKING:  # django-stubs makes ModelForm generic; at run time it is not
    ModelForm = forms.ModelForm[Any]
else:
    ModelForm = forms.ModelForm


def unique_key(title: str, taken: set[str]) -> str:
    """A slug from the title that no sibling uses yet (early-help, early-help-2...)."""
    base = slugify(title)[:70] or "item"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _say_not_set(form: forms.BaseForm) -> None:
    """Empty choices read "Not set", not Django's dashes (a screen reader says "dash" nine times)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = "Not set"
        elif isinstance(field, forms.ChoiceField):
            choices = cast("list[tuple[Any, Any]]", list(cast("Any", field.choices)))
            field.choices = [
                (value, "Not set" if value == "" else label) for value, label in choices
            ]


def _limit(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only this plan's own items (its subgroups, its priorities) in a choice field."""
    cast("forms.ModelChoiceField[Any]", form.fields[name]).queryset = queryset


class PlanPartForm(ModelForm):
    """A part of a plan with a key: the key is made from the title when left blank."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _say_not_set(self)

    key = forms.SlugField(
        required=False,
        max_length=80,
        help_text="Used in plan files and links. Leave blank to make one from the title.",
    )

    def siblings(self) -> set[str]:  # keys already used beside this one
        return set()

    def clean_key(self) -> str:
        key: str = self.cleaned_data.get("key") or ""
        if key and key in self.siblings():
            raise forms.ValidationError("Another item in this list already uses this key")
        return key

    def fill_key(self, instance: Model, title_field: str = "title") -> None:
        if not getattr(instance, "key", ""):
            instance.key = unique_key(str(getattr(instance, title_field)), self.siblings())  # type: ignore[attr-defined]


class PlanForm(ModelForm):
    start = GovukDateField(label="Plan starts")
    end = GovukDateField(label="Plan ends")
    approved_on = GovukDateField(label="Approved on", required=False)

    class Meta:
        model = Plan
        fields = [
            "title",
            "start",
            "end",
            "version",
            "status",
            "approved_by",
            "approved_on",
            "priority_word",
            "vision",
            "summary",
            "public",
        ]
        labels = {
            "priority_word": "The plan calls its main parts",
            "public": "Published: anyone can read this plan without signing in",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", "The plan must end after it starts")
        if data.get("status") == Plan.Status.APPROVED and not data.get("approved_by"):
            self.add_error("approved_by", "Say who approved the plan")
        return data


class PriorityForm(PlanPartForm):
    class Meta:
        model = Priority
        fields = ["title", "key", "description", "lead", "order"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def siblings(self) -> set[str]:
        return set(self.plan.priorities.exclude(pk=self.instance.pk).values_list("key", flat=True))


class OutcomeForm(PlanPartForm):
    class Meta:
        model = Outcome
        fields = ["title", "key", "description", "order"]

    def __init__(self, *args: Any, priority: Priority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.priority = priority

    def siblings(self) -> set[str]:
        return set(
            self.priority.outcomes.exclude(pk=self.instance.pk).values_list("key", flat=True)
        )


class MeasureForm(PlanPartForm):
    indicator_reference = forms.CharField(
        label="Indicator",
        required=False,
        help_text="From the evidence store, as SOURCE:CODE, for example lait:LAC",
    )
    area_code = forms.CharField(
        label="Area",
        required=False,
        help_text="ONS or DfE code. Leave blank for the partnership's own area.",
    )
    target_due = GovukDateField(label="Target due", required=False)

    class Meta:
        model = Measure
        fields = [
            "title",
            "key",
            "kind",
            "indicator_reference",
            "area_code",
            "unit",
            "baseline_period",
            "baseline_value",
            "baseline_source",
            "baseline_provenance",
            "target_value",
            "target_low",
            "target_high",
            "target_due",
            "target_direction",
            "target_note",
            "owner_organisation",
            "owner_subgroup",
            "lead",
            "order",
        ]
        labels = {
            "baseline_provenance": "Where the baseline figure comes from",
            "target_value": "Target value",
            "target_low": "Or a target range: from",
            "target_high": "Target range: to",
            "owner_organisation": "Owning organisation",
            "owner_subgroup": "Owning subgroup",
        }
        help_texts = {
            "baseline_period": "A period of the indicator, for example 2015 or 2014-15",
            "baseline_provenance": "Estimates are always shown as estimates, never as fact.",
        }

    def __init__(self, *args: Any, outcome: Outcome, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcome = outcome
        self.plan = outcome.priority.plan
        _limit(self, "owner_subgroup", Subgroup.objects.filter(plan=self.plan))
        _limit(self, "owner_organisation", Organisation.objects.all())
        if self.instance.pk and self.instance.indicator_id:
            self.initial["indicator_reference"] = self.instance.indicator.reference
        if self.instance.pk and self.instance.area_id:
            self.initial["area_code"] = self.instance.area.code

    def siblings(self) -> set[str]:
        return set(self.outcome.measures.exclude(pk=self.instance.pk).values_list("key", flat=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reference = (data.get("indicator_reference") or "").strip()
        indicator = area = None
        if reference:
            try:
                indicator = indicator_get(reference=reference)
            except UnknownIndicator as error:
                self.add_error("indicator_reference", str(error))
        code = (data.get("area_code") or "").strip()
        if code:
            try:
                area = area_get(code=code)
            except UnknownArea as error:
                self.add_error("area_code", str(error))
        elif indicator is not None:
            area = self.plan.partnership.area
        if indicator is not None and area is not None:
            has_data = Observation.objects.filter(
                indicator=indicator, area=area, value__isnull=False
            ).exists()
            if not has_data:
                self.add_error(
                    "indicator_reference",
                    f"{indicator.reference} has no data for {area.name}: choose another "
                    "indicator or area, or load the data first",
                )
        self.instance.indicator = indicator
        self.instance.area = area if indicator is not None or code else None
        self._check_target(data, indicator)
        return data

    def _check_target(self, data: dict[str, Any], indicator: Any) -> None:
        value, low, high = data.get("target_value"), data.get("target_low"), data.get("target_high")
        if value is not None and (low is not None or high is not None):
            self.add_error("target_value", "Give a target value or a range, not both")
        if (low is None) != (high is None):
            self.add_error(
                "target_high" if high is None else "target_low", "A range needs both ends"
            )
        if low is not None and high is not None and low > high:
            self.add_error("target_low", "The start of the range must not be above its end")
        due, period = data.get("target_due"), (data.get("baseline_period") or "").strip()
        if due and period:
            period_type = (
                indicator.period_type
                if indicator is not None and indicator.period_type
                else "calendar"
            )
            try:
                baseline_end = period_parse(period, period_type).end
            except PeriodError:
                baseline_end = None
            if baseline_end is not None and due <= baseline_end:
                self.add_error(
                    "target_due",
                    f"The target date must be after the baseline period {period} "
                    f"(which ends {baseline_end:%-d %B %Y})",
                )
        has_target = value is not None or low is not None
        if has_target and not due:
            self.add_error("target_due", "Enter the date the target is due")


class CommitmentForm(PlanPartForm):
    due = GovukDateField(label="Due", required=False)

    class Meta:
        model = Commitment
        fields = [
            "title",
            "key",
            "priority",
            "description",
            "owner_organisation",
            "lead",
            "due",
            "status",
            "order",
        ]
        labels = {"owner_organisation": "Owning organisation", "priority": "Part of"}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        _limit(self, "priority", Priority.objects.filter(plan=plan))

    def siblings(self) -> set[str]:
        return set(self.plan.commitments.exclude(pk=self.instance.pk).values_list("key", flat=True))


class BudgetLineForm(PlanPartForm):
    class Meta:
        model = BudgetLine
        fields = [
            "title",
            "key",
            "kind",
            "amount",
            "realised",
            "priority",
            "period",
            "provenance",
            "note",
            "order",
        ]
        labels = {"amount": "Amount (£)", "realised": "Realised so far (£)", "priority": "Part of"}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        _limit(self, "priority", Priority.objects.filter(plan=plan))

    def siblings(self) -> set[str]:
        return set(
            self.plan.budget_lines.exclude(pk=self.instance.pk).values_list("key", flat=True)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("amount") is not None and data["amount"] < 0:
            self.add_error(
                "amount",
                "Enter the amount as a positive number; the kind says whether it is a saving",
            )
        return data


class DeliveryPrincipleForm(PlanPartForm):
    class Meta:
        model = DeliveryPrinciple
        fields = ["text", "key", "order"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def siblings(self) -> set[str]:
        return set(self.plan.principles.exclude(pk=self.instance.pk).values_list("key", flat=True))


class StrategyLinkForm(PlanPartForm):
    url = forms.URLField(label="Link", required=False, assume_scheme="https")

    class Meta:
        model = StrategyLink
        fields = ["title", "key", "relation", "url", "order"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def siblings(self) -> set[str]:
        return set(self.plan.strategies.exclude(pk=self.instance.pk).values_list("key", flat=True))


class SubgroupForm(PlanPartForm):
    class Meta:
        model = Subgroup
        fields = ["name", "key", "order"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def siblings(self) -> set[str]:
        return set(self.plan.subgroups.exclude(pk=self.instance.pk).values_list("key", flat=True))


class MilestoneForm(ModelForm):
    """An interim target of a measure: it must fall within the plan and before the target."""

    due = GovukDateField(label="Due")

    class Meta:
        model = Milestone
        fields = ["due", "value", "label"]

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due, plan = data.get("due"), self.measure.outcome.priority.plan
        if due and not plan.start <= due <= plan.end:
            self.add_error("due", "A milestone must fall within the plan's period")
        if due and self.measure.target_due and due > self.measure.target_due:
            self.add_error("due", "A milestone must come before the target is due")
        return data


class MeasureValueForm(ModelForm):
    """A figure the partnership enters itself for one period."""

    class Meta:
        model = MeasureValue
        fields = ["period", "value", "provenance", "note"]
        labels = {"provenance": "Where the figure comes from"}
        help_texts = {"period": "For example 2016-17 Q1 or 2017"}

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure

    def clean_period(self) -> str:
        period: str = (self.cleaned_data.get("period") or "").strip()
        taken = self.measure.local_values.exclude(pk=self.instance.pk).filter(period=period)
        if taken.exists():
            raise forms.ValidationError(f"There is already a figure for {period}; change that one")
        return period


class CommitmentMilestoneForm(ModelForm):
    due = GovukDateField(label="Due", required=False)

    class Meta:
        model = CommitmentMilestone
        fields = ["title", "due", "done", "order"]

    def __init__(self, *args: Any, commitment: Commitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commitment = commitment


class ProgressNoteForm(ModelForm):
    date = GovukDateField(label="Date")

    class Meta:
        model = ProgressNote
        fields = ["date", "text", "author"]
        labels = {"text": "What has happened"}

    def __init__(self, *args: Any, commitment: Commitment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commitment = commitment
