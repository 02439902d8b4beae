"""Plan files: a whole plan as one YAML file (docs/plan-files.md), loaded, exported, compared.

The public face of the package; the modules behind it:

- ``spec``: the format as data (keys, types, order, how list elements are matched);
- ``reading``: text -> document, with the line of every path; ``rules``: the loader's rules
  and the lookups of indicators, areas and plans;
- ``canonical``: document -> canonical YAML; ``exporter``: database -> document;
- ``diff``: what changed between two documents; ``writer``: document -> database;
- ``loader``: the services that check, compare and load; ``successor``: the next plan.
"""

from cypp.plans.plan_files.diff import Change, changes_summary, document_diff
from cypp.plans.plan_files.exporter import plan_document, plan_export
from cypp.plans.plan_files.loader import (
    CheckedFile,
    PlanLoadResult,
    plan_file_check,
    plan_file_compare,
    plan_load,
    plan_load_text,
)
from cypp.plans.plan_files.problems import PlanFileRejected, PlanProblem
from cypp.plans.plan_files.successor import CARRY_CHOICES, carry_expand, plan_successor_create

__all__ = [
    "CARRY_CHOICES",
    "Change",
    "CheckedFile",
    "PlanFileRejected",
    "PlanLoadResult",
    "PlanProblem",
    "carry_expand",
    "changes_summary",
    "document_diff",
    "plan_document",
    "plan_export",
    "plan_file_check",
    "plan_file_compare",
    "plan_load",
    "plan_load_text",
    "plan_successor_create",
]
