"""The ``Estimate``: a value with its confidence interval and how it was made.

One result type for proportions, rates and standardised rates keeps every page,
board pack and export reading the same four fields, and keeps the method and
any reason for a missing value next to the number they explain.
"""

from __future__ import annotations

from dataclasses import dataclass

from cypp.stats._types import Floats, Strings


@dataclass(frozen=True, slots=True)
class Estimate:
    """A value with lower and upper confidence limits.

    Fields are numpy arrays of the input's shape, or numpy scalars (which are
    ``float``/``str``) when every input was a scalar.

    Attributes:
        value: the point estimate (already multiplied, e.g. per 100,000).
        lower: the lower confidence limit, NaN when there is none.
        upper: the upper confidence limit, NaN when there is none.
        method: the interval method per element ("Wilson", "Byars", "Exact", "Dobson").
        confidence: the confidence level of the limits, e.g. 0.95.
        reason: why a value or limit is missing ("" when nothing is missing).
    """

    value: Floats
    lower: Floats
    upper: Floats
    method: Strings
    confidence: float
    reason: Strings = ""
