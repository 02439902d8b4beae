"""Shared types and input checks for the statistics core.

Every public function takes scalars or numpy arrays and gives back the same
shape, so the checks live here once: turning input into float arrays, checking
the confidence level and the polarity, and handing back a numpy scalar (which
is a Python ``float``/``str``) when the caller passed a scalar.  Bad input is a
``ValueError`` with a sentence a person can act on, never an ``assert``.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, cast

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
StrArray: TypeAlias = npt.NDArray[np.str_]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
ArrayLike: TypeAlias = npt.ArrayLike

#: What a result field holds: a numpy array, or a numpy scalar (a ``float``
#: subclass) when every input was a scalar.
Floats: TypeAlias = FloatArray | float
Strings: TypeAlias = StrArray | str

Polarity: TypeAlias = Literal["high", "low", "none"]
POLARITIES: tuple[Polarity, ...] = ("high", "low", "none")


def as_float_array(x: ArrayLike, name: str) -> FloatArray:
    """Return ``x`` as a float64 array, with a clear message when it is not numeric."""
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers (a scalar or an array), got {x!r}") from error


def check_confidence(confidence: float) -> float:
    """Check a confidence level such as 0.95 or 0.998.

    Levels below 0.5 are refused because they are almost always an alpha
    (0.05) typed in the wrong place; levels of 1 or more are refused because
    they are percentages (95) or an interval of infinite width.
    """
    try:
        level = float(confidence)
    except (TypeError, ValueError) as error:
        raise ValueError(f"confidence must be a number like 0.95, got {confidence!r}") from error
    if not (0.5 <= level < 1.0):
        raise ValueError(
            f"confidence must be a level between 0.5 and 1 such as 0.95 or 0.998 "
            f"(not an alpha like 0.05 and not a percentage like 95), got {confidence!r}"
        )
    return level


def check_polarity(polarity: str) -> Polarity:
    """Check polarity: "high" (high is good), "low" (low is good) or "none"."""
    if not isinstance(polarity, str) or polarity.strip().lower() not in POLARITIES:
        raise ValueError(
            'polarity must be "high" (high is good), "low" (low is good) or "none" '
            f"(no judgement), got {polarity!r}"
        )
    return cast(Polarity, polarity.strip().lower())


def check_non_negative(x: FloatArray, name: str) -> None:
    """Refuse negative values (NaN is allowed: it means missing)."""
    if np.any(x < 0):
        raise ValueError(f"{name} must not be negative (found {np.nanmin(x):g})")


def check_positive(x: FloatArray, name: str) -> None:
    """Refuse zero or negative values (NaN is allowed: it means missing)."""
    if np.any(x <= 0):
        raise ValueError(f"{name} must be greater than zero (found {np.nanmin(x):g})")


def is_scalar_input(*xs: Any) -> bool:
    """True when every argument is a scalar, so results should be scalars too."""
    return all(np.ndim(x) == 0 for x in xs)


def out(x: npt.NDArray[Any], scalar: bool) -> Any:
    """Return a numpy scalar for scalar input, the array otherwise."""
    return x[()] if scalar else x
