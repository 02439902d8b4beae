"""Object permissions (``rules``) for the reports' own objects: a partnership's comparator
groups.

| permission                           | who                                                |
| ------------------------------------ | -------------------------------------------------- |
| ``reports.view_comparator_groups``   | anyone with a role in the partnership              |
| ``reports.change_comparator_groups`` | its analysts and administrators                    |

The object is the partnership. Superusers may do everything. Registered when the reports
app is ready (``ReportsConfig.ready``). Board packs and plan reports follow the plan's own
permissions (``cypp.plans.permissions``).
"""

from __future__ import annotations

from typing import Any

from cypp.accounts.models import Partnership
from cypp.accounts.permissions import add_rule
from cypp.accounts.selectors import access_get


def _reads(user: Any, partnership: Any) -> bool:
    return isinstance(partnership, Partnership) and access_get(user).reads(partnership.pk)


def _edits(user: Any, partnership: Any) -> bool:
    return isinstance(partnership, Partnership) and access_get(user).edits_structure(partnership.pk)


add_rule("reports.view_comparator_groups", _reads)
add_rule("reports.change_comparator_groups", _edits)
