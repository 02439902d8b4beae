"""CYPP statistics core: the published methods of England's indicator tools.

Pure Python (numpy and scipy): no Django and no other CYPP package, so it can
be used on its own from a notebook::

    from cypp.stats import rate, compare
    est = rate(950, 146136, multiplier=10_000)
    compare(est.value, est.lower, est.upper, benchmark=75.0, polarity="low")

Every function takes scalars or numpy arrays, names its level ``confidence``
(0.95, 0.998...), takes polarity "high", "low" or "none", raises
``ValueError`` for impossible input, and cites its source.  Methods and the
figures the tests pin are described in docs/methods.md.
"""

from cypp.stats.comparison import compare, compare_two_level
from cypp.stats.direction import DirectionOfTravel, direction_of_travel
from cypp.stats.disclosure import (
    LOW,
    LOW_LEGACY,
    NOT_APPLICABLE,
    SUPPRESSED,
    UNAVAILABLE,
    Disclosure,
    publish,
    round_to_base,
    suppress,
    suppress_table,
)
from cypp.stats.disclosure_audit import DisclosureAudit, disclosure_audit
from cypp.stats.estimate import Estimate
from cypp.stats.intervals import byars, dsr, exact_poisson, proportion, rate, wilson
from cypp.stats.rag import RagRating, RagRules, rag
from cypp.stats.ranking import quantile_group, quartile_band, quartiles, rank
from cypp.stats.targets import TargetStatus, compare_to_goal, decimal_year, target_status
from cypp.stats.trends import RecentTrend, chi_squared_trend, recent_trend

__all__ = [
    "LOW",
    "LOW_LEGACY",
    "NOT_APPLICABLE",
    "SUPPRESSED",
    "UNAVAILABLE",
    "DirectionOfTravel",
    "Disclosure",
    "DisclosureAudit",
    "Estimate",
    "RagRating",
    "RagRules",
    "RecentTrend",
    "TargetStatus",
    "byars",
    "chi_squared_trend",
    "compare",
    "compare_to_goal",
    "compare_two_level",
    "decimal_year",
    "direction_of_travel",
    "disclosure_audit",
    "dsr",
    "exact_poisson",
    "proportion",
    "publish",
    "quantile_group",
    "quartile_band",
    "quartiles",
    "rag",
    "rank",
    "rate",
    "recent_trend",
    "round_to_base",
    "suppress",
    "suppress_table",
    "target_status",
    "wilson",
]
