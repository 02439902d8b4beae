"""The world the authorisation matrix is requested in: two partnerships, every kind of object
a URL can point at, and the people of every role.

Partnership "alpha" has a private plan and a public plan; partnership "beta" a private plan.
In both alpha plans each of four measures has commentary in one state (draft, submitted,
returned, approved after an earlier draft), and the outcome has a quote saved before
consent (a draft) and a consented, approved quote. Every text carries a marker word
(``Markers``) so a test can say which words a page must never show to whom.

Built with the project's own factories and services, never by writing rows past them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.http import urlsafe_base64_encode

from cypp.accounts.models import Person, Role
from cypp.commentary import services as commentary
from cypp.commentary.models import MeasureCommentary, QualitativeEvidence
from cypp.governance import services as governance
from cypp.governance.models import Meeting
from cypp.plans.models import Commitment, Measure, Outcome, Plan, StrategyLink
from cypp.plans.services import plan_part_delete
from cypp.reports.services import board_pack_publish, board_pack_request
from tests.commentary.helpers import STORY
from tests.governance.factories import action_make, body_make, meeting_make
from tests.indicators.imports_helpers import world_imports
from tests.plans.factories import organisation_make, partnership_make, person_make, plan_make
from tests.voice.security_world import world_voice

ALPHA = "alpha"
BETA = "beta"
COUNCIL = "Herefordshire Council"  # owns every measure plan_make makes
POLICE = "West Mercia Police"
HEALTH = "Herefordshire Clinical Commissioning Group"

# The roles the matrix requests every URL as, in the table's column order.
ROLES = (
    "anonymous",
    "no-role",
    "viewer",
    "contributor",  # of the council, which owns the measures
    "contributor-other-org",  # of the police, in the same partnership
    "analyst",
    "administrator",
    "analyst-other-partnership",
    "superuser",
)


@dataclass(frozen=True)
class Markers:
    """Words planted in one plan's commentary and evidence, prefixed by the plan's key."""

    prefix: str

    def word(self, what: str) -> str:
        return f"{self.prefix.upper().replace('-', '')}{what}"

    @property
    def hidden(self) -> dict[str, str]:
        """Words only the workflow's own people (writers, reviewers) may ever read."""
        return {
            "draft commentary": self.word("DRAFTTEXT"),
            "submitted commentary": self.word("SUBMITTEDTEXT"),
            "returned commentary": self.word("RETURNEDTEXT"),
            "return reason": self.word("RETURNREASON"),
            "earlier draft of approved commentary": self.word("EARLIERDRAFT"),
            "quote saved before consent": self.word("UNCONSENTEDQUOTE"),
            "title of that quote": self.word("UNCONSENTEDTITLE"),
        }

    @property
    def approved(self) -> str:
        return self.word("APPROVEDTEXT")

    @property
    def consented_quote(self) -> str:
        return self.word("CONSENTEDQUOTE")


@dataclass
class World:
    people: dict[str, User | None]
    values: dict[str, Any]  # what URL parameters are filled from (the table's @names)
    plans: dict[str, Plan]
    markers: dict[str, Markers]
    lead: User
    objects: dict[str, Any] = field(default_factory=dict)


def _commentary(plan: Plan, period: Any, writer: User, lead: User) -> dict[str, Any]:
    """One measure's commentary in each state and two quotes, with marker words."""
    m = Markers(plan.key)
    measures = list(Measure.objects.filter(outcome__priority__plan=plan).order_by("order"))
    outcome = Outcome.objects.get(priority__plan=plan)

    def save(measure: Measure, story: str) -> MeasureCommentary:
        return commentary.measure_commentary_save(
            measure=measure, period=period, by=writer, **{**STORY, "story_behind_curve": story}
        )

    save(measures[0], f"{m.word('DRAFTTEXT')} is still being written.")
    submitted = save(measures[1], f"{m.word('SUBMITTEDTEXT')} waits for the lead.")
    commentary.measure_commentary_submit(commentary=submitted, by=writer)
    returned = save(measures[2], f"{m.word('RETURNEDTEXT')} went back.")
    returned = commentary.measure_commentary_submit(commentary=returned, by=writer)
    commentary.measure_commentary_return(
        commentary=returned, by=lead, reason=f"{m.word('RETURNREASON')}: say more."
    )
    save(measures[3], f"{m.word('EARLIERDRAFT')} was the first try.")
    approved = save(measures[3], f"{m.word('APPROVEDTEXT')} is what the board reads.")
    approved = commentary.measure_commentary_submit(commentary=approved, by=writer)
    commentary.measure_commentary_approve(commentary=approved, by=lead)

    unconsented = commentary.qualitative_evidence_save(
        outcome=outcome,
        period=period,
        by=writer,
        kind=QualitativeEvidence.Kind.QUOTE,
        title=f"{m.word('UNCONSENTEDTITLE')} from a parent",
        text=f"{m.word('UNCONSENTEDQUOTE')}, said before anyone asked.",
        attributed_to="a parent",
    )
    consented = commentary.qualitative_evidence_save(
        outcome=outcome,
        period=period,
        by=writer,
        kind=QualitativeEvidence.Kind.QUOTE,
        title="A young person on the health visitors",
        text=f"{m.word('CONSENTEDQUOTE')}, said with consent.",
        attributed_to="a young person, 15",
        consent_recorded=True,
        consent_note="Signed form held by the school nurse",
    )
    consented = commentary.qualitative_evidence_submit(evidence=consented, by=writer)
    commentary.qualitative_evidence_approve(evidence=consented, by=lead)
    return {
        "measures": measures,
        "outcome": outcome,
        "unconsented": unconsented,
        "consented": consented,
        "markers": m,
    }


def world_make() -> World:
    alpha = partnership_make(ALPHA)
    beta = partnership_make(BETA)
    private = plan_make(key="alpha-private", measures=4, partnership=ALPHA)
    public = plan_make(key="alpha-public", measures=4, partnership=ALPHA, public=True)
    elsewhere = plan_make(key="beta-private", partnership=BETA)
    organisation_make(POLICE, sector="police")

    superuser = User.objects.create_superuser("root", password="correct horse battery")
    people: dict[str, User | None] = {
        "anonymous": None,
        "no-role": person_make("nobody", partnership=None, organisation=COUNCIL),
        "viewer": person_make("viewer", role=Role.VIEWER, partnership=alpha),
        "contributor": person_make(
            "contributor", role=Role.CONTRIBUTOR, partnership=alpha, organisation=COUNCIL
        ),
        "contributor-other-org": person_make(
            "police", role=Role.CONTRIBUTOR, partnership=alpha, organisation=POLICE
        ),
        "analyst": person_make("analyst", role=Role.ANALYST, partnership=alpha),
        "administrator": person_make("admin", role=Role.ADMINISTRATOR, partnership=alpha),
        "analyst-other-partnership": person_make(
            "elsewhere", role=Role.ANALYST, partnership=beta, organisation="Beta Council"
        ),
        "superuser": superuser,
    }
    # The priorities' lead approves and returns; not a column of the matrix (the columns
    # are the roles), but the one reviewer an analyst is not.
    lead = person_make("lead", role=Role.CONTRIBUTOR, partnership=alpha, organisation=HEALTH)
    for plan in (private, public):
        priority = plan.priorities.get()
        priority.lead_person = Person.objects.get(user=lead)
        priority.save()

    writer = people["contributor"]
    assert writer is not None
    periods = {
        p.key: commentary.reporting_periods_create(plan=p, by=None) for p in (private, public)
    }
    period = periods[private.key][4]  # April to June 2016: the commentary's period
    earlier = periods[private.key][3]  # January to March 2016: its pack is published
    made = {
        private.key: _commentary(private, period, writer, lead),
        public.key: _commentary(public, periods[public.key][4], writer, lead),
    }

    analyst = people["analyst"]
    published = board_pack_request(plan=private, period=earlier, by=analyst)
    published = board_pack_publish(pack=published, by=analyst)
    draft_pack = board_pack_request(plan=private, period=period, by=analyst)

    commitment = Commitment.objects.create(
        plan=private,
        key="family-hubs",
        title="Open family hubs",
        owner_organisation=organisation_make(COUNCIL),
        due=dt.date(2017, 3, 31),
    )
    gone = StrategyLink.objects.create(plan=private, key="old-strategy", title="Old strategy")
    plan_part_delete(by=analyst, plan=private, instance=gone, fields=["title"])
    deleted_pk = 999_999
    try:  # the recycle bin keeps what was deleted, where it exists
        deleted = apps.get_model("plans", "DeletedItem").objects.filter(plan=private).first()
        deleted_pk = deleted.pk if deleted is not None else deleted_pk
    except LookupError:
        pass

    body = body_make("board", partnership=alpha, name="Children's partnership board")
    meeting = meeting_make(body, dt.date(2016, 7, 14))
    item = governance.agenda_item_add(by=None, meeting=meeting, title="Performance report")
    resolution = governance.resolution_add(by=None, item=item, text="To note the report")
    paper = governance.paper_add(by=None, item=item, title="The pack", board_pack=published)
    upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.7 minutes", "application/pdf")
    file_paper = governance.paper_add(by=None, item=item, title="Minutes", file=upload)
    meeting_make(body, dt.date(2099, 1, 14), status=Meeting.Status.PLANNED)  # the next one
    action = action_make(body, meeting=meeting)
    body_make("beta-board", partnership=beta, name="Beta board")
    from cypp.reports.comparator_groups import comparator_group_create

    comparator_group = comparator_group_create(
        partnership=alpha, name="Alpha's family", member_codes=["E06000051"], by=None
    )

    private_measures = made[private.key]["measures"]
    viewer = people["viewer"]
    assert viewer is not None
    values: dict[str, Any] = {
        # the defaults, by the URL parameter's name
        "key": private.key,
        "partnership": alpha.key,
        "body": body.key,
        "period": period.key,
        "code": private.partnership.area.code,
        "fmt": "csv",
        "uidb64": urlsafe_base64_encode(b"999999"),
        "token": "not-a-token",
        "user_id": viewer.pk,
        # the objects a row names with @
        "public_plan": public.key,
        "other_plan": elsewhere.key,
        "earlier_period": earlier.key,
        "approved_measure": private_measures[3].pk,
        "draft_measure": private_measures[0].pk,
        "submitted_measure": private_measures[1].pk,
        "outcome": made[private.key]["outcome"].pk,
        "priority": private.priorities.get().pk,
        "commitment": commitment.pk,
        "consented_quote": made[private.key]["consented"].pk,
        "unconsented_quote": made[private.key]["unconsented"].pk,
        "draft_pack": draft_pack.pk,
        "pack_table": next(iter(draft_pack.tables), "none"),
        "published_pack": published.pk,
        "meeting": meeting.pk,
        "item": item.pk,
        "resolution": resolution.pk,
        "paper": paper.pk,  # a board pack as a paper
        "file_paper": file_paper.pk,
        "action": action.pk,
        "deleted_item": deleted_pk,
        "comparator_group": comparator_group.pk,
    }
    values.update(world_imports(analyst))  # the analyst's upload and an import batch
    values.update(world_voice(alpha))  # surveys, an alert, a theme, a reply
    return World(
        people=people,
        values=values,
        plans={"private": private, "public": public, "other": elsewhere},
        markers={k: v["markers"] for k, v in made.items()},
        lead=lead,
        objects={"made": made, "periods": periods},
    )
