"""`cypp families ...`: early help frameworks, imports, the summary, claims and audits.

The actions live one module each in ``cypp.families.command_actions`` and are found there,
so each stays small and owns its own options.
"""

from __future__ import annotations

from cypp.command_line import ModuleActionsCommand
from cypp.families import command_actions


class Command(ModuleActionsCommand):
    help = "Early help: outcome frameworks, SSD imports, the cohort summary, claims and audits."
    actions_package = command_actions
