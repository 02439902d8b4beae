"""Forms for every part of a plan. Validation lives here and in the models' rules; a form
that fails saves nothing."""

from cypp.plans.forms.base import PlanForm, PlanPartForm, unique_key
from cypp.plans.forms.measures import MeasureForm, MeasureValueForm, MilestoneForm
from cypp.plans.forms.parts import (
    BudgetLineForm,
    CommitmentForm,
    CommitmentMilestoneForm,
    DeliveryPrincipleForm,
    OutcomeForm,
    PriorityForm,
    ProgressNoteForm,
    StrategyLinkForm,
    SubgroupForm,
)

__all__ = [
    "BudgetLineForm",
    "CommitmentForm",
    "CommitmentMilestoneForm",
    "DeliveryPrincipleForm",
    "MeasureForm",
    "MeasureValueForm",
    "MilestoneForm",
    "OutcomeForm",
    "PlanForm",
    "PlanPartForm",
    "PriorityForm",
    "ProgressNoteForm",
    "StrategyLinkForm",
    "SubgroupForm",
    "unique_key",
]
