"""Who may read and edit a plan. One place, so roles per partnership can replace it."""

from __future__ import annotations

from typing import Any

from cypp.plans.models import Plan


def can_view_plan(user: Any, plan: Plan) -> bool:
    """A public plan is for everyone; any other needs a signed-in person."""
    return plan.public or bool(user.is_authenticated)


def can_edit_plan(user: Any, plan: Plan) -> bool:
    """Analysts and leads (Django's change-plan permission) edit plans."""
    return bool(user.is_authenticated and user.has_perm("plans.change_plan"))
