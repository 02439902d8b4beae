"""`cypp voice ...`: surveys, waves, results, alerts, imports and retention.

The actions live one module each in ``cypp.voice.command_actions`` and are found there, so
each stays small and owns its own options. ``cypp voice list --json`` and
``cypp voice results --survey KEY [--wave W] --json`` are read by other tools: their keys
are a contract (docs/voice.md).
"""

from __future__ import annotations

from cypp.command_line import ModuleActionsCommand
from cypp.voice import command_actions


class Command(ModuleActionsCommand):
    help = "Voice: surveys, waves, results, safeguarding alerts, imports and retention."
    actions_package = command_actions
