"""Object permissions (``rules``) for the evidence store.

| permission                      | who                                                      |
| ------------------------------- | -------------------------------------------------------- |
| ``indicators.import_indicators`` | analysts and administrators of any partnership          |

Imported figures are shared by every partnership, so the permission has no object.
Superusers may do everything. Registered when the indicators app is ready
(``IndicatorsConfig.ready``).
"""

from __future__ import annotations

from typing import Any

from cypp.accounts.permissions import add_rule, is_superuser
from cypp.accounts.selectors import EDITS_STRUCTURE, access_get


def _imports(user: Any) -> bool:
    access = access_get(user)
    return access.is_superuser or any(r in EDITS_STRUCTURE for r in access.roles.values())


add_rule("indicators.import_indicators", _imports, is_superuser)
