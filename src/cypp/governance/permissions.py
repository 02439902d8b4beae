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

Superusers may do everything. Every view checks on the server: 404 for what does not
exist, 403 for what the person may not see or do.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from cypp.accounts.models import Partnership
from cypp.accounts.selectors import access_get
from cypp.governance.models import Action, Body
from cypp.governance.selectors import body_get


def can_read(user: Any, partnership_id: int | None) -> bool:
    return access_get(user).reads(partnership_id)


def is_officer(user: Any, partnership_id: int | None) -> bool:
    """Board officers: the partnership's analysts and administrators."""
    return access_get(user).edits_structure(partnership_id)


def is_action_owner(user: Any, action: Action) -> bool:
    access = access_get(user)
    partnership_id = action.body.partnership_id
    if not access.reads(partnership_id):
        return False
    if action.owner_person_id and action.owner_person is not None:
        return action.owner_person.user_id == access.user_id
    if action.owner_organisation_id:
        return access.edits_owned(partnership_id, action.owner_organisation_id)
    return False


def can_update_action(user: Any, action: Action) -> bool:
    """Progress updates and marking done: an officer or the action's owner."""
    return is_officer(user, action.body.partnership_id) or is_action_owner(user, action)


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
