"""Writes to governance, each in one transaction with its audit record (context
``body:<partnership>/<body>``; links to a plan are recorded in the plan's history too)."""

from cypp.governance.services.actions import (
    Owner,
    action_add,
    action_complete,
    action_drop,
    action_edit,
    action_progress_add,
    action_reopen,
)
from cypp.governance.services.board_reports import board_report_attach as board_report_attach
from cypp.governance.services.bodies import (
    body_create,
    body_member_add,
    body_relation_add,
    body_update,
)
from cypp.governance.services.committee_sync import (
    body_committee_set,
    committee_sync,
    committee_sync_request,
    committee_system_set,
)
from cypp.governance.services.common import GovernanceError
from cypp.governance.services.meetings import (
    agenda_item_add,
    agenda_item_edit,
    agenda_item_minutes_record,
    meeting_record,
    meeting_status_set,
    meeting_update,
    paper_add,
    plan_links_set,
    resolution_add,
)
from cypp.governance.services.minutes_review import (
    ActionDraft,
    ResolutionDraft,
    minutes_decisions_record,
)

__all__ = [
    "ActionDraft",
    "GovernanceError",
    "Owner",
    "ResolutionDraft",
    "action_add",
    "action_complete",
    "action_drop",
    "action_edit",
    "action_progress_add",
    "action_reopen",
    "agenda_item_add",
    "agenda_item_edit",
    "agenda_item_minutes_record",
    "body_committee_set",
    "body_create",
    "body_member_add",
    "body_relation_add",
    "body_update",
    "committee_sync",
    "committee_sync_request",
    "committee_system_set",
    "meeting_record",
    "meeting_status_set",
    "meeting_update",
    "minutes_decisions_record",
    "paper_add",
    "plan_links_set",
    "resolution_add",
]
