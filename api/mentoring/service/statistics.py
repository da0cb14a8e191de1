"""The inferential statistics behind the impact metrics, from SciPy, on small vectors.

Every figure carries its n and names its method; below MIN_N its value is withheld,
so no one reads a trend into two people.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MIN_N = 5
CONFIDENCE = 0.95
WITHHELD = "n below 5"

PAIRED_METHOD = (
    "paired differences (post - pre): mean change with a 95% Student t interval "
    "(scipy.stats.t.interval), paired t test (scipy.stats.ttest_rel), effect size "
    "Cohen's d_z = mean difference / sample sd of the differences (ddof=1)"
)
DIFFERENCE_METHOD = (
    "difference of proportions (mentees - comparison) with Newcombe's hybrid score 95% "
    "interval, built from each group's Wilson interval (scipy.stats.binomtest(...)."
    "proportion_ci(method='wilson'))"
)
PROPORTION_METHOD = "proportion with a 95% Wilson score interval (scipy.stats.binomtest)"


def finite(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def withheld(n: int) -> str | None:
    return WITHHELD if n < MIN_N else None


@dataclass(frozen=True)
class PairedSums:
    """What SQL sums over the pairs, so the pairs themselves need not leave it."""

    n: int
    pre: float
    post: float
    change: float
    change_squared: float
    least_change: float
    most_change: float


def paired_change(pre: Sequence[float], post: Sequence[float]) -> dict[str, Any]:
    """Change from pre to post over the pairs, or only n and the reason when too few."""
    n = len(pre)
    if n < MIN_N:
        return _paired_figure(n)
    before, after = np.asarray(pre, dtype=float), np.asarray(post, dtype=float)
    diff = after - before
    mean, sd = float(diff.mean()), float(diff.std(ddof=1))
    return _paired_figure(n, float(before.mean()), float(after.mean()), mean, sd)


def paired_change_of(sums: PairedSums) -> dict[str, Any]:
    """The same figure from the sums of the pairs and of their (squared) changes."""
    n = sums.n
    if n < MIN_N:
        return _paired_figure(n)
    mean = sums.change / n
    if sums.least_change == sums.most_change:
        sd = 0.0
    else:
        squares = sums.change_squared - sums.change * mean
        sd = math.sqrt(max(squares, 0.0) / (n - 1))
    return _paired_figure(n, sums.pre / n, sums.post / n, mean, sd)


def _paired_figure(
    n: int,
    mean_pre: float | None = None,
    mean_post: float | None = None,
    mean: float | None = None,
    sd: float = 0.0,
) -> dict[str, Any]:
    figure: dict[str, Any] = {
        "n": n,
        "mean_pre": None,
        "mean_post": None,
        "mean_change": None,
        "ci_low": None,
        "ci_high": None,
        "effect_size_dz": None,
        "p_value": None,
        "method": PAIRED_METHOD,
        "withheld_reason": withheld(n),
    }
    if n < MIN_N or mean is None:
        return figure
    figure |= {"mean_pre": mean_pre, "mean_post": mean_post, "mean_change": mean}
    if sd == 0:
        # Every pair moved by the same amount: no spread to test or scale against.
        figure["withheld_reason"] = "no variation in the differences"
        figure["ci_low"] = figure["ci_high"] = mean
        return figure
    sem = sd / math.sqrt(n)
    from scipy import stats  # only when a figure is computed: it adds a second to start-up

    low, high = stats.t.interval(CONFIDENCE, n - 1, loc=mean, scale=sem)
    # What scipy.stats.ttest_rel computes from the same mean and spread.
    p_value = 2 * stats.t.sf(abs(mean / sem), n - 1)
    figure |= {
        "ci_low": finite(low),
        "ci_high": finite(high),
        "effect_size_dz": mean / sd,
        "p_value": finite(p_value),
    }
    return figure


def wilson(successes: int, n: int) -> tuple[float, float]:
    from scipy import stats  # see above

    ci = stats.binomtest(successes, n).proportion_ci(CONFIDENCE, method="wilson")
    return float(ci.low), float(ci.high)


def proportion(successes: int, n: int) -> dict[str, Any]:
    figure: dict[str, Any] = {
        "n": n,
        "count": None,
        "value": None,
        "ci_low": None,
        "ci_high": None,
        "method": PROPORTION_METHOD,
        "withheld_reason": withheld(n),
    }
    if n < MIN_N:
        return figure
    low, high = wilson(successes, n)
    return figure | {"count": successes, "value": successes / n, "ci_low": low, "ci_high": high}


def difference_of_proportions(
    successes: int, n: int, other_successes: int, other_n: int
) -> dict[str, Any]:
    """Newcombe (1998) method 10: the hybrid score interval for p1 - p2."""
    figure: dict[str, Any] = {
        "n": n,
        "comparison_n": other_n,
        "value": None,
        "ci_low": None,
        "ci_high": None,
        "method": DIFFERENCE_METHOD,
        "withheld_reason": withheld(min(n, other_n)),
    }
    if min(n, other_n) < MIN_N:
        return figure
    p1, p2 = successes / n, other_successes / other_n
    (l1, u1), (l2, u2) = wilson(successes, n), wilson(other_successes, other_n)
    difference = p1 - p2
    return figure | {
        "value": difference,
        "ci_low": difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        "ci_high": difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    }


def counted(value: float | None, n: int, method: str) -> dict[str, Any]:
    """A descriptive figure: its value unless n is too small."""
    reason = withheld(n)
    return {
        "n": n,
        "value": None if reason or value is None else value,
        "method": method,
        "withheld_reason": reason,
    }
