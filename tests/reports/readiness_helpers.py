"""The demo as `cypp demo load` leaves it, for the readiness tests: the demo plans, people,
governance and commentary (its 4 commentaries on herefordshire-2015-2018)."""

from __future__ import annotations

from cypp.commentary.demo import demo_commentary_load
from cypp.commentary.models import ReportingPeriod
from cypp.commentary.selectors import period_get
from cypp.demo.loader import demo_people_load, demo_plans_load
from cypp.governance.demo import demo_governance_load
from cypp.plans.models import Plan
from cypp.plans.selectors import plan_get
from tests.conftest import ROOT

DEMO_PLAN = "herefordshire-2015-2018"
DEMO_PERIOD = "2018-q1"

# What the demo fixture says about January to March 2018 (cypp.commentary.demo and
# cypp.governance.demo), counted by hand, not by the code under test.
MEASURES = 31
# 2018-q1: gld returned, mmr approved, initiation submitted; no other commentary.
SUBMITTED = ["Breastfeeding initiation"]
RETURNED = [
    "Children reaching a good level of development at the end of the Early Years Foundation Stage"
]
APPROVED = 1
NOT_STARTED = MEASURES - len(SUBMITTED) - len(RETURNED) - APPROVED  # 28
# The data-sharing report to the health and wellbeing board, due 30 September 2016 and
# never done: the one action overdue at 31 March 2018.
OVERDUE_ACTION = "Report on the barriers to information and data sharing between agencies"
# The funded early education take-up series in the demo data start with the academic year
# ending August 2018: no figure for a period ended by 31 March 2018.
NO_FIGURE_YET = [
    "Two-year-olds benefiting from funded early education",
    "Three- and four-year-olds benefiting from funded early education",
]


def demo_loaded() -> tuple[Plan, ReportingPeriod]:
    quiet = lambda _message: None  # noqa: E731
    demo_plans_load(plans_dir=ROOT / "demo" / "plans", say=quiet)
    demo_people_load(say=quiet)
    demo_governance_load(say=quiet)
    demo_commentary_load(say=quiet)
    plan = plan_get(key=DEMO_PLAN)
    return plan, period_get(plan=plan, key=DEMO_PERIOD)
