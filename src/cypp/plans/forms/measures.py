"""Forms for measures and what hangs from them: milestones and figures entered locally."""

from __future__ import annotations

from typing import Any

from django import forms

from cypp.forms.dates import GovukDateField
from cypp.geography.selectors import UnknownArea, area_get
from cypp.indicators.catalogue import indicator_choose
from cypp.indicators.indicator_picker import indicator_picker_help, indicator_picker_widget
from cypp.indicators.models import Observation
from cypp.indicators.periods import PeriodError, period_parse
from cypp.indicators.selectors import UnknownIndicator
from cypp.plans.forms.base import ModelForm, PlanPartForm, limit_choices
from cypp.plans.models import (
    Measure,
    MeasureValue,
    Milestone,
    Outcome,
    Subgroup,
)
from cypp.plans.selectors import partnership_organisations


class MeasureForm(PlanPartForm):
    indicator_reference = forms.CharField(
        label="Indicator",
        required=False,
        help_text=indicator_picker_help(link=True),
        widget=indicator_picker_widget(),
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
        limit_choices(self, "owner_subgroup", Subgroup.objects.filter(plan=self.plan))
        # Only the partnership's own organisations: a choice from the list, so a posted
        # organisation of another partnership is refused ("Select a valid choice").
        limit_choices(
            self,
            "owner_organisation",
            partnership_organisations(partnership_id=self.plan.partnership_id),
        )
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
                indicator = indicator_choose(text=reference)
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
        period_type = (
            indicator.period_type if indicator is not None and indicator.period_type else "calendar"
        )
        baseline_end = None
        if data.get("baseline_value") is not None and not period:
            # The trajectory to the target starts at the baseline's period.
            self.add_error(
                "baseline_period", "Enter the period the baseline was measured in, like 2014-15"
            )
        elif period:
            try:
                baseline_end = period_parse(period, period_type).end
            except PeriodError:
                self.add_error(
                    "baseline_period",
                    "Enter the baseline period as a year, like 2015, 2014-15 or 2014/15",
                )
        if due and baseline_end is not None and due <= baseline_end:
            self.add_error(
                "target_due",
                f"The target date must be after the baseline period {period} "
                f"(which ends {baseline_end:%-d %B %Y})",
            )
        has_target = value is not None or low is not None
        if has_target and not due:
            self.add_error("target_due", "Enter the date the target is due")


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
