"""Object permissions (``rules``): who may read and change which plan, measure and commitment.

| permission                  | who                                                            |
| --------------------------- | -------------------------------------------------------------- |
| ``plans.view_plan``         | anyone for a public plan; else any role in its partnership     |
| ``plans.change_plan``       | analysts and administrators of the plan's partnership          |
| ``plans.change_measure``    | analysts, administrators; a contributor whose organisation     |
| ``plans.change_commitment`` | owns the measure or commitment (``owner_organisation``)        |
| ``accounts.manage_roles``   | administrators of the partnership                              |

Superusers may do everything. Each rule reads the person's roles through
``access_get`` (two queries per request, then none), so checking every measure on a page
costs nothing more. Registered when the accounts app is ready (``AccountsConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rules.permissions import add_perm
from rules.predicates import Predicate

from cypp.accounts.selectors import access_get
from cypp.plans.models import Commitment, Measure, Partnership, Plan


def partnership_id_of(obj: Any) -> int | None:
    """The partnership a plan, measure or commitment belongs to (a measure's chain of parents
    is already loaded on the plan page, so this asks nothing there)."""
    if isinstance(obj, Partnership):
        return obj.pk
    if isinstance(obj, Plan):
        return obj.partnership_id
    if isinstance(obj, Measure):
        return obj.outcome.priority.plan.partnership_id
    if isinstance(obj, Commitment):
        return obj.plan.partnership_id
    return None


def _is_public_plan(_user: Any, plan: Any) -> bool:
    return isinstance(plan, Plan) and plan.public


def _has_role_in_partnership(user: Any, obj: Any) -> bool:
    return obj is not None and access_get(user).reads(partnership_id_of(obj))


def _edits_structure(user: Any, obj: Any) -> bool:
    return obj is not None and access_get(user).edits_structure(partnership_id_of(obj))


def _edits_owned(user: Any, obj: Any) -> bool:
    if not isinstance(obj, Measure | Commitment):
        return False
    return access_get(user).edits_owned(partnership_id_of(obj), obj.owner_organisation_id)


def _manages_roles(user: Any, partnership: Any) -> bool:
    return access_get(user).manages_roles(partnership_id_of(partnership) if partnership else None)


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


is_public_plan = Predicate(_is_public_plan, name="is_public_plan")
has_role_in_partnership = Predicate(_has_role_in_partnership, name="has_role_in_partnership")
edits_structure = Predicate(_edits_structure, name="edits_structure")
edits_owned = Predicate(_edits_owned, name="edits_owned")
manages_roles = Predicate(_manages_roles, name="manages_roles")
is_superuser = Predicate(_is_superuser, name="is_superuser")

# rules' registry functions carry no annotations; this is their signature.
_add_perm = cast(Callable[[str, Predicate], None], add_perm)
_add_perm("plans.view_plan", is_public_plan | has_role_in_partnership | is_superuser)
_add_perm("plans.change_plan", edits_structure)
_add_perm("plans.change_measure", edits_owned)
_add_perm("plans.change_commitment", edits_owned)
_add_perm("accounts.manage_roles", manages_roles)
