"""Forms for the other parts of a plan: priorities, outcomes, commitments, budget lines..."""

from __future__ import annotations

from typing import Any

from django import forms

from cypp.accounts.models import Person
from cypp.forms.dates import GovukDateField
from cypp.plans.forms.base import ModelForm, PlanPartForm, limit_choices
from cypp.plans.models import (
    BudgetLine,
    Commitment,
    CommitmentMilestone,
    DeliveryPrinciple,
    Outcome,
    Plan,
    Priority,
    ProgressNote,
    StrategyLink,
    Subgroup,
)
from cypp.plans.selectors import partnership_organisations


class PriorityForm(PlanPartForm):
    class Meta:
        model = Priority
        fields = ["title", "key", "description", "lead", "lead_person", "order"]
        labels = {"lead_person": "Approves the commentary"}
        help_texts = {
            "lead_person": "The person who approves or returns the period's commentary on "
            "this priority's measures. When not set, the partnership's analysts may."
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        limit_choices(
            self,
            "lead_person",
            Person.objects.filter(user__partnership_roles__partnership_id=plan.partnership_id)
            .select_related("user")
            .distinct(),
        )

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
        limit_choices(self, "priority", Priority.objects.filter(plan=plan))
        # As for measures: only the partnership's own organisations, and no other accepted.
        limit_choices(
            self,
            "owner_organisation",
            partnership_organisations(partnership_id=plan.partnership_id),
        )

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
        limit_choices(self, "priority", Priority.objects.filter(plan=plan))

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
