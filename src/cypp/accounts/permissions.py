"""Object permissions with ``rules``: the predicates every app's rules share, and the one
rule about people.

Each app keeps its own rules beside its models (``cypp.plans.permissions``,
``cypp.commentary.permissions``, ``cypp.governance.permissions``, ...) and registers them
when it is ready; views and templates ask ``user.has_perm(name, obj)``.

| permission                  | who                                                            |
| --------------------------- | -------------------------------------------------------------- |
| ``accounts.manage_roles``   | administrators of the partnership (``None``: of any)           |

Superusers may do everything. Each rule reads the person's roles through ``access_get``
(two queries per request, then none). Registered when the accounts app is ready
(``AccountsConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from rules.permissions import add_perm
from rules.predicates import Predicate

from cypp.accounts.selectors import access_get


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


is_superuser = Predicate(_is_superuser, name="is_superuser")

# rules' registry functions carry no annotations; this is their signature.
_add_perm = cast(Callable[[str, Predicate], None], add_perm)


def add_rule(name: str, *any_of: Callable[..., bool] | Predicate) -> None:
    """Register the permission ``name``: granted when any of ``any_of`` holds (each a
    predicate, or a function of the person and the object)."""
    predicates = [
        test if isinstance(test, Predicate) else Predicate(test, name=test.__name__.lstrip("_"))
        for test in any_of
    ]
    combined = predicates[0]
    for predicate in predicates[1:]:
        combined = combined | predicate
    _add_perm(name, combined)


def _manages_roles(user: Any, partnership: Any) -> bool:
    return access_get(user).manages_roles(partnership.pk if partnership else None)


add_rule("accounts.manage_roles", _manages_roles)
