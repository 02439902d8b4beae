"""Who may read and change governance, decided from the roles read once per request.

| who                                                   | may                                   |
| ----------------------------------------------------- | ------------------------------------- |
| anyone with a role in the partnership                 | read its bodies, meetings and actions |
| its analysts and administrators (the board officers)  | record bodies, meetings, agenda items, |
|                                                       | minutes, resolutions and actions; edit, |
|                                                       | drop and reopen actions; link them to  |
|                                                       | the plans                              |
| an action's owner: the named person, or a contributor | add progress updates to it and mark it |
| whose organisation owns it                            | done                                   |

| permission                      | the same, as a ``rules`` permission (object: the partnership   |
|                                 | or its id, a body, an action)                                  |
| ``governance.view_governance``  | read                                                           |
| ``governance.change_governance`` | record and change (the board officers)                        |
| ``governance.update_action``    | add progress updates to an action and mark it done             |

Superusers may do everything. Every view checks on the server: 404 for what does not
exist, 403 for what the person may not see or do. Registered when the governance app is
ready (``GovernanceConfig.ready``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cypp.accounts.models import Partnership
from cypp.accounts.permissions import add_rule
from cypp.accounts.selectors import access_get
from cypp.governance.models import Action, Body
from cypp.governance.selectors import body_get


def partnership_id_of(obj: Any) -> int | None:
    """The partnership a governance check is about: given as its id (what the views hold), or
    as the partnership, a body, or an action (its body is loaded with it)."""
    if obj is None or isinstance(obj, int):
        return obj
    if isinstance(obj, Partnership):
        return obj.pk
    if isinstance(obj, Body):
        return obj.partnership_id
    if isinstance(obj, Action):
        return obj.body.partnership_id
    return None


def _reads(user: Any, obj: Any) -> bool:
    return access_get(user).reads(partnership_id_of(obj))


def _is_officer(user: Any, obj: Any) -> bool:
    return access_get(user).edits_structure(partnership_id_of(obj))


def _is_action_owner(user: Any, action: Any) -> bool:
    if not isinstance(action, Action):
        return False
    access = access_get(user)
    partnership_id = action.body.partnership_id
    if not access.reads(partnership_id):
        return False
    if action.owner_person_id and action.owner_person is not None:
        return action.owner_person.user_id == access.user_id
    if action.owner_organisation_id:
        return access.edits_owned(partnership_id, action.owner_organisation_id)
    return False


def _is_officer_of_action(user: Any, action: Any) -> bool:
    return isinstance(action, Action) and _is_officer(user, action)


add_rule("governance.view_governance", _reads)
add_rule("governance.change_governance", _is_officer)
add_rule("governance.update_action", _is_officer_of_action, _is_action_owner)


def can_read(user: Any, partnership_id: int | None) -> bool:
    return bool(user.has_perm("governance.view_governance", partnership_id))


def is_officer(user: Any, partnership_id: int | None) -> bool:
    """Board officers: the partnership's analysts and administrators."""
    return bool(user.has_perm("governance.change_governance", partnership_id))


def is_action_owner(user: Any, action: Action) -> bool:
    return _is_action_owner(user, action)


def can_update_action(user: Any, action: Action) -> bool:
    """Progress updates and marking done: an officer or the action's owner."""
    return bool(user.has_perm("governance.update_action", action))


def partnership_readable(user: Any, key: str) -> Partnership:
    partnership = Partnership.objects.filter(key=key).select_related("area").first()
    if partnership is None:
        raise Http404("No such partnership")
    if not can_read(user, partnership.pk):
        raise PermissionDenied
    return partnership


def body_readable(user: Any, partnership_key: str, body_key: str) -> Body:
    partnership = partnership_readable(user, partnership_key)
    body = body_get(partnership=partnership, key=body_key)
    if body is None:
        raise Http404("No such body in this partnership")
    return body


def officer_required(user: Any, partnership_id: int) -> None:
    if not is_officer(user, partnership_id):
        raise PermissionDenied
