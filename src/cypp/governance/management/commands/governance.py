"""`cypp governance ...`: the council's committee system (ModernGov): connect a partnership
to it, list its committees, say which committee each board is, and sync the meetings
(docs/governance.md, "Meetings from the council's committee system").

The actions live one module each in ``cypp.governance.command_actions``. The command is for
operators: it checks no roles. ``sync --json`` prints the sync's record; its keys are a
contract (docs/governance.md).
"""

from __future__ import annotations

from cypp.command_line import ModuleActionsCommand
from cypp.governance import command_actions


class Command(ModuleActionsCommand):
    help = "Committee system: connect, list committees, choose boards, sync meetings."
    actions_package = command_actions
