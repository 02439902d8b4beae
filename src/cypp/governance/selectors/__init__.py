"""Reads for governance: the action log, the forward plan, the next meeting, the decisions
about a measure or outcome, a plan's actions and a person's own. Each is a fixed handful
of queries, whatever the number of actions."""

from cypp.governance.selectors.actions import (
    action_log,
    actions_for_plan,
    actions_owned,
    open_at,
    overdue_q,
    plan_target_q,
)
from cypp.governance.selectors.bodies import (
    body_get,
    partnership_bodies,
    partnership_relations,
    people_in_partnership,
)
from cypp.governance.selectors.committee_system import committee_syncs, committees_offered
from cypp.governance.selectors.decisions import Decisions, decisions_about
from cypp.governance.selectors.entries import (
    ActionEntry,
    LinkEntry,
    ResolutionEntry,
    action_entries,
    action_entry,
    actions_queryset,
    due_words,
    link_entries,
    link_entry,
    links_queryset,
    resolution_entries,
)
from cypp.governance.selectors.meetings import (
    ForwardMeeting,
    ForwardPlan,
    body_meetings,
    forward_plan,
    meeting_actions,
    meeting_items,
    meetings_upcoming,
    next_meeting,
)
from cypp.governance.selectors.plan_items import (
    link_values,
    plan_item_choices,
    plan_items_resolve,
)

__all__ = [
    "ActionEntry",
    "Decisions",
    "ForwardMeeting",
    "ForwardPlan",
    "LinkEntry",
    "ResolutionEntry",
    "action_entries",
    "action_entry",
    "action_log",
    "actions_for_plan",
    "actions_owned",
    "actions_queryset",
    "body_get",
    "body_meetings",
    "committee_syncs",
    "committees_offered",
    "decisions_about",
    "due_words",
    "forward_plan",
    "link_entries",
    "link_entry",
    "link_values",
    "links_queryset",
    "meeting_actions",
    "meeting_items",
    "meetings_upcoming",
    "next_meeting",
    "open_at",
    "overdue_q",
    "partnership_bodies",
    "partnership_relations",
    "people_in_partnership",
    "plan_item_choices",
    "plan_items_resolve",
    "plan_target_q",
    "resolution_entries",
]
