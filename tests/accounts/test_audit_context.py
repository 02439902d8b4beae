"""One audit-context helper: the contexts records are filed under are named in one place, in
the words stored since the first release (``plan:<key>`` and so on), for writers and
readers alike; the person acting is recorded by one rule."""

from __future__ import annotations

import getpass
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from cypp.accounts.audit import actor_name, audit_context, audit_record, bodies_context_prefix
from cypp.accounts.models import AuditEvent
from cypp.plans.selectors_audit import partnership_audit_scope
from tests.plans.factories import contributor_make, plan_make

PARTNERSHIP = SimpleNamespace(key="herefordshire")


def test_each_context_reads_as_stored():
    assert audit_context(plan=SimpleNamespace(key="cypp-2024")) == "plan:cypp-2024"
    assert audit_context(plan="cypp-2024") == "plan:cypp-2024"  # a key alone, for readers
    assert audit_context(partnership=PARTNERSHIP) == "partnership:herefordshire"
    body = SimpleNamespace(key="hwb", partnership=PARTNERSHIP)
    assert audit_context(body=body) == "body:herefordshire/hwb"
    assert bodies_context_prefix(PARTNERSHIP) == "body:herefordshire/"
    assert audit_context(person=SimpleNamespace(pk=42)) == "person:42"
    assert audit_context(person=42) == "person:42"


@pytest.mark.parametrize("given", [{}, {"plan": "a", "partnership": PARTNERSHIP}])
def test_exactly_one_thing_names_a_context(given):
    with pytest.raises(TypeError, match="exactly one"):
        audit_context(**given)


@pytest.mark.django_db
def test_the_person_acting_and_the_process_behind_the_command_line():
    person = contributor_make()
    assert actor_name(person) == "contributor"
    assert actor_name(None) == actor_name(AnonymousUser()) == getpass.getuser()
    plan = plan_make()
    event = audit_record(
        by=person, action=AuditEvent.Action.UPDATE, obj=plan, context=audit_context(plan=plan)
    )
    assert (event.user, event.user_name, event.context) == (person, "contributor", "plan:test-plan")
    anonymous = audit_record(by=AnonymousUser(), action=AuditEvent.Action.UPDATE, obj=plan)
    assert anonymous.user is None and anonymous.user_name == getpass.getuser()
    # What a service files, the partnership's audit page reads back.
    scoped = AuditEvent.objects.filter(partnership_audit_scope(partnership=plan.partnership))
    assert event in scoped and anonymous not in scoped  # filed under no context
